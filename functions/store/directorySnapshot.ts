// Loads the whole configuration the service works with — city, districts, departments, staff, seals,
// delegations, bundle versions, calendar overlay — from the `directory` table (one short range read per kind,
// plus the staff listing). The service caches it per instance for a short time.
import type { CalendarOverlay } from '../core/calendar.js';
import type { Delegation, Department, DepartmentKind, Directory, District, Seal, Staff } from '../core/directory.js';
import { storedVersionOf, type StoredBundleVersion } from './bundleVersions.js';
import type { OtsClient } from './client.js';
import { Directory as StaffDirectory, type StoredStaff } from './directory.js';
import { DirectoryEntries } from './directoryKinds.js';

export interface DirectorySnapshot {
  directory: Directory;
  /** Every stored bundle version, drafts and retired ones too, with its state (store/bundleVersions.ts). */
  bundles: StoredBundleVersion[];
  calendarOverlay: CalendarOverlay | null;
}

/** Staff listed at most (a city's joint-handling staff are far fewer). */
const MAX_STAFF = 5000;

function staffOf(s: StoredStaff): Staff {
  return {
    id: s.id,
    name: s.name,
    district: s.districtCode,
    department: s.departmentCode,
    roles: [...s.roles],
    zzdAccountId: s.accounts.zzd ?? '',
    dingtalkUserId: s.accounts.dingtalk ?? '',
    ...(s.disabled ? { disabled: true } : {}),
  };
}

export async function loadDirectorySnapshot(client: OtsClient, table?: string): Promise<DirectorySnapshot> {
  const entries = new DirectoryEntries(client, table);
  const [cities, kinds, districts, departments, seals, delegations, bundles, calendars, staff] = await Promise.all([
    entries.list<{ code: string; name: string }>('city'),
    entries.list<DepartmentKind>('department-kind'),
    entries.list<District>('district'),
    entries.list<Department>('department'),
    entries.list<Seal>('seal'),
    entries.list<Delegation>('delegation'),
    entries.list<unknown>('bundle'),
    entries.list<CalendarOverlay>('calendar'),
    new StaffDirectory(client, table).listStaff(MAX_STAFF),
  ]);
  const city = cities[0]?.doc ?? { code: '', name: '' };
  return {
    directory: {
      city,
      departmentKinds: kinds.map((e) => e.doc),
      districts: districts.map((e) => e.doc),
      departments: departments.map((e) => e.doc),
      staff: staff.map(staffOf),
      seals: seals.map((e) => e.doc),
      delegations: delegations.map((e) => e.doc),
    },
    bundles: bundles.flatMap((e) => storedVersionOf(e.id, e.json, e.version) ?? []),
    calendarOverlay: calendars.find((e) => e.id === 'overlay')?.doc ?? null,
  };
}
