import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../functions/core/bundle.js';
import { validateBundle } from '../../functions/core/bundleValidation.js';
import { type DomainError, isDomainError } from '../../functions/core/errors.js';
import { expectedOutputs, identityView } from '../../functions/core/identity.js';
import { materialsIssuedBy } from '../../functions/core/materials.js';
import { signOffPayload, signPayload, verifyPayload } from '../../functions/core/signing.js';
import type { SubTaskResult } from '../../functions/core/subtask.js';
import { caseInfoOf } from '../../functions/core/case.js';
import { birthBundle, DECEASED_ID, deathBundle, deathValues, makeId, outputsFor, sampleOutputs, seedDirectory, staffOf, World } from './fixtures.js';

const CLERK = 'haishu-serviceCenter-clerk1';
const healthHandler = staffOf('haishu-health', 'handler1');
const healthSigner = staffOf('haishu-health', 'signer1');
const civilHandler = staffOf('haishu-civilAffairs', 'handler1');
const SEAL = 'haishu-health-seal';
/** The wrong person of issue 10: 张德民 / …0030 on an application for 张德福 / DECEASED_ID. */
const OTHER_ID = makeId('330212', '1941-07-20', '003');

function ok(r: SubTaskResult | DomainError): SubTaskResult {
  if (isDomainError(r)) throw new Error(`${r.code}: ${r.message} ${JSON.stringify(r.issues)}`);
  return r;
}

function claimedDeath(): World {
  const w = World.accept(deathBundle, deathValues(), CLERK);
  ok(w.act('deathCertificate', { type: 'claim' }, healthHandler));
  return w;
}

const wrongPerson = () => ({
  deathMedicalCertificate: { ...sampleOutputs.deathMedicalCertificate, deceasedName: '张德民', deceasedIdNumber: OTHER_ID },
});

