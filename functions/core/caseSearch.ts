/**
 * 办件查询: the window's and the supervisor's case list. What a search may ask (case number, a person's or an
 * enterprise's name, an ID number, a 统一社会信用代码, a 项目代码, an acceptance-date range, a state), the names a
 * case is found by (the names of the bundle's subjects taken from the form: motherName for motherIdNumber, an
 * enterprise's or project's `nameField` …), how a name is normalised before
 * it is hashed and how it is masked in a list. Who may search which district's cases is policy.ts
 * (`caseSearchScope`); the index rows are the store's (store/caseIndex.ts).
 */
import type { Bundle, SubjectKind } from './bundle.js';
import { type CaseState, CASE_ID_PATTERN } from './case.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import type { FormValues } from './form.js';
import { idNumberProblems, idProblemMessages, normalizeIdNumber } from './idNumber.js';
import { normalizeSubjectCode, subjectCodeProblems, subjectKindOf } from './subject.js';
import { textIssues } from './text.js';
import { isCalendarDate, type CalendarDate } from './time.js';

const CASE_STATES: readonly CaseState[] = ['accepted', 'completed', 'closed', 'withdrawn'];

/** A case number as intake makes it: "<district id>-<yyyymmdd>-<sequence>". */
const CASE_NUMBER = /^([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)-(\d{8})-(\d{4,})$/;

/** A position in a list: "<yyyymmdd>:<case id>" (the index key it goes on from). */
const CURSOR = /^\d{8}:[A-Za-z0-9-]{4,40}$/;

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 50;

export interface CaseSearchQuery {
  /** A case number (found by its own key) … */
  caseId: string | null;
  /** … or a person's name (found by the keyed hash of `normalizeName`). */
  name: string | null;
  /** An ID number, credit code or project code, normalised; found through the archive's keyed hash. Never log it. */
  subject: { kind: SubjectKind; code: string } | null;
  /** Acceptance dates, inclusive (Asia/Shanghai calendar dates). */
  from: CalendarDate | null;
  to: CalendarDate | null;
  state: CaseState | null;
  cursor: string | null;
  limit: number;
}

/** The day of a case number ("yyyymmdd"), or null when the text is not one. */
export function caseNumberDay(text: string): string | null {
  const m = CASE_NUMBER.exec(text);
  if (!m || !CASE_ID_PATTERN.test(text)) return null;
  const day = m[2];
  return isCalendarDate(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`) ? day : null;
}

/** A name as it is hashed: NFKC, no white space, the middle-dot variants of minority names unified. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').replace(/[・•‧∙⋅]/gu, '·').toLowerCase();
}

/** A name for a list: the first character and, from three characters on, the last; the rest "*". */
export function maskName(name: string): string {
  const chars = [...name.normalize('NFKC').replace(/\s+/gu, '')];
  if (chars.length <= 1) return chars.length ? '*' : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * The names a case is found by: for each subject of the bundle whose ID number comes from the form
 * (`<x>IdNumber`), the form's `<x>Name` when the bundle has that field and it is filled in; for an enterprise or
 * a project subject, its `nameField`. A minor's name (the baby's, from an issued record) is not indexed.
 */
export function subjectNames(bundle: Bundle, values: FormValues): SubjectName[] {
  const out: SubjectName[] = [];
  for (const s of bundle.subjects) {
    const person = subjectKindOf(s) === 'person';
    if (s.source !== 'form' || (person ? !s.idField.endsWith('IdNumber') : !s.nameField)) continue;
    const key = person ? `${s.idField.slice(0, -'IdNumber'.length)}Name` : s.nameField ?? '';
    const def = bundle.fields.find((f) => f.key === key);
    const v = values[key];
    if (!def || def.sensitivity === 'minor' || typeof v !== 'string' || normalizeName(v) === '') continue;
    out.push({ role: s.role, name: v.trim(), ...(person ? {} : { shown: true as const }) });
  }
  return out;
}

/** A name a case is found by; `shown`: an enterprise's or project's name, public, listed as it is (a person's is masked). */
export interface SubjectName {
  role: string;
  name: string;
  shown?: true;
}

function invalid(field: string, message: string): DomainError {
  return domainError('VALIDATION_FAILED', message, [{ field, code: 'FORMAT', message }]);
}

const compact = (d: CalendarDate) => d.replaceAll('-', '');

/** The body of a search, checked (bad input → VALIDATION_FAILED with the field). `today`: yyyy-mm-dd. */
export function parseCaseSearch(body: unknown, today: CalendarDate): CaseSearchQuery | DomainError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return domainError('VALIDATION_FAILED', '查询条件格式有误');
  const b = body as Record<string, unknown>;
  const text = (field: string): string | null | DomainError => {
    const v = b[field];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') return invalid(field, '查询条件格式有误');
    const bad: Issue[] = textIssues(v, { field });
    if (bad.length) return domainError('VALIDATION_FAILED', bad[0].message, bad);
    const t = v.trim();
    return t === '' ? null : t;
  };
  const q = text('q');
  const id = text('idNumber');
  const credit = text('creditCode');
  const project = text('projectCode');
  const from = text('from');
  const to = text('to');
  const state = text('state');
  const cursor = text('cursor');
  for (const v of [q, id, credit, project, from, to, state, cursor]) if (v instanceof Error) return v;
  const s = (v: string | null | DomainError): string | null => (typeof v === 'string' ? v : null);

  let subject: CaseSearchQuery['subject'] = null;
  if (s(id) !== null) {
    const idNumber = normalizeIdNumber(s(id) ?? '');
    const problems = idNumberProblems(idNumber, today);
    if (problems.length) return invalid('idNumber', idProblemMessages[problems[0]]);
    subject = { kind: 'person', code: idNumber };
  }
  for (const [field, kind, v] of [['creditCode', 'enterprise', s(credit)], ['projectCode', 'project', s(project)]] as const) {
    if (v === null) continue;
    if (subject !== null) return invalid(field, '公民身份号码、统一社会信用代码、项目代码只能按其中一项查询');
    const problems = subjectCodeProblems(kind, v, today);
    if (problems.length) return invalid(field, problems[0]);
    subject = { kind, code: normalizeSubjectCode(kind, v) };
  }
  for (const [field, v] of [['from', s(from)], ['to', s(to)]] as const) {
    if (v !== null && !isCalendarDate(v)) return invalid(field, '受理日期应为 yyyy-mm-dd');
  }
  if (s(from) !== null && s(to) !== null && (s(from) ?? '') > (s(to) ?? '')) return invalid('to', '受理日期范围有误：结束日期早于开始日期');
  const st = s(state);
  if (st !== null && !CASE_STATES.includes(st as CaseState)) return invalid('state', '办件状态无效');
  const cur = s(cursor);
  if (cur !== null && !CURSOR.test(cur)) return invalid('cursor', '翻页位置无效，请重新查询');
  const limit = b.limit === undefined ? DEFAULT_LIMIT : b.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return invalid('limit', `每页条数应为1至${MAX_LIMIT}`);

  const qs = s(q);
  const caseId = qs !== null && caseNumberDay(qs) !== null ? qs : null;
  // A valid 统一社会信用代码 or 项目代码 typed into the one search box is searched as that code (no name is one).
  const codeKind = qs === null || caseId !== null ? undefined : (['enterprise', 'project'] as const).find((k) => subjectCodeProblems(k, qs, today).length === 0);
  if (codeKind && qs !== null) {
    if (subject !== null) return invalid('q', '公民身份号码、统一社会信用代码、项目代码只能按其中一项查询');
    subject = { kind: codeKind, code: normalizeSubjectCode(codeKind, qs) };
  }
  const name = qs !== null && caseId === null && !codeKind ? qs : null;
  if (name !== null && (normalizeName(name) === '' || [...name].length > 40)) return invalid('q', '请输入办件编号、姓名或企业名称（不超过40字）');
  return {
    caseId, name, subject,
    from: s(from) === null ? null : compact(s(from) ?? ''),
    to: s(to) === null ? null : compact(s(to) ?? ''),
    state: st as CaseState | null,
    cursor: cur,
    limit,
  };
}
