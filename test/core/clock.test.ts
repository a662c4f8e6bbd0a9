import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countWorkingDays, createWorkCalendar } from '../../functions/core/calendar.js';
import {
  type Clock, clockDue, clockStatus, extendClock, isPaused, newClock, pauseClock, resumeClock, startClock,
} from '../../functions/core/clock.js';
import { addDays } from '../../functions/core/time.js';

const cal = createWorkCalendar();
/** 10:00 Asia/Shanghai on a date. */
const at = (date: string) => `${date}T02:00:00.000Z`;

describe('clock (时限)', () => {
  it('has not started before the claim', () => {
    const s = clockStatus(newClock(5), cal, at('2026-03-02'), 1);
    expect(s).toMatchObject({ state: 'notStarted', level: 'normal', remainingDays: 5, due: null });
  });

  it('starts once: a re-claim keeps the first start', () => {
    const c = startClock(newClock(5), at('2026-03-02'));
    expect(startClock(c, at('2026-03-04')).startedOn).toBe('2026-03-02');
  });

  it('counts working days from the day after the start and warns, then goes overdue', () => {
    const c = startClock(newClock(3), at('2026-03-02')); // Mon
    expect(clockDue(c, cal)?.date).toBe('2026-03-05');
    expect(clockStatus(c, cal, at('2026-03-02'), 1)).toMatchObject({ elapsedDays: 0, remainingDays: 3, level: 'normal' });
    expect(clockStatus(c, cal, at('2026-03-04'), 1)).toMatchObject({ remainingDays: 1, level: 'warning' });
    expect(clockStatus(c, cal, at('2026-03-05'), 1)).toMatchObject({ remainingDays: 0, level: 'warning' });
    expect(clockStatus(c, cal, at('2026-03-06'), 1)).toMatchObject({ remainingDays: -1, level: 'overdue' });
  });

  it('is overdue on the weekend after a Friday deadline', () => {
    const c = startClock(newClock(4), at('2026-03-02'));
    expect(clockDue(c, cal)?.date).toBe('2026-03-06');
    expect(clockStatus(c, cal, at('2026-03-07'), 0).level).toBe('overdue');
  });

  it('pauses for correction (补正) and restarts the day after the material comes back', () => {
    let c = startClock(newClock(3), at('2026-03-02'));
    c = pauseClock(c, 'correction', at('2026-03-03')); // Tue: counted (1 used)
    expect(isPaused(c)).toBe(true);
    const paused = clockStatus(c, cal, at('2026-03-10'), 1);
    expect(paused).toMatchObject({ state: 'paused', elapsedDays: 1, remainingDays: 2, due: null });
    c = resumeClock(c, at('2026-03-10')); // back on Tue 10th: not counted
    expect(clockDue(c, cal)?.date).toBe('2026-03-12');
    expect(clockStatus(c, cal, at('2026-03-11'), 1)).toMatchObject({ state: 'running', elapsedDays: 2, remainingDays: 1 });
  });

  it('does not pause twice and extends by the approved days', () => {
    let c = startClock(newClock(3), at('2026-03-02'));
    c = pauseClock(c, 'suspension', at('2026-03-03'));
    expect(pauseClock(c, 'correction', at('2026-03-04')).pauses).toHaveLength(1);
    c = resumeClock(c, at('2026-03-03'));
    c = extendClock(c, 2);
    expect(clockDue(c, cal)?.date).toBe('2026-03-09');
  });

  it('marks a due date past the published calendar as provisional', () => {
    const c = startClock(newClock(10), at('2026-12-24'));
    const s = clockStatus(c, cal, at('2026-12-24'), 1);
    expect(s.due?.provisional).toBe(true);
    expect(s.provisional).toBe(true);
  });
});

const dateArb = fc.integer({ min: 0, max: 700 }).map((n) => addDays('2025-01-01', n));

/** A clock with random closed pauses after its start. */
const clockArb = fc
  .tuple(dateArb, fc.integer({ min: 1, max: 20 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 15 })), { maxLength: 4 }))
  .map(([start, limit, gaps]) => {
    let c: Clock = startClock(newClock(limit), at(start));
    let cursor = start;
    for (const [gap, len] of gaps) {
      const from = addDays(cursor, gap);
      const until = addDays(from, len);
      c = resumeClock(pauseClock(c, 'correction', at(from)), at(until));
      cursor = until;
    }
    return c;
  });

describe('clock properties', () => {
  it('a paused clock never has less time left than the same clock without pauses', () => {
    fc.assert(
      fc.property(clockArb, fc.integer({ min: 0, max: 120 }), (c, offset) => {
        const today = at(addDays(c.startedOn ?? '2025-01-01', offset));
        const withPauses = clockStatus(c, cal, today, 1);
        const without = clockStatus({ ...c, pauses: [] }, cal, today, 1);
        expect(withPauses.remainingDays).toBeGreaterThanOrEqual(without.remainingDays);
        // The difference is exactly the working days inside the pauses (up to today).
        let paused = 0;
        for (const p of c.pauses) {
          const end = p.until && p.until < today.slice(0, 10) ? p.until : today.slice(0, 10);
          if (end > p.from) paused += countWorkingDays(cal, p.from, end);
        }
        expect(withPauses.remainingDays - without.remainingDays).toBe(paused);
      }),
      { numRuns: 200 },
    );
  });

  it('the due date with pauses is never earlier, and elapsed time at the due date equals the limit', () => {
    fc.assert(
      fc.property(clockArb, (c) => {
        const due = clockDue(c, cal);
        const plain = clockDue({ ...c, pauses: [] }, cal);
        expect(due && plain).toBeTruthy();
        if (!due || !plain) return;
        expect(due.date >= plain.date).toBe(true);
        const s = clockStatus(c, cal, at(due.date), 0);
        expect(s.elapsedDays).toBe(c.limitDays);
        expect(s.level).toBe('warning');
        expect(clockStatus(c, cal, at(addDays(due.date, 1)), 0).level).toBe('overdue');
      }),
      { numRuns: 200 },
    );
  });

  it('elapsed time never decreases as days pass', () => {
    fc.assert(
      fc.property(clockArb, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 10 }), (c, a, b) => {
        const start = c.startedOn ?? '2025-01-01';
        const s1 = clockStatus(c, cal, at(addDays(start, a)), 1);
        const s2 = clockStatus(c, cal, at(addDays(start, a + b)), 1);
        expect(s2.elapsedDays).toBeGreaterThanOrEqual(s1.elapsedDays);
      }),
      { numRuns: 200 },
    );
  });
});
