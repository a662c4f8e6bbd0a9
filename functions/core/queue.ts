/**
 * Queue entries: where a sub-task appears — its department's queue while ready, the claimer's and
 * the department's active queues while being worked, the department's countersign queue while a
 * second signature is awaited, the department's extension queue while an extension request (延期申请)
 * awaits its decision, and the accepting district's window queue while it is returned for correction
 * (退回补正: the window brings the materials). The store keeps one row per entry (queue, due, ref); entries are put
 * and deleted by enqueue/dequeue effects, so a queue page is one short range read.
 */

export interface QueueEntry {
  /** e.g. "dept:330212:yinzhou-police:ready" or "user:yz-police-h1:active". */
  queue: string;
  /** Deadline as YYYYMMDD (99991231 while the clock is paused), the sort key. */
  due: number;
  /** "caseId/itemId". */
  ref: string;
}

export type QueueState = 'ready' | 'active' | 'countersign' | 'extension';

export const PAUSED_DUE = 99991231;

export function departmentQueue(district: string, department: string, state: QueueState): string {
  return `dept:${district}:${department}:${state}`;
}

/** The accepting window's list of sub-tasks returned for correction: "window:<district>:returned". */
export function windowQueue(district: string): string {
  return `window:${district}:returned`;
}

export function userQueue(staffId: string, state: 'ready' | 'active'): string {
  return `user:${staffId}:${state}`;
}

/** The ref of a sub-task in queue rows and effects: "caseId/itemId" (neither id contains a slash). */
export function subTaskRef(caseId: string, itemId: string): string {
  return `${caseId}/${itemId}`;
}

/** The case and item ids of a sub-task ref made by subTaskRef (split at the last slash). */
export function parseSubTaskRef(ref: string): { caseId: string; itemId: string } {
  const slash = ref.lastIndexOf('/');
  return { caseId: ref.slice(0, slash), itemId: ref.slice(slash + 1) };
}

function sameEntry(a: QueueEntry, b: QueueEntry): boolean {
  return a.queue === b.queue && a.due === b.due && a.ref === b.ref;
}

/** Entries to delete and to put when a sub-task moves from `before` to `after`. */
export function queueDiff(before: readonly QueueEntry[], after: readonly QueueEntry[]): { remove: QueueEntry[]; add: QueueEntry[] } {
  return {
    remove: before.filter((b) => !after.some((a) => sameEntry(a, b))),
    add: after.filter((a) => !before.some((b) => sameEntry(a, b))),
  };
}
