// Benchmark part `scale`: the reads a handler, a window clerk and a supervisor make — a department's queue page,
// the sub-task view, a person's archive (电子档案) and the 统计 page — with 10^4 and with 10^6 cases stored: read
// CUs (tablestore-local's own counters) and median latency of the same requests at both sizes, against the same
// SDK GetRow on an empty table as the baseline of the run.
// The stored cases look like real ones where these reads care: four birth cases go through the service (one to
// completion, three accepted and drained: still open, in the hospital's 待签收 queue, all four sharing the father
// whose archive is read); their rows are read back and cloned under the synthetic cases of the stats part
// (stats.ts syntheticCase: case id, district, day, state, and the tallied `stats` rows): the `cases` row (the
// completed case's cells, or the open case's for the 2 % of the first 10^4 still open: the larger store is the same
// district with more history), the `archive` rows (each parent has three cases, each baby one), the `caseIndex` row
// and name pointers, and for open cases their `queues` rows in their own district's departments; and a busy
// department's 待签收 queue of 3,000 rows in both stores. Rows are written directly with BatchWriteRow (200 rows a request, 4 in flight) into
// tablestore-local in its own process (durability fast: no fsync — reads do not depend on it).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays, shanghaiWallClock } from '../../functions/core/time';
import { createServices, type Services } from '../../functions/service/index';
import { casePartition } from '../../functions/store/cases';
import { QueueRows } from '../../functions/store/queues';
import { Long, TableStore, createOtsClient, type AttributeInput, type BatchWriteRowInput, type OtsClient, type PrimaryKeyInput, type Row } from '../../functions/store/client';
import { TABLES } from '../../functions/store/tables';
import { catalogSeed, seedDirectory } from '../seed/directory';
import type { CapacityCounters } from '@lianban/tablestore-local';
import { actorOf, birthCase, family } from './cases';
import { startServer } from './ots-million';
import type { BenchPart } from './part';
import { markdownTable } from './report';
import { QUERIES, StatsImage, syntheticCase, syntheticIdentity } from './stats';

const STEPS = [10_000, 1_000_000];
const RUNS = 21;
/**
 * One synthetic case in 50 (2 %) of the first 10^4 is still open; every later case is completed. The larger store is the
 * same district with more history: a department's open work follows its current intake and staff, not what is stored.
 */
const OPEN_EVERY = 50;
const OPEN_AMONG_FIRST = 10_000;
/** Rows of the busy department's 待签收 queue (put directly, the same in both stores): past the badges' cap of 100. */
const BUSY_QUEUE_ROWS = 3_000;
const BATCH = 200;
const WRITERS = 4;
/** Loading stops here and the step measures what was loaded (said in the section). */
const LOAD_BUDGET_S = 300;
/** Cases tallied into the `stats` rows: every one of the first 10^4, then one in 100 (core tally.ts costs ~0.4 ms a case). */
const TALLY_ALL = 10_000;
const TALLY_EVERY = 100;
const HOME = { code: '330212', slug: 'yinzhou' };
/** A department of the home district no synthetic birth case touches: its queue is only the busy rows. */
const BUSY_DEPARTMENT = 'yinzhou-civilAffairs';
const BASELINE_TABLE = 'scaleBaseline';
const CLERK = 'yinzhou-serviceCenter-clerk1';

type Cells = AttributeInput;

interface Template {
  /** The completed case's and the open case's `cases` row cells. */
  closed: Cells;
  open: Cells;
  /** The completed case's archive rows: subject prefix and cells. */
  archive: { prefix: string; cells: Cells }[];
  /** The completed case's 办件查询 rows: `ix` and cells. */
  index: { ix: string; cells: Cells }[];
  /** The open case's queue rows: queue, item and cells. */
  queues: { queue: string; item: string; cells: Cells }[];
}

const ignore = () => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
const cellsOf = (row: Row): Cells => (row.attributes ?? []).map((a) => ({ [a.columnName]: a.columnValue }));
const pkOf = (row: Row): Record<string, unknown> => Object.fromEntries((row.primaryKey ?? []).map((c) => [c.name, c.value]));
const withCells = (cells: Cells, values: Record<string, string>): Cells => cells.map((c) => {
  const [name] = Object.keys(c);
  return name in values ? { [name]: values[name] } : c;
});
const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Every row of a table (the real cases' rows: small before loading). */
async function allRows(client: OtsClient, table: string, pk: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  let start: PrimaryKeyInput = pk.map((name) => ({ [name]: TableStore.INF_MIN }));
  for (;;) {
    const res = await client.getRange({
      tableName: table, direction: 'FORWARD', maxVersions: 1, limit: 5000,
      inclusiveStartPrimaryKey: start, exclusiveEndPrimaryKey: pk.map((name) => ({ [name]: TableStore.INF_MAX })),
    });
    rows.push(...res.rows);
    if (!res.nextStartPrimaryKey) return rows;
    start = res.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value as string }));
  }
}

