/**
 * The service layer's public types: what the api, dispatcher and timer functions call. Every
 * operation takes the acting staff member (from the session token) and throws a core DomainError
 * (stable code, Chinese message, HTTP status) for anything the caller did wrong — FORBIDDEN,
 * NOT_FOUND, VALIDATION_FAILED, CONFLICT (stale expectedVersion or a racing write), … .
 */
import type { StaffActor } from '../core/actor.js';
import type { Staff } from '../core/directory.js';
import type { NoticeTemplate } from '../core/effects.js';
import type { TimelineEvent } from '../core/events.js';
import type { FormValues, OneTableForm } from '../core/form.js';
import type { Notice } from '../core/precheck.js';
import type { SignedDelegation } from '../core/signedDelegation.js';
import type { ClockLevel } from '../core/clock.js';
import type { CaseView, SubTaskView } from '../core/view.js';
import type { MaterialType, SubjectKind } from '../core/bundle.js';
import type { OtsClient } from '../store/client.js';
import type { AccountPlatform, StaffRecord } from '../store/directory.js';
import type { SessionStaff } from '../store/sessions.js';
import type { AcceptanceAccess } from './acceptanceOps.js';
import type { StatsAccess } from './statsOps.js';
import type { HotlineAccess } from './hotlineOps.js';
import type { HotlineCatalogAccess } from './hotlineCatalogAdmin.js';
import type { ProgressOps } from './progressOps.js';
import type { BundleAdminAccess } from './bundleAdminTypes.js';
import type { ConfigChangePage } from './configLog.js';
import type { DirectoryAdminAccess } from './directoryAdminTypes.js';
import type { SettingsAdminAccess } from './settingsAdminTypes.js';
import type { RatingAccess } from './ratingTypes.js';

export type { AccountPlatform, StaffRecord, SessionStaff };

/** District code → name and department id → name (the demo login's staff list shows names). */
export interface OrgNames {
  districts: Record<string, string>;
  departments: Record<string, string>;
}

/** The staff directory as login and the local demo login reach it (functions/store/directory.ts). */
export interface StaffDirectoryAccess {
  /** The staff member with this platform account (login), or null. */
  findStaffByAccount(platform: AccountPlatform, accountId: string): Promise<StaffRecord | null>;
  /** Staff members, at most `limit` (the local demo login lists them). */
  listStaff(limit?: number): Promise<StaffRecord[]>;
  /** Names of districts and departments (two partition-local range reads). */
  orgNames(): Promise<OrgNames>;
}

/** Sessions as the api checks and ends them: shared by every instance (functions/store/sessions.ts). */
export interface SessionAccess {
  /** The staff member as the directory has them now (never cached: one point read), or null when removed. */
  current(staffId: string): Promise<SessionStaff | null>;
  /** Ends every session of the staff member (raises their session generation). */
  revoke(staffId: string): Promise<void>;
}

/** Keys from configuration: DATA_KEY (base64 of 32 bytes, AES-256-GCM) and HASH_KEY (HMAC-SHA256). */
export interface ServiceKeys {
  dataKey: string;
  hashKey: string;
}

/** A work notification (工作通知) to send, recipients resolved to staff of the directory. */
export interface NoticeDelivery {
  /** The effect id: stable across re-deliveries (pass it as the platform's message id). */
  id: string;
  caseId: string;
  itemId: string | null;
  template: NoticeTemplate;
  title: string;
  text: string;
  recipients: Staff[];
}

/** A to-do (待办) for the claimer of a sub-task. */
export interface TodoDelivery {
  /** The effect id. */
  id: string;
  /** The core's to-do id ("caseId/itemId#version"): the business id of the to-do. */
  todoId: string;
  caseId: string;
  itemId: string;
  title: string;
  dueDate: string | null;
  assignee: Staff;
}

export interface TodoFinish {
  /** The effect id. */
  id: string;
  todoId: string;
  caseId: string;
  itemId: string;
  assignee: Staff;
  /** What createTodo returned for this to-do (null if it was never created, e.g. lost). */
  platformId: string | null;
}

