/**
 * The Services implementation: wires the repositories, the PII cipher and the operations together.
 * See types.ts for what each operation promises.
 */
import type { StaffActor } from '../core/actor.js';
import type { SubjectKind } from '../core/bundle.js';
import { findDepartment } from '../core/directory.js';
import { domainError, isDomainError } from '../core/errors.js';
import { handOffRecipients } from '../core/policy.js';
import { AcceptanceOps } from './acceptanceOps.js';
import { StatsOps } from './statsOps.js';
import { ProgressOps } from './progressOps.js';
import { ArchiveOps } from './archiveOps.js';
import { AttachmentOps } from './attachmentOps.js';
import { AuditOps } from './auditOps.js';
import { BundleAdmin } from './bundleAdmin.js';
import { ConfigLog } from './configLog.js';
import { DirectoryAdmin } from './directoryAdmin.js';
import { SettingsAdmin } from './settingsAdmin.js';
import { CaseOps } from './caseOps.js';
import { CaseSearch } from './caseSearch.js';
import { ServiceContext } from './context.js';
import { Drainer } from './drain.js';
import { Intake } from './intake.js';
import { QueueOps } from './queueOps.js';
import { QueueRepair } from './queueRepair.js';
import { RatingOps } from './ratingOps.js';
import { HotlineOps } from './hotlineOps.js';
import { HotlineCatalogAdmin } from './hotlineCatalogAdmin.js';
import { SessionOps, StaffDirectoryOps } from './staffDirectory.js';
import { Sweeper } from './sweep.js';
import { SubTaskCommands } from './transitions.js';
import type { AttachmentUpload, Contact, QueueKind, QueueQuery, ServiceOptions, Services, SessionAccess, StaffDirectoryAccess } from './types.js';

export class LianbanServices implements Services {
  readonly context: ServiceContext;
  readonly directory: StaffDirectoryAccess;
  readonly sessions: SessionAccess;
  readonly bundleAdmin: BundleAdmin;
  readonly acceptance: AcceptanceOps;
  readonly stats: StatsOps;
  readonly progress: ProgressOps;
  readonly directoryAdmin: DirectoryAdmin;
  readonly settingsAdmin: SettingsAdmin;
  readonly ratings: RatingOps;
  readonly hotline: HotlineOps;
  readonly hotlineCatalog: HotlineCatalogAdmin;
  private readonly configLog: ConfigLog;
  private readonly intake: Intake;
  private readonly cases: CaseOps;
  private readonly caseSearch: CaseSearch;
  private readonly queues: QueueOps;
  private readonly drainer: Drainer;
  private readonly auditOps: AuditOps;
  private readonly archive: ArchiveOps;
  private readonly attachments: AttachmentOps;
  private readonly sweeper: Sweeper;

  constructor(options: ServiceOptions) {
    this.context = new ServiceContext(options.client, options);
    this.directory = new StaffDirectoryOps(options.client);
    this.sessions = new SessionOps(options.client);
    const commands = new SubTaskCommands(this.context);
    this.cases = new CaseOps(this.context, commands);
    this.caseSearch = new CaseSearch(this.context);
    this.queues = new QueueOps(this.context);
    this.drainer = new Drainer(this.context);
    this.auditOps = new AuditOps(this.context, this.drainer);
    this.archive = new ArchiveOps(this.context, this.auditOps);
    this.progress = new ProgressOps(this.context, options.keys.hashKey);
    this.intake = new Intake(this.context, this.archive, this.auditOps, this.progress);
    this.attachments = new AttachmentOps(this.context, this.auditOps);
    this.configLog = new ConfigLog(this.context);
    this.bundleAdmin = new BundleAdmin(this.context, this.configLog);
    this.acceptance = new AcceptanceOps(this.context);
    this.stats = new StatsOps(this.context);
    this.directoryAdmin = new DirectoryAdmin(this.context, this.configLog);
    this.settingsAdmin = new SettingsAdmin(this.context, this.configLog);
    this.ratings = new RatingOps(this.context);
    this.hotline = new HotlineOps(this.context);
    this.hotlineCatalog = new HotlineCatalogAdmin(this.context, this.configLog);
    this.sweeper = new Sweeper(this.context, this.drainer, commands, new QueueRepair(this.context), this.ratings, this.hotline);
  }

