// Benchmark part `money`: what 10,000 cases cost in yuan, and (zhejiang.ts) the partition keys and the growth
// of every table at Zhejiang's volume, on paper. Measures, against tablestore-local (durable) through the
// service layer as cases.ts does (its world and its birth case, imported):
//   1. the read and write CUs of a birth case, a death case and a hotline order (recorded, transferred,
//      accepted, replied, visited), as deployed: each change drained in its own api request;
//   2. the FC invocations of each (one api HTTP call per command, the timer's share) and their GB-seconds: memory from s.yaml × the measured duration in process;
//   3. the bytes each leaves in every table (rows read back), for zhejiang.ts.
// Prices: the PRICES table below, with the page and the date each was read. A price the stored pages did not
// give is marked as an assumption there.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { shanghaiWallClock } from '../../functions/core/time';
import type { FormValues } from '../../functions/core/form';
import { createOtsClient, TableStore, type CellValue, type OtsClient, type PkValue, type PrimaryKeyInput, type Row } from '../../functions/store/client';
import { primaryKeyOf, TABLES, tableName } from '../../functions/store/tables';
import { deathBundle, deathValues, makeId, outputsFor } from '../../test/core/fixtures';
import { actorOf, birthCase, startWorld, totals } from './cases';
import type { BenchPart } from './part';
import { markdownTable } from './report';
import { zhejiangSection, type KindMeasure } from './zhejiang';

type World = Awaited<ReturnType<typeof startWorld>>;

/** Cases measured per kind (after one warm-up of each). */
const N = 5;
const USD_CNY = 7.1;

interface Price {
  item: string;
  value: number;
  unit: string;
  source: string;
}

/** Every price the figures use: value, unit, where it was read (2026-12-07) or that it is an assumption. */
const PRICES = {
  otsReadHigh: { item: 'Tablestore 按量读 CU, 高性能实例 (杭州)', value: 0.01, unit: '元 / 10,000 CU', source: 'https://help.aliyun.com/zh/tablestore/product-overview/billing-examples (计费案例: 10000*86400/10000*0.01), read 2026-12-07' },
  otsReadCapacity: { item: 'Tablestore 按量读 CU, 容量型实例 (杭州)', value: 0.004, unit: '元 / 10,000 CU', source: 'https://help.aliyun.com/zh/tablestore/product-overview/billing-examples (计费案例: 10000*86400/10000*0.004), read 2026-12-07' },
  otsWriteHigh: { item: 'Tablestore 按量写 CU, 高性能实例', value: 0.01, unit: '元 / 10,000 CU', source: 'not found in the stored pages; assumed equal to the read price, change in scripts/bench/money.ts' },
  otsWriteCapacity: { item: 'Tablestore 按量写 CU, 容量型实例', value: 0.004, unit: '元 / 10,000 CU', source: 'not found in the stored pages; assumed equal to the read price, change in scripts/bench/money.ts' },
  otsStorageHigh: { item: 'Tablestore 数据存储量, 高性能', value: 1.0, unit: '元 / GB-month', source: 'not found in the stored pages (billed per GB-hour, help.aliyun.com/zh/tablestore/billable-items-and-billing-methods); assumed 1 元/GB-month, change in scripts/bench/money.ts' },
  otsStorageCapacity: { item: 'Tablestore 数据存储量, 容量型', value: 0.25, unit: '元 / GB-month', source: 'not found in the stored pages; assumed 0.25 元/GB-month, change in scripts/bench/money.ts' },
  fcCu: { item: 'Function Compute 2.0 CU (tier 1, 0–100 million CU a month; list price)', value: 0.00002, unit: 'USD / FC CU', source: 'https://help.aliyun.com/en/functioncompute/fc-2-0/product-overview/pay-as-you-go-billing-method, read 2026-12-07' },
  fcInvocation: { item: 'FC 2.0 invocations', value: 75, unit: 'FC CU / 10,000 invocations', source: 'same page (CU conversion factors), read 2026-12-07' },
  fcMemory: { item: 'FC 2.0 memory', value: 0.15, unit: 'FC CU / GB-second', source: 'same page, read 2026-12-07' },
  fcVcpu: { item: 'FC 2.0 active vCPU', value: 1, unit: 'FC CU / vCPU-second', source: 'same page, read 2026-12-07' },
  fcVcpuPerInstance: { item: 'vCPU of a 512 MB instance', value: 0.25, unit: 'vCPU', source: 'not stated for FC 2.0 (s.yaml sets memorySize only); assumed 0.25 as in the same page\'s 512 MB example, change in scripts/bench/money.ts' },
  usdCny: { item: 'USD → CNY', value: USD_CNY, unit: '元 / USD', source: 'not found in the stored pages; assumed 7.1, change in scripts/bench/money.ts' },
} satisfies Record<string, Price>;

