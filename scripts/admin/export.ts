// Builds export documents (format.ts, version 2) from the store, read-only: a case's seal signatures with the
// exact payload each signed, the materials those signatures cover, the public keys and the audit chain with
// the head recorded in the case row; or a person's archive (every case the archive index lists for the keyed
// hash of the ID number). Only what a signature or the audit chain covers is exported (format.ts says what is
// left out and why). Personal numbers are decrypted with DATA_KEY: the export holds them in clear.
import type { StaffActor } from '../../functions/core/actor.js';
import type { CaseRecord } from '../../functions/core/case.js';
import { findStaff, type Directory } from '../../functions/core/directory.js';
import { isDomainError } from '../../functions/core/errors.js';
import { authorizeAuditRead } from '../../functions/core/policy.js';
import { createServices } from '../../functions/service/index.js';
import { loadDirectorySnapshot } from '../../functions/store/directorySnapshot.js';
import { normalizeIdNumber } from '../../functions/core/idNumber.js';
import { payloadDigest, signOffPayload } from '../../functions/core/signing.js';
import type { SubTask } from '../../functions/core/subtask.js';
import { ArchiveRows } from '../../functions/store/archive.js';
import { AuditRows, EMPTY_HEAD } from '../../functions/store/audit.js';
import { CaseCodec, type LoadedCase, type SignatureEntry } from '../../functions/store/caseRecord.js';
import { CaseRows } from '../../functions/store/cases.js';
import type { OtsClient } from '../../functions/store/client.js';
import { PiiCipher } from '../../functions/store/pii.js';
import { SealKeys } from '../../functions/store/sealKeys.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument, type ExportedCase, type ExportedMaterial, type ExportedPublicKey, type ExportedSignature } from './format.js';
import { verifyExport } from './verify.js';

export interface ExportSources {
  client: OtsClient;
  keys: { dataKey: string; hashKey: string };
}

/** Who exports, and why: exports are made in a staff member's name (审计 / 督办 / 窗口), never anonymously. */
export interface Requester {
  staffId: string;
  /** Why the person's archive is read (recorded in the audit chain of every case exported). */
  purpose: string;
}

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

export interface ExportResult {
  document: ExportDocument;
  /** Problems seen while exporting (e.g. a stored signature whose digest no longer matches the data). */
  warnings: string[];
  /** What was left out and why (e.g. a sub-task still waiting for its countersign). */
  notes: string[];
}

/** The exact payload a stored signature was made over (service/transitions.ts builds the same facts). */
function signedPayload(st: SubTask, entry: SignatureEntry): string {
  return signOffPayload({
    caseId: st.caseId,
    bundleId: st.bundleId,
    bundleVersion: st.bundleVersion,
    itemId: st.itemId,
    department: entry.department,
    district: entry.district,
    sealId: entry.sealId,
    signers: entry.signers,
    at: entry.at,
    outputs: entry.kind === 'refuse' ? {} : st.outputs,
    corrections: entry.kind === 'refuse' ? [] : st.corrections ?? [],
    delegation: entry.delegation ?? null,
  });
}

/** Sub-task states whose signatures are final: done (the last seal issued the outputs) or refused. */
const FINISHED = new Set(['done', 'refused']);

/** The outputs the last of an item's signatures signed, as materials (format.ts: every field from the signatures). */
function signedMaterials(itemId: string, signatures: readonly ExportedSignature[]): ExportedMaterial[] {
  const first = signatures[0];
  const last = signatures[signatures.length - 1];
  if (!first || !last) return [];
  const payload = JSON.parse(last.payload) as { district: string; department: string; signers: string[]; at: string; outputs: Record<string, ExportedMaterial['data']> };
  return Object.keys(payload.outputs)
    .sort()
    .map((type) => ({
      type,
      producedBy: itemId,
      issuer: { district: payload.district, department: payload.department },
      data: payload.outputs[type],
      issuedAt: payload.at,
      seal: { sealId: first.sealId, signers: [...payload.signers] },
    }));
}

class Exporter {
  private readonly rows: CaseRows;
  private readonly codec: CaseCodec;
  private readonly audit: AuditRows;
  private readonly sealKeys: SealKeys;
  readonly cipher: PiiCipher;
  readonly publicKeys: Record<string, ExportedPublicKey> = {};
  readonly warnings: string[] = [];
  readonly notes: string[] = [];

  constructor(readonly sources: ExportSources) {
    this.cipher = new PiiCipher(sources.keys);
    this.rows = new CaseRows(sources.client);
    this.codec = new CaseCodec(this.cipher);
    this.audit = new AuditRows(sources.client);
    this.sealKeys = new SealKeys(sources.client, this.cipher);
  }

