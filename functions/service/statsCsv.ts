/**
 * 统计 CSV export (GET /api/stats/export): every table behind a chart of the 统计 page as CSV with Chinese
 * headers — UTF-8 with a BOM (Excel opens it as UTF-8), CRLF lines, RFC 4180 quoting, and a cell that would start
 * a spreadsheet formula (= + - @) prefixed with ' so that opening the file runs nothing.
 */
import type { TallyLevel } from '../core/tally.js';
import type { StatsPage } from './statsOps.js';

const STATS_TABLES = ['series', 'bundles', 'departments', 'servicePoints', 'channels', 'items', 'satisfaction', 'hotlineDaily', 'hotlineClasses', 'hotlineSummary'] as const;
type StatsTable = (typeof STATS_TABLES)[number];

const TABLE_LABELS: Record<StatsTable, string> = {
  series: '受理办结趋势', bundles: '一件事', departments: '部门按时办结', servicePoints: '受理点', channels: '受理渠道', items: '事项用时', satisfaction: '好差评',
  hotlineDaily: '热线工单日受理量', hotlineClasses: '热线工单分类', hotlineSummary: '热线工单办理',
};

const LEVEL_LABELS = { district: '区级大厅', town: '镇（街道）便民服务中心', village: '村（社区）代办点' } as const;

type Cell = string | number | null;

const ratingLevelNames: readonly (readonly [TallyLevel, string])[] = [
  ['verySatisfied', '非常满意'], ['satisfied', '满意'], ['basic', '基本满意'], ['dissatisfied', '不满意'], ['veryDissatisfied', '非常不满意'],
];

const percent = (r: number | null): string => (r === null ? '' : `${(r * 100).toFixed(2)}%`);

function cell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function rowsOf(page: StatsPage, table: StatsTable): Cell[][] {
  switch (table) {
    case 'series':
      return [['时段', '受理量', '办结量'], ...page.series.map((p) => [p.label, p.accepted, p.completed])];
    case 'bundles':
      return [['一件事', '受理量', '办结量', '按时办结', '超期办结', '按时办结率'],
        ...page.byBundle.map((b) => [b.name, b.accepted, b.completed, b.onTime, b.late, percent(b.onTime + b.late > 0 ? b.onTime / (b.onTime + b.late) : null)])];
    case 'departments':
      return [['部门', '区县', '办结事项', '按时办结', '超期办结', '按时办结率'],
        ...page.byDepartment.map((d) => [d.name, d.districtName, d.done, d.onTime, d.late, percent(d.onTimeRate)])];
    case 'servicePoints':
      return [['受理点', '层级', '受理量', '占比'], ...page.byServicePoint.map((p) => [p.name, LEVEL_LABELS[p.level], p.accepted, percent(p.share)])];
    case 'channels':
      return [['受理渠道', '受理量'], ...page.byChannel.map((c) => [c.label, c.accepted])];
    case 'items':
      return [['一件事', '事项', '部门类别', '办结数', '平均用时（工作日）', '90%用时（工作日）'],
        ...page.items.map((i) => [page.byBundle.find((b) => b.bundleId === i.bundleId)?.name ?? i.bundleId, i.name, i.departmentKind, i.done, i.avgDays, i.p90Days])];
    case 'hotlineDaily':
      return [['日期', '工单量'], ...page.hotline.daily.map((d) => [d.day, d.orders])];
    case 'hotlineClasses':
      return [['诉求分类', '工单量', '占比'], ...page.hotline.byClass.map((c) => [c.className, c.count, percent(page.hotline.orders > 0 ? c.count / page.hotline.orders : null)])];
    case 'hotlineSummary': {
      const h = page.hotline;
      return [['指标', '数值'],
        ['工单总量', h.orders], ['直接答复', h.direct], ['转办', h.transferred], ['并单', h.merged],
        ['退单', h.returned], ['退单率', percent(h.returnRate)], ['答复', h.replied], ['按时答复', h.onTime], ['按时答复率', percent(h.onTimeRate)],
        ...ratingLevelNames.map(([level, label]) => [`回访${label}`, h.visits[level]] as Cell[]),
        ['回访满意率', percent(h.satisfaction)], ['重办', h.reopened]];
    }
    case 'satisfaction': {
      const s = page.satisfaction;
      return [['指标', '数值'],
        ...ratingLevelNames.map(([level, label]) => [label, s.counts[level]] as Cell[]),
        ['评价总数', s.rated], ['满意率', percent(s.satisfiedRate)], ['差评', s.bad], ['差评已整改', s.badClosed],
        ['按时整改', s.badClosedOnTime], ['差评整改率', percent(s.badClosureRate)]];
    }
  }
}

export const isStatsTable = (v: string | undefined): v is StatsTable => (STATS_TABLES as readonly (string | undefined)[]).includes(v);

/** The CSV of one table of the page, and its file name (Chinese: the scope, the table and the range). */
export function statsCsv(page: StatsPage, table: StatsTable): { filename: string; asciiName: string; body: string } {
  const body = `\uFEFF${rowsOf(page, table).map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
  return {
    filename: `${page.scope.name}-${TABLE_LABELS[table]}-${page.from}至${page.to}.csv`,
    asciiName: `stats-${table}-${page.scope.district}-${page.from}-${page.to}.csv`,
    body,
  };
}
