/** The timer schedule parser: FC's six-field cron (UTC) and @every. */
import { describe, expect, it } from 'vitest';
import { CronError, parseSchedule } from '../src/cron.js';

function matches(expression: string, iso: string): boolean {
  const s = parseSchedule(expression);
  if (s.kind !== 'cron') throw new Error('not a cron schedule');
  return s.matches(new Date(iso));
}

describe('six-field cron, UTC', () => {
  it('matches the project sweep schedule every five minutes on the zero second', () => {
    expect(matches('0 */5 * * * *', '2025-03-01T12:05:00Z')).toBe(true);
    expect(matches('0 */5 * * * *', '2025-03-01T12:00:00Z')).toBe(true);
    expect(matches('0 */5 * * * *', '2025-03-01T12:05:01Z')).toBe(false);
    expect(matches('0 */5 * * * *', '2025-03-01T12:06:00Z')).toBe(false);
  });

  it('evaluates in UTC, not local time', () => {
    // 04:00 in Shanghai is 20:00 UTC the day before.
    expect(matches('0 0 20 * * *', '2025-03-01T04:00:00+08:00')).toBe(true);
    expect(matches('0 0 4 * * *', '2025-03-01T04:00:00+08:00')).toBe(false);
  });

  it('supports lists, ranges, stepped ranges, names and ?', () => {
    expect(matches('30 0,30 9-17/2 ? JAN-MAR MON-FRI', '2025-01-06T11:30:30Z')).toBe(true); // Monday
    expect(matches('30 0,30 9-17/2 ? JAN-MAR MON-FRI', '2025-01-06T10:30:30Z')).toBe(false); // hour 10 not in 9,11,…
    expect(matches('30 0,30 9-17/2 ? JAN-MAR MON-FRI', '2025-01-05T11:30:30Z')).toBe(false); // Sunday
    expect(matches('30 0,30 9-17/2 ? JAN-MAR MON-FRI', '2025-04-07T11:30:30Z')).toBe(false); // April
    expect(matches('0 0 0 * * 7', '2025-01-05T00:00:00Z')).toBe(true); // 7 = Sunday
  });

  it('fires on either day field when both are restricted, both when one is *', () => {
    // 1st of the month OR a Monday
    expect(matches('0 0 0 1 * MON', '2025-01-01T00:00:00Z')).toBe(true); // Wednesday the 1st
    expect(matches('0 0 0 1 * MON', '2025-01-06T00:00:00Z')).toBe(true); // Monday the 6th
    expect(matches('0 0 0 1 * MON', '2025-01-07T00:00:00Z')).toBe(false);
    expect(matches('0 0 0 1 * *', '2025-01-06T00:00:00Z')).toBe(false);
  });

  it('rejects malformed expressions with a clear reason', () => {
    expect(() => parseSchedule('0 */5 * * *')).toThrow(CronError);
    expect(() => parseSchedule('0 */5 * * *')).toThrow(/expected 6 fields/);
    expect(() => parseSchedule('60 * * * * *')).toThrow(/second 60 is outside 0-59/);
    expect(() => parseSchedule('0 0 0 0 * *')).toThrow(/day-of-month 0/);
    expect(() => parseSchedule('0 0 5-1 * * *')).toThrow(/backwards/);
    expect(() => parseSchedule('? * * * * *')).toThrow(/only allowed in the day fields/);
    expect(() => parseSchedule('*/0 * * * * *')).toThrow(/bad step/);
    expect(() => parseSchedule('CRON_TZ=Asia/Shanghai 0 0 4 * * *')).toThrow(/UTC/);
  });
});

describe('@every', () => {
  it('parses Go-style durations', () => {
    expect(parseSchedule('@every 15m')).toEqual({ kind: 'every', ms: 15 * 60_000 });
    expect(parseSchedule('@every 1h30m')).toEqual({ kind: 'every', ms: 90 * 60_000 });
    expect(parseSchedule('@every 1s')).toEqual({ kind: 'every', ms: 1000 });
  });

  it('rejects an empty or zero duration', () => {
    expect(() => parseSchedule('@every 0s')).toThrow(CronError);
    expect(() => parseSchedule('@every')).toThrow(CronError);
    expect(() => parseSchedule('@every 5 minutes')).toThrow(CronError);
  });
});
