// Bench part `coldstart`: each function as FC would start it — the bundle's size on disk (goal ≤ 1.5 MB) and the
// time Node takes to load it (`require`, in a fresh process, goal ≤ 120 ms over bare node), median of RUNS fresh
// processes. Baselines of the same run: a bare `node -e ""` process start, and `require` of the unpruned, unminified
// bundle (what the build made before issue 16: every fc2 dependency, the SDK's search protobufs, the whole OpenAPI).
//   npm run bench -- coldstart
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildFunctions } from '../build/functions';
import type { BenchPart } from './part';
import { markdownTable } from './report';
import { median } from './stackHttp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = 15;
const SIZE_GOAL = 1_500_000;
const LOAD_GOAL_MS = 120;

/** ms Node spends in `require(file)` in a fresh process (measured inside it). */
function requireMs(file: string): number {
  const out = execFileSync(process.execPath, ['-e', `const t = process.hrtime.bigint(); require(${JSON.stringify(file)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6))`], {
    cwd: tmpdir(),
    encoding: 'utf8',
  });
  return Number(out);
}

/** Wall ms of a bare Node process (`node -e ""`). */
function bareNodeMs(): number {
  const t0 = performance.now();
  execFileSync(process.execPath, ['-e', ''], { cwd: tmpdir() });
  return performance.now() - t0;
}

export const coldstartPart: BenchPart = {
  name: 'coldstart',
  title: 'Cold start: each function bundle\'s size and the time Node takes to load it',
  async run() {
    const work = mkdtempSync(path.join(tmpdir(), 'lianban-bench-coldstart-'));
    try {
      const built = await buildFunctions({ root: ROOT, distDir: path.join(work, 'dist'), log: () => undefined });
      const bare = median(Array.from({ length: RUNS }, bareNodeMs));
      const rows: string[][] = [];
      for (const fn of built) {
        // the same entry as the build made it before issue 16: no plugins, not minified
        const before = path.join(work, 'before', `${fn.name}.js`);
        await build({
          entryPoints: [fn.entry], outfile: before, bundle: true, platform: 'node', format: 'cjs', keepNames: true, logLevel: 'silent', tsconfigRaw: {},
          define: { 'process.env.NODE_ENV': '"production"' }, external: ['proxy-agent'],
        });
        const now = median(Array.from({ length: RUNS }, () => requireMs(fn.outfile)));
        const old = median(Array.from({ length: RUNS }, () => requireMs(before)));
        const bytes = statSync(fn.outfile).size;
        rows.push([
          fn.name,
          `${(statSync(before).size / 1e6).toFixed(2)} MB`,
          `**${(bytes / 1e6).toFixed(2)} MB**${bytes <= SIZE_GOAL ? '' : ' (over the goal)'}`,
          `${old.toFixed(0)} ms`,
          `**${now.toFixed(0)} ms**${now <= LOAD_GOAL_MS ? '' : ' (over the goal)'}`,
          (now / bare).toFixed(2),
        ]);
      }
      return [
        `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. Median of ${RUNS} fresh \`node\` processes each; \`require\` timed inside the process.`,
        `Baseline of this run: a bare \`node -e ""\` process, ${bare.toFixed(0)} ms wall (start-up and exit).`,
        '',
        markdownTable(['function', 'bundle before', 'bundle now (goal ≤ 1.5 MB)', 'load before', 'load now (goal ≤ 120 ms)', 'load now / bare node'], rows),
        '',
        'What was left out (scripts/build/functionPlugins.ts): `@alicloud/fc2`\'s `ali-oss`, `axios` and `ws` (code upload and sessions; lianban calls',
        '`invokeFunction` only, through `httpx`), the tablestore SDK\'s `search` protobuf namespace (多元索引: 63 % of its 2.6 MB generated code; no',
        'search index is used), and of `schemas/openapi.json` everything but the component schemas request bodies reach. Then minified (source maps kept).',
      ].join('\n');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
