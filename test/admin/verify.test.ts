/**
 * Offline verification of export files (version 2), on documents built here with real Ed25519 keys (core
 * signing) and a real audit chain (store linkRecords): a valid export passes; one altered material field,
 * issuer, issue time, seal, signature entry, payload, signature (also only its base64 padding bits), public
 * key (also only its PEM text), audit record or head, a removed signature, material or record, an unknown
 * field, fails with a message naming what failed. Also the CLI's `verify` command (exit codes, messages, the
 * warning when it trusts the keys inside the file) on files. test/admin/tamper.test.ts changes every value
 * of a real export in turn.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FormValues } from '../../functions/core/form';
import { signOffPayload, signPayload } from '../../functions/core/signing';
import { linkRecords, EMPTY_HEAD, type AuditDraft } from '../../functions/store/audit';
import { AUDIT_CHAIN_NOTE, runCli, SELF_KEYS_WARNING, type CliIo } from '../../scripts/admin/cli';
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

function signature(itemId: string, sealId: string, keyId: string, signers: string[], priv: string, outputs: Record<string, FormValues>, district = '330203', at = '2026-03-02T03:00:00.000Z') {
  const payload = signOffPayload({ caseId: CASE, bundleId: 'birth', bundleVersion: 1, itemId, department: sealId.replace(/-seal$/, ''), district, sealId, signers, at, outputs });
  return { itemId, sealId, keyId, signer: signers[signers.length - 1], at, payload, signature: signPayload(payload, priv) };
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

const AT = '2026-03-02T03:00:00.000Z';

function validDoc(): ExportDocument {
  const chain = audit();
  return {
    format: 'lianban-export', version: 2, kind: 'case',
    cases: [{
      caseId: CASE,
      signatures: [
        signature('birthCertificate', 'haishu-hospital1-seal', 'hospital-key', ['h-signer1'], HOSPITAL.priv, { birthMedicalCertificate: certificate }),
        signature('householdRegistration', 'yinzhou-police-seal', 'police-key', ['p-signer1'], POLICE.priv, { householdRegistrationRecord: registration }, '330212'),
      ],
      materials: [
        { type: 'birthMedicalCertificate', producedBy: 'birthCertificate', issuer: { district: '330203', department: 'haishu-hospital1' }, data: { ...certificate }, issuedAt: AT, seal: { sealId: 'haishu-hospital1-seal', signers: ['h-signer1'] } },
        { type: 'householdRegistrationRecord', producedBy: 'householdRegistration', issuer: { district: '330212', department: 'yinzhou-police' }, data: { ...registration }, issuedAt: AT, seal: { sealId: 'yinzhou-police-seal', signers: ['p-signer1'] } },
      ],
      audit: chain.records.map((r) => ({ ...r })),
      auditHead: { ...chain.head },
    }],
    publicKeys: {
      'hospital-key': { keyId: 'hospital-key', sealId: 'haishu-hospital1-seal', algorithm: 'Ed25519', publicKeyPem: HOSPITAL.pub },
      'police-key': { keyId: 'police-key', sealId: 'yinzhou-police-seal', algorithm: 'Ed25519', publicKeyPem: POLICE.pub },
    },
  };
}

const messages = (doc: unknown, options = {}) => verifyExport(doc, options).failures.map((f) => `${f.check}: ${f.message}`);

/** Changes the last significant base64 character of a text so that it decodes to the same bytes (padding bits only). */
function samePaddedBytes(b64: string): string {
  const pad = b64.length - b64.replace(/=+$/, '').length;
  const at = b64.length - pad - 1;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const changed = b64.slice(0, at) + alphabet[alphabet.indexOf(b64[at]) ^ 1] + b64.slice(at + 1);
  expect(Buffer.from(changed, 'base64').equals(Buffer.from(b64, 'base64'))).toBe(true);
  return changed;
}

