// @vitest-environment happy-dom
/**
 * 81812345 hotline pages in a DOM against a recording server: the operator's desk finds 供水 › 停水 from 「停水」,
 * answers from the knowledge base (the body carries knowledgeUsed, the phone only in `caller`), and then shows
 * the order id with the form empty and the phone nowhere on the page; a transfer sends the suggested 主办 and an
 * added 协办; a call matching an open 热点事件 is merged with 「并入此事件」; a bad phone is refused before
 * sending; on the order page a handler sees only the actions the server allows and a 409 reloads the order.
 */
import { h, type ComponentChild } from 'preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { DeskPage } from '../../../miniapp/pages/hotline/desk';
import { DepartmentOrdersPage } from '../../../miniapp/pages/hotline/lists';
import { OrderPage } from '../../../miniapp/pages/hotline/order';
import '../../../miniapp/pages/hotline/page';
import type { Platform } from '../../../miniapp/platform/types';
import { registeredPages } from '../../../miniapp/router';
import type { Staff } from '../../../miniapp/session';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, type, waitFor, waitForTestId } from './helpers';

let server: TestServer;
let unmount: (() => void) | undefined;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  unmount?.();
  unmount = undefined;
  server.requests.length = 0;
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  document.body.innerHTML = '';
});

const tick = () => new Promise((r) => setTimeout(r, 20));
const platform = { name: 'local', toast: async () => undefined } as unknown as Platform;
const OPERATOR: Staff = { id: 'yinzhou-hotlineCenter-operator1', name: '话务员', districtCode: '330212', districtName: '鄞州区', departmentCode: 'yinzhou-hotlineCenter', roles: ['operator'] };
const HANDLER: Staff = { id: 'yinzhou-waterSupply-handler1', name: '经办人', districtCode: '330212', districtName: '鄞州区', departmentCode: 'yinzhou-waterSupply', roles: ['handler'] };
const api = () => createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
const render = (staff: Staff, node: ComponentChild) => {
  unmount = mount(h(AppContext.Provider, { value: { api: api(), platform, staff, logout: () => undefined } }, node)).unmount;
};
const PHONE = '13812345678';
const WATER = '宁波市鄞州区自来水有限公司';

function catalog() {
  const item = (id: string, name: string, answer: string, kind = 'consult') => ({ id, name, kind, limit: { unit: 'workingDays', value: 2 }, departmentKind: 'waterSupply', answer, keywords: [], active: true });
  return {
    district: '330212', version: 3, updatedAt: '2026-12-07T00:00:00Z', updatedBy: 'yinzhou-serviceCenter-admin1',
    classes: [
      { id: 'water', name: '供水', items: [item('watercut', '停水', '计划停水请关注自来水公司公告，抢修一般 4 小时内恢复。'), item('waterquality', '水质', '')] },
      { id: 'noise', name: '噪声扰民', items: [item('buildingnoise', '施工噪声', '夜间施工须办理许可。', 'complaint')] },
    ],
  };
}

function deskRoutes(): void {
  server.routes['GET /api/hotline/catalog'] = () => ({ json: catalog() });
  server.routes['GET /api/hotline/places'] = () => ({
    json: {
      towns: [{ id: 'yinzhou-jiangshan', name: '姜山镇' }],
      departments: [
        { id: 'yinzhou-housing', name: '宁波市鄞州区住房和城乡建设局' },
        { id: 'yinzhou-jiangshan', name: '宁波市鄞州区姜山镇便民服务中心' },
        { id: 'yinzhou-waterSupply', name: WATER },
      ],
    },
  });
  server.routes['GET /api/hotline/lists/callback'] = () => ({ json: { rows: [], next: null } });
  server.routes['POST /api/hotline/events/match'] = () => ({ json: { matches: [] } });
  server.routes['GET /api/hotline/suggest'] = () => ({ json: { departments: [{ id: 'yinzhou-waterSupply', name: WATER }] } });
  server.routes['POST /api/hotline/orders'] = () => ({ status: 201, json: { order: { id: 'wo-20261207-0001', itemName: '停水', stateLabel: '已办结' } } });
}

async function fillCall(content: string): Promise<void> {
  type(await waitForTestId('hl-phone'), PHONE);
  type(byTestId('hl-item-search')!, '停水');
  click(await waitForTestId('hl-hit-watercut'));
  await waitForTestId('hl-item-chosen');
  type(byTestId('hl-content')!, content);
  await tick();
}

const posted = () => waitFor(() => server.requests.find((r) => r.method === 'POST' && r.path === '/api/hotline/orders'), 'the order sent');

