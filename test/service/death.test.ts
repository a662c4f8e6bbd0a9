// 身后一件事 across districts: died in 海曙, household registration in 鄞州, insured in 江北 — each sub-task goes
// to the right district's department; the police never see the cause of death; the case completes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isDomainError } from '../../functions/core/errors.js';
import { D, DECEASED_ID, deathBundle, deathValues } from '../core/fixtures.js';
import { work } from './helpers.js';
import { staff, startWorld, type World } from './support.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.stop();
});

it('routes each sub-task to the district of death, registration and insurance, and completes', async () => {
  const clerk = staff('haishu-serviceCenter', 'clerk1');
  const { case: c } = await w.services.acceptCase(clerk, { bundleId: 'death', values: deathValues({ housingFundAccount: '330200123456789' }), chosenOptional: ['housingFundWithdrawal'], requestId: 'death-req-0001' });
  const routes = Object.fromEntries(c.subTasks.map((s) => [s.itemId, [s.district, s.department]]));
  expect(routes).toEqual({
    deathCertificate: [D.haishu, 'haishu-health'],
    cremation: [D.haishu, 'haishu-civilAffairs'],
    householdCancellation: [D.yinzhou, 'yinzhou-police'],
    pensionSettlement: [D.jiangbei, 'jiangbei-hrss'],
    medicalAccountSettlement: [D.jiangbei, 'jiangbei-medicalInsurance'],
    housingFundWithdrawal: [D.haishu, 'haishu-housingFund'],
  });
  await w.services.drainCase(c.id);
  await work(w.services, deathBundle, c.id, 'deathCertificate', 'haishu-health');

  const police = (await w.services.subTask(staff('yinzhou-police', 'handler1'), c.id, 'householdCancellation')).subTask;
  expect(police.state).toBe('ready');
  expect(police.inputs.deathMedicalCertificate).toMatchObject({ certificateNumber: 'S330203202600123', deceasedIdNumber: DECEASED_ID });
  expect(JSON.stringify(police)).not.toContain('慢性心力衰竭');
  expect(police.form).not.toHaveProperty('deathCause');
  // 海曙 police do not handle a 鄞州 registration.
  const other = await w.services.subTask(staff('haishu-police', 'handler1'), c.id, 'householdCancellation').catch((e: unknown) => e);
  expect(isDomainError(other) && other.code).toBe('FORBIDDEN');

  await work(w.services, deathBundle, c.id, 'cremation', 'haishu-civilAffairs');
  await work(w.services, deathBundle, c.id, 'householdCancellation', 'yinzhou-police');
  const pension = (await w.services.subTask(staff('jiangbei-hrss', 'handler1'), c.id, 'pensionSettlement')).subTask;
  expect(pension.state).toBe('ready');
  expect(Object.keys(pension.inputs).sort()).toEqual(['cremationCertificate', 'deathMedicalCertificate', 'householdCancellationRecord']);
  expect(JSON.stringify(pension)).not.toContain('慢性心力衰竭');
  await work(w.services, deathBundle, c.id, 'pensionSettlement', 'jiangbei-hrss');
  await work(w.services, deathBundle, c.id, 'medicalAccountSettlement', 'jiangbei-medicalInsurance');
  // 公积金提取 is handled and signed by the 审管办 window under 集中授权.
  const window = staff('haishu-serviceCenter', 'signer1');
  const v1 = (await w.services.subTask(window, c.id, 'housingFundWithdrawal')).subTask.version;
  const claimed = await w.services.act(window, c.id, 'housingFundWithdrawal', { type: 'claim' }, v1);
  const signed = await w.services.act(window, c.id, 'housingFundWithdrawal', {
    type: 'signOff', sealId: 'haishu-serviceCenter-delegated-seal', outputs: { housingFundDecision: { decisionNumber: 'GJJ2026-0066', amountYuan: 88000, closedOn: '2026-03-02' } },
  }, claimed.subTask.version);
  await w.services.act(staff('haishu-serviceCenter', 'signer2'), c.id, 'housingFundWithdrawal', { type: 'countersign', sealId: 'haishu-serviceCenter-delegated-seal' }, signed.subTask.version);
  await w.services.drainCase(c.id);
  expect((await w.services.getCase(clerk, c.id)).case.state).toBe('completed');
  // Supervisors of the sub-tasks' districts see the case; the auditor's archive read shows it under the deceased.
  expect((await w.services.getCase(staff('jiangbei-serviceCenter', 'supervisor1'), c.id)).case.id).toBe(c.id);
  const archive = await w.services.archiveSearch(staff('haishu-serviceCenter', 'auditor1'), DECEASED_ID, '核查身后一件事');
  expect(archive.cases.map((x) => x.role)).toEqual(['deceased']);
  expect(archive.materials.find((m) => m.type === 'deathMedicalCertificate')?.fields.deceasedIdNumber).not.toBe(DECEASED_ID);
  expect(archive.materials.every((m) => m.signatureValid)).toBe(true);
});
