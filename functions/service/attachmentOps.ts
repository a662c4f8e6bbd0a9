/**
 * Attachments: uploaded to a sub-task by the people who work it, in the states the policy allows (stored
 * once per content in `blobs`, recorded on the case row), or by a window clerk for an intake (recorded in
 * `counters` as that clerk's intake upload, the only files an intake may carry); downloaded only by
 * someone who may see a material of that sub-task carrying it — the core's visibleData decides which input
 * materials (and whether the sub-task's own work) the actor sees. 竣工联合验收 adds exactly the photos its defects
 * name and the rectification's files, to whoever reads that part of the acceptance (core acceptanceFileSource: the
 * window, supervisors and auditors, the department itself). Every download is an audit record.
 */
import { acceptanceFileSource, rectificationBy } from '../core/acceptance.js';
import type { StaffActor } from '../core/actor.js';
import { findItem } from '../core/bundle.js';
import { caseInfoOf, type CaseRecord } from '../core/case.js';
import type { Directory } from '../core/directory.js';
import { domainError, isDomainError } from '../core/errors.js';
import { authorizeAttachmentUpload, authorizeIntakeUpload, authorizeSubTask, caseSight, readableFiles, type ReadableFile } from '../core/policy.js';
import { caseScopeOf, scopeOf, type SubTask } from '../core/subtask.js';
import { BlobIntegrityError, MAX_BLOB_BYTES } from '../store/blobs.js';
import type { FileRecord } from '../store/caseRecord.js';
import type { AuditOps } from './auditOps.js';
import type { ServiceContext } from './context.js';
import { conflict, isWriteConflict, notFound } from './errors.js';
import type { AttachmentContent, AttachmentInfo, AttachmentUpload } from './types.js';

const MIME = /^[a-z]+\/[A-Za-z0-9.+-]{1,80}$/;

