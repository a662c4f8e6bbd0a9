/**
 * 办件进度查询 token: what the receipt's QR code carries so that the applicant, with no login, can see the
 * case's progress (DESIGN: Progress page). `<case id>.<mac>`, mac = the first 16 bytes (128 bits) of
 * HMAC-SHA256(progress key, "progress:v1:<case id>") in base64url. The progress key is derived from the
 * service's HASH_KEY (progressKey) and is used for nothing else. Nothing is stored: the token is recomputed
 * from the case id; it stops working 180 days after the case ended (progressExpired), or for every case at
 * once when HASH_KEY is rotated. Never logged; it travels in the URL fragment (#…), which no server receives.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CASE_ID_PATTERN } from './case.js';
import { instantMillis, type Instant } from './time.js';

/** Bytes of the MAC kept in the token: 128 bits. */
const MAC_BYTES = 16;
/** Days after the case ended (办结, 终结, 撤销) during which the page still answers. */
const PROGRESS_TOKEN_DAYS_AFTER_END = 180;
const DAY_MS = 86_400_000;
const MAC_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** The key tokens are made with: HMAC-SHA256(HASH_KEY, a label of its own), so it differs from every other use of HASH_KEY. */
export function progressKey(hashKey: string): Buffer {
  return createHmac('sha256', hashKey).update('lianban/progress-token/v1').digest();
}

function macOf(key: Buffer, caseId: string): Buffer {
  return createHmac('sha256', key).update(`progress:v1:${caseId}`).digest().subarray(0, MAC_BYTES);
}

export function progressToken(key: Buffer, caseId: string): string {
  return `${caseId}.${macOf(key, caseId).toString('base64url')}`;
}

/** The case id a token names when its MAC is right (constant-time compare), otherwise null. */
export function verifyProgressToken(key: Buffer, token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 80) return null;
  const dot = token.lastIndexOf('.');
  const caseId = token.slice(0, dot);
  const mac = token.slice(dot + 1);
  if (dot < 0 || !CASE_ID_PATTERN.test(caseId) || !MAC_PATTERN.test(mac)) return null;
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== MAC_BYTES) return null;
  return timingSafeEqual(given, macOf(key, caseId)) ? caseId : null;
}

/** A token of a case that ended more than PROGRESS_TOKEN_DAYS_AFTER_END days ago no longer answers. */
export function progressExpired(endedAt: Instant | null, now: Instant): boolean {
  if (endedAt === null) return false;
  return instantMillis(now) - instantMillis(endedAt) > PROGRESS_TOKEN_DAYS_AFTER_END * DAY_MS;
}

/** The link the receipt prints, relative to the mini-app origin: the token in the fragment, never sent to a server. */
export const progressPath = (token: string): string => `/progress.html#${token}`;
