/**
 * 统计 (`/stats`; supervisors, leaders, auditors — a leader's only tab): GET /api/stats for the period and
 * the district picked, as totals, charts (charts.tsx) and the table behind each (tables.tsx), every table
 * exported as CSV (csv.ts). The city's leader picks 宁波市全市 or a district.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Card } from '../../components/Card';
import { Empty, ErrorState, Loading } from '../../components/State';
import { useLoader } from '../../lib/useLoader';
import { providePage } from '../../router';
import { DepartmentChart, ItemsChart, SatisfactionChart, ServicePointChart, VolumeChart } from './charts';
import { csvFileName, exportCsv } from './csv';
import { pct } from './format';
import { CITY_CODE, DistrictPicker, PeriodPicker, periodRange, shanghaiToday, type PeriodState } from './period';
import { hotlineCards, hotlineEmpty, hotlineTiles } from './hotline';
import { addStatsStyle } from './style';
import { type Tile, Tiles } from './tiles';
import { bundleTable, departmentTable, itemTable, pointTable, satisfactionTable, seriesTable, Table, type TableData } from './tables';
import type { ExportTable, Stats } from './types';

addStatsStyle();

interface ChartCardProps {
  title: string;
  testid: string;
  table: TableData;
  exportAs: ExportTable;
  onExport: (t: ExportTable) => Promise<void>;
  children?: ComponentChildren;
}

/** A chart with its table (图表 / 表格) and 导出 CSV; a card without a chart shows its table. */
function ChartCard(props: ChartCardProps) {
  const [asTable, setAsTable] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await props.onExport(props.exportAs);
    } finally {
      setBusy(false);
    }
  };
  const tools = (
    <div class="lb-st-tools">
      {props.children ? (
        <button type="button" data-testid={props.testid + '-toggle'} aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? '图表' : '表格'}
        </button>
      ) : null}
      <button type="button" data-testid={props.testid + '-csv'} disabled={busy} onClick={run}>
        {busy ? '导出中…' : '导出 CSV'}
      </button>
    </div>
  );
  return (
    <Card title={props.title} extra={tools} testid={props.testid}>
      {asTable || !props.children ? <Table data={props.table} testid={props.testid + '-table'} /> : props.children}
    </Card>
  );
}

function totalTiles(t: Stats['totals']): Tile[] {
  return [
    ['受理', String(t.accepted), ''],
    ['办结', String(t.completed), ''],
    ['按时办结率', pct(t.onTimeRate), t.onTimeRate !== null && t.onTimeRate >= 0.95 ? 'green' : ''],
    ['在办', String(t.inProgress), ''],
    ['超期未办结', String(t.overdueOpen), t.overdueOpen ? 'red' : ''],
    ['撤件', String(t.withdrawn), ''],
  ];
}

function isEmpty(d: Stats): boolean {
  return !d.totals.accepted && !d.totals.completed && !d.totals.inProgress && !d.byDepartment.some((r) => r.done) && !d.satisfaction.rated && hotlineEmpty(d.hotline);
}

export function StatsPage() {
  const { api, platform, staff } = useApp();
  const city = staff.districtCode === CITY_CODE;
  const today = shanghaiToday(Date.now());
  const [period, setPeriod] = useState<PeriodState>({ key: 'last30', granularity: 'day', from: '', to: '' });
  const [district, setDistrict] = useState(staff.districtCode || '');
  const range = periodRange(period, today);
  const query = { district: district || undefined, from: range.from, to: range.to, granularity: period.granularity };
  const { data, error, loading, reload } = useLoader(() => api.get<Stats>('/api/stats', query), [district, range.from, range.to, period.granularity]);
  useEffect(() => {
    const root = document.documentElement;
    root.classList.add('lb-wide');
    return () => root.classList.remove('lb-wide');
  }, []);
  const onExport = async (table: ExportTable) => {
    try {
      await exportCsv(api, platform, table, query, csvFileName(table, data ? data.scope.name : '', range.from, range.to));
    } catch (e) {
      platform.toast((e as Error).message || '导出失败', 'error').catch(() => undefined);
    }
  };
  let body: ComponentChildren;
  if (error && !data) body = <ErrorState message={'统计数据加载失败：' + error} onRetry={reload} />;
  else if (!data) body = <Loading />;
  else if (isEmpty(data)) body = <Empty testid="stats-empty" text="所选时段内暂无办件，换个时段或范围看看" />;
  else {
    const d = data;
    const card = (title: string, testid: string, table: TableData, exportAs: ExportTable, chart?: ComponentChildren) => (
      <ChartCard title={title} testid={testid} table={table} exportAs={exportAs} onExport={onExport}>{chart}</ChartCard>
    );
    const unit = period.granularity === 'day' ? '每日' : period.granularity === 'week' ? '每周' : '每月';
    body = (
      <div data-testid="stats-body">
        <Tiles tiles={totalTiles(d.totals)} testid="stats-totals" />
        <div class="lb-st-grid">
          {card(unit + '受理与办结', 'stats-volume', seriesTable(d), 'series', <VolumeChart series={d.series} />)}
          {card('各部门按时办结率', 'stats-departments', departmentTable(d), 'departments', <DepartmentChart rows={d.byDepartment} city={city} />)}
          {card('各受理点受理占比', 'stats-points', pointTable(d), 'servicePoints', (
            <div>
              <ServicePointChart rows={d.byServicePoint} city={city && d.scope.district === CITY_CODE} />
              <div class="lb-st-channels" data-testid="stats-channels">{'渠道：' + d.byChannel.map((c) => c.label + ' ' + c.accepted + ' 件').join(' · ')}</div>
            </div>
          ))}
          {card('办理最慢的事项', 'stats-items', itemTable(d), 'items', <ItemsChart rows={d.items} top={8} />)}
          {card('好差评', 'stats-satisfaction', satisfactionTable(d), 'satisfaction', d.satisfaction.rated ? <SatisfactionChart s={d.satisfaction} /> : <div class="lb-st-none">所选时段内暂无评价</div>)}
          {card('各一件事', 'stats-bundles', bundleTable(d), 'bundles')}
        </div>
        {d.hotline && !hotlineEmpty(d.hotline) ? (
          <div data-testid="stats-hotline">
            <div class="lb-st-section">81812345 热线工单</div>
            <Tiles tiles={hotlineTiles(d.hotline)} testid="stats-hotline-totals" />
            <div class="lb-st-grid">{hotlineCards(d.hotline, range.from, range.to, card)}</div>
          </div>
        ) : null}
      </div>
    );
  }
  return (
    <div class="lb-page" data-testid="page-stats" data-loading={loading ? 'true' : 'false'}>
      <Card title={data ? data.scope.name + ' · 办件统计' : '办件统计'} testid="stats-head">
        <div class="lb-st-scope">{'统计时段 ' + range.from + ' 至 ' + range.to}</div>
        {city ? <DistrictPicker value={district} districts={data && data.districts} onChange={setDistrict} /> : null}
        <PeriodPicker value={period} today={today} onChange={setPeriod} />
      </Card>
      {error && data ? <ErrorState message={'刷新失败：' + error} onRetry={reload} /> : null}
      {body}
    </div>
  );
}

providePage('/stats', StatsPage);
