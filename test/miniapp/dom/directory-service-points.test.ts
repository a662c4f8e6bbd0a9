// @vitest-environment happy-dom
/**
 * Service points and town seals in the mini-app, in a DOM against a recording server: 部门 says a town centre is a
 * 镇（街道）便民服务中心 and a village point a 村（社区）代办点 of its town; 印章 shows a town seal's 赋权事项 counted by
 * class (行政权力事项 N 项 · 公共服务事项 M 项) with each item's class; issuing a town seal asks the class of every
 * chosen item and sends `scopeClasses`; a sign-off sheet with no seal in scope says why; a timeline seal applied
 * under 集中授权 says on whose authority.
 */
import { h } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { DirectoryPage } from '../../../miniapp/pages/directory/page';
import type { AdminDirectory } from '../../../miniapp/pages/directory/types';
import { EventTimeline } from '../../../miniapp/pages/parts';
import { SubTaskPage } from '../../../miniapp/pages/subtask';
import type { Platform } from '../../../miniapp/platform/types';
import type { Staff } from '../../../miniapp/session';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, type, waitFor, waitForTestId } from './helpers';

const ADMIN: Staff = { id: 'yinzhou-serviceCenter-admin1', name: '区管理员', districtCode: '330212', roles: ['admin'] };
const TOWN = 'yinzhou-zhonggongmiao';
const TOWN_NAME = '宁波市鄞州区钟公庙街道便民服务中心';

function directory(): AdminDirectory {
  return {
    city: { code: '330200', name: '宁波市' },
    configurable: ['330212'],
    departmentKinds: [
      { id: 'hrss', name: '人力社保' },
      { id: 'townCenter', name: '镇（街道）便民服务中心' },
      { id: 'villagePoint', name: '村（社区）代办点' },
    ],
    districts: [{ code: '330212', id: 'yinzhou', name: '鄞州区', bundles: ['employment'], rowVersion: 1 }],
    departments: [
      { id: 'yinzhou-hrss', district: '330212', kind: 'hrss', name: '宁波市鄞州区人力资源和社会保障局', rowVersion: 1 },
      { id: TOWN, district: '330212', kind: 'townCenter', name: TOWN_NAME, servicePoint: { level: 'town' }, rowVersion: 1 },
      { id: `${TOWN}-tianyu`, district: '330212', kind: 'villagePoint', name: '宁波市鄞州区钟公庙街道天裕社区代办点', servicePoint: { level: 'village', town: TOWN }, rowVersion: 1 },
    ],
    staff: [],
    seals: [
      {
        id: `${TOWN}-seal`, name: `${TOWN_NAME}审批专用章`, department: TOWN, kind: 'approval',
        scope: ['employment/unemploymentRegistration', 'employment/employmentRegistration', 'employment/hardshipRecognition'],
        scopeClasses: { 'employment/unemploymentRegistration': 'publicService', 'employment/employmentRegistration': 'publicService', 'employment/hardshipRecognition': 'power' },
        keyId: `${TOWN}-seal-ed25519`, rowVersion: 1,
      },
      { id: 'yinzhou-hrss-seal', name: '鄞州人社审批专用章', department: 'yinzhou-hrss', kind: 'approval', scope: ['employment/employmentStatusCheck'], keyId: 'yinzhou-hrss-seal-ed25519', rowVersion: 1 },
    ],
    delegations: [],
  };
}

const ITEMS = [
  { id: 'employmentStatusCheck', name: '就业参保状态核验', department: 'hrss' },
  { id: 'unemploymentRegistration', name: '失业登记', department: 'townCenter' },
  { id: 'hardshipRecognition', name: '就业困难人员认定', department: 'townCenter' },
  { id: 'employmentRegistration', name: '就业登记', department: 'townCenter' },
];

