/**
 * 竣工联合验收 (joint completion acceptance), the rules on top of the engine (DESIGN: Joint acceptance).
 *
 * A bundle with `jointAcceptance` has one item issuing the 联合验收意见书 (the 审管办's); every other item of a case
 * is a department's single-item acceptance. The window schedules one 联合现场踏勘 (every department's sub-task is
 * told and gets a to-do; each confirms); each department's signer records its 单项验收意见 on site — `pass` (the
 * sub-task issues its opinion and is done) or `defects` (each with a description, the rule it breaks, photos; the
 * sub-task goes to `returned`, its clock paused). Once every department has its opinion in the current round, the
 * window issues ONE 一次性整改告知书 listing every open defect; when the enterprise's rectification is recorded,
 * only the departments with open defects re-inspect (their sub-tasks back to `claimed`, their clocks running again)
 * and record their opinion again: a pass closes all their defects, a `defects` opinion lists those kept (by id) and
 * new ones. A defect is open iff it is in its department's latest opinion and that opinion is `defects`.
 *
 * The whole-case clock: N working days from acceptance (bundle `promisedDaysBy`, e.g. 10 工业/物流, 15 房建); the
 * time from a rectification notice to the rectification record is the enterprise's and pauses it: those days
 * (after the notice day up to and including the record day, the rule of clock.ts) are not counted, so the promise
 * date moves by them when the record is made. Pure: time comes in as an instant.
 */
import { type Actor, actorRef } from './actor.js';
import type { Bundle, Item } from './bundle.js';
import { addWorkingDays, countWorkingDays, type DueDate, type ExcludedSpan, type WorkCalendar } from './calendar.js';
import type { CaseRecord, CaseResult } from './case.js';
import { canonicalJson } from './canonical.js';
import { findDepartment, type Directory } from './directory.js';
import { EffectList } from './effects.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import type { TimelineEvent } from './events.js';
import { authorizeAttachmentReference, authorizeCase, type CaseSight, type UploadRecord } from './policy.js';
import { isTerminal, type SubTask, type SubTaskState } from './subtaskRecord.js';
import { hasVisibleText, textIssues, visibleLength } from './text.js';
import { type CalendarDate, type Instant, isInstant, shanghaiDate, toUtcInstant } from './time.js';
import type { MaterialNotice, MaterialRequest, MaterialSupplement } from './acceptanceMaterials.js';

export interface Defect {
  /** `D<round>-<n>`: the round it was first found in and its number there; kept across rounds. */
  id: string;
  description: string;
  rule: string;
  /** sha256 of photos uploaded to the sub-task. */
  photos: string[];
}

export type OpinionResult = 'pass' | 'defects';

/** The seal's Ed25519 signature of an opinion (opinionPayload), added by the service when it is recorded. */
interface OpinionSeal {
  keyId: string;
  digest: string;
  signature: string;
}

export interface Opinion {
  round: number;
  result: OpinionResult;
  opinion: string | null;
  defects: Defect[];
  signedBy: string;
  sealId: string;
  at: Instant;
  seal: OpinionSeal | null;
}

/** A department sub-task's part of the acceptance. */
export interface AcceptancePart {
  siteVisit: {
    date: CalendarDate; time: string; place: string; notifiedAt: Instant;
    todo: { id: string; assignee: string } | null; confirmedBy: string | null; confirmedAt: Instant | null;
  } | null;
  opinions: Opinion[];
  /** 材料审查: the department's requests for missing materials (acceptanceMaterials.ts); absent in older records. */
  materialRequests?: MaterialRequest[];
}

interface SiteVisit {
  date: CalendarDate;
  time: string;
  place: string;
  note: string | null;
  scheduledBy: string;
  scheduledAt: Instant;
}

export interface NoticeDefect extends Defect {
  itemId: string;
  itemName: string;
  department: string;
  departmentName: string;
}

interface RectificationNotice {
  number: string;
  round: number;
  issuedAt: Instant;
  issuedBy: string;
  defects: NoticeDefect[];
}

interface Rectification {
  round: number;
  at: Instant;
  by: string;
  report: string;
  attachments: string[];
}

/** The case's part: site visit, notices, rectifications, and the whole-case clock's pauses (notice → record). */
export interface CaseAcceptance {
  siteVisit: SiteVisit | null;
  notices: RectificationNotice[];
  rectifications: Rectification[];
  pauses: ExcludedSpan[];
  /** 材料补正通知 and the applicant's supplements (acceptanceMaterials.ts); absent in older records. */
  materialNotices?: MaterialNotice[];
  materialSupplements?: MaterialSupplement[];
}

