// Service points (受理点) and 帮办代办 through HTTP on the real service and tablestore-local (issue 13): a town centre's
// clerk accepts a birth case routed exactly as the district hall's (全区通办) and the case, the receipt and the
// timeline name the 受理点; an agent's application records the agent (masked on the case and the receipt; ID and phone
// numbers encrypted at rest — no table holds them in clear) and needs the 授权委托书 with its scan (the one-time notice
// lists it otherwise, nothing written); a village 代办员's intake defaults to themself as the agent. Ask once: the
// held materials of a completed case are answered with their source and the read is audited; staff who may not
// intake, or a district that has not joined the bundle, get nothing.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableStore } from '../../functions/store/client';
import { rawTableText } from '../service/helpers';
import { acceptanceSupplied, acceptanceValues, PROJECT_CODE, preconstructionValues } from '../core/enterpriseFixtures';
import { acceptThroughApi, act, birthBody, CLERK, makeId, requestId, writesSince } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
const TOWN_CLERK = 'yinzhou-jiangshan-clerk1';
const VILLAGE_AGENT = 'yinzhou-jiangshan-zoumatang-agent1';
const AUDITOR = 'yinzhou-serviceCenter-auditor1';
const AGENT_ID = makeId('330212', '1968-04-09', '015');
const AGENT_PHONE = '13905745566';
const SCAN = new TextEncoder().encode('%PDF-1.4 授权委托书 扫描件 (test)');
const SCAN_SHA = createHash('sha256').update(SCAN).digest('hex');

async function uploadScan(who: string) {
  const r = await h.call('POST', '/api/intake/attachments', {
    token: h.token(who), body: SCAN as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('授权委托书.pdf') },
  });
  expect(r.status, JSON.stringify(r.body).slice(0, 200)).toBe(201);
  return { sha256: SCAN_SHA, name: '授权委托书.pdf', size: SCAN.length, mime: 'application/pdf' };
}

const AGENT = { name: '王建国', idNumber: AGENT_ID, phone: AGENT_PHONE, relation: 'relative' };

