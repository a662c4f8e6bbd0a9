/**
 * 热线事项目录 (the hotline catalog: classes → items, workOrder.ts): validating what an admin saves, finding an
 * item, and suggesting the departments an item's order goes to (分类转办: the first one is the suggested 主办).
 */
import type { Department, Directory } from './directory.js';
import { createAjv, schemaIssues, withVisibleText } from './jsonSchema.js';
import { jsonTextIssues } from './text.js';
import type { HotlineCatalog, HotlineClass, HotlineItem, OrderLocation } from './workOrder.js';
import { requestKindLabels } from './workOrder.js';

/** The department kind meaning 镇（街道）: the town picked on the order. */
const TOWN_CENTER = 'townCenter';
const MAX_HOURS = 720;
const MAX_WORKING_DAYS = 60;
const ID = { type: 'string', pattern: '^[a-z][a-z0-9]{1,39}$' };

const itemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'kind', 'limit', 'departmentKind', 'answer', 'keywords', 'active'],
  properties: {
    id: ID,
    name: { type: 'string', minLength: 1, maxLength: 50 },
    kind: { enum: Object.keys(requestKindLabels) },
    limit: {
      type: 'object', additionalProperties: false, required: ['unit', 'value'],
      properties: { unit: { enum: ['hours', 'workingDays'] }, value: { type: 'number' } },
    },
    departmentKind: { anyOf: [{ type: 'string', minLength: 1, maxLength: 40 }, { type: 'null' }] },
    answer: { type: 'string', maxLength: 2000 },
    keywords: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 20 } },
    active: { type: 'boolean' },
  },
};

const catalogSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 100,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name', 'items'],
    properties: { id: ID, name: { type: 'string', minLength: 1, maxLength: 30 }, items: { type: 'array', minItems: 1, maxItems: 200, items: itemSchema } },
  },
};

// Compiled on first use, not when the module loads (a function's cold start pays only for what it calls).
let compiled: ReturnType<ReturnType<typeof createAjv>['compile']> | null = null;
function catalogValidator(): NonNullable<typeof compiled> {
  compiled ??= createAjv().compile(withVisibleText(catalogSchema) as object);
  return compiled;
}

type Problem = { path: string; message: string };

/** "classes.2.items.0.id" → 第3类第1项 (where an admin finds it on the page). */
function where(path: string): string {
  const m = /^classes\.(\d+)(?:\.items\.(\d+))?/.exec(path);
  if (!m) return '';
  return `第${Number(m[1]) + 1}类${m[2] === undefined ? '' : `第${Number(m[2]) + 1}项`}`;
}

const problem = (path: string, message: string): Problem => ({ path, message: `${where(path)}${where(path) ? '：' : ''}${message}` });

/** The rules the schema cannot say: ids unique, department kinds known, limits whole and in range. */
function ruleProblems(classes: HotlineClass[], kinds: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const classIds = new Set<string>();
  const itemIds = new Set<string>();
  classes.forEach((c, ci) => {
    if (classIds.has(c.id)) problems.push(problem(`classes.${ci}.id`, `类别编码 ${c.id} 重复`));
    classIds.add(c.id);
    c.items.forEach((item, ii) => {
      const at = `classes.${ci}.items.${ii}`;
      if (itemIds.has(item.id)) problems.push(problem(`${at}.id`, `事项编码 ${item.id} 在目录中重复`));
      itemIds.add(item.id);
      if (item.departmentKind !== null && item.departmentKind !== TOWN_CENTER && !kinds.has(item.departmentKind)) {
        problems.push(problem(`${at}.departmentKind`, `承办部门类型 ${item.departmentKind} 不存在`));
      }
      const max = item.limit.unit === 'hours' ? MAX_HOURS : MAX_WORKING_DAYS;
      if (!Number.isInteger(item.limit.value) || item.limit.value < 1 || item.limit.value > max) {
        problems.push(problem(`${at}.limit.value`, `办理时限应为 1 至 ${max} 的整数${item.limit.unit === 'hours' ? '小时' : '个工作日'}`));
      }
    });
  });
  return problems;
}

