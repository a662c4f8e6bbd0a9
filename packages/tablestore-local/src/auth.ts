/**
 * Request authentication and response signing, as the Tablestore SDKs do it.
 *
 * Request: x-ots-signature = base64(HMAC-SHA1(secret, path + "\nPOST\n\n" + canonical + "\n")), where
 * canonical = every x-ots-* header but x-ots-signature, lower-cased, sorted, as "name:value" lines.
 * x-ots-contentmd5 = base64(MD5(body)); x-ots-date within 15 minutes of the server clock.
 * Response: Authorization = "OTS <accessKeyId>:" + base64(HMAC-SHA1(secret, canonical + "\n" + path)).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { errors } from './errors.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly instance: string;
}

const REQUIRED = ['x-ots-date', 'x-ots-apiversion', 'x-ots-accesskeyid', 'x-ots-instancename', 'x-ots-contentmd5', 'x-ots-signature'];
const MAX_SKEW_MS = 15 * 60 * 1000;

export function md5Base64(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

function hmacBase64(secret: string, data: string): string {
  return createHmac('sha1', secret).update(data).digest('base64');
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

function canonical(headers: IncomingHttpHeaders): string {
  const names: string[] = [];
  for (const name in headers) if (name.startsWith('x-ots-') && name !== 'x-ots-signature') names.push(name);
  names.sort();
  let out = '';
  for (let i = 0; i < names.length; i++) out += (i > 0 ? '\n' : '') + names[i] + ':' + header(headers, names[i]);
  return out;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Throws the service's error for a request that is not signed with the configured credentials. */
export function verifyRequest(creds: Credentials, path: string, headers: IncomingHttpHeaders, body: Buffer, now: number): void {
  for (const name of REQUIRED) if (headers[name] === undefined) throw errors.missingHeader(name);
  const date = header(headers, 'x-ots-date');
  const time = Date.parse(date);
  if (Number.isNaN(time)) throw errors.invalidDate(date);
  if (header(headers, 'x-ots-accesskeyid') !== creds.accessKeyId) throw errors.accessKeyIdNotExist();
  if (header(headers, 'x-ots-instancename') !== creds.instance) throw errors.instanceNotFound();
  const expected = hmacBase64(creds.accessKeySecret, `${path}\nPOST\n\n${canonical(headers)}\n`);
  if (!sameText(expected, header(headers, 'x-ots-signature'))) throw errors.signatureMismatch();
  if (md5Base64(body) !== header(headers, 'x-ots-contentmd5')) throw errors.contentMd5Mismatch();
  if (Math.abs(now - time) > MAX_SKEW_MS) throw errors.dateMismatch(date);
}

/** The Authorization header of a response with these x-ots-* headers. */
export function signResponse(creds: Credentials, path: string, otsHeaders: Record<string, string>): string {
  const names = Object.keys(otsHeaders).sort();
  const lines = names.map((name) => `${name}:${otsHeaders[name]}`).join('\n');
  return `OTS ${creds.accessKeyId}:${hmacBase64(creds.accessKeySecret, `${lines}\n${path}`)}`;
}
