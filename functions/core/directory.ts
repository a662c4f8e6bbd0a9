/**
 * Directory snapshot: districts (tenants), departments, staff, seals and delegations. Districts
 * join a bundle by configuration alone: listing the bundle id in `District.bundles`.
 */
import type { SealKind } from './bundle.js';

/** District value for "outside the city" (本市以外): a valid answer, never routable. */
export const OUTSIDE_CITY = '000000';

/** Every role, in the order staff pages list them. */
export const ROLES = ['clerk', 'handler', 'signer', 'supervisor', 'admin', 'auditor', 'leader', 'operator'] as const;

export type Role = (typeof ROLES)[number];

export const roleLabels: Record<Role, string> = {
  clerk: '综合窗口受理人员',
  handler: '部门经办人',
  signer: '签章人',
  supervisor: '审管办督办人员',
  admin: '管理员',
  auditor: '审计',
  /** 领导: reads the statistics (统计) of their district, or of the city from the city's department; changes nothing. */
  leader: '领导',
  /** 热线话务员: records and follows 81812345 work orders of their district's 公共事务受理中心. */
  operator: '热线话务员',
};

export interface District {
  /** 6-digit administrative division code (GB/T 2260), e.g. 330212. */
  code: string;
  /** ASCII slug, e.g. yinzhou. */
  id: string;
  name: string;
  /** Bundle ids this district handles jointly (in a snapshot: with the joins in force today applied). */
  bundles: string[];
  /** Bundles the district joins from a date (directoryInForce adds them to `bundles` from that day). */
  joins?: DistrictJoin[];
}

/** A district joins a bundle's network from a date (Asia/Shanghai, YYYY-MM-DD). */
export interface DistrictJoin {
  bundle: string;
  from: string;
}

/** Who ended a seal or delegation, when and why. */
export interface Revocation {
  at: string;
  by: string;
  reason: string;
}

export interface Department {
  id: string;
  /** District code. */
  district: string;
  /** e.g. police, hrss, medicalInsurance. */
  kind: string;
  name: string;
  /**
   * A service point (服务点) below the district hall: a town (镇/街道) 便民服务中心 or a village (村/社区) 代办点, with
   * the town centre a village point belongs to. Absent for the district's departments and its hall (审管办).
   */
  servicePoint?: ServicePoint;
}

/** Where a service point sits: 镇（街道）便民服务中心 or 村（社区）代办点 (`town`: its town centre's department id). */
interface ServicePoint {
  level: 'town' | 'village';
  town?: string;
}

export interface Staff {
  id: string;
  name: string;
  district: string;
  department: string;
  roles: Role[];
  /** 浙政钉 accountId. */
  zzdAccountId: string;
  /** DingTalk userId. */
  dingtalkUserId: string;
  /** 停用: cannot log in, offered nowhere; their open work waits for 改派 (policy.ts assigneeGone). */
  disabled?: boolean;
}

/** 行政权力事项 or 公共服务事项. */
export type ItemClass = 'power' | 'publicService';

export interface Seal {
  id: string;
  name: string;
  department: string;
  /** approval = 审批专用章 of its department; delegated = 集中授权 seal of a window. */
  kind: SealKind;
  /** Items this seal may sign in its own department's right. */
  scope: string[];
  /**
   * A town centre's 审批专用章 (赋权事项): the class of each scope item — 行政权力事项 (power) or 公共服务事项
   * (publicService). Configured data, shown to admins; signing follows `scope` alone.
   */
  scopeClasses?: Record<string, ItemClass>;
  /** Id of the Ed25519 key the store holds for this seal (the current one: new signatures use it). */
  keyId: string;
  /** Earlier key ids, oldest first (rotated out; their public keys stay, so old signatures verify). */
  previousKeyIds?: string[];
  /** Set when revoked: no sign-off, countersign or refusal with the seal from then on. */
  revoked?: Revocation;
}

/**
 * 集中授权: `fromDepartment` authorises `toDepartment` (the 审管办 window) to handle and sign the
 * listed items of its sub-tasks with `sealId`.
 */
export interface Delegation {
  id: string;
  fromDepartment: string;
  toDepartment: string;
  items: string[];
  sealId: string;
  /** First and last day it grants anything (inclusive, Asia/Shanghai); absent = unbounded. */
  validFrom?: string;
  validUntil?: string;
  /** Set when revoked: it grants nothing from then on. */
  revoked?: Revocation;
}

export interface DepartmentKind {
  id: string;
  name: string;
}

export interface Directory {
  /** The city the districts belong to; a city-level admin configures shared bundles. */
  city: { code: string; name: string };
  departmentKinds: DepartmentKind[];
  districts: District[];
  departments: Department[];
  staff: Staff[];
  seals: Seal[];
  delegations: Delegation[];
}

export function findDistrict(dir: Directory, code: string): District | undefined {
  return dir.districts.find((d) => d.code === code);
}

export function findDepartment(dir: Directory, id: string): Department | undefined {
  return dir.departments.find((d) => d.id === id);
}

export function findStaff(dir: Directory, id: string): Staff | undefined {
  return dir.staff.find((s) => s.id === id);
}

export function findSeal(dir: Directory, id: string): Seal | undefined {
  return dir.seals.find((s) => s.id === id);
}

/** The department of a kind in a district (first one; hospitals are chosen by field instead). */
export function departmentOfKind(dir: Directory, district: string, kind: string): Department | undefined {
  return dir.departments.find((d) => d.district === district && d.kind === kind);
}

/** A copy of the directory with a district joined to a bundle — all it takes for a district to join. */
export function withDistrictJoined(dir: Directory, districtCode: string, bundleId: string): Directory {
  return {
    ...dir,
    districts: dir.districts.map((d) =>
      d.code === districtCode && !d.bundles.includes(bundleId) ? { ...d, bundles: [...d.bundles, bundleId] } : d,
    ),
  };
}
