/**
 * Bundle (一件事): a versioned, configured set of items (事项) handled together. The JSON shape is
 * `schemas/bundle.schema.json`; these types are kept in step with it by test/core/schemaSync.test.ts.
 * A case pins the bundle id and version it started with.
 */

/** Form and material field types. */
type FieldType =
  | 'text'
  | 'idNumber' // 公民身份号码, GB 11643
  | 'creditCode' // 统一社会信用代码, GB 32100 (core creditCode.ts)
  | 'phone'
  | 'date' // YYYY-MM-DD
  | 'datetime' // ISO-8601 instant
  | 'select'
  | 'district' // a district code of the directory
  | 'department' // a department id of the directory, of `departmentKind`
  | 'address'
  | 'postalCode'
  | 'integer'
  /** 元 with 角 and 分: at most two decimals, thousands separators allowed when typed (56,320.50). */
  | 'amount'
  | 'bankAccount';

/** PIPL categories that need stricter handling (敏感个人信息) and masking. */
export type Sensitivity = 'idNumber' | 'phone' | 'financial' | 'health' | 'minor';

export interface SelectOption {
  value: string;
  label: string;
}

export interface FieldDef {
  /** ASCII key, e.g. motherIdNumber. */
  key: string;
  /** Chinese label, e.g. 母亲公民身份号码. */
  label: string;
  type: FieldType;
  required?: boolean;
  /** Required only when another field has a given value (e.g. postal address when mailed). */
  requiredWhen?: { field: string; equals: string };
  options?: SelectOption[];
  departmentKind?: string;
  maxLength?: number;
  min?: number;
  max?: number;
  /** date/datetime values may not lie after today. */
  notFuture?: boolean;
  sensitivity?: Sensitivity;
  hint?: string;
}

/** A material type (材料类型): a typed document or data record an item produces or consumes. */
export interface MaterialType {
  id: string;
  name: string;
  fields: FieldDef[];
  /** Issued as an electronic licence (电子证照). */
  electronicLicence?: boolean;
  /** A physical output that is mailed (户口簿, 社保卡): its sub-task records carrier + tracking number. */
  delivery?: 'mail';
}

/** An item's input: a material and the fields of it the item may see (minimum necessary). */
export interface MaterialInput {
  material: string;
  fields: string[];
  /** Why the department needs it (PIPL purpose), written to every share audit record. */
  purpose: string;
}

/** How the district of an item's sub-task is chosen. */
type RoutingRule =
  | { by: 'accepting' } // the district whose window accepted the case
  | { by: 'fixed'; district: string }
  | {
      by: 'field';
      /** A form field of type "district". */
      field: string;
      /** 户籍地 / 参保地 / 死亡地 / 居住地 / 出生地 — documents the basis; shown in the admin graph. */
      basis: RoutingBasis;
    }
  | { by: 'departmentField'; field: string }; // a form field naming the department itself (e.g. the hospital)

/** 户籍地 / 参保地 / 死亡地 / 居住地 / 出生地 / 不动产所在地. */
export type RoutingBasis = 'household' | 'insurance' | 'death' | 'residence' | 'birth' | 'property';

export interface Item {
  id: string;
  name: string;
  /** Department kind that handles it, e.g. police (公安). */
  department: string;
  routing: RoutingRule;
  /** Always part of the case; otherwise the applicant chooses it on the form. */
  required: boolean;
  /** Keys of bundle form fields this item needs (its projection of the one-table form). */
  fields: string[];
  inputs: MaterialInput[];
  /** Material type ids this item issues when signed off. */
  outputs: string[];
  /** 承诺时限 in working days. */
  timeLimitDays: number;
  /** The clock shows "warning" when this many working days or fewer remain. */
  warnRemainingDays: number;
  /** When the clock starts: at 签收 (claim, default) or as soon as the sub-task is released. */
  clockStartsAt?: 'claim' | 'release';
  /** 会签: sign-off needs a second, distinct signer. */
  countersign: boolean;
  /**
   * Kinds of seal that may sign it: the department's own approval seal, and/or a delegated
   * (集中授权) window seal. Default: both. Which seal exactly is the directory's seal scope.
   */
  seals?: SealKind[];
  /**
   * Identity fields (身份要素) of its outputs: each output field that must equal a value of the application
   * (a form field of this item) or of a material the item received. The core prefills the sign-off with
   * those values and refuses a different one without a correction note (更正说明); see core identity.ts.
   */
  identity?: IdentityRule[];
}

