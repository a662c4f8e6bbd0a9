/**
 * "Revoking a delegation stops new sign-offs under it at once": the directory snapshot is cached 30 s per instance,
 * so a sign-off, countersign or refusal by someone acting under 集中授权 re-reads those delegation rows (point reads,
 * only then) and the core decides on them (policy.ts authorizeDelegatedSigning). Signing in one's own department
 * reads nothing more.
 */
import type { Actor } from '../core/actor.js';
import type { Delegation } from '../core/directory.js';
import { authorizeDelegatedSigning, delegationsActedUnder, type SubTaskScope } from '../core/policy.js';
import { shanghaiDate } from '../core/time.js';
import { DirectoryEntries } from '../store/directoryKinds.js';
import type { ServiceContext, Snapshot } from './context.js';

export async function checkDelegationStillGrants(ctx: ServiceContext, actor: Actor, scope: SubTaskScope, snapshot: Snapshot, now: string): Promise<void> {
  const under = delegationsActedUnder(actor, scope, snapshot.directory);
  if (under.length === 0) return;
  const entries = new DirectoryEntries(ctx.client);
  const fresh = await Promise.all(under.map(async (d) => (await entries.get<Delegation>('delegation', d.id))?.doc ?? null));
  const denied = authorizeDelegatedSigning(actor, scope, fresh, shanghaiDate(now));
  if (denied) throw denied;
}
