/**
 * The archive (电子档案) of a person, an enterprise or a project: found by the keyed hash of the ID number,
 * 统一社会信用代码 or 项目代码 (prefixed per kind, store/pii.ts), it lists the subject's cases and the signed
 * materials issued in them — identifiers masked as lists mask them (a credit or project code is public and shown,
 * core subject.ts), each signature verified with the seal's public key. Only the roles the core's
 * authorizeArchiveRead allows, always with a purpose; every read is an audit record (the subject's hash, never
 * its number) on the chain of each case it showed. A 竣工联合验收 case also files its 一次性整改告知书 (unsigned, with
 * their defects) under its subjects.
 */
import { caseAcceptanceOf } from '../core/acceptance.js';
import type { StaffActor } from '../core/actor.js';
import { findMaterialType, type SubjectKind } from '../core/bundle.js';
import { type CaseRecord, caseStateLabels } from '../core/case.js';
import { findSeal } from '../core/directory.js';
import { domainError } from '../core/errors.js';
import { idNumberProblems, maskIdNumber, normalizeIdNumber } from '../core/idNumber.js';
import { materialsIssuedBy } from '../core/materials.js';
import { authorizeArchiveRead, maskValues } from '../core/policy.js';
import { delegationText } from '../core/signedDelegation.js';
import { signOffPayload, verifyPayload, payloadDigest } from '../core/signing.js';
import type { SubTask } from '../core/subtask.js';
import { listedSubjectCode, normalizeSubjectCode, subjectCodeProblems, SUBJECT_KINDS } from '../core/subject.js';
import { shanghaiDate } from '../core/time.js';
import type { SignatureEntry } from '../store/caseRecord.js';
import type { AuditOps } from './auditOps.js';
import type { ServiceContext } from './context.js';
import type { ArchiveMaterial, ArchiveResult } from './types.js';

/**
 * A 竣工联合验收 case's rectification notices (一次性整改告知书) as archive entries: read from the case record as
 * the signed materials are, so each issued notice is filed exactly once whatever is delivered again; issued by the
 * window, not signed (no seal, signatureValid false), listed with every defect it names.
 */
function noticesOf(record: CaseRecord, itemId: string): ArchiveMaterial[] {
  return caseAcceptanceOf(record).notices.map((n) => ({
    caseId: record.id, itemId, type: 'rectificationNotice', name: '一次性整改告知书', signedBy: [], seal: null, signedAt: n.issuedAt, signatureValid: false,
    fields: { number: n.number, round: n.round, defects: n.defects.length, departments: [...new Set(n.defects.map((d) => d.departmentName))].join('、') },
    labels: { number: '告知书编号', round: '验收轮次', defects: '问题数', departments: '提出问题的部门' },
    defects: n.defects.map((d, i) => ({
      number: i + 1, id: d.id, itemId: d.itemId, departmentName: d.departmentName, description: d.description, rule: d.rule, photos: [...d.photos],
    })),
  }));
}

/** The 集中授权 the item's sign-off was signed under (its first signature's, as signed), with the line shown for it. */
function delegationShown(entries: readonly SignatureEntry[]): ArchiveMaterial['delegation'] {
  const d = entries.find((e) => e.kind !== 'refuse')?.delegation;
  return d ? { ...d, text: delegationText(d) } : undefined;
}

