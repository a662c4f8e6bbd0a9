// schemas/openapi.json: a valid OpenAPI 3.1 document (structure checked with Ajv against a small
// schema of the parts we use, every $ref resolves, every component compiles as strict JSON Schema
// 2020-12), and it matches the Hono app exactly: every route is documented and every documented
// operation is routed, with the same methods and path parameters.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';
import { CASE_ID_PATTERN } from '../../functions/core/case';
import { componentValidator } from '../../functions/api/validation';
import { HTTP_METHODS, documentedRoutes, openapiDoc, readSchemaFile, strictAjv, toOpenApiPath } from './openapi-support';
import { unusedDeps } from './route-support';

const schemasDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');

/** The parts of OpenAPI 3.1 this document uses, strictly (unknown keys are mistakes here). */
const openApiShape = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['openapi', 'info', 'paths', 'components'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' },
    info: {
      type: 'object', additionalProperties: false, required: ['title', 'version'],
      properties: { title: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 }, description: { type: 'string' } },
    },
    servers: { type: 'array', items: { type: 'object', required: ['url'], properties: { url: { type: 'string' } } } },
    tags: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/api(/[^/]+)*$' },
      additionalProperties: {
        type: 'object', minProperties: 1,
        propertyNames: { enum: [...HTTP_METHODS] },
        additionalProperties: { $ref: '#/$defs/operation' },
      },
    },
    components: {
      type: 'object', additionalProperties: false, required: ['schemas'],
      properties: {
        schemas: { type: 'object', additionalProperties: { type: 'object' } },
        securitySchemes: {
          type: 'object',
          additionalProperties: {
            type: 'object', required: ['type'],
            properties: { type: { enum: ['http', 'apiKey', 'oauth2', 'openIdConnect', 'mutualTLS'] }, scheme: { type: 'string' }, bearerFormat: { type: 'string' } },
          },
        },
      },
    },
  },
  $defs: {
    media: {
      type: 'object', additionalProperties: { type: 'object', required: ['schema'], properties: { schema: { type: 'object' } }, additionalProperties: false },
    },
    operation: {
      type: 'object', additionalProperties: false, required: ['operationId', 'summary', 'responses'],
      properties: {
        operationId: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]*$' },
        summary: { type: 'string', minLength: 1 },
        description: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        security: { type: 'array', items: { type: 'object', additionalProperties: { type: 'array' } } },
        parameters: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['name', 'in', 'schema'],
            properties: {
              name: { type: 'string' }, in: { enum: ['path', 'query', 'header', 'cookie'] }, required: { type: 'boolean' },
              description: { type: 'string' }, schema: { type: 'object' },
            },
            if: { properties: { in: { const: 'path' } } },
            then: { required: ['required'], properties: { required: { const: true } } },
          },
        },
        requestBody: {
          type: 'object', additionalProperties: false, required: ['content'],
          properties: { required: { type: 'boolean' }, description: { type: 'string' }, content: { $ref: '#/$defs/media' } },
        },
        responses: {
          type: 'object', minProperties: 1,
          propertyNames: { pattern: '^[1-5]\\d\\d$' },
          additionalProperties: {
            type: 'object', additionalProperties: false, required: ['description'],
            properties: { description: { type: 'string', minLength: 1 }, content: { $ref: '#/$defs/media' } },
          },
        },
      },
    },
  },
};

function* refsIn(value: unknown, where = '#'): Generator<{ ref: string; where: string }> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* refsIn(v, `${where}/${i}`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') yield { ref: v, where };
      else yield* refsIn(v, `${where}/${k}`);
    }
  }
}

