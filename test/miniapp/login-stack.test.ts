/**
 * The mini-app's browser login against the real server pieces: the api function's HTTP app
 * (functions/api, LIANBAN_MODE=local, staff directory in memory) with its 浙政钉 client talking to the
 * local gateway fake (scripts/gateways). The only scripted part is which demo account the user taps.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';
import { ZzdClient } from '../../functions/platform/zzd';
import type { Services } from '../../functions/service/index';
import type { StaffRecord } from '../../functions/store/directory';
import { LOCAL_GATEWAY_DEFAULTS, startGateways, type Gateways } from '../../scripts/gateways/index';
import { ApiError, createApi } from '../../miniapp/api';
import { login } from '../../miniapp/app/login';
import { createBrowserPlatform, type BrowserUi, type DemoStaff } from '../../miniapp/platform/browser';
import { clearSession, getSession, getToken } from '../../miniapp/session';
import { serveFetch } from './support/serveFetch';

const STAFF: StaffRecord[] = [
  { id: 'st-clerk', name: '陈窗口', districtCode: '330212', departmentCode: 'window', roles: ['clerk'], accounts: { zzd: '10001' } },
  { id: 'st-police', name: '林民警', districtCode: '330212', departmentCode: 'police', roles: ['handler', 'signer'], accounts: { zzd: '10002' } },
  // in the gateway's directory but not opened in lianban
  { id: 'st-none', name: '未开通', districtCode: '330212', departmentCode: 'police', roles: ['handler'], accounts: { zzd: '10003' } },
];

let gateways: Gateways;
let api: { url: string; close: () => Promise<void> };
let pick = 'st-police';
let shown: DemoStaff[] = [];

const ui: BrowserUi = {
  chooseStaff: async (staff) => {
    shown = staff;
    return pick;
  },
  pick: async () => [],
  toast: async () => undefined,
  confirm: async () => true,
  previewImage: async () => undefined,
  pickFiles: async () => [],
  openLink: () => undefined,
};

beforeAll(async () => {
  gateways = await startGateways({
    zzd: { ...LOCAL_GATEWAY_DEFAULTS.zzd },
    dingtalk: { ...LOCAL_GATEWAY_DEFAULTS.dingtalk },
    users: [
      { accountId: '10001', name: '陈窗口' },
      { accountId: '10002', name: '林民警' },
      { accountId: '10003', name: '未开通' },
    ],
  });
  const opened = STAFF.filter((s) => s.id !== 'st-none');
  const generations = new Map<string, number>();
  const app = createApp({
    mode: 'local',
    sessionSecret: 'miniapp-test-session-secret-0123456789abcdef',
    staff: {
      findStaffByAccount: async (platform, accountId) => opened.filter((s) => s.accounts[platform] === accountId)[0] || null,
      listStaff: async () => STAFF,
    },
    // the directory as sessions see it, in memory: logout raises the person's generation
    sessions: {
      current: async (id) => {
        const s = opened.find((x) => x.id === id);
        return s ? { district: s.districtCode, department: s.departmentCode, roles: [...s.roles], generation: generations.get(id) ?? 0 } : null;
      },
      revoke: async (id) => void generations.set(id, (generations.get(id) ?? 0) + 1),
    },
    identities: { zzd: new ZzdClient({ baseUrl: gateways.zzdUrl, ...LOCAL_GATEWAY_DEFAULTS.zzd }) },
    // login and /api/me never reach the service layer
    services: new Proxy({}, { get: () => () => Promise.reject(new Error('not used by the login test')) }) as Services,
    now: () => Date.now(),
    log: () => undefined,
  });
  api = await serveFetch((req) => app.fetch(req, {}));
});
afterAll(async () => {
  await api?.close();
  await gateways?.stop();
});
beforeEach(() => {
  clearSession();
  pick = 'st-police';
});

function client() {
  return createApi({ base: api.url, getToken, onUnauthorized: () => clearSession() });
}

function platform() {
  return createBrowserPlatform({ apiBase: api.url, gatewayUrl: gateways.url }, ui);
}

describe('browser login against the api function and the 浙政钉 gateway fake', () => {
  it('logs in as the chosen demo staff and gets the profile with the session', async () => {
    const session = await login(platform(), client());
    expect(shown.map((s) => s.id)).toEqual(['st-clerk', 'st-police', 'st-none']);
    expect(shown[1]).toMatchObject({ accountId: '10002', departmentCode: 'police' });
    expect(session.staff).toMatchObject({ id: 'st-police', name: '林民警', districtCode: '330212', departmentCode: 'police', roles: ['handler', 'signer'] });
    expect(getSession()?.token).toBe(session.token);
    await expect(client().get('/api/me')).resolves.toMatchObject({ id: 'st-police' });
  });

  it('a login-free code works once', async () => {
    const code = (await platform().getAuthCode()).code;
    await expect(client().post('/api/login', { platform: 'local', code })).resolves.toMatchObject({ staff: { id: 'st-police' } });
    const again = await client().post('/api/login', { platform: 'local', code }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ApiError);
    expect(again).toMatchObject({ status: 401, code: 'INVALID_AUTH_CODE' });
    expect((again as Error).message).toMatch(/免登码/);
  });

  it('a person the directory has not opened gets the server’s explanation', async () => {
    pick = 'st-none';
    const err = await login(platform(), client()).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: 'UNKNOWN_STAFF' });
    expect((err as Error).message).toContain('尚未开通');
    expect(getSession()).toBeNull();
  });

  it('a forged token is refused and clears the session', async () => {
    await login(platform(), client());
    const bad = createApi({ base: api.url, getToken: () => 'forged.token', onUnauthorized: () => clearSession() });
    await expect(bad.get('/api/me')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(getSession()).toBeNull();
  });

  it('after logout the old token is refused: the api client reports 401 SESSION_REVOKED and clears the session', async () => {
    const session = await login(platform(), client());
    await expect(client().post('/api/logout')).resolves.toBeUndefined();
    expect(getSession()?.token).toBe(session.token); // the app clears it itself (App.logout); here it is still stored
    let told: ApiError | null = null;
    const stale = createApi({ base: api.url, getToken, onUnauthorized: (e) => { told = e; clearSession(); } });
    const err = await stale.get('/api/me').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 'SESSION_REVOKED' });
    expect((err as Error).message).toMatch(/重新登录/);
    expect(told).toBe(err);
    expect(getSession()).toBeNull();
    // logging in again works
    const again = await login(platform(), client());
    await expect(client().get('/api/me')).resolves.toMatchObject({ id: again.staff.id });
  });
});
