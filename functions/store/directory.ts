// The staff directory (人员名录) in the Tablestore table `directory` (PK `kind` STRING, `id` STRING).
// Rows written here:
//   kind 'staff',             id <staffId>              name, districtCode, departmentCode, roles (JSON),
//                                                       accountZzd, accountDingtalk, version (Long),
//                                                       disabled (JSON {reason, by, at}; absent = active)
//   kind 'staff-by-account',  id '<platform>:<account>' staffId
// The staff row is authoritative; an account row is an index into it. A lookup by account checks that
// the staff row still names that account, so a stale index row never logs anyone in.
// Every write is conditional (row existence, expected version): two admins saving the same person give
// one success and one VERSION_CONFLICT, never a lost update.
import { ROLES, type Role } from '../core/directory.js';
import {
  Long,
  TableStore,
  attributesOf,
  columnEquals,
  expectExist,
  expectNotExist,
  isConditionFailed,
  rowExists,
  type CellValue,
  type CreateTableParams,
  type OtsClient,
  type PrimaryKeyInput,
  type Row,
} from './client.js';

export const DIRECTORY_TABLE_NAME = 'directory';

/** Table definition for provisioning: one version per cell, no TTL. */
export const DIRECTORY_TABLE: CreateTableParams = {
  tableMeta: {
    tableName: DIRECTORY_TABLE_NAME,
    primaryKey: [
      { name: 'kind', type: 'STRING' },
      { name: 'id', type: 'STRING' },
    ],
  },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

/** Staff roles (core/directory.ts): 综合窗口受理人员, 部门经办人, 签章人, 督办人员, 管理员, 审计. */
export type { Role };
export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export type AccountPlatform = 'zzd' | 'dingtalk';
const ACCOUNT_PLATFORMS: readonly AccountPlatform[] = ['zzd', 'dingtalk'];

export interface StaffRecord {
  id: string;
  name: string;
  districtCode: string;
  departmentCode: string;
  roles: Role[];
  /** 浙政钉 accountId and DingTalk userid of this person. */
  accounts: Partial<Record<AccountPlatform, string>>;
  /** Set while the person is disabled (停用): no login, no session (store/sessions.ts). Kept by updateStaff. */
  disabled?: StaffDisabled;
}

/** Why and by whom a staff member was disabled. */
export interface StaffDisabled {
  reason: string;
  by: string;
  at: string;
}

export interface StoredStaff extends StaffRecord {
  version: number;
}

export type DirectoryErrorCode = 'INVALID_STAFF' | 'STAFF_EXISTS' | 'STAFF_NOT_FOUND' | 'VERSION_CONFLICT' | 'ACCOUNT_TAKEN';

export class DirectoryError extends Error {
  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

const KIND_STAFF = 'staff';
const KIND_ACCOUNT = 'staff-by-account';
const ACCOUNT_COLUMN: Record<AccountPlatform, string> = { zzd: 'accountZzd', dingtalk: 'accountDingtalk' };

/** Key-safe: PK strings are ≤ 1 KB; ids here are short printable tokens. */
const ID_PATTERN = /^[\w.@:-]{1,128}$/;

function validateStaff(staff: StaffRecord): void {
  const problems: string[] = [];
  if (!ID_PATTERN.test(staff.id)) problems.push('id');
  if (!staff.name || staff.name.length > 64) problems.push('name');
  if (!ID_PATTERN.test(staff.districtCode)) problems.push('districtCode');
  if (!ID_PATTERN.test(staff.departmentCode)) problems.push('departmentCode');
  if (!Array.isArray(staff.roles) || !staff.roles.every(isRole) || new Set(staff.roles).size !== staff.roles.length) problems.push('roles');
  for (const p of ACCOUNT_PLATFORMS) {
    const account = staff.accounts[p];
    if (account !== undefined && !ID_PATTERN.test(account)) problems.push(`accounts.${p}`);
  }
  if (problems.length > 0) throw new DirectoryError('INVALID_STAFF', `invalid staff record fields: ${problems.join(', ')}`);
}

const str = (v: CellValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: CellValue | undefined): number =>
  typeof v === 'number' ? v : v && typeof v === 'object' && 'toNumber' in v ? v.toNumber() : 0;

function staffFromRow(row: Row): StoredStaff {
  const a = attributesOf(row);
  const id = String(row.primaryKey?.find((c) => c.name === 'id')?.value ?? '');
  let roles: Role[] = [];
  try {
    const parsed: unknown = JSON.parse(str(a.roles) ?? '[]');
    roles = Array.isArray(parsed) ? parsed.filter(isRole) : [];
  } catch {
    roles = [];
  }
  const accounts: Partial<Record<AccountPlatform, string>> = {};
  for (const p of ACCOUNT_PLATFORMS) {
    const v = str(a[ACCOUNT_COLUMN[p]]);
    if (v) accounts[p] = v;
  }
  const disabled = disabledOf(a.disabled);
  return {
    id,
    name: str(a.name) ?? '',
    districtCode: str(a.districtCode) ?? '',
    departmentCode: str(a.departmentCode) ?? '',
    roles,
    accounts,
    ...(disabled ? { disabled } : {}),
    version: num(a.version),
  };
}

/** The `disabled` cell: a present cell always disables, even when its JSON cannot be read. */
function disabledOf(v: CellValue | undefined): StaffDisabled | undefined {
  if (v === undefined || v === null) return undefined;
  try {
    const d = JSON.parse(String(v)) as Partial<StaffDisabled>;
    return { reason: String(d.reason ?? ''), by: String(d.by ?? ''), at: String(d.at ?? '') };
  } catch {
    return { reason: '', by: '', at: '' };
  }
}

function staffColumns(staff: StaffRecord, version: number): Array<Record<string, CellValue>> {
  const cols: Array<Record<string, CellValue>> = [
    { name: staff.name },
    { districtCode: staff.districtCode },
    { departmentCode: staff.departmentCode },
    { roles: JSON.stringify(staff.roles) },
    { version: Long.fromNumber(version) },
  ];
  for (const p of ACCOUNT_PLATFORMS) {
    const account = staff.accounts[p];
    if (account) cols.push({ [ACCOUNT_COLUMN[p]]: account });
  }
  return cols;
}

const accountKey = (platform: AccountPlatform, accountId: string): string => `${platform}:${accountId}`;

export class Directory {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = DIRECTORY_TABLE_NAME,
  ) {}

  async getStaff(id: string): Promise<StoredStaff | null> {
    if (!ID_PATTERN.test(id)) return null;
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: [{ kind: KIND_STAFF }, { id }], maxVersions: 1 });
    return rowExists(row) ? staffFromRow(row) : null;
  }

  /** The staff member who owns this external account, or null. Two point reads. */
  async findStaffByAccount(platform: AccountPlatform, accountId: string): Promise<StoredStaff | null> {
    if (!ID_PATTERN.test(accountId)) return null;
    const { row } = await this.client.getRow({
      tableName: this.table,
      primaryKey: [{ kind: KIND_ACCOUNT }, { id: accountKey(platform, accountId) }],
      maxVersions: 1,
    });
    if (!rowExists(row)) return null;
    const staffId = str(attributesOf(row).staffId);
    const staff = staffId ? await this.getStaff(staffId) : null;
    return staff && staff.accounts[platform] === accountId ? staff : null;
  }

  /** Creates a staff member; fails with STAFF_EXISTS or ACCOUNT_TAKEN and then writes no staff row. */
  async createStaff(staff: StaffRecord): Promise<StoredStaff> {
    validateStaff(staff);
    await this.claimAccounts(staff);
    try {
      await this.client.putRow({
        tableName: this.table,
        primaryKey: [{ kind: KIND_STAFF }, { id: staff.id }],
        attributeColumns: staffColumns(staff, 1),
        condition: expectNotExist(),
      });
    } catch (err) {
      if (isConditionFailed(err)) throw new DirectoryError('STAFF_EXISTS', `staff ${staff.id} already exists`);
      throw err;
    }
    return { ...staff, roles: [...staff.roles], accounts: { ...staff.accounts }, version: 1 };
  }

  /** Replaces a staff member's record if it is still at `expectedVersion`. */
  async updateStaff(staff: StaffRecord, expectedVersion: number): Promise<StoredStaff> {
    validateStaff(staff);
    const before = await this.getStaff(staff.id);
    if (!before) throw new DirectoryError('STAFF_NOT_FOUND', `staff ${staff.id} does not exist`);
    if (before.version !== expectedVersion) throw new DirectoryError('VERSION_CONFLICT', `staff ${staff.id} was changed by someone else`);
    await this.claimAccounts(staff);
    const removed = ACCOUNT_PLATFORMS.filter((p) => before.accounts[p] && !staff.accounts[p]);
    try {
      await this.client.updateRow({
        tableName: this.table,
        primaryKey: [{ kind: KIND_STAFF }, { id: staff.id }],
        updateOfAttributeColumns: [
          { PUT: staffColumns(staff, expectedVersion + 1) },
          ...(removed.length > 0 ? [{ DELETE_ALL: removed.map((p) => ACCOUNT_COLUMN[p]) }] : []),
        ],
        condition: expectExist(columnEquals('version', Long.fromNumber(expectedVersion))),
      });
    } catch (err) {
      if (isConditionFailed(err)) throw new DirectoryError('VERSION_CONFLICT', `staff ${staff.id} was changed by someone else`);
      throw err;
    }
    // Index rows of accounts the person no longer has: removed only if they still point here.
    for (const p of ACCOUNT_PLATFORMS) {
      const old = before.accounts[p];
      if (old && old !== staff.accounts[p]) await this.releaseAccount(p, old, staff.id);
    }
    const { disabled: _ignored, ...record } = staff;
    return { ...record, roles: [...staff.roles], accounts: { ...staff.accounts }, ...(before.disabled ? { disabled: before.disabled } : {}), version: expectedVersion + 1 };
  }

  /**
   * Disables (with why, by whom, when) or enables (null) a staff member still at `expectedVersion`; only the
   * `disabled` cell and the version change. Ending the person's sessions is the caller's (sessions.ts revoke).
   */
  async setDisabled(id: string, disabled: StaffDisabled | null, expectedVersion: number): Promise<StoredStaff> {
    const before = await this.getStaff(id);
    if (!before) throw new DirectoryError('STAFF_NOT_FOUND', `staff ${id} does not exist`);
    if (before.version !== expectedVersion) throw new DirectoryError('VERSION_CONFLICT', `staff ${id} was changed by someone else`);
    const version = Long.fromNumber(expectedVersion + 1);
    try {
      await this.client.updateRow({
        tableName: this.table,
        primaryKey: [{ kind: KIND_STAFF }, { id }],
        updateOfAttributeColumns: disabled
          ? [{ PUT: [{ disabled: JSON.stringify(disabled) }, { version }] }]
          : [{ PUT: [{ version }] }, { DELETE_ALL: ['disabled'] }],
        condition: expectExist(columnEquals('version', Long.fromNumber(expectedVersion))),
      });
    } catch (err) {
      if (isConditionFailed(err)) throw new DirectoryError('VERSION_CONFLICT', `staff ${id} was changed by someone else`);
      throw err;
    }
    const { disabled: _was, ...rest } = before;
    return { ...rest, ...(disabled ? { disabled } : {}), version: expectedVersion + 1 };
  }

  /** Staff members in id order, at most `limit` (a short range over one partition; admin and dev lists). */
  async listStaff(limit = 100): Promise<StoredStaff[]> {
    const { rows } = await this.client.getRange({
      tableName: this.table,
      direction: 'FORWARD',
      inclusiveStartPrimaryKey: [{ kind: KIND_STAFF }, { id: TableStore.INF_MIN }],
      exclusiveEndPrimaryKey: [{ kind: KIND_STAFF }, { id: TableStore.INF_MAX }],
      limit,
      maxVersions: 1,
    });
    return rows.filter(rowExists).map(staffFromRow);
  }

  /** Writes the account index rows; an account already owned by another staff member → ACCOUNT_TAKEN. */
  private async claimAccounts(staff: StaffRecord): Promise<void> {
    for (const p of ACCOUNT_PLATFORMS) {
      const accountId = staff.accounts[p];
      if (!accountId) continue;
      const primaryKey: PrimaryKeyInput = [{ kind: KIND_ACCOUNT }, { id: accountKey(p, accountId) }];
      try {
        await this.client.putRow({ tableName: this.table, primaryKey, attributeColumns: [{ staffId: staff.id }], condition: expectNotExist() });
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
        const { row } = await this.client.getRow({ tableName: this.table, primaryKey, maxVersions: 1 });
        const owner = str(attributesOf(row).staffId);
        if (owner === staff.id) continue;
        // The index row may be stale (its staff no longer holds the account): take it over conditionally.
        const ownerStaff = owner ? await this.getStaff(owner) : null;
        if (ownerStaff && ownerStaff.accounts[p] === accountId) {
          throw new DirectoryError('ACCOUNT_TAKEN', `${p} account already belongs to staff ${owner}`);
        }
        try {
          await this.client.updateRow({
            tableName: this.table,
            primaryKey,
            updateOfAttributeColumns: [{ PUT: [{ staffId: staff.id }] }],
            condition: expectExist(columnEquals('staffId', owner ?? '')),
          });
        } catch (e) {
          if (isConditionFailed(e)) throw new DirectoryError('ACCOUNT_TAKEN', `${p} account was claimed concurrently`);
          throw e;
        }
      }
    }
  }

  private async releaseAccount(platform: AccountPlatform, accountId: string, staffId: string): Promise<void> {
    try {
      await this.client.deleteRow({
        tableName: this.table,
        primaryKey: [{ kind: KIND_ACCOUNT }, { id: accountKey(platform, accountId) }],
        condition: expectExist(columnEquals('staffId', staffId)),
      });
    } catch (err) {
      if (!isConditionFailed(err)) throw err; // already gone or taken over: nothing to release
    }
  }
}
