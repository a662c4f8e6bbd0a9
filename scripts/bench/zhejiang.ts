// Zhejiang's volume on paper, for the `money` part: (1) one peak hour of writes (25 cases/s) spread over the
// partition keys the store's own key functions give, over a synthetic mix of 11 cities' 90 districts, with
// each table's measured write CUs per case; (2) what grows without bound per table at 118 M cases a year, from
// the bytes each kind of case left in each table (read back), and the retention rule that applies.
import { createHash } from 'node:crypto';
import { departmentQueue } from '../../functions/core/queue';
import { byDistrict, byName } from '../../functions/store/caseIndex';
import { casePartition } from '../../functions/store/cases';
import { doneKey } from '../../functions/store/counters';
import { shardOf } from '../../functions/store/dirty';
import { statsRowKey } from '../../functions/store/statsRows';
import { markdownTable } from './report';

/** Per case of one kind, as money.ts measured it. */
export interface KindMeasure {
  read: number;
  write: number;
  writesByTable: Record<string, number>;
  bytesByTable: Record<string, number>;
  api: number;
  apiSeconds: number;
}

const PER_YEAR = 118e6;
const PEAK_PER_SECOND = 25;
const GOAL = 0.05;

/**
 * 11 cities: population in millions (approximate, rounded) and county-level districts; inside a city the
 * districts' weights fall off as 1/rank^0.7 (one big urban district, smaller counties) — a synthetic mix.
 */
const CITIES: [string, number, number][] = [
  ['3301 杭州', 12.4, 13], ['3302 宁波', 9.6, 10], ['3303 温州', 9.6, 12], ['3304 嘉兴', 5.6, 7], ['3305 湖州', 3.4, 5], ['3306 绍兴', 5.3, 6],
  ['3307 金华', 7.1, 9], ['3308 衢州', 2.3, 6], ['3309 舟山', 1.2, 4], ['3310 台州', 6.6, 9], ['3311 丽水', 2.5, 9],
];

function districts(): { code: string; weight: number }[] {
  const out: { code: string; weight: number }[] = [];
  for (const [city, people, count] of CITIES) {
    const ranks = Array.from({ length: count }, (_, i) => 1 / (i + 1) ** 0.7);
    const sum = ranks.reduce((a, b) => a + b, 0);
    ranks.forEach((r, i) => out.push({ code: `${city.slice(0, 4)}${String(i + 1).padStart(2, '0')}`, weight: (people * r) / sum }));
  }
  const total = out.reduce((a, d) => a + d.weight, 0);
  return out.map((d) => ({ ...d, weight: d.weight / total }));
}