export interface DefectInput {
  id?: string;
  description: string;
  rule: string;
  photos?: string[];
}

export interface OpinionInput {
  result: OpinionResult;
  opinion?: string;
  defects?: DefectInput[];
}

const SHA256 = /^[0-9a-f]{64}$/;

export function partOf(st: Pick<SubTask, 'acceptance'>): AcceptancePart {
  return st.acceptance ?? { siteVisit: null, opinions: [] };
}

export function caseAcceptanceOf(c: Pick<CaseRecord, 'acceptance'>): CaseAcceptance {
  return c.acceptance ?? { siteVisit: null, notices: [], rectifications: [], pauses: [] };
}

/** The open defects of a department: those of its latest opinion when that opinion found defects. */
export function openDefects(part: AcceptancePart): Defect[] {
  const last = part.opinions[part.opinions.length - 1];
  return last?.result === 'defects' ? last.defects : [];
}

/** The round of a department's next opinion (1 on site; each re-inspection one more). */
function opinionRound(part: AcceptancePart): number {
  return part.opinions.length + 1;
}

/** The case's current round: 1 until the first rectification is recorded, then one more per record. */
export function currentRound(acc: CaseAcceptance): number {
  return acc.rectifications.length + 1;
}

/** Whether the item is a department's single-item acceptance of a joint-acceptance bundle. */
export function isDepartmentItem(bundle: Bundle, itemId: string): boolean {
  return bundle.jointAcceptance !== undefined && bundle.jointAcceptance.opinionItem !== itemId && bundle.items.some((i) => i.id === itemId);
}

/**
 * For the joint opinion item: the names of the case's department items not yet done (every chosen department,
 * the optional 水利 included, must have passed); [] for any other item or when the states are not known.
 */
export function jointOpinionWaitsFor(bundle: Bundle, itemId: string, caseItems: readonly string[], states: Readonly<Record<string, SubTaskState>> | undefined): string[] {
  if (!states || bundle.jointAcceptance?.opinionItem !== itemId) return [];
  return departmentItems(bundle, { items: [...caseItems] }).filter((i) => states[i.id] !== 'done' && states[i.id] !== 'cancelled').map((i) => i.name);
}

/** The case's department items (bundle order). */
export function departmentItems(bundle: Bundle, c: Pick<CaseRecord, 'items'>): Item[] {
  return bundle.items.filter((i) => c.items.includes(i.id) && isDepartmentItem(bundle, i.id));
}

export function textProblem(field: string, value: string | undefined, label: string, min: number, max: number, multiline: boolean): Issue[] {
  const raw = value ?? '';
  const bad = textIssues(raw, { field, label }, { multiline });
  if (bad.length) return bad;
  const v = raw.trim();
  if (min > 0 && (visibleLength(v) < min || !hasVisibleText(v))) return [{ field, code: 'REQUIRED', message: `请填写${label}` }];
  if ([...v].length > max) return [{ field, code: 'TOO_LONG', message: `${label}不应超过${max}字` }];
  return [];
}

/**
 * The opinion a department records now (its signature added later by the service), or every problem of the input.
 * `pass` lists no defect and closes all; `defects` lists at least one: an `id` keeps an open defect, none is new.
 */
