// Short-lived signed download links for one attachment (附件), for what cannot send our Bearer header: a
// container opening a URL in its own page or document previewer (浙政钉 / DingTalk openLink), a new tab.
// POST /api/attachments/:sha256/link (session, the download's own authorisation) answers such a URL; the GET
// it names takes the token in the query instead of the header, checks it, and serves the file inline.
// Token: `l1.<base64url(JSON claims)>.<base64url(HMAC-SHA256(key, "l1.<claims>"))>`, the key derived from
// SESSION_SECRET (HMAC(secret, purpose label), so a link token is never a session token and back). The claims
// name the file (sha256), the case and item it is read through, the staff member as their session named
// them (so the read is authorised and audited as theirs, on the directory as it is then) and an expiry of
// LINK_TTL_SECONDS. Not single-use: a previewer may fetch a document more than once (range requests,
// reopening), and every fetch is an audited read (attachmentRead) — so a link is a few minutes of the same
// access the staff member has anyway, each use on the record.
// Time is passed in (ms since the epoch); nothing here reads the clock.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SessionClaims } from './session.js';

export const LINK_TTL_SECONDS = 5 * 60;
const VERSION = 'l1';
const SHA256 = /^[0-9a-f]{64}$/;

interface LinkClaims {
  sha256: string;
  caseId: string;
  itemId: string;
  /** The session that made the link (sub, name, district, department, roles, gen): whose read it is. */
  staff: Pick<SessionClaims, 'sub' | 'name' | 'district' | 'department' | 'roles' | 'gen'>;
  /** Expires at, seconds since the epoch. */
  exp: number;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

function linkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('lianban attachment download link v1', 'utf8').digest();
}

const mac = (secret: string, text: string): Buffer => createHmac('sha256', linkKey(secret)).update(text, 'utf8').digest();

export function issueLink(file: { sha256: string; caseId: string; itemId: string }, session: SessionClaims, secret: string, nowMs: number): { token: string; expiresAt: string } {
  const exp = Math.floor(nowMs / 1000) + LINK_TTL_SECONDS;
  const { sub, name, district, department, roles, gen } = session;
  const claims: LinkClaims = { sha256: file.sha256, caseId: file.caseId, itemId: file.itemId, staff: { sub, name, district, department, roles: [...roles], gen }, exp };
  const signed = `${VERSION}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
  return { token: `${signed}.${mac(secret, signed).toString('base64url')}`, expiresAt: new Date(exp * 1000).toISOString() };
}

function claimsValid(value: unknown): value is LinkClaims {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  const s = c.staff as Record<string, unknown> | null;
  return (
    typeof c.sha256 === 'string' && SHA256.test(c.sha256) &&
    typeof c.caseId === 'string' && typeof c.itemId === 'string' &&
    Number.isSafeInteger(c.exp) &&
    typeof s === 'object' && s !== null &&
    typeof s.sub === 'string' && s.sub.length > 0 && typeof s.name === 'string' &&
    typeof s.district === 'string' && typeof s.department === 'string' &&
    Array.isArray(s.roles) && s.roles.every((r) => typeof r === 'string') &&
    Number.isSafeInteger(s.gen)
  );
}

/** The token, checked (constant-time MAC) for the file the request names; expired only once it is genuine. */
export function checkLink(token: string, sha256: string, secret: string, nowMs: number): LinkCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !/^[\w-]+$/.test(parts[1]) || !/^[\w-]+$/.test(parts[2])) return { ok: false, reason: 'invalid' };
  // compared as the canonical text: a signature re-spelt in base64's unused low bits is not the one issued
  const expected = Buffer.from(mac(secret, `${parts[0]}.${parts[1]}`).toString('base64url'), 'utf8');
  const given = Buffer.from(parts[2], 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  // another file's token (genuine, but for another sha256) is refused like a forged one
  if (!claimsValid(claims) || claims.sha256 !== sha256) return { ok: false, reason: 'invalid' };
  // a lifetime beyond the maximum cannot have been issued here
  if (claims.exp > Math.floor(nowMs / 1000) + LINK_TTL_SECONDS + 60) return { ok: false, reason: 'invalid' };
  if (Math.floor(nowMs / 1000) >= claims.exp) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
