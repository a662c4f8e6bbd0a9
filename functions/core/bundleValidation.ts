/**
 * Bundle validation: the JSON Schema (schemas/bundle.schema.json, Ajv) and then the semantic
 * checks a schema cannot express — unique ids, references, an acyclic item graph, every input
 * produced by an earlier item or supplied at intake, the promise covering the critical path, and
 * (given a directory snapshot) every department kind and district existing.
 */
import bundleSchema from '../../schemas/bundle.schema.json' with { type: 'json' };
import { type Bundle, type EligibilityRule, type FieldDef, type Item, itemSealKinds, type MaterialType, parseItemRef } from './bundle.js';
import { criticalPathDays, findCycle } from './bundleGraph.js';
import { type Directory, departmentOfKind } from './directory.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import { schemaIssues, schemaValidator } from './jsonSchema.js';
import { prefillCompatible, ruleFields } from './prefill.js';
import { subjectFieldType, subjectKindLabels, subjectKindOf } from './subject.js';

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/**
 * Identity fields (core identity.ts): each names a field of one of the item's outputs, once, and a source the
 * item itself sees (a field of its form projection, or a declared field of one of its inputs) of the same type.
 */
function identityIssues(
  item: Item,
  at: string,
  fields: ReadonlyMap<string, FieldDef>,
  materials: ReadonlyMap<string, MaterialType>,
  add: (field: string, code: string, message: string) => void,
): void {
  const seen = new Set<string>();
  (item.identity ?? []).forEach((rule, ri) => {
    const path = `${at}.identity.${ri}`;
    const key = `${rule.material}.${rule.field}`;
    if (seen.has(key)) add(path, 'DUPLICATE_IDENTITY', `事项「${item.name}」的身份要素重复: ${key}`);
    seen.add(key);
    const m = item.outputs.includes(rule.material) ? materials.get(rule.material) : undefined;
    const target = m?.fields.find((f) => f.key === rule.field);
    if (!m) add(path, 'UNKNOWN_MATERIAL', `事项「${item.name}」的身份要素须是其输出材料的字段: ${rule.material}`);
    else if (!target) add(path, 'UNKNOWN_FIELD', `材料「${m.name}」没有字段: ${rule.field}`);
    const { source, field } = rule.equals;
    const input = item.inputs.find((i) => i.material === source);
    const seesSource = source === 'form' ? item.fields.includes(field) : input?.fields.includes(field) === true;
    const from = source === 'form' ? fields.get(field) : materials.get(source)?.fields.find((f) => f.key === field);
    if (!from) add(path, 'UNKNOWN_FIELD', `事项「${item.name}」的身份要素 ${key} 的来源不存在: ${source}.${field}`);
    else if (!seesSource) add(path, 'IDENTITY_SOURCE_HIDDEN', `事项「${item.name}」须能看到身份要素 ${key} 的来源 ${source}.${field}（表单字段或输入材料的字段）`);
    else if (target && from.type !== target.type) add(path, 'IDENTITY_TYPE_MISMATCH', `身份要素 ${key} 与其来源 ${source}.${field} 的类型不同`);
  });
}

/**
 * Ask once — pre-fill (core prefill.ts): each rule fills a field of the bundle, once, from a field of one of its
 * intake materials, of a compatible type (the same, or a datetime filling a date with its Shanghai day).
 */
function prefillIssues(bundle: Bundle, add: (field: string, code: string, message: string) => void): void {
  const seen = new Set<string>();
  (bundle.prefill ?? []).forEach((rule, i) => {
    const path = `prefill.${i}`;
    const { from, to } = ruleFields(bundle, rule);
    const material = bundle.materials.find((m) => m.id === rule.from.source);
    if (seen.has(rule.field)) add(path, 'DUPLICATE_PREFILL', `预填规则重复: 字段 ${rule.field}`);
    seen.add(rule.field);
    if (!to) add(path, 'UNKNOWN_FIELD', `预填的字段不存在: ${rule.field}`);
    if (!bundle.intakeMaterials.includes(rule.from.source)) add(path, 'PREFILL_SOURCE_NOT_INTAKE', `预填来源须是申请人提交的材料（受理材料）: ${rule.from.source}`);
    else if (!from) add(path, 'UNKNOWN_FIELD', `材料「${material?.name ?? rule.from.source}」没有字段: ${rule.from.field}`);
    if (from && to && !prefillCompatible(from, to)) {
      add(path, 'PREFILL_TYPE_MISMATCH', `字段「${to.label}」（${to.type}）不能由材料字段 ${rule.from.source}.${rule.from.field}（${from.type}）预填`);
    }
  });
}