beforeAll(async () => {
  h = await startRouteHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('a town centre accepts (受理点)', () => {
  it('routes exactly as the district hall; the case, the receipt and the timeline name the town centre', async () => {
    const hall = await acceptThroughApi(h, birthBody());
    const town = await acceptThroughApi(h, birthBody(), TOWN_CLERK);
    expect(town.routes).toEqual(hall.routes);
    expect(town.view.acceptingDistrict).toBe(hall.view.acceptingDistrict);
    expect(town.view.servicePoint).toEqual({ department: 'yinzhou-jiangshan', name: '宁波市鄞州区姜山镇便民服务中心', level: 'town' });
    expect(hall.view.servicePoint).toMatchObject({ department: 'yinzhou-serviceCenter', level: 'district' });
    const again = await h.call('GET', `/api/cases/${town.caseId}`, { token: h.token(TOWN_CLERK) });
    expect(again.status).toBe(200);
    expect(again.body.case.servicePoint.name).toBe('宁波市鄞州区姜山镇便民服务中心');
    // the hall's clerks see it too (a case of their district), and the town clerk sees the hall's
    expect((await h.call('GET', `/api/cases/${town.caseId}`, { token: h.token(CLERK) })).status).toBe(200);
    expect((await h.call('GET', `/api/cases/${hall.caseId}`, { token: h.token(TOWN_CLERK) })).status).toBe(200);
    const timeline = await h.call('GET', `/api/cases/${town.caseId}/timeline`, { token: h.token(TOWN_CLERK) });
    expect(timeline.body.events.find((e: { action: string }) => e.action === 'accept').detail.servicePoint).toBe('yinzhou-jiangshan');
    // 办件查询 tells the windows apart
    const list = await h.call('POST', '/api/cases/search', { token: h.token(CLERK), json: {} });
    expect(list.status).toBe(200);
    const rows = Object.fromEntries((list.body.cases as { caseId: string; servicePoint: string | null }[]).map((c) => [c.caseId, c.servicePoint]));
    expect(rows[town.caseId]).toBe('宁波市鄞州区姜山镇便民服务中心');
    expect(rows[hall.caseId]).toBe('宁波市鄞州区行政审批服务管理办公室');
  });
});

describe('帮办代办', () => {
  it('without the 授权委托书 the one-time notice lists it and nothing is written; without its scan too', async () => {
    const body = birthBody(undefined, { agent: AGENT });
    const pre = await h.call('POST', '/api/intake/precheck', { token: h.token(TOWN_CLERK), json: body });
    expect(pre.status).toBe(200);
    expect(pre.body.notice.ok).toBe(false);
    expect(pre.body.notice.issues).toEqual([{ field: 'materials.agentAuthorization', code: 'MISSING_MATERIAL', message: '请提交材料：授权委托书' }]);
    expect(pre.body.notice.text).toContain('授权委托书');
    expect(pre.body.notice.materials).toContainEqual({ material: 'agentAuthorization', name: '授权委托书', source: 'applicant' });
    h.ots.server.resetCounters();
    const refused = await h.call('POST', '/api/cases', { token: h.token(TOWN_CLERK), json: { ...body, requestId: requestId('agent-missing') } });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('PRECHECK_FAILED');
    expect(writesSince(h)).toBe(0);
    const noScan = birthBody(undefined, { agent: AGENT });
    noScan.supplied.push({ type: 'agentAuthorization', data: {}, attachments: [] });
    const pre2 = await h.call('POST', '/api/intake/precheck', { token: h.token(TOWN_CLERK), json: noScan });
    expect(pre2.body.notice.issues).toEqual([{ field: 'materials.agentAuthorization', code: 'MISSING_MATERIAL', message: '请提交材料：授权委托书（须附签字的授权委托书扫描件或照片）' }]);
  });

  it('a wrong agent ID number, a missing name and an unknown relation are told at once', async () => {
    const body = birthBody(undefined, { agent: { name: '', idNumber: `${AGENT_ID.slice(0, 17)}${AGENT_ID.endsWith('1') ? '2' : '1'}`, phone: '123', relation: 'friend' } });
    const pre = await h.call('POST', '/api/intake/precheck', { token: h.token(TOWN_CLERK), json: body });
    const fields = pre.body.notice.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['agent.name', 'agent.idNumber', 'agent.phone', 'agent.relation', 'materials.agentAuthorization']));
  });

  it('an agent\'s application: recorded masked on the case and the receipt; ID and phone never in clear at rest', async () => {
    const file = await uploadScan(TOWN_CLERK);
    const body = birthBody(undefined, { agent: AGENT });
    body.supplied.push({ type: 'agentAuthorization', data: { validUntil: '2026-12-31' }, attachments: [file] });
    const r = await h.call('POST', '/api/cases', { token: h.token(TOWN_CLERK), json: { ...body, requestId: requestId('agent') } });
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(201);
    const agent = {
      name: '王*国', idNumber: `${AGENT_ID.slice(0, 4)}**********${AGENT_ID.slice(-4)}`, phone: '139****5566', relation: 'relative', relationLabel: '亲属', authorization: { files: 1 },
    };
    expect(r.body.case.agent).toEqual(agent);
    expect(r.body.receipt.agent).toEqual({ ...agent, text: `代办人：王*国 · 亲属 · 身份证 ${agent.idNumber}` });
    expect(r.body.receipt.servicePoint).toEqual({ name: '宁波市鄞州区姜山镇便民服务中心', level: 'town' });
    const timeline = await h.call('GET', `/api/cases/${r.body.case.id}/timeline`, { token: h.token(TOWN_CLERK) });
    expect(timeline.body.events.find((e: { action: string }) => e.action === 'accept').detail.agent).toBe('relative');
    // the agent's record is an audit record of its own, named for the auditor
    const trail = await h.call('GET', `/api/audit/cases/${r.body.case.id}`, { token: h.token(AUDITOR) });
    expect(trail.body.records.filter((x: { action: string }) => x.action === 'agentApplication')).toEqual([expect.objectContaining({
      actor: expect.objectContaining({ id: TOWN_CLERK }), data: ['agent:agentName,agentIdNumber,agentPhone,agentRelation', 'agentAuthorization:*'], purpose: expect.stringContaining('帮办代办'),
    })]);
    expect(trail.body.names.materials).toMatchObject({ agent: '代办人信息', agentAuthorization: '授权委托书' });
    expect(trail.body.names.fields['agent.agentIdNumber']).toBe('代办人公民身份号码');
    expect(trail.body.chainValid).toBe(true);

    const client = h.ots.client();
    let all = '';
    for (const [t, pk] of [['cases', ['pk', 'row']], ['queues', ['queue', 'due', 'ref']], ['archive', ['subject', 'case']], ['audit', ['pk', 'seq']], ['counters', ['key']]] as const) {
      all += await rawTableText(client as never, t, [...pk], TableStore);
    }
    expect(all).toContain('授权委托书.pdf'); // the rows were really read and inflated
    for (const secret of [AGENT_ID, AGENT_ID.slice(6, 14), AGENT_PHONE]) expect(all).not.toContain(secret);
  });

  it('a village 代办员 is the agent of what they accept (their name masked, no ID asked); the 授权委托书 is still required', async () => {
    const pre = await h.call('POST', '/api/intake/precheck', { token: h.token(VILLAGE_AGENT), json: birthBody() });
    expect(pre.body.notice.issues).toEqual([{ field: 'materials.agentAuthorization', code: 'MISSING_MATERIAL', message: '请提交材料：授权委托书' }]);
    const file = await uploadScan(VILLAGE_AGENT);
    const body = birthBody();
    body.supplied.push({ type: 'agentAuthorization', data: {}, attachments: [file] });
    const accepted = await acceptThroughApi(h, body, VILLAGE_AGENT);
    expect(accepted.view.agent).toMatchObject({ relation: 'villageAgent', relationLabel: '村（社区）代办员', staffId: VILLAGE_AGENT, idNumber: null, phone: null });
    expect(accepted.view.servicePoint).toEqual({ department: 'yinzhou-jiangshan-zoumatang', name: '宁波市鄞州区姜山镇走马塘村代办点', level: 'village' });
    const hall = await acceptThroughApi(h, birthBody());
    expect(accepted.routes).toEqual(hall.routes);
  });
});