/**
 * How effects reach 浙政钉 / DingTalk; the dispatcher helper implements it with the platform
 * adapters. A call that throws leaves its effect pending (retried by the next drain); the stable
 * `id` lets the platform recognise a repeat after a crash between sending and recording.
 */
export interface Notifier {
  sendNotice(notice: NoticeDelivery): Promise<void>;
  createTodo(todo: TodoDelivery): Promise<{ platformId: string }>;
  finishTodo(todo: TodoFinish): Promise<void>;
}

/** Asynchronous nudge to drain a case (the dispatcher's async invocation). Never awaited for correctness. */
export type Kick = (caseId: string) => Promise<void> | void;

export interface ServiceOptions {
  client: OtsClient;
  keys: ServiceKeys;
  notifier?: Notifier;
  kick?: Kick;
  /** ISO-8601 instant; defaults to the wall clock. */
  now?: () => string;
  /** Wall-clock milliseconds for drain leases (default Date.now; tests move it to expire a lease). */
  wallClock?: () => number;
  /** How long one drain may hold a case's lease (default 30 s; LIANBAN_DRAIN_LEASE_MS). A dead holder's lease expires after it. */
  drainLeaseMs?: number;
  /**
   * Drain a change's effects in the same request (the api function, as deployed; LIANBAN_DRAIN_INLINE=0 turns it
   * off): the change takes the drain lease in its own write and the request applies its effects before it answers,
   * for at most INLINE_DRAIN_MS; the dispatcher is kicked only for what is left (a failure, the budget, a lease
   * another drain held). Default off: the caller or the dispatcher drains.
   */
  drainInline?: boolean;
  /** How long a loaded directory snapshot is reused (default 30 s). */
  directoryTtlMs?: number;
  /** Operational log lines (never receives ID or phone numbers). */
  log?: (line: string) => void;
}

export interface BundleSummary {
  id: string;
  version: number;
  name: string;
  description: string;
  items: { id: string; name: string; department: string; departmentName: string; required: boolean }[];
}

export interface FormResult {
  form: OneTableForm;
  bundle: { id: string; version: number; name: string };
  graph: { items: { id: string; name: string; dependsOn: string[] }[] };
  /** The material types the applicant supplies at intake (电子证照 checked at the window), with their fields. */
  materials: MaterialType[];
}

/** POST /api/intake/held: the held materials with their source and the pre-filled form values (service askOnce.ts). */
interface HeldResult {
  held: { type: string; name: string; caseId: string; itemId: string; itemName: string; issuedAt: string; data: FormValues }[];
  prefill: Record<string, { value: string | number | boolean; material: string; caseId: string }>;
}

/** What POST /api/intake/precheck and POST /api/cases receive. */
export interface IntakeBody {
  bundleId: string;
  values: FormValues;
  chosenOptional?: string[];
  supplied?: { type: string; data: FormValues; attachments: { sha256: string; name: string; size: number; mime: string }[] }[];
  requestId?: string;
}

export interface Receipt {
  caseId: string;
  bundleName: string;
  acceptedAt: string;
  acceptingDistrict: string;
  /** The issuing agency: the accepting window's department (the district's 审管办 / service centre), by name. */
  issuer: string;
  /** The window clerk who accepted, by name. */
  clerk: string;
  /** The applicants as the case lists them (role and masked ID number, e.g. "母亲 3302**********0424"). */
  applicants: string[];
  due: { date: string; provisional: boolean };
  items: { itemId: string; name: string; department: string; district: string; limitDays: number }[];
  notice: Notice;
}

export interface AcceptResult {
  /** False when the requestId was seen before: the same case is returned (HTTP 200, not 201). */
  created: boolean;
  case: CaseView;
  receipt: Receipt;
}

