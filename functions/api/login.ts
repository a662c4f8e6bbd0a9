// POST /api/login {platform, code}: the container's login-free code (免登码) is exchanged server-side
// with the platform, the external account is looked up in the staff directory, and a session token is
// issued. platform 'local' is the local development login: it goes through the 浙政钉 exchange (against
// the local gateway fake) and exists only when the server runs with LIANBAN_MODE=local.
import type { IdentityExchange, PlatformName } from '../platform/types.js';
import type { AccountPlatform, StaffRecord } from '../service/index.js';
import type { SessionRegistry } from './auth.js';
import { readJson } from './body.js';
import { apiError } from './errors.js';
import { issueSession, profileOf, type SessionSubject } from './session.js';
import { checkBody } from './validation.js';

export type LoginPlatform = PlatformName | 'local';

interface LoginBody {
  platform: LoginPlatform;
  code: string;
}


/** What login needs from the staff directory. */
export interface StaffLookup {
  findStaffByAccount(platform: AccountPlatform, accountId: string): Promise<StaffRecord | null>;
}

export interface LoginDeps {
  mode: 'local' | 'cloud';
  sessionSecret: string;
  staff: StaffLookup;
  /** The person's session generation (the token carries it; a logout raises it). */
  sessions: Pick<SessionRegistry, 'current'>;
  identities: Partial<Record<PlatformName, IdentityExchange>>;
  now(): number;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  staff: ReturnType<typeof profileOf>;
}

export async function login(request: Request, deps: LoginDeps): Promise<{ result: LoginResult; staffId: string; platform: LoginPlatform }> {
  // schemas/openapi.json LoginRequest, like every other body
  const body = checkBody<LoginBody>('LoginRequest', await readJson(request));
  if (body.platform === 'local' && deps.mode !== 'local') throw apiError('LOCAL_LOGIN_DISABLED');
  const platform: PlatformName = body.platform === 'local' ? 'zzd' : body.platform;
  const identity = deps.identities[platform];
  if (!identity) throw apiError('PLATFORM_NOT_ENABLED');

  const user = await identity.exchange(body.code);
  const staff = await deps.staff.findStaffByAccount(platform, user.accountId);
  // Someone without a role in the directory (disabled) has no business here either.
  if (!staff || staff.roles.length === 0) throw apiError('UNKNOWN_STAFF');
  const now = await deps.sessions.current(staff.id);
  if (!now) throw apiError('UNKNOWN_STAFF');
  // A disabled person (停用) is told so, not that they are unknown.
  if (now.disabled || staff.disabled) throw apiError('ACCOUNT_DISABLED');

  const subject: SessionSubject = {
    id: staff.id,
    name: staff.name,
    districtCode: staff.districtCode,
    departmentCode: staff.departmentCode,
    roles: staff.roles,
  };
  const { token, claims } = issueSession(subject, deps.sessionSecret, deps.now(), now.generation);
  const staffProfile = profileOf(claims);
  return { result: { token, expiresAt: staffProfile.expiresAt, staff: staffProfile }, staffId: staff.id, platform: body.platform };
}
