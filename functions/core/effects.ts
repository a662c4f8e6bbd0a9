/**
 * Effects: what a transition causes elsewhere. They are recorded in the same conditional write as
 * the state change and delivered at least once, so each carries a stable idempotency id derived
 * from the transition that caused it ("<caseId>/<itemId>@<version>/<kind>/<n>"): applying an
 * effect twice must change nothing.
 */
import type { Role } from './directory.js';
import type { QueueEntry } from './queue.js';

/** Who a work notification (工作通知) goes to. */
export type Recipient =
  | { staff: string }
  | { department: string; roles: Role[] }
  | { district: string; roles: Role[] };

export type NoticeTemplate =
  | 'subTaskReady'
  | 'subTaskHandedOver'
  | 'correctionRequested'
  | 'correctionSubmitted'
  | 'countersignRequested'
  | 'extensionRequested'
  | 'extensionDecided'
  | 'subTaskDone'
  | 'subTaskRefused'
  | 'urged'
  | 'caseCompleted'
  | 'caseClosed'
  | 'caseWithdrawn'
  | 'clockWarning'
  | 'clockOverdue'
  | 'siteVisitScheduled'
  | 'rectificationNotice'
  | 'rectificationOpened'
  | 'rectificationAppeal'
  | 'rectificationWarning'
  | 'rectificationOverdue'
  /** 81812345 热线工单: dispatch, 催办, deadline alerts, 升级督办 (core workOrderMachine.ts notices). */
  | 'workOrder';

export type Effect =
  | { id: string; kind: 'shareMaterial'; caseId: string; material: string; fromItem: string; toItem: string; fields: string[]; purpose: string }
  | { id: string; kind: 'releaseSubTask'; caseId: string; itemId: string }
  | { id: string; kind: 'cancelSubTask'; caseId: string; itemId: string; reason: string }
  | { id: string; kind: 'completeCase'; caseId: string }
  | { id: string; kind: 'notify'; caseId: string; itemId: string | null; to: Recipient; template: NoticeTemplate; title: string; text: string }
  | { id: string; kind: 'createTodo'; caseId: string; itemId: string; todoId: string; assignee: string; title: string; dueDate: string | null }
  | { id: string; kind: 'finishTodo'; caseId: string; itemId: string; todoId: string; assignee: string }
  | { id: string; kind: 'enqueue'; entry: QueueEntry }
  | { id: string; kind: 'dequeue'; entry: QueueEntry };

/** An effect before its id is assigned. */
export type EffectInput = Effect extends infer E ? (E extends Effect ? Omit<E, 'id'> : never) : never;

/** Builds effects of one transition with ids "<origin>/<kind>/<n>". */
export class EffectList {
  private readonly items: Effect[] = [];
  private n = 0;

  constructor(private readonly origin: string) {}

  /** Adds an effect; its id is assigned here. */
  add(effect: EffectInput): this {
    this.n += 1;
    const withId: Effect = { ...effect, id: `${this.origin}/${effect.kind}/${this.n}` };
    this.items.push(withId);
    return this;
  }

  enqueueAll(entries: readonly QueueEntry[]): this {
    for (const entry of entries) this.add({ kind: 'enqueue', entry });
    return this;
  }

  dequeueAll(entries: readonly QueueEntry[]): this {
    for (const entry of entries) this.add({ kind: 'dequeue', entry });
    return this;
  }

  list(): Effect[] {
    return [...this.items];
  }
}
