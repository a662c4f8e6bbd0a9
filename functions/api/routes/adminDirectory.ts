// Directory administration (名录配置; DESIGN: configuration): admins of a district configure its departments and staff,
// the city's admin every district's; auditors read. Bodies: schemas/openapi.json.
//   GET  /api/admin/directory                 → AdminDirectory (each entry with its rowVersion)
//   POST /api/admin/departments               {id, district, kind, name} → 201 AdminDepartment
//   PUT  /api/admin/departments/:id           {name, expectedVersion} → AdminDepartment (rename; never deleted)
//   POST /api/admin/staff                     {id, name, district, department, roles, accounts} → 201 AdminStaff
//   PUT  /api/admin/staff/:id                 {name, department, roles, accounts, expectedVersion} → AdminStaff
//   POST /api/admin/staff/:id/disable         {reason, expectedVersion?} → AdminStaff (停用: sessions end at once)
//   POST /api/admin/staff/:id/enable          {expectedVersion?} → AdminStaff (启用)
import type { NewDepartment, StaffFields } from '../../service/directoryAdminTypes.js';
import { apiError } from '../errors.js';
import { actor, body, type ApiApp, type ApiContext, type RouteContext } from './context.js';

/** Department and staff ids as the bodies allow them (schemas/openapi.json); anything else names no record. */
const DEPARTMENT_ID = /^[a-z][a-zA-Z0-9-]{1,63}$/;
const STAFF_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,63}$/;

function pathId(c: ApiContext, pattern: RegExp): string {
  const id = c.req.param('id');
  if (!id || !pattern.test(id)) throw apiError('RECORD_NOT_FOUND');
  return id;
}

export function registerAdminDirectoryRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  const admin = services.directoryAdmin;

  app.get('/api/admin/directory', auth, async (c) => c.json(await admin.overview(actor(c))));

  app.post('/api/admin/departments', auth, async (c) => {
    const input = await body<NewDepartment>(c, 'AdminDepartmentCreate');
    return c.json(await admin.addDepartment(actor(c), input), 201);
  });

  app.put('/api/admin/departments/:id', auth, async (c) => {
    const id = pathId(c, DEPARTMENT_ID);
    const { name, expectedVersion } = await body<{ name: string; expectedVersion: number }>(c, 'AdminDepartmentRename');
    return c.json(await admin.renameDepartment(actor(c), id, name, expectedVersion));
  });

  app.post('/api/admin/staff', auth, async (c) => {
    const input = await body<StaffFields & { id: string; district: string }>(c, 'AdminStaffCreate');
    return c.json(await admin.addStaff(actor(c), input), 201);
  });

  app.put('/api/admin/staff/:id', auth, async (c) => {
    const id = pathId(c, STAFF_ID);
    const { expectedVersion, ...fields } = await body<StaffFields & { expectedVersion: number }>(c, 'AdminStaffUpdate');
    return c.json(await admin.updateStaff(actor(c), id, fields, expectedVersion));
  });

  app.post('/api/admin/staff/:id/disable', auth, async (c) => {
    const id = pathId(c, STAFF_ID);
    const { reason, expectedVersion } = await body<{ reason: string; expectedVersion?: number }>(c, 'AdminStaffDisable');
    return c.json(await admin.setDisabled(actor(c), id, { disable: true, reason }, expectedVersion));
  });

  app.post('/api/admin/staff/:id/enable', auth, async (c) => {
    const id = pathId(c, STAFF_ID);
    const { expectedVersion } = await body<{ expectedVersion?: number }>(c, 'AdminStaffEnable');
    return c.json(await admin.setDisabled(actor(c), id, { disable: false }, expectedVersion));
  });
}
