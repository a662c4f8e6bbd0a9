/**
 * 人生一件事 (first half) through the whole local stack, one case of each bundle, all accepted by the 鄞州 审管办
 * window: 退役军人服务 (with 预备役登记 and the 自主就业 补助), 退休 (with the 公积金 items), 教育入学 (a 随迁子女 with the
 * 参保核验; the child's 出生医学证明 and 户口登记 supplied at the window) and 婚育户 (with 夫妻投靠; the 生育登记 at the
 * 姜山镇 town centre). Every department claims and signs its item as it becomes ready, seeing only what its item
 * declares (driveCase); each case completes and the subject's archive holds the signed materials; no function log
 * line carries an ID, phone or bank account number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marriageBirthHouseholdBundle } from '../../functions/catalog/marriageBirthHouseholdBundle';
import { retirementBundle } from '../../functions/catalog/retirementBundle';
import { schoolEnrollmentBundle } from '../../functions/catalog/schoolEnrollmentBundle';
import { veteranBundle } from '../../functions/catalog/veteranBundle';
import type { Bundle } from '../../functions/core/bundle';
import type { FormValues } from '../../functions/core/form';
import {
  BRIDE_ID,
  CHILD_ID,
  GROOM_ID,
  GUARDIAN_ID,
  lifeEventOutputsA,
  marriageMigrationValues,
  marriageSupplied,
  migrantChildValues,
  RETIREE_ID,
  retirementHousingFundValues,
  schoolEnrollmentSupplied,
  VETERAN_ID,
  veteranOptionalValues,
  veteranSupplied,
} from '../core/lifeEventFixturesA';
import { suppliedBody } from '../api/fixtures';
import { birthSupplied, birthValues } from '../core/fixtures';
import { driveCase, type ItemWork } from './drive';
import { datedNow, eventually, FULL_ID, login, resetLoginCache, shanghaiDay, startScenarioStack, type ScenarioStack, type StaffClient } from './support';

let s: ScenarioStack;
let clerk: StaffClient;
let marriageCaseId = '';
const clients = new Map<string, StaffClient>();

const CLERK = 'yinzhou-serviceCenter-clerk1';
const TOWN = 'yinzhou-jiangshan';
const RECENT = shanghaiDay(-5);
const AT = `${shanghaiDay()}T10:00:00+08:00`;

async function staff(id: string): Promise<StaffClient> {
  const known = clients.get(id);
  if (known) return known;
  const c = await login(s.base, id);
  clients.set(id, c);
  return c;
}

/** The department's handler1 claims, signer1 signs with its approval seal, signer2 countersigns where the item asks. */
async function workOf(bundle: Bundle, itemId: string, department: string): Promise<ItemWork> {
  const item = bundle.items.find((i) => i.id === itemId);
  if (!item) throw new Error(itemId);
  return {
    handler: await staff(`${department}-handler1`),
    signer: await staff(`${department}-signer1`),
    sealId: `${department}-seal`,
    outputs: Object.fromEntries(item.outputs.map((m) => [m, datedNow({ ...lifeEventOutputsA[m] }, AT)])),
    ...(item.countersign ? { countersigner: await staff(`${department}-signer2`) } : {}),
  };
}

interface Run {
  bundle: Bundle;
  values: FormValues;
  chosenOptional: string[];
  supplied: { type: string; data: FormValues }[];
  /** item → department it is routed to */
  routes: Record<string, string>;
}

/** Pre-check, accept at the 鄞州 window, check the routes, drive every sub-task to done, wait for completion. */
async function runCase(run: Run): Promise<string> {
  const body = { bundleId: run.bundle.id, values: run.values, chosenOptional: run.chosenOptional, supplied: run.supplied.map((m) => ({ ...m, attachments: [] })) };
  const pre = await clerk.post('/api/intake/precheck', body);
  expect(pre.status).toBe(200);
  expect(pre.body.notice.issues).toEqual([]);
  const accepted = await clerk.post('/api/cases', { ...body, requestId: `${run.bundle.id}-scenario-${Date.now()}` });
  expect(accepted.status, JSON.stringify(accepted.body).slice(0, 500)).toBe(201);
  const caseId: string = accepted.body.case.id;
  const routes = Object.fromEntries(accepted.body.case.subTasks.map((t: { itemId: string; department: string }) => [t.itemId, t.department]));
  expect(routes).toEqual(run.routes);
  expect(accepted.body.receipt).toMatchObject({ caseId, bundleName: run.bundle.name, acceptingDistrict: '鄞州区' });
  expect(JSON.stringify(accepted.body)).not.toMatch(FULL_ID);

  const work: Record<string, ItemWork> = {};
  for (const [itemId, department] of Object.entries(run.routes)) work[itemId] = await workOf(run.bundle, itemId, department);
  await driveCase(run.bundle, caseId, work);

  const view = await eventually(`${run.bundle.id} completes`, () => clerk.read(`/api/cases/${caseId}`), (b) => b.case.state === 'completed');
  expect(view.case.subTasks.every((t: { state: string }) => t.state === 'done')).toBe(true);
  expect(JSON.stringify(view)).not.toMatch(FULL_ID);
  return caseId;
}

