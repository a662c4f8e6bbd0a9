/**
 * 81812345 热线工单 (hotline work order): the shared vocabulary of the hotline (DESIGN "Hotline (81812345)").
 * A work order is recorded by an operator (话务员) of a district's 公共事务受理中心 in one call: the caller
 * (phone encrypted at rest like an ID number, masked everywhere, never logged), the class and item of the
 * hotline catalog (热线事项目录: classes → items, configured data an admin maintains), what the caller asked,
 * where, and how urgent. It is then
 *   直接答复 (answered on the spot, the knowledge-base answer used or not)        → closed
 *   稍后回拨 (a call-back scheduled; due call-backs form the operators' queue)   → callback → answered | transferred
 *   分类转办 (transferred to one or several departments: 主办 + 协办, 多部门联办)   → transferred
 *   并单 (merged under an open 热点事件, answered with it)                          → merged
 * Each department of a transferred order has an assignment (派单): 待签收 → 签收 (办理中) → 答复; or 退单 with a
 * reason, back to the centre, which re-assigns (改派). When every assignment has replied the order waits for
 * 回访: the centre calls the caller and records satisfaction (the five 好差评 levels); 不满意 / 非常不满意 may
 * be reopened (重办) once, which dispatches the order again to the same departments. 督办: supervisors urge
 * (催办) and escalate (升级) overdue and reopened orders. 三方通话 are recorded on the order.
 *
 * This file holds only types and constants; the rules are in workOrderMachine.ts (transitions),
 * workOrderDue.ts (time limits), hotlineCatalog.ts (catalog validation, department suggestion) and
 * hotlineEvents.ts (matching a new call to an open 热点事件).
 */
import type { ActorRef } from './actor.js';
import type { EventDetail } from './events.js';
import type { RatingLevel } from './rating.js';
import type { CalendarDate, Instant } from './time.js';

/** Order ids: "wo-<yyyymmdd>-<nnnn>" (the accepting district's day counter `wo:<district>:<day>`). */
export const ORDER_ID_PATTERN = /^wo-\d{8}-\d{4,6}$/;

// --- the catalog (热线事项目录) ---------------------------------------------------------------------

/** 诉求类型: what a request is (sets the default time limit of an item; research: Guangdong 2 / 10 / 15 wd). */
export type RequestKind = 'consult' | 'help' | 'complaint' | 'report' | 'suggestion';

export const requestKindLabels: Record<RequestKind, string> = {
  consult: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
};

/** 办理时限: hours (wall clock, the hotline runs 7×24) or working days (core calendar; start day not counted). */
export type TimeLimit = { unit: 'hours'; value: number } | { unit: 'workingDays'; value: number };

export interface HotlineItem {
  /** Stable id, /^[a-z][a-z0-9]{1,39}$/ (ASCII: it names statistics columns), unique in the catalog. */
  id: string;
  name: string;
  kind: RequestKind;
  limit: TimeLimit;
  /**
   * Who handles it: a department kind of the directory (e.g. 'urbanManagement'); 'townCenter' means the
   * 镇（街道） of the location (the town picked on the order). Null: answered by the centre only (no transfer
   * suggested).
   */
  departmentKind: string | null;
  /** 知识库 answer the operator can read out (may be empty). */
  answer: string;
  /** Words that help matching calls to one event (optional). */
  keywords: string[];
  /** False: kept for old orders, not offered for new ones. */
  active: boolean;
}

export interface HotlineClass {
  /** Stable id, /^[a-z][a-z0-9]{1,39}$/, unique in the catalog. */
  id: string;
  name: string;
  items: HotlineItem[];
}

/** One district's catalog (directory row kind `hotlineCatalog`, id = district id), versioned like other config. */
export interface HotlineCatalog {
  district: string;
  version: number;
  classes: HotlineClass[];
  updatedAt: Instant;
  updatedBy: string;
}

// --- the order --------------------------------------------------------------------------------------

export type Urgency = 'normal' | 'urgent';

export const urgencyLabels: Record<Urgency, string> = { normal: '一般', urgent: '紧急' };

/** Urgent orders are due within this many hours when the item's own limit is longer. */
export const URGENT_LIMIT_HOURS = 24;

/** 退单 is allowed within this many working days of the dispatch (Shandong: 回退 within 2 wd, with reason). */
export const RETURN_WITHIN_WORKING_DAYS = 2;