export class AttachmentOps {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditOps,
  ) {}

  private async subTaskOf(caseId: string, itemId: string) {
    const [snap, loaded] = await Promise.all([
      this.ctx.snapshot(),
      this.ctx.cases.load(caseId, { subTask: itemId, subjects: true }),
    ]);
    if (!loaded?.record) throw notFound('办件');
    const st = loaded.subTasks.get(itemId);
    if (!st) throw notFound('子任务');
    const bundle = snap.bundle(loaded.record.bundleId, loaded.record.bundleVersion);
    const item = findItem(bundle, itemId);
    if (!item) throw notFound('事项');
    return { snap, loaded, record: loaded.record, subjects: loaded.subjects, st, item, files: loaded.files };
  }

  /**
   * A file for an intake (受理材料) before the case exists: stored, and recorded as uploaded by this clerk for
   * an intake — the only way an intake's `supplied[].attachments[]` may name a file (Intake.accept checks it).
   */
  async uploadForIntake(actor: StaffActor, upload: AttachmentUpload): Promise<{ attachment: AttachmentInfo }> {
    const name = this.checkUpload(upload);
    const snap = await this.ctx.snapshot();
    const denied = authorizeIntakeUpload(actor, snap.directory);
    if (denied) throw denied;
    const { sha256, size } = await this.ctx.blobs.put(upload.bytes);
    await this.ctx.counters.recordUpload(actor.id, sha256, 'intake', { size, mime: upload.contentType, at: this.ctx.now() });
    return { attachment: { id: sha256, sha256, size, name, contentType: upload.contentType } };
  }

  /** The stored name of a valid upload; VALIDATION_FAILED otherwise. */
  private checkUpload(upload: AttachmentUpload): string {
    const issues = [];
    const name = typeof upload.name === 'string' ? upload.name.trim() : '';
    if (name.length < 1 || name.length > 200 || /[\u0000-\u001f/\\]/.test(name)) issues.push({ field: 'name', code: 'FORMAT', message: '文件名应为1至200个字符，不含路径' });
    if (!MIME.test(upload.contentType ?? '')) issues.push({ field: 'contentType', code: 'FORMAT', message: '文件类型无效' });
    if (!(upload.bytes instanceof Uint8Array) || upload.bytes.length === 0) issues.push({ field: 'body', code: 'REQUIRED', message: '文件内容为空' });
    else if (upload.bytes.length > MAX_BLOB_BYTES) issues.push({ field: 'body', code: 'TOO_LARGE', message: `文件不能超过${MAX_BLOB_BYTES / 1024 / 1024}MB` });
    if (issues.length) throw domainError('VALIDATION_FAILED', issues[0].message, issues);
    return name;
  }

  async upload(actor: StaffActor, caseId: string, itemId: string, upload: AttachmentUpload): Promise<{ attachment: AttachmentInfo }> {
    const name = this.checkUpload(upload);
    let at = await this.subTaskOf(caseId, itemId);
    // The policy decides who may add a file, and in which state of the sub-task and of the case.
    const decide = (x: typeof at) => authorizeAttachmentUpload(actor, scopeOf(x.st), caseScopeOf(caseInfoOf(x.record)), x.record.state, x.snap.directory);
    const denied = decide(at);
    if (denied) throw denied;
    const { sha256, size } = await this.ctx.blobs.put(upload.bytes);
    const file: FileRecord = { sha256, name, size, mime: upload.contentType, itemId, by: actor.id, at: this.ctx.now() };
    for (let attempt = 1; ; attempt++) {
      const next = [...at.files.filter((f) => f.sha256 !== sha256 || f.name !== name), file];
      try {
        // Conditional on the list as read and on the sub-task's version: a file never lands on a sub-task that
        // moved meanwhile (signed, cancelled) without the decision being taken again on what it is now.
        await this.ctx.cases.replaceFiles(at.loaded, itemId, next);
        break;
      } catch (err) {
        if (!isWriteConflict(err) || attempt >= 5) throw isWriteConflict(err) ? conflict('附件列表已被他人修改，请重试') : err;
        at = await this.subTaskOf(caseId, itemId);
        const now = decide(at);
        if (now) throw now;
      }
    }
    return { attachment: { id: sha256, sha256, size, name, contentType: upload.contentType } };
  }

  /** Whether the actor may read the file (the download's own check), reading no bytes and auditing nothing. */
  async checkRead(actor: StaffActor, sha256: string, where: { caseId: string; itemId?: string }): Promise<void> {
    await this.readable(actor, sha256, where);
  }

  async download(actor: StaffActor, sha256: string, where: { caseId: string; itemId?: string }): Promise<AttachmentContent> {
    const { record, subjects, st, item, found } = await this.readable(actor, sha256, where);
    let bytes: Buffer | null;
    try {
      bytes = await this.ctx.blobs.get(sha256);
    } catch (err) {
      if (err instanceof BlobIntegrityError) this.ctx.log(`attachment ${sha256} failed verification`);
      throw err;
    }
    if (!bytes) throw notFound('附件');
    await this.audit.append(record.id, [this.audit.draft(actor, 'attachmentRead', subjects.map((s) => s.hash), [`attachment:${sha256}`, `${found.material ?? found.source ?? 'upload'}`], `办理「${item.name}」查看材料附件`, st.itemId)]);
    return { id: sha256, sha256, size: bytes.length, name: found.name, contentType: found.mime, bytes };
  }

  /** The sub-task and the file as the policy lets the actor read it, or the refusal. */
  private async readable(actor: StaffActor, sha256: string, where: { caseId: string; itemId?: string }) {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw notFound('附件');
    if (!where.itemId) throw domainError('VALIDATION_FAILED', '请指明子任务', [{ field: 'itemId', code: 'REQUIRED', message: '缺少 itemId' }]);
    const { snap, record, subjects, st, item, files } = await this.subTaskOf(where.caseId, where.itemId);
    const c = caseScopeOf(caseInfoOf(record));
    const denied = authorizeSubTask(actor, 'view', scopeOf(st), c, snap.directory);
    // Only a file the policy lets the actor read (readableFiles): with an input material they may see (the
    // last such material carrying it), else uploaded to the sub-task when they see its work.
    const readable = denied ? [] : readableFiles(actor, item, scopeOf(st), c, snap.directory, st.inputs, files).filter((f) => f.sha256 === sha256);
    let found: (ReadableFile & { source?: string }) | undefined;
    for (const f of readable) if (f.material !== null && found?.material !== f.material) found = f;
    found ??= readable.find((f) => f.material === null);
    // 竣工联合验收: a defect's photo or a rectification's attachment, to whoever reads that part of the acceptance.
    found ??= await this.acceptanceFile(actor, record, st, files, sha256, snap.directory);
    if (!found) throw denied ?? domainError('FORBIDDEN', '无权查看此附件');
    return { record, subjects, st, item, found };
  }

  /** The file as core acceptanceFileSource lets the actor read it (its name and type as uploaded), or undefined. */
  private async acceptanceFile(actor: StaffActor, record: CaseRecord, st: SubTask, files: readonly FileRecord[], sha256: string, dir: Directory) {
    if (!record.acceptance && !st.acceptance) return undefined;
    const sight = caseSight(actor, caseScopeOf(caseInfoOf(record)), [scopeOf(st)], dir);
    if (isDomainError(sight)) return undefined;
    const source = acceptanceFileSource(sight, record, st, sha256);
    if (!source) return undefined;
    const file = files.find((f) => f.sha256 === sha256 && f.itemId === st.itemId);
    if (file) return { sha256, name: file.name, size: file.size, mime: file.mime, material: null, source };
    // a rectification's file uploaded for it at the window (its clerk's intake upload): no name was recorded
    const by = source === 'rectification' ? rectificationBy(record, sha256) : null;
    const upload = by ? await this.ctx.counters.upload(by, sha256, 'intake') : null;
    if (!upload) return undefined;
    const ext = upload.mime === 'application/pdf' ? 'pdf' : upload.mime === 'image/png' ? 'png' : 'jpg';
    return { sha256, name: `整改材料-${sha256.slice(0, 8)}.${ext}`, size: upload.size, mime: upload.mime, material: null, source };
  }
}
