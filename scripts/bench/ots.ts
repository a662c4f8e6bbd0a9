// Benchmark part `ots`: tablestore-local in durable mode. Measures PutRow/s, GetRow/s and GetRange(100
// rows)/s, with latency percentiles, CPU per call and the capacity units the server charged per call:
//   1. server capacity: a lean client speaking the SDK's wire protocol (wire-client.ts) with 1, 8 and 64
//      connections — what tablestore-local itself sustains;
//   2. through the SDK: 1 and 8 real TableStore.Client instances (ots-client.ts) — what the issue names;
//   3. both clients' own ceilings: GetRow against a server that answers with one canned response.
// The server runs in this process; every client runs in forked processes.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTablestoreLocal } from '@lianban/tablestore-local';
import type { BenchOptions, BenchPart } from './part';
import type { BenchOp, RunMessage } from './ots-client';
import { startCannedServer } from './ots-canned';
import { renderOtsReport, type PhaseGroup, type PhaseResult } from './ots-report';
import { forkSdkClients, preload, releaseSdkClients, runSdkPhase } from './ots-sdk';
import { forkWireClient, runWirePhase } from './ots-wire';
import { benchClient, type Endpoint } from './sdk';

const GET_ROWS = 20_000;
const RANGE_ROWS = 20_000;
const RANGE_SIZE = 100;
const SDK_CLIENTS = [1, 8];
const WIRE_CONNECTIONS = [1, 8, 64];
const WIRE_CEILING_CONNECTIONS = [8, 64];
/** Lean-client phases are shorter: they run more of them and reach a steady state quickly. */
const WIRE_SECONDS_FACTOR = 0.6;
const WARMUP_SECONDS = 0.5;
const OPS: Array<{ op: BenchOp; api: string; label: string }> = [
  { op: 'put', api: 'PutRow', label: 'PutRow (1 row, ~250 B)' },
  { op: 'get', api: 'GetRow', label: 'GetRow (1 row, ~250 B)' },
  { op: 'range', api: 'GetRange', label: `GetRange (${RANGE_SIZE} rows)` },
];
/** Targets for 8 clients (issue: tablestore-local must never be the bottleneck of the system). */
const TARGETS: Partial<Record<BenchOp, number>> = { put: 3_000, get: 10_000 };
const TABLES = { put: 'bench_put', get: 'bench_get', range: 'bench_range' };

type Server = Awaited<ReturnType<typeof startTablestoreLocal>>;
interface Measured { ops: number; opsPerSec: number; errors: number; firstError: string | null; p50: number; p99: number; clientCpuPerCall: number; checked?: number }

/**
 * Runs `phase` against tablestore-local and adds the server's view: CU per call from its counters and
 * the CPU this process (the server's) used per call.
 */
async function serverPhase(server: Server, group: PhaseGroup, spec: (typeof OPS)[number], clients: number, phase: () => Promise<Measured>): Promise<PhaseResult> {
  server.resetCounters();
  const cpu0 = process.cpuUsage();
  const r = await phase();
  const cpu = process.cpuUsage(cpu0);
  const table = TABLES[spec.op];
  const counter = server.counters()[table]?.[spec.api] ?? { calls: 0, read: 0, write: 0 };
  const calls = counter.calls;
  console.log(`  ${group} ${spec.api} × ${clients}: ${Math.round(r.opsPerSec)}/s, ${r.errors} errors`);
  return {
    ...r, group, op: spec.op, label: spec.label, clients,
    readPerCall: calls > 0 ? counter.read / calls : NaN, writePerCall: calls > 0 ? counter.write / calls : NaN,
    serverCpuPerCall: calls > 0 ? (cpu.user + cpu.system) / calls : NaN,
  };
}

/** Runs `phase` against the canned server (in this process) and charges this process's CPU to it. */
async function cannedPhase(group: PhaseGroup, clients: number, phase: () => Promise<Measured>): Promise<PhaseResult> {
  const cpu0 = process.cpuUsage();
  const r = await phase();
  const cpu = process.cpuUsage(cpu0);
  console.log(`  ${group} GetRow × ${clients}: ${Math.round(r.opsPerSec)}/s, ${r.errors} errors`);
  return {
    ...r, group, op: 'get', label: 'GetRow against a canned response', clients, readPerCall: NaN, writePerCall: NaN,
    serverCpuPerCall: r.ops > 0 ? (cpu.user + cpu.system) / r.ops : NaN,
  };
}

