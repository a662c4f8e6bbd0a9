/**
 * The 统计 page's figures from summed tally rows (core tally.ts; DESIGN: Statistics): the query (district, range,
 * granularity), the periods of a series, and the sums by dimension — pure, ids only (the service adds names).
 *   按时办结率 onTime ÷ (onTime + late) of the cases that ended 办结/终结 in the range (null when none)
 *   avg / p90 working days per item: sub-tasks done in the range, from their clock's start (pauses excluded);
 *     p90 is the nearest rank (the smallest d with at least 90 % of them ≤ d; ≥ 60 days share one bucket)
 *   满意率 (very + satisfied + basic) ÷ rated; 差评整改率 closures ÷ 差评, both of the events in the range
 */
import { domainError, type DomainError, type Issue } from './errors.js';
import { HISTOGRAM_MAX_DAYS, TALLY_LEVELS, type TallyLevel, departmentOfColumn } from './tally.js';
import { addDays, daysBetween, isCalendarDate, weekday } from './time.js';

export type Granularity = 'day' | 'week' | 'month';

export interface StatsQuery {
  district: string;
  from: string;
  to: string;
  granularity: Granularity;
}

/** The longest range a page may ask for, in days (inclusive). */
const MAX_RANGE_DAYS = 366;

/** The query as given (strings or absent), checked: the last 30 days ending `today`, by day, by default. */
export function parseStatsQuery(q: Record<string, string | undefined>, defaultDistrict: string, today: string): StatsQuery | DomainError {
  const issues: Issue[] = [];
  const district = q.district ?? defaultDistrict;
  if (!/^\d{6}$/.test(district)) issues.push({ field: 'district', code: 'FORMAT', message: '区县代码应为6位数字' });
  const to = q.to ?? today;
  const from = q.from ?? addDays(isCalendarDate(to) ? to : today, -29);
  for (const [field, v] of [['from', from], ['to', to]] as const) {
    if (!isCalendarDate(v)) issues.push({ field, code: 'BAD_DATE', message: '日期格式应为 YYYY-MM-DD' });
  }
  const granularity = q.granularity ?? 'day';
  if (granularity !== 'day' && granularity !== 'week' && granularity !== 'month') {
    issues.push({ field: 'granularity', code: 'NOT_AN_OPTION', message: '统计粒度应为 day、week 或 month' });
  }
  if (issues.length === 0) {
    if (from > to) issues.push({ field: 'from', code: 'BAD_DATE', message: '开始日期不能晚于结束日期' });
    else if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) issues.push({ field: 'to', code: 'BAD_DATE', message: `统计区间不能超过${MAX_RANGE_DAYS}天` });
  }
  if (issues.length) return domainError('VALIDATION_FAILED', issues[0].message, issues);
  return { district, from, to, granularity: granularity as Granularity };
}

/** ISO 8601 week of a date: 'YYYY-Www'. */
function isoWeek(date: string): string {
  const thursday = addDays(date, 3 - ((weekday(date) + 6) % 7));
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function periodOf(date: string, g: Granularity): string {
  return g === 'day' ? date : g === 'month' ? date.slice(0, 7) : isoWeek(date);
}

export function periodLabel(period: string, g: Granularity): string {
  if (g === 'day') return `${Number(period.slice(5, 7))}月${Number(period.slice(8, 10))}日`;
  if (g === 'month') return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
  return `${period.slice(0, 4)}年第${Number(period.slice(6))}周`;
}

/** Every period from `from` to `to`, in order. */
export function periodsOf(from: string, to: string, g: Granularity): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const p = periodOf(d, g);
    if (out[out.length - 1] !== p) out.push(p);
  }
  return out;
}

interface CaseFigures {
  accepted: number;
  completed: number;
  onTime: number;
  late: number;
}

interface ItemSums {
  done: number;
  days: number;
  histogram: number[];
}

export interface Summary {
  totals: CaseFigures & { withdrawn: number };
  series: Map<string, { accepted: number; completed: number }>;
  byBundle: Map<string, CaseFigures>;
  byDepartment: Map<string, { done: number; onTime: number; late: number }>;
  byServicePoint: Map<string, number>;
  byChannel: { window: number; agent: number };
  /** key `<bundleId>_<itemId>`. */
  items: Map<string, ItemSums>;
  ratings: Record<TallyLevel, number>;
  rectifications: { opened: number; closed: number; closedOnTime: number; appealUpheld: number };
}

const caseFigures = (): CaseFigures => ({ accepted: 0, completed: 0, onTime: 0, late: 0 });

