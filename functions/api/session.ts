// Session tokens: short-lived (2 h), HMAC-SHA256-signed with SESSION_SECRET, naming the staff member,
// district, department, roles and the session generation they were issued under (logout raises it: see
// functions/store/sessions.ts). Format: `v1.<base64url(JSON claims)>.<base64url(HMAC(secret, "v1.<claims>"))>`.
// A token is valid only with sane times: `iat` and `exp` whole seconds, `iat` not in the future (beyond a
// minute of clock skew), `exp` after `iat` and no more than SESSION_TTL_SECONDS after it — so no signed
// claim can make a session outlive the configured maximum or carry a time no date can show.
// Time is passed in (ms since the epoch); nothing here reads the clock.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StaffActor } from '../core/actor.js';
import { ROLES, type Role } from '../core/directory.js';

export const SESSION_TTL_SECONDS = 2 * 60 * 60;
/** How far ahead of this instance's clock another instance's `iat` may be. */
const MAX_CLOCK_SKEW_SECONDS = 60;
const VERSION = 'v1';
const ROLE_SET: ReadonlySet<string> = new Set<Role>(ROLES);

export interface SessionClaims {
  /** Staff id. */
  sub: string;
  name: string;
  /** District code. */
  district: string;
  /** Department code. */
  department: string;
  roles: Role[];
  /** Issued at / expires at, in seconds since the epoch. */
  iat: number;
  exp: number;
  /** The staff member's session generation at issue (a logout raises it: older tokens are revoked). */
  gen: number;
}

export interface SessionSubject {
  id: string;
  name: string;
  districtCode: string;
  departmentCode: string;
  roles: Role[];
}

export type VerifyResult = { ok: true; claims: SessionClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'out_of_bounds' };

/** SESSION_SECRET must be long enough to resist guessing. */
export const MIN_SECRET_LENGTH = 32;

function mac(secret: string, text: string): Buffer {
  return createHmac('sha256', secret).update(text, 'utf8').digest();
}

export function issueSession(subject: SessionSubject, secret: string, nowMs: number, generation = 0): { token: string; claims: SessionClaims } {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`session secret must be at least ${MIN_SECRET_LENGTH} characters`);
  const iat = Math.floor(nowMs / 1000);
  const claims: SessionClaims = {
    sub: subject.id,
    name: subject.name,
    district: subject.districtCode,
    department: subject.departmentCode,
    roles: [...subject.roles],
    iat,
    exp: iat + SESSION_TTL_SECONDS,
    gen: generation,
  };
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  const signed = `${VERSION}.${payload}`;
  return { token: `${signed}.${mac(secret, signed).toString('base64url')}`, claims };
}

function claimsValid(value: unknown): value is SessionClaims {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.sub === 'string' &&
    c.sub.length > 0 &&
    typeof c.name === 'string' &&
    typeof c.district === 'string' &&
    typeof c.department === 'string' &&
    Array.isArray(c.roles) &&
    c.roles.every((r) => typeof r === 'string' && ROLE_SET.has(r)) &&
    Number.isSafeInteger(c.iat) &&
    Number.isSafeInteger(c.exp) &&
    Number.isSafeInteger(c.gen) &&
    (c.gen as number) >= 0
  );
}

/** The token's times are sane for this instant: issued (at most a skew ahead), lifetime within the maximum. */
function timesInBounds(claims: SessionClaims, nowSeconds: number): boolean {
  return (
    claims.iat > 0 &&
    claims.iat <= nowSeconds + MAX_CLOCK_SKEW_SECONDS &&
    claims.exp > claims.iat &&
    claims.exp - claims.iat <= SESSION_TTL_SECONDS
  );
}

export function verifySession(token: string, secret: string, nowMs: number): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !/^[\w-]+$/.test(parts[1]) || !/^[\w-]+$/.test(parts[2])) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = mac(secret, `${parts[0]}.${parts[1]}`);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!claimsValid(claims)) return { ok: false, reason: 'malformed' };
  const now = Math.floor(nowMs / 1000);
  if (!timesInBounds(claims, now)) return { ok: false, reason: 'out_of_bounds' };
  if (now >= claims.exp) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** The acting staff member a verified session names (for core authorisation). */
export function actorOf(claims: SessionClaims): StaffActor {
  return { kind: 'staff', id: claims.sub, name: claims.name, district: claims.district, department: claims.department, roles: [...claims.roles] };
}

/** Profile as `/api/me` and the login answer it. */
export function profileOf(claims: SessionClaims): SessionSubject & { expiresAt: string } {
  return {
    id: claims.sub,
    name: claims.name,
    districtCode: claims.district,
    departmentCode: claims.department,
    roles: [...claims.roles],
    expiresAt: new Date(claims.exp * 1000).toISOString(),
  };
}
