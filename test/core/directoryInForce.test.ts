// The directory in force on a day (core directoryInForce.ts): delegations inside their validity period and not
// revoked, joins from their date; a sign-off under a delegation decided on its re-read row (policy.ts
// authorizeDelegatedSigning); revoked seals sign nothing (seal.ts); districts joining need their departments
// (districtJoin.ts); issuing seals and delegations (sealRules.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Delegation, Directory } from '../../functions/core/directory';
import { bundlesInForce, delegationInForce, delegationLapse, directoryInForce } from '../../functions/core/directoryInForce';
import { joinBundle } from '../../functions/core/districtJoin';
import { isDomainError } from '../../functions/core/errors';
import { actsForDepartment, authorizeDelegatedSigning, delegationsActedUnder, sealsForActor, type SubTaskScope } from '../../functions/core/policy';
import { checkSeal } from '../../functions/core/seal';
import { issueDelegation, issueSeal, revokeSeal, rotateSeal } from '../../functions/core/sealRules';
import { addDays } from '../../functions/core/time';
import { actor, birthBundle, D, deathBundle, seedDirectory } from './fixtures';

const seeded = (id: string): Delegation => {
  const d = seedDirectory.delegations.find((x) => x.id === id);
  if (!d) throw new Error(id);
  return d;
};
const MI_DELEGATION = seeded('yinzhou-medicalInsurance-to-serviceCenter');
const scope: SubTaskScope = { bundleId: 'birth', itemId: 'medicalInsuranceEnrollment', district: D.yinzhou, department: 'yinzhou-medicalInsurance', assignee: null, state: 'ready' };
const windowSigner = actor('yinzhou-serviceCenter-signer1');
const withDelegations = (delegations: Delegation[]): Directory => ({ ...seedDirectory, delegations });
const revocation = { at: '2026-03-02T02:00:00.000Z', by: 'yinzhou-serviceCenter-admin1', reason: '授权调整' };

describe('delegation validity', () => {
  const bounded: Delegation = { ...MI_DELEGATION, validFrom: '2026-03-02', validUntil: '2026-03-06' };

  it('grants from validFrom to validUntil inclusive, nothing before or after, nothing once revoked', () => {
    expect(delegationInForce(bounded, '2026-03-01')).toBe(false);
    expect(delegationInForce(bounded, '2026-03-02')).toBe(true);
    expect(delegationInForce(bounded, '2026-03-06')).toBe(true);
    expect(delegationInForce(bounded, '2026-03-07')).toBe(false);
    expect(delegationInForce({ ...bounded, revoked: revocation }, '2026-03-03')).toBe(false);
    expect(delegationInForce(MI_DELEGATION, '2099-01-01')).toBe(true); // no period: unbounded
    expect(delegationLapse(bounded, '2026-03-07')).toContain('到期');
    expect(delegationLapse(bounded, '2026-03-01')).toContain('尚未生效');
    expect(delegationLapse({ ...bounded, revoked: revocation }, '2026-03-03')).toContain('撤销');
    expect(delegationLapse(bounded, '2026-03-03')).toBeNull();
  });

  it('in force exactly on the days of its period (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: -100, max: 500 }), (start, length, offset) => {
        const validFrom = addDays('2026-01-01', start);
        const validUntil = addDays(validFrom, length);
        const day = addDays('2026-01-01', offset);
        expect(delegationInForce({ ...MI_DELEGATION, validFrom, validUntil }, day)).toBe(day >= validFrom && day <= validUntil);
      }),
    );
  });

  it('the directory in force leaves a lapsed delegation out: the window no longer acts for the department', () => {
    const dir = withDelegations(seedDirectory.delegations.map((d) => (d.id === MI_DELEGATION.id ? bounded : d)));
    expect(actsForDepartment(windowSigner, scope, directoryInForce(dir, '2026-03-03'))).toBe(true);
    expect(actsForDepartment(windowSigner, scope, directoryInForce(dir, '2026-03-07'))).toBe(false);
    expect(directoryInForce(dir, '2026-03-07').delegations.map((d) => d.id)).not.toContain(MI_DELEGATION.id);
  });

  it('a delegated sign-off is decided on the delegation as re-read: revoked or expired → FORBIDDEN saying why', () => {
    expect(delegationsActedUnder(windowSigner, scope, seedDirectory).map((d) => d.id)).toEqual([MI_DELEGATION.id]);
    expect(delegationsActedUnder(actor('yinzhou-medicalInsurance-signer1'), scope, seedDirectory)).toEqual([]);
    expect(authorizeDelegatedSigning(windowSigner, scope, [bounded], '2026-03-03')).toBeNull();
    const revoked = authorizeDelegatedSigning(windowSigner, scope, [{ ...bounded, revoked: revocation }], '2026-03-03');
    expect(revoked?.code).toBe('FORBIDDEN');
    expect(revoked?.message).toContain('撤销');
    expect(authorizeDelegatedSigning(windowSigner, scope, [bounded], '2026-03-09')?.message).toContain('到期');
    expect(authorizeDelegatedSigning(windowSigner, scope, [null], '2026-03-03')?.code).toBe('FORBIDDEN');
    // the department's own signer needs no delegation
    expect(authorizeDelegatedSigning(actor('yinzhou-medicalInsurance-signer1'), scope, [], '2026-03-03')).toBeNull();
  });
});

