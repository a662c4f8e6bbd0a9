/**
 * 时限 (clock): a sub-task's working-day time limit. It starts at 签收 (or at release, per item),
 * the start day not counted; 退回补正 and 中止 (检验, 鉴定, 听证…) pause it — the days after the
 * pause began up to and including the day it ended are not counted (counting restarts the day
 * after the material comes back); 延期 adds days once. Warning and overdue use per-item thresholds.
 */
import { addWorkingDays, countWorkingDays, type DueDate, type ExcludedSpan, type WorkCalendar } from './calendar.js';
import { type CalendarDate, type Instant, shanghaiDate } from './time.js';

export type PauseReason = 'correction' | 'suspension';

interface Pause {
  reason: PauseReason;
  from: CalendarDate;
  until: CalendarDate | null;
  fromAt: Instant;
  untilAt: Instant | null;
}

export interface Clock {
  /** 承诺时限 in working days. */
  limitDays: number;
  /** Working days added by the one approved extension (0 if none). */
  extensionDays: number;
  startedOn: CalendarDate | null;
  startedAt: Instant | null;
  pauses: Pause[];
}

export type ClockLevel = 'normal' | 'warning' | 'overdue';

export interface ClockStatus {
  state: 'notStarted' | 'running' | 'paused';
  level: ClockLevel;
  /** Working days used so far. */
  elapsedDays: number;
  /** Working days left (negative once overdue). */
  remainingDays: number;
  /** Deadline; null before the start and while paused. */
  due: DueDate | null;
  /** True when `due` or today lies past the last published holiday notice. */
  provisional: boolean;
}

export function newClock(limitDays: number): Clock {
  return { limitDays, extensionDays: 0, startedOn: null, startedAt: null, pauses: [] };
}

/** Start the clock; a clock already started keeps its start (a re-claim after a hand-off). */
export function startClock(clock: Clock, now: Instant): Clock {
  if (clock.startedOn !== null) return clock;
  return { ...clock, startedOn: shanghaiDate(now), startedAt: now };
}

export function isPaused(clock: Clock): boolean {
  return clock.pauses.some((p) => p.until === null);
}

export function pauseClock(clock: Clock, reason: PauseReason, now: Instant): Clock {
  if (isPaused(clock)) return clock;
  return { ...clock, pauses: [...clock.pauses, { reason, from: shanghaiDate(now), until: null, fromAt: now, untilAt: null }] };
}

export function resumeClock(clock: Clock, now: Instant): Clock {
  return {
    ...clock,
    pauses: clock.pauses.map((p) => (p.until === null ? { ...p, until: shanghaiDate(now), untilAt: now } : p)),
  };
}

export function extendClock(clock: Clock, days: number): Clock {
  return { ...clock, extensionDays: clock.extensionDays + days };
}

export function totalLimit(clock: Clock): number {
  return clock.limitDays + clock.extensionDays;
}

function spans(clock: Clock): ExcludedSpan[] {
  return clock.pauses.map((p) => ({ from: p.from, until: p.until }));
}

/** Deadline of a running clock, or null before the start or while paused. */
export function clockDue(clock: Clock, cal: WorkCalendar): DueDate | null {
  if (clock.startedOn === null) return null;
  return addWorkingDays(cal, clock.startedOn, totalLimit(clock), spans(clock));
}

export function clockStatus(clock: Clock, cal: WorkCalendar, now: Instant, warnRemainingDays: number): ClockStatus {
  const today = shanghaiDate(now);
  if (clock.startedOn === null) {
    return { state: 'notStarted', level: 'normal', elapsedDays: 0, remainingDays: totalLimit(clock), due: null, provisional: false };
  }
  const elapsedDays = countWorkingDays(cal, clock.startedOn, today, spans(clock));
  const remainingDays = totalLimit(clock) - elapsedDays;
  const due = clockDue(clock, cal);
  const pastDue = due !== null && today > due.date;
  const level: ClockLevel =
    remainingDays < 0 || pastDue ? 'overdue' : remainingDays <= warnRemainingDays ? 'warning' : 'normal';
  return {
    state: isPaused(clock) ? 'paused' : 'running',
    level,
    elapsedDays,
    remainingDays,
    due,
    provisional: (due?.provisional ?? false) || cal.isProvisional(today),
  };
}
