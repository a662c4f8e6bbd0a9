// The api function end to end on one machine: Hono app ⇄ platform adapters ⇄ gateway fakes over HTTP,
// staff directory in tablestore-local through the real SDK. Every route is called both through the
// app's fetch and through the FC 2.0 boundary (functions/fc/http.ts) with a fake FC req/resp pair.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp, type ApiDeps } from '../../functions/api/app';
import type { ApiEnv } from '../../functions/api/auth';
import { appFromEnv } from '../../functions/api/index';
import { fcHttpHandler } from '../../functions/fc/http';
import { DingTalkClient } from '../../functions/platform/dingtalk';
import { ZzdClient } from '../../functions/platform/zzd';
import { createOtsClient } from '../../functions/store/client';
import { DIRECTORY_TABLE, Directory } from '../../functions/store/directory';
import { StaffSessions } from '../../functions/store/sessions';
import type { Gateways } from '../../scripts/gateways/index';
import { DING, TestClock, ZZD, startTestGateways } from '../gateways/support';
import { startOts, type OtsHarness } from '../support/ots';
import { fcRequest, fcResponse } from './fc-support';
import { unusedDeps } from './route-support';

const SECRET = 'api-test-session-secret-0123456789abcdef';
const clock = new TestClock();
let ots: OtsHarness;
let gw: Gateways;
let directory: Directory;
let sessions: StaffSessions;
let env: Record<string, string>;
const logs: string[] = [];

function deps(over: Partial<ApiDeps> = {}): ApiDeps {
  return {
    mode: 'local',
    sessionSecret: SECRET,
    staff: directory,
    sessions,
    identities: {
      zzd: new ZzdClient({ baseUrl: gw.zzdUrl, ...ZZD, clock }),
      dingtalk: new DingTalkClient({ baseUrl: gw.dingtalkUrl, ...DING, clock }),
    },
    services: unusedDeps().services,
    orgNames: async () => ({ districts: { '330212': '鄞州区' }, departments: { 'yz-window': '鄞州区行政审批服务管理办公室' } }),
    now: clock.now,
    log: (line) => logs.push(line),
    ...over,
  };
}

let localApp: Hono<ApiEnv>;
let cloudApp: Hono<ApiEnv>;

beforeAll(async () => {
  [ots, gw] = await Promise.all([startOts(), startTestGateways(clock)]);
  env = {
    OTS_ENDPOINT: ots.server.url,
    OTS_INSTANCE: ots.server.instance,
    OTS_ACCESS_KEY_ID: ots.server.accessKeyId,
    OTS_ACCESS_KEY_SECRET: ots.server.accessKeySecret,
  };
  const client = createOtsClient(env);
  await client.createTable(DIRECTORY_TABLE);
  directory = new Directory(client);
  sessions = new StaffSessions(client);
  await directory.createStaff({
    id: 'S-yz-clerk-1',
    name: '王晓燕',
    districtCode: '330212',
    departmentCode: 'yz-window',
    roles: ['clerk'],
    accounts: { zzd: '10001', dingtalk: 'ding-clerk-1' },
  });
  await directory.createStaff({
    id: 'S-yz-police-1',
    name: '李建国',
    districtCode: '330212',
    departmentCode: 'yz-police',
    roles: ['handler', 'signer'],
    accounts: { zzd: '10002' },
  });
  localApp = createApp(deps());
  cloudApp = createApp(deps({ mode: 'cloud' }));
});
afterAll(async () => {
  await Promise.all([ots?.stop(), gw?.stop()]);
});

interface Answer {
  status: number;
  body: any;
}

/** One call, either straight to app.fetch or through the FC HTTP boundary. */
type Caller = (method: string, path: string, init?: { body?: string; headers?: Record<string, string> }) => Promise<Answer>;

