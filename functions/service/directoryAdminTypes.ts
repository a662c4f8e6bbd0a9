/**
 * What the directory administration (departments, staff, seals, delegations, districts' joins, calendar and opening
 * hours) offers the api. Filled in by service/directoryAdmin.ts. Every entry carries `rowVersion`, the version of
 * its `directory` row, which an edit sends back as `expectedVersion`.
 */
import type { StaffActor } from '../core/actor.js';
import type { Delegation, DepartmentKind, District, Role, Seal } from '../core/directory.js';

export interface AdminDepartment {
  id: string;
  district: string;
  kind: string;
  name: string;
  rowVersion: number;
}

export interface AdminStaff {
  id: string;
  name: string;
  district: string;
  department: string;
  roles: Role[];
  /** 浙政钉 accountId and DingTalk userid. */
  accounts: { zzd?: string; dingtalk?: string };
  /** 停用: why, by whom (staff id), when; null while active. */
  disabled: { reason: string; by: string; at: string } | null;
  rowVersion: number;
}


export interface AdminDirectory {
  city: { code: string; name: string };
  /** District codes the actor may change (their own; every district for the city's admin; none for auditors). */
  configurable: string[];
  departmentKinds: Array<DepartmentKind & { rowVersion: number }>;
  districts: Array<District & { rowVersion: number }>;
  departments: AdminDepartment[];
  staff: AdminStaff[];
  /** Seals and delegations as stored, with their row version. */
  seals: Array<Seal & { rowVersion: number }>;
  delegations: Array<Delegation & { rowVersion: number }>;
}

export interface NewDepartment {
  id: string;
  district: string;
  kind: string;
  name: string;
}

export interface StaffFields {
  name: string;
  department: string;
  roles: Role[];
  accounts: { zzd?: string; dingtalk?: string };
}

export interface DirectoryAdminAccess {
  /** The directory as the actor may read it (authorizeConfigRead), each entry with its row version. */
  overview(actor: StaffActor): Promise<AdminDirectory>;
  /** Adds a department of an existing kind to the admin's district (201). */
  addDepartment(actor: StaffActor, body: NewDepartment): Promise<AdminDepartment>;
  /** Renames a department still at `expectedVersion`; district and kind stay. */
  renameDepartment(actor: StaffActor, id: string, name: string, expectedVersion: number): Promise<AdminDepartment>;
  /** Adds a staff member to a department of the admin's district (201). */
  addStaff(actor: StaffActor, body: StaffFields & { id: string; district: string }): Promise<AdminStaff>;
  /** Edits name, department, roles and accounts of a staff member still at `expectedVersion`. */
  updateStaff(actor: StaffActor, id: string, body: StaffFields, expectedVersion: number): Promise<AdminStaff>;
  /** 停用 (with a reason) — every session of the person ends at once — or 启用 again. */
  setDisabled(actor: StaffActor, id: string, change: { disable: true; reason: string } | { disable: false }, expectedVersion?: number): Promise<AdminStaff>;
}
