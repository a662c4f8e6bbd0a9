/**
 * What one user sees of a sub-task: the policy's data view applied to the record (form
 * projection, declared input fields, outputs), the clock's status, and the actions the user may
 * take now — so the API and the UI never decide access themselves. Likewise the case overview.
 */
import { openDefects, partOf } from './acceptance.js';
import type { Actor } from './actor.js';
import { type Bundle, type FieldDef, findItem, type Item } from './bundle.js';
import type { WorkCalendar } from './calendar.js';
import { type ClockStatus, clockStatus } from './clock.js';
import { type Directory, findDepartment, findDistrict, OUTSIDE_CITY } from './directory.js';
import { type CaseRecord, caseScope, caseStateLabels } from './case.js';
import type { Handover } from './handover.js';
import type { FormValues } from './form.js';
import type { Delivery } from './materials.js';
import { assigneeGone, authorizeCase, authorizeSubTask, type CaseScope, pick, type SubTaskAction, visibleData } from './policy.js';
import { allowedFrom, type CaseInfo, caseScopeOf, isTerminal, maxExtensionDays, scopeOf, type SubTask, type SubTaskState, subTaskStateLabels } from './subtask.js';
import type { Instant } from './time.js';

export interface SubTaskView {
  caseId: string;
  itemId: string;
  itemName: string;
  district: string;
  department: string;
  state: SubTaskState;
  stateLabel: string;
  assignee: string | null;
  clock: ClockStatus;
  form: FormValues;
  inputs: Record<string, FormValues>;
  outputs: Record<string, FormValues> | null;
  deliveries: Record<string, Delivery>;
  correction: SubTask['correction'];
  extension: SubTask['extension'];
  outcomeReason: string | null;
  /** Actions this user may take in the current state. */
  actions: StaffCommand[];
  /** The most working days this user may ask for with 申请延期 now (1 to this); null when they cannot request one. */
  extensionMaxDays: number | null;
  version: number;
}

/** Actions that are commands (every action but view). */
type StaffCommand = Exclude<SubTaskAction, 'view'>;

const staffActions: readonly StaffCommand[] = [
  'claim', 'handOff', 'returnForCorrection', 'resubmit', 'suspend', 'resume', 'requestExtension', 'decideExtension',
  'signOff', 'countersign', 'refuse', 'comment', 'urge', 'recordDelivery', 'reassign', 'confirmSiteVisit', 'recordOpinion', 'requestMaterials',
];

/** Actions the actor may take on the sub-task now (policy and state both allow). */
function availableActions(actor: Actor, st: SubTask, item: Item, caseInfo: CaseInfo, dir: Directory, jointDepartment: boolean): StaffCommand[] {
  const open = caseInfo.state === 'accepted';
  return staffActions.filter((a) => {
    if (!allowedFrom[a].includes(st.state)) return false;
    if (!open && a !== 'comment' && a !== 'recordDelivery') return false;
    if (a === 'countersign' && (!item.countersign || st.signatures.some((s) => s.signer === actor.id))) return false;
    if (a === 'decideExtension' && (st.extension?.decision !== 'pending' || st.extension.requestedBy === actor.id)) return false;
    if (a === 'requestExtension' && st.extension !== null && st.extension.decision !== 'rejected') return false;
    if (a === 'recordDelivery' && Object.keys(st.outputs).length === 0) return false;
    if (a === 'reassign' && !assigneeGone(scopeOf(st), dir)) return false;
    // 竣工联合验收 (core acceptance.ts): once the site visit is scheduled, a department answers with its signed opinion.
    if (a === 'confirmSiteVisit' && (!st.acceptance?.siteVisit || st.acceptance.siteVisit.confirmedAt !== null)) return false;
    if (a === 'recordOpinion' && !st.acceptance?.siteVisit) return false;
    // its material review asks through the window's one consolidated notice, never alone (core acceptanceMaterials.ts)
    if (a === 'returnForCorrection' && jointDepartment) return false;
    if (a === 'requestMaterials' && (!jointDepartment || st.acceptance?.siteVisit)) return false;
    if (a === 'signOff' && st.acceptance?.siteVisit) return false;
    if (a === 'resubmit' && openDefects(partOf(st)).length > 0) return false;
    return authorizeSubTask(actor, a, scopeOf(st), caseScopeOf(caseInfo), dir) === null;
  });
}

/** The sub-task as this actor may see it; null when the actor may not view it at all (→ 403). */
export function subTaskView(
  actor: Actor,
  st: SubTask,
  item: Item,
  caseInfo: CaseInfo,
  dir: Directory,
  cal: WorkCalendar,
  now: Instant,
  /** A department item of a 竣工联合验收 case (core acceptance.ts isDepartmentItem): 提出材料补正要求 instead of 退回补正. */
  options: { jointDepartment?: boolean } = {},
): SubTaskView | null {
  const c: CaseScope = caseScopeOf(caseInfo);
  if (authorizeSubTask(actor, 'view', scopeOf(st), c, dir) !== null) return null;
  const data = visibleData(actor, item, scopeOf(st), c, dir);
  const inputs: Record<string, FormValues> = {};
  for (const [material, fields] of Object.entries(data.materials)) {
    const received = st.inputs[material];
    if (received) inputs[material] = pick(received.fields, fields);
  }
  const actions = availableActions(actor, st, item, caseInfo, dir, options.jointDepartment === true);
  return {
    caseId: st.caseId,
    itemId: st.itemId,
    itemName: item.name,
    district: st.district,
    department: st.department,
    state: st.state,
    stateLabel: subTaskStateLabels[st.state],
    assignee: st.assignee,
    clock: clockStatus(st.clock, cal, now, item.warnRemainingDays),
    form: pick(st.form, data.form),
    inputs,
    outputs: data.outputs ? st.outputs : null,
    deliveries: st.deliveries,
    correction: st.correction,
    extension: st.extension,
    outcomeReason: st.outcomeReason,
    actions,
    extensionMaxDays: actions.includes('requestExtension') ? maxExtensionDays(item) : null,
    version: st.version,
  };
}

