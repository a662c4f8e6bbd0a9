// 好差评 and 差评整改 (service/ratingOps.ts, core rating.ts / rectification.ts):
//   POST /api/cases/:caseId/rating     {level, comment?, target?} → 201 {rating}   (一次一评 on the window's device;
//                                      409 ALREADY_RATED a second time, NOT_RATABLE before the target ended)
//   GET  /api/cases/:caseId/ratings    → {caseId, version, state, ratable, ratings}   (what the applicant may still rate)
//   GET  /api/rectifications?scope=department|supervise&state=…   → {items}   (the department's open ones; the district's
//                                      for supervisors, state=closed for the closed ones; overdue first)
//   GET  /api/rectifications/:caseId/:rectificationId            → the rectification with its rating and what the actor can do
//   POST /api/rectifications/:caseId/:rectificationId/actions    {command, expectedVersion} → the same
//                                      (command: callBack | rectify | feedback | appeal | decideAppeal; a stale version → 409 CONFLICT)
import { patternParam } from '../validation.js';
import { actor, body, caseIdParam, keyParam, type ApiApp, type RouteContext } from './context.js';

export function registerRatingRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.post('/api/cases/:caseId/rating', auth, async (c) => {
    const caseId = caseIdParam(c);
    const input = await body<Record<string, unknown>>(c, 'RatingRequest');
    return c.json(await services.ratings.rate(actor(c), caseId, input), 201);
  });

  app.get('/api/cases/:caseId/ratings', auth, async (c) => c.json(await services.ratings.ratingsOf(actor(c), caseIdParam(c))));

  app.get('/api/rectifications', auth, async (c) => {
    const scope = patternParam('scope', c.req.query('scope'), /^(department|supervise)$/, '列表范围应为 department 或 supervise') ?? 'department';
    const state = patternParam('state', c.req.query('state'), /^(open|rectifying|feedback|appeal|closed)$/, '整改状态无效');
    return c.json(await services.ratings.list(actor(c), scope, state));
  });

  app.get('/api/rectifications/:caseId/:rectificationId', auth, async (c) =>
    c.json(await services.ratings.get(actor(c), caseIdParam(c), keyParam(c, 'rectificationId'))),
  );

  app.post('/api/rectifications/:caseId/:rectificationId/actions', auth, async (c) => {
    const caseId = caseIdParam(c);
    const id = keyParam(c, 'rectificationId');
    const { command, expectedVersion } = await body<{ command: unknown; expectedVersion: number }>(c, 'RectificationActionRequest');
    return c.json(await services.ratings.act(actor(c), caseId, id, command, expectedVersion));
  });
}
