/**
 * Authorisation, in one place. Role, department, district, assignment and delegation (集中授权)
 * decide every action and which fields and materials a user may see (minimum necessary, PIPL
 * Art.6 and Art.34). Every authorize* function returns null when allowed, or a FORBIDDEN DomainError
 * (or the error the refusal is); the others return what the actor may see or use (queues, the part of a
 * case, hand-off recipients, the supervision overview's departments, seals, files) or the refusal.
 */
import { type Actor, hasRole, type StaffActor } from './actor.js';
import { type SubTaskState, subTaskStateLabels } from './subtaskRecord.js';
import { type FieldDef, type Item, itemRef, listMaskOf } from './bundle.js';
import { type Delegation, type Department, type Directory, findDepartment, type Role, type Seal, type Staff } from './directory.js';
import { delegationInForce, delegationLapse } from './directoryInForce.js';
import { domainError, type DomainError } from './errors.js';
import type { FormValues } from './form.js';
import { maskIdNumber, maskPhone } from './idNumber.js';
import type { Attachment } from './materials.js';
import { departmentQueue, userQueue, windowQueue } from './queue.js';
import { sealsFor } from './seal.js';
import { textIssues, visibleLength } from './text.js';
import type { CalendarDate } from './time.js';

/** What policy needs to know about a sub-task. */
export interface SubTaskScope {
  bundleId: string;
  itemId: string;
  district: string;
  department: string;
  /** Person it is with (claimed) or was handed to (ready). */
  assignee: string | null;
  /** Current state, when known (a sub-task handed to a person may be claimed by that person only). */
  state?: string;
}

/** What policy needs to know about a case. */
export interface CaseScope {
  acceptingDistrict: string;
  acceptedBy: string;
  /** Districts the case's sub-tasks are in. */
  districts: string[];
}

export type SubTaskAction =
  | 'view'
  | 'claim'
  | 'handOff'
  | 'returnForCorrection'
  | 'resubmit'
  | 'suspend'
  | 'resume'
  | 'requestExtension'
  | 'decideExtension'
  | 'signOff'
  | 'countersign'
  | 'refuse'
  | 'comment'
  | 'urge'
  | 'recordDelivery'
  | 'reassign'
  | 'confirmSiteVisit'
  | 'recordOpinion'
  | 'requestMaterials';

export type CaseAction = 'intake' | 'view' | 'withdraw' | 'handover' | 'acceptance';

export type ConfigKind = 'bundle' | 'district' | 'department' | 'staff' | 'seal' | 'delegation' | 'calendar' | 'hotlineCatalog';

const forbidden = (why: string): DomainError => domainError('FORBIDDEN', `无权执行此操作：${why}`);

/** The session's department must exist and lie in the session's district. */
function consistent(actor: StaffActor, dir: Directory): boolean {
  const dep = findDepartment(dir, actor.department);
  return dep !== undefined && dep.district === actor.district;
}

/**
 * The actor works for the sub-task's department: its own staff, or staff of a department the
 * owning department authorised for this item (集中授权, e.g. the 审管办 window).
 */
export function actsForDepartment(actor: Actor, scope: SubTaskScope, dir: Directory): boolean {
  if (actor.kind !== 'staff' || !consistent(actor, dir)) return false;
  if (actor.department === scope.department) return true;
  const ref = itemRef(scope.bundleId, scope.itemId);
  return dir.delegations.some(
    (d) => d.fromDepartment === scope.department && d.toDepartment === actor.department && d.items.includes(ref),
  );
}

/** The delegations (集中授权) the actor acts under for the sub-task; none when it works for its own department. */
export function delegationsActedUnder(actor: Actor, scope: SubTaskScope, dir: Directory): Delegation[] {
  if (actor.kind !== 'staff' || actor.department === scope.department) return [];
  const ref = itemRef(scope.bundleId, scope.itemId);
  return dir.delegations.filter((d) => d.fromDepartment === scope.department && d.toDepartment === actor.department && d.items.includes(ref));
}

