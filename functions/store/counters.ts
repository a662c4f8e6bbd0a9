// The `counters` table: small keyed rows, PK `key` (STRING).
//   seq:<district>:<yyyymmdd>      n (Long): the day's case sequence of a district (atomic INCREMENT)
//                                  r_<hash of staff + requestId> (Long, wall-clock ms): the request that took a
//                                  number of that day — put in the same conditional write as the increment, so a
//                                  replayed request never takes a second number (nextOnce)
//   req:<staff>:<requestId>        case: the case an intake request created (idempotent acceptance)
//   up:intake:<staff>:<sha256>     by, purpose, size (Long), mime, at: a file this staff member uploaded for an
//                                  intake (受理材料); an intake may reference only such a file (uploads)
//   done:<nn>                      ok_<department> / late_<department> (Long): sub-tasks signed on time / late,
//                                  added once per case when it ends, in one of 16 shard rows (nn = 00..15 from
//                                  the case id). The addition also puts a marker cell m_<case> and is conditional
//                                  on that marker being absent, so a re-delivered addition counts nothing twice;
//                                  the marker is removed once the effect is recorded as done.
//   pf:<client hash>:<window>      n (Long): failed 办件进度查询 look-ups of one client in one 10-minute window
//                                  (service/progressOps.ts; the client hash is an HMAC of its address, never
//                                  the address; the current and the previous window are read before each look-up)
import { Long, TableStore, attributesOf, isConditionFailed, rowExists, type CreateTableParams, type OtsClient } from './client.js';
import { num, rowCondition, str } from './rowOps.js';

export const COUNTERS_TABLE_NAME = 'counters';

export const COUNTERS_TABLE: CreateTableParams = {
  tableMeta: { tableName: COUNTERS_TABLE_NAME, primaryKey: [{ name: 'key', type: 'STRING' }] },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

const DONE_SHARDS = 16;

/** The shard row of a case's on-time counts. */
export function doneKey(caseId: string): string {
  let h = 0;
  for (const ch of caseId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `done:${String(h % DONE_SHARDS).padStart(2, '0')}`;
}

export const doneMarker = (caseId: string): string => `m_${columnPart(caseId)}`;

/** A department id as a column-name part (ASCII letters, digits, _). */
export const columnPart = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, '_');

export interface UploadRow {
  by: string;
  purpose: 'intake';
  /** The stored file's real size in bytes. */
  size: number;
  mime: string;
}

const uploadKey = (purpose: 'intake', staff: string, sha256: string): string => `up:${purpose}:${staff}:${sha256}`;

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

  /**
   * Adds 1 to the counter and puts `marker` (with `stamp`) in the same write, unless the marker is already
   * there: then nothing changes and null is returned. One conditional write — a replay of the same request
   * cannot take a second number, even concurrently.
   */
  async nextOnce(key: string, marker: string, stamp: number): Promise<number | null> {
    try {
      const res = await this.client.updateRow({
        tableName: this.table,
        primaryKey: [{ key }],
        updateOfAttributeColumns: [{ PUT: [{ [marker]: Long.fromNumber(stamp) }] }, { INCREMENT: [{ n: Long.fromNumber(1) }] }],
        condition: rowCondition('ignore', [{ column: marker, value: null }]),
        returnContent: { returnType: TableStore.ReturnType.AfterModify, returnColumns: ['n'] },
      });
      const n = num(attributesOf(res.row).n);
      if (n < 1) throw new Error(`counter ${key}: no value returned`);
      return n;
    } catch (err) {
      if (isConditionFailed(err)) return null;
      throw err;
    }
  }

  /** The stamp `nextOnce` put with a marker (0 when absent). */
  async markerStamp(key: string, marker: string): Promise<number> {
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: [{ key }], columnsToGet: [marker], maxVersions: 1 });
    return rowExists(row) ? num(attributesOf(row)[marker]) : 0;
  }

  /** Records that `staff` uploaded the file `sha256` (its real size and type) for `purpose`. Idempotent. */
  async recordUpload(staff: string, sha256: string, purpose: 'intake', file: { size: number; mime: string; at: string }): Promise<void> {
    await this.client.putRow({
      tableName: this.table,
      primaryKey: [{ key: uploadKey(purpose, staff, sha256) }],
      attributeColumns: [{ by: staff }, { purpose }, { size: Long.fromNumber(file.size) }, { mime: file.mime }, { at: file.at }],
      condition: rowCondition('ignore'),
    });
  }

  /** What was recorded when `staff` uploaded `sha256` for `purpose`, or null. */
  async upload(staff: string, sha256: string, purpose: 'intake'): Promise<UploadRow | null> {
    const row = await this.get(uploadKey(purpose, staff, sha256));
    if (!row) return null;
    const by = str(row.by);
    const kind = str(row.purpose);
    const mime = str(row.mime);
    if (by === undefined || kind !== purpose || mime === undefined) return null;
    return { by, purpose: kind, size: num(row.size), mime };
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

  /**
   * Adds to several counters of one row at once, exactly once per `marker`: the marker cell is put in the
   * same write, which is conditional on its absence. Returns false when the marker was there (already added).
   */
  async addOnce(key: string, increments: Record<string, number>, marker: string): Promise<boolean> {
    const entries = Object.entries(increments).filter(([, n]) => n !== 0);
    try {
      await this.client.updateRow({
        tableName: this.table,
        primaryKey: [{ key }],
        updateOfAttributeColumns: [{ PUT: [{ [marker]: Long.fromNumber(1) }] }, ...(entries.length ? [{ INCREMENT: entries.map(([c, n]) => ({ [c]: Long.fromNumber(n) })) }] : [])],
        condition: rowCondition('ignore', [{ column: marker, value: null }]),
      });
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  /** Removes a marker cell (after the addition it guarded is recorded as done). */
  async removeMarker(key: string, marker: string): Promise<void> {
    await this.client.updateRow({ tableName: this.table, primaryKey: [{ key }], updateOfAttributeColumns: [{ DELETE_ALL: [marker] }], condition: rowCondition('ignore') });
  }

  /** Sums the counters of every row whose key starts with `prefix` (one short range read). */
  async sum(prefix: string, end: string): Promise<Record<string, number>> {
    const res = await this.client.getRange({
      tableName: this.table,
      direction: 'FORWARD',
      inclusiveStartPrimaryKey: [{ key: prefix }],
      exclusiveEndPrimaryKey: [{ key: end }],
      limit: 100,
      maxVersions: 1,
    });
    const out: Record<string, number> = {};
    for (const row of res.rows.filter(rowExists)) {
      for (const [c, v] of Object.entries(attributesOf(row))) if (!c.startsWith('m_')) out[c] = (out[c] ?? 0) + num(v);
    }
    return out;
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
