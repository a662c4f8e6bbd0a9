// Statistics of hotline work orders (core orderTally.ts): which order events count where, on the Asia/Shanghai day,
// built from the events the work order rules emit; and the `hotline` figures of the 统计 page from summed columns.
import { describe, expect, it } from 'vitest';
import { actorRef, type StaffActor } from '../../functions/core/actor';
import { addWorkingDays, countWorkingDays, createWorkCalendar } from '../../functions/core/calendar';
import { isDomainError } from '../../functions/core/errors';
import type { TimelineEvent } from '../../functions/core/events';
import { hotlineFigures, tallyOrderEvents } from '../../functions/core/orderTally';
import type { HotlineClass, NewOrderInput, OrderCommand, OrderContext, OrderTransition, WorkOrder } from '../../functions/core/workOrder';
import { decideOrder, recordOrder } from '../../functions/core/workOrderMachine';
import { seedDirectory } from './fixtures';

const cal = createWorkCalendar();
const YZ = '330212';
const operator: StaffActor = { kind: 'staff', id: 'yz-op', name: '话务员甲', district: YZ, department: 'yinzhou-hotlineCenter', roles: ['operator'] };
const ctx = (now: string): OrderContext => ({
  now, actor: actorRef(operator), departments: new Map(seedDirectory.departments.map((d) => [d.id, { name: d.name, district: d.district }])),
  workdays: { addWorkingDays: (s, n) => addWorkingDays(cal, s, n)?.date ?? null, countWorkingDays: (a, b) => countWorkingDays(cal, a, b) },
});
const cls: HotlineClass = {
  id: 'water', name: '供水', items: [{ id: 'watercut', name: '停水', kind: 'consult', limit: { unit: 'hours', value: 24 }, departmentKind: 'waterSupply', answer: '', keywords: [], active: true }],
};

/** The service's TimelineEvent of each OrderEventInput (caseId = order, itemId = assignment). */
function timeline(order: WorkOrder, t: OrderTransition, at: string): TimelineEvent[] {
  return t.events.map((e, i) => ({
    id: `${order.id}#${t.order.version}.${i}`, caseId: order.id, itemId: e.assignmentId, action: e.action, actor: actorRef(operator), at,
    from: e.from, to: e.to, reason: e.reason, detail: e.detail,
  }));
}

function record(disposition: NewOrderInput['disposition'], at: string): { order: WorkOrder; events: TimelineEvent[] } {
  const t = recordOrder('wo-20260302-0001', {
    caller: { maskedPhone: '138****5678', name: '' }, classId: 'water', itemId: 'watercut', content: '停水', location: { district: YZ, town: null, address: '' },
    urgency: 'normal', disposition,
  }, { cls, item: cls.items[0], catalogVersion: 1 }, YZ, ctx(at), null);
  if (isDomainError(t)) throw t;
  return { order: t.order, events: timeline(t.order, t, at) };
}

function step(order: WorkOrder, command: OrderCommand, at: string): { order: WorkOrder; events: TimelineEvent[] } {
  const t = decideOrder(order, command, ctx(at));
  if (isDomainError(t)) throw t;
  return { order: t.order, events: timeline(order, t, at) };
}

const counts = (order: WorkOrder, events: TimelineEvent[]) => tallyOrderEvents(order, events).map((r) => [r.district, r.day, r.counts]);