/** One identity field: `material`.`field` of an output must equal the value `equals` names. */
export interface IdentityRule {
  material: string;
  field: string;
  equals: ValueRef;
}

/** A value of the application ("form" and a form field key) or of an input material (its type id and field key). */
export interface ValueRef {
  source: string;
  field: string;
}

export type SealKind = 'approval' | 'delegated';

/** Seal kinds an item accepts (default both). */
export function itemSealKinds(item: Item): SealKind[] {
  return item.seals ?? ['approval', 'delegated'];
}

/** Eligibility rules (申请条件) checked by the pre-check, all at once. */
export type EligibilityRule =
  | { kind: 'maxAge'; field: string; maxDays: number; message: string }
  /**
   * At least `years` old (a date field, or an ID number's `.birthDate`): by today, or with `by` ("MM-DD") by the next
   * such day from today on — 年满6周岁 by 31 August of the enrolment year is `{ years: 6, by: '08-31' }`.
   */
  | { kind: 'minAge'; field: string; years: number; by?: string; message: string }
  | { kind: 'oneOf'; field: string; values: string[]; message: string }
  /** The optional `items` may be chosen only when `field`'s value is one of `values` (e.g. 失业登记 only for 失业). */
  | { kind: 'chosenWhen'; items: string[]; field: string; values: string[]; message: string }
  | { kind: 'districtJoined'; field: string; message: string }
  | { kind: 'differ'; fields: string[]; message: string }
  | { kind: 'dateOrder'; before: string; after: string; message: string }
  | { kind: 'anyOf'; rules: EligibilityRule[]; message: string };

/** What a subject is: a person (公民身份号码), an enterprise (统一社会信用代码) or a project (项目代码); core subject.ts. */
export type SubjectKind = 'person' | 'enterprise' | 'project';

/** Whose archive (电子档案) a case belongs to; the number comes from the form or an issued material. */
export interface SubjectRef {
  role: string;
  label: string;
  /** "form" or a material type id. */
  source: string;
  /** The field with the subject's number: an idNumber field (person), a creditCode field (enterprise), a text field (project). */
  idField: string;
  /** Default person. */
  kind?: SubjectKind;
  /** Enterprise and project only: the text field (same source) with its name, shown in the archive and found by 办件查询. */
  nameField?: string;
}

export interface Bundle {
  id: string;
  version: number;
  name: string;
  description?: string;
  /** 牵头部门 (department kind). */
  leadDepartment: string;
  /** Working days promised to the applicant for the whole case (不含制证及邮寄时间). */
  promisedDays: number;
  /** Whole-case limits by a select field's value (竣工联合验收: 10 工业/物流, 15 房建); other values use `promisedDays`. */
  promisedDaysBy?: { field: string; days: Record<string, number> };
  /** A 竣工联合验收 bundle (core acceptance.ts): the item issuing the joint opinion; every other item is a department's. */
  jointAcceptance?: { opinionItem: string };
  /** Field dictionary; the one-table form is derived from the items' references into it. */
  fields: FieldDef[];
  materials: MaterialType[];
  /** Material types the applicant supplies at intake (scans or pulled 电子证照). */
  intakeMaterials: string[];
  items: Item[];
  eligibility: EligibilityRule[];
  subjects: SubjectRef[];
  /**
   * Ask once (无证件办事): form fields pre-filled at intake from an intake material the subject's archive already
   * holds (`from.source` a material type id of `intakeMaterials`, `from.field` its field), e.g. the child's name
   * from the 出生医学证明 of the birth case. The clerk sees where each value came from and may correct it.
   */
  prefill?: PrefillRule[];
}

/** A form field taken from a held material's field (a datetime value fills a date field with its Shanghai day). */
export interface PrefillRule {
  field: string;
  from: ValueRef;
}

/** "bundleId/itemId", how seals and delegations name an item. */
export type ItemRef = string;

export function itemRef(bundleId: string, itemId: string): ItemRef {
  return `${bundleId}/${itemId}`;
}

