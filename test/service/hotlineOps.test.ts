// 81812345 热线工单 through the service layer over tablestore-local (service/hotlineOps.ts): every disposition,
// the idempotent replay of a requestId, transfer → 退单 → 改派 → 答复 → 回访 → 办结 with the lists right after each
// drain, 重办 once, a stale version, the rows an order's drain leaves in `queues`, and the caller's phone absent in
// clear from every table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../../functions/core/actor.js';
import type { OrderList } from '../../functions/service/hotlineOps.js';
import type { OrderView } from '../../functions/service/hotlineView.js';
import { TableStore } from '../../functions/store/client.js';
import { QueueRows } from '../../functions/store/queues.js';
import { StatsRows } from '../../functions/store/statsRows.js';
import { TABLES } from '../../functions/store/tables.js';
import { outcomeOf, rawTableText } from './helpers.js';
import { createServices } from '../../functions/service/index.js';
import { KEYS, staff, startWorld, type World } from './support.js';

const OP = staff('yinzhou-hotlineCenter', 'operator1');
const OP2 = staff('yinzhou-hotlineCenter', 'operator2');
const MARKET = staff('yinzhou-marketRegulation', 'handler1');
const TRANSPORT = staff('yinzhou-transport', 'handler1');
const SUPERVISOR = staff('yinzhou-serviceCenter', 'supervisor1');
const HAISHU_OP = staff('haishu-hotlineCenter', 'operator1');
const YINZHOU = '330212';
const PHONE = '13812345678';

let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 60_000);
afterAll(async () => {
  await w?.stop();
});

const queues = () => new QueueRows(w.client);

let seq = 0;
function input(disposition: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    requestId: `hotline-req-${String(seq).padStart(4, '0')}`,
    caller: { phone: PHONE, name: '王先生' },
    classId: 'consumer',
    itemId: 'prepaidcard',
    content: '健身房预付卡跑路，老板联系不上，要求退费',
    location: { district: YINZHOU, town: null, address: '鄞州区中山东路1号' },
    urgency: 'normal',
    disposition,
    ...extra,
  };
}

const transfer = (lead = 'yinzhou-marketRegulation') => ({ type: 'transfer', departments: [lead], lead, note: '' });

async function record(body: Record<string, unknown>): Promise<OrderView> {
  const { order } = await w.services.hotline.record(OP, body);
  await w.services.drainCase(order.id);
  return order;
}

async function act(who: StaffActor, o: OrderView, command: Record<string, unknown>): Promise<OrderView> {
  const { order } = await w.services.hotline.act(who, o.id, command, o.version);
  await w.services.drainCase(order.id);
  return order;
}

/** Order ids (with the assignment, when a row names one) of a list as `who` sees it. */
async function listed(who: StaffActor, list: OrderList): Promise<string[]> {
  const { rows } = await w.services.hotline.list(who, list, null);
  return rows.map((r) => (r.assignmentId ? `${r.orderId}/${r.assignmentId}` : r.orderId));
}

