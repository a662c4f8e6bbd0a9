// Offline verification of an export file (format.ts, version 2). No store access. Every value in the file must be
// covered: by a seal's Ed25519 signature (the signatures themselves, and the materials, which must equal what
// the last seal of their item signed), or by the case's audit hash chain (its records, the head recorded with
// the case, and for an archive the subject and the export time through the export's own access record).
// A field the format does not know is refused: it would be a value nothing covers. Each failure names the
// case, the item / record / key and what is wrong.
import { createPublicKey } from 'node:crypto';
import { canonicalJson, chainHash, type Json } from '../../functions/core/canonical.js';
import { delegationText, type SignedDelegation } from '../../functions/core/signedDelegation.js';
import { verifyPayload } from '../../functions/core/signing.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument, type ExportedCase, type ExportedPublicKey } from './format.js';

interface VerifyFailure {
  caseId: string | null;
  check: 'signature' | 'material' | 'audit' | 'archive' | 'format' | 'key';
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  cases: number;
  signatures: { checked: number; valid: number };
  materials: { checked: number };
  auditRecords: { checked: number };
  /** Public keys taken from the file itself rather than from a trusted key file. */
  keysFromExport: boolean;
  /** Valid signatures made under 集中授权 (payload version 3): what each says (core signedDelegation.ts delegationText). */
  delegated: { caseId: string; itemId: string; sealId: string; text: string }[];
  failures: VerifyFailure[];
}

export interface VerifyOptions {
  /** Trusted public keys (keyId → key), e.g. published by the administration; default: those in the file. */
  trustedKeys?: Record<string, ExportedPublicKey>;
}

type Fail = (f: Omit<VerifyFailure, 'caseId'>) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

// ---------------------------------------------------------------------------------------------------------
// Structure: exactly the fields of the format, of the right types.

class Shape {
  readonly problems: string[] = [];

  fields(v: unknown, path: string, required: readonly string[], optional: readonly string[] = []): v is Record<string, unknown> {
    if (!isObject(v)) {
      this.problems.push(`${path} is not an object`);
      return false;
    }
    for (const k of required) if (!(k in v)) this.problems.push(`${path}: "${k}" is missing`);
    for (const k of Object.keys(v)) {
      if (!required.includes(k) && !optional.includes(k)) this.problems.push(`${path}: unexpected field "${k}" (no signature or audit chain covers it)`);
    }
    return true;
  }

  check(ok: boolean, path: string, what: string): void {
    if (!ok) this.problems.push(`${path} is not ${what}`);
  }
}

const SIGNATURE_FIELDS = ['itemId', 'sealId', 'keyId', 'signer', 'at', 'payload', 'signature'] as const;
const MATERIAL_FIELDS = ['type', 'producedBy', 'issuer', 'data', 'issuedAt', 'seal'] as const;
const CASE_FIELDS = ['caseId', 'signatures', 'materials', 'audit', 'auditHead'] as const;
const KEY_FIELDS = ['keyId', 'sealId', 'algorithm', 'publicKeyPem'] as const;

function shapeOfCase(s: Shape, c: unknown, path: string): void {
  if (!s.fields(c, path, CASE_FIELDS)) return;
  s.check(isString(c.caseId), `${path}.caseId`, 'a string');
  for (const list of ['signatures', 'materials', 'audit']) s.check(Array.isArray(c[list]), `${path}.${list}`, 'a list');
  if (s.fields(c.auditHead, `${path}.auditHead`, ['seq', 'hash'])) {
    s.check(isCount(c.auditHead.seq), `${path}.auditHead.seq`, 'a count');
    s.check(isString(c.auditHead.hash), `${path}.auditHead.hash`, 'a string');
  }
  if (Array.isArray(c.signatures)) {
    for (const [i, sig] of c.signatures.entries()) {
      const p = `${path}.signatures[${i}]`;
      if (s.fields(sig, p, SIGNATURE_FIELDS)) for (const k of SIGNATURE_FIELDS) s.check(isString(sig[k]), `${p}.${k}`, 'a string');
    }
  }
  if (Array.isArray(c.materials)) {
    for (const [i, m] of c.materials.entries()) {
      const p = `${path}.materials[${i}]`;
      if (!s.fields(m, p, MATERIAL_FIELDS)) continue;
      for (const k of ['type', 'producedBy', 'issuedAt']) s.check(isString(m[k]), `${p}.${k}`, 'a string');
      s.check(isObject(m.data), `${p}.data`, 'an object');
      if (s.fields(m.issuer, `${p}.issuer`, ['district', 'department'])) {
        s.check(isString(m.issuer.district) && isString(m.issuer.department), `${p}.issuer`, 'a district and a department');
      }
      if (s.fields(m.seal, `${p}.seal`, ['sealId', 'signers'])) {
        s.check(isString(m.seal.sealId), `${p}.seal.sealId`, 'a string');
        s.check(isStringList(m.seal.signers), `${p}.seal.signers`, 'a list of signers');
      }
    }
  }
  if (Array.isArray(c.audit)) {
    for (const [i, r] of c.audit.entries()) {
      const p = `${path}.audit[${i}]`;
      if (!isObject(r)) {
        s.problems.push(`${p} is not an object`);
        continue;
      }
      s.check(isString(r.caseId) && isCount(r.seq) && isString(r.prevHash) && isString(r.hash), p, 'an audit record (caseId, seq, prevHash, hash)');
    }
  }
}