export function buildOpinion(part: AcceptancePart, input: OpinionInput, signer: string, sealId: string, at: Instant): Opinion | Issue[] {
  const issues: Issue[] = [];
  const round = opinionRound(part);
  if (input.result !== 'pass' && input.result !== 'defects') issues.push({ field: 'result', code: 'NOT_AN_OPTION', message: '请选择验收结论（合格或需整改）' });
  if (input.opinion !== undefined) issues.push(...textProblem('opinion', input.opinion, '验收意见', 0, 1000, true));
  const given = input.defects ?? [];
  if (input.result === 'pass' && given.length > 0) issues.push({ field: 'defects', code: 'NOT_ALLOWED', message: '合格意见不应列出问题' });
  if (input.result === 'defects' && given.length === 0) issues.push({ field: 'defects', code: 'REQUIRED', message: '请列出发现的问题（每项含问题描述和依据）' });
  const open = new Map(openDefects(part).map((d) => [d.id, d]));
  const kept = new Set<string>();
  let n = 0;
  const defects: Defect[] = [];
  given.forEach((d, i) => {
    issues.push(...textProblem(`defects.${i}.description`, d.description, '问题描述', 2, 500, true));
    issues.push(...textProblem(`defects.${i}.rule`, d.rule, '依据（违反的规定）', 2, 200, false));
    const photos = d.photos ?? [];
    if (photos.some((p) => !SHA256.test(p))) issues.push({ field: `defects.${i}.photos`, code: 'FORMAT', message: '照片应为已上传文件的sha256' });
    let id: string;
    if (d.id !== undefined) {
      if (!open.has(d.id) || kept.has(d.id)) issues.push({ field: `defects.${i}.id`, code: 'NOT_OPEN', message: `问题 ${d.id} 不是本部门待整改的问题` });
      kept.add(d.id);
      id = d.id;
    } else {
      n += 1;
      id = `D${round}-${n}`;
    }
    defects.push({ id, description: (d.description ?? '').trim(), rule: (d.rule ?? '').trim(), photos: [...photos] });
  });
  if (issues.length) return issues;
  const text = input.opinion?.trim();
  return { round, result: input.result, opinion: text ? text : null, defects, signedBy: signer, sealId, at, seal: null };
}

/** The canonical payload a seal signs for an opinion: the case, the item, the round, the result and every defect. */
export function opinionPayload(facts: {
  caseId: string; bundleId: string; bundleVersion: number; itemId: string; department: string; district: string; opinion: Opinion;
}): string {
  const o = facts.opinion;
  return canonicalJson({
    v: 1,
    kind: 'acceptanceOpinion',
    caseId: facts.caseId,
    bundle: `${facts.bundleId}@${facts.bundleVersion}`,
    itemId: facts.itemId,
    department: facts.department,
    district: facts.district,
    sealId: o.sealId,
    signer: o.signedBy,
    at: o.at,
    round: o.round,
    result: o.result,
    opinion: o.opinion,
    defects: o.defects.map((d) => ({ id: d.id, description: d.description, rule: d.rule, photos: [...d.photos] })),
  });
}

/** Working days the case clock was paused (closed pauses; an open one counted up to `today`). */
export function pausedDays(cal: WorkCalendar, pauses: readonly ExcludedSpan[], today: CalendarDate): number {
  return pauses.reduce((sum, p) => sum + countWorkingDays(cal, p.from, p.until ?? (today > p.from ? today : p.from)), 0);
}

/** The promise date: `days` working days from the acceptance day, the pauses not counted; null while one is open. */
export function casePromise(cal: WorkCalendar, acceptedAt: Instant, days: number, pauses: readonly ExcludedSpan[]): DueDate | null {
  return addWorkingDays(cal, shanghaiDate(acceptedAt), days, pauses);
}

/** A case change plus the system commands it causes on department sub-tasks (applied in the same write). */
export interface AcceptanceChange {
  result: CaseResult;
  subTasks: {
    itemId: string;
    command: { type: 'noteSiteVisit'; date: CalendarDate; time: string; place: string } | { type: 'reinspect'; round: number }
      | { type: 'materialNotice'; number: string } | { type: 'materialsSupplemented'; number: string };
  }[];
}

export interface CaseCommandInput {
  c: CaseRecord;
  bundle: Bundle;
  subTasks: ReadonlyMap<string, SubTask>;
  actor: Actor;
  now: Instant;
  directory: Directory;
}

function bad(issues: Issue[]): DomainError {
  return domainError('VALIDATION_FAILED', issues[0]?.message, issues);
}

/** Authorisation, state and bundle checks shared by the window's acceptance commands. */
export function precondition(input: CaseCommandInput): DomainError | null {
  const { c, actor, directory, bundle } = input;
  const denied = authorizeCase(actor, 'acceptance', { acceptingDistrict: c.acceptingDistrict, acceptedBy: c.acceptedBy, districts: [...c.districts] }, directory);
  if (denied) return denied;
  if (!isInstant(input.now)) return domainError('VALIDATION_FAILED', '时间格式无效');
  if (c.state !== 'accepted') return domainError('CASE_CLOSED');
  if (!bundle.jointAcceptance) return domainError('INVALID_TRANSITION', '此一件事不是竣工联合验收');
  return null;
}

