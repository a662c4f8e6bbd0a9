/**
 * 一表申请 (one-table form): derived from a bundle as the de-duplicated union of the fields of the
 * chosen items, in item order. Each sub-task later sees only its item's projection.
 */
import { type Bundle, type FieldDef, findItem, type Item, predecessorsOf, type SelectOption } from './bundle.js';
import { type Directory, OUTSIDE_CITY } from './directory.js';

export type FieldValue = string | number | boolean;
/** Values of the form keyed by field key. */
export type FormValues = Record<string, FieldValue>;

interface FormField extends FieldDef {
  /** Items (ids) that need this field. */
  usedBy: string[];
}

export interface OneTableForm {
  bundleId: string;
  bundleVersion: number;
  title: string;
  /** Items the form covers (required + chosen optional + their prerequisites). */
  items: { id: string; name: string; required: boolean }[];
  /** Optional items the applicant may add. */
  optionalItems: { id: string; name: string }[];
  fields: FormField[];
}

/**
 * The items a case will have: every required item, the chosen optional ones, and every item
 * those depend on (an optional prerequisite is pulled in rather than left to block the case).
 * Returned in bundle order; unknown ids are ignored (the pre-check reports them).
 */
export function selectItems(bundle: Bundle, chosenOptional: readonly string[] = []): Item[] {
  const chosen = new Set<string>();
  const add = (item: Item) => {
    if (chosen.has(item.id)) return;
    chosen.add(item.id);
    for (const p of predecessorsOf(bundle, item)) add(p);
  };
  for (const item of bundle.items) if (item.required) add(item);
  for (const id of chosenOptional) {
    const item = findItem(bundle, id);
    if (item) add(item);
  }
  return bundle.items.filter((i) => chosen.has(i.id));
}

function optionsFor(field: FieldDef, bundle: Bundle, dir: Directory | undefined): SelectOption[] | undefined {
  if (!dir) return field.options;
  if (field.type === 'district') {
    const configured = dir.districts.map((d) => ({ value: d.code, label: d.bundles.includes(bundle.id) ? d.name : `${d.name}（未开通）` }));
    return [...configured, { value: OUTSIDE_CITY, label: `${dir.city.name}以外` }];
  }
  if (field.type === 'department') {
    const joined = new Set(dir.districts.filter((d) => d.bundles.includes(bundle.id)).map((d) => d.code));
    return dir.departments
      .filter((d) => d.kind === field.departmentKind && joined.has(d.district))
      .map((d) => ({ value: d.id, label: d.name }));
  }
  return field.options;
}

/** The one-table form for a bundle and the chosen optional items; with a directory, district and department choices are filled in. */
export function deriveForm(bundle: Bundle, chosenOptional: readonly string[] = [], dir?: Directory): OneTableForm {
  const items = selectItems(bundle, chosenOptional);
  const byKey = new Map<string, FormField>();
  const add = (key: string, itemId: string) => {
    const def = bundle.fields.find((f) => f.key === key);
    if (!def) return;
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.usedBy.includes(itemId)) existing.usedBy.push(itemId);
      return;
    }
    const options = optionsFor(def, bundle, dir);
    byKey.set(key, { ...def, ...(options ? { options } : {}), usedBy: [itemId] });
  };
  for (const item of items) {
    for (const key of item.fields) add(key, item.id);
  }
  // A field that decides whether another is required comes along with it.
  for (const f of [...byKey.values()]) {
    if (f.requiredWhen) add(f.requiredWhen.field, f.usedBy[0]);
  }
  return {
    bundleId: bundle.id,
    bundleVersion: bundle.version,
    title: `${bundle.name}一表申请`,
    items: items.map((i) => ({ id: i.id, name: i.name, required: i.required })),
    optionalItems: bundle.items.filter((i) => !i.required).map((i) => ({ id: i.id, name: i.name })),
    fields: [...byKey.values()],
  };
}

/** Whether a field must be filled, given the other values. */
export function isFieldRequired(field: FieldDef, values: FormValues): boolean {
  if (field.required) return true;
  if (field.requiredWhen) return values[field.requiredWhen.field] === field.requiredWhen.equals;
  return false;
}

/** An item's projection of the form: only the fields the item declared (minimum necessary). */
export function projectForm(values: FormValues, item: Item): FormValues {
  const out: FormValues = {};
  for (const key of item.fields) {
    const v = values[key];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}