/** Free quota, stated apart (never subtracted from the figures). */
const FREE_TIER = 'FC 试用额度 for an account opening the service: the first 1,000,000 invocations, 1,000,000 GB-seconds of memory and 500,000 vCPU-seconds free, valid one year (https://www.alibabacloud.com/help/zh/function-compute/latest/billing-billing, read 2026-12-07). Tablestore: none found in the stored pages.';

/** memorySize (MB) of each function in s.yaml. */
function memoryMb(): Record<string, number> {
  const text = readFileSync(fileURLToPath(new URL('../../s.yaml', import.meta.url)), 'utf8');
  const out: Record<string, number> = {};
  let fn = '';
  for (const line of text.split('\n')) {
    const name = /^\s+name: (\w+)$/.exec(line);
    if (name) fn = name[1];
    const mem = /^\s+memorySize: (\d+)$/.exec(line);
    if (mem && fn) out[fn] = Number(mem[1]);
  }
  for (const f of ['api', 'dispatcher', 'timer']) if (!out[f]) throw new Error(`s.yaml: no memorySize for ${f}`);
  return out;
}

/**
 * What one run of a kind used: counted CUs, api invocations and their seconds in process. Each change is drained in
 * its own api request (as deployed), so the dispatcher is invoked only for what a request left: none here.
 */
interface Usage {
  read: number;
  write: number;
  api: number;
  apiSeconds: number;
}

const zero = (): Usage => ({ read: 0, write: 0, api: 0, apiSeconds: 0 });

/** Times one api request. */
function stepper(u: Usage): { api<T>(run: () => Promise<T>): Promise<T> } {
  return {
    api: async (run) => {
      const t0 = performance.now();
      const out = await run();
      u.api++;
      u.apiSeconds += (performance.now() - t0) / 1000;
      return out;
    },
  };
}

async function births(w: World, first: number, u: Usage): Promise<void> {
  for (let i = 0; i < N; i++) {
    let last = performance.now();
    await birthCase(w, first + i, 'inline', () => {
      const now = performance.now();
      u.api++;
      u.apiSeconds += (now - last) / 1000;
      last = now;
    });
  }
}

