/**
 * 身后一件事 across districts, through the local stack: a person died in 海曙, is registered (户籍) in 鄞州
 * and insured (参保) in 江北. A 海曙 window accepts; each sub-task goes to the department of the right
 * district — death certificate and cremation in 海曙, household cancellation in 鄞州, pension and medical
 * account settlement in 江北 — and the materials travel between districts through the dispatcher until
 * the case completes. Staff of one district never see another district's sub-tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathValues, sampleOutputs, DECEASED_ID } from '../core/fixtures';
import { datedNow, eventually, FULL_ID, inbox, login, resetLoginCache, shanghaiDay, startScenarioStack, type ScenarioStack, type StaffClient } from './support';

let s: ScenarioStack;
const staff: Record<string, StaffClient> = {};
let caseId = '';

const DEATH_DAY = shanghaiDay(-4);
const DEATH_TIME = `${DEATH_DAY}T21:10:00+08:00`;
const values = deathValues({ deathTime: DEATH_TIME });

const WHO = {
  clerk: 'haishu-serviceCenter-clerk1',
  healthHandler: 'haishu-health-handler1',
  healthSigner: 'haishu-health-signer1',
  civilHandler: 'haishu-civilAffairs-handler1',
  civilSigner: 'haishu-civilAffairs-signer1',
  policeHandler: 'yinzhou-police-handler1',
  policeSigner: 'yinzhou-police-signer1',
  hrssHandler: 'jiangbei-hrss-handler1',
  hrssSigner: 'jiangbei-hrss-signer1',
  hrssSigner2: 'jiangbei-hrss-signer2',
  miHandler: 'jiangbei-medicalInsurance-handler1',
  miSigner: 'jiangbei-medicalInsurance-signer1',
  miSigner2: 'jiangbei-medicalInsurance-signer2',
  haishuPolice: 'haishu-police-handler1',
  yinzhouHrss: 'yinzhou-hrss-handler1',
  jiangbeiSupervisor: 'jiangbei-serviceCenter-supervisor1',
} as const;

const out = (type: keyof typeof sampleOutputs) => ({ [type]: datedNow({ ...sampleOutputs[type] }, DEATH_TIME) });
const subTaskPath = (itemId: string) => `/api/subtasks/${caseId}/${itemId}`;
const waitState = (who: StaffClient, itemId: string, state: string) =>
  eventually(`${itemId} becomes ${state}`, async () => (await who.read(subTaskPath(itemId))).subTask.state as string, (v) => v === state);

async function work(itemId: string, handler: StaffClient, signer: StaffClient, seal: string, outputs: Record<string, unknown>, countersigner?: StaffClient) {
  await waitState(handler, itemId, 'ready');
  await handler.act(caseId, itemId, { type: 'claim' });
  const signed = await signer.act(caseId, itemId, { type: 'signOff', sealId: seal, outputs });
  if (countersigner) {
    expect(signed.state).toBe('countersigning');
    await countersigner.act(caseId, itemId, { type: 'countersign', sealId: seal, opinion: '同意' });
  } else {
    expect(signed.state).toBe('done');
  }
}

beforeAll(async () => {
  resetLoginCache();
  s = await startScenarioStack('death');
  for (const [key, id] of Object.entries(WHO)) staff[key] = await login(s.base, id);
}, 240_000);

afterAll(async () => {
  await s?.stop();
});

describe('身后一件事: died in 海曙, registered in 鄞州, insured in 江北', () => {
  it('a 海曙 window accepts, and each sub-task is routed to the right district', async () => {
    const accepted = await staff.clerk.post('/api/cases', { bundleId: 'death', values, chosenOptional: [], supplied: [], requestId: `death-scenario-${Date.now()}` });
    expect(accepted.status, JSON.stringify(accepted.body).slice(0, 500)).toBe(201);
    caseId = accepted.body.case.id;
    const routes = Object.fromEntries(accepted.body.case.subTasks.map((t: { itemId: string; district: string; department: string; districtName: string }) => [t.itemId, `${t.districtName} ${t.department}`]));
    expect(routes).toEqual({
      deathCertificate: '海曙区 haishu-health',
      cremation: '海曙区 haishu-civilAffairs',
      householdCancellation: '鄞州区 yinzhou-police',
      pensionSettlement: '江北区 jiangbei-hrss',
      medicalAccountSettlement: '江北区 jiangbei-medicalInsurance',
    });
    // the printed receipt names the district of every item
    expect(accepted.body.receipt.items.map((i: { district: string }) => i.district).sort()).toEqual(['江北区', '江北区', '海曙区', '海曙区', '鄞州区']);
  });

  it('staff of the same kind of department in another district are refused (403)', async () => {
    expect((await staff.haishuPolice.get(subTaskPath('householdCancellation'))).status).toBe(403);
    expect((await staff.yinzhouHrss.get(subTaskPath('pensionSettlement'))).status).toBe(403);
    expect((await staff.policeHandler.get(subTaskPath('deathCertificate'))).status).toBe(403);
  });

  it('海曙 卫健 signs the death certificate; it travels to 海曙 民政 and 鄞州 公安', async () => {
    await work('deathCertificate', staff.healthHandler, staff.healthSigner, 'haishu-health-seal', out('deathMedicalCertificate'));
    await waitState(staff.civilHandler, 'cremation', 'ready');
    await waitState(staff.policeHandler, 'householdCancellation', 'ready');
    const { subTask } = await staff.policeHandler.read(subTaskPath('householdCancellation'));
    expect(subTask.district).toBe('330212');
    expect(Object.keys(subTask.inputs.deathMedicalCertificate).sort()).toEqual(['certificateNumber', 'deathTime', 'deceasedIdNumber', 'deceasedName', 'issuedBy']);
    expect(subTask.inputs.deathMedicalCertificate).not.toHaveProperty('deathCause'); // not declared by the police item
    expect(subTask.form).not.toHaveProperty('heirBankAccount');
  });

  it('cremation in 海曙 and household cancellation in 鄞州; then 江北 settles pension and medical account', async () => {
    await work('cremation', staff.civilHandler, staff.civilSigner, 'haishu-civilAffairs-seal', out('cremationCertificate'));
    await work('householdCancellation', staff.policeHandler, staff.policeSigner, 'yinzhou-police-seal', out('householdCancellationRecord'));

    await waitState(staff.hrssHandler, 'pensionSettlement', 'ready');
    const { subTask } = await staff.hrssHandler.read(subTaskPath('pensionSettlement'));
    expect(subTask.district).toBe('330205');
    expect(Object.keys(subTask.inputs).sort()).toEqual(['cremationCertificate', 'deathMedicalCertificate', 'householdCancellationRecord']);
    expect(subTask.inputs.householdCancellationRecord).toEqual({ cancelledOn: shanghaiDay() });
    expect(subTask.form.heirBankAccount).toBe(values.heirBankAccount);

    await work('pensionSettlement', staff.hrssHandler, staff.hrssSigner, 'jiangbei-hrss-seal', out('pensionSettlementDecision'), staff.hrssSigner2);
    await work('medicalAccountSettlement', staff.miHandler, staff.miSigner, 'jiangbei-medicalInsurance-seal', out('medicalAccountDecision'), staff.miSigner2);
  });

  it('the case completes; the accepting 海曙 window sees it done across the three districts', async () => {
    const view = await eventually('the case completes', () => staff.clerk.read(`/api/cases/${caseId}`), (b) => b.case.state === 'completed');
    expect(view.case.subTasks.map((t: { districtName: string; state: string }) => `${t.districtName}:${t.state}`).sort()).toEqual([
      '江北区:done', '江北区:done', '海曙区:done', '海曙区:done', '鄞州区:done',
    ]);
    expect(JSON.stringify(view)).not.toMatch(FULL_ID);
    // 江北's supervisor sees the case (a sub-task ran in 江北)
    expect((await staff.jiangbeiSupervisor.get(`/api/cases/${caseId}`)).status).toBe(200);
  });

  it('the 江北 handlers were notified through 浙政钉, the 海曙 clerk told of completion', async () => {
    const hrss = await eventually('江北 人社 notified', () => inbox(s.base, staff.hrssHandler.accountId), (b) => b.notices.some((n) => n.text.includes(caseId)));
    expect(JSON.stringify(hrss)).not.toMatch(FULL_ID);
    await eventually('海曙 clerk told', () => inbox(s.base, staff.clerk.accountId), (b) => b.notices.some((n) => n.text.includes(caseId) && /办结/.test(n.text)));
  });

  it("the deceased's archive holds the five signed materials", async () => {
    const found = await staff.clerk.post('/api/archive/search', { idNumber: DECEASED_ID, purpose: '核对身后一件事办理结果' });
    expect(found.status).toBe(200);
    const types = found.body.materials.filter((m: { caseId: string }) => m.caseId === caseId).map((m: { type: string }) => m.type).sort();
    expect(types).toEqual(['cremationCertificate', 'deathMedicalCertificate', 'householdCancellationRecord', 'medicalAccountDecision', 'pensionSettlementDecision']);
    expect(found.body.materials.every((m: { signatureValid: boolean }) => m.signatureValid)).toBe(true);
  });

  it('no function log line carries an ID, phone or bank account number', () => {
    const all = s.functionLog.join('\n');
    for (const secret of [DECEASED_ID, values.applicantIdNumber as string, values.applicantPhone as string, values.heirBankAccount as string]) expect(all).not.toContain(secret);
  });
});
