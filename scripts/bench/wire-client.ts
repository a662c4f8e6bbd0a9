// The lean benchmark client: a child process (forked by scripts/bench/ots-wire.ts) that speaks the
// tablestore SDK's wire protocol without the SDK's per-call overhead, to measure what tablestore-local
// itself sustains. Per request it builds the body from a template made once by the SDK's encoder
// (wire-requests.ts), signs it (MD5 + HMAC-SHA1, fresh x-ots-date) and writes it to a keep-alive
// connection (wire-http.ts); each connection has one request in flight (closed loop), like one SDK client.
// Every non-200 response is an error; every 64th response (and the first of each phase) is decoded in
// full by the SDK's decoder and checked (row key, row count, consumed units, response MD5).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { Endpoint } from './sdk';
import { headerValue, WireConnection, type WireResponse } from './wire-http';
import { getKey, putKey, WIRE_API, WireBodies, WireSigner, type WireOp, type WireTables } from './wire-requests';

const require = createRequire(import.meta.url);

export interface WireInitMessage {
  type: 'init'; endpoint: Endpoint; tables: WireTables; getRows: number; rangeRows: number; rangeSize: number;
}
export interface WireRunMessage {
  type: 'run'; op: WireOp; connections: number; seconds: number; startAt: number;
  /** Two characters that make this phase's PutRow keys unique. */
  tag: string;
  /** Endpoint for this phase (a canned-response server for the client's own ceiling). */
  url: string;
  /** Decode and check sampled responses (off against a canned-response server). */
  check: boolean;
}
export interface WireResultMessage {
  type: 'result'; ops: number; errors: number; firstError: string | null; elapsedMs: number;
  p50: number; p99: number; checked: number;
  /** CPU time this process used during the phase (user + system), µs. */
  cpuMicros: number;
}
type ParentMessage = WireInitMessage | WireRunMessage | { type: 'exit' };

interface Decoded {
  consumed?: { capacityUnit?: { read?: number | null; write?: number | null } };
  row?: { primaryKey?: Array<{ value: unknown }>; attributes?: unknown[] };
  rows?: Array<{ primaryKey?: Array<{ value: unknown }> }>;
}
const sdk = require('tablestore') as { decoder: { decode(operation: string, body: Buffer): Decoded } };
const proto = (require('tablestore/lib/protocol/tablestore_compiled_proto.js') as {
  main: { proto: { Error: { decode(b: Uint8Array): { code?: string; message?: string } } } };
}).main.proto;

const SAMPLE_EVERY = 64;
const SDK_OPERATION: Record<WireOp, string> = { put: 'putRow', get: 'getRow', range: 'getRange' };

let init: WireInitMessage | null = null;
let bodies: WireBodies | null = null;

/** What a request asked for, to check its sampled response against. */
type Expectation = { op: 'put' } | { op: 'get'; key: string } | { op: 'range'; from: number };

const rand = (n: number) => Math.floor(Math.random() * n);

function toNumber(v: unknown): number {
  return typeof v === 'object' && v !== null && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : Number(v);
}

/** Why a sampled response is wrong, or null when it is right. */
function checkResponse(res: WireResponse, expect: Expectation, rangeSize: number): string | null {
  const md5 = headerValue(res.head, 'x-ots-contentmd5');
  if (md5 !== createHash('md5').update(res.body).digest('base64')) return 'response x-ots-contentmd5 does not match its body';
  const d = sdk.decoder.decode(SDK_OPERATION[expect.op], res.body);
  switch (expect.op) {
    case 'put':
      return (d.consumed?.capacityUnit?.write ?? 0) >= 1 ? null : 'PutRow response consumed no write unit';
    case 'get': {
      const key = d.row?.primaryKey?.[0]?.value;
      if (key !== expect.key) return `GetRow returned key ${String(key)}, expected ${expect.key}`;
      return d.row?.attributes?.length === 4 ? null : `GetRow returned ${d.row?.attributes?.length ?? 0} attributes, expected 4`;
    }
    case 'range': {
      if (d.rows?.length !== rangeSize) return `GetRange returned ${d.rows?.length ?? 0} rows, expected ${rangeSize}`;
      const first = toNumber(d.rows[0].primaryKey?.[1]?.value);
      return first === expect.from ? null : `GetRange started at ${first}, expected ${expect.from}`;
    }
  }
}

