/**
 * Routing (分派): which district and department each item of a case goes to — by a form field
 * naming a district (户籍地, 参保地, 死亡地, 居住地), by a chosen department (e.g. the hospital),
 * by the accepting district, or fixed. Districts join a bundle by configuration (District.bundles).
 */
import { type Bundle, type Item, itemRef, type RoutingBasis } from './bundle.js';
import { type Directory, departmentOfKind, findDepartment, findDistrict, OUTSIDE_CITY } from './directory.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import type { FormValues } from './form.js';

export interface Assignment {
  district: string;
  department: string;
}

const basisLabels: Record<RoutingBasis, string> = {
  household: '户籍地',
  insurance: '参保地',
  death: '死亡地',
  residence: '居住地',
  birth: '出生地',
  property: '不动产所在地',
};

/** Why an item cannot be routed; `reason` completes a sentence that starts with the item's name. */
export interface RoutingProblem extends Issue {
  itemName: string;
  reason: string;
}

function routingIssue(item: Item, code: string, reason: string, field?: string): RoutingProblem {
  return { ...(field ? { field } : {}), code, message: `「${item.name}」${reason}`, itemName: item.name, reason };
}

/** The district and department of one item, or the issue that prevents routing it. */
export function routeItem(
  bundle: Bundle,
  item: Item,
  values: FormValues,
  acceptingDistrict: string,
  dir: Directory,
): Assignment | RoutingProblem {
  const r = item.routing;
  if (r.by === 'departmentField') {
    const value = values[r.field];
    const dep = typeof value === 'string' ? findDepartment(dir, value) : undefined;
    if (!dep || dep.kind !== item.department) return routingIssue(item, 'UNROUTABLE', '所选机构无效', r.field);
    if (!maySign(dir, dep.id, itemRef(bundle.id, item.id))) {
      const why = dep.servicePoint ? `：${dep.name}未获赋权办理此事项，请选择其他镇（街道）便民服务中心` : `：${dep.name}无权签署此事项`;
      return routingIssue(item, 'NOT_EMPOWERED', why, r.field);
    }
    if (!findDistrict(dir, dep.district)?.bundles.includes(bundle.id)) {
      return routingIssue(item, 'DISTRICT_NOT_JOINED', `所选机构所在区尚未开通「${bundle.name}」联办`, r.field);
    }
    return { district: dep.district, department: dep.id };
  }
  let code: string;
  let field: string | undefined;
  if (r.by === 'accepting') code = acceptingDistrict;
  else if (r.by === 'fixed') code = r.district;
  else {
    field = r.field;
    const value = values[r.field];
    if (typeof value !== 'string' || value === '') return routingIssue(item, 'UNROUTABLE', `缺少${basisLabels[r.basis]}`, r.field);
    code = value;
  }
  if (code === OUTSIDE_CITY) return routingIssue(item, 'OUTSIDE_CITY', `的${r.by === 'field' ? basisLabels[r.basis] : '承办区'}不在${dir.city.name}，不能联办，请到当地单独办理`, field);
  const district = findDistrict(dir, code);
  if (!district) return routingIssue(item, 'UNKNOWN_DISTRICT', `的承办区不存在: ${code}`, field);
  if (!district.bundles.includes(bundle.id)) {
    return routingIssue(item, 'DISTRICT_NOT_JOINED', `的承办区${district.name}尚未开通「${bundle.name}」联办，请到当地单独办理`, field);
  }
  const dep = departmentOfKind(dir, code, item.department);
  if (!dep) return routingIssue(item, 'MISSING_DEPARTMENT', `在${district.name}没有承办部门`, field);
  return { district: code, department: dep.id };
}

/**
 * Whether a department can sign an item at all: an approval seal of its own in force covering it, or a 集中授权 it gave
 * for it. A department chosen on the form (a hospital, a town centre) must; a town centre signs only its 赋权事项.
 */
function maySign(dir: Directory, department: string, ref: string): boolean {
  return dir.seals.some((s) => s.department === department && s.kind === 'approval' && !s.revoked && s.scope.includes(ref))
    || dir.delegations.some((d) => d.fromDepartment === department && !d.revoked && d.items.includes(ref));
}

export function isAssignment(x: Assignment | RoutingProblem): x is Assignment {
  return 'department' in x;
}

/** Routing of every given item; every problem reported at once. */
export function routeCase(
  bundle: Bundle,
  items: readonly Item[],
  values: FormValues,
  acceptingDistrict: string,
  dir: Directory,
): Record<string, Assignment> | DomainError {
  const result: Record<string, Assignment> = {};
  const issues: Issue[] = [];
  for (const item of items) {
    const r = routeItem(bundle, item, values, acceptingDistrict, dir);
    if (isAssignment(r)) result[item.id] = r;
    else issues.push({ ...(r.field ? { field: r.field } : {}), code: r.code, message: r.message });
  }
  if (issues.length > 0) {
    const code = issues.every((i) => i.code === 'DISTRICT_NOT_JOINED') ? 'DISTRICT_NOT_JOINED' : 'VALIDATION_FAILED';
    return domainError(code, issues[0].message, issues);
  }
  return result;
}
