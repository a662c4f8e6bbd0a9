// @vitest-environment happy-dom
/**
 * 名录与配置 in a DOM against a recording server: forms show their problems and send nothing; an edit sends the
 * row version, a 409 keeps what was typed and, after 载入最新版本, sends the fresh version; 停用 asks first and says
 * the person's open work goes back to the department queue for 改派; seals and delegations by name with their
 * state; the city admin adds a local closure to the calendar; change records in words with the chain check; an
 * auditor sees no edit button on any page.
 */
import { h } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { DirectoryPage } from '../../../miniapp/pages/directory/page';
import type { AdminDirectory } from '../../../miniapp/pages/directory/types';
import type { Platform } from '../../../miniapp/platform/types';
import type { Staff } from '../../../miniapp/session';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, type, waitFor, waitForTestId } from './helpers';

const DISTRICT_ADMIN: Staff = { id: 'yinzhou-serviceCenter-admin1', name: '区管理员', districtCode: '330212', roles: ['admin'] };
const CITY_ADMIN: Staff = { id: 'ningbo-bigdata-admin1', name: '市管理员', districtCode: '330200', roles: ['admin'] };
const AUDITOR: Staff = { id: 'yinzhou-serviceCenter-auditor1', name: '审计员', districtCode: '330212', roles: ['auditor'] };

function directory(configurable: string[]): AdminDirectory {
  return {
    city: { code: '330200', name: '宁波市' },
    configurable,
    departmentKinds: [
      { id: 'police', name: '公安' },
      { id: 'serviceCenter', name: '审管办' },
      { id: 'civilAffairs', name: '民政' },
    ],
    districts: [
      { code: '330212', id: 'yinzhou', name: '鄞州区', bundles: ['birth'], joins: [{ bundle: 'death', from: '2099-01-01' }], rowVersion: 3 },
      { code: '330206', id: 'beilun', name: '北仑区', bundles: ['birth'], rowVersion: 2 },
    ],
    departments: [
      { id: 'yinzhou-police', district: '330212', kind: 'police', name: '宁波市公安局鄞州分局', rowVersion: 1 },
      { id: 'yinzhou-serviceCenter', district: '330212', kind: 'serviceCenter', name: '鄞州区行政服务中心', rowVersion: 1 },
      { id: 'beilun-police', district: '330206', kind: 'police', name: '宁波市公安局北仑分局', rowVersion: 1 },
    ],
    staff: [
      { id: 'yinzhou-police-handler1', name: '王晓明', district: '330212', department: 'yinzhou-police', roles: ['handler'], accounts: { zzd: '71000001' }, disabled: null, rowVersion: 4 },
      { id: 'yinzhou-police-signer1', name: '李丽华', district: '330212', department: 'yinzhou-police', roles: ['signer'], accounts: { dingtalk: 'dtabc' }, disabled: null, rowVersion: 2 },
      {
        id: 'yinzhou-police-handler2', name: '张建国', district: '330212', department: 'yinzhou-police', roles: ['handler'], accounts: {},
        disabled: { reason: '调离', by: 'yinzhou-serviceCenter-admin1', at: '2026-12-01T02:00:00.000Z' }, rowVersion: 6,
      },
      { id: 'yinzhou-serviceCenter-admin1', name: '区管理员', district: '330212', department: 'yinzhou-serviceCenter', roles: ['admin'], accounts: { zzd: '71000002' }, disabled: null, rowVersion: 1 },
    ],
    seals: [
      { id: 'yinzhou-police-seal', name: '鄞州分局审批专用章', department: 'yinzhou-police', kind: 'approval', scope: ['birth/householdRegistration'], keyId: 'yinzhou-police-seal-ed25519-2', previousKeyIds: ['yinzhou-police-seal-ed25519'], rowVersion: 5 },
    ],
    delegations: [
      { id: 'd-active', fromDepartment: 'yinzhou-police', toDepartment: 'yinzhou-serviceCenter', items: ['birth/householdRegistration'], sealId: 'yinzhou-police-seal', validFrom: '2020-01-01', validUntil: '2099-12-31', rowVersion: 2 },
      { id: 'd-expired', fromDepartment: 'yinzhou-police', toDepartment: 'yinzhou-serviceCenter', items: ['birth/householdRegistration'], sealId: 'yinzhou-police-seal', validFrom: '2020-01-01', validUntil: '2021-12-31', rowVersion: 1 },
      { id: 'd-pending', fromDepartment: 'yinzhou-police', toDepartment: 'yinzhou-serviceCenter', items: ['birth/householdRegistration'], sealId: 'yinzhou-police-seal', validFrom: '2098-01-01', validUntil: '2099-12-31', rowVersion: 1 },
      {
        id: 'd-revoked', fromDepartment: 'yinzhou-police', toDepartment: 'yinzhou-serviceCenter', items: ['birth/householdRegistration'], sealId: 'yinzhou-police-seal', validFrom: '2020-01-01',
        validUntil: '2099-12-31', revoked: { reason: '机构调整', by: 'yinzhou-serviceCenter-admin1', at: '2026-11-01T02:00:00.000Z' }, rowVersion: 3,
      },
    ],
  };
}

