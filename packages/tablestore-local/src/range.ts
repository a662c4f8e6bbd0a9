/**
 * GetRange: a forward or backward scan of the key index from the inclusive start to the exclusive end
 * primary key (INF_MIN / INF_MAX allowed in any column).
 *
 * One call returns at most `limit` rows, and stops after 5000 rows or 4 MB scanned; whenever it stops
 * before the end of the range it sets `next_start_primary_key` to the first row not returned. Rows that
 * the read options leave empty (columns to get, filter) are scanned but not returned. Capacity: 4 KB of
 * scanned row data per read CU, at least 1. Through a transaction, the scan sees its write set.
 */
import type { Context, Handler } from './context.js';
import { asBuffer } from './context.js';
import { errors } from './errors.js';
import { encodeBound, encodeKey, validatePk } from './keys.js';
import { LIMITS } from './limits.js';
import { readRow } from './plainbuffer/reader.js';
import { concatRows, encodePrimaryKey } from './plainbuffer/writer.js';
import { decode, encode, has, messages } from './proto.js';
import type { ReadOptions } from './reads.js';
import { parseReadOptions, project, readUnits, ttlCutoff } from './reads.js';
import type { StoredRecord } from './rowdata.js';
import type { Transaction } from './transactions.js';
import type { KeyColumn } from './values.js';

const FORWARD = 0;
const BACKWARD = 1;

function isPlain(opts: ReadOptions): boolean {
  return opts.columns === null && opts.filter === null && opts.timeRange === null && opts.startColumn === null && opts.endColumn === null;
}

function inRange(key: Buffer, from: Buffer, to: Buffer, backward: boolean): boolean {
  return backward
    ? Buffer.compare(key, from) <= 0 && Buffer.compare(key, to) > 0
    : Buffer.compare(key, from) >= 0 && Buffer.compare(key, to) < 0;
}

interface Entry {
  readonly key: Buffer;
  readonly record: StoredRecord | null;
}

/** Merges the committed rows with a transaction's write set (which wins on equal keys; null = deleted). */
function* merge(committed: Iterator<StoredRecord>, staged: readonly Entry[], backward: boolean): Generator<StoredRecord> {
  const keyOf = (record: StoredRecord) => encodeKey(readRow(record.row, false).pk as KeyColumn[]);
  let i = 0;
  let next = committed.next();
  let nextKey = next.done ? null : keyOf(next.value);
  try {
    while (nextKey !== null || i < staged.length) {
      const order = nextKey === null ? 1 : i >= staged.length ? -1 : Buffer.compare(nextKey, staged[i].key) * (backward ? -1 : 1);
      if (order < 0) {
        yield next.value as StoredRecord;
      } else {
        const s = staged[i++];
        if (s.record) yield s.record;
        if (order > 0) continue;
      }
      next = committed.next();
      nextKey = next.done ? null : keyOf(next.value);
    }
  } finally {
    committed.return?.();
  }
}

function stagedInRange(txn: Transaction | null, tableId: number, from: Buffer, to: Buffer, backward: boolean): Entry[] {
  if (!txn || txn.table.id !== tableId || txn.writes.size === 0) return [];
  const staged = [...txn.writes.values()].filter((w) => inRange(w.key, from, to, backward));
  staged.sort((a, b) => Buffer.compare(a.key, b.key) * (backward ? -1 : 1));
  return staged;
}

export const getRange: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.GetRangeRequest, body);
  const meta = ctx.catalog.require(msg.tableName);
  if (msg.direction !== FORWARD && msg.direction !== BACKWARD) throw errors.invalidDirection();
  const backward = msg.direction === BACKWARD;
  const start = readRow(asBuffer(msg.inclusiveStartPrimaryKey));
  const end = readRow(asBuffer(msg.exclusiveEndPrimaryKey));
  validatePk(meta, start.pk, 'range');
  validatePk(meta, end.pk, 'range');
  if (has(msg, 'limit') && (msg.limit ?? 0) <= 0) throw errors.invalidLimit();
  const limit = Math.min(has(msg, 'limit') ? msg.limit! : LIMITS.rangeRows, LIMITS.rangeRows);
  const opts = parseReadOptions(msg, meta);
  const from = encodeBound(start.pk);
  const to = encodeBound(end.pk);
  const order = Buffer.compare(from, to);
  if (!backward && order >= 0) throw errors.beginNotLessThanEnd();
  if (backward && order <= 0) throw errors.beginNotMoreThanEnd();
  const txn = msg.transactionId ? ctx.transactions.get(msg.transactionId) : null;

  const staged = stagedInRange(txn, meta.id, from, to, backward);
  const scanLimit = (isPlain(opts) ? limit + 1 : LIMITS.rangeRows + 1) + staged.length;
  const committed = ctx.storage.scan(meta, from, to, backward, scanLimit);
  const entries = staged.length > 0 ? merge(committed, staged, backward) : committed;
  const cutoff = ttlCutoff(meta, Date.now());

  const rows: Buffer[] = [];
  let rowBytes = 0;
  let scanned = 0;
  let scannedBytes = 0;
  let nextStart: Buffer | null = null;
  for (const record of entries) {
    if (rows.length >= limit || scanned >= LIMITS.rangeRows || scannedBytes >= LIMITS.rangeBytes) {
      nextStart = encodePrimaryKey(readRow(record.row, false).pk as KeyColumn[]);
      break;
    }
    scanned++;
    scannedBytes += record.size;
    const result = project(record, opts, cutoff);
    if (result.row) {
      rows.push(result.row);
      rowBytes += result.row.length;
    }
  }
  const read = readUnits(scannedBytes);
  ctx.counters.record(meta.name, 'GetRange', read, 0);
  const response: Record<string, unknown> = {
    consumed: { capacityUnit: { read, write: 0 } },
    rows: concatRows(rows, rowBytes),
  };
  if (nextStart) response.nextStartPrimaryKey = nextStart;
  return encode(messages.GetRangeResponse, response);
};
