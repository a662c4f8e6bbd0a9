/**
 * Where work orders are listed: rows of the `queues` table (one short range per page, like the case lists),
 * kept by the order's drain only (the timer's queue repair skips `wo:` rows). The rows an order is in are a
 * pure function of the order (`orderEntries`), so a change's list effects are the difference between the old
 * and the new order's rows (`listEffects`): dequeue what the old one listed and the new one does not, enqueue
 * the new and the changed ones (a row shows the state: it is re-put when what it shows changed).
 *   wo:<district>:callback                 待回拨 (due: the call-back time)
 *   wo:<district>:returned                 退单待改派 — one row per returned, not yet re-assigned assignment (due: the 退单 time)
 *   wo:<district>:visit                    待回访 (due: the record time)
 *   wo:<district>:events                   open 热点事件 (due: the record time)
 *   wo:<district>:open                     open assignments, for 督办 (due: the assignment's due time)
 *   wo:<district>:<department>:incoming    the department's 待签收 (due: the assignment's due time)
 *   wo:<district>:<department>:active      the department's 办理中 (due: the assignment's due time)
 *   wo:<district>:event:<parentId>         the orders merged into an event (并单)
 * and, written once when an order is recorded (they never change): wo:<district>:tail:<last 4 digits> and
 * wo:<district>:caller:<keyed hash of the phone>, newest first, for the search.
 * `due` is the relevant instant as an integer yyyymmddHHmm (Asia/Shanghai); the ref is "<orderId>/<assignment
 * id or 'order'>". A row carries what a list shows (QueueMeta, as the rectifications reuse it): className in
 * bundleName, itemName, assignment id in itemId, department, district, state (the assignment's in assignment
 * rows), the masked subject, and the rest (record time, due instant, dispatch time, urgency, 重办, 升级) as JSON
 * in bundleId.
 */
import type { QueueEntry } from '../core/queue.js';
import { instantMillis, shanghaiWallClock, type Instant } from '../core/time.js';
import { type Assignment, type AssignmentState, assignmentStateLabels, type OrderState, orderStateLabels, type WorkOrder } from '../core/workOrder.js';
import { assignmentLevel } from '../core/workOrderDue.js';
import type { StoredEffect } from '../store/caseRecord.js';
import type { QueueMeta, QueueRow } from '../store/queues.js';

export const orderQueue = {
  callback: (d: string) => `wo:${d}:callback`,
  returned: (d: string) => `wo:${d}:returned`,
  visit: (d: string) => `wo:${d}:visit`,
  events: (d: string) => `wo:${d}:events`,
  open: (d: string) => `wo:${d}:open`,
  incoming: (d: string, department: string) => `wo:${d}:${department}:incoming`,
  active: (d: string, department: string) => `wo:${d}:${department}:active`,
  event: (d: string, parentId: string) => `wo:${d}:event:${parentId}`,
  tail: (d: string, last4: string) => `wo:${d}:tail:${last4}`,
  caller: (d: string, hash: string) => `wo:${d}:caller:${hash}`,
};

/** Prefix of every order list (the queue repair leaves these rows to the drain). */
export const ORDER_QUEUE_PREFIX = 'wo:';

/** The instant as yyyymmddHHmm in Asia/Shanghai (a queue row's `due`). */
export function dueOf(instant: Instant): number {
  const w = shanghaiWallClock(instantMillis(instant));
  return Number(w.slice(0, 4) + w.slice(5, 7) + w.slice(8, 10) + w.slice(11, 13) + w.slice(14, 16));
}

/** Newest first: the search lists sort by this. */
const NEWEST_FIRST = 999_999_999_999;

/** What a row carries besides QueueMeta's named fields (JSON in `bundleId`). */
interface OrderRowExtra {
  recordedAt: Instant;
  dueAt: Instant | null;
  dispatchedAt: Instant | null;
  urgency: WorkOrder['urgency'];
  reopened: boolean;
  escalated: boolean;
  /** The 热点事件's title, when the order is one. */
  title?: string;
}

