/**
 * Row access that honours local transactions: reads through a transaction see its write set over the
 * committed rows; writes without a transaction are refused on a locked partition; writes with one are
 * staged in it and must stay in its table and partition key.
 */
import type { Context } from './context.js';
import { errors } from './errors.js';
import { partitionOf } from './keys.js';
import type { StoredRecord } from './rowdata.js';
import type { TableMeta } from './schema.js';
import type { Transaction } from './transactions.js';
import type { Value } from './values.js';

export function readRecord(ctx: Context, meta: TableMeta, key: Buffer, txn: Transaction | null): StoredRecord | undefined {
  if (txn && txn.table.id === meta.id && txn.writes.size > 0) {
    const staged = txn.writes.get(key.toString('latin1'));
    if (staged) return staged.record ?? undefined;
  }
  return ctx.storage.get(meta, key);
}

/** Throws unless the row may be written: lock conflicts and transaction scope. */
export function checkWritable(ctx: Context, meta: TableMeta, key: Buffer, partitionKey: Value, txn: Transaction | null): void {
  if (txn) {
    if (txn.table.id !== meta.id) throw errors.transactionOtherTable();
    if (partitionOf(key, partitionKey) !== txn.partition) throw errors.transactionOutOfRange();
    return;
  }
  if (ctx.transactions.active && ctx.transactions.lockedBy(meta.id, partitionOf(key, partitionKey))) {
    throw errors.rowOperationConflict();
  }
}

/** Writes (record) or deletes (null) a row, directly or into the transaction. */
export function writeRecord(
  ctx: Context, meta: TableMeta, key: Buffer, record: StoredRecord | null, txn: Transaction | null, bytes: number,
): void {
  if (txn) {
    ctx.transactions.stage(txn, key, record, bytes);
    return;
  }
  if (record) ctx.storage.put(meta, key, record);
  else ctx.storage.delete(meta, key);
}
