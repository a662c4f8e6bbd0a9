/**
 * Every value of a real export is covered: exports made by `npm run admin` from tablestore-local (birth cases
 * signed through the service, real Ed25519 seal keys, real audit chains) are edited one value at a time, as a
 * tester would — every leaf of the JSON in turn (a string gets a character changed at its start, middle, end
 * and last significant position, a number +1, a boolean flipped, null replaced), every array element dropped —
 * and each edited file must fail verification with a message. Then, stricter than the tester: every object
 * field dropped, and a field added to every object.
 *
 * Measured: 100 % of edits detected on the signed birth case as test/admin/export.test.ts builds it, on a case
 * with a countersigned item and a refusal, and on the mother's archive (both cases). The counts are printed
 * ("[tamper] …"). One limit is asserted as it is (format.ts): nothing the system signs lists the sign-offs of
 * a case or the cases of an archive, so a whole refusal signature or a whole case removed together with its
 * then unused public keys still verifies. Also: verify without --trusted-keys says in Chinese that it trusted
 * the file's own keys, and with the store's published keys it refuses a file whose keys were replaced.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, type Json } from '../../functions/core/canonical';
import { signPayload } from '../../functions/core/signing';
import { PiiCipher } from '../../functions/store/pii';
import { SealKeys } from '../../functions/store/sealKeys';
import { runCli, SELF_KEYS_WARNING } from '../../scripts/admin/cli';
import type { ExportDocument, ExportedPublicKey } from '../../scripts/admin/format';
import { verifyExport } from '../../scripts/admin/verify';
import { MOTHER_ID } from '../core/fixtures';
import { acceptBirth, NOW, staffActor } from '../effects/support/birth';
import { startEffectsStack, type EffectsStack } from '../effects/support/stack';
import { ARCHIVE_AS, AUDITOR, cliIo, countersignedAndRefusedCase, signItems, SIGNED_ITEMS, storeEnv } from './support';

let stack: EffectsStack;
let dir = '';
let caseId = '';
let otherCaseId = '';

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'drop element' | 'drop field' | 'add field';
/** The tester's edits: one leaf value changed, or one array element dropped. */
const TESTER: readonly Kind[] = ['string', 'number', 'boolean', 'null', 'drop element'];

interface Edit {
  kind: Kind;
  /** Where, as a JSON path (cases[0].materials[1].data.babyName) and what was done. */
  where: string;
  apply(doc: unknown): void;
}

type Container = Record<string, unknown> | unknown[];
const label = (p: (string | number)[]) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('') || '(root)';

function parentOf(doc: unknown, p: (string | number)[]): Container {
  let v = doc as Container;
  for (const k of p.slice(0, -1)) v = (v as Record<string | number, unknown>)[k] as Container;
  return v;
}

/** A different character at i: the next code point (for base64 this changes only the lowest bit). */
function changeChar(s: string, i: number): string {
  const c = s.charCodeAt(i);
  const next = c === 0xffff || (c >= 0xd7ff && c <= 0xdfff) ? 'x' : String.fromCharCode(c + 1);
  return s.slice(0, i) + next + s.slice(i + 1);
}

/** First, middle, last, and last significant (before trailing "=" padding or whitespace) positions. */
function positions(s: string): number[] {
  if (s.length === 0) return [];
  const significant = s.replace(/[=\s]+$/, '').length - 1;
  return [...new Set([0, Math.floor(s.length / 2), s.length - 1, significant].filter((i) => i >= 0))].sort((a, b) => a - b);
}

/** Every edit of the document: leaf values, array elements, object fields. */
function editsOf(doc: unknown): Edit[] {
  const edits: Edit[] = [];
  const set = (p: (string | number)[], value: unknown) => (doc2: unknown) => void ((parentOf(doc2, p) as Record<string | number, unknown>)[p[p.length - 1]] = value);
  const walk = (v: unknown, p: (string | number)[]) => {
    const where = label(p);
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        edits.push({ kind: 'drop element', where: `${where}[${i}] dropped`, apply: (d) => void (parentOf(d, [...p, i]) as unknown[]).splice(i, 1) });
        walk(x, [...p, i]);
      });
      return;
    }
    if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        edits.push({ kind: 'drop field', where: `${label([...p, k])} removed`, apply: (d) => void delete (parentOf(d, [...p, k]) as Record<string, unknown>)[k] });
        walk(x, [...p, k]);
      }
      edits.push({ kind: 'add field', where: `${where}.extra added`, apply: set([...p, 'extra'], '补充说明') });
      return;
    }
    if (typeof v === 'string') {
      if (v.length === 0) edits.push({ kind: 'string', where: `${where} "" → "x"`, apply: set(p, 'x') });
      for (const i of positions(v)) edits.push({ kind: 'string', where: `${where} char ${i} changed`, apply: set(p, changeChar(v, i)) });
    } else if (typeof v === 'number') edits.push({ kind: 'number', where: `${where} ${v} → ${v + 1}`, apply: set(p, v + 1) });
    else if (typeof v === 'boolean') edits.push({ kind: 'boolean', where: `${where} flipped`, apply: set(p, !v) });
    else if (v === null) edits.push({ kind: 'null', where: `${where} null → "x"`, apply: set(p, 'x') });
  };
  walk(doc, []);
  return edits;
}

