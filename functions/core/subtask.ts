/**
 * SubTask (子任务): one item of one case, owned by one department of one district.
 *
 * waiting (inputs not ready) → ready (in the department queue) → claimed (签收; the clock runs)
 * → done (办结, signed) | refused (不予受理/不予许可, signed, with reason).
 * From claimed: hand off (转交, the receiver claims again), return for correction (退回补正 →
 * returned, clock paused) and resubmit, suspend (中止 → suspended, paused) and resume, extend once
 * (延期, requested and approved), sign off — with a second distinct signer where the item asks for
 * a countersign (会签 → countersigning → done) — refuse, comment any time. cancelled (终止) when
 * the case is withdrawn or an item it depends on is refused.
 *
 * `transitionSubTask(state, command, actor, now, ctx)` is pure and returns the new state, the
 * events and the effects for ONE conditional write, or a DomainError that changes nothing.
 */
import { buildOpinion, isDepartmentItem, jointOpinionWaitsFor, openDefects, partOf } from './acceptance.js';
import { type MaterialRequest, pendingRequest } from './acceptanceMaterials.js';
import { type Actor, actorRef, type StaffActor } from './actor.js';
import { consumersOf, findMaterialType } from './bundle.js';
import { clockDue, clockStatus, extendClock, pauseClock, resumeClock, startClock, totalLimit } from './clock.js';
import { findDepartment, findDistrict, findStaff } from './directory.js';
import { EffectList, type NoticeTemplate, type Recipient } from './effects.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import { actionLabels, type EventDetail, type TimelineEvent } from './events.js';
import { checkFieldValue } from './fieldValue.js';
import type { FormValues } from './form.js';
import { signOffIdentity } from './identity.js';
import { type Delivery, materialDataIssues, missingInputs, type ReceivedInput, sharesFrom } from './materials.js';
import { actsForDepartment, assigneeGone, authorizeSubTask, type SubTaskAction, type SubTaskScope } from './policy.js';
import { queueDiff, subTaskRef } from './queue.js';
import { checkSeal } from './seal.js';
import {
  allowedFrom,
  caseScopeOf,
  type ExtensionRequest,
  maxExtensionDays,
  queueEntriesOf,
  scopeOf,
  type Signature,
  type SubTask,
  type SubTaskCommand,
  type SubTaskContext,
  type SubTaskResult,
  subTaskStateLabels,
  suspensionLabels,
  systemCommands,
} from './subtaskRecord.js';
import { hasVisibleText, textIssues, visibleLength } from './text.js';
import { type Instant, isInstant, shanghaiDate, toUtcInstant } from './time.js';

export * from './subtaskRecord.js';

const MAX_TEXT = 500;

function invalid(st: SubTask, label: string): DomainError {
  return domainError('INVALID_TRANSITION', `当前状态「${subTaskStateLabels[st.state]}」不能${label}`);
}

function validation(issues: Issue[]): DomainError {
  return domainError('VALIDATION_FAILED', issues[0]?.message, issues);
}

/** Free text of a command (core text.ts rule): at least `min` visible characters, multi-line unless `singleLine`. */
function textIssue(field: string, value: string | undefined, label: string, min = 2, singleLine = false): Issue[] {
  const raw = value ?? '';
  const bad = textIssues(raw, { field, label }, { multiline: !singleLine });
  if (bad.length) return bad;
  const v = raw.trim();
  if (visibleLength(v) < min) {
    return v.length > 0 && !hasVisibleText(v)
      ? textIssues(v, { field, label }, { required: true })
      : [{ field, code: 'REQUIRED', message: `请填写${label}` }];
  }
  if (v.length > MAX_TEXT) return [{ field, code: 'TOO_LONG', message: `${label}不应超过${MAX_TEXT}字` }];
  return [];
}

/** Builds the result of one changing transition. */
class Change {
  readonly ref: string;
  readonly version: number;
  readonly effects: EffectList;

  constructor(
    readonly before: SubTask,
    readonly actor: Actor,
    readonly now: Instant,
    readonly ctx: SubTaskContext,
  ) {
    this.ref = subTaskRef(before.caseId, before.itemId);
    this.version = before.version + 1;
    this.effects = new EffectList(`${this.ref}@${this.version}`);
  }

  finish(next: Omit<SubTask, 'version' | 'updatedAt' | 'queue'>, action: string, reason: string | null, detail: EventDetail = {}): SubTaskResult {
    const draft: SubTask = { ...next, queue: [], version: this.version, updatedAt: this.now };
    const queue = queueEntriesOf(draft, this.ctx.calendar, this.ctx.caseInfo.acceptingDistrict);
    const diff = queueDiff(this.before.queue, queue);
    this.effects.dequeueAll(diff.remove).enqueueAll(diff.add);
    const subTask: SubTask = { ...draft, queue };
    const event: TimelineEvent = {
      id: `${this.ref}#${this.version}`,
      caseId: this.before.caseId,
      itemId: this.before.itemId,
      action,
      actor: actorRef(this.actor),
      at: this.now,
      from: this.before.state,
      to: subTask.state,
      reason,
      detail,
    };
    return { subTask, events: [event], effects: this.effects.list(), changed: true };
  }

