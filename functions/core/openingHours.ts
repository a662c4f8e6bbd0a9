/**
 * A district service hall's opening hours (办事大厅开放时间): per weekday open and close times or closed, plus
 * extended evenings such as 周二夜市 (Tuesdays until 19:30). Times are Asia/Shanghai wall-clock "HH:MM". Pure.
 */
import type { Issue } from './errors.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const weekdayNames: Record<Weekday, string> = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' };

/** One day's hours; null = closed that day. */
export interface DayHours {
  open: string;
  close: string;
}

/** An extended evening: on `weekday` the hall stays open until `until` (after the day's close). */
export interface ExtendedEvening {
  weekday: Weekday;
  until: string;
  /** e.g. 周二夜市. */
  name: string;
}

export interface OpeningHours {
  /** Every weekday, mon … sun. */
  weekly: Record<Weekday, DayHours | null>;
  evenings: ExtendedEvening[];
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Problems of opening hours (field paths as in the request body), empty when valid. */
export function openingHoursIssues(hours: OpeningHours): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, message: string) => issues.push({ field, code: 'BAD_HOURS', message });
  for (const day of WEEKDAYS) {
    const h = hours.weekly[day];
    if (h === undefined) {
      add(`weekly.${day}`, `${weekdayNames[day]}未填写（不开放请填 null）`);
      continue;
    }
    if (h === null) continue;
    if (!TIME.test(h.open)) add(`weekly.${day}.open`, `${weekdayNames[day]}开门时间须为 HH:MM: ${h.open}`);
    if (!TIME.test(h.close)) add(`weekly.${day}.close`, `${weekdayNames[day]}关门时间须为 HH:MM: ${h.close}`);
    if (TIME.test(h.open) && TIME.test(h.close) && h.open >= h.close) add(`weekly.${day}`, `${weekdayNames[day]}开门时间须早于关门时间`);
  }
  const seen = new Set<Weekday>();
  hours.evenings.forEach((e, i) => {
    const at = `evenings.${i}`;
    const day = hours.weekly[e.weekday];
    if (!TIME.test(e.until)) add(`${at}.until`, `延时服务结束时间须为 HH:MM: ${e.until}`);
    else if (!day) add(`${at}.weekday`, `${weekdayNames[e.weekday]}不开放，不能安排延时服务`);
    else if (e.until <= day.close) add(`${at}.until`, `${e.name}须晚于${weekdayNames[e.weekday]}关门时间 ${day.close}`);
    if (seen.has(e.weekday)) add(`${at}.weekday`, `${weekdayNames[e.weekday]}的延时服务重复`);
    seen.add(e.weekday);
  });
  return issues;
}
