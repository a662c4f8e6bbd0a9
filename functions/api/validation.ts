// Request validation from the OpenAPI document itself (schemas/openapi.json): the request body schemas
// in its components are what the routes check, so the document and the code cannot drift apart. The
// intake and sub-task command parts are $refs into schemas/intake.schema.json and
// schemas/subtask-command.schema.json (resolved against the document's id). Query parameters are
// checked by small parsers here; each problem becomes an issue with a Chinese message.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import openapi from '../../schemas/openapi.json' with { type: 'json' };
import intakeSchema from '../../schemas/intake.schema.json' with { type: 'json' };
import commandSchema from '../../schemas/subtask-command.schema.json' with { type: 'json' };
import type { MiddlewareHandler } from 'hono';
import type { Issue } from '../core/errors.js';
import { textIssues, textProblemMessages, visibleLength } from '../core/text.js';
import { apiError } from './errors.js';

/** The document's id; its relative $refs (./intake.schema.json) resolve against it. */
export const OPENAPI_ID = 'https://lianban.local/schemas/openapi.json';

/** Component schemas with OpenAPI's `#/components/schemas/X` refs rewritten to `#/$defs/X`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', '#/$defs/') : rewriteRefs(v);
  }
  return out;
}

/** Names of the document's component schemas (request bodies among them). */
export type RequestSchema = keyof typeof openapi.components.schemas;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The OpenAPI components as one JSON Schema document (for Ajv); exported for the document test. */
export function componentsSchema(): Record<string, unknown> {
  return { $id: OPENAPI_ID, $defs: rewriteRefs(openapi.components.schemas) };
}

/**
 * Required text must be visible text (core text.ts): every string schema with a `minLength` and no
 * `pattern`, `enum` or `const` (free text such as purposes, reasons, file names) also gets the keyword
 * `visibleMinLength` — the same minimum, counted in visible characters, so "\u200b\u200b" is not a
 * purpose of two characters. Added when the schemas are loaded; the documents stay plain JSON Schema.
 */
export function withVisibleText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withVisibleText);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = withVisibleText(v);
  const free = out.type === 'string' && typeof out.minLength === 'number' && out.minLength > 0 && !('pattern' in out) && !('enum' in out) && !('const' in out);
  if (free) out.visibleMinLength = out.minLength;
  return out;
}

function instance(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false });
    ajv.addKeyword({
      keyword: 'visibleMinLength',
      type: 'string',
      schemaType: 'number',
      error: { message: '没有足够的可见文字' },
      validate: (min: number, data: string) => visibleLength(data) >= min,
    });
    ajv.addSchema(withVisibleText(intakeSchema) as object);
    ajv.addSchema(withVisibleText(commandSchema) as object);
    ajv.addSchema(withVisibleText(componentsSchema()) as object);
  }
  return ajv;
}

/** The validator of one component schema, compiled on first use. */
export function componentValidator(name: RequestSchema): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    v = instance().compile({ $ref: `${OPENAPI_ID}#/$defs/${name}` });
    compiled.set(name, v);
  }
  return v;
}

const KEYWORD_MESSAGES: Record<string, string> = {
  required: '缺少必填字段',
  type: '类型不正确',
  enum: '取值不在允许的范围内',
  const: '取值不在允许的范围内',
  minLength: '不能为空或过短',
  maxLength: '内容过长',
  pattern: '格式不正确',
  minimum: '数值过小',
  maximum: '数值过大',
  additionalProperties: '不支持的字段',
  maxItems: '条目过多',
  maxProperties: '字段过多',
  uniqueItems: '存在重复条目',
  propertyNames: '字段名格式不正确',
  oneOf: '不是支持的操作内容',
};

