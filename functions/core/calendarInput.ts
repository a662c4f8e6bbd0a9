/**
 * The city admin's calendar overlay as entered (配置 → 工作日历): local closures (daysOff), extra working days
 * (workdays) and the years whose State Council notice was entered by hand (publishedYears: their holidays go into
 * daysOff, their make-up days into workdays, and the year is no longer provisional). Checked here: real dates,
 * no day both off and working, no date twice, plausible years. Pure.
 */
import type { CalendarOverlay } from './calendar.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import type { Issue } from './errors.js';
import { isCalendarDate } from './time.js';

type OverlayDay = CalendarOverlay['holidays'][number];

export interface CalendarInput {
  daysOff: OverlayDay[];
  workdays: OverlayDay[];
  publishedYears: number[];
}

/** The overlay to store (its `version` a digest of the content, so due dates name what they were counted on), or the problems. */
export function calendarOverlayOf(input: CalendarInput): CalendarOverlay | Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  for (const [list, field] of [[input.daysOff, 'daysOff'], [input.workdays, 'workdays']] as const) {
    list.forEach((day, i) => {
      const at = `${field}.${i}.date`;
      if (!isCalendarDate(day.date)) issues.push({ field: at, code: 'BAD_DATE', message: `日期无效: ${day.date}` });
      else if (seen.get(day.date) === field) issues.push({ field: at, code: 'DUPLICATE_DATE', message: `日期重复: ${day.date}` });
      else if (seen.has(day.date)) issues.push({ field: at, code: 'OFF_AND_WORKING', message: `同一天既是休息日又是工作日: ${day.date}` });
      else seen.set(day.date, field);
    });
  }
  input.publishedYears.forEach((y, i) => {
    if (!Number.isInteger(y) || y < 2000 || y > 2100) issues.push({ field: `publishedYears.${i}`, code: 'BAD_YEAR', message: `年份无效: ${y}` });
  });
  if (new Set(input.publishedYears).size !== input.publishedYears.length) issues.push({ field: 'publishedYears', code: 'DUPLICATE_YEAR', message: '年份重复' });
  if (issues.length > 0) return issues;
  const byDate = (a: OverlayDay, b: OverlayDay) => a.date.localeCompare(b.date);
  const overlay: CalendarOverlay = {
    holidays: input.daysOff.map((d) => ({ date: d.date, name: d.name })).sort(byDate),
    workdays: input.workdays.map((d) => ({ date: d.date, name: d.name })).sort(byDate),
    publishedYears: [...input.publishedYears].sort((a, b) => a - b),
  };
  return { ...overlay, version: sha256Hex(canonicalJson(JSON.parse(JSON.stringify(overlay)))).slice(0, 12) };
}
