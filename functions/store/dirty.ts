// The `dirty` table: markers that tell the timer's sweep which cases may have pending effects (DESIGN:
// effects). PK `shard` (INTEGER 0..63 from the case id, so a sweep reads 64 short ranges; 16 put the busiest shard at 6.4 % of
// the writes at Zhejiang's peak hour, over the 5 % goal: BENCHMARKS.md "Zhejiang on paper"), `case`.
// Column `t`: the token also stored in the case row's `xm` cell. A marker is written BEFORE the state change
// that needs it and removed only when the case row shows nothing pending; both removals are conditional on
// the tokens read, so a change racing the removal keeps (or re-creates) its marker.
import { createHash } from 'node:crypto';
import { Long, TableStore, attributesOf, rowExists, type CreateTableParams, type OtsClient } from './client.js';
import { pkValues, rowCondition, str } from './rowOps.js';
import { isConditionFailed } from './client.js';

const DIRTY_TABLE_NAME = 'dirty';
export const DIRTY_SHARDS = 64;

export const DIRTY_TABLE: CreateTableParams = {
  tableMeta: {
    tableName: DIRTY_TABLE_NAME,
    primaryKey: [
      { name: 'shard', type: 'INTEGER' },
      { name: 'case', type: 'STRING' },
    ],
  },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

export function shardOf(caseId: string): number {
  return createHash('sha256').update(caseId, 'utf8').digest()[0] % DIRTY_SHARDS;
}

export interface DirtyMarker {
  caseId: string;
  token: string;
  /** ISO instant the marker was written. */
  at: string;
}

export class DirtyMarkers {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = DIRTY_TABLE_NAME,
  ) {}

  async mark(caseId: string, token: string, at: string): Promise<void> {
    await this.client.putRow({
      tableName: this.table,
      primaryKey: [{ shard: Long.fromNumber(shardOf(caseId)) }, { case: caseId }],
      attributeColumns: [{ t: token }, { at }],
      condition: rowCondition('ignore'),
    });
  }

  /** Removes the marker if it still holds `token`; false when it changed (or is gone). */
  async clear(caseId: string, token: string): Promise<boolean> {
    try {
      await this.client.deleteRow({
        tableName: this.table,
        primaryKey: [{ shard: Long.fromNumber(shardOf(caseId)) }, { case: caseId }],
        condition: rowCondition('exist', [{ column: 't', value: token }]),
      });
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  /** Markers of one shard, at most `limit`. */
  async list(shard: number, limit = 200): Promise<DirtyMarker[]> {
    const res = await this.client.getRange({
      tableName: this.table,
      direction: 'FORWARD',
      inclusiveStartPrimaryKey: [{ shard: Long.fromNumber(shard) }, { case: TableStore.INF_MIN }],
      exclusiveEndPrimaryKey: [{ shard: Long.fromNumber(shard) }, { case: TableStore.INF_MAX }],
      limit,
      maxVersions: 1,
    });
    return res.rows.filter(rowExists).map((row) => {
      const a = attributesOf(row);
      return { caseId: String(pkValues(row).case), token: str(a.t) ?? '', at: str(a.at) ?? '' };
    });
  }
}

