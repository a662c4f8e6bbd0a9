/**
 * Checking one field value against its definition: the per-field part of the pre-check, also
 * used for the data of materials a department issues.
 */
import type { FieldDef } from './bundle.js';
import { type Directory, findDepartment, findDistrict, OUTSIDE_CITY } from './directory.js';
import type { Issue } from './errors.js';
import type { FieldValue } from './form.js';
import { idNumberProblems, idProblemMessages } from './idNumber.js';
import { textIssues } from './text.js';
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

/** Problems with a present (non-empty) value; empty when it is acceptable. */
export function checkFieldValue(field: FieldDef, value: FieldValue, ctx: FieldCheckContext): Issue[] {
  const issue = (code: string, message: string): Issue[] => [{ field: field.key, code, message: `【${field.label}】${message}` }];
  if (field.type === 'integer') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n)) return issue('FORMAT', '应为整数');
    if (field.min !== undefined && n < field.min) return issue('RANGE', `不应小于${field.min}`);
    if (field.max !== undefined && n > field.max) return issue('RANGE', `不应大于${field.max}`);
    return [];
  }
  if (typeof value !== 'string') return issue('FORMAT', '应为文字');
  const v = value.trim();
  // Every form value is one line of text without control or bidi characters (core text.ts).
  const bad = textIssues(v, { field: field.key, label: field.label });
  if (bad.length) return bad;
  if (field.maxLength !== undefined && v.length > field.maxLength) return issue('TOO_LONG', `不应超过${field.maxLength}个字`);
  switch (field.type) {
    case 'text':
    case 'address':
      if (v.length === 0) return issue('REQUIRED', '不能为空');
      return textIssues(v, { field: field.key, label: field.label }, { required: true });
    case 'idNumber':
      return idNumberProblems(v, ctx.today).map((p) => ({ field: field.key, code: `ID_${p}`, message: `【${field.label}】${idProblemMessages[p]}` }));
    case 'phone':
      return PHONE_RE.test(v) || LANDLINE_RE.test(v) ? [] : issue('PHONE_FORMAT', '应为11位手机号码或带区号的固定电话');
    case 'postalCode':
      return POSTAL_RE.test(v) ? [] : issue('POSTAL_CODE_FORMAT', '应为6位数字');
    case 'bankAccount':
      return BANK_RE.test(v.replaceAll(' ', '')) ? [] : issue('BANK_ACCOUNT_FORMAT', '应为12至30位数字');
    case 'date':
    case 'datetime': {
      const ok = field.type === 'date' ? isCalendarDate(v) : isInstant(v);
      if (!ok) return issue('DATE_INVALID', field.type === 'date' ? '不是有效日期（格式YYYY-MM-DD）' : '不是有效的日期时间');
      const date = dateOf(field, v);
      if (field.notFuture && date !== null && date > ctx.today) return issue('DATE_IN_FUTURE', '不能晚于今天');
      return [];
    }
    case 'select':
      return field.options?.some((o) => o.value === v) ? [] : issue('NOT_AN_OPTION', '不是可选的值');
    case 'district': {
      if (v === OUTSIDE_CITY) return [];
      if (!ctx.directory) return /^\d{6}$/.test(v) ? [] : issue('UNKNOWN_DISTRICT', '不是有效的区');
      const d = findDistrict(ctx.directory, v);
      if (!d) return issue('UNKNOWN_DISTRICT', '不是本市已配置的区');
      return [];
    }
    case 'department': {
      if (!ctx.directory) return [];
      const dep = findDepartment(ctx.directory, v);
      if (!dep || dep.kind !== field.departmentKind) return issue('UNKNOWN_DEPARTMENT', '不是可选的机构');
      if (ctx.bundleId && !findDistrict(ctx.directory, dep.district)?.bundles.includes(ctx.bundleId)) {
        return issue('DISTRICT_NOT_JOINED', `${dep.name}所在区尚未开通此项联办`);
      }
      return [];
    }
  }
}
