// `reliability`: runs the crash, race and bad-input suites with vitest, with LIANBAN_RELIABILITY_OUT set so that
// each suite appends what it tried (test/support/reliability.ts), and writes RELIABILITY.md: kills per crash point,
// races and redeliveries tried, bad inputs per route — each with whether its tests passed in that same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, arch, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchPart } from './part';
import { markdownTable } from './report';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RELIABILITY_FILE = path.join(ROOT, 'RELIABILITY.md');

/** The suites that record trials: crash (kills), race (overlapping drains, requests at once), bad input. */
const SUITES = [
  'test/effects/dispatcher.test.ts',
  'test/service/queueConvergence.test.ts',
  'test/scenarios/concurrency.test.ts',
  'test/api/routes-concurrency.test.ts',
  'test/api/routes-input.test.ts',
  'test/api/routes-hotline.test.ts',
  'test/api/routes-cases.test.ts',
];

/** A line of a suite's trials file (test/support/reliability.ts Trial, with its test file and test name). */
interface Trial {
  kind: 'kill' | 'race' | 'redelivery' | 'badInput';
  suite: string;
  file: string;
  test: string;
  point?: string;
  step?: number;
  scenario?: string;
  what?: string;
  method?: string;
  path?: string;
  status?: number;
  code?: string;
}

/** The parts of vitest's JSON report read here. */
interface VitestReport {
  numTotalTests: number;
  numPassedTests: number;
  testResults: Array<{ name: string; status: string; assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string }> }>;
}

function runVitest(outDir: string): Promise<number> {
  const reportFile = path.join(outDir, 'report.json');
  // one file at a time: the whole-stack suites each start their own servers, and two of them at once on a small
  // machine run into the tests' own time limits
  const args = ['run', ...SUITES, '--no-file-parallelism', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`];
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/vitest'), args, {
      cwd: ROOT,
      env: { ...process.env, LIANBAN_RELIABILITY_OUT: outDir },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function readTrials(outDir: string): Trial[] {
  return readdirSync(outDir)
    .filter((f) => f.startsWith('trials-') && f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(outDir, f), 'utf8').split('\n').filter((l) => l.trim() !== ''))
    .map((l) => JSON.parse(l) as Trial);
}

/** Whether every test of the trial's top-level describe block (its whole file when it has none) passed in this run. */
function verdictOf(report: VitestReport): (t: Trial) => boolean {
  return (t) => {
    const file = report.testResults.find((r) => r.name === t.file);
    if (!file) return false;
    const top = t.test.split(' > ')[0];
    const group = file.assertionResults.filter((a) => (a.ancestorTitles[0] ?? a.title) === top);
    const tests = group.length > 0 ? group : file.assertionResults;
    return tests.length > 0 && tests.every((a) => a.status === 'passed');
  };
}

/** The documented path a concrete request path matches (literal segments win), e.g. /api/cases/LB1 → /api/cases/{caseId}. */
function routeMatcher(): (method: string, concrete: string) => string {
  const doc = JSON.parse(readFileSync(path.join(ROOT, 'schemas/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const literal = (p: string) => p.split('/').filter((s) => !s.startsWith('{')).length;
  return (method, concrete) => {
    const parts = concrete.split('?')[0].split('/');
    const match = Object.keys(doc.paths)
      .filter((p) => doc.paths[p][method.toLowerCase()] !== undefined)
      .filter((p) => {
        const segs = p.split('/');
        return segs.length === parts.length && segs.every((s, i) => s.startsWith('{') || s === parts[i]);
      })
      .sort((a, b) => literal(b) - literal(a))[0];
    return `${method} ${match ?? concrete.split('?')[0]}`;
  };
}

/** Groups items by key, keeping the first-seen order. */
function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const yesNo = (ok: boolean) => (ok ? 'yes' : '**no**');
const relative = (file: string) => path.relative(ROOT, file);
/** A kill's scenario: the one the suite names, else its describe block's title. */
const scenarioOf = (t: Trial) => t.scenario ?? t.test.split(' > ')[0];

function suitesTable(report: VitestReport): string {
  return markdownTable(
    ['suite file', 'tests passed', 'status'],
    SUITES.map((f) => {
      const r = report.testResults.find((x) => relative(x.name) === f);
      const passed = r?.assertionResults.filter((a) => a.status === 'passed').length ?? 0;
      return [`\`${f}\``, `${passed} / ${r?.assertionResults.length ?? 0}`, r ? r.status : 'not run'];
    }),
  );
}

