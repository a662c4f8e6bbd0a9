/**
 * 预审 (pre-check): every problem of an application at once — ID numbers (GB 11643 check digit,
 * birth date), required fields, formats, the bundle's eligibility rules (申请条件, e.g. the baby
 * under the age limit, parents' registration) and routing — told in ONE 一次性告知 notice.
 */
import { AGENT_AUTHORIZATION, agentAuthorizationType, agentIssues, type IntakeAgent } from './agent.js';
import { type Bundle, type EligibilityRule, type FieldDef, findMaterialType } from './bundle.js';
import type { Directory } from './directory.js';
import type { Issue } from './errors.js';
import { checkFieldValue, dateOf } from './fieldValue.js';
import { deriveForm, type FormValues, isFieldRequired, selectItems } from './form.js';
import { normalizeIdNumber } from './idNumber.js';
import { isAssignment, routeItem, type RoutingProblem } from './routing.js';
import { subjectFieldIssues } from './subject.js';
import { type CalendarDate, daysBetween, type Instant, shanghaiDate } from './time.js';

export interface PrecheckInput {
  bundle: Bundle;
  values: FormValues;
  /** Optional items the applicant chose. */
  chosenOptional: readonly string[];
  /** Material types the clerk has received or pulled (电子证照) at the window. */
  providedMaterials: readonly string[];
  acceptingDistrict: string;
  directory: Directory;
  now: Instant;
  /** Ask once: intake materials lianban already holds, issued and signed in a completed case of a subject. */
  heldMaterials?: readonly HeldMaterial[];
  /**
   * 帮办代办 (core agent.ts): the agent applying on the subject's behalf, and how many files the supplied 授权委托书
   * carries (null: not supplied). The 授权委托书 with its scan is then required.
   */
  agent?: { agent: IntakeAgent & { staffId?: string }; authorizationFiles: number | null } | null;
}

/** An intake material found in a subject's archive: the completed case and the item that issued it. */
interface HeldMaterial {
  type: string;
  caseId: string;
  itemId: string;
}

/** Where an intake material the case needs comes from: the applicant, or the archive (a case of a subject). */
type IntakeMaterialSource =
  | { material: string; name: string; source: 'applicant' }
  | { material: string; name: string; source: 'archive'; caseId: string; itemId: string };

/** 一次性告知: everything missing or wrong, told once. */
export interface Notice {
  ok: boolean;
  bundleId: string;
  bundleVersion: number;
  checkedAt: Instant;
  issues: Issue[];
  /** The notice as the printed document reads (Chinese). */
  text: string;
  /** Every intake material the chosen items need, with its source (never asked when the archive holds it). */
  materials: IntakeMaterialSource[];
}

type RuleOutcome = 'pass' | 'fail' | 'unknown';

/** Whether someone born on `birth` is `years` old on `on` (born 29 February: on 1 March of a common year). */
function ageReached(birth: CalendarDate, years: number, on: CalendarDate): boolean {
  return `${String(Number(birth.slice(0, 4)) + years).padStart(4, '0')}${birth.slice(4)}` <= on;
}

/** The next day "MM-DD" from `today` on (today itself when it is that day). */
function nextDayOfYear(today: CalendarDate, monthDay: string): CalendarDate {
  const thisYear = `${today.slice(0, 4)}-${monthDay}`;
  return thisYear >= today ? thisYear : `${String(Number(today.slice(0, 4)) + 1).padStart(4, '0')}-${monthDay}`;
}

/** What a rule is judged on: the form's fields, its valid values, the items chosen (required ones included). */
interface RuleContext {
  fields: ReadonlyMap<string, FieldDef>;
  values: FormValues;
  chosen: ReadonlySet<string>;
  bundle: Bundle;
  dir: Directory;
  today: CalendarDate;
}

