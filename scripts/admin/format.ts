// The export file of `npm run admin -- export-case | export-archive` (JSON, format "lianban-export", version 1).
// Self-contained: everything `verify` needs is inside, so verification runs offline without the store.
//
//   { format, version, kind: 'case'|'archive', exportedAt, subject?,
//     cases: [ { caseId, case, subTasks, materials, signatures, audit } ],
//     publicKeys: { <keyId>: { keyId, sealId, algorithm: 'Ed25519', publicKeyPem } } }
//
// - `signatures[]`: one per seal applied to a sub-task (sign-off, countersign, refusal): the exact canonical
//   payload the seal signed (core/signing.ts signOffPayload) and the Ed25519 signature (base64).
// - `materials[]`: the material records the sub-tasks issued (and what the applicant supplied): verify checks
//   that every signed output equals the exported material, field by field.
// - `audit[]`: the case's hash-chained access records (store/audit.ts: hash = sha256(prevHash + "\n" +
//   canonical JSON of the record without `hash`), the first prevHash "").
// The file holds personal data in clear (it is the person's archive): handle it as such.
import type { FormValues } from '../../functions/core/form.js';

export const EXPORT_FORMAT = 'lianban-export';
export const EXPORT_VERSION = 1;

export interface ExportedSignature {
  itemId: string;
  sealId: string;
  keyId: string;
  signer: string;
  at: string;
  /** The canonical JSON the seal signed. */
  payload: string;
  /** Ed25519 signature of the payload's UTF-8 bytes, base64. */
  signature: string;
}

export interface ExportedMaterial {
  type: string;
  /** Item id that issued it, or "intake". */
  producedBy: string;
  issuer: { district: string; department: string } | null;
  data: FormValues;
  issuedAt: string;
  seal: { sealId: string; signers: string[] } | null;
  attachments: { sha256: string; name: string; size: number; mime: string }[];
}

export interface ExportedAuditRecord {
  caseId: string;
  seq: number;
  prevHash: string;
  hash: string;
  [field: string]: unknown;
}

export interface ExportedCase {
  caseId: string;
  /** The case record (state, bundle, districts, dates). */
  case: Record<string, unknown>;
  /** The sub-task records. */
  subTasks: Record<string, unknown>[];
  materials: ExportedMaterial[];
  signatures: ExportedSignature[];
  audit: ExportedAuditRecord[];
}

export interface ExportedPublicKey {
  keyId: string;
  sealId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
}

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  kind: 'case' | 'archive';
  exportedAt: string;
  /** For an archive: the keyed hash of the person's ID number (never the number itself). */
  subject?: string;
  cases: ExportedCase[];
  publicKeys: Record<string, ExportedPublicKey>;
}
