// Session routes:
//   GET  /api/health   liveness (no session)
//   POST /api/login    {platform, code} → {token, expiresAt, staff} (no session: it makes one)
//   GET  /api/me       the staff profile named by the session token
//   POST /api/logout   ends the session (every session of this person: functions/store/sessions.ts) → 204
import type { IdentityExchange, PlatformName } from '../../platform/types.js';
import type { SessionRegistry } from '../auth.js';
import { login, type StaffLookup } from '../login.js';
import { profileOf } from '../session.js';
import type { ApiApp, RouteContext } from './context.js';

export interface SessionDeps {
  mode: 'local' | 'cloud';
  sessionSecret: string;
  staff: StaffLookup;
  sessions: SessionRegistry;
  identities: Partial<Record<PlatformName, IdentityExchange>>;
  now(): number;
  log(line: string): void;
}

export function registerSessionRoutes(app: ApiApp, { auth }: RouteContext, deps: SessionDeps): void {
  app.get('/api/health', (c) => c.json({ status: 'ok', mode: deps.mode }));

  app.post('/api/login', async (c) => {
    const { result, staffId, platform } = await login(c.req.raw, deps);
    deps.log(`login ok platform=${platform} staff=${staffId}`);
    return c.json(result);
  });

  app.get('/api/me', auth, (c) => c.json(profileOf(c.get('session'))));

  app.post('/api/logout', auth, async (c) => {
    await deps.sessions.revoke(c.get('session').sub);
    return c.body(null, 204);
  });
}
