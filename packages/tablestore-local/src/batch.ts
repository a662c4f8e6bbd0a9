/**
 * BatchGetRow (at most 100 rows) and BatchWriteRow (at most 200 rows, 4 MB). Rows succeed or fail one by
 * one: a row's error (wrong primary key, failed condition, missing table) comes back in its result as
 * is_ok = false with the error code and message, in request order. An empty request, an empty table
 * entry, too many rows, or two rows of one table with the same primary key (the service: "tables中任一表
 * 中存在主键完全相同的请求" is a request error) fail the whole request (400 OTSParameterInvalid) before
 * anything is written. BatchGetRow takes no transaction; BatchWriteRow with a transaction id may only
 * write the transaction's table.
 */
import type { Context, Handler } from './context.js';
import { asBuffer } from './context.js';
import { OtsError, errors } from './errors.js';
import { encodeKey, validatePk } from './keys.js';
import { LIMITS } from './limits.js';
import type { Mutation } from './rows.js';
import { chargedWrite } from './rows.js';
import { deleteRow, putRow, updateRow } from './mutation.js';
import type { ParsedRow } from './plainbuffer/reader.js';
import { readRow } from './plainbuffer/reader.js';
import { decode, encode, messages } from './proto.js';
import { parseReadOptions, project, readUnits, ttlCutoff } from './reads.js';
import type { KeyColumn } from './values.js';

const MUTATIONS: Record<number, Mutation> = { 1: putRow, 2: updateRow, 3: deleteRow };

function failure(error: unknown): object {
  const e = error instanceof OtsError ? error : errors.internal();
  return { isOk: false, error: { code: e.code, message: e.message } };
}

/** A row's PlainBuffer parsed once, or why it could not be (reported as that row's error). */
type ParsedOrError = { readonly row: ParsedRow } | { readonly error: unknown };

function parseRows(rows: ReadonlyArray<{ rowChange: Uint8Array }>): ParsedOrError[] {
  return rows.map((r) => {
    try {
      return { row: readRow(asBuffer(r.rowChange)) };
    } catch (error) {
      return { error };
    }
  });
}

/**
 * Throws when two rows of one table name the same primary key. Rows whose key holds a placeholder
 * (an auto-increment column gets a new value per row) or does not parse are left to their own checks.
 */
function checkDistinctKeys(tableName: string, rows: readonly ParsedOrError[]): void {
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!('row' in r)) return;
    const pk = r.row.pk;
    if (pk.some((col) => col.value.v === null)) return; // INF_MIN / INF_MAX / AUTO_INCREMENT
    const key = `${pk.map((col) => col.name).join('\u0000')}\u0000${encodeKey(pk as KeyColumn[]).toString('latin1')}`;
    const first = seen.get(key);
    if (first !== undefined) throw errors.batchRowDuplicated(tableName, i, first);
    seen.set(key, i);
  });
}

function checkTableNames(names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw errors.batchTableDuplicated(name);
    seen.add(name);
  }
}

export const batchGetRow: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.BatchGetRowRequest, body);
  let total = 0;
  for (const table of msg.tables) total += table.primaryKey.length;
  if (total === 0) throw errors.batchGetEmpty();
  if (total > LIMITS.batchGetRows) throw errors.batchGetTooManyRows(total, LIMITS.batchGetRows);
  checkTableNames(msg.tables.map((t) => t.tableName));
  const now = Date.now();
  const tables = msg.tables.map((table) => {
    if (table.primaryKey.length === 0) throw errors.batchTableEmpty(table.tableName);
    let meta;
    try {
      meta = ctx.catalog.require(table.tableName);
    } catch (error) {
      return { tableName: table.tableName, rows: table.primaryKey.map(() => failure(error)) };
    }
    const opts = parseReadOptions(table, meta);
    const cutoff = ttlCutoff(meta, now);
    let readTotal = 0;
    const rows = table.primaryKey.map((pkBytes) => {
      try {
        const parsed = readRow(asBuffer(pkBytes));
        validatePk(meta, parsed.pk, 'row');
        const record = ctx.storage.get(meta, encodeKey(parsed.pk as KeyColumn[]));
        const result = record ? project(record, opts, cutoff) : null;
        const read = readUnits(result ? result.bytes : 0);
        readTotal += read;
        const row: Record<string, unknown> = { isOk: true, consumed: { capacityUnit: { read, write: 0 } } };
        if (result && result.row) row.row = result.row;
        return row;
      } catch (error) {
        return failure(error);
      }
    });
    ctx.counters.record(meta.name, 'BatchGetRow', readTotal, 0);
    return { tableName: table.tableName, rows };
  });
  return encode(messages.BatchGetRowResponse, { tables });
};

export const batchWriteRow: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.BatchWriteRowRequest, body);
  if (msg.tables.length === 0) throw errors.batchWriteEmpty();
  let total = 0;
  let bytes = 0;
  for (const table of msg.tables) {
    if (table.rows.length === 0) throw errors.batchTableEmpty(table.tableName);
    total += table.rows.length;
    for (const row of table.rows) bytes += row.rowChange.length;
  }
  if (total > LIMITS.batchWriteRows) throw errors.batchWriteTooManyRows(total, LIMITS.batchWriteRows);
  if (bytes > LIMITS.batchWriteBytes) throw errors.batchWriteTooLarge(bytes, LIMITS.batchWriteBytes);
  checkTableNames(msg.tables.map((t) => t.tableName));
  const txn = msg.transactionId ? ctx.transactions.get(msg.transactionId) : null;
  if (txn && msg.tables.some((t) => t.tableName !== txn.table.name)) throw errors.transactionOtherTable();
  const parsedRows = msg.tables.map((table) => parseRows(table.rows));
  msg.tables.forEach((table, i) => checkDistinctKeys(table.tableName, parsedRows[i]));

  const tables = msg.tables.map((table, t) => {
    let meta;
    try {
      meta = ctx.catalog.require(table.tableName);
    } catch (error) {
      return { tableName: table.tableName, rows: table.rows.map(() => failure(error)) };
    }
    ctx.counters.record(meta.name, 'BatchWriteRow', 0, 0);
    const rows = table.rows.map((row, i) => {
      try {
        const mutation = MUTATIONS[row.type];
        if (!mutation) throw errors.invalidBatchOperation();
        const parsed = parsedRows[t][i];
        if (!('row' in parsed)) throw parsed.error;
        const r = chargedWrite(ctx, 'BatchWriteRow', meta, mutation, parsed.row, row.condition, row.returnContent, txn, 0);
        const out: Record<string, unknown> = { isOk: true, consumed: { capacityUnit: { read: r.read, write: r.write } } };
        if (r.row) out.row = r.row;
        return out;
      } catch (error) {
        return failure(error);
      }
    });
    return { tableName: table.tableName, rows };
  });
  return encode(messages.BatchWriteRowResponse, { tables });
};
