// @vitest-environment happy-dom
/**
 * 差评整改 pages in a DOM against a recording server: a supervisor's list (overdue first as the server orders it,
 * the closed tab asks state=closed), a rectification in 申诉复核 decided by the supervisor (the command carries the
 * version read), a department's 回访核实 button only where the server says it may; and the applicant's big-button
 * rating form on the window's device (nothing sent until a level is chosen; the comment goes with it).
 */
import { h, type ComponentChild } from 'preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { RectificationList, RectificationPage } from '../../../miniapp/pages/rating/page';
import { RatingCard } from '../../../miniapp/pages/rating/RatingCard';
import type { Platform } from '../../../miniapp/platform/types';
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
  document.body.innerHTML = '';
});

const tick = () => new Promise((r) => setTimeout(r, 20));
const platform = { name: 'local', toast: async () => undefined } as unknown as Platform;
const SUPERVISOR: Staff = { id: 'yinzhou-serviceCenter-supervisor1', name: '督办员', districtCode: '330212', roles: ['supervisor'] };
const HANDLER: Staff = { id: 'yinzhou-police-handler1', name: '民警', districtCode: '330212', roles: ['handler'] };
const api = () => createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
const render = (staff: Staff, node: ComponentChild) => {
  unmount = mount(h(AppContext.Provider, { value: { api: api(), platform, staff, logout: () => undefined } }, node)).unmount;
};

const item = (id: string, over: Record<string, unknown>) => ({
  caseId: 'yinzhou-20261207-0001', rectificationId: id, bundleName: '新生儿出生一件事', subject: '母亲 3302**********0424', department: 'yinzhou-police',
  departmentName: '宁波市公安局鄞州分局', state: 'open', stateLabel: '待回访', dueDate: '2026-12-28', level: 'normal', outcomeLabel: null, ...over,
});

function detail(over: Record<string, unknown>, can: Record<string, boolean>) {
  return {
    caseId: 'yinzhou-20261207-0001', bundleName: '新生儿出生一件事', subject: '母亲 3302**********0424', acceptedAt: '2026-12-07T00:57:00Z', endedAt: null,
    rectification: {
      id: 'rc1', ratingId: 'rt1', version: 4, state: 'appeal', stateLabel: '申诉复核中', department: 'yinzhou-police', departmentName: '宁波市公安局鄞州分局',
      district: '330212', districtName: '鄞州区', openedAt: '2026-12-07T00:57:00Z', openedOn: '2026-12-07', dueDate: '2026-12-28',
      callBack: { at: '2026-12-07T01:00:00Z', method: 'phone', applicantSaid: '户口簿寄晚了' }, rectify: null, feedback: null,
      appeal: { reason: '寄递由邮政负责', at: '2026-12-07T02:00:00Z', decision: null }, closedAt: null, outcome: null, onTime: null, alerts: [], ...over,
    },
    rating: { id: 'rt1', target: 'householdRegistration', targetName: '户口登记（出生登记）', level: 'dissatisfied', levelLabel: '不满意', comment: null, channel: 'progressPage', at: '2026-12-07T00:57:00Z', disputed: false },
    level: 'normal', remainingDays: 15,
    can: { callBack: false, rectify: false, feedback: false, appeal: false, decideAppeal: false, ...can },
  };
}

