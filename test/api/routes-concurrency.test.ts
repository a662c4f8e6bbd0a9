// Conflicts through HTTP on the real service and tablestore-local: two staff claim, or sign, the same
// sub-task at the same moment — one 200, one 409 with a clear Chinese message, never a lost update; a
// stale expectedVersion is 409; the same intake requestId twice (even at once) is one case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputsFor, birthBundle } from '../core/fixtures';
import { acceptThroughApi, act, birthBody, CLERK, requestId, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';
import { recordTrial } from '../support/reliability';

let h: RouteHarness;
let birth: AcceptedCase;
const ITEM = 'birthCertificate';
const DEPT = 'haishu-hospital1';

beforeAll(async () => {
  h = await startRouteHarness();
  birth = await acceptThroughApi(h, birthBody());
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const path = () => `/api/subtasks/${birth.caseId}/${ITEM}`;
const CONFLICT_CODES = ['CONFLICT', 'VERSION_CONFLICT'];

async function version(who: string): Promise<number> {
  const r = await h.call('GET', path(), { token: h.token(who) });
  expect(r.status).toBe(200);
  return r.body.subTask.version;
}

describe('two staff at once on the same sub-task', () => {
  it('claim (签收): one 200, one 409 "已被他人处理"; the sub-task is with exactly one of them', async () => {
    recordTrial({ kind: 'race', suite: 'routes-concurrency', what: 'two staff claim one sub-task at once' });
    const v = await version(`${DEPT}-handler1`);
    const [a, b] = await Promise.all(
      ['handler1', 'handler2'].map((s) =>
        h.call('POST', `${path()}/actions`, { token: h.token(`${DEPT}-${s}`), json: { command: { type: 'claim' }, expectedVersion: v } }),
      ),
    );
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(CONFLICT_CODES).toContain(loser.body.code);
    expect(loser.body.message).toMatch(/他人/);
    expect(loser.body.message).toMatch(/刷新/);
    expect(winner.body.subTask).toMatchObject({ state: 'claimed', version: v + 1 });

    const after = await h.call('GET', path(), { token: h.token(`${DEPT}-signer1`) });
    expect(after.body.subTask.state).toBe('claimed');
    expect([`${DEPT}-handler1`, `${DEPT}-handler2`]).toContain(after.body.subTask.assignee);
    expect(after.body.subTask.assignee).toBe(winner.body.subTask.assignee);
    expect(after.body.timeline.filter((e: { action: string }) => e.action === 'claim')).toHaveLength(1);
  });

  it('a stale expectedVersion is 409 and changes nothing; the current one works', async () => {
    const v = await version(`${DEPT}-signer1`);
    const stale = await h.call('POST', `${path()}/actions`, { token: h.token(`${DEPT}-signer1`), json: { command: { type: 'comment', text: '已核对' }, expectedVersion: v - 1 } });
    expect(stale.status).toBe(409);
    expect(CONFLICT_CODES).toContain(stale.body.code);
    expect(await version(`${DEPT}-signer1`)).toBe(v);
    const fresh = await h.call('POST', `${path()}/actions`, { token: h.token(`${DEPT}-signer1`), json: { command: { type: 'comment', text: '已核对' }, expectedVersion: v } });
    expect(fresh.status).toBe(200);
  });

  it('sign-off (办结): two signers at once → one 200, one 409; signed once, outputs issued once', async () => {
    recordTrial({ kind: 'race', suite: 'routes-concurrency', what: 'two signers sign one sub-task off at once' });
    const v = await version(`${DEPT}-signer1`);
    const command = { type: 'signOff', sealId: `${DEPT}-seal`, outputs: outputsFor(birthBundle, ITEM) };
    const [a, b] = await Promise.all(
      ['signer1', 'signer2'].map((s) => h.call('POST', `${path()}/actions`, { token: h.token(`${DEPT}-${s}`), json: { command, expectedVersion: v } })),
    );
    expect([a.status, b.status].sort(), JSON.stringify([a.body, b.body]).slice(0, 600)).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(CONFLICT_CODES).toContain(loser.body.code);
    expect(loser.body.message).toMatch(/[\u4e00-\u9fff]/);
    const after = await h.call('GET', path(), { token: h.token(`${DEPT}-signer1`) });
    expect(after.body.subTask.state).toBe('done');
    expect(after.body.timeline.filter((e: { action: string }) => e.action === 'signOff')).toHaveLength(1);
  });

  it('an action the state no longer allows is 409 with a Chinese message (claiming a signed sub-task)', async () => {
    const r = await act(h, `${DEPT}-handler1`, birth.caseId, ITEM, { type: 'claim' });
    expect(r.status).toBe(409);
    expect(r.body.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('intake idempotency by requestId', () => {
  it('the same requestId twice → the same case (201, then 200)', async () => {
    const id = requestId('twice');
    const first = await h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...birthBody(), requestId: id } });
    const second = await h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...birthBody(), requestId: id } });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.case.id).toBe(first.body.case.id);
    expect(second.body.receipt.caseId).toBe(first.body.case.id);
  });

  it('the same requestId at the same moment → one case', async () => {
    recordTrial({ kind: 'race', suite: 'routes-concurrency', what: 'one intake requestId posted twice at once' });
    const id = requestId('race');
    const both = await Promise.all([0, 1].map(() => h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...birthBody(), requestId: id } })));
    const statuses = both.map((r) => r.status).sort();
    // either one creates and the other finds it, or the loser is told to retry: never two cases
    expect([[200, 201], [201, 409]]).toContainEqual(statuses);
    const ids = new Set(both.filter((r) => r.status !== 409).map((r) => r.body.case.id));
    expect(ids.size).toBe(1);
  });

  it('20 replays of one create at once use one case number: the next case gets the next number (no gap)', async () => {
    recordTrial({ kind: 'race', suite: 'routes-concurrency', what: '20 replays of one intake at once' });
    const id = requestId('replays');
    const all = await Promise.all(Array.from({ length: 20 }, () => h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...birthBody(), requestId: id } })));
    expect(all.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
    const ids = new Set(all.map((r) => r.body.case.id as string));
    expect(ids.size).toBe(1);
    const [caseId] = ids;
    const next = await acceptThroughApi(h, birthBody());
    const seq = (x: string) => Number(x.split('-').at(-1));
    expect(seq(next.caseId)).toBe(seq(caseId) + 1);
  });

  it('different requestIds → different cases with their receipts', async () => {
    const a = await acceptThroughApi(h, birthBody());
    const b = await acceptThroughApi(h, birthBody());
    expect(a.caseId).not.toBe(b.caseId);
    expect(a.view.subTasks.map((s: { itemId: string }) => s.itemId)).toEqual(b.view.subTasks.map((s: { itemId: string }) => s.itemId));
  });
});