/** A deadline level of an assignment: warning when less than this share of its limit is left. */
export const WARN_SHARE = 0.25;

export type OrderState = 'callback' | 'transferred' | 'visit' | 'merged' | 'closed';

export const orderStateLabels: Record<OrderState, string> = {
  callback: '待回拨',
  transferred: '办理中',
  visit: '待回访',
  merged: '已并单',
  closed: '已办结',
};

/** How a closed order ended. */
export type OrderOutcome = 'answered' | 'visited' | 'unsatisfied' | 'withParent';

export const orderOutcomeLabels: Record<OrderOutcome, string> = {
  answered: '直接答复',
  visited: '回访办结',
  unsatisfied: '回访不满意办结',
  withParent: '随主单办结',
};

export type AssignmentState = 'dispatched' | 'accepted' | 'replied' | 'returned';

export const assignmentStateLabels: Record<AssignmentState, string> = {
  dispatched: '待签收',
  accepted: '办理中',
  replied: '已答复',
  returned: '已退单',
};

export type ReturnCategory = 'notOurDuty' | 'notOurArea' | 'unclear';

export const returnCategoryLabels: Record<ReturnCategory, string> = {
  notOurDuty: '非本单位职责',
  notOurArea: '非本辖区',
  unclear: '诉求不清',
};

/** One department's part of a transferred order (派单). */
export interface Assignment {
  /** "a1", "a2", … in dispatch order (a re-dispatch after 退单 or 重办 gets a new id). */
  id: string;
  department: string;
  /** 主办 (lead) or 协办. One lead per dispatch round. */
  role: 'lead' | 'assist';
  state: AssignmentState;
  /** Dispatch round: 1, and 2 after a 重办 (reopen). */
  round: number;
  dispatchedAt: Instant;
  dispatchedBy: string;
  dueAt: Instant;
  acceptedAt: Instant | null;
  acceptedBy: string | null;
  reply: { text: string; by: string; at: Instant } | null;
  /** Replied by dueAt (null while open or returned). */
  onTime: boolean | null;
  returned: { category: ReturnCategory; reason: string; by: string; at: Instant } | null;
  /** Set when the centre re-assigned a returned assignment: the id of the assignment that replaced it. */
  replacedBy: string | null;
  /** 催办 notes by supervisors. */
  urges: { note: string; by: string; at: Instant }[];
  /** Deadline alerts already raised by the timer (once per level). */
  alerts: ('warning' | 'overdue')[];
}

export interface OrderLocation {
  /** District of the place the request is about (a district id of the directory). */
  district: string;
  /** 镇（街道）: a department id whose `servicePoint.level` is 'town', or null when not known. */
  town: string | null;
  /** Street address or place description (free text, ≤ 100 chars). */
  address: string;
}

export interface CallerView {
  /** 138****5678 */
  maskedPhone: string;
  /** Surname + 先生/女士 or as given; may be empty (anonymous callers are allowed). */
  name: string;
}

export interface WorkOrder {
  id: string;
  /** The hotline centre's district (the operator's), which owns the order. */
  district: string;
  classId: string;
  className: string;
  itemId: string;
  itemName: string;
  kind: RequestKind;
  /** The catalog version the order was recorded under. */
  catalogVersion: number;
  limit: TimeLimit;
  content: string;
  location: OrderLocation;
  urgency: Urgency;
  caller: CallerView;
  state: OrderState;
  outcome: OrderOutcome | null;
  recordedAt: Instant;
  recordedBy: string;
  /** 直接答复 (on the spot or at a call-back). */
  answer: { text: string; knowledgeUsed: boolean; by: string; at: Instant } | null;
  /** A scheduled call-back (state callback); kept after it is made, with what came of it. */
  callbacks: { dueAt: Instant; note: string; scheduledBy: string; scheduledAt: Instant; doneAt: Instant | null; doneBy: string | null }[];
  assignments: Assignment[];
  /** 三方通话 records. */
  calls: { department: string; summary: string; by: string; at: Instant }[];
  /** 回访 records (one per round). */
  visits: { level: RatingLevel | null; reached: boolean; comment: string; by: string; at: Instant; round: number }[];
  /** 重办 (reopen) — at most once. */
  reopened: { reason: string; by: string; at: Instant } | null;
  /** 升级 by a supervisor. */
  escalated: { note: string; by: string; at: Instant } | null;
  /** Set when this order is a 热点事件 others are merged into. */
  event: { title: string; markedBy: string; markedAt: Instant } | null;
  /** Set when merged (state merged): the parent's id. */
  parentId: string | null;
  closedAt: Instant | null;
  version: number;
}

