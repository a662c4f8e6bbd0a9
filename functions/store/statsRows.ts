// The `stats` table (DESIGN: Statistics): aggregate rows the drain adds to once per change of a case, PK `key`.
//   <district>:<yyyymmdd>:<s>   the day's counters of a district (columns: core tally.ts), in STATS_SHARDS shard rows
//                               (s = 0..3 from the case id) so that a busy district's writes spread over 4 rows
//   live:<district>:<s>         n: cases of the district in progress (在办): +1 at acceptance, −1 at the end
// Every addition puts a marker cell m_<hash of the effect id> in the same conditional write (expected absent), so a
// re-delivered effect adds nothing twice; the drain removes the marker once the effect is recorded as done. A page
// reads one range per district: (days in the range) × (shards) rows at most, whatever the number of cases.
import { createHash } from 'node:crypto';
import { attributesOf, rowExists, type CreateTableParams, type OtsClient } from './client.js';
import { Counters } from './counters.js';
import { num } from './rowOps.js';

const STATS_TABLE_NAME = 'stats';

export const STATS_TABLE: CreateTableParams = {
  tableMeta: { tableName: STATS_TABLE_NAME, primaryKey: [{ name: 'key', type: 'STRING' }] },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

const STATS_SHARDS = 4;

function shardOf(caseId: string): number {
  let h = 0;
  for (const ch of caseId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % STATS_SHARDS;
}

/** The row a case's tally of (district, day) goes to; day 'live' is the district's 在办 counter. */
export const statsRowKey = (district: string, day: string, caseId: string): string =>
  day === 'live' ? `live:${district}:${shardOf(caseId)}` : `${district}:${day}:${shardOf(caseId)}`;

/** The marker cell of one effect (a hash of its id: effect ids hold characters no column name may). */
export const statsMarker = (effectId: string): string => `m_${createHash('sha256').update(effectId).digest('hex').slice(0, 24)}`;

/** One day row as read: its day (yyyymmdd) and counters (markers left out). */
export interface StatsDayRow {
  day: string;
  counts: Record<string, number>;
}

export class StatsRows {
  private readonly counters: Counters;

  constructor(
    private readonly client: OtsClient,
    private readonly table: string = STATS_TABLE_NAME,
  ) {
    this.counters = new Counters(client, table);
  }

  /** Adds the increments unless the marker is there (then false: added before). */
  addOnce(key: string, counts: Record<string, number>, marker: string): Promise<boolean> {
    return this.counters.addOnce(key, counts, marker);
  }

  removeMarker(key: string, marker: string): Promise<void> {
    return this.counters.removeMarker(key, marker);
  }

  /** One row's counters (markers left out), or null when there is none (one point read). */
  async row(key: string): Promise<Record<string, number> | null> {
    const cells = await this.counters.get(key);
    if (!cells) return null;
    const counts: Record<string, number> = {};
    for (const [c, v] of Object.entries(cells)) if (!c.startsWith('m_')) counts[c] = num(v);
    return counts;
  }

  /** Every row with `start` ≤ key < `end` (paged), markers left out. */
  private async range(start: string, end: string): Promise<{ key: string; counts: Record<string, number> }[]> {
    const out: { key: string; counts: Record<string, number> }[] = [];
    let from: string = start;
    for (;;) {
      const res = await this.client.getRange({
        tableName: this.table, direction: 'FORWARD', maxVersions: 1, limit: 1000,
        inclusiveStartPrimaryKey: [{ key: from }], exclusiveEndPrimaryKey: [{ key: end }],
      });
      for (const row of res.rows.filter(rowExists)) {
        const counts: Record<string, number> = {};
        for (const [c, v] of Object.entries(attributesOf(row))) if (!c.startsWith('m_')) counts[c] = num(v);
        out.push({ key: String(row.primaryKey?.[0]?.value ?? ''), counts });
      }
      const next = res.nextStartPrimaryKey?.[0]?.value;
      if (typeof next !== 'string') return out;
      from = next;
    }
  }

  /** A district's day rows from `fromDay` to `toDay` (yyyymmdd, inclusive): one range. */
  async days(district: string, fromDay: string, toDay: string): Promise<StatsDayRow[]> {
    const rows = await this.range(`${district}:${fromDay}:`, `${district}:${toDay};`);
    return rows.map((r) => ({ day: r.key.split(':')[1] ?? '', counts: r.counts }));
  }

  /** Cases in progress per district: one district's live rows, or (no district) every district's in one range. */
  async live(district?: string): Promise<{ rows: number; byDistrict: Record<string, number> }> {
    const rows = await this.range(district ? `live:${district}:` : 'live:', district ? `live:${district};` : 'live;');
    const byDistrict: Record<string, number> = {};
    for (const r of rows) {
      const district = r.key.split(':')[1] ?? '';
      byDistrict[district] = (byDistrict[district] ?? 0) + (r.counts.n ?? 0);
    }
    return { rows: rows.length, byDistrict };
  }
}
