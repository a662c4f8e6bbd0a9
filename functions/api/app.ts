// The api function's HTTP app (Hono), platform-free: FC's boundary lives in functions/fc/http.ts.
// One file per route group under routes/; every route is described in schemas/openapi.json (a test
// checks both ways). Routes are thin: check the session (401), the path ids (404) and the body against
// the document's request schemas (400), call the service, answer its result. Errors of every layer
// become `{code, message (Chinese), issues?}` with their status in onError below.
import { Hono } from 'hono';
import type { IdentityExchange, PlatformName } from '../platform/types.js';
import type { AccountPlatform, Services, StaffRecord } from '../service/index.js';
import { requireSession, type ApiEnv, type SessionRegistry } from './auth.js';
import { describeForLog, errorResponse, routeNotFound } from './errors.js';
import { registerAdminBundleRoutes } from './routes/adminBundles.js';
import { registerAdminChangeRoutes } from './routes/adminChanges.js';
import { registerAdminDirectoryRoutes } from './routes/adminDirectory.js';
import { registerAdminSettingsRoutes } from './routes/adminSettings.js';
import { registerArchiveRoutes } from './routes/archive.js';
import { registerAttachmentRoutes } from './routes/attachments.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerBundleRoutes } from './routes/bundles.js';
import { registerAcceptanceRoutes } from './routes/acceptance.js';
import { registerCaseRoutes } from './routes/cases.js';
import { registerContactRoutes } from './routes/contacts.js';
import type { RouteContext } from './routes/context.js';
import { registerDevRoutes, type OrgNames } from './routes/dev.js';
import { registerHotlineCatalogRoutes } from './routes/hotlineCatalog.js';
import { registerHotlineRoutes } from './routes/hotline.js';
import { registerIntakeRoutes } from './routes/intake.js';
import { registerPublicRoutes } from './routes/public.js';
import { registerQueueRoutes } from './routes/queues.js';
import { registerRatingRoutes } from './routes/ratings.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerSubTaskRoutes } from './routes/subtasks.js';
import { registerSupervisionRoutes } from './routes/supervision.js';
import { registerStatsRoutes } from './routes/stats.js';
import { queryTextGuard } from './validation.js';

interface StaffDirectory {
  findStaffByAccount(platform: AccountPlatform, accountId: string): Promise<StaffRecord | null>;
  listStaff(limit?: number): Promise<StaffRecord[]>;
}

export interface ApiDeps {
  mode: 'local' | 'cloud';
  /** HMAC key for session tokens (SESSION_SECRET). */
  sessionSecret: string;
  staff: StaffDirectory;
  /** Every request's token is checked here against the directory as it is now; logout revokes here. */
  sessions: SessionRegistry;
  identities: Partial<Record<PlatformName, IdentityExchange>>;
  /** The service layer (functions/service): every operation behind the routes. */
  services: Services;
  /** Names of districts and departments (the profile and the demo staff list show them); codes are shown when absent. */
  orgNames?(): Promise<OrgNames>;
  /** ms since the epoch. */
  now(): number;
  /** One line per notable event; never receives ID or phone numbers. */
  log?(line: string): void;
}

const noNames = async (): Promise<OrgNames> => ({ districts: {}, departments: {} });

export function createApp(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const log = deps.log ?? ((line: string) => console.log(line));
  const ctx: RouteContext = {
    services: deps.services, auth: requireSession(deps.sessionSecret, () => deps.now(), deps.sessions),
    links: { secret: deps.sessionSecret, now: () => deps.now(), sessions: deps.sessions },
  };

  // No query value of any route may carry control or bidi characters (bodies: body.ts readJson).
  app.use('/api/*', queryTextGuard);
  registerSessionRoutes(app, ctx, { ...deps, log, orgNames: deps.orgNames ?? noNames });
  registerDevRoutes(app, { mode: deps.mode, staff: deps.staff, orgNames: deps.orgNames ?? noNames });
  registerPublicRoutes(app, ctx);
  registerBundleRoutes(app, ctx);
  registerAdminBundleRoutes(app, ctx);
  registerIntakeRoutes(app, ctx);
  registerCaseRoutes(app, ctx);
  registerAcceptanceRoutes(app, ctx);
  registerQueueRoutes(app, ctx);
  registerSubTaskRoutes(app, ctx);
  registerAttachmentRoutes(app, ctx);
  registerContactRoutes(app, ctx);
  registerArchiveRoutes(app, ctx);
  registerSupervisionRoutes(app, ctx);
  registerStatsRoutes(app, ctx);
  registerRatingRoutes(app, ctx);
  registerHotlineRoutes(app, ctx);
  registerAdminSettingsRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerAdminDirectoryRoutes(app, ctx);
  registerAdminChangeRoutes(app, ctx);
  registerHotlineCatalogRoutes(app, ctx);

  app.notFound((c) => c.json(errorResponse(routeNotFound()).body, 404));

  // Only codes and error kinds are logged (describeForLog), never messages, bodies or identifiers:
  // a request body may hold ID and phone numbers. Errors translated from another layer's (a store write
  // conflict that escaped the services, a directory or platform error) are logged whatever their status.
  app.onError((err, c) => {
    const { status, body, foreign } = errorResponse(err);
    const requestId = c.env?.requestId;
    if (status >= 500 || foreign || body.code === 'UNKNOWN_STAFF' || body.code === 'INVALID_AUTH_CODE') {
      log(`${c.req.method} ${c.req.routePath} → ${status} ${body.code} (${describeForLog(err)})`);
    }
    return c.json(requestId ? { ...body, requestId } : body, status as 400);
  });

  return app;
}
