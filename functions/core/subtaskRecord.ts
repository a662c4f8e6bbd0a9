/**
 * The sub-task record (子任务): its states, the commands that move it, the context a transition
 * needs, and the queue rows each state implies. The transitions are in subtask.ts.
 */
import type { AcceptancePart, DefectInput, OpinionResult } from './acceptance.js';
import type { Bundle, Item } from './bundle.js';
import { addWorkingDays, type WorkCalendar } from './calendar.js';
import { type Clock, clockDue } from './clock.js';
import type { Directory } from './directory.js';
import type { Effect } from './effects.js';
import type { TimelineEvent } from './events.js';
import type { FormValues } from './form.js';
import type { OutputCorrection } from './identity.js';
import type { Attachment, Delivery, ReceivedInput } from './materials.js';
import type { CaseScope, SubTaskScope } from './policy.js';
import { departmentQueue, PAUSED_DUE, type QueueEntry, subTaskRef, userQueue, windowQueue } from './queue.js';
import { dateToInt, type Instant, shanghaiDate } from './time.js';

export type SubTaskState =
  | 'waiting'
  | 'ready'
  | 'claimed'
  | 'returned'
  | 'suspended'
  | 'countersigning'
  | 'done'
  | 'refused'
  | 'cancelled';

export const subTaskStates: readonly SubTaskState[] = [
  'waiting', 'ready', 'claimed', 'returned', 'suspended', 'countersigning', 'done', 'refused', 'cancelled',
];

export const subTaskStateLabels: Record<SubTaskState, string> = {
  waiting: '待前置办结',
  ready: '待签收',
  claimed: '办理中',
  returned: '退回补正中',
  suspended: '中止',
  countersigning: '待会签',
  done: '已办结',
  refused: '不予受理',
  cancelled: '已终止',
};

const terminalStates: readonly SubTaskState[] = ['done', 'refused', 'cancelled'];

export function isTerminal(state: SubTaskState): boolean {
  return terminalStates.includes(state);
}

/** Special steps whose time is not counted (行政许可法 Art.45). */
export type SuspensionKind = 'inspection' | 'testing' | 'quarantine' | 'appraisal' | 'hearing' | 'expertReview';

export const suspensionLabels: Record<SuspensionKind, string> = {
  inspection: '检验',
  testing: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  hearing: '听证',
  expertReview: '专家评审',
};

export interface Signature {
  signer: string;
  sealId: string;
  at: Instant;
}

export interface ExtensionRequest {
  days: number;
  reason: string;
  requestedBy: string;
  requestedAt: Instant;
  decision: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: Instant | null;
  decisionReason: string | null;
}

export interface SubTask {
  caseId: string;
  itemId: string;
  bundleId: string;
  bundleVersion: number;
  district: string;
  department: string;
  state: SubTaskState;
  /** Staff it is with: the claimer; or, while ready, the person it was handed to. */
  assignee: string | null;
  clock: Clock;
  releasedAt: Instant | null;
  /** The item's projection of the application form. */
  form: FormValues;
  /** Input materials received, only the declared fields. */
  inputs: Record<string, ReceivedInput>;
  /** Output material type → data, set by the (first) sign-off. */
  outputs: Record<string, FormValues>;
  /** Correction notes (更正说明) of output fields that differ from the application, signed with the outputs (absent: none). */
  corrections?: OutputCorrection[];
  signatures: Signature[];
  /** The latest extension request; an approved one can never be followed by another. */
  extension: ExtensionRequest | null;
  correction: { reason: string; items: string[]; by: string; at: Instant } | null;
  suspension: { kind: SuspensionKind; reason: string; by: string; at: Instant } | null;
  /** Mailed outputs: material type → delivery. */
  deliveries: Record<string, Delivery>;
  /** Refusal or cancellation reason. */
  outcomeReason: string | null;
  /** Queue rows the sub-task currently has (kept so they can be deleted exactly). */
  queue: QueueEntry[];
  /** The open 待办 of the claimer. */
  todo: { id: string; assignee: string } | null;
  /** Clock alerts already raised, as "level@limit" (warning@5, overdue@7): once per threshold. */
  alertsSent: string[];
  /** 竣工联合验收: a department's site-visit notice and confirmation, and its opinions (core acceptance.ts). */
  acceptance?: AcceptancePart;
  /** Incremented by every change; the store's conditional write expects the previous value. */
  version: number;
  updatedAt: Instant;
}

