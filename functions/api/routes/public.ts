// Public routes: no session, for the applicant's phone (DESIGN: Progress page).
//   POST /api/public/progress   {token} → the case's progress (service/progressOps.ts): plain words, a masked
//                               name only. A wrong, forged or expired token → 404 NOT_FOUND, the same answer for
//                               all; after too many failures from one client → 429 RATE_LIMITED.
//   POST /api/public/progress/rating   {token, level, comment?} → 201 {rating: level, label, time}: 一事一评 of the case
//                               (service ratings.rateFromProgressPage, channel progressPage) once it has ended;
//                               409 ALREADY_RATED / NOT_RATABLE; the token as above (404, 429).
// The token travels in a body (never a URL or a query string: access logs never hold it), and is never logged.
// The client is the address FC reports for the request (`clientIP`); without one (local tests), one shared client.
import { ratingLevelLabels, type RatingLevel } from '../../core/rating.js';
import type { ApiApp, ApiContext, RouteContext } from './context.js';
import { body } from './context.js';

const clientOf = (c: ApiContext): string => c.env?.clientIP || 'unknown';

export function registerPublicRoutes(app: ApiApp, { services }: RouteContext): void {
  app.post('/api/public/progress', async (c) => {
    const { token } = await body<{ token: string }>(c, 'ProgressRequest');
    const progress = await services.progress.view(token, clientOf(c));
    c.header('cache-control', 'no-store');
    return c.json({ progress });
  });

  app.post('/api/public/progress/rating', async (c) => {
    const { token, level, comment } = await body<{ token: string; level: RatingLevel; comment?: string | null }>(c, 'ProgressRatingRequest');
    const { record } = await services.progress.resolve(token, clientOf(c));
    const { rating } = await services.ratings.rateFromProgressPage(record.id, { level, comment: comment ?? null, target: 'case' });
    return c.json({ rating: { level: rating.level, levelLabel: ratingLevelLabels[rating.level], at: rating.at } }, 201);
  });
}
