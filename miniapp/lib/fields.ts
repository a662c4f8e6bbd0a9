/**
 * Form fields as the bundle defines them (schemas/field.schema.json): the browser-side checks a
 * clerk sees while typing — the core's own field rules (functions/core/fieldValue.ts: text, ID number,
 * phone, dates, options …), so the browser says what the server's pre-check says — and how values are shown.
 */
import type { FieldDef } from '../../functions/core/bundle';
import { amountOf, fieldValueProblems } from '../../functions/core/fieldValue';
import { isFieldRequired } from '../../functions/core/form';
import { shanghaiWallClock } from '../../functions/core/time';
import { formatDateTime } from './dates';

export type { FieldDef };
export type Values = Record<string, string | number | boolean>;

/** Whether a field must be filled, given the other values (the core's rule). */
export { isFieldRequired as isRequired };

/** `2026-03-01T08:30` (datetime-local, Shanghai) → `2026-03-01T08:30:00+08:00`. */
export function localToInstant(v: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? v + ':00+08:00' : v;
}

/** An instant → the `YYYY-MM-DDTHH:mm` of Shanghai, for a datetime-local input. */
export function instantToLocal(v: string): string {
  const ms = Date.parse(v);
  return isNaN(ms) ? '' : shanghaiWallClock(ms).slice(0, 16);
}

/**
 * The problem with a value, in the pre-check's words (without the 【label】 the server's issue starts with);
 * null when acceptable. `today` is Shanghai. District and department fields are checked against the
 * options the form offers (the directory's, filled in by the server).
 */
export function checkField(def: FieldDef & { multiline?: boolean }, raw: string | number | boolean | undefined, values: Values, today: string): string | null {
  const v = raw === undefined ? '' : String(raw).trim();
  const required = isFieldRequired(def, values);
  if (!v) return required ? '请填写' + def.label : null;
  // a text area (退回补正's items, one per line): each line is checked as one line of text
  const lines = def.multiline ? v.split('\n').map((l) => l.trim()).filter(Boolean) : [v];
  const problem = lines.map((l) => fieldValueProblems(def, l, { today })[0]).filter(Boolean)[0];
  if (!problem) return null;
  // Invisible-only text in a required field: say what is missing rather than what is wrong.
  return problem.code === 'NO_VISIBLE_TEXT' && required ? '请填写' + def.label : problem.message;
}

/** What a typed value is sent as: integers and amounts (元, 56,320.50 → 56320.5) as numbers, the rest as typed. */
export function sentValue(def: FieldDef, v: string): string | number {
  if (def.type === 'integer' && /^-?\d+$/.test(v)) return Number(v);
  if (def.type === 'amount') {
    const n = amountOf(v);
    if (n !== null) return n;
  }
  return v;
}

/** A value for display: option labels, Shanghai date-times, amounts as 56,320.50 元, booleans in words. */
export function showValue(def: FieldDef | undefined, v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  const s = String(v);
  if (def && def.options) {
    const o = def.options.filter((x) => x.value === s)[0];
    if (o) return o.label;
  }
  // instants (datetime fields, also when only labels are known) in Shanghai time
  if ((def && def.type === 'datetime') || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return formatDateTime(s, true);
  if (def && def.type === 'amount') {
    const n = amountOf(v);
    if (n !== null) return n.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',') + ' 元';
  }
  return s;
}
