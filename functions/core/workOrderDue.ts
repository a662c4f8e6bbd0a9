/**
 * 办理时限 of the hotline's assignments (派单): when a dispatched assignment is due, and how close it is.
 * Hours are wall-clock hours (the hotline runs 7×24); working days follow the core calendar (the dispatch day is
 * not counted) and end at 23:59:59 Asia/Shanghai of the due working day. An urgent order is due within
 * URGENT_LIMIT_HOURS hours when the item's own limit is longer.
 */
import type { Assignment, OrderContext, TimeLimit, Urgency } from './workOrder.js';
import { URGENT_LIMIT_HOURS, WARN_SHARE } from './workOrder.js';
import { addDays, type Instant, instantMillis, shanghaiDate } from './time.js';

const HOUR_MS = 60 * 60 * 1000;

/** The end (23:59:59 Asia/Shanghai) of a calendar date, as a UTC instant. */
function endOfShanghaiDay(date: string): number {
  return instantMillis(`${date}T23:59:59+08:00`);
}

export function orderDueAt(limit: TimeLimit, urgency: Urgency, dispatchedAt: Instant, workdays: OrderContext['workdays']): Instant {
  const start = instantMillis(dispatchedAt);
  let due: number;
  if (limit.unit === 'hours') {
    due = start + limit.value * HOUR_MS;
  } else {
    const from = shanghaiDate(dispatchedAt);
    // A calendar that cannot count (it never does without open pauses) falls back to calendar days.
    const day = workdays.addWorkingDays(from, limit.value) ?? addDays(from, limit.value);
    due = endOfShanghaiDay(day);
  }
  if (urgency === 'urgent') due = Math.min(due, start + URGENT_LIMIT_HOURS * HOUR_MS);
  return new Date(due).toISOString();
}

/** The deadline level of an assignment at `now`: done once replied or returned; warning when less than WARN_SHARE of its span is left. */
export function assignmentLevel(a: Assignment, now: Instant): 'normal' | 'warning' | 'overdue' | 'done' {
  if (a.state === 'replied' || a.state === 'returned') return 'done';
  const t = instantMillis(now);
  const due = instantMillis(a.dueAt);
  if (t > due) return 'overdue';
  const span = due - instantMillis(a.dispatchedAt);
  return due - t < WARN_SHARE * span ? 'warning' : 'normal';
}