function ruleOutcome(rule: EligibilityRule, ctx: RuleContext): RuleOutcome {
  const { fields, values, bundle, dir, today } = ctx;
  const dateValue = (ref: string): CalendarDate | null => {
    const [key, suffix] = ref.split('.');
    const f = fields.get(key);
    if (!f) return null;
    return suffix === 'birthDate' && f.type !== 'idNumber' ? null : dateOf(f, values[key]);
  };
  switch (rule.kind) {
    case 'maxAge': {
      const d = dateValue(rule.field);
      if (d === null) return 'unknown';
      return daysBetween(d, today) <= rule.maxDays ? 'pass' : 'fail';
    }
    case 'minAge': {
      const d = dateValue(rule.field);
      return d === null ? 'unknown' : ageReached(d, rule.years, rule.by ? nextDayOfYear(today, rule.by) : today) ? 'pass' : 'fail';
    }
    case 'chosenWhen': {
      if (!rule.items.some((i) => ctx.chosen.has(i))) return 'pass';
      const v = values[rule.field];
      if (v === undefined || v === '') return 'unknown';
      return rule.values.includes(String(v)) ? 'pass' : 'fail';
    }
    case 'oneOf': {
      const v = values[rule.field];
      if (v === undefined || v === '') return 'unknown';
      return rule.values.includes(String(v)) ? 'pass' : 'fail';
    }
    case 'districtJoined': {
      const v = values[rule.field];
      if (typeof v !== 'string' || v === '') return 'unknown';
      return dir.districts.some((d) => d.code === v && d.bundles.includes(bundle.id)) ? 'pass' : 'fail';
    }
    case 'differ': {
      const present = rule.fields.map((k) => values[k]).filter((v): v is string => typeof v === 'string' && v !== '');
      const normalized = present.map((v) => normalizeIdNumber(v));
      return new Set(normalized).size === normalized.length ? 'pass' : 'fail';
    }
    case 'dateOrder': {
      const a = dateValue(rule.before);
      const b = dateValue(rule.after);
      if (a === null || b === null) return 'unknown';
      return a <= b ? 'pass' : 'fail';
    }
    case 'anyOf': {
      const outcomes = rule.rules.map((r) => ruleOutcome(r, ctx));
      if (outcomes.includes('pass')) return 'pass';
      return outcomes.includes('unknown') ? 'unknown' : 'fail';
    }
  }
}

function ruleFieldKey(rule: EligibilityRule): string | undefined {
  switch (rule.kind) {
    case 'minAge':
      return rule.field.split('.')[0];
    case 'maxAge':
    case 'oneOf':
    case 'chosenWhen':
    case 'districtJoined':
      return rule.field;
    case 'differ':
      return rule.fields[rule.fields.length - 1];
    case 'dateOrder':
      return rule.after.split('.')[0];
    case 'anyOf':
      return undefined;
  }
}

function renderNotice(bundle: Bundle, issues: readonly Issue[], checkedAt: Instant): string {
  const date = shanghaiDate(checkedAt);
  if (issues.length === 0) return `${bundle.name}：经预审，申请材料齐全、符合法定形式，可以受理。（${date}）`;
  const lines = issues.map((i, n) => `${n + 1}. ${i.message}`);
  return [
    '一次性告知书',
    `申请事项：${bundle.name}`,
    `经预审，您的申请存在以下${issues.length}项问题，请一次性补正后再提交：`,
    ...lines,
    `告知日期：${date}`,
  ].join('\n');
}

