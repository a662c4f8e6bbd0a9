// A case (办件) as the actor may see it:
//   POST /api/cases/search             {q?, idNumber? | creditCode? | projectCode?, from?, to?, state?, cursor?, limit?} → {cases, next}   (办件查询;
//                                      a body, not a query string: the ID number never appears in a URL or an access log)
//   GET  /api/cases/:caseId            → {case}
//   GET  /api/cases/:caseId/timeline   → {events}
//   POST /api/cases/:caseId/withdraw   {reason, expectedVersion} → {case}   (撤销)
//   POST /api/cases/:caseId/handover   {method: pickup {collectedBy, collectedAt?} | mail {carrier, trackingNumber}, reason?, expectedVersion}
//                                      → {case}   (出件 / 领证; reason only to correct an earlier record)
import { actor, body, caseIdParam, type ApiApp, type RouteContext } from './context.js';

interface WithdrawBody {
  reason: string;
  expectedVersion: number;
}

export function registerCaseRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.post('/api/cases/search', auth, async (c) => c.json(await services.searchCases(actor(c), await body<Record<string, unknown>>(c, 'CaseSearchRequest'))));

  app.get('/api/cases/:caseId', auth, async (c) => c.json(await services.getCase(actor(c), caseIdParam(c))));

  app.get('/api/cases/:caseId/timeline', auth, async (c) => c.json(await services.timeline(actor(c), caseIdParam(c))));

  app.post('/api/cases/:caseId/withdraw', auth, async (c) => {
    const caseId = caseIdParam(c);
    const { reason, expectedVersion } = await body<WithdrawBody>(c, 'WithdrawRequest');
    return c.json(await services.withdraw(actor(c), caseId, reason, expectedVersion));
  });

  app.post('/api/cases/:caseId/handover', auth, async (c) => {
    const caseId = caseIdParam(c);
    const { expectedVersion, ...handover } = await body<{ expectedVersion: number } & Record<string, unknown>>(c, 'HandoverRequest');
    return c.json(await services.recordHandover(actor(c), caseId, handover, expectedVersion));
  });
}
