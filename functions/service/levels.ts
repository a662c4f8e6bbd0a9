/** Deadline level of a queue row (its due date and the item's warning threshold), as lists show it. */
import { countWorkingDays, type WorkCalendar } from '../core/calendar.js';
import { PAUSED_DUE } from '../core/queue.js';
import { dateToInt, intToDate, type CalendarDate } from '../core/time.js';

export interface DueLevel {
  level: 'normal' | 'warning' | 'overdue' | 'paused';
  remainingDays: number | null;
  dueDate: CalendarDate | null;
}

export function levelOf(due: number, warnDays: number, cal: WorkCalendar, today: CalendarDate): DueLevel {
  if (due >= PAUSED_DUE) return { level: 'paused', remainingDays: null, dueDate: null };
  const dueDate = intToDate(due);
  if (dateToInt(today) > due) return { level: 'overdue', remainingDays: -countWorkingDays(cal, dueDate, today), dueDate };
  const remainingDays = countWorkingDays(cal, today, dueDate);
  return { level: remainingDays <= warnDays ? 'warning' : 'normal', remainingDays, dueDate };
}