/** 身后一件事: died in 海曙, registered in 鄞州, insured in 江北; the five required sub-tasks, each claimed and signed. */
async function deathCase(w: World, n: number, u: Usage): Promise<void> {
  // As the api is deployed: each change drained in its own request (no dispatcher invocation on the usual path).
  const s = w.inline;
  const { api } = stepper(u);
  const deceased = makeId('330212', '1941-07-20', String(n % 1000).padStart(3, '0'));
  const deathTime = `${shanghaiWallClock(Date.now() - 2 * 86400_000).slice(0, 16)}:00+08:00`;
  const clerk = actorOf(w, 'haishu-serviceCenter-clerk1');
  const values = deathValues({ deceasedIdNumber: deceased, deathTime });
  const { case: c } = await api(() => s.acceptCase(clerk, { bundleId: 'death', values, chosenOptional: [], requestId: `money-death-${n}-${Date.now()}` }));
  for (const itemId of ['deathCertificate', 'cremation', 'householdCancellation', 'pensionSettlement', 'medicalAccountSettlement']) {
    const sub = c.subTasks.find((t) => t.itemId === itemId);
    if (!sub) throw new Error(`death case without ${itemId}`);
    const handler = actorOf(w, `${sub.department}-handler1`);
    const signer = actorOf(w, `${sub.department}-signer1`);
    // The handler opens the sub-task before claiming it (its version), as the mini-app does.
    const version = (await api(() => s.subTask(handler, c.id, itemId))).subTask.version;
    const claimed = await api(() => s.act(handler, c.id, itemId, { type: 'claim' }, version));
    const outputs: Record<string, FormValues> = {};
    // The fixture's outputs, with what this case's application says where a field repeats it (the identity check).
    for (const [m, v] of Object.entries(outputsFor(deathBundle, itemId))) {
      outputs[m] = Object.fromEntries(Object.entries(v).map(([f, x]) => [f, f === 'deceasedIdNumber' || f === 'deathTime' ? values[f] : x]));
    }
    const signed = await api(() => s.act(signer, c.id, itemId, { type: 'signOff', sealId: `${sub.department}-seal`, outputs }, claimed.subTask.version));
    if (signed.subTask.state === 'countersigning') {
      await api(() => s.act(actorOf(w, `${sub.department}-signer2`), c.id, itemId, { type: 'countersign', sealId: `${sub.department}-seal`, opinion: '同意' }, signed.subTask.version));
    }
  }
  const state = (await s.getCase(clerk, c.id)).case.state;
  if (state !== 'completed') throw new Error(`death case ${c.id} ended ${state}`);
}

/** A 81812345 order: recorded and transferred to 市场监管, accepted, replied, the caller visited (satisfied). */
async function hotlineOrder(w: World, n: number, u: Usage): Promise<void> {
  // As the api is deployed: each change drained in its own request.
  const s = w.inline;
  const { api } = stepper(u);
  const op = actorOf(w, 'yinzhou-hotlineCenter-operator1');
  const market = actorOf(w, 'yinzhou-marketRegulation-handler1');
  const body = {
    requestId: `money-order-${n}-${Date.now()}`, caller: { phone: `139${String(20_000_000 + n).slice(-8)}`, name: '王先生' },
    classId: 'consumer', itemId: 'prepaidcard', content: '健身房预付卡跑路，老板联系不上，要求退费',
    location: { district: '330212', town: null, address: '鄞州区中山东路1号' }, urgency: 'normal',
    disposition: { type: 'transfer', departments: ['yinzhou-marketRegulation'], lead: 'yinzhou-marketRegulation', note: '' },
  };
  let { order } = await api(() => s.hotline.record(op, body));
  for (const [who, command] of [
    [market, { type: 'accept', assignmentId: 'a1' }],
    [market, { type: 'reply', assignmentId: 'a1', text: '已立案调查，督促退费' }],
    [op, { type: 'visit', reached: true, level: 'satisfied', comment: '' }],
  ] as const) {
    const current = order;
    ({ order } = await api(() => s.hotline.act(who, current.id, { ...command }, current.version)));
  }
}

/** Bytes of a cell value as Tablestore sizes it (strings UTF-8, numbers 8, booleans 1). */
function valueBytes(v: CellValue | unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Buffer.isBuffer(v)) return v.length;
  if (typeof v === 'boolean') return 1;
  return 8;
}

function rowBytes(row: Row): number {
  let n = 0;
  for (const c of row.primaryKey ?? []) n += Buffer.byteLength(c.name) + valueBytes(c.value);
  for (const a of row.attributes ?? []) n += Buffer.byteLength(a.columnName) + valueBytes(a.columnValue);
  return n;
}

