// 名录配置 through HTTP on the real service and tablestore-local: departments added and renamed, staff added (who can
// then log in through the 浙政钉 gateway fake and work), edited (sessions end), disabled (no login, sessions end at
// once, their claimed work shows in the department queue as 经办人已停用 and is reassigned 改派) and enabled again.
// Refusals change nothing: another district's admin 403, auditors read but cannot change, clerks 403, bad input 400,
// two admins editing one person → one 409. Every change is a record of the district's verified change chain.
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';
import type { ApiEnv } from '../../functions/api/auth';
import { ZzdClient } from '../../functions/platform/zzd';
import { Directory } from '../../functions/store/directory';
import { StaffSessions } from '../../functions/store/sessions';
import { LOCAL_GATEWAY_DEFAULTS, startGateways, type Gateways } from '../../scripts/gateways/index';
import { birthBundle, outputsFor } from '../core/fixtures';
import { acceptThroughApi, act, birthBody, CLERK, type AcceptedCase } from './fixtures';
import { NOW, SECRET, startRouteHarness, type RouteHarness } from './route-support';

const CITY_ADMIN = 'ningbo-bigdata-admin1';
const YZ_ADMIN = 'yinzhou-serviceCenter-admin1';
const HS_ADMIN = 'haishu-serviceCenter-admin1';
const AUDITOR = 'yinzhou-serviceCenter-auditor1';
const YZ = '330212';
const HS = '330203';
const CHINESE = /[\u4e00-\u9fff]/;
const ITEM = 'birthCertificate';
const NEW_ACCOUNT = '88000001';

let h: RouteHarness;
let gateways: Gateways;
let login: Hono<ApiEnv>;
let birth: AcceptedCase;
let second: AcceptedCase;
let hospital: string;

beforeAll(async () => {
  h = await startRouteHarness();
  gateways = await startGateways({
    zzd: { ...LOCAL_GATEWAY_DEFAULTS.zzd },
    dingtalk: { ...LOCAL_GATEWAY_DEFAULTS.dingtalk },
    users: [{ accountId: NEW_ACCOUNT, name: '新经办' }],
  });
  const client = h.client;
  // the same api over the same tables, with the 浙政钉 exchange against the gateway fake (local login)
  login = createApp({
    mode: 'local', sessionSecret: SECRET, staff: new Directory(client), sessions: new StaffSessions(client),
    identities: { zzd: new ZzdClient({ baseUrl: gateways.zzdUrl, ...LOCAL_GATEWAY_DEFAULTS.zzd }) },
    services: h.services, now: () => Date.parse(NOW), log: () => undefined,
  });
  birth = await acceptThroughApi(h, birthBody());
  second = await acceptThroughApi(h, birthBody());
  hospital = birth.routes[ITEM].department;
  expect(birth.routes[ITEM].district).toBe(HS);
}, 60_000);
afterAll(async () => {
  await gateways?.stop();
  await h?.stop();
});

async function localLogin(accountId: string): Promise<{ status: number; body: any }> {
  const code = gateways.issueCode('zzd', accountId);
  const res = await login.fetch(new Request('http://api.local/api/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: 'local', code }),
  }));
  return { status: res.status, body: await res.json() };
}

const as = (who: string) => ({ token: h.token(who) });
const directory = async (who = CITY_ADMIN) => {
  const r = await h.call('GET', '/api/admin/directory', as(who));
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return r.body;
};
const staffRow = async (id: string) => (await directory()).staff.find((s: { id: string }) => s.id === id);

