/**
 * Instants and calendar dates. The core never reads the clock: callers pass `now` as an ISO-8601
 * instant string (e.g. "2026-03-02T01:30:00.000Z"). Working days are counted on calendar dates
 * ("YYYY-MM-DD") in Asia/Shanghai, which has been UTC+8 without daylight saving since 1991.
 */

/** An ISO-8601 instant with an explicit offset or Z, e.g. 2026-03-02T09:30:00+08:00. */
export type Instant = string;
/** A calendar date "YYYY-MM-DD" (Asia/Shanghai when derived from an instant). */
export type CalendarDate = string;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Hours 00–23, minutes and seconds 00–59; the date part is checked by isCalendarDate. */
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isInstant(value: string): boolean {
  // Date.parse rolls 2026-02-30 over to March; a real instant names a real date and time.
  return INSTANT_RE.test(value) && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

/** True for a real calendar date: 2026-02-29 is false. */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function instantMillis(instant: Instant): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${instant}`);
  return ms;
}

/**
 * The Asia/Shanghai wall-clock time of `ms` since the epoch, "YYYY-MM-DDTHH:mm:ss.sss" without an offset:
 * the one place that adds the UTC+8 offset (slice it for the date, the minute, or append "+08:00").
 */
export function shanghaiWallClock(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, -1);
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Instant): CalendarDate {
  return shanghaiWallClock(instantMillis(instant)).slice(0, 10);
}

/** Normalise an instant to UTC "…Z" form, so stored instants compare as strings. */
export function toUtcInstant(instant: Instant): Instant {
  return new Date(instantMillis(instant)).toISOString();
}

function dateMillis(date: CalendarDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(dateMillis(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((dateMillis(b) - dateMillis(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: CalendarDate): number {
  return new Date(dateMillis(date)).getUTCDay();
}

/** A date as a sortable integer 20260302, used as the `due` column of queues. */
export function dateToInt(date: CalendarDate): number {
  return Number(date.replaceAll('-', ''));
}

export function intToDate(value: number): CalendarDate {
  const s = String(value).padStart(8, '0');
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
