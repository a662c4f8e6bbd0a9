/**
 * Archive subjects (档案主体, DESIGN: storage "archive"): whose 电子档案 a case is filed under — a person by
 * 公民身份号码, an enterprise by 统一社会信用代码 (creditCode.ts), a project by 项目代码 (projectCode.ts). Per kind:
 * the field type its number comes from, how the number is normalised and checked, and how lists show it.
 * A credit code and a project code are public registration data (国家企业信用信息公示系统, the 投资项目在线审批监管平台
 * publish them): lists show them as they are; an ID number is masked. The store finds every kind by a keyed hash
 * whose input is prefixed per kind (store/pii.ts), so a code can never meet an ID number.
 */
import type { Bundle, FieldDef, SubjectKind, SubjectRef } from './bundle.js';
import { creditCodeProblems, normalizeCreditCode } from './creditCode.js';
import type { Issue } from './errors.js';
import { idNumberProblems, idProblemMessages, maskIdNumber, normalizeIdNumber } from './idNumber.js';
import { normalizeProjectCode, projectCodeFieldProblems } from './projectCode.js';
import type { CalendarDate } from './time.js';

export const SUBJECT_KINDS: readonly SubjectKind[] = ['person', 'enterprise', 'project'];

/** 个人 / 企业 / 项目, and what each kind's number is called. */
export const subjectKindLabels: Readonly<Record<SubjectKind, { kind: string; number: string }>> = {
  person: { kind: '个人', number: '公民身份号码' },
  enterprise: { kind: '企业', number: '统一社会信用代码' },
  project: { kind: '项目', number: '项目代码' },
};

/** The type of the field a subject of the kind takes its number from. */
export const subjectFieldType: Readonly<Record<SubjectKind, FieldDef['type']>> = { person: 'idNumber', enterprise: 'creditCode', project: 'text' };

export function subjectKindOf(ref: SubjectRef): SubjectKind {
  return ref.kind ?? 'person';
}

/** The number as it is hashed and stored: an ID number upper case, a credit code upper case, a project code with plain dashes. */
export function normalizeSubjectCode(kind: SubjectKind, raw: string): string {
  if (kind === 'enterprise') return normalizeCreditCode(raw);
  if (kind === 'project') return normalizeProjectCode(raw);
  return normalizeIdNumber(raw);
}

/** What is wrong with a subject's number, in Chinese sentences naming it; empty when valid. */
export function subjectCodeProblems(kind: SubjectKind, raw: string, today: CalendarDate): string[] {
  if (kind === 'enterprise') return creditCodeProblems(raw);
  if (kind === 'project') return projectCodeFieldProblems(raw).map((p) => `项目代码${p}`);
  return idNumberProblems(normalizeIdNumber(raw), today).map((p) => idProblemMessages[p]);
}

/** The number as lists show it: an ID number masked; a credit or project code as it is (public registration data). */
export function listedSubjectCode(kind: SubjectKind, code: string): string {
  return kind === 'person' ? maskIdNumber(code) : code;
}

/**
 * The pre-check's part for subjects: a project subject's code field is a text field, so its form (projectCode.ts)
 * is checked here — one issue under the field. Other kinds' numbers are checked by their field type.
 */
export function subjectFieldIssues(bundle: Bundle, field: FieldDef, value: string): Issue[] {
  const isProjectCode = bundle.subjects.some((s) => subjectKindOf(s) === 'project' && s.source === 'form' && s.idField === field.key);
  if (!isProjectCode) return [];
  return projectCodeFieldProblems(value).map((message) => ({ field: field.key, code: 'PROJECT_CODE_INVALID', message: `【${field.label}】${message}` }));
}
