// Intake (受理): the window's pre-check and acceptance of a one-table application.
//   POST /api/intake/precheck  {bundleId, values, chosenOptional?, supplied?}            → 200 {notice}; changes nothing
//   POST /api/intake/held      {bundleId, values, chosenOptional?}                     → 200 {held, prefill}; ask once: the
//                              materials the subjects' archive holds and the values they pre-fill (an audited archive read)
//   POST /api/cases            {…, requestId}  → 201 {case, receipt}; the same requestId again → 200 with the same case;
//                              a failed pre-check → 422 PRECHECK_FAILED with every issue and the notice, nothing stored
import type { IntakeBody } from '../../service/index.js';
import { actor, body, type ApiApp, type RouteContext } from './context.js';

export function registerIntakeRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.post('/api/intake/precheck', auth, async (c) => {
    const intake = await body<IntakeBody>(c, 'IntakeRequest');
    return c.json(await services.precheck(actor(c), intake));
  });

  app.post('/api/intake/held', auth, async (c) => {
    const intake = await body<IntakeBody>(c, 'HeldRequest');
    return c.json(await services.heldMaterials(actor(c), intake));
  });

  app.post('/api/cases', auth, async (c) => {
    const intake = await body<IntakeBody>(c, 'CreateCaseRequest');
    const { created, case: view, receipt } = await services.acceptCase(actor(c), intake);
    return c.json({ case: view, receipt }, created ? 201 : 200);
  });
}
