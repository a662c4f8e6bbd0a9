// Reading JSON request bodies: wrong content type → 415, too large → 413, not JSON → 400 INVALID_JSON,
// a string with control or bidi characters anywhere in it (core text.ts) → 400 INVALID_BODY with one
// issue per string. The routes then check the body against the OpenAPI document (validation.ts checkBody).
import { jsonTextIssues } from '../core/text.js';
import { apiError } from './errors.js';

/** Request bodies of this API are small forms; larger payloads (attachments) have their own routes. */
const MAX_JSON_BODY_BYTES = 64 * 1024;

/** What the admin bundle routes accept: a whole bundle version (DESIGN: configuration, ≤ 256 KB). */
export const MAX_BUNDLE_BODY_BYTES = 256 * 1024;

/** The request's JSON body, unvalidated: wrong content type → 415, larger than `maxBytes` (64 KB) → 413, not JSON → 400. */
export async function readJson(request: Request, maxBytes: number = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw apiError('UNSUPPORTED_MEDIA_TYPE');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw apiError('PAYLOAD_TOO_LARGE');
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw apiError('PAYLOAD_TOO_LARGE');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw apiError('INVALID_JSON');
  }
  // Every route's body comes through here: no string of it (value or property name) may carry control or
  // bidi characters (core text.ts); which strings must be visible text is the schemas' and the core's part.
  const text = jsonTextIssues(value);
  if (text.length) throw apiError('INVALID_BODY', text, INVALID_TEXT_MESSAGE);
  return value;
}

const INVALID_TEXT_MESSAGE = '提交的文字含有控制字符或改变文字方向的字符，请删除后重新提交';