/** A deterministic pseudo-random stream (the same figures on every run). */
function stream(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const hex = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/**
 * The partition keys one birth-like case writes per table, with the share of that table's writes of the case
 * each key takes (the model: DESIGN.md "Storage", cost.test.ts's accounting of each table's writes).
 */
function caseKeys(caseId: string, district: string, day: string): Record<string, [string, number][]> {
  const departments = ['hospital', 'cdc', 'police', 'medicalInsurance', 'hrss'];
  return {
    cases: [[casePartition(caseId), 1]],
    audit: [[casePartition(caseId), 1]],
    // three subjects (mother, father, child), keyed hashes of their numbers
    archive: [0, 1, 2].map((i) => [`id:${hex(`${caseId}/${i}`)}`, 1 / 3] as [string, number]),
    // the case's row at acceptance and its state at completion; a pointer per parent's name
    caseIndex: [[byDistrict(district), 0.5], [byName(district, hex(`${caseId}/m`)), 0.25], [byName(district, hex(`${caseId}/f`)), 0.25]],
    // intake.ts: the day's case number (`seq:<district>:<day>`) and the request's claim (`req:<staff>:<requestId>`) once
    // each; drain.ts: the case's on-time counts at completion (addOnce, then the marker removed) in its done shard
    counters: [[`seq:${district}:${day}`, 0.25], [`req:${district}-clerk1:${hex(caseId)}`, 0.25], [doneKey(caseId), 0.5]],
    stats: [[statsRowKey(district, day, caseId), 0.5], [statsRowKey(district, 'live', caseId), 0.5]],
    dirty: [[String(shardOf(caseId)), 1]],
    queues: departments.flatMap((d) => (['ready', 'active'] as const).map((s) => [departmentQueue(district, `${district}-${d}`, s), 0.1] as [string, number])),
  };
}

interface Hot {
  table: string;
  keys: number;
  top: [string, number][];
  perSecond: number;
}

/** One peak hour: 25 cases/s, each in a district drawn by weight; write CUs per key per table. */
function peakHour(writesByTable: Record<string, number>): Hot[] {
  const ds = districts();
  const cumulative: number[] = [];
  ds.reduce((a, d, i) => (cumulative[i] = a + d.weight), 0);
  const rnd = stream(16);
  const day = '20261207';
  const byTable = new Map<string, Map<string, number>>();
  const cases = PEAK_PER_SECOND * 3600;
  for (let i = 0; i < cases; i++) {
    const r = rnd();
    const d = ds[Math.max(0, cumulative.findIndex((c) => r < c))].code;
    const caseId = `${d}-${day}-${String(i).padStart(6, '0')}`;
    for (const [table, keys] of Object.entries(caseKeys(caseId, d, day))) {
      const w = writesByTable[table] ?? 0;
      if (w === 0) continue;
      const m = byTable.get(table) ?? byTable.set(table, new Map()).get(table)!;
      for (const [k, share] of keys) m.set(k, (m.get(k) ?? 0) + w * share);
    }
  }
  return [...byTable.entries()].map(([table, m]) => {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    const top = [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => [k, v / total] as [string, number]);
    return { table, keys: m.size, top, perSecond: (top[0]?.[1] ?? 0) * (total / 3600) };
  });
}

const FIX: Record<string, string> = {
  dirty: '64 shards instead of 16 (dirty.ts DIRTY_SHARDS; the timer walks 64 short ranges) — each ≈ 1.6 %',
  counters: 'the on-time counts in 64 shards instead of 16 (counters.ts DONE_SHARDS), or with the day in the key (`done:<yyyymmdd>:<nn>`)',
};

/** Which rule applies to each growing table, and what lianban does (nothing deleted today). */
const RETENTION: Record<string, string> = {
  audit: 'access and change records are network logs (网络安全法 第二十一条: ≥ 6 months) and records of personal-information processing (PIPL 第五十六条: ≥ 3 years): keep ≥ 3 years, then delete per case partition. Today: nothing deleted; a rule to add',
  cases: 'the case and its personal information: PIPL 第十九条 (no longer than the purpose needs, unless another law sets a period — 政务服务 archives do). Today: kept; a rule (archive then delete) to add',
  archive: 'a person\'s index of cases (keyed hashes): goes with the cases it points to. Today: kept',
  caseIndex: '办件查询 rows (masked names, keyed hashes): go with the case. Today: kept',
  counters: '`req:` request markers only need to outlive a retry (days); `seq:` one row per district-day. Today: kept; delete `req:` after 30 days — a rule to add',
  stats: 'tallies without personal information, one row per district-day-shard: kept (bounded by districts × days)',
  queues: 'rows leave when work leaves a list; the hotline\'s closed lists keep a row per order. Today: kept; a rule to add with the orders\'',
  dirty: 'deleted by the drain: bounded',
  blobs: 'attachments (personal documents) go with their case (PIPL 第十九条). Today: kept (none written by these cases)',
};

const pct = (x: number) => (x < 0.0001 ? '< 0.01 %' : `${(x * 100).toFixed(2)} %`);
const gb = (bytes: number) => (bytes >= 1e12 ? `${(bytes / 1e12).toFixed(2)} TB` : bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(0)} MB`);

/** `statsRowBytes`: the mean size of a stats row as read back (the table grows by district-day rows, not by case). */
export function zhejiangSection(k: { birth: KindMeasure; death: KindMeasure; order: KindMeasure }, statsRowBytes: number): string {
  const hot = peakHour(k.birth.writesByTable).sort((a, b) => (b.top[0]?.[1] ?? 0) - (a.top[0]?.[1] ?? 0));
  const over = hot.filter((h) => (h.top[0]?.[1] ?? 0) > GOAL);
  const hotRows = hot.map((h) => [
    h.table, String(h.keys), h.top.map(([key, s]) => `\`${key}\` ${pct(s)}`).join(', '), `${h.perSecond.toFixed(1)} CU/s`,
    (h.top[0]?.[1] ?? 0) > GOAL ? `✗ — ${FIX[h.table] ?? 'more shards'}` : '✓',
  ]);
  const tables = [...new Set([...Object.keys(k.birth.bytesByTable), ...Object.keys(k.death.bytesByTable), ...Object.keys(k.order.bytesByTable)])]
    .filter((t) => [k.birth, k.death, k.order].some((m) => (m.bytesByTable[t] ?? 0) > 0))
    .sort();
  // A year at Zhejiang: the cases as births and deaths in equal parts; hotline orders as many again (each its own row set).
  const growthRows = tables.map((t) => {
    const b = k.birth.bytesByTable[t] ?? 0;
    const d = k.death.bytesByTable[t] ?? 0;
    const o = k.order.bytesByTable[t] ?? 0;
    // stats: 4 day rows per district per day (and 4 live rows per district), whatever the number of cases
    const year = t === 'stats' ? districts().length * 365 * 4 * statsRowBytes : ((b + d) / 2) * PER_YEAR + o * PER_YEAR;
    return [t, t === 'stats' ? `(${Math.round(statsRowBytes)} per row; 4 rows per district-day)` : `${Math.round(b)} / ${Math.round(d)} / ${Math.round(o)}`, gb(year), RETENTION[t] ?? 'configuration and directory rows: bounded'];
  });
  return [
    '### Zhejiang on paper: the hottest partition key at the peak hour',
    '',
    `One peak hour at ${PEAK_PER_SECOND} cases/s (${(PEAK_PER_SECOND * 3600).toLocaleString('en')} cases), each accepted in one of ${districts().length} districts of 11 cities drawn by a synthetic`,
    'weight (population by city, rounded; inside a city 1/rank^0.7), each writing what the measured birth case writes per table,',
    'spread over the partition keys the store\'s own functions give (casePartition, departmentQueue, byDistrict / byName,',
    'statsRowKey, doneKey, dirty shardOf; `seq:<district>:<day>` as intake.ts writes it). Share = the key\'s part of that table\'s',
    `write CUs in the hour (Tablestore partitions each table by its first key column); goal ≤ ${GOAL * 100} %.`,
    '',
    markdownTable(['table', 'keys written', 'top keys (share of the table\'s writes)', 'hottest key\'s writes', `≤ ${GOAL * 100} %`], hotRows),
    '',
    over.length > 0
      ? `Over the goal: ${over.map((h) => `\`${h.table}\` (${pct(h.top[0][1])})`).join(', ')} — a fixed set of shards that does not grow with the province; the fix is more shards (above). The other fixed set, \`done:<nn>\` (16 shards, written once per completed case), stays under the goal.`
      : 'No key over the goal.',
    '',
    '### What grows without bound, per table',
    '',
    `Bytes each kind left in each table (rows read back before and after the measured cases, per case: birth / death / hotline order;`,
    `names and values as Tablestore sizes them), and a year at Zhejiang's ${PER_YEAR / 1e6} M cases (births and deaths in equal parts) plus as many`,
    'hotline orders (stats: one row per district-day-shard, 90 districts × 365 days × 4). Nothing is deleted today (all tables: max',
    'versions 1, no TTL); the rule to add is named per table.',
    '',
    markdownTable(['table', 'bytes per case (birth / death / order)', 'a year at Zhejiang', 'retention rule and what lianban does'], growthRows),
    '',
    'Rules cited: 网络安全法 第二十一条(三) — network logs kept no less than six months; PIPL (个人信息保护法) 第五十六条 — the',
    'personal-information protection impact assessment report and processing records kept at least three years; PIPL 第十九条 —',
    'personal information kept no longer than the purpose needs unless a law or administrative regulation sets otherwise.',
  ].join('\n');
}
