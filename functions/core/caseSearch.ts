/**
 * 办件查询: the window's and the supervisor's case list. What a search may ask (case number, a person's
 * name, an ID number, an acceptance-date range, a state), the names a case is found by (the names of the
 * bundle's subjects taken from the form: motherName for motherIdNumber …), how a name is normalised before
 * it is hashed and how it is masked in a list. Who may search which district's cases is policy.ts
 * (`caseSearchScope`); the index rows are the store's (store/caseIndex.ts).
 */
import type { Bundle } from './bundle.js';
import { type CaseState, CASE_ID_PATTERN } from './case.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import type { FormValues } from './form.js';
import { idNumberProblems, idProblemMessages, normalizeIdNumber } from './idNumber.js';
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
  /** Normalised; found through the archive's keyed hash. Never log it. */
  idNumber: string | null;
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
 * (`<x>IdNumber`), the form's `<x>Name` when the bundle has that field and it is filled in. A minor's name
 * (the baby's, from an issued record) is not indexed.
 */
export function subjectNames(bundle: Bundle, values: FormValues): { role: string; name: string }[] {
  const out: { role: string; name: string }[] = [];
  for (const s of bundle.subjects) {
    if (s.source !== 'form' || !s.idField.endsWith('IdNumber')) continue;
    const key = `${s.idField.slice(0, -'IdNumber'.length)}Name`;
    const def = bundle.fields.find((f) => f.key === key);
    const v = values[key];
    if (!def || def.sensitivity === 'minor' || typeof v !== 'string' || normalizeName(v) === '') continue;
    out.push({ role: s.role, name: v.trim() });
  }
  return out;
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
  const from = text('from');
  const to = text('to');
  const state = text('state');
  const cursor = text('cursor');
  for (const v of [q, id, from, to, state, cursor]) if (v instanceof Error) return v;
  const s = (v: string | null | DomainError): string | null => (typeof v === 'string' ? v : null);

  let idNumber: string | null = null;
  if (s(id) !== null) {
    idNumber = normalizeIdNumber(s(id) ?? '');
    const problems = idNumberProblems(idNumber, today);
    if (problems.length) return invalid('idNumber', idProblemMessages[problems[0]]);
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
  const name = qs !== null && caseId === null ? qs : null;
  if (name !== null && (normalizeName(name) === '' || [...name].length > 30)) return invalid('q', '请输入办件编号或姓名（不超过30字）');
  return {
    caseId, name, idNumber,
    from: s(from) === null ? null : compact(s(from) ?? ''),
    to: s(to) === null ? null : compact(s(to) ?? ''),
    state: st as CaseState | null,
    cursor: cur,
    limit,
  };
}