const BUNDLES = {
  bundles: [
    { id: 'birth', name: '新生儿出生一件事', current: 1, versions: [{ version: 1 }] },
    { id: 'death', name: '身后一件事', current: 1, versions: [{ version: 1 }] },
    { id: 'pets', name: '养犬一件事', current: null, versions: [] },
  ],
};

let server: TestServer;
let unmount: (() => void) | undefined;
const confirms: string[] = [];
let confirmAnswer = true;
const platform = {
  name: 'local',
  confirm: async (title: string, message: string) => {
    confirms.push(title + '｜' + message);
    return confirmAnswer;
  },
} as unknown as Platform;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  unmount?.();
  unmount = undefined;
});
beforeEach(() => {
  server.requests.length = 0;
  confirms.length = 0;
  confirmAnswer = true;
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  server.routes['GET /api/admin/bundles'] = () => ({ json: BUNDLES });
  server.routes['GET /api/admin/bundles/birth/versions/1'] = () => ({
    json: { bundleId: 'birth', version: 1, rowVersion: 1, doc: { state: 'published', bundle: { name: '新生儿出生一件事', items: [{ id: 'householdRegistration', name: '户口登记（出生登记）', department: 'police' }] } } },
  });
  server.routes['GET /api/admin/calendar'] = () => ({
    json: { daysOff: [{ date: '2026-12-24', name: '办公场所搬迁闭厅' }], workdays: [], publishedYears: [2026], knownUntil: '2026-12-31', calendarVersion: 'abc', rowVersion: 7 },
  });
  const day = { open: '09:00', close: '17:00' };
  server.routes['GET /api/admin/districts/330212/hours'] = () => ({
    json: { district: '330212', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: null, sun: null }, evenings: [], rowVersion: 0 },
  });
  server.routes['GET /api/admin/changes'] = () => ({ json: { scope: '330212', chain: { intact: true, brokenAt: null, length: 0 }, records: [] } });
  server.routes['GET /api/admin/bundles/death/versions/1'] = () => ({ json: { bundleId: 'death', version: 1, rowVersion: 1, doc: { state: 'published', bundle: { name: '身后一件事', items: [] } } } });
});

async function open(staff: Staff, dir: AdminDirectory, query: Record<string, string> = {}): Promise<HTMLElement> {
  server.routes['GET /api/admin/directory'] = () => ({ json: dir });
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  const m = mount(h(AppContext.Provider, { value: { api, platform, staff, logout: () => undefined } }, h(DirectoryPage, { params: {}, query })));
  unmount = m.unmount;
  return waitForTestId('page-directory');
}

/** Lets preact render what was typed before the next click (its handlers close over the rendered state). */
const settle = () => new Promise((r) => setTimeout(r, 20));
const sent = (method: string, path: string) => server.requests.filter((r) => r.method === method && r.path === path);
const rowOf = (testid: string, id: string) => document.querySelector(`[data-testid="${testid}"][data-id="${id}"]`) as HTMLElement;
const errors = (scope: ParentNode) => [...scope.querySelectorAll('[data-testid="field-error"]')].map((e) => e.textContent);