  notify(to: Recipient, template: NoticeTemplate, text: string): void {
    this.effects.add({
      kind: 'notify',
      caseId: this.before.caseId,
      itemId: this.before.itemId,
      to,
      template,
      title: `${this.ctx.bundle.name}·${this.ctx.item.name}`,
      text: `办件 ${this.before.caseId}：${text}`,
    });
  }

  finishTodo(st: SubTask): void {
    if (st.todo) this.effects.add({ kind: 'finishTodo', caseId: st.caseId, itemId: st.itemId, todoId: st.todo.id, assignee: st.todo.assignee });
  }

  /** Follow-ups of reaching done: shares and releases to consumers, case completion, notices. */
  afterDone(st: SubTask): void {
    const { bundle, item, caseInfo } = this.ctx;
    for (const plan of sharesFrom(bundle, item, caseInfo.items)) {
      this.effects.add({ kind: 'shareMaterial', caseId: st.caseId, ...plan });
    }
    const consumers = new Set(sharesFrom(bundle, item, caseInfo.items).map((p) => p.toItem));
    for (const itemId of consumers) this.effects.add({ kind: 'releaseSubTask', caseId: st.caseId, itemId });
    this.effects.add({ kind: 'completeCase', caseId: st.caseId });
    this.notify({ staff: caseInfo.acceptedBy }, 'subTaskDone', `「${item.name}」已办结`);
  }

  /** Follow-ups of refusal or cancellation: dependants cancelled, case completion checked. */
  afterEnded(st: SubTask, why: string): void {
    const { bundle, item, caseInfo } = this.ctx;
    const dependants = new Set<string>();
    for (const m of item.outputs) for (const c of consumersOf(bundle, m)) if (caseInfo.items.includes(c.id)) dependants.add(c.id);
    for (const itemId of dependants) this.effects.add({ kind: 'cancelSubTask', caseId: st.caseId, itemId, reason: why });
    this.effects.add({ kind: 'completeCase', caseId: st.caseId });
  }
}

function unchanged(st: SubTask): SubTaskResult {
  return { subTask: st, events: [], effects: [], changed: false };
}

function authorize(actor: Actor, action: SubTaskAction, st: SubTask, ctx: SubTaskContext): DomainError | null {
  return authorizeSubTask(actor, action, scopeOf(st), caseScopeOf(ctx.caseInfo), ctx.directory);
}

/** Make a sub-task ready: queue rows, notice to the department, clock start if the item says so. */
function released(st: SubTask, change: Change): SubTask {
  const clock = change.ctx.item.clockStartsAt === 'release' ? startClock(st.clock, change.now) : st.clock;
  change.notify({ department: st.department, roles: ['handler'] }, 'subTaskReady', `「${change.ctx.item.name}」待签收`);
  return { ...st, state: 'ready', releasedAt: change.now, clock };
}

function signatureCheck(st: SubTask, sealId: string, actor: Actor, ctx: SubTaskContext): DomainError | null {
  const seal = checkSeal(ctx.directory, sealId, scopeOf(st), actor, ctx.item);
  return seal instanceof Error ? seal : null;
}

function outputIssues(command: { outputs: Record<string, FormValues> }, ctx: SubTaskContext, today: string): Issue[] {
  const issues: Issue[] = [];
  for (const key of Object.keys(command.outputs)) {
    if (!ctx.item.outputs.includes(key)) issues.push({ field: `outputs.${key}`, code: 'UNEXPECTED_OUTPUT', message: `本事项不出具材料 ${key}` });
  }
  for (const m of ctx.item.outputs) {
    const type = findMaterialType(ctx.bundle, m);
    const data = command.outputs[m];
    if (!type) continue;
    if (!data) issues.push({ field: `outputs.${m}`, code: 'REQUIRED', message: `请填写出具的「${type.name}」` });
    else issues.push(...materialDataIssues(type, data, today));
  }
  return issues;
}

