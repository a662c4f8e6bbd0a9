/**
 * 差评整改 (rectification of a bad rating): a 差评 (core rating.ts) opens one for the responsible department.
 *
 *   待回访 (open) ─callBack→ 整改中 (rectifying) ─rectify→ 待反馈 (feedback) ─feedback→ 已办结 (closed, 'rectified')
 *   open | rectifying ─appeal→ 申诉复核 (appeal) ─decideAppeal upheld→ closed ('appealUpheld')
 *                                              └ decideAppeal rejected→ rectifying (整改; open when no 回访 yet)
 *
 * 回访核实 records when and how the applicant was called back and what they said; 整改 what the department
 * changed; 反馈 what the applicant was told, and closes it. The department may ask for 申诉复核 once per
 * rectification (a reason), a supervisor of the district decides. The clock: 15 working days from the day it
 * opened (start day not counted, core calendar), warning from 3 days left; closed on time when closed by the due
 * day. Closed is final. `decideRectification` is pure: the department and supervisor checks are the caller's
 * (rating.ts authorizeRectification), the state rules are here.
 */
import { addWorkingDays, countWorkingDays, type WorkCalendar } from './calendar.js';
import { type DomainError, domainError } from './errors.js';
import { textIssues, visibleLength } from './text.js';
import { type CalendarDate, type Instant, isInstant, shanghaiDate } from './time.js';

const RECTIFICATION_DAYS = 15;
export const RECTIFICATION_WARN_DAYS = 3;

export type RectificationState = 'open' | 'rectifying' | 'feedback' | 'appeal' | 'closed';

export const rectificationStateLabels: Record<RectificationState, string> = {
  open: '待回访',
  rectifying: '整改中',
  feedback: '待反馈',
  appeal: '申诉复核中',
  closed: '已办结',
};

type CallBackMethod = 'phone' | 'visit' | 'sms';

export interface Rectification {
  id: string;
  /** The rating that opened it (core rating.ts). */
  ratingId: string;
  department: string;
  district: string;
  state: RectificationState;
  openedAt: Instant;
  openedOn: CalendarDate;
  dueDate: CalendarDate;
  callBack: { at: Instant; method: CallBackMethod; applicantSaid: string; by: string; recordedAt: Instant } | null;
  rectify: { text: string; by: string; at: Instant } | null;
  feedback: { text: string; by: string; at: Instant } | null;
  appeal: { reason: string; by: string; at: Instant; from: 'open' | 'rectifying'; decision: null | { upheld: boolean; note: string; by: string; at: Instant } } | null;
  closedAt: Instant | null;
  outcome: 'rectified' | 'appealUpheld' | null;
  onTime: boolean | null;
  /** Alert levels already raised (once per level, by the timer's sweep). */
  alerts: ('warning' | 'overdue')[];
  version: number;
}

export type RectificationCommand =
  | { type: 'callBack'; at: Instant; method: CallBackMethod; applicantSaid: string }
  | { type: 'rectify'; text: string }
  | { type: 'feedback'; text: string }
  | { type: 'appeal'; reason: string }
  | { type: 'decideAppeal'; upheld: boolean; note: string }
  | { type: 'raiseAlert'; level: 'warning' | 'overdue' };

/** Who is asked for each command (checked by the caller): the department, a supervisor, or the timer. */
export const commandRole: Record<RectificationCommand['type'], 'department' | 'supervisor' | 'timer'> = {
  callBack: 'department', rectify: 'department', feedback: 'department', appeal: 'department', decideAppeal: 'supervisor', raiseAlert: 'timer',
};

export function openRectification(id: string, ratingId: string, department: string, district: string, now: Instant, cal: WorkCalendar): Rectification {
  const openedOn = shanghaiDate(now);
  const due = addWorkingDays(cal, openedOn, RECTIFICATION_DAYS);
  return {
    id, ratingId, department, district, state: 'open', openedAt: now, openedOn, dueDate: due?.date ?? openedOn,
    callBack: null, rectify: null, feedback: null, appeal: null, closedAt: null, outcome: null, onTime: null, alerts: [], version: 1,
  };
}