describe('verifyExport', () => {
  it('passes a valid export: every signature, signed material and audit record', () => {
    const r = verifyExport(validDoc());
    expect(r.failures).toEqual([]);
    expect(r).toMatchObject({ ok: true, cases: 1, signatures: { checked: 2, valid: 2 }, materials: { checked: 2 }, auditRecords: { checked: 3 }, keysFromExport: true });
  });

  it('fails when one field of a signed material is changed, naming the material and the field', () => {
    const doc = validDoc();
    doc.cases[0].materials[0].data.babyName = '王大满';
    expect(messages(doc)).toEqual([
      `material: case ${CASE}: material birthMedicalCertificate of item birthCertificate differs from what seal haishu-hospital1-seal signed (field babyName)`,
    ]);
    const dropped = validDoc();
    delete dropped.cases[0].materials[1].data.householdNumber;
    expect(messages(dropped)).toEqual([
      `material: case ${CASE}: material householdRegistrationRecord of item householdRegistration differs from what seal yinzhou-police-seal signed (field householdNumber)`,
    ]);
  });

  it('fails when a material’s issuer, issue time or seal differ from the signature that covers it', () => {
    const issuer = validDoc();
    issuer.cases[0].materials[0].issuer.department = 'haishu-hospital2';
    expect(messages(issuer)).toEqual([`material: case ${CASE}: material birthMedicalCertificate of item birthCertificate: issuer haishu-hospital2 (330203) is not the department that signed it, haishu-hospital1 (330203)`]);
    const issuedAt = validDoc();
    issuedAt.cases[0].materials[0].issuedAt = '2026-03-01T03:00:00.000Z';
    expect(messages(issuedAt)).toEqual([`material: case ${CASE}: material birthMedicalCertificate of item birthCertificate: issuedAt 2026-03-01T03:00:00.000Z is not the time seal haishu-hospital1-seal signed it, ${AT}`]);
    const seal = validDoc();
    seal.cases[0].materials[1].seal = { sealId: 'yinzhou-police-seal2', signers: ['p-signer9'] };
    expect(messages(seal)).toEqual([
      `material: case ${CASE}: material householdRegistrationRecord of item householdRegistration: seal yinzhou-police-seal2 is not the seal that signed the item, yinzhou-police-seal`,
      `material: case ${CASE}: material householdRegistrationRecord of item householdRegistration: signers p-signer9 are not those of the signature, p-signer1`,
    ]);
  });

  it('fails when a signature entry says something else than its payload (item, seal, signer, time)', () => {
    const at = validDoc();
    at.cases[0].signatures[0].at = '2026-03-02T04:00:00.000Z';
    expect(messages(at)[0]).toBe(`signature: case ${CASE}, item birthCertificate, seal haishu-hospital1-seal: the seal signed time ${AT}, not 2026-03-02T04:00:00.000Z`);
    const signer = validDoc();
    signer.cases[0].signatures[1].signer = 'p-signer2';
    expect(messages(signer)[0]).toMatch(/item householdRegistration, seal yinzhou-police-seal: the seal signed signer p-signer1 \(signers p-signer1\), not p-signer2/);
  });

  it('fails when the signed payload is changed (signature no longer verifies)', () => {
    const doc = validDoc();
    doc.cases[0].signatures[1].payload = doc.cases[0].signatures[1].payload.replace('330212012345', '330212099999');
    expect(messages(doc)).toEqual([
      `signature: case ${CASE}, item householdRegistration, seal yinzhou-police-seal: the Ed25519 signature does not verify (the signed content or the signature was altered)`,
      // The material it stood for is now unsigned.
      `material: case ${CASE}: material householdRegistrationRecord of item householdRegistration is not covered: a signature of item householdRegistration did not verify`,
    ]);
  });

  it('fails when one signature byte is changed, or only the padding bits of its base64', () => {
    const doc = validDoc();
    const sig = Buffer.from(doc.cases[0].signatures[0].signature, 'base64');
    sig[10] ^= 0x01;
    doc.cases[0].signatures[0].signature = sig.toString('base64');
    expect(messages(doc)[0]).toMatch(/item birthCertificate, seal haishu-hospital1-seal: the Ed25519 signature does not verify/);
    const padding = validDoc();
    padding.cases[0].signatures[0].signature = samePaddedBytes(padding.cases[0].signatures[0].signature);
    expect(messages(padding)[0]).toBe(`signature: case ${CASE}, item birthCertificate, seal haishu-hospital1-seal: the signature is not 64 bytes of canonical base64 (it was altered)`);
  });

  it('fails when a signature is removed from the export', () => {
    const doc = validDoc();
    doc.cases[0].signatures.splice(0, 1);
    expect(messages(doc)).toEqual([
      'key: public key hospital-key is used by no signature in the file (nothing would cover its values)',
      `material: case ${CASE}: material birthMedicalCertificate of item birthCertificate is not covered by any valid signature`,
    ]);
  });

  it('fails when a material is removed, or a signed output was never exported', () => {
    const doc = validDoc();
    doc.cases[0].materials.splice(1, 1);
    expect(messages(doc)).toEqual([`material: case ${CASE}: material householdRegistrationRecord signed by item householdRegistration (seal yinzhou-police-seal) is missing from the export`]);
  });

  it('checks a countersigned item: its seals form one sequence, its material names both signers', () => {
    const build = () => {
      const doc = validDoc();
      const outputs = { householdRegistrationRecord: registration };
      doc.cases[0].signatures[1] = signature('householdRegistration', 'yinzhou-police-seal', 'police-key', ['p-signer1'], POLICE.priv, outputs, '330212');
      doc.cases[0].signatures.push(signature('householdRegistration', 'yinzhou-police-seal', 'police-key', ['p-signer1', 'p-signer2'], POLICE.priv, outputs, '330212', '2026-03-02T05:00:00.000Z'));
      doc.cases[0].materials[1] = { ...doc.cases[0].materials[1], issuedAt: '2026-03-02T05:00:00.000Z', seal: { sealId: 'yinzhou-police-seal', signers: ['p-signer1', 'p-signer2'] } };
      return doc;
    };
    expect(messages(build())).toEqual([]);
    const firstGone = build();
    firstGone.cases[0].signatures.splice(1, 1);
    expect(messages(firstGone)[0]).toBe(`signature: case ${CASE}, item householdRegistration: its signatures do not form one sequence (seal #1 is signed by p-signer1, p-signer2): a signature is missing, repeated or out of order`);
    const countersignGone = build();
    countersignGone.cases[0].signatures.pop();
    expect(messages(countersignGone)).toEqual([
      `material: case ${CASE}: material householdRegistrationRecord of item householdRegistration: issuedAt 2026-03-02T05:00:00.000Z is not the time seal yinzhou-police-seal signed it, ${AT}`,
      `material: case ${CASE}: material householdRegistrationRecord of item householdRegistration: signers p-signer1, p-signer2 are not those of the signature, p-signer1`,
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

  it('fails on a public key whose PEM text was altered without changing the key, and on a key nothing uses', () => {
    const crlf = validDoc();
    crlf.publicKeys['police-key'].publicKeyPem = POLICE.pub.replace(/\n/g, '\r\n');
    expect(messages(crlf)).toEqual(['key: public key police-key is not in its canonical PEM form (the text was altered)']);
    const extra = validDoc();
    extra.publicKeys['spare-key'] = { keyId: 'spare-key', sealId: 'haishu-hospital1-seal', algorithm: 'Ed25519', publicKeyPem: keyPair().pub };
    expect(messages(extra)).toEqual(['key: public key spare-key is used by no signature in the file (nothing would cover its values)']);
  });

  it('with trusted keys: a re-signed export with a substituted key fails', () => {
    const forger = keyPair();
    const doc = validDoc();
    const trustedKeys = structuredClone(doc.publicKeys);
    doc.cases[0].materials[0].data.babyName = '王大满';
    doc.cases[0].signatures[0] = signature('birthCertificate', 'haishu-hospital1-seal', 'hospital-key', ['h-signer1'], forger.priv, { birthMedicalCertificate: doc.cases[0].materials[0].data });
    doc.publicKeys['hospital-key'].publicKeyPem = forger.pub;
    expect(verifyExport(doc).ok).toBe(true); // self-consistent: the file alone cannot tell
    const m = messages(doc, { trustedKeys });
    expect(m).toContain('key: public key hospital-key in the file differs from the trusted key');
    expect(m.join('\n')).toMatch(/item birthCertificate, seal haishu-hospital1-seal: the Ed25519 signature does not verify/);
    // A key the trusted set does not know is reported too.
    const { 'police-key': _police, ...onlyHospital } = structuredClone(validDoc().publicKeys);
    expect(messages(validDoc(), { trustedKeys: onlyHospital })).toContain('key: public key police-key in the file is not among the trusted keys');
  });

  it('fails when an audit record is changed, removed, reordered or cut off the end, or the head altered', () => {
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
    expect(messages(cut)).toEqual([`audit: case ${CASE}: the audit chain ends at #2 but the case records head #3 (records missing at the end, or the head was altered)`]);

    const head = validDoc();
    head.cases[0].auditHead.hash = 'f'.repeat(64);
    expect(messages(head)).toEqual([`audit: case ${CASE}: the audit chain head recorded with the case is not the hash of record #3 (the head or the last record was altered)`]);
  });

  it('refuses any field the format does not have: nothing would cover it', () => {
    const doc = validDoc() as unknown as { cases: Array<{ materials: Array<Record<string, unknown>> }>; note?: string };
    doc.cases[0].materials[0].attachments = [];
    doc.note = '已核对';
    expect(messages(doc)).toEqual([
      'format: the file: unexpected field "note" (no signature or audit chain covers it)',
      'format: cases[0].materials[0]: unexpected field "attachments" (no signature or audit chain covers it)',
    ]);
  });

  it('refuses files that are not lianban exports, and version 1 files', () => {
    expect(messages([])).toEqual(['format: the file is not a JSON object']);
    expect(messages({ format: 'other' })[0]).toMatch(/not a lianban export/);
    expect(messages({ ...validDoc(), version: 3 })[0]).toMatch(/unsupported export version 3/);
    expect(messages({ ...validDoc(), version: 1 })[0]).toMatch(/version 1 carries values that no signature or chain covers .*export the case again/);
    expect(messages({ ...validDoc(), kind: 'casf' })[0]).toBe('format: unknown export kind "casf" (expected "case" or "archive")');
    const noAudit = validDoc() as unknown as { cases: Array<Record<string, unknown>> };
    delete noAudit.cases[0].audit;
    expect(messages(noAudit)[0]).toBe('format: cases[0]: "audit" is missing');
  });

  it('an archive: the subject and the export time must be those of the export’s own access record on each chain', () => {
    const subject = 'cd'.repeat(32);
    const exportedAt = '2026-03-03T00:00:00.000Z';
    const build = () => {
      const doc = validDoc();
      const c = doc.cases[0];
      const { records, head } = linkRecords(c.auditHead, [{
        caseId: CASE, at: exportedAt, action: 'archiveSearch', actor: { id: 'auditor1', name: '审计', department: 'haishu-serviceCenter', district: '330203' },
        recipient: { department: 'haishu-serviceCenter', district: '330203', itemId: null }, subjects: [subject],
        data: ['case', 'birthMedicalCertificate:*', 'householdRegistrationRecord:*'], purpose: '档案导出核验',
      }]);
      c.audit.push(...records.map((r) => ({ ...r })));
      c.auditHead = { ...head };
      return { ...doc, kind: 'archive' as const, exportedAt, subject };
    };
    expect(messages(build())).toEqual([]);
    expect(messages({ ...build(), subject: 'ce'.repeat(32) })[0]).toMatch(/^archive: case LB330203-20260302-0001: its audit chain has no record of this export/);
    expect(messages({ ...build(), exportedAt: '2026-03-04T00:00:00.000Z' })[0]).toMatch(/no record of this export .* at 2026-03-04T00:00:00.000Z/);
    const dropped = build();
    dropped.cases[0].materials.splice(0, 1);
    expect(messages(dropped)).toContain(`archive: case ${CASE}: material birthMedicalCertificate, shown by the export's access record #4, is missing from the export`);
    const { subject: _s, ...noSubject } = build();
    expect(messages(noSubject)[0]).toBe('format: the file: "subject" is missing');
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

  it('exits 0 on a valid export and says what it checked, and that it trusted the keys inside the file', async () => {
    const o = io();
    expect(await runCli(['verify', write('ok.json', validDoc())], o)).toBe(0);
    expect(o.stdout).toMatch(/verified: 1 case\(s\), 2\/2 signature\(s\) valid, 2 material\(s\) checked against them, 3 audit record\(s\) checked \(public keys taken from the file/);
    expect(o.stdout).toContain(SELF_KEYS_WARNING);
    expect(o.stdout).toMatch(/信任的是导出文件自带的公钥/);
    expect(o.stdout).toMatch(/伪造的文件同样会通过/);
    expect(o.stdout).toContain(AUDIT_CHAIN_NOTE);
  });

  it('exits 1 naming every failure', async () => {
    const doc = validDoc();
    doc.cases[0].materials[1].data.householdNumber = '1';
    doc.cases[0].audit[0].at = '2020-01-01T00:00:00.000Z';
    const o = io();
    expect(await runCli(['verify', write('bad.json', doc)], o)).toBe(1);
    expect(o.stderr).toContain('FAIL material: case LB330203-20260302-0001: material householdRegistrationRecord of item householdRegistration differs from what seal yinzhou-police-seal signed (field householdNumber)');
    expect(o.stderr).toContain('FAIL audit: case LB330203-20260302-0001, audit record #1: its hash does not match its content');
    expect(o.stderr).toMatch(/verification FAILED \(2 problem\(s\)\)/);
    expect(o.stdout).toContain(SELF_KEYS_WARNING);
  });

  it('checks against a trusted key file, without the warning; a forged file with its own keys fails', async () => {
    const o = io();
    const keys = write('keys.json', validDoc().publicKeys);
    expect(await runCli(['verify', write('ok2.json', validDoc()), '--trusted-keys', keys], o)).toBe(0);
    expect(o.stdout).toMatch(/against the trusted keys/);
    expect(o.stdout).not.toContain(SELF_KEYS_WARNING);
    const forger = keyPair();
    const forged = validDoc();
    for (const k of Object.values(forged.publicKeys)) k.publicKeyPem = forger.pub;
    forged.cases[0].signatures = forged.cases[0].signatures.map((s) => ({ ...s, signature: signPayload(s.payload, forger.priv) }));
    const f = io();
    expect(await runCli(['verify', write('forged.json', forged)], f)).toBe(0); // passes on its own keys …
    expect(f.stdout).toContain(SELF_KEYS_WARNING); // … and says so
    const t = io();
    expect(await runCli(['verify', 'forged.json', '--trusted-keys', keys], t)).toBe(1);
    expect(t.stderr).toContain('FAIL key: public key hospital-key in the file differs from the trusted key');
    expect(t.stderr).toContain('FAIL signature: case LB330203-20260302-0001, item birthCertificate, seal haishu-hospital1-seal: the Ed25519 signature does not verify');
    const bad = io();
    expect(await runCli(['verify', 'ok2.json', '--trusted-keys', write('badkeys.json', ['x'])], bad)).toBe(2);
    expect(bad.stderr).toMatch(/trusted keys file .* is not/);
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

describe('verifyExport and signed 更正说明 (sign-off payload version 2)', () => {
  it('passes a signature whose payload carries correction notes; a version 2 payload without notes is refused', () => {
    const doc = validDoc();
    const corrections = [{ material: 'birthMedicalCertificate', field: 'babyName', reason: '家属当场更正新生儿姓名' }];
    const payload = signOffPayload({
      caseId: CASE, bundleId: 'birth', bundleVersion: 1, itemId: 'birthCertificate', department: 'haishu-hospital1', district: '330203',
      sealId: 'haishu-hospital1-seal', signers: ['h-signer1'], at: AT, outputs: { birthMedicalCertificate: certificate }, corrections,
    });
    expect(JSON.parse(payload).v).toBe(2);
    doc.cases[0].signatures[0] = { ...doc.cases[0].signatures[0], payload, signature: signPayload(payload, HOSPITAL.priv) };
    expect(verifyExport(doc).failures).toEqual([]);

    const bare = JSON.stringify({ ...JSON.parse(payload), corrections: [] });
    doc.cases[0].signatures[0] = { ...doc.cases[0].signatures[0], payload: bare, signature: signPayload(bare, HOSPITAL.priv) };
    expect(messages(doc).join('\n')).toContain('has version 2, not a known sign-off payload');
  });
});
