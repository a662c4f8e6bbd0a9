// Statistics tallies (core tally.ts) and the figures summed from them (core statsFigures.ts): which events count
// where, on time / late against the clock and the promise, working days per item, the 好差评 and 整改 events (as
// S3's contract shapes them), and, as a property, that the totals of a set of deliveries do not depend on their
// order or on repeats once each change is added once (the store's per-effect marker).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../functions/core/calendar';
import { type Clock, newClock, startClock } from '../../functions/core/clock';
import type { TimelineEvent } from '../../functions/core/events';
import { itemDays, parseStatsQuery, periodLabel, periodsOf, summarize } from '../../functions/core/statsFigures';
import { tallyEvents, type TallyRow, type TallySubTask, workingDaysUsed } from '../../functions/core/tally';
import { isDomainError } from '../../functions/core/errors';

const cal = createWorkCalendar();
const CASE = { bundleId: 'birth', acceptingDistrict: '330212', due: { date: '2026-03-13' } };

function ev(action: string, at: string, extra: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    id: `c1#${action}${at}`, caseId: 'c1', itemId: null, action, actor: { kind: 'staff', id: 'x', district: '330212', department: 'd' } as TimelineEvent['actor'],
    at, from: null, to: 'accepted', reason: null, detail: {}, ...extra,
  };
}

// Claimed Monday 2 March 2026 (10:00 Shanghai), 3 working days.
const clock: Clock = startClock(newClock(3), '2026-03-02T02:00:00.000Z');
const police: TallySubTask = { itemId: 'householdRegistration', district: '330212', department: 'yinzhou-police', clock };
const subTasks = (id: string) => (id === police.itemId ? police : undefined);

const rowOf = (rows: TallyRow[], day: string) => rows.find((r) => r.day === day)?.counts ?? {};