describe('热线受理台', () => {
  it('finds 供水 › 停水, answers from the knowledge base, then clears the form and shows the phone nowhere', async () => {
    deskRoutes();
    render(OPERATOR, h(DeskPage, {}));
    await fillCall('小区从早上开始停水，什么时候恢复');
    expect(byTestId('hl-item-chosen')!.textContent).toContain('供水 › 停水');
    expect(byTestId('hl-item-chosen')!.textContent).toContain('咨询');
    expect(byTestId('hl-item-chosen')!.textContent).toContain('2 个工作日');
    expect(byTestId('hl-knowledge')!.textContent).toContain('抢修一般 4 小时内恢复');
    click(byTestId('hl-use-knowledge')!);
    await tick();
    expect((byTestId('hl-answer-text') as HTMLTextAreaElement).value).toContain('抢修一般 4 小时内恢复');
    click(byTestId('hl-submit')!);
    const body = (await posted()).json() as Record<string, any>;
    expect(body.caller).toEqual({ phone: PHONE, name: '' });
    expect(body).toMatchObject({ classId: 'water', itemId: 'watercut', urgency: 'normal', location: { district: '330212', town: null, address: '' } });
    expect(body.disposition).toEqual({ type: 'answer', text: '计划停水请关注自来水公司公告，抢修一般 4 小时内恢复。', knowledgeUsed: true });
    expect(body.requestId).toMatch(/^h/);
    await waitForTestId('hl-recorded');
    expect(byTestId('hl-recorded')!.textContent).toContain('wo-20261207-0001');
    expect((byTestId('hl-phone') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain(PHONE);
    expect(document.body.innerHTML).not.toContain('5678');
  });

  it('transfers to the suggested 主办 with an added 协办; the town comes from the town service points', async () => {
    deskRoutes();
    render(OPERATOR, h(DeskPage, {}));
    await fillCall('姜山镇整个村停水两天了');
    const town = byTestId('hl-town') as HTMLSelectElement;
    await waitFor(() => town.querySelectorAll('option').length > 1, 'the towns');
    expect([...town.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['不详', '姜山镇']);
    town.value = 'yinzhou-jiangshan';
    town.dispatchEvent(new Event('change', { bubbles: true }));
    click(byTestId('hl-way-transfer')!);
    await waitFor(() => byTestId('hl-dept-0')?.textContent?.includes(WATER), 'the suggested lead');
    expect(byTestId('hl-dept-0')!.textContent).toContain('主办');
    const suggest = server.requests.find((r) => r.path === '/api/hotline/suggest')!;
    expect(suggest.query.get('item')).toBe('watercut');
    const add = byTestId('hl-dept-add') as HTMLSelectElement;
    add.value = 'yinzhou-housing';
    add.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => byTestId('hl-dept-1')?.textContent?.includes('协办'), 'the 协办');
    click(byTestId('hl-submit')!);
    const body = (await posted()).json() as Record<string, any>;
    expect(body.location.town).toBe('yinzhou-jiangshan');
    expect(body.disposition).toEqual({ type: 'transfer', departments: ['yinzhou-waterSupply', 'yinzhou-housing'], lead: 'yinzhou-waterSupply' });
  });

  it('shows a matching open 热点事件 and merges the call into it', async () => {
    deskRoutes();
    server.routes['POST /api/hotline/events/match'] = () => ({ json: { matches: [{ orderId: 'wo-20261207-0003', title: '姜山镇停水', score: 0.9, reasons: ['同一事项', '同一街道'], merged: 4 }] } });
    render(OPERATOR, h(DeskPage, {}));
    await fillCall('我们这里也停水了');
    const merge = await waitForTestId('hl-merge-wo-20261207-0003');
    const match = server.requests.find((r) => r.path === '/api/hotline/events/match')!.json() as Record<string, unknown>;
    expect(match).toMatchObject({ classId: 'water', itemId: 'watercut', content: '我们这里也停水了' });
    expect(byTestId('hl-matches')!.textContent).toContain('同一事项、同一街道');
    click(merge);
    await waitForTestId('hl-merge-parent');
    click(byTestId('hl-submit')!);
    expect(((await posted()).json() as Record<string, any>).disposition).toEqual({ type: 'merge', parentId: 'wo-20261207-0003' });
  });

  it('refuses a bad phone and a missing way before sending, and shows the server\'s refusal', async () => {
    deskRoutes();
    server.routes['POST /api/hotline/orders'] = () => ({ status: 400, json: { error: { code: 'UNKNOWN_ITEM', message: '事项不存在或已停用' } } });
    render(OPERATOR, h(DeskPage, {}));
    await fillCall('停水了');
    type(byTestId('hl-phone')!, '12ab');
    await tick();
    click(byTestId('hl-submit')!);
    await tick();
    expect(byTestId('hl-form')!.textContent).toContain('来电号码应为 7 至 12 位数字');
    expect(byTestId('hl-form')!.textContent).toContain('请选择办理方式');
    expect(server.requests.some((r) => r.path === '/api/hotline/orders')).toBe(false);
    type(byTestId('hl-phone')!, PHONE);
    await tick();
    click(byTestId('hl-way-answer')!);
    await tick();
    click(byTestId('hl-submit')!);
    await waitForTestId('hl-error');
    expect(byTestId('hl-error')!.textContent).toContain('事项不存在或已停用');
    expect((byTestId('hl-phone') as HTMLInputElement).value).toBe(PHONE);
  });
});

function order(over: Record<string, unknown> = {}) {
  const a1 = {
    id: 'a1', department: 'yinzhou-waterSupply', departmentName: WATER, role: 'lead', state: 'dispatched', stateLabel: '待签收', level: 'normal', round: 1,
    dispatchedAt: '2026-12-07T01:00:00Z', dispatchedBy: 'op', dueAt: '2026-12-09T09:00:00Z', acceptedAt: null, acceptedBy: null, reply: null, onTime: null,
    returned: null, replacedBy: null, urges: [], alerts: [],
  };
  return {
    id: 'wo-20261207-0002', district: '330212', classId: 'water', className: '供水', itemId: 'watercut', itemName: '停水', kind: 'consult', catalogVersion: 3,
    limit: { unit: 'workingDays', value: 2 }, content: '整个村停水两天了', location: { district: '330212', town: 'yinzhou-jiangshan', address: '走马塘村' },
    urgency: 'urgent', caller: { maskedPhone: '138****5678', name: '王先生' }, state: 'transferred', outcome: null, recordedAt: '2026-12-07T01:00:00Z', recordedBy: 'op',
    answer: null, callbacks: [], assignments: [a1], calls: [], visits: [], reopened: null, escalated: null, event: null, parentId: null, closedAt: null, version: 5,
    stateLabel: '办理中', outcomeLabel: null, kindLabel: '咨询', urgencyLabel: '紧急', locationLabel: '鄞州区 · 姜山镇 · 走马塘村', mergedCount: 0, parent: null,
    allowed: ['accept', 'return'],
    timeline: [{ id: 'e1', action: 'transfer', actionLabel: '转办', actorName: '话务员', at: '2026-12-07T01:00:00Z', from: 'callback', to: 'transferred', reason: null, detail: {} }],
    ...over,
  };
}

describe('热线工单详情', () => {
  it('offers a handler only the allowed actions; 签收 sends the version read; a 409 says so and reloads', async () => {
    const path = '/api/hotline/orders/wo-20261207-0002';
    let gets = 0;
    server.routes['GET ' + path] = () => ({ json: { order: order({ version: 5 + gets++ }) } });
    server.routes['POST ' + path + '/actions'] = () => ({ status: 409, json: { error: { code: 'CONFLICT', message: '版本已变化' } } });
    render(HANDLER, h(OrderPage, { params: { id: 'wo-20261207-0002' }, query: {} }));
    const accept = await waitForTestId('hl-act-accept-a1');
    expect(byTestId('hl-act-return-a1')).not.toBeNull();
    expect(byTestId('hl-act-reply-a1')).toBeNull();
    expect(byTestId('hl-actions')).toBeNull();
    expect(byTestId('hl-caller')!.textContent).toContain('138****5678');
    expect(byTestId('hl-head')!.textContent).toContain('紧急');
    click(accept);
    click(await waitForTestId('sheet-ok'));
    const sent = await waitFor(() => server.requests.find((r) => r.method === 'POST'), 'the command');
    expect(sent.json()).toEqual({ command: { type: 'accept', assignmentId: 'a1' }, expectedVersion: 5 });
    await waitForTestId('hl-problem');
    expect(byTestId('hl-problem')!.textContent).toContain('工单已被他人更新，已刷新');
    await waitFor(() => gets >= 2, 'the reload');
  });
});

describe('热线工单 lists', () => {
  it('the chunk provides every hotline page; a department sees its 待签收, then 办理中, rows by name with the level', async () => {
    const provided = registeredPages().filter((p) => p.path.indexOf('/hotline') === 0 && p.component).map((p) => p.path);
    expect(provided.sort()).toEqual(['/hotline', '/hotline/orders/:id', '/hotline/supervise', '/hotline/work']);
    const row = (id: string, over: Record<string, unknown>) => ({
      orderId: id, assignmentId: 'a1', className: '供水', itemName: '突发停水', state: 'dispatched', stateLabel: '待签收', department: 'yinzhou-waterSupply',
      departmentName: WATER, dueAt: '2026-12-08T03:00:00Z', level: 'normal', subject: '138****5678 · 整个村停水', urgency: 'normal', reopened: false, escalated: false,
      recordedAt: '2026-12-07T03:00:00Z', ...over,
    });
    server.routes['GET /api/hotline/lists/incoming'] = () => ({ json: { rows: [row('wo-20261207-0007', { level: 'overdue', urgency: 'urgent' })], next: null } });
    server.routes['GET /api/hotline/lists/active'] = () => ({ json: { rows: [row('wo-20261207-0008', { state: 'accepted', stateLabel: '办理中', reopened: true })], next: null } });
    render(HANDLER, h(DepartmentOrdersPage, {}));
    const first = await waitForTestId('row-wo-20261207-0007');
    expect(first.textContent).toContain('供水 › 突发停水');
    expect(first.textContent).toContain('超期');
    expect(first.textContent).toContain('紧急');
    expect(first.getAttribute('href')).toBe('#/hotline/orders/wo-20261207-0007');
    click(byTestId('seg-active')!);
    const second = await waitForTestId('row-wo-20261207-0008');
    expect(second.textContent).toContain('重办');
    expect(second.textContent).not.toContain('yinzhou');
  });
});