describe('部门与人员', () => {
  it('lists staff with role names and accounts, never codes; a disabled person with why, by whom', async () => {
    const page = await open(DISTRICT_ADMIN, directory(['330212']));
    const text = page.textContent ?? '';
    for (const s of ['宁波市公安局鄞州分局', '王晓明', '部门经办人', '签章人', '已绑定浙政钉账号', '已绑定钉钉账号', '未绑定账号（不能登录）', '已停用', '停用原因：调离（2026-12-01，区管理员）']) expect(text).toContain(s);
    expect(text).not.toMatch(/yinzhou-police|handler|signer\b|330212/);
    expect(rowOf('staff-row', 'yinzhou-police-handler2').getAttribute('data-disabled')).toBe('true');
    expect(byTestId('staff-enable', rowOf('staff-row', 'yinzhou-police-handler2'))).toBeTruthy();
  });

  it('adding a person: the problems shown and nothing sent; then the person with a fresh id and accounts', async () => {
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('staff-add') as HTMLElement);
    const editor = await waitForTestId('staff-editor');
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => errors(editor).length >= 3, 'errors');
    expect(errors(editor)).toEqual(expect.arrayContaining(['请填写姓名', '请选择所在部门', '请至少选择一个角色', '请至少绑定浙政钉或钉钉账号之一，否则无法登录']));
    expect(sent('POST', '/api/admin/staff')).toHaveLength(0);

    server.routes['POST /api/admin/staff'] = () => ({ status: 201, json: {} });
    type(byTestId('staff-name', editor) as HTMLElement, '陈海燕');
    const dep = byTestId('staff-department', editor) as HTMLSelectElement;
    dep.value = 'yinzhou-police';
    dep.dispatchEvent(new Event('change', { bubbles: true }));
    click(byTestId('staff-roles-signer', editor) as HTMLElement);
    type(byTestId('staff-zzd', editor) as HTMLElement, '71009999');
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => sent('POST', '/api/admin/staff').length === 1, 'POST staff');
    const body = sent('POST', '/api/admin/staff')[0].json() as Record<string, unknown>;
    expect(body).toMatchObject({ name: '陈海燕', district: '330212', department: 'yinzhou-police', roles: ['signer'], accounts: { zzd: '71009999' } });
    expect(String(body.id)).toMatch(/^yinzhou-police-[a-z0-9]+$/);
    await waitFor(() => !byTestId('staff-editor'), 'editor closed');
  });

  it('an edit sends the row version; a 409 keeps the input, and after 载入最新版本 the save sends the fresh version', async () => {
    const dir = directory(['330212']);
    await open(DISTRICT_ADMIN, dir);
    click(byTestId('staff-edit', rowOf('staff-row', 'yinzhou-police-handler1')) as HTMLElement);
    const editor = await waitForTestId('staff-editor');
    type(byTestId('staff-name', editor) as HTMLElement, '王晓明明');
    click(byTestId('staff-roles-signer', editor) as HTMLElement);
    server.routes['PUT /api/admin/staff/yinzhou-police-handler1'] = () => ({ status: 409, json: { code: 'CONFLICT', message: '该人员已被他人修改，请刷新后重试' } });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    const conflict = await waitForTestId('conflict');
    expect(conflict.textContent).toContain('别人修改了这条记录');
    expect(conflict.textContent).toContain('没有丢失');
    expect((sent('PUT', '/api/admin/staff/yinzhou-police-handler1')[0].json() as { expectedVersion: number }).expectedVersion).toBe(4);
    expect((byTestId('staff-name', editor) as HTMLInputElement).value).toBe('王晓明明');

    dir.staff[0] = { ...dir.staff[0], name: '王小明', rowVersion: 5 };
    click(byTestId('conflict-latest') as HTMLElement);
    expect((await waitForTestId('conflict-refreshed')).textContent).toContain('对方修改了：姓名（现为 王小明）');
    expect((byTestId('staff-name', byTestId('staff-editor') as HTMLElement) as HTMLInputElement).value).toBe('王晓明明');
    server.routes['PUT /api/admin/staff/yinzhou-police-handler1'] = () => ({ json: {} });
    await settle();
    click(byTestId('editor-save', byTestId('staff-editor') as HTMLElement) as HTMLElement);
    await waitFor(() => sent('PUT', '/api/admin/staff/yinzhou-police-handler1').length === 2, 'second PUT');
    const second = sent('PUT', '/api/admin/staff/yinzhou-police-handler1')[1].json() as Record<string, unknown>;
    expect(second).toMatchObject({ name: '王晓明明', roles: ['handler', 'signer'], accounts: { zzd: '71000001' }, expectedVersion: 5 });
  });

  it('an account someone else holds (409 with the field) is said as such, not as a conflict', async () => {
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('staff-edit', rowOf('staff-row', 'yinzhou-police-signer1')) as HTMLElement);
    const editor = await waitForTestId('staff-editor');
    server.routes['PUT /api/admin/staff/yinzhou-police-signer1'] = () => ({
      status: 409, json: { code: 'CONFLICT', message: '钉钉账号已被其他人员使用', issues: [{ field: 'accounts.dingtalk', code: 'TAKEN', message: '该账号已被其他人员使用' }] },
    });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    const err = await waitForTestId('save-error');
    expect(err.textContent).toContain('钉钉账号已被其他人员使用');
    expect(byTestId('conflict')).toBeNull();
  });

  it('停用 asks for a reason, then confirms that open work goes back to the department queue for 改派', async () => {
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('staff-disable', rowOf('staff-row', 'yinzhou-police-signer1')) as HTMLElement);
    const editor = await waitForTestId('disable-editor');
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => errors(editor).indexOf('请填写停用原因') >= 0, 'reason error');
    expect(confirms).toHaveLength(0);

    type(byTestId('disable-reason', editor) as HTMLElement, '退休');
    confirmAnswer = false;
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => confirms.length === 1, 'confirm');
    expect(confirms[0]).toContain('停用 李丽华');
    expect(confirms[0]).toContain('未办结的工作将退回「宁波市公安局鄞州分局」的部门队列');
    expect(confirms[0]).toContain('改派');
    expect(sent('POST', '/api/admin/staff/yinzhou-police-signer1/disable')).toHaveLength(0);

    confirmAnswer = true;
    server.routes['POST /api/admin/staff/yinzhou-police-signer1/disable'] = () => ({ json: {} });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => sent('POST', '/api/admin/staff/yinzhou-police-signer1/disable').length === 1, 'disable sent');
    expect(sent('POST', '/api/admin/staff/yinzhou-police-signer1/disable')[0].json()).toEqual({ reason: '退休', expectedVersion: 2 });
  });

  it('a department: add needs a name and a kind; rename sends the version', async () => {
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('department-add') as HTMLElement);
    const editor = await waitForTestId('department-editor');
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => errors(editor).length === 2, 'errors');
    expect(errors(editor)).toEqual(['请填写部门名称', '请选择部门类别']);
    server.routes['POST /api/admin/departments'] = () => ({ status: 201, json: {} });
    type(byTestId('department-name', editor) as HTMLElement, '宁波市鄞州区民政局');
    const kind = byTestId('department-kind', editor) as HTMLSelectElement;
    kind.value = 'civilAffairs';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => sent('POST', '/api/admin/departments').length === 1, 'POST department');
    expect(sent('POST', '/api/admin/departments')[0].json()).toEqual({ id: 'yinzhou-civilAffairs', district: '330212', kind: 'civilAffairs', name: '宁波市鄞州区民政局' });
  });

  it('another district is read only for a district admin (the city admin may change it)', async () => {
    await open(DISTRICT_ADMIN, directory(['330212']), { d: '330206', s: 'staff' });
    expect(byTestId('section-staff')?.getAttribute('aria-selected')).toBe('true');
    const page = byTestId('page-directory') as HTMLElement;
    expect(page.getAttribute('data-read-only')).toBe('true');
    expect(byTestId('read-only')?.textContent).toContain('北仑区的配置仅供查看');
    expect(byTestId('staff-add')).toBeNull();
    expect(byTestId('department-add')).toBeNull();
  });
});

