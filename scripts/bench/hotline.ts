// Bench part `hotline`: a surge of 2,000 81812345 calls through the real path — the api function on the local FC
// runner over HTTP (through the mini-app origin), the dispatcher invoked asynchronously, tablestore-local durable, the
// 浙政钉 fake — as operators record them during one event (a water cut): most calls are matched to the 热点事件 and
// merged (POST /api/hotline/events/match, then the order), the rest transferred to four departments, answered on the
// spot or given a call-back. It reports calls per second with 8 in flight (the target: 2,000 in an hour), p50 /
// p99 per route, the time until the dispatcher has delivered everything, the CUs per order, and what four queue pages
// (a department's 待签收, the operators' 热点事件 and 待回拨, the supervisors' 热线督办) cost in reads and latency before and
// after the surge. Baseline of the same run: GET /api/health (no session, no store) through the same path.
//   npm run bench -- hotline
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CapacityCounters } from '@lianban/tablestore-local';
import { startStack, type Stack } from '../dev/stack';
import type { BenchPart } from './part';
import { markdownTable } from './report';
import { call, login, median, type Session } from './stackHttp';

const SURGE = 2000;
const IN_FLIGHT = 8;
const PAGE_RUNS = 15;
const YINZHOU = '330212';
const DEPARTMENTS = ['yinzhou-waterSupply', 'yinzhou-power', 'yinzhou-marketRegulation', 'yinzhou-transport'];
const TRANSFER_ITEMS: Record<string, [string, string]> = {
  'yinzhou-waterSupply': ['water', 'waterpressure'],
  'yinzhou-power': ['power', 'poweroutage'],
  'yinzhou-marketRegulation': ['consumer', 'prepaidcard'],
  'yinzhou-transport': ['transit', 'busservice'],
};

type Route = 'record' | 'match' | 'health' | 'list';
const ms = (n: number) => `${n.toFixed(1)} ms`;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : 0;
}

function cu(c: CapacityCounters): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const ops of Object.values(c)) for (const x of Object.values(ops)) {
    read += x.read;
    write += x.write;
  }
  return { read, write };
}

function phone(i: number): string {
  return `139${String(10_000_000 + i).slice(-8)}`;
}

interface Catalog {
  classes: { id: string; items: { id: string; answer: string }[] }[];
}

/** Items the surge uses, checked against the seeded catalog (the bench fails loudly if the seed changed). */
function checkItems(catalog: Catalog): void {
  const have = new Set(catalog.classes.flatMap((c) => c.items.map((i) => `${c.id}/${i.id}`)));
  for (const [cls, item] of [...Object.values(TRANSFER_ITEMS), ['water', 'wateroutage'], ['water', 'plannedwatercut']]) {
    if (!have.has(`${cls}/${item}`)) throw new Error(`the seeded catalog has no ${cls}/${item}`);
  }
}

async function timed<T>(samples: Map<Route, number[]>, route: Route, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await run();
  samples.get(route)?.push(performance.now() - t0) ?? samples.set(route, [performance.now() - t0]);
  return out;
}

interface PageFigure {
  name: string;
  reads: number;
  p50: number;
  rows: number;
}

async function pages(stack: Stack, who: Record<string, Session>): Promise<PageFigure[]> {
  const base = stack.miniappUrl;
  const out: PageFigure[] = [];
  const lists: [string, Session, string][] = [
    ['供水 待签收 (incoming)', who.water, 'incoming'],
    ['热点事件 (events)', who.operator1, 'events'],
    ['待回拨 (callback)', who.operator1, 'callback'],
    ['热线督办 (supervise)', who.supervisor, 'supervise'],
  ];
  for (const [name, session, list] of lists) {
    const times: number[] = [];
    let rows = 0;
    const before = cu(stack.ots.counters());
    for (let i = 0; i < PAGE_RUNS; i++) {
      const t0 = performance.now();
      const page = await call<{ rows: unknown[] }>(base, 'GET', `/api/hotline/lists/${list}`, undefined, session.token);
      times.push(performance.now() - t0);
      rows = page.rows.length;
    }
    const after = cu(stack.ots.counters());
    out.push({ name, reads: (after.read - before.read) / PAGE_RUNS, p50: median(times), rows });
  }
  return out;
}

async function health(base: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    await call(base, 'GET', '/api/health');
    times.push(performance.now() - t0);
  }
  return median(times.slice(10));
}

