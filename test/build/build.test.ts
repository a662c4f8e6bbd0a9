/**
 * `npm run build`: every function declared in s.yaml is bundled into its codeUri as CommonJS with the declared
 * handler (and initializer) exported, self-contained; the CLI also runs the mini-app build.
 * All builds go to temp dirs; the working tree's dist/ is never touched.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildError, buildFunctions, functionEntry } from '../../scripts/build/functions.js';
import { splitHandler } from '@lianban/fc-local';
import { loadSYaml } from '../../scripts/build/syaml.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = path.join(ROOT, 'packages', 'fc-local', 'test', 'fixtures');
const temps: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lianban-build-'));
  temps.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Loads a built bundle in a separate Node process (as FC would) and reports the type of some exports. */
function exportTypes(file: string, names: string[]): Record<string, string> {
  const script = `const m = require(${JSON.stringify(file)}); console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, typeof m[n]]))));`;
  const out = execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, string>;
}

const quiet = () => {};

describe('every function declared in the project s.yaml', () => {
  const model = loadSYaml(path.join(ROOT, 's.yaml'), { env: {}, accountId: '0' });
  for (const fn of model.functions) {
    const present = existsSync(functionEntry(ROOT, fn));
    it.skipIf(!present)(`${fn.name}: builds into its codeUri with ${fn.handler}${fn.initializer ? ` and ${fn.initializer}` : ''} exported`, async () => {
      const dist = path.join(tempDir(), 'dist');
      const [built] = await buildFunctions({ root: ROOT, distDir: dist, only: [fn.name], log: quiet });
      expect(built.codeDir).toBe(path.join(dist, path.relative('dist', fn.codeUri)));
      const names = [splitHandler(fn.handler).exportName, ...(fn.initializer ? [splitHandler(fn.initializer).exportName] : [])];
      const types = exportTypes(built.outfile, names);
      for (const name of names) expect(types[name], `${fn.name} exports ${name}`).toBe('function');
    });
  }

  it('the CLI builds them all, or fails naming each missing entry', () => {
    const dist = path.join(tempDir(), 'dist');
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'build.ts'), '--dist', dist, '--functions-only'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const missing = model.functions.filter((fn) => !existsSync(functionEntry(ROOT, fn)));
    if (missing.length === 0) {
      expect(run.status, run.stderr).toBe(0);
      for (const fn of model.functions) expect(existsSync(path.join(dist, path.relative('dist', fn.codeUri), 'index.js'))).toBe(true);
      expect(run.stdout).toContain('build: done');
    } else {
      expect(run.status).toBe(1);
      for (const fn of missing) expect(run.stderr).toContain(`function "${fn.name}" is declared in s.yaml but its entry functions/${fn.name}/index.ts does not exist`);
    }
  });
});

describe('function bundles', () => {
  it('are CommonJS with exports.handler / exports.initialize, from TypeScript ES module sources', async () => {
    const dist = path.join(tempDir(), 'dist');
    const built = await buildFunctions({ root: FIXTURES, distDir: dist, only: ['probe', 'websigned'], log: quiet });
    expect(built.map((b) => b.name)).toEqual(['probe', 'websigned']);
    expect(exportTypes(built[0].outfile, ['handler', 'initialize'])).toEqual({ handler: 'function', initialize: 'function' });
    // websigned re-exports from a sibling folder: the bundle must hold that code itself.
    expect(exportTypes(built[1].outfile, ['handler'])).toEqual({ handler: 'function' });
  });

  it('bundle npm packages and leave only Node built-ins outside', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'functions', 'hello'), { recursive: true });
    writeFileSync(
      path.join(root, 's.yaml'),
      [
        'edition: 1.0.0',
        'name: t',
        'services:',
        '  hello:',
        '    component: fc',
        '    props:',
        '      region: cn-hangzhou',
        '      service: { name: t }',
        '      function: { name: hello, runtime: nodejs20, codeUri: ./dist/functions/hello, handler: index.handler }',
      ].join('\n'),
    );
    // A package from the repository's node_modules, reached through an absolute import.
    const yamlEntry = path.join(ROOT, 'node_modules', 'yaml', 'dist', 'index.js');
    writeFileSync(
      path.join(root, 'functions', 'hello', 'index.ts'),
      `import { createHash } from 'node:crypto';\nimport { stringify } from ${JSON.stringify(yamlEntry)};\n` +
        `export const handler = async () => stringify({ h: createHash('sha256').update('x').digest('hex').slice(0, 8) });\n`,
    );
    const [built] = await buildFunctions({ root, log: quiet });
    const code = readFileSync(built.outfile, 'utf8');
    expect(code).toMatch(/require\("node:crypto"\)/);
    expect(code).not.toContain(yamlEntry);
    const out = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(built.outfile)}).handler().then((r) => process.stdout.write(r))`], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
    });
    expect(out).toBe('h: 2d711642\n');
  });

  it('fail with a clear message when a declared entry is missing, before writing anything', async () => {
    const root = tempDir();
    writeFileSync(
      path.join(root, 's.yaml'),
      'edition: 1.0.0\nname: t\nservices:\n  ghost:\n    component: fc\n    props:\n      region: cn-hangzhou\n      service: { name: t }\n      function: { name: ghost, runtime: nodejs20, codeUri: ./dist/functions/ghost, handler: index.handler }\n',
    );
    const attempt = buildFunctions({ root, log: quiet });
    await expect(attempt).rejects.toBeInstanceOf(BuildError);
    await expect(buildFunctions({ root, log: quiet })).rejects.toThrow(
      'function "ghost" is declared in s.yaml but its entry functions/ghost/index.ts does not exist',
    );
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });

  it('refuse a codeUri outside ./dist and an unknown --function name', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'functions', 'out'), { recursive: true });
    writeFileSync(path.join(root, 'functions', 'out', 'index.ts'), 'export const handler = () => 1;\n');
    writeFileSync(
      path.join(root, 's.yaml'),
      'edition: 1.0.0\nname: t\nservices:\n  out:\n    component: fc\n    props:\n      region: cn-hangzhou\n      service: { name: t }\n      function: { name: out, runtime: nodejs20, codeUri: ./src, handler: index.handler }\n',
    );
    await expect(buildFunctions({ root, log: quiet })).rejects.toThrow(/codeUri \.\/src must be a folder inside \.\/dist/);
    await expect(buildFunctions({ root, only: ['nope'], log: quiet })).rejects.toThrow(/not declared in s.yaml: nope/);
  });
});

describe('mini-app step of the CLI', () => {
  // The mini-app build itself (bundles per platform, index.html, sizes) belongs to scripts/build/miniapp.ts and
  // test/miniapp; here: `npm run build` runs it into <dist>/miniapp.
  it('builds the mini-app into <dist>/miniapp', () => {
    const dist = path.join(tempDir(), 'dist');
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'build.ts'), '--dist', dist, '--miniapp-only'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(path.join(dist, 'miniapp', 'index.html'))).toBe(true);
    expect(existsSync(path.join(dist, 'functions'))).toBe(false);
    expect(run.stdout).toContain('build: done');
  });
});