async function template(client: OtsClient, closedId: string, openId: string): Promise<Template> {
  const caseCells = async (id: string) => {
    const { row } = await client.getRow({ tableName: 'cases', primaryKey: [{ pk: casePartition(id) }, { row: '#' }], maxVersions: 1 });
    return cellsOf(row);
  };
  const archive = (await allRows(client, 'archive', ['subject', 'case'])).filter((r) => pkOf(r).case === closedId).map((r) => {
    const subject = String(pkOf(r).subject);
    return { prefix: subject.slice(0, subject.indexOf(':') + 1), cells: cellsOf(r) };
  });
  const index = (await allRows(client, 'caseIndex', ['ix', 'k'])).filter((r) => String(pkOf(r).k).endsWith(`:${closedId}`)).map((r) => ({ ix: String(pkOf(r).ix), cells: cellsOf(r) }));
  const queues = (await allRows(client, 'queues', ['queue', 'due', 'ref'])).filter((r) => String(pkOf(r).ref).startsWith(`${openId}/`))
    .map((r) => ({ queue: String(pkOf(r).queue), item: String(pkOf(r).ref).slice(openId.length + 1), cells: cellsOf(r) }));
  return { closed: await caseCells(closedId), open: await caseCells(openId), archive, index, queues };
}

/** The rows of the n-th synthetic case, by table. */
function cloneRows(t: Template, n: number, image: StatsImage): { table: string; row: BatchWriteRowInput }[] {
  const c = syntheticIdentity(n);
  if (n < TALLY_ALL || n % TALLY_EVERY === 0) image.add(c.caseId, syntheticCase(n).rows);
  // Five consecutive cases (one per district) in every 5 × OPEN_EVERY of the first 10^4 are open: 2 %, spread over the districts.
  const open = n < OPEN_AMONG_FIRST && Math.floor(n / 5) % OPEN_EVERY === 0;
  const slug = c.caseId.split('-')[0];
  const here = (s: string) => s.replaceAll(`:${HOME.code}`, `:${c.district}`).replaceAll(`${HOME.slug}-`, `${slug}-`);
  const day8 = c.day.replaceAll('-', '');
  const put = (table: string, primaryKey: PrimaryKeyInput, attributeColumns: Cells) => ({ table, row: { type: 'PUT' as const, condition: ignore(), primaryKey, attributeColumns } });
  const out = [put('cases', [{ pk: casePartition(c.caseId) }, { row: '#' }], open ? t.open : t.closed)];
  t.archive.forEach((a, i) => {
    // Parents have three cases each; a baby one.
    const person = a.cells.some((cell) => cell.role === 'baby') ? `${i}:${n}` : `${i}:${Math.floor(n / 3)}`;
    out.push(put('archive', [{ subject: `${a.prefix}${hash(person)}` }, { case: c.caseId }], withCells(a.cells, { at: c.acceptedAt })));
  });
  t.index.forEach((x, i) => {
    const ix = x.ix.startsWith('d:') ? here(x.ix) : `n:${c.district}:${hash(`nm${i}:${Math.floor(n / 3)}`)}`;
    out.push(put('caseIndex', [{ ix }, { k: `${day8}:${c.caseId}` }], x.ix.startsWith('d:') ? withCells(x.cells, { at: c.acceptedAt, ...(open ? {} : { st: c.state }) }) : x.cells));
  });
  if (open) {
    const due = Long.fromNumber(Number(addDays(c.day, 7).replaceAll('-', '')));
    for (const q of t.queues) {
      const cells = q.cells.map((cell) => {
        const [name] = Object.keys(cell);
        const v = cell[name];
        return (name === 'dep' || name === 'dis') && typeof v === 'string' ? { [name]: v === HOME.code ? c.district : here(v) } : cell;
      });
      out.push(put('queues', [{ queue: here(q.queue) }, { due }, { ref: `${c.caseId}/${q.item}` }], cells));
    }
  }
  return out;
}