describe('tallyEvents', () => {
  it('counts an acceptance by bundle, service point and channel, and one more case in progress', () => {
    const rows = tallyEvents([ev('accept', '2026-03-02T02:00:00.000Z', { detail: { servicePoint: 'yinzhou-jiangshan' } })], CASE, subTasks, cal);
    expect(rowOf(rows, '20260302')).toEqual({ acc: 1, ab_birth: 1, ap_yinzhou_jiangshan: 1, ach_window: 1 });
    expect(rowOf(rows, 'live')).toEqual({ n: 1 });
    const agent = tallyEvents([ev('accept', '2026-03-02T02:00:00.000Z', { detail: { servicePoint: 'v1', agent: '村（社区）代办员', agentStaff: 's' } })], CASE, subTasks, cal);
    expect(rowOf(agent, '20260302').ach_agent).toBe(1);
  });

  it('counts the acceptance under its Asia/Shanghai day (17:00 UTC is the next day)', () => {
    const rows = tallyEvents([ev('accept', '2026-03-02T17:00:00.000Z')], CASE, subTasks, cal);
    expect(rows.map((r) => r.day)).toEqual(['20260303', 'live']);
  });

  it('counts a sub-task done on time in its own district, with the working days it used', () => {
    const done = ev('signOff', '2026-03-05T03:00:00.000Z', { itemId: 'householdRegistration', from: 'claimed', to: 'done' });
    expect(tallyEvents([done], { ...CASE, acceptingDistrict: '330203' }, subTasks, cal)).toEqual([{
      district: '330212', day: '20260305',
      counts: { dn_yinzhou_police: 1, dok_yinzhou_police: 1, in_birth_householdRegistration: 1, is_birth_householdRegistration: 3, ih3_birth_householdRegistration: 1 },
    }]);
  });

  it('counts a sub-task done after its due date as late, and nothing for a step after done', () => {
    // due Thursday 5 March; done Monday 9 March: 5 working days used
    const late = ev('signOff', '2026-03-09T03:00:00.000Z', { itemId: 'householdRegistration', from: 'claimed', to: 'done' });
    expect(rowOf(tallyEvents([late], CASE, subTasks, cal), '20260309')).toMatchObject({ dlate_yinzhou_police: 1, is_birth_householdRegistration: 5, ih5_birth_householdRegistration: 1 });
    const after = ev('recordDelivery', '2026-03-10T03:00:00.000Z', { itemId: 'householdRegistration', from: 'done', to: 'done' });
    expect(tallyEvents([after], CASE, subTasks, cal)).toEqual([]);
  });

  it('excludes a pause from the working days used', () => {
    const paused: Clock = { ...clock, pauses: [{ reason: 'correction', from: '2026-03-03', until: '2026-03-05', fromAt: '', untilAt: '' }] };
    // the days after the pause began up to the day it ended (4, 5 March) are not counted: 3, 6 and 9 March are
    expect(workingDaysUsed(paused, '2026-03-09', cal)).toBe(3);
  });

  it('counts the case end against the promise, and a withdrawal apart; each one fewer in progress', () => {
    const onTime = tallyEvents([ev('complete', '2026-03-13T08:00:00.000Z', { from: 'accepted', to: 'completed' })], CASE, subTasks, cal);
    expect(rowOf(onTime, '20260313')).toEqual({ cc: 1, cok: 1, cb_birth: 1, cbok_birth: 1 });
    expect(rowOf(onTime, 'live')).toEqual({ n: -1 });
    const late = tallyEvents([ev('close', '2026-03-16T08:00:00.000Z', { from: 'accepted', to: 'closed' })], CASE, subTasks, cal);
    expect(rowOf(late, '20260316')).toEqual({ cx: 1, clate: 1, cb_birth: 1, cblate_birth: 1 });
    const withdrawn = tallyEvents([ev('withdraw', '2026-03-03T08:00:00.000Z', { from: 'accepted', to: 'withdrawn' })], CASE, subTasks, cal);
    expect(rowOf(withdrawn, '20260303')).toEqual({ cw: 1 });
    expect(rowOf(withdrawn, 'live')).toEqual({ n: -1 });
  });

  it('nets the acceptance and the end of one change in the live row (nothing left to write)', () => {
    const rows = tallyEvents([ev('accept', '2026-03-02T02:00:00.000Z'), ev('withdraw', '2026-03-02T03:00:00.000Z', { from: 'accepted', to: 'withdrawn' })], CASE, subTasks, cal);
    expect(rows.map((r) => r.day)).toEqual(['20260302']);
  });

  it('counts ratings by level and the rectification loop (S3 event shapes)', () => {
    const at = '2026-03-20T02:00:00.000Z';
    const rows = tallyEvents([
      ev('rate', at, { to: 'completed', detail: { level: 'veryDissatisfied', target: 'case', department: 'yinzhou-serviceCenter', channel: 'progressPage' } }),
      ev('rate', at, { itemId: 'householdRegistration', to: 'completed', detail: { level: 'satisfied', target: 'householdRegistration', department: 'yinzhou-police', channel: 'window' } }),
      ev('rate', at, { detail: { level: 'superb' } }),
      ev('openRectification', at, { detail: { department: 'yinzhou-serviceCenter' } }),
      ev('closeRectification', at, { detail: { department: 'yinzhou-serviceCenter', onTime: true, outcome: 'rectified' } }),
      ev('closeRectification', at, { detail: { department: 'yinzhou-police', onTime: false, outcome: 'appealUpheld' } }),
    ], CASE, subTasks, cal);
    expect(rowOf(rows, '20260320')).toEqual({ r_veryDissatisfied: 1, r_satisfied: 1, ro: 1, rcl: 2, rcok: 1, rcup: 1 });
  });
});

describe('summarize', () => {
  it('sums rows into the figures by dimension, per period', () => {
    const s = summarize([
      { day: '20260302', counts: { acc: 2, ab_birth: 2, ap_yinzhou_serviceCenter: 1, ap_yinzhou_jiangshan: 1, ach_window: 2, dn_yinzhou_police: 1, dok_yinzhou_police: 1 } },
      { day: '20260309', counts: { acc: 1, ab_death: 1, cc: 1, cok: 1, cb_birth: 1, cbok_birth: 1, cw: 1, r_basic: 1, in_birth_x: 2, is_birth_x: 7, ih3_birth_x: 1, ih4_birth_x: 1 } },
    ], 'week');
    expect(s.totals).toEqual({ accepted: 3, completed: 1, onTime: 1, late: 0, withdrawn: 1 });
    expect([...s.series]).toEqual([['2026-W10', { accepted: 2, completed: 0 }], ['2026-W11', { accepted: 1, completed: 1 }]]);
    expect(s.byBundle.get('birth')).toEqual({ accepted: 2, completed: 1, onTime: 1, late: 0 });
    expect(s.byServicePoint.get('yinzhou-jiangshan')).toBe(1);
    expect(s.byDepartment.get('yinzhou-police')).toEqual({ done: 1, onTime: 1, late: 0 });
    expect(s.ratings.basic).toBe(1);
    expect(itemDays(s.items.get('birth_x') ?? { done: 0, days: 0, histogram: [] })).toEqual({ avgDays: 3.5, p90Days: 4 });
  });

  it('takes the nearest-rank 90th percentile', () => {
    const histogram: number[] = [];
    histogram[1] = 9;
    histogram[10] = 1;
    expect(itemDays({ done: 10, days: 19, histogram })).toEqual({ avgDays: 1.9, p90Days: 1 });
    histogram[10] = 2;
    expect(itemDays({ done: 11, days: 29, histogram }).p90Days).toBe(10);
  });
});