const viaFetch =
  (app: Hono<ApiEnv>): Caller =>
  async (method, path, init = {}) => {
    const res = await app.fetch(new Request(`http://api.local${path}`, { method, body: init.body, headers: init.headers }));
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

const viaFc =
  (app: Hono<ApiEnv>): Caller =>
  async (method, path, init = {}) => {
    const handler = fcHttpHandler((request, bindings) => app.fetch(request, bindings));
    const resp = fcResponse();
    await handler(fcRequest({ method, path, body: init.body, headers: init.headers ?? {} }), resp, { requestId: 'fc-req-1' });
    expect(resp.sends).toBe(1);
    return { status: resp.status, body: resp.body?.length ? resp.json() : undefined };
  };

const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

for (const [label, make] of [
  ['app.fetch', viaFetch],
  ['FC boundary', viaFc],
] as const) {
  describe(`api via ${label}`, () => {
    const local = () => make(localApp);
    const cloud = () => make(cloudApp);

    it('GET /api/health answers ok', async () => {
      expect(await local()('GET', '/api/health')).toEqual({ status: 200, body: { status: 'ok', mode: 'local' } });
    });

    it('浙政钉 login → token → GET /api/me gives the staff profile', async () => {
      const login = await local()('POST', '/api/login', json({ platform: 'zzd', code: gw.issueCode('zzd', '10002') }));
      expect(login.status).toBe(200);
      expect(login.body.staff).toMatchObject({ id: 'S-yz-police-1', name: '李建国', districtCode: '330212', departmentCode: 'yz-police', roles: ['handler', 'signer'] });
      expect(login.body.expiresAt).toBe(new Date(Math.floor(clock.now() / 1000) * 1000 + 7200_000).toISOString());
      const me = await local()('GET', '/api/me', bearer(login.body.token));
      expect(me).toEqual({ status: 200, body: login.body.staff });
    });

    it('DingTalk login maps the DingTalk userid to the same staff directory', async () => {
      const login = await cloud()('POST', '/api/login', json({ platform: 'dingtalk', code: gw.issueCode('dingtalk', '10001') }));
      expect(login.status).toBe(200);
      expect(login.body.staff.id).toBe('S-yz-clerk-1');
    });

    it('local login works in local mode and is refused (403) in cloud mode without using the code', async () => {
      const res = await fetch(`${gw.url}/__local/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"accountId":"10001"}' });
      const { code } = (await res.json()) as { code: string };
      const refused = await cloud()('POST', '/api/login', json({ platform: 'local', code }));
      expect(refused).toMatchObject({ status: 403, body: { code: 'LOCAL_LOGIN_DISABLED', message: '本地开发登录只在本地模式下可用' } });
      const ok = await local()('POST', '/api/login', json({ platform: 'local', code }));
      expect(ok.status).toBe(200);
      expect(ok.body.staff.id).toBe('S-yz-clerk-1');
    });

    it('an account without a staff record gets 403 UNKNOWN_STAFF', async () => {
      const r = await local()('POST', '/api/login', json({ platform: 'zzd', code: gw.issueCode('zzd', 'admin-x') }));
      expect(r).toEqual({ status: 403, body: expect.objectContaining({ code: 'UNKNOWN_STAFF', message: '您的账号尚未开通联办，请联系本单位管理员' }) });
      expect(r.body.token).toBeUndefined();
    });

    it('a reused or unknown code gets 401 INVALID_AUTH_CODE', async () => {
      const code = gw.issueCode('zzd', '10001');
      expect((await local()('POST', '/api/login', json({ platform: 'zzd', code }))).status).toBe(200);
      const again = await local()('POST', '/api/login', json({ platform: 'zzd', code }));
      expect(again).toMatchObject({ status: 401, body: { code: 'INVALID_AUTH_CODE', message: '免登码无效或已过期，请重新进入应用' } });
      expect((await local()('POST', '/api/login', json({ platform: 'dingtalk', code: 'made-up' }))).body.code).toBe('INVALID_AUTH_CODE');
    });

    it('bad bodies get 400 (415/413) with stable codes and per-field issues', async () => {
      const post = (body: string, contentType = 'application/json') =>
        local()('POST', '/api/login', { body, headers: { 'content-type': contentType } });
      expect(await post('{"platform":')).toMatchObject({ status: 400, body: { code: 'INVALID_JSON', message: '请求内容不是合法的 JSON' } });
      const missing = await post('{"platform":"zzd"}');
      expect(missing).toMatchObject({ status: 400, body: { code: 'INVALID_BODY' } });
      expect(missing.body.issues).toEqual([{ field: 'code', code: 'REQUIRED', message: '缺少必填字段' }]);
      const wrong = await post('{"platform":"wechat","code":"x","extra":1}');
      expect(wrong.status).toBe(400);
      expect(wrong.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(['extra', 'platform']);
      expect((await post('{"platform":"zzd","code":""}')).body.issues).toEqual([{ field: 'code', code: 'MINLENGTH', message: '不能为空或过短' }]);
      // the document's LoginRequest, like every other body: a code of invisible characters is no code
      expect((await post('{"platform":"zzd","code":"\\u200b"}')).body.issues).toEqual([{ field: 'code', code: 'NO_VISIBLE_TEXT', message: '没有可见的文字（空格、零宽字符等不可见字符不算内容）' }]);
      expect((await post('[]')).status).toBe(400);
      expect((await post('platform=zzd', 'application/x-www-form-urlencoded')).status).toBe(415);
      expect((await post(JSON.stringify({ platform: 'zzd', code: 'x'.repeat(70_000) }))).status).toBe(413);
    });

    it('GET /api/me without, with a tampered, malformed or expired token → 401 with the Chinese message', async () => {
      const unauthenticated = { status: 401, body: expect.objectContaining({ code: 'UNAUTHENTICATED', message: '未登录或登录已过期，请重新登录' }) };
      expect(await local()('GET', '/api/me')).toEqual(unauthenticated);
      expect(await local()('GET', '/api/me', { headers: { authorization: 'Basic abc' } })).toEqual(unauthenticated);

      const login = await local()('POST', '/api/login', json({ platform: 'zzd', code: gw.issueCode('zzd', '10001') }));
      const token: string = login.body.token;
      const [v, payload, sig] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
      expect(await local()('GET', '/api/me', bearer(`${v}.${forged}.${sig}`))).toEqual(unauthenticated);
      expect(await local()('GET', '/api/me', bearer(`${token}x`))).toEqual(unauthenticated);

      // a token signed with another secret (another deployment) is refused too
      const otherApp = make(createApp(deps({ sessionSecret: 'another-deployment-secret-0123456789' })));
      expect(await otherApp('GET', '/api/me', bearer(token))).toEqual(unauthenticated);

      expect((await local()('GET', '/api/me', bearer(token))).status).toBe(200);
      clock.advance(7200 * 1000);
      expect(await local()('GET', '/api/me', bearer(token))).toEqual(unauthenticated);
      clock.advance(-7200 * 1000);
    });

    it('POST /api/logout → 204; the token is refused from then on (401 SESSION_REVOKED); a new login works', async () => {
      const login = await local()('POST', '/api/login', json({ platform: 'zzd', code: gw.issueCode('zzd', '10002') }));
      const token: string = login.body.token;
      expect((await local()('GET', '/api/me', bearer(token))).status).toBe(200);
      expect(await local()('POST', '/api/logout', bearer(token))).toEqual({ status: 204, body: undefined });
      expect(await local()('GET', '/api/me', bearer(token))).toEqual({ status: 401, body: expect.objectContaining({ code: 'SESSION_REVOKED', message: '登录已退出或账号信息已变更，请重新登录' }) });
      // the cloud app (another instance over the same directory) refuses it too
      expect((await cloud()('GET', '/api/me', bearer(token))).body.code).toBe('SESSION_REVOKED');
      const again = await local()('POST', '/api/login', json({ platform: 'zzd', code: gw.issueCode('zzd', '10002') }));
      expect((await local()('GET', '/api/me', bearer(again.body.token))).status).toBe(200);
    });

    it('a staff member without a role (disabled) cannot log in, and a session of theirs ends at once', async () => {
      const login = await local()('POST', '/api/login', json({ platform: 'zzd', code: gw.issueCode('zzd', '10001') }));
      const before = await directory.getStaff('S-yz-clerk-1');
      const disabled = await directory.updateStaff({ ...before!, roles: [] }, before!.version);
      try {
        expect(await local()('GET', '/api/me', bearer(login.body.token))).toEqual({ status: 401, body: expect.objectContaining({ code: 'STAFF_DISABLED', message: '您的账号已停用，请联系本单位管理员' }) });
        const refused = await local()('POST', '/api/login', json({ platform: 'zzd', code: gw.issueCode('zzd', '10001') }));
        expect(refused).toEqual({ status: 403, body: expect.objectContaining({ code: 'UNKNOWN_STAFF' }) });
      } finally {
        await directory.updateStaff({ ...before! }, disabled.version);
      }
    });

    it('a platform that is not configured gets 400 PLATFORM_NOT_ENABLED', async () => {
      const zzdOnly = make(createApp(deps({ identities: { zzd: new ZzdClient({ baseUrl: gw.zzdUrl, ...ZZD, clock }) } })));
      expect(await zzdOnly('POST', '/api/login', json({ platform: 'dingtalk', code: 'x' }))).toMatchObject({
        status: 400,
        body: { code: 'PLATFORM_NOT_ENABLED' },
      });
    });

    it('GET /api/dev/staff lists demo staff with district and department names in local mode only', async () => {
      const list = await local()('GET', '/api/dev/staff');
      expect(list.status).toBe(200);
      expect(list.body).toEqual([
        { id: 'S-yz-clerk-1', name: '王晓燕', districtCode: '330212', districtName: '鄞州区', departmentCode: 'yz-window', departmentName: '鄞州区行政审批服务管理办公室', roles: ['clerk'], accountId: '10001' },
        // a department without a directory entry shows its code
        { id: 'S-yz-police-1', name: '李建国', districtCode: '330212', districtName: '鄞州区', departmentCode: 'yz-police', departmentName: 'yz-police', roles: ['handler', 'signer'], accountId: '10002' },
      ]);
      expect((await cloud()('GET', '/api/dev/staff')).status).toBe(404);
    });

    it('unknown routes get 404 NOT_FOUND', async () => {
      expect(await local()('GET', '/api/nothing')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', message: '请求的接口不存在' } });
    });
  });
}

describe('api failure paths', () => {
  it('answers 502 when the 浙政钉 gateway is unreachable, and 503 when Tablestore is', async () => {
    const noGateway = createApp(deps({ identities: { zzd: new ZzdClient({ baseUrl: 'http://127.0.0.1:9/zzd', ...ZZD, clock, timeoutMs: 2000 }) } }));
    const r1 = await viaFetch(noGateway)('POST', '/api/login', json({ platform: 'zzd', code: 'x' }));
    expect(r1).toMatchObject({ status: 502, body: { code: 'PLATFORM_UNAVAILABLE' } });

    const deadStore = new Directory(createOtsClient({ ...env, OTS_ENDPOINT: 'http://127.0.0.1:9' }));
    const noStore = createApp(deps({ staff: deadStore }));
    const r2 = await viaFetch(noStore)('POST', '/api/login', json({ platform: 'zzd', code: gw.issueCode('zzd', '10001') }));
    expect(r2).toMatchObject({ status: 503, body: { code: 'STORE_UNAVAILABLE' } });
  });

  it('a wrong 浙政钉 app secret is a configuration problem (502 PLATFORM_MISCONFIGURED), logged without user data', async () => {
    logs.length = 0;
    const misconfigured = createApp(deps({ identities: { zzd: new ZzdClient({ baseUrl: gw.zzdUrl, ...ZZD, appSecret: 'wrong', clock }) } }));
    const code = gw.issueCode('zzd', '10001');
    const r = await viaFetch(misconfigured)('POST', '/api/login', json({ platform: 'zzd', code }));
    expect(r).toMatchObject({ status: 502, body: { code: 'PLATFORM_MISCONFIGURED' } });
    expect(logs.join('\n')).toContain('PlatformError zzd AUTH_FAILED OPF-B001-05-16-0009');
    expect(logs.join('\n')).not.toContain(code);
  });

  it('the FC boundary adds the FC request id to error bodies', async () => {
    const r = await viaFc(localApp)('GET', '/api/me');
    expect(r.body).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'fc-req-1' });
  });
});

describe('api entry configured from the environment (functions/api/index.ts)', () => {
  it('builds the app from LIANBAN_MODE, SESSION_SECRET, OTS_* and ZZD_*, and logs in through it', async () => {
    const app = appFromEnv({
      ...env,
      LIANBAN_MODE: 'local',
      SESSION_SECRET: SECRET,
      ZZD_BASE_URL: gw.zzdUrl,
      ZZD_APP_KEY: ZZD.appKey,
      ZZD_APP_SECRET: ZZD.appSecret,
      ZZD_TENANT_ID: ZZD.tenantId,
      DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
      HASH_KEY: 'api-test-hash-key-0123456789abcdef0123',
    });
    // the gateway's clock is the test clock; the env-built adapter signs with the real clock, so move
    // the test clock to now for this test
    const saved = clock.ms;
    clock.ms = Date.now();
    try {
      const login = await viaFc(app)('POST', '/api/login', json({ platform: 'local', code: gw.issueCode('zzd', '10002') }));
      expect(login.status).toBe(200);
      const me = await viaFc(app)('GET', '/api/me', bearer(login.body.token));
      expect(me.body.id).toBe('S-yz-police-1');
      expect((await viaFc(app)('POST', '/api/login', json({ platform: 'dingtalk', code: 'x' }))).body.code).toBe('PLATFORM_NOT_ENABLED');
    } finally {
      clock.ms = saved;
    }
  });

  it('refuses to start without a strong SESSION_SECRET', () => {
    expect(() => appFromEnv({ ...env, SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
    expect(() => appFromEnv({ ...env })).toThrow(/SESSION_SECRET/);
  });

  it('refuses to start without DATA_KEY and HASH_KEY (naming them, never printing a value)', () => {
    const withSecret = { ...env, SESSION_SECRET: SECRET };
    expect(() => appFromEnv({ ...withSecret, HASH_KEY: 'api-test-hash-key-0123456789abcdef0123' })).toThrow(/DATA_KEY/);
    expect(() => appFromEnv({ ...withSecret, DATA_KEY: 'c2hvcnQ=', HASH_KEY: 'api-test-hash-key-0123456789abcdef0123' })).toThrow(/DATA_KEY/);
    expect(() => appFromEnv({ ...withSecret, DATA_KEY: Buffer.alloc(32, 1).toString('base64') })).toThrow(/HASH_KEY/);
  });
});