/**
 * A sign-off, countersign or refusal under 集中授权, checked against the delegation rows as read just now (the
 * snapshot may be up to 30 s old): allowed while one of them still grants the item on `today`; otherwise FORBIDDEN
 * saying why (revoked, expired, not yet valid). `fresh` holds the re-read rows of delegationsActedUnder (null: gone).
 */
export function authorizeDelegatedSigning(actor: Actor, scope: SubTaskScope, fresh: readonly (Delegation | null)[], today: CalendarDate): DomainError | null {
  if (actor.kind !== 'staff' || actor.department === scope.department) return null;
  const ref = itemRef(scope.bundleId, scope.itemId);
  const matching = fresh.filter(
    (d): d is Delegation => d !== null && d.fromDepartment === scope.department && d.toDepartment === actor.department && d.items.includes(ref),
  );
  if (matching.some((d) => delegationInForce(d, today))) return null;
  const why = matching.map((d) => delegationLapse(d, today)).find((w) => w !== null);
  return domainError('FORBIDDEN', `无权执行此操作：${why ?? '集中授权已不存在'}，不能再代为签章`);
}

function isCaseClerk(actor: Actor, c: CaseScope): boolean {
  return actor.kind === 'staff' && hasRole(actor, 'clerk') && actor.district === c.acceptingDistrict;
}

function isSupervisorOf(actor: Actor, district: string, c: CaseScope): boolean {
  return (
    actor.kind === 'staff' && hasRole(actor, 'supervisor') && (actor.district === district || actor.district === c.acceptingDistrict)
  );
}

export function authorizeSubTask(
  actor: Actor,
  action: SubTaskAction,
  scope: SubTaskScope,
  c: CaseScope,
  dir: Directory,
): DomainError | null {
  if (actor.kind === 'system') return forbidden('系统只执行联动效果');
  if (!consistent(actor, dir)) return forbidden('登录身份与部门信息不一致');
  const member = actsForDepartment(actor, scope, dir);
  const worker = member && hasRole(actor, 'handler', 'signer');
  const signer = member && hasRole(actor, 'signer');
  const assignee = worker && scope.assignee === actor.id;
  switch (action) {
    case 'view':
      return worker || isCaseClerk(actor, c) || isSupervisorOf(actor, scope.district, c) ||
        (hasRole(actor, 'auditor') && actor.district === scope.district)
        ? null
        : forbidden('不是本事项的承办部门');
    case 'claim':
      if (!worker) return forbidden('只有承办部门的经办人可以签收');
      return scope.state === 'ready' && scope.assignee !== null && scope.assignee !== actor.id
        ? forbidden('该子任务已转交给他人')
        : null;
    case 'handOff':
    case 'returnForCorrection':
    case 'suspend':
    case 'resume':
    case 'requestExtension':
      return assignee ? null : forbidden('只有签收人可以办理');
    case 'resubmit':
      return assignee || isCaseClerk(actor, c) ? null : forbidden('只有受理窗口或签收人可以提交补正材料');
    case 'decideExtension':
      return signer || isSupervisorOf(actor, scope.district, c) ? null : forbidden('只有部门签章人或督办人员可以审批延期');
    case 'signOff':
    case 'countersign':
    case 'refuse':
      return signer ? null : forbidden('只有承办部门的签章人可以签章');
    case 'recordOpinion':
      return signer ? null : forbidden('只有承办部门的签章人可以签署单项验收意见');
    case 'requestMaterials':
      return worker ? null : forbidden('只有承办部门的经办人或签章人可以提出材料补正要求');
    case 'confirmSiteVisit':
      return worker ? null : forbidden('只有参加验收的部门可以确认现场踏勘');
    case 'comment':
      return worker || isCaseClerk(actor, c) || isSupervisorOf(actor, scope.district, c) ? null : forbidden('不能评论此子任务');
    case 'urge':
      return isSupervisorOf(actor, scope.district, c) ? null : forbidden('只有督办人员可以催办');
    case 'recordDelivery':
      return worker ? null : forbidden('只有承办部门可以登记寄递信息');
    case 'reassign':
      return signer || (hasRole(actor, 'supervisor') && actor.district === scope.district) ? null : forbidden('只有承办部门的签章人或本区督办人员可以改派');
  }
}

