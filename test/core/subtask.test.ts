import { describe, expect, it } from 'vitest';
import { type Directory } from '../../functions/core/directory.js';
import type { Effect } from '../../functions/core/effects.js';
import { type DomainError, isDomainError } from '../../functions/core/errors.js';
import type { SubTaskResult } from '../../functions/core/subtask.js';
import {
  actor, birthBundle, birthValues, D, deathBundle, deathValues, dispatcher, NOW, outputsFor, seedDirectory, staffOf, World,
} from './fixtures.js';

const CLERK = 'haishu-serviceCenter-clerk1';
const hospitalHandler = staffOf('haishu-hospital1', 'handler1');
const hospitalSigner = staffOf('haishu-hospital1', 'signer1');
const policeHandler = staffOf('yinzhou-police', 'handler1');
const policeHandler2 = staffOf('yinzhou-police', 'handler2');
const policeSigner = staffOf('yinzhou-police', 'signer1');
const policeSigner2 = staffOf('yinzhou-police', 'signer2');

function ok(r: SubTaskResult | DomainError): SubTaskResult {
  if (isDomainError(r)) throw new Error(`${r.code}: ${r.message} ${JSON.stringify(r.issues)}`);
  return r;
}
function err(r: SubTaskResult | DomainError): DomainError {
  if (!isDomainError(r)) throw new Error(`expected an error, got state ${r.subTask.state}`);
  return r;
}
const kinds = (effects: Effect[]) => effects.map((e) => e.kind);

function birthWorld(chosen: string[] = [], values = birthValues()): World {
  return World.accept(birthBundle, values, CLERK, { chosenOptional: chosen });
}

