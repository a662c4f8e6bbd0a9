// Bench part `throughput`: birth cases the way they run — the mini-app's HTTP calls through the one-origin server into
// the api function on the local FC runner, the dispatcher invoked asynchronously by @alicloud/fc2, tablestore-local
// durable, the 浙政钉 fake. Each case: the clerk accepts it; for each of its five items the department's handler waits
// until the sub-task is ready (GET), claims it, the signer opens it and signs it; the case is done when the case view
// says 办结. Reported with 1, 4 and 16 cases in flight: completed cases per second, p50 / p99 per route, async
// dispatcher invocations per case, and where the CPU goes (the whole stack is one process: its CPU over the wall time,
// and each function's busy time from the FC runner's invocation records). Issue 16's goal: ≥ 25 cases/s.
//   npm run bench -- throughput
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { idCheckDigit } from '../../functions/core/idNumber';
import { INTAKE_MATERIALS, birthCase, outputValue, outputsOf, type BirthCase } from '../../test/browser/support/birth';
import { fileURLToPath } from 'node:url';
import { startStack, type Stack } from '../dev/stack';
import { cpuShares } from './cpuShares';
import type { BenchPart } from './part';
import { markdownTable } from './report';
import { login, median, type Session } from './stackHttp';

const LEVELS: { inFlight: number; cases: number }[] = [
  { inFlight: 1, cases: 4 },
  { inFlight: 4, cases: 16 },
  { inFlight: 16, cases: 48 },
];
const ITEMS = ['birthCertificate', 'vaccinationCertificate', 'householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication'];
const CLERK = 'yinzhou-serviceCenter-clerk1';
const POLL_MS = 50;

type Samples = Map<string, number[]>;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : 0;
}

/** A family of its own per case (ask-once reads the parents' archives: shared parents would make each case dearer). */
function family(n: number, nowMs: number): BirthCase {
  const c = birthCase(nowMs);
  const id = (birth: string, seq: number) => {
    const first17 = '330212' + birth + String(seq).padStart(3, '0');
    return first17 + idCheckDigit(first17);
  };
  const year = 1980 + (n % 20);
  const fatherId = id(`${year}0307`, (n * 2 + 1) % 1000);
  const motherId = id(`${year + 2}0415`, (n * 2) % 1000);
  return { ...c, fatherId, motherId, values: { ...c.values, fatherIdNumber: fatherId, motherIdNumber: motherId } };
}

class Http {
  readonly samples: Samples = new Map();
  private readonly sessions = new Map<string, Promise<Session>>();
  constructor(private readonly base: string) {}

  session(staffId: string): Promise<Session> {
    let s = this.sessions.get(staffId);
    if (!s) {
      s = login(this.base, staffId);
      this.sessions.set(staffId, s);
    }
    return s;
  }