/**
 * The sub-task's person no longer works it (改派 is then open): they are gone from the directory, disabled (停用),
 * or no longer a handler / signer for its department. False when it is with nobody.
 */
export function assigneeGone(scope: SubTaskScope, dir: Directory): boolean {
  if (scope.assignee === null) return false;
  const s = dir.staff.find((x) => x.id === scope.assignee);
  if (!s || s.disabled) return true;
  const person: StaffActor = { kind: 'staff', id: s.id, name: s.name, district: s.district, department: s.department, roles: s.roles };
  return !(actsForDepartment(person, { ...scope, assignee: null }, dir) && hasRole(person, 'handler', 'signer'));
}

/** What an admin may not do to themselves: take their own admin role away, or disable themselves. */
export function selfLockout(actor: StaffActor, staffId: string, change: { roles?: readonly Role[]; disable?: boolean }): DomainError | null {
  if (actor.id !== staffId) return null;
  if (change.disable) return forbidden('不能停用自己的账号');
  return change.roles && !change.roles.includes('admin') && hasRole(actor, 'admin') ? forbidden('不能取消自己的管理员角色') : null;
}

export function authorizeCase(actor: Actor, action: CaseAction, c: CaseScope | { acceptingDistrict: string }, dir: Directory): DomainError | null {
  if (actor.kind === 'system') return forbidden('系统不能办理办件');
  if (!consistent(actor, dir)) return forbidden('登录身份与部门信息不一致');
  const full: CaseScope = 'districts' in c ? c : { acceptingDistrict: c.acceptingDistrict, acceptedBy: '', districts: [] };
  switch (action) {
    case 'intake':
      return hasRole(actor, 'clerk') && actor.district === c.acceptingDistrict ? null : forbidden('只有本区综合窗口可以受理');
    case 'withdraw':
      return isCaseClerk(actor, full) || (hasRole(actor, 'supervisor') && actor.district === c.acceptingDistrict)
        ? null
        : forbidden('只有受理区的窗口或督办人员可以撤销');
    case 'handover':
      return hasRole(actor, 'clerk') && actor.district === c.acceptingDistrict ? null : forbidden('只有受理区的综合窗口可以登记出件');
    case 'acceptance':
      return hasRole(actor, 'clerk') && actor.district === c.acceptingDistrict ? null : forbidden('只有受理区的综合窗口可以组织联合验收');
    case 'view': {
      const districts = [full.acceptingDistrict, ...full.districts];
      return hasRole(actor, 'clerk', 'supervisor', 'auditor') && districts.includes(actor.district)
        ? null
        : forbidden('不能查看此办件');
    }
  }
}

/**
 * 办件查询: which accepting district's cases the actor may search — window clerks and supervisors, their
 * own district's (the district that accepted the case); each result then opens under `authorizeCase` 'view'.
 */
export function caseSearchScope(actor: Actor, dir: Directory): { acceptingDistrict: string } | DomainError {
  if (actor.kind === 'system') return forbidden('系统不能查询办件');
  if (!consistent(actor, dir)) return forbidden('登录身份与部门信息不一致');
  return hasRole(actor, 'clerk', 'supervisor') ? { acceptingDistrict: actor.district } : forbidden('只有窗口或督办人员可以查询本区办件');
}