/** Structural problems of a parsed file (empty when it has exactly the format's fields). */
function formatProblems(doc: unknown): string[] {
  if (!isObject(doc)) return ['the file is not a JSON object'];
  if (doc.format !== EXPORT_FORMAT) return [`not a lianban export (format is not "${EXPORT_FORMAT}")`];
  if (doc.version === 1) return ['export version 1 carries values that no signature or chain covers (case record, sub-tasks, intake materials): export the case again'];
  if (doc.version !== EXPORT_VERSION) return [`unsupported export version ${String(doc.version)} (expected ${EXPORT_VERSION})`];
  const s = new Shape();
  if (doc.kind !== 'case' && doc.kind !== 'archive') return [`unknown export kind ${JSON.stringify(doc.kind)} (expected "case" or "archive")`];
  const archive = doc.kind === 'archive';
  s.fields(doc, 'the file', ['format', 'version', 'kind', 'cases', 'publicKeys', ...(archive ? ['exportedAt', 'subject'] : [])]);
  if (archive) {
    s.check(isString(doc.exportedAt), 'exportedAt', 'a string');
    s.check(isString(doc.subject) && /^[0-9a-f]{64}$/.test(doc.subject), 'subject', 'a keyed hash (64 hex digits)');
  }
  if (!Array.isArray(doc.cases)) s.problems.push('the export has no cases list');
  else {
    if (!archive && doc.cases.length !== 1) s.problems.push(`a case export holds exactly one case, this one ${doc.cases.length}`);
    if (archive && doc.cases.length === 0) s.problems.push('an archive export holds at least one case');
    for (const [i, c] of doc.cases.entries()) shapeOfCase(s, c, `cases[${i}]`);
  }
  if (!isObject(doc.publicKeys)) s.problems.push('the export has no publicKeys');
  else {
    for (const [id, k] of Object.entries(doc.publicKeys)) {
      const p = `publicKeys.${id}`;
      if (s.fields(k, p, KEY_FIELDS)) for (const f of KEY_FIELDS) s.check(isString(k[f]), `${p}.${f}`, 'a string');
    }
  }
  return s.problems;
}

// ---------------------------------------------------------------------------------------------------------
// Keys

const keyCache = new Map<string, { der: string; problem: string | null }>();

/** The key's DER (base64) and what is wrong with the PEM: not an Ed25519 SPKI key, or not its canonical text. */
function parsePem(pem: string): { der: string; problem: string | null } {
  const cached = keyCache.get(pem);
  if (cached) return cached;
  let result: { der: string; problem: string | null };
  try {
    const key = createPublicKey(pem);
    const der = key.export({ type: 'spki', format: 'der' }).toString('base64');
    if (key.asymmetricKeyType !== 'ed25519') result = { der, problem: `is a ${String(key.asymmetricKeyType)} key, not Ed25519` };
    else if (key.export({ type: 'spki', format: 'pem' }) !== pem) result = { der, problem: 'is not in its canonical PEM form (the text was altered)' };
    else result = { der, problem: null };
  } catch {
    result = { der: '', problem: 'is not a PEM public key' };
  }
  if (keyCache.size > 1000) keyCache.clear();
  keyCache.set(pem, result);
  return result;
}

