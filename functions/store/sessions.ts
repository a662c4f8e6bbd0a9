// What a session token is checked against on every request: the staff member's row in the `directory`
// table (kind 'staff', written by directory.ts), read directly — never from a cache — so a person removed
// from the directory, or left without a role, is refused on their next request.
//
// Logout (revocation) lives in the same row: cell `sessionGen` (Long, absent = 0) is the person's session
// generation. A token carries the generation it was issued under; logout adds 1, which ends every token
// of that person at once on every api instance. The check is the same single point read that the directory
// check needs anyway, so revocation costs nothing per request (one read CU in all). Staff writes of
// directory.ts put only their own cells, so they never reset the generation.
import { Long, attributesOf, expectExist, isConditionFailed, rowExists, type CellValue, type OtsClient } from './client.js';
import { DIRECTORY_TABLE_NAME, isRole, type Role } from './directory.js';

const SESSION_GENERATION_COLUMN = 'sessionGen';

/** The directory's current word on a staff member, as sessions need it. */
export interface SessionStaff {
  district: string;
  department: string;
  roles: Role[];
  /** Tokens issued under an older generation are revoked. */
  generation: number;
  /** The row carries a `disabled` cell (停用, directory.ts): no login, every session refused. */
  disabled?: true;
}

const num = (v: CellValue | undefined): number =>
  typeof v === 'number' ? v : v && typeof v === 'object' && 'toNumber' in v ? v.toNumber() : 0;

function rolesOf(v: CellValue | undefined): Role[] {
  if (typeof v !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.filter(isRole) : [];
  } catch {
    return [];
  }
}

/** Key-safe staff ids (as directory.ts accepts them). */
const ID_PATTERN = /^[\w.@:-]{1,128}$/;

export class StaffSessions {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = DIRECTORY_TABLE_NAME,
  ) {}

  /** The staff row as it is now (one strongly consistent point read), or null when there is none. */
  async current(staffId: string): Promise<SessionStaff | null> {
    if (!ID_PATTERN.test(staffId)) return null;
    const { row } = await this.client.getRow({
      tableName: this.table,
      primaryKey: [{ kind: 'staff' }, { id: staffId }],
      columnsToGet: ['districtCode', 'departmentCode', 'roles', SESSION_GENERATION_COLUMN, 'disabled'],
      maxVersions: 1,
    });
    if (!rowExists(row)) return null;
    const a = attributesOf(row);
    if (typeof a.districtCode !== 'string' || typeof a.departmentCode !== 'string') return null;
    return {
      district: a.districtCode,
      department: a.departmentCode,
      roles: rolesOf(a.roles),
      generation: num(a[SESSION_GENERATION_COLUMN]),
      ...(a.disabled !== undefined && a.disabled !== null ? { disabled: true as const } : {}),
    };
  }

  /** Ends every session of the staff member (adds 1 to the generation); nothing to do without a row. */
  async revoke(staffId: string): Promise<void> {
    if (!ID_PATTERN.test(staffId)) return;
    try {
      await this.client.updateRow({
        tableName: this.table,
        primaryKey: [{ kind: 'staff' }, { id: staffId }],
        updateOfAttributeColumns: [{ INCREMENT: [{ [SESSION_GENERATION_COLUMN]: Long.fromNumber(1) }] }],
        condition: expectExist(),
      });
    } catch (err) {
      if (!isConditionFailed(err)) throw err; // removed from the directory: already out
    }
  }
}