/** Reading a person's archive: window clerks and auditors, always with a stated purpose (audited). */
export function authorizeArchiveRead(actor: Actor, purpose: string, dir: Directory): DomainError | null {
  if (actor.kind === 'system') return forbidden('系统不能查阅档案');
  if (!consistent(actor, dir)) return forbidden('登录身份与部门信息不一致');
  if (!hasRole(actor, 'clerk', 'auditor')) return forbidden('只有窗口人员或审计人员可以查阅电子档案');
  const bad = textIssues(purpose, { field: 'purpose', label: '查阅用途' }, { required: true });
  if (bad.length) return domainError('VALIDATION_FAILED', bad[0].message, bad);
  if (visibleLength(purpose) < 2) return domainError('VALIDATION_FAILED', '查阅电子档案须说明用途', [{ field: 'purpose', code: 'REQUIRED', message: '查阅电子档案须说明用途（至少2个字）' }]);
  return null;
}

export function authorizeAuditRead(actor: Actor, district: string, dir: Directory): DomainError | null {
  if (actor.kind === 'system') return forbidden('系统不能查阅审计记录');
  if (!consistent(actor, dir)) return forbidden('登录身份与部门信息不一致');
  return hasRole(actor, 'auditor', 'supervisor') && actor.district === district ? null : forbidden('只有本区审计或督办人员可以查阅审计记录');
}

/**
 * Statistics (统计) of a district, or of the city as a whole (`district` = the city's code): a district's
 * supervisors, leaders and auditors read their own district; the city's leaders and admins every district and the
 * city. Everyone else: 403.
 */
export function authorizeStats(actor: Actor, district: string, dir: Directory): DomainError | null {
  if (actor.kind === 'system') return forbidden('系统不能查阅统计');
  if (!consistent(actor, dir)) return forbidden('登录身份与部门信息不一致');
  if (actor.district === dir.city.code && hasRole(actor, 'leader', 'admin')) return null;
  if (!hasRole(actor, 'supervisor', 'leader', 'auditor')) return forbidden('只有督办人员、领导和审计可以查看统计');
  return district === actor.district ? null : forbidden('只能查看本区统计');
}

/**
 * 81812345 hotline (DESIGN: Hotline): who records calls, matches them to 热点事件, searches orders and reads each list
 * (always of the actor's own district; a department's lists of the actor's own department). The commands on an order
 * are the core work-order rules' (workOrderMachine.ts authorizeOrderCommand).
 */
export type HotlineUse = 'record' | 'match' | 'search' | 'callback' | 'returned' | 'visit' | 'events' | 'incoming' | 'active' | 'supervise';

const HOTLINE_ACCESS: Record<HotlineUse, { roles: Role[]; refused: string }> = {
  record: { roles: ['operator'], refused: '只有热线话务员可以登记工单' },
  match: { roles: ['operator'], refused: '只有热线话务员可以并单' },
  search: { roles: ['operator', 'supervisor'], refused: '只有热线话务员和督办人员可以查询工单' },
  callback: { roles: ['operator'], refused: '只有热线话务员可以查看此列表' },
  returned: { roles: ['operator'], refused: '只有热线话务员可以查看此列表' },
  visit: { roles: ['operator'], refused: '只有热线话务员可以查看此列表' },
  events: { roles: ['operator', 'supervisor'], refused: '只有热线话务员和督办人员可以查看热点事件' },
  incoming: { roles: ['handler', 'signer'], refused: '只有承办部门的经办人可以查看本单位的热线工单' },
  active: { roles: ['handler', 'signer'], refused: '只有承办部门的经办人可以查看本单位的热线工单' },
  supervise: { roles: ['supervisor'], refused: '只有督办人员可以查看热线督办列表' },
};

export function authorizeHotline(actor: Actor, access: HotlineUse): DomainError | null {
  const rule = HOTLINE_ACCESS[access];
  return hasRole(actor, ...rule.roles) ? null : forbidden(rule.refused);
}

/**
 * Who may read a hotline order: operators, supervisors, leaders and auditors of its district, and staff of a department
 * with an assignment on it. Anyone else is answered NOT_FOUND by the caller (another district's orders are never revealed).
 */
