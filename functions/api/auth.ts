// Session middleware: every protected route needs `Authorization: Bearer <session token>`; a missing,
// malformed, tampered or expired token → 401 UNAUTHENTICATED. The verified claims are put on the
// context as `session`.
import type { MiddlewareHandler } from 'hono';
import type { FcBindings } from '../fc/http.js';
import { apiError } from './errors.js';
import { verifySession, type SessionClaims } from './session.js';

export interface ApiEnv {
  Bindings: FcBindings;
  Variables: { session: SessionClaims };
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

export function requireSession(secret: string, now: () => number): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const verified = token ? verifySession(token, secret, now()) : undefined;
    if (!verified?.ok) throw apiError('UNAUTHENTICATED');
    c.set('session', verified.claims);
    await next();
  };
}