function handOffTarget(
  st: SubTask,
  command: { toStaff?: string; toDepartment?: string },
  actor: StaffActor,
  ctx: SubTaskContext,
): { department: string; district: string; assignee: string | null } | DomainError {
  const { directory: dir, item, bundle } = ctx;
  if (!command.toStaff && !command.toDepartment) return validation([{ field: 'toStaff', code: 'REQUIRED', message: '请选择转交给的人员或部门' }]);
  let department = st.department;
  let district = st.district;
  if (command.toDepartment && command.toDepartment !== st.department) {
    const dep = findDepartment(dir, command.toDepartment);
    if (!dep) return domainError('NOT_FOUND', '转交的部门不存在');
    if (dep.kind !== item.department) return validation([{ field: 'toDepartment', code: 'WRONG_KIND', message: `只能转交给办理「${item.name}」的同类部门` }]);
    if (!findDistrict(dir, dep.district)?.bundles.includes(bundle.id)) {
      return domainError('DISTRICT_NOT_JOINED', `${findDistrict(dir, dep.district)?.name ?? dep.district}尚未开通此项联办`);
    }
    department = dep.id;
    district = dep.district;
  }
  let assignee: string | null = null;
  if (command.toStaff) {
    if (command.toStaff === actor.id) return validation([{ field: 'toStaff', code: 'SELF', message: '不能转交给自己' }]);
    const staff = findStaff(dir, command.toStaff);
    if (!staff || staff.disabled) return domainError('NOT_FOUND', '转交的人员不存在或已停用');
    const staffActor: StaffActor = { kind: 'staff', id: staff.id, name: staff.name, district: staff.district, department: staff.department, roles: staff.roles };
    const target: SubTaskScope = { bundleId: st.bundleId, itemId: st.itemId, district, department, assignee: null };
    if (!actsForDepartment(staffActor, target, dir) || !staff.roles.some((r) => r === 'handler' || r === 'signer')) {
      return validation([{ field: 'toStaff', code: 'NOT_A_HANDLER', message: `${staff.name}不是此事项承办部门的经办人` }]);
    }
    assignee = staff.id;
  }
  return { department, district, assignee };
}

/** 改派 to a named colleague: an active handler / signer of the sub-task's department, not the person it is with. */
function reassignTarget(st: SubTask, toStaff: string, ctx: SubTaskContext): string | DomainError {
  const staff = findStaff(ctx.directory, toStaff);
  if (!staff || staff.disabled) return domainError('NOT_FOUND', '改派的人员不存在或已停用');
  const target: SubTaskScope = { ...scopeOf(st), assignee: staff.id };
  if (staff.id === st.assignee || assigneeGone(target, ctx.directory)) {
    return validation([{ field: 'toStaff', code: 'NOT_A_HANDLER', message: `${staff.name}不能承接此事项（须为承办部门在岗的经办人）` }]);
  }
  return staff.id;
}

/**
 * The opinion material a passing 单项验收意见 issues: its number (case, item, round), the result, the opinion as
 * remarks, today as the inspection day, and every other field of the material from the item's form (项目代码).
 */
function opinionOutputs(st: SubTask, ctx: SubTaskContext, opinion: string | null, today: string, round: number): Record<string, FormValues> {
  const outputs: Record<string, FormValues> = {};
  const index = ctx.bundle.items.findIndex((i) => i.id === st.itemId) + 1;
  for (const m of ctx.item.outputs) {
    const type = findMaterialType(ctx.bundle, m);
    if (!type) continue;
    const data: FormValues = {};
    for (const f of type.fields) {
      if (f.key === 'opinionNumber') data[f.key] = `${st.caseId}-${index}R${round}`;
      else if (f.key === 'result') data[f.key] = 'pass';
      else if (f.key === 'remarks') {
        if (opinion) data[f.key] = opinion;
      } else if (f.key === 'inspectedOn') data[f.key] = today;
      else if (st.form[f.key] !== undefined) data[f.key] = st.form[f.key];
    }
    outputs[m] = data;
  }
  return outputs;
}

/**
 * Apply one command to a sub-task. Authorisation, state and input checks come first; any failure
 * returns a DomainError and changes nothing.
 */
