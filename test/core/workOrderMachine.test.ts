// The rules of a 81812345 热线工单 (core workOrderMachine.ts): parsing the operator's record and staff commands,
// recording with each disposition, the lifecycle (签收, 退单, 改派, 答复, 回访, 重办, 督办, 预警), who may act, what the
// page offers; and, as a property, that random commands from random actors never break the order's invariants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, StaffActor } from '../../functions/core/actor';
import { actorRef, systemActor } from '../../functions/core/actor';
import { addWorkingDays, countWorkingDays, createWorkCalendar } from '../../functions/core/calendar';
import { isDomainError } from '../../functions/core/errors';
import { findStaff } from '../../functions/core/directory';
import { instantMillis } from '../../functions/core/time';
import type { HotlineClass, NewOrderInput, OrderCommand, OrderContext, OrderTransition, WorkOrder } from '../../functions/core/workOrder';
import {
  allowedCommands, authorizeOrderCommand, decideOrder, parseNewOrder, parseOrderCommand, recordOrder,
} from '../../functions/core/workOrderMachine';
import { seedDirectory } from './fixtures';

const cal = createWorkCalendar();
const workdays: OrderContext['workdays'] = {
  addWorkingDays: (s, n) => addWorkingDays(cal, s, n)?.date ?? null,
  countWorkingDays: (a, b) => countWorkingDays(cal, a, b),
};
const departments = new Map(seedDirectory.departments.map((d) => [d.id, { name: d.name, district: d.district }]));
const YZ = '330212';
/** Monday 2 March 2026, 10:00 Asia/Shanghai. */
const NOW = '2026-03-02T02:00:00.000Z';
const CHINESE = /[\u4e00-\u9fff]/;

function staff(id: string): StaffActor {
  const s = findStaff(seedDirectory, id);
  if (!s) throw new Error(`no staff ${id}`);
  return { kind: 'staff', id: s.id, name: s.name, district: s.district, department: s.department, roles: s.roles };
}

const operator: StaffActor = { kind: 'staff', id: 'yz-op', name: '话务员甲', district: YZ, department: 'yinzhou-hotlineCenter', roles: ['operator'] };
const otherOperator: StaffActor = { ...operator, id: 'hs-op', district: '330203', department: 'haishu-hotlineCenter' };
const water = staff('yinzhou-waterSupply-handler1');
const waterSigner = staff('yinzhou-waterSupply-signer1');
const lawEnf = staff('yinzhou-lawEnforcement-handler1');
const police = staff('yinzhou-police-handler1');
const supervisor = staff('yinzhou-serviceCenter-supervisor1');
const timer = systemActor('timer');

const ctxOf = (actor: Actor, now = NOW): OrderContext => ({ now, actor: actorRef(actor), workdays, departments });
const hoursAfter = (t: string, h: number) => new Date(instantMillis(t) + h * 3_600_000).toISOString();

const cls: HotlineClass = {
  id: 'water', name: '供水', items: [{
    id: 'watercut', name: '停水咨询', kind: 'consult', limit: { unit: 'workingDays', value: 3 }, departmentKind: 'waterSupply',
    answer: '', keywords: ['停水'], active: true,
  }],
};
const item = { cls, item: cls.items[0], catalogVersion: 4 };

function newInput(disposition: NewOrderInput['disposition']): Omit<NewOrderInput, 'caller' | 'requestId'> & { caller: { maskedPhone: string; name: string } } {
  return {
    caller: { maskedPhone: '138****5678', name: '张先生' }, classId: 'water', itemId: 'watercut', content: '小区停水两天了，什么时候恢复',
    location: { district: YZ, town: 'yinzhou-shounan', address: '首南街道日丽中路1号' }, urgency: 'normal', disposition,
  };
}

function ok<T>(r: T | import('../../functions/core/errors').DomainError): T {
  if (isDomainError(r)) throw new Error(`${r.code}: ${r.message}`);
  return r;
}

function transferred(deps = ['yinzhou-waterSupply', 'yinzhou-lawEnforcement'], lead = 'yinzhou-waterSupply'): WorkOrder {
  return ok(recordOrder('wo-20260302-0001', newInput({ type: 'transfer', departments: deps, lead }), item, YZ, ctxOf(operator), null)).order;
}