describe('departments', () => {
  it('an admin adds a department to their district and renames it; a stale version is 409', async () => {
    const added = await h.call('POST', '/api/admin/departments', { ...as(YZ_ADMIN), json: { id: 'yinzhou-police2', district: YZ, kind: 'police', name: '鄞州区公安分局出入境窗口' } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toEqual({ id: 'yinzhou-police2', district: YZ, kind: 'police', name: '鄞州区公安分局出入境窗口', rowVersion: 1 });
    const listed = (await directory(YZ_ADMIN)).departments.find((d: { id: string }) => d.id === 'yinzhou-police2');
    expect(listed).toEqual(added.body);

    const renamed = await h.call('PUT', '/api/admin/departments/yinzhou-police2', { ...as(YZ_ADMIN), json: { name: '鄞州区公安分局户政窗口', expectedVersion: 1 } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '鄞州区公安分局户政窗口', district: YZ, kind: 'police', rowVersion: 2 });
    const stale = await h.call('PUT', '/api/admin/departments/yinzhou-police2', { ...as(CITY_ADMIN), json: { name: '另一个名字', expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect(stale.body.message).toMatch(CHINESE);
    expect((await directory()).departments.find((d: { id: string }) => d.id === 'yinzhou-police2').name).toBe('鄞州区公安分局户政窗口');
  });

  it('two admins adding one department id at once: one 201, one 409', async () => {
    const add = (who: string, name: string) => h.call('POST', '/api/admin/departments', { ...as(who), json: { id: 'yinzhou-cdc2', district: YZ, kind: 'cdc', name } });
    const [a, b] = await Promise.all([add(YZ_ADMIN, '鄞州区疾控中心东部站'), add(CITY_ADMIN, '鄞州区疾控中心西部站')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const won = a.status === 201 ? a : b;
    expect((await directory()).departments.find((d: { id: string }) => d.id === 'yinzhou-cdc2')).toEqual(won.body);
  });

  it('refuses an unknown kind, a taken id, bad input, another district and non-admins, changing nothing', async () => {
    const before = await directory();
    const cases: Array<[string, string, string, unknown, number, string]> = [
      ['POST', '/api/admin/departments', YZ_ADMIN, { id: 'yinzhou-zoo', district: YZ, kind: 'zoo', name: '动物园' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/api/admin/departments', YZ_ADMIN, { id: 'yinzhou-police', district: YZ, kind: 'police', name: '重复的公安' }, 409, 'CONFLICT'],
      ['POST', '/api/admin/departments', YZ_ADMIN, { id: 'Bad Id', district: YZ, kind: 'police', name: '公安' }, 400, 'INVALID_BODY'],
      ['POST', '/api/admin/departments', YZ_ADMIN, { id: 'yinzhou-x', district: YZ, kind: 'police', name: ' ' }, 400, 'INVALID_BODY'],
      ['POST', '/api/admin/departments', YZ_ADMIN, { id: 'yinzhou-x', district: YZ, kind: 'police', name: '公安', extra: 1 }, 400, 'INVALID_BODY'],
      ['POST', '/api/admin/departments', YZ_ADMIN, { id: 'haishu-police9', district: HS, kind: 'police', name: '海曙公安' }, 403, 'FORBIDDEN'],
      ['PUT', '/api/admin/departments/haishu-police', YZ_ADMIN, { name: '改名', expectedVersion: 1 }, 403, 'FORBIDDEN'],
      ['PUT', '/api/admin/departments/haishu-police', AUDITOR, { name: '改名', expectedVersion: 1 }, 403, 'FORBIDDEN'],
      ['POST', '/api/admin/departments', CLERK, { id: 'yinzhou-x', district: YZ, kind: 'police', name: '公安' }, 403, 'FORBIDDEN'],
      ['PUT', '/api/admin/departments/no-such-dept', YZ_ADMIN, { name: '改名', expectedVersion: 1 }, 404, 'NOT_FOUND'],
    ];
    for (const [method, path, who, json, status, code] of cases) {
      const r = await h.call(method, path, { ...as(who), json });
      expect(r.status, `${method} ${path} as ${who}: ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.code).toBe(code);
      expect(r.body.message).toMatch(CHINESE);
    }
    expect(await directory()).toEqual(before);
  });

  it('auditors read everything, a district admin their district, clerks nothing', async () => {
    const auditor = await directory(AUDITOR);
    expect(auditor.configurable).toEqual([]);
    expect(auditor.departments.some((d: { district: string }) => d.district === HS)).toBe(true);
    const yz = await directory(YZ_ADMIN);
    expect(yz.configurable).toEqual([YZ]);
    expect(yz.departments.length).toBeGreaterThan(0);
    expect(yz.departments.every((d: { district: string }) => d.district === YZ)).toBe(true);
    expect(yz.staff.every((s: { district: string }) => s.district === YZ)).toBe(true);
    expect(yz.seals.length).toBeGreaterThan(0);
    expect(yz.departmentKinds.map((k: { id: string }) => k.id)).toContain('police');
    expect((await directory(CITY_ADMIN)).configurable).toContain(HS);
    const clerk = await h.call('GET', '/api/admin/directory', as(CLERK));
    expect(clerk.status).toBe(403);
    expect(clerk.body.code).toBe('FORBIDDEN');
  });
});

describe('staff', () => {
  const NEW = 'haishu-hospital1-handler9';

  it('an admin adds a staff member who then logs in through 浙政钉 and works', async () => {
    expect((await localLogin(NEW_ACCOUNT)).status).toBe(403); // not opened yet: UNKNOWN_STAFF
    const r = await h.call('POST', '/api/admin/staff', {
      ...as(HS_ADMIN), json: { id: NEW, name: '新经办', district: HS, department: hospital, roles: ['handler'], accounts: { zzd: NEW_ACCOUNT } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual({ id: NEW, name: '新经办', district: HS, department: hospital, roles: ['handler'], accounts: { zzd: NEW_ACCOUNT }, disabled: null, rowVersion: 1 });
    const session = await localLogin(NEW_ACCOUNT);
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    expect(session.body.staff).toMatchObject({ id: NEW, departmentCode: hospital, roles: ['handler'] });
    const token = session.body.token;
    const claimed = await h.call('GET', `/api/subtasks/${birth.caseId}/${ITEM}`, { token });
    expect(claimed.status).toBe(200);
    const claim = await h.call('POST', `/api/subtasks/${birth.caseId}/${ITEM}/actions`, { token, json: { command: { type: 'claim' }, expectedVersion: claimed.body.subTask.version } });
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    expect(claim.body.subTask).toMatchObject({ state: 'claimed', assignee: NEW });
    // a colleague's hand-off picker offers them, and a colleague hands them another case's sub-task by name
    const contacts = await h.call('GET', '/api/contacts', as(`${hospital}-handler1`));
    expect(contacts.body.staff.map((s: { id: string }) => s.id)).toContain(NEW);
    expect((await act(h, `${hospital}-handler1`, second.caseId, ITEM, { type: 'claim' })).status).toBe(200);
    const handed = await act(h, `${hospital}-handler1`, second.caseId, ITEM, { type: 'handOff', toStaff: NEW, reason: '请新同事办理' });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    expect(handed.body.subTask).toMatchObject({ state: 'ready', assignee: NEW });
  });

  it('editing roles ends the person\'s session; two admins editing one person: one 409, nothing lost', async () => {
    const first = await localLogin(NEW_ACCOUNT);
    expect((await h.call('GET', '/api/me', { token: first.body.token })).status).toBe(200);
    const edit = (who: string, fields: Record<string, unknown>) => h.call('PUT', `/api/admin/staff/${NEW}`, {
      ...as(who), json: { name: '新经办', department: hospital, roles: ['handler'], accounts: { zzd: NEW_ACCOUNT }, expectedVersion: 1, ...fields },
    });
    const [a, b] = await Promise.all([edit(HS_ADMIN, { roles: ['handler', 'signer'] }), edit(CITY_ADMIN, { name: '新经办人' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    expect(lost.body.code).toBe('CONFLICT');
    expect(lost.body.message).toMatch(CHINESE);
    // the loser applies again on the version it now reads: both changes are kept
    const now = await staffRow(NEW);
    const again = a.status === 409
      ? await edit(HS_ADMIN, { roles: ['handler', 'signer'], name: now.name, expectedVersion: now.rowVersion })
      : await edit(CITY_ADMIN, { name: '新经办人', roles: now.roles, expectedVersion: now.rowVersion });
    expect(again.status).toBe(200);
    expect(await staffRow(NEW)).toMatchObject({ name: '新经办人', roles: ['handler', 'signer'], rowVersion: 3 });
    const old = await h.call('GET', '/api/me', { token: first.body.token });
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('SESSION_REVOKED');
    const back = await h.call('PUT', `/api/admin/staff/${NEW}`, {
      ...as(HS_ADMIN), json: { name: '新经办', department: hospital, roles: ['handler'], accounts: { zzd: NEW_ACCOUNT }, expectedVersion: 3 },
    });
    expect(back.status).toBe(200);
  });

  it('an account of someone else is 409 with a Chinese message; other refusals change nothing', async () => {
    const taken = h.staff(`${hospital}-handler1`).zzdAccountId;
    const before = await directory();
    const put = (who: string, json: Record<string, unknown>, id = NEW) => h.call('PUT', `/api/admin/staff/${id}`, { ...as(who), json });
    const base = { name: '新经办', department: hospital, roles: ['handler'], accounts: { zzd: NEW_ACCOUNT }, expectedVersion: 4 };
    const clash = await put(HS_ADMIN, { ...base, accounts: { zzd: taken } });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'CONFLICT', message: '浙政钉账号已被其他人员使用' });
    const create = await h.call('POST', '/api/admin/staff', { ...as(HS_ADMIN), json: { id: 'haishu-x1', name: '重复账号', district: HS, department: hospital, roles: ['handler'], accounts: { zzd: taken } } });
    expect(create.status).toBe(409);
    const sameId = await h.call('POST', '/api/admin/staff', { ...as(HS_ADMIN), json: { id: `${hospital}-handler1`, name: '重复编号', district: HS, department: hospital, roles: ['handler'], accounts: {} } });
    expect(sameId.status).toBe(409);
    expect(sameId.body).toMatchObject({ code: 'CONFLICT', message: '人员编号已被使用' });
    const refusals: Array<[Promise<{ status: number; body: any }>, number, string]> = [
      [put(YZ_ADMIN, base), 403, 'FORBIDDEN'],
      [put(AUDITOR, base), 403, 'FORBIDDEN'],
      [put(CLERK, base), 403, 'FORBIDDEN'],
      [put(HS_ADMIN, { ...base, department: 'yinzhou-police' }), 403, 'FORBIDDEN'],
      [put(HS_ADMIN, { ...base, department: 'haishu-nowhere' }), 400, 'VALIDATION_FAILED'],
      [put(HS_ADMIN, { ...base, roles: ['king'] }), 400, 'INVALID_BODY'],
      [put(HS_ADMIN, { ...base, roles: [] }), 400, 'INVALID_BODY'],
      [put(HS_ADMIN, { ...base, expectedVersion: undefined }), 400, 'INVALID_BODY'],
      [put(HS_ADMIN, { ...base, name: '新经办', accounts: { zzd: 'a b' } }), 400, 'INVALID_BODY'],
      [put(HS_ADMIN, base, 'nobody-here'), 404, 'NOT_FOUND'],
      // an admin may not take their own admin role away, nor disable themselves
      [put(HS_ADMIN, { name: '管理员', department: 'haishu-serviceCenter', roles: ['clerk'], accounts: {}, expectedVersion: 1 }, HS_ADMIN), 403, 'FORBIDDEN'],
      [h.call('POST', `/api/admin/staff/${HS_ADMIN}/disable`, { ...as(HS_ADMIN), json: { reason: '测试停用自己' } }), 403, 'FORBIDDEN'],
      [h.call('POST', '/api/admin/staff', { ...as(YZ_ADMIN), json: { id: 'haishu-x2', name: '越权', district: HS, department: hospital, roles: ['handler'], accounts: {} } }), 403, 'FORBIDDEN'],
      [h.call('POST', '/api/admin/staff', { ...as(HS_ADMIN), json: { id: 'haishu-x3', name: '错区', district: YZ, department: hospital, roles: ['handler'], accounts: {} } }), 403, 'FORBIDDEN'],
      [h.call('POST', `/api/admin/staff/${NEW}/disable`, { ...as(YZ_ADMIN), json: { reason: '越权停用' } }), 403, 'FORBIDDEN'],
      [h.call('POST', `/api/admin/staff/${NEW}/disable`, { ...as(HS_ADMIN), json: { reason: '' } }), 400, 'INVALID_BODY'],
      [h.call('POST', `/api/admin/staff/${NEW}/enable`, { ...as(HS_ADMIN), json: {} }), 409, 'CONFLICT'],
    ];
    for (const [call, status, code] of refusals) {
      const r = await call;
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.code).toBe(code);
      expect(r.body.message).toMatch(CHINESE);
    }
    expect(await directory()).toEqual(before);
  });

  it('disabling a handler who holds a claimed sub-task: sessions end, login refused, 经办人已停用, a signer reassigns, a colleague finishes', async () => {
    const session = (await localLogin(NEW_ACCOUNT)).body.token;
    expect((await h.call('GET', '/api/queues/mine', { token: session })).status).toBe(200);
    const signer = `${hospital}-signer1`;
    // not before the person is disabled: 改派 is for work someone left
    const early = await act(h, signer, birth.caseId, ITEM, { type: 'reassign', reason: '人员调整' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('INVALID_TRANSITION');

    const off = await h.call('POST', `/api/admin/staff/${NEW}/disable`, { ...as(HS_ADMIN), json: { reason: '调离本单位' } });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.disabled).toEqual({ reason: '调离本单位', by: HS_ADMIN, at: NOW });
    const next = await h.call('GET', '/api/queues/mine', { token: session });
    expect(next.status).toBe(401);
    expect(next.body.code).toBe('STAFF_DISABLED');
    const refused = await localLogin(NEW_ACCOUNT);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    expect(refused.body.message).toMatch(CHINESE);
    const contacts = await h.call('GET', '/api/contacts', as(`${hospital}-handler1`));
    expect(contacts.body.staff.map((s: { id: string }) => s.id)).not.toContain(NEW);

    const active = await h.call('GET', '/api/queues/department?state=active', as(signer));
    const row = active.body.items.find((i: { caseId: string; itemId: string }) => i.caseId === birth.caseId && i.itemId === ITEM);
    expect(row).toMatchObject({ assignee: NEW, assigneeDisabled: true });
    // what was handed to them by name shows with the department's ready list
    const readyList = await h.call('GET', '/api/queues/department?state=ready', as(signer));
    const handedRow = readyList.body.items.find((i: { caseId: string; itemId: string }) => i.caseId === second.caseId && i.itemId === ITEM);
    expect(handedRow).toMatchObject({ assignee: NEW, assigneeDisabled: true });
    expect(readyList.body.counts.department).toBe(readyList.body.items.length);
    expect((await h.call('GET', '/api/queues/department?state=ready', as(`${hospital}-handler1`))).body.items
      .some((i: { caseId: string }) => i.caseId === second.caseId)).toBe(false);
    const back = await act(h, signer, second.caseId, ITEM, { type: 'reassign', reason: '原经办人已调离', toStaff: `${hospital}-handler2` });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.subTask).toMatchObject({ state: 'ready', assignee: `${hospital}-handler2` });
    const view = await h.call('GET', `/api/subtasks/${birth.caseId}/${ITEM}`, as(signer));
    expect(view.body.subTask.actions).toContain('reassign');
    // handlers and other departments may not reassign
    expect((await act(h, `${hospital}-handler1`, birth.caseId, ITEM, { type: 'reassign', reason: '人员调整' })).status).toBe(403);
    const bad = await act(h, signer, birth.caseId, ITEM, { type: 'reassign', reason: '人员调整', toStaff: 'yinzhou-police-handler1' });
    expect(bad.status).toBe(400);

    const moved = await act(h, signer, birth.caseId, ITEM, { type: 'reassign', reason: '原经办人已调离' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.subTask).toMatchObject({ state: 'ready', assignee: null });
    // the department's handlers are told, the disabled person is sent nothing
    const told = h.notifier.notices.filter((n) => n.caseId === birth.caseId && n.itemId === ITEM && n.template === 'subTaskHandedOver').at(-1);
    expect(told?.recipients.map((s) => s.id)).toContain(`${hospital}-handler1`);
    expect(told?.recipients.map((s) => s.id)).not.toContain(NEW);
    const ready = await h.call('GET', '/api/queues/department?state=ready', as(`${hospital}-signer2`));
    expect(ready.body.items.some((i: { caseId: string; itemId: string }) => i.caseId === birth.caseId && i.itemId === ITEM)).toBe(true);
    const timeline = await h.call('GET', `/api/cases/${birth.caseId}/timeline`, as(CLERK));
    const event = timeline.body.events.find((e: { action: string }) => e.action === 'reassign');
    expect(event).toMatchObject({ itemId: ITEM, reason: '原经办人已调离', from: 'claimed', to: 'ready', actor: { id: signer }, detail: { fromStaff: NEW, fromName: '新经办' } });

    const colleague = `${hospital}-signer2`;
    expect((await act(h, colleague, birth.caseId, ITEM, { type: 'claim' })).status).toBe(200);
    const signed = await act(h, colleague, birth.caseId, ITEM, { type: 'signOff', sealId: `${hospital}-seal`, outputs: outputsFor(birthBundle, ITEM) });
    expect(signed.status, JSON.stringify(signed.body).slice(0, 300)).toBe(200);
    expect(signed.body.subTask.state).toBe('done');
  });

  it('enabling again lets the person log in anew; sessions from before stay ended', async () => {
    const old = h.token(`${hospital}-handler1`); // unaffected colleague keeps working
    const row = await staffRow(NEW);
    const on = await h.call('POST', `/api/admin/staff/${NEW}/enable`, { ...as(HS_ADMIN), json: { expectedVersion: row.rowVersion } });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    expect(on.body.disabled).toBeNull();
    const session = await localLogin(NEW_ACCOUNT);
    expect(session.status).toBe(200);
    expect((await h.call('GET', '/api/queues/mine', { token: session.body.token })).status).toBe(200);
    expect((await h.call('GET', '/api/queues/mine', { token: old })).status).toBe(200);
    // saving without a change stores nothing; a new name alone does not end the session
    const same = { department: hospital, roles: ['handler'], accounts: { zzd: NEW_ACCOUNT }, expectedVersion: on.body.rowVersion };
    const unchanged = await h.call('PUT', `/api/admin/staff/${NEW}`, { ...as(HS_ADMIN), json: { ...same, name: '新经办' } });
    expect(unchanged.body.rowVersion).toBe(on.body.rowVersion);
    const renamed = await h.call('PUT', `/api/admin/staff/${NEW}`, { ...as(HS_ADMIN), json: { ...same, name: '新经办员' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '新经办员', rowVersion: on.body.rowVersion + 1 });
    expect((await h.call('GET', '/api/me', { token: session.body.token })).status).toBe(200);
  });

  it('every change is a record of its district\'s change chain, which verifies', async () => {
    const hs = await h.call('GET', `/api/admin/changes?district=${HS}`, as(AUDITOR));
    expect(hs.status).toBe(200);
    expect(hs.body.chain.intact).toBe(true);
    const staffChanges = hs.body.records.filter((r: { kind: string; id: string }) => r.kind === 'staff' && r.id === NEW).map((r: { action: string }) => r.action);
    expect(staffChanges.reverse()).toEqual(['create', 'update', 'update', 'update', 'disable', 'enable', 'update']);
    const disable = hs.body.records.find((r: { action: string }) => r.action === 'disable');
    expect(disable.before.disabled).toBeNull();
    expect(disable.after.disabled).toMatchObject({ reason: '调离本单位', by: HS_ADMIN });
    expect(disable.actor).toMatchObject({ id: HS_ADMIN });
    const yz = await h.call('GET', `/api/admin/changes?district=${YZ}`, as(YZ_ADMIN));
    expect(yz.body.chain.intact).toBe(true);
    expect(yz.body.records.map((r: { kind: string; id: string; action: string }) => `${r.kind}/${r.id}/${r.action}`).reverse())
      .toEqual(['department/yinzhou-police2/create', 'department/yinzhou-police2/update', 'department/yinzhou-cdc2/create']);
  });
});
