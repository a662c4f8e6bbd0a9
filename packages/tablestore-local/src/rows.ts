/** Single-row APIs: GetRow, PutRow, UpdateRow, DeleteRow. */
import { writeUnits } from './capacity.js';
import { parseWriteCondition } from './conditions.js';
import type { Context, Handler } from './context.js';
import { asBuffer } from './context.js';
import { OtsError } from './errors.js';
import { encodeKey, validatePk } from './keys.js';
import type { ReturnSpec, WriteResult } from './mutation.js';
import { deleteRow, parseReturn, putRow, updateRow } from './mutation.js';
import type { ParsedRow } from './plainbuffer/reader.js';
import { readRow } from './plainbuffer/reader.js';
import type { ConditionMsg, ReturnContentMsg } from './proto.js';
import { decode, encodeRowResponse, messages } from './proto.js';
import { parseReadOptions, project, readUnits, ttlCutoff } from './reads.js';
import { readRecord } from './rowstore.js';
import type { TableMeta } from './schema.js';
import type { Transaction } from './transactions.js';
import type { KeyColumn } from './values.js';
import type { WriteCondition } from './conditions.js';

const EMPTY = Buffer.alloc(0);

function transactionOf(ctx: Context, id: string | undefined): Transaction | null {
  return id ? ctx.transactions.get(id) : null;
}

export const getRow: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.GetRowRequest, body);
  const meta = ctx.catalog.require(msg.tableName);
  const parsed = readRow(asBuffer(msg.primaryKey));
  validatePk(meta, parsed.pk, 'row');
  const opts = parseReadOptions(msg, meta);
  const txn = transactionOf(ctx, msg.transactionId);
  const record = readRecord(ctx, meta, encodeKey(parsed.pk as KeyColumn[]), txn);
  const result = record ? project(record, opts, ttlCutoff(meta, Date.now())) : null;
  const read = readUnits(result ? result.bytes : 0);
  ctx.counters.record(meta.name, 'GetRow', read, 0);
  return encodeRowResponse(read, 0, result && result.row ? result.row : EMPTY);
};

type Mutation = (
  ctx: Context, meta: TableMeta, parsed: ParsedRow, cond: WriteCondition, ret: ReturnSpec, txn: Transaction | null,
) => WriteResult;

/**
 * Runs a write and charges it: a failed condition costs 1 read + 1 write, other failures nothing.
 * Shared with BatchWriteRow (per row, which passes the row already parsed).
 */
export function chargedWrite(
  ctx: Context, operation: string, meta: TableMeta, mutation: Mutation, row: Uint8Array | ParsedRow,
  condition: ConditionMsg | undefined, returnContent: ReturnContentMsg | undefined, txn: Transaction | null, calls = 1,
): WriteResult {
  try {
    const parsed = row instanceof Uint8Array ? readRow(asBuffer(row)) : row;
    const result = mutation(ctx, meta, parsed, parseWriteCondition(condition), parseReturn(returnContent), txn);
    ctx.counters.record(meta.name, operation, result.read, result.write, calls);
    return result;
  } catch (error) {
    if (error instanceof OtsError && error.code === 'OTSConditionCheckFail') ctx.counters.record(meta.name, operation, 1, writeUnits(0), calls);
    else ctx.counters.record(meta.name, operation, 0, 0, calls);
    throw error;
  }
}

export const putRowHandler: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.PutRowRequest, body);
  const meta = ctx.catalog.require(msg.tableName);
  const txn = transactionOf(ctx, msg.transactionId);
  const r = chargedWrite(ctx, 'PutRow', meta, putRow, msg.row, msg.condition, msg.returnContent, txn);
  return encodeRowResponse(r.read, r.write, r.row);
};

export const updateRowHandler: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.UpdateRowRequest, body);
  const meta = ctx.catalog.require(msg.tableName);
  const txn = transactionOf(ctx, msg.transactionId);
  const r = chargedWrite(ctx, 'UpdateRow', meta, updateRow, msg.rowChange, msg.condition, msg.returnContent, txn);
  return encodeRowResponse(r.read, r.write, r.row);
};

export const deleteRowHandler: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.DeleteRowRequest, body);
  const meta = ctx.catalog.require(msg.tableName);
  const txn = transactionOf(ctx, msg.transactionId);
  const r = chargedWrite(ctx, 'DeleteRow', meta, deleteRow, msg.primaryKey, msg.condition, msg.returnContent, txn);
  return encodeRowResponse(r.read, r.write, r.row);
};

export type { Mutation };