/**
 * The classes an admin saves, checked: the classes when valid, else every problem (path, Chinese message). Both are
 * non-empty arrays (a catalog has at least one class); a problem has `path`. `kinds`: the directory's department kinds.
 */
export function validateCatalogClasses(classes: unknown, kinds: ReadonlySet<string>): HotlineClass[] | Problem[] {
  const validate = catalogValidator();
  if (!validate(classes)) {
    return schemaIssues(validate.errors).map((i) => problem(i.field ? `classes.${i.field}` : 'classes', i.message));
  }
  const text = jsonTextIssues(classes);
  if (text.length) return text.map((i) => problem(i.field ? `classes.${i.field}` : 'classes', i.message));
  const valid = classes as HotlineClass[];
  const problems = ruleProblems(valid, kinds);
  return problems.length ? problems : valid;
}

/** The class and item of a catalog (null when either is unknown), with the catalog version an order records. */
export function findItem(catalog: HotlineCatalog, classId: string, itemId: string): { cls: HotlineClass; item: HotlineItem; catalogVersion: number } | null {
  const cls = catalog.classes.find((c) => c.id === classId);
  const item = cls?.items.find((i) => i.id === itemId);
  return cls && item ? { cls, item, catalogVersion: catalog.version } : null;
}

const isTownCentre = (d: Department, district: string) => d.district === district && d.servicePoint?.level === 'town';

/**
 * The departments an order of the item at the location goes to, the suggested lead first: the district's department
 * of the item's kind; for 'townCenter' the town picked on the order (a town centre of the district), else every town
 * centre of the district in directory order; none for an item the centre answers alone (departmentKind null).
 */
export function suggestDepartments(item: HotlineItem, location: OrderLocation, dir: Directory): { id: string; name: string }[] {
  const pick = (d: Department) => ({ id: d.id, name: d.name });
  if (item.departmentKind === null) return [];
  if (item.departmentKind === TOWN_CENTER) {
    const town = dir.departments.find((d) => d.id === location.town && isTownCentre(d, location.district));
    return town ? [pick(town)] : dir.departments.filter((d) => isTownCentre(d, location.district)).map(pick);
  }
  const kind = item.departmentKind;
  return dir.departments.filter((d) => d.district === location.district && d.kind === kind && !d.servicePoint).slice(0, 1).map(pick);
}

/** A town service point as a place on an order: 宁波市鄞州区姜山镇便民服务中心 → 姜山镇 (the district is said beside it). */
export function townPlaceName(departmentName: string, districtName: string): string {
  const at = districtName ? departmentName.indexOf(districtName) : -1;
  const rest = at >= 0 ? departmentName.slice(at + districtName.length) : departmentName;
  return rest.replace(/便民服务中心$/, '') || departmentName;
}

/**
 * Where a district's orders may go (the operator's desk): its 镇（街道） to pick as the place, and the departments an
 * order may be transferred to — those with staff who receive work (handlers or signers), not village points or the
 * hotline centre itself — by name.
 */
export function hotlinePlaces(dir: Directory, district: string): { towns: { id: string; name: string }[]; departments: { id: string; name: string }[] } {
  const districtName = dir.districts.find((d) => d.code === district)?.name ?? '';
  const ofDistrict = dir.departments.filter((d) => d.district === district);
  const receives = new Set(dir.staff.filter((s) => s.district === district && s.roles.some((r) => r === 'handler' || r === 'signer')).map((s) => s.department));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh');
  return {
    towns: ofDistrict.filter((d) => d.servicePoint?.level === 'town').map((d) => ({ id: d.id, name: townPlaceName(d.name, districtName) })).sort(byName),
    departments: ofDistrict
      .filter((d) => receives.has(d.id) && d.servicePoint?.level !== 'village' && d.kind !== 'hotlineCenter')
      .map((d) => ({ id: d.id, name: d.name }))
      .sort(byName),
  };
}