/** One issue per schema violation; `oneOf` noise from the command schema's branches is reduced by the caller. */
export function issuesOf(errors: readonly ErrorObject[] | null | undefined): Issue[] {
  const issues: Issue[] = [];
  const all = errors ?? [];
  for (const e of all) {
    // Too short in characters already says it; otherwise "not visible" gets the core's code and message.
    if (e.keyword === 'visibleMinLength') {
      if (all.some((x) => x.keyword === 'minLength' && x.instancePath === e.instancePath)) continue;
      const field = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || undefined;
      issues.push({ ...(field ? { field } : {}), code: 'NO_VISIBLE_TEXT', message: textProblemMessages.NO_VISIBLE_TEXT });
      continue;
    }
    const params = e.params as { missingProperty?: string; additionalProperty?: string; propertyName?: string };
    const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const leaf = params.missingProperty ?? params.additionalProperty;
    const field = [base, leaf].filter(Boolean).join('.') || undefined;
    const issue: Issue = { ...(field ? { field } : {}), code: e.keyword.toUpperCase(), message: KEYWORD_MESSAGES[e.keyword] ?? '不符合要求' };
    if (!issues.some((i) => i.field === issue.field && i.code === issue.code)) issues.push(issue);
  }
  return issues;
}

/** Checks a parsed body against a component schema; 400 INVALID_BODY with per-field issues otherwise. */
export function checkBody<T>(name: RequestSchema, body: unknown): T {
  const v = componentValidator(name);
  if (!v(body)) throw apiError('INVALID_BODY', issuesOf(v.errors));
  return body as T; // shape checked by the schema just above
}

// ---- query parameters ---------------------------------------------------------------------------

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const invalidQuery = (field: string, message: string) => apiError('INVALID_QUERY', [{ field, code: 'INVALID_QUERY', message }]);

export function pageLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_SIZE;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PAGE_SIZE) throw invalidQuery('limit', `每页条数须为 1 至 ${MAX_PAGE_SIZE} 的整数`);
  return Number(raw);
}

export function cursorParam(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length > 2000 || !/^[\w.~-]+$/.test(raw)) throw invalidQuery('cursor', '翻页标记无效，请从第一页重新加载');
  return raw;
}

export function enumParam<T extends string>(field: string, raw: string | undefined, allowed: readonly T[], fallback: T, label: string): T {
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw invalidQuery(field, `${label}须为 ${allowed.join('、')} 之一`);
  return raw as T;
}

/**
 * A free-text query value (a purpose, a search term): one line, no control or bidi characters, `min` to
 * `max` characters of which at least `min` visible (core text.ts).
 */
export function textParam(field: string, raw: string | undefined, opts: { label: string; min: number; max: number }): string {
  if (raw === undefined || raw === '') throw apiError('INVALID_QUERY', [{ field, code: 'REQUIRED', message: `缺少参数 ${field}` }]);
  const bad = textIssues(raw, { field, label: opts.label }, { required: true });
  if (bad.length) throw apiError('INVALID_QUERY', bad);
  if (visibleLength(raw) < opts.min || raw.length > opts.max) throw invalidQuery(field, `${opts.label}须为 ${opts.min} 至 ${opts.max} 字`);
  return raw;
}

/**
 * Every query value and name of every request: one line, no control or bidi characters (core text.ts).
 * Registered for the whole app, so no route can take text that is not there through its query string.
 */
export const queryTextGuard: MiddlewareHandler = async (c, next) => {
  const issues: Issue[] = [];
  for (const [name, values] of Object.entries(c.req.queries())) {
    issues.push(...textIssues(name, { field: name }));
    for (const v of values) issues.push(...textIssues(v, { field: name }));
  }
  if (issues.length) throw apiError('INVALID_QUERY', issues, '请求参数含有控制字符或改变文字方向的字符');
  await next();
};

export function patternParam(field: string, raw: string | undefined, pattern: RegExp, message: string, required = false): string | undefined {
  if (raw === undefined || raw === '') {
    if (required) throw apiError('INVALID_QUERY', [{ field, code: 'REQUIRED', message: `缺少参数 ${field}` }]);
    return undefined;
  }
  if (!pattern.test(raw)) throw invalidQuery(field, message);
  return raw;
}

