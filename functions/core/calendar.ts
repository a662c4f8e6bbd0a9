/**
 * Working-day calendar (工作日历). The State Council's yearly holiday notice (国办发明电, incl.
 * make-up workdays 调休上班) is seeded from the `chinese-days` package data; admins add a local
 * overlay (少数民族节日, office closures, local 调休, or a new year's notice before the package
 * publishes it). Dates are Asia/Shanghai calendar dates "YYYY-MM-DD".
 *
 * Counting rule (行政许可法 Art.82, 民法典 Art.201): the start day (受理日) is not counted; the
 * period ends on the N-th working day after it. A year whose notice is not entered (neither in the
 * package data nor in the overlay's `publishedYears`) silently looks like Mon–Fri weeks, so its dates
 * are provisional — also when a later year's notice was entered — and so is a due date whose count
 * passes through such a year.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addDays, type CalendarDate, isCalendarDate, weekday } from './time.js';

/** Official days off and make-up workdays, keyed by date (value = description). */
export interface HolidayBase {
  holidays: Readonly<Record<CalendarDate, string>>;
  workdays: Readonly<Record<CalendarDate, string>>;
}

interface OverlayDay {
  date: CalendarDate;
  /** e.g. "畲族三月三" or "办公场所搬迁闭厅". */
  name: string;
}

/** The admin-edited local overlay (stored in the directory as kind "calendar"). */
export interface CalendarOverlay {
  /** Extra days off. */
  holidays: OverlayDay[];
  /** Extra working days (a weekend or base holiday made a workday). */
  workdays: OverlayDay[];
  /** Years whose notice an admin entered in full here; their dates are no longer provisional. */
  publishedYears?: number[];
  /** Changes whenever an admin edits the overlay; stored with computed due dates. */
  version?: string;
}

type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday';

export interface WorkCalendar {
  dayKind(date: CalendarDate): DayKind;
  isWorkday(date: CalendarDate): boolean;
  /** Whether the date's year has no holiday notice entered (its days off are unknown). */
  isProvisional(date: CalendarDate): boolean;
  /**
   * Last day of the unbroken run of years with a notice that starts at the first such year: every
   * later date is, or is counted through, a year without one. Dates up to it are not provisional.
   */
  readonly knownUntil: CalendarDate;
  /** Identifies base data + overlay, for recomputation when either changes. */
  readonly version: string;
}

/** A span of days that does not count: days d with from < d ≤ until (until null = still open). */
export interface ExcludedSpan {
  from: CalendarDate;
  until: CalendarDate | null;
}

export interface DueDate {
  date: CalendarDate;
  /** True when a day counted to reach the date (or, for 0 days, the date itself) lies in a year without a notice. */
  provisional: boolean;
}

/** chinese-days 1.5.7 data: holidays and 调休 workdays 2004–2026. */
const chineseDaysBase: HolidayBase = {
  holidays: chineseDays.holidays,
  workdays: chineseDays.workdays,
};

const MAX_SCAN_DAYS = 366 * 20;

function lastYear(base: HolidayBase): number {
  let max = 0;
  for (const date of Object.keys(base.holidays)) max = Math.max(max, Number(date.slice(0, 4)));
  return max;
}

/** Years with a notice: those the base data has holidays in, and those an admin entered. */
function noticeYears(base: HolidayBase, published: readonly number[]): Set<number> {
  const years = new Set<number>(published.filter((y) => Number.isInteger(y)));
  for (const date of Object.keys(base.holidays)) years.add(Number(date.slice(0, 4)));
  return years;
}

/** Dec 31 of the last year of the unbroken run that starts at the first known year ('0000-12-31' when none). */
function endOfKnownRun(years: ReadonlySet<number>): CalendarDate {
  if (years.size === 0) return '0000-12-31';
  let year = Math.min(...years);
  while (years.has(year + 1)) year++;
  return `${String(year).padStart(4, '0')}-12-31`;
}