describe('印章与集中授权', () => {
  it('a seal shows its items by name, current and earlier keys with their dates; 吊销 says signed files still verify', async () => {
    const rec = (seq: number, at: string, action: string, keyId: string) => ({
      scope: '330212', seq, at, actor: { id: 'a', name: '区管理员', district: '330212' }, kind: 'seal', id: 'yinzhou-police-seal', action, before: null, after: { keyId },
    });
    server.routes['GET /api/admin/changes'] = () => ({
      json: { scope: '330212', chain: { intact: true, brokenAt: null, length: 2 }, records: [rec(2, '2026-12-02T02:00:00.000Z', 'rotate', 'yinzhou-police-seal-ed25519-2'), rec(1, '2026-11-20T02:00:00.000Z', 'create', 'yinzhou-police-seal-ed25519')] },
    });
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('section-seals') as HTMLElement);
    const card = await waitForTestId('seal-card');
    expect(byTestId('seal-scope-names', card)?.textContent).toBe('户口登记（出生登记）');
    const keyRows = () => [...(byTestId('seal-keys', card) as HTMLElement).querySelectorAll('tr')].map((r) => r.textContent ?? '');
    const keys = await waitFor(() => keyRows()[0].includes('起') && keyRows(), 'key dates from the change records');
    expect(keys[0]).toContain('当前密钥');
    expect(keys[0]).toContain('第 2 号密钥');
    expect(keys[0]).toContain('2026-12-02 起');
    expect(keys[1]).toContain('初始密钥');
    expect(keys[1]).toContain('2026-11-20 至 2026-12-02');
    expect(card.textContent).not.toContain('ed25519');
    click(byTestId('seal-revoke', card) as HTMLElement);
    const editor = await waitForTestId('seal-revoke-editor');
    expect(editor.textContent).toContain('吊销后不能再用此章签章，已签文件仍可验证');
    type(byTestId('seal-revoke-reason', editor) as HTMLElement, '印章遗失');
    server.routes['POST /api/admin/seals/yinzhou-police-seal/revoke'] = () => ({ json: {} });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => sent('POST', '/api/admin/seals/yinzhou-police-seal/revoke').length === 1, 'revoke');
    expect(confirms[0]).toContain('吊销后不能再用此章签章，已签文件仍可验证');
    expect(sent('POST', '/api/admin/seals/yinzhou-police-seal/revoke')[0].json()).toEqual({ reason: '印章遗失', expectedVersion: 5 });
  });

  it('delegations in their four states; only live ones may be revoked', async () => {
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('section-delegations') as HTMLElement);
    await waitForTestId('delegation-card');
    const states = [...document.querySelectorAll('[data-testid="delegation-card"]')].map((c) => [c.getAttribute('data-id'), byTestId('delegation-state', c)?.textContent]);
    expect(states).toEqual([['d-active', '生效中'], ['d-expired', '已过期'], ['d-pending', '未生效'], ['d-revoked', '已撤销']]);
    expect(byTestId('delegation-revoke', rowOf('delegation-card', 'd-active'))).toBeTruthy();
    expect(byTestId('delegation-revoke', rowOf('delegation-card', 'd-expired'))).toBeNull();
    expect(rowOf('delegation-card', 'd-revoked').textContent).toContain('机构调整');
    expect(rowOf('delegation-card', 'd-active').textContent).toContain('宁波市公安局鄞州分局 → 鄞州区行政服务中心');
  });

  it('a new delegation: an end before its start is refused in the form', async () => {
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('section-delegations') as HTMLElement);
    click(await waitForTestId('delegation-add'));
    const editor = await waitForTestId('delegation-editor');
    type(byTestId('delegation-valid-from', editor) as HTMLElement, '2099-05-01');
    type(byTestId('delegation-valid-until', editor) as HTMLElement, '2099-04-01');
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => errors(editor).length > 0, 'errors');
    expect(errors(editor)).toEqual(expect.arrayContaining(['请选择授权部门', '请至少选择一个事项', '截止日期不能早于生效日期']));
    expect(sent('POST', '/api/admin/delegations')).toHaveLength(0);
  });
});