function killsTable(kills: Trial[], ok: (t: Trial) => boolean): string {
  const rows = [...groupBy(kills, (t) => `${t.suite}|${scenarioOf(t)}|${t.point}`).values()].map((g) => [
    g[0].suite,
    scenarioOf(g[0]),
    `\`${g[0].point}\``,
    g.some((t) => t.step !== undefined) ? g.map((t) => t.step).join(', ') : '—',
    String(g.length),
    yesNo(g.every(ok)),
  ]);
  return markdownTable(['suite', 'scenario', 'killed right after', 'at drain steps', 'kills', 'all recovered exactly once'], rows);
}

function racesTable(races: Trial[], ok: (t: Trial) => boolean): string {
  const rows = [...groupBy(races, (t) => `${t.suite}|${t.kind}|${t.what}`).values()].map((g) => [
    g[0].suite,
    g[0].kind,
    g[0].what ?? '',
    String(g.length),
    yesNo(g.every(ok)),
  ]);
  return markdownTable(['suite', 'kind', 'what was tried', 'times', 'invariant held (nothing lost or duplicated)'], rows);
}

function badInputTable(bad: Trial[], ok: (t: Trial) => boolean): string {
  const route = routeMatcher();
  const groups = groupBy(bad, (t) => route(t.method ?? '', t.path ?? ''));
  const rows = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, g]) => {
      const codes = [...new Set(g.map((t) => `${t.status} ${t.code ?? '—'}`))].sort();
      const all4xx = g.every((t) => (t.status ?? 0) >= 400 && (t.status ?? 0) < 500);
      return [`\`${name}\``, [...new Set(g.map((t) => t.suite))].join(', '), String(g.length), codes.join(', '), yesNo(all4xx), yesNo(g.every(ok))];
    });
  return markdownTable(['route', 'suite', 'bad inputs', 'answers (status code)', 'all 4xx', 'nothing changed (suite passed)'], rows);
}

function machineLine(): string {
  const list = cpus();
  const memGiB = (totalmem() / 1024 ** 3).toFixed(1);
  return `${list.length} × ${list[0]?.model.trim() ?? 'unknown CPU'}, ${memGiB} GiB RAM, ${platform()} ${release()} ${arch()}, Node ${process.version}`;
}

interface Tally {
  kills: number;
  points: number;
  kinds: number;
  races: number;
  badInputs: number;
  routes: number;
  allHeld: boolean;
}

function tally(trials: Trial[], ok: (t: Trial) => boolean): Tally {
  const kills = trials.filter((t) => t.kind === 'kill');
  const bad = trials.filter((t) => t.kind === 'badInput');
  const route = routeMatcher();
  return {
    kills: kills.length,
    points: new Set(kills.map((t) => `${t.suite}|${scenarioOf(t)}|${t.step ?? t.point}`)).size,
    kinds: new Set(kills.map((t) => t.point)).size,
    races: trials.filter((t) => t.kind === 'race' || t.kind === 'redelivery').length,
    badInputs: bad.length,
    routes: new Set(bad.map((t) => route(t.method ?? '', t.path ?? ''))).size,
    allHeld: trials.every(ok) && bad.every((t) => (t.status ?? 0) >= 400 && (t.status ?? 0) < 500),
  };
}

function summary(t: Tally, exitCode: number): string {
  return `${t.kills} kills at ${t.points} crash points (${t.kinds} kinds of step), ${t.races} races and redeliveries, ${t.badInputs} bad inputs to ${t.routes} routes: `
    + (t.allHeld && exitCode === 0 ? 'nothing lost or duplicated, every bad input a 4xx changing nothing.' : 'SOME SUITES FAILED (see the tables).');
}

