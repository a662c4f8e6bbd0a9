import { describe, expect, it } from 'vitest';
import { acceptCase, completeCase, subjectIds, withdrawCase } from '../../functions/core/case.js';
import { isDomainError } from '../../functions/core/errors.js';
import type { SubTaskResult } from '../../functions/core/subtask.js';
import { type DomainError } from '../../functions/core/errors.js';
import {
  actor, birthBundle, birthSupplied, birthValues, calendar, D, DECEASED_ID, deathBundle, deathValues, dispatcher, MOTHER_ID, NOW,
  outputsFor, sampleOutputs, seedDirectory, staffOf, World,
} from './fixtures.js';

const CLERK = 'haishu-serviceCenter-clerk1';

function ok(r: SubTaskResult | DomainError): SubTaskResult {
  if (isDomainError(r)) throw new Error(`${r.code}: ${r.message} ${JSON.stringify(r.issues)}`);
  return r;
}

/** Claim and sign (countersign when asked) one item with its department's staff. */
function work(w: World, itemId: string, now = NOW): void {
  const dep = w.get(itemId).department;
  ok(w.act(itemId, { type: 'claim' }, staffOf(dep, 'handler1'), now));
  const seal = `${dep}-seal`;
  ok(w.act(itemId, { type: 'signOff', sealId: seal, outputs: outputsFor(w.bundle, itemId) }, staffOf(dep, 'signer1'), now));
  if (w.get(itemId).state === 'countersigning') ok(w.act(itemId, { type: 'countersign', sealId: seal }, staffOf(dep, 'signer2'), now));
}

describe('accepting a case (受理)', () => {
  it('creates the case, its sub-tasks, the application material and the promise date', () => {
    const r = acceptCase({
      caseId: 'LB-0001', bundle: birthBundle, values: birthValues({ motherIdNumber: MOTHER_ID.toLowerCase(), babyName: ' 王小满 ' }), chosenOptional: [],
      supplied: birthSupplied, actor: actor(CLERK), now: NOW, directory: seedDirectory, calendar,
    });
    if (isDomainError(r)) throw r;
    expect(r.case).toMatchObject({ id: 'LB-0001', state: 'accepted', acceptingDistrict: D.haishu, acceptedBy: CLERK, version: 1 });
    expect(r.case.due).toEqual({ date: '2026-03-09', provisional: false });
    expect(r.case.districts.sort()).toEqual([D.haishu, D.jiangbei, D.yinzhou].sort());
    expect(r.case.subjects.map((s) => s.role)).toEqual(['mother', 'father']);
    expect(r.case.subjects[0].maskedId).toMatch(/^3302\*{10}/);
    expect(r.subTasks).toHaveLength(5);
    expect(r.materials.map((m) => m.type)).toEqual(['application', 'marriageCertificate', 'householdBook']);
    expect(r.materials[0].data.babyName).toBe('王小满');
    expect(r.materials[0].data.motherIdNumber).toBe(MOTHER_ID);
    expect(r.events[0]).toMatchObject({ action: 'accept', from: null, to: 'accepted', actor: { id: CLERK } });
    expect(r.effects.filter((e) => e.kind === 'enqueue')).toHaveLength(2);
    expect(r.notice.ok).toBe(true);
  });

  it('refuses an application that fails the pre-check, with every issue', () => {
    const r = acceptCase({
      caseId: 'LB-0002', bundle: birthBundle, values: birthValues({ babyBirthTime: '2024-01-01T00:00:00Z', applicantPhone: 'x' }), chosenOptional: [],
      supplied: [], actor: actor(CLERK), now: NOW, directory: seedDirectory, calendar,
    });
    expect(isDomainError(r) && r.code).toBe('PRECHECK_FAILED');
    expect(isDomainError(r) && r.status).toBe(422); // one catalog: what the api answers
    expect(isDomainError(r) && r.issues.length).toBeGreaterThanOrEqual(4);
  });

  it('only a window clerk accepts, in the clerk\'s own district', () => {
    const input = { caseId: 'LB-0003', bundle: birthBundle, values: birthValues(), chosenOptional: [], supplied: birthSupplied, now: NOW, directory: seedDirectory, calendar };
    const r = acceptCase({ ...input, actor: staffOf('haishu-police', 'handler1') });
    expect(isDomainError(r) && r.code).toBe('FORBIDDEN');
    const forged = acceptCase({ ...input, actor: { ...actor(CLERK), district: D.yinzhou } });
    expect(isDomainError(forged) && forged.code).toBe('FORBIDDEN');
    expect(isDomainError(acceptCase({ ...input, actor: dispatcher })) ).toBe(true);
    const badId = acceptCase({ ...input, caseId: 'x/y', actor: actor(CLERK) });
    expect(isDomainError(badId) && badId.code).toBe('VALIDATION_FAILED');
  });

  it('a chosen optional item with a long limit stretches the promise', () => {
    const w = World.accept(birthBundle, birthValues({ motherBankAccount: '6222021234567890123', motherBankName: '宁波银行', motherInsuredDistrict: D.haishu }), CLERK, { chosenOptional: ['maternityReimbursement'] });
    expect(w.case.due.date).toBe('2026-03-17'); // 1 + 10 working days
  });
});

