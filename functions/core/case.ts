/**
 * Case (办件): one application of one bundle for one subject. Accepted (受理) at a window after a
 * passing pre-check, it runs while its sub-tasks are worked, and is completed (办结) when every
 * sub-task has ended with every required item done — or closed (终结) when a required item was
 * refused; it can be withdrawn (撤销) with a reason while running.
 */
import type { CaseAcceptance } from './acceptance.js';
import { AGENT_MATERIAL, agentRecordData, type CaseAgent, caseAgentOf, type IntakeAgent } from './agent.js';
import { type Actor, actorRef } from './actor.js';
import { type Bundle, findItem, promisedDaysFor, type SubjectKind } from './bundle.js';
import { criticalPathDays } from './bundleGraph.js';
import { addWorkingDays, type DueDate, type WorkCalendar } from './calendar.js';
import { newClock, startClock } from './clock.js';
import { type Directory, findDepartment } from './directory.js';
import { EffectList, type Effect } from './effects.js';
import { domainError, type DomainError, isDomainError } from './errors.js';
import type { TimelineEvent } from './events.js';
import type { Handover } from './handover.js';
import { type FormValues, projectForm, selectItems } from './form.js';
import { normalizeCreditCode } from './creditCode.js';
import { normalizeIdNumber } from './idNumber.js';
import { INTAKE, intakeInputs, type MaterialRecord, missingInputs } from './materials.js';
import { authorizeCase, type CaseScope } from './policy.js';
import { precheck, type Notice } from './precheck.js';
import { type Assignment, routeCase } from './routing.js';
import { listedSubjectCode, normalizeSubjectCode, subjectKindOf } from './subject.js';
import { type CaseInfo, isTerminal, queueEntriesOf, type SubTask, type SubTaskState } from './subtask.js';
import { textIssues, visibleLength } from './text.js';
import { type Instant, isInstant, shanghaiDate, toUtcInstant } from './time.js';

/** Case ids as the core accepts them (acceptCase): 4–40 ASCII letters, digits and dashes, e.g. LB20260302-0001. */
export const CASE_ID_PATTERN = /^[A-Za-z0-9-]{4,40}$/;

export type CaseState = 'accepted' | 'completed' | 'closed' | 'withdrawn';

export const caseStateLabels: Record<CaseState, string> = {
  accepted: '办理中',
  completed: '已办结',
  closed: '已终结',
  withdrawn: '已撤销',
};

/** The intake form as a material: what the applicant filled in. */
const APPLICATION = 'application';

export interface CaseRecord {
  id: string;
  bundleId: string;
  bundleVersion: number;
  bundleName: string;
  state: CaseState;
  acceptingDistrict: string;
  acceptedBy: string;
  acceptedAt: Instant;
  /** Item ids of the case's sub-tasks, bundle order. */
  items: string[];
  /** Initial routing (a hand-off may later move a sub-task). */
  assignments: Record<string, Assignment>;
  districts: string[];
  /** Promise to the applicant (承诺办结日期). */
  due: DueDate;
  /**
   * Subjects as lists show them (core subject.ts): an ID number masked, a credit or project code as it is, with
   * the enterprise's or project's name; `kind` absent for a person. The store indexes the archive by keyed hash.
   */
  subjects: { role: string; label: string; maskedId: string | null; kind?: SubjectKind; name?: string }[];
  withdrawal: { reason: string; by: string; at: Instant } | null;
  endedAt: Instant | null;
  /** 出件 / 领证 recorded by the window (core handover.ts); absent on cases recorded before it existed. */
  handover?: Handover | null;
  /** The whole-case limit in working days the promise was counted with (absent on cases recorded before it was kept). */
  promisedDays?: number;
  /** 竣工联合验收: site visit, rectification notices and records, the case clock's pauses (core acceptance.ts). */
  acceptance?: CaseAcceptance;
  /**
   * 受理点: the window that accepted — the accepting clerk's department and its level (the district hall
   * 'district', a town centre 'town', a village point 'village'); routing does not depend on it (全区通办).
   * Absent on cases recorded before it was kept.
   */
  servicePoint?: CaseServicePoint;
  /** 帮办代办 (core agent.ts): who applied on the subject's behalf, masked; the full record is in the intake. */
  agent?: CaseAgent;
  version: number;
  updatedAt: Instant;
}

export interface CaseServicePoint {
  department: string;
  level: 'district' | 'town' | 'village';
}

/** The 受理点 of a clerk's department: its service point level, the district hall otherwise. */
export function servicePointOf(directory: Directory, department: string): CaseServicePoint {
  return { department, level: findDepartment(directory, department)?.servicePoint?.level ?? 'district' };
}