/** Deadline level: normal, warning (≤ 3 working days left), overdue (past the due day); closed ones are 'closed'. */
export function rectificationLevel(r: Rectification, cal: WorkCalendar, now: Instant): { level: 'normal' | 'warning' | 'overdue' | 'closed'; remainingDays: number } {
  const today = shanghaiDate(now);
  if (r.state === 'closed') return { level: 'closed', remainingDays: 0 };
  if (today > r.dueDate) return { level: 'overdue', remainingDays: -countWorkingDays(cal, r.dueDate, today) };
  const remainingDays = countWorkingDays(cal, today, r.dueDate);
  return { level: remainingDays <= RECTIFICATION_WARN_DAYS ? 'warning' : 'normal', remainingDays };
}

function textOf(value: unknown, field: string, label: string, min: number, max: number): string | DomainError {
  if (typeof value !== 'string') return domainError('VALIDATION_FAILED', `请填写${label}`, [{ field, code: 'REQUIRED', message: `请填写${label}` }]);
  const issues = textIssues(value, { field, label }, { multiline: true, required: true });
  if (issues.length) return domainError('VALIDATION_FAILED', issues[0].message, issues);
  const t = value.trim();
  if (visibleLength(t) < min || [...t].length > max) {
    const message = `${label}应为${min}至${max}字`;
    return domainError('VALIDATION_FAILED', message, [{ field, code: 'FORMAT', message }]);
  }
  return t;
}

/** A command as the API received it (bad input → VALIDATION_FAILED); the timer's raiseAlert is not accepted here. */
export function parseRectificationCommand(body: unknown, now: Instant): RectificationCommand | DomainError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return domainError('VALIDATION_FAILED', '命令格式有误');
  const b = body as Record<string, unknown>;
  switch (b.type) {
    case 'callBack': {
      if (b.method !== 'phone' && b.method !== 'visit' && b.method !== 'sms') {
        return domainError('VALIDATION_FAILED', '请选择回访方式', [{ field: 'method', code: 'REQUIRED', message: '请选择回访方式' }]);
      }
      let at = now;
      if (b.at !== undefined) {
        if (typeof b.at !== 'string' || !isInstant(b.at)) return domainError('VALIDATION_FAILED', '回访时间格式有误', [{ field: 'at', code: 'FORMAT', message: '回访时间格式有误' }]);
        if (Date.parse(b.at) > Date.parse(now) + 60_000) return domainError('VALIDATION_FAILED', '回访时间不能晚于现在', [{ field: 'at', code: 'FORMAT', message: '回访时间不能晚于现在' }]);
        at = new Date(Date.parse(b.at)).toISOString();
      }
      const said = textOf(b.applicantSaid, 'applicantSaid', '申请人反映的情况', 2, 500);
      return typeof said === 'string' ? { type: 'callBack', at, method: b.method, applicantSaid: said } : said;
    }
    case 'rectify': {
      const t = textOf(b.text, 'text', '整改措施', 2, 500);
      return typeof t === 'string' ? { type: 'rectify', text: t } : t;
    }
    case 'feedback': {
      const t = textOf(b.text, 'text', '反馈内容', 2, 500);
      return typeof t === 'string' ? { type: 'feedback', text: t } : t;
    }
    case 'appeal': {
      const t = textOf(b.reason, 'reason', '申诉理由', 5, 500);
      return typeof t === 'string' ? { type: 'appeal', reason: t } : t;
    }
    case 'decideAppeal': {
      if (typeof b.upheld !== 'boolean') return domainError('VALIDATION_FAILED', '请选择复核结论', [{ field: 'upheld', code: 'REQUIRED', message: '请选择复核结论' }]);
      const note = textOf(b.note, 'note', '复核意见', 2, 500);
      return typeof note === 'string' ? { type: 'decideAppeal', upheld: b.upheld, note } : note;
    }
    default:
      return domainError('VALIDATION_FAILED', '未知的整改操作', [{ field: 'type', code: 'FORMAT', message: '未知的整改操作' }]);
  }
}