export function canReadOrder(actor: Actor, order: { district: string; assignments: readonly { department: string }[] }): boolean {
  if (actor.kind !== 'staff') return false;
  if (actor.district === order.district && hasRole(actor, 'operator', 'supervisor', 'leader', 'auditor')) return true;
  return order.assignments.some((a) => a.department === actor.department);
}

/**
 * Admins configure their own district; an admin of the city (their district is the city's code) configures every
 * district and the city-wide things. Bundles: `district` is the bundle's scope — a district's own bundle (only that
 * district takes part) may be configured by that district's admin; a cross-district bundle (`district` null) only by
 * a city admin. The calendar is the city's (`district` null). Auditors and everyone else: 403.
 */
export function authorizeConfig(actor: Actor, kind: ConfigKind, district: string | null, dir: Directory): DomainError | null {
  if (actor.kind === 'system' || !hasRole(actor, 'admin')) return forbidden('只有管理员可以配置');
  if (actor.district === dir.city.code) return null;
  if (!consistent(actor, dir)) return forbidden('登录身份与部门信息不一致');
  if (district === null) return forbidden(kind === 'bundle' ? '跨区一件事由市级管理员配置' : '全市配置由市级管理员维护');
  return district === actor.district ? null : forbidden('只能配置本区');
}

/** Who may read configuration and its change records: admins (a district admin: the district's and the city-wide
 *  entries; the city admin: all) and auditors (everything, read only). */
export function authorizeConfigRead(actor: Actor, district: string | null, dir: Directory): DomainError | null {
  if (actor.kind === 'system') return forbidden('系统不能查阅配置');
  if (hasRole(actor, 'auditor')) return null;
  if (!hasRole(actor, 'admin')) return forbidden('只有管理员和审计可以查阅配置');
  if (actor.district === dir.city.code || district === null) return null;
  if (!consistent(actor, dir)) return forbidden('登录身份与部门信息不一致');
  return district === actor.district ? null : forbidden('只能查阅本区配置');
}

/** Which data of a sub-task the actor may see. */
export interface DataView {
  /** Form field keys (the item's projection, or none). */
  form: string[];
  /** Material type → field keys. */
  materials: Record<string, string[]>;
  /** The materials this sub-task issued. */
  outputs: boolean;
}

export function visibleData(actor: Actor, item: Item, scope: SubTaskScope, c: CaseScope, dir: Directory): DataView {
  const none: DataView = { form: [], materials: {}, outputs: false };
  if (actor.kind === 'system') return none;
  if (actsForDepartment(actor, scope, dir) && hasRole(actor, 'handler', 'signer')) {
    const materials: Record<string, string[]> = {};
    for (const input of item.inputs) materials[input.material] = [...input.fields];
    return { form: [...item.fields], materials, outputs: true };
  }
  if (isCaseClerk(actor, c)) return { form: [...item.fields], materials: {}, outputs: false };
  return none;
}

/** Keep only the permitted keys. */
export function pick(values: FormValues, keys: readonly string[]): FormValues {
  const out: FormValues = {};
  for (const k of keys) if (values[k] !== undefined) out[k] = values[k];
  return out;
}

/**
 * For lists: each field as its sensitivity says (bundle sensitivityRules) — ID and phone numbers masked,
 * bank accounts and other financial values cut to the last 4 characters.
 */
export function maskValues(values: FormValues, defs: readonly FieldDef[]): FormValues {
  const out: FormValues = { ...values };
  for (const def of defs) {
    const v = out[def.key];
    if (v === undefined || typeof v === 'boolean') continue;
    const mask = listMaskOf(def);
    const s = String(v);
    if (mask === 'idNumber') out[def.key] = maskIdNumber(s);
    else if (mask === 'phone') out[def.key] = maskPhone(s);
    else if (mask === 'last4') out[def.key] = `****${s.replace(/\s/g, '').slice(-4)}`;
  }
  return out;
}

/** A queue the actor may page through; `items` limits the rows to those items (`bundleId/itemId` refs; null = all). */
export interface QueueGrant {
  queue: string;
  items: string[] | null;
}