export interface AcceptInput {
  caseId: string;
  bundle: Bundle;
  values: FormValues;
  chosenOptional: string[];
  /** Documents the applicant supplied (scans, pulled 电子证照), as intake materials. */
  supplied: MaterialRecord[];
  /**
   * Ask once: intake materials held in a subject's archive (issued and signed in a completed case), each keeping its
   * source case and item (caseId, producedBy); not asked, and preferred over a supplied copy of the same type.
   */
  reused?: MaterialRecord[];
  /**
   * 帮办代办: the agent (core agent.ts effectiveAgent: the submission's, or the accepting village 代办员) and how many
   * files the supplied 授权委托书 carries (null: none supplied).
   */
  agent?: { agent: IntakeAgent & { staffId?: string }; authorizationFiles: number | null } | null;
  actor: Actor;
  now: Instant;
  directory: Directory;
  calendar: WorkCalendar;
}

export interface AcceptResult {
  case: CaseRecord;
  subTasks: SubTask[];
  /** The application and the supplied materials, to be stored with the case. */
  materials: MaterialRecord[];
  events: TimelineEvent[];
  effects: Effect[];
  notice: Notice;
}

export interface CaseResult {
  case: CaseRecord;
  events: TimelineEvent[];
  effects: Effect[];
  changed: boolean;
}

export function caseInfoOf(c: CaseRecord): CaseInfo {
  return { id: c.id, state: c.state, acceptingDistrict: c.acceptingDistrict, acceptedBy: c.acceptedBy, items: [...c.items], districts: [...c.districts] };
}

export function caseScope(c: CaseRecord): CaseScope {
  return { acceptingDistrict: c.acceptingDistrict, acceptedBy: c.acceptedBy, districts: [...c.districts] };
}

/** Trimmed values; ID numbers upper-cased. */
export function normalizeValues(bundle: Bundle, values: FormValues): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string') out[k] = v;
    else {
      const def = bundle.fields.find((f) => f.key === k);
      out[k] = def?.type === 'idNumber' ? normalizeIdNumber(v) : def?.type === 'creditCode' ? normalizeCreditCode(v) : v.trim();
    }
  }
  return out;
}

/** A subject of a case: its kind, its normalised number and, for an enterprise or a project, its name. */
export interface SubjectId {
  role: string;
  label: string;
  kind: SubjectKind;
  code: string;
  name?: string;
}

/**
 * Numbers of the case's subjects known so far (form, or issued outputs such as the baby's new ID number),
 * normalised per kind — for the store to index the archive by keyed hash. A person's name is never taken
 * (personal data); an enterprise's or project's name is (public registration data). Never log the numbers.
 */
export function subjectIds(bundle: Bundle, values: FormValues, outputs: Readonly<Record<string, FormValues>>): SubjectId[] {
  const result: SubjectId[] = [];
  for (const s of bundle.subjects) {
    const source = s.source === 'form' ? values : outputs[s.source];
    const v = source?.[s.idField];
    if (typeof v !== 'string' || v.trim() === '') continue;
    const kind = subjectKindOf(s);
    const name = kind !== 'person' && s.nameField ? source?.[s.nameField] : undefined;
    result.push({ role: s.role, label: s.label, kind, code: normalizeSubjectCode(kind, v), ...(typeof name === 'string' && name.trim() ? { name: name.trim() } : {}) });
  }
  return result;
}

/** A subject as the case record keeps it for lists (no hash, a person's number masked). */
export function listedSubject(s: SubjectId): CaseRecord['subjects'][number] {
  const base = { role: s.role, label: s.label, maskedId: listedSubjectCode(s.kind, s.code) };
  return s.kind === 'person' ? base : { ...base, kind: s.kind, ...(s.name ? { name: s.name } : {}) };
}