/** Authorise and decide, as the service does. */
function act(order: WorkOrder, actor: Actor, command: OrderCommand, now = NOW): OrderTransition | import('../../functions/core/errors').DomainError {
  return authorizeOrderCommand(actor, order, command) ?? decideOrder(order, command, ctxOf(actor, now));
}

const validBody = {
  requestId: 'req-0001-abcd', caller: { phone: '13812345678', name: '张先生' }, classId: 'water', itemId: 'watercut', content: '小区停水两天了',
  location: { district: YZ, town: null, address: '' }, urgency: 'normal', disposition: { type: 'answer', text: '今晚恢复供水', knowledgeUsed: true },
};

describe('parseNewOrder', () => {
  it('takes a valid record, trims text and keeps the number as digits', () => {
    const r = ok(parseNewOrder({ ...validBody, content: '  小区停水两天了 ', caller: { phone: '138 1234 5678', name: '' } }));
    expect(r.content).toBe('小区停水两天了');
    expect(r.caller.phone).toBe('13812345678');
  });

  it('takes fixed lines with or without the hyphen', () => {
    expect(ok(parseNewOrder({ ...validBody, caller: { phone: '0574-88881234', name: '' } })).caller.phone).toBe('0574-88881234');
    expect(ok(parseNewOrder({ ...validBody, caller: { phone: '057488881234', name: '' } })).caller.phone).toBe('0574-88881234');
  });

  it.each(['12812345678', '1381234567', '88881234', '0574-0888123', 'abc'])('refuses the phone %s with INVALID_PHONE', (phone) => {
    const r = parseNewOrder({ ...validBody, caller: { phone, name: '' } });
    expect(isDomainError(r) && r.code).toBe('INVALID_PHONE');
    expect(isDomainError(r) && r.message).toMatch(CHINESE);
  });

  it('refuses empty, invisible or too long content, a long address, a bad call-back time and unknown dispositions', () => {
    const bad: unknown[] = [
      { ...validBody, content: '   ' },
      { ...validBody, content: '\u200b\u200b' },
      { ...validBody, content: '水'.repeat(501) },
      { ...validBody, location: { ...validBody.location, address: '路'.repeat(101) } },
      { ...validBody, disposition: { type: 'callback', at: '明天上午', note: '' } },
      { ...validBody, disposition: { type: 'ignore' } },
      { ...validBody, disposition: { type: 'transfer', departments: [], lead: 'x' } },
      { ...validBody, urgency: 'very' },
      { ...validBody, extra: 1 },
      null,
      'text',
    ];
    for (const body of bad) {
      const r = parseNewOrder(body);
      expect(isDomainError(r) && r.code).toBe('INVALID_INPUT');
      expect(isDomainError(r) && r.message).toMatch(CHINESE);
    }
    expect(isDomainError(parseNewOrder({ ...validBody, content: '水'.repeat(500) }))).toBe(false);
    const long = parseNewOrder({ ...validBody, content: '水'.repeat(501) });
    expect(isDomainError(long) && long.message).toBe('【诉求内容】不能超过500字');
    const address = parseNewOrder({ ...validBody, location: { ...validBody.location, address: '路'.repeat(101) } });
    expect(isDomainError(address) && address.message).toBe('【详细地址】内容过长');
  });
});

describe('parseOrderCommand', () => {
  it('takes each command and refuses unknown types, missing reasons and a reached visit without a level', () => {
    expect(ok(parseOrderCommand({ type: 'accept', assignmentId: 'a1' }))).toEqual({ type: 'accept', assignmentId: 'a1' });
    expect(ok(parseOrderCommand({ type: 'visit', reached: false, level: null, comment: '' })).type).toBe('visit');
    for (const body of [
      { type: 'delete' },
      { type: 'return', assignmentId: 'a1', category: 'unclear', reason: ' ' },
      { type: 'return', assignmentId: 'a1', category: 'lazy', reason: '不归我们' },
      { type: 'visit', reached: true, level: null, comment: '' },
      { type: 'scheduleCallback', at: 'tomorrow', note: '' },
      { type: 'reopen', reason: '' },
    ]) {
      const r = parseOrderCommand(body);
      expect(isDomainError(r) && r.code).toBe('INVALID_INPUT');
      expect(isDomainError(r) && r.message).toMatch(CHINESE);
    }
  });
});