/** Writes synthetic cases [from, to) until `deadline` (ms, performance clock); returns where it stopped. */
async function load(client: OtsClient, t: Template, image: StatsImage, from: number, to: number, deadline: number): Promise<number> {
  let next = from;
  let reported = from;
  await Promise.all(Array.from({ length: WRITERS }, async () => {
    while (next < to && performance.now() < deadline) {
      const byTable = new Map<string, BatchWriteRowInput[]>();
      let count = 0;
      while (next < to && count < BATCH - 12) {
        for (const { table, row } of cloneRows(t, next++, image)) {
          const rows = byTable.get(table) ?? [];
          rows.push(row);
          byTable.set(table, rows);
          count++;
        }
      }
      const res = await client.batchWriteRow({ tables: [...byTable].map(([tableName, rows]) => ({ tableName, rows })) });
      const bad = res.tables.find((r) => !r.isOk);
      if (bad) throw new Error(`BatchWriteRow failed: ${bad.errorCode ?? 'unknown'} ${bad.errorMessage ?? ''}`);
      if (next - reported >= 50_000) {
        reported = next;
        console.log(`  ${next.toLocaleString('en-US')} cases written`);
      }
    }
  }));
  await image.write(client);
  return next;
}

/** The busy department's 待签收 queue: BUSY_QUEUE_ROWS rows cloned from the open case's first queue row. */
async function putBusyQueue(client: OtsClient, t: Template, queue: string): Promise<void> {
  const q = t.queues[0];
  if (!q) throw new Error('the open case has no queue row to clone');
  const cells = q.cells.map((cell) => ('dep' in cell ? { dep: BUSY_DEPARTMENT } : cell));
  for (let from = 0; from < BUSY_QUEUE_ROWS; from += BATCH) {
    const rows: BatchWriteRowInput[] = Array.from({ length: Math.min(BATCH, BUSY_QUEUE_ROWS - from) }, (_, i) => {
      const primaryKey: PrimaryKeyInput = [{ queue }, { due: Long.fromNumber(20260301 + ((from + i) % 28)) }, { ref: `busy-${String(from + i).padStart(6, '0')}/${q.item}` }];
      return { type: 'PUT' as const, condition: ignore(), attributeColumns: cells, primaryKey };
    });
    const res = await client.batchWriteRow({ tables: [{ tableName: 'queues', rows }] });
    if (res.tables.some((r) => !r.isOk)) throw new Error('BatchWriteRow of the busy queue failed');
  }
}

async function counters(url: string): Promise<number> {
  const c = (await (await fetch(`${url}/__local/counters`)).json()) as CapacityCounters;
  return Object.values(c).flatMap((ops) => Object.values(ops)).reduce((sum, x) => sum + x.read, 0);
}

interface Request {
  label: string;
  run: () => Promise<unknown>;
  /** Why its cost does not depend on the cases stored. */
  why: string;
}

interface Figure {
  label: string;
  why: string;
  cu: number;
  p50: number;
}

async function measureRequests(url: string, requests: Request[]): Promise<Figure[]> {
  const out: Figure[] = [];
  for (const r of requests) {
    await r.run();
    const before = await counters(url);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await r.run();
      times.push(performance.now() - t0);
    }
    const cu = ((await counters(url)) - before) / RUNS;
    times.sort((a, b) => a - b);
    out.push({ label: r.label, why: r.why, cu, p50: times[Math.floor(RUNS / 2)] });
  }
  return out;
}

/** Four real birth cases of one father: one completed, three open (accepted, drained). */
async function realCases(services: Services): Promise<{ closedId: string; openIds: string[]; fatherId: string; hospital: string }> {
  const { caseId: closedId } = await birthCase({ services, inline: services }, 1, 'every');
  const today = shanghaiWallClock(Date.now()).slice(0, 10);
  const bornAt = shanghaiWallClock(Date.now() - 2 * 86400 * 1000) + '+08:00';
  const father = family(1, today, bornAt).values;
  const openIds: string[] = [];
  let hospital = '';
  for (const n of [2, 3, 4]) {
    const f = family(n, today, bornAt);
    const values = { ...f.values, fatherName: father.fatherName, fatherIdNumber: father.fatherIdNumber, householdHeadName: father.fatherName };
    const supplied = f.supplied.map((s) => (s.type === 'householdBook' ? { ...s, data: { ...s.data, householdHeadName: String(father.fatherName) } } : s));
    const { case: c } = await services.acceptCase(actorOf({ services }, CLERK), { bundleId: 'birth', values, supplied, chosenOptional: [], requestId: `scale-${n}-${randomBytes(4).toString('hex')}` });
    await services.drainCase(c.id);
    openIds.push(c.id);
    hospital = c.subTasks.find((s) => s.itemId === 'birthCertificate')?.department ?? '';
  }
  return { closedId, openIds, fatherId: String(father.fatherIdNumber), hospital };
}