describe('参与一件事', () => {
  it('joined, joining from a later date, not joined; joining sends the date and the district row version', async () => {
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('section-joins') as HTMLElement);
    await waitForTestId('join-card');
    expect(rowOf('join-card', 'birth').textContent).toContain('本区县已参与');
    expect(rowOf('join-card', 'death').textContent).toContain('本区县将于 2099-01-01 起参与');
    expect(byTestId('join-add', rowOf('join-card', 'death'))).toBeNull();
    click(byTestId('join-add', rowOf('join-card', 'pets')) as HTMLElement);
    const editor = await waitForTestId('join-editor');
    type(byTestId('join-from', editor) as HTMLElement, '2000-01-01');
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => errors(editor).indexOf('参与日期不能早于今天') >= 0, 'past date refused');
    type(byTestId('join-from', editor) as HTMLElement, '2099-03-01');
    server.routes['PUT /api/admin/districts/330212/joins/pets'] = () => ({ json: {} });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => sent('PUT', '/api/admin/districts/330212/joins/pets').length === 1, 'PUT join');
    expect(sent('PUT', '/api/admin/districts/330212/joins/pets')[0].json()).toEqual({ from: '2099-03-01', expectedVersion: 3 });
  });
});

describe('集中授权的创建与变更记录的翻页', () => {
  it('a delegation: the items of the granting department, the window seal, the period; the POST carries them with a fresh id', async () => {
    const dir = directory(['330212']);
    dir.seals.push({ id: 'yinzhou-serviceCenter-delegated-seal', name: '行政服务中心集中授权审批专用章', department: 'yinzhou-serviceCenter', kind: 'delegated', scope: [], keyId: 'x-ed25519', rowVersion: 1 });
    await open(DISTRICT_ADMIN, dir);
    click(byTestId('section-delegations') as HTMLElement);
    click(await waitForTestId('delegation-add'));
    const editor = await waitForTestId('delegation-editor');
    const pick = (id: string, value: string) => {
      const el = byTestId(id, editor) as HTMLSelectElement;
      el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    };
    expect((byTestId('delegation-to', editor) as HTMLSelectElement).value).toBe('yinzhou-serviceCenter');
    pick('delegation-from', 'yinzhou-police');
    click(await waitFor(() => byTestId('delegation-items-birth/householdRegistration', editor), 'item of 公安'));
    pick('delegation-seal', 'yinzhou-serviceCenter-delegated-seal');
    type(byTestId('delegation-valid-until', editor) as HTMLElement, '2099-12-31');
    server.routes['POST /api/admin/delegations'] = () => ({ status: 201, json: {} });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => sent('POST', '/api/admin/delegations').length === 1, 'POST delegation');
    const body = sent('POST', '/api/admin/delegations')[0].json() as Record<string, unknown>;
    expect(body).toMatchObject({
      fromDepartment: 'yinzhou-police', toDepartment: 'yinzhou-serviceCenter', items: ['birth/householdRegistration'], sealId: 'yinzhou-serviceCenter-delegated-seal', validUntil: '2099-12-31',
    });
    expect(String(body.id)).toMatch(/^yinzhou-police-to-serviceCenter-[a-z0-9]+$/);
  });

  it('change records page by seq: 加载更多 asks before the last one shown', async () => {
    const rec = (seq: number) => ({
      scope: '330212', seq, at: '2026-12-06T02:00:00.000Z', actor: { id: 'a', name: '区管理员', district: '330212' }, kind: 'department', id: 'yinzhou-police', action: 'update',
      before: { name: '旧名' + seq }, after: { name: '新名' + seq },
    });
    server.routes['GET /api/admin/changes'] = (req) => {
      const before = Number(req.query.get('before') || 61);
      const seqs = [];
      for (let s = before - 1; s >= 1 && seqs.length < 50; s--) seqs.push(s);
      return { json: { scope: '330212', chain: { intact: true, brokenAt: null, length: 60 }, records: seqs.map(rec) } };
    };
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('section-changes') as HTMLElement);
    await waitFor(() => document.querySelectorAll('[data-testid="change-record"]').length === 50, 'first page');
    click(byTestId('changes-more') as HTMLElement);
    await waitFor(() => document.querySelectorAll('[data-testid="change-record"]').length === 60, 'second page');
    expect(server.requests.filter((r) => r.path === '/api/admin/changes').map((r) => r.query.get('before'))).toEqual([null, '11']);
    expect(byTestId('changes-more')).toBeNull();
    expect(document.querySelector('[data-testid="change-record"][data-seq="1"]')?.textContent).toContain('旧名1→新名1');
  });
});

