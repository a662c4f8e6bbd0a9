// @vitest-environment happy-dom
/**
 * 办件查询 and 出件 in a DOM against a recording server: the search form sends its criteria in the POST body
 * (the ID number only there, and it leaves the screen), lists masked names and states, pages with 加载更多 and
 * opens a case; the case page shows the recorded hand-over and lets the accepting window record one.
 */
import { h, type ComponentChild } from 'preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { CasePage } from '../../../miniapp/pages/case';
import { CasesPage } from '../../../miniapp/pages/cases';
import type { Platform } from '../../../miniapp/platform/types';
import type { Staff } from '../../../miniapp/session';
import { makeId } from '../../core/fixtures';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, type, waitFor, waitForTestId } from './helpers';

const CLERK: Staff = { id: 'clerk1', name: '陈窗口', districtCode: '330212', roles: ['clerk'] };
const MOTHER_ID = makeId('330203', '1993-05-12', '042');
const tick = () => new Promise((r) => setTimeout(r, 0));
const platform = { name: 'local', toast: async () => undefined } as unknown as Platform;

let server: TestServer;
let unmount: (() => void) | undefined;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  unmount?.();
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  server.requests.length = 0;
});

function render(vnode: ComponentChild, staff: Staff = CLERK) {
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  unmount = mount(h(AppContext.Provider, { value: { api, platform, staff, logout: () => undefined } }, vnode)).unmount;
}

const row = (n: number, state = 'accepted') => ({
  caseId: `yinzhou-20261207-000${n}`, bundleName: '新生儿出生一件事', state, stateLabel: state === 'accepted' ? '办理中' : '已办结', acceptedAt: '2026-12-07T02:00:00.000Z', names: ['李*梅', '王*华'],
});

describe('办件查询', () => {
  it('sends the criteria in the body, lists the cases, pages with 加载更多; the ID number leaves the screen', async () => {
    server.routes['POST /api/cases/search'] = (req) => {
      const body = req.json() as { cursor?: string };
      return { json: body.cursor ? { cases: [row(1, 'completed')], next: null } : { cases: [row(3), row(2)], next: '20261207:yinzhou-20261207-0001' } };
    };
    render(h(CasesPage, {}));
    await waitForTestId('page-cases');
    type(byTestId('cases-q') as HTMLElement, '李秀梅');
    type(byTestId('field-searchId') as HTMLElement, MOTHER_ID);
    await tick();
    click(byTestId('cases-search') as HTMLElement);
    await waitFor(() => document.querySelectorAll('[data-testid="cases-row"]').length === 2, 'two rows');
    expect(server.requests[0].json()).toEqual({ q: '李秀梅', idNumber: MOTHER_ID });
    expect(server.requests[0].query.toString()).toBe('');
    expect((byTestId('field-searchId') as HTMLInputElement).value).toBe('');
    expect(document.body.textContent).toContain('李*梅、王*华');
    click(byTestId('cases-more') as HTMLElement);
    await waitFor(() => document.querySelectorAll('[data-testid="cases-row"]').length === 3, 'three rows');
    expect(server.requests[1].json()).toEqual({ q: '李秀梅', idNumber: MOTHER_ID, cursor: '20261207:yinzhou-20261207-0001' });
    expect(byTestId('cases-more')).toBeNull();
  });

  it('a refusal is shown as the server says it', async () => {
    server.routes['POST /api/cases/search'] = () => ({ status: 400, json: { code: 'VALIDATION_FAILED', message: '受理日期范围有误：结束日期早于开始日期' } });
    render(h(CasesPage, {}));
    click(await waitForTestId('cases-search'));
    expect((await waitForTestId('cases-error')).textContent).toBe('受理日期范围有误：结束日期早于开始日期');
  });
});

describe('出件 on the case page', () => {
  const view = (handover: unknown, version: number) => ({
    case: {
      id: 'C3', bundleId: 'birth', bundleVersion: 1, bundleName: '新生儿出生一件事', state: 'completed', stateLabel: '已办结', acceptingDistrict: '330212',
      acceptedAt: '2030-01-02T02:00:00Z', due: { date: '2030-01-09', provisional: false }, subjects: [], withdrawal: null, handover, subTasks: [], version,
    },
  });

  it('the accepting window records 窗口自取; the case then shows it and offers a correction', async () => {
    let handover: unknown = null;
    server.routes['GET /api/cases/C3'] = () => ({ json: view(handover, handover ? 6 : 5) });
    server.routes['GET /api/cases/C3/timeline'] = () => ({ json: { events: [] } });
    server.routes['POST /api/cases/C3/handover'] = () => {
      handover = { method: 'pickup', collectedBy: '李秀梅', collectedAt: '2030-01-10T02:00:00Z', recordedBy: 'clerk1', recordedAt: '2030-01-10T02:00:00Z', corrections: [] };
      return { json: view(handover, 6) };
    };
    render(h(CasePage, { params: { caseId: 'C3' }, query: {} }));
    click(await waitForTestId('handover-pickup'));
    const sheet = await waitForTestId('form-sheet');
    type(byTestId('field-collectedBy', sheet) as HTMLElement, '李秀梅');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    const shown = await waitForTestId('case-handover');
    expect(shown.textContent).toContain('窗口自取 · 李秀梅');
    expect(server.requests.find((r) => r.method === 'POST')?.json()).toEqual({ collectedBy: '李秀梅', method: 'pickup', expectedVersion: 5 });
    expect(byTestId('handover-mail')?.textContent).toBe('更正为邮寄');
  });

  it('others see the record but no 出件 buttons', async () => {
    server.routes['GET /api/cases/C3'] = () => ({ json: view({ method: 'mail', carrier: 'EMS', trackingNumber: 'EM123456789CN', recordedBy: 'clerk1', recordedAt: '2030-01-10T02:00:00Z', corrections: [] }, 6) });
    server.routes['GET /api/cases/C3/timeline'] = () => ({ json: { events: [] } });
    render(h(CasePage, { params: { caseId: 'C3' }, query: {} }), { id: 'sup1', name: '督办', districtCode: '330212', roles: ['supervisor'] });
    expect((await waitForTestId('case-handover')).textContent).toContain('邮寄 · EMS EM123456789CN');
    expect(byTestId('handover-pickup')).toBeNull();
  });
});