describe('recording', () => {
  it('answered on the spot: closed at once, masked phone only, nothing listed', async () => {
    const o = await record(input({ type: 'answer', text: '请向市场监管部门投诉', knowledgeUsed: true }));
    expect(o.id).toMatch(/^wo-20260302-\d{4}$/);
    expect(o).toMatchObject({ state: 'closed', outcome: 'answered', stateLabel: '已办结', outcomeLabel: '直接答复', version: 1 });
    expect(o.caller).toEqual({ maskedPhone: '138****5678', name: '王先生' });
    expect(o.timeline.map((e) => e.actionLabel)).toEqual(['登记工单']);
    expect(await listed(OP, 'callback')).not.toContain(o.id);
  });

  it('a call-back: listed in the operators\' call-back list until it is made', async () => {
    const o = await record(input({ type: 'callback', at: '2026-03-02T06:00:00.000Z', note: '下午回电' }));
    expect(o.state).toBe('callback');
    expect(await listed(OP, 'callback')).toContain(o.id);
    const answered = await act(OP, o, { type: 'answer', text: '已回电答复', knowledgeUsed: false });
    expect(answered.state).toBe('closed');
    expect(await listed(OP, 'callback')).not.toContain(o.id);
  });

  it('transferred: the department\'s 待签收 list; merged into an event: counted on the parent, the child shows the parent', async () => {
    const parent = await record(input(transfer()));
    expect(parent.state).toBe('transferred');
    expect(parent.assignments.map((a) => [a.department, a.stateLabel])).toEqual([['yinzhou-marketRegulation', '待签收']]);
    expect(await listed(MARKET, 'incoming')).toContain(`${parent.id}/a1`);
    const event = await act(OP, parent, { type: 'markEvent', title: '某健身房预付卡跑路' });
    expect(await listed(OP, 'events')).toContain(parent.id);

    const { matches } = await w.services.hotline.match(OP, { classId: 'consumer', itemId: 'prepaidcard', town: null, content: '健身房跑路了，预付卡退不了费' });
    expect(matches[0]).toMatchObject({ orderId: parent.id, merged: 0 });

    const child = await record(input({ type: 'merge', parentId: parent.id }));
    expect(child).toMatchObject({ state: 'merged', parentId: parent.id, parent: { id: parent.id, title: '某健身房预付卡跑路', state: 'transferred', reply: null } });
    expect((await w.services.hotline.get(OP, parent.id)).order.mergedCount).toBe(1);
    expect((await w.services.hotline.match(OP, { classId: 'consumer', itemId: 'prepaidcard', town: null, content: '预付卡' })).matches[0].merged).toBe(1);
    const rows = await queues().page(`wo:${YINZHOU}:event:${parent.id}`, { limit: 10 });
    expect(rows.rows.map((r) => r.ref)).toEqual([`${child.id}/order`]);

    // the event answered: the child's view shows the parent's reply
    const accepted = await act(MARKET, event, { type: 'accept', assignmentId: 'a1' });
    await act(MARKET, accepted, { type: 'reply', assignmentId: 'a1', text: '已立案调查，督促退费' });
    const again = (await w.services.hotline.get(OP, child.id)).order;
    expect(again.parent).toMatchObject({ state: 'visit', reply: '已立案调查，督促退费' });
  });

  it('merging into an order that is no event, or another district\'s, is refused', async () => {
    const plain = await record(input(transfer()));
    expect(await outcomeOf(w.services.hotline.record(OP, input({ type: 'merge', parentId: plain.id })))).toBe('PARENT_NOT_OPEN_EVENT');
    expect(await outcomeOf(w.services.hotline.record(HAISHU_OP, input({ type: 'merge', parentId: plain.id }, { location: { district: '330203', town: null, address: '' } })))).toBe('NOT_FOUND');
  });

  it('a replayed requestId answers the first order and takes no number', async () => {
    const body = input(transfer());
    const first = await w.services.hotline.record(OP, body);
    const replay = await w.services.hotline.record(OP, body);
    expect(first.created).toBe(true);
    expect(replay).toMatchObject({ created: false, order: { id: first.order.id, version: 1 } });
    const next = await w.services.hotline.record(OP, input(transfer()));
    expect(Number(next.order.id.slice(-4))).toBe(Number(first.order.id.slice(-4)) + 1);
  });

  it('refuses bad input, a handler recording, and an item the catalog does not have — changing nothing', async () => {
    const before = (await w.services.hotline.search(OP, '5678')).rows.length;
    expect(await outcomeOf(w.services.hotline.record(OP, input(transfer(), { caller: { phone: '12345', name: '' } })))).toBe('INVALID_PHONE');
    expect(await outcomeOf(w.services.hotline.record(OP, input(transfer(), { content: '' })))).toBe('INVALID_INPUT');
    expect(await outcomeOf(w.services.hotline.record(OP, input(transfer(), { itemId: 'nosuchitem' })))).toBe('INVALID_INPUT');
    expect(await outcomeOf(w.services.hotline.record(OP, input(transfer('haishu-marketRegulation'))))).toBe('UNKNOWN_DEPARTMENT');
    expect(await outcomeOf(w.services.hotline.record(OP, input({ type: 'callback', at: '2026-03-01T00:00:00.000Z', note: '' })))).toBe('CALLBACK_IN_PAST');
    expect(await outcomeOf(w.services.hotline.record(MARKET, input(transfer())))).toBe('FORBIDDEN');
    expect((await w.services.hotline.search(OP, '5678')).rows.length).toBe(before);
  });
});

