// A person's life in lianban (issue 13), through the services over tablestore-local with an injected business clock:
// born in May 2020 (出生一件事, completed: the 出生医学证明 and the 户口登记 signed), enrolled in school six years later
// (教育入学 asks nothing twice: 调取档案材料 pre-fills the child's name, sex, birth date and 户号 from the birth case, the
// pre-check counts both materials as the archive's — no MISSING_MATERIAL, the notice's materials name the birth
// case — the case records the reuse with its source case and the share is audited, as is the archive read), married
// (婚育户, with the 姜山镇 town centre's 生育登记), retired (退休) and died (身后一件事). One archive — the person's, found
// by the ID number the police issued at birth — holds all five cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../../functions/core/actor.js';
import type { Bundle } from '../../functions/core/bundle.js';
import type { FormValues } from '../../functions/core/form.js';
import { lifeEventBundlesA } from '../../functions/catalog/lifeEventsA.js';
import { birthBundle, deathBundle } from '../../functions/catalog/index.js';
import { birthValues, deathValues, makeId, sampleOutputs } from '../core/fixtures.js';
import { CHILD_ID, GUARDIAN_ID, lifeEventOutputsA, marriageSupplied, marriageValues, retirementValues, schoolEnrollmentSupplied, schoolEnrollmentValues } from '../core/lifeEventFixturesA.js';
import { work } from './helpers.js';
import { actor, startWorld, type World } from './support.js';

const PERSON = CHILD_ID; // born 2020-05-16 in 鄞州, a girl
const NAME = '测试学童丁';
const CLERK = actor('yinzhou-serviceCenter-clerk1');
const TOWN_CLERK = actor('yinzhou-jiangshan-clerk1');
const AUDITOR = actor('yinzhou-serviceCenter-auditor1');
const MOTHER_ID = makeId('330212', '1992-01-11', '082');
const GROOM_ID = makeId('330212', '2017-03-09', '051');
const bundleOf = (id: string): Bundle => {
  const b = [birthBundle, deathBundle, ...lifeEventBundlesA].find((x) => x.id === id);
  if (!b) throw new Error(`no bundle ${id}`);
  return b;
};

/** Every calendar date of a material's values moved to `day` (outputs are dated the day they are signed). */
function dated(values: FormValues, day: string): FormValues {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? day : v]));
}

let w: World;
const cases: Record<string, string> = {};

/** Works every sub-task as it becomes ready (its department's handler1 claims, signer1 signs, signer2 countersigns) until the case completes. */
async function complete(caseId: string, bundle: Bundle, outputs: Record<string, FormValues>, day: string): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await w.services.drainCase(caseId);
    const view = (await w.services.getCase(CLERK, caseId)).case;
    if (view.state !== 'accepted') {
      expect(view.state).toBe('completed');
      return;
    }
    const ready = view.subTasks.filter((s) => s.state === 'ready');
    expect(ready.length, `${bundle.id}: nothing ready in ${JSON.stringify(view.subTasks.map((s) => [s.itemId, s.state]))}`).toBeGreaterThan(0);
    for (const st of ready) {
      const item = bundle.items.find((i) => i.id === st.itemId);
      const out = Object.fromEntries((item?.outputs ?? []).map((m) => [m, dated(outputs[m] ?? {}, day)]));
      await work(w.services, bundle, caseId, st.itemId, st.department, out);
    }
  }
  throw new Error(`${bundle.id} did not complete`);
}

async function accept(clerk: StaffActor, body: Record<string, unknown>, label: string): Promise<string> {
  const r = await w.services.acceptCase(clerk, { chosenOptional: [], supplied: [], requestId: `life-${label}-0001`, ...body });
  expect(r.created).toBe(true);
  return r.case.id;
}

beforeAll(async () => {
  w = await startWorld('2020-05-18T02:00:00.000Z');
}, 60_000);
afterAll(async () => {
  await w?.stop();
});

