/**
 * Response shapes of the lianban HTTP API as the pages read them (schemas/openapi.json). Kept
 * here, not imported from the server, so the mini-app depends on the server only over HTTP.
 */
import type { FieldDef } from '../lib/fields';
import type { DeadlineLevel } from '../lib/deadline';

export type Values = Record<string, string | number | boolean>;

export interface QueueItem {
  caseId: string;
  itemId: string;
  itemName: string;
  bundleName: string;
  department: string;
  departmentName?: string;
  district: string;
  state: string;
  stateLabel: string;
  due: string | null;
  level: DeadlineLevel;
  remainingDays: number | null;
  subject: string;
  assignee?: string | null;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
  counts: { mine: number; department: number; countersign?: number; extension?: number; correction?: number; warning: number; overdue: number };
}

interface ActorRef {
  id: string;
  name: string;
  kind?: string;
}

export interface TimelineEvent {
  id: string;
  itemId: string | null;
  action: string;
  actor: ActorRef;
  at: string;
  from: string | null;
  to: string;
  reason: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

export interface MaterialDef {
  id: string;
  name: string;
  fields: FieldDef[];
  delivery?: string;
}

interface SealOption {
  id: string;
  name: string;
}

interface SubTaskView {
  caseId: string;
  itemId: string;
  itemName: string;
  district: string;
  districtName?: string;
  department: string;
  departmentName?: string;
  state: string;
  stateLabel: string;
  assignee: string | null;
  assigneeName?: string | null;
  clock: { state: string; level: 'normal' | 'warning' | 'overdue'; remainingDays: number; due: { date: string; provisional: boolean } | null; provisional?: boolean };
  form: Values;
  inputs: Record<string, Values>;
  outputs: Record<string, Values> | null;
  deliveries: Record<string, { carrier: string; trackingNumber: string; at: string }>;
  correction: { reason: string; items: string[] } | null;
  extension: { days: number; reason: string; decision: string } | null;
  /** The most working days 申请延期 may ask for now (the server's rule); null when this user cannot request one. */
  extensionMaxDays?: number | null;
  outcomeReason: string | null;
  actions: string[];
  version: number;
}

export interface AttachmentInfo {
  sha256: string;
  name: string;
  size?: number;
  contentType?: string;
  /** The input material it came with; null for files uploaded to the sub-task. */
  material?: string | null;
}

/** A field's label and, for a choice, the label of each value (core ViewLabels). */
export type FieldLabels = Record<string, { label: string; options?: Record<string, string> }>;

/** GET /api/subtasks/:caseId/:itemId. Beyond the view: labels, and definitions for the sign-off form. */
export interface SubTaskDetail {
  subTask: SubTaskView;
  timeline: TimelineEvent[];
  labels?: { fields: FieldLabels; materials: Record<string, { name: string; fields: FieldLabels }>; departmentName: string; districtName: string };
  fields?: FieldDef[];
  /** The materials the item issues, with full field definitions (what 签章办结 asks for). */
  outputs?: MaterialDef[];
  seals?: SealOption[];
  /** Files the actor may download (received with visible materials, or uploaded to the sub-task). */
  attachments?: AttachmentInfo[];
  /** The sign-off form's values from the application, per output material (for a signer). */
  prefill?: Record<string, Values>;
  /** 更正说明 signed with its own outputs. */
  corrections?: { material: string; field: string; reason: string }[];
  /** Per received material: where it disagrees with the application, and the issuer's 更正说明. */
  inputChecks?: Record<string, { mismatches: InputMismatch[]; corrections: { field: string; label: string; reason: string }[] }>;
}

interface InputMismatch {
  field: string;
  label: string;
  source: string;
  expected: string;
  actual: string;
}

interface CaseSubTask {
  itemId: string;
  itemName: string;
  required: boolean;
  districtName: string;
  departmentName: string;
  state: string;
  stateLabel: string;
  clockLevel: 'normal' | 'warning' | 'overdue';
  dueDate: string | null;
  deliveries: Record<string, { carrier: string; trackingNumber: string }>;
}

export interface CaseView {
  id: string;
  bundleId: string;
  /** The version the case pinned (its graph is drawn from it). */
  bundleVersion: number;
  bundleName: string;
  state: string;
  stateLabel: string;
  acceptingDistrict: string;
  acceptedAt: string;
  due: { date: string; provisional: boolean };
  /** A person's masked ID number; an enterprise's or project's name and its (public) code. */
  subjects: { role: string; label: string; maskedId: string | null; kind?: string; name?: string }[];
  withdrawal: { reason: string } | null;
  subTasks: CaseSubTask[];
  version?: number;
  /** 受理点: the window that accepted (district hall, town centre, village point). */
  servicePoint?: { name: string; level: string } | null;
  /** 帮办代办: the agent, masked. */
  agent?: { name: string; idNumber: string | null; relationLabel: string; staffId?: string; authorization?: { files: number } } | null;
}

export interface GraphItem {
  id: string;
  name: string;
  dependsOn: string[];
}

interface Issue {
  field?: string;
  path?: string;
  code: string;
  message: string;
}

/** Where an intake material comes from (ask once): the applicant, or the archive (the case that issued it). */
interface MaterialSource {
  material: string;
  name: string;
  source: 'applicant' | 'archive';
  caseId?: string;
  itemId?: string;
}

export interface Notice {
  ok: boolean;
  issues: Issue[];
  text: string;
  checkedAt?: string;
  /** Every intake material the case needs, with its source (sent by the pre-check). */
  materials?: MaterialSource[];
}
