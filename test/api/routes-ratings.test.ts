// 好差评 through HTTP (answers checked against schemas/openapi.json by the harness): POST /api/cases/:id/rating
// 409 NOT_RATABLE before completion, 201 once, 409 ALREADY_RATED after; other districts 403; bad bodies 400; the
// department's list and a rectification step with a stale version 409 CONFLICT; a supervisor's list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle } from '../../functions/catalog/index';
import { work } from '../service/helpers';
import { acceptThroughApi, birthBody, CLERK, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let c: AcceptedCase;

const rate = (who: string, json: unknown) => h.call('POST', `/api/cases/${c.caseId}/rating`, { token: h.token(who), json });
const SC = 'yinzhou-serviceCenter';

beforeAll(async () => {
  h = await startRouteHarness();
  c = await acceptThroughApi(h, birthBody());
  await h.drain(c.caseId);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('好差评 routes', () => {
  it('409 NOT_RATABLE before the case completes; 201 once after; 409 ALREADY_RATED; 403 for another district; 400 for bad bodies', async () => {
    expect((await rate(CLERK, { level: 'satisfied' })).body.code).toBe('NOT_RATABLE');
    for (const item of c.view.subTasks as { itemId: string }[]) await work(h.services, birthBundle, c.caseId, item.itemId, c.routes[item.itemId].department);
    const ratable = await h.call('GET', `/api/cases/${c.caseId}/ratings`, { token: h.token(CLERK) });
    expect(ratable.status).toBe(200);
    expect(ratable.body.ratable[0]).toEqual({ target: 'case', name: '新生儿出生一件事' });
    expect((await rate('haishu-serviceCenter-clerk1', { level: 'satisfied' })).status).toBe(403);
    for (const json of [{}, { level: 'ok' }, { level: 'basic', comment: 'x'.repeat(301) }, { level: 'basic', extra: 1 }]) {
      expect((await rate(CLERK, json)).status, JSON.stringify(json)).toBe(400);
    }
    const first = await rate(CLERK, { level: 'veryDissatisfied', comment: '材料被要求提交了两次' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.rating).toMatchObject({ level: 'veryDissatisfied', target: 'case', rectificationId: 'rc1', department: `${SC}` });
    const again = await rate(CLERK, { level: 'verySatisfied' });
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_RATED']);
    await h.drain(c.caseId);
  }, 120_000);

  it('the department lists and works it; a stale version is 409 CONFLICT; the supervisor lists the district\'s', async () => {
    const list = await h.call('GET', '/api/rectifications?scope=department', { token: h.token(CLERK) });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { rectificationId: string; stateLabel: string }) => [i.rectificationId, i.stateLabel])).toEqual([['rc1', '待回访']]);
    expect((await h.call('GET', '/api/rectifications?scope=elsewhere', { token: h.token(CLERK) })).status).toBe(400);
    expect((await h.call('GET', '/api/rectifications?scope=supervise', { token: h.token(CLERK) })).status).toBe(403);
    const path = `/api/rectifications/${c.caseId}/rc1`;
    const detail = await h.call('GET', path, { token: h.token(CLERK) });
    expect(detail.body.can).toMatchObject({ callBack: true, decideAppeal: false });
    const v = detail.body.rectification.version;
    const step = await h.call('POST', `${path}/actions`, { token: h.token(CLERK), json: { command: { type: 'callBack', method: 'phone', applicantSaid: '申请人说明了重复提交的材料' }, expectedVersion: v } });
    expect(step.status, JSON.stringify(step.body)).toBe(200);
    expect(step.body.rectification.state).toBe('rectifying');
    const stale = await h.call('POST', `${path}/actions`, { token: h.token(CLERK), json: { command: { type: 'rectify', text: '一次性告知清单' }, expectedVersion: v } });
    expect([stale.status, stale.body.code]).toEqual([409, 'CONFLICT']);
    const bad = await h.call('POST', `${path}/actions`, { token: h.token(CLERK), json: { command: { type: 'rectify' }, expectedVersion: v + 1 } });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await h.call('GET', path, { token: h.token('haishu-serviceCenter-supervisor1') })).status).toBe(403);
    await h.drain(c.caseId);
    const sup = await h.call('GET', '/api/rectifications?scope=supervise', { token: h.token(`${SC}-supervisor1`) });
    expect(sup.body.items.map((i: { rectificationId: string; state: string }) => [i.rectificationId, i.state])).toEqual([['rc1', 'rectifying']]);
  });
});
