// Audit (审计): GET /api/audit/cases/:caseId → the case's hash-chained audit records and whether the chain
// verifies (auditors and supervisors of the case's districts).
import { actor, caseIdParam, type ApiApp, type RouteContext } from './context.js';

export function registerAuditRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.get('/api/audit/cases/:caseId', auth, async (c) => c.json(await services.auditTrail(actor(c), caseIdParam(c))));
}