  configChanges(actor: StaffActor, district: string | null, beforeSeq?: number) {
    return this.configLog.list(actor, district, beforeSeq);
  }

  listBundles(actor: StaffActor) {
    return this.intake.listBundles(actor);
  }

  form(actor: StaffActor, bundleId: string, optional?: string[], version?: number) {
    return this.intake.form(actor, bundleId, optional, version);
  }

  precheck(actor: StaffActor, body: unknown) {
    return this.intake.precheck(actor, body);
  }

  heldMaterials(actor: StaffActor, body: unknown) {
    return this.intake.held(actor, body);
  }

  acceptCase(actor: StaffActor, body: unknown) {
    return this.intake.accept(actor, body);
  }

  getCase(actor: StaffActor, caseId: string) {
    return this.cases.getCase(actor, caseId);
  }

  searchCases(actor: StaffActor, body: unknown) {
    return this.caseSearch.search(actor, body);
  }

  timeline(actor: StaffActor, caseId: string) {
    return this.cases.timeline(actor, caseId);
  }

  withdraw(actor: StaffActor, caseId: string, reason: string, expectedVersion: number) {
    return this.cases.withdraw(actor, caseId, reason, expectedVersion);
  }

  recordHandover(actor: StaffActor, caseId: string, body: unknown, expectedVersion: number) {
    return this.cases.handover(actor, caseId, body, expectedVersion);
  }

  queue(actor: StaffActor, kind: QueueKind, query?: QueueQuery) {
    return this.queues.queue(actor, kind, query);
  }

  subTask(actor: StaffActor, caseId: string, itemId: string) {
    return this.cases.subTask(actor, caseId, itemId);
  }

  act(actor: StaffActor, caseId: string, itemId: string, command: unknown, expectedVersion: number) {
    return this.cases.act(actor, caseId, itemId, command, expectedVersion);
  }

  uploadAttachment(actor: StaffActor, caseId: string, itemId: string, upload: AttachmentUpload) {
    return this.attachments.upload(actor, caseId, itemId, upload);
  }

  uploadIntakeAttachment(actor: StaffActor, upload: AttachmentUpload) {
    return this.attachments.uploadForIntake(actor, upload);
  }

  downloadAttachment(actor: StaffActor, sha256: string, where: { caseId: string; itemId?: string }) {
    return this.attachments.download(actor, sha256, where);
  }

  checkAttachmentRead(actor: StaffActor, sha256: string, where: { caseId: string; itemId?: string }) {
    return this.attachments.checkRead(actor, sha256, where);
  }

  /** Hand-off picker (转交): whom the core's policy lets the actor hand a sub-task to (handOffRecipients). */
  async contacts(actor: StaffActor, filter: { department?: string; district?: string } = {}): Promise<{ staff: Contact[] }> {
    const { directory: dir } = await this.context.snapshot();
    if (filter.department && !findDepartment(dir, filter.department)) throw domainError('NOT_FOUND', '部门不存在');
    const recipients = handOffRecipients(actor, filter, dir);
    if (isDomainError(recipients)) throw recipients;
    return {
      staff: recipients
        .map((s) => ({
          id: s.id, name: s.name, department: s.department, departmentName: findDepartment(dir, s.department)?.name ?? s.department, district: s.district, roles: [...s.roles],
        })),
    };
  }

  archiveSearch(actor: StaffActor, code: string, purpose: string, kind: SubjectKind = 'person') {
    return this.archive.search(actor, code, purpose, kind);
  }

  archiveRead(actor: StaffActor, subject: string, purpose: string) {
    return this.archive.byHandle(actor, subject, purpose);
  }

  supervisionOverview(actor: StaffActor) {
    return this.queues.overview(actor);
  }

  auditTrail(actor: StaffActor, caseId: string) {
    return this.auditOps.trail(actor, caseId);
  }

  async drainCase(caseId: string) {
    const r = await this.drainer.drain(caseId, 'ended');
    return { caseId: r.caseId, applied: r.applied, pending: r.pending, clean: r.clean, ...(r.busy ? { busy: true } : {}) };
  }

  sweep(now?: string) {
    return this.sweeper.sweep(now);
  }
}
