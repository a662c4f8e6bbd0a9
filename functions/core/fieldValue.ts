/**
 * Checking one field value against its definition: the per-field part of the pre-check, also
 * used for the data of materials a department issues.
 */
import type { FieldDef } from './bundle.js';
import { type Directory, findDepartment, findDistrict, OUTSIDE_CITY } from './directory.js';
import type { Issue } from './errors.js';
import type { FieldValue } from './form.js';
import { creditCodeFieldProblems } from './creditCode.js';
import { idNumberProblems, idProblemMessages } from './idNumber.js';
import { hasVisibleText, textProblemMessages, textProblems } from './text.js';
import { type CalendarDate, isCalendarDate, isInstant, shanghaiDate } from './time.js';

export interface FieldCheckContext {
  today: CalendarDate;
  directory?: Directory;
  /** District and department values must belong to a district that joined this bundle. */
  bundleId?: string;
}

const PHONE_RE = /^1[3-9]\d{9}$/;
const LANDLINE_RE = /^0\d{2,3}-?\d{7,8}$/;
const POSTAL_RE = /^\d{6}$/;
const BANK_RE = /^\d{12,30}$/;
/** An amount as typed: digits (or groups of three after commas) and at most two decimals — 56320.5, 56,320.50. */
const AMOUNT_RE = /^(\d+|\d{1,3}(,\d{3})+)(\.\d{1,2})?$/;

/**
 * The value of an amount field in 元 (a number, or text as typed: 56,320.50); null when it is not one —
 * negative, more than two decimals (分), or not a number. The mini-app sends this number.
 */
export function amountOf(value: FieldValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 && Math.abs(Math.round(value * 100) - value * 100) < 1e-6 ? value : null;
  if (typeof value !== 'string') return null;
  const v = value.trim();
  return AMOUNT_RE.test(v) ? Number(v.replace(/,/g, '')) : null;
}

/** The value as a date (YYYY-MM-DD in Asia/Shanghai) for date and datetime fields, else null. */
export function dateOf(field: FieldDef, value: FieldValue | undefined): CalendarDate | null {
  if (typeof value !== 'string') return null;
  if (field.type === 'date') return isCalendarDate(value) ? value : null;
  if (field.type === 'datetime') return isInstant(value) ? shanghaiDate(value) : null;
  if (field.type === 'idNumber') {
    const d = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
    return isCalendarDate(d) ? d : null;
  }
  return null;
}

/**
 * A problem with a value in words that do not name the field: a form shows it under the field, an issue
 * (checkFieldValue) prefixes the field's label as 【label】.
 */
export interface FieldProblem {
  code: string;
  message: string;
}

/** What the value rules need: today (Asia/Shanghai), and how district and department values are looked up. */
export interface ValueCheckContext {
  today: CalendarDate;
  /** Problems of a district or department value against the directory; without it, any district code and department. */
  references?: (field: FieldDef, value: string) => FieldProblem[];
}

/**
 * Problems with a present (non-empty) value; empty when it is acceptable. The one set of field rules: the
 * pre-check and issued materials use it through checkFieldValue (with the directory), the mini-app's form
 * directly. A field that lists options (a select; in the form, also a district or department, whose
 * options the server fills in from the directory) accepts only those.
 */
