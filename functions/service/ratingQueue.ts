/**
 * Where open rectifications (差评整改, core rectification.ts) are listed: rows of the `queues` table, one per open
 * rectification in its department's list `rect:<district>:<department>` and one in the district's list
 * `rect:<district>:all` (supervisors; the timer's sweep reads it for alerts), both keyed by the due day; a closed
 * one moves to `rect:<district>:closed` (newest first: due = CLOSED_BASE − closing day). The ref is
 * "caseId/rectificationId" (never an item id: rectification ids start with "rc"). Rows are put and deleted by
 * store effects of the case's transition (drain), mended by the queue repair like sub-task rows.
 */
import type { CaseRecord } from '../core/case.js';
import type { QueueEntry } from '../core/queue.js';
import type { RatedCase } from '../core/rating.js';
import { type Rectification, RECTIFICATION_WARN_DAYS } from '../core/rectification.js';
import { dateToInt, shanghaiDate } from '../core/time.js';
import type { QueueMeta } from '../store/queues.js';

const CLOSED_BASE = 100_000_000;

export const rectificationQueue = {
  department: (district: string, department: string) => `rect:${district}:${department}`,
  district: (district: string) => `rect:${district}:all`,
  closed: (district: string) => `rect:${district}:closed`,
};

/** The rows a rectification is listed in now. */
export function rectificationEntries(caseId: string, r: Rectification): QueueEntry[] {
  const ref = `${caseId}/${r.id}`;
  if (r.state === 'closed') return [{ queue: rectificationQueue.closed(r.district), due: CLOSED_BASE - dateToInt(shanghaiDate(r.closedAt ?? r.openedAt)), ref }];
  const due = dateToInt(r.dueDate);
  return [{ queue: rectificationQueue.department(r.district, r.department), due, ref }, { queue: rectificationQueue.district(r.district), due, ref }];
}

/** What a list row names: the outcome once closed (整改完成 / 申诉成立, 超期 when late), 差评整改 while open. */
function outcomeLabel(r: Rectification): string {
  if (r.state !== 'closed') return '差评整改';
  return (r.outcome === 'appealUpheld' ? '申诉成立（误评）' : '整改完成') + (r.onTime === false ? '（超期办结）' : '');
}

export function rectificationMeta(c: CaseRecord, r: Rectification): QueueMeta {
  const s = c.subjects[0];
  return {
    bundleId: `${c.bundleId}@${c.bundleVersion}`, bundleName: c.bundleName, itemId: r.id, itemName: outcomeLabel(r), department: r.department, district: r.district,
    state: r.state, assignee: null, subject: s ? `${s.label} ${s.name ?? s.maskedId ?? ''}`.trim() : c.bundleName, warnDays: RECTIFICATION_WARN_DAYS,
  };
}

/** Every row the case's rectifications are listed in, with what the row shows (the queue repair's expectation). */
export function rectificationRows(c: CaseRecord & RatedCase): { entry: QueueEntry; meta: QueueMeta }[] {
  return (c.rectifications ?? []).flatMap((r) => rectificationEntries(c.id, r).map((entry) => ({ entry, meta: rectificationMeta(c, r) })));
}
