/**
 * Timeline events: every transition records who, when, why, and from which state to which — the
 * timeline the UI shows and the audit trail hashes.
 */
import type { ActorRef } from './actor.js';
import { type Directory, findDepartment, findDistrict, findStaff } from './directory.js';
import type { Instant } from './time.js';

export type EventDetail = Record<string, string | number | boolean | null>;

export interface TimelineEvent {
  /** Stable: "caseId/itemId#version" for sub-tasks, "caseId#version" for the case. */
  id: string;
  caseId: string;
  /** Null for case-level events. */
  itemId: string | null;
  action: string;
  actor: ActorRef;
  at: Instant;
  from: string | null;
  to: string;
  reason: string | null;
  detail: EventDetail;
}

/**
 * Chinese labels of actions: the timeline's events and the mini-app's action buttons and dialogs (one table;
 * verb first, as the buttons read: 提交补正, 审批延期).
 */
export const actionLabels: Record<string, string> = {
  accept: '受理',
  create: '创建子任务',
  withdraw: '撤销',
  handover: '出件',
  complete: '办结',
  close: '终结',
  release: '流转至部门',
  receiveMaterial: '收到共享材料',
  claim: '签收',
  handOff: '转交',
  reassign: '改派',
  returnForCorrection: '退回补正',
  resubmit: '提交补正',
  suspend: '中止',
  resume: '恢复',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  signOff: '签章办结',
  countersign: '会签',
  refuse: '不予受理',
  comment: '评论',
  urge: '催办',
  recordDelivery: '登记寄递',
  cancel: '终止',
  raiseAlert: '时限预警',
  scheduleSiteVisit: '安排联合现场踏勘',
  rectificationNotice: '一次性整改告知',
  rectification: '登记整改',
  noteSiteVisit: '现场踏勘通知',
  confirmSiteVisit: '确认现场踏勘',
  recordOpinion: '单项验收意见',
  reinspect: '复验',
  requestMaterials: '提出材料补正要求',
  materialNotice: '材料补正通知',
  materialSupplement: '登记补正材料',
  materialsSupplemented: '补正材料已登记',
  rate: '申请人评价',
  openRectification: '差评整改立项',
  callBack: '回访核实',
  rectify: '落实整改',
  closeRectification: '反馈办结',
  appealRectification: '申请申诉复核',
  decideAppeal: '申诉复核',
  rectificationAlert: '整改时限预警',
};

const CASE_ENDS = new Set(['complete', 'withdraw', 'close']);

/**
 * Events as a page shows them: in the order they happened (by time; events of one change keep their order)
 * and a hand-off (转交) naming to whom — `detail.toName`, the department (with its district when that
 * changed) and the person, by name — since the detail holds their codes.
 */
export function timelineForDisplay<E extends TimelineEvent>(events: readonly E[], dir: Directory): E[] {
  // at one instant: the case's acceptance first, its end (办结, 撤销, 终结) after the sub-task step that caused it
  const rank = (e: TimelineEvent) => (e.itemId !== null ? 1 : e.action === 'accept' ? 0 : CASE_ENDS.has(e.action) ? 2 : 1);
  const ordered = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : rank(a.e) - rank(b.e) || a.i - b.i))
    .map((x) => x.e);
  return ordered.map((e) => {
    if (e.action === 'reassign') return reassignForDisplay(e, dir);
    if (e.action !== 'handOff' || typeof e.detail?.toDepartment !== 'string') return e;
    const dep = findDepartment(dir, e.detail.toDepartment);
    const district = typeof e.detail.toDistrict === 'string' && e.detail.toDistrict !== e.actor.district ? findDistrict(dir, e.detail.toDistrict)?.name : undefined;
    const person = typeof e.detail.toStaff === 'string' ? findStaff(dir, e.detail.toStaff)?.name : undefined;
    const toName = [district, dep?.name ?? e.detail.toDepartment, person].filter(Boolean).join(' · ');
    return { ...e, detail: { ...e.detail, toName } };
  });
}

/** 改派 names from whom (the person who left the work) and to whom (a colleague, or the department's ready list). */
function reassignForDisplay<E extends TimelineEvent>(e: E, dir: Directory): E {
  const name = (id: unknown) => (typeof id === 'string' ? findStaff(dir, id)?.name ?? id : null);
  return { ...e, detail: { ...e.detail, fromName: name(e.detail?.fromStaff) ?? '', toName: name(e.detail?.toStaff) ?? '部门待签收' } };
}