describe('a birth case end to end (pure core)', () => {
  it('runs from acceptance to completion through five departments', () => {
    const w = World.accept(birthBundle, birthValues(), CLERK);
    work(w, 'vaccinationCertificate');
    expect(w.case.state).toBe('accepted');
    work(w, 'birthCertificate');
    expect(w.get('householdRegistration').state).toBe('ready');
    work(w, 'householdRegistration');
    expect(w.get('medicalInsuranceEnrollment').state).toBe('ready');
    expect(w.get('socialSecurityCardApplication').inputs.householdRegistrationRecord.fields.babyIdNumber).toBe(sampleOutputs.householdRegistrationRecord.babyIdNumber);
    work(w, 'medicalInsuranceEnrollment');
    work(w, 'socialSecurityCardApplication');
    expect(w.case.state).toBe('completed');
    expect(w.case.endedAt).toBe(NOW);
    const last = w.events[w.events.length - 1];
    expect(last).toMatchObject({ action: 'complete', from: 'accepted', to: 'completed', itemId: null });
    for (const e of w.events) {
      expect(e.actor.id).toBeTruthy();
      expect(e.at).toBe(NOW);
      expect(e.to).toBeTruthy();
    }
    expect(new Set(w.events.map((e) => e.id)).size).toBe(w.events.length);
    // The baby's new number joins the archive subjects once issued.
    const outputs = Object.fromEntries([...w.subTasks.values()].flatMap((s) => Object.entries(s.outputs)));
    expect(subjectIds(birthBundle, birthValues(), outputs).map((s) => s.role)).toEqual(['baby', 'mother', 'father']);
  });

  it('is closed, not completed, when a required item is refused', () => {
    const w = World.accept(birthBundle, birthValues(), CLERK);
    work(w, 'vaccinationCertificate');
    work(w, 'birthCertificate');
    const dep = w.get('householdRegistration').department;
    ok(w.act('householdRegistration', { type: 'claim' }, staffOf(dep, 'handler1')));
    ok(w.act('householdRegistration', { type: 'refuse', sealId: `${dep}-seal`, reason: '申请人户籍不符' }, staffOf(dep, 'signer1')));
    expect(w.states()).toMatchObject({ medicalInsuranceEnrollment: 'cancelled', socialSecurityCardApplication: 'cancelled' });
    expect(w.case.state).toBe('closed');
  });
});

describe('the cross-district death case', () => {
  it('died in 海曙, registered in 鄞州, insured in 江北: each department in its district, countersigns, completion', () => {
    const w = World.accept(deathBundle, deathValues({ housingFundAccount: '330200123456789' }), CLERK, { chosenOptional: ['housingFundWithdrawal'] });
    expect(Object.fromEntries([...w.subTasks.values()].map((s) => [s.itemId, s.department]))).toEqual({
      deathCertificate: 'haishu-health',
      cremation: 'haishu-civilAffairs',
      householdCancellation: 'yinzhou-police',
      pensionSettlement: 'jiangbei-hrss',
      medicalAccountSettlement: 'jiangbei-medicalInsurance',
      housingFundWithdrawal: 'haishu-housingFund',
    });
    work(w, 'deathCertificate');
    expect(w.get('cremation').state).toBe('ready');
    expect(w.get('householdCancellation').state).toBe('ready');
    // 死亡原因 is health data: only the issuing item's department has it; the police get the certificate without it.
    expect(w.get('householdCancellation').inputs.deathMedicalCertificate.fields).not.toHaveProperty('deathCause');
    expect(w.get('householdCancellation').form).not.toHaveProperty('deathCause');
    expect(w.get('pensionSettlement').state).toBe('waiting');
    work(w, 'householdCancellation');
    expect(w.get('pensionSettlement').state).toBe('waiting'); // still needs the cremation certificate
    expect(w.get('medicalAccountSettlement').state).toBe('ready');
    work(w, 'cremation');
    expect(w.get('pensionSettlement').state).toBe('ready');
    work(w, 'pensionSettlement');
    work(w, 'medicalAccountSettlement');
    expect(w.case.state).toBe('accepted');
    work(w, 'housingFundWithdrawal');
    expect(w.case.state).toBe('completed');
    expect(w.get('pensionSettlement').signatures).toHaveLength(2);
    expect(subjectIds(deathBundle, deathValues(), {})[0]).toEqual({ role: 'deceased', label: '逝者', kind: 'person', code: DECEASED_ID });
  });
});

