// The `counters` table: small keyed rows, PK `key` (STRING).
//   seq:<district>:<yyyymmdd>      n (Long): the day's case sequence of a district (atomic INCREMENT)
//   req:<staff>:<requestId>        case: the case an intake request created (idempotent acceptance)
//   done                           ok_<department> / late_<department> (Long): sub-tasks signed on time / late,
//                                  added once per case when it ends (one write per case, not per sub-task)
import { Long, TableStore, attributesOf, isConditionFailed, rowExists, type CreateTableParams, type OtsClient } from './client.js';
import { num, rowCondition, str } from './rowOps.js';

export const COUNTERS_TABLE_NAME = 'counters';

export const COUNTERS_TABLE: CreateTableParams = {
  tableMeta: { tableName: COUNTERS_TABLE_NAME, primaryKey: [{ name: 'key', type: 'STRING' }] },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

export const DONE_COUNTERS = 'done';

/** A department id as a column-name part (ASCII letters, digits, _). */
export const columnPart = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, '_');

export class Counters {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = COUNTERS_TABLE_NAME,
  ) {}

  /** Atomically adds 1 to the counter and returns the new value (1 for a new counter). */
  async next(key: string): Promise<number> {
    const res = await this.client.updateRow({
      tableName: this.table,
      primaryKey: [{ key }],
      updateOfAttributeColumns: [{ INCREMENT: [{ n: Long.fromNumber(1) }] }],
      condition: rowCondition('ignore'),
      returnContent: { returnType: TableStore.ReturnType.AfterModify, returnColumns: ['n'] },
    });
    const n = num(attributesOf(res.row).n);
    if (n < 1) throw new Error(`counter ${key}: no value returned`);
    return n;
  }

  /** Records `value` under `key` unless something is there; returns what is stored afterwards. */
  async claim(key: string, column: string, value: string): Promise<{ value: string; claimed: boolean }> {
    try {
      await this.client.putRow({ tableName: this.table, primaryKey: [{ key }], attributeColumns: [{ [column]: value }], condition: rowCondition('notExist') });
      return { value, claimed: true };
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
      const existing = await this.get(key);
      const stored = existing ? str(existing[column]) : undefined;
      if (stored === undefined) throw err;
      return { value: stored, claimed: false };
    }
  }

  async get(key: string): Promise<Record<string, ReturnType<typeof attributesOf>[string]> | null> {
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: [{ key }], maxVersions: 1 });
    return rowExists(row) ? attributesOf(row) : null;
  }

  /** Adds to several counters of one row at once. */
  async add(key: string, increments: Record<string, number>): Promise<void> {
    const entries = Object.entries(increments).filter(([, n]) => n !== 0);
    if (entries.length === 0) return;
    await this.client.updateRow({
      tableName: this.table,
      primaryKey: [{ key }],
      updateOfAttributeColumns: [{ INCREMENT: entries.map(([c, n]) => ({ [c]: Long.fromNumber(n) })) }],
      condition: rowCondition('ignore'),
    });
  }
}