export type SubTaskCommand =
  | { type: 'release' }
  | { type: 'receiveMaterial'; material: string; fromItem: string; fields: FormValues; attachments: Attachment[] }
  | { type: 'cancel'; reason: string }
  | { type: 'raiseAlert'; level: 'warning' | 'overdue' }
  | { type: 'claim' }
  | { type: 'handOff'; toStaff?: string; toDepartment?: string; reason: string }
  | { type: 'reassign'; toStaff?: string; reason: string }
  | { type: 'returnForCorrection'; reason: string; items: string[] }
  | { type: 'resubmit'; values: FormValues; note?: string }
  | { type: 'suspend'; kind: SuspensionKind; reason: string }
  | { type: 'resume'; note?: string }
  | { type: 'requestExtension'; days: number; reason: string }
  | { type: 'decideExtension'; approve: boolean; reason?: string }
  | { type: 'signOff'; sealId: string; outputs: Record<string, FormValues>; corrections?: OutputCorrection[] }
  | { type: 'countersign'; sealId: string; opinion?: string }
  | { type: 'refuse'; sealId: string; reason: string }
  | { type: 'comment'; text: string }
  | { type: 'urge'; text: string }
  | { type: 'recordDelivery'; material: string; carrier: string; trackingNumber: string }
  | { type: 'confirmSiteVisit' }
  | { type: 'recordOpinion'; sealId: string; result: OpinionResult; opinion?: string; defects?: DefectInput[] }
  | { type: 'noteSiteVisit'; date: string; time: string; place: string }
  | { type: 'reinspect'; round: number }
  | { type: 'requestMaterials'; items: string[]; note?: string }
  | { type: 'materialNotice'; number: string }
  | { type: 'materialsSupplemented'; number: string };

export type SubTaskCommandType = SubTaskCommand['type'];

/** Commands only the system (dispatcher, timer) issues. */
export const systemCommands: readonly SubTaskCommandType[] = ['release', 'receiveMaterial', 'cancel', 'raiseAlert', 'noteSiteVisit', 'reinspect', 'materialNotice', 'materialsSupplemented'];

/** States each command may start from. */
export const allowedFrom: Record<SubTaskCommandType, readonly SubTaskState[]> = {
  release: ['waiting'],
  receiveMaterial: ['waiting', 'ready', 'claimed', 'returned', 'suspended'],
  cancel: ['waiting', 'ready', 'claimed', 'returned', 'suspended', 'countersigning'],
  raiseAlert: ['claimed', 'returned', 'suspended', 'countersigning'],
  claim: ['ready'],
  handOff: ['claimed'],
  reassign: ['ready', 'claimed', 'returned', 'suspended'],
  returnForCorrection: ['claimed'],
  resubmit: ['returned'],
  suspend: ['claimed'],
  resume: ['suspended'],
  requestExtension: ['claimed', 'returned', 'suspended'],
  decideExtension: ['claimed', 'returned', 'suspended', 'countersigning'],
  signOff: ['claimed'],
  countersign: ['countersigning'],
  refuse: ['claimed', 'countersigning'],
  comment: subTaskStates,
  urge: ['ready', 'claimed', 'returned', 'suspended', 'countersigning'],
  recordDelivery: ['done'],
  confirmSiteVisit: ['ready', 'claimed', 'returned', 'suspended'],
  recordOpinion: ['claimed'],
  noteSiteVisit: ['waiting', 'ready', 'claimed', 'returned', 'suspended'],
  reinspect: ['returned'],
  requestMaterials: ['claimed'],
  materialNotice: ['claimed'],
  materialsSupplemented: ['returned'],
};

