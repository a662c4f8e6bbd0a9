/**
 * Issuing, rotating and revoking seals (审批专用章) and delegations (集中授权), as decisions on the directory: each
 * returns the new entry or the problems (field paths of the request body, Chinese messages). Scope items must be
 * items of a published bundle version, of the seal's (or delegating) department's kind, allowing that seal kind — a
 * town centre's (kind townCenter) seal so names the town items of its 赋权事项, optionally classed (scopeClasses).
 * Pure: the day and the instant are passed in; keys are the store's.
 */
import { type Bundle, itemSealKinds, type SealKind } from './bundle.js';
import type { Delegation, Directory, ItemClass, Revocation, Seal } from './directory.js';
import { findDepartment, findSeal } from './directory.js';
import type { Issue } from './errors.js';
import { type CalendarDate, isCalendarDate } from './time.js';

export interface NewSeal {
  id: string;
  name: string;
  department: string;
  kind: SealKind;
  scope: string[];
  /** A town centre's 赋权事项: the class of scope items (行政权力事项 / 公共服务事项); every key must be in scope. */
  scopeClasses?: Record<string, ItemClass>;
}

const ITEM_CLASSES: readonly string[] = ['power', 'publicService'] satisfies ItemClass[];

export interface NewDelegation {
  id: string;
  fromDepartment: string;
  toDepartment: string;
  items: string[];
  sealId: string;
  validFrom: CalendarDate;
  validUntil: CalendarDate;
}

/** The key id of a seal's n-th key (1 = issued, 2 = first rotation, …). */
const sealKeyId = (sealId: string, n: number): string => `${sealId}-ed25519-${n}`;

const issue = (field: string, code: string, message: string): Issue => ({ field, code, message });

/** Problems of `bundleId/itemId` refs against the published bundles, for a department kind and seal kind. */
function itemRefIssues(field: string, refs: readonly string[], published: readonly Bundle[], departmentKind: string, sealKind: SealKind): Issue[] {
  const out: Issue[] = [];
  refs.forEach((ref, i) => {
    const [bundleId, itemId] = ref.split('/');
    const versions = published.filter((b) => b.id === bundleId);
    const item = versions.flatMap((b) => b.items).find((it) => it.id === itemId);
    if (!item) out.push(issue(`${field}.${i}`, 'UNKNOWN_ITEM', `已发布的一件事中没有事项 ${ref}`));
    else if (item.department !== departmentKind) out.push(issue(`${field}.${i}`, 'WRONG_DEPARTMENT', `事项「${item.name}」不由此类部门（${departmentKind}）办理`));
    else if (!itemSealKinds(item).includes(sealKind)) {
      out.push(issue(`${field}.${i}`, 'SEAL_KIND_NOT_ALLOWED', sealKind === 'delegated' ? `事项「${item.name}」不允许集中授权签章` : `事项「${item.name}」不使用审批专用章`));
    }
  });
  return out;
}

/** A new seal (its first key id chosen here) or the problems; an existing id is the caller's CONFLICT. */
export function issueSeal(dir: Directory, input: NewSeal, published: readonly Bundle[]): Seal | Issue[] {
  const dep = findDepartment(dir, input.department);
  if (!dep) return [issue('department', 'UNKNOWN_DEPARTMENT', `部门不存在: ${input.department}`)];
  const issues: Issue[] = [];
  if (input.kind === 'delegated' && input.scope.length > 0) {
    issues.push(issue('scope', 'DELEGATED_SCOPE', '集中授权章的签署范围由授权决定，签署范围须为空'));
  }
  if (input.kind === 'approval') {
    if (input.scope.length === 0) issues.push(issue('scope', 'EMPTY_SCOPE', '审批专用章须至少可签署一个事项'));
    issues.push(...itemRefIssues('scope', input.scope, published, dep.kind, 'approval'));
  }
  issues.push(...scopeClassIssues(input));
  if (issues.length > 0) return issues;
  const classes = input.scopeClasses && Object.keys(input.scopeClasses).length > 0 ? { scopeClasses: { ...input.scopeClasses } } : {};
  return { id: input.id, name: input.name, department: input.department, kind: input.kind, scope: [...input.scope], ...classes, keyId: sealKeyId(input.id, 1) };
}