/** Accept a case: pre-check (all problems → PRECHECK_FAILED with the issues), route, create sub-tasks. */
export function acceptCase(input: AcceptInput): AcceptResult | DomainError {
  const { bundle, actor, directory, calendar } = input;
  if (!isInstant(input.now)) return domainError('VALIDATION_FAILED', '时间格式无效');
  const now = toUtcInstant(input.now);
  if (actor.kind !== 'staff') return domainError('FORBIDDEN', '只有窗口人员可以受理');
  const denied = authorizeCase(actor, 'intake', { acceptingDistrict: actor.district }, directory);
  if (denied) return denied;
  if (!CASE_ID_PATTERN.test(input.caseId)) return domainError('VALIDATION_FAILED', '办件编号无效');

  const values = normalizeValues(bundle, input.values);
  const reused = input.reused ?? [];
  const notice = precheck({
    bundle,
    values,
    chosenOptional: input.chosenOptional,
    providedMaterials: input.supplied.map((m) => m.type),
    acceptingDistrict: actor.district,
    directory,
    now,
    heldMaterials: reused.map((m) => ({ type: m.type, caseId: m.caseId, itemId: m.producedBy })),
    agent: input.agent ?? null,
  });
  if (!notice.ok) return domainError('PRECHECK_FAILED', undefined, notice.issues);
  const agent = input.agent?.agent;

  const items = selectItems(bundle, input.chosenOptional);
  const routes = routeCase(bundle, items, values, actor.district, directory);
  if (isDomainError(routes)) return routes;

  const today = shanghaiDate(now);
  const promise = Math.max(promisedDaysFor(bundle, values), criticalPathDays(bundle, items.map((i) => i.id)));
  const due = addWorkingDays(calendar, today, promise);
  if (!due) return domainError('VALIDATION_FAILED', '无法计算承诺办结日期');

  const districts = [...new Set(Object.values(routes).map((r) => r.district))];
  const application: MaterialRecord = {
    type: APPLICATION,
    caseId: input.caseId,
    producedBy: INTAKE,
    issuer: null,
    data: values,
    attachments: [],
    issuedAt: now,
    seal: null,
  };
  const supplied = input.supplied
    .filter((m) => !reused.some((r) => r.type === m.type))
    .map((m) => ({ ...m, caseId: input.caseId, producedBy: INTAKE, issuedAt: now }));
  // The full agent record (ID and phone numbers encrypted at rest like any ID number) is kept with the intake.
  if (agent) {
    supplied.push({ type: AGENT_MATERIAL, caseId: input.caseId, producedBy: INTAKE, issuer: null, data: agentRecordData(agent), attachments: [], issuedAt: now, seal: null });
  }
  const servicePoint = servicePointOf(directory, actor.department);

  const record: CaseRecord = {
    id: input.caseId,
    bundleId: bundle.id,
    bundleVersion: bundle.version,
    bundleName: bundle.name,
    state: 'accepted',
    acceptingDistrict: actor.district,
    acceptedBy: actor.id,
    acceptedAt: now,
    items: items.map((i) => i.id),
    assignments: routes,
    districts,
    due,
    promisedDays: promise,
    subjects: subjectIds(bundle, values, {}).map(listedSubject),
    withdrawal: null,
    endedAt: null,
    servicePoint,
    ...(agent ? { agent: caseAgentOf(agent, input.agent?.authorizationFiles) } : {}),
    version: 1,
    updatedAt: now,
  };

  const effects = new EffectList(`${input.caseId}@1`);
  const events: TimelineEvent[] = [
    {
      id: `${input.caseId}#1`, caseId: input.caseId, itemId: null, action: 'accept', actor: actorRef(actor), at: now,
      from: null, to: 'accepted', reason: null,
      detail: {
        bundle: `${bundle.id}@${bundle.version}`, items: items.length, dueDate: due.date, provisional: due.provisional,
        // ask once: each reused material with the case and item that issued it ("planningPermit@<case>/<item>")
        servicePoint: servicePoint.department,
        ...(agent ? { agent: agent.relation, ...(agent.staffId ? { agentStaff: agent.staffId } : {}) } : {}),
        ...(reused.length ? { reused: reused.map((m) => `${m.type}@${m.caseId}/${m.producedBy}`).join(',') } : {}),
      },
    },
  ];
  const subTasks: SubTask[] = items.map((item) => {
    const route = routes[item.id];
    const inputs = intakeInputs(bundle, item, [...reused, ...supplied], now);
    const ready = missingInputs(item, inputs).length === 0;
    const clock = ready && item.clockStartsAt === 'release' ? startClock(newClock(item.timeLimitDays), now) : newClock(item.timeLimitDays);
    const draft: SubTask = {
      caseId: input.caseId, itemId: item.id, bundleId: bundle.id, bundleVersion: bundle.version,
      district: route.district, department: route.department,
      state: ready ? 'ready' : 'waiting', assignee: null, clock, releasedAt: ready ? now : null,
      form: projectForm(values, item), inputs, outputs: {}, signatures: [], extension: null,
      correction: null, suspension: null, deliveries: {}, outcomeReason: null, queue: [], todo: null, alertsSent: [],
      version: 1, updatedAt: now,
    };
    const queue = queueEntriesOf(draft, calendar);
    effects.enqueueAll(queue);
    if (ready) {
      effects.add({
        kind: 'notify', caseId: input.caseId, itemId: item.id, to: { department: route.department, roles: ['handler'] },
        template: 'subTaskReady', title: `${bundle.name}·${item.name}`, text: `办件 ${input.caseId}：「${item.name}」待签收`,
      });
    }
    events.push({
      id: `${input.caseId}/${item.id}#1`, caseId: input.caseId, itemId: item.id, action: ready ? 'release' : 'create',
      actor: actorRef(actor), at: now, from: null, to: draft.state, reason: null,
      detail: { district: route.district, department: route.department },
    });
    return { ...draft, queue };
  });

  return { case: record, subTasks, materials: [application, ...supplied, ...reused], events, effects: effects.list(), notice };
}