describe('工作日历与开放时间', () => {
  it('the city admin adds a local closure: one PUT with the whole overlay and its version', async () => {
    await open(CITY_ADMIN, directory(['330200', '330212', '330206']));
    click(byTestId('section-calendar') as HTMLElement);
    click(await waitForTestId('calendar-edit'));
    const editor = await waitForTestId('calendar-editor');
    await settle();
    click(byTestId('add-dayoff-ok', editor) as HTMLElement);
    await waitFor(() => errors(editor).indexOf('请选择日期') >= 0, 'date error');
    type(byTestId('add-dayoff-date', editor) as HTMLElement, '2026-12-24');
    type(byTestId('add-dayoff-name', editor) as HTMLElement, '重复');
    await settle();
    click(byTestId('add-dayoff-ok', editor) as HTMLElement);
    await waitFor(() => errors(editor).indexOf('2026-12-24 已在日历中') >= 0, 'duplicate');
    type(byTestId('add-dayoff-date', editor) as HTMLElement, '2027-03-21');
    type(byTestId('add-dayoff-name', editor) as HTMLElement, '畲族三月三');
    await settle();
    click(byTestId('add-dayoff-ok', editor) as HTMLElement);
    await waitFor(() => editor.querySelectorAll('[data-testid="edit-daysoff-row"]').length === 2, 'added');
    server.routes['PUT /api/admin/calendar'] = (req) => ({ json: { ...(req.json() as object), knownUntil: '2026-12-31', rowVersion: 8 } });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => sent('PUT', '/api/admin/calendar').length === 1, 'PUT calendar');
    expect(sent('PUT', '/api/admin/calendar')[0].json()).toEqual({
      daysOff: [{ date: '2026-12-24', name: '办公场所搬迁闭厅' }, { date: '2027-03-21', name: '畲族三月三' }], workdays: [], publishedYears: [2026], expectedVersion: 7,
    });
  });

  it("entering next year's notice adds its holidays and make-up days and marks the year entered", async () => {
    await open(CITY_ADMIN, directory(['330200', '330212', '330206']));
    click(byTestId('section-calendar') as HTMLElement);
    click(await waitForTestId('calendar-edit'));
    const editor = await waitForTestId('calendar-editor');
    const year = Number((byTestId('notice-year', editor) as HTMLSelectElement).value);
    type(byTestId('notice-holidays', editor) as HTMLElement, year + '-01-01 元旦\n' + year + '-02-16 至 ' + year + '-02-18 春节\nxx');
    await settle();
    click(byTestId('notice-enter', editor) as HTMLElement);
    const problems = await waitForTestId('notice-problems');
    expect(problems.textContent).toContain('第 3 行应为“日期 名称”');
    type(byTestId('notice-holidays', editor) as HTMLElement, year + '-01-01 元旦\n' + year + '-02-16 至 ' + year + '-02-18 春节');
    type(byTestId('notice-workdays', editor) as HTMLElement, year + '-02-14 春节调休上班');
    await settle();
    click(byTestId('notice-enter', editor) as HTMLElement);
    await waitFor(() => editor.querySelectorAll('[data-testid="edit-daysoff-row"]').length === 5, 'notice added');
    server.routes['PUT /api/admin/calendar'] = (req) => ({ json: { ...(req.json() as object), knownUntil: '2026-12-31', rowVersion: 8 } });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => sent('PUT', '/api/admin/calendar').length === 1, 'PUT calendar');
    const body = sent('PUT', '/api/admin/calendar')[0].json() as { publishedYears: number[]; workdays: unknown[]; daysOff: { date: string }[] };
    expect(body.publishedYears).toEqual([2026, year]);
    expect(body.workdays).toEqual([{ date: year + '-02-14', name: '春节调休上班' }]);
    expect(body.daysOff.map((d) => d.date)).toContain(year + '-02-17');
  });

  it('a district admin reads the calendar but may set the hall hours; an evening before closing time is refused (the core rule)', async () => {
    const day = { open: '09:00', close: '17:00' };
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('section-calendar') as HTMLElement);
    await waitForTestId('calendar');
    expect(byTestId('calendar-edit')).toBeNull();
    expect(byTestId('read-only')?.textContent).toContain('市大数据局');
    click(await waitForTestId('hours-edit'));
    const editor = await waitForTestId('hours-editor');
    click(byTestId('hours-open-sat', editor) as HTMLElement);
    click(byTestId('evening-add', editor) as HTMLElement);
    type(await waitFor(() => byTestId('evening-until-0', editor), 'evening'), '16:00');
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => errors(editor).length === 1, 'evening error');
    expect(errors(editor)).toEqual(['周二夜市须晚于周二关门时间 17:00']);
    type(byTestId('evening-until-0', editor) as HTMLElement, '19:30');
    type(byTestId('hours-to-sat', editor) as HTMLElement, '12:00');
    server.routes['PUT /api/admin/districts/330212/hours'] = (req) => ({ json: { district: '330212', ...(req.json() as object), rowVersion: 1 } });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => sent('PUT', '/api/admin/districts/330212/hours').length === 1, 'PUT hours');
    const body = sent('PUT', '/api/admin/districts/330212/hours')[0].json() as { weekly: Record<string, unknown>; evenings: unknown[]; expectedVersion: number };
    expect(body.weekly).toEqual({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: { open: '09:00', close: '12:00' }, sun: null });
    expect(body.evenings).toEqual([{ weekday: 'tue', until: '19:30', name: '周二夜市' }]);
    expect(body.expectedVersion).toBe(0);
    const view = await waitForTestId('hours-view');
    expect(byTestId('hours-row-tue', view)?.textContent).toBe('周二09:00–17:00，延至 19:30（周二夜市）');
    expect(byTestId('hours-row-sun', view)?.textContent).toBe('周日不开放');
  });
});

