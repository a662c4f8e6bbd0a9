import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingDays, countWorkingDays, createWorkCalendar, nextWorkingDay, overlayProblems,
} from '../../functions/core/calendar.js';
import { addDays, isInstant, shanghaiDate, shanghaiWallClock } from '../../functions/core/time.js';

const cal = createWorkCalendar();

describe('working-day calendar (chinese-days + overlay)', () => {
  it('knows 2026 holidays and make-up Saturdays (调休)', () => {
    expect(cal.dayKind('2026-10-01')).toBe('holiday');
    expect(cal.dayKind('2026-02-14')).toBe('makeUpWorkday'); // Saturday worked before 春节
    expect(cal.isWorkday('2026-02-14')).toBe(true);
    expect(cal.dayKind('2026-03-07')).toBe('weekend');
    expect(cal.isWorkday('2026-03-02')).toBe(true);
    expect(cal.knownUntil).toBe('2026-12-31');
  });

  it('does not count the acceptance day (受理日不计入)', () => {
    expect(countWorkingDays(cal, '2026-03-02', '2026-03-02')).toBe(0);
    expect(countWorkingDays(cal, '2026-03-02', '2026-03-03')).toBe(1);
    expect(addWorkingDays(cal, '2026-03-02', 1)).toEqual({ date: '2026-03-03', provisional: false });
    expect(addWorkingDays(cal, '2026-03-02', 0)?.date).toBe('2026-03-02');
  });

  it('jumps the 国庆 break and matches the package cross-check', () => {
    expect(nextWorkingDay(cal, '2026-09-30')).toBe('2026-10-08');
    expect(addWorkingDays(cal, '2026-09-28', 10)?.date).toBe('2026-10-16');
    // Sep 28 itself not counted: Sep 29, 30, Oct 8, 9, 10 (Sat, 调休), 12 = 6
    expect(countWorkingDays(cal, '2026-09-28', '2026-10-12')).toBe(6);
  });

  it('marks due dates past the last published notice as provisional', () => {
    const due = addWorkingDays(cal, '2026-12-28', 5);
    expect(due?.provisional).toBe(true);
    expect(addWorkingDays(cal, '2026-12-21', 5)?.provisional).toBe(false);
  });

  it('applies an admin overlay: local days off, local workdays, a newly published year', () => {
    const local = createWorkCalendar({
      holidays: [{ date: '2026-03-03', name: '办公场所搬迁闭厅' }],
      workdays: [{ date: '2026-03-07', name: '本地调休' }],
      publishedYears: [2027],
      version: 'v2',
    });
    expect(local.isWorkday('2026-03-03')).toBe(false);
    expect(local.isWorkday('2026-03-07')).toBe(true);
    expect(addWorkingDays(local, '2026-03-02', 1)?.date).toBe('2026-03-04');
    expect(local.knownUntil).toBe('2027-12-31');
    expect(addWorkingDays(local, '2026-12-28', 5)?.provisional).toBe(false);
    expect(local.version).not.toBe(cal.version);
  });

  it('rejects a bad overlay', () => {
    expect(overlayProblems({ holidays: [{ date: '2026-02-30', name: 'x' }], workdays: [] })).toHaveLength(1);
    expect(overlayProblems({ holidays: [{ date: '2026-03-03', name: 'x' }], workdays: [{ date: '2026-03-03', name: 'y' }] })).toHaveLength(1);
    expect(overlayProblems({ holidays: [], workdays: [] })).toEqual([]);
  });

  it('excluded spans (pauses) skip days after the pause began, up to the resume day', () => {
    // Pause from Tue 3 Mar (counted) to Thu 5 Mar: Wed 4 and Thu 5 not counted.
    const spans = [{ from: '2026-03-03', until: '2026-03-05' }];
    expect(countWorkingDays(cal, '2026-03-02', '2026-03-06', spans)).toBe(2);
    expect(addWorkingDays(cal, '2026-03-02', 2, spans)?.date).toBe('2026-03-06');
    expect(addWorkingDays(cal, '2026-03-02', 2, [{ from: '2026-03-03', until: null }])).toBeNull();
  });

  it('an instant names a real date and time with an offset', () => {
    for (const ok of ['2026-03-02T09:30+08:00', '2026-03-02T23:59:59.999999999Z', '2024-02-29T00:00:00-05:30']) expect(isInstant(ok), ok).toBe(true);
    for (const bad of ['2026-03-02T09:30:00', '2026-02-29T09:30:00Z', '2026-03-02T24:00:00Z', '2026-03-02T09:60:00Z', '2026-03-02T09:30:60Z', '2026-03-02T09:30:00+99:99', '2026-03-02 09:30:00Z']) {
      expect(isInstant(bad), bad).toBe(false);
    }
  });

  it('reads instants in Asia/Shanghai whatever the machine time zone', () => {
    expect(shanghaiDate('2026-02-13T16:30:00Z')).toBe('2026-02-14');
    expect(shanghaiDate('2026-02-14T00:30:00+08:00')).toBe('2026-02-14');
    expect(shanghaiWallClock(Date.parse('2026-02-13T16:30:05.123Z'))).toBe('2026-02-14T00:30:05.123');
    const ms = Date.parse('2026-12-31T23:59:59.999Z');
    expect(Date.parse(shanghaiWallClock(ms) + '+08:00')).toBe(ms);
  });
});