describe('seals', () => {
  const hospital = 'haishu-hospital1';
  const birthScope: SubTaskScope = { bundleId: 'birth', itemId: 'birthCertificate', district: D.haishu, department: hospital, assignee: null, state: 'claimed' };
  const signer = actor(`${hospital}-signer1`);
  const item = birthBundle.items.find((i) => i.id === 'birthCertificate');

  it('issuing: items of published bundles of the department\'s kind; the first key id', () => {
    const seal = issueSeal(seedDirectory, { id: `${hospital}-seal2`, name: '二号章', department: hospital, kind: 'approval', scope: ['birth/birthCertificate'] }, [birthBundle, deathBundle]);
    expect(seal).toMatchObject({ keyId: `${hospital}-seal2-ed25519-1` });
    const bad = issueSeal(seedDirectory, { id: 'x', name: '章', department: hospital, kind: 'approval', scope: ['birth/householdRegistration', 'birth/nope'] }, [birthBundle]);
    expect(Array.isArray(bad) && bad.map((i) => i.code)).toEqual(['WRONG_DEPARTMENT', 'UNKNOWN_ITEM']);
    expect(issueSeal(seedDirectory, { id: 'x', name: '章', department: 'nowhere', kind: 'approval', scope: [] }, [birthBundle])).toEqual([
      expect.objectContaining({ field: 'department' }),
    ]);
  });

  it('rotating keeps the earlier key ids; a revoked seal signs nothing and cannot be rotated', () => {
    const seal = seedDirectory.seals.find((s) => s.id === `${hospital}-seal`);
    if (!seal || !item) throw new Error('seed');
    const once = rotateSeal(seal);
    if (Array.isArray(once)) throw new Error('rotate');
    const twice = rotateSeal(once);
    if (Array.isArray(twice)) throw new Error('rotate');
    expect(twice.previousKeyIds).toEqual([seal.keyId, once.keyId]);
    expect(new Set([seal.keyId, once.keyId, twice.keyId]).size).toBe(3);

    const revoked = revokeSeal(seal, revocation);
    if (Array.isArray(revoked)) throw new Error('revoke');
    expect(Array.isArray(revokeSeal(revoked, revocation))).toBe(true);
    expect(Array.isArray(rotateSeal(revoked))).toBe(true);
    const dir: Directory = { ...seedDirectory, seals: seedDirectory.seals.map((s) => (s.id === seal.id ? revoked : s)) };
    expect(sealsForActor(signer, birthScope, item, dir).map((s) => s.id)).not.toContain(seal.id);
    const refused = checkSeal(dir, seal.id, birthScope, signer, item);
    expect(isDomainError(refused) && refused.code).toBe('SEAL_OUT_OF_SCOPE');
    expect(isDomainError(refused) && refused.message).toContain('吊销');
  });

  it('issuing a delegation: the window\'s 集中授权章, items allowing it, a sane period', () => {
    const body = {
      id: 'd1', fromDepartment: 'yinzhou-medicalInsurance', toDepartment: 'yinzhou-serviceCenter', items: ['birth/medicalInsuranceEnrollment'],
      sealId: 'yinzhou-serviceCenter-delegated-seal', validFrom: '2026-03-02', validUntil: '2026-12-31',
    };
    expect(issueDelegation(seedDirectory, body, [birthBundle], '2026-03-02')).toMatchObject({ id: 'd1', validUntil: '2026-12-31' });
    const codes = (b: typeof body, today = '2026-03-02') => {
      const r = issueDelegation(seedDirectory, b, [birthBundle], today);
      return Array.isArray(r) ? r.map((i) => i.code) : [];
    };
    expect(codes({ ...body, sealId: 'yinzhou-police-seal' })).toEqual(['BAD_SEAL']);
    expect(codes({ ...body, items: ['birth/maternityReimbursement'] })).toEqual(['SEAL_KIND_NOT_ALLOWED']);
    expect(codes({ ...body, toDepartment: 'haishu-serviceCenter' })).toContain('OTHER_DISTRICT');
    expect(codes({ ...body, validUntil: '2026-03-01' })).toEqual(['BAD_PERIOD']);
    expect(codes(body, '2027-01-05')).toEqual(['BAD_PERIOD']);
    expect(codes({ ...body, validFrom: '2026-02-30' })).toEqual(['BAD_DATE']);
  });
});