/** The signed materials of the case in the subject's archive (all signatures valid). */
async function archived(idNumber: string, caseId: string): Promise<string[]> {
  const found = await clerk.post('/api/archive/search', { idNumber, purpose: '核对人生一件事办理结果' });
  expect(found.status).toBe(200);
  const mine = found.body.materials.filter((m: { caseId: string }) => m.caseId === caseId);
  expect(mine.every((m: { signatureValid: boolean }) => m.signatureValid)).toBe(true);
  return mine.map((m: { type: string }) => m.type).sort();
}

const outputsOf = (bundle: Bundle, items: readonly string[]) => bundle.items.filter((i) => items.includes(i.id)).flatMap((i) => i.outputs).sort();

const veteranValues = veteranOptionalValues({ dischargedOn: RECENT });
const retirementValues = retirementHousingFundValues({ retirementDate: shanghaiDay() });
const childValues = migrantChildValues();
const marriageValues = marriageMigrationValues();

beforeAll(async () => {
  resetLoginCache();
  s = await startScenarioStack('life-events-a');
  clerk = await staff(CLERK);
}, 240_000);

afterAll(async () => {
  await s?.stop();
});

describe('人生一件事 (first half) through the local stack, accepted at the 鄞州 审管办 window', () => {
  it('退役军人服务: 报到 → 恢复户口 → 身份证 → 养老、医保、社保卡, with 预备役登记 and 经济补助; the veteran\'s archive holds all eight', async () => {
    const supplied = veteranSupplied.map((m) => ({ ...m, data: { ...m.data, ...(m.type === 'dischargeCertificate' ? { dischargedOn: RECENT } : { issuedOn: RECENT }) } }));
    const caseId = await runCase({
      bundle: veteranBundle,
      values: veteranValues,
      chosenOptional: ['reserveRegistration', 'independentEmploymentGrant'],
      supplied,
      routes: {
        veteranReport: 'yinzhou-veteranAffairs',
        householdRestoration: 'yinzhou-police',
        idCardApplication: 'yinzhou-police',
        pensionTransfer: 'yinzhou-hrss',
        medicalInsuranceTransfer: 'yinzhou-medicalInsurance',
        socialSecurityCardApplication: 'yinzhou-hrss',
        reserveRegistration: 'yinzhou-armedForces',
        independentEmploymentGrant: 'yinzhou-veteranAffairs',
      },
    });
    expect(await archived(VETERAN_ID, caseId)).toEqual(outputsOf(veteranBundle, veteranBundle.items.map((i) => i.id)));
    // a department of another kind does not see the veteran's sub-tasks
    expect((await (await staff('yinzhou-education-handler1')).get(`/api/subtasks/${caseId}/pensionTransfer`)).status).toBe(403);
  });

  it('退休: 退休审批 (会签) → 医保退休核定 and 公积金封存 → 退休提取 (会签); the retiree\'s archive holds the four', async () => {
    const caseId = await runCase({
      bundle: retirementBundle,
      values: retirementValues,
      chosenOptional: ['housingFundRetirementWithdrawal'],
      supplied: [],
      routes: {
        retirementApproval: 'yinzhou-hrss',
        medicalRetireeBenefit: 'yinzhou-medicalInsurance',
        housingFundSealing: 'yinzhou-housingFund',
        housingFundRetirementWithdrawal: 'yinzhou-housingFund',
      },
    });
    expect(await archived(RETIREE_ID, caseId)).toEqual(outputsOf(retirementBundle, retirementBundle.items.map((i) => i.id)));
  });

  it('教育入学: 户籍、不动产 and 参保 checks, then the education bureau admits (会签); the child\'s archive holds the results', async () => {
    const caseId = await runCase({
      bundle: schoolEnrollmentBundle,
      values: childValues,
      chosenOptional: ['socialInsuranceVerification'],
      supplied: schoolEnrollmentSupplied,
      routes: {
        householdVerification: 'yinzhou-police',
        propertyVerification: 'yinzhou-naturalResources',
        socialInsuranceVerification: 'yinzhou-hrss',
        admission: 'yinzhou-education',
      },
    });
    const issued = outputsOf(schoolEnrollmentBundle, schoolEnrollmentBundle.items.map((i) => i.id));
    expect(await archived(CHILD_ID, caseId)).toEqual(issued);
    // the guardian is not a subject of the case (a parent's archive would bring every child's birth materials)
    expect(await archived(GUARDIAN_ID, caseId)).toEqual([]);
    // the education bureau received the child's 出生医学证明 (declared fields only) and the two check results
    const { subTask } = await (await staff('yinzhou-education-handler1')).read(`/api/subtasks/${caseId}/admission`);
    expect(Object.keys(subTask.inputs).sort()).toEqual(['birthMedicalCertificate', 'householdVerificationResult', 'propertyVerificationResult']);
    expect(subTask.inputs.birthMedicalCertificate).not.toHaveProperty('weightGrams');
  });

  it('婚育户: 结婚登记 → 婚姻状况变更, 夫妻投靠迁移 and 生育登记 at the 姜山镇 town centre; both spouses\' archives hold the 结婚证', async () => {
    const supplied = marriageSupplied.map((m) => (m.type === 'marriageDeclaration' ? { ...m, data: { ...m.data, signedOn: shanghaiDay() } } : m));
    const caseId = await runCase({
      bundle: marriageBirthHouseholdBundle,
      values: marriageValues,
      chosenOptional: ['spouseHouseholdMigration'],
      supplied,
      routes: {
        marriageRegistration: 'yinzhou-civilAffairs',
        maritalStatusUpdate: 'yinzhou-police',
        spouseHouseholdMigration: 'yinzhou-police',
        birthRegistration: TOWN,
      },
    });
    const issued = outputsOf(marriageBirthHouseholdBundle, marriageBirthHouseholdBundle.items.map((i) => i.id));
    expect(await archived(GROOM_ID, caseId)).toEqual(issued);
    expect(await archived(BRIDE_ID, caseId)).toEqual(issued);
    marriageCaseId = caseId;
    // another town centre of 鄞州 does not see the 生育登记 routed to 姜山
    expect((await (await staff('yinzhou-shounan-handler1')).get(`/api/subtasks/${caseId}/birthRegistration`)).status).toBe(403);
  });

  it('ask once: the couple\'s later 出生一件事 is not asked for the 结婚证 — the pre-check finds it in their archive', async () => {
    const values = birthValues({ babyBirthTime: `${RECENT}T08:30:00+08:00`, fatherName: '测试新郎庚', fatherIdNumber: GROOM_ID, motherName: '测试新娘辛', motherIdNumber: BRIDE_ID });
    const householdBook = suppliedBody(birthSupplied).filter((m) => m.type === 'householdBook');
    const pre = await clerk.post('/api/intake/precheck', { bundleId: 'birth', values, chosenOptional: [], supplied: householdBook });
    expect(pre.status).toBe(200);
    expect(pre.body.notice.issues).toEqual([]);
    expect(pre.body.notice.materials.find((m: { material: string }) => m.material === 'marriageCertificate')).toMatchObject({ source: 'archive', caseId: marriageCaseId, itemId: 'marriageRegistration' });
  });

  it('no function log line carries an ID, phone or bank account number', () => {
    const all = s.functionLog.join('\n');
    const secrets = [
      VETERAN_ID, RETIREE_ID, CHILD_ID, GUARDIAN_ID, GROOM_ID, BRIDE_ID,
      veteranValues.veteranPhone, veteranValues.grantBankAccount, retirementValues.retireePhone, retirementValues.withdrawalBankAccount,
      childValues.guardianPhone, marriageValues.applicantPhone,
    ];
    for (const secret of secrets) expect(all).not.toContain(String(secret));
    expect(all.length).toBeGreaterThan(0);
  });
});