describe('recordOrder', () => {
  it('answers on the spot: closed, answered, an on-the-spot rating recorded as a visit', () => {
    const t = ok(recordOrder('wo-20260302-0001', newInput({ type: 'answer', text: '今晚恢复', knowledgeUsed: true, level: 'satisfied' }), item, YZ, ctxOf(operator), null));
    expect(t.order).toMatchObject({ state: 'closed', outcome: 'answered', version: 1, catalogVersion: 4, itemName: '停水咨询' });
    expect(t.order.visits).toHaveLength(1);
    expect(t.events[0]).toMatchObject({ action: 'record', to: 'closed', detail: { classId: 'water', disposition: 'answer', level: 'satisfied' } });
    expect(t.notices).toEqual([]);
  });

  it('schedules a call-back, never in the past', () => {
    const t = ok(recordOrder('wo-20260302-0001', newInput({ type: 'callback', at: hoursAfter(NOW, 2), note: '查询后回复' }), item, YZ, ctxOf(operator), null));
    expect(t.order.state).toBe('callback');
    expect(t.order.callbacks[0].doneAt).toBeNull();
    const past = recordOrder('wo-20260302-0001', newInput({ type: 'callback', at: hoursAfter(NOW, -1), note: '' }), item, YZ, ctxOf(operator), null);
    expect(isDomainError(past) && past.code).toBe('CALLBACK_IN_PAST');
  });

  it('transfers to the lead and the assists once each, due by the limit, with a notice to each department', () => {
    const t = ok(recordOrder('wo-20260302-0001', newInput({
      type: 'transfer', departments: ['yinzhou-lawEnforcement', 'yinzhou-waterSupply', 'yinzhou-lawEnforcement'], lead: 'yinzhou-waterSupply',
    }), item, YZ, ctxOf(operator), null));
    expect(t.order.state).toBe('transferred');
    expect(t.order.assignments.map((a) => [a.id, a.department, a.role, a.state, a.round])).toEqual([
      ['a1', 'yinzhou-waterSupply', 'lead', 'dispatched', 1], ['a2', 'yinzhou-lawEnforcement', 'assist', 'dispatched', 1],
    ]);
    // Monday + 3 working days → Thursday 5 March, end of day.
    expect(t.order.assignments[0].dueAt).toBe('2026-03-05T15:59:59.000Z');
    expect(t.notices).toHaveLength(2);
    expect(t.notices[0]).toMatchObject({ to: { department: 'yinzhou-waterSupply', role: 'handler' }, title: '新热线工单待签收' });
    expect(t.notices[0].text).toContain('wo-20260302-0001');
    expect(t.notices[0].text).toContain('停水咨询');
    expect(t.notices[0].text).toContain('2026-03-05 23:59');
    expect(t.events[0].detail).toMatchObject({ disposition: 'transfer', dispatched: 2 });
  });

  it('refuses departments that do not exist or belong to another district, a lead not listed, a place outside the district', () => {
    const other = recordOrder('wo-1', newInput({ type: 'transfer', departments: ['haishu-police'], lead: 'haishu-police' }), item, YZ, ctxOf(operator), null);
    expect(isDomainError(other) && other.code).toBe('UNKNOWN_DEPARTMENT');
    const none = recordOrder('wo-1', newInput({ type: 'transfer', departments: ['nowhere'], lead: 'nowhere' }), item, YZ, ctxOf(operator), null);
    expect(isDomainError(none) && none.code).toBe('UNKNOWN_DEPARTMENT');
    const lead = recordOrder('wo-1', newInput({ type: 'transfer', departments: ['yinzhou-police'], lead: 'yinzhou-waterSupply' }), item, YZ, ctxOf(operator), null);
    expect(isDomainError(lead) && lead.code).toBe('INVALID_INPUT');
    const away = recordOrder('wo-1', { ...newInput({ type: 'answer', text: '好', knowledgeUsed: false }), location: { district: '330203', town: null, address: '' } }, item, YZ, ctxOf(operator), null);
    expect(isDomainError(away) && away.code).toBe('LOCATION_OUTSIDE_DISTRICT');
  });

  it('merges only under an open 热点事件', () => {
    const parent = transferred();
    const notEvent = recordOrder('wo-2', newInput({ type: 'merge', parentId: parent.id }), item, YZ, ctxOf(operator), parent);
    expect(isDomainError(notEvent) && notEvent.code).toBe('PARENT_NOT_OPEN_EVENT');
    const event = ok(act(parent, operator, { type: 'markEvent', title: '首南街道停水' })).order;
    const t = ok(recordOrder('wo-2', newInput({ type: 'merge', parentId: parent.id }), item, YZ, ctxOf(operator), event));
    expect(t.order).toMatchObject({ state: 'merged', parentId: parent.id });
    const closed = { ...event, state: 'closed' as const };
    const late = recordOrder('wo-3', newInput({ type: 'merge', parentId: parent.id }), item, YZ, ctxOf(operator), closed);
    expect(isDomainError(late) && late.code).toBe('PARENT_NOT_OPEN_EVENT');
  });
});

