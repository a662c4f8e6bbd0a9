// The export file of `npm run admin -- export-case | export-archive` (JSON, format "lianban-export", version 2).
// Self-contained: everything `verify` needs is inside, so verification runs offline without the store.
//
//   { format, version: 2, kind: 'case'|'archive', exportedAt? (archive), subject? (archive),
//     cases: [ { caseId, signatures, materials, audit, auditHead } ],
//     publicKeys: { <keyId>: { keyId, sealId, algorithm: 'Ed25519', publicKeyPem } } }
//
// Every value in the file is covered by a seal's Ed25519 signature or by the case's audit hash chain; what
// nothing the system signed or chained covers is left out (version 1 carried the case record, the sub-task
// records and the intake materials unverified). What covers what:
//
// - `signatures[]`: one per seal applied to a finished sub-task (done or refused), in item order and in the
//   order they were applied: the exact canonical payload the seal signed (core/signing.ts signOffPayload:
//   case, bundle, item, department, district, seal, signers, time, outputs; version 2 adds the signed 更正说明
//   `corrections`; version 3, signed at the 审管办 window under 集中授权, adds `delegation`: the delegation id and
//   the delegating department and the window with their names as signed) and the Ed25519 signature
//   (base64). `itemId`, `sealId`, `signer` (the last of the payload's signers) and `at` repeat the payload
//   and must equal it; `keyId` names the key the signature verifies with. The seals of an item form one
//   sequence (each payload's signers extend the previous one's).
// - `materials[]`: the outputs the LAST signature of each item signed (for a done item: the materials it
//   issued), in item then type order; every field must equal the signature: `data` = the signed outputs,
//   `issuer` = the signing department and district, `issuedAt` = the time of that signature, `seal` = the
//   seal of the item's first signature and the signers. Every signed output must be here.
// - `audit[]`: the case's hash-chained access records (store/audit.ts: hash = sha256(prevHash + "\n" +
//   canonical JSON of the record without `hash`), the first prevHash ""); `auditHead` is the chain head
//   recorded in the case row when the export read it, and must be the last record.
// - `publicKeys`: the key of every signature, and only those (an unused key would be carried unverified).
// - archive only: `subject` (keyed hash of the ID number) and `exportedAt` are covered by the export's own
//   access record (an `archiveSearch` of that subject at that time) on the audit chain of every case, which
//   also lists the materials the read showed.
//
// What no signature or chain covers, and so is not exported: the case record (state, dates, districts,
// assignments, subjects, withdrawal), the sub-task records (state, assignee, form, inputs, clock, queue),
// the intake materials (application and supplied documents), attachments, the stored kind of a signature
// (signOff / countersign / refuse: a v1 payload does not name it) and, for a case export, the export time.
// Sub-tasks waiting for a countersign are left out too (their outputs are signed but not issued).
//
// Limits: the audit chain is hashed, not signed: it shows any change to one record, not a chain rebuilt as a
// whole. Nothing the system signs lists the sign-offs of a case or the cases of an archive, so a file from
// which a whole signature that nothing else refers to (a refusal, a sign-off without outputs), or a whole
// case of an archive, was removed still verifies. Public keys inside the file prove nothing about who
// signed: verify against published keys (--trusted-keys).
//
// The file holds personal data in clear (the issued materials): handle it as such.
import type { FormValues } from '../../functions/core/form.js';

export const EXPORT_FORMAT = 'lianban-export';
export const EXPORT_VERSION = 2;

export interface ExportedSignature {
  itemId: string;
  sealId: string;
  keyId: string;
  /** The signer who applied this seal (the last of the payload's signers). */
  signer: string;
  at: string;
  /** The canonical JSON the seal signed. */
  payload: string;
  /** Ed25519 signature of the payload's UTF-8 bytes, base64. */
  signature: string;
}

export interface ExportedMaterial {
  type: string;
  /** Item id whose seal signed it. */
  producedBy: string;
  issuer: { district: string; department: string };
  data: FormValues;
  issuedAt: string;
  seal: { sealId: string; signers: string[] };
}

interface ExportedAuditRecord {
  caseId: string;
  seq: number;
  prevHash: string;
  hash: string;
  [field: string]: unknown;
}

export interface ExportedCase {
  caseId: string;
  signatures: ExportedSignature[];
  materials: ExportedMaterial[];
  audit: ExportedAuditRecord[];
  /** The audit chain head recorded in the case row ({ seq: 0, hash: "" } for an empty chain). */
  auditHead: { seq: number; hash: string };
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
  /** Archive only: when the archive was read (the time of the export's access record). */
  exportedAt?: string;
  /** Archive only: the keyed hash of the person's ID number (never the number itself). */
  subject?: string;
  cases: ExportedCase[];
  publicKeys: Record<string, ExportedPublicKey>;
}
