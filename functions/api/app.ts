// The api function's HTTP app (Hono), platform-free: FC's boundary lives in functions/fc/http.ts.
// Routes so far:
//   GET  /api/health                 liveness
//   POST /api/login                  {platform, code} → {token, expiresAt, staff}
//   GET  /api/me                     the staff profile named by the session token
//   GET  /api/dev/staff              LIANBAN_MODE=local only: demo staff for the browser login
import { Hono } from 'hono';
import type { IdentityExchange, PlatformName } from '../platform/types.js';
import type { AccountPlatform, StaffRecord } from '../store/directory.js';
import { requireSession, type ApiEnv } from './auth.js';
import { apiError, describeForLog, errorResponse } from './errors.js';
import { login } from './login.js';
import { profileOf } from './session.js';

export interface StaffDirectory {
  findStaffByAccount(platform: AccountPlatform, accountId: string): Promise<StaffRecord | null>;
  listStaff(limit?: number): Promise<StaffRecord[]>;
}

export interface ApiDeps {
  mode: 'local' | 'cloud';
  /** HMAC key for session tokens (SESSION_SECRET). */
  sessionSecret: string;
  staff: StaffDirectory;
  identities: Partial<Record<PlatformName, IdentityExchange>>;
  /** ms since the epoch. */
  now(): number;
  /** One line per notable event; never receives ID or phone numbers. */
  log?(line: string): void;
}

/** At most this many demo staff are listed for the local login. */
const DEV_STAFF_LIMIT = 200;

export function createApp(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const log = deps.log ?? ((line: string) => console.log(line));
  const auth = requireSession(deps.sessionSecret, () => deps.now());

  app.get('/api/health', (c) => c.json({ status: 'ok', mode: deps.mode }));

  app.post('/api/login', async (c) => {
    const { result, staffId, platform } = await login(c.req.raw, deps);
    log(`login ok platform=${platform} staff=${staffId}`);
    return c.json(result);
  });

  app.get('/api/me', auth, (c) => c.json(profileOf(c.get('session'))));

  app.get('/api/dev/staff', async (c) => {
    if (deps.mode !== 'local') throw apiError('NOT_FOUND');
    const staff = await deps.staff.listStaff(DEV_STAFF_LIMIT);
    return c.json(
      staff.map((s) => ({
        id: s.id,
        name: s.name,
        districtCode: s.districtCode,
        departmentCode: s.departmentCode,
        roles: s.roles,
        accountId: s.accounts.zzd,
      })),
    );
  });

  app.notFound((c) => c.json(errorResponse(apiError('NOT_FOUND')).body, 404));

  app.onError((err, c) => {
    const { status, body } = errorResponse(err);
    const requestId = c.env?.requestId;
    if (status >= 500 || body.code === 'UNKNOWN_STAFF' || body.code === 'INVALID_AUTH_CODE') {
      log(`${c.req.method} ${c.req.path} → ${status} ${body.code} (${describeForLog(err)})`);
    }
    return c.json(requestId ? { ...body, requestId } : body, status as 400);
  });

  return app;
}
