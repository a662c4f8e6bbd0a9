// POST /api/public/progress (办件进度查询 by the receipt's QR code) over tablestore-local: no session; a valid
// token shows the progress with no personal data beyond the masked name; a forged, wrong or expired token is the
// same 404; many failures from one client → 429 RATE_LIMITED (another client is not affected).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle } from '../../functions/catalog/index';
import { FAILURE_LIMIT } from '../../functions/service/progressOps';
import { FATHER_ID, MOTHER_ID } from '../core/fixtures';
import { work } from '../service/helpers';
import { birthBody, birthValues, CLERK, type AcceptedCase } from './fixtures';
import { responseProblems } from './openapi-support';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let c: AcceptedCase;
let token: string;

/** A request as FC delivers it: the client's address in the bindings. */
async function ask(json: unknown, clientIP: string, path = '/api/public/progress') {
  const res = await h.app.fetch(
    new Request(`http://api.local${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
    { clientIP, requestId: 'r', fcContext: {} },
  );
  const body = await res.json();
  expect(responseProblems('POST', path, res.status, body)).toEqual([]);
  return { status: res.status, body, text: JSON.stringify(body), headers: res.headers };
}

beforeAll(async () => {
  h = await startRouteHarness();
  const r = await h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...birthBody(), requestId: 'progress-test-0001' } });
  expect(r.status).toBe(201);
  expect(r.body.receipt.progress.url).toMatch(/^\/progress\.html#/);
  token = r.body.receipt.progress.token;
  expect(r.body.receipt.progress.url).toBe(`/progress.html#${token}`);
  const view = r.body.case;
  c = { caseId: view.id, view, routes: {} };
  await h.drain(c.caseId);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('POST /api/public/progress', () => {
  it('a valid token, no session: the bundle, the case number, a masked name, each item by department and state, the promised date', async () => {
    const r = await ask({ token }, '10.0.0.1');
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const p = r.body.progress;
    expect(p).toMatchObject({ caseId: c.caseId, bundleName: c.view.bundleName, state: 'accepted', stateLabel: '办理中', ratable: false });
    expect(p.due.date).toBe(c.view.due.date);
    expect(p.applicants.length).toBeGreaterThan(0);
    for (const a of p.applicants) expect(a).toContain('*');
    expect(p.items).toHaveLength(c.view.subTasks.length);
    for (const [k, i] of p.items.entries()) expect(i.department).toBe(c.view.subTasks[k].departmentName);
    expect(p.items.every((i: { statusLabel: string }) => ['待办理', '办理中', '已办结'].includes(i.statusLabel.slice(0, 3)))).toBe(true);
    expect(p.items.find((i: { name: string }) => i.name === '出生医学证明')?.statusLabel).toBe('待办理');
    // no personal data beyond the masked name
    const v = birthValues();
    for (const secret of [FATHER_ID, MOTHER_ID, FATHER_ID.slice(-6), v.applicantPhone, v.fatherName, v.motherName, v.babyName, v.postalAddress, v.householdAddress, '首南街道日丽中路', CLERK]) {
      expect(r.text, String(secret)).not.toContain(String(secret));
    }
  });

  it('rating before the case has ended: 409 NOT_RATABLE', async () => {
    const r = await ask({ token, level: 'satisfied' }, '10.0.0.1', '/api/public/progress/rating');
    expect(r.status, r.text).toBe(409);
    expect(r.body.code).toBe('NOT_RATABLE');
  });

  it('after every department signs: 已办结, ratable, and the hand-over in plain words', async () => {
    for (const st of c.view.subTasks) await work(h.services, birthBundle, c.caseId, st.itemId, st.department);
    const r = await ask({ token }, '10.0.0.1');
    expect(r.status, r.text).toBe(200);
    const p = r.body.progress;
    expect(p.state).toBe('completed');
    expect(p.stateLabel).toBe('已办结');
    expect(p.ratable).toBe(true);
    expect(p.items.every((i: { status: string }) => i.status === 'done')).toBe(true);
    expect(p.delivery.join('')).toContain('待领取');
  });

  it('寄递 as the window records it: carrier and tracking number; who collected is never shown', async () => {
    const version = (await h.call('GET', `/api/cases/${c.caseId}`, { token: h.token(CLERK) })).body.case.version as number;
    const mailed = await h.call('POST', `/api/cases/${c.caseId}/handover`, { token: h.token(CLERK), json: { method: 'mail', carrier: '中国邮政EMS', trackingNumber: 'EM123456789CN', expectedVersion: version } });
    expect(mailed.status, JSON.stringify(mailed.body)).toBe(200);
    const r = await ask({ token }, '10.0.0.1');
    expect(r.body.progress.delivery).toEqual(['办结材料已寄出：中国邮政EMS，运单号 EM123456789CN']);
  });

  it('rating once completed: 201 with the level; the page then says rated; a second rating 409 ALREADY_RATED; a forged token 404', async () => {
    const first = await ask({ token, level: 'verySatisfied', comment: '窗口服务很耐心' }, '10.0.0.1', '/api/public/progress/rating');
    expect(first.status, first.text).toBe(201);
    expect(first.body.rating).toMatchObject({ level: 'verySatisfied', levelLabel: '非常满意' });
    expect((await ask({ token }, '10.0.0.1')).body.progress.rated).toBe(true);
    const again = await ask({ token, level: 'dissatisfied' }, '10.0.0.1', '/api/public/progress/rating');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_RATED');
    const forged = await ask({ token: token.slice(0, -2) + 'xx', level: 'basic' }, '10.0.0.4', '/api/public/progress/rating');
    expect(forged.status).toBe(404);
    expect((await ask({ token, level: 'excellent' }, '10.0.0.4', '/api/public/progress/rating')).status).toBe(400);
  });

  it('a forged, wrong or malformed token: the same 404 for all; a bad body is 400', async () => {
    const mac = token.slice(token.lastIndexOf('.') + 1);
    const other = c.caseId.replace(/\d{4}$/, '0099');
    const answers = [];
    for (const t of [`${other}.${mac}`, `${c.caseId}.${(mac[0] === 'A' ? 'B' : 'A') + mac.slice(1)}`, 'nonsense', `${c.caseId}.AAAAAAAAAAAAAAAAAAAAAA`]) {
      const r = await ask({ token: t }, '10.0.0.2');
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('NOT_FOUND');
      answers.push(r.text);
    }
    expect(new Set(answers).size).toBe(1);
    expect((await ask({}, '10.0.0.2')).status).toBe(400);
  });

  it('an expired token (180 days after the case ended) is the same 404', async () => {
    h.setNow('2026-12-31T02:00:00.000Z');
    try {
      const r = await ask({ token }, '10.0.0.3');
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('NOT_FOUND');
    } finally {
      h.setNow('2026-03-02T02:00:00.000Z');
    }
  });

  it(`after ${FAILURE_LIMIT} failures from one client: 429 RATE_LIMITED, even with a valid token; another client still gets its answer`, async () => {
    for (let i = 0; i < FAILURE_LIMIT; i++) expect((await ask({ token: `${c.caseId}.forged${i}` }, '10.0.0.9')).status).toBe(404);
    const limited = await ask({ token }, '10.0.0.9');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(limited.body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await ask({ token }, '10.0.0.10')).status).toBe(200);
  });

  it('the token is never logged', () => {
    expect(h.logs.join('\n')).not.toContain(token.slice(token.lastIndexOf('.') + 1));
  });
});
