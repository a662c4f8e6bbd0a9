// 81812345 热线工单 through the whole local stack (the built api function on the FC runner, the dispatcher invoked
// asynchronously, tablestore-local, the 浙政钉 fake): an order answered on the spot; one transferred, returned (退单),
// re-assigned (改派), signed for, answered and closed after a satisfied 回访 — each department told through 浙政钉 and
// each list right once the dispatcher has drained; a call-back; a surge of calls merged under one 热点事件 and answered
// with it; the statistics page counting the orders; and no caller's phone number in clear in any table or any log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtsClient, TableStore } from '../../functions/store/client';
import { TABLES } from '../../functions/store/tables';
import { rawTableText } from '../service/helpers';
import { eventually, inbox, login, resetLoginCache, startScenarioStack, type ScenarioStack, type StaffClient } from './support';

const WHO = {
  operator: 'yinzhou-hotlineCenter-operator1',
  operator2: 'yinzhou-hotlineCenter-operator2',
  market: 'yinzhou-marketRegulation-handler1',
  transport: 'yinzhou-transport-handler1',
  water: 'yinzhou-waterSupply-handler1',
  supervisor: 'yinzhou-serviceCenter-supervisor1',
  haishuOperator: 'haishu-hotlineCenter-operator1',
};
const YINZHOU = '330212';
/** Every caller's number used here: none may be stored or logged in clear. */
const PHONES = ['13812340001', '13812340002', '13812340003', '13812340004', '0574-88812345'];
const SURGE_PHONES = Array.from({ length: 6 }, (_, i) => `1390000${String(1000 + i)}`);

let s: ScenarioStack;
const staff: Record<keyof typeof WHO, StaffClient> = {} as Record<keyof typeof WHO, StaffClient>;
let req = 0;

beforeAll(async () => {
  resetLoginCache();
  s = await startScenarioStack('hotline');
  for (const [key, id] of Object.entries(WHO)) staff[key as keyof typeof WHO] = await login(s.base, id);
}, 240_000);

afterAll(async () => {
  await s?.stop();
});

interface Order {
  id: string;
  version: number;
  state: string;
  stateLabel: string;
  assignments: { id: string; department: string; state: string; departmentName: string }[];
  allowed: string[];
  mergedCount: number;
  parent: { id: string; state: string; reply: string | null } | null;
  timeline: { action: string; actionLabel: string }[];
}

function call(phone: string, itemId: string, classId: string, content: string, disposition: unknown, town: string | null = null): Record<string, unknown> {
  req += 1;
  return {
    requestId: `hotline-scenario-${Date.now()}-${req}`,
    caller: { phone, name: '陈女士' },
    classId,
    itemId,
    content,
    location: { district: YINZHOU, town, address: '鄞州区天童南路' },
    urgency: 'normal',
    disposition,
  };
}

async function record(body: Record<string, unknown>): Promise<Order> {
  const r = await staff.operator.post('/api/hotline/orders', body);
  expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(201);
  return r.body.order as Order;
}

async function act(who: StaffClient, o: Order, command: Record<string, unknown>): Promise<Order> {
  const r = await who.post(`/api/hotline/orders/${o.id}/actions`, { command, expectedVersion: o.version });
  expect(r.status, `${who.id} ${String(command.type)}: ${JSON.stringify(r.body).slice(0, 400)}`).toBe(200);
  return r.body.order as Order;
}

const read = async (who: StaffClient, id: string): Promise<Order> => (await who.read(`/api/hotline/orders/${id}`)).order as Order;
const listed = async (who: StaffClient, list: string): Promise<string[]> =>
  ((await who.read(`/api/hotline/lists/${list}`)).rows as { orderId: string }[]).map((r) => r.orderId);
/** Waits until the dispatcher has put (or taken) the order's row of a list. */
const waitListed = (who: StaffClient, list: string, id: string, present = true) =>
  eventually(`${id} ${present ? 'in' : 'out of'} ${list}`, () => listed(who, list), (ids) => ids.includes(id) === present);