describe('withdrawing (撤销) and completing', () => {
  it('the accepting clerk withdraws with a reason; open sub-tasks are cancelled', () => {
    const w = World.accept(birthBundle, birthValues(), CLERK);
    work(w, 'vaccinationCertificate');
    const r = withdrawCase(w.case, w.states(), '申请人要求撤回', actor(CLERK), NOW, seedDirectory);
    if (isDomainError(r)) throw r;
    expect(r.case).toMatchObject({ state: 'withdrawn', withdrawal: { reason: '申请人要求撤回', by: CLERK } });
    const cancelled = r.effects.filter((e) => e.kind === 'cancelSubTask').map((e) => e.kind === 'cancelSubTask' && e.itemId);
    expect(cancelled.sort()).toEqual(['birthCertificate', 'householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication']);
    expect(r.events[0]).toMatchObject({ action: 'withdraw', from: 'accepted', to: 'withdrawn', reason: '申请人要求撤回' });
    w.case = r.case;
    w.apply(r.effects, NOW);
    expect(Object.values(w.states()).filter((s) => s === 'cancelled')).toHaveLength(4);
    // Staff cannot act on a withdrawn case.
    // Comments stay possible on the record; other actions do not.
    const note = w.act('birthCertificate', { type: 'comment', text: '申请人已撤回' }, staffOf('haishu-hospital1', 'handler1'));
    expect(isDomainError(note)).toBe(false);
    const again = withdrawCase(w.case, w.states(), '再次撤销', actor(CLERK), NOW, seedDirectory);
    expect(isDomainError(again) && again.code).toBe('CASE_CLOSED');
  });

  it('refuses a withdrawal without reason, or by someone else', () => {
    const w = World.accept(birthBundle, birthValues(), CLERK);
    const noReason = withdrawCase(w.case, w.states(), ' ', actor(CLERK), NOW, seedDirectory);
    expect(isDomainError(noReason) && noReason.code).toBe('VALIDATION_FAILED');
    const other = withdrawCase(w.case, w.states(), '理由充分', actor('yinzhou-serviceCenter-clerk1'), NOW, seedDirectory);
    expect(isDomainError(other) && other.code).toBe('FORBIDDEN');
    const handler = withdrawCase(w.case, w.states(), '理由充分', staffOf('haishu-hospital1', 'handler1'), NOW, seedDirectory);
    expect(isDomainError(handler) && handler.code).toBe('FORBIDDEN');
    const supervisor = withdrawCase(w.case, w.states(), '重复受理', actor('haishu-serviceCenter-supervisor1'), NOW, seedDirectory);
    expect(isDomainError(supervisor)).toBe(false);
  });

  it('a staff command on a withdrawn case is CASE_CLOSED', () => {
    const w = World.accept(birthBundle, birthValues(), CLERK);
    const r = withdrawCase(w.case, w.states(), '申请人要求撤回', actor(CLERK), NOW, seedDirectory);
    if (isDomainError(r)) throw r;
    w.case = r.case;
    const claim = w.act('birthCertificate', { type: 'claim' }, staffOf('haishu-hospital1', 'handler1'));
    expect(isDomainError(claim) && claim.code).toBe('CASE_CLOSED');
  });

  it('completion waits for every sub-task, is idempotent and system-only', () => {
    const w = World.accept(birthBundle, birthValues(), CLERK);
    const notYet = completeCase(w.case, w.states(), birthBundle, dispatcher, NOW);
    expect(!isDomainError(notYet) && notYet.changed).toBe(false);
    const byStaff = completeCase(w.case, w.states(), birthBundle, actor(CLERK), NOW);
    expect(isDomainError(byStaff) && byStaff.code).toBe('FORBIDDEN');
    for (const id of ['vaccinationCertificate', 'birthCertificate', 'householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication']) work(w, id);
    expect(w.case.state).toBe('completed');
    const again = completeCase(w.case, w.states(), birthBundle, dispatcher, NOW);
    expect(!isDomainError(again) && again.changed).toBe(false);
  });
});
