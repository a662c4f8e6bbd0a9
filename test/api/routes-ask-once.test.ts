// Ask once (无证件办事) through HTTP on the real service and tablestore-local: an enterprise's "1020" 开工前审批 case
// is signed item by item and completes, filing its 建设工程规划许可证 in the enterprise's and the project's archive.
// The same enterprise's 竣工联合验收 then does not ask for the permit: the pre-check passes without it and says it
// comes from the archive (the source case), the notice never lists it, the case records the source case and item,
// the reuse is audited as a share with the consuming item's purpose, and the 规划 department receives the permit's
// declared fields as from the applicant. Another enterprise's application is still asked for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../functions/core/creditCode';
import { acceptanceSupplied, acceptanceValues, PROJECT_CODE, preconstructionValues } from '../core/enterpriseFixtures';
import { act, CLERK, requestId, writesSince } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let preCase: string;
const AUDITOR = 'yinzhou-serviceCenter-auditor1';
const OTHER_CREDIT_CODE = `91330212MA2H3K5Q8${creditCodeCheckChar('91330212MA2H3K5Q8')}`;
const CONTRACTOR_CODE = `91330200MA2AB12C3${creditCodeCheckChar('91330200MA2AB12C3')}`;
const PERMIT = { permitNumber: '建字第330212202600088号', projectName: '年产20万套精密零部件厂房项目', projectCode: PROJECT_CODE, issuedOn: '2026-03-02', buildingAreaSqm: 24000 };

const preconstructionSupplied = [
  { type: 'projectFiling', data: { filingNumber: '鄞发改备〔2025〕88号', projectCode: PROJECT_CODE, filedOn: '2025-06-10' } },
  { type: 'landTitle', data: { titleNumber: '浙(2025)宁波市鄞州不动产权第0012345号', landAreaSqm: 30000, landUse: '工业用地' } },
  { type: 'designScheme', data: { schemeNumber: 'FA-2025-031', designUnit: '宁波市建筑设计研究院', buildingAreaSqm: 24000 } },
  { type: 'constructionDrawings', data: { drawingSetNumber: 'SGT-2025-077', designUnit: '宁波市建筑设计研究院', sheets: 212 } },
  { type: 'geotechnicalReport', data: { reportNumber: 'KC-2025-019', surveyUnit: '宁波市勘察院' } },
  { type: 'constructionContract', data: { contractNumber: 'HT-2026-005', contractor: '宁波示例建设集团有限公司', contractorCreditCode: CONTRACTOR_CODE } },
];
const preconstructionOutputs: Record<string, Record<string, Record<string, string | number>>> = {
  planningApproval: { planningPermit: PERMIT },
  drawingReview: { drawingReviewCertificate: { certificateNumber: 'TS-2026-0102', projectCode: PROJECT_CODE, issuedOn: '2026-03-02' } },
  constructionApproval: { constructionPermit: { permitNumber: '330212202603020101', projectName: PERMIT.projectName, projectCode: PROJECT_CODE, issuedOn: '2026-03-02' } },
};

/** A 竣工联合验收 application that brings every intake material but the planning permit. */
const acceptanceBody = (values = acceptanceValues()) => ({
  bundleId: 'completionAcceptance',
  values,
  chosenOptional: [],
  supplied: acceptanceSupplied.filter((m) => m.type !== 'planningPermit' && m.type !== 'soilConservationReport').map((m) => ({ type: m.type, data: { ...m.data }, attachments: [] })),
});

async function signOff(who: string, caseId: string, itemId: string, sealId: string, outputs: Record<string, Record<string, string | number>>) {
  expect((await act(h, who, caseId, itemId, { type: 'claim' })).status).toBe(200);
  const signed = await act(h, who, caseId, itemId, { type: 'signOff', sealId, outputs });
  expect(signed.status, JSON.stringify(signed.body).slice(0, 300)).toBe(200);
}