describe('印章制发', () => {
  it('a seal issued with the items its department handles, as bundle/item refs', async () => {
    await open(DISTRICT_ADMIN, directory(['330212']));
    click(byTestId('section-seals') as HTMLElement);
    click(await waitForTestId('seal-add'));
    const editor = await waitForTestId('seal-editor');
    const dep = byTestId('seal-department', editor) as HTMLSelectElement;
    dep.value = 'yinzhou-serviceCenter';
    dep.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => editor.textContent?.includes('这个部门没有可签章的事项'), 'no items for the window');
    dep.value = 'yinzhou-police';
    dep.dispatchEvent(new Event('change', { bubbles: true }));
    click(await waitFor(() => byTestId('seal-scope-birth/householdRegistration', editor), 'item choice'));
    type(byTestId('seal-name', editor) as HTMLElement, '鄞州分局第二审批专用章');
    server.routes['POST /api/admin/seals'] = () => ({ status: 201, json: {} });
    await settle();
    click(byTestId('editor-save', editor) as HTMLElement);
    await waitFor(() => sent('POST', '/api/admin/seals').length === 1, 'POST seal');
    const body = sent('POST', '/api/admin/seals')[0].json() as Record<string, unknown>;
    expect(body).toMatchObject({ name: '鄞州分局第二审批专用章', department: 'yinzhou-police', kind: 'approval', scope: ['birth/householdRegistration'] });
    expect(String(body.id)).toMatch(/^yinzhou-police-seal-[a-z0-9]+$/);
  });
});

describe('变更记录', () => {
  it('records in words (who, what, before → after) with the chain check', async () => {
    server.routes['GET /api/admin/changes'] = () => ({
      json: {
        scope: '330212',
        chain: { intact: false, brokenAt: 2, length: 3 },
        records: [
          {
            scope: '330212', seq: 3, at: '2026-12-06T03:00:00.000Z', actor: { id: 'yinzhou-serviceCenter-admin1', name: '区管理员', district: '330212' }, kind: 'hours', id: '330212', action: 'create', before: null,
            after: {
              weekly: { fri: { open: '09:00', close: '17:00' }, mon: { open: '09:00', close: '17:00' }, sat: null, sun: null, thu: { open: '09:00', close: '17:00' }, tue: { open: '09:00', close: '17:00' }, wed: { open: '09:00', close: '17:00' } },
              evenings: [{ weekday: 'tue', until: '19:30', name: '周二夜市' }],
            },
          },
          {
            scope: '330212', seq: 2, at: '2026-12-06T02:00:00.000Z', actor: { id: 'yinzhou-serviceCenter-admin1', name: '区管理员', district: '330212' }, kind: 'staff', id: 'yinzhou-police-handler1', action: 'update',
            before: { name: '王晓明', department: 'yinzhou-police', roles: ['handler'], accounts: { zzd: '71000001' }, disabled: null },
            after: { name: '王晓明', department: 'yinzhou-police', roles: ['handler', 'signer'], accounts: { zzd: '71000001' }, disabled: null },
          },
          {
            scope: '330212', seq: 1, at: '2026-12-05T02:00:00.000Z', actor: { id: 'yinzhou-serviceCenter-admin1', name: '区管理员', district: '330212' }, kind: 'department', id: 'yinzhou-police', action: 'create',
            before: null, after: { id: 'yinzhou-police', district: '330212', kind: 'police', name: '宁波市公安局鄞州分局' },
          },
        ],
      },
    });
    await open(AUDITOR, directory([]));
    click(byTestId('section-changes') as HTMLElement);
    const changes = await waitForTestId('changes');
    expect(changes.getAttribute('data-valid')).toBe('false');
    expect(byTestId('changes-chain')?.textContent).toContain('自第 2 条记录起');
    const records = [...changes.querySelectorAll('[data-testid="change-record"]')].map((r) => r.textContent ?? '');
    const hours = records.shift() ?? '';
    expect(hours).toContain('新增开放时间：鄞州区服务大厅');
    expect(hours).toContain('周一至周五 09:00–17:00；周六至周日 不开放');
    expect(hours).toContain('周二 延至 19:30（周二夜市）');
    expect(records[0]).toContain('修改人员：王晓明');
    expect(records[0]).toContain('角色部门经办人→部门经办人、签章人');
    expect(records[0]).toContain('区管理员（鄞州区）');
    expect(records[0]).toContain('校验未通过');
    expect(records[1]).toContain('新增部门：宁波市公安局鄞州分局');
    expect(records.join('')).not.toMatch(/yinzhou-police|handler|330212/);
    expect(server.requests.filter((r) => r.path === '/api/admin/changes')[0].query.get('district')).toBe('330212');
  });

});