function entry<V>(m: Map<string, V>, k: string, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) {
    v = make();
    m.set(k, v);
  }
  return v;
}

/** Sums day rows (day yyyymmdd, counters by column) into the page's figures. */
export function summarize(rows: readonly { day: string; counts: Readonly<Record<string, number>> }[], g: Granularity): Summary {
  const s: Summary = {
    totals: { ...caseFigures(), withdrawn: 0 }, series: new Map(), byBundle: new Map(), byDepartment: new Map(), byServicePoint: new Map(),
    byChannel: { window: 0, agent: 0 }, items: new Map(),
    ratings: Object.fromEntries(TALLY_LEVELS.map((l) => [l, 0])) as Record<TallyLevel, number>,
    rectifications: { opened: 0, closed: 0, closedOnTime: 0, appealUpheld: 0 },
  };
  for (const row of rows) {
    const date = `${row.day.slice(0, 4)}-${row.day.slice(4, 6)}-${row.day.slice(6, 8)}`;
    const point = entry(s.series, periodOf(date, g), () => ({ accepted: 0, completed: 0 }));
    for (const [column, n] of Object.entries(row.counts)) {
      const cut = column.indexOf('_');
      const head = cut < 0 ? column : column.slice(0, cut);
      const id = cut < 0 ? '' : column.slice(cut + 1);
      const hist = /^ih(\d+)$/.exec(head);
      if (hist) {
        const it = entry(s.items, id, () => ({ done: 0, days: 0, histogram: [] }));
        const d = Math.min(Number(hist[1]), HISTOGRAM_MAX_DAYS);
        it.histogram[d] = (it.histogram[d] ?? 0) + n;
        continue;
      }
      switch (head) {
        case 'acc': s.totals.accepted += n; point.accepted += n; break;
        case 'cc': case 'cx': s.totals.completed += n; point.completed += n; break;
        case 'cw': s.totals.withdrawn += n; break;
        case 'cok': s.totals.onTime += n; break;
        case 'clate': s.totals.late += n; break;
        case 'ab': entry(s.byBundle, id, caseFigures).accepted += n; break;
        case 'cb': entry(s.byBundle, id, caseFigures).completed += n; break;
        case 'cbok': entry(s.byBundle, id, caseFigures).onTime += n; break;
        case 'cblate': entry(s.byBundle, id, caseFigures).late += n; break;
        case 'ap': s.byServicePoint.set(departmentOfColumn(id), (s.byServicePoint.get(departmentOfColumn(id)) ?? 0) + n); break;
        case 'ach': if (id === 'window' || id === 'agent') s.byChannel[id] += n; break;
        case 'dn': entry(s.byDepartment, departmentOfColumn(id), () => ({ done: 0, onTime: 0, late: 0 })).done += n; break;
        case 'dok': entry(s.byDepartment, departmentOfColumn(id), () => ({ done: 0, onTime: 0, late: 0 })).onTime += n; break;
        case 'dlate': entry(s.byDepartment, departmentOfColumn(id), () => ({ done: 0, onTime: 0, late: 0 })).late += n; break;
        case 'in': entry(s.items, id, () => ({ done: 0, days: 0, histogram: [] })).done += n; break;
        case 'is': entry(s.items, id, () => ({ done: 0, days: 0, histogram: [] })).days += n; break;
        case 'r': if ((TALLY_LEVELS as readonly string[]).includes(id)) s.ratings[id as TallyLevel] += n; break;
        case 'ro': s.rectifications.opened += n; break;
        case 'rcl': s.rectifications.closed += n; break;
        case 'rcok': s.rectifications.closedOnTime += n; break;
        case 'rcup': s.rectifications.appealUpheld += n; break;
        default: break;
      }
    }
  }
  return s;
}

/** a ÷ b, null when b is 0. */
export const rate = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Average (one decimal) and nearest-rank 90th percentile of an item's working days. */
export function itemDays(it: { done: number; days: number; histogram: readonly (number | undefined)[] }): { avgDays: number; p90Days: number } {
  const total = it.histogram.reduce<number>((a, n) => a + (n ?? 0), 0);
  const rank = Math.ceil(0.9 * total);
  let seen = 0;
  let p90 = 0;
  for (let d = 0; d < it.histogram.length; d++) {
    seen += it.histogram[d] ?? 0;
    if (seen >= rank) {
      p90 = d;
      break;
    }
  }
  return { avgDays: it.done > 0 ? Math.round((it.days / it.done) * 10) / 10 : 0, p90Days: p90 };
}
