// Benchmark part `ots`: tablestore-local in durable mode, driven by the real SDK.
// Measures PutRow/s, GetRow/s and GetRange(100 rows)/s with 1 and 8 concurrent clients, with latency
// percentiles and the capacity units the server charged per call.
//
// Client model: every client is its own TableStore.Client issuing one request at a time (closed loop).
// The clients live in child processes (child_process.fork of ots-client.ts), spread over
// `--client-processes` processes (default 2), so the SDK's own CPU cost (protobuf + PlainBuffer
// encoding, MD5, HMAC) is neither serialised on one event loop nor shared with the server, which runs
// in this process. Why not one process per client: on a 2-core machine, 8 busy client processes take
// CPU time from the server's one event loop and measure the scheduler rather than the server; with
// 2 processes the clients can use about one core and the server the other. Worker threads would do the
// same, but tsx's loader does not reach worker threads on Node 20, and forked processes do.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTablestoreLocal } from '../tablestore-local/index';
import type { BenchOptions, BenchPart } from './part';
import type { BenchOp, ResultMessage, RunMessage } from './ots-client';
import { markdownTable } from './report';
import { benchAttributes, benchClient, cannedGetRowResponse, ignoreCondition, TableStore, type BenchClient, type Endpoint } from './sdk';

const GET_ROWS = 20_000;
const RANGE_ROWS = 20_000;
const RANGE_SIZE = 100;
const CLIENT_COUNTS = [1, 8];
const OPS: Array<{ op: BenchOp; api: string; label: string }> = [
  { op: 'put', api: 'PutRow', label: 'PutRow (1 row, ~250 B)' },
  { op: 'get', api: 'GetRow', label: 'GetRow (1 row, ~250 B)' },
  { op: 'range', api: 'GetRange', label: `GetRange (${RANGE_SIZE} rows)` },
];
/** Targets for 8 clients (issue: tablestore-local must never be the bottleneck of the system). */
const TARGETS: Record<string, number> = { put: 3_000, get: 10_000 };

interface PhaseResult {
  op: BenchOp; label: string; clients: number; opsPerSec: number; ops: number; errors: number; firstError: string | null;
  p50: number; p99: number; readPerCall: number; writePerCall: number;
  /** Measured against a canned-response server, not tablestore-local. */
  ceiling?: boolean;
}

const pad = (n: number) => String(n).padStart(6, '0');

async function preload(client: BenchClient, tables: RunMessage['tables']): Promise<void> {
  const pk = (name: string, type: string) => ({ name, type });
  const create = (tableName: string, primaryKey: object[]) => client.createTable({
    tableMeta: { tableName, primaryKey }, reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  });
  await create(tables.put, [pk('pk', 'STRING')]);
  await create(tables.get, [pk('pk', 'STRING')]);
  await create(tables.range, [pk('p', 'STRING'), pk('k', 'INTEGER')]);
  const write = async (tableName: string, rows: object[]) => {
    const res = await client.batchWriteRow({ tables: [{ tableName, rows }] });
    const bad = res.tables.find((r) => !r.isOk);
    if (bad) throw new Error(`preload failed: ${bad.errorCode ?? 'unknown'}`);
  };
  for (let from = 0; from < GET_ROWS; from += 200) {
    await write(tables.get, Array.from({ length: 200 }, (_, i) => ({
      type: 'PUT', condition: ignoreCondition(), primaryKey: [{ pk: `g${pad(from + i)}` }],
      attributeColumns: benchAttributes(from + i),
    })));
  }
  for (let from = 0; from < RANGE_ROWS; from += 200) {
    await write(tables.range, Array.from({ length: 200 }, (_, i) => ({
      type: 'PUT', condition: ignoreCondition(), primaryKey: [{ p: 'r' }, { k: TableStore.Long.fromNumber(from + i) }],
      attributeColumns: benchAttributes(from + i),
    })));
  }
}

/** Forks `procs` client processes hosting `n` clients between them; waits until every client exists. */
async function forkClients(n: number, procs: number, endpoint: Endpoint): Promise<ChildProcess[]> {
  const entry = fileURLToPath(new URL('./ots-client.ts', import.meta.url));
  const count = Math.min(n, procs);
  return Promise.all(Array.from({ length: count }, (_, p) => new Promise<ChildProcess>((resolve, reject) => {
    const ids = Array.from({ length: n }, (_, id) => id).filter((id) => id % count === p);
    const child = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', () => resolve(child));
    child.once('error', reject);
    child.send({ type: 'init', endpoint, ids });
  })));
}

