/**
 * 出件 / 领证: the window hands the case's outputs to the applicant — 窗口自取 (who collected them, when) or
 * 邮寄 (carrier, tracking number) — and records it on the case, once. The outputs are ready when the case is
 * completed, or while it runs when every item that issues a physical output (a material type with
 * `delivery: 'mail'`: 户口簿, 社保卡) has been signed off. A second record is a CONFLICT unless it corrects
 * the first with a reason (the earlier record is kept in `corrections`). Who may record it: policy.ts
 * `authorizeCase` 'handover' (the accepting district's window).
 */
import { type Actor, actorRef } from './actor.js';
import type { Bundle } from './bundle.js';
import { type CaseRecord, type CaseResult, caseScope, caseStateLabels } from './case.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import type { TimelineEvent } from './events.js';
import { authorizeCase } from './policy.js';
import type { SubTaskState } from './subtaskRecord.js';
import { textIssues, visibleLength } from './text.js';
import { type Instant, instantMillis, isInstant, toUtcInstant } from './time.js';

export type HandoverDetails =
  | { method: 'pickup'; collectedBy: string; collectedAt: Instant }
  | { method: 'mail'; carrier: string; trackingNumber: string };

export type Handover = HandoverDetails & {
  recordedBy: string;
  recordedAt: Instant;
  /** Earlier records this one corrected, oldest first, each with the correction's reason. */
  corrections: (HandoverDetails & { recordedBy: string; recordedAt: Instant; correctedBy: string; correctedAt: Instant; reason: string })[];
};

const TRACKING = /^[A-Za-z0-9-]{6,40}$/;

function bad(field: string, message: string, code = 'FORMAT'): DomainError {
  return domainError('VALIDATION_FAILED', message, [{ field, code, message }]);
}

function text(b: Record<string, unknown>, field: string, label: string, max: number): string | DomainError {
  const v = b[field];
  if (typeof v !== 'string') return bad(field, `请填写${label}`, 'REQUIRED');
  const issues: Issue[] = textIssues(v, { field, label }, { required: true });
  if (issues.length) return domainError('VALIDATION_FAILED', issues[0].message, issues);
  const t = v.trim();
  if (visibleLength(t) < 1 || [...t].length > max) return bad(field, `${label}应为1至${max}字`);
  return t;
}

/** The hand-over as the window entered it (bad input → VALIDATION_FAILED), and the correction's reason if any. */
export function parseHandover(body: unknown, now: Instant): { details: HandoverDetails; reason: string | null } | DomainError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return domainError('VALIDATION_FAILED', '出件登记格式有误');
  const b = body as Record<string, unknown>;
  let reason: string | null = null;
  if (b.reason !== undefined && b.reason !== null && b.reason !== '') {
    const r = text(b, 'reason', '更正原因', 500);
    if (typeof r !== 'string') return r;
    if (visibleLength(r) < 2) return bad('reason', '请填写更正原因（至少2个字）', 'REQUIRED');
    reason = r;
  }
  if (b.method === 'pickup') {
    const who = text(b, 'collectedBy', '领取人', 30);
    if (typeof who !== 'string') return who;
    let at = toUtcInstant(now);
    if (b.collectedAt !== undefined) {
      if (typeof b.collectedAt !== 'string' || !isInstant(b.collectedAt)) return bad('collectedAt', '领取时间格式有误');
      if (instantMillis(b.collectedAt) > instantMillis(now) + 60_000) return bad('collectedAt', '领取时间不能晚于现在');
      at = toUtcInstant(b.collectedAt);
    }
    return { details: { method: 'pickup', collectedBy: who, collectedAt: at }, reason };
  }
  if (b.method === 'mail') {
    const carrier = text(b, 'carrier', '寄递单位', 30);
    if (typeof carrier !== 'string') return carrier;
    const tracking = text(b, 'trackingNumber', '运单号', 40);
    if (typeof tracking !== 'string') return tracking;
    if (!TRACKING.test(tracking)) return bad('trackingNumber', '运单号应为6至40位字母、数字或-');
    return { details: { method: 'mail', carrier, trackingNumber: tracking }, reason };
  }
  return bad('method', '请选择出件方式（窗口自取或邮寄）', 'REQUIRED');
}

/** The items whose outputs go to the applicant in hand: those issuing a material type delivered physically. */
function physicalOutputItems(bundle: Bundle, items: readonly string[]): string[] {
  const physical = new Set(bundle.materials.filter((m) => m.delivery === 'mail').map((m) => m.id));
  return bundle.items.filter((i) => items.includes(i.id) && i.outputs.some((o) => physical.has(o))).map((i) => i.id);
}

/** Whether the case's outputs are ready to hand over (see the header). */
function outputsReady(c: CaseRecord, states: Readonly<Record<string, SubTaskState>>, bundle: Bundle): boolean {
  if (c.state === 'completed') return true;
  if (c.state !== 'accepted') return false;
  const physical = physicalOutputItems(bundle, c.items);
  return physical.length > 0 && physical.every((id) => states[id] === 'done');
}

/** Records (or, with a reason, corrects) the hand-over of a case's outputs. */
export function recordHandover(
  c: CaseRecord,
  states: Readonly<Record<string, SubTaskState>>,
  bundle: Bundle,
  input: { details: HandoverDetails; reason: string | null },
  actor: Actor,
  now: Instant,
  directory: Parameters<typeof authorizeCase>[3],
): CaseResult | DomainError {
  if (!isInstant(now)) return domainError('VALIDATION_FAILED', '时间格式无效');
  const at = toUtcInstant(now);
  const denied = authorizeCase(actor, 'handover', caseScope(c), directory);
  if (denied) return denied;
  if (c.state === 'withdrawn') return domainError('CASE_CLOSED', `办件${caseStateLabels[c.state]}，不能出件`);
  if (!outputsReady(c, states, bundle)) return domainError('INVALID_TRANSITION', '证照尚未全部办结，暂不能出件');
  const before = c.handover ?? null;
  if (before && input.reason === null) return domainError('CONFLICT', '出件已登记；如需更正，请填写更正原因');
  if (!before && input.reason !== null) return domainError('VALIDATION_FAILED', '尚未登记出件，无需更正', [{ field: 'reason', code: 'FORMAT', message: '尚未登记出件，无需更正' }]);
  const corrections: Handover['corrections'] = before
    ? [...before.corrections, { ...detailsOf(before), recordedBy: before.recordedBy, recordedAt: before.recordedAt, correctedBy: actor.id, correctedAt: at, reason: input.reason ?? '' }]
    : [];
  const handover: Handover = { ...input.details, recordedBy: actor.id, recordedAt: at, corrections };
  const version = c.version + 1;
  const d = input.details;
  const event: TimelineEvent = {
    id: `${c.id}#${version}`, caseId: c.id, itemId: null, action: 'handover', actor: actorRef(actor), at,
    from: c.state, to: c.state, reason: input.reason,
    detail: d.method === 'pickup'
      ? { method: d.method, collectedBy: d.collectedBy, collectedAt: d.collectedAt, corrected: before !== null }
      : { method: d.method, carrier: d.carrier, trackingNumber: d.trackingNumber, corrected: before !== null },
  };
  return { case: { ...c, handover, version, updatedAt: at }, events: [event], effects: [], changed: true };
}

function detailsOf(h: Handover): HandoverDetails {
  return h.method === 'pickup'
    ? { method: 'pickup', collectedBy: h.collectedBy, collectedAt: h.collectedAt }
    : { method: 'mail', carrier: h.carrier, trackingNumber: h.trackingNumber };
}
