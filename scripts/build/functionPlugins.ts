/**
 * What the function bundles leave out (issue 16, cold start): code that is never called on the functions' paths.
 *
 * - `@alicloud/fc2` requires `ali-oss` (code upload), `axios` (an STS refresh of that upload) and `ws` (interactive
 *   sessions) at the top of its client; lianban calls `invokeFunction` only, which goes through `httpx`. Those three
 *   are replaced, for fc2 only, by a function that throws "… is not bundled" if anything ever called it.
 * - the `tablestore` SDK's protobuf code (protocol/tablestore_compiled_proto.js, 2.6 MB) holds three namespaces: `main`
 *   (tables and rows: everything lianban calls), `filter` (column conditions and filters, used by conditional writes
 *   and GetRange filters) and `search` (多元索引 search, aggregations, tunnels: 63 % of the file). lianban creates no
 *   search index and runs no search, so `search` becomes an empty namespace; encoder.js and decoder.js only look it up
 *   at load (`BaseProto.search.proto`) and use it inside the search requests' functions.
 * - `schemas/openapi.json`: the api validates request bodies against its component schemas (api/validation.ts); the
 *   paths, the responses and every annotation are for people and for the tests. The bundle gets the component
 *   schemas that request bodies reach (through `$ref`s), without `description` / `summary` / `example(s)` strings.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';

const FC2_UNUSED = /^(ali-oss|axios|ws)$/;

export const fc2Unused: Plugin = {
  name: 'fc2-unused',
  setup(b) {
    b.onResolve({ filter: FC2_UNUSED }, (args) => (/[\\/]@alicloud[\\/]fc2[\\/]/.test(args.importer) ? { path: args.path, namespace: 'fc2-unused' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'fc2-unused' }, (args) => ({
      contents: `module.exports = function notBundled() { throw new Error(${JSON.stringify(`${args.path} is not bundled: @alicloud/fc2 needs it only for code upload and sessions`)}); };`,
      loader: 'js',
    }));
  },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ANNOTATIONS = new Set(['description', 'summary', 'example', 'examples', '$comment']);

/** A schema without its annotations (a property NAMED description is an object, and stays). */
function stripAnnotations(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripAnnotations);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) {
    if (ANNOTATIONS.has(k) && typeof v !== 'object') continue;
    if (k === 'examples' && Array.isArray(v)) continue;
    out[k] = stripAnnotations(v);
  }
  return out;
}

function refsIn(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, into));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) into.add(v.slice('#/components/schemas/'.length));
      else refsIn(v, into);
    }
  }
}

/** The request-side OpenAPI: component schemas reached from request bodies, annotations dropped. */
interface OpenApiDoc {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
}

export function requestSchemasOnly(doc: OpenApiDoc): { components: { schemas: Record<string, Json> } } {
  const wanted = new Set<string>();
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) if (op && typeof op === 'object' && !Array.isArray(op)) refsIn(op.requestBody ?? null, wanted);
  }
  const queue = [...wanted];
  while (queue.length) {
    const name = queue.pop()!;
    const found = new Set<string>();
    refsIn(doc.components.schemas[name] ?? null, found);
    for (const f of found) if (!wanted.has(f)) {
      wanted.add(f);
      queue.push(f);
    }
  }
  const schemas: Record<string, Json> = {};
  for (const name of [...wanted].sort()) if (doc.components.schemas[name] !== undefined) schemas[name] = stripAnnotations(doc.components.schemas[name]);
  return { components: { schemas } };
}

const SEARCH_START = '\n$root.search = (function() {';
const SEARCH_END = '\n    return search;\n})();\n';

/** The compiled protobuf code without the `search` namespace (an empty one in its place). */
export function withoutSearchProtos(source: string): string {
  const start = source.indexOf(SEARCH_START);
  const end = source.indexOf(SEARCH_END, start);
  if (start < 0 || end < 0) throw new Error('tablestore_compiled_proto.js: the search namespace was not found where expected (SDK changed?)');
  return source.slice(0, start) + '\n$root.search = { proto: {} };\n' + source.slice(end + SEARCH_END.length);
}

export const tablestoreWithoutSearch: Plugin = {
  name: 'tablestore-without-search',
  setup(b) {
    b.onLoad({ filter: /[\\/]tablestore[\\/]lib[\\/]protocol[\\/]tablestore_compiled_proto\.js$/ }, (args) => ({
      contents: withoutSearchProtos(readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

export const openapiRequestsOnly: Plugin = {
  name: 'openapi-requests-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]schemas[\\/]openapi\.json$/ }, (args) => ({
      contents: JSON.stringify(requestSchemasOnly(JSON.parse(readFileSync(args.path, 'utf8')))),
      loader: 'json',
    }));
  },
};