function runOn(child: ChildProcess, msg: RunMessage): Promise<ResultMessage> {
  return new Promise((resolve, reject) => {
    child.once('message', (m: ResultMessage) => resolve(m));
    child.once('exit', (code) => reject(new Error(`bench client exited (${code})`)));
    child.send(msg);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs one phase on already-forked clients and merges their reports. */
async function runPhase(children: ChildProcess[], msg: RunMessage): Promise<Omit<PhaseResult, 'label' | 'readPerCall' | 'writePerCall'>> {
  const parts = await Promise.all(children.map((c) => runOn(c, msg)));
  const ops = parts.reduce((s, r) => s + r.ops, 0);
  const elapsed = Math.max(...parts.map((r) => r.elapsedMs)) / 1000;
  const lat = parts.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  return {
    op: msg.op, clients: msg.clients, ops, opsPerSec: ops / elapsed,
    errors: parts.reduce((s, r) => s + r.errors, 0), firstError: parts.find((r) => r.firstError)?.firstError ?? null,
    p50: percentile(lat, 50), p99: percentile(lat, 99),
  };
}

/** A server that answers every request with the same GetRowResponse and does no other work. */
async function startCannedServer(): Promise<{ url: string; close(): Promise<void> }> {
  const body = cannedGetRowResponse([{ pk: 'g000000' }], benchAttributes(0));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function measure(options: BenchOptions): Promise<{ results: PhaseResult[]; preloadSeconds: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ots-bench-'));
  const server = await startTablestoreLocal({ port: 0, dataDir, durability: 'durable' });
  const endpoint: Endpoint = { url: server.url, accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret, instance: server.instance };
  const tables = { put: 'bench_put', get: 'bench_get', range: 'bench_range' };
  const results: PhaseResult[] = [];
  const message = (op: BenchOp, clients: number): RunMessage => ({
    type: 'run', op, clients, startAt: Date.now() + 200, seconds: options.seconds, tables,
    getRows: GET_ROWS, rangeRows: RANGE_ROWS, rangeSize: RANGE_SIZE,
  });
  let children: ChildProcess[] = [];
  const release = () => {
    for (const c of children) c.send({ type: 'exit' });
    children = [];
  };
  try {
    const t0 = Date.now();
    await preload(benchClient(endpoint), tables);
    const preloadSeconds = (Date.now() - t0) / 1000;
    for (const n of CLIENT_COUNTS) {
      children = await forkClients(n, options.clientProcesses, endpoint);
      for (const { op, api, label } of OPS) {
        server.resetCounters();
        const r = await runPhase(children, message(op, n));
        const table = op === 'put' ? tables.put : op === 'get' ? tables.get : tables.range;
        const counter = server.counters()[table]?.[api] ?? { calls: 0, read: 0, write: 0 };
        results.push({
          ...r, label,
          readPerCall: counter.calls > 0 ? counter.read / counter.calls : NaN,
          writePerCall: counter.calls > 0 ? counter.write / counter.calls : NaN,
        });
        console.log(`  ${api} × ${n} client(s): ${Math.round(r.opsPerSec)}/s`);
      }
      release();
    }
    // The SDK client's own ceiling: the same clients against a server that does nothing.
    const canned = await startCannedServer();
    try {
      for (const n of CLIENT_COUNTS) {
        children = await forkClients(n, options.clientProcesses, { ...endpoint, url: canned.url });
        const r = await runPhase(children, message('get', n));
        results.push({ ...r, label: 'GetRow against a canned response (SDK client ceiling)', readPerCall: NaN, writePerCall: NaN, ceiling: true });
        console.log(`  canned GetRow × ${n} client(s): ${Math.round(r.opsPerSec)}/s`);
        release();
      }
    } finally {
      await canned.close();
    }
    return { results, preloadSeconds };
  } finally {
    for (const c of children) c.kill();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');

function render(results: PhaseResult[], preloadSeconds: number, options: BenchOptions): string {
  const rows = results.map((r) => {
    const target = r.clients === 8 && !r.ceiling && TARGETS[r.op] !== undefined
      ? `≥ ${fmt(TARGETS[r.op])}/s: ${r.opsPerSec >= TARGETS[r.op] ? 'met' : '**not met**'}`
      : '';
    return [r.label, String(r.clients), fmt(r.opsPerSec), fmt(r.p50, 2), fmt(r.p99, 2), `${fmt(r.readPerCall, 2)} / ${fmt(r.writePerCall, 2)}`,
      r.errors > 0 ? `${r.errors}` : '0', target];
  });
  const errors = results.filter((r) => r.firstError).map((r) => `- ${r.op} × ${r.clients}: ${r.errors} errors, first: ${r.firstError}`);
  return [
    markdownTable(['operation', 'clients', 'calls/s', 'p50 ms', 'p99 ms', 'CU per call (read / write)', 'errors', 'target (8 clients)'], rows),
    '',
    'Method:',
    `- tablestore-local started in-process with \`durability: 'durable'\` on a fresh temp directory; ${options.seconds} s per phase.`,
    `- Each client is its own \`TableStore.Client\` (tablestore 5.6.5, maxRetries 0) issuing one request at a time, so "8 clients"`,
    `  = 8 requests in flight. Clients run in ${options.clientProcesses} forked Node process(es) (\`scripts/bench/ots-client.ts\`), the server`,
    '  in the benchmark\'s own process; all share the machine\'s cores, so these are end-to-end figures.',
    '- Other work on the machine (see the load average above) lowers every figure.',
    `- PutRow writes new rows (4 attribute columns, ~250 B). GetRow reads random rows of ${fmt(GET_ROWS)} preloaded ones.`,
    `  GetRange reads ${RANGE_SIZE} consecutive rows from a random start in a ${fmt(RANGE_ROWS)}-row partition (limit ${RANGE_SIZE}).`,
    '- CU per call = the server\'s own capacity-unit counters for the phase divided by its calls.',
    '- "SDK client ceiling": the same clients doing GetRow against a local HTTP server that answers every request with one',
    '  fixed, correctly encoded GetRowResponse and does nothing else. It bounds what any server can show through the SDK',
    '  on this machine: the SDK spends CPU per call on request building, MD5, HMAC, stream piping and decoding.',
    `- Preloading ${fmt(GET_ROWS + RANGE_ROWS)} rows with BatchWriteRow (200 rows per call) took ${fmt(preloadSeconds, 1)} s.`,
    ...(errors.length > 0 ? ['', 'Errors:', ...errors] : []),
  ].join('\n');
}

export const otsPart: BenchPart = {
  name: 'ots',
  title: 'tablestore-local (durable) through the tablestore SDK',
  async run(options) {
    const { results, preloadSeconds } = await measure(options);
    return render(results, preloadSeconds, options);
  },
};