/** The bundle and item ids of an item ref made by itemRef (neither id contains a slash). */
export function parseItemRef(ref: ItemRef): { bundleId: string; itemId: string } {
  const slash = ref.indexOf('/');
  return { bundleId: ref.slice(0, slash), itemId: ref.slice(slash + 1) };
}

export function findItem(bundle: Bundle, itemId: string): Item | undefined {
  return bundle.items.find((i) => i.id === itemId);
}

/** The whole-case limit for an application: by `promisedDaysBy` where the form's value is listed, else `promisedDays`. */
export function promisedDaysFor(bundle: Bundle, values: Readonly<Record<string, unknown>>): number {
  const by = bundle.promisedDaysBy;
  const v = by ? values[by.field] : undefined;
  return by && typeof v === 'string' && Number.isInteger(by.days[v]) ? by.days[v] : bundle.promisedDays;
}

export function findMaterialType(bundle: Bundle, id: string): MaterialType | undefined {
  return bundle.materials.find((m) => m.id === id);
}

/** The item that outputs a material type, if any (validation guarantees at most one). */
export function producerOf(bundle: Bundle, materialId: string): Item | undefined {
  return bundle.items.find((i) => i.outputs.includes(materialId));
}

/** Items that consume a material type. */
export function consumersOf(bundle: Bundle, materialId: string): Item[] {
  return bundle.items.filter((i) => i.inputs.some((inp) => inp.material === materialId));
}

/** Items whose outputs this item consumes (its direct predecessors). */
export function predecessorsOf(bundle: Bundle, item: Item): Item[] {
  const result: Item[] = [];
  for (const input of item.inputs) {
    const p = producerOf(bundle, input.material);
    if (p && !result.includes(p)) result.push(p);
  }
  return result;
}

/** How lists show a value of a sensitivity class: masked as an ID number, as a phone number, cut to the last 4 characters, or as it is. */
export type ListMask = 'idNumber' | 'phone' | 'last4' | 'shown';

/**
 * How each sensitivity class (PIPL 敏感个人信息, Art. 28: identity numbers, contact numbers, financial accounts,
 * health, minors) is kept — the one place that decides it. Every class is encrypted at rest, wherever the
 * store keeps the value (the application and supplied materials, sub-task forms, received and issued
 * materials); `list` is how lists show it (core maskValues). A class added to `Sensitivity` must be added
 * here too (the compiler asks for it).
 */
export const sensitivityRules: Readonly<Record<Sensitivity, { encryptAtRest: boolean; list: ListMask }>> = {
  idNumber: { encryptAtRest: true, list: 'idNumber' },
  phone: { encryptAtRest: true, list: 'phone' },
  financial: { encryptAtRest: true, list: 'last4' },
  health: { encryptAtRest: true, list: 'shown' },
  minor: { encryptAtRest: true, list: 'shown' },
};

/** The sensitivity classes of a field: its type's (ID number, phone, bank account) and the one it declares. */
function sensitivitiesOf(field: FieldDef): Sensitivity[] {
  const implied: Sensitivity | null =
    field.type === 'idNumber' ? 'idNumber' : field.type === 'phone' ? 'phone' : field.type === 'bankAccount' ? 'financial' : null;
  const all = [implied, field.sensitivity ?? null].filter((s): s is Sensitivity => s !== null);
  return [...new Set(all)];
}

/** Whether the store encrypts the field's values at rest (a class of it says so). */
function encryptedAtRest(field: FieldDef): boolean {
  return sensitivitiesOf(field).some((s) => sensitivityRules[s].encryptAtRest);
}

/** How lists show the field: the strictest mask of its classes (ID number, phone, last 4), else as it is. */
export function listMaskOf(field: FieldDef): ListMask {
  const masks = sensitivitiesOf(field).map((s) => sensitivityRules[s].list);
  return (['idNumber', 'phone', 'last4'] as const).find((m) => masks.includes(m)) ?? 'shown';
}

/**
 * Keys of fields the store encrypts at rest (DESIGN: security): every field with a sensitivity class
 * that says so (sensitivityRules) — ID and phone numbers, bank accounts, health data, minors' data.
 * Applies to form fields and to material fields alike.
 */
export function encryptedFieldKeys(fields: readonly FieldDef[]): string[] {
  return fields.filter(encryptedAtRest).map((f) => f.key);
}