interface Measured {
  tried: Record<string, number>;
  detected: Record<string, number>;
  undetected: string[];
}

/** Applies every edit to a fresh copy, verifies it (in process; every 40th also through the CLI on a file). */
async function measure(doc: ExportDocument, name: string): Promise<Measured> {
  expect(verifyExport(doc).failures).toEqual([]);
  const m: Measured = { tried: {}, detected: {}, undetected: [] };
  const edits = editsOf(doc);
  const original = canonicalJson(doc as unknown as Json);
  for (const [n, e] of edits.entries()) {
    const copy = structuredClone(doc) as unknown;
    e.apply(copy);
    if (canonicalJson(copy as Json) === original) throw new Error(`${e.where}: the edit changed nothing`);
    const report = verifyExport(copy);
    m.tried[e.kind] = (m.tried[e.kind] ?? 0) + 1;
    if (report.ok) {
      m.undetected.push(`${e.kind}: ${e.where}`);
      continue;
    }
    m.detected[e.kind] = (m.detected[e.kind] ?? 0) + 1;
    // Verify says what failed.
    if (report.failures.some((f) => f.message.length < 20)) throw new Error(`${e.where}: a failure without a message: ${JSON.stringify(report.failures)}`);
    if (n % 40 === 0) {
      writeFileSync(path.join(dir, `${name}-edit.json`), JSON.stringify(copy, null, 2));
      const o = cliIo(dir, {});
      expect(await runCli(['verify', `${name}-edit.json`], o), e.where).toBe(1);
      expect(o.stderr, e.where).toMatch(/^FAIL (signature|material|audit|archive|format|key): \S.{20,}/m);
    }
  }
  return m;
}

function summary(m: Measured, kinds: readonly Kind[]): { tried: number; detected: number } {
  return { tried: kinds.reduce((n, k) => n + (m.tried[k] ?? 0), 0), detected: kinds.reduce((n, k) => n + (m.detected[k] ?? 0), 0) };
}

function report(title: string, m: Measured): void {
  const tester = summary(m, TESTER);
  const all = summary(m, [...TESTER, 'drop field', 'add field']);
  const per = Object.keys(m.tried).map((k) => `${k} ${m.detected[k] ?? 0}/${m.tried[k]}`).join(', ');
  console.log(`[tamper] ${title}: tester's edits ${tester.detected}/${tester.tried} detected; with field drops and additions ${all.detected}/${all.tried} (${per})${m.undetected.length ? `; undetected: ${m.undetected.join(' | ')}` : ''}`);
}

const readDoc = (name: string) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as ExportDocument;

async function exportTo(args: string[], out: string): Promise<ExportDocument> {
  const o = cliIo(dir, storeEnv(stack));
  expect(await runCli([...args, '--out', out], o), o.stderr).toBe(0);
  expect(o.stderr).toBe('');
  return readDoc(out);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lianban-tamper-'));
  stack = await startEffectsStack();
  const svc = stack.services({ now: () => NOW });
  // As test/admin/export.test.ts: four departments sign, shares and an archive read on the audit chain.
  caseId = await acceptBirth(svc, 'admin-tamper-0001');
  await signItems(svc, caseId, SIGNED_ITEMS);
  await svc.archiveSearch(staffActor(AUDITOR), MOTHER_ID, '档案核验');
  await svc.drainCase(caseId);
  otherCaseId = await countersignedAndRefusedCase(svc, 'admin-tamper-0002');
});

afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('every edit of an exported case is detected', () => {
  it('the signed birth case: 100 % of single edits (leaf values, array elements, object fields)', async () => {
    const doc = await exportTo(['export-case', caseId, '--as', AUDITOR], 'case.json');
    expect(doc.cases[0].signatures).toHaveLength(4);
    expect(doc.cases[0].materials).toHaveLength(4);
    const m = await measure(doc, 'case');
    report(`case ${caseId}`, m);
    expect(m.undetected).toEqual([]);
    expect(summary(m, TESTER).tried).toBeGreaterThan(500);
    expect(m.tried['drop element']).toBeGreaterThan(30);
  });

  it('a countersigned item and a refusal: 100 % of single edits', async () => {
    const doc = await exportTo(['export-case', otherCaseId, '--as', AUDITOR], 'other.json');
    const c = doc.cases[0];
    expect(c.signatures.map((s) => `${s.itemId} ${s.signer}`)).toEqual([
      'birthCertificate haishu-hospital1-signer1',
      'maternityReimbursement yinzhou-medicalInsurance-signer1',
      'maternityReimbursement yinzhou-medicalInsurance-signer2',
      'vaccinationCertificate jiangbei-cdc-signer1',
    ]);
    expect(c.materials.find((x) => x.producedBy === 'maternityReimbursement')?.seal.signers).toEqual(['yinzhou-medicalInsurance-signer1', 'yinzhou-medicalInsurance-signer2']);
    expect(c.materials.some((x) => x.producedBy === 'vaccinationCertificate')).toBe(false);
    const m = await measure(doc, 'other');
    report(`case ${otherCaseId}`, m);
    expect(m.undetected).toEqual([]);
  });

  it('an archive export (both cases of the mother): 100 % of single edits', async () => {
    const doc = await exportTo(['export-archive', '--id-number', MOTHER_ID, ...ARCHIVE_AS], 'archive.json');
    expect(doc.cases.map((c) => c.caseId)).toEqual([caseId, otherCaseId].sort());
    const m = await measure(doc, 'archive');
    report('archive of the mother', m);
    expect(m.undetected).toEqual([]);
  });

  it('known limit (format.ts): removing a whole signature nothing refers to, or a whole case, together with its unused keys, verifies', () => {
    // Single removals are caught above only because the removed signature or case was the last user of a
    // public key. Nothing the system signs lists the sign-offs of a case or the cases of an archive.
    const other = readDoc('other.json');
    const refusal = other.cases[0].signatures.pop()!;
    expect(refusal.itemId).toBe('vaccinationCertificate');
    delete other.publicKeys[refusal.keyId];
    expect(verifyExport(other).failures).toEqual([]);
    const archive = readDoc('archive.json');
    const [gone] = archive.cases.splice(archive.cases.findIndex((c) => c.caseId === otherCaseId), 1);
    const stillUsed = new Set(archive.cases.flatMap((c) => c.signatures.map((s) => s.keyId)));
    for (const s of gone.signatures) if (!stillUsed.has(s.keyId)) delete archive.publicKeys[s.keyId];
    expect(verifyExport(archive).failures).toEqual([]);
  });
});

describe('whose keys verify trusts', () => {
  const forgerKeys = generateKeyPairSync('ed25519');
  const forgerPub = forgerKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const forgerPriv = forgerKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  /** The case with the birth certificate's weight changed, re-signed with the forger's key, which replaces every key in the file. */
  function forged(doc: ExportDocument): ExportDocument {
    const f = structuredClone(doc);
    const c = f.cases[0];
    const cert = c.materials.find((x) => x.type === 'birthMedicalCertificate')!;
    cert.data.weightGrams = 4350;
    const sig = c.signatures.find((s) => s.itemId === cert.producedBy)!;
    const payload = JSON.parse(sig.payload) as { outputs: Record<string, Record<string, unknown>> };
    payload.outputs.birthMedicalCertificate.weightGrams = 4350;
    sig.payload = canonicalJson(payload as unknown as Json);
    for (const s of c.signatures) s.signature = signPayload(s.payload, forgerPriv);
    for (const k of Object.values(f.publicKeys)) k.publicKeyPem = forgerPub;
    return f;
  }

  it('without --trusted-keys it says (in Chinese) that it trusted the keys inside the file — which a forgery passes', async () => {
    const doc = readDoc('case.json');
    let o = cliIo(dir, {});
    expect(await runCli(['verify', 'case.json'], o)).toBe(0);
    expect(o.stdout).toContain(SELF_KEYS_WARNING);
    expect(o.stdout).toMatch(/未指定 --trusted-keys，本次校验信任的是导出文件自带的公钥/);
    writeFileSync(path.join(dir, 'forged.json'), JSON.stringify(forged(doc)));
    o = cliIo(dir, {});
    expect(await runCli(['verify', 'forged.json'], o)).toBe(0);
    expect(o.stdout).toContain('伪造的文件同样会通过本次校验');
  });

  it('with the store’s published keys (--trusted-keys) the forged file fails, naming every replaced key', async () => {
    const doc = readDoc('case.json');
    const sealKeys = new SealKeys(stack.client, new PiiCipher({ dataKey: stack.env.DATA_KEY, hashKey: stack.env.HASH_KEY }));
    const published: Record<string, ExportedPublicKey> = {};
    for (const keyId of Object.keys(doc.publicKeys)) {
      const k = await sealKeys.publicKey(keyId);
      if (!k) throw new Error(`no published key ${keyId}`);
      published[keyId] = { keyId: k.keyId, sealId: k.sealId, algorithm: 'Ed25519', publicKeyPem: k.publicKeyPem };
    }
    writeFileSync(path.join(dir, 'published.json'), JSON.stringify(published));
    let o = cliIo(dir, {});
    expect(await runCli(['verify', 'case.json', '--trusted-keys', 'published.json'], o), o.stderr).toBe(0);
    expect(o.stdout).not.toContain(SELF_KEYS_WARNING);
    expect(o.stdout).toMatch(/verified: .* against the trusted keys/);
    o = cliIo(dir, {});
    expect(await runCli(['verify', 'forged.json', '--trusted-keys', 'published.json'], o)).toBe(1);
    for (const keyId of Object.keys(published)) expect(o.stderr).toContain(`FAIL key: public key ${keyId} in the file differs from the trusted key`);
    expect(o.stderr).toMatch(/FAIL signature: case \S+, item birthCertificate, seal haishu-hospital1-seal: the Ed25519 signature does not verify/);
  });
});
