/**
 * Seals (审批专用章): a department's approval seal signs the items in its scope; a delegated seal
 * (集中授权, the 审管办 window's) signs items other departments authorised it to, per Delegation. A town centre's
 * (镇（街道）便民服务中心) approval seal is an approval seal like any other: its scope is the town's 赋权事项.
 */
import type { Actor } from './actor.js';
import { type Item, itemRef, itemSealKinds } from './bundle.js';
import { type Delegation, type Directory, findDepartment, findSeal, type Seal } from './directory.js';
import { domainError, type DomainError } from './errors.js';
import type { SubTaskScope } from './policy.js';
import type { SignedDelegation } from './signedDelegation.js';
import { shanghaiDate } from './time.js';

/** The delegation (集中授权) under which a delegated seal signs this sub-task's item, if one grants it. */
function delegationOf(dir: Directory, seal: Seal, scope: SubTaskScope): Delegation | undefined {
  const ref = itemRef(scope.bundleId, scope.itemId);
  return dir.delegations.find(
    (d) => d.sealId === seal.id && d.toDepartment === seal.department && d.fromDepartment === scope.department && d.items.includes(ref),
  );
}

/**
 * Whether the seal may sign this sub-task's item for its owning department. With the item, its
 * declared seal kinds apply too (e.g. payments only under the department's own seal).
 */
export function sealMaySign(dir: Directory, seal: Seal, scope: SubTaskScope, item?: Item): boolean {
  if (seal.revoked) return false;
  if (item && !itemSealKinds(item).includes(seal.kind)) return false;
  const ref = itemRef(scope.bundleId, scope.itemId);
  if (seal.kind === 'approval' && seal.department === scope.department && seal.scope.includes(ref)) return true;
  return delegationOf(dir, seal, scope) !== undefined;
}

/** Seals that could sign a sub-task (offered to the signer; never a revoked one). */
export function sealsFor(dir: Directory, scope: SubTaskScope, item?: Item): Seal[] {
  return dir.seals.filter((s) => sealMaySign(dir, s, scope, item));
}

/**
 * What a signature with this seal records of 集中授权: the delegation the seal signs the item under, with the two
 * departments' names as the directory has them now; null when the seal signs in its own department's right.
 */
export function signedDelegation(dir: Directory, seal: Seal, scope: SubTaskScope): SignedDelegation | null {
  if (seal.kind !== 'delegated') return null;
  const d = delegationOf(dir, seal, scope);
  if (!d) return null;
  const name = (id: string) => findDepartment(dir, id)?.name ?? id;
  return { id: d.id, fromDepartment: d.fromDepartment, fromDepartmentName: name(d.fromDepartment), toDepartment: d.toDepartment, toDepartmentName: name(d.toDepartment) };
}

/**
 * Why the seal may not sign the item, in Chinese, naming the item: a town centre's seal says the item is not among
 * the town's 赋权事项 (to be handed to the district department), a department's seal that it is outside its scope or
 * another department's item, a delegated seal that no 集中授权 covers it.
 */
export function outOfScopeMessage(dir: Directory, seal: Seal, scope: SubTaskScope, item?: Item): string {
  const itemName = item?.name ?? itemRef(scope.bundleId, scope.itemId);
  const owner = findDepartment(dir, scope.department)?.name ?? scope.department;
  if (item && !itemSealKinds(item).includes(seal.kind)) {
    return seal.kind === 'delegated'
      ? `「${itemName}」不允许集中授权签章，须由${owner}用本部门审批专用章签署`
      : `「${itemName}」不使用审批专用章签署`;
  }
  if (seal.kind === 'delegated') return `${owner}未授权「${seal.name}」签署「${itemName}」（无此事项的集中授权），不能签署`;
  if (seal.department !== scope.department) return `「${seal.name}」只能签署本部门承办的事项，「${itemName}」由${owner}承办，不能签署`;
  if (findDepartment(dir, seal.department)?.servicePoint?.level === 'town') {
    return `「${seal.name}」的赋权事项不含「${itemName}」，不能签署；请转交区级部门办理`;
  }
  return `「${seal.name}」的签署范围不含「${itemName}」，不能签署`;
}

/** The seal, if it exists, is in scope and belongs to the signer's own department. */
export function checkSeal(dir: Directory, sealId: string, scope: SubTaskScope, actor: Actor, item?: Item): Seal | DomainError {
  const seal = findSeal(dir, sealId);
  if (!seal) return domainError('NOT_FOUND', `印章不存在: ${sealId}`);
  if (actor.kind !== 'staff' || actor.department !== seal.department) return domainError('FORBIDDEN', '只能使用本部门的印章');
  if (seal.revoked) return domainError('SEAL_OUT_OF_SCOPE', `「${seal.name}」已于 ${shanghaiDate(seal.revoked.at)} 吊销，不能再用于签章`);
  if (!sealMaySign(dir, seal, scope, item)) return domainError('SEAL_OUT_OF_SCOPE', outOfScopeMessage(dir, seal, scope, item));
  return seal;
}
