// The one error catalog walked: every code defined once (domain part in core/errors.ts, transport part in
// api/errors.ts), every code reachable from schemas/openapi.json (the error schema enumerates exactly the
// catalog, and each response names only codes of its own status), and every code the server can raise —
// by domainError, apiError, an error class, the foreign-error table or a hand-written JSON error body —
// in the catalog, with no catalog code that nothing raises.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiErrorCatalog, foreignErrors, transportErrorCatalog } from '../../functions/api/errors';
import { errorCatalog } from '../../functions/core/errors';
import { openapiDoc } from './openapi-support';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CATALOG_FILES = ['functions/core/errors.ts', 'functions/api/errors.ts'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

const files = sources(path.join(root, 'functions')).map((f) => ({ file: path.relative(root, f), text: readFileSync(f, 'utf8') }));
const catalogCodes = Object.keys(apiErrorCatalog);

/** Codes raised in the source: domainError('X'…, apiError('X'…, new ApiError('X'…, new DomainError('X'…, super('X'… of an error class, JSON.stringify({ code: 'X' … }). */
function raisedCodes(): Map<string, string[]> {
  const patterns = [
    /\bdomainError\(\s*'([A-Z_]+)'/g,
    /\bapiError\(\s*'([A-Z_]+)'/g,
    /\bnew (?:Api|Domain)Error\(\s*'([A-Z_]+)'/g,
    /\bsuper\(\s*'([A-Z_]+)'/g,
    /JSON\.stringify\(\{\s*code:\s*'([A-Z_]+)'/g,
  ];
  const found = new Map<string, string[]>();
  for (const { file, text } of files) {
    for (const re of patterns) {
      for (const m of text.matchAll(re)) found.set(m[1], [...(found.get(m[1]) ?? []), file]);
    }
  }
  for (const code of Object.values(foreignErrors)) found.set(code, [...(found.get(code) ?? []), 'foreignErrors']);
  return found;
}

describe('the one error catalog', () => {
  it('defines every code once, with a 4xx/5xx status and a Chinese message', () => {
    const domain = Object.keys(errorCatalog);
    const transport = Object.keys(transportErrorCatalog);
    expect(domain.filter((c) => transport.includes(c)), 'defined in both parts').toEqual([]);
    expect(catalogCodes.sort()).toEqual([...domain, ...transport].sort());
    for (const [code, entry] of Object.entries(apiErrorCatalog)) {
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(entry.message, code).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('no other file defines a catalog of codes with statuses', () => {
    const others = files.filter((f) => !CATALOG_FILES.includes(f.file) && /[A-Z_]{4,}:\s*\{\s*status:\s*\d{3}/.test(f.text));
    expect(others.map((f) => f.file)).toEqual([]);
  });

  it('the OpenAPI error schema enumerates exactly the catalog', () => {
    const enumerated: string[] = openapiDoc.components.schemas.Error.properties.code.enum;
    expect(new Set(enumerated).size).toBe(enumerated.length);
    expect([...enumerated].sort()).toEqual([...catalogCodes].sort());
  });

  it('every response names only catalog codes of its own status, and every code is named somewhere in the document', () => {
    const named = new Set<string>();
    const wrong: string[] = [];
    for (const [p, item] of Object.entries<Record<string, { responses: Record<string, { description: string }> }>>(openapiDoc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          for (const [code] of response.description.matchAll(/\b[A-Z][A-Z_]{3,}\b/g)) {
            named.add(code);
            const entry = apiErrorCatalog[code as keyof typeof apiErrorCatalog];
            if (!entry || String(entry.status) !== status) wrong.push(`${method.toUpperCase()} ${p} ${status}: ${code}${entry ? ` is ${entry.status}` : ' is not in the catalog'}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    const everywhere: string = openapiDoc.components.schemas.Error.properties.code.description;
    for (const [code] of everywhere.matchAll(/\b[A-Z][A-Z_]{3,}\b/g)) named.add(code);
    expect(catalogCodes.filter((c) => !named.has(c)), 'codes no response names').toEqual([]);
  });

  it('every code the server raises is in the catalog, and the catalog has no code nothing raises', () => {
    const raised = raisedCodes();
    const unknown = [...raised].filter(([code]) => !catalogCodes.includes(code)).map(([code, where]) => `${code} (${where.join(', ')})`);
    expect(unknown).toEqual([]);
    // codes chosen at run time (routing's DISTRICT_NOT_JOINED / VALIDATION_FAILED) appear as literals too
    const mentioned = (code: string) => raised.has(code) || files.some((f) => !CATALOG_FILES.includes(f.file) && f.text.includes(`'${code}'`));
    expect(catalogCodes.filter((c) => !mentioned(c)), 'never raised').toEqual([]);
  });

  it('hand-written error bodies say what the catalog says', () => {
    for (const { file, text } of files) {
      for (const m of text.matchAll(/JSON\.stringify\(\{\s*code:\s*'([A-Z_]+)',\s*message:\s*'([^']*)'/g)) {
        expect(m[2], `${file}: ${m[1]}`).toBe(apiErrorCatalog[m[1] as keyof typeof apiErrorCatalog]?.message);
      }
    }
  });
});