export interface CaseInfo {
  id: string;
  /** Only an accepted (running) case takes staff actions. */
  state: 'accepted' | 'completed' | 'closed' | 'withdrawn';
  acceptingDistrict: string;
  acceptedBy: string;
  /** Item ids of the case's sub-tasks. */
  items: string[];
  /** Districts of the case's sub-tasks. */
  districts: string[];
}

export interface SubTaskContext {
  bundle: Bundle;
  item: Item;
  directory: Directory;
  calendar: WorkCalendar;
  caseInfo: CaseInfo;
  /** The case's sub-task states, where the command's read has them (commands that can cascade). */
  siblings?: Readonly<Record<string, SubTaskState>>;
  /** sha256 of the files uploaded to this sub-task, where the command's read has them. */
  uploads?: readonly string[];
}

export interface SubTaskResult {
  subTask: SubTask;
  events: TimelineEvent[];
  effects: Effect[];
  /** False when the command was already applied (idempotent system commands): nothing to write. */
  changed: boolean;
}

export function scopeOf(st: SubTask): SubTaskScope {
  return { bundleId: st.bundleId, itemId: st.itemId, district: st.district, department: st.department, assignee: st.assignee, state: st.state };
}

export function caseScopeOf(c: CaseInfo): CaseScope {
  return { acceptingDistrict: c.acceptingDistrict, acceptedBy: c.acceptedBy, districts: c.districts };
}

/** The most working days one extension (延期, once per sub-task) may add: the item's time limit, at least 1. */
export function maxExtensionDays(item: Item): number {
  return Math.max(1, item.timeLimitDays);
}

/** The due date a queue sorts by: the clock's, or the limit counted from release; paused last. */
function queueDue(st: SubTask, cal: WorkCalendar): number {
  if (st.clock.startedOn !== null) {
    const due = clockDue(st.clock, cal);
    return due ? dateToInt(due.date) : PAUSED_DUE;
  }
  const from = st.releasedAt ? shanghaiDate(st.releasedAt) : null;
  const planned = from ? addWorkingDays(cal, from, st.clock.limitDays + st.clock.extensionDays) : null;
  return planned ? dateToInt(planned.date) : PAUSED_DUE;
}

/**
 * The queue rows a sub-task should have in its current state; `acceptingDistrict` (the case's) places a
 * sub-task returned for correction in that district's window queue.
 */
export function queueEntriesOf(st: SubTask, cal: WorkCalendar, acceptingDistrict?: string): QueueEntry[] {
  const ref = subTaskRef(st.caseId, st.itemId);
  const due = queueDue(st, cal);
  const extension = st.extension?.decision === 'pending' && !isTerminal(st.state) ? [{ queue: departmentQueue(st.district, st.department, 'extension'), due, ref }] : [];
  const window = st.state === 'returned' && acceptingDistrict ? [{ queue: windowQueue(acceptingDistrict), due, ref }] : [];
  return [...stateEntries(st, due, ref), ...extension, ...window];
}

function stateEntries(st: SubTask, due: number, ref: string): QueueEntry[] {
  switch (st.state) {
    case 'ready':
      return [{ queue: st.assignee ? userQueue(st.assignee, 'ready') : departmentQueue(st.district, st.department, 'ready'), due, ref }];
    case 'claimed':
    case 'returned':
    case 'suspended':
      return [
        ...(st.assignee ? [{ queue: userQueue(st.assignee, 'active'), due, ref }] : []),
        { queue: departmentQueue(st.district, st.department, 'active'), due, ref },
      ];
    case 'countersigning':
      return [{ queue: departmentQueue(st.district, st.department, 'countersign'), due, ref }];
    default:
      return [];
  }
}
