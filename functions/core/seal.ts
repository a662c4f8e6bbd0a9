/**
 * Seals (审批专用章): a department's approval seal signs the items in its scope; a delegated seal
 * (集中授权, the 审管办 window's) signs items other departments authorised it to, per Delegation.
 */
import type { Actor } from './actor.js';
import { type Item, itemRef, itemSealKinds } from './bundle.js';
import { type Directory, findSeal, type Seal } from './directory.js';
import { domainError, type DomainError } from './errors.js';
import type { SubTaskScope } from './policy.js';
import { shanghaiDate } from './time.js';

/**
 * Whether the seal may sign this sub-task's item for its owning department. With the item, its
 * declared seal kinds apply too (e.g. payments only under the department's own seal).
 */
export function sealMaySign(dir: Directory, seal: Seal, scope: SubTaskScope, item?: Item): boolean {
  if (seal.revoked) return false;
  if (item && !itemSealKinds(item).includes(seal.kind)) return false;
  const ref = itemRef(scope.bundleId, scope.itemId);
  if (seal.kind === 'approval' && seal.department === scope.department && seal.scope.includes(ref)) return true;
  return dir.delegations.some(
    (d) => d.sealId === seal.id && d.toDepartment === seal.department && d.fromDepartment === scope.department && d.items.includes(ref),
  );
}

/** Seals that could sign a sub-task (offered to the signer; never a revoked one). */
export function sealsFor(dir: Directory, scope: SubTaskScope, item?: Item): Seal[] {
  return dir.seals.filter((s) => sealMaySign(dir, s, scope, item));
}

/** The seal, if it exists, is in scope and belongs to the signer's own department. */
export function checkSeal(dir: Directory, sealId: string, scope: SubTaskScope, actor: Actor, item?: Item): Seal | DomainError {
  const seal = findSeal(dir, sealId);
  if (!seal) return domainError('NOT_FOUND', `印章不存在: ${sealId}`);
  if (actor.kind !== 'staff' || actor.department !== seal.department) return domainError('FORBIDDEN', '只能使用本部门的印章');
  if (seal.revoked) return domainError('SEAL_OUT_OF_SCOPE', `「${seal.name}」已于 ${shanghaiDate(seal.revoked.at)} 吊销，不能再用于签章`);
  if (!sealMaySign(dir, seal, scope, item)) return domainError('SEAL_OUT_OF_SCOPE', `「${seal.name}」无权签署此事项`);
  return seal;
}
