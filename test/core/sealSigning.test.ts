import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, sha256Hex } from '../../functions/core/canonical.js';
import { findSeal } from '../../functions/core/directory.js';
import type { SubTaskScope } from '../../functions/core/policy.js';
import { checkSeal, sealMaySign, sealsFor } from '../../functions/core/seal.js';
import { payloadDigest, signOffPayload, signPayload, verifyPayload } from '../../functions/core/signing.js';
import { actor, birthBundle, D, FATHER_ID, seedDirectory, staffOf } from './fixtures.js';

const medical: SubTaskScope = { bundleId: 'birth', itemId: 'medicalInsuranceEnrollment', district: D.haishu, department: 'haishu-medicalInsurance', assignee: null };

describe('seals (审批专用章)', () => {
  it('an approval seal signs its department\'s items in scope', () => {
    const seal = findSeal(seedDirectory, 'haishu-medicalInsurance-seal');
    if (!seal) throw new Error('seal');
    expect(sealMaySign(seedDirectory, seal, medical)).toBe(true);
    expect(sealMaySign(seedDirectory, seal, { ...medical, department: 'yinzhou-medicalInsurance' })).toBe(false);
    expect(sealMaySign(seedDirectory, seal, { ...medical, itemId: 'householdRegistration' })).toBe(false);
  });

  it('the window\'s delegated seal signs what other departments authorised it to (集中授权)', () => {
    expect(sealsFor(seedDirectory, medical).map((s) => s.id).sort()).toEqual(['haishu-medicalInsurance-seal', 'haishu-serviceCenter-delegated-seal']);
    expect(sealsFor(seedDirectory, { ...medical, itemId: 'maternityReimbursement' }).map((s) => s.id)).toEqual(['haishu-medicalInsurance-seal']);
    const window = staffOf('haishu-serviceCenter', 'signer1');
    expect(checkSeal(seedDirectory, 'haishu-serviceCenter-delegated-seal', medical, window)).toHaveProperty('kind', 'delegated');
    expect(checkSeal(seedDirectory, 'haishu-serviceCenter-delegated-seal', { ...medical, itemId: 'maternityReimbursement' }, window)).toHaveProperty('code', 'SEAL_OUT_OF_SCOPE');
    expect(checkSeal(seedDirectory, 'haishu-medicalInsurance-seal', medical, window)).toHaveProperty('code', 'FORBIDDEN');
    expect(checkSeal(seedDirectory, 'missing', medical, window)).toHaveProperty('code', 'NOT_FOUND');
    expect(checkSeal(seedDirectory, 'haishu-serviceCenter-delegated-seal', medical, actor('haishu-serviceCenter-clerk1'))).toHaveProperty('kind', 'delegated');
  });

  it('an item that accepts only approval seals refuses the delegated seal even if a delegation lists it', () => {
    const item = birthBundle.items.find((i) => i.id === 'medicalInsuranceEnrollment');
    if (!item) throw new Error('item');
    const window = staffOf('haishu-serviceCenter', 'signer1');
    expect(checkSeal(seedDirectory, 'haishu-serviceCenter-delegated-seal', medical, window, item)).toHaveProperty('kind', 'delegated');
    const strict = { ...item, seals: ['approval' as const] };
    expect(checkSeal(seedDirectory, 'haishu-serviceCenter-delegated-seal', medical, window, strict)).toHaveProperty('code', 'SEAL_OUT_OF_SCOPE');
    expect(sealsFor(seedDirectory, medical, strict).map((s) => s.id)).toEqual(['haishu-medicalInsurance-seal']);
  });
});

describe('signing and hashing', () => {
  const facts = {
    caseId: 'LB-0001', bundleId: 'birth', bundleVersion: 1, itemId: 'householdRegistration', department: 'yinzhou-police',
    district: D.yinzhou, sealId: 'yinzhou-police-seal', signers: ['yinzhou-police-signer1'], at: '2026-03-02T02:00:00.000Z',
    outputs: { householdRegistrationRecord: { babyIdNumber: FATHER_ID, householdNumber: '330212012345' } },
  };

  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [true, null, { d: 'x', c: 2 }] })).toBe('{"a":[true,null,{"c":2,"d":"x"}],"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('a sign-off signed with the seal key verifies offline, and any change breaks it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const payload = signOffPayload(facts);
    expect(signOffPayload({ ...facts, outputs: { householdRegistrationRecord: { householdNumber: '330212012345', babyIdNumber: FATHER_ID } } })).toBe(payload);
    const sig = signPayload(payload, priv);
    expect(signPayload(payload, priv)).toBe(sig); // Ed25519 is deterministic
    expect(verifyPayload(payload, sig, pub)).toBe(true);
    expect(verifyPayload(signOffPayload({ ...facts, signers: ['someone-else'] }), sig, pub)).toBe(false);
    expect(verifyPayload(payload, 'AAAA', pub)).toBe(false);
    expect(payloadDigest(payload)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a hash chain detects a changed or removed record', () => {
    const records = [{ n: 1, what: 'accept' }, { n: 2, what: 'claim' }, { n: 3, what: 'signOff' }];
    const chain = (rs: typeof records) => rs.reduce<string[]>((acc, r) => [...acc, chainHash(acc.at(-1) ?? '', r)], []);
    const good = chain(records);
    expect(chain([records[0], { n: 2, what: 'refuse' }, records[2]])[2]).not.toBe(good[2]);
    expect(chain([records[0], records[2]])[1]).not.toBe(good[2]);
  });
});