/** Rows and bytes of every table, read back with full-range GetRange. */
async function tableBytes(client: OtsClient): Promise<Record<string, { rows: number; bytes: number }>> {
  const out: Record<string, { rows: number; bytes: number }> = {};
  for (const spec of TABLES) {
    const name = tableName(spec);
    const pk = primaryKeyOf(spec);
    let start: PrimaryKeyInput | null = pk.map((c) => ({ [c.name]: TableStore.INF_MIN }));
    const end: PrimaryKeyInput = pk.map((c) => ({ [c.name]: TableStore.INF_MAX }));
    const t = (out[name] = { rows: 0, bytes: 0 });
    while (start) {
      const res = await client.getRange({ tableName: name, direction: 'FORWARD', inclusiveStartPrimaryKey: start, exclusiveEndPrimaryKey: end, limit: 5000, maxVersions: 1 });
      for (const row of res.rows) {
        if (!row.primaryKey) continue;
        t.rows++;
        t.bytes += rowBytes(row);
      }
      start = res.nextStartPrimaryKey ? res.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value }) as Record<string, PkValue>) : null;
    }
  }
  return out;
}

async function measureKind(w: World, client: OtsClient, run: (u: Usage) => Promise<void>): Promise<KindMeasure> {
  const before = await tableBytes(client);
  w.server.resetCounters();
  const u = zero();
  await run(u);
  const t = totals(w.server.counters());
  const after = await tableBytes(client);
  const writesByTable: Record<string, number> = {};
  for (const [table, x] of Object.entries(t.byTable)) writesByTable[table] = x.write / N;
  const bytesByTable: Record<string, number> = {};
  for (const [table, x] of Object.entries(after)) bytesByTable[table] = (x.bytes - (before[table]?.bytes ?? 0)) / N;
  return {
    read: t.read / N, write: t.write / N, writesByTable, bytesByTable,
    api: u.api / N, apiSeconds: u.apiSeconds / N,
  };
}

const yuan = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const f1 = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Zhejiang's cases a year (≈ 40 × the seed district's 2.95 M) and the timer's invocations a year (every 5 min). */
const ZHEJIANG_PER_YEAR = 118e6;
const TIMER_PER_YEAR = 365 * 24 * 12;