export function fieldValueProblems(field: FieldDef, value: FieldValue, ctx: ValueCheckContext): FieldProblem[] {
  const problem = (code: string, message: string): FieldProblem[] => [{ code, message }];
  if (field.type === 'integer') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n)) return problem('FORMAT', '应为整数');
    if (field.min !== undefined && n < field.min) return problem('RANGE', `不应小于${field.min}`);
    if (field.max !== undefined && n > field.max) return problem('RANGE', `不应大于${field.max}`);
    return [];
  }
  if (field.type === 'amount') {
    const n = amountOf(value);
    if (n === null) return problem('AMOUNT_FORMAT', '应为金额（元），最多两位小数，如 56,320.50');
    if (field.min !== undefined && n < field.min) return problem('RANGE', `不应小于${field.min}元`);
    if (field.max !== undefined && n > field.max) return problem('RANGE', `不应大于${field.max}元`);
    return [];
  }
  if (typeof value !== 'string') return problem('FORMAT', '应为文字');
  const v = value.trim();
  // Every form value is one line of text without control or bidi characters (core text.ts).
  const bad = textProblems(v);
  if (bad.length) return bad.map((p) => ({ code: p, message: textProblemMessages[p] }));
  if (field.maxLength !== undefined && v.length > field.maxLength) return problem('TOO_LONG', `不应超过${field.maxLength}个字`);
  if ((field.options || field.type === 'select') && !field.options?.some((o) => o.value === v)) return problem('NOT_AN_OPTION', '不是可选的值');
  switch (field.type) {
    case 'text':
    case 'address':
      if (v.length === 0) return problem('REQUIRED', '不能为空');
      return hasVisibleText(v) ? [] : problem('NO_VISIBLE_TEXT', textProblemMessages.NO_VISIBLE_TEXT);
    case 'idNumber':
      return idNumberProblems(v, ctx.today).map((p) => ({ code: `ID_${p}`, message: idProblemMessages[p] }));
    case 'creditCode':
      return creditCodeFieldProblems(v).map((message) => ({ code: 'CREDIT_CODE_INVALID', message }));
    case 'phone':
      return PHONE_RE.test(v) || LANDLINE_RE.test(v) ? [] : problem('PHONE_FORMAT', '应为11位手机号码或带区号的固定电话');
    case 'postalCode':
      return POSTAL_RE.test(v) ? [] : problem('POSTAL_CODE_FORMAT', '应为6位数字');
    case 'bankAccount':
      return BANK_RE.test(v.replace(/ /g, '')) ? [] : problem('BANK_ACCOUNT_FORMAT', '应为12至30位数字');
    case 'date':
      if (!isCalendarDate(v)) return problem('DATE_INVALID', '不是有效日期（格式YYYY-MM-DD）');
      return field.notFuture && v > ctx.today ? problem('DATE_IN_FUTURE', '不能晚于今天') : [];
    case 'datetime':
      if (!isInstant(v)) return problem('DATE_INVALID', '不是有效的日期时间');
      return field.notFuture && shanghaiDate(v) > ctx.today ? problem('DATE_IN_FUTURE', '不能晚于今天') : [];
    case 'select':
      return [];
    case 'district':
    case 'department':
      // Without the directory: a district is a 6-digit code (本市以外 = OUTSIDE_CITY is one), a department anything.
      if (ctx.references) return ctx.references(field, v);
      return field.type === 'department' || /^\d{6}$/.test(v) ? [] : problem('UNKNOWN_DISTRICT', '不是有效的区');
  }
}

/** A district or department value against the directory (and, given a bundle, its joined districts). */
function directoryProblems(field: FieldDef, v: string, dir: Directory, bundleId: string | undefined): FieldProblem[] {
  if (field.type === 'district') return v === OUTSIDE_CITY || findDistrict(dir, v) ? [] : [{ code: 'UNKNOWN_DISTRICT', message: '不是本市已配置的区' }];
  const dep = findDepartment(dir, v);
  if (!dep || dep.kind !== field.departmentKind) return [{ code: 'UNKNOWN_DEPARTMENT', message: '不是可选的机构' }];
  if (bundleId && !findDistrict(dir, dep.district)?.bundles.includes(bundleId)) {
    return [{ code: 'DISTRICT_NOT_JOINED', message: `${dep.name}所在区尚未开通此项联办` }];
  }
  return [];
}

/** Problems with a present (non-empty) value as issues of the field, 【label】 first; empty when acceptable. */
export function checkFieldValue(field: FieldDef, value: FieldValue, ctx: FieldCheckContext): Issue[] {
  const { directory, bundleId } = ctx;
  const references = directory ? (f: FieldDef, v: string) => directoryProblems(f, v, directory, bundleId) : undefined;
  return fieldValueProblems(field, value, { today: ctx.today, references }).map((p) => ({
    field: field.key,
    code: p.code,
    message: `【${field.label}】${p.message}`,
  }));
}