interface Step {
  target: number;
  loaded: number;
  seconds: number;
  /** Rows in the hospital's ready queue (the page's partition). */
  queueRows: number;
  figures: Figure[];
}

async function measure(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lianban-bench-scale-'));
  const { child, url } = await startServer(dataDir, 'fast');
  try {
    const client = createOtsClient({ OTS_ENDPOINT: url, OTS_INSTANCE: 'lianban', OTS_ACCESS_KEY_ID: 'lianban-local', OTS_ACCESS_KEY_SECRET: 'lianban-local-secret' });
    for (const spec of TABLES) await client.createTable(spec.definition);
    await client.createTable({
      tableMeta: { tableName: BASELINE_TABLE, primaryKey: [{ name: 'pk', type: 'STRING' }] },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } }, tableOptions: { timeToLive: -1, maxVersions: 1 },
    });
    const keys = { dataKey: randomBytes(32).toString('base64'), hashKey: randomBytes(32).toString('base64url') };
    await seedDirectory(client, catalogSeed(), { keys });
    const services = createServices({ client, keys, kick: () => {}, directoryTtlMs: 60 * 60_000, log: () => {} });
    const real = await realCases(services);
    const t = await template(client, real.closedId, real.openIds[0]);
    console.log(`  template: case row ${t.closed.length} cells (open ${t.open.length}), ${t.archive.length} archive, ${t.index.length} caseIndex, ${t.queues.length} queue rows`);
    const handler = actorOf({ services }, `${real.hospital}-handler1`);
    const clerk = actorOf({ services }, CLERK);
    const queue = `dept:${HOME.code}:${real.hospital}:ready`;
    const busyQueue = `dept:${HOME.code}:${BUSY_DEPARTMENT}:ready`;
    await putBusyQueue(client, t, busyQueue);
    const busyHandler = actorOf({ services }, `${BUSY_DEPARTMENT}-handler1`);
    const requests: Request[] = [
      { label: 'baseline: SDK GetRow, empty table', run: () => client.getRow({ tableName: BASELINE_TABLE, primaryKey: [{ pk: 'none' }], maxVersions: 1 }), why: 'the floor of one request through the SDK' },
      {
        label: '部门待签收 page (service queue: department ready, the hospital\'s handler) with its badge counts', run: () => services.queue(handler, 'department', { state: 'ready' }),
        why: 'the page is one GetRange limited by the page size; each badge count reads at most 100 rows of a queue (shown 99+; service queueOps.ts BADGE_CAP): ' +
          'what is stored is not read, only the department\'s open work',
      },
      {
        label: `部门待签收 page of a busy department (${BUSY_QUEUE_ROWS.toLocaleString('en-US')} sub-tasks waiting, the same in both stores) with its badge counts`,
        run: () => services.queue(busyHandler, 'department', { state: 'ready' }),
        why: 'the same page: past 100 rows a badge reads no more (99+), however long the queue',
      },
      { label: '— its page range alone (store QueueRows.page, 20 rows)', run: () => new QueueRows(client).page(queue, { limit: 20 }), why: 'one GetRange in one partition, limited by the page size' },
      { label: 'sub-task view (an open case\'s 出生医学证明, its handler)', run: () => services.subTask(handler, real.openIds[0], 'birthCertificate'), why: 'one case row, by its hashed partition key (the directory snapshot is cached per instance)' },
      {
        label: '电子档案 by ID number (the father of 4 cases)', run: () => services.archiveSearch(clerk, real.fatherId, '核对出生一件事办理情况', 'person'),
        why: 'one range of the person\'s `archive` rows, bounded by the person\'s cases, then their case rows',
      },
      {
        label: `统计 page (${QUERIES[0].label})`, run: () => services.stats.page(QUERIES[0].actor, QUERIES[0].query),
        why: 'the `stats` rows of the district and the days asked for (≤ 4 shards a day): sums the drains keep, never counted from cases',
      },
    ];
    const image = new StatsImage();
    const steps: Step[] = [];
    let loaded = 0;
    for (const target of STEPS) {
      const t0 = performance.now();
      loaded = await load(client, t, image, loaded, target, t0 + LOAD_BUDGET_S * 1000);
      const seconds = (performance.now() - t0) / 1000;
      console.log(`  ${loaded.toLocaleString('en-US')} cases loaded (${seconds.toFixed(1)} s); measuring`);
      const queueRows = await new QueueRows(client).count(queue, { cap: 10_000_000 });
      steps.push({ target, loaded, seconds, queueRows, figures: await measureRequests(url, requests) });
    }
    return report(steps, t);
  } finally {
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}


