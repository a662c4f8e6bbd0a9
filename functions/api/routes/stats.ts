// 统计 (DESIGN: Statistics): GET /api/stats → the figures of a district or the city over a date range
// (supervisors, leaders and auditors of the district; the city's leaders and admins); GET /api/stats/export →
// one table of it as CSV (UTF-8 with BOM, Chinese headers, a Chinese file name as RFC 5987 filename*).
import { actor, type ApiApp, type RouteContext } from './context.js';

export function registerStatsRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.get('/api/stats', auth, async (c) => c.json(await services.stats.page(actor(c), c.req.query())));
  app.get('/api/stats/export', auth, async (c) => {
    const file = await services.stats.csv(actor(c), c.req.query());
    return c.body(file.body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
  });
}