function verifyKeys(d: ExportDocument, trusted: Record<string, ExportedPublicKey> | undefined, used: ReadonlySet<string>, fail: Fail): void {
  for (const [id, k] of Object.entries(d.publicKeys)) {
    const where = `public key ${id}`;
    if (k.keyId !== id) fail({ check: 'key', message: `${where}: the entry names key ${k.keyId}` });
    if (k.algorithm !== 'Ed25519') fail({ check: 'key', message: `${where}: algorithm ${k.algorithm} is not Ed25519` });
    const pem = parsePem(k.publicKeyPem);
    if (pem.problem) fail({ check: 'key', message: `${where} ${pem.problem}` });
    if (!used.has(id)) fail({ check: 'key', message: `${where} is used by no signature in the file (nothing would cover its values)` });
    if (!trusted) continue;
    const t = trusted[id];
    if (!t) {
      fail({ check: 'key', message: `${where} in the file is not among the trusted keys` });
      continue;
    }
    if (!isObject(t) || !isString(t.publicKeyPem) || parsePem(t.publicKeyPem).der !== pem.der) {
      fail({ check: 'key', message: `${where} in the file differs from the trusted key` });
    } else if (t.sealId !== k.sealId) {
      fail({ check: 'key', message: `${where} belongs to seal ${String(t.sealId)} in the trusted keys, not ${k.sealId} as the file says` });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Signatures

/** What one verified signature signed. */
interface Signed {
  caseId: string;
  itemId: string;
  sealId: string;
  bundle: string;
  department: string;
  district: string;
  signers: string[];
  at: string;
  outputs: Record<string, Record<string, unknown>>;
  /** Version 3: the 集中授权 the window signed under. */
  delegation: SignedDelegation | null;
}

const signatureCache = new Map<string, boolean>();

/** verifyPayload, remembered for the same payload, signature and key (an archive repeats keys; tests verify thousands of variants). */
function signatureVerifies(payload: string, signature: string, publicKeyPem: string): boolean {
  const key = `${publicKeyPem}\n${signature}\n${payload}`;
  let ok = signatureCache.get(key);
  if (ok === undefined) {
    ok = verifyPayload(payload, signature, publicKeyPem);
    if (signatureCache.size > 1000) signatureCache.clear();
    signatureCache.set(key, ok);
  }
  return ok;
}

/** Ed25519 signatures are 64 bytes; base64 must be the canonical text (no altered padding bits). */
function canonicalSignature(b64: string): boolean {
  const bytes = Buffer.from(b64, 'base64');
  return bytes.length === 64 && bytes.toString('base64') === b64;
}

function parseSigned(payload: string): Signed | string {
  let p: unknown;
  try {
    p = JSON.parse(payload);
  } catch {
    return 'is not JSON';
  }
  if (!isObject(p)) return 'is not a JSON object';
  // Version 2 adds the signed correction notes (更正说明, core signing.ts); version 1 has none; version 3 (集中授权)
  // adds the delegation, with correction notes when there are any.
  const notes = Array.isArray(p.corrections) && p.corrections.length > 0 && p.corrections.every(isObject);
  if (p.v !== 1 && !(p.v === 2 && notes) && !(p.v === 3 && (!('corrections' in p) || notes))) {
    return `has version ${String(p.v)}, not a known sign-off payload`;
  }
  const delegation = p.v === 3 ? delegationOf(p.delegation) : null;
  if (p.v === 3 && (!delegation || delegation.fromDepartment !== p.department)) {
    return 'has version 3 without a delegation of its department (id, the delegating department and the window with their names)';
  }
  const outputs = p.outputs;
  if (
    ![p.caseId, p.bundle, p.itemId, p.department, p.district, p.sealId, p.at].every(isString) ||
    !isStringList(p.signers) || p.signers.length === 0 ||
    !isObject(outputs) || !Object.values(outputs).every(isObject)
  ) {
    return 'does not have the fields of a sign-off';
  }
  return {
    caseId: p.caseId as string, itemId: p.itemId as string, sealId: p.sealId as string, bundle: p.bundle as string, department: p.department as string,
    district: p.district as string, signers: p.signers, at: p.at as string, outputs: outputs as Signed['outputs'], delegation,
  };
}

/** A version 3 payload's `delegation`: exactly its five strings, the delegating department the signed one's. */
function delegationOf(v: unknown): SignedDelegation | null {
  const keys = ['id', 'fromDepartment', 'fromDepartmentName', 'toDepartment', 'toDepartmentName'] as const;
  if (!isObject(v) || Object.keys(v).length !== keys.length || !keys.every((k) => isString(v[k]))) return null;
  const text = (k: (typeof keys)[number]) => v[k] as string;
  return { id: text('id'), fromDepartment: text('fromDepartment'), fromDepartmentName: text('fromDepartmentName'), toDepartment: text('toDepartment'), toDepartmentName: text('toDepartmentName') };
}

interface SignatureResult {
  /** Per item, the verified signatures in file order; absent when one of the item's signatures failed. */
  items: Map<string, Signed[]>;
  broken: Set<string>;
  valid: number;
  /** The valid signatures made under 集中授权 (VerifyReport.delegated). */
  delegated: VerifyReport['delegated'];
}

function verifySignatures(c: ExportedCase, keys: Record<string, ExportedPublicKey>, fail: Fail): SignatureResult {
  const items = new Map<string, Signed[]>();
  const broken = new Set<string>();
  const delegated: VerifyReport['delegated'] = [];
  let valid = 0;
  let bundle: string | null = null;
  for (const [i, s] of c.signatures.entries()) {
    const where = `case ${c.caseId}, item ${s.itemId}, seal ${s.sealId}`;
    const prev = c.signatures[i - 1];
    if (prev && prev.itemId > s.itemId) fail({ check: 'signature', message: `${where}: the signatures are not in item order (a signature was moved)` });
    const bad = (f: Omit<VerifyFailure, 'caseId'>) => {
      broken.add(s.itemId);
      fail(f);
    };
    const key = keys[s.keyId];
    if (!key) {
      bad({ check: 'key', message: `${where}: no public key ${s.keyId}` });
      continue;
    }
    if (key.sealId !== s.sealId) {
      bad({ check: 'key', message: `${where}: key ${s.keyId} belongs to seal ${key.sealId}, not ${s.sealId}` });
      continue;
    }
    if (!canonicalSignature(s.signature)) {
      bad({ check: 'signature', message: `${where}: the signature is not 64 bytes of canonical base64 (it was altered)` });
      continue;
    }
    if (!signatureVerifies(s.payload, s.signature, key.publicKeyPem)) {
      bad({ check: 'signature', message: `${where}: the Ed25519 signature does not verify (the signed content or the signature was altered)` });
      continue;
    }
    const signed = parseSigned(s.payload);
    if (typeof signed === 'string') {
      bad({ check: 'signature', message: `${where}: the signed payload ${signed}` });
      continue;
    }
    const differs: string[] = [];
    if (signed.itemId !== s.itemId) differs.push(`item ${signed.itemId}`);
    if (signed.sealId !== s.sealId) differs.push(`seal ${signed.sealId}`);
    if (signed.signers[signed.signers.length - 1] !== s.signer) differs.push(`signer ${signed.signers[signed.signers.length - 1]} (signers ${signed.signers.join(', ')}), not ${s.signer}`);
    if (signed.at !== s.at) differs.push(`time ${signed.at}, not ${s.at}`);
    if (differs.length) {
      bad({ check: 'signature', message: `${where}: the seal signed ${differs.join('; ')}` });
      continue;
    }
    if (signed.caseId !== c.caseId) {
      bad({ check: 'signature', message: `${where}: the signature was made for case ${signed.caseId}` });
      continue;
    }
    if (bundle !== null && signed.bundle !== bundle) {
      bad({ check: 'signature', message: `${where}: signed for bundle ${signed.bundle}, the case's other seals for ${bundle}` });
      continue;
    }
    bundle = signed.bundle;
    valid += 1;
    if (signed.delegation) delegated.push({ caseId: c.caseId, itemId: s.itemId, sealId: s.sealId, text: delegationText(signed.delegation) });
    const list = items.get(s.itemId) ?? [];
    list.push(signed);
    items.set(s.itemId, list);
  }
  // The seals of one item are one sequence: the k-th names k signers, extending the one before, same department.
  for (const [itemId, list] of items) {
    if (broken.has(itemId)) continue;
    for (const [k, s] of list.entries()) {
      const before = list[k - 1];
      const extends_ = !before || (
        s.signers.length === before.signers.length + 1 && before.signers.every((x, j) => s.signers[j] === x)
        && s.department === before.department && s.district === before.district
      );
      if (s.signers.length !== k + 1 || !extends_) {
        broken.add(itemId);
        fail({ check: 'signature', message: `case ${c.caseId}, item ${itemId}: its signatures do not form one sequence (seal #${k + 1} is signed by ${s.signers.join(', ')}${before ? ` after ${before.signers.join(', ')}` : ''}): a signature is missing, repeated or out of order` });
        break;
      }
    }
  }
  for (const itemId of broken) items.delete(itemId);
  return { items, broken, valid, delegated: delegated.filter((x) => !broken.has(x.itemId)) };
}

// ---------------------------------------------------------------------------------------------------------
// Materials: exactly the outputs the last seal of each item signed.

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a as Json) === canonicalJson(b as Json);
  } catch {
    return false;
  }
}

