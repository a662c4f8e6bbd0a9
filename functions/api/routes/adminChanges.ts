// Configuration change records (配置变更记录): GET /api/admin/changes?district=&before= → a scope's hash-chained
// records (who, when, what, before → after), newest first, and whether the chain verifies. No district: the
// city-wide scope. Admins (own district and city-wide) and auditors (everything).
import { patternParam } from '../validation.js';
import { actor, type ApiApp, type RouteContext } from './context.js';

export function registerAdminChangeRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.get('/api/admin/changes', auth, async (c) => {
    const district = patternParam('district', c.req.query('district'), /^\d{6}$/, '区划代码须为6位数字');
    const before = patternParam('before', c.req.query('before'), /^[1-9]\d{0,8}$/, 'before 须为正整数');
    return c.json(await services.configChanges(actor(c), district ?? null, before ? Number(before) : undefined));
  });
}