/** Problems in an overlay (bad dates, a date listed both as a holiday and a workday). */
export function overlayProblems(overlay: CalendarOverlay): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [list, kind] of [[overlay.holidays, 'holiday'], [overlay.workdays, 'workday']] as const) {
    for (const day of list) {
      if (!isCalendarDate(day.date)) problems.push(`日期无效: ${day.date}`);
      else if (seen.has(day.date) && seen.get(day.date) !== kind) problems.push(`同一天既是休息日又是工作日: ${day.date}`);
      else seen.set(day.date, kind);
    }
  }
  return problems;
}

export function createWorkCalendar(overlay?: CalendarOverlay, base: HolidayBase = chineseDaysBase): WorkCalendar {
  const extraHolidays = new Set((overlay?.holidays ?? []).map((d) => d.date));
  const extraWorkdays = new Set((overlay?.workdays ?? []).map((d) => d.date));
  const years = noticeYears(base, overlay?.publishedYears ?? []);
  const knownUntil = endOfKnownRun(years);
  const version = `chinese-days@${lastYear(base)}+${overlay?.version ?? 'none'}`;

  const dayKind = (date: CalendarDate): DayKind => {
    if (extraWorkdays.has(date)) return weekday(date) % 6 === 0 ? 'makeUpWorkday' : 'workday';
    if (extraHolidays.has(date)) return 'holiday';
    if (base.workdays[date] !== undefined) return 'makeUpWorkday';
    if (base.holidays[date] !== undefined) return 'holiday';
    return weekday(date) % 6 === 0 ? 'weekend' : 'workday';
  };
  return {
    dayKind,
    isWorkday: (date) => {
      const kind = dayKind(date);
      return kind === 'workday' || kind === 'makeUpWorkday';
    },
    isProvisional: (date) => !years.has(Number(date.slice(0, 4))),
    knownUntil,
    version,
  };
}

function excluded(date: CalendarDate, spans: readonly ExcludedSpan[]): boolean {
  return spans.some((s) => date > s.from && (s.until === null || date <= s.until));
}

function counts(cal: WorkCalendar, date: CalendarDate, spans: readonly ExcludedSpan[]): boolean {
  return cal.isWorkday(date) && !excluded(date, spans);
}

/** Working days d with start < d ≤ end that are not excluded; 0 when end ≤ start. */
export function countWorkingDays(
  cal: WorkCalendar,
  start: CalendarDate,
  end: CalendarDate,
  spans: readonly ExcludedSpan[] = [],
): number {
  let n = 0;
  let guard = 0;
  for (let d = addDays(start, 1); d <= end; d = addDays(d, 1)) {
    if (++guard > MAX_SCAN_DAYS) throw new RangeError('range too long');
    if (counts(cal, d, spans)) n++;
  }
  return n;
}

/**
 * The N-th counted working day after `start` (start not counted). n = 0 gives `start`.
 * Returns null while an open span (an unfinished pause) blocks counting.
 */
export function addWorkingDays(
  cal: WorkCalendar,
  start: CalendarDate,
  n: number,
  spans: readonly ExcludedSpan[] = [],
): DueDate | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`bad working-day count: ${n}`);
  let d = start;
  let left = n;
  let guard = 0;
  let provisional = n === 0 && cal.isProvisional(start);
  while (left > 0) {
    d = addDays(d, 1);
    if (++guard > MAX_SCAN_DAYS) return null;
    if (spans.some((s) => s.until === null && d > s.from)) return null;
    if (!provisional && cal.isProvisional(d)) provisional = true;
    if (counts(cal, d, spans)) left--;
  }
  return { date: d, provisional };
}

/** The first working day after `date` (e.g. 2026-09-30 → 2026-10-08 across 国庆). */
export function nextWorkingDay(cal: WorkCalendar, date: CalendarDate): CalendarDate {
  const due = addWorkingDays(cal, date, 1);
  if (!due) throw new RangeError('no working day found');
  return due.date;
}