/** Withdraw (撤销) a running case with a reason; open sub-tasks are cancelled by effects. */
export function withdrawCase(
  c: CaseRecord,
  subTaskStates: Readonly<Record<string, SubTaskState>>,
  reason: string,
  actor: Actor,
  now: Instant,
  directory: Directory,
): CaseResult | DomainError {
  if (!isInstant(now)) return domainError('VALIDATION_FAILED', '时间格式无效');
  const at = toUtcInstant(now);
  const denied = authorizeCase(actor, 'withdraw', caseScope(c), directory);
  if (denied) return denied;
  if (c.state !== 'accepted') return domainError('CASE_CLOSED', `办件${caseStateLabels[c.state]}，不能撤销`);
  const bad = textIssues(reason, { field: 'reason', label: '撤销原因' }, { multiline: true, required: true });
  if (bad.length) return domainError('VALIDATION_FAILED', bad[0].message, bad);
  const why = reason.trim();
  if (visibleLength(why) < 2 || why.length > 500) return domainError('VALIDATION_FAILED', '请填写撤销原因（2至500字）', [{ field: 'reason', code: 'REQUIRED', message: '请填写撤销原因' }]);
  const version = c.version + 1;
  const effects = new EffectList(`${c.id}@${version}`);
  for (const itemId of c.items) {
    const state = subTaskStates[itemId];
    if (state !== undefined && !isTerminal(state)) effects.add({ kind: 'cancelSubTask', caseId: c.id, itemId, reason: `办件已撤销：${why}` });
  }
  for (const district of c.districts) {
    effects.add({ kind: 'notify', caseId: c.id, itemId: null, to: { district, roles: ['supervisor'] }, template: 'caseWithdrawn', title: c.bundleName, text: `办件 ${c.id} 已撤销` });
  }
  const next: CaseRecord = { ...c, state: 'withdrawn', withdrawal: { reason: why, by: actor.id, at }, endedAt: at, version, updatedAt: at };
  const event: TimelineEvent = {
    id: `${c.id}#${version}`, caseId: c.id, itemId: null, action: 'withdraw', actor: actorRef(actor), at,
    from: c.state, to: 'withdrawn', reason: why, detail: {},
  };
  return { case: next, events: [event], effects: effects.list(), changed: true };
}

/**
 * Complete the case if every sub-task has ended: completed when every required item is done,
 * closed otherwise. Idempotent: a case not ready, or already ended, is returned unchanged.
 */
export function completeCase(
  c: CaseRecord,
  subTaskStates: Readonly<Record<string, SubTaskState>>,
  bundle: Bundle,
  actor: Actor,
  now: Instant,
): CaseResult | DomainError {
  if (!isInstant(now)) return domainError('VALIDATION_FAILED', '时间格式无效');
  const at = toUtcInstant(now);
  if (actor.kind !== 'system') return domainError('FORBIDDEN', '办结由系统在全部子任务结束后自动执行');
  const unchanged: CaseResult = { case: c, events: [], effects: [], changed: false };
  if (c.state !== 'accepted') return unchanged;
  const states = c.items.map((id) => subTaskStates[id]);
  if (states.some((s) => s === undefined || !isTerminal(s))) return unchanged;
  const requiredDone = c.items.every((id) => !findItem(bundle, id)?.required || subTaskStates[id] === 'done');
  const state: CaseState = requiredDone ? 'completed' : 'closed';
  const version = c.version + 1;
  const effects = new EffectList(`${c.id}@${version}`);
  effects.add({
    kind: 'notify', caseId: c.id, itemId: null, to: { staff: c.acceptedBy }, template: requiredDone ? 'caseCompleted' : 'caseClosed',
    title: c.bundleName, text: `办件 ${c.id} ${caseStateLabels[state]}`,
  });
  const count = (s: SubTaskState) => states.filter((x) => x === s).length;
  const event: TimelineEvent = {
    id: `${c.id}#${version}`, caseId: c.id, itemId: null, action: requiredDone ? 'complete' : 'close', actor: actorRef(actor), at,
    from: c.state, to: state, reason: null, detail: { done: count('done'), refused: count('refused'), cancelled: count('cancelled') },
  };
  return { case: { ...c, state, endedAt: at, version, updatedAt: at }, events: [event], effects: effects.list(), changed: true };
}
