import { describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/actor.js';
import { systemActor } from '../../functions/core/actor.js';
import {
  authorizeArchiveRead, authorizeAuditRead, authorizeCase, authorizeConfig, authorizeSubTask, type CaseScope, maskValues, pick,
  readableQueues, type SubTaskAction, type SubTaskScope, visibleData,
} from '../../functions/core/policy.js';
import { encryptedFieldKeys, type FieldDef, type Sensitivity, sensitivityRules } from '../../functions/core/bundle.js';
import { actor, birthBundle, D, deathBundle, FATHER_ID, seedDirectory, staffOf } from './fixtures.js';

const police: SubTaskScope = { bundleId: 'birth', itemId: 'householdRegistration', district: D.yinzhou, department: 'yinzhou-police', assignee: null, state: 'ready' };
const caseScope: CaseScope = { acceptingDistrict: D.haishu, acceptedBy: 'haishu-serviceCenter-clerk1', districts: [D.haishu, D.yinzhou, D.jiangbei] };
const allow = (a: Actor, action: SubTaskAction, scope = police) => authorizeSubTask(a, action, scope, caseScope, seedDirectory) === null;
const item = (id: string) => {
  const found = [...birthBundle.items, ...deathBundle.items].find((i) => i.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('policy: who may do what', () => {
  const handler = staffOf('yinzhou-police', 'handler1');
  const signer = staffOf('yinzhou-police', 'signer1');
  const otherDistrict = staffOf('haishu-police', 'handler1');
  const otherDepartment = staffOf('yinzhou-hrss', 'handler1');

  it('department staff of the owning department, and no one else, claim', () => {
    expect(allow(handler, 'claim')).toBe(true);
    expect(allow(signer, 'claim')).toBe(true);
    expect(allow(otherDistrict, 'claim')).toBe(false);
    expect(allow(otherDepartment, 'claim')).toBe(false);
    expect(allow(actor('yinzhou-serviceCenter-clerk1'), 'claim')).toBe(false);
    expect(allow(actor('yinzhou-serviceCenter-supervisor1'), 'claim')).toBe(false);
    expect(allow(systemActor('dispatcher'), 'claim')).toBe(false);
  });

  it('a handler of another department or district is refused every sub-task action', () => {
    const actions: SubTaskAction[] = ['view', 'claim', 'handOff', 'returnForCorrection', 'resubmit', 'suspend', 'resume', 'requestExtension', 'decideExtension', 'signOff', 'countersign', 'refuse', 'comment', 'urge', 'recordDelivery'];
    for (const a of actions) {
      expect(allow(otherDistrict, a, { ...police, assignee: handler.id, state: 'claimed' })).toBe(false);
      expect(allow(otherDepartment, a, { ...police, assignee: handler.id, state: 'claimed' })).toBe(false);
      const e = authorizeSubTask(otherDepartment, a, police, caseScope, seedDirectory);
      expect(e?.code).toBe('FORBIDDEN');
      expect(e?.status).toBe(403);
    }
  });

  it('only the claimer works a claimed sub-task; only signers sign', () => {
    const claimed = { ...police, assignee: handler.id, state: 'claimed' };
    expect(allow(handler, 'handOff', claimed)).toBe(true);
    expect(allow(staffOf('yinzhou-police', 'handler2'), 'handOff', claimed)).toBe(false);
    expect(allow(handler, 'signOff', claimed)).toBe(false);
    expect(allow(signer, 'signOff', claimed)).toBe(true);
    expect(allow(signer, 'decideExtension', claimed)).toBe(true);
    expect(allow(actor('yinzhou-serviceCenter-supervisor1'), 'decideExtension', claimed)).toBe(true);
    expect(allow(actor('jiangbei-serviceCenter-supervisor1'), 'decideExtension', claimed)).toBe(false);
  });

  it('a sub-task handed to a person is claimed by that person only', () => {
    const handed = { ...police, assignee: 'yinzhou-police-handler2' };
    expect(allow(handler, 'claim', handed)).toBe(false);
    expect(allow(staffOf('yinzhou-police', 'handler2'), 'claim', handed)).toBe(true);
  });

  it('delegation (集中授权) lets the 审管办 window act on the delegated item only', () => {
    const window = staffOf('haishu-serviceCenter', 'signer1');
    const medical: SubTaskScope = { bundleId: 'birth', itemId: 'medicalInsuranceEnrollment', district: D.haishu, department: 'haishu-medicalInsurance', assignee: null, state: 'ready' };
    expect(allow(window, 'claim', medical)).toBe(true);
    expect(allow(window, 'signOff', medical)).toBe(true);
    expect(allow(window, 'claim', { ...medical, itemId: 'maternityReimbursement' })).toBe(false);
    expect(allow(window, 'claim', { ...medical, department: 'yinzhou-medicalInsurance', district: D.yinzhou })).toBe(false);
  });

  it('a session whose department is not in its district is refused', () => {
    expect(allow({ ...handler, district: D.haishu }, 'claim')).toBe(false);
    expect(allow({ ...handler, department: 'nowhere' }, 'view')).toBe(false);
  });

  it('case actions: intake and withdraw in the accepting district; view by clerk, supervisor, auditor of a case district', () => {
    expect(authorizeCase(actor('haishu-serviceCenter-clerk1'), 'intake', { acceptingDistrict: D.haishu }, seedDirectory)).toBeNull();
    expect(authorizeCase(actor('haishu-serviceCenter-clerk1'), 'intake', { acceptingDistrict: D.yinzhou }, seedDirectory)?.code).toBe('FORBIDDEN');
    expect(authorizeCase(actor('haishu-serviceCenter-clerk2'), 'withdraw', caseScope, seedDirectory)).toBeNull();
    expect(authorizeCase(actor('yinzhou-serviceCenter-clerk1'), 'withdraw', caseScope, seedDirectory)?.code).toBe('FORBIDDEN');
    expect(authorizeCase(actor('yinzhou-serviceCenter-supervisor1'), 'view', caseScope, seedDirectory)).toBeNull();
    expect(authorizeCase(actor('beilun-serviceCenter-supervisor1'), 'view', caseScope, seedDirectory)?.code).toBe('FORBIDDEN');
    expect(authorizeCase(handler, 'view', caseScope, seedDirectory)?.code).toBe('FORBIDDEN');
  });

  it('archive reads need a clerk or auditor and a purpose; audit reads stay in the district', () => {
    expect(authorizeArchiveRead(actor('haishu-serviceCenter-clerk1'), '核对申请人既往办件', seedDirectory)).toBeNull();
    expect(authorizeArchiveRead(actor('haishu-serviceCenter-clerk1'), '', seedDirectory)?.code).toBe('VALIDATION_FAILED');
    expect(authorizeArchiveRead(handler, '查看', seedDirectory)?.code).toBe('FORBIDDEN');
    expect(authorizeAuditRead(actor('haishu-serviceCenter-auditor1'), D.haishu, seedDirectory)).toBeNull();
    expect(authorizeAuditRead(actor('haishu-serviceCenter-auditor1'), D.yinzhou, seedDirectory)?.code).toBe('FORBIDDEN');
  });

  it('configuration: district admins their district, the city admin everything incl. bundles; auditors never', () => {
    const districtAdmin = actor('haishu-serviceCenter-admin1');
    expect(authorizeConfig(districtAdmin, 'staff', D.haishu, seedDirectory)).toBeNull();
    expect(authorizeConfig(districtAdmin, 'staff', D.yinzhou, seedDirectory)?.code).toBe('FORBIDDEN');
    expect(authorizeConfig(districtAdmin, 'bundle', null, seedDirectory)?.code).toBe('FORBIDDEN');
    expect(authorizeConfig(actor('ningbo-bigdata-admin1'), 'bundle', null, seedDirectory)).toBeNull();
    expect(authorizeConfig(actor('haishu-serviceCenter-auditor1'), 'calendar', D.haishu, seedDirectory)?.code).toBe('FORBIDDEN');
  });
});

describe('policy: minimum necessary data', () => {
  it('the 户口 department sees its fields and the birth-certificate number, never the bank account', () => {
    const v = visibleData(staffOf('yinzhou-police', 'handler1'), item('householdRegistration'), police, caseScope, seedDirectory);
    expect(v.form).not.toContain('motherBankAccount');
    expect(v.form).toContain('householdHeadName');
    expect(v.materials.birthMedicalCertificate).toContain('certificateNumber');
    expect(v.materials.birthMedicalCertificate).not.toContain('weightGrams');
    expect(v.outputs).toBe(true);
  });

  it('the accepting clerk sees the form projection only; supervisors, auditors and others see no personal data', () => {
    const clerk = visibleData(actor('haishu-serviceCenter-clerk1'), item('householdRegistration'), police, caseScope, seedDirectory);
    expect(clerk).toEqual({ form: item('householdRegistration').fields, materials: {}, outputs: false });
    for (const who of [actor('yinzhou-serviceCenter-supervisor1'), actor('yinzhou-serviceCenter-auditor1'), staffOf('yinzhou-hrss', 'handler1')]) {
      expect(visibleData(who, item('householdRegistration'), police, caseScope, seedDirectory)).toEqual({ form: [], materials: {}, outputs: false });
    }
  });

  it('picks permitted keys and masks lists', () => {
    expect(pick({ a: 1, b: 2 }, ['a', 'c'])).toEqual({ a: 1 });
    const masked = maskValues({ fatherIdNumber: FATHER_ID, applicantPhone: '13805741234', motherBankAccount: '6222021234567890123', babyName: '王小满' }, birthBundle.fields);
    expect(masked).toEqual({ fatherIdNumber: `${FATHER_ID.slice(0, 4)}**********${FATHER_ID.slice(-4)}`, applicantPhone: '138****1234', motherBankAccount: '****0123', babyName: '王小满' });
  });
});

describe('policy: readable queues', () => {
  it('handlers read their own and their department\'s queues; signers also the countersign queue', () => {
    const h = readableQueues(staffOf('yinzhou-police', 'handler1'), seedDirectory).map((g) => g.queue);
    expect(h).toEqual([
      'user:yinzhou-police-handler1:ready', 'user:yinzhou-police-handler1:active',
      'dept:330212:yinzhou-police:ready', 'dept:330212:yinzhou-police:active',
    ]);
    const signer = readableQueues(staffOf('yinzhou-police', 'signer1'), seedDirectory).map((g) => g.queue);
    expect(signer).toContain('dept:330212:yinzhou-police:countersign');
    // signers decide extension requests (延期申请): their department's extension list; handlers have none
    expect(signer).toContain('dept:330212:yinzhou-police:extension');
    expect(h.some((q) => q.endsWith(':extension'))).toBe(false);
  });

  it('the 审管办 window reads delegating departments\' queues, limited to the delegated items', () => {
    const g = readableQueues(staffOf('haishu-serviceCenter', 'signer1'), seedDirectory);
    const items = (queue: string) => g.find((x) => x.queue === queue)?.items ?? [];
    expect(items('dept:330203:haishu-medicalInsurance:ready')).toContain('birth/medicalInsuranceEnrollment');
    expect(items('dept:330203:haishu-medicalInsurance:ready')).not.toContain('birth/maternityReimbursement');
    expect(items('dept:330203:haishu-housingFund:ready')).toContain('death/housingFundWithdrawal');
    // by bundle and item: the police delegated 收养落户 (adoption/householdRegistration), not the birth bundle's item of that id
    expect(items('dept:330203:haishu-police:ready')).toContain('adoption/householdRegistration');
    expect(items('dept:330203:haishu-police:ready')).not.toContain('birth/householdRegistration');
    // 江北 (no life events) delegates only what it did before
    const jiangbei = readableQueues(staffOf('jiangbei-serviceCenter', 'signer1'), seedDirectory);
    expect(jiangbei.find((x) => x.queue === 'dept:330205:jiangbei-medicalInsurance:ready')?.items).toEqual(['birth/medicalInsuranceEnrollment']);
    expect(jiangbei.some((x) => x.queue.includes('jiangbei-police'))).toBe(false);
  });

  it('supervisors read every department queue of their district; clerks their window\'s correction list; auditors and others none', () => {
    const g = readableQueues(actor('haishu-serviceCenter-supervisor1'), seedDirectory);
    expect(g.every((x) => x.queue.startsWith('dept:330203:'))).toBe(true);
    expect(g.some((x) => x.queue === 'dept:330203:haishu-police:active')).toBe(true);
    expect(g.some((x) => x.queue === 'dept:330203:haishu-police:extension')).toBe(true);
    // a window clerk: only the district's window list of sub-tasks returned for correction (退回补正)
    expect(readableQueues(actor('haishu-serviceCenter-clerk1'), seedDirectory)).toEqual([{ queue: 'window:330203:returned', items: null }]);
    expect(readableQueues(actor('haishu-serviceCenter-auditor1'), seedDirectory)).toEqual([]);
    expect(readableQueues(systemActor('timer'), seedDirectory)).toEqual([]);
  });

  it('lists the fields encrypted at rest: every field whose sensitivity class says so', () => {
    expect(encryptedFieldKeys(birthBundle.fields).sort()).toEqual([
      'applicantPhone', 'babyBirthTime', 'babyName', 'babyWeightGrams', 'fatherIdNumber', 'motherBankAccount', 'motherIdNumber',
    ]);
    expect(encryptedFieldKeys(deathBundle.fields)).toEqual(expect.arrayContaining(['heirBankAccount', 'deathCause', 'deceasedIdNumber', 'applicantPhone']));
    // Every class says how it is kept; a field is encrypted by its declared class or by its type's.
    for (const s of Object.keys(sensitivityRules) as Sensitivity[]) {
      expect(encryptedFieldKeys([{ key: 'x', label: 'x', type: 'text', sensitivity: s }])).toEqual(sensitivityRules[s].encryptAtRest ? ['x'] : []);
    }
    expect(encryptedFieldKeys([{ key: 'iban', label: '账号', type: 'bankAccount' }, { key: 'note', label: '备注', type: 'text' }])).toEqual(['iban']);
  });

  it('lists mask by sensitivity: a future financial field of type text shows its last 4 characters only', () => {
    const defs: FieldDef[] = [
      { key: 'payeeAccount', label: '收款账户', type: 'text', sensitivity: 'financial' },
      { key: 'guardianPhone', label: '监护人电话', type: 'text', sensitivity: 'phone' },
      { key: 'cause', label: '死亡原因', type: 'text', sensitivity: 'health' },
    ];
    expect(maskValues({ payeeAccount: '6222 0212 3456 7890', guardianPhone: '13805741234', cause: '心力衰竭' }, defs)).toEqual({
      payeeAccount: '****7890', guardianPhone: '138****1234', cause: '心力衰竭',
    });
  });
});