let server: TestServer;
let unmount: (() => void) | undefined;
const platform = { name: 'local', confirm: async () => true } as unknown as Platform;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.innerHTML = ''; // a sheet left open
});
beforeEach(() => {
  server.requests.length = 0;
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  server.routes['GET /api/admin/bundles'] = () => ({ json: { bundles: [{ id: 'employment', name: '就业一件事', current: 1, versions: [{ version: 1 }] }] } });
  server.routes['GET /api/admin/bundles/employment/versions/1'] = () => ({
    json: { bundleId: 'employment', version: 1, rowVersion: 1, doc: { state: 'published', bundle: { name: '就业一件事', items: ITEMS } } },
  });
  server.routes['GET /api/admin/changes'] = () => ({ json: { scope: '330212', chain: { intact: true, brokenAt: null, length: 0 }, records: [] } });
  server.routes['GET /api/admin/directory'] = () => ({ json: directory() });
});

async function open(): Promise<HTMLElement> {
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  const m = mount(h(AppContext.Provider, { value: { api, platform, staff: ADMIN, logout: () => undefined } }, h(DirectoryPage, { params: {}, query: {} })));
  unmount = m.unmount;
  return waitForTestId('page-directory');
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const rowOf = (testid: string, id: string) => document.querySelector(`[data-testid="${testid}"][data-id="${id}"]`) as HTMLElement;
const choose = (el: HTMLElement, value: string) => {
  (el as HTMLSelectElement).value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
};

describe('部门: service points', () => {
  it('a town centre and a village point say their level, the village its town; a district department says nothing of it', async () => {
    await open();
    await waitFor(() => rowOf('department-row', TOWN), 'town row');
    expect(byTestId('department-service-point', rowOf('department-row', TOWN))?.textContent).toBe('镇（街道）便民服务中心');
    expect(byTestId('department-service-point', rowOf('department-row', `${TOWN}-tianyu`))?.textContent).toBe(`村（社区）代办点 · 隶属 ${TOWN_NAME}`);
    expect(byTestId('department-service-point', rowOf('department-row', 'yinzhou-hrss'))).toBeNull();
  });
});

describe('印章: a town seal\'s 赋权事项', () => {
  it('counted by class, each item named with its class; a department\'s seal shows its items plainly', async () => {
    await open();
    click(byTestId('section-seals') as HTMLElement);
    const card = await waitFor(() => rowOf('seal-card', `${TOWN}-seal`), 'town seal');
    expect(card.textContent).toContain('赋权事项');
    expect(byTestId('seal-scope-classes', card)?.textContent).toBe('行政权力事项 1 项 · 公共服务事项 2 项');
    const tags = await waitFor(() => {
      const t = [...(byTestId('seal-scope-names', card) as HTMLElement).children].map((x) => x.textContent);
      return t.includes('就业困难人员认定 · 行政权力事项') && t;
    }, 'item names');
    expect(tags).toEqual(['失业登记 · 公共服务事项', '就业登记 · 公共服务事项', '就业困难人员认定 · 行政权力事项']);
    const plain = rowOf('seal-card', 'yinzhou-hrss-seal');
    expect(byTestId('seal-scope-classes', plain)).toBeNull();
    expect(byTestId('seal-scope-names', plain)?.textContent).toBe('就业参保状态核验');
  });

  it('issuing a town seal asks each chosen item\'s class and sends scopeClasses', async () => {
    await open();
    click(byTestId('section-seals') as HTMLElement);
    click(await waitForTestId('seal-add'));
    const editor = await waitForTestId('seal-editor');
    choose(byTestId('seal-department', editor) as HTMLElement, TOWN);
    click(await waitFor(() => byTestId('seal-scope-employment/hardshipRecognition', editor), 'item choice'));
    await settle();
    click(byTestId('seal-scope-employment/unemploymentRegistration', editor) as HTMLElement);
    type(byTestId('seal-name', editor) as HTMLElement, '钟公庙街道审批专用章（二）');
    server.routes['POST /api/admin/seals'] = () => ({ status: 201, json: {} });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => editor.textContent?.includes('请为每个赋权事项选择类别'), 'classes asked');
    expect(server.requests.filter((r) => r.method === 'POST')).toEqual([]);
    const selects = [...(byTestId('seal-classes', editor) as HTMLElement).querySelectorAll('[data-testid="seal-class"]')] as HTMLElement[];
    expect(selects.length).toBe(2);
    choose(selects[0], 'power');
    await settle();
    choose(selects[1], 'publicService');
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => server.requests.some((r) => r.method === 'POST' && r.path === '/api/admin/seals'), 'POST seal');
    const body = server.requests.filter((r) => r.method === 'POST')[0].json() as Record<string, unknown>;
    expect(body).toMatchObject({
      department: TOWN, kind: 'approval', scope: ['employment/hardshipRecognition', 'employment/unemploymentRegistration'],
      scopeClasses: { 'employment/hardshipRecognition': 'power', 'employment/unemploymentRegistration': 'publicService' },
    });
    await waitFor(() => !byTestId('seal-editor'), 'the editor closes once the directory is read again');
    // the page reads the change records again for the new seal: let that answer arrive before the server closes
    await waitFor(() => server.requests.filter((r) => r.path === '/api/admin/changes').length >= 2, 'change records read again');
    await settle();
  });
});

