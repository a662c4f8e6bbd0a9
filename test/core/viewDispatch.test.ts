import { describe, expect, it } from 'vitest';
import { caseInfoOf } from '../../functions/core/case.js';
import { actionForEffect } from '../../functions/core/dispatch.js';
import { materialsIssuedBy } from '../../functions/core/materials.js';
import { caseView, subTaskView } from '../../functions/core/view.js';
import { actor, birthBundle, birthValues, calendar, D, NOW, outputsFor, seedDirectory, staffOf, World } from './fixtures.js';

const CLERK = 'haishu-serviceCenter-clerk1';
const reimbursement = birthValues({ motherBankAccount: '6222021234567890123', motherBankName: '宁波银行', motherInsuredDistrict: D.haishu });

function signedBirthCertificate(): World {
  const w = World.accept(birthBundle, reimbursement, CLERK, { chosenOptional: ['maternityReimbursement'] });
  w.act('birthCertificate', { type: 'claim' }, staffOf('haishu-hospital1', 'handler1'));
  w.act('birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: outputsFor(birthBundle, 'birthCertificate') }, staffOf('haishu-hospital1', 'signer1'));
  return w;
}

const view = (w: World, itemId: string, who: ReturnType<typeof actor>) => {
  const item = birthBundle.items.find((i) => i.id === itemId);
  if (!item) throw new Error(itemId);
  return subTaskView(who, w.get(itemId), item, caseInfoOf(w.case), seedDirectory, calendar, NOW);
};

describe('sub-task view: what each user may see and do', () => {
  it('the 户口 handler sees the birth-certificate number and the form projection, never the bank account', () => {
    const w = signedBirthCertificate();
    const v = view(w, 'householdRegistration', staffOf('yinzhou-police', 'handler1'));
    if (!v) throw new Error('no view');
    expect(v.inputs.birthMedicalCertificate.certificateNumber).toBe('Q330123456');
    expect(JSON.stringify(v)).not.toContain('6222021234567890123');
    expect(v.form.householdHeadName).toBe('王建华');
    expect(v.actions).toEqual(['claim', 'comment']);
    expect(v.clock.state).toBe('notStarted');
    expect(v.stateLabel).toBe('待签收');
  });

  it('the reimbursement item sees the bank account; a supervisor sees the status without personal data', () => {
    const w = signedBirthCertificate();
    const medical = view(w, 'maternityReimbursement', staffOf('haishu-medicalInsurance', 'handler1'));
    expect(medical?.form.motherBankAccount).toBe('6222021234567890123');
    const sup = view(w, 'householdRegistration', actor('yinzhou-serviceCenter-supervisor1'));
    expect(sup).not.toBeNull();
    expect(sup?.form).toEqual({});
    expect(sup?.inputs).toEqual({});
    expect(sup?.outputs).toBeNull();
    expect(sup?.actions).toEqual(['comment', 'urge']);
  });

  it('a handler of another department gets no view at all', () => {
    const w = signedBirthCertificate();
    expect(view(w, 'householdRegistration', staffOf('yinzhou-hrss', 'handler1'))).toBeNull();
    expect(view(w, 'householdRegistration', staffOf('haishu-police', 'handler1'))).toBeNull();
  });

  it('offers sign-off to signers and the claimer\'s actions to the claimer', () => {
    const w = signedBirthCertificate();
    w.act('householdRegistration', { type: 'claim' }, staffOf('yinzhou-police', 'handler1'));
    expect(view(w, 'householdRegistration', staffOf('yinzhou-police', 'handler1'))?.actions).toEqual(['handOff', 'returnForCorrection', 'suspend', 'requestExtension', 'comment']);
    expect(view(w, 'householdRegistration', staffOf('yinzhou-police', 'signer1'))?.actions).toEqual(['signOff', 'refuse', 'comment']);
  });
});

describe('dispatch: effects to core calls', () => {
  it('projects a shared material to the consumer\'s declared fields before it moves', () => {
    const w = signedBirthCertificate();
    const signed = w.get('birthCertificate');
    const [material] = materialsIssuedBy(signed);
    expect(material).toMatchObject({ type: 'birthMedicalCertificate', producedBy: 'birthCertificate', issuer: { district: D.haishu, department: 'haishu-hospital1' }, seal: { sealId: 'haishu-hospital1-seal', signers: ['haishu-hospital1-signer1'] } });
    const share = w.effects.find((e) => e.kind === 'shareMaterial' && e.toItem === 'householdRegistration');
    if (!share) throw new Error('no share');
    const action = actionForEffect(share, material);
    expect(action?.target).toBe('subTask');
    if (action?.target !== 'subTask' || action.command.type !== 'receiveMaterial') throw new Error('bad action');
    expect(Object.keys(action.command.fields).sort()).toEqual(['babyName', 'babySex', 'birthPlace', 'birthTime', 'certificateNumber', 'hospitalName']);
    expect(actionForEffect(share)).toBeNull();
    expect(actionForEffect({ id: 'x', kind: 'completeCase', caseId: 'c' })).toEqual({ target: 'case' });
    expect(actionForEffect({ id: 'x', kind: 'cancelSubTask', caseId: 'c', itemId: 'i', reason: 'r' })).toEqual({ target: 'subTask', itemId: 'i', command: { type: 'cancel', reason: 'r' } });
    expect(materialsIssuedBy(w.get('householdRegistration'))).toEqual([]);
  });
});

describe('case view', () => {
  it('shows progress, districts, deadlines and deliveries to the window and supervisors, not to department staff', () => {
    const w = signedBirthCertificate();
    const dep = 'yinzhou-police';
    w.act('householdRegistration', { type: 'claim' }, staffOf(dep, 'handler1'));
    w.act('householdRegistration', { type: 'signOff', sealId: `${dep}-seal`, outputs: outputsFor(birthBundle, 'householdRegistration') }, staffOf(dep, 'signer1'));
    w.act('householdRegistration', { type: 'recordDelivery', material: 'householdRegistrationRecord', carrier: 'EMS', trackingNumber: '1180012345678' }, staffOf(dep, 'handler1'));
    const subTasks = [...w.subTasks.values()];
    const v = caseView(actor(CLERK), w.case, subTasks, birthBundle, seedDirectory, calendar, NOW);
    if (!v) throw new Error('no view');
    expect(v.stateLabel).toBe('办理中');
    const police = v.subTasks.find((s) => s.itemId === 'householdRegistration');
    expect(police).toMatchObject({ districtName: '鄞州区', departmentName: '宁波市公安局鄞州分局', stateLabel: '已办结', deliveries: { householdRegistrationRecord: { carrier: 'EMS', trackingNumber: '1180012345678' } } });
    expect(v.subTasks.map((s) => s.itemId)).toEqual(w.case.items);
    expect(JSON.stringify(v)).not.toContain(reimbursement.motherIdNumber as string);
    expect(caseView(actor('yinzhou-serviceCenter-supervisor1'), w.case, subTasks, birthBundle, seedDirectory, calendar, NOW)).not.toBeNull();
    expect(caseView(staffOf(dep, 'handler1'), w.case, subTasks, birthBundle, seedDirectory, calendar, NOW)).toBeNull();
    expect(caseView(actor('zhenhai-serviceCenter-clerk1'), w.case, subTasks, birthBundle, seedDirectory, calendar, NOW)).toBeNull();
  });
});