describe('tallyOrderEvents', () => {
  it('an order answered on the spot with a rating: accepted, by class, direct, the rating', () => {
    const r = record({ type: 'answer', text: '已恢复', knowledgeUsed: true, level: 'basic' }, '2026-03-02T02:00:00.000Z');
    expect(counts(r.order, r.events)).toEqual([[YZ, '20260302', { wacc: 1, wc_water: 1, wdir: 1, wv_basic: 1 }]]);
  });

  it('a transfer counts dispatches; return, reply late and on time, visit, reopen and escalate count on their own days', () => {
    let r = record({ type: 'transfer', departments: ['yinzhou-waterSupply', 'yinzhou-lawEnforcement'], lead: 'yinzhou-waterSupply' }, '2026-03-02T17:00:00.000Z');
    // 17:00 UTC is 01:00 the next day in Asia/Shanghai.
    expect(counts(r.order, r.events)).toEqual([[YZ, '20260303', { wacc: 1, wc_water: 1, wtr: 1, wdisp: 2 }]]);
    const all: TimelineEvent[] = [];
    const go = (c: OrderCommand, at: string) => {
      r = step(r.order, c, at);
      all.push(...r.events);
    };
    go({ type: 'return', assignmentId: 'a2', category: 'notOurDuty', reason: '非本单位' }, '2026-03-03T02:00:00.000Z');
    go({ type: 'reassign', assignmentId: 'a2', department: 'yinzhou-housing', note: '' }, '2026-03-03T03:00:00.000Z');
    go({ type: 'accept', assignmentId: 'a1' }, '2026-03-03T04:00:00.000Z');
    go({ type: 'reply', assignmentId: 'a1', text: '已修复' }, '2026-03-03T05:00:00.000Z');
    go({ type: 'accept', assignmentId: 'a3' }, '2026-03-05T02:00:00.000Z');
    go({ type: 'reply', assignmentId: 'a3', text: '已处理' }, '2026-03-05T03:00:00.000Z');
    go({ type: 'visit', reached: true, level: 'dissatisfied', comment: '' }, '2026-03-05T04:00:00.000Z');
    go({ type: 'reopen', reason: '仍不满意' }, '2026-03-05T05:00:00.000Z');
    go({ type: 'escalate', note: '升级' }, '2026-03-05T06:00:00.000Z');
    expect(counts(r.order, all)).toEqual([
      [YZ, '20260303', { wret: 1, wdisp: 1, wrep: 1, wok: 1, wd_yinzhou_waterSupply: 1, wdok_yinzhou_waterSupply: 1 }],
      [YZ, '20260305', { wrep: 1, wlate: 1, wd_yinzhou_housing: 1, wv_dissatisfied: 1, wdisp: 2, wro: 1, wesc: 1 }],
    ]);
  });

  it('a call-back later transferred, a merge, and events that count nothing', () => {
    let r = record({ type: 'callback', at: '2026-03-02T05:00:00.000Z', note: '' }, '2026-03-02T02:00:00.000Z');
    expect(counts(r.order, r.events)).toEqual([[YZ, '20260302', { wacc: 1, wc_water: 1, wcb: 1 }]]);
    r = step(r.order, { type: 'transfer', departments: ['yinzhou-waterSupply'], lead: 'yinzhou-waterSupply' }, '2026-03-02T05:00:00.000Z');
    expect(counts(r.order, r.events)).toEqual([[YZ, '20260302', { wtr: 1, wdisp: 1 }]]);
    r = step(r.order, { type: 'recordCall', department: 'yinzhou-waterSupply', summary: '三方通话' }, '2026-03-02T06:00:00.000Z');
    expect(counts(r.order, r.events)).toEqual([]);
  });
});

describe('hotlineFigures', () => {
  it('turns summed columns into rates, visits, satisfaction, classes and days', () => {
    const sum = {
      wacc: 10, wdir: 4, wtr: 5, wmg: 1, wdisp: 8, wret: 2, wrep: 6, wok: 3, wlate: 3, wro: 1, wc_water: 7, wc_power: 3,
      wv_verySatisfied: 2, wv_satisfied: 1, wv_basic: 1, wv_dissatisfied: 1, wv_veryDissatisfied: 0,
    };
    const f = hotlineFigures(sum, new Map([['water', '供水']]), [{ day: '20260303', counts: { wacc: 4 } }, { day: '20260302', counts: { wacc: 6, wdir: 2 } }]);
    expect(f).toEqual({
      orders: 10, direct: 4, transferred: 5, merged: 1, returned: 2, returnRate: 0.25, replied: 6, onTime: 3, onTimeRate: 0.5,
      visits: { verySatisfied: 2, satisfied: 1, basic: 1, dissatisfied: 1, veryDissatisfied: 0 }, satisfaction: 0.8, reopened: 1,
      byClass: [{ classId: 'water', className: '供水', count: 7 }, { classId: 'power', className: 'power', count: 3 }],
      daily: [{ day: '2026-03-02', orders: 6 }, { day: '2026-03-03', orders: 4 }],
    });
  });

  it('rates are null without a denominator', () => {
    const f = hotlineFigures({}, new Map(), []);
    expect([f.orders, f.returnRate, f.onTimeRate, f.satisfaction, f.byClass, f.daily]).toEqual([0, null, null, null, [], []]);
  });
});