interface RunInfo {
  command: string;
  started: Date;
  loadAverage: number[];
  seconds: number;
  exitCode: number;
}

function renderReliability(run: RunInfo, report: VitestReport, trials: Trial[]): string {
  const { command, started, loadAverage, seconds, exitCode } = run;
  const ok = verdictOf(report);
  const date = started.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    '# Reliability',
    '',
    'Written by `npm run bench -- reliability` (scripts/bench/reliability.ts): it runs the crash, race and bad-input',
    'suites below with `LIANBAN_RELIABILITY_OUT` set, under which each suite records every trial it makes',
    '(test/support/reliability.ts). Every figure counts what the tests did in this run; a row\'s verdict is whether',
    'the tests of its describe block passed, i.e. whether their assertions held for every trial counted.',
    '',
    `- Command: \`${command}\``,
    `- Date: ${date}`,
    `- Machine: ${machineLine()}`,
    `- Load average at start (1 / 5 / 15 min): ${loadAverage.map((l) => l.toFixed(2)).join(' / ')}`,
    `- vitest: ${report.numPassedTests} / ${report.numTotalTests} tests passed in ${seconds.toFixed(0)} s (exit code ${exitCode})`,
    '',
    `**${summary(tally(trials, ok), exitCode)}**`,
    '',
    '## Suites run',
    '',
    suitesTable(report),
    '',
    '## Kills',
    '',
    'The dispatcher, in a process of its own, is SIGKILLed right after one step of a drain (each Tablestore write and',
    'each platform call), then FC redelivers the kick to a fresh instance; the case must end exactly as after an',
    'uninterrupted drain (every notice, to-do, queue row, archive row, audit record and counter once). A drain that',
    'dies holding the case\'s lease must block others until the lease expires, then its successor applies everything once.',
    '',
    'Scenarios: `signedCase`, the 出生医学证明 just signed (share to the 户口 sub-task, release into the 公安 queue,',
    'the hospital\'s to-do finished, notices); `lastSignedCase`, the last required sub-task signed (the case completes,',
    'on-time counters and statistics rows incremented).',
    '',
    killsTable(trials.filter((t) => t.kind === 'kill'), ok),
    '',
    '## Races and redeliveries',
    '',
    'Drains of one case overlapping (several at once, in an order fast-check picks), requests at the same moment,',
    'FC delivering a kick twice, failing or losing it: afterwards every queue row matches its sub-task, nothing stays',
    'pending, one case per requestId, one claim and one sign-off.',
    '',
    racesTable(trials.filter((t) => t.kind === 'race' || t.kind === 'redelivery'), ok),
    '',
    '## Bad input per route',
    '',
    'Each request the suites send with a bad body, query, path id, content type or size. routes-input.test.ts runs',
    'the app over services that throw if called, so a 4xx there also proves nothing was read or written; the',
    'hotline suite checks that no order was recorded.',
    '',
    badInputTable(trials.filter((t) => t.kind === 'badInput'), ok),
    '',
  ].join('\n');
}

export const reliabilityPart: BenchPart = {
  name: 'reliability',
  title: 'Reliability: kills, races and bad input tried by the suites (RELIABILITY.md)',
  async run() {
    const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
    const outDir = mkdtempSync(path.join(tmpdir(), 'lianban-reliability-'));
    try {
      const started = new Date();
      const loadAverage = loadavg();
      const exitCode = await runVitest(outDir);
      const seconds = (Date.now() - started.getTime()) / 1000;
      const report = JSON.parse(readFileSync(path.join(outDir, 'report.json'), 'utf8')) as VitestReport;
      const trials = readTrials(outDir);
      writeFileSync(RELIABILITY_FILE, renderReliability({ command, started, loadAverage, seconds, exitCode }, report, trials));
      return `${summary(tally(trials, verdictOf(report)), exitCode)} Per crash point, race and route in [RELIABILITY.md](RELIABILITY.md).`;
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};