/**
 * The queues an actor may read: their own; their department's (signers also its countersign and
 * extension-request queues: they decide 延期); the queues of departments that delegated items to theirs
 * (集中授权), limited to those items; for supervisors every department queue of the district (overdue
 * lists, extension requests); for window clerks their district's window queue (退回补正).
 */
export function readableQueues(actor: Actor, dir: Directory): QueueGrant[] {
  if (actor.kind !== 'staff' || !consistent(actor, dir)) return [];
  const grants: QueueGrant[] = [];
  const deptStates = (signer: boolean) => (signer ? (['ready', 'active', 'countersign', 'extension'] as const) : (['ready', 'active'] as const));
  if (hasRole(actor, 'handler', 'signer')) {
    const signer = hasRole(actor, 'signer');
    grants.push({ queue: userQueue(actor.id, 'ready'), items: null }, { queue: userQueue(actor.id, 'active'), items: null });
    for (const state of deptStates(signer)) grants.push({ queue: departmentQueue(actor.district, actor.department, state), items: null });
    for (const d of dir.delegations.filter((x) => x.toDepartment === actor.department)) {
      const from = findDepartment(dir, d.fromDepartment);
      if (!from) continue;
      // by item ref: an item id alone (householdRegistration) may be another bundle's item the delegation does not cover
      for (const state of deptStates(signer)) grants.push({ queue: departmentQueue(from.district, from.id, state), items: [...d.items] });
    }
  }
  if (hasRole(actor, 'supervisor')) {
    for (const dep of dir.departments.filter((d) => d.district === actor.district)) {
      for (const state of ['ready', 'active', 'countersign', 'extension'] as const) {
        const queue = departmentQueue(dep.district, dep.id, state);
        if (!grants.some((g) => g.queue === queue)) grants.push({ queue, items: null });
      }
    }
  }
  // the accepting window: its district's sub-tasks returned for correction (it brings the materials: resubmit)
  if (hasRole(actor, 'clerk')) grants.push({ queue: windowQueue(actor.district), items: null });
  return grants;
}

/**
 * Ready lists of the actor's department's disabled staff (sub-tasks handed to them by name): the department's signers
 * see them with the department's ready list, to 改派 them (a disabled person's claimed work is on its active list).
 */
export function leftWorkQueues(actor: Actor, dir: Directory): string[] {
  if (actor.kind !== 'staff' || !consistent(actor, dir) || !hasRole(actor, 'signer')) return [];
  return dir.staff.filter((s) => s.disabled && s.department === actor.department).map((s) => userQueue(s.id, 'ready'));
}

/** Who holds a sub-task's upload right, as far as the actor is concerned. */
function uploadRoles(actor: StaffActor, scope: SubTaskScope, c: CaseScope, dir: Directory): { assignee: boolean; signer: boolean; clerk: boolean } {
  const member = actsForDepartment(actor, scope, dir);
  return {
    assignee: member && hasRole(actor, 'handler', 'signer') && scope.assignee === actor.id,
    signer: member && hasRole(actor, 'signer'),
    clerk: isCaseClerk(actor, c),
  };
}

/**
 * Adding a file to a sub-task (附件) follows the sub-task's state like every other action: the one who
 * claimed it works with files while it is 办理中, 中止 (inspection reports) or 退回补正; a signer of the
 * department while it is 办理中 / 中止 (before signing) or 待会签; the accepting window only while it is
 * 退回补正 (the correction material). Nothing is added before it is claimed, once it has ended, or once
 * the case is no longer running. Who first (403), then the case (409 CASE_CLOSED), then the state (409).
 */