describe('差评整改 pages', () => {
  it('the supervisor\'s list shows the district\'s, in the server\'s order; 已办结 asks for the closed ones', async () => {
    server.routes['GET /api/rectifications'] = (req) => ({
      json: { items: req.query.get('state') === 'closed' ? [item('rc9', { state: 'closed', stateLabel: '已办结', level: 'closed', dueDate: null, outcomeLabel: '申诉成立（误评）' })] : [item('rc2', { level: 'overdue', dueDate: '2026-11-30' }), item('rc1', {})] },
    });
    render(SUPERVISOR, h(RectificationList, { params: {}, query: {} }));
    await waitForTestId('rect-yinzhou-20261207-0001-rc2');
    expect(server.requests[0].query.get('scope')).toBe('supervise');
    const cards = [...document.querySelectorAll('[data-testid^="rect-yinzhou"]')].map((e) => e.getAttribute('data-testid'));
    expect(cards).toEqual(['rect-yinzhou-20261207-0001-rc2', 'rect-yinzhou-20261207-0001-rc1']);
    expect(byTestId('rect-yinzhou-20261207-0001-rc2')?.textContent).toContain('已超期');
    click(byTestId('rect-closed-tab')!);
    await waitForTestId('rect-yinzhou-20261207-0001-rc9');
    expect(server.requests.at(-1)?.query.get('state')).toBe('closed');
    expect(byTestId('rect-yinzhou-20261207-0001-rc9')?.textContent).toContain('申诉成立（误评）');
  });

  it('a supervisor decides an appeal with the version read; the department sees no decision button', async () => {
    const path = '/api/rectifications/yinzhou-20261207-0001/rc1';
    server.routes['GET ' + path] = () => ({ json: detail({}, { decideAppeal: true }) });
    server.routes['POST ' + path + '/actions'] = () => ({ json: detail({ state: 'rectifying', stateLabel: '整改中' }, {}) });
    render(SUPERVISOR, h(RectificationPage, { params: { caseId: 'yinzhou-20261207-0001', id: 'rc1' }, query: {} }));
    click(await waitForTestId('rect-decide'));
    const sheet = await waitForTestId('form-sheet');
    const upheld = byTestId('field-upheld', sheet) as HTMLSelectElement;
    upheld.value = 'no';
    upheld.dispatchEvent(new Event('change', { bubbles: true }));
    type(byTestId('field-note', sheet)!, '寄递时限在承诺内，应督促');
    await tick();
    click(byTestId('sheet-ok', sheet)!);
    const sent = await waitFor(() => server.requests.find((r) => r.method === 'POST'), 'the decision');
    expect(sent.json()).toEqual({ command: { type: 'decideAppeal', upheld: false, note: '寄递时限在承诺内，应督促' }, expectedVersion: 4 });
    unmount?.();
    server.routes['GET ' + path] = () => ({ json: detail({ state: 'open', stateLabel: '待回访', appeal: null, callBack: null }, { callBack: true, appeal: true }) });
    render(HANDLER, h(RectificationPage, { params: { caseId: 'yinzhou-20261207-0001', id: 'rc1' }, query: {} }));
    await waitForTestId('rect-callBack');
    expect(byTestId('rect-decide')).toBeNull();
    expect(byTestId('rect-appeal')).not.toBeNull();
  });

  it('the applicant\'s form sends the chosen level and comment once a level is tapped', async () => {
    const caseId = 'yinzhou-20261207-0001';
    server.routes[`GET /api/cases/${caseId}/ratings`] = () => ({ json: { caseId, version: 9, state: 'completed', ratable: [{ target: 'case', name: '新生儿出生一件事' }], ratings: [] } });
    server.routes[`POST /api/cases/${caseId}/rating`] = () => ({ status: 201, json: { rating: { id: 'rt1' } } });
    let rated = 0;
    render(SUPERVISOR, h(RatingCard, { api: api(), caseId, bundleName: '新生儿出生一件事', mayAsk: true, onRated: async () => void rated++ }));
    click(await waitForTestId('ask-rating'));
    await waitForTestId('rating-form');
    expect((byTestId('rating-submit') as HTMLButtonElement).disabled).toBe(true);
    click(byTestId('rating-level-veryDissatisfied')!);
    type(byTestId('rating-comment')!, '态度不好');
    await tick();
    click(byTestId('rating-submit')!);
    await waitForTestId('rating-thanks');
    expect(server.requests.find((r) => r.method === 'POST')?.json()).toEqual({ level: 'veryDissatisfied', comment: '态度不好' });
    click(byTestId('rating-close')!);
    await waitFor(() => rated === 1, 'the page reloads');
  });
});
