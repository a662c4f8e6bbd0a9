// The "through the SDK" phases of the ots part: real TableStore.Client instances in forked processes
// (ots-client.ts), one request in flight per client. Also the preload of the read tables.
//
// Why forked processes: the SDK's own CPU cost per call (protobuf + PlainBuffer encoding, MD5, HMAC,
// stream piping, decoding) must be neither serialised on one event loop nor shared with the server, which
// runs in the benchmark's process. Why not one process per client: on a 2-core machine 8 busy client
// processes take CPU from the server's one event loop and measure the scheduler rather than the server.
// Worker threads would do the same, but tsx's loader does not reach worker threads on Node 20.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ResultMessage, RunMessage } from './ots-client';
import type { BatchWriteRowInput, PkSchema, PrimaryKeyInput } from '../../functions/store/client';
import { benchAttributes, ignoreCondition, TableStore, type BenchClient, type Endpoint } from './sdk';

export interface SdkPhaseResult {
  ops: number; opsPerSec: number; errors: number; firstError: string | null; p50: number; p99: number;
  /** CPU the client processes used per successful call, µs. */
  clientCpuPerCall: number;
}

const pad = (n: number) => String(n).padStart(6, '0');

/** Creates the three bench tables and fills the get and range tables. */
export async function preload(client: BenchClient, tables: RunMessage['tables'], getRows: number, rangeRows: number): Promise<void> {
  const pk = (name: string, type: PkSchema['type']): PkSchema => ({ name, type });
  const create = (tableName: string, primaryKey: PkSchema[]) => client.createTable({
    tableMeta: { tableName, primaryKey }, reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  });
  await create(tables.put, [pk('pk', 'STRING')]);
  await create(tables.get, [pk('pk', 'STRING')]);
  await create(tables.range, [pk('p', 'STRING'), pk('k', 'INTEGER')]);
  const rangeKey = (k: number): PrimaryKeyInput => [{ p: 'r' }, { k: TableStore.Long.fromNumber(k) }];
  const write = async (tableName: string, rows: BatchWriteRowInput[]) => {
    const res = await client.batchWriteRow({ tables: [{ tableName, rows }] });
    const bad = res.tables.find((r) => !r.isOk);
    if (bad) throw new Error(`preload failed: ${bad.errorCode ?? 'unknown'}`);
  };
  for (let from = 0; from < getRows; from += 200) {
    await write(tables.get, Array.from({ length: Math.min(200, getRows - from) }, (_, i) => ({
      type: 'PUT' as const, condition: ignoreCondition(), primaryKey: [{ pk: `g${pad(from + i)}` }],
      attributeColumns: benchAttributes(from + i),
    })));
  }
  for (let from = 0; from < rangeRows; from += 200) {
    await write(tables.range, Array.from({ length: Math.min(200, rangeRows - from) }, (_, i) => ({
      type: 'PUT' as const, condition: ignoreCondition(), primaryKey: rangeKey(from + i),
      attributeColumns: benchAttributes(from + i),
    })));
  }
}

/** Forks `procs` client processes hosting `n` clients between them; waits until every client exists. */
export async function forkSdkClients(n: number, procs: number, endpoint: Endpoint): Promise<ChildProcess[]> {
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

/** Asks the client processes to leave. */
export function releaseSdkClients(children: ChildProcess[]): void {
  for (const c of children) if (c.connected) c.send({ type: 'exit' });
}

function runOn(child: ChildProcess, msg: RunMessage): Promise<ResultMessage> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench client exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (m: ResultMessage) => {
      child.off('exit', onExit);
      resolve(m);
    });
    child.send(msg);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs one phase on already-forked clients and merges their reports. */
export async function runSdkPhase(children: ChildProcess[], msg: RunMessage): Promise<SdkPhaseResult> {
  const parts = await Promise.all(children.map((c) => runOn(c, msg)));
  const ops = parts.reduce((s, r) => s + r.ops, 0);
  const elapsed = Math.max(...parts.map((r) => r.elapsedMs)) / 1000;
  const lat = parts.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const cpu = parts.reduce((s, r) => s + r.cpuMicros, 0);
  return {
    ops, opsPerSec: ops / elapsed,
    errors: parts.reduce((s, r) => s + r.errors, 0), firstError: parts.find((r) => r.firstError)?.firstError ?? null,
    p50: percentile(lat, 50), p99: percentile(lat, 99), clientCpuPerCall: ops > 0 ? cpu / ops : NaN,
  };
}