/** The pre-check of an application: all problems, never just the first. */
export function precheck(input: PrecheckInput): Notice {
  const { bundle, values, directory, now } = input;
  const today = shanghaiDate(now);
  const issues: Issue[] = [];

  if (!directory.districts.some((d) => d.code === input.acceptingDistrict && d.bundles.includes(bundle.id))) {
    issues.push({ code: 'ACCEPTING_DISTRICT_NOT_JOINED', message: `本区尚未开通「${bundle.name}」联办，不能在本窗口受理` });
  }
  for (const id of input.chosenOptional) {
    const item = bundle.items.find((i) => i.id === id);
    if (!item) issues.push({ field: 'chosenOptional', code: 'UNKNOWN_ITEM', message: `没有可选事项: ${id}` });
    else if (item.required) issues.push({ field: 'chosenOptional', code: 'NOT_OPTIONAL', message: `「${item.name}」是必办事项，无需勾选` });
  }

  const form = deriveForm(bundle, input.chosenOptional);
  const fields = new Map<string, FieldDef>(form.fields.map((f) => [f.key, f]));
  for (const key of Object.keys(values)) {
    if (fields.has(key)) continue;
    // A field of an item not chosen is named by its label; a key the bundle does not know, as it was sent.
    const label = bundle.fields.find((f) => f.key === key)?.label ?? key;
    issues.push({ field: key, code: 'UNEXPECTED_FIELD', message: `不需要填写「${label}」，请删除（只收集办理所需的信息）` });
  }
  const invalid = new Set<string>();
  for (const field of form.fields) {
    const v = values[field.key];
    if (v === undefined || v === '') {
      if (isFieldRequired(field, values)) {
        issues.push({ field: field.key, code: 'REQUIRED', message: `【${field.label}】未填写` });
        invalid.add(field.key);
      }
      continue;
    }
    const checked = checkFieldValue(field, v, { today, directory, bundleId: bundle.id });
    // A project subject's 项目代码 is a text field: its form is the subject's rule (core subject.ts).
    const problems = checked.length || typeof v !== 'string' ? checked : subjectFieldIssues(bundle, field, v);
    if (problems.length > 0) invalid.add(field.key);
    issues.push(...problems);
  }

  const items = selectItems(bundle, input.chosenOptional);
  const provided = new Set(input.providedMaterials);
  const needed = new Set(items.flatMap((i) => i.inputs.map((inp) => inp.material)).filter((m) => bundle.intakeMaterials.includes(m)));
  const materials: IntakeMaterialSource[] = [...needed].map((m) => {
    const name = findMaterialType(bundle, m)?.name ?? m;
    const held = input.heldMaterials?.find((h) => h.type === m);
    return held ? { material: m, name, source: 'archive', caseId: held.caseId, itemId: held.itemId } : { material: m, name, source: 'applicant' };
  });
  for (const m of needed) {
    if (!provided.has(m) && !input.heldMaterials?.some((h) => h.type === m)) {
      issues.push({ field: `materials.${m}`, code: 'MISSING_MATERIAL', message: `请提交材料：${findMaterialType(bundle, m)?.name ?? m}` });
    }
  }

  if (input.agent) {
    issues.push(...agentIssues(input.agent.agent, today));
    materials.push({ material: AGENT_AUTHORIZATION, name: agentAuthorizationType.name, source: 'applicant' });
    if (!input.agent.authorizationFiles) {
      const what = input.agent.authorizationFiles === null ? '' : '（须附签字的授权委托书扫描件或照片）';
      issues.push({ field: `materials.${AGENT_AUTHORIZATION}`, code: 'MISSING_MATERIAL', message: `请提交材料：${agentAuthorizationType.name}${what}` });
    }
  }

  const valid: FormValues = {};
  for (const [k, v] of Object.entries(values)) if (!invalid.has(k)) valid[k] = v;
  const ruleCtx: RuleContext = { fields, values: valid, chosen: new Set(items.map((i) => i.id)), bundle, dir: directory, today };
  for (const rule of bundle.eligibility) {
    if (ruleOutcome(rule, ruleCtx) === 'fail') {
      const field = ruleFieldKey(rule);
      issues.push({ ...(field ? { field } : {}), code: `ELIGIBILITY_${rule.kind.toUpperCase()}`, message: rule.message });
    }
  }

  // Routing problems, told once per field and reason, naming every item affected.
  const grouped = new Map<string, RoutingProblem[]>();
  for (const item of items) {
    const r = routeItem(bundle, item, valid, input.acceptingDistrict, directory);
    if (isAssignment(r)) continue;
    // A routing field that is missing, invalid or not eligible is already told.
    if (r.field && issues.some((i) => i.field === r.field)) continue;
    const key = `${r.field ?? ''}|${r.code}|${r.reason}`;
    grouped.set(key, [...(grouped.get(key) ?? []), r]);
  }
  for (const group of grouped.values()) {
    const first = group[0];
    issues.push({
      ...(first.field ? { field: first.field } : {}),
      code: first.code,
      message: `${group.map((g) => `「${g.itemName}」`).join('')}${first.reason}`,
    });
  }

  return {
    ok: issues.length === 0,
    bundleId: bundle.id,
    bundleVersion: bundle.version,
    checkedAt: now,
    issues,
    text: renderNotice(bundle, issues, now),
    materials,
  };
}