describe('一件事的变更记录', () => {
  it('bundle versions read as name and version, state and valid-from; a save lists the labelled changes', async () => {
    const actor = { id: 'ningbo-bigdata-admin1', name: '市管理员', district: '330200' };
    const doc = (state: string, validFrom: string | null) => ({ bundle: { id: 'birth', name: '新生儿出生一件事', items: [{ id: 'x' }] }, state, scope: null, validFrom, copiedFrom: 1 });
    server.routes['GET /api/admin/changes'] = () => ({
      json: {
        scope: '330200', chain: { intact: true, brokenAt: null, length: 2 },
        records: [
          { scope: '330200', seq: 2, at: '2026-12-06T03:00:00.000Z', actor, kind: 'bundle', id: 'birth@000002', action: 'publish', before: doc('draft', null), after: doc('published', '2026-12-08') },
          {
            scope: '330200', seq: 1, at: '2026-12-06T02:00:00.000Z', actor, kind: 'bundle', id: 'birth@000002', action: 'save', before: null,
            after: { rowVersion: 3, changes: [{ section: 'item', change: 'changed', path: 'items.householdRegistration.timeLimitDays', label: '事项「户口登记」· 承诺时限（工作日）', before: 5, after: 3 }] },
          },
        ],
      },
    });
    await open(CITY_ADMIN, directory(['330200', '330212', '330206']));
    click(byTestId('section-changes') as HTMLElement);
    click(await waitForTestId('changes-city'));
    await waitFor(() => server.requests.some((r) => r.path === '/api/admin/changes' && !r.query.get('district')), 'city scope asked');
    await waitFor(() => document.querySelectorAll('[data-testid="change-record"]').length === 2, 'records');
    const records = [...document.querySelectorAll('[data-testid="change-record"]')].map((r) => r.textContent ?? '');
    expect(records[0]).toContain('发布一件事：新生儿出生一件事（第 2 版）');
    expect(records[0]).toContain('状态草稿→已发布');
    expect(records[0]).toContain('生效日期（无）→2026-12-08');
    expect(records[1]).toContain('保存一件事草稿：新生儿出生一件事（第 2 版）');
    expect(records[1]).toContain('事项「户口登记」· 承诺时限（工作日）5→3');
    expect(records.join('')).not.toMatch(/birth@|householdRegistration/);
  });
});

describe('审计只读', () => {
  it('an auditor sees every section and no edit button anywhere', async () => {
    server.routes['GET /api/admin/changes'] = () => ({ json: { scope: '330212', chain: { intact: true, brokenAt: null, length: 0 }, records: [] } });
    const page = await open(AUDITOR, directory([]));
    expect(page.getAttribute('data-read-only')).toBe('true');
    expect(byTestId('read-only')?.textContent).toContain('审计只读');
    for (const section of ['staff', 'seals', 'delegations', 'joins', 'calendar', 'changes']) {
      click(byTestId('section-' + section) as HTMLElement);
      await new Promise((r) => setTimeout(r, 20));
      const buttons = [...page.querySelectorAll('button:not([role="tab"])')].map((b) => b.textContent ?? '');
      const edits = buttons.filter((t) => /添加|编辑|停用|启用|改名|制发|吊销|更换|新建|撤销|参与|修改/.test(t));
      expect(edits, section).toEqual([]);
    }
  });
});
