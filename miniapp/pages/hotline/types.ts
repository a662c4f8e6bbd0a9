/** The hotline API's shapes as the pages read them (the contract: /api/hotline/*, functions/core/workOrder.ts). */
import type { Assignment, HotlineCatalog, HotlineItem, WorkOrder } from '../../../functions/core/workOrder';

export type { HotlineCatalog, HotlineItem };

/** Deadline level of an open assignment (or done). */
type RowLevel = 'normal' | 'warning' | 'overdue' | 'done';

/** One row of a hotline list (GET /api/hotline/lists/:list, GET /api/hotline/orders?q=). */
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
  level: RowLevel;
  /** Masked phone · the first 30 characters of the content. */
  subject: string;
  urgency: 'normal' | 'urgent';
  reopened: boolean;
  escalated: boolean;
  recordedAt: string;
  /** The 热点事件's title (rows of the events list; absent from older servers). */
  title?: string | null;
}

export interface RowPage {
  rows: OrderRow[];
  next: string | null;
}

export type AssignmentView = Assignment & { departmentName: string; stateLabel: string; level: RowLevel };

interface TimelineRow {
  id: string;
  action: string;
  actionLabel: string;
  actorName: string;
  at: string;
  from: string | null;
  to: string | null;
  reason: string | null;
  detail: unknown;
}

/** GET /api/hotline/orders/:id → { order }. */
export type OrderView = Omit<WorkOrder, 'assignments'> & {
  stateLabel: string;
  outcomeLabel: string | null;
  kindLabel: string;
  urgencyLabel: string;
  locationLabel: string;
  assignments: AssignmentView[];
  mergedCount: number;
  parent: { id: string; title: string; state: string } | null;
  allowed: string[];
  timeline: TimelineRow[];
};

/** POST /api/hotline/events/match → matches. */
export interface EventMatch {
  orderId: string;
  title: string;
  score: number;
  reasons: string[];
  merged: number;
}

export interface NamedDepartment {
  id: string;
  name: string;
}