export function authorizeAttachmentUpload(
  actor: Actor,
  scope: SubTaskScope,
  c: CaseScope,
  caseState: string,
  dir: Directory,
): DomainError | null {
  if (actor.kind === 'system') return forbidden('系统不能上传附件');
  if (!consistent(actor, dir)) return forbidden('登录身份与部门信息不一致');
  const r = uploadRoles(actor, scope, c, dir);
  if (!r.assignee && !r.signer && !r.clerk) return forbidden('只有签收人、承办部门签章人或补正时的受理窗口可以上传附件');
  if (caseState !== 'accepted') return domainError('CASE_CLOSED', '办件已办结或已撤销，不能再上传附件');
  const state = scope.state ?? '';
  const allowed =
    (r.assignee && ['claimed', 'suspended', 'returned'].includes(state)) ||
    (r.signer && ['claimed', 'suspended', 'countersigning'].includes(state)) ||
    (r.clerk && state === 'returned');
  if (allowed) return null;
  const label = state in subTaskStateLabels ? subTaskStateLabels[state as SubTaskState] : state;
  return domainError('INVALID_TRANSITION', `子任务当前状态「${label}」不能上传附件`);
}

/** Uploading a file for an intake (受理材料): the window of the actor's own district, as for intake itself. */
export function authorizeIntakeUpload(actor: Actor, dir: Directory): DomainError | null {
  if (actor.kind !== 'staff') return forbidden('系统不能上传附件');
  return authorizeCase(actor, 'intake', { acceptingDistrict: actor.district }, dir);
}

/** What the store recorded when a file was uploaded: by whom and for what (null: no such upload). */
export interface UploadRecord {
  by: string;
  purpose: 'intake';
}

/**
 * An intake may carry a file only if this clerk uploaded it for an intake: a hash alone — another case's
 * file, someone else's upload, a made-up value — grants nothing (a new case has no files of its own yet).
 * The answer is the same whether the file exists or not, so it tells nothing about other people's files.
 */
export function authorizeAttachmentReference(actor: Actor, upload: UploadRecord | null, field: string): DomainError | null {
  if (actor.kind === 'staff' && upload !== null && upload.by === actor.id && upload.purpose === 'intake') return null;
  const message = '附件未上传或不是您为本次受理上传的，请重新上传';
  return domainError('VALIDATION_FAILED', message, [{ field, code: 'ATTACHMENT_NOT_UPLOADED', message }]);
}

/**
 * How much of a case the actor may see: the whole case (authorizeCase 'view': the window, supervisors and
 * auditors of its districts); or, for staff who may view some of its sub-tasks (authorizeSubTask 'view'),
 * the progress overview (no personal data) and what belongs to those sub-tasks; FORBIDDEN for anyone else.
 */
export type CaseSight = { whole: true } | { whole: false; items: string[] };

export function caseSight(actor: Actor, c: CaseScope, subTasks: readonly SubTaskScope[], dir: Directory): CaseSight | DomainError {
  if (authorizeCase(actor, 'view', c, dir) === null) return { whole: true };
  const items = subTasks.filter((st) => authorizeSubTask(actor, 'view', st, c, dir) === null).map((st) => st.itemId);
  return items.length > 0 ? { whole: false, items } : domainError('FORBIDDEN', '无权查看此办件');
}

/** A case's audit trail: auditors and supervisors of any of its districts (authorizeAuditRead), accepting district first. */
export function authorizeAuditTrail(actor: Actor, districts: readonly string[], dir: Directory): DomainError | null {
  const denials = districts.map((d) => authorizeAuditRead(actor, d, dir));
  if (denials.some((d) => d === null)) return null;
  return denials[0] ?? domainError('FORBIDDEN');
}

/**
 * Whom the actor may hand a sub-task off to (转交): handlers and signers of the actor's own department by
 * default; of a named department, or of every department of a named district, that lies in the actor's
 * district or is linked to the actor's department by a delegation (集中授权). FORBIDDEN outside that; an
 * unknown department is the caller's NOT_FOUND.
 */
