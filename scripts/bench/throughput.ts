// Bench part `throughput`: cases the way they run — the mini-app's HTTP calls through the one-origin server into the api
// function on the local FC runner, the dispatcher invoked asynchronously by @alicloud/fc2, tablestore-local durable, the
// 浙政钉 fake. Three bundles, each driven from acceptance to 办结 as staff work it (scripts/bench/throughputBundles.ts):
// 出生一件事, 身后一件事 across three districts (会签 on two items), and 竣工联合验收 (site visit, four departments'
// opinions, the 联合验收意见书). Each reported with 1, 4 and 16 cases in flight: completed cases per second, p50 / p99 per
// route, async dispatcher invocations per case, and where the CPU goes (the whole stack is one process: its CPU over the
// wall time, and each function's busy time from the FC runner's invocation records; a `--cpu-prof` split for birth).
// Issue 16's goal: ≥ 25 birth cases/s.
//   npm run bench -- throughput
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startStack, type Stack } from '../dev/stack';
import { cpuShares } from './cpuShares';
import type { BenchPart } from './part';
import { markdownTable } from './report';
import type { Session } from './stackHttp';
import { median } from './stackHttp';
import { BUNDLES } from './throughputBundles';
import { Http, runCase, type BundleDriver } from './throughputDrive';
import { countedBetween, sdkFloor, type Floor } from './throughputFloor';

const LEVELS: { inFlight: number; cases: number }[] = [
  { inFlight: 1, cases: 4 },
  { inFlight: 4, cases: 16 },
  { inFlight: 16, cases: 48 },
];

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : 0;
}

/** One stack's state shared by its levels: the staff sessions and the next case number (each case's subject is its own). */
interface Run {
  stack: Stack;
  sessions: Map<string, Promise<Session>>;
  nextCase: number;
  /** The api called through the mini-app server's proxy (local only) instead of at its HTTP trigger. */
  viaProxy: boolean;
}

interface LevelResult {
  inFlight: number;
  cases: number;
  completed: number;
  seconds: number;
  samples: Map<string, number[]>;
  subTasks: number;
  conflicts: number;
  failures: string[];
  functionErrors: string[];
  asyncPerCase: number;
  cpuCores: number;
  busyMs: Record<string, number>;
  /** Tablestore calls per completed case, by operation (the server's counters over the level, logins and polls included). */
  otsCalls: Record<string, number>;
  /** Capacity units per completed case over the level. */
  units: { read: number; write: number };
}

