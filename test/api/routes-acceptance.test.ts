// 竣工联合验收 with the joint-acceptance engine, through HTTP on the real service and tablestore-local: an industrial
// project in 鄞州 where 住建 and 综合执法 of four departments find defects on site — the window schedules the site
// visit (a work notice and a to-do per department, once), each department confirms, opinions are signed on the spot
// (the signature verifies with the seal's public key), ONE consolidated notice lists both departments' defects, the
// rectification is recorded, exactly those two re-inspect (the other two untouched), the 审管办 signs the joint
// opinion and the case completes within 10 + paused working days; a housing project promises 15; a re-inspection
// that runs past its limit raises the warning and the overdue escalation; every route refuses another district,
// another department, a handler signing, a notice too early, a stale version and bad input, changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opinionPayload, type Opinion } from '../../functions/core/acceptance';
import { verifyPayload, payloadDigest } from '../../functions/core/signing';
import { createOtsClient } from '../../functions/store/client';
import { PiiCipher } from '../../functions/store/pii';
import { SealKeys } from '../../functions/store/sealKeys';
import {
  ACCEPTANCE_DEPTS as DEPTS, ACCEPTANCE_HANDLER as HANDLER, ACCEPTANCE_SEAL as SEAL, ACCEPTANCE_SIGNER as SIGNER,
  acceptanceOutputs, acceptanceSupplied, acceptanceValues, CREDIT_CODE, PROJECT_CODE, WATER_VALUES,
} from '../core/enterpriseFixtures';
import { acceptThroughApi, act, CLERK, writesSince, type AcceptedCase } from './fixtures';
import { KEYS, startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;


const at = (day: string) => `${day}T02:00:00.000Z`; // 10:00 in Asia/Shanghai

const body = (over = {}) => ({
  bundleId: 'completionAcceptance',
  values: acceptanceValues({ ...WATER_VALUES, ...over }),
  chosenOptional: ['waterConservationCheck'],
  supplied: acceptanceSupplied.map((m) => ({ type: m.type, data: { ...m.data }, attachments: [] })),
});

const acceptance = async (caseId: string, who = CLERK) => h.call('GET', `/api/cases/${caseId}/acceptance`, { token: h.token(who) });
const version = async (caseId: string) => (await acceptance(caseId)).body.acceptance.version as number;
const post = (caseId: string, path: string, json: unknown, who = CLERK) => h.call('POST', `/api/cases/${caseId}/${path}`, { token: h.token(who), json });
const subTask = async (caseId: string, itemId: string) => (await h.call('GET', `/api/subtasks/${caseId}/${itemId}`, { token: h.token(SIGNER[itemId]) })).body.subTask;

async function ok(r: Promise<{ status: number; body: any }>) {
  const a = await r;
  expect(a.status, JSON.stringify(a.body).slice(0, 400)).toBe(200);
  return a.body;
}

/** The attachment reads audited on the current case (an auditor reads the trail). */
async function auditReads(): Promise<{ actor: { id: string }; data: string[] }[]> {
  const r = await h.call('GET', `/api/audit/cases/${current}`, { token: h.token('yinzhou-serviceCenter-auditor1') });
  expect(r.status).toBe(200);
  return r.body.records.filter((x: { action: string }) => x.action === 'attachmentRead');
}

async function claimAll(caseId: string) {
  for (const item of DEPTS) await ok(act(h, SIGNER[item], caseId, item, { type: 'claim' }));
}

/** The case the current describe block works on. */
let current = '';
const pass = (item: string, opinion = '现场查验合格') => ok(act(h, SIGNER[item], current, item, { type: 'recordOpinion', sealId: SEAL[item], result: 'pass', opinion }));

async function finishJoint(caseId: string) {
  await ok(act(h, SIGNER.jointOpinion, caseId, 'jointOpinion', { type: 'claim' }));
  await ok(act(h, SIGNER.jointOpinion, caseId, 'jointOpinion', { type: 'signOff', sealId: SEAL.jointOpinion, outputs: acceptanceOutputs.jointOpinion }));
}

beforeAll(async () => {
  h = await startRouteHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('an industrial project: two of four departments find defects', () => {
  let accepted: AcceptedCase;
  let caseId: string;
  const PHOTO = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('site photo of the fire door')]);
  let photo = '';
  let rectified = '';

  it('is accepted with a 10-working-day promise; the window is told to schedule the site visit', async () => {
    h.setNow(at('2026-03-02'));
    accepted = await acceptThroughApi(h, body());
    caseId = accepted.caseId;
    current = caseId;
    await claimAll(caseId);
    const view = (await acceptance(caseId)).body.acceptance;
    expect(view.promise).toEqual({ date: '2026-03-16', provisional: false, days: 10, pausedDays: 0, paused: false });
    expect(view.next).toBe('安排联合现场踏勘，通知各部门');
    expect(view.departments.map((d: { itemId: string }) => d.itemId)).toEqual([...DEPTS]);
  });

  it('the window schedules the site visit: every department gets one work notice and its claimer one to-do, and confirms', async () => {
    const notices = h.notifier.notices.length;
    const todos = h.notifier.todos.length;
    const r = await ok(post(caseId, 'site-visit', { date: '2026-03-04', time: '09:30', place: '鄞州区姜山镇项目现场东门', note: '请携带执法记录仪', expectedVersion: await version(caseId) }));
    expect(r.acceptance.siteVisit).toMatchObject({ date: '2026-03-04', time: '09:30', place: '鄞州区姜山镇项目现场东门', note: '请携带执法记录仪', scheduledBy: CLERK, confirmations: [] });
    await h.drain(caseId); // a second delivery changes nothing
    const sent = h.notifier.notices.slice(notices).filter((n) => n.template === 'siteVisitScheduled');
    expect(sent.map((n) => n.itemId).sort()).toEqual([...DEPTS].sort());
    const created = h.notifier.todos.slice(todos).filter((t) => t.title.startsWith('联合现场踏勘'));
    expect(created.map((t) => t.assignee.id).sort()).toEqual(DEPTS.map((d) => SIGNER[d]).sort());
    expect(created.every((t) => t.dueDate === '2026-03-04')).toBe(true);
    const finished = h.notifier.finished.length;
    for (const item of DEPTS) await ok(act(h, HANDLER[item], caseId, item, { type: 'confirmSiteVisit' }));
    const again = await act(h, HANDLER.housingAcceptance, caseId, 'housingAcceptance', { type: 'confirmSiteVisit' });
    expect(again.status).toBe(409);
    expect(h.notifier.finished.length - finished).toBe(4);
    const view = (await acceptance(caseId)).body.acceptance;
    expect(view.siteVisit.confirmations.map((c: { itemId: string; by: string }) => [c.itemId, c.by])).toEqual(DEPTS.map((d) => [d, HANDLER[d]]));
    expect(view.next).toBe('等待住建单项验收、规划核实、综合行政执法单项验收、水土保持设施验收核查出具单项验收意见');
  });

  it('opinions are signed on site; a notice before every opinion is in is refused (409) with nothing changed', async () => {
    h.setNow(at('2026-03-04'));
    const up = await h.call('POST', `/api/subtasks/${caseId}/housingAcceptance/attachments`, {
      token: h.token(SIGNER.housingAcceptance), body: PHOTO, headers: { 'content-type': 'image/png', 'x-file-name': encodeURIComponent('防火门.png') },
    });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    photo = up.body.attachment.sha256;
    const housing = await ok(act(h, SIGNER.housingAcceptance, caseId, 'housingAcceptance', {
      type: 'recordOpinion', sealId: SEAL.housingAcceptance, result: 'defects', opinion: '消防设施存在问题，整改后复验',
      defects: [
        { description: '二层防火门闭门器缺失', rule: 'GB 50016-2014 第6.5.1条', photos: [photo] },
        { description: '消防车道被临时材料占用', rule: 'GB 50016-2014 第7.1.8条' },
      ],
    }));
    expect(housing.subTask.state).toBe('returned');
    // the window sees it in its 待补正 list but cannot resubmit it as an ordinary correction: the rectification goes through the notice
    const asClerk = await h.call('GET', `/api/subtasks/${caseId}/housingAcceptance`, { token: h.token(CLERK) });
    expect(asClerk.body.subTask.actions).not.toContain('resubmit');
    const asSigner = await subTask(caseId, 'planningVerification');
    expect(asSigner.actions).toEqual(expect.arrayContaining(['recordOpinion']));
    expect(asSigner.actions).not.toContain('signOff');
    await pass('planningVerification');
    const v = await version(caseId);
    h.ots.server.resetCounters();
    const early = await post(caseId, 'rectification-notice', { expectedVersion: v });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('INVALID_TRANSITION');
    expect(early.body.message).toContain('尚有部门未出具本轮验收意见');
    expect(writesSince(h), 'nothing written').toBe(0);
    await ok(act(h, SIGNER.enforcementAcceptance, caseId, 'enforcementAcceptance', {
      type: 'recordOpinion', sealId: SEAL.enforcementAcceptance, result: 'defects',
      defects: [{ description: '施工临时围挡未拆除', rule: '《宁波市市容和环境卫生管理条例》第二十条' }],
    }));
    await pass('waterConservationCheck');
    const view = (await acceptance(caseId)).body.acceptance;
    const byItem = Object.fromEntries(view.departments.map((d: { itemId: string }) => [d.itemId, d]));
    expect(byItem.housingAcceptance.state).toBe('returned');
    expect(byItem.housingAcceptance.opinions[0].defects.map((d: { id: string; state: string }) => [d.id, d.state])).toEqual([['D1-1', 'open'], ['D1-2', 'open']]);
    expect(byItem.planningVerification.state).toBe('done');
    expect(byItem.waterConservationCheck.opinions[0]).toMatchObject({ round: 1, result: 'pass', opinion: '现场查验合格', sealName: '宁波市鄞州区水利局审批专用章' });
    expect(view.next).toBe('各部门意见已齐，发出一次性整改告知书');
  });

  it("each opinion's signature verifies with the seal's public key over the opinion it shows", async () => {
    const view = (await acceptance(caseId)).body.acceptance;
    const { url, instance, accessKeyId, accessKeySecret } = h.ots.server;
    const client = createOtsClient({ OTS_ENDPOINT: url, OTS_INSTANCE: instance, OTS_ACCESS_KEY_ID: accessKeyId, OTS_ACCESS_KEY_SECRET: accessKeySecret });
    const keys = new SealKeys(client, new PiiCipher(KEYS));
    for (const d of view.departments) {
      const o = d.opinions[0];
      const opinion: Opinion = {
        round: o.round, result: o.result, opinion: o.opinion, signedBy: o.signedBy, sealId: o.sealId, at: o.at, seal: null,
        defects: o.defects.map((x: { id: string; description: string; rule: string; photos: string[] }) => ({
          id: x.id, description: x.description, rule: x.rule, photos: x.photos,
        })),
      };
      const payload = opinionPayload({ caseId, bundleId: 'completionAcceptance', bundleVersion: 1, itemId: d.itemId, department: d.department, district: '330212', opinion });
      const pub = await keys.publicKey(o.keyId);
      expect(payloadDigest(payload)).toBe(o.digest);
      expect(verifyPayload(payload, o.signature, pub?.publicKeyPem ?? ''), d.itemId).toBe(true);
      expect(verifyPayload(payload.replace('"round":1', '"round":2'), o.signature, pub?.publicKeyPem ?? '')).toBe(false);
    }
  });

  it('one consolidated notice lists both departments\' defects; the case clock pauses', async () => {
    const r = await ok(post(caseId, 'rectification-notice', { expectedVersion: await version(caseId) }));
    const view = r.acceptance;
    expect(view.notices).toHaveLength(1);
    expect(view.notices[0]).toMatchObject({ number: `${caseId}-ZG1`, round: 1, issuedBy: CLERK });
    expect(view.notices[0].defects.map((d: { id: string; departmentName: string; rule: string; photos: string[] }) => [d.departmentName, d.id, d.rule, d.photos])).toEqual([
      ['宁波市鄞州区住房和城乡建设局', 'D1-1', 'GB 50016-2014 第6.5.1条', [photo]],
      ['宁波市鄞州区住房和城乡建设局', 'D1-2', 'GB 50016-2014 第7.1.8条', []],
      ['宁波市鄞州区综合行政执法局', 'D1-1', '《宁波市市容和环境卫生管理条例》第二十条', []],
    ]);
    expect(view.promise).toMatchObject({ paused: true, pausedDays: 0 });
    expect(view.next).toBe('等待企业整改；整改完成后登记整改报告，有问题的部门复验');
    const again = await post(caseId, 'rectification-notice', { expectedVersion: view.version });
    expect(again.status).toBe(409);
  });

  it("the window, supervisors and auditors download exactly the notice's photos (audited); another file of the sub-task and another district stay refused", async () => {
    const other = await h.call('POST', `/api/subtasks/${caseId}/housingAcceptance/attachments`, {
      token: h.token(SIGNER.housingAcceptance), body: Buffer.concat([PHOTO.subarray(0, 8), Buffer.from('internal inspection sheet')]),
      headers: { 'content-type': 'image/png', 'x-file-name': encodeURIComponent('内部检查表.png') },
    });
    expect(other.status).toBe(201);
    const download = (who: string, sha: string, itemId = 'housingAcceptance') =>
      h.call('GET', `/api/attachments/${sha}?caseId=${caseId}&itemId=${itemId}`, { token: h.token(who) });
    const readsBefore = await auditReads();
    for (const who of [CLERK, 'yinzhou-serviceCenter-supervisor1', 'yinzhou-serviceCenter-auditor1']) {
      const r = await download(who, photo);
      expect(r.status, `${who}: ${JSON.stringify(r.body).slice(0, 200)}`).toBe(200);
      expect(r.headers.get('content-disposition')).toContain(encodeURIComponent('防火门.png'));
    }
    const reads = (await auditReads()).slice(readsBefore.length);
    expect(reads.map((x) => x.actor.id)).toEqual([CLERK, 'yinzhou-serviceCenter-supervisor1', 'yinzhou-serviceCenter-auditor1']);
    expect(reads.every((x) => x.data.includes(`attachment:${photo}`) && x.data.includes('defect'))).toBe(true);
    for (const [who, sha, itemId] of [
      [CLERK, other.body.attachment.sha256, 'housingAcceptance'], // a file of the sub-task no defect names
      [CLERK, photo, 'enforcementAcceptance'], // the photo is not a defect of that department
      ['haishu-serviceCenter-clerk1', photo, 'housingAcceptance'], // another district's window
      [HANDLER.planningVerification, photo, 'housingAcceptance'], // another department
    ]) {
      const r = await download(who, sha, itemId);
      expect(r.status, `${who} ${itemId}`).toBe(403);
      expect(r.body).toMatchObject({ code: 'FORBIDDEN' });
      expect(r.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await auditReads()).toHaveLength(readsBefore.length + 3);
  });

  it('the rectification is recorded: the promise moves by the 3 paused working days and exactly the two departments re-inspect', async () => {
    h.setNow(at('2026-03-09'));
    const before = Object.fromEntries(await Promise.all(DEPTS.map(async (d) => [d, (await subTask(caseId, d)).version])));
    // the enterprise's rectification photo, uploaded by the window as its own upload (POST /api/intake/attachments)
    const upload = async (who: string, bytes: Buffer<ArrayBuffer>) => {
      const up = await h.call('POST', '/api/intake/attachments', { token: h.token(who), body: bytes, headers: { 'content-type': 'image/png', 'x-file-name': encodeURIComponent('整改后.png') } });
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      return up.body.attachment.sha256 as string;
    };
    rectified = await upload(CLERK, Buffer.concat([PHOTO.subarray(0, 8), Buffer.from('closer installed on the fire door')]));
    const byOtherClerk = await upload('yinzhou-serviceCenter-clerk2', Buffer.concat([PHOTO.subarray(0, 8), Buffer.from('another clerk')]));
    // a made-up hash, another clerk's upload, a department's site photo (not this clerk's upload): 400, nothing changed
    const report = '已安装闭门器、清理消防车道、拆除临时围挡，附整改照片';
    for (const attachments of [['e'.repeat(64)], [byOtherClerk], [photo], [rectified, byOtherClerk]]) {
      const v = await version(caseId);
      const seen = (await acceptance(caseId)).body;
      h.ots.server.resetCounters();
      const refused = await post(caseId, 'rectification', { report, attachments, expectedVersion: v });
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.message).toBe('整改附件未上传或不是您上传的，请重新上传');
      expect(refused.body.issues[0]).toMatchObject({ code: 'ATTACHMENT_NOT_UPLOADED' });
      expect(writesSince(h), 'nothing written').toBe(0);
      expect((await acceptance(caseId)).body).toEqual(seen);
    }
    // …or a file the window added to the sub-task of a department with open defects (the page's way)
    const filed = await h.call('POST', `/api/subtasks/${caseId}/enforcementAcceptance/attachments`, {
      token: h.token(CLERK), body: Buffer.concat([PHOTO.subarray(0, 8), Buffer.from('fence removed')]), headers: { 'content-type': 'image/png', 'x-file-name': encodeURIComponent('围挡已拆除.png') },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const r = await ok(post(caseId, 'rectification', { report, attachments: [rectified, filed.body.attachment.sha256], expectedVersion: await version(caseId) }));
    expect(r.acceptance.rectifications).toEqual([{ round: 1, at: at('2026-03-09'), by: CLERK, report, attachments: [rectified, filed.body.attachment.sha256] }]);
    // the rectification's files: read by the re-inspecting department (and the window), not by another district
    const file = (who: string, sha: string, itemId: string) => h.call('GET', `/api/attachments/${sha}?caseId=${caseId}&itemId=${itemId}`, { token: h.token(who) });
    const seen = await file(HANDLER.housingAcceptance, rectified, 'housingAcceptance');
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.headers.get('content-type')).toBe('image/png');
    expect((await file(CLERK, filed.body.attachment.sha256, 'enforcementAcceptance')).status).toBe(200);
    expect((await file('haishu-serviceCenter-clerk1', rectified, 'housingAcceptance')).status).toBe(403);
    // paused: the days after the notice (Wed 4 March) up to and including the record (Mon 9 March): 5, 6, 9 March
    expect(r.acceptance.promise).toEqual({ date: '2026-03-19', provisional: false, days: 10, pausedDays: 3, paused: false });
    expect(r.acceptance.rounds).toBe(2);
    const after = Object.fromEntries(await Promise.all(DEPTS.map(async (d) => [d, await subTask(caseId, d)])));
    expect(after.housingAcceptance.state).toBe('claimed');
    expect(after.enforcementAcceptance.state).toBe('claimed');
    expect(after.planningVerification).toMatchObject({ state: 'done', version: before.planningVerification });
    expect(after.waterConservationCheck).toMatchObject({ state: 'done', version: before.waterConservationCheck });
    expect(r.acceptance.next).toBe('等待住建单项验收、综合行政执法单项验收出具复验意见');
  });

  it('re-inspection: a pass closes all of a department\'s defects; the joint opinion then completes the case within the limit', async () => {
    h.setNow(at('2026-03-10'));
    await pass('housingAcceptance', '整改到位，复验合格');
    await pass('enforcementAcceptance', '围挡已拆除');
    const view = (await acceptance(caseId)).body.acceptance;
    const housing = view.departments.find((d: { itemId: string }) => d.itemId === 'housingAcceptance');
    expect(housing.opinions.map((o: { round: number; result: string }) => [o.round, o.result])).toEqual([[1, 'defects'], [2, 'pass']]);
    expect(housing.opinions[0].defects.every((d: { state: string }) => d.state === 'closed')).toBe(true);
    expect(view.next).toBe('各部门均已合格，由审管办出具联合验收意见书');
    await finishJoint(caseId);
    const done = (await acceptance(caseId)).body.acceptance;
    expect(done.state).toBe('completed');
    expect(done.next).toBe('联合验收已办结');
    expect(done.jointOpinion.references.map((x: { itemId: string; round: number }) => [x.itemId, x.round])).toEqual([
      ['housingAcceptance', 2], ['planningVerification', 1], ['enforcementAcceptance', 2], ['waterConservationCheck', 1],
    ]);
    expect(done.jointOpinion.references.every((x: { digest: string | null }) => typeof x.digest === 'string')).toBe(true);
    const c = (await h.call('GET', `/api/cases/${caseId}`, { token: h.token(CLERK) })).body.case;
    expect(c.state).toBe('completed');
    expect(c.due.date).toBe('2026-03-19');
  });

  it("the enterprise's and the project's archives hold the notice with its defects and the joint opinion, each once", async () => {
    await h.drain(caseId); // a second delivery files nothing twice
    for (const query of [{ creditCode: CREDIT_CODE }, { projectCode: PROJECT_CODE }]) {
      const r = await h.call('POST', '/api/archive/search', { token: h.token(CLERK), json: { ...query, purpose: '竣工验收档案核查' } });
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
      const mine = r.body.materials.filter((m: { caseId: string }) => m.caseId === caseId);
      const notices = mine.filter((m: { type: string }) => m.type === 'rectificationNotice');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({
        name: '一次性整改告知书', itemId: 'jointOpinion', seal: null, signatureValid: false,
        fields: { number: `${caseId}-ZG1`, round: 1, defects: 3, departments: '宁波市鄞州区住房和城乡建设局、宁波市鄞州区综合行政执法局' },
      });
      type Listed = { number: number; departmentName: string; id: string; description: string; photos: string[] };
      expect(notices[0].defects.map((d: Listed) => [d.number, d.departmentName, d.id, d.description, d.photos])).toEqual([
        [1, '宁波市鄞州区住房和城乡建设局', 'D1-1', '二层防火门闭门器缺失', [photo]],
        [2, '宁波市鄞州区住房和城乡建设局', 'D1-2', '消防车道被临时材料占用', []],
        [3, '宁波市鄞州区综合行政执法局', 'D1-1', '施工临时围挡未拆除', []],
      ]);
      expect(mine.filter((m: { itemId: string; type: string }) => m.itemId === 'jointOpinion' && m.type !== 'rectificationNotice')).toEqual([
        expect.objectContaining({ signatureValid: true }),
      ]);
    }
  });

  it('a department sees its own part only; another district and another department are refused', async () => {
    const own = await acceptance(caseId, HANDLER.planningVerification);
    expect(own.status).toBe(200);
    expect(own.body.acceptance.departments.map((d: { itemId: string }) => d.itemId)).toEqual(['planningVerification']);
    expect(own.body.acceptance.next).toBeNull();
    for (const who of ['haishu-serviceCenter-clerk1', 'haishu-housing-signer1', 'yinzhou-housingFund-signer1']) {
      const r = await acceptance(caseId, who);
      expect(r.status, who).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
    }
  });
});

describe('a housing project', () => {
  it('promises 15 working days; the joint opinion waits for every chosen department, the optional 水利 too', async () => {
    h.setNow(at('2026-03-02'));
    const dry = await h.call('POST', '/api/admin/bundles/completionAcceptance/versions/1/dryrun', {
      token: h.token('yinzhou-serviceCenter-admin1'),
      json: { values: body({ projectClass: 'housing' }).values, chosenOptional: ['waterConservationCheck'], acceptingDistrict: '330212', supplied: acceptanceSupplied.map((m) => m.type) },
    });
    expect(dry.status, JSON.stringify(dry.body).slice(0, 300)).toBe(200);
    expect(dry.body.promisedDue).toEqual({ date: '2026-03-23', provisional: false });
    const { caseId } = await acceptThroughApi(h, body({ projectClass: 'housing' }));
    current = caseId;
    expect((await acceptance(caseId)).body.acceptance.promise).toMatchObject({ date: '2026-03-23', days: 15 });
    await claimAll(caseId);
    await ok(post(caseId, 'site-visit', { date: '2026-03-03', time: '14:00', place: '鄞州区首南街道住宅项目', expectedVersion: await version(caseId) }));
    h.setNow(at('2026-03-03'));
    for (const item of DEPTS.slice(0, 3)) await pass(item);
    await ok(act(h, SIGNER.jointOpinion, caseId, 'jointOpinion', { type: 'claim' }));
    const early = await act(h, SIGNER.jointOpinion, caseId, 'jointOpinion', { type: 'signOff', sealId: SEAL.jointOpinion, outputs: acceptanceOutputs.jointOpinion });
    expect(early.status).toBe(409);
    expect(early.body).toEqual({ code: 'INVALID_TRANSITION', message: '尚有部门未出具合格的单项验收意见：水土保持设施验收核查' });
    await pass('waterConservationCheck');
    const noDefects = await post(caseId, 'rectification-notice', { expectedVersion: await version(caseId) });
    expect(noDefects.status).toBe(409);
    expect(noDefects.body.message).toBe('没有待整改的问题，无需发出整改通知');
    await ok(act(h, SIGNER.jointOpinion, caseId, 'jointOpinion', { type: 'signOff', sealId: SEAL.jointOpinion, outputs: acceptanceOutputs.jointOpinion }));
    const view = (await acceptance(caseId)).body.acceptance;
    expect(view.state).toBe('completed');
    expect(view.promise).toMatchObject({ date: '2026-03-23', pausedDays: 0 });
  });
});

describe('a re-inspection that runs past its limit', () => {
  it('raises the warning, then the overdue escalation to the supervisors', async () => {
    h.setNow(at('2026-03-02'));
    const { caseId } = await acceptThroughApi(h, body());
    current = caseId;
    await claimAll(caseId);
    await ok(post(caseId, 'site-visit', { date: '2026-03-04', time: '09:00', place: '项目现场', expectedVersion: await version(caseId) }));
    h.setNow(at('2026-03-04'));
    await ok(act(h, SIGNER.housingAcceptance, caseId, 'housingAcceptance', {
      type: 'recordOpinion', sealId: SEAL.housingAcceptance, result: 'defects', defects: [{ description: '人防门未安装', rule: '人防工程施工及验收规范' }],
    }));
    for (const item of DEPTS.slice(1)) await pass(item);
    await ok(post(caseId, 'rectification-notice', { expectedVersion: await version(caseId) }));
    h.setNow(at('2026-03-05'));
    await ok(post(caseId, 'rectification', { report: '人防门已安装', expectedVersion: await version(caseId) }));
    // 5 working days from 2 March with 5 March (the rectification day, within the pause) not counted: due 10 March
    expect((await subTask(caseId, 'housingAcceptance')).clock).toMatchObject({ due: { date: '2026-03-10' } });
    const seen = h.notifier.notices.length;
    await h.services.sweep(at('2026-03-09'));
    await h.services.sweep(at('2026-03-11'));
    const raised = h.notifier.notices.slice(seen).filter((n) => n.caseId === caseId && n.itemId === 'housingAcceptance');
    expect(raised.map((n) => n.template)).toEqual(['clockWarning', 'clockOverdue', 'clockOverdue']);
    expect(raised[2].recipients.map((s) => s.roles.includes('supervisor'))).toContain(true);
  });
});

describe('refusals change nothing', () => {
  let caseId: string;
  beforeAll(async () => {
    h.setNow(at('2026-03-02'));
    caseId = (await acceptThroughApi(h, body())).caseId;
    current = caseId;
    await claimAll(caseId);
    await ok(post(caseId, 'site-visit', { date: '2026-03-04', time: '09:30', place: '项目现场', expectedVersion: await version(caseId) }));
  });

  /** A command by `who` at the version the department's signer reads (someone refused may not read it). */
  async function actAs(who: string, itemId: string, command: Record<string, unknown>) {
    const v = (await subTask(caseId, itemId)).version;
    return h.call('POST', `/api/subtasks/${caseId}/${itemId}/actions`, { token: h.token(who), json: { command, expectedVersion: v } });
  }

  async function refused(r: Promise<{ status: number; body: any }>, status: number, code: string) {
    const before = await acceptance(caseId);
    h.ots.server.resetCounters();
    const a = await r;
    expect(a.status, JSON.stringify(a.body).slice(0, 300)).toBe(status);
    expect(a.body.code).toBe(code);
    expect(a.body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(writesSince(h), 'nothing written').toBe(0);
    expect((await acceptance(caseId)).body).toEqual(before.body);
  }

  it('another district, another department, a handler signing, a stale version and bad input', async () => {
    const v = await version(caseId);
    const visit = { date: '2026-03-04', time: '09:30', place: '项目现场', expectedVersion: v };
    await refused(post(caseId, 'site-visit', visit, 'haishu-serviceCenter-clerk1'), 403, 'FORBIDDEN');
    await refused(post(caseId, 'site-visit', visit, 'yinzhou-housing-signer1'), 403, 'FORBIDDEN');
    await refused(post(caseId, 'rectification-notice', { expectedVersion: v }, 'haishu-serviceCenter-clerk1'), 403, 'FORBIDDEN');
    await refused(post(caseId, 'rectification', { report: '已整改', expectedVersion: v }, 'yinzhou-naturalResources-signer1'), 403, 'FORBIDDEN');
    await refused(post(caseId, 'site-visit', { ...visit, expectedVersion: v - 1 }), 409, 'CONFLICT');
    await refused(post(caseId, 'site-visit', { ...visit, time: '9点半' }), 400, 'INVALID_BODY');
    await refused(post(caseId, 'site-visit', { ...visit, date: '2026-02-27' }), 400, 'VALIDATION_FAILED');
    await refused(post(caseId, 'rectification', { report: '已整改', expectedVersion: v }), 409, 'INVALID_TRANSITION');
    await refused(post(caseId, 'rectification', { expectedVersion: v }), 400, 'INVALID_BODY');
    const opinion = { type: 'recordOpinion', sealId: SEAL.housingAcceptance, result: 'pass' };
    await refused(act(h, 'yinzhou-housing-handler1', caseId, 'housingAcceptance', opinion), 403, 'FORBIDDEN');
    await refused(actAs('haishu-housing-signer1', 'housingAcceptance', opinion), 403, 'FORBIDDEN');
    await refused(actAs('yinzhou-naturalResources-handler1', 'housingAcceptance', { type: 'confirmSiteVisit' }), 403, 'FORBIDDEN');
    await refused(act(h, 'yinzhou-naturalResources-signer1', caseId, 'planningVerification', { ...opinion, sealId: SEAL.housingAcceptance }), 403, 'FORBIDDEN');
    await refused(act(h, SIGNER.housingAcceptance, caseId, 'housingAcceptance', { ...opinion, result: 'defects' }), 400, 'VALIDATION_FAILED');
    await refused(act(h, SIGNER.housingAcceptance, caseId, 'housingAcceptance', { ...opinion, result: 'defects', defects: [{ description: '问题', rule: '' }] }), 400, 'VALIDATION_FAILED');
    const notUploaded = { ...opinion, result: 'defects', defects: [{ description: '墙面开裂', rule: '规范第3条', photos: ['b'.repeat(64)] }] };
    await refused(act(h, SIGNER.housingAcceptance, caseId, 'housingAcceptance', notUploaded), 400, 'VALIDATION_FAILED');
    await refused(act(h, SIGNER.housingAcceptance, caseId, 'housingAcceptance', { type: 'noteSiteVisit', date: '2026-03-04', time: '09:30', place: 'x' }), 400, 'INVALID_BODY');
    await refused(act(h, SIGNER.housingAcceptance, caseId, 'housingAcceptance', { type: 'signOff', sealId: SEAL.housingAcceptance, outputs: acceptanceOutputs.housingAcceptance }), 409, 'INVALID_TRANSITION');
    await refused(actAs(SIGNER.housingAcceptance, 'housingAcceptance', { type: 'confirmSiteVisit', extra: 1 }), 400, 'INVALID_BODY');
  });
});
