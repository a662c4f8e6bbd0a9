// Offline verification of an export file: every Ed25519 signature against the seal's public key, every
// signed output against the exported materials, and each case's audit hash chain. No store access.
// Each failure names the case, the item / record and what is wrong.
import { canonicalJson, chainHash, type Json } from '../../functions/core/canonical.js';
import { verifyPayload } from '../../functions/core/signing.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument, type ExportedCase, type ExportedPublicKey } from './format.js';

export interface VerifyFailure {
  caseId: string | null;
  /** signature | material | audit | format | key */
  check: 'signature' | 'material' | 'audit' | 'format' | 'key';
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  cases: number;
  signatures: { checked: number; valid: number };
  auditRecords: { checked: number };
  /** Public keys taken from the file itself rather than from a trusted key file. */
  keysFromExport: boolean;
  failures: VerifyFailure[];
}

export interface VerifyOptions {
  /** Trusted public keys (keyId → key), e.g. published by the administration; default: those in the file. */
  trustedKeys?: Record<string, ExportedPublicKey>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural check of a parsed file; returns what is wrong, or null. */
export function formatProblem(doc: unknown): string | null {
  if (!isObject(doc)) return 'the file is not a JSON object';
  if (doc.format !== EXPORT_FORMAT) return `not a lianban export (format is not "${EXPORT_FORMAT}")`;
  if (doc.version !== EXPORT_VERSION) return `unsupported export version ${String(doc.version)} (expected ${EXPORT_VERSION})`;
  if (!Array.isArray(doc.cases)) return 'the export has no cases list';
  if (!isObject(doc.publicKeys)) return 'the export has no publicKeys';
  for (const [i, c] of doc.cases.entries()) {
    if (!isObject(c) || typeof c.caseId !== 'string') return `case #${i + 1} has no caseId`;
    for (const key of ['subTasks', 'materials', 'signatures', 'audit']) {
      if (!Array.isArray(c[key])) return `case ${c.caseId}: "${key}" is not a list`;
    }
    if (!isObject(c.case)) return `case ${c.caseId}: the case record is missing`;
  }
  return null;
}

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
  return [...keys].filter((k) => !sameJson(signed[k] ?? null, exported[k] ?? null)).sort();
}

function verifySignatures(c: ExportedCase, keys: Record<string, ExportedPublicKey>, fail: (f: Omit<VerifyFailure, 'caseId'>) => void): Set<string> {
  const valid = new Set<string>();
  for (const s of c.signatures) {
    const where = `case ${c.caseId}, item ${s.itemId}, seal ${s.sealId}`;
    const key = keys[s.keyId];
    if (!key) {
      fail({ check: 'key', message: `${where}: no public key ${s.keyId}` });
      continue;
    }
    if (key.sealId !== s.sealId) {
      fail({ check: 'key', message: `${where}: key ${s.keyId} belongs to seal ${key.sealId}, not ${s.sealId}` });
      continue;
    }
    if (!verifyPayload(s.payload, s.signature, key.publicKeyPem)) {
      fail({ check: 'signature', message: `${where}: the Ed25519 signature does not verify (the signed content or the signature was altered)` });
      continue;
    }
    let payload: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(s.payload);
      if (!isObject(parsed)) throw new Error('not an object');
      payload = parsed;
    } catch {
      fail({ check: 'signature', message: `${where}: the signed payload is not a JSON object` });
      continue;
    }
    const signers = Array.isArray(payload.signers) ? payload.signers : [];
    if (payload.caseId !== c.caseId || payload.itemId !== s.itemId || payload.sealId !== s.sealId || !signers.includes(s.signer)) {
      fail({ check: 'signature', message: `${where}: the signature was made for case ${String(payload.caseId)}, item ${String(payload.itemId)}, seal ${String(payload.sealId)}, signers ${signers.join(', ')}` });
      continue;
    }
    valid.add(`${s.itemId}|${s.sealId}|${s.signer}`);
    // What the seal signed must be what the export says the sub-task issued.
    const outputs = isObject(payload.outputs) ? payload.outputs : {};
    for (const [type, data] of Object.entries(outputs)) {
      const material = c.materials.find((m) => m.type === type && m.producedBy === s.itemId);
      if (!material) {
        fail({ check: 'material', message: `case ${c.caseId}: material ${type} signed by item ${s.itemId} is missing from the export` });
        continue;
      }
      const fields = differingFields(isObject(data) ? data : {}, material.data);
      if (fields.length) {
        fail({ check: 'material', message: `case ${c.caseId}: material ${type} of item ${s.itemId} differs from what seal ${s.sealId} signed (field ${fields.join(', ')})` });
      }
    }
  }
  return valid;
}