  async call<T>(route: string, staffId: string, method: string, p: string, body?: unknown): Promise<{ status: number; json: T }> {
    const { token } = await this.session(staffId);
    const t0 = performance.now();
    const res = await fetch(this.base + p, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    const ms = performance.now() - t0;
    const list = this.samples.get(route);
    if (list) list.push(ms);
    else this.samples.set(route, [ms]);
    return { status: res.status, json };
  }
}

async function runCase(http: Http, n: number): Promise<void> {
  const c = family(n, Date.now());
  const values: Record<string, string | number> = { ...c.values, babyBirthTime: c.birthLocal + ':00+08:00', babyWeightGrams: Number(c.values.babyWeightGrams) };
  const supplied = INTAKE_MATERIALS.map((m) => ({ type: m.id, data: Object.fromEntries(m.fields.map((f) => [f.key, outputValue(f, c)])), attachments: [] }));
  const accepted = await http.call<{ case?: { id: string; subTasks: { itemId: string; department: string }[] } }>('POST /api/cases', CLERK, 'POST', '/api/cases', {
    bundleId: 'birth', values, chosenOptional: [], supplied, requestId: `bench-throughput-${n}-${Date.now()}`,
  });
  const kase = accepted.json.case;
  if (accepted.status !== 201 || !kase) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.json).slice(0, 300)}`);
  for (const itemId of ITEMS) {
    const dep = kase.subTasks.find((t) => t.itemId === itemId)?.department ?? '';
    const handler = `${dep}-handler1`;
    const signer = `${dep}-signer1`;
    const p = `/api/subtasks/${kase.id}/${itemId}`;
    let st = (await http.call<{ subTask: { state: string; version: number } }>('GET /api/subtasks/:id (handler)', handler, 'GET', p)).json.subTask;
    for (let i = 0; st.state !== 'ready'; i++) {
      if (i > 2000) throw new Error(`${kase.id} ${itemId} never became ready (${st.state})`);
      await new Promise((r) => setTimeout(r, POLL_MS));
      st = (await http.call<{ subTask: { state: string; version: number } }>('GET /api/subtasks/:id (handler)', handler, 'GET', p)).json.subTask;
    }
    const claimed = await http.call('POST …/actions claim', handler, 'POST', `${p}/actions`, { command: { type: 'claim' }, expectedVersion: st.version });
    if (claimed.status !== 200) throw new Error(`claim ${itemId}: ${claimed.status}`);
    const detail = (await http.call<{ subTask: { version: number }; prefill?: Record<string, Record<string, unknown>> }>('GET /api/subtasks/:id (signer)', signer, 'GET', p)).json;
    const outputs: Record<string, Record<string, unknown>> = {};
    for (const m of outputsOf(itemId)) {
      const data: Record<string, unknown> = {};
      for (const f of m.fields) data[f.key] = f.type === 'datetime' ? `${c.birthLocal}:00+08:00` : f.type === 'integer' ? 3260 : f.type === 'amount' ? 56320.5 : outputValue(f, c);
      outputs[m.id] = { ...data, ...(detail.prefill?.[m.id] ?? {}) };
    }
    const signed = await http.call('POST …/actions signOff', signer, 'POST', `${p}/actions`, { command: { type: 'signOff', sealId: `${dep}-seal`, outputs }, expectedVersion: detail.subTask.version });
    if (signed.status !== 200) throw new Error(`sign ${itemId}: ${signed.status} ${JSON.stringify(signed.json).slice(0, 300)}`);
  }
  for (let i = 0; ; i++) {
    const view = await http.call<{ case: { state: string } }>('GET /api/cases/:id', CLERK, 'GET', `/api/cases/${kase.id}`);
    if (view.json.case.state === 'completed') return;
    if (i > 2000) throw new Error(`${kase.id} did not complete`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

interface LevelResult {
  inFlight: number;
  cases: number;
  seconds: number;
  samples: Samples;
  asyncPerCase: number;
  cpuCores: number;
  busyMs: Record<string, number>;
}

async function level(stack: Stack, inFlight: number, cases: number, offset: number): Promise<LevelResult> {
  const http = new Http(stack.miniappUrl);
  // sessions first: logins are not part of a case
  await http.session(CLERK);
  const before = stack.fc.invocations.length;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    for (;;) {
      const i = next++;
      if (i >= cases) return;
      await runCase(http, offset + i);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await stack.fc.whenIdle();
  const records = stack.fc.invocations.slice(before);
  const busyMs: Record<string, number> = {};
  for (const r of records) {
    const d = Date.parse(r.finishedAt) - Date.parse(r.startedAt);
    busyMs[r.function] = (busyMs[r.function] ?? 0) + d;
  }
  return {
    inFlight, cases, seconds, samples: http.samples,
    asyncPerCase: records.filter((r) => r.function === 'dispatcher' && r.source === 'async').length / cases,
    cpuCores: (cpu.user + cpu.system) / 1e6 / seconds,
    busyMs,
  };
}

/** A stack of its own in a temp dir for `work` (a warm-up case first: instances started, the directory cached). */
async function withStack<T>(work: (stack: Stack) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lianban-bench-throughput-'));
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  let stack: Stack | null = null;
  try {
    stack = await startStack({ dataDir: path.join(dir, 'data'), distDir: path.join(dir, 'dist'), basePort: 0, timers: false, out: { write: () => true }, onFunctionLog: () => undefined });
    await level(stack, 1, 1, 10_000);
    return await work(stack);
  } finally {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The busiest level again in a child process under `--cpu-prof` (profiles of every thread), as seconds per component. */
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

/** One level on a fresh stack (the child process of the profiled run). */
export async function profiledLevel(inFlight: number, cases: number): Promise<void> {
  await withStack((stack) => level(stack, inFlight, cases, 50_000));
}

export const throughputPart: BenchPart = {
  name: 'throughput',
  title: 'Birth cases per second through HTTP: the api function on the FC runner, the dispatcher async, tablestore-local durable',
  async run() {
    const results = await withStack(async (stack) => {
      const out: LevelResult[] = [];
      let offset = 0;
      for (const l of LEVELS) {
        out.push(await level(stack, l.inFlight, l.cases, offset));
        offset += l.cases;
      }
      return out;
    });
    const top = results[results.length - 1];
    const shares = profiledShares(top.inFlight, top.cases);
    const cpuTotal = shares.reduce((n, x) => n + x.seconds, 0);
    const summary = results.map((r) => [
      String(r.inFlight), String(r.cases), `${r.seconds.toFixed(1)} s`, `**${(r.cases / r.seconds).toFixed(2)}**`, r.asyncPerCase.toFixed(1), r.cpuCores.toFixed(2),
      Object.entries(r.busyMs).sort((a, b) => b[1] - a[1]).map(([fn, ms]) => `${fn} ${(ms / 1000 / r.seconds).toFixed(2)}`).join(', '),
    ]);
    const routes = [...top.samples.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([route, t]) => [route, String(t.length), `${median(t).toFixed(0)} ms`, `${percentile(t, 99).toFixed(0)} ms`]);
    return [
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. The whole local stack in one process (\`startStack\`; FC function instances are worker threads).`,
      `Each case: accept (clerk), then per item: the handler polls the sub-task every ${POLL_MS} ms until it is ready, claims it; the signer opens and signs it; then the clerk polls the case until 办结.`,
      '',
      markdownTable(['in flight', 'cases', 'wall', 'completed cases/s', 'dispatcher async invocations per case', 'process CPU (cores)', 'function busy time per wall second'], summary),
      '',
      `p50 / p99 per route with ${top.inFlight} in flight:`,
      '',
      markdownTable(['route', 'calls', 'p50', 'p99'], routes),
      '',
      `Where the CPU goes at ${top.inFlight} in flight: the same level again on a fresh stack in a child process under \`node --cpu-prof\` (a profile per thread:`,
      `the main thread and each function instance's worker), ${cpuTotal.toFixed(1)} CPU-seconds for ${top.cases} cases (${(cpuTotal / top.cases).toFixed(2)} s a case), each sample given to`,
      'the component of its nearest frame with a source file (scripts/bench/cpuShares.ts):',
      '',
      markdownTable(['component', 'CPU s', 'share'], shares.map((x) => [x.component, x.seconds.toFixed(1), `${((x.seconds / cpuTotal) * 100).toFixed(1)} %`])),
      '',
      `Issue 16's goal is ≥ 25 completed birth cases/s on this 2-core machine: ${(top.cases / top.seconds) >= 25 ? 'met' : '**not met**'} (${(top.cases / top.seconds).toFixed(2)}).`,
    ].join('\n');
  },
};
