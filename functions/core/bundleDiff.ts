/**
 * The diff of two versions of a bundle (版本对比), for the admin page: items, form fields, materials and their
 * fields, limits (timeLimitDays, warnRemainingDays, promisedDays, promisedDaysBy), the joint-acceptance setting, routing, seals, countersign, inputs and outputs,
 * eligibility and archive subjects — each entry added / removed / changed with before → after and a Chinese label.
 * Works on drafts too (an incomplete bundle: missing parts read as empty).
 */
import type { BundleJson } from './bundleVersion.js';
import { canonicalJson, type Json } from './canonical.js';

type DiffChange = 'added' | 'removed' | 'changed';

type DiffSection = 'bundle' | 'item' | 'field' | 'material' | 'intake' | 'eligibility' | 'subject';

export interface BundleDiffEntry {
  section: DiffSection;
  change: DiffChange;
  /** Where, by ids: `items.birthCertificate.timeLimitDays`, `fields.motherName`, `materials.birthMedical.fields.babyName`. */
  path: string;
  /** What, in Chinese: 事项「出生医学证明」· 承诺时限（工作日）. */
  label: string;
  before: Json | null;
  after: Json | null;
}

type Obj = Readonly<Record<string, unknown>>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asJson = (v: unknown): Json | null => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Json));
const same = (a: unknown, b: unknown): boolean => canonicalJson(asJson(a)) === canonicalJson(asJson(b));
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const text = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);

const BUNDLE_LABELS: Readonly<Record<string, string>> = {
  name: '名称',
  description: '说明',
  leadDepartment: '牵头部门',
  promisedDays: '总承诺时限（工作日）',
  promisedDaysBy: '按表单选项的总承诺时限（工作日）',
  jointAcceptance: '竣工联合验收（出具联合验收意见书的事项）',
};

const ITEM_LABELS: Readonly<Record<string, string>> = {
  name: '名称',
  department: '部门类型',
  routing: '分派规则',
  required: '必办',
  fields: '读取的表单字段',
  inputs: '输入材料',
  outputs: '输出材料',
  timeLimitDays: '承诺时限（工作日）',
  warnRemainingDays: '预警剩余天数',
  clockStartsAt: '计时起点',
  countersign: '会签',
  seals: '签章类型',
  identity: '身份要素',
};

const FIELD_LABELS: Readonly<Record<string, string>> = {
  label: '名称',
  type: '类型',
  required: '必填',
  requiredWhen: '条件必填',
  options: '选项',
  departmentKind: '部门类型',
  maxLength: '最大长度',
  min: '最小值',
  max: '最大值',
  notFuture: '不晚于今天',
  sensitivity: '敏感类别',
  hint: '填写提示',
};

const MATERIAL_LABELS: Readonly<Record<string, string>> = {
  name: '名称',
  electronicLicence: '电子证照',
  delivery: '寄递',
};

class Diff {
  readonly entries: BundleDiffEntry[] = [];

  add(section: DiffSection, change: DiffChange, path: string, label: string, before: unknown, after: unknown): void {
    this.entries.push({ section, change, path, label, before: asJson(before), after: asJson(after) });
  }

  /** Changed properties of one object (the keys of `labels`, then any other key, by name). */
  props(section: DiffSection, path: string, label: string, before: Obj, after: Obj, labels: Readonly<Record<string, string>>, skip: readonly string[] = []): void {
    const keys = [...new Set([...Object.keys(labels), ...Object.keys(before), ...Object.keys(after)])].filter((k) => !skip.includes(k));
    for (const k of keys) {
      if (same(before[k], after[k])) continue;
      const change: DiffChange = before[k] === undefined ? 'added' : after[k] === undefined ? 'removed' : 'changed';
      this.add(section, change, `${path}.${k}`, `${label} · ${labels[k] ?? k}`, before[k], after[k]);
    }
  }