export function transitionSubTask(
  st: SubTask,
  command: SubTaskCommand,
  actor: Actor,
  now: Instant,
  ctx: SubTaskContext,
): SubTaskResult | DomainError {
  if (!isInstant(now)) return domainError('VALIDATION_FAILED', '时间格式无效');
  const at = toUtcInstant(now);
  const type = command.type;
  if (ctx.item.id !== st.itemId || ctx.caseInfo.id !== st.caseId) return domainError('VALIDATION_FAILED', '子任务与办件不符');

  if (systemCommands.includes(type)) {
    if (actor.kind !== 'system') return domainError('FORBIDDEN', '此操作由系统自动执行');
  } else {
    const denied = authorize(actor, type as SubTaskAction, st, ctx);
    if (denied) return denied;
    if (ctx.caseInfo.state !== 'accepted' && type !== 'comment' && type !== 'recordDelivery') return domainError('CASE_CLOSED');
  }

  if (!allowedFrom[type].includes(st.state)) {
    // System commands are re-delivered at least once: a repeat is a no-op, not an error.
    if (actor.kind === 'system') return unchanged(st);
    return invalid(st, actionLabels[type] ?? type);
  }

  const change = new Change(st, actor, at, ctx);
  const base = st;
  const today = shanghaiDate(at);

  switch (command.type) {
    case 'release': {
      if (missingInputs(ctx.item, st.inputs).length > 0) return unchanged(st);
      return change.finish(released(base, change), 'release', null);
    }

    case 'receiveMaterial': {
      const input = ctx.item.inputs.find((i) => i.material === command.material);
      if (!input) return domainError('FORBIDDEN', '本事项未声明此材料，不能接收');
      if (st.inputs[command.material]) return unchanged(st);
      const fields: FormValues = {};
      for (const f of input.fields) if (command.fields[f] !== undefined) fields[f] = command.fields[f];
      const received: ReceivedInput = { material: command.material, from: command.fromItem, fields, attachments: [...command.attachments], receivedAt: at };
      let next: SubTask = { ...base, inputs: { ...st.inputs, [command.material]: received } };
      if (next.state === 'waiting' && missingInputs(ctx.item, next.inputs).length === 0) next = released(next, change);
      return change.finish(next, 'receiveMaterial', null, { material: command.material, fromItem: command.fromItem });
    }

    case 'raiseAlert': {
      if (ctx.caseInfo.state !== 'accepted') return unchanged(st);
      const status = clockStatus(st.clock, ctx.calendar, at, ctx.item.warnRemainingDays);
      const reached = status.level === 'overdue' || (status.level === 'warning' && command.level === 'warning');
      const key = `${command.level}@${totalLimit(st.clock)}`;
      if (!reached || st.alertsSent.includes(key)) return unchanged(st);
      const text = command.level === 'overdue'
        ? `「${ctx.item.name}」已超期${-status.remainingDays}个工作日`
        : `「${ctx.item.name}」剩余${status.remainingDays}个工作日，请抓紧办理`;
      const to: Recipient = st.assignee ? { staff: st.assignee } : { department: st.department, roles: ['handler'] };
      change.notify(to, command.level === 'overdue' ? 'clockOverdue' : 'clockWarning', text);
      // Overdue work is escalated to the district's supervisors (督办).
      if (command.level === 'overdue') change.notify({ district: st.district, roles: ['supervisor'] }, 'clockOverdue', text);
      return change.finish({ ...base, alertsSent: [...st.alertsSent, key] }, 'raiseAlert', null, {
        level: command.level,
        remainingDays: status.remainingDays,
        dueDate: status.due?.date ?? null,
      });
    }

    case 'cancel': {
      const issues = textIssue('reason', command.reason, '终止原因');
      if (issues.length) return validation(issues);
      change.finishTodo(st);
      const visit = st.acceptance?.siteVisit;
      if (visit?.todo && visit.confirmedAt === null) change.effects.add({ kind: 'finishTodo', caseId: st.caseId, itemId: st.itemId, todoId: visit.todo.id, assignee: visit.todo.assignee });
      change.afterEnded(st, command.reason);
      const next: SubTask = {
        ...base, state: 'cancelled', outcomeReason: command.reason.trim(), todo: null,
        clock: resumeClock(st.clock, at), correction: null, suspension: null,
      };
      return change.finish(next, 'cancel', command.reason.trim());
    }

    case 'claim': {
      const staff = actor as StaffActor;
      const clock = ctx.item.clockStartsAt === 'release' ? st.clock : startClock(st.clock, at);
      const todoId = `${change.ref}#${change.version}`;
      const next: SubTask = { ...base, state: 'claimed', assignee: staff.id, clock, todo: { id: todoId, assignee: staff.id } };
      const due = clockDue(clock, ctx.calendar);
      change.effects.add({ kind: 'createTodo', caseId: st.caseId, itemId: st.itemId, todoId, assignee: staff.id, title: `${ctx.bundle.name}·${ctx.item.name}`, dueDate: due?.date ?? null });
      return change.finish(next, 'claim', null, { dueDate: due?.date ?? null, provisional: due?.provisional ?? false });
    }

    case 'handOff': {
      const issues = textIssue('reason', command.reason, '转交原因');
      if (issues.length) return validation(issues);
      const target = handOffTarget(st, command, actor as StaffActor, ctx);
      if (target instanceof Error) return target;
      change.finishTodo(st);
      const next: SubTask = { ...base, state: 'ready', department: target.department, district: target.district, assignee: target.assignee, todo: null };
      change.notify(target.assignee ? { staff: target.assignee } : { department: target.department, roles: ['handler'] }, 'subTaskHandedOver', `「${ctx.item.name}」已转交给您，请签收`);
      return change.finish(next, 'handOff', command.reason.trim(), {
        toDepartment: target.department,
        toDistrict: target.district,
        toStaff: target.assignee,
      });
    }

    case 'reassign': {
      // Only work left by someone who no longer works it: disabled (停用), gone, or moved elsewhere.
      if (!assigneeGone(scopeOf(st), ctx.directory)) return domainError('INVALID_TRANSITION', '经办人仍在岗，不能改派');
      const issues = textIssue('reason', command.reason, '改派原因');
      if (issues.length) return validation(issues);
      const to = command.toStaff === undefined ? null : reassignTarget(st, command.toStaff, ctx);
      if (to instanceof Error) return to;
      // Back to the ready list (or the colleague's): any correction or suspension pause ends, the new person decides again.
      change.finishTodo(st);
      const next: SubTask = { ...base, state: 'ready', assignee: to, todo: null, clock: resumeClock(st.clock, at), correction: null, suspension: null };
      change.notify(to ? { staff: to } : { department: st.department, roles: ['handler'] }, 'subTaskHandedOver', `「${ctx.item.name}」已改派，请签收`);
      return change.finish(next, 'reassign', command.reason.trim(), { fromStaff: st.assignee, toStaff: to });
    }

    case 'returnForCorrection': {
      if (isDepartmentItem(ctx.bundle, st.itemId)) {
        return domainError('INVALID_TRANSITION', '竣工联合验收的部门不能单独退回，请「提出材料补正要求」，由窗口一次性告知申请人');
      }
      const issues = textIssue('reason', command.reason, '退回原因');
      (command.items ?? []).forEach((s, n) => issues.push(...textIssues(s, { field: `items.${n}`, label: '需补正的内容' }, { multiline: true })));
      const items = (command.items ?? []).map((s) => s.trim()).filter((s) => hasVisibleText(s));
      if (items.length === 0) issues.push({ field: 'items', code: 'REQUIRED', message: '请列出需补正的内容（一次性告知）' });
      if (issues.length) return validation(issues);
      const next: SubTask = {
        ...base,
        state: 'returned',
        clock: pauseClock(st.clock, 'correction', at),
        correction: { reason: command.reason.trim(), items, by: actor.id, at },
      };
      change.notify({ staff: ctx.caseInfo.acceptedBy }, 'correctionRequested', `「${ctx.item.name}」需补正：${items.join('；')}`);
      return change.finish(next, 'returnForCorrection', command.reason.trim(), { items: items.join('；') });
    }

    case 'resubmit': {
      if (openDefects(partOf(st)).length) return domainError('INVALID_TRANSITION', '验收发现的问题须经整改登记后由部门复验');
      if ((partOf(st).materialRequests ?? []).some((r) => r.notice !== null && r.supplementedAt === null)) {
        return domainError('INVALID_TRANSITION', '材料补正通知的补正材料须由窗口统一登记');
      }
      const issues: Issue[] = [];
      for (const [key, value] of Object.entries(command.values ?? {})) {
        const def = ctx.bundle.fields.find((f) => f.key === key);
        if (!def || !ctx.item.fields.includes(key)) {
          issues.push({ field: key, code: 'UNEXPECTED_FIELD', message: `本事项不收集「${key}」` });
          continue;
        }
        issues.push(...checkFieldValue(def, value, { today, directory: ctx.directory, bundleId: ctx.bundle.id }));
      }
      if (command.note !== undefined) issues.push(...textIssue('note', command.note, '补正说明', 0));
      if (issues.length) return validation(issues);
      const next: SubTask = {
        ...base,
        state: 'claimed',
        form: { ...st.form, ...(command.values ?? {}) },
        clock: resumeClock(st.clock, at),
        correction: null,
      };
      if (st.assignee && st.assignee !== actor.id) change.notify({ staff: st.assignee }, 'correctionSubmitted', `「${ctx.item.name}」补正材料已提交`);
      return change.finish(next, 'resubmit', command.note?.trim() || null, { fields: Object.keys(command.values ?? {}).join(',') });
    }

    case 'suspend': {
      const issues = textIssue('reason', command.reason, '中止原因');
      if (!(command.kind in suspensionLabels)) issues.push({ field: 'kind', code: 'NOT_AN_OPTION', message: '请选择特殊环节类型（检验、检测、检疫、鉴定、听证、专家评审）' });
      if (issues.length) return validation(issues);
      const next: SubTask = {
        ...base,
        state: 'suspended',
        clock: pauseClock(st.clock, 'suspension', at),
        suspension: { kind: command.kind, reason: command.reason.trim(), by: actor.id, at },
      };
      return change.finish(next, 'suspend', command.reason.trim(), { kind: command.kind });
    }

    case 'resume': {
      const next: SubTask = { ...base, state: 'claimed', clock: resumeClock(st.clock, at), suspension: null };
      return change.finish(next, 'resume', command.note?.trim() || null);
    }

    case 'requestExtension': {
      if (st.extension?.decision === 'approved') return domainError('EXTENSION_ALREADY_USED');
      if (st.extension?.decision === 'pending') return domainError('EXTENSION_PENDING');
      const issues = textIssue('reason', command.reason, '延期理由');
      const max = maxExtensionDays(ctx.item);
      if (!Number.isInteger(command.days) || command.days < 1 || command.days > max) {
        issues.push({ field: 'days', code: 'RANGE', message: `延期天数应为1至${max}个工作日` });
      }
      if (issues.length) return validation(issues);
      const extension: ExtensionRequest = {
        days: command.days, reason: command.reason.trim(), requestedBy: actor.id, requestedAt: at,
        decision: 'pending', decidedBy: null, decidedAt: null, decisionReason: null,
      };
      change.notify({ department: st.department, roles: ['signer'] }, 'extensionRequested', `「${ctx.item.name}」申请延期${command.days}个工作日，待审批`);
      return change.finish({ ...base, extension }, 'requestExtension', command.reason.trim(), { days: command.days });
    }

    case 'decideExtension': {
      if (st.extension?.decision !== 'pending') return domainError('INVALID_TRANSITION', '没有待审批的延期申请');
      if (st.extension.requestedBy === actor.id) return domainError('FORBIDDEN', '不能审批自己的延期申请');
      if (!command.approve) {
        const issues = textIssue('reason', command.reason, '不同意的理由');
        if (issues.length) return validation(issues);
      }
      const extension: ExtensionRequest = {
        ...st.extension,
        decision: command.approve ? 'approved' : 'rejected',
        decidedBy: actor.id,
        decidedAt: at,
        decisionReason: command.reason?.trim() || null,
      };
      const clock = command.approve ? extendClock(st.clock, st.extension.days) : st.clock;
      change.notify({ staff: st.extension.requestedBy }, 'extensionDecided', `「${ctx.item.name}」延期申请${command.approve ? '已批准' : '未批准'}`);
      return change.finish({ ...base, extension, clock }, 'decideExtension', command.reason?.trim() || null, {
        approved: command.approve,
        days: st.extension.days,
      });
    }

    case 'signOff': {
      if (partOf(st).siteVisit) return domainError('INVALID_TRANSITION', '已安排联合现场踏勘，请以单项验收意见办结');
      const pending = jointOpinionWaitsFor(ctx.bundle, st.itemId, ctx.caseInfo.items, ctx.siblings);
      if (pending.length) return domainError('INVALID_TRANSITION', `尚有部门未出具合格的单项验收意见：${pending.join('、')}`);
      const denied = signatureCheck(st, command.sealId, actor, ctx);
      if (denied) return denied;
      const issues = outputIssues(command, ctx, today);
      if (issues.length) return validation(issues);
      // What is signed must match what was applied for (identity fields), unless a correction note says why not.
      const kept = signOffIdentity(ctx.bundle, ctx.item, st, command.outputs, command.corrections ?? []);
      if (kept instanceof Error) return kept;
      const corrections = kept.length ? { corrections: kept } : {};
      const noted: EventDetail = kept.length ? { corrected: kept.map((c) => `${c.material}.${c.field}`).join(',') } : {};
      const signatures: Signature[] = [{ signer: actor.id, sealId: command.sealId, at }];
      change.finishTodo(st);
      if (ctx.item.countersign) {
        change.notify({ department: st.department, roles: ['signer'] }, 'countersignRequested', `「${ctx.item.name}」待会签`);
        const next: SubTask = { ...base, state: 'countersigning', outputs: command.outputs, ...corrections, signatures, todo: null };
        return change.finish(next, 'signOff', null, { sealId: command.sealId, awaitingCountersign: true, ...noted });
      }
      const next: SubTask = { ...base, state: 'done', outputs: command.outputs, ...corrections, signatures, todo: null };
      change.afterDone(next);
      return change.finish(next, 'signOff', null, { sealId: command.sealId, ...noted });
    }

    case 'countersign': {
      if (st.signatures.some((s) => s.signer === actor.id)) return domainError('COUNTERSIGN_SAME_SIGNER');
      const denied = signatureCheck(st, command.sealId, actor, ctx);
      if (denied) return denied;
      if (command.opinion !== undefined) {
        const issues = textIssue('opinion', command.opinion, '会签意见', 0);
        if (issues.length) return validation(issues);
      }
      const next: SubTask = { ...base, state: 'done', signatures: [...st.signatures, { signer: actor.id, sealId: command.sealId, at }] };
      change.afterDone(next);
      return change.finish(next, 'countersign', command.opinion?.trim() || null, { sealId: command.sealId });
    }

    case 'refuse': {
      const issues = textIssue('reason', command.reason, '不予受理的理由');
      if (issues.length) return validation(issues);
      const denied = signatureCheck(st, command.sealId, actor, ctx);
      if (denied) return denied;
      change.finishTodo(st);
      const reason = command.reason.trim();
      const next: SubTask = { ...base, state: 'refused', outcomeReason: reason, signatures: [...st.signatures, { signer: actor.id, sealId: command.sealId, at }], todo: null };
      change.afterEnded(next, `前置事项「${ctx.item.name}」不予受理`);
      change.notify({ staff: ctx.caseInfo.acceptedBy }, 'subTaskRefused', `「${ctx.item.name}」不予受理`);
      return change.finish(next, 'refuse', reason, { sealId: command.sealId });
    }

    case 'comment': {
      const issues = textIssue('text', command.text, '评论内容', 1);
      if (issues.length) return validation(issues);
      return change.finish(base, 'comment', command.text.trim());
    }

    case 'urge': {
      const issues = textIssue('text', command.text, '催办内容', 1);
      if (issues.length) return validation(issues);
      change.notify(st.assignee ? { staff: st.assignee } : { department: st.department, roles: ['handler'] }, 'urged', `「${ctx.item.name}」被催办：${command.text.trim()}`);
      return change.finish(base, 'urge', command.text.trim());
    }

    case 'noteSiteVisit': {
      if (!isDepartmentItem(ctx.bundle, st.itemId)) return unchanged(st);
      const part = partOf(st);
      const before = part.siteVisit;
      if (before && before.date === command.date && before.time === command.time && before.place === command.place) return unchanged(st);
      if (before?.todo && before.confirmedAt === null) change.effects.add({ kind: 'finishTodo', caseId: st.caseId, itemId: st.itemId, todoId: before.todo.id, assignee: before.todo.assignee });
      const when = `${command.date} ${command.time}`;
      change.notify({ department: st.department, roles: ['handler', 'signer'] }, 'siteVisitScheduled', `联合现场踏勘定于${when}，地点：${command.place}，请确认参加`);
      let todo: { id: string; assignee: string } | null = null;
      if (st.assignee) {
        todo = { id: `${change.ref}#${change.version}`, assignee: st.assignee };
        change.effects.add({ kind: 'createTodo', caseId: st.caseId, itemId: st.itemId, todoId: todo.id, assignee: todo.assignee, title: `联合现场踏勘·${ctx.item.name}`, dueDate: command.date });
      }
      const siteVisit = { date: command.date, time: command.time, place: command.place, notifiedAt: at, todo, confirmedBy: null, confirmedAt: null };
      return change.finish({ ...base, acceptance: { ...part, siteVisit } }, 'noteSiteVisit', null, { date: command.date, time: command.time, place: command.place });
    }

    case 'confirmSiteVisit': {
      const part = partOf(st);
      if (!part.siteVisit) return domainError('INVALID_TRANSITION', '尚未安排联合现场踏勘');
      if (part.siteVisit.confirmedAt !== null) return domainError('INVALID_TRANSITION', '已确认参加现场踏勘');
      const todo = part.siteVisit.todo;
      if (todo) change.effects.add({ kind: 'finishTodo', caseId: st.caseId, itemId: st.itemId, todoId: todo.id, assignee: todo.assignee });
      const siteVisit = { ...part.siteVisit, confirmedBy: actor.id, confirmedAt: at };
      return change.finish({ ...base, acceptance: { ...part, siteVisit } }, 'confirmSiteVisit', null, { date: siteVisit.date, time: siteVisit.time });
    }

    case 'recordOpinion': {
      if (!isDepartmentItem(ctx.bundle, st.itemId)) return domainError('INVALID_TRANSITION', '本事项不出具单项验收意见');
      const denied = signatureCheck(st, command.sealId, actor, ctx);
      if (denied) return denied;
      const part = partOf(st);
      if (!part.siteVisit) return domainError('INVALID_TRANSITION', '尚未安排联合现场踏勘');
      const opinion = buildOpinion(part, command, actor.id, command.sealId, at);
      if (Array.isArray(opinion)) return validation(opinion);
      const uploads = ctx.uploads;
      const missing = uploads ? opinion.defects.findIndex((d) => d.photos.some((p) => !uploads.includes(p))) : -1;
      if (missing >= 0) return validation([{ field: `defects.${missing}.photos`, code: 'NOT_UPLOADED', message: '照片须先上传到本子任务' }]);
      // The opinion is given on site: an unconfirmed site-visit to-do is done with.
      const visitTodo = part.siteVisit?.confirmedAt === null ? part.siteVisit.todo : null;
      if (visitTodo) change.effects.add({ kind: 'finishTodo', caseId: st.caseId, itemId: st.itemId, todoId: visitTodo.id, assignee: visitTodo.assignee });
      const siteVisit = part.siteVisit && visitTodo ? { ...part.siteVisit, todo: null } : part.siteVisit;
      const acceptance = { ...part, siteVisit, opinions: [...part.opinions, opinion] };
      const detail: EventDetail = { round: opinion.round, result: opinion.result, defects: opinion.defects.map((d) => d.id).join(','), sealId: command.sealId };
      if (opinion.result === 'defects') {
        const items = opinion.defects.map((d) => `${d.id} ${d.description}（${d.rule}）`);
        const next: SubTask = {
          ...base, state: 'returned', acceptance, clock: pauseClock(st.clock, 'correction', at),
          correction: { reason: `第${opinion.round}轮验收发现问题，待整改`, items, by: actor.id, at },
        };
        change.notify({ staff: ctx.caseInfo.acceptedBy }, 'correctionRequested', `「${ctx.item.name}」验收发现${items.length}项问题待整改`);
        return change.finish(next, 'recordOpinion', opinion.opinion, detail);
      }
      const outputs = opinionOutputs(st, ctx, opinion.opinion, today, opinion.round);
      const issues = outputIssues({ outputs }, ctx, today);
      if (issues.length) return validation(issues);
      change.finishTodo(st);
      const next: SubTask = { ...base, state: 'done', acceptance, outputs, signatures: [...st.signatures, { signer: actor.id, sealId: command.sealId, at }], todo: null };
      change.afterDone(next);
      return change.finish(next, 'recordOpinion', opinion.opinion, detail);
    }

    case 'reinspect': {
      if (openDefects(partOf(st)).length === 0) return unchanged(st);
      const next: SubTask = { ...base, state: 'claimed', clock: resumeClock(st.clock, at), correction: null };
      change.notify(st.assignee ? { staff: st.assignee } : { department: st.department, roles: ['handler', 'signer'] }, 'correctionSubmitted', `「${ctx.item.name}」企业已整改，请复验（第${command.round}轮）`);
      return change.finish(next, 'reinspect', null, { round: command.round });
    }

    case 'requestMaterials': {
      if (!isDepartmentItem(ctx.bundle, st.itemId)) return domainError('INVALID_TRANSITION', '只有竣工联合验收的部门可以提出材料补正要求，其他事项请退回补正');
      const part = partOf(st);
      if (part.siteVisit) return domainError('INVALID_TRANSITION', '已安排联合现场踏勘，材料审查已结束');
      const issues: Issue[] = [];
      (command.items ?? []).forEach((s, n) => issues.push(...textIssues(s, { field: `items.${n}`, label: '需补正的材料' }, { multiline: true })));
      const items = (command.items ?? []).map((s) => s.trim()).filter((s) => hasVisibleText(s));
      if (items.length === 0) issues.push({ field: 'items', code: 'REQUIRED', message: '请列出需补正的材料' });
      if (command.note !== undefined) issues.push(...textIssue('note', command.note, '说明', 0));
      if (issues.length) return validation(issues);
      // Added to the department's pending request: the window sends every department's requests in one notice.
      const pending = pendingRequest(st);
      const request: MaterialRequest = {
        items: [...new Set([...(pending?.items ?? []), ...items])], note: command.note?.trim() || pending?.note || null,
        by: actor.id, at, notice: null, supplementedAt: null,
      };
      const materialRequests = [...(part.materialRequests ?? []).filter((r) => r !== pending), request];
      change.notify({ staff: ctx.caseInfo.acceptedBy }, 'correctionRequested', `「${ctx.item.name}」提出材料补正要求：${items.join('；')}（待窗口一次性告知）`);
      return change.finish({ ...base, acceptance: { ...part, materialRequests } }, 'requestMaterials', request.note, { items: items.join('；') });
    }

    case 'materialNotice': {
      const pending = pendingRequest(st);
      if (!pending) return unchanged(st);
      const part = partOf(st);
      const materialRequests = (part.materialRequests ?? []).map((r) => (r === pending ? { ...r, notice: command.number } : r));
      const next: SubTask = {
        ...base, state: 'returned', acceptance: { ...part, materialRequests }, clock: pauseClock(st.clock, 'correction', at),
        correction: { reason: `材料补正通知（${command.number}）`, items: [...pending.items], by: pending.by, at },
      };
      return change.finish(next, 'materialNotice', null, { number: command.number });
    }

    case 'materialsSupplemented': {
      const part = partOf(st);
      const noticed = (part.materialRequests ?? []).find((r) => r.notice === command.number && r.supplementedAt === null);
      if (!noticed) return unchanged(st);
      const materialRequests = (part.materialRequests ?? []).map((r) => (r === noticed ? { ...r, supplementedAt: at } : r));
      const next: SubTask = { ...base, state: 'claimed', acceptance: { ...part, materialRequests }, clock: resumeClock(st.clock, at), correction: null };
      change.notify(st.assignee ? { staff: st.assignee } : { department: st.department, roles: ['handler', 'signer'] }, 'correctionSubmitted', `「${ctx.item.name}」申请人已补正材料（${command.number}），请继续审查`);
      return change.finish(next, 'materialsSupplemented', null, { number: command.number });
    }

    case 'recordDelivery': {
      const type = findMaterialType(ctx.bundle, command.material);
      const issues: Issue[] = [];
      if (!type || !ctx.item.outputs.includes(command.material) || type.delivery !== 'mail') {
        issues.push({ field: 'material', code: 'NOT_MAILED', message: '本事项没有需要寄递的此项材料' });
      }
      issues.push(...textIssue('carrier', command.carrier, '寄递公司', 2, true));
      if (!/^[A-Za-z0-9-]{6,40}$/.test((command.trackingNumber ?? '').trim())) {
        issues.push({ field: 'trackingNumber', code: 'FORMAT', message: '运单号应为6至40位字母或数字' });
      }
      if (issues.length) return validation(issues);
      const delivery: Delivery = { carrier: command.carrier.trim(), trackingNumber: command.trackingNumber.trim(), recordedBy: actor.id, at };
      change.notify({ staff: ctx.caseInfo.acceptedBy }, 'subTaskDone', `「${type?.name ?? command.material}」已寄出（${delivery.carrier} ${delivery.trackingNumber}）`);
      return change.finish({ ...base, deliveries: { ...st.deliveries, [command.material]: delivery } }, 'recordDelivery', null, {
        material: command.material,
        carrier: delivery.carrier,
        trackingNumber: delivery.trackingNumber,
      });
    }
  }
}