export function caseChange(c: CaseRecord, acceptance: CaseAcceptance, action: string, actor: Actor, at: Instant, detail: TimelineEvent['detail'], extra: Partial<CaseRecord> = {}): { next: CaseRecord; event: TimelineEvent; effects: EffectList } {
  const version = c.version + 1;
  const next: CaseRecord = { ...c, ...extra, acceptance, version, updatedAt: at };
  const event: TimelineEvent = { id: `${c.id}#${version}`, caseId: c.id, itemId: null, action, actor: actorRef(actor), at, from: c.state, to: c.state, reason: null, detail };
  return { next, event, effects: new EffectList(`${c.id}@${version}`) };
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** 联合现场踏勘: schedule (or reschedule) the one site visit; every open department sub-task is told. */
export function scheduleSiteVisit(input: CaseCommandInput, body: { date?: unknown; time?: unknown; place?: unknown; note?: unknown }): AcceptanceChange | DomainError {
  const denied = precondition(input);
  if (denied) return denied;
  const { c, bundle, subTasks, actor } = input;
  const at = toUtcInstant(input.now);
  const issues: Issue[] = [];
  const date = typeof body.date === 'string' ? body.date : '';
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    issues.push({ field: 'date', code: 'FORMAT', message: '踏勘日期格式应为YYYY-MM-DD' });
  } else if (date < shanghaiDate(at)) issues.push({ field: 'date', code: 'PAST', message: '踏勘日期不能早于今天' });
  const time = typeof body.time === 'string' ? body.time : '';
  if (!TIME.test(time)) issues.push({ field: 'time', code: 'FORMAT', message: '踏勘时间格式应为HH:MM' });
  const place = typeof body.place === 'string' ? body.place : '';
  issues.push(...textProblem('place', place, '踏勘地点', 2, 100, false));
  const note = typeof body.note === 'string' ? body.note : undefined;
  if (body.note !== undefined && body.note !== null && note === undefined) issues.push({ field: 'note', code: 'FORMAT', message: '备注应为文字' });
  if (note !== undefined) issues.push(...textProblem('note', note, '备注', 0, 500, true));
  if (issues.length) return bad(issues);
  const open = departmentItems(bundle, c).filter((i) => {
    const st = subTasks.get(i.id);
    return st !== undefined && !isTerminal(st.state);
  });
  if (open.length === 0) return domainError('INVALID_TRANSITION', '各部门均已出具意见，无需现场踏勘');
  const acc = caseAcceptanceOf(c);
  const siteVisit: SiteVisit = { date, time, place: place.trim(), note: note?.trim() || null, scheduledBy: actor.id, scheduledAt: at };
  const { next, event } = caseChange(c, { ...acc, siteVisit }, 'scheduleSiteVisit', actor, at, { date, time, place: siteVisit.place, rescheduled: acc.siteVisit !== null });
  return {
    result: { case: next, events: [event], effects: [], changed: true },
    subTasks: open.map((i) => ({ itemId: i.id, command: { type: 'noteSiteVisit', date, time, place: siteVisit.place } })),
  };
}

/** Department items still without an opinion in the current round (neither passed nor holding open defects). */
function awaitingOpinion(bundle: Bundle, c: CaseRecord, subTasks: ReadonlyMap<string, SubTask>): Item[] {
  return departmentItems(bundle, c).filter((i) => {
    const st = subTasks.get(i.id);
    if (!st || st.state === 'done' || st.state === 'cancelled' || st.state === 'refused') return false;
    return !(st.state === 'returned' && openDefects(partOf(st)).length > 0);
  });
}

function departmentName(dir: Directory, st: SubTask): string {
  return findDepartment(dir, st.department)?.name ?? st.department;
}

/** Every open defect of every department, numbered as the notice lists them. */
function openCaseDefects(bundle: Bundle, c: CaseRecord, subTasks: ReadonlyMap<string, SubTask>, dir: Directory): NoticeDefect[] {
  return departmentItems(bundle, c).flatMap((i) => {
    const st = subTasks.get(i.id);
    if (!st) return [];
    return openDefects(partOf(st)).map((d) => ({
      ...d, photos: [...d.photos], itemId: i.id, itemName: i.name, department: st.department, departmentName: departmentName(dir, st),
    }));
  });
}