export interface QueueItem {
  caseId: string;
  itemId: string;
  itemName: string;
  bundleName: string;
  department: string;
  district: string;
  state: string;
  stateLabel: string;
  /** YYYY-MM-DD, or null while the clock is paused. */
  due: string | null;
  level: ClockLevel | 'paused';
  remainingDays: number | null;
  /** Masked label of the case's first subject, e.g. "母亲 3302**********0421". */
  subject: string;
  assignee: string | null;
  /** 经办人已停用: the assignee is disabled, gone or moved; the work waits for 改派 (reassign). */
  assigneeDisabled?: true;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
  /**
   * department: the ready list; countersign: the countersign list (GET /api/queues/department?state=…); extension:
   * 延期申请 awaiting the actor's decision; correction: sub-tasks returned to the actor's window (退回补正).
   */
  /**
   * Badge counts, each counted up to BADGE_CAP (queueOps.ts): a count at the cap means "at least that many"
   * (the mini-app shows 99+). The read stays bounded however long a queue grows.
   */
  counts: { mine: number; department: number; countersign: number; extension: number; correction: number; warning: number; overdue: number };
}

export type QueueKind = 'mine' | 'department' | 'overdue' | 'extension' | 'correction';

export interface QueueQuery {
  cursor?: string;
  limit?: number;
  /** department queue: ready | active | countersign (default ready). */
  state?: 'ready' | 'active' | 'countersign';
  /** overdue list: warning | overdue (default overdue). */
  level?: 'warning' | 'overdue';
}

export interface AttachmentInfo {
  id: string;
  sha256: string;
  size: number;
  name: string;
  contentType: string;
}

export interface AttachmentUpload {
  bytes: Uint8Array;
  name: string;
  contentType: string;
}

export interface AttachmentContent extends AttachmentInfo {
  bytes: Buffer;
}

export interface Contact {
  id: string;
  name: string;
  department: string;
  departmentName: string;
  district: string;
  roles: string[];
}

export interface ArchiveMaterial {
  caseId: string;
  itemId: string;
  type: string;
  name: string;
  signedBy: string[];
  seal: { id: string; name: string; keyId: string } | null;
  signedAt: string;
  /** Sensitive values masked. */
  fields: FormValues;
  /** The Chinese label of each field of the material type. */
  labels: Record<string, string>;
  signatureValid: boolean;
  /** Signed at the 审管办 window under 集中授权 (signature payload version 3): the delegation, both departments and the line shown. */
  delegation?: SignedDelegation & { text: string };
  /** A 一次性整改告知书 (type rectificationNotice, issued by the window, unsigned): every defect it lists, numbered. */
  defects?: { number: number; id: string; itemId: string; departmentName: string; description: string; rule: string; photos: string[] }[];
}

export interface ArchiveResult {
  /** Opaque handle: the keyed hash of the subject's number (for GET /api/archive/:subject). */
  subject: string;
  /** Whose archive: a person, an enterprise or a project. */
  kind: SubjectKind;
  /**
   * The subject: a person's masked ID number; an enterprise's or project's code as it is (public registration
   * data, core subject.ts) and its name.
   */
  person: { maskedId: string; name?: string };
  cases: { caseId: string; bundleId: string; bundleName: string; role: string; roleLabel: string; state: string; stateLabel: string; acceptedAt: string }[];
  materials: ArchiveMaterial[];
}

export interface OverviewCounts {
  running: number;
  warning: number;
  overdue: number;
  doneOnTime: number;
  doneLate: number;
}

export interface SupervisionOverview {
  district: string;
  counts: OverviewCounts;
  byDepartment: ({ department: string; departmentName: string } & OverviewCounts)[];
}

export interface AuditRecord {
  caseId: string;
  seq: number;
  at: string;
  /** share | archiveRead | archiveSearch | attachmentRead | signOff … */
  action: string;
  actor: { id: string; name: string; department: string | null; district: string | null };
  /** The department that received or read the data (a share: the consuming sub-task's). */
  recipient: { department: string; district: string; itemId: string | null } | null;
  /** Keyed hashes of the subjects concerned (never the ID numbers). */
  subjects: string[];
  /** Which data: material types and field keys, attachment hashes. */
  data: string[];
  purpose: string;
  prevHash: string;
  hash: string;
}