// --- commands ---------------------------------------------------------------------------------------

/** What the operator decided on the first call. */
export type Disposition =
  | { type: 'answer'; text: string; knowledgeUsed: boolean; level?: RatingLevel }
  | { type: 'transfer'; departments: string[]; lead: string; note?: string }
  | { type: 'callback'; at: Instant; note: string }
  | { type: 'merge'; parentId: string };

/** POST /api/hotline/orders body (validated by parseNewOrder in workOrderMachine.ts). */
export interface NewOrderInput {
  requestId: string;
  caller: { phone: string; name: string };
  classId: string;
  itemId: string;
  content: string;
  location: OrderLocation;
  urgency: Urgency;
  disposition: Disposition;
}

export type OrderCommand =
  // department handlers of the assignment's department
  | { type: 'accept'; assignmentId: string }
  | { type: 'return'; assignmentId: string; category: ReturnCategory; reason: string }
  | { type: 'reply'; assignmentId: string; text: string }
  // operators of the owning district
  | { type: 'reassign'; assignmentId: string; department: string; note: string }
  | { type: 'answer'; text: string; knowledgeUsed: boolean; level?: RatingLevel }
  | { type: 'transfer'; departments: string[]; lead: string; note?: string }
  | { type: 'scheduleCallback'; at: Instant; note: string }
  | { type: 'recordCall'; department: string; summary: string }
  | { type: 'visit'; reached: boolean; level: RatingLevel | null; comment: string }
  | { type: 'reopen'; reason: string }
  | { type: 'markEvent'; title: string }
  // supervisors of the owning district
  | { type: 'urge'; assignmentId: string; note: string }
  | { type: 'escalate'; note: string }
  // the timer
  | { type: 'raiseAlert'; assignmentId: string; level: 'warning' | 'overdue' };

/** Who may give each command (workOrderMachine.ts authorizeOrderCommand checks it against the actor). */
export const orderCommandRole: Record<OrderCommand['type'], 'department' | 'operator' | 'supervisor' | 'timer'> = {
  accept: 'department', return: 'department', reply: 'department',
  reassign: 'operator', answer: 'operator', transfer: 'operator', scheduleCallback: 'operator', recordCall: 'operator', visit: 'operator', reopen: 'operator', markEvent: 'operator',
  urge: 'supervisor', escalate: 'supervisor',
  raiseAlert: 'timer',
};

/** Timeline actions of orders, with their Chinese labels (the order page's timeline and buttons). */
export const orderActionLabels: Record<string, string> = {
  record: '登记工单',
  answer: '直接答复',
  scheduleCallback: '预约回拨',
  transfer: '转办',
  merge: '并单',
  accept: '签收',
  return: '退单',
  reassign: '改派',
  reply: '答复',
  recordCall: '三方通话',
  visit: '回访',
  reopen: '重办',
  close: '办结',
  urge: '催办',
  escalate: '升级督办',
  markEvent: '设为热点事件',
  raiseAlert: '时限预警',
};

/**
 * One order event on its timeline (stored like a case's TimelineEvent: caseId = the order id, itemId = the
 * assignment id or null). Statistics count these (orderTally.ts).
 */
export interface OrderEventInput {
  action: keyof typeof orderActionLabels;
  assignmentId: string | null;
  from: string | null;
  to: string;
  reason: string | null;
  detail: EventDetail;
}

/** What a transition decided: the new order and its events; effects are derived by the service from the two orders. */
export interface OrderTransition {
  order: WorkOrder;
  events: OrderEventInput[];
  /** Work notices to send (department handlers, supervisors, leaders). */
  notices: { to: { department: string; role: 'handler' | 'supervisor' | 'leader' } | { district: string; role: 'supervisor' | 'leader' }; title: string; text: string }[];
}

/** Context a transition needs from outside the order. */
export interface OrderContext {
  now: Instant;
  actor: ActorRef;
  /** Business calendar (working days). */
  workdays: { addWorkingDays(start: CalendarDate, n: number): CalendarDate | null; countWorkingDays(from: CalendarDate, to: CalendarDate): number };
  /** Departments that exist and may receive orders: id → { name, district }. */
  departments: ReadonlyMap<string, { name: string; district: string }>;
}
