/**
 * Offline verification of export files, on documents built here with real Ed25519 keys (core signing) and a
 * real audit chain (store linkRecords): a valid export passes; one altered field, audit record, signature,
 * public key, removed signature or cut-off chain fails with a message naming what failed. Also the CLI's
 * `verify` command (exit codes, messages) on files.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FormValues } from '../../functions/core/form';
import { signOffPayload, signPayload } from '../../functions/core/signing';
import { linkRecords, EMPTY_HEAD, type AuditDraft } from '../../functions/store/audit';
import { runCli, type CliIo } from '../../scripts/admin/cli';
import type { ExportDocument } from '../../scripts/admin/format';
import { verifyExport } from '../../scripts/admin/verify';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(), priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

const POLICE = keyPair();
const HOSPITAL = keyPair();
const CASE = 'LB330203-20260302-0001';
const certificate = { certificateNumber: 'Q330123456', babyName: '王小满', motherIdNumber: '330203199305120429', weightGrams: 3350 };
const registration = { babyIdNumber: '33021220260227024X', householdNumber: '330212012345' };

function signature(itemId: string, sealId: string, keyId: string, signer: string, priv: string, outputs: Record<string, FormValues>) {
  const at = '2026-03-02T03:00:00.000Z';
  const payload = signOffPayload({ caseId: CASE, bundleId: 'birth', bundleVersion: 1, itemId, department: sealId.replace(/-seal$/, ''), district: '330203', sealId, signers: [signer], at, outputs });
  return { itemId, sealId, keyId, signer, at, payload, signature: signPayload(payload, priv) };
}

function audit() {
  const draft = (n: number): AuditDraft => ({
    caseId: CASE, at: `2026-03-02T0${n}:00:00.000Z`, action: 'share',
    actor: { id: 'system', name: 'dispatcher', department: null, district: null },
    recipient: { department: 'yinzhou-police', district: '330212', itemId: 'householdRegistration' },
    subjects: ['ab'.repeat(32)], data: [`birthMedicalCertificate:babyName,motherIdNumber#${n}`], purpose: '户口登记',
  });
  return linkRecords(EMPTY_HEAD, [draft(1), draft(2), draft(3)]);
}

function validDoc(): ExportDocument {
  const chain = audit();
  return {
    format: 'lianban-export', version: 1, kind: 'case', exportedAt: '2026-03-03T00:00:00.000Z',
    cases: [{
      caseId: CASE,
      case: { id: CASE, bundleId: 'birth', state: 'running', auditHead: chain.head },
      subTasks: [
        { caseId: CASE, itemId: 'birthCertificate', state: 'done', signatures: [{ signer: 'h-signer1', sealId: 'haishu-hospital1-seal', at: '2026-03-02T03:00:00.000Z' }] },
        { caseId: CASE, itemId: 'householdRegistration', state: 'done', signatures: [{ signer: 'p-signer1', sealId: 'yinzhou-police-seal', at: '2026-03-02T03:00:00.000Z' }] },
      ],
      materials: [
        { type: 'householdBook', producedBy: 'intake', issuer: null, data: { householdNumber: '330212012345' }, issuedAt: '2026-03-02T02:00:00.000Z', seal: null, attachments: [] },
        { type: 'birthMedicalCertificate', producedBy: 'birthCertificate', issuer: { district: '330203', department: 'haishu-hospital1' }, data: { ...certificate }, issuedAt: '2026-03-02T03:00:00.000Z', seal: { sealId: 'haishu-hospital1-seal', signers: ['h-signer1'] }, attachments: [] },
        { type: 'householdRegistrationRecord', producedBy: 'householdRegistration', issuer: { district: '330212', department: 'yinzhou-police' }, data: { ...registration }, issuedAt: '2026-03-02T03:00:00.000Z', seal: { sealId: 'yinzhou-police-seal', signers: ['p-signer1'] }, attachments: [] },
      ],
      signatures: [
        signature('birthCertificate', 'haishu-hospital1-seal', 'hospital-key', 'h-signer1', HOSPITAL.priv, { birthMedicalCertificate: certificate }),
        signature('householdRegistration', 'yinzhou-police-seal', 'police-key', 'p-signer1', POLICE.priv, { householdRegistrationRecord: registration }),
      ],
      audit: chain.records.map((r) => ({ ...r })),
    }],
    publicKeys: {
      'hospital-key': { keyId: 'hospital-key', sealId: 'haishu-hospital1-seal', algorithm: 'Ed25519', publicKeyPem: HOSPITAL.pub },
      'police-key': { keyId: 'police-key', sealId: 'yinzhou-police-seal', algorithm: 'Ed25519', publicKeyPem: POLICE.pub },
    },
  };
}

const messages = (doc: unknown, options = {}) => verifyExport(doc, options).failures.map((f) => `${f.check}: ${f.message}`);

describe('verifyExport', () => {
  it('passes a valid export: every signature, signed material and audit record', () => {
    const r = verifyExport(validDoc());
    expect(r.failures).toEqual([]);
    expect(r).toMatchObject({ ok: true, cases: 1, signatures: { checked: 2, valid: 2 }, auditRecords: { checked: 3 }, keysFromExport: true });
  });

  it('fails when one field of a signed material is changed, naming the material and the field', () => {
    const doc = validDoc();
    doc.cases[0].materials[1].data.babyName = '王大满';
    expect(messages(doc)).toEqual([
      `material: case ${CASE}: material birthMedicalCertificate of item birthCertificate differs from what seal haishu-hospital1-seal signed (field babyName)`,
    ]);
  });

  it('fails when the signed payload is changed (signature no longer verifies)', () => {
    const doc = validDoc();
    doc.cases[0].signatures[1].payload = doc.cases[0].signatures[1].payload.replace('330212012345', '330212099999');
    const m = messages(doc);
    expect(m[0]).toBe(`signature: case ${CASE}, item householdRegistration, seal yinzhou-police-seal: the Ed25519 signature does not verify (the signed content or the signature was altered)`);
    // The sign-off it stood for is now unsigned, and so is its material.
    expect(m.join('\n')).toMatch(/householdRegistration: the sign-off by p-signer1 with seal yinzhou-police-seal has no valid signature/);
  });

  it('fails when one signature byte is changed', () => {
    const doc = validDoc();
    const sig = Buffer.from(doc.cases[0].signatures[0].signature, 'base64');
    sig[10] ^= 0x01;
    doc.cases[0].signatures[0].signature = sig.toString('base64');
    expect(messages(doc)[0]).toMatch(/item birthCertificate, seal haishu-hospital1-seal: the Ed25519 signature does not verify/);
  });

  it('fails when a signature is removed from the export', () => {
    const doc = validDoc();
    doc.cases[0].signatures.splice(0, 1);
    expect(messages(doc)).toEqual([
      `signature: case ${CASE}, item birthCertificate: the sign-off by h-signer1 with seal haishu-hospital1-seal has no valid signature in the export`,
      `material: case ${CASE}: material birthMedicalCertificate of item birthCertificate is not covered by any valid signature`,
    ]);
  });

  it('fails when a signature is verified with another seal’s key, or the key is missing', () => {
    const swapped = validDoc();
    swapped.publicKeys['police-key'].publicKeyPem = HOSPITAL.pub;
    expect(messages(swapped)[0]).toMatch(/seal yinzhou-police-seal: the Ed25519 signature does not verify/);
    const missing = validDoc();
    delete (missing.publicKeys as Record<string, unknown>)['police-key'];
    expect(messages(missing)[0]).toBe(`key: case ${CASE}, item householdRegistration, seal yinzhou-police-seal: no public key police-key`);
  });

  it('with trusted keys: a re-signed export with a substituted key fails', () => {
    const forger = keyPair();
    const doc = validDoc();
    const trustedKeys = structuredClone(doc.publicKeys);
    doc.cases[0].materials[1].data.babyName = '王大满';
    const forged = signature('birthCertificate', 'haishu-hospital1-seal', 'hospital-key', 'h-signer1', forger.priv, { birthMedicalCertificate: doc.cases[0].materials[1].data });
    doc.cases[0].signatures[0] = forged;
    doc.publicKeys['hospital-key'].publicKeyPem = forger.pub;
    expect(verifyExport(doc).ok).toBe(true); // self-consistent: the file alone cannot tell
    const m = messages(doc, { trustedKeys });
    expect(m).toContain('key: public key hospital-key in the file differs from the trusted key');
    expect(m.join('\n')).toMatch(/item birthCertificate, seal haishu-hospital1-seal: the Ed25519 signature does not verify/);
  });

  it('fails when an audit record is changed, removed, reordered or cut off the end', () => {
    const altered = validDoc();
    altered.cases[0].audit[1].purpose = '其他用途';
    expect(messages(altered)).toEqual([`audit: case ${CASE}, audit record #2: its hash does not match its content (the record was altered)`]);

    const removed = validDoc();
    removed.cases[0].audit.splice(1, 1);
    expect(messages(removed)).toEqual([`audit: case ${CASE}, audit record #3: expected #2 next (a record was removed, added or reordered)`]);

    const relinked = validDoc();
    relinked.cases[0].audit[2].prevHash = relinked.cases[0].audit[0].hash;
    expect(messages(relinked)[0]).toBe(`audit: case ${CASE}, audit record #3: does not link to record #2 (prevHash differs: the chain is broken)`);

    const cut = validDoc();
    cut.cases[0].audit.pop();
    expect(messages(cut)).toEqual([`audit: case ${CASE}: the audit chain ends at #2 but the case records head #3 (records missing at the end)`]);
  });

  it('refuses files that are not lianban exports', () => {
    expect(messages([])).toEqual(['format: the file is not a JSON object']);
    expect(messages({ format: 'other' })[0]).toMatch(/not a lianban export/);
    expect(messages({ ...validDoc(), version: 2 })[0]).toMatch(/unsupported export version 2/);
    const noAudit = validDoc() as unknown as { cases: Array<Record<string, unknown>> };
    delete noAudit.cases[0].audit;
    expect(messages(noAudit)[0]).toMatch(/"audit" is not a list/);
  });
});

describe('npm run admin -- verify', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lianban-verify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function io(): CliIo & { stdout: string; stderr: string } {
    const o = {
      stdout: '', stderr: '', env: {}, cwd: dir, now: () => '2026-03-03T00:00:00.000Z', stdin: async () => '',
      out: (t: string) => void (o.stdout += t), err: (t: string) => void (o.stderr += t),
    };
    return o;
  }
  const write = (name: string, value: unknown) => {
    writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
    return name;
  };

  it('exits 0 on a valid export and says what it checked', async () => {
    const o = io();
    expect(await runCli(['verify', write('ok.json', validDoc())], o)).toBe(0);
    expect(o.stdout).toMatch(/verified: 1 case\(s\), 2\/2 signature\(s\) valid, 3 audit record\(s\) checked \(public keys taken from the file/);
  });

  it('exits 1 naming every failure', async () => {
    const doc = validDoc();
    doc.cases[0].materials[2].data.householdNumber = '1';
    doc.cases[0].audit[0].at = '2020-01-01T00:00:00.000Z';
    const o = io();
    expect(await runCli(['verify', write('bad.json', doc)], o)).toBe(1);
    expect(o.stderr).toContain('FAIL material: case LB330203-20260302-0001: material householdRegistrationRecord of item householdRegistration differs from what seal yinzhou-police-seal signed (field householdNumber)');
    expect(o.stderr).toContain('FAIL audit: case LB330203-20260302-0001, audit record #1: its hash does not match its content');
    expect(o.stderr).toMatch(/verification FAILED \(2 problem\(s\)\)/);
  });

  it('checks against a trusted key file', async () => {
    const o = io();
    const keys = write('keys.json', validDoc().publicKeys);
    expect(await runCli(['verify', write('ok2.json', validDoc()), '--trusted-keys', keys], o)).toBe(0);
    expect(o.stdout).toMatch(/against the trusted keys/);
  });

  it('exits 2 on unreadable input and bad usage', async () => {
    let o = io();
    expect(await runCli(['verify', write('junk.json', '{not json')], o)).toBe(2);
    expect(o.stderr).toMatch(/is not JSON/);
    o = io();
    expect(await runCli(['verify', 'missing.json'], o)).toBe(2);
    expect(o.stderr).toMatch(/cannot read export file/);
    o = io();
    expect(await runCli(['verify'], o)).toBe(2);
    o = io();
    expect(await runCli(['frobnicate'], o)).toBe(2);
    expect(o.stderr).toMatch(/unknown command "frobnicate"/);
    o = io();
    expect(await runCli(['export-case', 'C-1'], o)).toBe(2);
    expect(o.stderr).toMatch(/--out <file> is required/);
  });
});