describe('a person\'s life in lianban', () => {
  it('born (出生一件事, May 2020): the police issue her ID number; the case completes', async () => {
    const values = birthValues({
      babyName: NAME, babySex: 'female', babyBirthTime: '2020-05-16T09:20:00+08:00', babyBirthPlace: '浙江省宁波市鄞州区试例医院',
      birthHospital: 'yinzhou-hospital1', fatherName: '测试家长戊', fatherIdNumber: GUARDIAN_ID, motherName: '测试家长己', motherIdNumber: MOTHER_ID,
      motherHouseholdDistrict: '330212', householdHeadName: '测试家长戊', householdHeadRelation: 'daughter', residenceDistrict: '330212',
      householdAddress: '浙江省宁波市鄞州区钟公庙街道试例路3号', residenceAddress: '浙江省宁波市鄞州区钟公庙街道试例路3号', postalRecipient: '测试家长戊',
      postalAddress: '浙江省宁波市鄞州区钟公庙街道试例路3号',
    });
    const supplied = [
      { type: 'marriageCertificate', data: { certificateNumber: '甬鄞结字第2019001234号', registeredOn: '2019-10-01' }, attachments: [] },
      { type: 'householdBook', data: { householdNumber: '330212000303', householdHeadName: '测试家长戊', address: '浙江省宁波市鄞州区钟公庙街道试例路3号' }, attachments: [] },
    ];
    cases.birth = await accept(CLERK, { bundleId: 'birth', values, supplied }, 'birth');
    const [medical, household] = schoolEnrollmentSupplied;
    await complete(cases.birth, birthBundle, {
      ...sampleOutputs,
      birthMedicalCertificate: { ...medical.data, motherName: '测试家长己', fatherName: '测试家长戊' },
      householdRegistrationRecord: household.data,
    }, '2020-05-18');
  });

  it('six years later, enrolled in school (教育入学): nothing she already has is asked again', async () => {
    w.clock.now = '2026-05-18T02:00:00.000Z';
    const held = await w.services.heldMaterials(CLERK, { bundleId: 'schoolEnrollment', values: { childIdNumber: PERSON }, chosenOptional: [] });
    expect(held.held.map((h) => [h.type, h.caseId, h.itemId])).toEqual(expect.arrayContaining([
      ['birthMedicalCertificate', cases.birth, 'birthCertificate'],
      ['householdRegistrationRecord', cases.birth, 'householdRegistration'],
    ]));
    const filled = Object.fromEntries(Object.entries(held.prefill).map(([k, p]) => [k, [p.value, p.caseId]]));
    expect(filled).toEqual({
      childName: [NAME, cases.birth], childSex: ['female', cases.birth], childBirthDate: ['2020-05-16', cases.birth], householdNumber: ['330212000303', cases.birth],
    });
    // the read of her archive is audited on the birth case, with its purpose
    const birthTrail = await w.services.auditTrail(AUDITOR, cases.birth);
    expect(birthTrail.records.filter((r) => r.action === 'archiveRead' && r.actor.id === CLERK.id)).toEqual([
      expect.objectContaining({ purpose: expect.stringContaining('教育入学'), data: expect.arrayContaining(['birthMedicalCertificate:*', 'householdRegistrationRecord:*']) }),
    ]);

    // the form as the window sends it: what the archive pre-filled, the rest typed; no material supplied
    const typed = schoolEnrollmentValues();
    for (const k of Object.keys(held.prefill)) delete typed[k];
    const values = { ...typed, ...Object.fromEntries(Object.entries(held.prefill).map(([k, p]) => [k, p.value])) };
    const { notice } = await w.services.precheck(CLERK, { bundleId: 'schoolEnrollment', values, chosenOptional: [], supplied: [] });
    expect(notice.issues).toEqual([]);
    expect(notice.ok).toBe(true);
    expect(notice.issues.some((i) => i.code === 'MISSING_MATERIAL')).toBe(false);
    expect(notice.materials).toEqual(expect.arrayContaining([
      expect.objectContaining({ material: 'birthMedicalCertificate', source: 'archive', caseId: cases.birth, itemId: 'birthCertificate' }),
      expect.objectContaining({ material: 'householdRegistrationRecord', source: 'archive', caseId: cases.birth, itemId: 'householdRegistration' }),
    ]));
    expect(notice.materials.filter((m) => m.source === 'applicant')).toEqual([]);

    cases.school = await accept(CLERK, { bundleId: 'schoolEnrollment', values }, 'school');
    const { events } = await w.services.timeline(CLERK, cases.school);
    const reused = String(events.find((e) => e.action === 'accept')?.detail.reused ?? '').split(',').sort();
    expect(reused).toEqual([`birthMedicalCertificate@${cases.birth}/birthCertificate`, `householdRegistrationRecord@${cases.birth}/householdRegistration`]);
    await w.services.drainCase(cases.school);
    const trail = await w.services.auditTrail(AUDITOR, cases.school);
    const shares = trail.records.filter((r) => r.action === 'share' && r.data.some((d) => d.startsWith(`archive:${cases.birth}/`)));
    expect(shares.length).toBeGreaterThan(0);
    for (const s of shares) expect(s.purpose).not.toBe('');
    await complete(cases.school, bundleOf('schoolEnrollment'), lifeEventOutputsA, '2026-05-18');
  });

  it('married (婚育户, 2044): her own 婚育户 case at the town centre', async () => {
    w.clock.now = '2044-06-01T02:00:00.000Z';
    const values = marriageValues({
      maleName: '测试新郎壬', maleIdNumber: GROOM_ID, femaleName: NAME, femaleIdNumber: PERSON, femaleMaritalStatus: 'unmarried', femaleHouseholdDistrict: '330212',
    });
    const supplied = marriageSupplied.map((m) => ({ type: m.type, data: dated(m.data, '2044-06-01'), attachments: [] }));
    cases.marriage = await accept(TOWN_CLERK, { bundleId: 'marriageBirthHousehold', values, supplied }, 'marriage');
    const view = (await w.services.getCase(CLERK, cases.marriage)).case;
    expect(view.servicePoint).toMatchObject({ department: 'yinzhou-jiangshan', level: 'town' });
    expect(view.subTasks.find((s) => s.itemId === 'birthRegistration')?.department).toBe('yinzhou-jiangshan');
    await complete(cases.marriage, bundleOf('marriageBirthHousehold'), lifeEventOutputsA, '2044-06-01');
  });

  it('retired (退休, 2080)', async () => {
    w.clock.now = '2080-06-03T02:00:00.000Z';
    const values = retirementValues({ retireeName: NAME, retireeIdNumber: PERSON, retireeSex: 'female', retirementDate: '2080-05-16' });
    cases.retirement = await accept(CLERK, { bundleId: 'retirement', values }, 'retirement');
    await complete(cases.retirement, bundleOf('retirement'), {
      ...lifeEventOutputsA,
      retirementApprovalForm: { ...lifeEventOutputsA.retirementApprovalForm, retireeIdNumber: PERSON },
    }, '2080-06-03');
  });

  it('died (身后一件事, 2090); her one archive holds all five cases', async () => {
    w.clock.now = '2090-03-02T02:00:00.000Z';
    const deathTime = '2090-02-26T21:10:00+08:00';
    const values = deathValues({ deceasedName: NAME, deceasedIdNumber: PERSON, deceasedSex: 'female', deathTime, applicantIdNumber: makeId('330212', '2046-07-01', '015') });
    cases.death = await accept(CLERK, { bundleId: 'death', values }, 'death');
    const person = { deceasedName: NAME, deceasedIdNumber: PERSON };
    await complete(cases.death, deathBundle, {
      ...sampleOutputs,
      deathMedicalCertificate: { ...sampleOutputs.deathMedicalCertificate, ...person, deathTime },
      householdCancellationRecord: { ...sampleOutputs.householdCancellationRecord, deceasedIdNumber: PERSON },
    }, '2090-03-02');

    const archive = await w.services.archiveSearch(AUDITOR, PERSON, '核查一个人在联办的全部办件（测试）');
    expect(archive.cases.map((c) => [c.bundleId, c.state]).sort()).toEqual([
      ['birth', 'completed'], ['death', 'completed'], ['marriageBirthHousehold', 'completed'], ['retirement', 'completed'], ['schoolEnrollment', 'completed'],
    ]);
    expect(new Set(archive.cases.map((c) => c.caseId))).toEqual(new Set(Object.values(cases)));
    expect(archive.materials.some((m) => m.caseId === cases.birth && m.type === 'birthMedicalCertificate')).toBe(true);
  });
});