function auditBody(record: Record<string, unknown>): Json {
  const { hash: _hash, ...rest } = record;
  return JSON.parse(JSON.stringify(rest)) as Json;
}

function verifyAudit(c: ExportedCase, fail: (f: Omit<VerifyFailure, 'caseId'>) => void): void {
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
  // The chain head recorded with the case (when exported) must be the last record: nothing cut off the end.
  const head = isObject(c.case.auditHead) ? c.case.auditHead : null;
  if (head && (head.seq !== prev.seq || head.hash !== prev.hash)) {
    fail({ check: 'audit', message: `case ${c.caseId}: the audit chain ends at #${prev.seq} but the case records head #${String(head.seq)} (records missing at the end)` });
  }
}

const SIGNED_STATES = new Set(['countersigning', 'done', 'refused']);

/** Every seal the sub-tasks record, and every issued material, must be covered by a verified signature. */
function verifyCoverage(c: ExportedCase, verified: ReadonlySet<string>, fail: (f: Omit<VerifyFailure, 'caseId'>) => void): void {
  for (const st of c.subTasks) {
    const itemId = typeof st.itemId === 'string' ? st.itemId : '?';
    if (!SIGNED_STATES.has(String(st.state)) || !Array.isArray(st.signatures)) continue;
    for (const sig of st.signatures as unknown[]) {
      if (!isObject(sig)) continue;
      if (!verified.has(`${itemId}|${String(sig.sealId)}|${String(sig.signer)}`)) {
        fail({ check: 'signature', message: `case ${c.caseId}, item ${itemId}: the sign-off by ${String(sig.signer)} with seal ${String(sig.sealId)} has no valid signature in the export` });
      }
    }
  }
  for (const m of c.materials) {
    if (m.producedBy === 'intake') continue;
    if (![...verified].some((k) => k.startsWith(`${m.producedBy}|`))) {
      fail({ check: 'material', message: `case ${c.caseId}: material ${m.type} of item ${m.producedBy} is not covered by any valid signature` });
    }
  }
}

export function verifyExport(doc: unknown, options: VerifyOptions = {}): VerifyReport {
  const report: VerifyReport = { ok: false, cases: 0, signatures: { checked: 0, valid: 0 }, auditRecords: { checked: 0 }, keysFromExport: !options.trustedKeys, failures: [] };
  const problem = formatProblem(doc);
  if (problem) {
    report.failures.push({ caseId: null, check: 'format', message: problem });
    return report;
  }
  const d = doc as ExportDocument;
  const keys = options.trustedKeys ?? d.publicKeys;
  if (options.trustedKeys) {
    // A key in the file that differs from the trusted one is reported even if no signature uses it.
    for (const [keyId, k] of Object.entries(d.publicKeys)) {
      const trusted = options.trustedKeys[keyId];
      if (trusted && trusted.publicKeyPem.trim() !== k.publicKeyPem.trim()) {
        report.failures.push({ caseId: null, check: 'key', message: `public key ${keyId} in the file differs from the trusted key` });
      }
    }
  }
  for (const c of d.cases) {
    const fail = (f: Omit<VerifyFailure, 'caseId'>) => report.failures.push({ caseId: c.caseId, ...f });
    report.cases += 1;
    report.signatures.checked += c.signatures.length;
    const verified = verifySignatures(c, keys, fail);
    report.signatures.valid += verified.size;
    verifyCoverage(c, verified, fail);
    report.auditRecords.checked += c.audit.length;
    verifyAudit(c, fail);
  }
  report.ok = report.failures.length === 0;
  return report;
}
