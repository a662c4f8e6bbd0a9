// Supervision (督办): GET /api/supervision/overview → the district's running, warning, overdue and
// done-on-time figures, per department (supervisors).
import { actor, type ApiApp, type RouteContext } from './context.js';

export function registerSupervisionRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.get('/api/supervision/overview', auth, async (c) => c.json(await services.supervisionOverview(actor(c))));
}
