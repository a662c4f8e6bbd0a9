// 竣工联合验收 材料审查 through HTTP on the real service and tablestore-local: two of four departments find materials
// missing while they review and record them on their sub-tasks (the window is told, the applicant nothing), the
// plain 退回补正 is refused; the window issues ONE 材料补正通知 listing both (those two sub-tasks returned, their
// clocks and the case clock paused); the applicant's supplement, recorded once with the clerk's own upload, resumes
// exactly those two and moves the promise by the paused working days. Refused with nothing written: another
// department or district, a notice with no request, a stale version, bad input, another clerk's file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTANCE_DEPTS as DEPTS, ACCEPTANCE_SIGNER as SIGNER, acceptanceSupplied, acceptanceValues, WATER_VALUES } from '../core/enterpriseFixtures';
import { acceptThroughApi, act, CLERK, writesSince } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;

const at = (day: string) => `${day}T02:00:00.000Z`;

const acceptance = async (caseId: string, who = CLERK) => h.call('GET', `/api/cases/${caseId}/acceptance`, { token: h.token(who) });
const version = async (caseId: string) => (await acceptance(caseId)).body.acceptance.version as number;
const post = (caseId: string, path: string, json: unknown, who = CLERK) => h.call('POST', `/api/cases/${caseId}/${path}`, { token: h.token(who), json });
const subTask = async (caseId: string, itemId: string) => (await h.call('GET', `/api/subtasks/${caseId}/${itemId}`, { token: h.token(SIGNER[itemId]) })).body.subTask;

async function ok(r: Promise<{ status: number; body: any }>) {
  const a = await r;
  expect(a.status, JSON.stringify(a.body).slice(0, 400)).toBe(200);
  return a.body;
}

