/** Bundle administration (DESIGN: configuration). */
import type { StaffActor } from '../core/actor.js';
import type { BundleAdminAccess } from './bundleAdminTypes.js';
import type { ConfigLog } from './configLog.js';
import type { ServiceContext } from './context.js';

export class BundleAdmin implements BundleAdminAccess {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly log: ConfigLog,
  ) {}

  async list(_actor: StaffActor): Promise<unknown> {
    void this.log;
    return (await this.ctx.snapshot()).latestBundles().map((b) => ({ id: b.id, version: b.version }));
  }
}
