// 竣工联合验收 (joint completion acceptance) at the window, on top of the case's sub-tasks (core acceptance.ts):
//   GET  /api/cases/:caseId/acceptance              → {acceptance}   (the read model: site visit, departments' opinions
//                                                    and defects, notices, rectifications, joint opinion, promise, next)
//   POST /api/cases/:caseId/material-notice         {expectedVersion} → {acceptance}   (材料审查: ONE 材料补正通知 of every
//                                                    department's requestMaterials; those sub-tasks returned)
//   POST /api/cases/:caseId/material-supplement     {note, attachments?, expectedVersion} → {acceptance}   (补正登记 → they resume)
//   POST /api/cases/:caseId/site-visit              {date, time, place, note?, expectedVersion} → {acceptance}   (联合现场踏勘)
//   POST /api/cases/:caseId/rectification-notice    {expectedVersion} → {acceptance}   (一次性告知整改)
//   POST /api/cases/:caseId/rectification           {report, attachments?, expectedVersion} → {acceptance}   (整改 → 复验)
// The departments' parts are sub-task commands (requestMaterials, confirmSiteVisit, recordOpinion) on /api/subtasks/…/actions.
import { actor, body, caseIdParam, type ApiApp, type RouteContext } from './context.js';

type Versioned = { expectedVersion: number } & Record<string, unknown>;

export function registerAcceptanceRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.get('/api/cases/:caseId/acceptance', auth, async (c) => c.json(await services.acceptance.view(actor(c), caseIdParam(c))));

  app.post('/api/cases/:caseId/material-notice', auth, async (c) => {
    const caseId = caseIdParam(c);
    const { expectedVersion } = await body<Versioned>(c, 'MaterialNoticeRequest');
    return c.json(await services.acceptance.issueMaterialNotice(actor(c), caseId, expectedVersion));
  });

  app.post('/api/cases/:caseId/material-supplement', auth, async (c) => {
    const caseId = caseIdParam(c);
    const { expectedVersion, ...supplement } = await body<Versioned>(c, 'MaterialSupplementRequest');
    return c.json(await services.acceptance.recordMaterialSupplement(actor(c), caseId, supplement, expectedVersion));
  });

  app.post('/api/cases/:caseId/site-visit', auth, async (c) => {
    const caseId = caseIdParam(c);
    const { expectedVersion, ...visit } = await body<Versioned>(c, 'SiteVisitRequest');
    return c.json(await services.acceptance.scheduleSiteVisit(actor(c), caseId, visit, expectedVersion));
  });

  app.post('/api/cases/:caseId/rectification-notice', auth, async (c) => {
    const caseId = caseIdParam(c);
    const { expectedVersion } = await body<Versioned>(c, 'RectificationNoticeRequest');
    return c.json(await services.acceptance.issueNotice(actor(c), caseId, expectedVersion));
  });

  app.post('/api/cases/:caseId/rectification', auth, async (c) => {
    const caseId = caseIdParam(c);
    const { expectedVersion, ...rectification } = await body<Versioned>(c, 'RectificationRequest');
    return c.json(await services.acceptance.recordRectification(actor(c), caseId, rectification, expectedVersion));
  });
}
