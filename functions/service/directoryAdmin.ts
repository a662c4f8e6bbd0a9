/** Directory administration (DESIGN: configuration). */
import type { StaffActor } from '../core/actor.js';
import type { ConfigLog } from './configLog.js';
import type { ServiceContext } from './context.js';
import type { DirectoryAdminAccess } from './directoryAdminTypes.js';

export class DirectoryAdmin implements DirectoryAdminAccess {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly log: ConfigLog,
  ) {}

  async overview(_actor: StaffActor): Promise<unknown> {
    void this.log;
    return (await this.ctx.snapshot()).directory.districts;
  }
}
