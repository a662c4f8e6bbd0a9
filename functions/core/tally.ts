/**
 * Statistics tallies (DESIGN: Statistics): the timeline events of one change of a case turned into counter
 * increments, per district and Asia/Shanghai day, plus the district's live 在办 counter. Pure: the store adds
 * them once per change (a per-effect marker in the same conditional write), so every figure of the 统计 page is
 * a sum of rows whose number depends on the date range only.
 *
 * Events counted (action → columns of the day row; district, day):
 *   accept                       acc, ab_<bundle>, ap_<service point>, ach_window | ach_agent; live +1 (accepting district, accept day)
 *   a sub-task reaching done     dn_/dok_/dlate_<department>; in_/is_/ih<days>_<bundle>_<item> (sub-task's district, done day)
 *   complete / close / withdraw  cc | cx | cw; cok | clate and cb_/cbok_/cblate_<bundle> (not withdraw); live −1 (accepting district, end day)
 *   rate                         r_<level> (accepting district, rating day)
 *   openRectification            ro;   closeRectification: rcl, rcok when on time, rcup when an appeal was upheld
 * Column names are ASCII letters, digits and `_`: `<head>` or `<head>_<id>`; bundle and item ids are letters and
 * digits, a department id's `-` is written `_` (department ids never hold `_`).
 */
import type { WorkCalendar } from './calendar.js';
import { type Clock, clockDue } from './clock.js';
import { countWorkingDays } from './calendar.js';
import type { TimelineEvent } from './events.js';
import { shanghaiDate } from './time.js';

export const TALLY_LEVELS = ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied'] as const;
export type TallyLevel = (typeof TALLY_LEVELS)[number];

/** Working days at or above this share the last histogram column (ih60_…). */
export const HISTOGRAM_MAX_DAYS = 60;

/** What a tally needs of the case. */
export interface TallyCase {
  bundleId: string;
  acceptingDistrict: string;
  /** The promise to the applicant (承诺办结日期). */
  due: { date: string };
}

/** What a tally needs of a sub-task (as it is after the change). */
export interface TallySubTask {
  itemId: string;
  district: string;
  department: string;
  clock: Clock;
}

/** Counter increments of one row: the day row of a district, or the district's live counter. */
export interface TallyRow {
  district: string;
  /** yyyymmdd (Asia/Shanghai), or 'live' for the 在办 counter (column n). */
  day: string;
  counts: Record<string, number>;
}

const departmentColumn = (department: string): string => department.replaceAll('-', '_');
export const departmentOfColumn = (part: string): string => part.replaceAll('_', '-');
const itemColumn = (bundleId: string, itemId: string) => `${bundleId}_${itemId}`;

const isLevel = (v: unknown): v is TallyLevel => typeof v === 'string' && (TALLY_LEVELS as readonly string[]).includes(v);

class Rows {
  private readonly rows = new Map<string, TallyRow>();

  add(district: string, day: string, column: string, n = 1): void {
    const k = `${district}:${day}`;
    const row = this.rows.get(k) ?? { district, day, counts: {} };
    row.counts[column] = (row.counts[column] ?? 0) + n;
    this.rows.set(k, row);
  }

  list(): TallyRow[] {
    return [...this.rows.values()]
      .map((r) => ({ ...r, counts: Object.fromEntries(Object.entries(r.counts).filter(([, n]) => n !== 0)) }))
      .filter((r) => Object.keys(r.counts).length > 0)
      .sort((a, b) => (`${a.district}:${a.day}` < `${b.district}:${b.day}` ? -1 : 1));
  }
}

/** The working days a sub-task's clock used from its start to `doneOn` (pauses excluded; 0 when never started). */
export function workingDaysUsed(clock: Clock, doneOn: string, cal: WorkCalendar): number {
  if (clock.startedOn === null) return 0;
  return countWorkingDays(cal, clock.startedOn, doneOn, clock.pauses.map((p) => ({ from: p.from, until: p.until })));
}

/**
 * The increments the events of one change cause. `subTask` looks a sub-task up by item id (its state after the
 * change). Events that count nothing (claims, comments, a delivery recorded after done …) add nothing.
 */
export function tallyEvents(
  events: readonly TimelineEvent[],
  c: TallyCase,
  subTask: (itemId: string) => TallySubTask | undefined,
  cal: WorkCalendar,
): TallyRow[] {
  const rows = new Rows();
  const home = c.acceptingDistrict;
  for (const e of events) {
    const day = shanghaiDate(e.at).replaceAll('-', '');
    const d = e.detail ?? {};
    if (e.itemId !== null && e.to === 'done' && e.from !== 'done') {
      const st = subTask(e.itemId);
      if (!st) continue;
      const on = shanghaiDate(e.at);
      const due = clockDue(st.clock, cal);
      const dep = departmentColumn(st.department);
      const item = itemColumn(c.bundleId, st.itemId);
      const days = workingDaysUsed(st.clock, on, cal);
      rows.add(st.district, day, `dn_${dep}`);
      rows.add(st.district, day, `${due === null || on <= due.date ? 'dok' : 'dlate'}_${dep}`);
      rows.add(st.district, day, `in_${item}`);
      rows.add(st.district, day, `is_${item}`, days);
      rows.add(st.district, day, `ih${Math.min(days, HISTOGRAM_MAX_DAYS)}_${item}`);
      continue;
    }
    if (e.itemId !== null && e.action !== 'rate') continue;
    switch (e.action) {
      case 'accept': {
        if (e.from !== null) break;
        rows.add(home, day, 'acc');
        rows.add(home, day, `ab_${c.bundleId}`);
        if (typeof d.servicePoint === 'string' && d.servicePoint) rows.add(home, day, `ap_${departmentColumn(d.servicePoint)}`);
        rows.add(home, day, d.agent || d.agentStaff ? 'ach_agent' : 'ach_window');
        rows.add(home, 'live', 'n');
        break;
      }
      case 'complete':
      case 'close':
      case 'withdraw': {
        if (e.from !== 'accepted') break;
        rows.add(home, 'live', 'n', -1);
        if (e.action === 'withdraw') {
          rows.add(home, day, 'cw');
          break;
        }
        const late = shanghaiDate(e.at) > c.due.date;
        rows.add(home, day, e.action === 'complete' ? 'cc' : 'cx');
        rows.add(home, day, late ? 'clate' : 'cok');
        rows.add(home, day, `cb_${c.bundleId}`);
        rows.add(home, day, `${late ? 'cblate' : 'cbok'}_${c.bundleId}`);
        break;
      }
      case 'rate':
        if (isLevel(d.level)) rows.add(home, day, `r_${d.level}`);
        break;
      case 'openRectification':
        rows.add(home, day, 'ro');
        break;
      case 'closeRectification':
        rows.add(home, day, 'rcl');
        if (d.onTime === true) rows.add(home, day, 'rcok');
        if (d.outcome === 'appealUpheld') rows.add(home, day, 'rcup');
        break;
      default:
        break;
    }
  }
  return rows.list();
}
