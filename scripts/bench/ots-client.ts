// Benchmark clients: a child process (forked by scripts/bench/ots-sdk.ts) hosting one or more clients. Each
// client is its own TableStore.Client issuing one request at a time (closed loop) until the phase's
// deadline; the process then reports counts and latencies to the parent over IPC.
import { performance } from 'node:perf_hooks';
import { benchAttributes, benchClient, ignoreCondition, TableStore, type BenchClient, type Endpoint } from './sdk';

export type BenchOp = 'put' | 'get' | 'range';

export interface InitMessage { type: 'init'; endpoint: Endpoint; ids: number[] }
export interface RunMessage {
  type: 'run'; op: BenchOp; startAt: number; seconds: number;
  /** Clients taking part in the phase, across all processes. */
  clients: number;
  tables: { put: string; get: string; range: string };
  /** Rows preloaded in the get table (keys g000000…) and the range table (k 0…). */
  getRows: number; rangeRows: number; rangeSize: number;
}
export interface ResultMessage {
  type: 'result'; ops: number; errors: number; firstError: string | null; elapsedMs: number; latenciesMs: number[];
  /** CPU time this process used during the phase (user + system), µs. */
  cpuMicros: number;
}
type ParentMessage = InitMessage | RunMessage | { type: 'exit' };

let clients: Array<{ id: number; client: BenchClient; putSeq: number }> = [];

const pad = (n: number) => String(n).padStart(6, '0');
const rand = (n: number) => Math.floor(Math.random() * n);

function request(c: (typeof clients)[number], m: RunMessage): Promise<unknown> {
  switch (m.op) {
    case 'put':
      c.putSeq++;
      return c.client.putRow({
        tableName: m.tables.put, condition: ignoreCondition(), primaryKey: [{ pk: `c${m.clients}x${c.id}-${pad(c.putSeq)}` }],
        attributeColumns: benchAttributes(c.putSeq),
      });
    case 'get':
      return c.client.getRow({ tableName: m.tables.get, primaryKey: [{ pk: `g${pad(rand(m.getRows))}` }] });
    case 'range': {
      const from = rand(m.rangeRows - m.rangeSize);
      return c.client.getRange({
        tableName: m.tables.range, direction: 'FORWARD', limit: m.rangeSize,
        inclusiveStartPrimaryKey: [{ p: 'r' }, { k: TableStore.Long.fromNumber(from) }],
        exclusiveEndPrimaryKey: [{ p: 'r' }, { k: TableStore.INF_MAX }],
      }).then((res) => {
        if (res.rows.length !== m.rangeSize) throw new Error(`GetRange returned ${res.rows.length} rows`);
      });
    }
  }
}

async function runPhase(m: RunMessage): Promise<ResultMessage> {
  if (clients.length === 0) throw new Error('not initialised');
  const wait = m.startAt - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + m.seconds * 1000;
  await Promise.all(clients.map(async (c) => {
    for (let now = performance.now(); now < end; now = performance.now()) {
      try {
        await request(c, m);
        latenciesMs.push(performance.now() - now);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  }));
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { type: 'result', ops: latenciesMs.length, errors, firstError, elapsedMs, latenciesMs, cpuMicros: cpu.user + cpu.system };
}

process.on('message', (msg: ParentMessage) => {
  if (msg.type === 'init') {
    clients = msg.ids.map((id) => ({ id, client: benchClient(msg.endpoint), putSeq: 0 }));
    process.send?.({ type: 'ready' });
  } else if (msg.type === 'run') {
    runPhase(msg).then((r) => process.send?.(r), (err: unknown) => {
      process.send?.({ type: 'result', ops: 0, errors: 1, firstError: String(err), elapsedMs: 0, latenciesMs: [], cpuMicros: 0 } satisfies ResultMessage);
    });
  } else {
    process.disconnect();
  }
});