beforeAll(async () => {
  h = await startRouteHarness();
  const accepted = await h.call('POST', '/api/cases', {
    token: h.token(CLERK),
    json: { bundleId: 'preconstruction', values: preconstructionValues(), chosenOptional: [], supplied: preconstructionSupplied.map((m) => ({ ...m, attachments: [] })), requestId: requestId('preconstruction') },
  });
  expect(accepted.status, JSON.stringify(accepted.body).slice(0, 300)).toBe(201);
  preCase = accepted.body.case.id;
  await signOff('yinzhou-naturalResources-signer1', preCase, 'planningApproval', 'yinzhou-naturalResources-seal', preconstructionOutputs.planningApproval);
  await signOff('yinzhou-housing-signer1', preCase, 'drawingReview', 'yinzhou-housing-seal', preconstructionOutputs.drawingReview);
  await signOff('yinzhou-housing-signer1', preCase, 'constructionApproval', 'yinzhou-housing-seal', preconstructionOutputs.constructionApproval);
  const view = (await h.call('GET', `/api/cases/${preCase}`, { token: h.token(CLERK) })).body.case;
  expect(view.state).toBe('completed');
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

describe('the permit an earlier case issued is not asked again', () => {
  it('the pre-check passes without it and says it comes from the archive (the source case); the notice does not list it', async () => {
    const pre = await h.call('POST', '/api/intake/precheck', { token: h.token(CLERK), json: acceptanceBody() });
    expect(pre.status).toBe(200);
    expect(pre.body.notice.ok, JSON.stringify(pre.body.notice.issues)).toBe(true);
    expect(pre.body.notice.text).not.toContain('规划许可证');
    const sources = Object.fromEntries(pre.body.notice.materials.map((m: { material: string }) => [m.material, m]));
    expect(sources.planningPermit).toEqual({ material: 'planningPermit', name: '建设工程规划许可证（电子证照）', source: 'archive', caseId: preCase, itemId: 'planningApproval' });
    expect(sources.completionReport).toMatchObject({ source: 'applicant' });
    expect(Object.keys(sources).sort()).toEqual(['asBuiltDrawings', 'completionReport', 'completionSurveyReport', 'planningPermit']);
  });

  it('the case records the source, the reuse is audited with the purpose, and 规划核实 receives the permit\'s fields', async () => {
    const r = await h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...acceptanceBody(), requestId: requestId('ask-once') } });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(201);
    const caseId = r.body.case.id;
    expect(r.body.receipt.notice.materials.find((m: { material: string }) => m.material === 'planningPermit')).toMatchObject({ source: 'archive', caseId: preCase });

    const timeline = await h.call('GET', `/api/cases/${caseId}/timeline`, { token: h.token(CLERK) });
    const accept = timeline.body.events.find((e: { action: string }) => e.action === 'accept');
    expect(accept.detail.reused).toBe(`planningPermit@${preCase}/planningApproval`);

    const trail = await h.call('GET', `/api/audit/cases/${caseId}`, { token: h.token(AUDITOR) });
    expect(trail.status).toBe(200);
    const reuse = (trail.body.records as { action: string; data: string[]; purpose: string; recipient: { itemId: string } }[])
      .filter((x) => x.data.includes(`archive:${preCase}/planningApproval`));
    expect(reuse).toEqual([expect.objectContaining({
      action: 'share', purpose: '核实建设工程是否符合规划许可', recipient: expect.objectContaining({ itemId: 'planningVerification', department: 'yinzhou-naturalResources' }),
      data: ['planningPermit:permitNumber,projectCode,buildingAreaSqm', `archive:${preCase}/planningApproval`],
    })]);

    const st = await h.call('GET', `/api/subtasks/${caseId}/planningVerification`, { token: h.token('yinzhou-naturalResources-signer1') });
    expect(st.status).toBe(200);
    expect(st.body.subTask.state).toBe('ready');
    expect(st.body.subTask.inputs.planningPermit).toEqual({ permitNumber: PERMIT.permitNumber, projectCode: PROJECT_CODE, buildingAreaSqm: 24000 });
  });

  it('another enterprise (another project) is still asked for it: refused with the notice naming it, nothing written', async () => {
    const other = acceptanceBody(acceptanceValues({ enterpriseCreditCode: OTHER_CREDIT_CODE, enterpriseName: '宁波另一示例制造有限公司', projectCode: '2025-330212-34-03-012346' }));
    const pre = await h.call('POST', '/api/intake/precheck', { token: h.token(CLERK), json: other });
    expect(pre.body.notice.ok).toBe(false);
    expect(pre.body.notice.issues).toEqual([{ field: 'materials.planningPermit', code: 'MISSING_MATERIAL', message: '请提交材料：建设工程规划许可证（电子证照）' }]);
    expect(pre.body.notice.materials.find((m: { material: string }) => m.material === 'planningPermit')).toMatchObject({ source: 'applicant' });
    h.ots.server.resetCounters();
    const refused = await h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...other, requestId: requestId('other-enterprise') } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'PRECHECK_FAILED', issues: pre.body.notice.issues });
    expect(writesSince(h)).toBe(0);
  });

  it('the same enterprise\'s other project does not reuse this project\'s permit', async () => {
    const pre = await h.call('POST', '/api/intake/precheck', { token: h.token(CLERK), json: acceptanceBody(acceptanceValues({ projectCode: '2025-330212-34-03-012347' })) });
    expect(pre.body.notice.issues.map((i: { field: string }) => i.field)).toEqual(['materials.planningPermit']);
  });
});