/** The i-th call of the surge: its body and whether the operator asks for matching events first. */
function surgeCall(i: number, parentId: string, answer: string): { body: Record<string, unknown>; match: boolean } {
  const base = { requestId: `bench-surge-${Date.now()}-${i}`, caller: { phone: phone(i), name: '' }, urgency: 'normal', location: { district: YINZHOU, town: null, address: '天童南路' } };
  const k = i % 20;
  if (k < 12) {
    return { match: true, body: { ...base, classId: 'water', itemId: 'wateroutage', content: '我们小区也停水了，什么时候来水', disposition: { type: 'merge', parentId } } };
  }
  if (k < 17) {
    const dep = DEPARTMENTS[i % DEPARTMENTS.length];
    const [classId, itemId] = TRANSFER_ITEMS[dep];
    return { match: false, body: { ...base, classId, itemId, content: `来电反映问题，第${i}号`, disposition: { type: 'transfer', departments: [dep], lead: dep } } };
  }
  if (k < 19) {
    return { match: false, body: { ...base, classId: 'water', itemId: 'plannedwatercut', content: '询问计划停水安排', disposition: { type: 'answer', text: answer, knowledgeUsed: true } } };
  }
  const at = new Date(Date.now() + 2 * 3600_000).toISOString();
  return { match: false, body: { ...base, classId: 'consumer', itemId: 'prepaidcard', content: '预付卡退费，需核实后回电', disposition: { type: 'callback', at, note: '核实后回电' } } };
}

