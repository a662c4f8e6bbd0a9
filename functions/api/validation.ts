// Request validation from the OpenAPI document itself (schemas/openapi.json): the request body schemas
// in its components are what the routes check, so the document and the code cannot drift apart. The
// intake and sub-task command parts are $refs into schemas/intake.schema.json and
// schemas/subtask-command.schema.json (resolved against the document's id). The components join the one
// Ajv of core/jsonSchema.ts (which holds those schema files, and adds visibleMinLength to free text), and
// its errors become issues by the one conversion there. Query parameters are checked by small parsers
// here; each problem becomes an issue with a Chinese message.
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { MiddlewareHandler } from 'hono';
import openapi from '../../schemas/openapi.json' with { type: 'json' };
import type { Issue } from '../core/errors.js';
import { schemaAjv, schemaIssues, schemaValidator, withVisibleText } from '../core/jsonSchema.js';
import { textIssues, visibleLength } from '../core/text.js';
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

/** The OpenAPI components as one JSON Schema document (for Ajv); exported for the document test. */
export function componentsSchema(): Record<string, unknown> {
  return { $id: OPENAPI_ID, $defs: rewriteRefs(openapi.components.schemas) };
}

let loaded = false;

/** The validator of one component schema, compiled on first use by the one Ajv. */
export function componentValidator(name: RequestSchema): ValidateFunction {
  if (!loaded) {
    schemaAjv().addSchema(withVisibleText(componentsSchema()) as object);
    loaded = true;
  }
  return schemaValidator(`${OPENAPI_ID}#/$defs/${name}`);
}

/** Checks a parsed body against a component schema; 400 INVALID_BODY with per-field issues otherwise. */
export function checkBody<T>(name: RequestSchema, body: unknown): T {
  const v = componentValidator(name);
  if (!v(body)) throw apiError('INVALID_BODY', schemaIssues(v.errors));
  return body as T; // shape checked by the schema just above
}

// ---- query parameters ---------------------------------------------------------------------------

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

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

