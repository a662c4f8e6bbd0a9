// 竣工联合验收 of an industrial project through HTTP on the real service and tablestore-local, on today's engine:
// 鄞州's window accepts the application with a valid 统一社会信用代码 (the 水利 item chosen), the 住建局,
// 自然资源和规划分局, 综合行政执法局 and 水利局 each claim and sign their 单项验收意见 in parallel, the 联合验收意见书
// waits for the three always-present opinions, the 审管办 signs it with its approval seal and the case completes
// within the promise; another district's department and another department are refused its sub-tasks; a wrong
// credit code is refused by the pre-check with the Chinese message and nothing is written. The 1020 bundle's dry run
// answers where each material comes from: asked from the applicant 6 / needed 8.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptanceOutputs, acceptanceSupplied, acceptanceValues, BAD_CREDIT_CODE, CREDIT_CODE, preconstructionValues, WATER_VALUES } from '../core/enterpriseFixtures';
import { acceptThroughApi, act, CLERK, requestId, writesSince, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;

const DEPARTMENTS: Record<string, string> = {
  housingAcceptance: 'yinzhou-housing',
  planningVerification: 'yinzhou-naturalResources',
  enforcementAcceptance: 'yinzhou-lawEnforcement',
  waterConservationCheck: 'yinzhou-waterResources',
  jointOpinion: 'yinzhou-serviceCenter',
};

const body = (values = acceptanceValues(WATER_VALUES)) => ({
  bundleId: 'completionAcceptance',
  values,
  chosenOptional: ['waterConservationCheck'],
  supplied: acceptanceSupplied.map((m) => ({ type: m.type, data: { ...m.data }, attachments: [] })),
});

async function signOff(who: string, caseId: string, itemId: string, sealId: string) {
  const claimed = await act(h, who, caseId, itemId, { type: 'claim' });
  expect(claimed.status, JSON.stringify(claimed.body).slice(0, 300)).toBe(200);
  const signed = await act(h, who, caseId, itemId, { type: 'signOff', sealId, outputs: acceptanceOutputs[itemId] });
  expect(signed.status, JSON.stringify(signed.body).slice(0, 300)).toBe(200);
}

const caseView = async (caseId: string) => (await h.call('GET', `/api/cases/${caseId}`, { token: h.token(CLERK) })).body.case;
const states = (view: { subTasks: { itemId: string; state: string }[] }) => Object.fromEntries(view.subTasks.map((t) => [t.itemId, t.state]));

beforeAll(async () => {
  h = await startRouteHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('竣工联合验收 of an industrial project', () => {
  let accepted: AcceptedCase;

  it('鄞州 offers the bundle; the window accepts with a valid credit code and each department gets its item at once', async () => {
    const offered = await h.call('GET', '/api/bundles', { token: h.token(CLERK) });
    expect(offered.body.bundles.map((b: { id: string }) => b.id)).toContain('completionAcceptance');
    accepted = await acceptThroughApi(h, body());
    expect(accepted.routes).toEqual(Object.fromEntries(Object.entries(DEPARTMENTS).map(([item, department]) => [item, { district: '330212', department }])));
    expect(states(accepted.view)).toEqual({
      housingAcceptance: 'ready', planningVerification: 'ready', enforcementAcceptance: 'ready', waterConservationCheck: 'ready', jointOpinion: 'waiting',
    });
  });

  it("another district's 住建局 and another department of 鄞州 are refused the 住建 sub-task", async () => {
    for (const who of ['haishu-housing-signer1', 'yinzhou-police-signer1', 'yinzhou-naturalResources-signer1']) {
      const r = await h.call('GET', `/api/subtasks/${accepted.caseId}/housingAcceptance`, { token: h.token(who) });
      expect(r.status, who).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
    }
  });

  it('the departments sign their opinions in parallel; the joint opinion waits for the three always-present ones', async () => {
    await signOff('yinzhou-housing-signer1', accepted.caseId, 'housingAcceptance', 'yinzhou-housing-seal');
    await signOff('yinzhou-waterResources-signer1', accepted.caseId, 'waterConservationCheck', 'yinzhou-waterResources-seal');
    await signOff('yinzhou-naturalResources-signer1', accepted.caseId, 'planningVerification', 'yinzhou-naturalResources-seal');
    expect(states(await caseView(accepted.caseId)).jointOpinion).toBe('waiting');
    await signOff('yinzhou-lawEnforcement-signer2', accepted.caseId, 'enforcementAcceptance', 'yinzhou-lawEnforcement-seal');
    expect(states(await caseView(accepted.caseId))).toMatchObject({
      housingAcceptance: 'done', planningVerification: 'done', enforcementAcceptance: 'done', waterConservationCheck: 'done', jointOpinion: 'ready',
    });
  });

  it('the 审管办 cannot sign the joint opinion with its 集中授权 seal, and signs it with its approval seal: the case completes within the promise', async () => {
    const signer = 'yinzhou-serviceCenter-signer1';
    expect((await act(h, signer, accepted.caseId, 'jointOpinion', { type: 'claim' })).status).toBe(200);
    const delegated = await act(h, signer, accepted.caseId, 'jointOpinion', { type: 'signOff', sealId: 'yinzhou-serviceCenter-delegated-seal', outputs: acceptanceOutputs.jointOpinion });
    expect(delegated.status).toBe(403);
    expect(delegated.body).toEqual({ code: 'SEAL_OUT_OF_SCOPE', message: '「出具联合验收意见书」不允许集中授权签章，须由宁波市鄞州区行政审批服务管理办公室用本部门审批专用章签署' });
    const signed = await act(h, signer, accepted.caseId, 'jointOpinion', { type: 'signOff', sealId: 'yinzhou-serviceCenter-seal', outputs: acceptanceOutputs.jointOpinion });
    expect(signed.status, JSON.stringify(signed.body).slice(0, 300)).toBe(200);
    const view = await caseView(accepted.caseId);
    expect(view.state).toBe('completed');
    // 10 working days from Monday 2 March; each department's 5 counted from acceptance (clock from release)
    expect(view.due).toEqual({ date: '2026-03-16', provisional: false });
    for (const t of view.subTasks.filter((x: { itemId: string }) => x.itemId !== 'jointOpinion')) expect(t.dueDate).toBe('2026-03-09');
    // filed under the enterprise and the project (routes-enterprise-archive.test.ts reads their archives)
    expect(view.subjects.map((s: { role: string }) => s.role)).toEqual(['enterprise', 'project']);
  });
});

describe('a wrong 统一社会信用代码', () => {
  it('is refused by the pre-check with the Chinese message, and acceptance is refused with nothing written', async () => {
    const token = h.token(CLERK);
    const bad = body(acceptanceValues({ ...WATER_VALUES, enterpriseCreditCode: BAD_CREDIT_CODE }));
    h.ots.server.resetCounters();
    const pre = await h.call('POST', '/api/intake/precheck', { token, json: bad });
    expect(pre.status).toBe(200);
    expect(pre.body.notice.ok).toBe(false);
    expect(pre.body.notice.issues).toEqual([{ field: 'enterpriseCreditCode', code: 'CREDIT_CODE_INVALID', message: '【统一社会信用代码】校验位不正确，请核对' }]);
    expect(pre.body.notice.text).toContain('校验位不正确');
    const refused = await h.call('POST', '/api/cases', { token, json: { ...bad, requestId: requestId('bad-credit-code') } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'PRECHECK_FAILED', issues: pre.body.notice.issues });
    expect(writesSince(h), 'nothing written').toBe(0);
  });

  it('lower case is accepted as the same code', async () => {
    const pre = await h.call('POST', '/api/intake/precheck', { token: h.token(CLERK), json: body(acceptanceValues({ ...WATER_VALUES, enterpriseCreditCode: CREDIT_CODE.toLowerCase() })) });
    expect(pre.body.notice).toMatchObject({ ok: true, issues: [] });
  });
});

describe('the "1020" bundle\'s dry run', () => {
  it('answers each material\'s source and "asked from the applicant 6 / needed 8" (10 without sharing)', async () => {
    const r = await h.call('POST', '/api/admin/bundles/preconstruction/versions/1/dryrun', {
      token: h.token('yinzhou-serviceCenter-admin1'),
      json: { values: preconstructionValues(), chosenOptional: [], acceptingDistrict: '330212', supplied: ['projectFiling', 'landTitle', 'designScheme', 'constructionDrawings', 'geotechnicalReport', 'constructionContract'] },
    });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.routable).toBe(true);
    expect(r.body.materialSources).toMatchObject({ askedFromApplicant: 6, needed: 8, askedWithoutSharing: 10 });
    const planning = r.body.materialSources.materials.find((m: { id: string }) => m.id === 'planningPermit');
    expect(planning).toEqual({ id: 'planningPermit', name: '建设工程规划许可证（电子证照）', source: { kind: 'item', itemId: 'planningApproval', itemName: '建设工程规划许可' }, readBy: ['constructionApproval'] });
  });
});
