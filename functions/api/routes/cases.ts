// A case (办件) as the actor may see it:
//   GET  /api/cases/:caseId            → {case}
//   GET  /api/cases/:caseId/timeline   → {events}
//   POST /api/cases/:caseId/withdraw   {reason, expectedVersion} → {case}   (撤销)
import { actor, body, caseIdParam, type ApiApp, type RouteContext } from './context.js';

interface WithdrawBody {
  reason: string;
  expectedVersion: number;
}

export function registerCaseRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.get('/api/cases/:caseId', auth, async (c) => c.json(await services.getCase(actor(c), caseIdParam(c))));

  app.get('/api/cases/:caseId/timeline', auth, async (c) => c.json(await services.timeline(actor(c), caseIdParam(c))));

  app.post('/api/cases/:caseId/withdraw', auth, async (c) => {
    const caseId = caseIdParam(c);
    const { reason, expectedVersion } = await body<WithdrawBody>(c, 'WithdrawRequest');
    return c.json(await services.withdraw(actor(c), caseId, reason, expectedVersion));
  });
}
