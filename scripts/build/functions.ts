/**
 * Bundles every function declared in s.yaml into its codeUri: `functions/<name>/index.ts` →
 * `<codeUri>/<handler file>.js`, CommonJS (so `exports.handler` / `exports.initialize` exist as FC loads them),
 * platform node, target = the function's runtime, everything bundled except Node built-ins so that the
 * folder can be zipped and deployed as it is; minified, without what is never called (functionPlugins.ts).
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { nodeTargetOf, splitHandler, type FunctionSpec } from '@lianban/fc-local';
import { fc2Unused, openapiRequestsOnly, tablestoreWithoutSearch } from './functionPlugins.js';
import { loadSYaml } from './syaml.js';

export interface BuildFunctionsOptions {
  /** Project root: holds s.yaml's codeUri paths (relative to s.yaml's directory) and `functions/<name>/`. */
  root: string;
  /** s.yaml path; default `<root>/s.yaml`. */
  sYaml?: string;
  /**
   * Where `./dist` of s.yaml's codeUri goes; default `<root>/dist`. Tests pass a temp dir so a build never
   * touches the working tree. A codeUri outside `./dist` is refused.
   */
  distDir?: string;
  /** Only these function names (default: all declared). */
  only?: string[];
  /** Progress lines; default console.log. */
  log?: (line: string) => void;
}

export interface BuiltFunction {
  name: string;
  service: string;
  entry: string;
  /** Absolute directory = the codeUri, rebased onto distDir. */
  codeDir: string;
  /** Absolute path of the bundle FC loads (`<codeDir>/<handler file>.js`). */
  outfile: string;
  handler: string;
  initializer: string | null;
  bytes: number;
}

export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

export function functionEntry(root: string, fn: FunctionSpec): string {
  return path.join(root, 'functions', fn.name, 'index.ts');
}

/** codeUri (relative to s.yaml's directory) rebased from `<root>/dist` onto distDir. */
function codeDirOf(root: string, distDir: string, fn: FunctionSpec): string {
  const defaultDist = path.join(root, 'dist');
  const declared = path.resolve(root, fn.codeUri);
  const rel = path.relative(defaultDist, declared);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new BuildError(`function "${fn.name}": codeUri ${fn.codeUri} must be a folder inside ./dist`);
  }
  return path.join(distDir, rel);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export async function buildFunctions(options: BuildFunctionsOptions): Promise<BuiltFunction[]> {
  const root = path.resolve(options.root);
  const log = options.log ?? ((line: string) => console.log(line));
  const sYaml = options.sYaml ?? path.join(root, 's.yaml');
  const distDir = path.resolve(options.distDir ?? path.join(root, 'dist'));
  // The build needs names, handlers and runtimes only: environment values do not matter here.
  const model = loadSYaml(sYaml, { env: {}, accountId: '0' });
  let functions = model.functions;
  if (options.only) {
    const unknown = options.only.filter((n) => !functions.some((f) => f.name === n));
    if (unknown.length) throw new BuildError(`not declared in s.yaml: ${unknown.join(', ')}`);
    functions = functions.filter((f) => options.only!.includes(f.name));
  }
  const missing = functions
    .filter((fn) => !existsSync(functionEntry(root, fn)))
    .map((fn) => `function "${fn.name}" is declared in s.yaml but its entry ${path.relative(root, functionEntry(root, fn))} does not exist`);
  if (missing.length) throw new BuildError(missing.join('\n'));

  log(`build: ${functions.length} function(s) from ${path.relative(process.cwd(), sYaml) || sYaml}`);
  const built: BuiltFunction[] = [];
  for (const [i, fn] of functions.entries()) {
    if (!/^nodejs/.test(fn.runtime)) throw new BuildError(`function "${fn.name}": runtime ${fn.runtime} is not Node.js`);
    const entry = functionEntry(root, fn);
    const codeDir = codeDirOf(root, distDir, fn);
    const outfile = path.join(codeDir, `${splitHandler(fn.handler).file}.js`);
    if (fn.initializer && splitHandler(fn.initializer).file !== splitHandler(fn.handler).file) {
      throw new BuildError(`function "${fn.name}": initializer ${fn.initializer} must live in the handler's file`);
    }
    rmSync(codeDir, { recursive: true, force: true });
    mkdirSync(codeDir, { recursive: true });
    const result = await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      target: nodeTargetOf(fn.runtime),
      format: 'cjs',
      sourcemap: true,
      // Minified (the source map keeps stack traces readable): a smaller file parses faster at a cold start.
      minify: true,
      keepNames: true,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
      // No tsconfig: its "strict" would make esbuild prefix the whole bundle with "use strict", and the
      // bundled tablestore SDK assigns undeclared variables (plain_buffer_builder.js `for (key in …)`).
      tsconfigRaw: {},
      // @alicloud/fc2 → ali-oss → urllib requires the optional package `proxy-agent` only when an HTTP proxy
      // is configured (detect_proxy_agent.js); it is not installed, so it stays an unresolved require.
      external: ['proxy-agent'],
      // Never called on the functions' paths (functionPlugins.ts says what and why).
      plugins: [fc2Unused, openapiRequestsOnly, tablestoreWithoutSearch],
    }).catch((e: unknown) => {
      throw new BuildError(`function "${fn.name}": esbuild failed\n${(e as Error).message}`);
    });
    // The repository is "type": "module"; the bundle is CommonJS as FC loads it, so the folder says so.
    writeFileSync(path.join(codeDir, 'package.json'), '{ "type": "commonjs" }\n');
    for (const w of result.warnings) log(`build:   warning ${w.location?.file ?? ''}: ${w.text}`);
    const bytes = statSync(outfile).size;
    log(`build: [${i + 1}/${functions.length}] ${fn.name} → ${path.relative(process.cwd(), outfile) || outfile} (${kb(bytes)})`);
    built.push({
      name: fn.name,
      service: fn.service.name,
      entry,
      codeDir,
      outfile,
      handler: fn.handler,
      initializer: fn.initializer,
      bytes,
    });
  }
  return built;
}