  /** Entries of two lists matched by a key: added, removed, and for those in both `changed(before, after)`. */
  keyed(
    section: DiffSection,
    path: string,
    before: Obj[],
    after: Obj[],
    key: string,
    name: (o: Obj) => string,
    changed: (b: Obj, a: Obj, at: string, label: string) => void,
  ): void {
    const id = (o: Obj) => text(o[key], '');
    const old = new Map(before.map((o) => [id(o), o]));
    const now = new Map(after.map((o) => [id(o), o]));
    for (const [k, o] of old) if (!now.has(k)) this.add(section, 'removed', `${path}.${k}`, name(o), o, null);
    for (const [k, o] of now) {
      const b = old.get(k);
      if (!b) this.add(section, 'added', `${path}.${k}`, name(o), null, o);
      else changed(b, o, `${path}.${k}`, name(o));
    }
  }
}

/** What changed from `before` to `after` (two versions of one bundle). */
export function diffBundles(before: BundleJson, after: BundleJson): BundleDiffEntry[] {
  const d = new Diff();
  d.props('bundle', 'bundle', '一件事', before, after, BUNDLE_LABELS, ['id', 'version', 'fields', 'materials', 'intakeMaterials', 'items', 'eligibility', 'subjects']);

  d.keyed('item', 'items', list(before.items), list(after.items), 'id', (o) => `事项「${text(o.name, text(o.id, '?'))}」`, (b, a, at, label) =>
    d.props('item', at, label, b, a, ITEM_LABELS, ['id']),
  );

  const fieldName = (prefix: string) => (o: Obj) => `${prefix}字段「${text(o.label, text(o.key, '?'))}」`;
  d.keyed('field', 'fields', list(before.fields), list(after.fields), 'key', fieldName('表单'), (b, a, at, label) =>
    d.props('field', at, label, b, a, FIELD_LABELS, ['key']),
  );

  d.keyed('material', 'materials', list(before.materials), list(after.materials), 'id', (o) => `材料「${text(o.name, text(o.id, '?'))}」`, (b, a, at, label) => {
    d.props('material', at, label, b, a, MATERIAL_LABELS, ['id', 'fields']);
    d.keyed('material', `${at}.fields`, list(b.fields), list(a.fields), 'key', fieldName(`${label} · `), (fb, fa, fat, flabel) =>
      d.props('material', fat, flabel, fb, fa, FIELD_LABELS, ['key']),
    );
  });

  const intakeBefore = Array.isArray(before.intakeMaterials) ? before.intakeMaterials.map(String) : [];
  const intakeAfter = Array.isArray(after.intakeMaterials) ? after.intakeMaterials.map(String) : [];
  for (const m of intakeBefore) if (!intakeAfter.includes(m)) d.add('intake', 'removed', `intakeMaterials.${m}`, `受理时提交的材料 ${m}`, m, null);
  for (const m of intakeAfter) if (!intakeBefore.includes(m)) d.add('intake', 'added', `intakeMaterials.${m}`, `受理时提交的材料 ${m}`, null, m);

  const rulesBefore = list(before.eligibility);
  const rulesAfter = list(after.eligibility);
  for (let i = 0; i < Math.max(rulesBefore.length, rulesAfter.length); i++) {
    const b = rulesBefore[i];
    const a = rulesAfter[i];
    if (same(b, a)) continue;
    const label = `申请条件 ${i + 1}「${text((a ?? b)?.message, '')}」`;
    d.add('eligibility', !b ? 'added' : !a ? 'removed' : 'changed', `eligibility.${i}`, label, b, a);
  }

  d.keyed('subject', 'subjects', list(before.subjects), list(after.subjects), 'role', (o) => `档案主体「${text(o.label, text(o.role, '?'))}」`, (b, a, at, label) =>
    d.props('subject', at, label, b, a, { label: '名称', source: '来源', idField: '身份证字段' }, ['role']),
  );
  return d.entries;
}