/** 一次性告知整改: once every department has its opinion in this round, one notice of every open defect; the case clock pauses. */
export function issueRectificationNotice(input: CaseCommandInput): AcceptanceChange | DomainError {
  const denied = precondition(input);
  if (denied) return denied;
  const { c, bundle, subTasks, actor, directory } = input;
  const at = toUtcInstant(input.now);
  const acc = caseAcceptanceOf(c);
  const round = currentRound(acc);
  if (acc.notices.some((n) => n.round === round)) return domainError('INVALID_TRANSITION', '本轮整改通知已发出，请在企业整改后登记整改情况');
  const waiting = awaitingOpinion(bundle, c, subTasks);
  if (waiting.length) return domainError('INVALID_TRANSITION', `尚有部门未出具本轮验收意见：${waiting.map((i) => i.name).join('、')}`);
  const defects = openCaseDefects(bundle, c, subTasks, directory);
  if (defects.length === 0) return domainError('INVALID_TRANSITION', '没有待整改的问题，无需发出整改通知');
  const notice: RectificationNotice = { number: `${c.id}-ZG${round}`, round, issuedAt: at, issuedBy: actor.id, defects };
  const today = shanghaiDate(at);
  const { next, event, effects } = caseChange(c, { ...acc, notices: [...acc.notices, notice], pauses: [...acc.pauses, { from: today, until: null }] }, 'rectificationNotice', actor, at, {
    number: notice.number, round, defects: defects.length, departments: [...new Set(defects.map((d) => d.departmentName))].join('、'),
  });
  for (const dep of new Set(defects.map((d) => d.department))) {
    effects.add({ kind: 'notify', caseId: c.id, itemId: null, to: { department: dep, roles: ['handler', 'signer'] }, template: 'rectificationNotice', title: c.bundleName, text: `办件 ${c.id}：一次性整改告知书（${notice.number}）已发出，待企业整改后复验` });
  }
  return { result: { case: next, events: [event], effects: effects.list(), changed: true }, subTasks: [] };
}

/** What the store recorded of the files a rectification names: intake uploads (by hash) and the case's sub-task files. */
export interface OwnUploads {
  uploads: ReadonlyMap<string, UploadRecord | null>;
  caseFiles: readonly { sha256: string; by: string }[];
}

/**
 * The window's attachments of a rectification or a material supplement: at most 20 sha256 (format problems are
 * added to `issues`), and only files this clerk uploaded — for an intake (POST /api/intake/attachments, policy
 * authorizeAttachmentReference) or to a sub-task of this case; a hash alone — another clerk's upload, a department's
 * photo, a made-up value — grants nothing (VALIDATION_FAILED, ATTACHMENT_NOT_UPLOADED).
 */
export function checkOwnAttachments(actor: Actor, raw: unknown, own: OwnUploads, issues: Issue[], label: string): string[] | DomainError {
  const attachments = raw === undefined ? [] : raw;
  if (!Array.isArray(attachments) || attachments.length > 20 || attachments.some((a) => typeof a !== 'string' || !SHA256.test(a))) {
    issues.push({ field: 'attachments', code: 'FORMAT', message: '附件应为已上传文件的sha256（至多20个）' });
    return [];
  }
  const list = attachments as string[];
  const denied: Issue[] = [];
  list.forEach((a, i) => {
    if (own.caseFiles.some((f) => f.sha256 === a && f.by === actor.id)) return;
    const refused = authorizeAttachmentReference(actor, own.uploads.get(a) ?? null, `attachments.${i}`);
    if (refused) denied.push(...(refused.issues ?? []));
  });
  return denied.length ? domainError('VALIDATION_FAILED', `${label}未上传或不是您上传的，请重新上传`, denied) : [...list];
}

/** 整改: the enterprise's rectification report; the pause ends, the promise moves, departments with open defects re-inspect. */
export function recordRectification(
  input: CaseCommandInput, body: { report?: unknown; attachments?: unknown }, cal: WorkCalendar, own: OwnUploads,
): AcceptanceChange | DomainError {
  const denied = precondition(input);
  if (denied) return denied;
  const { c, bundle, subTasks, actor } = input;
  const at = toUtcInstant(input.now);
  const acc = caseAcceptanceOf(c);
  const round = currentRound(acc);
  const issues: Issue[] = [];
  const report = typeof body.report === 'string' ? body.report : '';
  issues.push(...textProblem('report', report, '整改报告', 2, 2000, true));
  const attachments = checkOwnAttachments(actor, body.attachments, own, issues, '整改附件');
  if (issues.length) return bad(issues);
  if (attachments instanceof Error) return attachments;
  if (!acc.notices.some((n) => n.round === round)) return domainError('INVALID_TRANSITION', '尚未发出本轮整改通知，不能登记整改');
  const today = shanghaiDate(at);
  const pauses = acc.pauses.map((p) => (p.until === null ? { ...p, until: today } : p));
  const days = c.promisedDays ?? bundle.promisedDays;
  const due = casePromise(cal, c.acceptedAt, days, pauses) ?? c.due;
  const reinspect = departmentItems(bundle, c).filter((i) => {
    const st = subTasks.get(i.id);
    return st?.state === 'returned' && openDefects(partOf(st)).length > 0;
  });
  const rectification: Rectification = { round, at, by: actor.id, report: report.trim(), attachments };
  const { next, event } = caseChange(c, { ...acc, rectifications: [...acc.rectifications, rectification], pauses }, 'rectification', actor, at, {
    round, reinspect: reinspect.map((i) => i.id).join(','), dueDate: due.date, pausedDays: pausedDays(cal, pauses, today),
  }, { due });
  return { result: { case: next, events: [event], effects: [], changed: true }, subTasks: reinspect.map((i) => ({ itemId: i.id, command: { type: 'reinspect', round: round + 1 } })) };
}

