/**
 * 好差评 (国办发〔2019〕51号): the applicant rates the service once per target, on five levels, with an optional
 * comment — 一次一评 on the window's device (the accepting district's window clerk hands it over, channel 'window'),
 * 一事一评 through the progress page (channel 'progressPage').
 *
 * Targets: the case ('case') once it has ended completed or closed (办结 / 终结); and each sub-task once it is done
 * (签章办结) — each 事项 of a bundle is a 政务服务事项 of its own department, rated on its own when the applicant
 * wishes (optional; the case rating is the one the window asks for). A withdrawn case, a running case (for 'case'),
 * a sub-task not done: NOT_RATABLE; a second rating of the same target: ALREADY_RATED.
 *
 * A 差评 (不满意 / 非常不满意) opens a rectification (core rectification.ts) for the responsible department: the
 * accepting window's department for the case (its service point, else the accepting clerk's), the sub-task's
 * department for a sub-task. Every change is a case-level transition (one new case version, timeline events
 * `rate`, `openRectification`, `callBack`, `rectify`, `closeRectification`, `appealRectification`,
 * `decideAppeal`, `rectificationAlert`; see the DESIGN section 好差评 for their detail keys).
 * An appeal upheld closes the rectification 'appealUpheld': the rating stays recorded (statistics count it in
 * the satisfaction rate as rated) and is marked `disputed`, so it no longer counts as an open 差评.
 */
import { type Actor, actorRef, hasRole } from './actor.js';
import type { WorkCalendar } from './calendar.js';
import type { CaseRecord, CaseResult } from './case.js';
import { type Directory, findDepartment, findStaff } from './directory.js';
import { EffectList } from './effects.js';
import { type DomainError, domainError } from './errors.js';
import type { EventDetail, TimelineEvent } from './events.js';
import {
  commandRole, decideRectification, openRectification, type Rectification, type RectificationCommand, rectificationStateLabels,
} from './rectification.js';
import type { SubTaskState } from './subtaskRecord.js';
import { textIssues } from './text.js';
import { type Instant, isInstant, toUtcInstant } from './time.js';

const RATING_LEVELS = ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const ratingLevelLabels: Record<RatingLevel, string> = {
  verySatisfied: '非常满意', satisfied: '满意', basic: '基本满意', dissatisfied: '不满意', veryDissatisfied: '非常不满意',
};

export type RatingChannel = 'window' | 'progressPage';

const MAX_COMMENT = 300;

function isBadRating(level: RatingLevel): boolean {
  return level === 'dissatisfied' || level === 'veryDissatisfied';
}

export interface Rating {
  id: string;
  /** 'case' or an item id. */
  target: string;
  level: RatingLevel;
  comment: string | null;
  channel: RatingChannel;
  /** The responsible department (who a 差评 is rectified by). */
  department: string;
  district: string;
  at: Instant;
  /** The clerk who handed the window's device over, or 'applicant' (progress page). */
  by: string;
  rectificationId: string | null;
  /** True once an appeal against its rectification was upheld (误评: not an open 差评 any more). */
  disputed: boolean;
}

/** What the case record keeps for 好差评 (optional fields of CaseRecord). */
export interface RatedCase {
  ratings?: Rating[];
  rectifications?: Rectification[];
}

export interface RatingInput {
  level: RatingLevel;
  comment: string | null;
  target: string;
}

/** The rating as submitted (bad input → VALIDATION_FAILED). */
export function parseRatingInput(body: unknown): RatingInput | DomainError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return domainError('VALIDATION_FAILED', '评价格式有误');
  const b = body as Record<string, unknown>;
  if (typeof b.level !== 'string' || !(RATING_LEVELS as readonly string[]).includes(b.level)) {
    return domainError('VALIDATION_FAILED', '请选择评价等级', [{ field: 'level', code: 'REQUIRED', message: '请选择评价等级' }]);
  }
  let comment: string | null = null;
  if (b.comment !== undefined && b.comment !== null && b.comment !== '') {
    if (typeof b.comment !== 'string') return domainError('VALIDATION_FAILED', '评价内容格式有误', [{ field: 'comment', code: 'FORMAT', message: '评价内容格式有误' }]);
    const issues = textIssues(b.comment, { field: 'comment', label: '评价内容' }, { multiline: true });
    if (issues.length) return domainError('VALIDATION_FAILED', issues[0].message, issues);
    const t = b.comment.trim();
    if ([...t].length > MAX_COMMENT) return domainError('VALIDATION_FAILED', `评价内容不能超过${MAX_COMMENT}字`, [{ field: 'comment', code: 'TOO_LONG', message: `评价内容不能超过${MAX_COMMENT}字` }]);
    comment = t || null;
  }
  let target = 'case';
  if (b.target !== undefined && b.target !== null) {
    if (typeof b.target !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(b.target)) {
      return domainError('VALIDATION_FAILED', '评价对象格式有误', [{ field: 'target', code: 'FORMAT', message: '评价对象格式有误' }]);
    }
    target = b.target;
  }
  return { level: b.level as RatingLevel, comment, target };
}

