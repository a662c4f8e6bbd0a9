// 办理时限 of hotline assignments (core workOrderDue.ts): hours are wall-clock hours, working days end at 23:59:59
// Asia/Shanghai of the due working day (the dispatch day not counted), urgent orders are capped at 24 hours; and the
// deadline level of an assignment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, countWorkingDays, createWorkCalendar, type WorkCalendar } from '../../functions/core/calendar';
import { addDays, instantMillis, shanghaiDate, shanghaiWallClock } from '../../functions/core/time';
import type { Assignment, OrderContext } from '../../functions/core/workOrder';
import { assignmentLevel, orderDueAt } from '../../functions/core/workOrderDue';

const HOUR = 3_600_000;

function workdaysOf(cal: WorkCalendar): OrderContext['workdays'] {
  return { addWorkingDays: (s, n) => addWorkingDays(cal, s, n)?.date ?? null, countWorkingDays: (a, b) => countWorkingDays(cal, a, b) };
}

const cal = createWorkCalendar();
const workdays = workdaysOf(cal);
// Friday 6 March 2026, 16:00 Asia/Shanghai.
const FRIDAY = '2026-03-06T08:00:00.000Z';

describe('orderDueAt', () => {
  it('an hours limit is that many wall-clock hours later, over weekends too', () => {
    expect(orderDueAt({ unit: 'hours', value: 48 }, 'normal', FRIDAY, workdays)).toBe('2026-03-08T08:00:00.000Z');
  });

  it('working days skip the weekend and end at 23:59:59 Asia/Shanghai of the due day', () => {
    // Friday + 2 working days = Tuesday 10 March.
    expect(orderDueAt({ unit: 'workingDays', value: 2 }, 'normal', FRIDAY, workdays)).toBe('2026-03-10T15:59:59.000Z');
  });

  it('working days skip public holidays (国庆 2026: 1–7 October)', () => {
    const due = orderDueAt({ unit: 'workingDays', value: 1 }, 'normal', '2026-09-30T02:00:00.000Z', workdays);
    expect(shanghaiDate(due)).toBe('2026-10-08');
  });

  it('an urgent order is due within 24 hours when the limit is longer, and keeps a shorter one', () => {
    expect(orderDueAt({ unit: 'workingDays', value: 5 }, 'urgent', FRIDAY, workdays)).toBe('2026-03-07T08:00:00.000Z');
    expect(orderDueAt({ unit: 'hours', value: 2 }, 'urgent', FRIDAY, workdays)).toBe('2026-03-06T10:00:00.000Z');
  });

  it('property: an hours limit is exactly value hours after the dispatch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 720 }), fc.integer({ min: 0, max: 365 * 24 * 60 }), (value, minutes) => {
        const start = new Date(instantMillis('2026-01-01T00:00:00.000Z') + minutes * 60_000).toISOString();
        const due = orderDueAt({ unit: 'hours', value }, 'normal', start, workdays);
        expect(instantMillis(due) - instantMillis(start)).toBe(value * HOUR);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a working-day due time falls at the end of a working day, that many working days after the dispatch day', () => {
    // A local calendar: random extra closures (overlay holidays) in the spring of 2026, as admins enter them.
    const closures = fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 25 });
    fc.assert(
      fc.property(closures, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 90 * 24 * 60 }), (days, value, minutes) => {
        const local = createWorkCalendar({ holidays: days.map((d) => ({ date: addDays('2026-02-01', d), name: '闭厅' })), workdays: [], version: 'p' });
        const start = new Date(instantMillis('2026-02-01T00:00:00.000Z') + minutes * 60_000).toISOString();
        const due = orderDueAt({ unit: 'workingDays', value }, 'normal', start, workdaysOf(local));
        const day = shanghaiDate(due);
        expect(local.isWorkday(day)).toBe(true);
        expect(shanghaiWallClock(instantMillis(due)).slice(11, 19)).toBe('23:59:59');
        expect(countWorkingDays(local, shanghaiDate(start), day)).toBe(value);
      }),
      { numRuns: 200 },
    );
  });
});

function assignment(over: Partial<Assignment> = {}): Assignment {
  return {
    id: 'a1', department: 'yinzhou-waterSupply', role: 'lead', state: 'dispatched', round: 1, dispatchedAt: '2026-03-02T00:00:00.000Z',
    dispatchedBy: 'op', dueAt: '2026-03-02T04:00:00.000Z', acceptedAt: null, acceptedBy: null, reply: null, onTime: null, returned: null,
    replacedBy: null, urges: [], alerts: [], ...over,
  };
}

describe('assignmentLevel', () => {
  it('is normal, then warning in the last quarter of the span, then overdue after the due time', () => {
    const a = assignment();
    expect(assignmentLevel(a, '2026-03-02T02:59:00.000Z')).toBe('normal');
    expect(assignmentLevel(a, '2026-03-02T03:01:00.000Z')).toBe('warning');
    expect(assignmentLevel(a, '2026-03-02T04:00:00.000Z')).toBe('warning');
    expect(assignmentLevel(a, '2026-03-02T04:00:01.000Z')).toBe('overdue');
  });

  it('is done once replied or returned, whatever the time', () => {
    expect(assignmentLevel(assignment({ state: 'replied' }), '2026-04-01T00:00:00.000Z')).toBe('done');
    expect(assignmentLevel(assignment({ state: 'returned' }), '2026-04-01T00:00:00.000Z')).toBe('done');
  });
});
