/**
 * The staff directory as the api reaches it, before there is an actor: login looks a person up by platform
 * account, the local demo login lists everyone with their district's and department's names, and every
 * request's session check reads the person's row as it is now (uncached) — logout raises their session
 * generation (functions/store/sessions.ts). Decisions on what a session may do are the core's policy.
 */
import type { OtsClient } from '../store/client.js';
import { Directory } from '../store/directory.js';
import { DirectoryEntries } from '../store/directoryKinds.js';
import { StaffSessions } from '../store/sessions.js';
import type { AccountPlatform, OrgNames, SessionAccess, SessionStaff, StaffDirectoryAccess, StaffRecord } from './types.js';

export class StaffDirectoryOps implements StaffDirectoryAccess {
  private readonly staff: Directory;
  private readonly entries: DirectoryEntries;

  constructor(client: OtsClient) {
    this.staff = new Directory(client);
    this.entries = new DirectoryEntries(client);
  }

  findStaffByAccount(platform: AccountPlatform, accountId: string): Promise<StaffRecord | null> {
    return this.staff.findStaffByAccount(platform, accountId);
  }

  listStaff(limit?: number): Promise<StaffRecord[]> {
    return this.staff.listStaff(limit);
  }

  orgNames(): Promise<OrgNames> {
    return orgNamesOf(this.entries);
  }
}

/**
 * District and department names from the directory (three partition-local range reads); the city counts as a
 * district here, since city-level staff (the big-data bureau's admin) carry its code as their district.
 */
async function orgNamesOf(entries: DirectoryEntries): Promise<OrgNames> {
  const [cities, districts, departments] = await Promise.all([
    entries.list<{ code: string; name: string }>('city'),
    entries.list<{ code: string; name: string }>('district'),
    entries.list<{ id: string; name: string }>('department'),
  ]);
  return {
    districts: Object.fromEntries([...cities, ...districts].map((d) => [d.doc.code, d.doc.name])),
    departments: Object.fromEntries(departments.map((d) => [d.doc.id, d.doc.name])),
  };
}

export class SessionOps implements SessionAccess {
  private readonly sessions: StaffSessions;

  constructor(client: OtsClient) {
    this.sessions = new StaffSessions(client);
  }

  current(staffId: string): Promise<SessionStaff | null> {
    return this.sessions.current(staffId);
  }

  revoke(staffId: string): Promise<void> {
    return this.sessions.revoke(staffId);
  }
}