export interface ListedRow {
  entry: QueueEntry;
  meta: QueueMeta;
}

function metaOf(o: WorkOrder, a: Assignment | null, dueAt: Instant | null): QueueMeta {
  const extra: OrderRowExtra = {
    recordedAt: o.recordedAt, dueAt, dispatchedAt: a?.dispatchedAt ?? null, urgency: o.urgency, reopened: o.reopened !== null, escalated: o.escalated !== null,
    ...(o.event ? { title: o.event.title } : {}),
  };
  return {
    bundleId: JSON.stringify(extra), bundleName: o.className, itemId: a?.id ?? '', itemName: o.itemName, department: a?.department ?? '', district: o.district,
    state: a ? a.state : o.state, assignee: null, subject: `${o.caller.maskedPhone} · ${o.content.slice(0, 30)}`, warnDays: 0,
  };
}

const ref = (o: WorkOrder, a: Assignment | null) => `${o.id}/${a ? a.id : 'order'}`;

function row(queue: string, dueAt: Instant, o: WorkOrder, a: Assignment | null, shownDue: Instant | null = dueAt): ListedRow {
  return { entry: { queue, due: dueOf(dueAt), ref: ref(o, a) }, meta: metaOf(o, a, shownDue) };
}

/** Every list row the order is in now (search rows aside). */
function orderEntries(o: WorkOrder): ListedRow[] {
  const d = o.district;
  const out: ListedRow[] = [];
  if (o.state === 'callback') {
    const next = o.callbacks.find((c) => c.doneAt === null);
    if (next) out.push(row(orderQueue.callback(d), next.dueAt, o, null));
  }
  if (o.state === 'visit') out.push(row(orderQueue.visit(d), o.recordedAt, o, null, null));
  if (o.event !== null && o.state !== 'closed' && o.state !== 'merged') out.push(row(orderQueue.events(d), o.recordedAt, o, null, null));
  if (o.state === 'merged' && o.parentId) out.push(row(orderQueue.event(d, o.parentId), o.recordedAt, o, null, null));
  if (o.state === 'transferred') {
    for (const a of o.assignments) {
      if (a.state === 'returned' && a.replacedBy === null) out.push(row(orderQueue.returned(d), a.returned?.at ?? a.dispatchedAt, o, a, null));
      if (a.state === 'dispatched' || a.state === 'accepted') {
        out.push(row(orderQueue.open(d), a.dueAt, o, a));
        out.push(row(a.state === 'dispatched' ? orderQueue.incoming(d, a.department) : orderQueue.active(d, a.department), a.dueAt, o, a));
      }
    }
  }
  return out;
}

/** The search rows of a new order: by the last 4 digits of the phone and by its keyed hash, newest first. */
export function searchEntries(o: WorkOrder, phoneHash: string, last4: string): ListedRow[] {
  const due = NEWEST_FIRST - dueOf(o.recordedAt);
  const meta = metaOf(o, null, null);
  return [
    { entry: { queue: orderQueue.tail(o.district, last4), due, ref: ref(o, null) }, meta },
    { entry: { queue: orderQueue.caller(o.district, phoneHash), due, ref: ref(o, null) }, meta },
  ];
}

const keyOf = (e: QueueEntry) => `${e.queue}\n${e.due}\n${e.ref}`;

/**
 * The list effects of a change from `before` (null: a new order) to `after`: dequeue rows no longer listed,
 * enqueue new rows and rows whose shown fields changed. `id(kind)` gives each effect its stable id.
 */