describe('the lifecycle', () => {
  it('accept, reply by both departments → visit; not reached stays; 不满意 closes unsatisfied; reopen once to the same departments', () => {
    let o = transferred();
    o = ok(act(o, water, { type: 'accept', assignmentId: 'a1' })).order;
    o = ok(act(o, lawEnf, { type: 'accept', assignmentId: 'a2' })).order;
    o = ok(act(o, water, { type: 'reply', assignmentId: 'a1', text: '已抢修' }, hoursAfter(NOW, 5))).order;
    expect(o.state).toBe('transferred');
    const last = ok(act(o, lawEnf, { type: 'reply', assignmentId: 'a2', text: '已巡查' }, '2026-03-06T02:00:00.000Z'));
    o = last.order;
    expect(o.state).toBe('visit');
    expect(o.assignments.map((a) => a.onTime)).toEqual([true, false]);
    expect(last.events[0].detail).toMatchObject({ department: 'yinzhou-lawEnforcement', onTime: false });
    expect(o.version).toBe(5);

    o = ok(act(o, operator, { type: 'visit', reached: false, level: null, comment: '无人接听' })).order;
    expect(o.state).toBe('visit');
    o = ok(act(o, operator, { type: 'visit', reached: true, level: 'dissatisfied', comment: '还是没水' })).order;
    expect(o).toMatchObject({ state: 'closed', outcome: 'unsatisfied' });
    expect(allowedCommands(operator, o)).toEqual(['reopen']);

    const reopened = ok(act(o, operator, { type: 'reopen', reason: '群众仍反映停水' }, '2026-03-09T02:00:00.000Z'));
    o = reopened.order;
    expect(o.state).toBe('transferred');
    expect(o.assignments.filter((a) => a.round === 2).map((a) => [a.id, a.department, a.role])).toEqual([
      ['a3', 'yinzhou-waterSupply', 'lead'], ['a4', 'yinzhou-lawEnforcement', 'assist'],
    ]);
    expect(reopened.notices.map((n) => n.title)).toEqual(['新热线工单待签收', '新热线工单待签收']);

    for (const [who, id] of [[water, 'a3'], [lawEnf, 'a4']] as const) {
      o = ok(act(o, who, { type: 'accept', assignmentId: id }, '2026-03-09T03:00:00.000Z')).order;
      o = ok(act(o, who, { type: 'reply', assignmentId: id, text: '再次处理' }, '2026-03-09T04:00:00.000Z')).order;
    }
    o = ok(act(o, operator, { type: 'visit', reached: true, level: 'veryDissatisfied', comment: '' })).order;
    expect(o.outcome).toBe('unsatisfied');
    const again = act(o, operator, { type: 'reopen', reason: '再次重办' });
    expect(isDomainError(again) && again.code).toBe('REOPEN_USED');
    expect(allowedCommands(operator, o)).toEqual([]);
  });

  it('a satisfied visit closes visited and the order accepts nothing more', () => {
    let o = transferred(['yinzhou-waterSupply'], 'yinzhou-waterSupply');
    o = ok(act(o, water, { type: 'accept', assignmentId: 'a1' })).order;
    o = ok(act(o, water, { type: 'reply', assignmentId: 'a1', text: '已处理' })).order;
    const t = ok(act(o, operator, { type: 'visit', reached: true, level: 'satisfied', comment: '' }));
    expect(t.order).toMatchObject({ state: 'closed', outcome: 'visited' });
    expect(t.events.map((e) => e.action)).toEqual(['visit', 'close']);
    const reply = act(t.order, water, { type: 'reply', assignmentId: 'a1', text: '再答复' });
    expect(isDomainError(reply) && reply.code).toBe('INVALID_TRANSITION');
    expect(isDomainError(reply) && reply.message).toContain('「已办结」');
    const reopen = act(t.order, operator, { type: 'reopen', reason: '想重办' });
    expect(isDomainError(reopen) && reopen.code).toBe('INVALID_TRANSITION');
  });

  it('退单 keeps the order 办理中 until the centre re-assigns; the new assignment takes the role and a fresh due', () => {
    let o = transferred();
    const ret = ok(act(o, water, { type: 'return', assignmentId: 'a1', category: 'notOurDuty', reason: '属于物业管理' }, hoursAfter(NOW, 1)));
    expect(ret.notices).toEqual([]);
    o = ret.order;
    expect(o.state).toBe('transferred');
    expect(o.assignments[0]).toMatchObject({ state: 'returned', returned: { category: 'notOurDuty', reason: '属于物业管理' } });
    o = ok(act(o, lawEnf, { type: 'accept', assignmentId: 'a2' })).order;
    o = ok(act(o, lawEnf, { type: 'reply', assignmentId: 'a2', text: '已处理' })).order;
    expect(o.state).toBe('transferred');
    expect(allowedCommands(operator, o)).toContain('reassign');

    const dup = act(o, operator, { type: 'reassign', assignmentId: 'a1', department: 'yinzhou-lawEnforcement', note: '' });
    expect(isDomainError(dup) && dup.code).toBe('INVALID_INPUT');
    const notReturned = act(o, operator, { type: 'reassign', assignmentId: 'a2', department: 'yinzhou-police', note: '' });
    expect(isDomainError(notReturned) && notReturned.code).toBe('INVALID_TRANSITION');

    const re = ok(act(o, operator, { type: 'reassign', assignmentId: 'a1', department: 'yinzhou-housing', note: '物业归住建' }, '2026-03-03T02:00:00.000Z'));
    o = re.order;
    expect(o.assignments[0].replacedBy).toBe('a3');
    expect(o.assignments[2]).toMatchObject({ id: 'a3', department: 'yinzhou-housing', role: 'lead', round: 1, state: 'dispatched', dueAt: '2026-03-06T15:59:59.000Z' });
    expect(re.notices[0]).toMatchObject({ to: { department: 'yinzhou-housing', role: 'handler' }, title: '新热线工单待签收' });
    const twice = act(o, operator, { type: 'reassign', assignmentId: 'a1', department: 'yinzhou-police', note: '' });
    expect(isDomainError(twice) && twice.code).toBe('INVALID_TRANSITION');

    const housing = staff('yinzhou-housing-handler1');
    o = ok(act(o, housing, { type: 'accept', assignmentId: 'a3' })).order;
    o = ok(act(o, housing, { type: 'reply', assignmentId: 'a3', text: '已督促物业' })).order;
    expect(o.state).toBe('visit');
  });

  it('退单 only within 2 working days of the dispatch (RETURN_TOO_LATE after)', () => {
    const o = transferred();
    const cmd: OrderCommand = { type: 'return', assignmentId: 'a1', category: 'notOurArea', reason: '不在本辖区' };
    // Dispatched Monday; Wednesday is the 2nd working day, Thursday the 3rd.
    expect(isDomainError(act(o, water, cmd, '2026-03-04T09:00:00.000Z'))).toBe(false);
    const late = act(o, water, cmd, '2026-03-05T01:00:00.000Z');
    expect(isDomainError(late) && late.code).toBe('RETURN_TOO_LATE');
    expect(isDomainError(late) && late.message).toMatch(CHINESE);
  });

  it('reply needs 签收 first; accept only once', () => {
    let o = transferred();
    const early = act(o, water, { type: 'reply', assignmentId: 'a1', text: '已处理' });
    expect(isDomainError(early) && early.message).toContain('待签收');
    o = ok(act(o, water, { type: 'accept', assignmentId: 'a1' })).order;
    const twice = act(o, water, { type: 'accept', assignmentId: 'a1' });
    expect(isDomainError(twice) && twice.code).toBe('INVALID_TRANSITION');
  });

  it('a call-back: rescheduled (the call made gets doneAt), then answered with a rating, or transferred', () => {
    let o = ok(recordOrder('wo-1', newInput({ type: 'callback', at: hoursAfter(NOW, 1), note: '' }), item, YZ, ctxOf(operator), null)).order;
    o = ok(act(o, operator, { type: 'scheduleCallback', at: hoursAfter(NOW, 5), note: '对方忙' }, hoursAfter(NOW, 1))).order;
    expect(o.callbacks.map((c) => c.doneAt === null)).toEqual([false, true]);
    const answered = ok(act(o, operator, { type: 'answer', text: '已恢复', knowledgeUsed: false, level: 'basic' }, hoursAfter(NOW, 5))).order;
    expect(answered).toMatchObject({ state: 'closed', outcome: 'answered' });
    expect(answered.callbacks.every((c) => c.doneAt !== null)).toBe(true);
    expect(answered.visits[0].level).toBe('basic');
    const moved = ok(act(o, operator, { type: 'transfer', departments: ['yinzhou-waterSupply'], lead: 'yinzhou-waterSupply' }, hoursAfter(NOW, 5))).order;
    expect(moved.state).toBe('transferred');
    const past = act(o, operator, { type: 'scheduleCallback', at: NOW, note: '' }, hoursAfter(NOW, 2));
    expect(isDomainError(past) && past.code).toBe('CALLBACK_IN_PAST');
  });

  it('三方通话, 热点事件, 催办 and 升级督办 with their notices', () => {
    let o = transferred();
    o = ok(act(o, operator, { type: 'recordCall', department: 'yinzhou-waterSupply', summary: '三方通话确认抢修时间' })).order;
    expect(o.calls).toHaveLength(1);
    o = ok(act(o, operator, { type: 'markEvent', title: '首南停水' })).order;
    expect(o.event?.title).toBe('首南停水');
    const urged = ok(act(o, supervisor, { type: 'urge', assignmentId: 'a1', note: '请尽快处理' }));
    expect(urged.notices).toEqual([expect.objectContaining({ to: { department: 'yinzhou-waterSupply', role: 'handler' }, title: '热线工单催办' })]);
    const esc = ok(act(urged.order, supervisor, { type: 'escalate', note: '群众反映强烈' }));
    expect(esc.order.escalated?.note).toBe('群众反映强烈');
    expect(esc.notices.map((n) => n.to)).toEqual([{ district: YZ, role: 'leader' }, { district: YZ, role: 'supervisor' }]);
    const again = act(esc.order, supervisor, { type: 'escalate', note: '再升级' });
    expect(isDomainError(again) && again.code).toBe('INVALID_TRANSITION');
  });

  it('raiseAlert once per level: the second time changes nothing', () => {
    const o = transferred();
    const first = ok(act(o, timer, { type: 'raiseAlert', assignmentId: 'a1', level: 'overdue' }));
    expect(first.order.version).toBe(o.version + 1);
    expect(first.notices.map((n) => n.to)).toEqual([{ department: 'yinzhou-waterSupply', role: 'handler' }, { district: YZ, role: 'supervisor' }]);
    const second = ok(act(first.order, timer, { type: 'raiseAlert', assignmentId: 'a1', level: 'overdue' }));
    expect(second).toEqual({ order: first.order, events: [], notices: [] });
  });
});