export class ArchiveOps {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditOps,
  ) {}

  async search(actor: StaffActor, code: string, purpose: string, kind: SubjectKind = 'person'): Promise<ArchiveResult> {
    const snap = await this.ctx.snapshot();
    const denied = authorizeArchiveRead(actor, typeof purpose === 'string' ? purpose : '', snap.directory);
    if (denied) throw denied;
    if (!SUBJECT_KINDS.includes(kind)) throw domainError('VALIDATION_FAILED', '档案类型无效');
    const raw = typeof code === 'string' ? code : '';
    if (kind === 'person') {
      const id = normalizeIdNumber(raw);
      if (idNumberProblems(id, shanghaiDate(this.ctx.now())).length > 0) {
        throw domainError('VALIDATION_FAILED', '公民身份号码无效', [{ field: 'idNumber', code: 'ID_INVALID', message: '请输入有效的18位公民身份号码' }]);
      }
      return this.read(actor, this.ctx.cipher.subjectHash(id), purpose.trim(), 'archiveSearch', maskIdNumber(id), kind);
    }
    const problems = subjectCodeProblems(kind, raw, shanghaiDate(this.ctx.now()));
    if (problems.length > 0) {
      const [field, issueCode, title] = kind === 'enterprise' ? ['creditCode', 'CREDIT_CODE_INVALID', '统一社会信用代码无效'] : ['projectCode', 'PROJECT_CODE_INVALID', '项目代码无效'];
      throw domainError('VALIDATION_FAILED', title, [{ field, code: issueCode, message: problems[0] }]);
    }
    const normalized = normalizeSubjectCode(kind, raw);
    return this.read(actor, this.ctx.cipher.subjectHash(normalized, kind), purpose.trim(), 'archiveSearch', listedSubjectCode(kind, normalized), kind);
  }

  async byHandle(actor: StaffActor, subject: string, purpose: string): Promise<ArchiveResult> {
    const snap = await this.ctx.snapshot();
    const denied = authorizeArchiveRead(actor, typeof purpose === 'string' ? purpose : '', snap.directory);
    if (denied) throw denied;
    if (!/^[0-9a-f]{64}$/.test(subject)) throw domainError('NOT_FOUND', '未找到此档案');
    return this.read(actor, subject, purpose.trim(), 'archiveRead', null, null);
  }

  /** Whether every signature of a signed sub-task verifies against its seal's public key. */
  async signaturesValid(st: SubTask, entries: readonly SignatureEntry[]): Promise<boolean> {
    if (entries.length === 0 || entries.length !== st.signatures.length) return false;
    for (const e of entries) {
      const pub = await this.ctx.sealKeys.publicKey(e.keyId);
      if (!pub) return false;
      const payload = signOffPayload({
        caseId: st.caseId, bundleId: st.bundleId, bundleVersion: st.bundleVersion, itemId: st.itemId, department: e.department, district: e.district,
        sealId: e.sealId, signers: e.signers, at: e.at, outputs: e.kind === 'refuse' ? {} : st.outputs,
        corrections: e.kind === 'refuse' ? [] : st.corrections ?? [], delegation: e.delegation ?? null,
      });
      if (payloadDigest(payload) !== e.digest || !verifyPayload(payload, e.signature, pub.publicKeyPem)) return false;
    }
    return true;
  }

  /** `kind`: as searched; null by handle (the rows say it). */
  private async read(actor: StaffActor, subject: string, purpose: string, action: string, masked: string | null, kind: SubjectKind | null): Promise<ArchiveResult> {
    const snap = await this.ctx.snapshot();
    const entries = await this.ctx.archive.list(subject);
    // An enterprise's or project's name as its latest case recorded it (a person's name is not kept here).
    const name = [...entries].sort((a, b) => a.acceptedAt.localeCompare(b.acceptedAt)).reverse().find((e) => e.name)?.name;
    const person = { maskedId: masked ?? entries[0]?.maskedId ?? '', ...(name ? { name } : {}) };
    const result: ArchiveResult = { subject, kind: kind ?? entries[0]?.kind ?? 'person', person, cases: [], materials: [] };
    for (const entry of entries) {
      const [loaded, sigs] = await Promise.all([this.ctx.cases.load(entry.caseId, 'work'), this.ctx.cases.load(entry.caseId, 'signatures')]);
      if (!loaded?.record) continue;
      const record = loaded.record;
      result.cases.push({
        caseId: record.id, bundleId: record.bundleId, bundleName: record.bundleName, role: entry.role, roleLabel: entry.label,
        state: record.state, stateLabel: caseStateLabels[record.state], acceptedAt: record.acceptedAt,
      });
      const bundle = snap.bundle(record.bundleId, record.bundleVersion);
      const shown: ArchiveMaterial[] = [];
      for (const itemId of record.items) {
        const st = loaded.subTasks.get(itemId);
        if (!st || st.state !== 'done') continue;
        const signatures = sigs?.signatures.get(itemId) ?? [];
        const valid = await this.signaturesValid(st, signatures);
        const delegated = delegationShown(signatures);
        for (const m of materialsIssuedBy(st)) {
          const type = findMaterialType(bundle, m.type);
          const seal = m.seal ? findSeal(snap.directory, m.seal.sealId) : undefined;
          shown.push({
            caseId: record.id, itemId, type: m.type, name: type?.name ?? m.type, signedBy: m.seal?.signers ?? [],
            // the key the signature names (a rotated seal signs with a newer key since)
            seal: m.seal ? { id: m.seal.sealId, name: seal?.name ?? m.seal.sealId, keyId: [...signatures].reverse().find((e) => e.sealId === m.seal?.sealId)?.keyId ?? seal?.keyId ?? '' } : null,
            signedAt: m.issuedAt, fields: maskValues(m.data, type?.fields ?? []), signatureValid: valid,
            labels: Object.fromEntries((type?.fields ?? []).map((f) => [f.key, f.label])),
            ...(delegated ? { delegation: delegated } : {}),
          });
        }
      }
      shown.push(...noticesOf(record, bundle.jointAcceptance?.opinionItem ?? ''));
      result.materials.push(...shown);
      await this.audit.append(record.id, [this.audit.draft(actor, action, [subject], ['case', ...shown.map((m) => `${m.type}:*`)], purpose)]);
    }
    return result;
  }
}