/** Names for the codes audit records hold (pages show names); a code without a name maps to itself. */
export interface AuditNames {
  /** The case's bundle (一件事) name. */
  bundle: string;
  departments: Record<string, string>;
  districts: Record<string, string>;
  /** The bundle's items (事项) by id. */
  items: Record<string, string>;
  /** Material types by id. */
  materials: Record<string, string>;
  /** Field labels by "<material>.<field key>". */
  fields: Record<string, string>;
}

export interface AuditTrail {
  records: AuditRecord[];
  chainValid: boolean;
  /** Sequence number of the first record that fails verification, if any. */
  brokenAt?: number;
  names: AuditNames;
}

export interface DrainReport {
  caseId: string;
  /** Effects applied in this run (not counting ones found already done). */
  applied: number;
  /** Effects still pending (a failure stopped the run; the dirty marker stays). */
  pending: number;
  /** Whether the dirty marker was cleared. */
  clean: boolean;
  /** Another drain held the case's lease: it applies what is pending (this run applied nothing more). */
  busy?: boolean;
}

export interface SweepReport {
  drained: DrainReport[];
  alerts: number;
  /** Queue rows deleted or rewritten because they disagreed with their sub-tasks (service/queueRepair.ts). */
  repaired: number;
  failures: { caseId: string; error: string }[];
}

/** 办件查询: one page of the district's cases, newest first (names masked). `next`: the cursor of the next page. */
export interface CaseList {
  cases: { caseId: string; bundleName: string; state: string; stateLabel: string; acceptedAt: string; names: string[]; servicePoint: string | null }[];
  next: string | null;
}

