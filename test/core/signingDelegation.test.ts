// 集中授权 signatures say so: a sub-task signed at the 审管办 window under a delegation signs payload version 3, which
// carries the delegation id and the delegating department and the window (with their names as signed); versions 1 and
// 2 are byte for byte what they were, so every earlier signature still verifies; changing the delegation breaks it.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findSeal, type Seal } from '../../functions/core/directory.js';
import type { SubTaskScope } from '../../functions/core/policy.js';
import { signedDelegation } from '../../functions/core/seal.js';
import { delegationText } from '../../functions/core/signedDelegation.js';
import { signOffPayload, signPayload, verifyPayload } from '../../functions/core/signing.js';
import { D, seedDirectory } from './fixtures.js';

const facts = {
  caseId: 'LB-20260302-0001', bundleId: 'birth', bundleVersion: 1, itemId: 'medicalInsuranceEnrollment', department: 'yinzhou-medicalInsurance',
  district: D.yinzhou, sealId: 'yinzhou-serviceCenter-delegated-seal', signers: ['yinzhou-serviceCenter-signer1'], at: '2026-03-02T02:00:00.000Z',
  outputs: { medicalInsuranceCard: { insuredNumber: 'YB330212000001', startDate: '2026-03-02' } },
};
const corrections = [{ material: 'medicalInsuranceCard', field: 'startDate', reason: '参保起始日按出生日更正' }];
const scope: SubTaskScope = { bundleId: 'birth', itemId: 'medicalInsuranceEnrollment', district: D.yinzhou, department: 'yinzhou-medicalInsurance', assignee: null };
const seal = (id: string): Seal => {
  const s = findSeal(seedDirectory, id);
  if (!s) throw new Error(`no seal ${id}`);
  return s;
};
const nameOf = (id: string) => seedDirectory.departments.find((d) => d.id === id)?.name ?? '';

function keys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), pub: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

describe('the delegation a window\'s seal signs under', () => {
  it('the 鄞州 审管办 集中授权章 signs 医保参保登记 under yinzhou-medicalInsurance-to-serviceCenter, named with both departments', () => {
    const d = signedDelegation(seedDirectory, seal('yinzhou-serviceCenter-delegated-seal'), scope);
    expect(d).toEqual({
      id: 'yinzhou-medicalInsurance-to-serviceCenter',
      fromDepartment: 'yinzhou-medicalInsurance', fromDepartmentName: nameOf('yinzhou-medicalInsurance'),
      toDepartment: 'yinzhou-serviceCenter', toDepartmentName: nameOf('yinzhou-serviceCenter'),
    });
    expect(d && delegationText(d)).toBe(`集中授权：${nameOf('yinzhou-medicalInsurance')} 授权 ${nameOf('yinzhou-serviceCenter')} 签署（授权编号 yinzhou-medicalInsurance-to-serviceCenter）`);
  });

  it('a department\'s own seal signs in its own right; a delegated seal without a delegation for the item names none', () => {
    expect(signedDelegation(seedDirectory, seal('yinzhou-medicalInsurance-seal'), scope)).toBeNull();
    expect(signedDelegation(seedDirectory, seal('yinzhou-serviceCenter-delegated-seal'), { ...scope, itemId: 'maternityReimbursement' })).toBeNull();
    expect(signedDelegation(seedDirectory, seal('haishu-serviceCenter-delegated-seal'), scope)).toBeNull();
    const revoked = { ...seedDirectory, delegations: [] };
    expect(signedDelegation(revoked, seal('yinzhou-serviceCenter-delegated-seal'), scope)).toBeNull();
  });
});

describe('sign-off payload versions', () => {
  it('versions 1 and 2 are exactly what they were before delegations were signed', () => {
    expect(signOffPayload(facts)).toBe(
      '{"at":"2026-03-02T02:00:00.000Z","bundle":"birth@1","caseId":"LB-20260302-0001","department":"yinzhou-medicalInsurance","district":"330212",' +
        '"itemId":"medicalInsuranceEnrollment","outputs":{"medicalInsuranceCard":{"insuredNumber":"YB330212000001","startDate":"2026-03-02"}},' +
        '"sealId":"yinzhou-serviceCenter-delegated-seal","signers":["yinzhou-serviceCenter-signer1"],"v":1}',
    );
    expect(signOffPayload({ ...facts, corrections })).toBe(
      '{"at":"2026-03-02T02:00:00.000Z","bundle":"birth@1","caseId":"LB-20260302-0001",' +
        '"corrections":[{"field":"startDate","material":"medicalInsuranceCard","reason":"参保起始日按出生日更正"}],"department":"yinzhou-medicalInsurance","district":"330212",' +
        '"itemId":"medicalInsuranceEnrollment","outputs":{"medicalInsuranceCard":{"insuredNumber":"YB330212000001","startDate":"2026-03-02"}},' +
        '"sealId":"yinzhou-serviceCenter-delegated-seal","signers":["yinzhou-serviceCenter-signer1"],"v":2}',
    );
    // no delegation (absent or null) is the same payload
    expect(signOffPayload({ ...facts, delegation: null })).toBe(signOffPayload(facts));
    expect(signOffPayload({ ...facts, corrections, delegation: null })).toBe(signOffPayload({ ...facts, corrections }));
  });

  it('version 3 carries the delegation (with correction notes when there are any) and verifies with the seal\'s public key', () => {
    const delegation = signedDelegation(seedDirectory, seal('yinzhou-serviceCenter-delegated-seal'), scope);
    if (!delegation) throw new Error('delegation');
    const payload = signOffPayload({ ...facts, delegation });
    const parsed = JSON.parse(payload) as Record<string, unknown>;
    expect(parsed).toMatchObject({ v: 3, department: 'yinzhou-medicalInsurance', delegation });
    expect(parsed).not.toHaveProperty('corrections');
    expect(JSON.parse(signOffPayload({ ...facts, corrections, delegation }))).toMatchObject({ v: 3, corrections, delegation });
    const { priv, pub } = keys();
    const sig = signPayload(payload, priv);
    expect(verifyPayload(payload, sig, pub)).toBe(true);
  });

  it('a tampered delegation id, department or name fails verification; so does dropping the delegation', () => {
    const delegation = signedDelegation(seedDirectory, seal('yinzhou-serviceCenter-delegated-seal'), scope);
    if (!delegation) throw new Error('delegation');
    const { priv, pub } = keys();
    const sig = signPayload(signOffPayload({ ...facts, delegation }), priv);
    for (const changed of [
      { ...delegation, id: 'yinzhou-hrss-to-serviceCenter' },
      { ...delegation, fromDepartment: 'yinzhou-hrss' },
      { ...delegation, toDepartmentName: '宁波市鄞州区某街道便民服务中心' },
    ]) {
      expect(verifyPayload(signOffPayload({ ...facts, delegation: changed }), sig, pub)).toBe(false);
    }
    expect(verifyPayload(signOffPayload(facts), sig, pub)).toBe(false);
    // and the raw signed text edited in place
    const payload = signOffPayload({ ...facts, delegation });
    expect(verifyPayload(payload.replace('yinzhou-medicalInsurance-to-serviceCenter', 'yinzhou-medicalInsurance-to-serviceCentre'), sig, pub)).toBe(false);
  });
});