beforeAll(async () => {
  h = await startRouteHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('材料审查: two departments, one 材料补正通知, one supplement', () => {
  let caseId = '';
  let due = '';

  async function refused(r: () => Promise<{ status: number; body: any }>, status: number, code: string) {
    const before = await acceptance(caseId);
    h.ots.server.resetCounters();
    const a = await r();
    expect(a.status, JSON.stringify(a.body).slice(0, 300)).toBe(status);
    expect(a.body.code).toBe(code);
    expect(a.body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(writesSince(h), 'nothing written').toBe(0);
    expect((await acceptance(caseId)).body).toEqual(before.body);
    return a.body;
  }

  it('two departments record missing materials while reviewing; the window is told, the applicant nothing; 退回补正 is refused', async () => {
    h.setNow(at('2026-03-02'));
    const accepted = await acceptThroughApi(h, {
      bundleId: 'completionAcceptance', values: acceptanceValues({ ...WATER_VALUES }), chosenOptional: ['waterConservationCheck'],
      supplied: acceptanceSupplied.map((m) => ({ type: m.type, data: { ...m.data }, attachments: [] })),
    });
    caseId = accepted.caseId;
    for (const item of DEPTS) await ok(act(h, SIGNER[item], caseId, item, { type: 'claim' }));
    due = (await acceptance(caseId)).body.acceptance.promise.date;
    const sent = h.notifier.notices.length;
    // the department's page offers 提出材料补正要求, not 退回补正
    const offered = (await subTask(caseId, 'housingAcceptance')).actions;
    expect(offered).toContain('requestMaterials');
    expect(offered).not.toContain('returnForCorrection');
    await refused(() => act(h, SIGNER.housingAcceptance, caseId, 'housingAcceptance', { type: 'returnForCorrection', reason: '材料不全', items: ['消防验收备案凭证'] }), 409, 'INVALID_TRANSITION')
      .then((b) => expect(b.message).toContain('提出材料补正要求'));
    await ok(act(h, 'yinzhou-housing-handler1', caseId, 'housingAcceptance', { type: 'requestMaterials', items: ['消防验收备案凭证', '竣工图（消防部分）'], note: '须加盖建设单位公章' }));
    await ok(act(h, SIGNER.planningVerification, caseId, 'planningVerification', { type: 'requestMaterials', items: ['规划核实测量报告'] }));
    await h.drain(caseId);
    const told = h.notifier.notices.slice(sent);
    expect(told.map((n) => n.template)).toEqual(['correctionRequested', 'correctionRequested']);
    expect(told.every((n) => JSON.stringify(n).includes(CLERK))).toBe(true);
    const view = (await acceptance(caseId)).body.acceptance;
    expect(view.materialNotices).toEqual([]);
    expect(view.next).toBe('住建单项验收、规划核实提出材料补正要求，发出材料补正通知');
    expect(view.departments.find((d: { itemId: string }) => d.itemId === 'housingAcceptance').materialRequests).toEqual([
      expect.objectContaining({ items: ['消防验收备案凭证', '竣工图（消防部分）'], note: '须加盖建设单位公章', by: 'yinzhou-housing-handler1', notice: null, supplementedAt: null }),
    ]);
    expect((await Promise.all(DEPTS.map((d) => subTask(caseId, d)))).map((s) => s.state)).toEqual(['claimed', 'claimed', 'claimed', 'claimed']);
  });

  it('refusals: another department, another district, bad input, a stale version, no open notice to supplement', async () => {
    const v = await version(caseId);
    await refused(() => act(h, SIGNER.planningVerification, caseId, 'planningVerification', { type: 'requestMaterials', items: [] }), 400, 'INVALID_BODY');
    await refused(() => act(h, SIGNER.planningVerification, caseId, 'planningVerification', { type: 'requestMaterials', items: ['  '] }), 400, 'VALIDATION_FAILED');
    const housingVersion = (await subTask(caseId, 'housingAcceptance')).version;
    await refused(() => h.call('POST', `/api/subtasks/${caseId}/housingAcceptance/actions`, {
      token: h.token('yinzhou-naturalResources-signer1'), json: { command: { type: 'requestMaterials', items: ['竣工图'] }, expectedVersion: housingVersion },
    }), 403, 'FORBIDDEN');
    await refused(() => post(caseId, 'material-notice', { expectedVersion: v }, 'haishu-serviceCenter-clerk1'), 403, 'FORBIDDEN');
    await refused(() => post(caseId, 'material-notice', { expectedVersion: v }, SIGNER.housingAcceptance), 403, 'FORBIDDEN');
    await refused(() => post(caseId, 'material-notice', { expectedVersion: v + 1 }), 409, 'CONFLICT');
    await refused(() => post(caseId, 'material-notice', { expectedVersion: v, extra: 1 }), 400, 'INVALID_BODY');
    await refused(() => post(caseId, 'material-supplement', { note: '已补交', expectedVersion: v }), 409, 'INVALID_TRANSITION');
    await refused(() => post(caseId, 'material-supplement', { expectedVersion: v }), 400, 'INVALID_BODY');
  });

  it('ONE notice lists both departments; exactly their sub-tasks are returned and the case clock pauses', async () => {
    h.setNow(at('2026-03-03'));
    const r = await ok(post(caseId, 'material-notice', { expectedVersion: await version(caseId) }));
    const a = r.acceptance;
    expect(a.materialNotices).toHaveLength(1);
    expect(a.materialNotices[0]).toMatchObject({ number: `${caseId}-BZ1`, issuedBy: CLERK });
    expect(a.materialNotices[0].requests.map((q: { itemId: string; items: string[] }) => [q.itemId, q.items])).toEqual([
      ['housingAcceptance', ['消防验收备案凭证', '竣工图（消防部分）']], ['planningVerification', ['规划核实测量报告']],
    ]);
    expect(a.promise).toMatchObject({ paused: true });
    expect(a.next).toBe('等待申请人补正材料；补正后登记，有关部门继续审查');
    const states = (await Promise.all(DEPTS.map((d) => subTask(caseId, d)))).map((s) => s.state);
    expect(states).toEqual(['returned', 'returned', 'claimed', 'claimed']);
    // a second notice while this one waits, a window resubmitting one department alone: refused
    await refused(() => post(caseId, 'material-notice', { expectedVersion: a.version }), 409, 'INVALID_TRANSITION');
    await refused(() => act(h, CLERK, caseId, 'housingAcceptance', { type: 'resubmit', values: {} }), 409, 'INVALID_TRANSITION');
  });

  it("the supplement (the clerk's own upload only) resumes exactly those two and moves the promise by the paused days", async () => {
    h.setNow(at('2026-03-06'));
    const upload = async (who: string, text: string) => {
      const up = await h.call('POST', '/api/intake/attachments', { token: h.token(who), body: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(text)]), headers: { 'content-type': 'image/png', 'x-file-name': encodeURIComponent('补正.png') } });
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      return up.body.attachment.sha256 as string;
    };
    const mine = await upload(CLERK, 'fire acceptance filing receipt');
    const theirs = await upload('yinzhou-serviceCenter-clerk2', 'another clerk');
    const v = await version(caseId);
    const b = await refused(() => post(caseId, 'material-supplement', { note: '已补交', attachments: [theirs], expectedVersion: v }), 400, 'VALIDATION_FAILED');
    expect(b.message).toBe('补正附件未上传或不是您上传的，请重新上传');
    await refused(() => post(caseId, 'material-supplement', { note: '已补交', attachments: ['x'], expectedVersion: v }), 400, 'INVALID_BODY');
    const before = Object.fromEntries(await Promise.all(DEPTS.map(async (d) => [d, (await subTask(caseId, d)).version])));
    const r = await ok(post(caseId, 'material-supplement', { note: '申请人已补交消防备案凭证、竣工图和测量报告', attachments: [mine], expectedVersion: v }));
    expect(r.acceptance.materialSupplements).toEqual([expect.objectContaining({ notice: `${caseId}-BZ1`, by: CLERK, attachments: [mine] })]);
    // paused Wed 03-04, Thu 03-05, Fri 03-06: the promise moves by exactly 3 working days
    expect(r.acceptance.promise).toMatchObject({ paused: false, pausedDays: 3 });
    expect(r.acceptance.promise.date).toBe(shift(due, 3));
    expect(r.acceptance.next).toBe('安排联合现场踏勘，通知各部门');
    const after = await Promise.all(DEPTS.map((d) => subTask(caseId, d)));
    expect(after.map((s) => s.state)).toEqual(['claimed', 'claimed', 'claimed', 'claimed']);
    expect(after.map((s) => s.version - before[s.itemId])).toEqual([1, 1, 0, 0]);
    await refused(() => post(caseId, 'material-supplement', { note: '再次补交', expectedVersion: r.acceptance.version }), 409, 'INVALID_TRANSITION');
    // no department has a pending request now: a notice is refused
    const none = await refused(() => post(caseId, 'material-notice', { expectedVersion: r.acceptance.version }), 409, 'INVALID_TRANSITION');
    expect(none.message).toBe('没有部门提出材料补正要求，无需发出材料补正通知');
    // a department of the case sees its own request only
    const own = (await acceptance(caseId, SIGNER.planningVerification)).body.acceptance;
    expect(own.departments.map((d: { itemId: string }) => d.itemId)).toEqual(['planningVerification']);
    expect(own.materialNotices[0].requests.map((q: { itemId: string }) => q.itemId)).toEqual(['planningVerification']);
  });
});

/** The date `n` working days after `date` (Mon–Fri; March 2026 has no holiday). */
function shift(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  for (let left = n; left > 0;) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left -= 1;
  }
  return d.toISOString().slice(0, 10);
}
