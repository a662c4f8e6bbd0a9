// Builds export documents (format.ts) from the store, read-only: a case with its sub-tasks, the materials
// they issued, every seal signature with the exact payload it signed, the public keys, and the audit chain;
// or a person's archive (every case the archive index lists for the keyed hash of the ID number).
// Personal numbers are decrypted with DATA_KEY: the export is the person's archive, in clear.
import type { StaffActor } from '../../functions/core/actor.js';
import type { CaseRecord } from '../../functions/core/case.js';
import { findStaff, type Directory } from '../../functions/core/directory.js';
import { isDomainError } from '../../functions/core/errors.js';
import type { MaterialRecord } from '../../functions/core/materials.js';
import { authorizeAuditRead } from '../../functions/core/policy.js';
import { createServices } from '../../functions/service/index.js';
import { loadDirectorySnapshot } from '../../functions/store/directorySnapshot.js';
import { materialsIssuedBy } from '../../functions/core/materials.js';
import { normalizeIdNumber } from '../../functions/core/idNumber.js';
import { payloadDigest, signOffPayload } from '../../functions/core/signing.js';
import type { SubTask } from '../../functions/core/subtask.js';
import { ArchiveRows } from '../../functions/store/archive.js';
import { AuditRows } from '../../functions/store/audit.js';
import { CaseCodec, type LoadedCase, type SignatureEntry } from '../../functions/store/caseRecord.js';
import { CaseRows } from '../../functions/store/cases.js';
import type { OtsClient } from '../../functions/store/client.js';
import { PiiCipher } from '../../functions/store/pii.js';
import { SealKeys } from '../../functions/store/sealKeys.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument, type ExportedCase, type ExportedMaterial, type ExportedPublicKey, type ExportedSignature } from './format.js';

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
}

const toMaterial = (m: MaterialRecord): ExportedMaterial => ({
  type: m.type,
  producedBy: m.producedBy,
  issuer: m.issuer,
  data: { ...m.data },
  issuedAt: m.issuedAt,
  seal: m.seal,
  attachments: m.attachments.map((a) => ({ ...a })),
});

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
  });
}

class Exporter {
  private readonly rows: CaseRows;
  private readonly codec: CaseCodec;
  private readonly audit: AuditRows;
  private readonly sealKeys: SealKeys;
  readonly cipher: PiiCipher;
  readonly publicKeys: Record<string, ExportedPublicKey> = {};
  readonly warnings: string[] = [];

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

    const materials: ExportedMaterial[] = [];
    if (loaded.intake) materials.push(toMaterial(loaded.intake.application), ...loaded.intake.supplied.map(toMaterial));
    for (const st of subTasks) if (st.state === 'done') materials.push(...materialsIssuedBy(st).map(toMaterial));

    const signatures: ExportedSignature[] = [];
    for (const st of subTasks) {
      for (const entry of loaded.signatures.get(st.itemId) ?? []) {
        const payload = signedPayload(st, entry);
        if (payloadDigest(payload) !== entry.digest) {
          this.warnings.push(`case ${caseId}, item ${st.itemId}: the stored data no longer matches what seal ${entry.sealId} signed`);
        }
        signatures.push({ itemId: st.itemId, sealId: entry.sealId, keyId: entry.keyId, signer: entry.signer, at: entry.at, payload, signature: entry.signature });
        await this.addPublicKey(entry.keyId);
      }
    }

    const audit = await this.audit.list(caseId);
    return {
      caseId,
      case: { ...loaded.record, state: loaded.state ?? null, caseVersion: loaded.caseVersion, subjects: loaded.subjects, auditHead: loaded.head ?? { seq: 0, hash: '' } },
      subTasks: subTasks.map((st) => ({ ...st })),
      materials,
      signatures,
      audit: audit.map((r) => ({ ...r })),
    };
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

  document(kind: 'case' | 'archive', cases: ExportedCase[], exportedAt: string, subject?: string): ExportDocument {
    return { format: EXPORT_FORMAT, version: EXPORT_VERSION, kind, exportedAt, ...(subject ? { subject } : {}), cases, publicKeys: this.publicKeys };
  }
}

async function requesterActor(sources: ExportSources, requester: Requester): Promise<{ actor: StaffActor; directory: Directory }> {
  const { directory } = await loadDirectorySnapshot(sources.client);
  const s = findStaff(directory, requester.staffId);
  if (!s) throw new ExportError(`staff ${requester.staffId} is not in the directory`);
  return { actor: { kind: 'staff', id: s.id, name: s.name, district: s.district, department: s.department, roles: [...s.roles] }, directory };
}

/** A case, for an auditor or supervisor of one of its districts (the same rule as the audit trail). */
export async function exportCase(sources: ExportSources, caseId: string, now: string, requester: Requester): Promise<ExportResult> {
  const { actor, directory } = await requesterActor(sources, requester);
  const exporter = new Exporter(sources);
  const c = await exporter.exportCase(caseId, (record) => {
    const denials = [record.acceptingDistrict, ...record.districts].map((d) => authorizeAuditRead(actor, d, directory));
    const denied = denials.every((d) => d !== null) ? denials[0] : null;
    if (denied) throw new ExportError(`${requester.staffId} may not export case ${caseId}: ${denied.message}`);
  });
  return { document: exporter.document('case', [c], now), warnings: exporter.warnings };
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
  return { document: exporter.document('archive', cases, now, subject), warnings: exporter.warnings };
}
