// Sessions against the directory, through HTTP on tablestore-local: logout (POST /api/logout) revokes the
// token on every api instance at once (the generation lives in the staff's directory row); every request
// re-reads the staff row, so a person removed from the directory, left without a role, or moved to another
// department is out on the very next request; tokens with insane times are refused with 401, not a 500.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';
import { issueSession, SESSION_TTL_SECONDS } from '../../functions/api/session';
import { ignoreExistence, type OtsClient } from '../../functions/store/client';
import { Directory } from '../../functions/store/directory';
import { StaffSessions } from '../../functions/store/sessions';
import { NOW, SECRET, startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let client: OtsClient;
let sessions: StaffSessions;
const CHINESE = /[\u4e00-\u9fff]/;

beforeAll(async () => {
  h = await startRouteHarness();
  client = h.ots.client();
  sessions = new StaffSessions(client);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const me = (token: string) => h.call('GET', '/api/me', { token });
/** A token as login issues it now (with the person's current generation). */
async function freshToken(id: string): Promise<string> {
  const s = h.staff(id);
  const now = await sessions.current(id);
  return issueSession({ id: s.id, name: s.name, districtCode: s.district, departmentCode: s.department, roles: s.roles }, SECRET, Date.parse(NOW), now?.generation ?? 0).token;
}

describe('GET /api/me', () => {
  it('names the district and the department (pages show names, not 330212 or yinzhou-serviceCenter)', async () => {
    const r = await me(await freshToken('yinzhou-serviceCenter-clerk1'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ districtCode: '330212', districtName: '鄞州区', departmentCode: 'yinzhou-serviceCenter' });
    expect(r.body.departmentName).toMatch(CHINESE);
  });

  it('names the city for city-level staff (330200 → 宁波市)', async () => {
    const r = await me(await freshToken('ningbo-bigdata-admin1'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ districtCode: '330200', districtName: '宁波市' });
  });
});

describe('logout', () => {
  it('POST /api/logout → 204; the same token, and any other of that person, is refused from the next request on', async () => {
    const id = 'yinzhou-police-handler1';
    const a = await freshToken(id);
    const b = await freshToken(id); // another device
    expect((await me(a)).status).toBe(200);
    const out = await h.call('POST', '/api/logout', { token: a });
    expect(out.status).toBe(204);
    for (const t of [a, b]) {
      const r = await me(t);
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('SESSION_REVOKED');
      expect(r.body.message).toMatch(CHINESE);
    }
    expect((await h.call('GET', '/api/queues/mine', { token: a })).status).toBe(401);
    // Logging in again gives a working token; other people were not affected.
    expect((await me(await freshToken(id))).status).toBe(200);
    expect((await me(h.token('yinzhou-police-handler2'))).status).toBe(200);
  });

  it('is seen by every api instance at once (the revocation is in Tablestore, not in memory)', async () => {
    const id = 'yinzhou-police-signer1';
    const other = createApp({
      mode: 'local', sessionSecret: SECRET, staff: new Directory(client), sessions: new StaffSessions(client), identities: {},
      services: h.services, now: () => Date.parse(NOW), log: () => undefined,
    });
    const token = await freshToken(id);
    const onOther = () => other.fetch(new Request('http://api.local/api/me', { headers: { authorization: `Bearer ${token}` } }));
    expect((await onOther()).status).toBe(200);
    expect((await h.call('POST', '/api/logout', { token })).status).toBe(204);
    const r = await onOther();
    expect(r.status).toBe(401);
    expect(((await r.json()) as { code: string }).code).toBe('SESSION_REVOKED');
  });

  it('needs a session itself', async () => {
    const r = await h.call('POST', '/api/logout', {});
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('the directory is re-read on every request (no cache)', () => {
  const directory = () => new Directory(client);

  it('a person removed from the directory is refused on the next request', async () => {
    const id = 'jiangbei-cdc-handler1';
    const token = await freshToken(id);
    expect((await me(token)).status).toBe(200);
    await client.deleteRow({ tableName: 'directory', primaryKey: [{ kind: 'staff' }, { id }], condition: ignoreExistence() });
    const r = await h.call('GET', '/api/queues/mine', { token });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('STAFF_DISABLED');
    expect(r.body.message).toMatch(CHINESE);
  });

  it('a person left without a role (disabled) is refused on the next request', async () => {
    const id = 'jiangbei-cdc-handler2';
    const token = await freshToken(id);
    expect((await h.call('GET', '/api/queues/mine', { token })).status).toBe(200);
    const before = await directory().getStaff(id);
    await directory().updateStaff({ ...before!, roles: [] }, before!.version);
    const r = await h.call('GET', '/api/queues/mine', { token });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('STAFF_DISABLED');
  });

  it('a person moved to another department, or whose roles changed, must log in again', async () => {
    const moved = 'jiangbei-cdc-signer1';
    const token = await freshToken(moved);
    expect((await me(token)).status).toBe(200);
    const s = await directory().getStaff(moved);
    await directory().updateStaff({ ...s!, departmentCode: 'jiangbei-police' }, s!.version);
    expect((await me(token)).body.code).toBe('SESSION_REVOKED');

    const demoted = 'jiangbei-cdc-signer2';
    const t2 = await freshToken(demoted);
    const d = await directory().getStaff(demoted);
    await directory().updateStaff({ ...d!, roles: ['handler'] }, d!.version);
    const r = await h.call('POST', `/api/subtasks/LB-none-0001/vaccinationCertificate/actions`, { token: t2, json: { command: { type: 'claim' }, expectedVersion: 1 } });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('SESSION_REVOKED');
  });
});

describe('token times', () => {
  const signed = (claims: Record<string, unknown>) => {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `v1.${payload}.${createHmac('sha256', SECRET).update(`v1.${payload}`).digest('base64url')}`;
  };
  const s = { sub: 'yinzhou-serviceCenter-clerk1', name: '测试', district: '330212', department: 'yinzhou-serviceCenter', roles: ['clerk'], gen: 0 };
  const now = Math.floor(Date.parse(NOW) / 1000);

  it('an exp of 1e21, a lifetime over the maximum or an iat in the future: 401 UNAUTHENTICATED, never a 500', async () => {
    for (const times of [
      { iat: now, exp: 1e21 },
      { iat: 1, exp: 1e15 },
      { iat: now, exp: now + SESSION_TTL_SECONDS + 1 },
      { iat: now + 86400, exp: now + 86400 + 60 },
    ]) {
      const r = await me(signed({ ...s, ...times }));
      expect([times, r.status, r.body.code]).toEqual([times, 401, 'UNAUTHENTICATED']);
      expect(r.body.message).toMatch(CHINESE);
    }
    expect((await me(signed({ ...s, iat: now, exp: now + 60 }))).status).toBe(200);
  });
});
