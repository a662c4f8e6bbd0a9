/**
 * 统计 · 81812345 热线工单 (DESIGN: Hotline): the orders' figures of the same period and scope — tiles, the daily
 * volume, the classes by volume and the 回访 levels — each with its table and CSV, from GET /api/stats `hotline`.
 */
import type { ComponentChildren } from 'preact';
import { shift } from './period';
import { HBars, LEVELS, VolumeChart } from './charts';
import { pct } from './format';
import type { TableData } from './tables';
import type { Tile } from './tiles';
import type { ExportTable, Stats } from './types';

type Hotline = NonNullable<Stats['hotline']>;

export function hotlineEmpty(h: Hotline | undefined): boolean {
  return !h || h.orders === 0;
}

export function hotlineTiles(h: Hotline): Tile[] {
  return [
    ['热线工单', String(h.orders), ''],
    ['直接答复', String(h.direct), ''],
    ['转办', String(h.transferred), ''],
    ['按时答复率', pct(h.onTimeRate), h.onTimeRate !== null && h.onTimeRate >= 0.95 ? 'green' : h.onTimeRate !== null && h.onTimeRate < 0.8 ? 'red' : ''],
    ['退单率', pct(h.returnRate), h.returnRate !== null && h.returnRate > 0.1 ? 'red' : ''],
    ['回访满意率', pct(h.satisfaction), h.satisfaction !== null && h.satisfaction >= 0.95 ? 'green' : ''],
  ];
}

/** Every day of the period, the days without orders as 0 (the server lists days that have rows). */
function dailySeries(h: Hotline, from: string, to: string): Stats['series'] {
  const byDay = new Map(h.daily.map((d) => [d.day, d.orders]));
  const out: Stats['series'] = [];
  for (let d = from; d <= to && out.length < 400; d = shift(d, 1)) {
    out.push({ period: d, label: Number(d.slice(5, 7)) + '月' + Number(d.slice(8, 10)) + '日', accepted: byDay.get(d) || 0, completed: 0 });
  }
  return out;
}

function hotlineDailyTable(h: Hotline, from: string, to: string): TableData {
  return { head: ['日期', '工单量'], rows: dailySeries(h, from, to).map((p) => [p.label, p.accepted]) };
}

function hotlineClassTable(h: Hotline): TableData {
  return { head: ['诉求分类', '工单量', '占比'], rows: h.byClass.map((c) => [c.className, c.count, pct(h.orders ? c.count / h.orders : null)]) };
}

function hotlineSummaryTable(h: Hotline): TableData {
  const rated = LEVELS.reduce((n, l) => n + h.visits[l.key], 0);
  return {
    head: ['指标', '件数', '比率'],
    rows: [
      ['热线工单', h.orders, ''],
      ['直接答复', h.direct, pct(h.orders ? h.direct / h.orders : null)],
      ['转办', h.transferred, pct(h.orders ? h.transferred / h.orders : null)],
      ['并单', h.merged, pct(h.orders ? h.merged / h.orders : null)],
      ['退单', h.returned, pct(h.returnRate)],
      ['按时答复', h.onTime + ' / ' + h.replied, pct(h.onTimeRate)],
      ...LEVELS.map((l) => ['回访' + l.label, h.visits[l.key], pct(rated ? h.visits[l.key] / rated : null)]),
      ['回访满意率', rated, pct(h.satisfaction)],
      ['重办', h.reopened, ''],
    ],
  };
}

function HotlineDailyChart(props: { h: Hotline; from: string; to: string }) {
  return <VolumeChart series={dailySeries(props.h, props.from, props.to)} only="热线工单" testid="chart-hotline-daily" />;
}

function HotlineClassChart(props: { h: Hotline; top: number }) {
  const rows = props.h.byClass.slice(0, props.top);
  const max = Math.max(1, rows.length ? rows[0].count : 1);
  return (
    <div>
      <HBars
        testid="chart-hotline-classes"
        label="热线工单分类"
        rows={rows.map((c) => ({
          key: c.classId,
          label: c.className,
          note: c.count + ' 件 · ' + pct(props.h.orders ? c.count / props.h.orders : null),
          value: c.count / max,
          color: '#0089ff',
        }))}
      />
      {props.h.byClass.length > rows.length ? <div class="lb-st-note">{'另有 ' + (props.h.byClass.length - rows.length) + ' 类，见表格'}</div> : null}
    </div>
  );
}

/** The hotline cards, drawn by the page's ChartCard (`card`). */
export function hotlineCards(
  h: Hotline,
  from: string,
  to: string,
  card: (title: string, testid: string, table: TableData, exportAs: ExportTable, chart?: ComponentChildren) => ComponentChildren,
): ComponentChildren {
  return [
    card('热线工单每日受理', 'stats-hotline-daily', hotlineDailyTable(h, from, to), 'hotlineDaily', <HotlineDailyChart h={h} from={from} to={to} />),
    card('热线工单分类（前 8 类）', 'stats-hotline-classes', hotlineClassTable(h), 'hotlineClasses', <HotlineClassChart h={h} top={8} />),
    card('热线工单办理与回访', 'stats-hotline-summary', hotlineSummaryTable(h), 'hotlineSummary'),
  ];
}