function semanticIssues(bundle: Bundle): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, code: string, message: string) => issues.push({ field, code, message });
  const fields = new Map(bundle.fields.map((f) => [f.key, f]));
  const materials = new Map(bundle.materials.map((m) => [m.id, m]));

  for (const d of duplicates(bundle.fields.map((f) => f.key))) add('fields', 'DUPLICATE_FIELD', `字段重复: ${d}`);
  for (const d of duplicates(bundle.materials.map((m) => m.id))) add('materials', 'DUPLICATE_MATERIAL', `材料类型重复: ${d}`);
  for (const d of duplicates(bundle.items.map((i) => i.id))) add('items', 'DUPLICATE_ITEM', `事项重复: ${d}`);

  const checkFieldDef = (f: FieldDef, path: string, scope: ReadonlyMap<string, FieldDef>) => {
    if (f.options) for (const d of duplicates(f.options.map((o) => o.value))) add(`${path}.options`, 'DUPLICATE_OPTION', `选项重复: ${d}`);
    if (f.requiredWhen) {
      const other = scope.get(f.requiredWhen.field);
      if (!other) add(`${path}.requiredWhen`, 'UNKNOWN_FIELD', `条件必填引用了不存在的字段: ${f.requiredWhen.field}`);
      else if (other.options && !other.options.some((o) => o.value === f.requiredWhen?.equals)) {
        add(`${path}.requiredWhen`, 'UNKNOWN_OPTION', `条件必填引用了不存在的选项: ${f.requiredWhen.equals}`);
      }
    }
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) add(path, 'BAD_RANGE', `字段 ${f.key} 的最小值大于最大值`);
  };
  bundle.fields.forEach((f, i) => checkFieldDef(f, `fields.${i}`, fields));
  bundle.materials.forEach((m, mi) => {
    for (const d of duplicates(m.fields.map((f) => f.key))) add(`materials.${mi}.fields`, 'DUPLICATE_FIELD', `材料 ${m.id} 字段重复: ${d}`);
    const scope = new Map(m.fields.map((f) => [f.key, f]));
    m.fields.forEach((f, fi) => checkFieldDef(f, `materials.${mi}.fields.${fi}`, scope));
  });

  const used = new Set<string>();
  const producers = new Map<string, string[]>();
  for (const item of bundle.items) for (const o of item.outputs) producers.set(o, [...(producers.get(o) ?? []), item.id]);
  const intake = new Set(bundle.intakeMaterials);
  for (const m of bundle.intakeMaterials) if (!materials.has(m)) add('intakeMaterials', 'UNKNOWN_MATERIAL', `受理材料类型不存在: ${m}`);

  bundle.items.forEach((item, ii) => {
    const at = `items.${ii}`;
    for (const key of item.fields) {
      used.add(key);
      if (!fields.has(key)) add(`${at}.fields`, 'UNKNOWN_FIELD', `事项「${item.name}」引用了不存在的字段: ${key}`);
    }
    const routing = item.routing;
    if (routing.by === 'field' || routing.by === 'departmentField') {
      used.add(routing.field);
      const f = fields.get(routing.field);
      const wanted = routing.by === 'field' ? 'district' : 'department';
      if (!f || f.type !== wanted) add(`${at}.routing`, 'BAD_ROUTING_FIELD', `事项「${item.name}」的分派字段 ${routing.field} 须为${wanted === 'district' ? '区' : '部门'}类型`);
      else if (routing.by === 'departmentField' && f.departmentKind !== item.department) {
        add(`${at}.routing`, 'BAD_ROUTING_FIELD', `事项「${item.name}」的分派字段 ${routing.field} 所选部门类型与事项部门不符`);
      }
      if (f && !item.fields.includes(routing.field)) add(`${at}.fields`, 'ROUTING_FIELD_HIDDEN', `事项「${item.name}」须能看到其分派字段 ${routing.field}`);
    }
    if (item.warnRemainingDays >= item.timeLimitDays) add(`${at}.warnRemainingDays`, 'BAD_WARNING', `事项「${item.name}」的预警天数须小于承诺时限`);
    item.inputs.forEach((input, ni) => {
      const m = materials.get(input.material);
      if (!m) {
        add(`${at}.inputs.${ni}`, 'UNKNOWN_MATERIAL', `事项「${item.name}」的输入材料不存在: ${input.material}`);
        return;
      }
      for (const f of input.fields) {
        if (!m.fields.some((mf) => mf.key === f)) add(`${at}.inputs.${ni}.fields`, 'UNKNOWN_FIELD', `材料「${m.name}」没有字段: ${f}`);
      }
      const from = producers.get(input.material) ?? [];
      if (from.length === 0 && !intake.has(input.material)) {
        add(`${at}.inputs.${ni}`, 'UNPRODUCED_INPUT', `事项「${item.name}」的输入材料「${m.name}」既不由前序事项出具，也不在受理时提交`);
      }
      if (from.includes(item.id)) add(`${at}.inputs.${ni}`, 'SELF_INPUT', `事项「${item.name}」不能以自己的输出为输入`);
      const producer = bundle.items.find((x) => from.includes(x.id));
      if (producer && item.required && !producer.required) {
        add(`${at}.inputs.${ni}`, 'REQUIRED_ON_OPTIONAL', `必办事项「${item.name}」不能依赖可选事项「${producer.name}」`);
      }
    });
    item.outputs.forEach((o) => {
      if (!materials.has(o)) add(`${at}.outputs`, 'UNKNOWN_MATERIAL', `事项「${item.name}」的输出材料不存在: ${o}`);
      if (intake.has(o)) add(`${at}.outputs`, 'OUTPUT_IS_INTAKE', `材料 ${o} 不能既由受理提交又由事项出具`);
    });
    identityIssues(item, at, fields, materials, add);
  });
  for (const [m, from] of producers) if (from.length > 1) add('items', 'MULTIPLE_PRODUCERS', `材料 ${m} 由多个事项出具: ${from.join(', ')}`);
  for (const f of bundle.fields) if (!used.has(f.key) && !bundle.fields.some((g) => g.requiredWhen?.field === f.key && used.has(g.key))) {
    add('fields', 'UNUSED_FIELD', `字段「${f.label}」没有事项使用，不应采集（最小必要）`);
  }

  const cycle = findCycle(bundle);
  if (cycle) add('items', 'CYCLE', `事项之间存在循环依赖：${cycle.map((i) => i.name).join(' → ')}`);
  else {
    const path = criticalPathDays(bundle, bundle.items.filter((i) => i.required).map((i) => i.id));
    if (bundle.promisedDays < path) add('promisedDays', 'PROMISE_TOO_SHORT', `承诺时限 ${bundle.promisedDays} 个工作日短于必办事项关键路径 ${path} 个工作日`);
    // 竣工联合验收 (core acceptance.ts): per-class limits on a select field's options, each no shorter than the path.
    const by = bundle.promisedDaysBy;
    if (by) {
      const f = fields.get(by.field);
      if (f?.type !== 'select') add('promisedDaysBy.field', 'NOT_A_SELECT', `按类别的承诺时限须依据单选字段: ${by.field}`);
      for (const [value, days] of Object.entries(by.days)) {
        if (f?.type === 'select' && !(f.options ?? []).some((o) => o.value === value)) add(`promisedDaysBy.days.${value}`, 'NOT_AN_OPTION', `字段「${f.label}」没有选项 ${value}`);
        if (days < path) add(`promisedDaysBy.days.${value}`, 'PROMISE_TOO_SHORT', `承诺时限 ${days} 个工作日短于必办事项关键路径 ${path} 个工作日`);
      }
    }
  }
  if (bundle.jointAcceptance && !bundle.items.some((i) => i.id === bundle.jointAcceptance?.opinionItem)) {
    add('jointAcceptance.opinionItem', 'UNKNOWN_ITEM', `联合验收意见书事项不存在: ${bundle.jointAcceptance.opinionItem}`);
  }

  const checkRule = (rule: EligibilityRule, path: string) => {
    const needType = (key: string, types: readonly string[]) => {
      const [k, suffix] = key.split('.');
      const f = fields.get(k);
      const type = suffix === 'birthDate' ? (f?.type === 'idNumber' ? 'date' : 'invalid') : f?.type;
      if (!f || !type || !types.includes(type)) add(path, 'BAD_RULE_FIELD', `申请条件引用的字段 ${key} 不存在或类型不符`);
    };
    switch (rule.kind) {
      case 'maxAge': needType(rule.field, ['date', 'datetime']); break;
      case 'minAge': needType(rule.field, ['date', 'datetime']); break;
      case 'oneOf': needType(rule.field, ['select', 'text']); break;
      case 'chosenWhen':
        needType(rule.field, ['select', 'text']);
        for (const id of rule.items) {
          if (!bundle.items.some((i) => i.id === id && !i.required)) add(path, 'BAD_RULE_ITEM', `申请条件引用的事项 ${id} 不存在或不是可选事项`);
        }
        break;
      case 'districtJoined': needType(rule.field, ['district']); break;
      case 'differ': rule.fields.forEach((f) => needType(f, ['text', 'idNumber', 'creditCode', 'phone', 'bankAccount'])); break;
      case 'dateOrder': needType(rule.before, ['date', 'datetime']); needType(rule.after, ['date', 'datetime']); break;
      case 'anyOf': rule.rules.forEach((r, i) => checkRule(r, `${path}.rules.${i}`)); break;
    }
  };
  bundle.eligibility.forEach((r, i) => checkRule(r, `eligibility.${i}`));

  prefillIssues(bundle, add);

  bundle.subjects.forEach((s, i) => {
    const typeOf = (key: string) => (s.source === 'form' ? fields.get(key)?.type : materials.get(s.source)?.fields.find((f) => f.key === key)?.type);
    const kind = subjectKindOf(s);
    if (typeOf(s.idField) !== subjectFieldType[kind]) {
      const what = kind === 'person' ? '身份证字段' : `${subjectKindLabels[kind].number}字段（${subjectFieldType[kind]}）`;
      add(`subjects.${i}`, 'BAD_SUBJECT', `档案主体 ${s.label} 的${what}不存在或类型不符: ${s.source}.${s.idField}`);
    }
    if (s.nameField !== undefined && (kind === 'person' || typeOf(s.nameField) !== 'text')) {
      add(`subjects.${i}.nameField`, 'BAD_SUBJECT', kind === 'person' ? `档案主体 ${s.label} 是个人，不登记名称字段（个人姓名不存入档案索引）` : `档案主体 ${s.label} 的名称字段不存在或不是文本: ${s.source}.${s.nameField}`);
    }
  });
  return issues;
}

