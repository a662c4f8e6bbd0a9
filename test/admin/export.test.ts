/**
 * `npm run admin -- export-case | export-archive | verify` against a real store: tablestore-local with a birth
 * case signed by four departments (Ed25519 seal signatures made by the service) and its audit chain (shares,
 * an archive read). The export carries only what the signatures and the chain cover (no case record, sub-task
 * records or intake materials) and verifies offline; one altered material field, audit record or signature in
 * the file fails verification with a message naming it (every value in turn: tamper.test.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PiiCipher } from '../../functions/store/pii';
import { runCli } from '../../scripts/admin/cli';
import type { ExportDocument } from '../../scripts/admin/format';
import { birthBundle, birthValues, makeId, MOTHER_ID, outputsFor, sampleOutputs } from '../core/fixtures';
import { acceptBirth, act, BIRTH_SUPPLIED, claim, CLERK, NOW, staffActor } from '../effects/support/birth';
import { startEffectsStack, type EffectsStack } from '../effects/support/stack';
import { ARCHIVE_AS, AUDITOR, cliIo, signItems, SIGNED_ITEMS as ITEMS, storeEnv as envOf } from './support';

let stack: EffectsStack;
let caseId = '';
let dir = '';

const io = (env: Record<string, string | undefined>, stdin = '') => cliIo(dir, env, stdin);
const storeEnv = () => envOf(stack);
const readDoc = (name: string) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as ExportDocument;
const writeDoc = (name: string, doc: ExportDocument) => writeFileSync(path.join(dir, name), JSON.stringify(doc));

async function verify(name: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const o = io({});
  const code = await runCli(['verify', name], o);
  return { code, stdout: o.stdout, stderr: o.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lianban-admin-'));
  stack = await startEffectsStack();
  const svc = stack.services({ now: () => NOW });
  caseId = await acceptBirth(svc, 'admin-export-0001');
  await signItems(svc, caseId, ITEMS);
  // An archive read is an audit record of the case too.
  await svc.archiveSearch(staffActor('haishu-serviceCenter-auditor1'), MOTHER_ID, '档案核验');
  await svc.drainCase(caseId);
});

afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('export-case → verify', () => {
  it('exports the case with its signatures, public keys, signed materials and audit chain, and it verifies offline', async () => {
    const o = io(storeEnv());
    expect(await runCli(['export-case', caseId, '--as', AUDITOR, '--out', 'case.json'], o), o.stderr).toBe(0);
    expect(o.stdout).toMatch(new RegExp(`exported 1 case\\(s\\) \\(${caseId}\\), 4 signature\\(s\\), 4 signed material\\(s\\), \\d+ audit record\\(s\\), 4 public key\\(s\\)`));
    expect(o.stdout).toMatch(/only what a seal signature or the audit chain covers is exported/);
    expect(o.stderr).toBe('');
    const doc = readDoc('case.json');
    expect(doc).toMatchObject({ format: 'lianban-export', version: 2, kind: 'case' });
    expect(Object.keys(doc).sort()).toEqual(['cases', 'format', 'kind', 'publicKeys', 'version']);
    const c = doc.cases[0];
    // Only what is signed or chained: no case record, sub-task records or intake materials.
    expect(Object.keys(c).sort()).toEqual(['audit', 'auditHead', 'caseId', 'materials', 'signatures']);
    expect(c.materials.map((m) => m.producedBy)).toEqual([...ITEMS].sort());
    expect(c.signatures.map((s) => s.itemId)).toEqual([...ITEMS].sort());
    expect(Object.values(doc.publicKeys).every((k) => k.algorithm === 'Ed25519' && k.publicKeyPem.includes('BEGIN PUBLIC KEY'))).toBe(true);
    expect(c.audit.length).toBeGreaterThanOrEqual(4);
    expect(c.audit.some((r) => r.action === 'share')).toBe(true);
    expect(c.auditHead).toEqual({ seq: c.audit.length, hash: c.audit.at(-1)!.hash });
    // Materials in clear (decrypted): the certificate as the hospital signed it.
    const cert = c.materials.find((m) => m.type === 'birthMedicalCertificate');
    expect(cert?.data).toEqual(sampleOutputs.birthMedicalCertificate);
    expect(cert?.data.motherIdNumber).toBe(MOTHER_ID);
    expect(cert).toMatchObject({ producedBy: 'birthCertificate', issuer: { district: '330203', department: 'haishu-hospital1' }, issuedAt: NOW, seal: { sealId: 'haishu-hospital1-seal', signers: ['haishu-hospital1-signer1'] } });

    const v = await verify('case.json');
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/verified: 1 case\(s\), 4\/4 signature\(s\) valid, 4 material\(s\) checked against them/);
    expect(v.stdout).toMatch(/本次校验信任的是导出文件自带的公钥/);
  });

  it('one altered material field fails, naming the material, the item, the seal and the field', async () => {
    const doc = readDoc('case.json');
    const cert = doc.cases[0].materials.find((m) => m.type === 'birthMedicalCertificate')!;
    cert.data.weightGrams = 4350;
    writeDoc('tampered-field.json', doc);
    const v = await verify('tampered-field.json');
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`FAIL material: case ${caseId}: material birthMedicalCertificate of item birthCertificate differs from what seal haishu-hospital1-seal signed (field weightGrams)`);
  });

  it('one altered audit record fails, naming the record', async () => {
    const doc = readDoc('case.json');
    doc.cases[0].audit[1].purpose = '另作他用';
    writeDoc('tampered-audit.json', doc);
    const v = await verify('tampered-audit.json');
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`FAIL audit: case ${caseId}, audit record #2: its hash does not match its content (the record was altered)`);
  });

  it('one altered signature fails, naming the item and the seal', async () => {
    const doc = readDoc('case.json');
    const s = doc.cases[0].signatures.find((x) => x.itemId === 'householdRegistration')!;
    const bytes = Buffer.from(s.signature, 'base64');
    bytes[0] ^= 0x80;
    s.signature = bytes.toString('base64');
    writeDoc('tampered-signature.json', doc);
    const v = await verify('tampered-signature.json');
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`FAIL signature: case ${caseId}, item householdRegistration, seal yinzhou-police-seal: the Ed25519 signature does not verify`);
  });

  it('verifies against trusted keys (tamper.test.ts: the store’s published keys against a forgery)', async () => {
    const keys = readDoc('case.json').publicKeys;
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(keys));
    const o = io({});
    expect(await runCli(['verify', 'case.json', '--trusted-keys', 'keys.json'], o)).toBe(0);
    expect(o.stdout).not.toMatch(/自带的公钥/);
  });

  it('leaves out a sub-task still waiting for its countersign (its outputs are signed, not issued), and says so', async () => {
    const svc = stack.services({ now: () => NOW });
    const values = birthValues({ motherInsuredDistrict: '330212', motherBankAccount: '6222021234567890123', motherBankName: '中国工商银行宁波鄞州支行' });
    const pending = (await svc.acceptCase(staffActor(CLERK), { bundleId: 'birth', values, chosenOptional: ['maternityReimbursement'], supplied: BIRTH_SUPPLIED, requestId: 'admin-export-0002' })).case.id;
    await signItems(svc, pending, ['birthCertificate']);
    await claim(svc, pending, 'maternityReimbursement');
    await svc.drainCase(pending);
    await act(svc, 'yinzhou-medicalInsurance-signer1', pending, 'maternityReimbursement', { type: 'signOff', sealId: 'yinzhou-medicalInsurance-seal', outputs: outputsFor(birthBundle, 'maternityReimbursement') });
    await svc.drainCase(pending);
    const o = io(storeEnv());
    expect(await runCli(['export-case', pending, '--as', AUDITOR, '--out', 'pending.json'], o), o.stderr).toBe(0);
    expect(o.stdout).toContain(`admin: note: case ${pending}, item maternityReimbursement (countersigning): its 1 signature(s) are left out until the item is done or refused`);
    const c = readDoc('pending.json').cases[0];
    expect(c.signatures.map((s) => s.itemId)).toEqual(['birthCertificate']);
    expect(c.materials.map((m) => m.producedBy)).toEqual(['birthCertificate']);
    expect((await verify('pending.json')).code).toBe(0);
  });
});

describe('export-archive', () => {
  it('exports every case of the person found by keyed hash; the ID number is never printed', async () => {
    const o = io(storeEnv());
    expect(await runCli(['export-archive', '--id-number', MOTHER_ID, ...ARCHIVE_AS, '--out', 'archive.json'], o), o.stderr).toBe(0);
    expect(o.stdout + o.stderr).not.toContain(MOTHER_ID);
    const doc = readDoc('archive.json');
    expect(doc.kind).toBe('archive');
    expect(doc.exportedAt).toBe('2026-03-10T00:00:00.000Z');
    expect(doc.subject).toBe(new PiiCipher({ dataKey: stack.env.DATA_KEY, hashKey: stack.env.HASH_KEY }).subjectHash(MOTHER_ID));
    expect(doc.cases.map((c) => c.caseId)).toContain(caseId);
    // The export's own read is on the case's audit chain, with who and why.
    const last = doc.cases.find((c) => c.caseId === caseId)!.audit.at(-1)!;
    expect(last).toMatchObject({ action: 'archiveSearch', purpose: '档案导出核验', actor: { id: AUDITOR }, at: doc.exportedAt, subjects: [doc.subject] });
    expect((await verify('archive.json')).code).toBe(0);
  });

  it('reads the ID number from stdin with "-"', async () => {
    const o = io(storeEnv(), `${MOTHER_ID}\n`);
    expect(await runCli(['export-archive', '--id-number', '-', ...ARCHIVE_AS, '--out', 'archive2.json'], o), o.stderr).toBe(0);
    expect(readDoc('archive2.json').cases.map((c) => c.caseId)).toContain(caseId);
  });

  it('refuses a malformed ID number and reports an empty archive, without echoing the number', async () => {
    let o = io(storeEnv());
    expect(await runCli(['export-archive', '--id-number', '3302031993', ...ARCHIVE_AS, '--out', 'x.json'], o)).toBe(1);
    expect(o.stderr).toMatch(/not 18 characters/);
    expect(o.stderr).not.toContain('3302031993');
    o = io(storeEnv());
    const stranger = makeId('110101', '1990-03-07', '001');
    expect(await runCli(['export-archive', '--id-number', stranger, ...ARCHIVE_AS, '--out', 'x.json'], o)).toBe(1);
    expect(o.stderr).toMatch(/archive holds no case/);
    expect(o.stderr).not.toContain(stranger);
  });
});

describe('who may export', () => {
  it('a case: only auditors or supervisors of its districts', async () => {
    for (const staffId of ['yinzhou-police-handler1', 'zhenhai-serviceCenter-auditor1']) {
      const o = io(storeEnv());
      expect(await runCli(['export-case', caseId, '--as', staffId, '--out', 'denied.json'], o), staffId).toBe(1);
      expect(o.stderr).toContain(`${staffId} may not export case ${caseId}`);
    }
    const o = io(storeEnv());
    expect(await runCli(['export-case', caseId, '--as', 'nobody-at-all', '--out', 'denied.json'], o)).toBe(1);
    expect(o.stderr).toMatch(/staff nobody-at-all is not in the directory/);
  });

  it('an archive: window or audit staff with a purpose; nothing is recorded for a refused read', async () => {
    const before = readDoc('case.json').cases[0].audit.length;
    const o = io(storeEnv());
    expect(await runCli(['export-archive', '--id-number', MOTHER_ID, '--as', 'yinzhou-police-handler1', '--purpose', '核验', '--out', 'denied.json'], o)).toBe(1);
    expect(o.stderr).toMatch(/archive search as yinzhou-police-handler1 refused: .*窗口人员或审计人员/);
    const e = io(storeEnv());
    expect(await runCli(['export-case', caseId, '--as', AUDITOR, '--out', 'after.json'], e)).toBe(0);
    const records = readDoc('after.json').cases[0].audit;
    expect(records.filter((r) => r.actor && (r.actor as { id: string }).id === 'yinzhou-police-handler1')).toEqual([]);
    expect(records.length).toBeGreaterThanOrEqual(before);
  });

  it('--as is required, and --purpose for an archive', async () => {
    let o = io(storeEnv());
    expect(await runCli(['export-case', caseId, '--out', 'x.json'], o)).toBe(2);
    expect(o.stderr).toMatch(/--as <staffId> is required/);
    o = io(storeEnv());
    expect(await runCli(['export-archive', '--id-number', MOTHER_ID, '--as', AUDITOR, '--out', 'x.json'], o)).toBe(2);
    expect(o.stderr).toMatch(/--purpose <text> is required/);
  });
});

describe('export errors', () => {
  it('an unknown case exits 1', async () => {
    const o = io(storeEnv());
    expect(await runCli(['export-case', 'haishu-20990101-0001', '--as', AUDITOR, '--out', 'none.json'], o)).toBe(1);
    expect(o.stderr).toMatch(/case haishu-20990101-0001 does not exist/);
  });

  it('the wrong DATA_KEY cannot read the case', async () => {
    const o = io({ ...storeEnv(), DATA_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(await runCli(['export-case', caseId, '--as', AUDITOR, '--out', 'wrong.json'], o)).toBe(1);
    expect(o.stderr).toMatch(/could not be read .*DATA_KEY/);
  });

  it('missing keys or store configuration exit 2 with what is missing', async () => {
    let o = io({ ...storeEnv(), DATA_KEY: undefined });
    expect(await runCli(['export-case', caseId, '--as', AUDITOR, '--out', 'k.json'], o)).toBe(2);
    expect(o.stderr).toMatch(/DATA_KEY must be set/);
    o = io({ DATA_KEY: stack.env.DATA_KEY, HASH_KEY: stack.env.HASH_KEY });
    expect(await runCli(['export-case', caseId, '--as', AUDITOR, '--out', 'k.json'], o)).toBe(2);
    expect(o.stderr).toMatch(/OTS_ENDPOINT.*missing/);
  });

  it('--local reads the keys from the data directory’s secrets.json', async () => {
    const data = path.join(dir, 'data');
    rmSync(data, { recursive: true, force: true });
    mkdirSync(data);
    writeFileSync(path.join(data, 'secrets.json'), JSON.stringify({ DATA_KEY: stack.env.DATA_KEY, HASH_KEY: stack.env.HASH_KEY }));
    const o = io({});
    expect(await runCli(['export-case', caseId, '--as', AUDITOR, '--out', 'local.json', '--local', '--endpoint', stack.env.OTS_ENDPOINT, '--data-dir', 'data'], o), o.stderr).toBe(0);
    expect((await verify('local.json')).code).toBe(0);
  });
});