/** Birth world with the birth certificate signed, the household registration claimed by handler1. */
function policeClaimed(chosen: string[] = []): World {
  const w = birthWorld(chosen);
  ok(w.act('birthCertificate', { type: 'claim' }, hospitalHandler));
  ok(w.act('birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: outputsFor(birthBundle, 'birthCertificate') }, hospitalSigner));
  ok(w.act('householdRegistration', { type: 'claim' }, policeHandler));
  return w;
}

describe('sub-task lifecycle: claim and sign off', () => {
  it('releases items without pending inputs at acceptance, others wait', () => {
    const w = birthWorld();
    expect(w.states()).toEqual({
      birthCertificate: 'ready', householdRegistration: 'waiting', medicalInsuranceEnrollment: 'waiting',
      socialSecurityCardApplication: 'waiting', vaccinationCertificate: 'ready',
    });
    expect(w.get('householdRegistration').inputs.householdBook?.fields).toEqual({ householdNumber: '330212012345', householdHeadName: '王建华', address: '浙江省宁波市鄞州区首南街道日丽中路1号' });
  });

  it('claim starts the clock, opens a to-do and moves the queue rows', () => {
    const w = birthWorld();
    const r = ok(w.act('birthCertificate', { type: 'claim' }, hospitalHandler));
    expect(r.subTask).toMatchObject({ state: 'claimed', assignee: hospitalHandler.id, version: 2 });
    expect(r.subTask.clock.startedOn).toBe('2026-03-02');
    expect(kinds(r.effects)).toEqual(['createTodo', 'dequeue', 'enqueue', 'enqueue']);
    const deq = r.effects.find((e) => e.kind === 'dequeue');
    expect(deq?.kind === 'dequeue' && deq.entry.queue).toBe(`dept:${D.haishu}:haishu-hospital1:ready`);
    expect(r.subTask.queue.map((q) => q.queue)).toEqual([`user:${hospitalHandler.id}:active`, `dept:${D.haishu}:haishu-hospital1:active`]);
    expect(r.subTask.queue[0].due).toBe(20260303);
    expect(r.events[0]).toMatchObject({ action: 'claim', from: 'ready', to: 'claimed', at: NOW, actor: { id: hospitalHandler.id, department: 'haishu-hospital1' } });
  });

  it('a second claim gets a conflict, a claim from another department or district is forbidden', () => {
    const w = birthWorld();
    ok(w.act('birthCertificate', { type: 'claim' }, hospitalHandler));
    expect(err(w.act('birthCertificate', { type: 'claim' }, staffOf('haishu-hospital1', 'handler2'))).code).toBe('INVALID_TRANSITION');
    const w2 = birthWorld();
    expect(err(w2.act('birthCertificate', { type: 'claim' }, policeHandler)).code).toBe('FORBIDDEN');
    expect(err(w2.act('birthCertificate', { type: 'claim' }, staffOf('yinzhou-hospital1', 'handler1'))).code).toBe('FORBIDDEN');
    expect(err(w2.act('birthCertificate', { type: 'claim' }, actor(CLERK))).code).toBe('FORBIDDEN');
    expect(err(w2.act('birthCertificate', { type: 'claim' }, actor('haishu-serviceCenter-auditor1'))).code).toBe('FORBIDDEN');
  });

  it('sign-off needs a signer, the department\'s own seal in scope, and valid outputs', () => {
    const w = birthWorld();
    ok(w.act('birthCertificate', { type: 'claim' }, hospitalHandler));
    const outputs = outputsFor(birthBundle, 'birthCertificate');
    expect(err(w.act('birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs }, hospitalHandler)).code).toBe('FORBIDDEN');
    expect(err(w.act('birthCertificate', { type: 'signOff', sealId: 'yinzhou-police-seal', outputs }, hospitalSigner)).code).toBe('FORBIDDEN');
    expect(err(w.act('birthCertificate', { type: 'signOff', sealId: 'no-seal', outputs }, hospitalSigner)).code).toBe('NOT_FOUND');
    const bad = err(w.act('birthCertificate', {
      type: 'signOff', sealId: 'haishu-hospital1-seal',
      outputs: { birthMedicalCertificate: { ...outputs.birthMedicalCertificate, motherIdNumber: '330203199305120421', certificateNumber: '' }, extra: {} },
    }, hospitalSigner));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.issues.map((i) => i.code).sort()).toEqual(['ID_CHECK_DIGIT', 'REQUIRED', 'UNEXPECTED_OUTPUT']);
    // Out of scope: the seal exists and is the department's own, but does not list the item.
    // (the scope narrowed after the case was routed there: the pre-check refuses a hospital that cannot sign it)
    const narrowed: Directory = { ...seedDirectory, seals: seedDirectory.seals.map((s) => (s.id === 'haishu-hospital1-seal' ? { ...s, scope: [] } : s)) };
    const w3 = World.accept(birthBundle, birthValues(), CLERK, { later: narrowed });
    ok(w3.act('birthCertificate', { type: 'claim' }, hospitalHandler));
    expect(err(w3.act('birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs }, hospitalSigner)).code).toBe('SEAL_OUT_OF_SCOPE');
  });

  it('signing off shares only the declared fields and releases the next sub-task', () => {
    const w = birthWorld(['maternityReimbursement'], birthValues({ motherBankAccount: '6222021234567890123', motherBankName: '宁波银行', motherInsuredDistrict: D.haishu }));
    ok(w.act('birthCertificate', { type: 'claim' }, hospitalHandler));
    const r = ok(w.act('birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: outputsFor(birthBundle, 'birthCertificate') }, hospitalSigner));
    expect(r.subTask.state).toBe('done');
    const shares = r.effects.filter((e) => e.kind === 'shareMaterial');
    expect(shares.map((s) => s.kind === 'shareMaterial' && s.toItem).sort()).toEqual([
      'householdRegistration', 'maternityReimbursement', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication',
    ]);
    expect(kinds(r.effects)).toEqual(expect.arrayContaining(['finishTodo', 'releaseSubTask', 'completeCase', 'notify', 'dequeue']));
    // Effect ids are stable and unique.
    expect(new Set(r.effects.map((e) => e.id)).size).toBe(r.effects.length);
    expect(r.effects[0].id.startsWith('LB20260302-0001/birthCertificate@3/')).toBe(true);

    const police = w.get('householdRegistration');
    expect(police.state).toBe('ready');
    expect(police.district).toBe(D.yinzhou);
    expect(police.inputs.birthMedicalCertificate.fields.certificateNumber).toBe('Q330123456');
    expect(police.inputs.birthMedicalCertificate.fields).not.toHaveProperty('weightGrams');
    expect(police.form).not.toHaveProperty('motherBankAccount');
    expect(w.get('maternityReimbursement').form.motherBankAccount).toBe('6222021234567890123');
    // Needs the household record too: still waiting.
    expect(w.get('medicalInsuranceEnrollment').state).toBe('waiting');
  });
});

describe('hand-off (转交)', () => {
  it('to a person: only that person may claim next', () => {
    const w = policeClaimed();
    const r = ok(w.act('householdRegistration', { type: 'handOff', toStaff: policeHandler2.id, reason: '该户籍地址由二组负责' }, policeHandler));
    expect(r.subTask).toMatchObject({ state: 'ready', assignee: policeHandler2.id, todo: null });
    expect(r.subTask.queue.map((q) => q.queue)).toEqual([`user:${policeHandler2.id}:ready`]);
    expect(kinds(r.effects)).toEqual(expect.arrayContaining(['finishTodo', 'notify']));
    expect(err(w.act('householdRegistration', { type: 'claim' }, policeHandler)).code).toBe('FORBIDDEN');
    expect(ok(w.act('householdRegistration', { type: 'claim' }, policeHandler2)).subTask.clock.startedOn).toBe('2026-03-02');
  });

  it('to a department of another district that joined: the receiver claims again', () => {
    const w = policeClaimed();
    const r = ok(w.act('householdRegistration', { type: 'handOff', toDepartment: 'haishu-police', reason: '实际户籍在海曙' }, policeHandler));
    expect(r.subTask).toMatchObject({ state: 'ready', district: D.haishu, department: 'haishu-police', assignee: null });
    expect(r.events[0].detail).toMatchObject({ toDepartment: 'haishu-police', toDistrict: D.haishu });
    expect(err(w.act('householdRegistration', { type: 'claim' }, policeHandler2)).code).toBe('FORBIDDEN');
    ok(w.act('householdRegistration', { type: 'claim' }, staffOf('haishu-police', 'handler1')));
  });

  it('refuses a bad target: self, wrong kind, unknown, no reason, not the claimer', () => {
    const w = policeClaimed();
    const hand = (cmd: object, who = policeHandler) => w.act('householdRegistration', { type: 'handOff', reason: '原因说明', ...cmd }, who);
    expect(err(hand({ toStaff: policeHandler.id })).code).toBe('VALIDATION_FAILED');
    expect(err(hand({ toDepartment: 'yinzhou-hrss' })).code).toBe('VALIDATION_FAILED');
    expect(err(hand({ toDepartment: 'nowhere' })).code).toBe('NOT_FOUND');
    expect(err(hand({ toStaff: 'yinzhou-hrss-handler1' })).code).toBe('VALIDATION_FAILED');
    expect(err(hand({})).code).toBe('VALIDATION_FAILED');
    expect(err(w.act('householdRegistration', { type: 'handOff', toStaff: policeHandler2.id, reason: '' }, policeHandler)).code).toBe('VALIDATION_FAILED');
    expect(err(hand({ toStaff: policeHandler2.id }, policeHandler2)).code).toBe('FORBIDDEN');
  });

  it('refuses a department in a district that has not joined the bundle', () => {
    const w = World.accept(deathBundle, deathValues(), CLERK);
    const h = staffOf('yinzhou-police', 'handler1');
    expect(err(w.act('householdCancellation', { type: 'claim' }, h)).code).toBe('INVALID_TRANSITION'); // still waiting
    const health = staffOf('haishu-health', 'handler1');
    ok(w.act('deathCertificate', { type: 'claim' }, health));
    ok(w.act('deathCertificate', { type: 'signOff', sealId: 'haishu-health-seal', outputs: outputsFor(deathBundle, 'deathCertificate') }, staffOf('haishu-health', 'signer1')));
    ok(w.act('householdCancellation', { type: 'claim' }, h));
    expect(err(w.act('householdCancellation', { type: 'handOff', toDepartment: 'beilun-police', reason: '户籍已迁至北仑' }, h)).code).toBe('DISTRICT_NOT_JOINED');
  });
});

describe('correction (退回补正), suspension (中止), extension (延期)', () => {
  it('return pauses the clock; the clerk resubmits corrected fields and the clock resumes', () => {
    const w = policeClaimed();
    const r = ok(w.act('householdRegistration', { type: 'returnForCorrection', reason: '户籍地址与户口簿不一致', items: ['户籍地址'] }, policeHandler, '2026-03-03T02:00:00Z'));
    expect(r.subTask.state).toBe('returned');
    expect(r.subTask.clock.pauses).toHaveLength(1);
    expect(r.subTask.queue.every((q) => q.due === 99991231)).toBe(true);
    const note = r.effects.find((e) => e.kind === 'notify');
    expect(note?.kind === 'notify' && note.to).toEqual({ staff: CLERK });
    expect(err(w.act('householdRegistration', { type: 'resubmit', values: { motherBankAccount: '6222021234567890123' } }, actor(CLERK))).code).toBe('VALIDATION_FAILED');
    expect(err(w.act('householdRegistration', { type: 'resubmit', values: { applicantPhone: '12345' } }, actor(CLERK))).code).toBe('VALIDATION_FAILED');
    expect(err(w.act('householdRegistration', { type: 'resubmit', values: {} }, actor('yinzhou-serviceCenter-clerk1'))).code).toBe('FORBIDDEN');
    const back = ok(w.act('householdRegistration', { type: 'resubmit', values: { householdAddress: '浙江省宁波市鄞州区首南街道日丽中路1弄1号' } }, actor(CLERK), '2026-03-06T02:00:00Z'));
    expect(back.subTask.state).toBe('claimed');
    expect(back.subTask.form.householdAddress).toBe('浙江省宁波市鄞州区首南街道日丽中路1弄1号');
    expect(back.subTask.clock.pauses[0]).toMatchObject({ from: '2026-03-03', until: '2026-03-06' });
    expect(back.subTask.correction).toBeNull();
  });

  it('return needs a reason and the list of what to correct (一次性告知)', () => {
    const w = policeClaimed();
    const e = err(w.act('householdRegistration', { type: 'returnForCorrection', reason: '', items: [] }, policeHandler));
    expect(e.issues.map((i) => i.field)).toEqual(['reason', 'items']);
  });

  it('suspend for a special step and resume', () => {
    const w = policeClaimed();
    expect(err(w.act('householdRegistration', { type: 'suspend', kind: 'hearing', reason: '' }, policeHandler)).code).toBe('VALIDATION_FAILED');
    ok(w.act('householdRegistration', { type: 'suspend', kind: 'appraisal', reason: '亲子关系鉴定' }, policeHandler));
    expect(w.get('householdRegistration').state).toBe('suspended');
    expect(err(w.act('householdRegistration', { type: 'signOff', sealId: 'yinzhou-police-seal', outputs: outputsFor(birthBundle, 'householdRegistration') }, policeSigner)).code).toBe('INVALID_TRANSITION');
    ok(w.act('householdRegistration', { type: 'resume' }, policeHandler));
    expect(w.get('householdRegistration').clock.pauses[0].reason).toBe('suspension');
  });

  it('extends once, approved by someone else; a second extension is refused', () => {
    const w = policeClaimed();
    expect(err(w.act('householdRegistration', { type: 'requestExtension', days: 9, reason: '需调查核实' }, policeHandler)).code).toBe('VALIDATION_FAILED');
    ok(w.act('householdRegistration', { type: 'requestExtension', days: 2, reason: '需调查核实' }, policeHandler));
    expect(err(w.act('householdRegistration', { type: 'requestExtension', days: 1, reason: '再次延期' }, policeHandler)).code).toBe('EXTENSION_PENDING');
    expect(err(w.act('householdRegistration', { type: 'decideExtension', approve: true }, policeHandler)).code).toBe('FORBIDDEN');
    expect(err(w.act('householdRegistration', { type: 'decideExtension', approve: false }, policeSigner)).code).toBe('VALIDATION_FAILED');
    const r = ok(w.act('householdRegistration', { type: 'decideExtension', approve: true, reason: '同意' }, policeSigner));
    expect(r.subTask.clock.extensionDays).toBe(2);
    expect(r.subTask.queue[0].due).toBe(20260306);
    expect(err(w.act('householdRegistration', { type: 'requestExtension', days: 1, reason: '再次延期' }, policeHandler)).code).toBe('EXTENSION_ALREADY_USED');
  });

  it('a rejected request may be followed by a new one; nobody approves their own', () => {
    const w = policeClaimed();
    ok(w.act('householdRegistration', { type: 'requestExtension', days: 1, reason: '需调查核实' }, policeHandler));
    ok(w.act('householdRegistration', { type: 'decideExtension', approve: false, reason: '材料已齐全' }, policeSigner));
    expect(err(w.act('householdRegistration', { type: 'decideExtension', approve: true }, policeSigner)).code).toBe('INVALID_TRANSITION');
    ok(w.act('householdRegistration', { type: 'handOff', toStaff: policeSigner.id, reason: '交签章人处理' }, policeHandler));
    ok(w.act('householdRegistration', { type: 'claim' }, policeSigner));
    ok(w.act('householdRegistration', { type: 'requestExtension', days: 1, reason: '需补充调查' }, policeSigner));
    expect(err(w.act('householdRegistration', { type: 'decideExtension', approve: true }, policeSigner)).message).toContain('自己');
    ok(w.act('householdRegistration', { type: 'decideExtension', approve: true }, actor('yinzhou-serviceCenter-supervisor1')));
  });
});

describe('countersign (会签), refusal, delivery, comments', () => {
  function reimbursementClaimed(): World {
    const w = birthWorld(['maternityReimbursement'], birthValues({ motherBankAccount: '6222021234567890123', motherBankName: '宁波银行', motherInsuredDistrict: D.haishu }));
    ok(w.act('birthCertificate', { type: 'claim' }, hospitalHandler));
    ok(w.act('birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: outputsFor(birthBundle, 'birthCertificate') }, hospitalSigner));
    ok(w.act('maternityReimbursement', { type: 'claim' }, staffOf('haishu-medicalInsurance', 'handler1')));
    return w;
  }

  it('needs a second, distinct signer', () => {
    const w = reimbursementClaimed();
    const s1 = staffOf('haishu-medicalInsurance', 'signer1');
    const s2 = staffOf('haishu-medicalInsurance', 'signer2');
    const outputs = outputsFor(birthBundle, 'maternityReimbursement');
    const first = ok(w.act('maternityReimbursement', { type: 'signOff', sealId: 'haishu-medicalInsurance-seal', outputs }, s1));
    expect(first.subTask.state).toBe('countersigning');
    expect(first.subTask.queue.map((q) => q.queue)).toEqual([`dept:${D.haishu}:haishu-medicalInsurance:countersign`]);
    expect(kinds(first.effects)).not.toContain('shareMaterial');
    expect(err(w.act('maternityReimbursement', { type: 'countersign', sealId: 'haishu-medicalInsurance-seal' }, s1)).code).toBe('COUNTERSIGN_SAME_SIGNER');
    expect(err(w.act('maternityReimbursement', { type: 'countersign', sealId: 'haishu-medicalInsurance-seal' }, staffOf('haishu-medicalInsurance', 'handler1'))).code).toBe('FORBIDDEN');
    const done = ok(w.act('maternityReimbursement', { type: 'countersign', sealId: 'haishu-medicalInsurance-seal', opinion: '同意支付' }, s2));
    expect(done.subTask.state).toBe('done');
    expect(done.subTask.signatures.map((s) => s.signer)).toEqual([s1.id, s2.id]);
    expect(kinds(done.effects)).toContain('completeCase');
  });

  it('countersign is refused where the item does not ask for it', () => {
    const w = policeClaimed();
    ok(w.act('householdRegistration', { type: 'signOff', sealId: 'yinzhou-police-seal', outputs: outputsFor(birthBundle, 'householdRegistration') }, policeSigner));
    expect(w.get('householdRegistration').state).toBe('done');
    expect(err(w.act('householdRegistration', { type: 'countersign', sealId: 'yinzhou-police-seal' }, policeSigner2)).code).toBe('INVALID_TRANSITION');
  });

  it('refusal needs a reason and cancels the sub-tasks that depend on it', () => {
    const w = policeClaimed();
    expect(err(w.act('householdRegistration', { type: 'refuse', sealId: 'yinzhou-police-seal', reason: ' ' }, policeSigner)).code).toBe('VALIDATION_FAILED');
    const r = ok(w.act('householdRegistration', { type: 'refuse', sealId: 'yinzhou-police-seal', reason: '入户方户口不在本辖区' }, policeSigner));
    expect(r.subTask).toMatchObject({ state: 'refused', outcomeReason: '入户方户口不在本辖区' });
    expect(r.effects.filter((e) => e.kind === 'cancelSubTask').map((e) => e.kind === 'cancelSubTask' && e.itemId).sort()).toEqual(['medicalInsuranceEnrollment', 'socialSecurityCardApplication']);
    expect(w.get('medicalInsuranceEnrollment').state).toBe('cancelled');
    expect(w.get('socialSecurityCardApplication').outcomeReason).toContain('户口登记');
  });

  it('records delivery of mailed outputs only, with a valid tracking number', () => {
    const w = policeClaimed();
    ok(w.act('householdRegistration', { type: 'signOff', sealId: 'yinzhou-police-seal', outputs: outputsFor(birthBundle, 'householdRegistration') }, policeSigner));
    expect(err(w.act('householdRegistration', { type: 'recordDelivery', material: 'householdRegistrationRecord', carrier: 'EMS', trackingNumber: '12' }, policeHandler)).code).toBe('VALIDATION_FAILED');
    expect(err(w.act('householdRegistration', { type: 'recordDelivery', material: 'birthMedicalCertificate', carrier: 'EMS', trackingNumber: '1180012345678' }, policeHandler)).code).toBe('VALIDATION_FAILED');
    expect(err(w.act('householdRegistration', { type: 'recordDelivery', material: 'householdRegistrationRecord', carrier: 'EMS', trackingNumber: '1180012345678' }, staffOf('yinzhou-hrss', 'handler1'))).code).toBe('FORBIDDEN');
    const r = ok(w.act('householdRegistration', { type: 'recordDelivery', material: 'householdRegistrationRecord', carrier: 'EMS', trackingNumber: '1180012345678' }, policeHandler2));
    expect(r.subTask.deliveries.householdRegistrationRecord).toMatchObject({ carrier: 'EMS', trackingNumber: '1180012345678', recordedBy: policeHandler2.id });
    expect(r.events[0]).toMatchObject({ action: 'recordDelivery', from: 'done', to: 'done' });
  });

  it('comments by the department, the clerk or a supervisor; urging by a supervisor only', () => {
    const w = policeClaimed();
    ok(w.act('householdRegistration', { type: 'comment', text: '已电话联系申请人' }, policeHandler2));
    ok(w.act('householdRegistration', { type: 'comment', text: '申请人已到窗口' }, actor(CLERK)));
    expect(err(w.act('householdRegistration', { type: 'comment', text: '无关评论' }, staffOf('jiangbei-police', 'handler1'))).code).toBe('FORBIDDEN');
    expect(err(w.act('householdRegistration', { type: 'comment', text: '' }, policeHandler)).code).toBe('VALIDATION_FAILED');
    expect(err(w.act('householdRegistration', { type: 'urge', text: '请尽快办理' }, policeSigner)).code).toBe('FORBIDDEN');
    const u = ok(w.act('householdRegistration', { type: 'urge', text: '请尽快办理' }, actor('yinzhou-serviceCenter-supervisor1')));
    const n = u.effects.find((e) => e.kind === 'notify');
    expect(n?.kind === 'notify' && n.to).toEqual({ staff: policeHandler.id });
  });
});

describe('system commands and closed cases', () => {
  it('staff cannot issue system commands; the system cannot act as staff', () => {
    const w = birthWorld();
    expect(err(w.act('householdRegistration', { type: 'release' }, policeHandler)).code).toBe('FORBIDDEN');
    expect(err(w.act('birthCertificate', { type: 'claim' }, dispatcher)).code).toBe('FORBIDDEN');
  });

  it('release and receive are idempotent; an undeclared material is refused', () => {
    const w = policeClaimed();
    const again = ok(w.act('householdRegistration', { type: 'release' }, dispatcher));
    expect(again.changed).toBe(false);
    const dup = ok(w.act('householdRegistration', { type: 'receiveMaterial', material: 'birthMedicalCertificate', fromItem: 'birthCertificate', fields: {}, attachments: [] }, dispatcher));
    expect(dup.changed).toBe(false);
    expect(err(w.act('householdRegistration', { type: 'receiveMaterial', material: 'maternityReimbursementDecision', fromItem: 'maternityReimbursement', fields: {}, attachments: [] }, dispatcher)).code).toBe('FORBIDDEN');
    // A release with inputs still missing changes nothing.
    expect(ok(w.act('medicalInsuranceEnrollment', { type: 'release' }, dispatcher)).changed).toBe(false);
  });

  it('a receiving sub-task keeps only the fields it declared, even if more are sent', () => {
    const w = birthWorld();
    const r = ok(w.act('householdRegistration', {
      type: 'receiveMaterial', material: 'birthMedicalCertificate', fromItem: 'birthCertificate',
      fields: { ...outputsFor(birthBundle, 'birthCertificate').birthMedicalCertificate }, attachments: [],
    }, dispatcher));
    expect(Object.keys(r.subTask.inputs.birthMedicalCertificate.fields).sort()).toEqual(['babyName', 'babySex', 'birthPlace', 'birthTime', 'certificateNumber', 'hospitalName']);
    expect(r.subTask.state).toBe('ready');
  });

  it('rejects a malformed time', () => {
    const w = birthWorld();
    expect(err(w.act('birthCertificate', { type: 'claim' }, hospitalHandler, '2026-13-01T00:00:00Z')).code).toBe('VALIDATION_FAILED');
  });
});

describe('集中授权: the 审管办 window signs delegated items', () => {
  it('claims and signs the 医保 enrolment with the delegated seal, but nothing undelegated', () => {
    const w = World.accept(birthBundle, birthValues({ householdDistrict: D.haishu }), CLERK);
    const window = staffOf('haishu-serviceCenter', 'signer1');
    ok(w.act('birthCertificate', { type: 'claim' }, hospitalHandler));
    ok(w.act('birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: outputsFor(birthBundle, 'birthCertificate') }, hospitalSigner));
    expect(err(w.act('householdRegistration', { type: 'claim' }, window)).code).toBe('FORBIDDEN');
    const hp = staffOf('haishu-police', 'handler1');
    ok(w.act('householdRegistration', { type: 'claim' }, hp));
    ok(w.act('householdRegistration', { type: 'signOff', sealId: 'haishu-police-seal', outputs: outputsFor(birthBundle, 'householdRegistration') }, staffOf('haishu-police', 'signer1')));
    ok(w.act('medicalInsuranceEnrollment', { type: 'claim' }, window));
    const outputs = outputsFor(birthBundle, 'medicalInsuranceEnrollment');
    expect(err(w.act('medicalInsuranceEnrollment', { type: 'signOff', sealId: 'haishu-medicalInsurance-seal', outputs }, window)).code).toBe('FORBIDDEN');
    expect(err(w.act('medicalInsuranceEnrollment', { type: 'signOff', sealId: 'yinzhou-serviceCenter-delegated-seal', outputs }, window)).code).toBe('FORBIDDEN');
    const r = ok(w.act('medicalInsuranceEnrollment', { type: 'signOff', sealId: 'haishu-serviceCenter-delegated-seal', outputs }, window));
    expect(r.subTask.state).toBe('done');
    expect(r.subTask.department).toBe('haishu-medicalInsurance');
    // The window's delegated seal cannot sign the 社保卡 item (not delegated by 人社).
    ok(w.act('socialSecurityCardApplication', { type: 'claim' }, staffOf('haishu-hrss', 'handler1')));
    expect(err(w.act('socialSecurityCardApplication', { type: 'signOff', sealId: 'haishu-serviceCenter-delegated-seal', outputs: outputsFor(birthBundle, 'socialSecurityCardApplication') }, window)).code).toBe('FORBIDDEN');
  });
});