function directoryIssues(bundle: Bundle, dir: Directory): Issue[] {
  const issues: Issue[] = [];
  const kinds = new Set(dir.departmentKinds.map((k) => k.id));
  const joined = dir.districts.filter((d) => d.bundles.includes(bundle.id));
  if (!kinds.has(bundle.leadDepartment)) issues.push({ field: 'leadDepartment', code: 'UNKNOWN_DEPARTMENT_KIND', message: `牵头部门类型不存在: ${bundle.leadDepartment}` });
  bundle.items.forEach((item, i) => {
    const at = `items.${i}`;
    if (!kinds.has(item.department)) {
      issues.push({ field: `${at}.department`, code: 'UNKNOWN_DEPARTMENT_KIND', message: `事项「${item.name}」的部门类型不存在: ${item.department}` });
      return;
    }
    if (!dir.departments.some((d) => d.kind === item.department)) {
      const kind = dir.departmentKinds.find((k) => k.id === item.department)?.name ?? item.department;
      issues.push({ field: `${at}.department`, code: 'NO_DEPARTMENT_OF_KIND', message: `没有任何${kind}部门能承办事项「${item.name}」` });
      return;
    }
    const districts = item.routing.by === 'fixed' ? [item.routing.district] : joined.map((d) => d.code);
    for (const code of districts) {
      const district = dir.districts.find((d) => d.code === code);
      if (!district) {
        issues.push({ field: `${at}.routing`, code: 'UNKNOWN_DISTRICT', message: `事项「${item.name}」指定的区不存在: ${code}` });
      } else if (!departmentOfKind(dir, code, item.department)) {
        issues.push({ field: `${at}.department`, code: 'MISSING_DEPARTMENT', message: `${district.name}没有事项「${item.name}」所需的部门（${item.department}）` });
      }
    }
  });
  for (const d of dir.delegations) {
    for (const ref of d.items) {
      const { bundleId, itemId } = parseItemRef(ref);
      const item = bundleId === bundle.id ? bundle.items.find((i) => i.id === itemId) : undefined;
      if (item && !itemSealKinds(item).includes('delegated')) {
        issues.push({ field: `items.${bundle.items.indexOf(item)}.seals`, code: 'DELEGATION_NOT_ALLOWED', message: `事项「${item.name}」不允许集中授权签章，但授权 ${d.id} 包含它` });
      }
    }
  }
  for (const f of bundle.fields) {
    if (f.type === 'department' && f.departmentKind && !kinds.has(f.departmentKind)) {
      issues.push({ field: `fields.${f.key}`, code: 'UNKNOWN_DEPARTMENT_KIND', message: `字段「${f.label}」的部门类型不存在: ${f.departmentKind}` });
    }
  }
  return issues;
}

/**
 * Validate a bundle definition. With a directory, also checks departments and districts: every
 * district that joined the bundle must have a department for every item.
 */
export function validateBundle(candidate: unknown, directory?: Directory): Bundle | DomainError {
  const validateSchema = schemaValidator(bundleSchema.$id);
  if (!validateSchema(candidate)) return domainError('BUNDLE_INVALID', undefined, schemaIssues(validateSchema.errors));
  // The schema has just checked the shape; Bundle is that shape.
  const bundle = candidate as unknown as Bundle;
  const issues = [...semanticIssues(bundle), ...(directory ? directoryIssues(bundle, directory) : [])];
  return issues.length > 0 ? domainError('BUNDLE_INVALID', undefined, issues) : bundle;
}
