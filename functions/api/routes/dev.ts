// Local mode only (LIANBAN_MODE=local; 404 otherwise):
//   GET /api/dev/staff   every staff member of the directory for the browser's demo login, with the names
//                        of their district and department (the login picker shows names, not codes)
import type { OrgNames, StaffRecord } from '../../service/index.js';
import { routeNotFound } from '../errors.js';
import type { ApiApp } from './context.js';

export type { OrgNames };

export interface DemoStaffSource {
  listStaff(limit?: number): Promise<StaffRecord[]>;
}

/**
 * Upper bound of one listing (Tablestore returns at most 5000 rows per range read). The seed has a few
 * hundred staff; the demo login lists all of them.
 */
const DEV_STAFF_LIMIT = 5000;

export function registerDevRoutes(app: ApiApp, deps: { mode: 'local' | 'cloud'; staff: DemoStaffSource; orgNames(): Promise<OrgNames> }): void {
  app.get('/api/dev/staff', async (c) => {
    if (deps.mode !== 'local') throw routeNotFound();
    const [staff, names] = await Promise.all([deps.staff.listStaff(DEV_STAFF_LIMIT), deps.orgNames()]);
    return c.json(
      staff.map((s) => ({
        id: s.id,
        name: s.name,
        districtCode: s.districtCode,
        districtName: names.districts[s.districtCode] ?? s.districtCode,
        departmentCode: s.departmentCode,
        departmentName: names.departments[s.departmentCode] ?? s.departmentCode,
        roles: s.roles,
        accountId: s.accounts.zzd ?? s.id,
      })),
    );
  });
}
