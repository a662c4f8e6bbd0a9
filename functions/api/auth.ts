// Session middleware: every protected route needs `Authorization: Bearer <session token>`; a missing,
// malformed, tampered, expired or out-of-bounds token → 401 UNAUTHENTICATED. A valid token is then checked
// against the staff directory as it is now (one uncached point read per request, functions/store/sessions.ts):
// a person removed from the directory, left without a role or disabled (停用) → 401 STAFF_DISABLED; a token issued before the
// person's last logout, or naming another district, department or roles than the directory now does →
// 401 SESSION_REVOKED. So a logout or a disable takes effect on the very next request, on every instance.
// The verified claims are put on the context as `session`.
import type { MiddlewareHandler } from 'hono';
import type { FcBindings } from '../fc/http.js';
import type { SessionStaff } from '../service/index.js';
import { apiError } from './errors.js';
import { verifySession, type SessionClaims } from './session.js';

export interface ApiEnv {
  Bindings: FcBindings;
  Variables: { session: SessionClaims };
}

/** Where sessions are checked and revoked: shared by every api instance (Tablestore). */
export interface SessionRegistry {
  /** The staff member as the directory has them now (never cached), or null when removed. */
  current(staffId: string): Promise<SessionStaff | null>;
  /** Ends every session of the staff member. */
  revoke(staffId: string): Promise<void>;
}

function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

const sameRoles = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((r) => b.includes(r));

/** Why the directory no longer backs a verified token (null: it does). */
export function staleSession(claims: SessionClaims, now: SessionStaff | null): 'STAFF_DISABLED' | 'SESSION_REVOKED' | null {
  if (!now || now.roles.length === 0 || now.disabled) return 'STAFF_DISABLED';
  if (now.generation !== claims.gen) return 'SESSION_REVOKED';
  if (now.district !== claims.district || now.department !== claims.department || !sameRoles(now.roles, claims.roles)) return 'SESSION_REVOKED';
  return null;
}

export function requireSession(secret: string, now: () => number, sessions: SessionRegistry): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const verified = token ? verifySession(token, secret, now()) : undefined;
    if (!verified?.ok) throw apiError('UNAUTHENTICATED');
    const stale = staleSession(verified.claims, await sessions.current(verified.claims.sub));
    if (stale) throw apiError(stale);
    c.set('session', verified.claims);
    await next();
  };
}
