// 81812345 热线工单 through HTTP (answers checked against schemas/openapi.json by the harness, which drains every
// kicked order before answering): 201 record and 200 for a replayed requestId, 403 a handler recording, 404 another
// district's order, bad input 400 with its code and a Chinese message changing nothing, a stale version 409, every
// list, the search and the 热点事件 match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteHarness, type RouteHarness } from './route-support';
import { recordTrial } from '../support/reliability';

const OP = 'yinzhou-hotlineCenter-operator1';
const MARKET = 'yinzhou-marketRegulation-handler1';
const TRANSPORT = 'yinzhou-transport-handler1';
const SUPERVISOR = 'yinzhou-serviceCenter-supervisor1';
const HAISHU_OP = 'haishu-hotlineCenter-operator1';

let h: RouteHarness;
beforeAll(async () => {
  h = await startRouteHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

let seq = 0;
function order(disposition: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    requestId: `route-hotline-${String(seq).padStart(4, '0')}`,
    caller: { phone: '13955556666', name: '李女士' },
    classId: 'consumer',
    itemId: 'prepaidcard',
    content: '美容店预付卡关门，要求退费',
    location: { district: '330212', town: null, address: '鄞州区天童南路' },
    urgency: 'normal',
    disposition,
    ...extra,
  };
}
const transfer = { type: 'transfer', departments: ['yinzhou-marketRegulation'], lead: 'yinzhou-marketRegulation' };

const post = (who: string, json: unknown) => h.call('POST', '/api/hotline/orders', { token: h.token(who), json });
const act = (who: string, id: string, command: unknown, expectedVersion: number) =>
  h.call('POST', `/api/hotline/orders/${id}/actions`, { token: h.token(who), json: { command, expectedVersion } });
const list = async (who: string, name: string): Promise<string[]> => {
  const res = await h.call('GET', `/api/hotline/lists/${name}`, { token: h.token(who) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.rows as { orderId: string; assignmentId: string | null }[]).map((r) => (r.assignmentId ? `${r.orderId}/${r.assignmentId}` : r.orderId));
};

describe('POST /api/hotline/orders', () => {
  it('201 for an operator, 200 with the same order for a replayed requestId; the phone only masked', async () => {
    const body = order(transfer);
    const first = await post(OP, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.order).toMatchObject({ state: 'transferred', stateLabel: '办理中', caller: { maskedPhone: '139****6666' }, version: 1 });
    expect(JSON.stringify(first.body)).not.toContain('13955556666');
    const replay = await post(OP, body);
    expect([replay.status, replay.body.order.id]).toEqual([200, first.body.order.id]);
  });

  it('the desk\'s places: the district\'s 镇（街道） by short name and the departments an order may go to; 403 for a handler', async () => {
    const r = await h.call('GET', '/api/hotline/places', { token: h.token(OP) });
    expect(r.status).toBe(200);
    expect(r.body.towns).toEqual(expect.arrayContaining([{ id: expect.any(String), name: '姜山镇' }]));
    const names = r.body.departments.map((d: { name: string }) => d.name);
    expect(names).toEqual(expect.arrayContaining(['宁波市鄞州区自来水有限公司', '宁波市鄞州区市场监督管理局']));
    expect(names.some((n: string) => /代办点|公共事务受理中心/.test(n))).toBe(false); // no village point, not the centre itself
    expect(names.some((n: string) => n.includes('海曙'))).toBe(false);
    expect((await h.call('GET', '/api/hotline/places', { token: h.token(TRANSPORT) })).status).toBe(403);
  });

  it('403 for a handler; 400 with a stable code and a Chinese message for bad input, and nothing recorded', async () => {
    const before = await h.call('GET', '/api/hotline/orders?q=6666', { token: h.token(OP) });
    expect((await post(MARKET, order(transfer))).body.code).toBe('FORBIDDEN');
    const cases: [Record<string, unknown>, string][] = [
      [order(transfer, { caller: { phone: '99', name: '' } }), 'INVALID_PHONE'],
      [order(transfer, { urgency: 'soon' }), 'INVALID_INPUT'],
      [order(transfer, { itemId: 'nosuchitem' }), 'INVALID_INPUT'],
      [order({ type: 'callback', at: '2020-01-01T00:00:00+08:00', note: '' }), 'CALLBACK_IN_PAST'],
      [order({ type: 'transfer', departments: ['haishu-marketRegulation'], lead: 'haishu-marketRegulation' }), 'UNKNOWN_DEPARTMENT'],
      [order(transfer, { location: { district: '330203', town: null, address: '' } }), 'LOCATION_OUTSIDE_DISTRICT'],
    ];
    for (const [json, code] of cases) {
      const res = await post(OP, json);
      recordTrial({ kind: 'badInput', suite: 'routes-hotline', method: 'POST', path: '/api/hotline/orders', status: res.status, code: res.body.code });
      expect([res.status, res.body.code], code).toEqual([400, code]);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const bad = await h.call('POST', '/api/hotline/orders', { token: h.token(OP), body: 'not json', headers: { 'content-type': 'application/json' } });
    recordTrial({ kind: 'badInput', suite: 'routes-hotline', method: 'POST', path: '/api/hotline/orders', status: bad.status, code: bad.body.code });
    expect(bad.status).toBe(400);
    const after = await h.call('GET', '/api/hotline/orders?q=6666', { token: h.token(OP) });
    expect(after.body.rows).toHaveLength(before.body.rows.length);
  });
});

describe('an order through HTTP', () => {
  it('404 for another district and for a department without an assignment; 409 on a stale version; the lists as it moves', async () => {
    const rec = await post(OP, order(transfer));
    const id = rec.body.order.id as string;
    expect((await h.call('GET', `/api/hotline/orders/${id}`, { token: h.token(HAISHU_OP) })).status).toBe(404);
    expect((await h.call('GET', `/api/hotline/orders/${id}`, { token: h.token(TRANSPORT) })).status).toBe(404);
    expect((await h.call('GET', '/api/hotline/orders/not-an-order', { token: h.token(OP) })).status).toBe(404);
    const mine = await h.call('GET', `/api/hotline/orders/${id}`, { token: h.token(MARKET) });
    expect(mine.body.order.allowed).toEqual(['accept', 'return']);
    expect(await list(MARKET, 'incoming')).toContain(`${id}/a1`);
    expect(await list(SUPERVISOR, 'supervise')).toContain(`${id}/a1`);

    const accepted = await act(MARKET, id, { type: 'accept', assignmentId: 'a1' }, 1);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect((await act(MARKET, id, { type: 'accept', assignmentId: 'a1' }, 1)).body.code).toBe('CONFLICT');
    expect((await act(OP, id, { type: 'reply', assignmentId: 'a1', text: '答复' }, 2)).status).toBe(403);
    expect((await act(OP, id, { type: 'visit', reached: false, level: null, comment: '' }, 2)).body).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('办理中') });
    expect((await act(MARKET, id, { type: 'nonsense' }, 2)).body.code).toBe('INVALID_INPUT');
    expect(await list(MARKET, 'active')).toContain(`${id}/a1`);

    const returned = await act(MARKET, id, { type: 'return', assignmentId: 'a1', category: 'notOurArea', reason: '不在本辖区' }, 2);
    expect(await list(OP, 'returned')).toContain(`${id}/a1`);
    await act(OP, id, { type: 'reassign', assignmentId: 'a1', department: 'yinzhou-transport', note: '' }, returned.body.order.version);
    expect(await list(TRANSPORT, 'incoming')).toContain(`${id}/a2`);
    const a2 = await act(TRANSPORT, id, { type: 'accept', assignmentId: 'a2' }, 4);
    const replied = await act(TRANSPORT, id, { type: 'reply', assignmentId: 'a2', text: '已协调退费' }, a2.body.order.version);
    expect(replied.body.order.state).toBe('visit');
    expect(await list(OP, 'visit')).toContain(id);
    const closed = await act(OP, id, { type: 'visit', reached: true, level: 'satisfied', comment: '' }, replied.body.order.version);
    expect(closed.body.order).toMatchObject({ state: 'closed', outcomeLabel: '回访办结' });
    expect(await list(OP, 'visit')).not.toContain(id);
  });

  it('call-backs and events lists, the search and the 热点事件 match; lists refuse other roles', async () => {
    const cb = await post(OP, order({ type: 'callback', at: '2026-03-02T08:00:00.000Z', note: '' }));
    expect(await list(OP, 'callback')).toContain(cb.body.order.id);
    const ev = await post(OP, order(transfer));
    await act(OP, ev.body.order.id, { type: 'markEvent', title: '美容店关门' }, 1);
    expect(await list(OP, 'events')).toContain(ev.body.order.id);
    expect(await list(SUPERVISOR, 'events')).toContain(ev.body.order.id);
    const match = await h.call('POST', '/api/hotline/events/match', { token: h.token(OP), json: { classId: 'consumer', itemId: 'prepaidcard', town: null, content: '美容店关门退费' } });
    expect(match.body.matches[0]).toMatchObject({ orderId: ev.body.order.id, reasons: expect.arrayContaining(['同一事项']) });
    const merged = await post(OP, order({ type: 'merge', parentId: ev.body.order.id }));
    expect(merged.body.order).toMatchObject({ state: 'merged', parent: { id: ev.body.order.id, title: '美容店关门' } });
    expect((await h.call('GET', `/api/hotline/orders/${ev.body.order.id}`, { token: h.token(OP) })).body.order.mergedCount).toBe(1);

    const byId = await h.call('GET', `/api/hotline/orders?q=${cb.body.order.id}`, { token: h.token(SUPERVISOR) });
    expect(byId.body.rows.map((r: { orderId: string }) => r.orderId)).toEqual([cb.body.order.id]);
    const byPhone = await h.call('GET', '/api/hotline/orders?q=13955556666', { token: h.token(OP) });
    expect(byPhone.body.rows.length).toBeGreaterThanOrEqual(4);
    expect((await h.call('GET', '/api/hotline/orders?q=ab', { token: h.token(OP) })).status).toBe(400);
    expect((await h.call('GET', '/api/hotline/orders?q=6666', { token: h.token(MARKET) })).status).toBe(403);

    for (const [who, name] of [[MARKET, 'callback'], [OP, 'incoming'], [OP, 'supervise'], [MARKET, 'events']]) {
      expect((await h.call('GET', `/api/hotline/lists/${name}`, { token: h.token(who) })).status, `${who} ${name}`).toBe(403);
    }
    expect((await h.call('GET', '/api/hotline/lists/everything', { token: h.token(OP) })).status).toBe(400);
    expect((await h.call('GET', '/api/hotline/lists/callback?cursor=bm9wZQ', { token: h.token(OP) })).status).toBe(400);
    const logs = h.logs.join('\n');
    expect(logs).not.toContain('13955556666');
  });
});