describe('a seal applied under 集中授权 in the timeline', () => {
  it('says 集中授权：<department> 授权 <window> 签署（授权编号 …）; a department\'s own seal says nothing of it', async () => {
    const base = { itemId: 'medicalInsuranceEnrollment', actor: { kind: 'staff', id: 'w', name: '李丽华', district: '330212' }, at: '2026-03-02T02:00:00.000Z', from: 'claimed', to: 'done', reason: null };
    const events = [
      {
        ...base, id: 'c/m#3', action: 'signOff',
        detail: { delegationId: 'yinzhou-medicalInsurance-to-serviceCenter', delegationFrom: 'yinzhou-medicalInsurance', delegationFromName: '宁波市医疗保障局鄞州分局', delegationToName: '宁波市鄞州区行政审批服务管理办公室' },
      },
      { ...base, id: 'c/h#3', itemId: 'householdRegistration', action: 'signOff', detail: {} },
    ];
    const m = mount(h(EventTimeline, { events: events as never }));
    unmount = m.unmount;
    const lines = [...m.root.querySelectorAll('[data-testid="timeline-delegation"]')].map((e) => e.textContent);
    expect(lines).toEqual(['集中授权：宁波市医疗保障局鄞州分局 授权 宁波市鄞州区行政审批服务管理办公室 签署（授权编号 yinzhou-medicalInsurance-to-serviceCenter）']);
  });
});

describe('签章办结 at a town centre not empowered for the item', () => {
  it('the sheet offers no seal and says the item is outside the seals\' scope, to be handed on', async () => {
    const view = {
      caseId: 'C1', itemId: 'hardshipRecognition', itemName: '就业困难人员认定', district: '330212', department: 'yinzhou-shounan', state: 'claimed', stateLabel: '办理中',
      assignee: 'yinzhou-shounan-signer1', clock: { state: 'running', level: 'normal', elapsedDays: 0, remainingDays: 10, due: null, provisional: false },
      form: { workerName: '钱乐业' }, inputs: {}, outputs: {}, deliveries: {}, correction: null, extension: null, outcomeReason: null, actions: ['signOff', 'refuse', 'handOff'], version: 4,
    };
    server.routes['GET /api/subtasks/C1/hardshipRecognition'] = () => ({
      json: {
        subTask: view, timeline: [],
        labels: { fields: { workerName: { label: '姓名' } }, materials: {}, departmentName: '宁波市鄞州区首南街道便民服务中心', districtName: '鄞州区' },
        outputs: [{ id: 'hardshipRecognitionRecord', name: '就业困难人员认定', fields: [{ key: 'recognitionNumber', label: '认定编号', type: 'text', required: true }] }],
        seals: [],
      },
    });
    const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
    const staff: Staff = { id: 'yinzhou-shounan-signer1', name: '首南签章人', districtCode: '330212', roles: ['signer'] };
    const m = mount(h(AppContext.Provider, { value: { api, platform, staff, logout: () => undefined } }, h(SubTaskPage, { params: { caseId: 'C1', itemId: 'hardshipRecognition' }, query: {} })));
    unmount = m.unmount;
    click(await waitForTestId('action-signOff'));
    const sheet = await waitForTestId('form-sheet');
    expect((byTestId('field-sealId', sheet) as HTMLSelectElement).querySelectorAll('option:not([disabled])').length).toBe(0);
    expect(sheet.textContent).toContain('本部门没有可签署此事项的印章（不在印章的签署范围或镇街赋权事项内），请转交有权签署的部门办理');
  });
});