async function measure(): Promise<string> {
  const mem = memoryMb();
  const w = await startWorld();
  try {
    const env = { OTS_ENDPOINT: w.server.url, OTS_INSTANCE: w.server.instance, OTS_ACCESS_KEY_ID: w.server.accessKeyId, OTS_ACCESS_KEY_SECRET: w.server.accessKeySecret };
    const client = createOtsClient(env);
    // warm-ups: the directory cache, seal keys, the platform token, the hotline catalog
    await births(w, 90_000, zero());
    await deathCase(w, 900, zero());
    await hotlineOrder(w, 900, zero());
    console.log('  money: birth cases');
    const birth = await measureKind(w, client, (u) => births(w, 90_001, u));
    console.log('  money: death cases');
    const death = await measureKind(w, client, async (u) => {
      for (let i = 0; i < N; i++) await deathCase(w, 901 + i, u);
    });
    console.log('  money: hotline orders');
    const order = await measureKind(w, client, async (u) => {
      for (let i = 0; i < N; i++) await hotlineOrder(w, 901 + i, u);
    });
    w.server.resetCounters();
    const t0 = performance.now();
    await w.services.sweep();
    const sweepSeconds = (performance.now() - t0) / 1000;
    const sweep = totals(w.server.counters());

    const P = PRICES;
    const timerPer10k = (TIMER_PER_YEAR * 10_000) / ZHEJIANG_PER_YEAR;
    const fcYuan = (invocations: number, gbs: number, vcpus: number) =>
      ((invocations / 10_000) * P.fcInvocation.value + gbs * P.fcMemory.value + vcpus * P.fcVcpu.value) * P.fcCu.value * P.usdCny.value;
    const rows: string[][] = [];
    for (const [label, k] of [['birth case (出生一件事)', birth], ['death case (身后一件事)', death], ['hotline order (81812345)', order]] as const) {
      const otsHigh = ((k.read * P.otsReadHigh.value + k.write * P.otsWriteHigh.value) / 10_000) * 10_000;
      const otsCap = ((k.read * P.otsReadCapacity.value + k.write * P.otsWriteCapacity.value) / 10_000) * 10_000;
      const apiGbs = k.apiSeconds * (mem.api / 1024);
      const timerGbs = (timerPer10k / 10_000) * sweepSeconds * (mem.timer / 1024);
      const invocations = k.api + timerPer10k / 10_000;
      const gbs = apiGbs + timerGbs;
      const vcpus = (k.apiSeconds + (timerPer10k / 10_000) * sweepSeconds) * P.fcVcpuPerInstance.value;
      const fc = fcYuan(invocations, gbs, vcpus) * 10_000;
      const bytes = Object.values(k.bytesByTable).reduce((a, b) => a + b, 0);
      const storageMonth = ((bytes * 10_000) / 1e9) * P.otsStorageHigh.value;
      rows.push([label, `${f1(k.write)} / ${f1(k.read)}`, `${f1(k.api)} + ${(timerPer10k / 10_000).toFixed(4)}`,
        (apiGbs * 1000).toFixed(0), yuan(otsHigh), yuan(otsCap), yuan(fc), yuan(otsHigh + fc), `${(bytes / 1024).toFixed(1)} KB → ${yuan(storageMonth)}`]);
    }
    const kinds = { birth, death, order };
    const tableNames = [...new Set(Object.values(kinds).flatMap((k) => Object.keys(k.writesByTable)))].sort();
    const byTableRows = tableNames.map((t) => [t, ...Object.values(kinds).map((k) => f1(k.writesByTable[t] ?? 0))]);
    const priceRows = Object.values(PRICES).map((p: Price) => [p.item, String(p.value), p.unit, p.source]);
    const stored = (await tableBytes(client)).stats;
    const paper = zhejiangSection({ birth, death, order }, stored && stored.rows > 0 ? stored.bytes / stored.rows : 0);
    return [
      `${N} cases of each kind after one warm-up each, through the service layer against tablestore-local (durable) as the \`cases\` part runs them`,
      '(its world and its birth case, imported), as deployed: each change drained in its own api request (no dispatcher invocation on the',
      'usual path). CUs from the server\'s counters; FC invocations counted per case as one api HTTP call per command (and, for the death case,',
      `the sub-task view a handler opens before claiming), and the timer's share (every 5 minutes: ${TIMER_PER_YEAR.toLocaleString('en')} a year, spread over`,
      `Zhejiang's ${ZHEJIANG_PER_YEAR / 1e6} M cases a year). GB-seconds = memorySize from s.yaml (api ${mem.api} MB, timer ${mem.timer} MB)`,
      '× the duration measured in process (the handler\'s work without FC\'s own overhead, cold starts or HTTP parsing: a lower bound;',
      'the api function runs up to 4 requests per instance, which FC bills once, so concurrent traffic costs less — an upper bound there).',
      `One timer sweep over this store: ${(sweepSeconds * 1000).toFixed(0)} ms, ${sweep.read} read / ${sweep.write} write CU.`,
      '',
      '### Yuan per 10,000 cases',
      '',
      markdownTable(
        ['kind', 'write / read CU per case', 'invocations per case (api + timer)', 'GB-ms per case (api)', 'Tablestore 高性能 元', 'Tablestore 容量型 元', 'FC 元', 'total 元 (高性能 + FC)', 'bytes stored per case → 元 per month of keeping 10,000'],
        rows,
      ),
      '',
      'Free tier, not subtracted: ' + FREE_TIER,
      '',
      'Write CUs per case by table (what the partition-key simulation below spreads over keys):',
      '',
      markdownTable(['table', 'birth', 'death', 'hotline order'], byTableRows),
      '',
      '### Prices used (one table: scripts/bench/money.ts PRICES)',
      '',
      markdownTable(['item', 'value', 'unit', 'source (date read) or assumption'], priceRows),
      '',
      paper,
    ].join('\n');
  } finally {
    await w.stop();
  }
}

export const moneyPart: BenchPart = {
  name: 'money',
  title: 'Cost in money per 10,000 cases, and Zhejiang\'s volume on paper',
  run: measure,
};
