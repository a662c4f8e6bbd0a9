// Session routes:
//   GET  /api/health   liveness (no session)
//   POST /api/login    {platform, code} → {token, expiresAt, staff} (no session: it makes one)
//   GET  /api/me       the staff profile named by the session token, with its district's and department's names
//                      (pages show names, not codes; two partition-local directory reads, once per login / app start)
//   POST /api/logout   ends the session (every session of this person: functions/store/sessions.ts) → 204
import type { IdentityExchange, PlatformName } from '../../platform/types.js';
import type { OrgNames } from '../../service/index.js';
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
  /** District and department names; a code stands for its name when absent. */
  orgNames(): Promise<OrgNames>;
}

/** A profile with the names of its district and department. */
async function named<P extends { districtCode: string; departmentCode: string }>(profile: P, deps: Pick<SessionDeps, 'orgNames'>) {
  const names = await deps.orgNames();
  return {
    ...profile,
    districtName: names.districts[profile.districtCode] ?? profile.districtCode,
    departmentName: names.departments[profile.departmentCode] ?? profile.departmentCode,
  };
}

export function registerSessionRoutes(app: ApiApp, { auth }: RouteContext, deps: SessionDeps): void {
  app.get('/api/health', (c) => c.json({ status: 'ok', mode: deps.mode }));

  app.post('/api/login', async (c) => {
    const { result, staffId, platform } = await login(c.req.raw, deps);
    deps.log(`login ok platform=${platform} staff=${staffId}`);
    return c.json({ ...result, staff: await named(result.staff, deps) });
  });

  app.get('/api/me', auth, async (c) => c.json(await named(profileOf(c.get('session')), deps)));

  app.post('/api/logout', auth, async (c) => {
    await deps.sessions.revoke(c.get('session').sub);
    return c.body(null, 204);
  });
}