export function handOffRecipients(actor: StaffActor, filter: { department?: string; district?: string }, dir: Directory): Staff[] | DomainError {
  const linked = new Set(
    dir.delegations.filter((d) => d.fromDepartment === actor.department || d.toDepartment === actor.department).flatMap((d) => [d.fromDepartment, d.toDepartment]),
  );
  const allowed = (id: string) => {
    const dep = findDepartment(dir, id);
    return dep !== undefined && (dep.district === actor.district || linked.has(dep.id));
  };
  const outside = () => domainError('FORBIDDEN', '只能转交给本区或授权范围内的部门');
  let departments: string[];
  if (filter.department) {
    if (!allowed(filter.department)) return outside();
    departments = [filter.department];
  } else if (filter.district) {
    departments = dir.departments.filter((d) => d.district === filter.district && allowed(d.id)).map((d) => d.id);
    if (departments.length === 0) return outside();
  } else departments = [actor.department];
  return dir.staff.filter((s) => !s.disabled && departments.includes(s.department) && s.roles.some((r) => r === 'handler' || r === 'signer'));
}

/** "dept:<district>:<department>:<state>" → department; null for personal queues. */
const departmentOfQueue = (queue: string): string | null => (queue.startsWith('dept:') ? queue.split(':')[2] ?? null : null);

/** A department of the supervision overview with the queues of it the actor may read whole. */
export interface SupervisedDepartment {
  department: Department;
  grants: QueueGrant[];
}

/**
 * The departments of the supervision overview (督办概况): those of the actor's own district whose queues the
 * actor may read whole (readableQueues: every department of a supervisor's district; a handler's or signer's
 * own department). FORBIDDEN when there are none.
 */
export function supervisionScope(actor: Actor, dir: Directory): SupervisedDepartment[] | DomainError {
  const district = actor.kind === 'staff' ? actor.district : null;
  // the work itself: an extension request's row duplicates its sub-task's active row
  const grants = readableQueues(actor, dir).filter((g) => g.queue.startsWith('dept:') && !g.queue.endsWith(':extension') && g.items === null);
  const departments = [...new Set(grants.map((g) => departmentOfQueue(g.queue)).filter((d): d is string => d !== null))]
    .map((id) => findDepartment(dir, id))
    .filter((d): d is Department => d !== undefined && d.district === district);
  if (departments.length === 0) return domainError('FORBIDDEN', '无权查看本区督办概况');
  return departments.map((department) => ({ department, grants: grants.filter((g) => departmentOfQueue(g.queue) === department.id) }));
}

/** The seals offered to the actor for a sub-task: in scope for its item (sealsFor) and of the actor's own department (as checkSeal requires). */
export function sealsForActor(actor: Actor, scope: SubTaskScope, item: Item, dir: Directory): Seal[] {
  if (actor.kind !== 'staff') return [];
  return sealsFor(dir, scope, item).filter((s) => s.department === actor.department);
}

/** A file the actor may download from a sub-task, with the input material it came with (null: uploaded to the sub-task). */
export interface ReadableFile extends Attachment {
  material: string | null;
}

/**
 * The files of a sub-task the actor may download (visibleData): those attached to the input materials the
 * actor may see, in the order of the inputs, then the files uploaded to the sub-task when the actor sees its
 * work (the sub-task's own output).
 */
export function readableFiles(
  actor: Actor,
  item: Item,
  scope: SubTaskScope,
  c: CaseScope,
  dir: Directory,
  inputs: Readonly<Record<string, { attachments: readonly Attachment[] }>>,
  uploads: readonly (Attachment & { itemId: string })[],
): ReadableFile[] {
  const data = visibleData(actor, item, scope, c, dir);
  const out: ReadableFile[] = [];
  for (const [material, received] of Object.entries(inputs)) {
    if (!data.materials[material]) continue;
    for (const a of received.attachments) out.push({ sha256: a.sha256, name: a.name, size: a.size, mime: a.mime, material });
  }
  if (data.outputs) {
    for (const f of uploads.filter((x) => x.itemId === scope.itemId)) out.push({ sha256: f.sha256, name: f.name, size: f.size, mime: f.mime, material: null });
  }
  return out;
}