describe('ask once: held materials at intake', () => {
  let source: string;
  beforeAll(async () => {
    const supplied = [
      { type: 'projectFiling', data: { filingNumber: '鄞发改备〔2025〕88号', projectCode: PROJECT_CODE, filedOn: '2025-06-10' } },
      { type: 'landTitle', data: { titleNumber: '浙(2025)宁波市鄞州不动产权第0012345号', landAreaSqm: 30000, landUse: '工业用地' } },
      { type: 'designScheme', data: { schemeNumber: 'FA-2025-031', designUnit: '宁波市建筑设计研究院', buildingAreaSqm: 24000 } },
      { type: 'constructionDrawings', data: { drawingSetNumber: 'SGT-2025-077', designUnit: '宁波市建筑设计研究院', sheets: 212 } },
      { type: 'geotechnicalReport', data: { reportNumber: 'KC-2025-019', surveyUnit: '宁波市勘察院' } },
      { type: 'constructionContract', data: { contractNumber: 'HT-2026-005', contractor: '宁波示例建设集团有限公司', contractorCreditCode: acceptanceSupplied.find((m) => m.type === 'constructionContract')?.data.contractorCreditCode ?? '' } },
    ];
    const pre = await acceptThroughApi(h, { bundleId: 'preconstruction', values: preconstructionValues(), chosenOptional: [], supplied: supplied.map((m) => ({ ...m, attachments: [] })) });
    source = pre.caseId;
    const sign = async (who: string, itemId: string, sealId: string, outputs: Record<string, Record<string, string | number>>) => {
      expect((await act(h, who, source, itemId, { type: 'claim' })).status).toBe(200);
      expect((await act(h, who, source, itemId, { type: 'signOff', sealId, outputs })).status).toBe(200);
    };
    const permit = { permitNumber: '建字第330212202600088号', projectName: '年产20万套精密零部件厂房项目', projectCode: PROJECT_CODE, issuedOn: '2026-03-02', buildingAreaSqm: 24000 };
    await sign('yinzhou-naturalResources-signer1', 'planningApproval', 'yinzhou-naturalResources-seal', { planningPermit: permit });
    await sign('yinzhou-housing-signer1', 'drawingReview', 'yinzhou-housing-seal', { drawingReviewCertificate: { certificateNumber: 'TS-2026-0102', projectCode: PROJECT_CODE, issuedOn: '2026-03-02' } });
    await sign('yinzhou-housing-signer1', 'constructionApproval', 'yinzhou-housing-seal', {
      constructionPermit: { permitNumber: '330212202603020101', projectName: permit.projectName, projectCode: PROJECT_CODE, issuedOn: '2026-03-02' },
    });
    expect((await h.call('GET', `/api/cases/${source}`, { token: h.token(CLERK) })).body.case.state).toBe('completed');
  }, 120_000);

  const heldBody = () => ({ bundleId: 'completionAcceptance', values: acceptanceValues(), chosenOptional: [] });

  it('a town clerk gets the held permit with its source case and item; the read is audited on the source case', async () => {
    const r = await h.call('POST', '/api/intake/held', { token: h.token(TOWN_CLERK), json: heldBody() });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.held).toEqual([expect.objectContaining({ type: 'planningPermit', caseId: source, itemId: 'planningApproval', itemName: expect.any(String) })]);
    expect(r.body.held[0].data.permitNumber).toBe('建字第330212202600088号');
    expect(r.body.prefill).toEqual({});
    const trail = await h.call('GET', `/api/audit/cases/${source}`, { token: h.token(AUDITOR) });
    const reads = (trail.body.records as { action: string; actor: { id: string }; data: string[]; purpose: string }[]).filter((x) => x.action === 'archiveRead' && x.actor.id === TOWN_CLERK);
    expect(reads).toEqual([expect.objectContaining({ data: ['planningPermit:*'], purpose: expect.stringContaining('调取档案') })]);
  });

  it('staff who may not intake get 403; a district that has not joined gets 400; a mistyped number looks nothing up', async () => {
    h.ots.server.resetCounters();
    const handler = await h.call('POST', '/api/intake/held', { token: h.token('yinzhou-housing-handler1'), json: heldBody() });
    expect(handler.status).toBe(403);
    const other = await h.call('POST', '/api/intake/held', { token: h.token('jiangbei-serviceCenter-clerk1'), json: heldBody() });
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('DISTRICT_NOT_JOINED');
    const bad = await h.call('POST', '/api/intake/held', { token: h.token(CLERK), json: { ...heldBody(), values: { ...acceptanceValues(), enterpriseCreditCode: '91330212MA2H3K5Q8X' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(writesSince(h)).toBe(0);
  });
});