async function measure(options: BenchOptions): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ots-bench-'));
  const server = await startTablestoreLocal({ port: 0, dataDir, durability: 'durable' });
  const endpoint: Endpoint = { url: server.url, accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret, instance: server.instance };
  const wireSeconds = options.seconds * WIRE_SECONDS_FACTOR;
  const results: PhaseResult[] = [];
  const children: ChildProcess[] = [];
  const canned = await startCannedServer();
  const startAt = () => Date.now() + 300;
  try {
    const t0 = Date.now();
    await preload(benchClient(endpoint), TABLES, GET_ROWS, RANGE_ROWS);
    const preloadSeconds = (Date.now() - t0) / 1000;

    // 1. Server capacity: the lean wire client.
    const wire = await forkWireClient({ endpoint, tables: TABLES, getRows: GET_ROWS, rangeRows: RANGE_ROWS, rangeSize: RANGE_SIZE });
    children.push(wire);
    let phaseNo = 0;
    // Warm-up (not reported): JIT-compile the server's and the client's hot paths for every operation.
    for (const spec of OPS) {
      const tag = (phaseNo++).toString(36).padStart(2, '0');
      await runWirePhase(wire, { op: spec.op, connections: 8, seconds: WARMUP_SECONDS, startAt: startAt(), tag, url: server.url, check: true });
    }
    for (const n of WIRE_CONNECTIONS) {
      for (const spec of OPS) {
        const tag = (phaseNo++).toString(36).padStart(2, '0');
        results.push(await serverPhase(server, 'wire', spec, n, () => runWirePhase(wire, {
          op: spec.op, connections: n, seconds: wireSeconds, startAt: startAt(), tag, url: server.url, check: true,
        })));
      }
    }
    const wireCeiling: PhaseResult[] = [];
    for (const n of WIRE_CEILING_CONNECTIONS) {
      wireCeiling.push(await cannedPhase('wire-ceiling', n, () => runWirePhase(wire, {
        op: 'get', connections: n, seconds: wireSeconds, startAt: startAt(), tag: 'zz', url: canned.url, check: false,
      })));
    }
    wire.send({ type: 'exit' });

    // 2. Through the SDK, and 3. the SDK's own ceiling.
    const message = (op: BenchOp, clients: number): RunMessage => ({
      type: 'run', op, clients, startAt: startAt(), seconds: options.seconds, tables: TABLES,
      getRows: GET_ROWS, rangeRows: RANGE_ROWS, rangeSize: RANGE_SIZE,
    });
    for (const n of SDK_CLIENTS) {
      const sdk = await forkSdkClients(n, options.clientProcesses, endpoint);
      children.push(...sdk);
      for (const spec of OPS) results.push(await serverPhase(server, 'sdk', spec, n, () => runSdkPhase(sdk, message(spec.op, n))));
      releaseSdkClients(sdk);
    }
    for (const n of SDK_CLIENTS) {
      const sdk = await forkSdkClients(n, options.clientProcesses, { ...endpoint, url: canned.url });
      children.push(...sdk);
      results.push(await cannedPhase('sdk-ceiling', n, () => runSdkPhase(sdk, message('get', n))));
      releaseSdkClients(sdk);
    }
    results.push(...wireCeiling);

    return renderOtsReport({
      results, preloadSeconds, sdkSeconds: options.seconds, wireSeconds, clientProcesses: options.clientProcesses,
      getRows: GET_ROWS, rangeRows: RANGE_ROWS, rangeSize: RANGE_SIZE, targets: TARGETS,
    });
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill();
    await canned.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const otsPart: BenchPart = {
  name: 'ots',
  title: 'tablestore-local (durable): server capacity and through the tablestore SDK',
  run: measure,
};