/** Field keys whose values differ between two flat records. */
function differingFields(signed: Record<string, unknown>, exported: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(signed), ...Object.keys(exported)]);
  return [...keys].filter((k) => !(k in signed) || !(k in exported) || !sameJson(signed[k], exported[k])).sort();
}

function verifyMaterials(c: ExportedCase, sigs: SignatureResult, fail: Fail): void {
  const seen = new Set<string>();
  for (const [i, m] of c.materials.entries()) {
    const where = `case ${c.caseId}: material ${m.type} of item ${m.producedBy}`;
    const prev = c.materials[i - 1];
    if (prev && (prev.producedBy > m.producedBy || (prev.producedBy === m.producedBy && prev.type >= m.type))) {
      fail({ check: 'material', message: `${where}: the materials are not in item and type order (one was moved or repeated)` });
    }
    seen.add(`${m.producedBy}\n${m.type}`);
    if (sigs.broken.has(m.producedBy)) {
      fail({ check: 'material', message: `${where} is not covered: a signature of item ${m.producedBy} did not verify` });
      continue;
    }
    const list = sigs.items.get(m.producedBy);
    if (!list) {
      fail({ check: 'material', message: `${where} is not covered by any valid signature` });
      continue;
    }
    const first = list[0];
    const last = list[list.length - 1];
    const signed = last.outputs[m.type];
    if (!signed) {
      fail({ check: 'material', message: `${where}: the last seal of the item (${last.sealId}, ${last.signers.join(', ')}) signed no such material` });
      continue;
    }
    const fields = differingFields(signed, m.data);
    if (fields.length) fail({ check: 'material', message: `${where} differs from what seal ${last.sealId} signed (field ${fields.join(', ')})` });
    if (m.issuer.district !== last.district || m.issuer.department !== last.department) {
      fail({ check: 'material', message: `${where}: issuer ${m.issuer.department} (${m.issuer.district}) is not the department that signed it, ${last.department} (${last.district})` });
    }
    if (m.issuedAt !== last.at) fail({ check: 'material', message: `${where}: issuedAt ${m.issuedAt} is not the time seal ${last.sealId} signed it, ${last.at}` });
    if (m.seal.sealId !== first.sealId) fail({ check: 'material', message: `${where}: seal ${m.seal.sealId} is not the seal that signed the item, ${first.sealId}` });
    if (!sameJson(m.seal.signers, last.signers)) fail({ check: 'material', message: `${where}: signers ${m.seal.signers.join(', ') || '(none)'} are not those of the signature, ${last.signers.join(', ')}` });
  }
  for (const [itemId, list] of sigs.items) {
    const last = list[list.length - 1];
    for (const type of Object.keys(last.outputs).sort()) {
      if (!seen.has(`${itemId}\n${type}`)) fail({ check: 'material', message: `case ${c.caseId}: material ${type} signed by item ${itemId} (seal ${last.sealId}) is missing from the export` });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Audit chain

function auditBody(record: Record<string, unknown>): Json {
  const { hash: _hash, ...rest } = record;
  return JSON.parse(JSON.stringify(rest)) as Json;
}

function verifyAudit(c: ExportedCase, fail: Fail): void {
  let prev = { seq: 0, hash: '' };
  for (const r of c.audit) {
    const where = `case ${c.caseId}, audit record #${String(r.seq)}`;
    if (r.caseId !== c.caseId) {
      fail({ check: 'audit', message: `${where}: belongs to case ${String(r.caseId)}` });
      return;
    }
    if (r.seq !== prev.seq + 1) {
      fail({ check: 'audit', message: `${where}: expected #${prev.seq + 1} next (a record was removed, added or reordered)` });
      return;
    }
    if (r.prevHash !== prev.hash) {
      fail({ check: 'audit', message: `${where}: does not link to record #${prev.seq} (prevHash differs: the chain is broken)` });
      return;
    }
    if (chainHash(r.prevHash, auditBody(r)) !== r.hash) {
      fail({ check: 'audit', message: `${where}: its hash does not match its content (the record was altered)` });
      return;
    }
    prev = { seq: r.seq, hash: r.hash };
  }
  // The chain head recorded with the case must be the last record: nothing cut off the end, the last hash as written.
  const head = c.auditHead;
  if (head.seq !== prev.seq) {
    fail({ check: 'audit', message: `case ${c.caseId}: the audit chain ends at #${prev.seq} but the case records head #${head.seq} (records missing at the end, or the head was altered)` });
  } else if (head.hash !== prev.hash) {
    fail({ check: 'audit', message: `case ${c.caseId}: the audit chain head recorded with the case is not the hash of record #${prev.seq} (the head or the last record was altered)` });
  }
}

/** Archive: the export's own access record on the case's chain covers the subject, the export time and the materials it showed. */
function verifyArchiveRecord(c: ExportedCase, subject: string, exportedAt: string, fail: Fail): void {
  const record = c.audit.find(
    (r) => (r.action === 'archiveSearch' || r.action === 'archiveRead') && r.at === exportedAt && Array.isArray(r.subjects) && r.subjects.includes(subject),
  );
  if (!record) {
    fail({ check: 'archive', message: `case ${c.caseId}: its audit chain has no record of this export (an archive read of subject ${subject.slice(0, 12)}… at ${exportedAt}): the subject or the export time was altered` });
    return;
  }
  const shown = (Array.isArray(record.data) ? record.data : []).filter((x): x is string => isString(x) && x.endsWith(':*')).map((x) => x.slice(0, -2));
  for (const type of shown) {
    if (!c.materials.some((m) => m.type === type)) {
      fail({ check: 'archive', message: `case ${c.caseId}: material ${type}, shown by the export's access record #${record.seq}, is missing from the export` });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------

export function verifyExport(doc: unknown, options: VerifyOptions = {}): VerifyReport {
  const report: VerifyReport = {
    ok: false, cases: 0, signatures: { checked: 0, valid: 0 }, materials: { checked: 0 }, auditRecords: { checked: 0 },
    keysFromExport: !options.trustedKeys, failures: [], delegated: [],
  };
  const problems = formatProblems(doc);
  if (problems.length) {
    for (const message of problems) report.failures.push({ caseId: null, check: 'format', message });
    return report;
  }
  const d = doc as ExportDocument;
  const keys = options.trustedKeys ?? d.publicKeys;
  const used = new Set(d.cases.flatMap((c) => c.signatures.map((s) => s.keyId)));
  verifyKeys(d, options.trustedKeys, used, (f) => report.failures.push({ caseId: null, ...f }));
  for (const [i, c] of d.cases.entries()) {
    const fail: Fail = (f) => report.failures.push({ caseId: c.caseId, ...f });
    const prev = d.cases[i - 1];
    if (prev && prev.caseId >= c.caseId) fail({ check: 'format', message: `case ${c.caseId}: the cases are not in case order (one was moved or repeated)` });
    report.cases += 1;
    if (c.signatures.length === 0 && c.audit.length === 0) {
      fail({ check: 'format', message: `case ${c.caseId}: nothing in it is signed or hash-chained, so nothing about it (not even its id) can be verified` });
    }
    report.signatures.checked += c.signatures.length;
    const sigs = verifySignatures(c, keys, fail);
    report.signatures.valid += sigs.valid;
    report.delegated.push(...sigs.delegated);
    report.materials.checked += c.materials.length;
    verifyMaterials(c, sigs, fail);
    report.auditRecords.checked += c.audit.length;
    verifyAudit(c, fail);
    if (d.kind === 'archive') verifyArchiveRecord(c, d.subject as string, d.exportedAt as string, fail);
  }
  report.ok = report.failures.length === 0;
  return report;
}
