/**
 * FC 2.0 request signatures as `@alicloud/fc2` computes them:
 *
 *   stringToSign = METHOD \n content-md5 \n content-type \n date \n
 *                  (each x-fc-* header, lower-cased, sorted: "key:value\n") path
 *                  [ \n sorted "key=value" lines of the query — only for /proxy/ paths ]
 *   authorization = "FC " + accessKeyId + ":" + base64(HMAC-SHA256(accessKeySecret, stringToSign))
 *
 * The SDK's content-md5 is base64 of the 32-character HEX md5 string (not of the raw digest).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { apiErrors, type ApiError } from './errors.js';

export function contentMd5(body: Buffer): string {
  return Buffer.from(createHash('md5').update(body).digest('hex'), 'utf8').toString('base64');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

export function stringToSign(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  queries: Record<string, string | string[]> | null,
): string {
  const fcHeaders = Object.keys(headers)
    .map((k) => k.toLowerCase().trim())
    .filter((k) => k.startsWith('x-fc-'))
    .sort()
    .map((k) => `${k}:${headerValue(headers, k)}\n`)
    .join('');
  let text = `${method}\n${headerValue(headers, 'content-md5')}\n${headerValue(headers, 'content-type')}\n${headerValue(headers, 'date')}\n${fcHeaders}${path}`;
  if (queries) {
    const params: string[] = [];
    for (const [k, v] of Object.entries(queries)) {
      for (const one of Array.isArray(v) ? v : [v]) params.push(`${k}=${one}`);
    }
    params.sort();
    text += `\n${params.join('\n')}`;
  }
  return text;
}

function sign(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('base64');
}

export interface VerifyInput {
  method: string;
  /** URL path as sent (decoded the way the SDK signs it: the SDK signs the path before URL-encoding). */
  path: string;
  headers: IncomingHttpHeaders;
  queries: Record<string, string | string[]> | null;
  body: Buffer;
  accessKeyId: string;
  accessKeySecret: string;
  /** Allowed clock difference (ms); FC allows 15 minutes. */
  maxSkewMs?: number;
  now?: number;
}

/** null when the request is correctly signed, otherwise the FC error to answer. */
export function verifyRequest(input: VerifyInput): ApiError | null {
  const auth = headerValue(input.headers, 'authorization');
  if (!auth) return apiErrors.missingAuthorization();
  const m = /^FC ([^:]+):(.+)$/.exec(auth);
  if (!m) return apiErrors.signatureNotMatch();
  if (m[1] !== input.accessKeyId) return apiErrors.invalidAccessKeyId(m[1]);
  const date = headerValue(input.headers, 'date');
  if (!date) return apiErrors.missingDate();
  const at = Date.parse(date);
  if (Number.isNaN(at) || Math.abs((input.now ?? Date.now()) - at) > (input.maxSkewMs ?? 15 * 60 * 1000)) return apiErrors.timeSkewed();
  const md5 = headerValue(input.headers, 'content-md5');
  if (md5 && md5 !== contentMd5(input.body)) return apiErrors.contentMd5Mismatch();
  const expected = Buffer.from(sign(input.accessKeySecret, stringToSign(input.method, input.path, input.headers, input.queries)));
  const given = Buffer.from(m[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return apiErrors.signatureNotMatch();
  return null;
}
