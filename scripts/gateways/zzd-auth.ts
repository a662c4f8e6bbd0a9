// Verification of the 浙政钉 (专有钉钉 "xxpt") gateway request signature, written from the documented
// algorithm (official Java SDK ExecutableClient, re-implemented by public clients):
//   headers  X-Hmac-Auth-Timestamp (ISO-8601), X-Hmac-Auth-Version: 1.0, X-Hmac-Auth-Nonce,
//            apiKey: <AppKey>, X-Hmac-Auth-Signature, (X-Hmac-Auth-IP, X-Hmac-Auth-MAC: informational)
//   bytesToSign = METHOD \n timestamp \n nonce \n canonicalURI [\n params]
//            canonicalURI = the API path only (e.g. /gettoken.json), params = all query and form
//            parameters, keys sorted ascending, `key=value` joined by `&`, a repeated key repeated
//            (values sorted), RAW (not URL-encoded) values; the params line is omitted when empty.
//   signature = Base64(HmacSHA256(AppSecret, bytesToSign))
// Deliberately independent of functions/platform/zzd.ts so the two can disagree in a test.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Params } from './http.js';

/** Accepted clock skew between caller and gateway. Not documented for 浙政钉; 15 minutes is what
 *  Alibaba Cloud API Gateway allows for its signed timestamps, so the fake uses that. */
const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

export interface SignatureFailure {
  /** Top-level gateway error code. Only SignatureDoesNotMatch's code is documented
   *  (OPF-B001-05-16-0009); the others are names chosen for the fake. */
  code: string;
  message: string;
}

function canonicalParams(params: Params): string {
  return [...params.keys()]
    .sort()
    .flatMap((k) => [...(params.get(k) ?? [])].sort().map((v) => `${k}=${v}`))
    .join('&');
}

export function bytesToSign(method: string, timestamp: string, nonce: string, path: string, params: Params): string {
  const lines = [method.toUpperCase(), timestamp, nonce, path];
  const p = canonicalParams(params);
  if (p) lines.push(p);
  return lines.join('\n');
}

export class NonceBook {
  private seen = new Map<string, number>();
  /** True when the nonce is fresh; remembers it for the timestamp window. */
  claim(nonce: string, now: number): boolean {
    for (const [n, at] of this.seen) if (at + 2 * TIMESTAMP_WINDOW_MS < now) this.seen.delete(n);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now);
    return true;
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function verifySignature(input: {
  method: string;
  path: string;
  params: Params;
  headers: Record<string, string | string[] | undefined>;
  appKey: string;
  appSecret: string;
  now: number;
  nonces: NonceBook;
}): SignatureFailure | undefined {
  const timestamp = header(input.headers, 'X-Hmac-Auth-Timestamp');
  const nonce = header(input.headers, 'X-Hmac-Auth-Nonce');
  const signature = header(input.headers, 'X-Hmac-Auth-Signature');
  const version = header(input.headers, 'X-Hmac-Auth-Version');
  const apiKey = header(input.headers, 'apiKey');
  if (!timestamp || !nonce || !signature || !apiKey || !version) {
    return { code: 'MissingHmacHeaders', message: 'X-Hmac-Auth-Timestamp, -Nonce, -Version, -Signature and apiKey are required' };
  }
  if (version !== '1.0') return { code: 'UnsupportedHmacVersion', message: `X-Hmac-Auth-Version ${version} is not supported` };
  if (apiKey !== input.appKey) return { code: 'InvalidApiKey', message: 'apiKey is not a known application' };
  const at = Date.parse(timestamp);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(timestamp) || Number.isNaN(at) || Math.abs(at - input.now) > TIMESTAMP_WINDOW_MS) {
    return { code: 'InvalidTimestamp', message: 'X-Hmac-Auth-Timestamp is malformed or outside the allowed window' };
  }
  const expected = createHmac('sha256', input.appSecret)
    .update(bytesToSign(input.method, timestamp, nonce, input.path, input.params), 'utf8')
    .digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { code: 'OPF-B001-05-16-0009', message: 'SignatureDoesNotMatch' };
  }
  // Checked after the signature so that an attacker cannot burn nonces with unsigned requests.
  if (!input.nonces.claim(nonce, input.now)) return { code: 'NonceUsed', message: 'X-Hmac-Auth-Nonce was already used' };
  return undefined;
}