async function level(run: Run, driver: BundleDriver, inFlight: number, cases: number): Promise<LevelResult> {
  const { stack } = run;
  // The deployed mini-app calls the api's endpoint itself; the one-origin proxy is the local server's convenience.
  const http = new Http(run.viaProxy ? stack.miniappUrl : stack.apiTriggerUrl, stack.miniappUrl, run.sessions);
  await http.session(driver.clerk);
  const before = stack.fc.invocations.length;
  const counted = stack.ots.counters();
  const failures: string[] = [];
  let subTasks = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next++ < cases) {
      try {
        subTasks = Math.max(subTasks, await runCase(http, driver, run.nextCase++));
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await stack.fc.whenIdle();
  const countedAfter = stack.ots.counters();
  const done = Math.max(1, cases - failures.length);
  const u = countedBetween(counted, countedAfter);
  const otsCalls = Object.fromEntries(Object.entries(u.calls).map(([op, n]) => [op, n / done]));
  const records = stack.fc.invocations.slice(before);
  const busyMs: Record<string, number> = {};
  for (const r of records) busyMs[r.function] = (busyMs[r.function] ?? 0) + Date.parse(r.finishedAt) - Date.parse(r.startedAt);
  return {
    inFlight, cases, completed: cases - failures.length, seconds, samples: http.samples, subTasks, conflicts: http.conflicts, failures,
    functionErrors: records.filter((r) => r.outcome !== 'success').map((r) => `${r.function} (${r.source}) ${r.outcome}: ${r.errorMessage ?? ''}`.slice(0, 300)),
    asyncPerCase: records.filter((r) => r.function === 'dispatcher' && r.source === 'async').length / cases,
    cpuCores: (cpu.user + cpu.system) / 1e6 / seconds,
    busyMs,
    otsCalls,
    units: { read: u.read / done, write: u.write / done },
  };
}

/** A stack of its own in a temp dir for `work`. */
async function withStack<T>(work: (run: Run) => Promise<T>, functionEnv: Record<string, string> = {}, viaProxy = false): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lianban-bench-throughput-'));
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  let stack: Stack | null = null;
  try {
    stack = await startStack({
      dataDir: path.join(dir, 'data'), distDir: path.join(dir, 'dist'), basePort: 0, timers: false, functionEnv, out: { write: () => true }, onFunctionLog: () => undefined,
    });
    return await work({ stack, sessions: new Map(), nextCase: 0, viaProxy });
  } finally {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bundle's levels, after a warm-up case (instances started, the directory cached, its staff logged in). */
async function bundleLevels(run: Run, driver: BundleDriver, levels: { inFlight: number; cases: number }[]): Promise<LevelResult[]> {
  const warm = await level(run, driver, 1, 1);
  if (warm.failures.length) throw new Error(`${driver.name}: the warm-up case failed: ${warm.failures[0]}`);
  const out: LevelResult[] = [];
  for (const l of levels) out.push(await level(run, driver, l.inFlight, l.cases));
  return out;
}

/** The busiest birth level again in a child process under `--cpu-prof` (profiles of every thread), as seconds per component. */
function profiledShares(inFlight: number, cases: number): { component: string; seconds: number }[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'lianban-bench-cpuprof-'));
  try {
    const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'throughputChild.ts');
    execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', child, String(inFlight), String(cases)], { stdio: 'ignore' });
    return cpuShares(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One birth level on a fresh stack (the child process of the profiled run). */
export async function profiledLevel(inFlight: number, cases: number): Promise<void> {
  await withStack((run) => bundleLevels(run, BUNDLES[0], [{ inFlight, cases }]));
}

const rate = (r: LevelResult) => r.completed / r.seconds;

/** What one case of the bundle is, from the calls of its busiest level: sub-tasks, the writes per case by route, the reads. */
function oneCase(r: LevelResult): string {
  const perCase = (n: number) => (r.completed ? n / r.completed : 0);
  const posts = [...r.samples.entries()].filter(([route]) => route.startsWith('POST'));
  const writes = posts.map(([route, t]) => `${+perCase(t.length).toFixed(1)} × ${route.replace(/^POST (…\/actions )?/, '')}`).join(', ');
  const nWrites = perCase(posts.reduce((n, [, t]) => n + t.length, 0));
  const nReads = perCase([...r.samples.entries()].filter(([route]) => route.startsWith('GET')).reduce((n, [, t]) => n + t.length, 0));
  return `One case: ${r.subTasks} sub-tasks; ${nWrites.toFixed(1)} state changes through the API (${writes}); ${nReads.toFixed(1)} reads (polls included).`;
}

/** An error message with its case number and counts taken out: what kind of error it is. */
const kindOf = (message: string) => message.replace(/\b[a-z]+-\d{8}-\d+\b/g, '<case>').replace(/\d+/g, 'N');

function bundleSection(driver: BundleDriver, results: LevelResult[]): string[] {
  const top = results[results.length - 1];
  const summary = results.map((r) => [
    String(r.inFlight), `${r.completed} / ${r.cases}`, `${r.seconds.toFixed(1)} s`, `**${rate(r).toFixed(2)}**`, r.asyncPerCase.toFixed(1), r.cpuCores.toFixed(2),
    Object.entries(r.busyMs).sort((a, b) => b[1] - a[1]).map(([fn, ms]) => `${fn} ${(ms / 1000 / r.seconds).toFixed(2)}`).join(', '), String(r.conflicts),
  ]);
  const routes = [...top.samples.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([route, t]) => [route, String(t.length), `${median(t).toFixed(0)} ms`, `${percentile(t, 99).toFixed(0)} ms`]);
  const failures = results.flatMap((r) => r.failures.map((f) => `${r.inFlight} in flight: ${f}`));
  const errorKinds = [...new Set(results.flatMap((r) => r.functionErrors.map(kindOf)))];
  const errorTable = errorKinds.map((k) => [`\`${k}\``, ...results.map((r) => String(r.functionErrors.filter((e) => kindOf(e) === k).length))]);
  return [
    `### ${driver.name}`,
    '',
    oneCase(top),
    '',
    `Capacity units per completed case (the server's counters over the level at ${top.inFlight} in flight, logins, polls and reads included): ` +
      `**${top.units.write.toFixed(1)} write / ${top.units.read.toFixed(1)} read**.`,
    '',
    markdownTable(['in flight', 'completed / cases', 'wall', 'completed cases/s', 'dispatcher async invocations per case', 'process CPU (cores)', 'function busy time per wall second', '409s retried'], summary),
    '',
    `p50 / p99 per route with ${top.inFlight} in flight:`,
    '',
    markdownTable(['route', 'calls', 'p50', 'p99'], routes),
    ...(failures.length ? ['', `Cases that failed (${failures.length}, first 5):`, '', ...failures.slice(0, 5).map((l) => `- \`${l.replaceAll('`', "'")}\``)] : []),
    '',
    errorTable.length
      ? `Function invocations that ended in an error (the FC runner delivers an async invocation again after one), by kind (case numbers and counts as \`<case>\`, N):\n\n${
        markdownTable(['invocation', ...results.map((r) => `${r.inFlight} in flight`)], errorTable)}`
      : 'No function invocation ended in an error.',
    '',
  ];
}

export const throughputPart: BenchPart = {
  name: 'throughput',
  title: 'Cases per second through HTTP (birth, death, joint acceptance): the api function on the FC runner, the dispatcher async, tablestore-local durable',
  async run() {
    let floor: Floor | null = null;
    const results = await withStack(async (run) => {
      const out: LevelResult[][] = [];
      for (const driver of BUNDLES) out.push(await bundleLevels(run, driver, LEVELS));
      const busiest = out[0][out[0].length - 1];
      floor = await sdkFloor(run.stack, busiest.otsCalls, busiest.cases, busiest.inFlight);
      return out;
    });
    const birth = results[0];
    const top = birth[birth.length - 1];
    const f = floor as Floor | null;
    if (!f) throw new Error('the floor was not measured');
    // The same birth levels with every change's effects left to the dispatcher (LIANBAN_DRAIN_INLINE=0), for comparison.
    const viaDispatcher = await withStack((run) => bundleLevels(run, BUNDLES[0], LEVELS.slice(1)), { LIANBAN_DRAIN_INLINE: '0' });
    // And through the mini-app server's proxy (one more HTTP hop per call: how the local demo's browser reaches the api).
    const viaProxy = await withStack((run) => bundleLevels(run, BUNDLES[0], LEVELS.slice(1)), {}, true);
    const compare = (how: string, called: string, r: LevelResult) => {
      const posts = [...r.samples.entries()].filter(([route]) => route.startsWith('POST')).flatMap(([, t]) => t);
      return [how, called, String(r.inFlight), `**${rate(r).toFixed(2)}**`, r.cpuCores.toFixed(2), `${((r.cpuCores * r.seconds) / r.completed).toFixed(2)} s`, r.asyncPerCase.toFixed(1),
        `${median(posts).toFixed(0)} / ${percentile(posts, 99).toFixed(0)} ms`];
    };
    const shares = profiledShares(top.inFlight, top.cases);
    const cpuTotal = shares.reduce((n, x) => n + x.seconds, 0);
    return [
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. The whole local stack in one process (\`startStack\`; FC function instances are worker threads);`,
      'the three bundles one after the other on the same stack, each after a warm-up case of its own; every case has a subject of its own (scripts/bench/throughputBundles.ts).',
      'Each case: the window accepts it; then each sub-task, in an order its dependencies allow, is polled by the member of staff who takes it (every 50 ms) until it is',
      'ready, claimed, opened and signed off (countersigned where the item asks for 会签; for 联合验收 the site visit, its confirmations and the departments\' opinions come between',
      'the claims and the 联合验收意见书); then the window polls the case until 办结. An action answered 409 (the dispatcher moved the sub-task since it was read) is read and taken again.',
      'Dispatcher async invocations count every delivery, those that ended in an error and were delivered again by the FC runner included (listed per bundle).',
      '',
      ...BUNDLES.flatMap((driver, i) => bundleSection(driver, results[i])),
      '### Birth: drained in the request (as deployed) or by the dispatcher; at the api\'s trigger or through the local proxy',
      '',
      'The api drains each change in its own request (service drainInline); the same birth levels on a fresh stack with LIANBAN_DRAIN_INLINE=0 (every change',
      'kicked to the dispatcher, as before issue 16) for comparison; and again with every api call through the mini-app server\'s one-origin proxy, as the local',
      'demo\'s browser calls it (the deployed mini-app calls the api\'s endpoint; the tables above call the HTTP trigger). CPU per case = the process\'s CPU over the',
      'level divided by the cases completed.',
      '',
      markdownTable(['effects drained', 'api called', 'in flight', 'completed cases/s', 'process CPU (cores)', 'CPU per case', 'dispatcher async invocations per case', 'POST p50 / p99'], [
        ...birth.slice(1).map((r) => compare('in the request', 'at its trigger', r)),
        ...viaDispatcher.map((r) => compare('by the dispatcher', 'at its trigger', r)),
        ...viaProxy.map((r) => compare('in the request', 'through the proxy', r)),
      ]),
      '',
      '### The floor: the Tablestore round trips alone',
      '',
      `A birth case at ${top.inFlight} in flight made ${f.callsPerCase} Tablestore calls (the server's counters; sessions checked, polls and views included):`,
      '',
      markdownTable(['operation', 'calls per case'], Object.entries(top.otsCalls).sort((a, b) => b[1] - a[1]).map(([op, n]) => [op, n.toFixed(1)])),
      '',
      `The same calls through the same SDK to the same server, ${top.inFlight} at a time, doing nothing else (scripts/bench/throughputFloor.ts): ` +
        `**${(f.cpuPerCase * 1000).toFixed(0)} ms of CPU per case** (SDK client and server), so no code making these calls through the SDK exceeds`,
      `**${f.casesPerSecondOn2Cores.toFixed(1)} cases/s** on this machine's 2 cores; the whole case took ${((top.cpuCores * top.seconds) / top.completed * 1000).toFixed(0)} ms ` +
        `(${((top.cpuCores * top.seconds) / top.completed / f.cpuPerCase).toFixed(1)} × the floor).`,
      '',
      `Where the CPU goes for birth at ${top.inFlight} in flight: the same level again on a fresh stack in a child process under \`node --cpu-prof\` (a profile per thread:`,
      `the main thread and each function instance's worker), ${cpuTotal.toFixed(1)} CPU-seconds for ${top.cases} cases (${(cpuTotal / top.cases).toFixed(2)} s a case), each sample given to`,
      'the component of its nearest frame with a source file (scripts/bench/cpuShares.ts):',
      '',
      markdownTable(['component', 'CPU s', 'share'], shares.map((x) => [x.component, x.seconds.toFixed(1), `${((x.seconds / cpuTotal) * 100).toFixed(1)} %`])),
      '',
      `Issue 16's goal is ≥ 25 completed birth cases/s on this 2-core machine: ${rate(top) >= 25 ? 'met' : '**not met**'} (${rate(top).toFixed(2)}).`,
    ].join('\n');
  },
};
