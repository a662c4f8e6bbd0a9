/**
 * What the bundle administration (一件事配置: versions draft → published → retired, editor saves, diff, dry run,
 * import / export) offers the api. Filled in by service/bundleAdmin.ts.
 */
import type { StaffActor } from '../core/actor.js';

export interface BundleAdminAccess {
  /** Every bundle with its versions' states, as the admin may see them. */
  list(actor: StaffActor): Promise<unknown>;
}