describe('a transferred order through its life', () => {
  it('accept → 退单 → 改派 → 答复 → 回访 (不满意) → 重办 once, the lists right after each drain', async () => {
    let o = await record(input(transfer()));
    o = await act(MARKET, o, { type: 'accept', assignmentId: 'a1' });
    expect(await listed(MARKET, 'incoming')).not.toContain(`${o.id}/a1`);
    expect(await listed(MARKET, 'active')).toContain(`${o.id}/a1`);
    expect(await listed(SUPERVISOR, 'supervise')).toContain(`${o.id}/a1`);

    o = await act(MARKET, o, { type: 'return', assignmentId: 'a1', category: 'notOurDuty', reason: '属交通运输部门职责' });
    expect(await listed(MARKET, 'active')).not.toContain(`${o.id}/a1`);
    expect(await listed(OP, 'returned')).toContain(`${o.id}/a1`);
    expect(await listed(SUPERVISOR, 'supervise')).not.toContain(`${o.id}/a1`);

    o = await act(OP, o, { type: 'reassign', assignmentId: 'a1', department: 'yinzhou-transport', note: '改派交通运输局' });
    expect(await listed(OP, 'returned')).not.toContain(`${o.id}/a1`);
    expect(await listed(TRANSPORT, 'incoming')).toContain(`${o.id}/a2`);
    // the handler of the department it left no longer sees the order's commands; another department not the order
    expect((await w.services.hotline.get(MARKET, o.id)).order.allowed).toEqual([]);

    o = await act(TRANSPORT, o, { type: 'accept', assignmentId: 'a2' });
    o = await act(TRANSPORT, o, { type: 'reply', assignmentId: 'a2', text: '已处理' });
    expect(o.state).toBe('visit');
    expect(await listed(TRANSPORT, 'active')).not.toContain(`${o.id}/a2`);
    expect(await listed(OP, 'visit')).toContain(o.id);
    expect(o.allowed).toEqual([]); // the handler's view: nothing left to do

    o = await act(OP, o, { type: 'visit', reached: true, level: 'dissatisfied', comment: '没有解决' });
    expect(o).toMatchObject({ state: 'closed', outcome: 'unsatisfied' });
    expect(await listed(OP, 'visit')).not.toContain(o.id);
    expect(o.allowed).toContain('reopen');

    o = await act(OP, o, { type: 'reopen', reason: '群众不满意，重新办理' });
    expect(o.state).toBe('transferred');
    expect(await listed(TRANSPORT, 'incoming')).toContain(`${o.id}/a3`);
    o = await act(TRANSPORT, o, { type: 'accept', assignmentId: 'a3' });
    o = await act(TRANSPORT, o, { type: 'reply', assignmentId: 'a3', text: '再次处理' });
    o = await act(OP, o, { type: 'visit', reached: true, level: 'veryDissatisfied', comment: '' });
    expect(await outcomeOf(w.services.hotline.act(OP, o.id, { type: 'reopen', reason: '再次重办' }, o.version))).toBe('REOPEN_USED');
    expect(o.timeline.map((e) => e.action)).toEqual([
      'record', 'accept', 'return', 'reassign', 'accept', 'reply', 'visit', 'close', 'reopen', 'accept', 'reply', 'visit', 'close',
    ]);
    // the order's rows in `queues` as its drain left them: none of a closed order's lists but the search rows
    const search = [`wo:${YINZHOU}:tail:5678`];
    for (const q of ['callback', 'returned', 'visit', 'open', 'yinzhou-transport:incoming', 'yinzhou-transport:active']) {
      const { rows } = await queues().page(`wo:${YINZHOU}:${q}`, { limit: 200 });
      expect(rows.filter((r) => r.ref.startsWith(`${o.id}/`)), q).toEqual([]);
    }
    const tail = await queues().page(search[0], { limit: 200 });
    expect(tail.rows.find((r) => r.ref === `${o.id}/order`)?.meta).toMatchObject({ subject: expect.stringMatching(/^138\*\*\*\*5678 · /), district: YINZHOU });
  });

  it('a stale expectedVersion is a CONFLICT and changes nothing; a wrong role is FORBIDDEN; another district NOT_FOUND', async () => {
    const o = await record(input(transfer()));
    const moved = await act(MARKET, o, { type: 'accept', assignmentId: 'a1' });
    expect(await outcomeOf(w.services.hotline.act(MARKET, o.id, { type: 'reply', assignmentId: 'a1', text: '答复' }, o.version))).toBe('CONFLICT');
    expect((await w.services.hotline.get(OP, o.id)).order.version).toBe(moved.version);
    expect(await outcomeOf(w.services.hotline.act(OP, o.id, { type: 'reply', assignmentId: 'a1', text: '答复' }, moved.version))).toBe('FORBIDDEN');
    expect(await outcomeOf(w.services.hotline.act(OP, o.id, { type: 'visit', reached: false, level: null, comment: '' }, moved.version))).toBe('INVALID_TRANSITION');
    expect(await outcomeOf(w.services.hotline.get(HAISHU_OP, o.id))).toBe('NOT_FOUND');
    expect(await outcomeOf(w.services.hotline.get(TRANSPORT, o.id))).toBe('NOT_FOUND');
    expect(await outcomeOf(w.services.hotline.list(MARKET, 'callback', null))).toBe('FORBIDDEN');
  });
});