describe('81812345 through the local stack', () => {
  it('an order answered on the spot from the knowledge base is closed at once and listed nowhere', async () => {
    const catalog = await staff.operator.read('/api/hotline/catalog');
    expect(catalog.classes).toHaveLength(27);
    expect(catalog.classes.reduce((n: number, c: { items: unknown[] }) => n + c.items.length, 0)).toBe(365);
    const water = catalog.classes.find((c: { id: string }) => c.id === 'water');
    const planned = water.items.find((i: { id: string }) => i.id === 'plannedwatercut');
    expect(planned.answer).toContain('停水');
    const o = await record(call(PHONES[0], 'plannedwatercut', 'water', '想问下周小区是否计划停水', { type: 'answer', text: planned.answer, knowledgeUsed: true, level: 'satisfied' }));
    expect(o).toMatchObject({ state: 'closed', stateLabel: '已办结', allowed: expect.not.arrayContaining(['answer']) });
    expect(JSON.stringify(o)).not.toContain(PHONES[0]);
    for (const list of ['callback', 'visit', 'returned']) expect(await listed(staff.operator, list)).not.toContain(o.id);
  });

  it('transferred → 退单 → 改派 → 签收 → 答复 → 回访 满意 → 已办结: each department told through 浙政钉, each list right', async () => {
    const suggest = await staff.operator.read('/api/hotline/suggest?item=prepaidcard&town=');
    expect(suggest.departments[0]).toMatchObject({ id: 'yinzhou-marketRegulation', name: expect.stringContaining('市场监督管理局') });
    // the operator sends a bus complaint to 市场监管 by mistake
    let o = await record(call(PHONES[1], 'prepaidcard', 'consumer', '公交车司机拒载，要求处理', {
      type: 'transfer', departments: ['yinzhou-marketRegulation'], lead: 'yinzhou-marketRegulation',
    }));
    expect(o.state).toBe('transferred');
    await waitListed(staff.market, 'incoming', o.id);
    const told = await eventually('market told', () => inbox(s.base, staff.market.accountId), (b) => b.notices.some((n) => n.text.includes(o.id)));
    expect(JSON.stringify(told.notices)).not.toContain(PHONES[1]);
    // another department can neither see it nor act on it
    expect((await staff.transport.get(`/api/hotline/orders/${o.id}`)).status).toBe(404);

    o = await read(staff.market, o.id);
    expect(o.allowed).toEqual(expect.arrayContaining(['accept', 'return']));
    const a1 = o.assignments[0].id;
    o = await act(staff.market, o, { type: 'return', assignmentId: a1, category: 'notOurDuty', reason: '公交服务不属于市场监管职责，应由交通运输局办理' });
    await waitListed(staff.operator, 'returned', o.id);
    await waitListed(staff.market, 'incoming', o.id, false);

    o = await read(staff.operator, o.id);
    o = await act(staff.operator, o, { type: 'reassign', assignmentId: a1, department: 'yinzhou-transport', note: '改派交通运输局' });
    await waitListed(staff.operator, 'returned', o.id, false);
    await waitListed(staff.transport, 'incoming', o.id);
    await eventually('transport told', () => inbox(s.base, staff.transport.accountId), (b) => b.notices.some((n) => n.text.includes(o.id)));

    o = await read(staff.transport, o.id);
    const a2 = o.assignments.find((a) => a.department === 'yinzhou-transport' && a.state === 'dispatched')!.id;
    o = await act(staff.transport, o, { type: 'accept', assignmentId: a2 });
    await waitListed(staff.transport, 'active', o.id);
    o = await act(staff.transport, o, { type: 'reply', assignmentId: a2, text: '已约谈公交公司，对司机批评教育并扣分，已电话告知来电人' });
    expect(o.state).toBe('visit');
    await waitListed(staff.operator, 'visit', o.id);
    await waitListed(staff.transport, 'active', o.id, false);

    o = await read(staff.operator2, o.id);
    expect((await read(staff.operator, o.id) as Order & { locationLabel: string }).locationLabel).toBe('鄞州区 · 鄞州区天童南路');
    o = await act(staff.operator2, o, { type: 'visit', reached: true, level: 'satisfied', comment: '来电人对处理结果满意' });
    expect(o).toMatchObject({ state: 'closed', stateLabel: '已办结' });
    await waitListed(staff.operator, 'visit', o.id, false);
    expect(o.timeline.map((e) => e.actionLabel)).toEqual(expect.arrayContaining(['登记工单', '退单', '改派', '签收', '答复', '回访']));
    // another district's operator does not find it
    expect((await staff.haishuOperator.get(`/api/hotline/orders/${o.id}`)).status).toBe(404);
  });

  it('a call-back (稍后回拨) waits in the operators\' list until it is made', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    let o = await record(call(PHONES[2], 'prepaidcard', 'consumer', '预付卡退费问题，需要核实后回电', { type: 'callback', at, note: '核实商户情况后回电' }));
    expect(o.state).toBe('callback');
    await waitListed(staff.operator, 'callback', o.id);
    o = await read(staff.operator, o.id);
    o = await act(staff.operator, o, { type: 'answer', text: '已核实商户已登记退费，请携带预付卡到门店办理', knowledgeUsed: false });
    expect(o.state).toBe('closed');
    await waitListed(staff.operator, 'callback', o.id, false);
  });

  it('a surge: calls about one water cut are matched to the 热点事件 and merged, then answered with it', async () => {
    let parent = await record(call(PHONES[3], 'wateroutage', 'water', '天童南路一带突然停水，整个小区没水', {
      type: 'transfer', departments: ['yinzhou-waterSupply'], lead: 'yinzhou-waterSupply',
    }));
    parent = await act(staff.operator, parent, { type: 'markEvent', title: '天童南路片区突发停水' });
    await waitListed(staff.operator, 'events', parent.id);
    const eventRow = ((await staff.operator.read('/api/hotline/lists/events')).rows as { orderId: string; title: string | null }[]).find((r) => r.orderId === parent.id);
    expect(eventRow?.title).toBe('天童南路片区突发停水');
    for (const phone of SURGE_PHONES) {
      const match = await staff.operator.post('/api/hotline/events/match', { classId: 'water', itemId: 'wateroutage', town: null, content: '我们小区也停水了，什么时候来水' });
      expect(match.status).toBe(200);
      expect(match.body.matches[0]).toMatchObject({ orderId: parent.id, title: '天童南路片区突发停水', reasons: expect.arrayContaining(['同一事项']) });
      const child = await record(call(phone, 'wateroutage', 'water', '我们小区也停水了，什么时候来水', { type: 'merge', parentId: parent.id }));
      expect(child).toMatchObject({ state: 'merged', parent: { id: parent.id } });
    }
    parent = await eventually('merged count', () => read(staff.operator, parent.id), (p) => p.mergedCount === SURGE_PHONES.length);
    await waitListed(staff.water, 'incoming', parent.id);
    parent = await read(staff.water, parent.id);
    const a = parent.assignments[0].id;
    parent = await act(staff.water, parent, { type: 'accept', assignmentId: a });
    const reply = '因主管道爆管抢修，预计今晚20时恢复供水，已安排送水车';
    parent = await act(staff.water, parent, { type: 'reply', assignmentId: a, text: reply });
    // every merged caller's order shows the parent's answer
    const children = (await staff.operator.read(`/api/hotline/orders?q=${SURGE_PHONES[2].slice(-4)}`)).rows as { orderId: string }[];
    expect(children.length).toBeGreaterThan(0);
    const child = await read(staff.operator, children[0].orderId);
    expect(child.parent).toMatchObject({ id: parent.id, reply });
  });

  it('the 统计 page counts the orders: volume by class, on-time replies, 退单, 回访 satisfaction; CSV of the classes', async () => {
    const stats = await eventually('orders counted', () => staff.supervisor.read('/api/stats'), (b) => b.hotline.orders >= 4 + SURGE_PHONES.length && b.hotline.replied >= 2);
    expect(stats.hotline).toMatchObject({ merged: SURGE_PHONES.length, returned: 1 });
    expect(stats.hotline.direct).toBeGreaterThanOrEqual(2);
    expect(stats.hotline.visits.satisfied).toBeGreaterThanOrEqual(1);
    expect(stats.hotline.byClass.map((c: { className: string }) => c.className)).toEqual(expect.arrayContaining(['供水']));
    const res = await staff.supervisor.get('/api/stats/export?table=hotlineClasses');
    expect(res.status).toBe(200);
    const csv = String(res.body);
    expect(csv).toContain('诉求分类,工单量,占比');
    expect(csv).toContain('供水');
  });

  it('no caller\'s number is in clear in any table, any function log or the stack\'s output', async () => {
    const ots = createOtsClient({
      OTS_ENDPOINT: s.stack.otsUrl, OTS_INSTANCE: s.stack.otsInstance, OTS_ACCESS_KEY_ID: s.stack.ots.accessKeyId, OTS_ACCESS_KEY_SECRET: s.stack.ots.accessKeySecret,
    });
    let all = '';
    for (const t of TABLES) {
      const meta = t.definition.tableMeta;
      all += await rawTableText(ots as never, meta.tableName, meta.primaryKey.map((k) => k.name), TableStore);
    }
    expect(all).toContain('138****0002'); // the rows were really read
    const logs = s.functionLog.join('\n') + s.output.join('');
    // the logs were really kept: the api's lines for the operator (orders are drained in their requests, no dispatcher line)
    expect(logs).toMatch(/\[api\].*login ok platform=local staff=yinzhou-hotlineCenter-operator1/);
    for (const phone of [...PHONES, ...SURGE_PHONES]) {
      for (const variant of [phone, phone.replace('-', '')]) {
        expect(all).not.toContain(variant);
        expect(logs).not.toContain(variant);
      }
    }
  });
});
