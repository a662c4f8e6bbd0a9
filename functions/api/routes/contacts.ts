// Staff to hand a sub-task off to (转交): GET /api/contacts?department=&district= → {staff}
// (the same district, or the scope of a delegation; the service decides).
import { patternParam } from '../validation.js';
import { actor, type ApiApp, type RouteContext } from './context.js';

export function registerContactRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.get('/api/contacts', auth, async (c) => {
    const department = patternParam('department', c.req.query('department'), /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/, '部门编号格式不正确');
    const district = patternParam('district', c.req.query('district'), /^\d{6}$/, '区划代码须为 6 位数字');
    return c.json(await services.contacts(actor(c), { ...(department ? { department } : {}), ...(district ? { district } : {}) }));
  });
}