describe('search and the phone at rest', () => {
  it('finds a caller\'s orders by the last 4 digits, the whole number and the order id — in the district only', async () => {
    const o = await record(input(transfer(), { caller: { phone: '13900001111', name: '' } }));
    await record(input(transfer(), { caller: { phone: '13700001111', name: '' } }));
    expect((await w.services.hotline.search(OP2, '1111')).rows.map((r) => r.orderId)).toHaveLength(2);
    expect((await w.services.hotline.search(OP2, '139 0000 1111')).rows.map((r) => r.orderId)).toEqual([o.id]);
    expect((await w.services.hotline.search(SUPERVISOR, o.id)).rows).toMatchObject([{ orderId: o.id, state: 'transferred', subject: expect.stringContaining('139****1111') }]);
    expect((await w.services.hotline.search(HAISHU_OP, o.id)).rows).toEqual([]);
    expect(await outcomeOf(w.services.hotline.search(MARKET, '1111'))).toBe('FORBIDDEN');
  });

  it('the timer raises a deadline warning with a quarter of the limit left and overdue after it, once each, to the department and the supervisors', async () => {
    const start = w.clock.now;
    const body = input({ type: 'transfer', departments: ['yinzhou-waterSupply'], lead: 'yinzhou-waterSupply' }, { classId: 'water', itemId: 'wateroutage', content: '小区突发停水，整栋楼没水' });
    const o = await record(body);
    expect(o.assignments[0].dueAt).toBe('2026-03-03T02:00:00.000Z'); // 24 hours (突发停水)
    const alerts = async () => (await w.services.hotline.get(SUPERVISOR, o.id)).order.timeline.filter((e) => e.action === 'raiseAlert').map((e) => e.detail.level);
    try {
      w.clock.now = '2026-03-02T19:00:00.000Z'; // 17 h in: 7 h (29 %) left — nothing yet
      await w.services.sweep();
      expect(await alerts()).toEqual([]);
      const noticed = () => w.notifier.notices.filter((n) => n.caseId === o.id && n.template === 'workOrder').length;
      const before = noticed();
      w.clock.now = '2026-03-02T21:00:00.000Z'; // 5 h (21 %) left
      await w.services.sweep();
      await w.services.sweep();
      expect(await alerts()).toEqual(['warning']);
      expect(noticed()).toBeGreaterThan(before); // the warning went out (once: the second sweep raised nothing)
      const afterWarning = noticed();
      await w.services.sweep();
      expect(noticed()).toBe(afterWarning);
      w.clock.now = '2026-03-03T02:01:00.000Z'; // past due
      await w.services.sweep();
      await w.services.sweep();
      expect(await alerts()).toEqual(['warning', 'overdue']);
      const supervise = (await w.services.hotline.list(SUPERVISOR, 'supervise', null)).rows.find((r) => r.orderId === o.id);
      expect(supervise).toMatchObject({ level: 'overdue', departmentName: expect.stringContaining('自来水') });
    } finally {
      w.clock.now = start;
    }
  });

  it('an item an admin switches off is refused at once, though the catalog was read before (the cached copy is checked by version)', async () => {
    await record(input({ type: 'answer', text: '已答复', knowledgeUsed: false }, { classId: 'water', itemId: 'waterpressure', content: '水压低' }));
    const admin = staff('yinzhou-serviceCenter', 'admin1');
    const catalog = await w.services.hotlineCatalog.catalog(admin);
    const classes = catalog.classes.map((c) => (c.id !== 'water' ? c : { ...c, items: c.items.map((i) => (i.id === 'waterpressure' ? { ...i, active: false } : i)) }));
    await w.services.hotlineCatalog.save(admin, { expectedVersion: catalog.version, classes });
    const refused = await w.services.hotline.record(OP, input({ type: 'answer', text: '已答复', knowledgeUsed: false }, { classId: 'water', itemId: 'waterpressure', content: '水压低' })).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ code: 'ITEM_INACTIVE' })] });
    // switched on again, it is offered again
    const now = await w.services.hotlineCatalog.catalog(admin);
    await w.services.hotlineCatalog.save(admin, { expectedVersion: now.version, classes: catalog.classes });
    const again = await record(input({ type: 'answer', text: '已答复', knowledgeUsed: false }, { classId: 'water', itemId: 'waterpressure', content: '水压低' }));
    expect(again.state).toBe('closed');
  });

  it('no table holds a caller\'s phone number in clear', async () => {
    let all = '';
    for (const t of TABLES) {
      const meta = t.definition.tableMeta;
      all += await rawTableText(w.client as never, meta.tableName, meta.primaryKey.map((k) => k.name), TableStore);
    }
    expect(all).toContain('138****5678'); // the rows were really read
    for (const phone of [PHONE, '13900001111', '13700001111']) expect(all).not.toContain(phone);
    expect(w.notifier.notices.some((n) => n.template === 'workOrder')).toBe(true);
    // the drains tallied the orders into the district's day rows (core orderTally.ts)
    const orders = new Set(w.kicks.filter((id) => id.startsWith('wo-')));
    for (const id of orders) await w.services.drainCase(id);
    const days = await new StatsRows(w.client).days(YINZHOU, '20260302', '20260302');
    const sum = (c: string) => days.reduce((n, d) => n + (d.counts[c] ?? 0), 0);
    expect(sum('wacc')).toBe(orders.size); // every recorded order once (every record kicks its order)
    expect(sum('wmg')).toBe(1);
    expect(JSON.stringify(w.notifier.notices)).not.toContain(PHONE);
  });
});

describe('drained in the request (the api as deployed)', () => {
  it('record and act take the lease in their own write and apply their effects before answering: the lists are right with no drain call and no kick', async () => {
    const api = createServices({ client: w.client, keys: KEYS, notifier: w.notifier, now: () => w.clock.now, kick: (id) => void w.kicks.push(id), drainInline: true });
    const kicks = w.kicks.length;
    const { order } = await api.hotline.record(OP, input(transfer()));
    expect(await listed(MARKET, 'incoming')).toContain(`${order.id}/a1`);
    const { order: accepted } = await api.hotline.act(MARKET, order.id, { type: 'accept', assignmentId: 'a1' }, order.version);
    expect(await listed(MARKET, 'incoming')).not.toContain(`${order.id}/a1`);
    expect(await listed(MARKET, 'active')).toContain(`${order.id}/a1`);
    expect(accepted.version).toBe(order.version + 1);
    expect(w.kicks.slice(kicks)).toEqual([]);
    // Nothing left for the dispatcher.
    expect((await w.services.drainCase(order.id)).applied).toBe(0);
  });
});
