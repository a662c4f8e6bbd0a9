/**
 * GET /api/admin/directory as the directory pages read it (DESIGN: Configuration; the service's
 * functions/service/directoryAdminTypes.ts). Every editable entry carries its `rowVersion`, sent back as
 * `expectedVersion`; a 409 says someone else changed it first.
 */

/** 停用 / 吊销 / 撤销: why, by whom (staff id), when. */
export interface Ending {
  reason: string;
  at: string;
  by: string;
}

import type { OpeningHours } from '../../../functions/core/openingHours';

export interface AdminDepartment {
  id: string;
  district: string;
  kind: string;
  name: string;
  /** A service point: 镇（街道）便民服务中心 (town) or 村（社区）代办点 (village, with its town centre's id). */
  servicePoint?: { level: 'town' | 'village'; town?: string };
  rowVersion: number;
}

export interface AdminStaff {
  id: string;
  name: string;
  district: string;
  department: string;
  roles: string[];
  /** 浙政钉 accountId and DingTalk userid. */
  accounts: { zzd?: string; dingtalk?: string };
  disabled: Ending | null;
  rowVersion: number;
}

export interface SealKey {
  keyId: string;
  /** When the key was made (ISO instant or date). */
  createdAt?: string;
  /** When it stopped being the current key (rotated). */
  retiredAt?: string | null;
}

export interface AdminSeal {
  id: string;
  name: string;
  department: string;
  kind: string;
  scope: string[];
  /** A town centre's 赋权事项: each scope item's class, 行政权力事项 (power) or 公共服务事项 (publicService). */
  scopeClasses?: Record<string, 'power' | 'publicService'>;
  keyId: string;
  /** Every key the seal has had, the current one included (older ones kept: old signatures verify). */
  keys?: SealKey[];
  /** Earlier key ids, oldest first (their public keys stay: old signatures verify). */
  previousKeyIds?: string[];
  revoked?: Ending | null;
  createdAt?: string;
  rowVersion: number;
}

export interface AdminDelegation {
  id: string;
  fromDepartment: string;
  toDepartment: string;
  items: string[];
  sealId: string;
  /** First and last day (inclusive); absent = unbounded. */
  validFrom?: string;
  validUntil?: string;
  revoked?: Ending | null;
  rowVersion: number;
}

interface Join {
  bundle: string;
  from: string;
}

/** GET /api/admin/districts/:code/hours (service settingsAdminTypes AdminHours); rowVersion 0: none stored yet. */
export interface AdminHours extends OpeningHours {
  district: string;
  rowVersion: number;
}

export interface AdminDistrict {
  code: string;
  id: string;
  name: string;
  bundles: string[];
  joins?: Join[];
  rowVersion?: number;
}

export interface CalendarDay {
  date: string;
  name: string;
}

/** GET /api/admin/calendar (service settingsAdminTypes AdminCalendar); rowVersion 0: no overlay stored yet. */
export interface CalendarOverlayView {
  daysOff: CalendarDay[];
  workdays: CalendarDay[];
  publishedYears: number[];
  /** Dates after it are provisional (no notice entered for their year, or a year before). */
  knownUntil?: string;
  rowVersion: number;
}

export interface NamedItem {
  id: string;
  name: string;
  /** The department kind that handles it (items of bundles). */
  department?: string;
}

export interface BundleRef {
  id: string;
  name: string;
  items?: NamedItem[];
}

export interface AdminDirectory {
  city: { code: string; name: string };
  /** District codes the viewer may change (own; every district for the city admin; none for auditors). */
  configurable: string[];
  departmentKinds: NamedItem[];
  districts: AdminDistrict[];
  departments: AdminDepartment[];
  staff: AdminStaff[];
  seals: AdminSeal[];
  delegations: AdminDelegation[];
  /** Not in the answer: the page adds the bundles and their items' names (namesOf). */
  bundles?: BundleRef[];
}

/** GET /api/admin/changes (functions/service/configLog.ts ConfigChangePage). */
export interface ChangeRecord {
  scope: string;
  seq: number;
  at: string;
  actor: { id: string; name: string; district: string };
  kind: string;
  id: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface ChangePage {
  scope: string;
  records: ChangeRecord[];
  chain: { intact: boolean; brokenAt: number | null; length: number };
}