describe('the query', () => {
  it('defaults to the last 30 days by day; weeks and months are ISO weeks and calendar months', () => {
    expect(parseStatsQuery({}, '330212', '2026-03-31')).toEqual({ district: '330212', from: '2026-03-02', to: '2026-03-31', granularity: 'day' });
    expect(periodsOf('2026-12-28', '2027-01-04', 'week')).toEqual(['2026-W53', '2027-W01']);
    expect(periodsOf('2026-01-30', '2026-03-01', 'month')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(periodLabel('2026-W10', 'week')).toBe('2026年第10周');
    expect(periodLabel('2026-03-02', 'day')).toBe('3月2日');
  });

  it('refuses bad dates, a reversed range and a range over 366 days', () => {
    for (const q of [{ from: '2026-02-30' }, { from: '2026-03-05', to: '2026-03-01' }, { from: '2025-01-01', to: '2026-01-02' }, { granularity: 'year' }, { district: 'yinzhou' }]) {
      const r = parseStatsQuery(q, '330212', '2026-03-31');
      expect(isDomainError(r) && r.code, JSON.stringify(q)).toBe('VALIDATION_FAILED');
    }
    expect(isDomainError(parseStatsQuery({ from: '2025-01-01', to: '2026-01-01' }, '330212', '2026-03-31'))).toBe(false);
  });
});

describe('exactly once (property)', () => {
  // The store adds a change's rows once per effect id (marker cell in the same conditional write); modelled here.
  const changes: TimelineEvent[][] = [
    [ev('accept', '2026-03-02T02:00:00.000Z', { detail: { servicePoint: 'yinzhou-serviceCenter' } })],
    [ev('signOff', '2026-03-04T02:00:00.000Z', { itemId: 'householdRegistration', from: 'claimed', to: 'done' }), ev('complete', '2026-03-04T02:00:00.000Z', { from: 'accepted', to: 'completed' })],
    [ev('rate', '2026-03-05T02:00:00.000Z', { detail: { level: 'dissatisfied' } }), ev('openRectification', '2026-03-05T02:00:00.000Z')],
    [ev('closeRectification', '2026-03-09T02:00:00.000Z', { detail: { onTime: true, outcome: 'rectified' } })],
  ];
  const effects = changes.map((events, i) => ({ id: `c1/${i}/tally/1`, rows: tallyEvents(events, CASE, subTasks, cal) }));

  function deliver(order: number[]): Record<string, number> {
    const seen = new Set<string>();
    const totals: Record<string, number> = {};
    for (const i of order) {
      const e = effects[i];
      for (const r of e.rows) {
        const marker = `${r.district}:${r.day}|${e.id}`;
        if (seen.has(marker)) continue;
        seen.add(marker);
        for (const [c, n] of Object.entries(r.counts)) totals[`${r.district}:${r.day}:${c}`] = (totals[`${r.district}:${r.day}:${c}`] ?? 0) + n;
      }
    }
    return totals;
  }

  it('any order and any repeats of the deliveries give the totals of one delivery each', () => {
    const once = deliver(effects.map((_, i) => i));
    expect(once['330212:live:n']).toBe(0);
    expect(once['330212:20260304:cok']).toBe(1);
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: effects.length - 1 }), { maxLength: 20 })
        .chain((extra) => fc.shuffledSubarray([...effects.map((_, i) => i), ...extra], { minLength: effects.length + extra.length })),
      (order) => {
        expect(deliver(order)).toEqual(once);
      },
    ));
  });

  it('the events tallied one by one add up to the change tallied at once', () => {
    fc.assert(fc.property(fc.shuffledSubarray(changes.flat(), { minLength: changes.flat().length }), (events): void => {
      const sum = (rows: TallyRow[]) => {
        const t: Record<string, number> = {};
        for (const r of rows) for (const [c, n] of Object.entries(r.counts)) t[`${r.district}:${r.day}:${c}`] = (t[`${r.district}:${r.day}:${c}`] ?? 0) + n;
        return Object.fromEntries(Object.entries(t).filter(([, n]) => n !== 0));
      };
      expect(sum(events.flatMap((e) => tallyEvents([e], CASE, subTasks, cal)))).toEqual(sum(tallyEvents(changes.flat(), CASE, subTasks, cal)));
    }));
  });
});
