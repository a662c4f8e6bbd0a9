/** The login flow over HTTP with a platform that hands out codes: code → /api/login → /api/me. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, createApi } from '../../miniapp/api';
import { login, staffFromMe } from '../../miniapp/app/login';
import type { Platform } from '../../miniapp/platform/types';
import { clearSession, getSession, getToken } from '../../miniapp/session';
import { startServer, type TestServer } from './support/server';

const STAFF = { id: 's1', name: '林民警', districtName: '鄞州区', departmentName: '公安分局', roles: ['handler'] };
let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    'POST /api/login': (req) => {
      const body = req.json() as { platform: string; code: string };
      if (body.code !== 'good-code') return { status: 401, json: { code: 'AUTH_CODE_INVALID', message: '免登码无效或已过期' } };
      return { json: { token: 'session-' + body.platform, staff: STAFF } };
    },
    'GET /api/me': (req) =>
      req.headers.authorization === 'Bearer session-zzd'
        ? { json: { staff: { ...STAFF, departmentName: '公安分局户政科' } } }
        : { status: 401, json: { code: 'UNAUTHENTICATED', message: '请先登录' } },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  clearSession();
  server.requests.length = 0;
});

function platformWith(code: string): Platform {
  const no = () => Promise.reject(new Error('not used'));
  return { name: 'zzd', ready: () => Promise.resolve(), getAuthCode: async () => ({ platform: 'zzd', code }), pickContact: no, toast: no, confirm: no, setTitle: no, openLink: no, previewImage: no, pickFiles: no, fileBlob: no };
}

const api = () => createApi({ base: server.url, getToken, onUnauthorized: () => clearSession() });

describe('login', () => {
  it('exchanges the container code for a session and loads the profile with it', async () => {
    const session = await login(platformWith('good-code'), api());
    expect(session.token).toBe('session-zzd');
    expect(session.staff.departmentName).toBe('公安分局户政科');
    expect(getSession()).toEqual(session);
    expect(server.requests.map((r) => r.method + ' ' + r.path)).toEqual(['POST /api/login', 'GET /api/me']);
    expect(server.requests[0].json()).toEqual({ platform: 'zzd', code: 'good-code' });
    expect(server.requests[1].headers.authorization).toBe('Bearer session-zzd');
  });

  it('fails with the server message and stores nothing for a bad code', async () => {
    const err = await login(platformWith('stale'), api()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'AUTH_CODE_INVALID', message: '免登码无效或已过期' });
    expect(getSession()).toBeNull();
  });
});

describe('staffFromMe', () => {
  it('accepts the staff bare or wrapped, and defaults roles', () => {
    expect(staffFromMe({ id: 'a', name: '甲' })).toEqual({ id: 'a', name: '甲', roles: [] });
    expect(staffFromMe({ staff: STAFF })).toEqual(STAFF);
    expect(() => staffFromMe({ nope: 1 })).toThrow('用户信息格式不正确');
  });
});