function errorText(res: WireResponse): string {
  try {
    const e = proto.Error.decode(res.body);
    return `HTTP ${res.status} ${e.code ?? ''}: ${e.message ?? ''}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runPhase(m: WireRunMessage): Promise<WireResultMessage> {
  if (!init || !bodies) throw new Error('not initialised');
  const cfg = init;
  const b = bodies;
  const url = new URL(m.url);
  const signer = new WireSigner({ ...cfg.endpoint, url: m.url });
  const connections = await Promise.all(Array.from({ length: m.connections }, () => WireConnection.open(url.hostname, Number(url.port))));
  const wait = m.startAt - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));

  const api = WIRE_API[m.op];
  let latencies = new Float64Array(1 << 16);
  let ops = 0;
  let errors = 0;
  let checked = 0;
  let firstError: string | null = null;
  const fail = (text: string) => {
    errors++;
    firstError ??= text;
  };
  const next = (c: number, seq: number): [Buffer, Expectation] => {
    switch (m.op) {
      case 'put':
        return [b.putRow(putKey(m.tag, c, seq), seq), { op: 'put' }];
      case 'get': {
        const key = getKey(rand(cfg.getRows));
        return [b.getRow(key), { op: 'get', key }];
      }
      case 'range': {
        const from = rand(cfg.rangeRows - cfg.rangeSize);
        return [b.getRange(from), { op: 'range', from }];
      }
    }
  };

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + m.seconds * 1000;
  await Promise.all(connections.map((conn, c) => new Promise<void>((done) => {
    let seq = 0;
    const issue = () => {
      const [body, expect] = next(c, ++seq);
      const sent = performance.now();
      conn.send(signer.request(api, body), (err, res) => {
        const now = performance.now();
        if (err || !res) {
          fail(err?.message ?? 'no response');
          done();
          return;
        }
        if (res.status !== 200) fail(errorText(res));
        else {
          const n = ops + errors;
          const problem = m.check && n % SAMPLE_EVERY === 0 ? (checked++, checkResponse(res, expect, cfg.rangeSize)) : null;
          if (problem) fail(problem);
          else {
            if (ops === latencies.length) {
              const grown = new Float64Array(latencies.length * 2);
              grown.set(latencies);
              latencies = grown;
            }
            latencies[ops++] = now - sent;
          }
        }
        if (now < end) issue();
        else done();
      });
    };
    issue();
  })));
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  for (const conn of connections) conn.close();
  const sorted = latencies.subarray(0, ops).sort();
  return {
    type: 'result', ops, errors, firstError, elapsedMs, p50: percentile(sorted, 50), p99: percentile(sorted, 99), checked,
    cpuMicros: cpu.user + cpu.system,
  };
}

process.on('message', (msg: ParentMessage) => {
  if (msg.type === 'init') {
    try {
      init = msg;
      bodies = new WireBodies(msg.tables, msg.rangeSize);
      bodies.checkAgainstSdk();
      process.send?.({ type: 'ready' });
    } catch (err) {
      process.send?.({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
  } else if (msg.type === 'run') {
    runPhase(msg).then((r) => process.send?.(r), (err: unknown) => {
      process.send?.({
        type: 'result', ops: 0, errors: 1, firstError: String(err), elapsedMs: 0, p50: NaN, p99: NaN, checked: 0, cpuMicros: 0,
      } satisfies WireResultMessage);
    });
  } else {
    process.disconnect();
  }
});
