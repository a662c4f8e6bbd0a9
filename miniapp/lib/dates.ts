/** Calendar dates as `YYYY-MM-DD` strings in Asia/Shanghai (where all our users are). */
import { isCalendarDate, shanghaiWallClock } from '../../functions/core/time';

export type DateCheck = { ok: true; value: string } | { ok: false; reason: string };

/** Today in Asia/Shanghai (UTC+8, no daylight saving), from an instant. */
export function shanghaiToday(nowMs: number): string {
  return shanghaiWallClock(nowMs).slice(0, 10);
}

export function checkDate(value: string, limits: { notAfter?: string; notBefore?: string } = {}): DateCheck {
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return { ok: false, reason: '请按 年-月-日 填写日期' };
  if (!isCalendarDate(v)) return { ok: false, reason: '日期不存在' };
  if (limits.notAfter && v > limits.notAfter) return { ok: false, reason: '日期不能晚于 ' + limits.notAfter };
  if (limits.notBefore && v < limits.notBefore) return { ok: false, reason: '日期不能早于 ' + limits.notBefore };
  return { ok: true, value: v };
}

/** `2024-05-01T08:00:00Z` → `05-01 16:00` (Shanghai), for timelines. */
export function formatDateTime(iso: string | number, withYear = false): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (isNaN(ms)) return String(iso);
  const w = shanghaiWallClock(ms);
  return w.slice(withYear ? 0 : 5, 10) + ' ' + w.slice(11, 16);
}
