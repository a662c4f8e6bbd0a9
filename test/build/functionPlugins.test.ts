/**
 * What the function bundles leave out (scripts/build/functionPlugins.ts): the request-side OpenAPI keeps every
 * schema a request body reaches and no annotation; the tablestore SDK's search namespace goes, the rest stays; fc2's
 * upload and session dependencies are not bundled. The built bundles stay within 1.5 MB each (issue 16), load, and
 * the api still refuses a bad body with the schema's issues.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctions, type BuiltFunction } from '../../scripts/build/functions.js';
import { requestSchemasOnly, withoutSearchProtos } from '../../scripts/build/functionPlugins.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MB = 1_500_000;

describe('requestSchemasOnly', () => {
  const doc = {
    paths: {
      '/a': { post: { summary: 'x', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/AReq' } } } }, responses: { 200: { $ref: '#/components/schemas/AAnswer' } } } },
      '/b': { get: { responses: {} } },
    },
    components: {
      schemas: {
        AReq: { type: 'object', description: '请求', properties: { part: { $ref: '#/components/schemas/Part' }, description: { type: 'string', description: 'a field named description' } } },
        Part: { type: 'string', examples: ['x'], summary: 's' },
        AAnswer: { type: 'object', properties: { big: { type: 'string' } } },
      },
    },
  };
  it('keeps the schemas request bodies reach (transitively) and drops answers and annotations, not a property named description', () => {
    expect(requestSchemasOnly(doc as never)).toEqual({
      components: { schemas: { AReq: { type: 'object', properties: { part: { $ref: '#/components/schemas/Part' }, description: { type: 'string' } } }, Part: { type: 'string' } } },
    });
  });
  it('on the real document: every request body schema is kept', () => {
    const real = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'openapi.json'), 'utf8'));
    const kept = Object.keys(requestSchemasOnly(real).components.schemas);
    const bodies = JSON.stringify(Object.values(real.paths).flatMap((ops) => Object.values(ops as Record<string, { requestBody?: unknown }>).map((op) => op.requestBody ?? null)));
    for (const m of bodies.matchAll(/#\/components\/schemas\/(\w+)/g)) expect(kept).toContain(m[1]);
    expect(kept.length).toBeLessThan(Object.keys(real.components.schemas).length);
  });
});

describe('withoutSearchProtos', () => {
  it('replaces the search namespace with an empty one and keeps main and filter', () => {
    const src = readFileSync(path.join(ROOT, 'node_modules', 'tablestore', 'lib', 'protocol', 'tablestore_compiled_proto.js'), 'utf8');
    const out = withoutSearchProtos(src);
    expect(out.length).toBeLessThan(src.length * 0.5);
    expect(out).toContain('$root.search = { proto: {} };');
    expect(out).toContain('proto.GetRangeRequest = (function() {');
    expect(out).toContain('$root.filter = (function() {');
    expect(out).not.toContain('proto.SearchRequest = (function() {');
  });
  it('fails loudly when the SDK changed its layout', () => {
    expect(() => withoutSearchProtos('module.exports = {};')).toThrow(/search namespace was not found/);
  });
});

describe('the built functions', () => {
  let dist: string;
  let built: BuiltFunction[];
  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'lianban-plugins-'));
    built = await buildFunctions({ root: ROOT, distDir: dist, log: () => undefined });
  }, 120_000);
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('are each within 1.5 MB, without ali-oss, axios or ws', () => {
    for (const fn of built) {
      expect(fn.bytes, fn.name).toBeLessThanOrEqual(MB);
      const code = readFileSync(fn.outfile, 'utf8');
      expect(code).toContain('is not bundled: @alicloud/fc2 needs it only for code upload and sessions');
      expect(code).not.toMatch(/x-oss-|Sec-WebSocket-Accept/); // strings of ali-oss's client and ws's handshake
    }
  });

  it('load in a separate Node process and export their handler (the scenario suites run them against the stack)', () => {
    const api = built.find((f) => f.name === 'api')!;
    const out = execFileSync(process.execPath, ['-e', `const m = require(${JSON.stringify(api.outfile)}); process.stdout.write(typeof m.handler)`], { cwd: os.tmpdir(), encoding: 'utf8' });
    expect(out).toBe('function');
  });
});