/** Every operation the api, dispatcher and timer functions use. All throw DomainError for caller mistakes. */
export interface Services {
  listBundles(actor: StaffActor): Promise<{ bundles: BundleSummary[] }>;
  /** The one-table form and item graph of today's version, or of `version` (published or retired: what a case pinned). */
  form(actor: StaffActor, bundleId: string, optional?: string[], version?: number): Promise<FormResult>;
  /** Changes nothing. */
  precheck(actor: StaffActor, body: unknown): Promise<{ notice: Notice }>;
  /** Ask once: the materials the subjects' archive holds for this application and the values they pre-fill (audited as an archive read). */
  heldMaterials(actor: StaffActor, body: unknown): Promise<HeldResult>;
  /** PRECHECK_FAILED is thrown as PrecheckFailedError (carries the notice; HTTP 422). Idempotent by requestId. */
  acceptCase(actor: StaffActor, body: unknown): Promise<AcceptResult>;
  getCase(actor: StaffActor, caseId: string): Promise<{ case: CaseView }>;
  /** 办件查询 (body: q = case number or name, idNumber, from, to, state, cursor, limit); the district policy.ts caseSearchScope allows. */
  searchCases(actor: StaffActor, body: unknown): Promise<CaseList>;
  timeline(actor: StaffActor, caseId: string): Promise<{ events: TimelineEvent[] }>;
  withdraw(actor: StaffActor, caseId: string, reason: string, expectedVersion: number): Promise<{ case: CaseView }>;
  /** 出件 / 领证 (body: method pickup {collectedBy, collectedAt?} | mail {carrier, trackingNumber}; reason to correct). */
  recordHandover(actor: StaffActor, caseId: string, body: unknown, expectedVersion: number): Promise<{ case: CaseView }>;
  queue(actor: StaffActor, kind: QueueKind, query?: QueueQuery): Promise<QueuePage>;
  /** Also: the seals the actor could sign it with, and the attachments the actor may download. */
  subTask(actor: StaffActor, caseId: string, itemId: string): Promise<{
    subTask: SubTaskView;
    timeline: TimelineEvent[];
    seals: { id: string; name: string; kind: string }[];
    attachments: (AttachmentInfo & { material: string | null })[];
  }>;
  /** `command` is the raw body's command (parsed by core's parseStaffCommand). */
  act(actor: StaffActor, caseId: string, itemId: string, command: unknown, expectedVersion: number): Promise<{ subTask: SubTaskView }>;
  uploadAttachment(actor: StaffActor, caseId: string, itemId: string, upload: AttachmentUpload): Promise<{ attachment: AttachmentInfo }>;
  /** A file for an intake, recorded as this clerk's intake upload (an intake may carry only such files). */
  uploadIntakeAttachment(actor: StaffActor, upload: AttachmentUpload): Promise<{ attachment: AttachmentInfo }>;
  downloadAttachment(actor: StaffActor, sha256: string, where: { caseId: string; itemId?: string }): Promise<AttachmentContent>;
  /** The download's own check (policy readableFiles), reading no bytes and writing no audit record. */
  checkAttachmentRead(actor: StaffActor, sha256: string, where: { caseId: string; itemId?: string }): Promise<void>;
  contacts(actor: StaffActor, filter?: { department?: string; district?: string }): Promise<{ staff: Contact[] }>;
  /** A subject's archive by its number: an ID number (person, default), a 统一社会信用代码 (enterprise) or a 项目代码 (project). */
  archiveSearch(actor: StaffActor, code: string, purpose: string, kind?: SubjectKind): Promise<ArchiveResult>;
  archiveRead(actor: StaffActor, subject: string, purpose: string): Promise<ArchiveResult>;
  supervisionOverview(actor: StaffActor): Promise<SupervisionOverview>;
  auditTrail(actor: StaffActor, caseId: string): Promise<AuditTrail>;
  /** Applies the case's pending effects (idempotent); the dispatcher calls it for each kick. */
  drainCase(caseId: string): Promise<DrainReport>;
  /** Drains every case with a dirty marker and raises clock alerts; the timer calls it. */
  sweep(now?: string): Promise<SweepReport>;
  /** The staff directory for login and the demo login (no actor: they come before a session). */
  readonly directory: StaffDirectoryAccess;
  /** 一件事配置: bundle versions, editor, dry run, import / export (service/bundleAdmin.ts). */
  readonly bundleAdmin: BundleAdminAccess;
  /** 竣工联合验收 at the window: site visit, rectification notice and record, the read model (service/acceptanceOps.ts). */
  readonly acceptance: AcceptanceAccess;
  /** 办件进度查询 by the receipt's QR code, no session (service/progressOps.ts). */
  readonly progress: ProgressOps;
  /** 统计: figures of a district or the city from the aggregate rows, and their CSV (service/statsOps.ts). */
  readonly stats: StatsAccess;
  /** 名录配置: departments, staff, seals, delegations, joins, calendar (service/directoryAdmin.ts). */
  readonly directoryAdmin: DirectoryAdminAccess;
  /** 印章、集中授权、加入一件事、工作日历、开放时间 (service/settingsAdmin.ts). */
  readonly settingsAdmin: SettingsAdminAccess;
  /** Configuration change records of a district (null: city-wide), newest first, with the chain checked. */
  configChanges(actor: StaffActor, district: string | null, beforeSeq?: number): Promise<ConfigChangePage>;
  /** The per-request session check against the directory, and logout. */
  readonly sessions: SessionAccess;
  /** 好差评 and 差评整改 (service/ratingOps.ts); the progress page rates through ratings.rateFromProgressPage. */
  readonly ratings: RatingAccess;
  /** 81812345 热线工单: record, read, act, lists, search, event matching (service/hotlineOps.ts). */
  readonly hotline: HotlineAccess;
  /** 热线事项目录: read, save a version (admins), suggest departments (service/hotlineCatalogAdmin.ts). */
  readonly hotlineCatalog: HotlineCatalogAccess;
}
