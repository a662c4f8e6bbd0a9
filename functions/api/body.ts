// Reading and validating JSON request bodies (Ajv): wrong content type → 415, too large → 413,
// not JSON → 400 INVALID_JSON, a string with control or bidi characters anywhere in it (core text.ts) or
// schema violations → 400 INVALID_BODY with one issue per field.
import Ajv, { type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import type { Issue } from '../core/errors.js';
import { jsonTextIssues } from '../core/text.js';
import { apiError } from './errors.js';

const ajv = new Ajv({ allErrors: true, strict: true });

export function compileBody<T>(schema: JSONSchemaType<T>): ValidateFunction<T> {
  return ajv.compile(schema);
}

/** Request bodies of this API are small forms; larger payloads (attachments) have their own routes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

const KEYWORD_MESSAGES: Record<string, string> = {
  required: '缺少必填字段',
  type: '类型不正确',
  enum: '取值不在允许的范围内',
  minLength: '不能为空或过短',
  maxLength: '内容过长',
  pattern: '格式不正确',
  additionalProperties: '不支持的字段',
};

function issueOf(e: ErrorObject): Issue {
  const params = e.params as { missingProperty?: string; additionalProperty?: string };
  const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const leaf = params.missingProperty ?? params.additionalProperty;
  const field = [base, leaf].filter(Boolean).join('.') || undefined;
  return { ...(field ? { field } : {}), code: e.keyword.toUpperCase(), message: KEYWORD_MESSAGES[e.keyword] ?? '不符合要求' };
}

/** The request's JSON body, unvalidated: wrong content type → 415, too large → 413, not JSON → 400. */
export async function readJson(request: Request): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw apiError('UNSUPPORTED_MEDIA_TYPE');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_JSON_BODY_BYTES) throw apiError('PAYLOAD_TOO_LARGE');
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_JSON_BODY_BYTES) throw apiError('PAYLOAD_TOO_LARGE');
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

export const INVALID_TEXT_MESSAGE = '提交的文字含有控制字符或改变文字方向的字符，请删除后重新提交';

export async function readJsonBody<T>(request: Request, validate: ValidateFunction<T>): Promise<T> {
  const value = await readJson(request);
  if (!validate(value)) throw apiError('INVALID_BODY', (validate.errors ?? []).map(issueOf));
  return value;
}
