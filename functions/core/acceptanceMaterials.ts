/**
 * 竣工联合验收, step 2 — 材料审查 with ONE consolidated 材料补正通知 (DESIGN: Joint acceptance).
 *
 * Each department reviews the materials in parallel while its sub-task is claimed and before the site visit; one
 * that finds them incomplete records a request on its sub-task (`requestMaterials`, core subtask.ts) — nothing goes
 * to the applicant yet, the plain 退回补正 is refused in such cases. The window issues ONE notice (`<case>-BZ<n>`)
 * listing every department's pending request: in the same write those sub-tasks go to `returned` (their clocks
 * paused) and the whole-case clock pauses from the notice day. The applicant's supplement is recorded once at the
 * window: the pause closes, the promise moves by the paused days, and exactly the sub-tasks the notice named go back
 * to `claimed`. Pure: time comes in as an instant.
 */
import {
  type AcceptanceChange, type CaseCommandInput, caseAcceptanceOf, caseChange, casePromise, checkOwnAttachments, departmentItems,
  type OwnUploads, partOf, pausedDays, precondition, textProblem,
} from './acceptance.js';
import type { WorkCalendar } from './calendar.js';
import { findDepartment } from './directory.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import type { SubTask } from './subtaskRecord.js';
import { type Instant, shanghaiDate, toUtcInstant } from './time.js';

/** A department's request for missing materials (on its sub-task); `notice` is the notice that carried it. */
export interface MaterialRequest {
  items: string[];
  note: string | null;
  by: string;
  at: Instant;
  notice: string | null;
  supplementedAt: Instant | null;
}

export interface MaterialNotice {
  number: string;
  issuedAt: Instant;
  issuedBy: string;
  requests: { itemId: string; itemName: string; department: string; departmentName: string; items: string[]; note: string | null }[];
}

export interface MaterialSupplement {
  notice: string;
  at: Instant;
  by: string;
  note: string;
  attachments: string[];
}

/** The department's request not yet carried by a notice, if any. */
export function pendingRequest(st: Pick<SubTask, 'acceptance'>): MaterialRequest | null {
  return (partOf(st).materialRequests ?? []).find((r) => r.notice === null) ?? null;
}

/** The latest notice when the applicant's supplement is still to be recorded. */
function openMaterialNotice(acc: { materialNotices?: MaterialNotice[]; materialSupplements?: MaterialSupplement[] }): MaterialNotice | null {
  const last = acc.materialNotices?.at(-1);
  return last && !(acc.materialSupplements ?? []).some((s) => s.notice === last.number) ? last : null;
}

/** 材料补正通知: one notice of every department's pending request; those sub-tasks are returned, the case clock pauses. */
export function issueMaterialNotice(input: CaseCommandInput): AcceptanceChange | DomainError {
  const denied = precondition(input);
  if (denied) return denied;
  const { c, bundle, subTasks, actor, directory } = input;
  const at = toUtcInstant(input.now);
  const acc = caseAcceptanceOf(c);
  if (openMaterialNotice(acc)) return domainError('INVALID_TRANSITION', '上一份材料补正通知尚未登记补正，请先登记申请人补正的材料');
  if (acc.pauses.some((p) => p.until === null)) return domainError('INVALID_TRANSITION', '企业整改期间不能发出材料补正通知');
  const requests = departmentItems(bundle, c).flatMap((i) => {
    const st = subTasks.get(i.id);
    const r = st && st.state === 'claimed' ? pendingRequest(st) : null;
    if (!st || !r) return [];
    const departmentName = findDepartment(directory, st.department)?.name ?? st.department;
    return [{ itemId: i.id, itemName: i.name, department: st.department, departmentName, items: [...r.items], note: r.note }];
  });
  if (requests.length === 0) return domainError('INVALID_TRANSITION', '没有部门提出材料补正要求，无需发出材料补正通知');
  const notices = acc.materialNotices ?? [];
  const notice: MaterialNotice = { number: `${c.id}-BZ${notices.length + 1}`, issuedAt: at, issuedBy: actor.id, requests };
  const today = shanghaiDate(at);
  const { next, event } = caseChange(c, { ...acc, materialNotices: [...notices, notice], pauses: [...acc.pauses, { from: today, until: null }] }, 'materialNotice', actor, at, {
    number: notice.number, departments: requests.map((r) => r.departmentName).join('、'), items: requests.reduce((n, r) => n + r.items.length, 0),
  });
  return {
    result: { case: next, events: [event], effects: [], changed: true },
    subTasks: requests.map((r) => ({ itemId: r.itemId, command: { type: 'materialNotice', number: notice.number } })),
  };
}

/** 补正登记: the applicant's supplement to the open notice; the pause ends, the notice's departments resume review. */
export function recordMaterialSupplement(
  input: CaseCommandInput, body: { note?: unknown; attachments?: unknown }, cal: WorkCalendar, own: OwnUploads,
): AcceptanceChange | DomainError {
  const denied = precondition(input);
  if (denied) return denied;
  const { c, bundle, actor } = input;
  const at = toUtcInstant(input.now);
  const acc = caseAcceptanceOf(c);
  const issues: Issue[] = [];
  const note = typeof body.note === 'string' ? body.note : '';
  issues.push(...textProblem('note', note, '补正说明', 2, 2000, true));
  const attachments = checkOwnAttachments(actor, body.attachments, own, issues, '补正附件');
  if (issues.length) return domainError('VALIDATION_FAILED', issues[0]?.message, issues);
  if (attachments instanceof Error) return attachments;
  const notice = openMaterialNotice(acc);
  if (!notice) return domainError('INVALID_TRANSITION', '没有待补正的材料补正通知');
  const today = shanghaiDate(at);
  const pauses = acc.pauses.map((p) => (p.until === null ? { ...p, until: today } : p));
  const due = casePromise(cal, c.acceptedAt, c.promisedDays ?? bundle.promisedDays, pauses) ?? c.due;
  const supplement: MaterialSupplement = { notice: notice.number, at, by: actor.id, note: note.trim(), attachments };
  const { next, event } = caseChange(c, { ...acc, materialSupplements: [...(acc.materialSupplements ?? []), supplement], pauses }, 'materialSupplement', actor, at, {
    number: notice.number, resume: notice.requests.map((r) => r.itemId).join(','), dueDate: due.date, pausedDays: pausedDays(cal, pauses, today),
  }, { due });
  return {
    result: { case: next, events: [event], effects: [], changed: true },
    subTasks: notice.requests.map((r) => ({ itemId: r.itemId, command: { type: 'materialsSupplemented', number: notice.number } })),
  };
}
