/**
 * Timeline events: every transition records who, when, why, and from which state to which — the
 * timeline the UI shows and the audit trail hashes.
 */
import type { ActorRef } from './actor.js';
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
};
