/**
 * Statistics of hotline work orders, in the style of tally.ts: the timeline events of one change of an order turned
 * into counter increments of the order's district on the Asia/Shanghai day of each event.
 *
 * Events counted (action → columns):
 *   record                       wacc, wc_<class>, and wdir (answered on the spot) | wcb (call-back) | wtr | wmg (merged)
 *   answer / transfer (from a call-back)   wdir | wtr (an order is answered by the centre or transferred once)
 *   record / transfer / reassign / reopen  wdisp + detail.dispatched (assignments dispatched)
 *   return                       wret
 *   reply                        wrep, wok | wlate, wd_<dept>, wdok_<dept> when on time
 *   visit / record / answer with a satisfaction level   wv_<level>
 *   reopen                       wro;   escalate: wesc
 * hotlineFigures turns the sums of these columns (and the day rows) into the `hotline` figures of the 统计 page.
 */
import type { TimelineEvent } from './events.js';
import { TALLY_LEVELS, type TallyLevel, type TallyRow } from './tally.js';
import { shanghaiDate } from './time.js';
import type { WorkOrder } from './workOrder.js';

const DISPOSITION_COLUMNS: Readonly<Record<string, string>> = { answer: 'wdir', callback: 'wcb', transfer: 'wtr', merge: 'wmg' };
const LEVELS: readonly string[] = TALLY_LEVELS;
const isLevel = (v: unknown): v is TallyLevel => typeof v === 'string' && LEVELS.includes(v);
const departmentColumn = (department: string): string => department.replaceAll('-', '_');

export function tallyOrderEvents(order: WorkOrder, events: readonly TimelineEvent[]): TallyRow[] {
  const rows = new Map<string, TallyRow>();
  const add = (day: string, column: string, n = 1) => {
    if (n === 0) return;
    const row = rows.get(day) ?? { district: order.district, day, counts: {} };
    row.counts[column] = (row.counts[column] ?? 0) + n;
    rows.set(day, row);
  };
  for (const e of events) {
    const day = shanghaiDate(e.at).replaceAll('-', '');
    const d = e.detail;
    if (typeof d.dispatched === 'number' && ['record', 'transfer', 'reassign', 'reopen'].includes(e.action)) add(day, 'wdisp', d.dispatched);
    if (isLevel(d.level) && ['record', 'answer', 'visit'].includes(e.action)) add(day, `wv_${d.level}`);
    switch (e.action) {
      case 'record': {
        add(day, 'wacc');
        add(day, `wc_${typeof d.classId === 'string' ? d.classId : order.classId}`);
        const column = typeof d.disposition === 'string' ? DISPOSITION_COLUMNS[d.disposition] : undefined;
        if (column) add(day, column);
        break;
      }
      case 'answer': add(day, 'wdir'); break;
      case 'transfer': add(day, 'wtr'); break;
      case 'return': add(day, 'wret'); break;
      case 'reply': {
        const dep = typeof d.department === 'string' ? departmentColumn(d.department) : null;
        add(day, 'wrep');
        add(day, d.onTime === true ? 'wok' : 'wlate');
        if (dep) {
          add(day, `wd_${dep}`);
          if (d.onTime === true) add(day, `wdok_${dep}`);
        }
        break;
      }
      case 'reopen': add(day, 'wro'); break;
      case 'escalate': add(day, 'wesc'); break;
      default: break;
    }
  }
  return [...rows.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

const rate = (n: number, of: number): number | null => (of > 0 ? n / of : null);

/** The `hotline` figures of GET /api/stats from the summed columns of a range and its day rows. */
export function hotlineFigures(
  sum: Record<string, number>,
  classNames: ReadonlyMap<string, string>,
  daily: { day: string; counts: Record<string, number> }[],
) {
  const n = (column: string) => sum[column] ?? 0;
  const visits = Object.fromEntries(TALLY_LEVELS.map((l) => [l, n(`wv_${l}`)])) as Record<TallyLevel, number>;
  const rated = TALLY_LEVELS.reduce((s, l) => s + visits[l], 0);
  const byClass = Object.entries(sum)
    .filter(([k, v]) => k.startsWith('wc_') && v > 0)
    .map(([k, count]) => ({ classId: k.slice(3), className: classNames.get(k.slice(3)) ?? k.slice(3), count }))
    .sort((a, b) => b.count - a.count || (a.classId < b.classId ? -1 : 1));
  const days = new Map<string, number>();
  for (const row of daily) {
    const day = /^\d{8}$/.test(row.day) ? `${row.day.slice(0, 4)}-${row.day.slice(4, 6)}-${row.day.slice(6, 8)}` : row.day;
    days.set(day, (days.get(day) ?? 0) + (row.counts.wacc ?? 0));
  }
  return {
    orders: n('wacc'),
    direct: n('wdir'),
    transferred: n('wtr'),
    merged: n('wmg'),
    returned: n('wret'),
    returnRate: rate(n('wret'), n('wdisp')),
    replied: n('wrep'),
    onTime: n('wok'),
    onTimeRate: rate(n('wok'), n('wrep')),
    visits,
    satisfaction: rate(visits.verySatisfied + visits.satisfied + visits.basic, rated),
    reopened: n('wro'),
    byClass,
    daily: [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, orders]) => ({ day, orders })),
  };
}