function resolvePointer(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const raw of pointer.replace(/^#?\/?/, '').split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof cur !== 'object' || cur === null || !(key in cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

describe('schemas/openapi.json is a valid OpenAPI 3.1 document', () => {
  it('has the structure of the OpenAPI parts it uses', () => {
    const ajv = strictAjv();
    const validate = ajv.compile(openApiShape);
    const ok = validate(openapiDoc);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5))).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the structural check can fail (a broken copy is refused)', () => {
    const validate = strictAjv().compile(openApiShape);
    const broken = structuredClone(openapiDoc);
    delete broken.paths['/api/me'].get.responses;
    broken.paths['/api/cases/{caseId}'].get.parameters[0].required = false;
    broken.openapi = '3.0.3';
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toEqual(expect.arrayContaining(['/openapi', '/paths/~1api~1me/get', '/paths/~1api~1cases~1{caseId}/get/parameters/0/required']));
  });

  it('every operationId is unique and every operation but health, login, dev staff, a signed attachment link and the public progress page needs the session', () => {
    const ids: string[] = [];
    const open: string[] = [];
    for (const [p, item] of Object.entries<Record<string, any>>(openapiDoc.paths)) {
      for (const [m, op] of Object.entries<any>(item)) {
        ids.push(op.operationId);
        if (!op.security?.some((s: Record<string, unknown>) => 'session' in s)) open.push(`${m.toUpperCase()} ${p}`);
        else expect(op.responses['401'], `${m} ${p} documents 401`).toBeDefined();
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(open.sort()).toEqual(['GET /api/attachments/{sha256}/open', 'GET /api/dev/staff', 'GET /api/health', 'POST /api/login', 'POST /api/public/progress', 'POST /api/public/progress/rating']);
  });

  it('path templates and path parameters agree', () => {
    for (const [p, item] of Object.entries<Record<string, any>>(openapiDoc.paths)) {
      const template = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const op of Object.values<any>(item)) {
        const declared = (op.parameters ?? []).filter((x: any) => x.in === 'path').map((x: any) => x.name).sort();
        expect(declared, p).toEqual(template);
      }
    }
  });

  it('documents case ids with the one pattern of the core (CASE_ID_PATTERN)', () => {
    const patterns = new Set<string>();
    for (const item of Object.values<Record<string, any>>(openapiDoc.paths)) {
      for (const op of Object.values<any>(item)) {
        for (const p of op.parameters ?? []) if (p.name === 'caseId') patterns.add(p.schema.pattern);
      }
    }
    expect([...patterns]).toEqual([CASE_ID_PATTERN.source]);
  });

  it('every $ref resolves (in the document, or in a schema file beside it)', () => {
    const refs = [...refsIn(openapiDoc)];
    expect(refs.length).toBeGreaterThan(50);
    for (const { ref, where } of refs) {
      const [file, pointer = ''] = ref.split('#');
      if (file === '') {
        expect(resolvePointer(openapiDoc, pointer), `${ref} at ${where}`).toBeDefined();
      } else {
        expect(file, where).toMatch(/^\.\/[a-z-]+\.schema\.json$/);
        expect(existsSync(path.join(schemasDir, file)), `${file} exists`).toBe(true);
        expect(resolvePointer(readSchemaFile(file.slice(2)), pointer), `${ref} at ${where}`).toBeDefined();
      }
    }
  });

  it('every component schema compiles as strict JSON Schema 2020-12 (with formats)', () => {
    const ajv = strictAjv();
    const names = Object.keys(openapiDoc.components.schemas);
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) {
      expect(() => ajv.getSchema(`https://lianban.local/schemas/openapi.json#/$defs/${name}`), name).not.toThrow();
    }
  });

  it('the request schemas the routes validate with refuse bad bodies and accept good ones', () => {
    const action = componentValidator('ActionRequest');
    expect(action({ command: { type: 'claim' }, expectedVersion: 3 })).toBe(true);
    expect(action({ command: { type: 'claim' } })).toBe(false);
    expect(action({ command: { type: 'release' }, expectedVersion: 1 })).toBe(false); // system command
    const create = componentValidator('CreateCaseRequest');
    expect(create({ bundleId: 'birth', values: { babyName: '王小满' }, requestId: 'req-0001-abcd' })).toBe(true);
    expect(create({ bundleId: 'birth', values: {}, requestId: 'x' })).toBe(false);
    expect(create({ bundleId: 'birth', values: { a: { nested: 1 } }, requestId: 'req-0001-abcd' })).toBe(false);
  });
});

describe('schemas/openapi.json matches the routes of the Hono app', () => {
  const app = createApp(unusedDeps());
  const routed = [
    ...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${toOpenApiPath(r.path)}`)),
  ].sort();

  it('every route is documented and every documented operation is routed', () => {
    expect(routed.length).toBeGreaterThanOrEqual(23);
    expect(routed.filter((r) => !documentedRoutes().includes(r)), 'routed but not documented').toEqual([]);
    expect(documentedRoutes().filter((r) => !routed.includes(r)), 'documented but not routed').toEqual([]);
  });

  it('the comparison can fail: a route added to the app without documentation is found', () => {
    const extended = createApp(unusedDeps());
    extended.get('/api/undocumented/:id', (c) => c.text('x'));
    const more = extended.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${toOpenApiPath(r.path)}`);
    expect(more.filter((r) => !documentedRoutes().includes(r))).toEqual(['GET /api/undocumented/{id}']);
  });
});