export interface CaseView {
  id: string;
  bundleId: string;
  bundleVersion: number;
  bundleName: string;
  state: CaseRecord['state'];
  stateLabel: string;
  acceptingDistrict: string;
  acceptedAt: Instant;
  due: CaseRecord['due'];
  subjects: CaseRecord['subjects'];
  withdrawal: CaseRecord['withdrawal'];
  /** 出件 / 领证 as the window recorded it (core handover.ts); null before, and in the departments' progress overview. */
  handover: Handover | null;
  /** 受理点: the accepting window by name and level (district hall, town centre, village point); null on older cases. */
  servicePoint?: { department: string; name: string; level: 'district' | 'town' | 'village' } | null;
  /** 帮办代办: the agent as the case record keeps it (masked); null when the applicant applied in person. */
  agent?: CaseRecord['agent'] | null;
  /** The case record's version: the expectedVersion of a case-level change such as withdraw. */
  version: number;
  subTasks: {
    itemId: string;
    itemName: string;
    required: boolean;
    district: string;
    districtName: string;
    department: string;
    departmentName: string;
    state: SubTaskState;
    stateLabel: string;
    clockLevel: ClockStatus['level'];
    dueDate: string | null;
    /** Mailed outputs: carrier and tracking number (no personal data). */
    deliveries: Record<string, Delivery>;
  }[];
}

/** The case as its window, supervisors and auditors see it: progress, deadlines, deliveries; no personal fields beyond masked subjects. */
export function caseView(
  actor: Actor,
  c: CaseRecord,
  subTasks: readonly SubTask[],
  bundle: Bundle,
  dir: Directory,
  cal: WorkCalendar,
  now: Instant,
): CaseView | null {
  if (authorizeCase(actor, 'view', caseScope(c), dir) !== null) return null;
  return {
    id: c.id,
    bundleId: c.bundleId,
    bundleVersion: c.bundleVersion,
    bundleName: c.bundleName,
    state: c.state,
    stateLabel: caseStateLabels[c.state],
    acceptingDistrict: c.acceptingDistrict,
    acceptedAt: c.acceptedAt,
    due: c.due,
    subjects: c.subjects,
    withdrawal: c.withdrawal,
    handover: c.handover ?? null,
    servicePoint: c.servicePoint ? { ...c.servicePoint, name: findDepartment(dir, c.servicePoint.department)?.name ?? c.servicePoint.department } : null,
    agent: c.agent ?? null,
    version: c.version,
    subTasks: c.items.flatMap((itemId) => {
      const st = subTasks.find((s) => s.itemId === itemId);
      const item = findItem(bundle, itemId);
      if (!st || !item) return [];
      const clock = clockStatus(st.clock, cal, now, item.warnRemainingDays);
      return [{
        itemId,
        itemName: item.name,
        required: item.required,
        district: st.district,
        districtName: findDistrict(dir, st.district)?.name ?? st.district,
        department: st.department,
        departmentName: findDepartment(dir, st.department)?.name ?? st.department,
        state: st.state,
        stateLabel: subTaskStateLabels[st.state],
        clockLevel: isTerminal(st.state) ? 'normal' : clock.level,
        dueDate: clock.due?.date ?? null,
        deliveries: st.deliveries,
      }];
    }),
  };
}

/** A field's Chinese label and, for a choice, the label of each value. */
type FieldLabels = Record<string, { label: string; options?: Record<string, string> }>;

/** How a page names what a sub-task view shows: form field labels, material names and their field labels, department and district names. */
export interface ViewLabels {
  fields: FieldLabels;
  materials: Record<string, { name: string; fields: FieldLabels }>;
  departmentName: string;
  districtName: string;
}

/** A field's choices by value: its own options, or the directory's district / department names for those types. */
function choicesOf(f: FieldDef, dir: Directory): Record<string, string> | undefined {
  if (f.options) return Object.fromEntries(f.options.map((o) => [o.value, o.label]));
  if (f.type === 'district') return Object.fromEntries([...dir.districts.map((d) => [d.code, d.name]), [OUTSIDE_CITY, `${dir.city.name}以外`]]);
  if (f.type === 'department') return Object.fromEntries(dir.departments.filter((d) => d.kind === f.departmentKind).map((d) => [d.id, d.name]));
  return undefined;
}

function labelsOf(defs: readonly FieldDef[], dir: Directory): FieldLabels {
  const out: FieldLabels = {};
  for (const f of defs) {
    const options = choicesOf(f, dir);
    out[f.key] = options ? { label: f.label, options } : { label: f.label };
  }
  return out;
}

/** Labels for everything a sub-task view of this bundle can show (labels are not personal data). */
export function viewLabels(bundle: Bundle, view: { department: string; district: string }, dir: Directory): ViewLabels {
  const materials: ViewLabels['materials'] = {};
  for (const m of bundle.materials) materials[m.id] = { name: m.name, fields: labelsOf(m.fields, dir) };
  return {
    fields: labelsOf(bundle.fields, dir),
    materials,
    departmentName: findDepartment(dir, view.department)?.name ?? view.department,
    districtName: findDistrict(dir, view.district)?.name ?? view.district,
  };
}
