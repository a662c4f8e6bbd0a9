/**
 * A work order as the order page shows it (api: OrderView): the order (caller already masked — the phone in
 * clear is never part of it) with Chinese labels, the departments' names and deadline levels, the merged count of
 * an event, the parent of a merged order (its state and reply), the commands the current actor may give now,
 * and the timeline from the order's `z_` cells.
 */
import type { StaffActor } from '../core/actor.js';
import { type Directory, findDepartment, findDistrict } from '../core/directory.js';
import type { TimelineEvent } from '../core/events.js';
import type { Instant } from '../core/time.js';
import {
  type Assignment,
  assignmentStateLabels,
  orderActionLabels,
  orderOutcomeLabels,
  orderStateLabels,
  requestKindLabels,
  urgencyLabels,
  type WorkOrder,
} from '../core/workOrder.js';
import { townPlaceName } from '../core/hotlineCatalog.js';
import { assignmentLevel } from '../core/workOrderDue.js';
import { allowedCommands } from '../core/workOrderMachine.js';

export interface OrderView extends WorkOrder {
  stateLabel: string;
  outcomeLabel: string | null;
  kindLabel: string;
  urgencyLabel: string;
  /** district · town · address */
  locationLabel: string;
  assignments: (Assignment & { departmentName: string; stateLabel: string; level: 'normal' | 'warning' | 'overdue' | 'done' })[];
  /** Orders merged into this one (an event). */
  mergedCount: number;
  /** The event a merged order belongs to: its state and what it answered. */
  parent: { id: string; title: string; state: string; stateLabel: string; reply: string | null } | null;
  /** The OrderCommand types the current actor may give now. */
  allowed: string[];
  timeline: { id: string; action: string; actionLabel: string; actorName: string; at: string; from: string | null; to: string; reason: string | null; detail: TimelineEvent['detail'] }[];
}

/** What the event answered: the centre's answer, or the lead department's (latest) reply. */
function replyOf(o: WorkOrder): string | null {
  if (o.answer) return o.answer.text;
  const replied = o.assignments.filter((a) => a.reply !== null);
  const lead = replied.filter((a) => a.role === 'lead').pop() ?? replied.pop();
  return lead?.reply?.text ?? null;
}

const eventTitle = (o: WorkOrder) => o.event?.title ?? `${o.className} · ${o.itemName}`;

export function orderView(
  actor: StaffActor,
  o: WorkOrder,
  events: readonly TimelineEvent[],
  extra: { directory: Directory; now: Instant; mergedCount: number; parent: WorkOrder | null },
): OrderView {
  const dir = extra.directory;
  const departmentName = (id: string) => findDepartment(dir, id)?.name ?? id;
  const p = extra.parent;
  const districtName = findDistrict(dir, o.location.district)?.name ?? o.location.district;
  return {
    ...o,
    stateLabel: orderStateLabels[o.state],
    outcomeLabel: o.outcome ? orderOutcomeLabels[o.outcome] : null,
    kindLabel: requestKindLabels[o.kind],
    urgencyLabel: urgencyLabels[o.urgency],
    locationLabel: [districtName, o.location.town ? townPlaceName(departmentName(o.location.town), districtName) : null, o.location.address]
      .filter((s): s is string => !!s)
      .join(' · '),
    assignments: o.assignments.map((a) => ({
      ...a, departmentName: departmentName(a.department), stateLabel: assignmentStateLabels[a.state], level: assignmentLevel(a, extra.now),
    })),
    mergedCount: extra.mergedCount,
    parent: p ? { id: p.id, title: eventTitle(p), state: p.state, stateLabel: orderStateLabels[p.state], reply: replyOf(p) } : null,
    allowed: allowedCommands(actor, o).map(String),
    timeline: events.map((e) => ({
      id: e.id, action: e.action, actionLabel: orderActionLabels[e.action] ?? e.action, actorName: e.actor.name, at: e.at, from: e.from, to: e.to, reason: e.reason,
      detail: e.detail,
    })),
  };
}