/** The window of the accepting district may hand its device to the applicant (一次一评). */
export function authorizeWindowRating(actor: Actor, c: CaseRecord): DomainError | null {
  if (actor.kind !== 'staff') return null;
  return hasRole(actor, 'clerk') && actor.district === c.acceptingDistrict ? null : domainError('FORBIDDEN', '只有受理区的综合窗口可以请申请人评价');
}

/** The targets the applicant may still rate now (see the header), case first. */
export function ratableTargets(c: CaseRecord & RatedCase, states: Readonly<Record<string, SubTaskState>>): string[] {
  if (c.state === 'withdrawn') return [];
  const rated = new Set((c.ratings ?? []).map((r) => r.target));
  const targets = c.state === 'completed' || c.state === 'closed' ? ['case'] : [];
  for (const id of c.items) if (states[id] === 'done') targets.push(id);
  return targets.filter((t) => !rated.has(t));
}

/** The department answering for a target: the accepting window for the case, the sub-task's department otherwise. */
function responsibleOf(c: CaseRecord, target: string, departments: Readonly<Record<string, { department: string; district: string }>>, dir: Directory) {
  if (target !== 'case') return departments[target] ?? null;
  const department = c.servicePoint?.department ?? findStaff(dir, c.acceptedBy)?.department ?? null;
  return department ? { department, district: findDepartment(dir, department)?.district ?? c.acceptingDistrict } : null;
}

function caseEvent(
  c: CaseRecord, version: number, n: number, action: string, actor: Actor, at: Instant, to: string, detail: EventDetail, reason: string | null = null,
): TimelineEvent {
  return { id: n === 1 ? `${c.id}#${version}` : `${c.id}#${version}.${n}`, caseId: c.id, itemId: null, action, actor: actorRef(actor), at, from: null, to, reason, detail };
}

/**
 * Records a rating (one transition of the case): `subTasks` — each sub-task's state and department. A 差评 opens
 * its rectification in the same transition, with a work notice to the department's staff and the district's
 * supervisors. The caller has checked who hands the device over (authorizeWindowRating) or the progress token.
 */
export function rateCase(
  c: CaseRecord & RatedCase,
  subTasks: Readonly<Record<string, { state: SubTaskState; department: string; district: string }>>,
  input: RatingInput,
  channel: RatingChannel,
  actor: Actor,
  now: Instant,
  dir: Directory,
  cal: WorkCalendar,
): CaseResult | DomainError {
  if (!isInstant(now)) return domainError('VALIDATION_FAILED', '时间格式无效');
  const at = toUtcInstant(now);
  if (input.target !== 'case' && !c.items.includes(input.target)) return domainError('NOT_FOUND', '评价的事项不属于此办件');
  if ((c.ratings ?? []).some((r) => r.target === input.target)) return domainError('ALREADY_RATED', input.target === 'case' ? '此办件已评价过' : '此事项已评价过');
  const states = Object.fromEntries(Object.entries(subTasks).map(([id, s]) => [id, s.state]));
  if (!ratableTargets(c, states).includes(input.target)) {
    return domainError('NOT_RATABLE', input.target === 'case' ? '办件办结后才能评价' : '该事项办结后才能评价');
  }
  const who = responsibleOf(c, input.target, subTasks, dir);
  if (!who) return domainError('NOT_RATABLE', '找不到负责的部门，无法评价');
  const version = c.version + 1;
  const ratingId = `rt${(c.ratings ?? []).length + 1}`;
  const bad = isBadRating(input.level);
  const rect = bad ? openRectification(`rc${(c.rectifications ?? []).length + 1}`, ratingId, who.department, who.district, at, cal) : null;
  const rating: Rating = {
    id: ratingId, target: input.target, level: input.level, comment: input.comment, channel, department: who.department, district: who.district,
    at, by: actor.kind === 'staff' ? actor.id : 'applicant', rectificationId: rect?.id ?? null, disputed: false,
  };
  const events = [caseEvent(c, version, 1, 'rate', actor, at, c.state, {
    level: input.level, levelLabel: ratingLevelLabels[input.level], target: input.target, department: who.department, channel, ratingId, bad,
  }, ratingLevelLabels[input.level] + (input.comment ? '：' + input.comment : ''))];
  const effects = new EffectList(`${c.id}@${version}`);
  if (rect) {
    events.push(caseEvent(c, version, 2, 'openRectification', actor, at, 'open', {
      department: who.department, district: who.district, rectificationId: rect.id, ratingId, dueDate: rect.dueDate, level: input.level,
    }));
    const text = `办件 ${c.id} 收到差评（${ratingLevelLabels[input.level]}），请于 ${rect.dueDate} 前完成回访核实、整改和反馈`;
    effects.add({ kind: 'notify', caseId: c.id, itemId: null, to: { department: who.department, roles: ['handler', 'signer', 'clerk'] }, template: 'rectificationOpened', title: c.bundleName, text });
    effects.add({ kind: 'notify', caseId: c.id, itemId: null, to: { district: who.district, roles: ['supervisor'] }, template: 'rectificationOpened', title: c.bundleName, text });
  }
  const next: CaseRecord & RatedCase = {
    ...c, ratings: [...(c.ratings ?? []), rating], rectifications: rect ? [...(c.rectifications ?? []), rect] : c.rectifications ?? [], version, updatedAt: at,
  };
  return { case: next, events, effects: effects.list(), changed: true };
}