describe('identity fields (身份要素): what is signed must match what was applied for', () => {
  it('the catalog bundles declare them as data, and validation checks every reference', () => {
    const item = deathBundle.items.find((i) => i.id === 'deathCertificate');
    expect(item?.identity?.map((r) => r.field)).toEqual(['deceasedName', 'deceasedIdNumber', 'deathTime']);
    const codes = (change: (b: Bundle) => void) => {
      const b = structuredClone(deathBundle);
      change(b);
      const r = validateBundle(b, seedDirectory);
      return isDomainError(r) ? r.issues.map((i) => i.code) : [];
    };
    const rules = (b: Bundle) => b.items[0].identity ?? [];
    expect(codes((b) => { rules(b)[0].material = 'cremationCertificate'; })).toContain('UNKNOWN_MATERIAL');
    expect(codes((b) => { rules(b)[0].field = 'nope'; })).toContain('UNKNOWN_FIELD');
    expect(codes((b) => { rules(b)[0].equals.field = 'nope'; })).toContain('UNKNOWN_FIELD');
    expect(codes((b) => { rules(b)[0].equals.field = 'housingFundAccount'; })).toContain('IDENTITY_SOURCE_HIDDEN');
    expect(codes((b) => { rules(b)[0].equals.field = 'deceasedIdNumber'; })).toContain('IDENTITY_TYPE_MISMATCH');
    expect(codes((b) => { rules(b).push({ ...rules(b)[0] }); })).toContain('DUPLICATE_IDENTITY');
    expect(codes((b) => { (b.items[0].identity as unknown as unknown[]).push({ material: 'x' }); })).toContain('REQUIRED');
  });

  it('prefills the sign-off from the application and from received materials', () => {
    const w = claimedDeath();
    const item = deathBundle.items[0];
    expect(expectedOutputs(item, w.get('deathCertificate'))).toEqual({
      deathMedicalCertificate: { deceasedName: '张德福', deceasedIdNumber: DECEASED_ID, deathTime: '2026-02-26T21:10:00+08:00' },
    });
    const view = identityView(healthSigner, w.get('deathCertificate'), deathBundle, item, caseInfoOf(w.case), seedDirectory, new Map());
    expect(view.prefill.deathMedicalCertificate?.deceasedName).toBe('张德福');
    // a handler may not sign off: no prefill; nor once the sub-task is no longer claimed
    expect(identityView(healthHandler, w.get('deathCertificate'), deathBundle, item, caseInfoOf(w.case), seedDirectory, new Map()).prefill).toEqual({});
    const police = birthBundle.items.find((i) => i.id === 'householdRegistration');
    if (!police) throw new Error('item');
    const received = { birthMedicalCertificate: { material: 'birthMedicalCertificate', from: 'birthCertificate', fields: { babyName: '王小满', babySex: 'female' }, attachments: [], receivedAt: '' } };
    expect(expectedOutputs(police, { form: {}, inputs: received })).toEqual({ householdRegistrationRecord: { babyName: '王小满', babySex: 'female' } });
  });

  it('refuses a sign-off for another person: 422 OUTPUT_MISMATCH, one issue per field, the ID number masked, nothing changed', () => {
    const w = claimedDeath();
    const before = w.get('deathCertificate');
    const r = w.act('deathCertificate', { type: 'signOff', sealId: SEAL, outputs: wrongPerson() }, healthSigner);
    if (!isDomainError(r)) throw new Error('accepted');
    expect(r.code).toBe('OUTPUT_MISMATCH');
    expect(r.status).toBe(422);
    expect(r.issues.map((i) => [i.field, i.code])).toEqual([
      ['deathMedicalCertificate.deceasedName', 'IDENTITY_MISMATCH'],
      ['deathMedicalCertificate.deceasedIdNumber', 'IDENTITY_MISMATCH'],
    ]);
    expect(r.issues[0].message).toContain('【逝者姓名】与申请不一致：申请为「张德福」，填写为「张德民」');
    expect(r.issues[0].message).toContain('更正说明');
    expect(r.issues[1].message).not.toContain(DECEASED_ID);
    expect(r.issues[1].message).not.toContain(OTHER_ID);
    expect(r.issues[1].message).toMatch(/申请为「3302\*+\d{3}[\dX]」/);
    expect(w.get('deathCertificate')).toBe(before);
  });

  it('compares ID numbers without case and instants as times', () => {
    const w = claimedDeath();
    const outputs = { deathMedicalCertificate: { ...sampleOutputs.deathMedicalCertificate, deathTime: '2026-02-26T13:10:00Z' } };
    expect(ok(w.act('deathCertificate', { type: 'signOff', sealId: SEAL, outputs }, healthSigner)).subTask.state).toBe('done');
    const w2 = claimedDeath();
    const later = { deathMedicalCertificate: { ...sampleOutputs.deathMedicalCertificate, deathTime: '2026-02-26T21:11:00+08:00' } };
    const r = w2.act('deathCertificate', { type: 'signOff', sealId: SEAL, outputs: later }, healthSigner);
    expect(isDomainError(r) && r.issues.map((i) => i.field)).toEqual(['deathMedicalCertificate.deathTime']);
  });

  it('accepts a differing value with a correction note, signs the note (payload v2) and shows it to the receiving department', () => {
    const w = claimedDeath();
    const outputs = { deathMedicalCertificate: { ...sampleOutputs.deathMedicalCertificate, deceasedName: '张德民' } };
    const missing = w.act('deathCertificate', { type: 'signOff', sealId: SEAL, outputs, corrections: [{ material: 'deathMedicalCertificate', field: 'deceasedName', reason: '  ' }] }, healthSigner);
    expect(isDomainError(missing) && [missing.code, missing.issues[0].field]).toEqual(['VALIDATION_FAILED', 'corrections.0.reason']);
    const notIdentity = w.act('deathCertificate', {
      type: 'signOff', sealId: SEAL, outputs, corrections: [{ material: 'deathMedicalCertificate', field: 'deathCause', reason: '依户籍底册更正' }],
    }, healthSigner);
    expect(isDomainError(notIdentity) && notIdentity.issues[0].code).toBe('NOT_AN_IDENTITY_FIELD');
    const tooLong = w.act('deathCertificate', {
      type: 'signOff', sealId: SEAL, outputs, corrections: [{ material: 'deathMedicalCertificate', field: 'deceasedName', reason: '更'.repeat(201) }],
    }, healthSigner);
    expect(isDomainError(tooLong) && tooLong.issues[0].code).toBe('TOO_LONG');

    const reason = '申请表姓名笔误，经核对户籍底册应为张德民';
    const r = ok(w.act('deathCertificate', {
      type: 'signOff', sealId: SEAL, outputs,
      corrections: [
        { material: 'deathMedicalCertificate', field: 'deceasedName', reason: ` ${reason} ` },
        // a note on a field that does not differ is not kept
        { material: 'deathMedicalCertificate', field: 'deceasedIdNumber', reason: '核对无误' },
      ],
    }, healthSigner));
    const note = { material: 'deathMedicalCertificate', field: 'deceasedName', reason };
    expect(r.subTask.state).toBe('done');
    expect(r.subTask.corrections).toEqual([note]);
    expect(r.events[0].detail.corrected).toBe('deathMedicalCertificate.deceasedName');
    expect(materialsIssuedBy({ ...r.subTask, district: r.subTask.district })[0].corrections).toEqual([note]);

    // the note is signed: version 2 payload; without notes the payload stays version 1 (old signatures verify)
    const facts = {
      caseId: 'c', bundleId: 'death', bundleVersion: 1, itemId: 'deathCertificate', department: 'd', district: 'x', sealId: SEAL,
      signers: ['s'], at: '2026-03-02T02:00:00.000Z', outputs,
    };
    expect(JSON.parse(signOffPayload(facts)).v).toBe(1);
    expect(signOffPayload({ ...facts, corrections: [] })).toBe(signOffPayload(facts));
    const v2 = signOffPayload({ ...facts, corrections: [note] });
    expect(JSON.parse(v2)).toMatchObject({ v: 2, corrections: [note] });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const sig = signPayload(v2, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyPayload(v2, sig, pub)).toBe(true);
    expect(verifyPayload(signOffPayload({ ...facts, corrections: [{ ...note, reason: '改' }] }), sig, pub)).toBe(false);

    // the cremation department received the material: the corrected name shows as a mismatch, with the note
    const cremation = deathBundle.items.find((i) => i.id === 'cremation');
    if (!cremation) throw new Error('item');
    ok(w.act('cremation', { type: 'claim' }, civilHandler));
    const view = identityView(civilHandler, w.get('cremation'), deathBundle, cremation, caseInfoOf(w.case), seedDirectory, w.subTasks);
    expect(view.inputChecks.deathMedicalCertificate).toEqual({
      mismatches: [{ field: 'deceasedName', label: '逝者姓名', source: '申请', expected: '张德福', actual: '张德民' }],
      corrections: [{ field: 'deceasedName', label: '逝者姓名', reason }],
    });
  });

  it('shows a receiving department a shared material that disagrees with the application (e.g. signed before the rule existed), masked', () => {
    const w = World.accept(deathBundle, deathValues(), CLERK);
    const lax: Bundle = { ...deathBundle, items: deathBundle.items.map((i) => ({ ...i, identity: [] })) };
    const laxWorld = new World(lax, { case: w.case, subTasks: [...w.subTasks.values()], events: [], effects: [] });
    ok(laxWorld.act('deathCertificate', { type: 'claim' }, healthHandler));
    ok(laxWorld.act('deathCertificate', { type: 'signOff', sealId: SEAL, outputs: wrongPerson() }, healthSigner));
    ok(laxWorld.act('cremation', { type: 'claim' }, civilHandler));
    const cremation = deathBundle.items.find((i) => i.id === 'cremation');
    if (!cremation) throw new Error('item');
    const view = identityView(civilHandler, laxWorld.get('cremation'), deathBundle, cremation, caseInfoOf(laxWorld.case), seedDirectory, laxWorld.subTasks);
    const mismatches = view.inputChecks.deathMedicalCertificate?.mismatches ?? [];
    expect(mismatches.map((m) => m.field)).toEqual(['deceasedName', 'deceasedIdNumber']);
    expect(mismatches[1].expected).not.toContain(DECEASED_ID.slice(6, 14));
    expect(mismatches[1].actual).toMatch(/\*{4}/);
    expect(view.inputChecks.deathMedicalCertificate?.corrections).toEqual([]);
    // sample outputs that match: no mismatches
    const fine = claimedDeath();
    ok(fine.act('deathCertificate', { type: 'signOff', sealId: SEAL, outputs: outputsFor(deathBundle, 'deathCertificate') }, healthSigner));
    const v = identityView(civilHandler, fine.get('cremation'), deathBundle, cremation, caseInfoOf(fine.case), seedDirectory, fine.subTasks);
    expect(v.inputChecks.deathMedicalCertificate).toEqual({ mismatches: [], corrections: [] });
  });
});