export interface RectificationResult {
  rectification: Rectification;
  changed: boolean;
}

const invalid = (r: Rectification, what: string) => domainError('INVALID_TRANSITION', `整改${rectificationStateLabels[r.state]}，不能${what}`);

/** The next state of a rectification under a command (state rules only; see the header). */
export function decideRectification(r: Rectification, command: RectificationCommand, by: string, now: Instant): RectificationResult | DomainError {
  const next = (patch: Partial<Rectification>): RectificationResult => ({ rectification: { ...r, ...patch, version: r.version + 1 }, changed: true });
  const close = (outcome: 'rectified' | 'appealUpheld', patch: Partial<Rectification>) =>
    next({ ...patch, state: 'closed', closedAt: now, outcome, onTime: shanghaiDate(now) <= r.dueDate });
  switch (command.type) {
    case 'callBack':
      if (r.state !== 'open') return invalid(r, '登记回访');
      return next({ state: 'rectifying', callBack: { at: command.at, method: command.method, applicantSaid: command.applicantSaid, by, recordedAt: now } });
    case 'rectify':
      if (r.state !== 'rectifying') return invalid(r, '登记整改');
      return next({ state: 'feedback', rectify: { text: command.text, by, at: now } });
    case 'feedback':
      if (r.state !== 'feedback') return invalid(r, '反馈');
      return close('rectified', { feedback: { text: command.text, by, at: now } });
    case 'appeal':
      if (r.state !== 'open' && r.state !== 'rectifying') return invalid(r, '申诉');
      if (r.appeal) return domainError('INVALID_TRANSITION', '本次整改已申诉过一次，不能再次申诉');
      return next({ state: 'appeal', appeal: { reason: command.reason, by, at: now, from: r.state, decision: null } });
    case 'decideAppeal': {
      if (r.state !== 'appeal' || !r.appeal) return invalid(r, '复核申诉');
      const appeal = { ...r.appeal, decision: { upheld: command.upheld, note: command.note, by, at: now } };
      // Rejected: back to 整改 — or to 回访 first when the appeal came before it (the loop always calls back).
      return command.upheld ? close('appealUpheld', { appeal }) : next({ state: r.callBack ? 'rectifying' : 'open', appeal });
    }
    case 'raiseAlert':
      if (r.state === 'closed' || r.alerts.includes(command.level)) return { rectification: r, changed: false };
      return next({ alerts: [...r.alerts, command.level] });
  }
}

/** Invariants every reachable rectification keeps (the property test checks them after every command). */
export function rectificationProblems(r: Rectification): string[] {
  const problems: string[] = [];
  const closed = r.state === 'closed';
  if (closed !== (r.closedAt !== null) || closed !== (r.outcome !== null) || closed !== (r.onTime !== null)) problems.push('closed fields');
  if (r.outcome === 'rectified' && (!r.callBack || !r.rectify || !r.feedback)) problems.push('rectified without the loop');
  if (r.outcome === 'appealUpheld' && !r.appeal?.decision?.upheld) problems.push('upheld without a decision');
  if (r.state === 'appeal' && (!r.appeal || r.appeal.decision)) problems.push('appeal state');
  if (r.state === 'feedback' && (!r.rectify || !r.callBack)) problems.push('feedback without rectify');
  if (r.state === 'rectifying' && !r.callBack) problems.push('rectifying without a call back');
  if (r.feedback && r.state !== 'closed') problems.push('feedback before close');
  if (new Set(r.alerts).size !== r.alerts.length) problems.push('alert twice');
  return problems;
}