export function listEffects(before: WorkOrder | null, after: WorkOrder, id: (kind: 'enqueue' | 'dequeue') => string, extra: readonly ListedRow[] = []): StoredEffect[] {
  const was = new Map((before ? orderEntries(before) : []).map((r) => [keyOf(r.entry), r]));
  const now = [...orderEntries(after), ...extra];
  const out: StoredEffect[] = [];
  const kept = new Set(now.map((r) => keyOf(r.entry)));
  for (const [k, r] of was) if (!kept.has(k)) out.push({ id: id('dequeue'), kind: 'dequeue', entry: r.entry });
  for (const r of now) {
    const old = was.get(keyOf(r.entry));
    if (!old || JSON.stringify(old.meta) !== JSON.stringify(r.meta)) out.push({ id: id('enqueue'), kind: 'enqueue', entry: r.entry, meta: r.meta });
  }
  return out;
}

/** A list row as the pages show it (api: OrderRow). */
export interface OrderRow {
  orderId: string;
  assignmentId: string | null;
  className: string;
  itemName: string;
  state: string;
  stateLabel: string;
  department: string | null;
  departmentName: string | null;
  dueAt: string | null;
  level: 'normal' | 'warning' | 'overdue' | 'done';
  subject: string;
  urgency: WorkOrder['urgency'];
  reopened: boolean;
  escalated: boolean;
  recordedAt: string;
  /** The 热点事件's title (rows of an event), else null. */
  title: string | null;
}

function extraOf(meta: QueueMeta): OrderRowExtra {
  try {
    return JSON.parse(meta.bundleId) as OrderRowExtra;
  } catch {
    return { recordedAt: '', dueAt: null, dispatchedAt: null, urgency: 'normal', reopened: false, escalated: false };
  }
}

/** A stored row as a list shows it; `departmentName` from the directory, levels at `now`. */
export function orderRowOf(r: QueueRow, now: Instant, departmentName: (id: string) => string): OrderRow {
  const m = r.meta;
  const x = extraOf(m);
  const assignmentId = m.itemId || null;
  const state = m.state;
  let level: OrderRow['level'] = 'normal';
  if (assignmentId && x.dueAt && x.dispatchedAt) {
    level = assignmentLevel({ state: state as AssignmentState, dueAt: x.dueAt, dispatchedAt: x.dispatchedAt } as Assignment, now);
  } else if (assignmentId) level = 'done';
  else if (state === 'callback' && x.dueAt && instantMillis(x.dueAt) <= instantMillis(now)) level = 'warning';
  const stateLabel = assignmentId ? assignmentStateLabels[state as AssignmentState] ?? state : orderStateLabels[state as OrderState] ?? state;
  return {
    orderId: r.ref.slice(0, r.ref.lastIndexOf('/')), assignmentId, className: m.bundleName, itemName: m.itemName, state, stateLabel,
    department: m.department || null, departmentName: m.department ? departmentName(m.department) : null, dueAt: x.dueAt, level, subject: m.subject,
    urgency: x.urgency, reopened: x.reopened, escalated: x.escalated, recordedAt: x.recordedAt, title: x.title ?? null,
  };
}

/** An order as one row (the search's answers, read from the order itself): its earliest open assignment, if any. */
export function summaryRowOf(o: WorkOrder, now: Instant, departmentName: (id: string) => string): OrderRow {
  const open = o.state === 'transferred' ? o.assignments.filter((a) => a.state === 'dispatched' || a.state === 'accepted') : [];
  const a = open.sort((x, y) => instantMillis(x.dueAt) - instantMillis(y.dueAt))[0] ?? null;
  const dueAt = a ? a.dueAt : o.state === 'callback' ? o.callbacks.find((c) => c.doneAt === null)?.dueAt ?? null : null;
  const r = row('search', dueAt ?? o.recordedAt, o, a, dueAt);
  const shown = orderRowOf({ ...r.entry, meta: { ...r.meta, state: o.state, itemId: '' }, alerts: [] }, now, departmentName);
  return { ...shown, assignmentId: a?.id ?? null, level: a ? assignmentLevel(a, now) : shown.level };
}