/** Problems of a seal's item classes: each classed item must be in the seal's scope, each class 行政权力事项 or 公共服务事项. */
function scopeClassIssues(input: NewSeal): Issue[] {
  const out: Issue[] = [];
  for (const [ref, cls] of Object.entries(input.scopeClasses ?? {})) {
    const field = `scopeClasses.${ref}`;
    if (!input.scope.includes(ref)) out.push(issue(field, 'NOT_IN_SCOPE', `事项 ${ref} 不在此印章的签署范围内，不能为它设定事项类别`));
    if (!ITEM_CLASSES.includes(cls)) out.push(issue(field, 'BAD_ITEM_CLASS', `事项类别须为「行政权力事项」（power）或「公共服务事项」（publicService），不能是 ${String(cls)}`));
  }
  return out;
}

/** The seal with a new key: the current key id joins `previousKeyIds` (its public key stays for verifying). */
export function rotateSeal(seal: Seal): Seal | Issue[] {
  if (seal.revoked) return [issue('id', 'SEAL_REVOKED', `「${seal.name}」已吊销，不能更换密钥`)];
  const previous = [...(seal.previousKeyIds ?? []), seal.keyId];
  return { ...seal, keyId: sealKeyId(seal.id, previous.length + 1), previousKeyIds: previous };
}

/** The seal revoked (no signing with it from then on); revoking twice is refused. */
export function revokeSeal(seal: Seal, revocation: Revocation): Seal | Issue[] {
  if (seal.revoked) return [issue('id', 'ALREADY_REVOKED', `「${seal.name}」已于 ${seal.revoked.at} 吊销`)];
  return { ...seal, revoked: revocation };
}

/**
 * A new delegation or the problems: both departments exist in one district and differ; the seal is the receiving
 * department's 集中授权章 and not revoked; the items are the delegating department's, allowing delegated signing;
 * validFrom ≤ validUntil, and validUntil not before today.
 */
export function issueDelegation(dir: Directory, input: NewDelegation, published: readonly Bundle[], today: CalendarDate): Delegation | Issue[] {
  const issues: Issue[] = [];
  const from = findDepartment(dir, input.fromDepartment);
  const to = findDepartment(dir, input.toDepartment);
  if (!from) issues.push(issue('fromDepartment', 'UNKNOWN_DEPARTMENT', `授权部门不存在: ${input.fromDepartment}`));
  if (!to) issues.push(issue('toDepartment', 'UNKNOWN_DEPARTMENT', `被授权部门不存在: ${input.toDepartment}`));
  if (from && to && from.district !== to.district) issues.push(issue('toDepartment', 'OTHER_DISTRICT', '集中授权只能授予本区的部门'));
  if (from && to && from.id === to.id) issues.push(issue('toDepartment', 'SAME_DEPARTMENT', '不能授权给本部门'));
  const seal = findSeal(dir, input.sealId);
  if (!seal) issues.push(issue('sealId', 'UNKNOWN_SEAL', `印章不存在: ${input.sealId}`));
  else if (seal.kind !== 'delegated' || seal.department !== input.toDepartment) issues.push(issue('sealId', 'BAD_SEAL', '须使用被授权部门的集中授权审批专用章'));
  else if (seal.revoked) issues.push(issue('sealId', 'SEAL_REVOKED', `「${seal.name}」已吊销`));
  if (from) issues.push(...itemRefIssues('items', input.items, published, from.kind, 'delegated'));
  if (!isCalendarDate(input.validFrom)) issues.push(issue('validFrom', 'BAD_DATE', `日期无效: ${input.validFrom}`));
  if (!isCalendarDate(input.validUntil)) issues.push(issue('validUntil', 'BAD_DATE', `日期无效: ${input.validUntil}`));
  else if (isCalendarDate(input.validFrom) && input.validUntil < input.validFrom) issues.push(issue('validUntil', 'BAD_PERIOD', '有效期截止日不能早于起始日'));
  else if (input.validUntil < today) issues.push(issue('validUntil', 'BAD_PERIOD', `有效期截止日不能早于今天（${today}）`));
  if (issues.length > 0) return issues;
  return { ...input, items: [...input.items] };
}

/** The delegation revoked (it grants nothing from then on); revoking twice is refused. */
export function revokeDelegation(d: Delegation, revocation: Revocation): Delegation | Issue[] {
  if (d.revoked) return [issue('id', 'ALREADY_REVOKED', `集中授权 ${d.id} 已于 ${d.revoked.at} 撤销`)];
  return { ...d, revoked: revocation };
}