describe('who may act', () => {
  const o = transferred();

  it('another department cannot accept, reply or return; a signer of the department can', () => {
    for (const cmd of [{ type: 'accept', assignmentId: 'a1' }, { type: 'reply', assignmentId: 'a1', text: 'x' }] as OrderCommand[]) {
      const r = authorizeOrderCommand(police, o, cmd);
      expect(r?.code).toBe('FORBIDDEN');
      expect(r?.message).toMatch(CHINESE);
    }
    expect(authorizeOrderCommand(lawEnf, o, { type: 'accept', assignmentId: 'a1' })?.code).toBe('FORBIDDEN');
    expect(authorizeOrderCommand(waterSigner, o, { type: 'accept', assignmentId: 'a1' })).toBeNull();
  });

  it('an operator of another district cannot act; a handler cannot give operator commands; only the system raises alerts', () => {
    expect(authorizeOrderCommand(otherOperator, o, { type: 'markEvent', title: '停水' })?.code).toBe('FORBIDDEN');
    expect(authorizeOrderCommand(water, o, { type: 'markEvent', title: '停水' })?.code).toBe('FORBIDDEN');
    expect(authorizeOrderCommand(operator, o, { type: 'urge', assignmentId: 'a1', note: '快' })?.code).toBe('FORBIDDEN');
    expect(authorizeOrderCommand(supervisor, o, { type: 'raiseAlert', assignmentId: 'a1', level: 'warning' })?.code).toBe('FORBIDDEN');
    expect(authorizeOrderCommand(timer, o, { type: 'accept', assignmentId: 'a1' })?.code).toBe('FORBIDDEN');
    expect(allowedCommands(otherOperator, o)).toEqual([]);
  });

  it('the page offers each actor what it may do now', () => {
    expect(allowedCommands(water, o)).toEqual(['accept', 'return']);
    expect(allowedCommands(police, o)).toEqual([]);
    expect(allowedCommands(operator, o)).toEqual(['recordCall', 'markEvent']);
    expect(allowedCommands(supervisor, o)).toEqual(['urge', 'escalate']);
    expect(allowedCommands(timer, o)).toEqual([]);
  });
});

