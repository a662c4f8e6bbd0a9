// Request signing for the 浙政钉 (专有钉钉 "xxpt") gateway, as the official Java SDK
// (com.alibaba.xxpt.gateway.shared.client.http.ExecutableClient) does it:
//   bytesToSign = METHOD + "\n" + timestamp + "\n" + nonce + "\n" + canonicalURI [+ "\n" + params]
//   canonicalURI = API path only (e.g. /gettoken.json); params = every request parameter, keys sorted
//   ascending, "key=value" joined by "&" (a repeated key repeated, values sorted), RAW values (not
//   URL-encoded); the params line is omitted when there are none.
//   X-Hmac-Auth-Signature = Base64(HmacSHA256(AppSecret, bytesToSign))
// Headers: X-Hmac-Auth-Timestamp (ISO-8601 with +08:00, e.g. 2020-04-13T11:12:53.581+08:00),
// X-Hmac-Auth-Version 1.0, X-Hmac-Auth-Nonce (13-digit ms + 4 random digits), apiKey, X-Hmac-Auth-IP,
// X-Hmac-Auth-MAC (informational; clients send placeholders).
// Open question (not verifiable without the real gateway): whether the gateway signs raw or URL-encoded values of non-ASCII params
// (e.g. Chinese msg JSON). Raw is what the official SDK and the C# sample do; verify on the test env.
import { createHmac, randomInt } from 'node:crypto';
import { shanghaiWallClock } from '../core/time.js';

export type SignParams = Record<string, string | readonly string[]>;

function canonicalParams(params: SignParams): string {
  return Object.keys(params)
    .sort()
    .flatMap((key) => {
      const value = params[key];
      const values = typeof value === 'string' ? [value] : [...value].sort();
      return values.map((v) => `${key}=${v}`);
    })
    .join('&');
}

export function stringToSign(method: string, timestamp: string, nonce: string, path: string, params: SignParams): string {
  const lines = [method.toUpperCase(), timestamp, nonce, path];
  const p = canonicalParams(params);
  if (p) lines.push(p);
  return lines.join('\n');
}

function sign(appSecret: string, text: string): string {
  return createHmac('sha256', appSecret).update(text, 'utf8').digest('base64');
}

/** ISO-8601 in China Standard Time, the form the official documentation shows. */
export function cstTimestamp(ms: number): string {
  return shanghaiWallClock(ms) + '+08:00';
}

function makeNonce(ms: number): string {
  return `${ms}${String(randomInt(0, 10000)).padStart(4, '0')}`;
}

export interface SignedHeadersInput {
  method: string;
  path: string;
  params: SignParams;
  appKey: string;
  appSecret: string;
  now: number;
  nonce?: string;
}

export function signedHeaders(input: SignedHeadersInput): Record<string, string> {
  const timestamp = cstTimestamp(input.now);
  const nonce = input.nonce ?? makeNonce(input.now);
  return {
    'X-Hmac-Auth-Timestamp': timestamp,
    'X-Hmac-Auth-Version': '1.0',
    'X-Hmac-Auth-Nonce': nonce,
    apiKey: input.appKey,
    'X-Hmac-Auth-Signature': sign(input.appSecret, stringToSign(input.method, timestamp, nonce, input.path, input.params)),
    'X-Hmac-Auth-IP': '127.0.0.1',
    'X-Hmac-Auth-MAC': '00:00:00:00:00:00',
  };
}
