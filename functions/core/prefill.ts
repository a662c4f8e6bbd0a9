/**
 * Ask once — pre-fill (无证件办事): the form fields a bundle takes from a material the subject's archive already holds
 * (`Bundle.prefill`: field ← held material's field), e.g. the child's name and date of birth from the 出生医学证明 of
 * the birth case. Which rules are valid (bundleValidation.ts) and which values a set of held materials gives. Pure.
 * DESIGN: Ask once (无证件办事).
 */
import type { Bundle, FieldDef, PrefillRule } from './bundle.js';
import { deriveForm, type FieldValue, type FormValues } from './form.js';
import { isInstant, shanghaiDate } from './time.js';

/** A held material as pre-fill reads it: its type, the case that issued it and its data. */
interface HeldData {
  type: string;
  caseId: string;
  data: FormValues;
}

/** One pre-filled field: its value, the material type it came from and the source case. */
export interface PrefilledValue {
  value: FieldValue;
  material: string;
  caseId: string;
}

/** Whether a material field's value may fill a form field: the same type, or a datetime filling a date. */
export function prefillCompatible(from: FieldDef, to: FieldDef): boolean {
  return from.type === to.type || (from.type === 'datetime' && to.type === 'date');
}

/** The value a source gives a target field (a datetime as its Asia/Shanghai day for a date field); null when none. */
function converted(value: FieldValue | undefined, from: FieldDef, to: FieldDef): FieldValue | null {
  if (value === undefined || value === '') return null;
  if (from.type === 'datetime' && to.type === 'date') return typeof value === 'string' && isInstant(value) ? shanghaiDate(value) : null;
  return value;
}

/**
 * The pre-filled values of an application from the held materials, for the fields of the chosen items' form: per
 * field the first rule (bundle order) whose material is held and gives a value. The clerk's own values are never
 * replaced — the intake page fills only empty fields; the pre-check checks the values like typed ones.
 */
export function prefillValues(bundle: Bundle, chosenOptional: readonly string[], held: readonly HeldData[]): Record<string, PrefilledValue> {
  const formKeys = new Set(deriveForm(bundle, chosenOptional).fields.map((f) => f.key));
  const out: Record<string, PrefilledValue> = {};
  for (const rule of bundle.prefill ?? []) {
    if (out[rule.field] || !formKeys.has(rule.field)) continue;
    const { from, to } = ruleFields(bundle, rule);
    const m = held.find((h) => h.type === rule.from.source);
    if (!from || !to || !m) continue;
    const value = converted(m.data[rule.from.field], from, to);
    if (value !== null) out[rule.field] = { value, material: m.type, caseId: m.caseId };
  }
  return out;
}

/** The source (material field) and target (form field) definitions of a rule, where they exist. */
export function ruleFields(bundle: Bundle, rule: PrefillRule): { from: FieldDef | undefined; to: FieldDef | undefined } {
  return {
    from: bundle.materials.find((m) => m.id === rule.from.source)?.fields.find((f) => f.key === rule.from.field),
    to: bundle.fields.find((f) => f.key === rule.field),
  };
}
