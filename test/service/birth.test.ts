// A birth case (出生一件事) from acceptance to completion through the service layer, against a real
// tablestore-local: five departments' staff claim and sign their sub-tasks (plus the optional 生育医疗费用
// 报销 with its countersign), materials flow to the sub-tasks that declared them and to no one else, the
// parents' and the baby's archives hold the signed results, every share is on the audit chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../../functions/core/errors.js';
import { birthBundle, birthValues, FATHER_ID, makeId, MOTHER_ID, sampleOutputs } from '../core/fixtures.js';
import { startWorld, staff, actor, type World } from './support.js';
import { suppliedBody, version, work } from './helpers.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');
const BABY_ID = sampleOutputs.householdRegistrationRecord.babyIdNumber as string;
const values = birthValues({ motherInsuredDistrict: '330203', motherBankAccount: '6222021234567890123', motherBankName: '宁波银行海曙支行' });

async function rejected(p: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await p;
  } catch (err) {
    if (isDomainError(err)) return { code: err.code, status: err.status };
    throw err;
  }
  throw new Error('expected a DomainError');
}

let w: World;
let caseId: string;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.stop();
});

describe('出生一件事 end to end', () => {
  it('accepts once per requestId and routes every sub-task', async () => {
    const body = { bundleId: 'birth', values, chosenOptional: ['maternityReimbursement'], supplied: suppliedBody, requestId: 'birth-req-0001' };
    const first = await w.services.acceptCase(CLERK, body);
    const again = await w.services.acceptCase(CLERK, body);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.case.id).toBe(first.case.id);
    caseId = first.case.id;
    expect(caseId).toMatch(/^haishu-20260302-\d{4}$/);
    expect(first.receipt.items.map((i) => [i.itemId, i.district])).toEqual([
      ['birthCertificate', '海曙区'], ['householdRegistration', '鄞州区'], ['medicalInsuranceEnrollment', '鄞州区'],
      ['socialSecurityCardApplication', '鄞州区'], ['vaccinationCertificate', '江北区'], ['maternityReimbursement', '海曙区'],
    ]);
    expect(first.case.subTasks.filter((s) => s.state === 'ready').map((s) => s.itemId).sort()).toEqual(['birthCertificate', 'vaccinationCertificate']);
    await w.services.drainCase(caseId);
    const hospitalQueue = await w.services.queue(staff('haishu-hospital1', 'handler1'), 'department', { state: 'ready' });
    expect(hospitalQueue.items.map((i) => `${i.caseId}/${i.itemId}`)).toEqual([`${caseId}/birthCertificate`]);
    expect(hospitalQueue.items[0].subject).not.toContain(MOTHER_ID);
    // The police's queue is empty until the birth certificate is signed.
    expect((await w.services.queue(staff('yinzhou-police', 'handler1'), 'department')).items).toEqual([]);
  });

  it('the hospital signs the 出生医学证明; only the declared fields reach the police', async () => {
    const police = staff('yinzhou-police', 'handler1');
    expect((await rejected(w.services.subTask(police, caseId, 'birthCertificate'))).code).toBe('FORBIDDEN');
    await work(w.services, birthBundle, caseId, 'birthCertificate', 'haishu-hospital1');
    const view = (await w.services.subTask(police, caseId, 'householdRegistration')).subTask;
    expect(view.state).toBe('ready');
    expect(view.inputs.birthMedicalCertificate).toEqual({
      certificateNumber: 'Q330123456', babyName: '王小满', babySex: 'female', birthTime: '2026-02-27T08:30:00+08:00',
      birthPlace: '浙江省宁波市海曙区柳汀街339号', hospitalName: '宁波市妇女儿童医院',
    });
    expect(view.form.motherIdNumber).toBe(MOTHER_ID);
    expect(view.form).not.toHaveProperty('motherBankAccount');
    expect(view.form).not.toHaveProperty('babyWeightGrams');
    expect(view.inputs.marriageCertificate).toEqual({ certificateNumber: '甬鄞结字第2019001234号', registeredOn: '2019-10-01' });
    // 生育报销 (医保, 海曙) sees the birth-certificate fields it declared and the bank account of its own form.
    const mi = (await w.services.subTask(staff('haishu-medicalInsurance', 'handler1'), caseId, 'maternityReimbursement')).subTask;
    expect(mi.inputs.birthMedicalCertificate).toEqual({ certificateNumber: 'Q330123456', birthTime: '2026-02-27T08:30:00+08:00', hospitalName: '宁波市妇女儿童医院' });
    expect(mi.form.motherBankAccount).toBe('6222021234567890123');
  });

  it('the police register the baby; 医保 and 人社 receive the new ID number, not the birth certificate\'s other data', async () => {
    await work(w.services, birthBundle, caseId, 'householdRegistration', 'yinzhou-police');
    const mi = (await w.services.subTask(staff('yinzhou-medicalInsurance', 'handler1'), caseId, 'medicalInsuranceEnrollment')).subTask;
    expect(mi.state).toBe('ready');
    expect(mi.inputs.householdRegistrationRecord).toEqual({ babyIdNumber: BABY_ID, babyName: '王小满', babySex: 'female' });
    expect(mi.inputs.birthMedicalCertificate).toEqual({ certificateNumber: 'Q330123456', birthTime: '2026-02-27T08:30:00+08:00' });
    expect(mi.form).not.toHaveProperty('motherIdNumber');
    const hr = (await w.services.subTask(staff('yinzhou-hrss', 'handler1'), caseId, 'socialSecurityCardApplication')).subTask;
    expect(hr.inputs.birthMedicalCertificate).toEqual({ certificateNumber: 'Q330123456', motherName: '李秀梅' });
    // The 审管办 window handles 医保参保登记 by delegation (集中授权) and sees it too; other departments do not.
    expect((await w.services.subTask(staff('yinzhou-serviceCenter', 'handler1'), caseId, 'medicalInsuranceEnrollment')).subTask.itemId).toBe('medicalInsuranceEnrollment');
    expect((await rejected(w.services.subTask(staff('yinzhou-hrss', 'handler1'), caseId, 'medicalInsuranceEnrollment'))).code).toBe('FORBIDDEN');
    // The police record how the 户口簿 was mailed; it shows on the case.
    const v = await version(w.services, staff('yinzhou-police', 'handler1'), caseId, 'householdRegistration');
    await w.services.act(staff('yinzhou-police', 'handler1'), caseId, 'householdRegistration', { type: 'recordDelivery', material: 'householdRegistrationRecord', carrier: '中国邮政EMS', trackingNumber: 'EA123456789CN' }, v);
    const c = (await w.services.getCase(CLERK, caseId)).case;
    expect(c.subTasks.find((s) => s.itemId === 'householdRegistration')?.deliveries.householdRegistrationRecord).toMatchObject({ carrier: '中国邮政EMS', trackingNumber: 'EA123456789CN' });
  });

  it('the remaining departments sign; the case completes; notices and to-dos went out once each', async () => {
    await work(w.services, birthBundle, caseId, 'medicalInsuranceEnrollment', 'yinzhou-medicalInsurance');
    await work(w.services, birthBundle, caseId, 'socialSecurityCardApplication', 'yinzhou-hrss');
    await work(w.services, birthBundle, caseId, 'vaccinationCertificate', 'jiangbei-cdc');
    expect((await w.services.getCase(CLERK, caseId)).case.state).toBe('accepted');
    await work(w.services, birthBundle, caseId, 'maternityReimbursement', 'haishu-medicalInsurance');
    const c = (await w.services.getCase(CLERK, caseId)).case;
    expect(c.state).toBe('completed');
    expect(c.subTasks.every((s) => s.state === 'done')).toBe(true);
    const ids = w.notifier.notices.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(w.notifier.todos).toHaveLength(6);
    expect(w.notifier.finished.map((f) => f.todoId).sort()).toEqual(w.notifier.todos.map((t) => t.todoId).sort());
    expect(w.notifier.finished.every((f) => f.platformId === `task-${f.todoId}`)).toBe(true);
    const done = w.notifier.notices.filter((n) => n.template === 'caseCompleted');
    expect(done).toHaveLength(1);
    expect(done[0].recipients.map((r) => r.id)).toEqual([CLERK.id]);
    // Queues are empty again.
    for (const dep of ['haishu-hospital1', 'yinzhou-police', 'yinzhou-medicalInsurance', 'yinzhou-hrss', 'jiangbei-cdc']) {
      const h = staff(dep, 'handler1');
      expect((await w.services.queue(h, 'mine')).items).toEqual([]);
      expect((await w.services.queue(h, 'department', { state: 'active' })).items).toEqual([]);
    }
    const { events } = await w.services.timeline(CLERK, caseId);
    expect(events.map((e) => e.action)).toContain('complete');
  });

  it('the parents\' and the baby\'s archives hold the signed materials, masked, signatures valid; each read is audited', async () => {
    const mother = await w.services.archiveSearch(CLERK, MOTHER_ID, '核对新生儿出生一件事办理结果');
    expect(mother.cases.map((c) => [c.caseId, c.role])).toEqual([[caseId, 'mother']]);
    expect(mother.materials.map((m) => m.type).sort()).toEqual([
      'birthMedicalCertificate', 'householdRegistrationRecord', 'maternityReimbursementDecision', 'medicalInsuranceRecord', 'socialSecurityCard', 'vaccinationRecord',
    ]);
    expect(mother.materials.every((m) => m.signatureValid)).toBe(true);
    for (const m of mother.materials) for (const key of Object.keys(m.fields)) expect(m.labels[key], `${m.type}.${key}`).toMatch(/[\u4e00-\u9fa5]/);
    const text = JSON.stringify(mother);
    for (const id of [MOTHER_ID, FATHER_ID, BABY_ID]) expect(text).not.toContain(id);
    expect(mother.materials.find((m) => m.type === 'householdRegistrationRecord')?.fields.babyIdNumber).toBe(`${BABY_ID.slice(0, 4)}**********${BABY_ID.slice(-4)}`);
    const father = await w.services.archiveSearch(CLERK, FATHER_ID.toLowerCase(), '核对');
    expect(father.cases.map((c) => c.role)).toEqual(['father']);
    const baby = await w.services.archiveRead(actor('haishu-serviceCenter-auditor1'), (await w.services.archiveSearch(CLERK, BABY_ID, '查询新生儿档案')).subject, '审计抽查');
    expect(baby.cases.map((c) => c.role)).toEqual(['baby']);
    expect((await rejected(w.services.archiveSearch(staff('yinzhou-police', 'handler1'), MOTHER_ID, '查询'))).code).toBe('FORBIDDEN');
    expect((await rejected(w.services.archiveSearch(CLERK, MOTHER_ID, ''))).code).toBe('VALIDATION_FAILED');
    expect((await rejected(w.services.archiveSearch(CLERK, makeId('330203', '1993-05-12', '042').slice(0, 17) + 'X', '查询'))).code).toBe('VALIDATION_FAILED');

    const trail = await w.services.auditTrail(actor('haishu-serviceCenter-auditor1'), caseId);
    expect(trail.chainValid).toBe(true);
    const shares = trail.records.filter((r) => r.action === 'share');
    // Intake: 2 documents to 户口; birth certificate → 户口, 医保参保, 社保卡, 生育报销; 户口簿 → 医保参保, 社保卡.
    expect(shares).toHaveLength(8);
    expect(shares.every((r) => r.purpose.length > 0 && r.subjects.length >= 2)).toBe(true);
    expect(trail.records.filter((r) => r.action === 'archiveSearch')).toHaveLength(3);
    expect(trail.records.filter((r) => r.action === 'archiveRead')).toHaveLength(1);
    expect(JSON.stringify(trail)).not.toContain(MOTHER_ID);
  });
});
