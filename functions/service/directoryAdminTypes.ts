/**
 * What the directory administration (departments, staff, seals, delegations, districts' joins, calendar and opening
 * hours) offers the api. Filled in by service/directoryAdmin.ts.
 */
import type { StaffActor } from '../core/actor.js';

export interface DirectoryAdminAccess {
  /** The directory as the admin may see it. */
  overview(actor: StaffActor): Promise<unknown>;
}