  async exportCase(caseId: string, authorize: (record: CaseRecord) => void = () => {}): Promise<ExportedCase> {
    const cells = await this.rows.read(caseId, 'all');
    if (!cells) throw new ExportError(`case ${caseId} does not exist`);
    let loaded: LoadedCase;
    try {
      loaded = this.codec.decode(caseId, cells);
    } catch (err) {
      throw new ExportError(`case ${caseId} could not be read (${(err as Error).message}); is DATA_KEY the one it was written with?`);
    }
    if (!loaded.record) throw new ExportError(`case ${caseId} has no case record`);
    authorize(loaded.record);
    const subTasks = [...loaded.subTasks.values()].sort((a, b) => (a.itemId < b.itemId ? -1 : 1));

    const signatures: ExportedSignature[] = [];
    const materials: ExportedMaterial[] = [];
    for (const st of subTasks) {
      const entries = [...(loaded.signatures.get(st.itemId) ?? [])].sort((a, b) => a.signers.length - b.signers.length);
      if (entries.length === 0) continue;
      if (!FINISHED.has(st.state)) {
        this.notes.push(`case ${caseId}, item ${st.itemId} (${st.state}): its ${entries.length} signature(s) are left out until the item is done or refused`);
        continue;
      }
      const signed: ExportedSignature[] = [];
      for (const entry of entries) {
        const payload = signedPayload(st, entry);
        if (payloadDigest(payload) !== entry.digest) {
          this.warnings.push(`case ${caseId}, item ${st.itemId}: the stored data no longer matches what seal ${entry.sealId} signed`);
        }
        signed.push({ itemId: st.itemId, sealId: entry.sealId, keyId: entry.keyId, signer: entry.signer, at: entry.at, payload, signature: entry.signature });
        await this.addPublicKey(entry.keyId);
      }
      signatures.push(...signed);
      materials.push(...signedMaterials(st.itemId, signed));
    }

    // The head read with the row bounds the chain: records linked after it belong to a later state of the case.
    const head = loaded.head ?? EMPTY_HEAD;
    const audit = (await this.audit.list(caseId)).filter((r) => r.seq <= head.seq);
    if (audit.length < head.seq) {
      this.warnings.push(`case ${caseId}: ${head.seq - audit.length} audit record(s) are linked but not yet written (the dispatcher has not run): export again after it has`);
    }
    return { caseId, signatures, materials, audit: audit.map((r) => ({ ...r })), auditHead: { seq: head.seq, hash: head.hash } };
  }

  private async addPublicKey(keyId: string): Promise<void> {
    if (this.publicKeys[keyId]) return;
    const doc = await this.sealKeys.publicKey(keyId);
    if (!doc) {
      this.warnings.push(`public key ${keyId} is not in the store`);
      return;
    }
    this.publicKeys[keyId] = { keyId: doc.keyId, sealId: doc.sealId, algorithm: 'Ed25519', publicKeyPem: doc.publicKeyPem };
  }

  /** The document; whatever in it would not verify is reported as a warning (the file is written all the same). */
  result(kind: 'case' | 'archive', cases: ExportedCase[], archive?: { exportedAt: string; subject: string }): ExportResult {
    const document: ExportDocument = { format: EXPORT_FORMAT, version: EXPORT_VERSION, kind, ...(archive ?? {}), cases, publicKeys: this.publicKeys };
    const check = verifyExport(document);
    for (const f of check.failures) this.warnings.push(`the export does not verify: ${f.message}`);
    return { document, warnings: this.warnings, notes: this.notes };
  }
}

async function requesterActor(sources: ExportSources, requester: Requester): Promise<{ actor: StaffActor; directory: Directory }> {
  const { directory } = await loadDirectorySnapshot(sources.client);
  const s = findStaff(directory, requester.staffId);
  if (!s) throw new ExportError(`staff ${requester.staffId} is not in the directory`);
  return { actor: { kind: 'staff', id: s.id, name: s.name, district: s.district, department: s.department, roles: [...s.roles] }, directory };
}

/**
 * A case, for an auditor or supervisor of one of its districts (the same rule as the audit trail). Read-only:
 * the export time is not recorded anywhere signed or chained, so the file does not carry it.
 */
export async function exportCase(sources: ExportSources, caseId: string, _now: string, requester: Requester): Promise<ExportResult> {
  const { actor, directory } = await requesterActor(sources, requester);
  const exporter = new Exporter(sources);
  const c = await exporter.exportCase(caseId, (record) => {
    const denials = [record.acceptingDistrict, ...record.districts].map((d) => authorizeAuditRead(actor, d, directory));
    const denied = denials.every((d) => d !== null) ? denials[0] : null;
    if (denied) throw new ExportError(`${requester.staffId} may not export case ${caseId}: ${denied.message}`);
  });
  return exporter.result('case', [c]);
}

/**
 * Every case of the person's archive. The read goes through the service's archive search, so it is
 * authorised (窗口 or 审计 staff, with a purpose) and recorded on the audit chain of each case before the
 * export is made — the export contains its own access record. The ID number is only hashed, never printed.
 */
export async function exportArchive(sources: ExportSources, idNumber: string, now: string, requester: Requester): Promise<ExportResult> {
  if (!/^\d{17}[\dX]$/.test(normalizeIdNumber(idNumber))) throw new ExportError('the ID number is not 18 characters (17 digits and a digit or X)');
  const { actor } = await requesterActor(sources, requester);
  const services = createServices({ client: sources.client, keys: sources.keys, now: () => now, log: () => {} });
  try {
    await services.archiveSearch(actor, idNumber, requester.purpose);
  } catch (err) {
    if (isDomainError(err)) throw new ExportError(`archive search as ${requester.staffId} refused: ${err.message}`);
    throw err;
  }
  const exporter = new Exporter(sources);
  const subject = exporter.cipher.subjectHash(idNumber);
  const entries = await new ArchiveRows(sources.client).list(subject);
  if (entries.length === 0) throw new ExportError('the archive holds no case for this ID number');
  const caseIds = [...new Set(entries.map((e) => e.caseId))].sort();
  const cases: ExportedCase[] = [];
  for (const caseId of caseIds) cases.push(await exporter.exportCase(caseId));
  return exporter.result('archive', cases, { exportedAt: now, subject });
}
