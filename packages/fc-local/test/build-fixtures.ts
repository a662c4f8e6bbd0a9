/**
 * Builds the fixture functions (fixtures/functions/<name>/index.ts) into `<distDir>/…codeUri`, as a
 * project's build would: one CommonJS bundle per function (`<handler file>.js`, platform node, target the
 * function's runtime) in a folder marked `"type": "commonjs"` — what fc-local serves.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { loadSYaml, nodeTargetOf, splitHandler } from '../src/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const FIXTURE_SYAML = path.join(FIXTURES, 's.yaml');

export async function buildFixtures(options: { distDir: string; only?: string[] }): Promise<void> {
  const model = loadSYaml(FIXTURE_SYAML, { env: {}, accountId: '0' });
  for (const fn of model.functions) {
    if (options.only && !options.only.includes(fn.name)) continue;
    const rel = path.relative(path.join(FIXTURES, 'dist'), path.resolve(FIXTURES, fn.codeUri));
    const codeDir = path.join(options.distDir, rel);
    rmSync(codeDir, { recursive: true, force: true });
    mkdirSync(codeDir, { recursive: true });
    await build({
      entryPoints: [path.join(FIXTURES, 'functions', fn.name, 'index.ts')],
      outfile: path.join(codeDir, `${splitHandler(fn.handler).file}.js`),
      bundle: true,
      platform: 'node',
      target: nodeTargetOf(fn.runtime),
      format: 'cjs',
      logLevel: 'silent',
      tsconfigRaw: {},
    });
    writeFileSync(path.join(codeDir, 'package.json'), '{ "type": "commonjs" }\n');
  }
}