/** Who may work a rectification: its department's staff (not a bare auditor) for the department's steps, a supervisor of its district for the decision. */
export function authorizeRectification(actor: Actor, r: Rectification, command: RectificationCommand['type'] | 'view'): DomainError | null {
  if (actor.kind === 'system') return command === 'raiseAlert' ? null : domainError('FORBIDDEN', '系统不能办理整改');
  const supervisor = hasRole(actor, 'supervisor') && actor.district === r.district;
  const department = actor.department === r.department && actor.district === r.district && hasRole(actor, 'handler', 'signer', 'clerk', 'supervisor');
  if (command === 'view') return supervisor || department ? null : domainError('FORBIDDEN', '不是整改责任部门或本区督办人员，无权查看');
  const role = commandRole[command];
  if (role === 'timer') return domainError('FORBIDDEN', '时限预警由系统发出');
  if (role === 'supervisor') return supervisor ? null : domainError('FORBIDDEN', '只有本区督办人员可以复核申诉');
  return department ? null : domainError('FORBIDDEN', '只有整改责任部门可以办理');
}

const ACTIONS: Record<RectificationCommand['type'], string> = {
  callBack: 'callBack', rectify: 'rectify', feedback: 'closeRectification', appeal: 'appealRectification', decideAppeal: 'decideAppeal', raiseAlert: 'rectificationAlert',
};

/** One rectification command as a transition of the case (authorised here; expectedVersion is the rectification's, checked by the caller). */
export function actOnRectification(
  c: CaseRecord & RatedCase,
  rectificationId: string,
  command: RectificationCommand,
  actor: Actor,
  now: Instant,
): CaseResult | DomainError {
  if (!isInstant(now)) return domainError('VALIDATION_FAILED', '时间格式无效');
  const at = toUtcInstant(now);
  const r = (c.rectifications ?? []).find((x) => x.id === rectificationId);
  if (!r) return domainError('NOT_FOUND', '整改任务不存在');
  const denied = authorizeRectification(actor, r, command.type);
  if (denied) return denied;
  const decided = decideRectification(r, command, actor.id, at);
  if ('code' in decided) return decided;
  if (!decided.changed) return { case: c, events: [], effects: [], changed: false };
  const after = decided.rectification;
  const version = c.version + 1;
  const effects = new EffectList(`${c.id}@${version}`);
  const detail: EventDetail = { department: r.department, district: r.district, rectificationId: r.id, ratingId: r.ratingId, stateLabel: rectificationStateLabels[after.state] };
  let reason: string | null = null;
  switch (command.type) {
    case 'callBack':
      Object.assign(detail, { method: command.method, calledAt: command.at });
      reason = command.applicantSaid;
      break;
    case 'rectify':
    case 'feedback':
      reason = command.text;
      if (command.type === 'feedback') Object.assign(detail, { outcome: 'rectified', onTime: after.onTime === true });
      break;
    case 'appeal':
      reason = command.reason;
      effects.add({ kind: 'notify', caseId: c.id, itemId: null, to: { district: r.district, roles: ['supervisor'] }, template: 'rectificationAppeal', title: c.bundleName, text: `办件 ${c.id} 的差评整改申请申诉复核，请审核` });
      break;
    case 'decideAppeal':
      Object.assign(detail, { upheld: command.upheld });
      reason = command.note;
      break;
    case 'raiseAlert': {
      Object.assign(detail, { level: command.level, dueDate: r.dueDate });
      const text = `办件 ${c.id} 的差评整改${command.level === 'overdue' ? '已超期' : '即将到期'}（${r.dueDate}）`;
      const template = command.level === 'overdue' ? 'rectificationOverdue' : 'rectificationWarning';
      effects.add({ kind: 'notify', caseId: c.id, itemId: null, to: { department: r.department, roles: ['handler', 'signer'] }, template, title: c.bundleName, text });
      effects.add({ kind: 'notify', caseId: c.id, itemId: null, to: { district: r.district, roles: ['supervisor'] }, template, title: c.bundleName, text });
      break;
    }
  }
  const events = [caseEvent(c, version, 1, ACTIONS[command.type], actor, at, after.state, detail, reason)];
  // An upheld appeal closes through the same event as feedback does: statistics count closures from one action.
  if (command.type === 'decideAppeal' && after.state === 'closed') {
    events.push(caseEvent(c, version, 2, 'closeRectification', actor, at, 'closed', { ...detail, outcome: 'appealUpheld', onTime: after.onTime === true }));
  }
  const ratings = (c.ratings ?? []).map((x) => (x.id === r.ratingId && after.outcome === 'appealUpheld' ? { ...x, disputed: true } : x));
  const rectifications = (c.rectifications ?? []).map((x) => (x.id === r.id ? after : x));
  const next: CaseRecord & RatedCase = { ...c, ratings, rectifications, version, updatedAt: at };
  return { case: next, events, effects: effects.list(), changed: true };
}