function report(steps: Step[], t: Template): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const [small, large] = steps;
  const ratio = (a: number, b: number) => (a === 0 ? (b === 0 ? '1.00' : '∞') : (b / a).toFixed(2));
  const rows = small.figures.map((f, i) => {
    const g = large.figures[i];
    return [f.label, `${f.cu.toFixed(1)} CU, ${f.p50.toFixed(1)} ms`, `${g.cu.toFixed(1)} CU, ${g.p50.toFixed(1)} ms`, `${ratio(f.cu, g.cu)} / ${ratio(f.p50, g.p50)}`, f.why];
  });
  const cut = steps.filter((s) => s.loaded < s.target);
  return [
    'The same requests, through the service layer (the code the api function runs) against tablestore-local in its own',
    `process, with ${fmt(small.loaded)} and ${fmt(large.loaded)} birth cases stored: read CUs per request from the server's counters and the`,
    `median of ${RUNS} runs after a warm-up. Four real cases go through the service first (one completed, three open and drained,`,
    'all of one father); their rows are read back and cloned under the stats part\'s synthetic cases (5 districts, 365 days):',
    `a \`cases\` row each (${t.closed.length} cells, as the completed case; the open case's ${t.open.length} cells for the open ones), ${t.archive.length} \`archive\` rows (each`,
    `parent has 3 cases), ${t.index.length} \`caseIndex\` rows (the case's and its name pointers), and for the open ones ${t.queues.length} \`queues\` rows in`,
    `their district's departments. The \`stats\` rows: every one of the first ${fmt(TALLY_ALL)} cases tallied by core tally.ts, then one in ${TALLY_EVERY}`,
    '(tallying costs ~0.4 ms a case; the same rows and columns, smaller numbers — the stats part tallies all 10^6).',
    `Written by BatchWriteRow (${BATCH} rows, ${WRITERS} in flight), durability fast.`,
    '',
    markdownTable([`request`, `${fmt(small.loaded)} cases: read CU, p50`, `${fmt(large.loaded)} cases: read CU, p50`, 'ratio (CU / p50; goal ≤ 1.2)', 'why it stays flat'], rows),
    '',
    `Loading: ${steps.map((s) => `${fmt(s.loaded)} cases in ${s.seconds.toFixed(1)} s`).join(', then ')} (cumulative rows: cases, archive, caseIndex, queues, stats).`,
    cut.length > 0
      ? `Loading stopped at the ${LOAD_BUDGET_S} s budget: ${cut.map((s) => `${fmt(s.loaded)} of ${fmt(s.target)}`).join(', ')} cases were stored when measured.`
      : `Every step loaded in full within the ${LOAD_BUDGET_S} s budget.`,
    `The hospital's 待签收 queue held ${fmt(small.queueRows)} rows at ${fmt(small.loaded)} cases and ${fmt(large.queueRows)} at ${fmt(large.loaded)}: the larger store is the same`,
    `district with more history (2 % of the first ${fmt(OPEN_AMONG_FIRST)} cases are open, every later one is completed), because a department's open work follows`,
    'its intake and staff, not what is stored. Open work itself costs only up to the badges\' cap: the busy department\'s page (its queue put directly,',
    `${fmt(BUSY_QUEUE_ROWS)} rows in both stores) reads at most 100 rows a badge (shown 99+), and costs the same as a queue of 100.`,
    'An exact count kept per queue (one row the drains increment, with a marker for exactly once) would make a badge one GetRow, at 2 more write CUs per queue move.',
    'Latency includes the service\'s own work (the archive search writes one audit record per case shown, the queue page',
    'decodes its rows); the baseline row shows what the machine gives one SDK round trip at each size.',
  ].join('\n');
}

export const scalePart: BenchPart = {
  name: 'scale',
  title: 'Costs that stay flat: queue page, case view, archive and 统计 with 10^4 and 10^6 cases stored',
  run: measure,
};