// --- property ---------------------------------------------------------------------------------------

const ACTORS: Actor[] = [operator, otherOperator, water, lawEnf, police, supervisor, timer, staff('yinzhou-housing-handler1')];
const DEPTS = ['yinzhou-waterSupply', 'yinzhou-lawEnforcement', 'yinzhou-housing', 'haishu-police', 'nowhere'];
/** An assignment id: a fixed one (maybe unknown), or "#n" — the n-th newest assignment of the order when the step runs. */
const aid = fc.oneof(fc.constantFrom('a1', 'a9'), fc.nat(5).map((n) => `#${n}`));

function resolved(command: OrderCommand, order: WorkOrder): OrderCommand {
  if (!('assignmentId' in command) || !command.assignmentId.startsWith('#')) return command;
  const list = order.assignments;
  const n = Number(command.assignmentId.slice(1));
  return { ...command, assignmentId: list.length ? list[list.length - 1 - (n % list.length)].id : 'a1' };
}
const dep = fc.constantFrom(...DEPTS);
const lvl = fc.constantFrom('verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied' as const);

const commandArb: fc.Arbitrary<OrderCommand> = fc.oneof(
  { arbitrary: aid.map((assignmentId) => ({ type: 'accept' as const, assignmentId })), weight: 3 },
  aid.map((assignmentId) => ({ type: 'return' as const, assignmentId, category: 'notOurDuty' as const, reason: '非本单位职责' })),
  { arbitrary: aid.map((assignmentId) => ({ type: 'reply' as const, assignmentId, text: '已办理' })), weight: 3 },
  { arbitrary: fc.tuple(aid, dep).map(([assignmentId, department]) => ({ type: 'reassign' as const, assignmentId, department, note: '' })), weight: 4 },
  fc.option(lvl, { nil: undefined }).map((level) => ({ type: 'answer' as const, text: '答复', knowledgeUsed: true, ...(level ? { level } : {}) })),
  fc.tuple(fc.subarray(DEPTS, { minLength: 1 }), dep).map(([departments, lead]) => ({ type: 'transfer' as const, departments, lead })),
  {
    arbitrary: fc.subarray(DEPTS.slice(0, 3), { minLength: 1 }).chain((departments) => fc.constantFrom(...departments).map((lead) => ({ type: 'transfer' as const, departments, lead }))),
    weight: 3,
  },
  fc.integer({ min: -5, max: 48 }).map((h) => ({ type: 'scheduleCallback' as const, at: hoursAfter(NOW, h), note: '' })),
  dep.map((department) => ({ type: 'recordCall' as const, department, summary: '三方通话' })),
  { arbitrary: fc.tuple(fc.boolean(), lvl).map(([reached, level]) => ({ type: 'visit' as const, reached, level: reached ? level : null, comment: '' })), weight: 4 },
  { arbitrary: fc.constant({ type: 'reopen' as const, reason: '不满意重办' }), weight: 4 },
  fc.constant({ type: 'markEvent' as const, title: '热点' }),
  aid.map((assignmentId) => ({ type: 'urge' as const, assignmentId, note: '催办' })),
  fc.constant({ type: 'escalate' as const, note: '升级' }),
  fc.tuple(aid, fc.constantFrom('warning' as const, 'overdue' as const)).map(([assignmentId, level]) => ({ type: 'raiseAlert' as const, assignmentId, level })),
);

