// Reading schemas/openapi.json in tests: the routes it documents, and validators for its responses so
// the HTTP tests can check that every answer has the documented shape.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { componentsSchema, OPENAPI_ID } from '../../functions/api/validation';
import { createAjv } from '../../functions/core/jsonSchema';

const schemasDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');

export const readSchemaFile = (name: string): Record<string, any> => JSON.parse(readFileSync(path.join(schemasDir, name), 'utf8'));

export const openapiDoc = readSchemaFile('openapi.json');

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** "GET /api/cases/{caseId}" for every operation of the document. */
export function documentedRoutes(doc: Record<string, any> = openapiDoc): string[] {
  const out: string[] = [];
  for (const [p, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
    for (const m of HTTP_METHODS) if (item[m]) out.push(`${m.toUpperCase()} ${p}`);
  }
  return out.sort();
}

/** Hono's `/api/cases/:caseId` → OpenAPI's `/api/cases/{caseId}`. */
export const toOpenApiPath = (honoPath: string): string => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');

/** A strict Ajv (lianban's, core/jsonSchema.ts) that also checks formats, holding the document's components and the schema files it refers to. */
export function strictAjv(): Ajv2020 {
  const ajv = createAjv({ validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(readSchemaFile('intake.schema.json'));
  ajv.addSchema(readSchemaFile('subtask-command.schema.json'));
  ajv.addSchema(componentsSchema());
  return ajv;
}

let shared: Ajv2020 | undefined;
const responseValidators = new Map<string, ValidateFunction | null>();

/** The documented JSON schema of a response (null when the document has no JSON body for it). */
function responseValidator(method: string, docPath: string, status: number): ValidateFunction | null {
  const key = `${method} ${docPath} ${status}`;
  if (responseValidators.has(key)) return responseValidators.get(key) ?? null;
  const op = openapiDoc.paths[docPath]?.[method.toLowerCase()];
  if (!op) throw new Error(`not documented: ${method} ${docPath}`);
  const response = op.responses[String(status)];
  if (!response) throw new Error(`status ${status} not documented for ${method} ${docPath}`);
  const schema = response.content?.['application/json']?.schema;
  shared ??= strictAjv();
  const v = schema ? shared.compile(rewrite(schema) as Record<string, unknown>) : null;
  responseValidators.set(key, v);
  return v;
}

function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewrite);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/') ? `${OPENAPI_ID}#/$defs/${v.slice('#/components/schemas/'.length)}` : rewrite(v);
  }
  return out;
}

/** The document path a concrete request path matches, e.g. /api/cases/LB1/timeline → /api/cases/{caseId}/timeline. */
function matchDocPath(method: string, concrete: string): string | undefined {
  const parts = concrete.split('?')[0].split('/');
  const candidates = Object.keys(openapiDoc.paths).filter((p) => openapiDoc.paths[p][method.toLowerCase()]);
  // literal segments win over templates (/api/archive/search vs /api/archive/{subject})
  const score = (p: string) => p.split('/').filter((s) => !s.startsWith('{')).length;
  return candidates
    .filter((p) => {
      const segs = p.split('/');
      return segs.length === parts.length && segs.every((s, i) => s.startsWith('{') || s === parts[i]);
    })
    .sort((a, b) => score(b) - score(a))[0];
}

/** Problems of a response against the document ([] when it matches). */
export function responseProblems(method: string, concretePath: string, status: number, body: unknown): string[] {
  const docPath = matchDocPath(method, concretePath);
  if (!docPath) return [`${method} ${concretePath} is not documented`];
  const op = openapiDoc.paths[docPath][method.toLowerCase()];
  if (!op.responses[String(status)]) return [`${method} ${docPath}: status ${status} is not documented`];
  const v = responseValidator(method, docPath, status);
  if (v && !v(body)) return (v.errors ?? []).map((e) => `${method} ${docPath} ${status}: ${e.instancePath} ${e.message}`);
  return [];
}
