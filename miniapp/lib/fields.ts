/**
 * Form fields as the bundle defines them (schemas/field.schema.json): the browser-side checks a
 * clerk sees while typing (the server's pre-check repeats them and is the judge), and how values
 * are shown. The ID-number, date and text rules are the core's own (functions/core/idNumber.ts, time.ts,
 * text.ts).
 */
import type { FieldDef } from '../../functions/core/bundle';
import { hasVisibleText, textProblemMessages, textProblems } from '../../functions/core/text';
import { isCalendarDate, shanghaiWallClock } from '../../functions/core/time';
import { formatDateTime } from './dates';
import { checkIdNumber } from './idNumber';

export type { FieldDef };
export type Values = Record<string, string | number | boolean>;

/** Whether a field must be filled, given the other values (the core's isFieldRequired). */
export function isRequired(def: FieldDef, values: Values): boolean {
  return !!def.required || (!!def.requiredWhen && values[def.requiredWhen.field] === def.requiredWhen.equals);
}

/** `2026-03-01T08:30` (datetime-local, Shanghai) → `2026-03-01T08:30:00+08:00`. */
export function localToInstant(v: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? v + ':00+08:00' : v;
}

/** An instant → the `YYYY-MM-DDTHH:mm` of Shanghai, for a datetime-local input. */
export function instantToLocal(v: string): string {
  const ms = Date.parse(v);
  return isNaN(ms) ? '' : shanghaiWallClock(ms).slice(0, 16);
}

/** The problem with a value, in the pre-check's words; null when acceptable. `today` is Shanghai. */
export function checkField(def: FieldDef, raw: string | number | boolean | undefined, values: Values, today: string): string | null {
  const v = raw === undefined ? '' : String(raw).trim();
  if (!v) return isRequired(def, values) ? '请填写' + def.label : null;
  // The core's text rule (functions/core/text.ts): one line, no control or bidi characters, visible text.
  const problem = textProblems(v)[0];
  if (problem) return textProblemMessages[problem];
  if (def.maxLength && v.length > def.maxLength) return '不应超过' + def.maxLength + '个字';
  switch (def.type) {
    case 'text':
    case 'address':
      return hasVisibleText(v) ? null : isRequired(def, values) ? '请填写' + def.label : textProblemMessages.NO_VISIBLE_TEXT;
    case 'idNumber': {
      const c = checkIdNumber(v, today);
      return c.ok ? null : c.reason;
    }
    case 'phone':
      return /^1[3-9]\d{9}$/.test(v) || /^0\d{2,3}-?\d{7,8}$/.test(v) ? null : '应为11位手机号码或带区号的固定电话';
    case 'postalCode':
      return /^\d{6}$/.test(v) ? null : '应为6位数字';
    case 'bankAccount':
      return /^\d{12,30}$/.test(v.replace(/ /g, '')) ? null : '应为12至30位数字';
    case 'integer': {
      if (!/^-?\d+$/.test(v)) return '应为整数';
      const n = Number(v);
      if (def.min !== undefined && n < def.min) return '不应小于' + def.min;
      if (def.max !== undefined && n > def.max) return '不应大于' + def.max;
      return null;
    }
    case 'date':
    case 'datetime': {
      const date = v.slice(0, 10);
      if (!isCalendarDate(date) || (def.type === 'datetime' && isNaN(Date.parse(v)))) return '不是有效日期';
      const shanghai = def.type === 'datetime' ? instantToLocal(v).slice(0, 10) : date;
      return def.notFuture && shanghai > today ? '不能晚于今天' : null;
    }
    default:
      return def.options && def.options.length && !def.options.some((o) => o.value === v) ? '不是可选的值' : null;
  }
}

/** A value for display: option labels, Shanghai date-times, booleans in words. */
export function showValue(def: FieldDef | undefined, v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  const s = String(v);
  if (def && def.options) {
    const o = def.options.filter((x) => x.value === s)[0];
    if (o) return o.label;
  }
  // instants (datetime fields, also when only labels are known) in Shanghai time
  if ((def && def.type === 'datetime') || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return formatDateTime(s, true);
  return s;
}