/**
 * The acceptance's files the actor may download through a department's sub-task beyond that sub-task's own rule
 * (policy readableFiles): whoever may read this department's part of the acceptance read model (caseSight: the
 * window, supervisors and auditors of the case's districts see it whole, a department its own part) may read
 * exactly the photos its opinions' defects name (the consolidated 整改通知书 goes to the enterprise with them) and
 * the rectification's attachments — nothing else of the department's files. 'defect' before 'rectification'.
 */
export function acceptanceFileSource(sight: CaseSight, c: Pick<CaseRecord, 'acceptance'>, st: Pick<SubTask, 'itemId' | 'acceptance'>, sha256: string): 'defect' | 'rectification' | null {
  if (!sight.whole && !sight.items.includes(st.itemId)) return null;
  if (partOf(st).opinions.some((o) => o.defects.some((d) => d.photos.includes(sha256)))) return 'defect';
  if (caseAcceptanceOf(c).rectifications.some((r) => r.attachments.includes(sha256))) return 'rectification';
  return null;
}

/** Who recorded the rectification naming the file (its uploader: a rectification names only its clerk's own files). */
export function rectificationBy(c: Pick<CaseRecord, 'acceptance'>, sha256: string): string | null {
  return caseAcceptanceOf(c).rectifications.find((r) => r.attachments.includes(sha256))?.by ?? null;
}

/** What the window can do now (Chinese), from the case and its department sub-tasks. */
export function nextStep(bundle: Bundle, c: CaseRecord, subTasks: ReadonlyMap<string, SubTask>): string {
  if (c.state === 'completed') return '联合验收已办结';
  if (c.state !== 'accepted') return '办件已结束';
  const acc = caseAcceptanceOf(c);
  const round = currentRound(acc);
  const departments = departmentItems(bundle, c);
  const open = departments.filter((i) => {
    const st = subTasks.get(i.id);
    return st !== undefined && !isTerminal(st.state);
  });
  const materialNotice = acc.materialNotices?.at(-1);
  if (materialNotice && !(acc.materialSupplements ?? []).some((s) => s.notice === materialNotice.number)) {
    return '等待申请人补正材料；补正后登记，有关部门继续审查';
  }
  const requesting = departments.filter((i) => {
    const st = subTasks.get(i.id);
    return st?.state === 'claimed' && (partOf(st).materialRequests ?? []).some((r) => r.notice === null);
  });
  if (requesting.length) return `${requesting.map((i) => i.name.replace(/（.*）$/, '')).join('、')}提出材料补正要求，发出材料补正通知`;
  if (open.length && acc.siteVisit === null) return '安排联合现场踏勘，通知各部门';
  if (acc.notices.some((n) => n.round === round)) return '等待企业整改；整改完成后登记整改报告，有问题的部门复验';
  const waiting = awaitingOpinion(bundle, c, subTasks);
  if (waiting.length) return `等待${waiting.map((i) => i.name.replace(/（.*）$/, '')).join('、')}出具${round > 1 ? '复验' : '单项验收'}意见`;
  if (open.length) return '各部门意见已齐，发出一次性整改告知书';
  const joint = bundle.jointAcceptance ? subTasks.get(bundle.jointAcceptance.opinionItem) : undefined;
  const state: SubTaskState | undefined = joint?.state;
  return state === 'done' ? '联合验收意见书已出具' : '各部门均已合格，由审管办出具联合验收意见书';
}