describe('districts joining a bundle from a date', () => {
  const beilun = seedDirectory.districts.find((d) => d.code === D.beilun);
  if (!beilun) throw new Error('seed');

  it('the join applies from its date (into District.bundles of the directory in force)', () => {
    const joined = joinBundle(seedDirectory, beilun, deathBundle, null, '2026-03-03', '2026-03-02');
    if (Array.isArray(joined)) throw new Error(JSON.stringify(joined));
    expect(joined.joins).toEqual([{ bundle: 'death', from: '2026-03-03' }]);
    expect(bundlesInForce(joined, '2026-03-02')).not.toContain('death');
    expect(bundlesInForce(joined, '2026-03-03')).toContain('death');
    const dir: Directory = { ...seedDirectory, districts: seedDirectory.districts.map((d) => (d.code === D.beilun ? joined : d)) };
    expect(directoryInForce(dir, '2026-03-02').districts.find((d) => d.code === D.beilun)?.bundles).toEqual(['birth']);
    expect(directoryInForce(dir, '2026-03-03').districts.find((d) => d.code === D.beilun)?.bundles).toEqual(['birth', 'death']);
  });

  it('refused before today, when already taking part, and naming a department the district lacks', () => {
    expect(joinBundle(seedDirectory, beilun, deathBundle, null, '2026-03-01', '2026-03-02')).toEqual([expect.objectContaining({ field: 'from' })]);
    const haishu = seedDirectory.districts.find((d) => d.code === D.haishu);
    if (!haishu) throw new Error('seed');
    expect(joinBundle(seedDirectory, haishu, deathBundle, null, '2026-03-03', '2026-03-02')).toEqual([expect.objectContaining({ code: 'ALREADY_JOINED' })]);
    const lacking: Directory = { ...seedDirectory, departments: seedDirectory.departments.filter((d) => d.id !== 'beilun-civilAffairs') };
    const refused = joinBundle(lacking, beilun, deathBundle, null, '2026-03-03', '2026-03-02');
    expect(Array.isArray(refused)).toBe(true);
    const messages = (Array.isArray(refused) ? refused : []).map((i) => i.message);
    expect(messages).toEqual([expect.stringContaining('北仑区没有事项')]);
    expect(messages[0]).toContain('civilAffairs');
    const own = joinBundle(seedDirectory, beilun, deathBundle, D.haishu, '2026-03-03', '2026-03-02');
    expect(own).toEqual([expect.objectContaining({ code: 'DISTRICT_BUNDLE', message: expect.stringContaining('海曙区自建') })]);
  });
});