export const hotlinePart: BenchPart = {
  name: 'hotline',
  title: '81812345: a surge of 2,000 calls through the api function, and the queue pages before and after',
  async run() {
    const work = mkdtempSync(path.join(tmpdir(), 'lianban-bench-hotline-'));
    writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');
    let stack: Stack | null = null;
    try {
      stack = await startStack({ dataDir: path.join(work, 'data'), distDir: path.join(work, 'dist'), basePort: 0, timers: false, out: { write: () => true }, onFunctionLog: () => undefined });
      const base = stack.miniappUrl;
      const who: Record<string, Session> = {};
      for (const [key, id] of Object.entries({
        operator1: 'yinzhou-hotlineCenter-operator1', operator2: 'yinzhou-hotlineCenter-operator2', operator3: 'yinzhou-hotlineCenter-operator3',
        water: 'yinzhou-waterSupply-handler1', supervisor: 'yinzhou-serviceCenter-supervisor1',
      })) who[key] = await login(base, id);
      const operators = [who.operator1, who.operator2, who.operator3];
      const catalog = await call<Catalog>(base, 'GET', '/api/hotline/catalog', undefined, who.operator1.token);
      checkItems(catalog);
      const answer = catalog.classes.find((c) => c.id === 'water')?.items.find((i) => i.id === 'plannedwatercut')?.answer ?? '';

      // the event the surge is about
      const { order: parent } = await call<{ order: { id: string; version: number } }>(base, 'POST', '/api/hotline/orders', {
        requestId: `bench-parent-${Date.now()}`, caller: { phone: phone(999_999), name: '' }, classId: 'water', itemId: 'wateroutage', content: '天童南路一带突发停水',
        location: { district: YINZHOU, town: null, address: '天童南路' }, urgency: 'urgent', disposition: { type: 'transfer', departments: ['yinzhou-waterSupply'], lead: 'yinzhou-waterSupply' },
      }, who.operator1.token);
      await call(base, 'POST', `/api/hotline/orders/${parent.id}/actions`, { command: { type: 'markEvent', title: '天童南路片区突发停水' }, expectedVersion: parent.version }, who.operator1.token);
      await stack.fc.whenIdle();

      const baseline = await health(base);
      const before = await pages(stack, who);

      const samples = new Map<Route, number[]>();
      const counted = cu(stack.ots.counters());
      let recording = 0;
      let delivering = 0;
      /** Calls [from, to) with IN_FLIGHT in flight; then waits until the dispatcher has delivered everything. */
      const surge = async (from: number, to: number) => {
        let next = from;
        const t0 = performance.now();
        const worker = async (w: number) => {
          for (;;) {
            const i = next++;
            if (i >= to) return;
            const op = operators[(i + w) % operators.length];
            const { body, match } = surgeCall(i, parent.id, answer);
            if (match) {
              await timed(samples, 'match', () => call(base, 'POST', '/api/hotline/events/match', { classId: 'water', itemId: 'wateroutage', town: null, content: body.content }, op.token));
            }
            await timed(samples, 'record', () => call(base, 'POST', '/api/hotline/orders', body, op.token));
          }
        };
        await Promise.all(Array.from({ length: IN_FLIGHT }, (_, w) => worker(w)));
        recording += (performance.now() - t0) / 1000;
        await stack?.fc.whenIdle();
        delivering += (performance.now() - t0) / 1000;
      };
      await surge(0, SURGE / 2);
      const used = cu(stack.ots.counters());
      const half = await pages(stack, who);
      const pageCost = cu(stack.ots.counters());
      await surge(SURGE / 2, SURGE);
      const usedAll = cu(stack.ots.counters());
      const after = await pages(stack, who);
      const surgeCu = { read: used.read - counted.read + usedAll.read - pageCost.read, write: used.write - counted.write + usedAll.write - pageCost.write };
      const recorded = recording;
      const delivered = delivering;
      const parentView = await call<{ order: { mergedCount: number } }>(base, 'GET', `/api/hotline/orders/${parent.id}`, undefined, who.operator1.token);

      const routeRows = (['record', 'match'] as Route[]).map((r) => {
        const t = samples.get(r) ?? [];
        return [r === 'record' ? 'POST /api/hotline/orders' : 'POST /api/hotline/events/match', String(t.length), ms(percentile(t, 50)), ms(percentile(t, 99)), (percentile(t, 50) / baseline).toFixed(1) + '×'];
      });
      const pageRows = before.map((b, i) => {
        const h = half[i];
        const a = after[i];
        return [b.name, `${b.rows} / ${h.rows} / ${a.rows}`, `${b.reads.toFixed(1)} / ${h.reads.toFixed(1)} / ${a.reads.toFixed(1)}`, `${ms(b.p50)} / ${ms(h.p50)} / ${ms(a.p50)}`,
          h.reads > 0 ? (a.reads / h.reads).toFixed(2) : '—', (a.p50 / h.p50).toFixed(2)];
      });
      const perHour = (SURGE / recorded) * 3600;
      return [
        `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. The whole local stack (\`startStack\`: api, dispatcher and timer functions on the FC runner, tablestore-local durable, the 浙政钉 fake), ${IN_FLIGHT} calls in flight from 3 operators.`,
        '',
        `- **${SURGE} calls recorded in ${recorded.toFixed(1)} s = ${(SURGE / recorded).toFixed(1)} calls/s** (${Math.round(perHour).toLocaleString('en')} an hour: ${(perHour / SURGE).toFixed(0)}× the issue's surge of 2,000 in an hour; 401,000 a year ≈ 1,600 a working day).`,
        `- Every effect applied (in each call's own request; the dispatcher takes what a request left) ${delivered.toFixed(1)} s after the first call (recording took ${recorded.toFixed(1)} s: the drains keep up); the event's merged count read back: ${parentView.order.mergedCount} (of ${Math.floor(SURGE / 20) * 12}).`,
        `- Tablestore CUs during the surge, per call: **${(surgeCu.read / SURGE).toFixed(1)} read, ${(surgeCu.write / SURGE).toFixed(1)} write** (recording, matching, drains, statistics rows).`,
        `- Baseline of this run: GET /api/health through the same path, median ${ms(baseline)}.`,
        '',
        markdownTable(['route', 'calls', 'p50', 'p99', 'p50 / baseline'], routeRows),
        '',
        `Queue pages (GET /api/hotline/lists/…, median of ${PAGE_RUNS} reads) before the surge / after ${SURGE / 2} calls / after ${SURGE}: rows shown (a page is at most 50),`,
        `read CUs per page, latency; the ratios compare ${SURGE} calls stored with ${SURGE / 2} (a page reads one range of at most 50 rows, whatever is stored):`,
        '',
        markdownTable(['list', 'rows', 'read CU', 'p50', `CU ratio ${SURGE}/${SURGE / 2}`, `latency ratio ${SURGE}/${SURGE / 2}`], pageRows),
      ].join('\n');
    } finally {
      await stack?.stop();
      rmSync(work, { recursive: true, force: true });
    }
  },
};
