/**
 * 出生一件事 end to end through the local stack (the built api, dispatcher and timer functions on the
 * FC runner, tablestore-local, the 浙政钉 fake), as the mini-app calls it:
 *   a 鄞州 window clerk pre-checks and accepts one application (with the optional 生育医疗费用报销);
 *   the hospital in 海曙 signs the birth certificate → the dispatcher shares it to 鄞州 police, who
 *   register the baby → medical insurance enrolment (signed by the 审管办 window under 集中授权) and the
 *   social security card (人社, mailed) are released; 江北 疾控 issues the vaccination certificate;
 *   鄞州 医保 signs and countersigns the reimbursement — and the case completes.
 * Along the way: what each department could and could not see, the notices and to-dos in the 浙政钉
 * fake's inbox, and the signed materials in the family's archive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../functions/catalog/index';
import { birthSupplied, birthValues, makeId, sampleOutputs, FATHER_ID, MOTHER_ID } from '../core/fixtures';
import { suppliedBody } from '../api/fixtures';
import { datedNow, eventually, FULL_ID, inbox, login, resetLoginCache, shanghaiDay, startScenarioStack, type ScenarioStack, type StaffClient } from './support';

let s: ScenarioStack;
const staff: Record<string, StaffClient> = {};
let caseId = '';

const BIRTH_DAY = shanghaiDay(-3);
const BIRTH_TIME = `${BIRTH_DAY}T08:30:00+08:00`;
const BABY_ID = makeId('330212', BIRTH_DAY, '024');
const values = birthValues({
  babyBirthTime: BIRTH_TIME,
  motherInsuredDistrict: '330212',
  motherBankAccount: '6222021234567890123',
  motherBankName: '中国工商银行宁波鄞州支行',
});

const WHO = {
  clerk: 'yinzhou-serviceCenter-clerk1',
  hospitalHandler: 'haishu-hospital1-handler1',
  hospitalSigner: 'haishu-hospital1-signer1',
  policeHandler: 'yinzhou-police-handler1',
  policeSigner: 'yinzhou-police-signer1',
  windowHandler: 'yinzhou-serviceCenter-handler1',
  windowSigner: 'yinzhou-serviceCenter-signer1',
  hrssHandler: 'yinzhou-hrss-handler1',
  hrssSigner: 'yinzhou-hrss-signer1',
  cdcHandler: 'jiangbei-cdc-handler1',
  cdcSigner: 'jiangbei-cdc-signer1',
  miHandler: 'yinzhou-medicalInsurance-handler1',
  miSigner: 'yinzhou-medicalInsurance-signer1',
  miSigner2: 'yinzhou-medicalInsurance-signer2',
  supervisor: 'yinzhou-serviceCenter-supervisor1',
  auditor: 'yinzhou-serviceCenter-auditor1',
} as const;

const outputs = {
  birthCertificate: { birthMedicalCertificate: datedNow({ ...sampleOutputs.birthMedicalCertificate }, BIRTH_TIME) },
  householdRegistration: { householdRegistrationRecord: datedNow({ ...sampleOutputs.householdRegistrationRecord, babyIdNumber: BABY_ID }, BIRTH_TIME) },
  medicalInsuranceEnrollment: { medicalInsuranceRecord: datedNow({ ...sampleOutputs.medicalInsuranceRecord }, BIRTH_TIME) },
  socialSecurityCardApplication: { socialSecurityCard: datedNow({ ...sampleOutputs.socialSecurityCard }, BIRTH_TIME) },
  vaccinationCertificate: { vaccinationRecord: datedNow({ ...sampleOutputs.vaccinationRecord }, BIRTH_TIME) },
  maternityReimbursement: { maternityReimbursementDecision: datedNow({ ...sampleOutputs.maternityReimbursementDecision }, BIRTH_TIME) },
};

const subTaskPath = (itemId: string) => `/api/subtasks/${caseId}/${itemId}`;
const stateOf = async (who: StaffClient, itemId: string) => (await who.read(subTaskPath(itemId))).subTask.state as string;
const waitState = (who: StaffClient, itemId: string, state: string) =>
  eventually(`${itemId} becomes ${state}`, () => stateOf(who, itemId), (v) => v === state);

beforeAll(async () => {
  resetLoginCache();
  s = await startScenarioStack('birth');
  for (const [key, id] of Object.entries(WHO)) staff[key] = await login(s.base, id);
}, 240_000);

afterAll(async () => {
  await s?.stop();
});

describe('出生一件事 through the local stack', () => {
  it('the demo staff list has every seeded member of staff, with district and department names', async () => {
    const list = (await (await fetch(`${s.base}/api/dev/staff`)).json()) as Array<{ id: string; districtName: string; departmentName: string }>;
    expect(list.length).toBe(s.stack.staff.length);
    expect(list.length).toBeGreaterThan(200);
    expect(list.find((x) => x.id === WHO.policeHandler)).toMatchObject({ districtName: '鄞州区', departmentName: '宁波市公安局鄞州分局' });
  });

  it('the clerk sees the bundles of 鄞州 and the one-table form, pre-checks and accepts (受理)', async () => {
    const clerk = staff.clerk;
    const { bundles } = await clerk.read('/api/bundles');
    // what the seed lets 鄞州 handle (functions/catalog/directorySeed.ts): the life events and the enterprise bundles
    const joined = seedDirectory.districts.find((d) => d.code === '330212')?.bundles ?? [];
    expect(bundles.map((b: { id: string }) => b.id).sort()).toEqual([...joined].sort());
    expect(bundles.map((b: { id: string }) => b.id)).toEqual(expect.arrayContaining(['birth', 'death', 'completionAcceptance']));
    const form = await clerk.read('/api/bundles/birth/form?optional=maternityReimbursement');
    expect(form.form.items.map((i: { id: string }) => i.id)).toContain('maternityReimbursement');
    expect(form.form.fields.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining(['motherBankAccount', 'babyName', 'postalAddress']));
    expect(form.graph.items.find((i: { id: string }) => i.id === 'householdRegistration').dependsOn).toEqual(['birthCertificate']);

    const body = { bundleId: 'birth', values, chosenOptional: ['maternityReimbursement'], supplied: suppliedBody(birthSupplied) };
    const pre = await clerk.post('/api/intake/precheck', body);
    expect(pre.status).toBe(200);
    expect(pre.body.notice).toMatchObject({ ok: true, issues: [] });

    const accepted = await clerk.post('/api/cases', { ...body, requestId: `birth-scenario-${Date.now()}` });
    expect(accepted.status, JSON.stringify(accepted.body).slice(0, 500)).toBe(201);
    caseId = accepted.body.case.id;
    const routes = Object.fromEntries(accepted.body.case.subTasks.map((t: { itemId: string; district: string; department: string }) => [t.itemId, `${t.district} ${t.department}`]));
    expect(routes).toEqual({
      birthCertificate: '330203 haishu-hospital1',
      householdRegistration: '330212 yinzhou-police',
      medicalInsuranceEnrollment: '330212 yinzhou-medicalInsurance',
      socialSecurityCardApplication: '330212 yinzhou-hrss',
      vaccinationCertificate: '330205 jiangbei-cdc',
      maternityReimbursement: '330212 yinzhou-medicalInsurance',
    });
    expect(accepted.body.receipt).toMatchObject({ caseId, bundleName: '新生儿出生一件事', acceptingDistrict: '鄞州区' });
    expect(accepted.body.receipt.items).toHaveLength(6);
    // the case and its receipt mask the parents' ID numbers
    expect(JSON.stringify(accepted.body)).not.toMatch(FULL_ID);
    expect(accepted.body.case.subjects.map((x: { role: string }) => x.role).sort()).toEqual(['father', 'mother']);
  });

  it('the hospital sees its sub-task in its queue, and only what its item declared', async () => {
    const page = await eventually('the birth certificate in the hospital queue', () => staff.hospitalHandler.read('/api/queues/department?state=ready'), (p) => p.items.some((i: { caseId: string }) => i.caseId === caseId));
    expect(JSON.stringify(page)).not.toMatch(FULL_ID); // lists mask ID numbers
    const { subTask } = await staff.hospitalHandler.read(subTaskPath('birthCertificate'));
    expect(Object.keys(subTask.form).sort()).toEqual(['babyBirthPlace', 'babyBirthTime', 'babyName', 'babySex', 'babyWeightGrams', 'birthHospital', 'fatherIdNumber', 'fatherName', 'motherIdNumber', 'motherName']);
    expect(subTask.form.motherIdNumber).toBe(MOTHER_ID); // a handler of the item sees what the item needs, in full
    expect(subTask.form).not.toHaveProperty('motherBankAccount');
    expect(subTask.form).not.toHaveProperty('applicantPhone');
    expect(subTask.inputs).toEqual({});
    // the hospital does not see the police's sub-task at all
    expect((await staff.hospitalHandler.get(subTaskPath('householdRegistration'))).status).toBe(403);
  });

  it('the hospital claims (签收) and signs (办结): the birth certificate is shared to 鄞州 police', async () => {
    await staff.hospitalHandler.act(caseId, 'birthCertificate', { type: 'claim' });
    // the claimer's own list (its rows are written by the dispatcher, so it may take a moment)
    await eventually('the claimed sub-task in my list', () => staff.hospitalHandler.read('/api/queues/mine'), (p) =>
      p.items.some((i: { caseId: string; itemId: string }) => i.caseId === caseId && i.itemId === 'birthCertificate'),
    );
    const done = await staff.hospitalSigner.act(caseId, 'birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: outputs.birthCertificate });
    expect(done.state).toBe('done');
    await waitState(staff.policeHandler, 'householdRegistration', 'ready');
  });

  it('江北 疾控 works the vaccination certificate in parallel', async () => {
    await waitState(staff.cdcHandler, 'vaccinationCertificate', 'ready');
    const { subTask } = await staff.cdcHandler.read(subTaskPath('vaccinationCertificate'));
    expect(subTask.district).toBe('330205');
    expect(subTask.form).not.toHaveProperty('fatherIdNumber');
    expect(subTask.form).not.toHaveProperty('motherBankAccount');
    await staff.cdcHandler.act(caseId, 'vaccinationCertificate', { type: 'claim' });
    await staff.cdcSigner.act(caseId, 'vaccinationCertificate', { type: 'signOff', sealId: 'jiangbei-cdc-seal', outputs: outputs.vaccinationCertificate });
    expect((await staff.cdcHandler.get(subTaskPath('householdRegistration'))).status).toBe(403);
  });

  it('police see the declared fields of the birth certificate and the supplied documents, not the bank account', async () => {
    const { subTask } = await staff.policeHandler.read(subTaskPath('householdRegistration'));
    expect(subTask.inputs.birthMedicalCertificate).toEqual({
      certificateNumber: outputs.birthCertificate.birthMedicalCertificate.certificateNumber,
      babyName: '王小满',
      babySex: 'female',
      birthTime: BIRTH_TIME,
      birthPlace: outputs.birthCertificate.birthMedicalCertificate.birthPlace,
      hospitalName: outputs.birthCertificate.birthMedicalCertificate.hospitalName,
    });
    expect(subTask.inputs.birthMedicalCertificate).not.toHaveProperty('weightGrams');
    expect(Object.keys(subTask.inputs).sort()).toEqual(['birthMedicalCertificate', 'householdBook', 'marriageCertificate']);
    expect(subTask.form.fatherIdNumber).toBe(FATHER_ID);
    expect(subTask.form).not.toHaveProperty('motherBankAccount');
    expect(subTask.form).not.toHaveProperty('babyWeightGrams');
    expect(JSON.stringify(subTask)).not.toContain(values.motherBankAccount as string);
  });

  it('police claim and sign; the delivery of the 户口簿 is recorded; the baby joins the archive', async () => {
    await staff.policeHandler.act(caseId, 'householdRegistration', { type: 'claim' });
    await staff.policeSigner.act(caseId, 'householdRegistration', { type: 'signOff', sealId: 'yinzhou-police-seal', outputs: outputs.householdRegistration });
    const delivered = await staff.policeHandler.act(caseId, 'householdRegistration', { type: 'recordDelivery', material: 'householdRegistrationRecord', carrier: 'EMS', trackingNumber: 'EA123456789CN' });
    expect(delivered.deliveries.householdRegistrationRecord).toMatchObject({ carrier: 'EMS', trackingNumber: 'EA123456789CN' });
    await waitState(staff.hrssHandler, 'socialSecurityCardApplication', 'ready');
    await waitState(staff.windowHandler, 'medicalInsuranceEnrollment', 'ready');
  });

  it('the 审管办 window handles and signs medical insurance enrolment for 医保 (集中授权)', async () => {
    // the delegated item is in the window's department list (its queue row is written by the dispatcher)
    await eventually('the delegated item in the window queue', () => staff.windowHandler.read('/api/queues/department?state=ready'), (p) =>
      p.items.some((i: { caseId: string; itemId: string }) => i.caseId === caseId && i.itemId === 'medicalInsuranceEnrollment'),
    );
    const { subTask } = await staff.windowHandler.read(subTaskPath('medicalInsuranceEnrollment'));
    expect(subTask.inputs.householdRegistrationRecord).toEqual({ babyIdNumber: BABY_ID, babyName: '王小满', babySex: 'female' });
    expect(subTask.inputs.householdRegistrationRecord).not.toHaveProperty('householdNumber');
    await staff.windowHandler.act(caseId, 'medicalInsuranceEnrollment', { type: 'claim' });
    await staff.windowSigner.act(caseId, 'medicalInsuranceEnrollment', { type: 'signOff', sealId: 'yinzhou-serviceCenter-delegated-seal', outputs: outputs.medicalInsuranceEnrollment });
    // the window may not touch what was not delegated to it
    expect((await staff.windowHandler.get(subTaskPath('socialSecurityCardApplication'))).status).toBe(403);
  });

  it('人社 issues the social security card and records its mailing', async () => {
    const { subTask } = await staff.hrssHandler.read(subTaskPath('socialSecurityCardApplication'));
    expect(Object.keys(subTask.inputs).sort()).toEqual(['birthMedicalCertificate', 'householdRegistrationRecord']);
    expect(subTask.inputs.birthMedicalCertificate).toEqual({ certificateNumber: outputs.birthCertificate.birthMedicalCertificate.certificateNumber, motherName: '李秀梅' });
    expect(subTask.form).not.toHaveProperty('motherBankAccount');
    await staff.hrssHandler.act(caseId, 'socialSecurityCardApplication', { type: 'claim' });
    await staff.hrssSigner.act(caseId, 'socialSecurityCardApplication', { type: 'signOff', sealId: 'yinzhou-hrss-seal', outputs: outputs.socialSecurityCardApplication });
    await staff.hrssHandler.act(caseId, 'socialSecurityCardApplication', { type: 'recordDelivery', material: 'socialSecurityCard', carrier: '中国邮政', trackingNumber: '9812345678901' });
  });

  it('医保 signs and countersigns (会签) the reimbursement, seeing the bank account it needs', async () => {
    await waitState(staff.miHandler, 'maternityReimbursement', 'ready');
    const { subTask } = await staff.miHandler.read(subTaskPath('maternityReimbursement'));
    expect(subTask.form.motherBankAccount).toBe(values.motherBankAccount);
    expect(subTask.inputs.birthMedicalCertificate).toEqual({
      certificateNumber: outputs.birthCertificate.birthMedicalCertificate.certificateNumber,
      birthTime: BIRTH_TIME,
      hospitalName: outputs.birthCertificate.birthMedicalCertificate.hospitalName,
    });
    await staff.miHandler.act(caseId, 'maternityReimbursement', { type: 'claim' });
    const first = await staff.miSigner.act(caseId, 'maternityReimbursement', { type: 'signOff', sealId: 'yinzhou-medicalInsurance-seal', outputs: outputs.maternityReimbursement });
    expect(first.state).toBe('countersigning');
    // the same signer cannot countersign
    const { subTask: cs } = await staff.miSigner.read(subTaskPath('maternityReimbursement'));
    const same = await staff.miSigner.post(`${subTaskPath('maternityReimbursement')}/actions`, { command: { type: 'countersign', sealId: 'yinzhou-medicalInsurance-seal' }, expectedVersion: cs.version });
    expect(same.status).toBe(409);
    const second = await staff.miSigner2.act(caseId, 'maternityReimbursement', { type: 'countersign', sealId: 'yinzhou-medicalInsurance-seal', opinion: '同意' });
    expect(second.state).toBe('done');
  });

  it('the case completes; its view shows every sub-task done and the two mailings', async () => {
    const view = await eventually('the case completes', () => staff.clerk.read(`/api/cases/${caseId}`), (b) => b.case.state === 'completed');
    expect(view.case.stateLabel).toBe('已办结');
    expect(view.case.subTasks.every((t: { state: string }) => t.state === 'done')).toBe(true);
    const deliveries = Object.assign({}, ...view.case.subTasks.map((t: { deliveries: object }) => t.deliveries));
    expect(Object.keys(deliveries).sort()).toEqual(['householdRegistrationRecord', 'socialSecurityCard']);
    expect(JSON.stringify(view)).not.toMatch(FULL_ID);
    const { events } = await staff.clerk.read(`/api/cases/${caseId}/timeline`);
    const actions = events.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('accept');
    expect(actions).toEqual(expect.arrayContaining(['claim', 'signOff', 'countersign', 'recordDelivery', 'complete']));
  });

  it('each department could open exactly its own sub-tasks, and no other (403)', async () => {
    const items = ['birthCertificate', 'householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication', 'vaccinationCertificate', 'maternityReimbursement'];
    const expected: Record<string, string[]> = {
      hospitalHandler: ['birthCertificate'],
      policeHandler: ['householdRegistration'],
      windowHandler: ['medicalInsuranceEnrollment'], // by delegation (集中授权) only
      hrssHandler: ['socialSecurityCardApplication'],
      cdcHandler: ['vaccinationCertificate'],
      miHandler: ['maternityReimbursement', 'medicalInsuranceEnrollment'],
    };
    for (const [who, own] of Object.entries(expected)) {
      const opened: string[] = [];
      for (const itemId of items) {
        const r = await staff[who].get(subTaskPath(itemId));
        expect([200, 403], `${who} ${itemId}`).toContain(r.status);
        if (r.status === 200) opened.push(itemId);
      }
      expect(opened.sort(), who).toEqual(own.sort());
    }
  });

  it('notices and to-dos reached the staff through the 浙政钉 gateway', async () => {
    const police = await eventually('police notices', () => inbox(s.base, staff.policeHandler.accountId), (b) => b.notices.some((n) => n.text.includes(caseId)));
    expect(police.notices.some((n) => n.text.includes(caseId) && /待签收/.test(n.text))).toBe(true);
    // the claimer got a to-do, finished when the sub-task was signed
    const todo = await eventually('police to-do finished', () => inbox(s.base, staff.policeHandler.accountId), (b) => b.todos.some((t) => t.state === 'done'));
    expect(todo.todos.filter((t) => t.subject.includes('户口')).map((t) => t.state)).toEqual(['done']);
    // the accepting clerk is told the case is complete
    const clerk = await eventually('clerk told of completion', () => inbox(s.base, staff.clerk.accountId), (b) => b.notices.some((n) => n.text.includes(caseId) && /办结/.test(n.text)));
    expect(clerk.notices.length).toBeGreaterThan(0);
    // a department the case never reached was told nothing about it
    const zhenhai = await inbox(s.base, (await login(s.base, 'zhenhai-police-handler1')).accountId);
    expect(zhenhai.notices.filter((n) => n.text.includes(caseId))).toEqual([]);
    // no notice carries a full ID number
    for (const b of [police, clerk]) expect(JSON.stringify(b.notices)).not.toMatch(FULL_ID);
  });

  it("the family's archive holds every signed material, with valid signatures; each read is audited", async () => {
    const found = await staff.clerk.post('/api/archive/search', { idNumber: MOTHER_ID, purpose: '核对出生一件事办理结果' });
    expect(found.status).toBe(200);
    expect(found.body.person.maskedId).not.toBe(MOTHER_ID);
    expect(found.body.cases.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    const materials = found.body.materials.filter((m: { caseId: string }) => m.caseId === caseId);
    expect(materials.map((m: { type: string }) => m.type).sort()).toEqual([
      'birthMedicalCertificate', 'householdRegistrationRecord', 'maternityReimbursementDecision', 'medicalInsuranceRecord', 'socialSecurityCard', 'vaccinationRecord',
    ]);
    expect(materials.every((m: { signatureValid: boolean }) => m.signatureValid)).toBe(true);
    expect(JSON.stringify(found.body)).not.toMatch(FULL_ID); // fields masked
    // the baby has an archive too, found by the number police issued
    const baby = await staff.clerk.post('/api/archive/search', { idNumber: BABY_ID, purpose: '核对新生儿档案' });
    expect(baby.body.cases.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    // by the opaque handle as well
    const again = await staff.clerk.get(`/api/archive/${found.body.subject}?purpose=${encodeURIComponent('复核')}`);
    expect(again.body.materials.length).toBe(found.body.materials.length);
    // a department handler may not read archives
    expect((await staff.policeHandler.post('/api/archive/search', { idNumber: MOTHER_ID, purpose: '查看' })).status).toBe(403);

    const audit = await staff.auditor.read(`/api/audit/cases/${caseId}`);
    expect(audit.chainValid).toBe(true);
    const actions = audit.records.map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['share', 'archiveSearch']));
    expect(JSON.stringify(audit)).not.toMatch(FULL_ID);
  });

  it('the supervisor of 鄞州 sees the district figures', async () => {
    const overview = await staff.supervisor.read('/api/supervision/overview');
    expect(overview.district).toBe('330212');
    expect(overview.counts.doneOnTime + overview.counts.doneLate).toBeGreaterThan(0);
  });

  it('no function log line carries an ID or phone number', () => {
    const all = s.functionLog.join('\n');
    for (const secret of [MOTHER_ID, FATHER_ID, BABY_ID, values.applicantPhone as string, values.motherBankAccount as string]) expect(all).not.toContain(secret);
  });
});
