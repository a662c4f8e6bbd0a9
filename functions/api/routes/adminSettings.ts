// Settings administration (DESIGN: configuration, directory entries), bodies in schemas/openapi.json:
//   POST /api/admin/seals                               issue a seal with its scope (a town's: classed) and first key (201)
//   POST /api/admin/seals/:id/rotate                    a new key (old public keys stay: old signatures verify)
//   POST /api/admin/seals/:id/revoke                    {reason}: no signing with it from now on
//   POST /api/admin/delegations                         集中授权 with validFrom / validUntil (201)
//   POST /api/admin/delegations/:id/revoke              {reason}: grants nothing from now on
//   PUT  /api/admin/districts/:code/joins/:bundleId     {from}: the district joins the bundle from that date
//   GET|PUT /api/admin/calendar                         the city-wide calendar overlay
//   GET|PUT /api/admin/districts/:code/hours            the district service hall's opening hours
// Who may is the service's (policy.ts authorizeConfig / authorizeConfigRead); a malformed path id → 404.
import type { CalendarInput } from '../../core/calendarInput.js';
import type { OpeningHours } from '../../core/openingHours.js';
import type { NewDelegation, NewSeal } from '../../core/sealRules.js';
import type { Versioned } from '../../service/settingsAdminTypes.js';
import { apiError } from '../errors.js';
import { actor, type ApiApp, type ApiContext, body, keyParam, type RouteContext } from './context.js';

const ENTRY_ID = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,99}$/;
const DISTRICT_CODE = /^\d{6}$/;

function param(c: ApiContext, name: string, pattern: RegExp): string {
  const value = c.req.param(name);
  if (!value || !pattern.test(value)) throw apiError('RECORD_NOT_FOUND');
  return value;
}

export function registerAdminSettingsRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  const admin = services.settingsAdmin;

  app.post('/api/admin/seals', auth, async (c) => c.json(await admin.issueSeal(actor(c), await body<NewSeal>(c, 'SealIssueRequest')), 201));
  app.post('/api/admin/seals/:id/rotate', auth, async (c) =>
    c.json(await admin.rotateSeal(actor(c), param(c, 'id', ENTRY_ID), await body<Versioned>(c, 'SealRotateRequest'))),
  );
  app.post('/api/admin/seals/:id/revoke', auth, async (c) =>
    c.json(await admin.revokeSeal(actor(c), param(c, 'id', ENTRY_ID), await body<Versioned & { reason: string }>(c, 'RevokeRequest'))),
  );

  app.post('/api/admin/delegations', auth, async (c) =>
    c.json(await admin.issueDelegation(actor(c), await body<NewDelegation>(c, 'DelegationIssueRequest')), 201),
  );
  app.post('/api/admin/delegations/:id/revoke', auth, async (c) =>
    c.json(await admin.revokeDelegation(actor(c), param(c, 'id', ENTRY_ID), await body<Versioned & { reason: string }>(c, 'RevokeRequest'))),
  );

  app.put('/api/admin/districts/:code/joins/:bundleId', auth, async (c) => {
    const code = param(c, 'code', DISTRICT_CODE);
    const bundleId = keyParam(c, 'bundleId');
    return c.json(await admin.joinBundle(actor(c), code, bundleId, await body<Versioned & { from: string }>(c, 'DistrictJoinRequest')));
  });

  app.get('/api/admin/calendar', auth, async (c) => c.json(await admin.calendar(actor(c))));
  app.put('/api/admin/calendar', auth, async (c) =>
    c.json(await admin.saveCalendar(actor(c), await body<CalendarInput & Versioned>(c, 'CalendarOverlayRequest'))),
  );

  app.get('/api/admin/districts/:code/hours', auth, async (c) => c.json(await admin.hours(actor(c), param(c, 'code', DISTRICT_CODE))));
  app.put('/api/admin/districts/:code/hours', auth, async (c) =>
    c.json(await admin.saveHours(actor(c), param(c, 'code', DISTRICT_CODE), await body<OpeningHours & Versioned>(c, 'OpeningHoursRequest'))),
  );
}