const startArb = fc.constantFrom<NewOrderInput['disposition']>(
  { type: 'transfer', departments: ['yinzhou-waterSupply', 'yinzhou-lawEnforcement'], lead: 'yinzhou-lawEnforcement' },
  { type: 'transfer', departments: ['yinzhou-waterSupply'], lead: 'yinzhou-waterSupply' },
  { type: 'callback', at: hoursAfter(NOW, 3), note: '' },
);

/** A step: the command, who gives it (mostly someone allowed to, so runs reach visits and reopens), hours passing. */
const stepArb = fc.tuple(fc.nat(ACTORS.length - 1), fc.boolean(), commandArb, fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })));

describe('property: random commands from random actors keep the invariants', () => {
  it('versions step by one, closed orders only reopen once, one lead per round, onTime iff reply ≤ due, refusals in Chinese', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(startArb, fc.array(stepArb, { minLength: 20, maxLength: 80 }), (start, steps) => {
        let order = ok(recordOrder('wo-20260302-0001', newInput(start), item, YZ, ctxOf(operator), null)).order;
        let now = NOW;
        let reopens = 0;
        for (const [who, allowed, given, hours] of steps) {
          now = hoursAfter(now, hours);
          const command = resolved(given, order);
          const actor = (allowed && ACTORS.find((a) => authorizeOrderCommand(a, order, command) === null)) || ACTORS[who];
          const before = order;
          const r = act(order, actor, command, now);
          if (isDomainError(r)) {
            expect(r.message).toMatch(CHINESE);
            continue;
          }
          if (r.events.length === 0) {
            expect(command.type).toBe('raiseAlert');
            expect(r.order).toBe(before);
            continue;
          }
          expect(r.order.version).toBe(before.version + 1);
          if (before.state === 'closed') expect(command.type).toBe('reopen');
          if (before.state === 'merged') throw new Error('a merged order changed');
          if (command.type === 'reopen') reopens++;
          seen.add(command.type === 'visit' ? `visit:${r.order.state}` : command.type);
          order = r.order;
          expect(reopens).toBeLessThanOrEqual(1);
          expect(order.reopened === null).toBe(reopens === 0);
          const rounds = new Set(order.assignments.map((a) => a.round));
          for (const round of rounds) {
            const leads = order.assignments.filter((a) => a.round === round && a.role === 'lead' && a.state !== 'returned');
            expect(leads.length).toBeLessThanOrEqual(1);
          }
          for (const a of order.assignments) {
            if (a.state === 'replied') expect(a.onTime).toBe(instantMillis(a.reply?.at ?? '') <= instantMillis(a.dueAt));
            else expect(a.onTime).toBeNull();
            expect(a.department.startsWith('yinzhou-')).toBe(true);
          }
          if (order.state === 'closed') expect(order.outcome).not.toBeNull();
          for (const a of ACTORS) {
            for (const t of allowedCommands(a, order)) {
              expect(a.kind).toBe('staff');
              expect(t).not.toBe('raiseAlert');
            }
          }
        }
      }),
      { numRuns: 400 },
    );
    // The runs reached every kind of transition (else the property proved little).
    for (const t of ['accept', 'return', 'reassign', 'reply', 'visit:visit', 'visit:closed', 'reopen', 'answer', 'transfer', 'urge', 'escalate', 'raiseAlert']) {
      expect(seen).toContain(t);
    }
  });
});