const dateArb = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2024-01-01', n));

describe('calendar properties', () => {
  it('adding N working days then counting gives N, and lands on a working day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 60 }), (start, n) => {
        const due = addWorkingDays(cal, start, n);
        expect(due).not.toBeNull();
        if (!due) return;
        expect(countWorkingDays(cal, start, due.date)).toBe(n);
        expect(cal.isWorkday(due.date)).toBe(true);
        expect(countWorkingDays(cal, start, addDays(due.date, -1))).toBe(n - 1);
      }),
      { numRuns: 200 },
    );
  });

  it('never counts a holiday; counts every 调休 Saturday inside a span', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 40 }), (start, len) => {
        const end = addDays(start, len);
        let expected = 0;
        for (let d = addDays(start, 1); d <= end; d = addDays(d, 1)) {
          const kind = cal.dayKind(d);
          if (kind === 'workday' || kind === 'makeUpWorkday') expected++;
        }
        expect(countWorkingDays(cal, start, end)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('counting is additive over adjacent ranges', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (a, x, y) => {
        const b = addDays(a, x);
        const c = addDays(b, y);
        expect(countWorkingDays(cal, a, c)).toBe(countWorkingDays(cal, a, b) + countWorkingDays(cal, b, c));
      }),
      { numRuns: 200 },
    );
  });
});

describe('years without a holiday notice stay provisional', () => {
  // The base (chinese-days) ends with 2026; an admin entered 2028's notice but not 2027's.
  const gap = createWorkCalendar({ holidays: [], workdays: [], publishedYears: [2028], version: 'gap' });

  it('a due date in a year with no notice is provisional although a later year was entered', () => {
    expect(addWorkingDays(gap, '2027-03-01', 5)?.provisional).toBe(true);
    // Counting through 2027's days into 2028 depends on 2027's unknown holidays too.
    expect(addWorkingDays(gap, '2027-12-20', 20)?.provisional).toBe(true);
    expect(addWorkingDays(gap, '2028-03-01', 5)?.provisional).toBe(false);
    expect(addWorkingDays(gap, '2026-03-02', 5)?.provisional).toBe(false);
  });

  it('isProvisional tells the dates of years without a notice; knownUntil ends the unbroken run of known years', () => {
    expect(gap.isProvisional('2027-06-01')).toBe(true);
    expect(gap.isProvisional('2028-06-01')).toBe(false);
    expect(gap.isProvisional('2026-06-01')).toBe(false);
    expect(gap.isProvisional('2029-01-01')).toBe(true);
    expect(gap.knownUntil).toBe('2026-12-31');
  });

  // Years the property draws from: some inside the base data (2004–2026), some after it.
  const yearArb = fc.integer({ min: 2020, max: 2034 });

  it('property: for any entered years, a date is provisional iff its year has no notice', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 2027, max: 2034 }), { maxLength: 6 }), yearArb, fc.integer({ min: 0, max: 364 }), (entered, year, dayOfYear) => {
        const local = createWorkCalendar({ holidays: [], workdays: [], publishedYears: entered, version: 'p' });
        const date = addDays(`${year}-01-01`, dayOfYear);
        const dateYear = Number(date.slice(0, 4));
        const hasNotice = dateYear <= 2026 || entered.includes(dateYear);
        expect(local.isProvisional(date)).toBe(!hasNotice);
        // A due date reached without leaving its own year is provisional exactly when that year has no notice.
        const due = addWorkingDays(local, `${dateYear}-01-01`, 1 + (dayOfYear % 20));
        if (due && due.date.slice(0, 4) === String(dateYear)) expect(due.provisional).toBe(!hasNotice);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a due date is provisional iff a counted day lies in a year without a notice', () => {
    const enteredArb = fc.uniqueArray(fc.integer({ min: 2027, max: 2034 }), { maxLength: 6 });
    fc.assert(
      fc.property(enteredArb, yearArb, fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 60 }), (entered, year, dayOfYear, n) => {
        const local = createWorkCalendar({ holidays: [], workdays: [], publishedYears: entered, version: 'p' });
        const start = addDays(`${year}-01-01`, dayOfYear);
        const due = addWorkingDays(local, start, n);
        expect(due).not.toBeNull();
        if (!due) return;
        let unknown = n === 0 && local.isProvisional(start);
        for (let d = addDays(start, 1); d <= due.date; d = addDays(d, 1)) if (local.isProvisional(d)) unknown = true;
        expect(due.provisional).toBe(unknown);
      }),
      { numRuns: 300 },
    );
  });
});
