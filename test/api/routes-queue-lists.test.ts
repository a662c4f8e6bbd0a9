// The 延期申请 and 退回补正 lists through HTTP: GET /api/queues/extension (the department's signers) and
// GET /api/queues/correction (the accepting district's window) show a sub-task while it is in that state,
// with their counts on every queue page, and drop it when it moves on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptThroughApi, act, birthBody, CLERK, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let c: AcceptedCase;
const ITEM = 'vaccinationCertificate';

beforeAll(async () => {
  h = await startRouteHarness();
  c = await acceptThroughApi(h, birthBody());
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

async function refs(who: string, list: 'extension' | 'correction'): Promise<{ refs: string[]; counts: Record<string, number> }> {
  const r = await h.call('GET', `/api/queues/${list}`, { token: h.token(who) });
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return { refs: r.body.items.map((i: { caseId: string; itemId: string }) => `${i.caseId}/${i.itemId}`), counts: r.body.counts };
}

describe('延期申请 and 退回补正 lists', () => {
  it('a pending extension request is in the signers\' list until decided; a returned sub-task in the window\'s list until resubmitted', async () => {
    const { department } = c.routes[ITEM];
    const handler = `${department}-handler1`;
    const signer = `${department}-signer1`;
    const ref = `${c.caseId}/${ITEM}`;
    expect((await act(h, handler, c.caseId, ITEM, { type: 'claim' })).status).toBe(200);
    // the view says how many working days 申请延期 may ask for (the item's limit), to whom may ask
    const asHandler = await h.call('GET', `/api/subtasks/${c.caseId}/${ITEM}`, { token: h.token(handler) });
    expect(asHandler.body.subTask.actions).toContain('requestExtension');
    expect(asHandler.body.subTask.extensionMaxDays).toBe(1);
    expect((await h.call('GET', `/api/subtasks/${c.caseId}/${ITEM}`, { token: h.token(signer) })).body.subTask.extensionMaxDays).toBeNull();
    const tooMany = await act(h, handler, c.caseId, ITEM, { type: 'requestExtension', days: 2, reason: '等待检测报告' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.issues[0]).toMatchObject({ field: 'days', code: 'RANGE', message: '延期天数应为1至1个工作日' });
    expect((await act(h, handler, c.caseId, ITEM, { type: 'requestExtension', days: 1, reason: '等待检测报告' })).status).toBe(200);
    const pending = await refs(signer, 'extension');
    expect(pending.refs).toContain(ref);
    expect(pending.counts.extension).toBe(pending.refs.length);
    expect((await refs(handler, 'extension')).refs).not.toContain(ref);
    expect((await act(h, signer, c.caseId, ITEM, { type: 'decideExtension', approve: false, reason: '时限内可以办完' })).status).toBe(200);
    expect((await refs(signer, 'extension')).refs).not.toContain(ref);

    expect((await refs(CLERK, 'correction')).refs).not.toContain(ref);
    expect((await act(h, handler, c.caseId, ITEM, { type: 'returnForCorrection', reason: '接种记录不清晰', items: ['预防接种记录'] })).status).toBe(200);
    const returned = await refs(CLERK, 'correction');
    expect(returned.refs).toContain(ref);
    expect(returned.counts.correction).toBe(returned.refs.length);
    expect((await refs('haishu-serviceCenter-clerk1', 'correction')).refs).not.toContain(ref);
    const mine = await h.call('GET', '/api/queues/mine', { token: h.token(CLERK) });
    expect(mine.body.counts.correction).toBe(returned.refs.length);
    expect((await act(h, CLERK, c.caseId, ITEM, { type: 'resubmit', values: {}, note: '已补交清晰的接种记录' })).status).toBe(200);
    expect((await refs(CLERK, 'correction')).refs).not.toContain(ref);
  });

  it('a garbled cursor is refused with 400 on the new lists too', async () => {
    const r = await h.call('GET', '/api/queues/correction?cursor=bm90LWEtY3Vyc29y', { token: h.token(CLERK) });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
  });
});
