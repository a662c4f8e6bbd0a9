/**
 * 帮办代办: someone applies on the subject's behalf — a relative, a village (村/社区) 代办员, a window's 帮办 or an
 * appointed representative. The intake submission names the agent (name, 公民身份号码, phone, relation) and brings
 * the 授权委托书 (material `agentAuthorization`, with its scan), which is then required. A village 代办员 who accepts a
 * case is its agent unless the submission names another. The case record keeps the agent as lists show it (masked);
 * the full record (ID and phone numbers encrypted at rest) is stored with the case's intake. DESIGN: 帮办代办.
 */
import type { Actor } from './actor.js';
import type { FieldDef, MaterialType } from './bundle.js';
import { type Directory, findDepartment } from './directory.js';
import type { Issue } from './errors.js';
import { checkFieldValue } from './fieldValue.js';
import type { FormValues } from './form.js';
import { maskIdNumber, maskPhone, normalizeIdNumber } from './idNumber.js';
import { maskName } from './caseSearch.js';
import type { CalendarDate } from './time.js';

/** The agent as the intake submission names them. */
export interface IntakeAgent {
  name: string;
  idNumber?: string;
  phone?: string;
  relation: string;
}

/** The agent as the case record keeps it: masked, with the relation's label; `staffId` when a 代办员 of lianban. */
export interface CaseAgent {
  name: string;
  idNumber: string | null;
  phone: string | null;
  relation: string;
  relationLabel: string;
  staffId?: string;
  /** The 授权委托书 as received: how many files (scans, photos) it carries; kept with the intake. */
  authorization?: { files: number };
}

/** The material type of the authorisation (授权委托书); its scan is the evidence. */
export const AGENT_AUTHORIZATION = 'agentAuthorization';

export const agentAuthorizationType: MaterialType = {
  id: AGENT_AUTHORIZATION,
  name: '授权委托书',
  fields: [{ key: 'validUntil', label: '委托有效期至', type: 'date' }],
};

/** The material type under which the full agent record is stored with the intake (never shared to a sub-task). */
export const AGENT_MATERIAL = 'agent';

const agentRelations = [
  { value: 'relative', label: '亲属' },
  { value: 'villageAgent', label: '村（社区）代办员' },
  { value: 'windowHelper', label: '窗口帮办' },
  { value: 'attorney', label: '委托代理人' },
] as const;

/** The agent block of the intake form (the fields' keys are those of the stored record). */
export const agentFields: FieldDef[] = [
  { key: 'agentName', label: '代办人姓名', type: 'text', required: true, maxLength: 50 },
  { key: 'agentIdNumber', label: '代办人公民身份号码', type: 'idNumber', required: true },
  { key: 'agentPhone', label: '代办人联系电话', type: 'phone', required: true },
  { key: 'agentRelation', label: '与申请人关系', type: 'select', required: true, options: agentRelations.map((r) => ({ ...r })) },
];

const submissionKey: Record<string, keyof IntakeAgent> = { agentName: 'name', agentIdNumber: 'idNumber', agentPhone: 'phone', agentRelation: 'relation' };

/** The agent's values keyed as the form fields (`agentName` …). */
function agentValues(agent: IntakeAgent): FormValues {
  const out: FormValues = {};
  for (const [key, prop] of Object.entries(submissionKey)) {
    const v = agent[prop];
    if (typeof v === 'string' && v.trim() !== '') out[key] = key === 'agentIdNumber' ? normalizeIdNumber(v) : v.trim();
  }
  return out;
}

/** Whether the actor accepts at a village point (村/社区代办点): their department's service point level. */
function isVillageAgent(actor: Actor, dir: Directory): boolean {
  return actor.kind === 'staff' && findDepartment(dir, actor.department)?.servicePoint?.level === 'village';
}

/**
 * The agent of an intake: the submission's, or — when a village 代办员 accepts and names none — the 代办员 themself
 * (relation 村（社区）代办员, identified by their staff account: no ID number or phone asked).
 */
export function effectiveAgent(submitted: IntakeAgent | undefined, actor: Actor, dir: Directory): (IntakeAgent & { staffId?: string }) | null {
  if (submitted) return submitted;
  if (actor.kind === 'staff' && isVillageAgent(actor, dir)) return { name: actor.name, relation: 'villageAgent', staffId: actor.id };
  return null;
}

/** Problems of the agent's fields (the pre-check tells them in the notice, each under `agent.<field>`). */
export function agentIssues(agent: IntakeAgent & { staffId?: string }, today: CalendarDate): Issue[] {
  const values = agentValues(agent);
  const issues: Issue[] = [];
  for (const field of agentFields) {
    const v = values[field.key];
    const byStaff = agent.staffId !== undefined && (field.key === 'agentIdNumber' || field.key === 'agentPhone');
    if (v === undefined) {
      if (!byStaff) issues.push({ field: `agent.${submissionKey[field.key]}`, code: 'REQUIRED', message: `【${field.label}】未填写` });
      continue;
    }
    issues.push(...checkFieldValue(field, v, { today }).map((i) => ({ ...i, field: `agent.${submissionKey[field.key]}` })));
  }
  return issues;
}

/**
 * The agent as the case record and the receipt show it: name, ID number and phone masked (a 代办员 of lianban by their
 * staff name, printed like the accepting clerk's); with the 授权委托书's file count.
 */
export function caseAgentOf(agent: IntakeAgent & { staffId?: string }, authorizationFiles?: number | null): CaseAgent {
  const v = agentValues(agent);
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : null);
  const id = str('agentIdNumber');
  const phone = str('agentPhone');
  return {
    name: agent.staffId ? agent.name : maskName(str('agentName') ?? ''),
    idNumber: id ? maskIdNumber(id) : null,
    phone: phone ? maskPhone(phone) : null,
    relation: agent.relation,
    relationLabel: agentRelations.find((r) => r.value === agent.relation)?.label ?? agent.relation,
    ...(agent.staffId ? { staffId: agent.staffId } : {}),
    ...(authorizationFiles ? { authorization: { files: authorizationFiles } } : {}),
  };
}

/** The full agent record as stored with the intake (field keys of `agentFields`; ID and phone encrypted at rest). */
export function agentRecordData(agent: IntakeAgent & { staffId?: string }): FormValues {
  return { ...agentValues(agent), ...(agent.staffId ? { agentStaffId: agent.staffId } : {}) };
}

/** "代办人：王** · 亲属 · 身份证 3302**********0011" as the receipt and the case view print it. */
export function agentLine(a: CaseAgent): string {
  return [`代办人：${a.name}`, a.relationLabel, ...(a.idNumber ? [`身份证 ${a.idNumber}`] : []), ...(a.staffId ? [`工号 ${a.staffId}`] : [])].join(' · ');
}
