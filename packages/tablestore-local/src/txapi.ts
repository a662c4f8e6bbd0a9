/** StartLocalTransaction, CommitTransaction, AbortTransaction (each charged 1 write CU). */
import type { Context, Handler } from './context.js';
import { asBuffer } from './context.js';
import { errors } from './errors.js';
import { encodeKey, validatePk } from './keys.js';
import { readRow } from './plainbuffer/reader.js';
import { decode, encode, messages } from './proto.js';
import { autoIncrementIndex } from './schema.js';
import type { KeyColumn } from './values.js';

export const startLocalTransaction: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.StartLocalTransactionRequest, body);
  const meta = ctx.catalog.require(msg.tableName);
  const parsed = readRow(asBuffer(msg.key));
  if (parsed.pk.length !== 1) throw errors.transactionOnlyPartitionKey();
  validatePk({ ...meta, primaryKey: meta.primaryKey.slice(0, 1) }, parsed.pk, 'row');
  if (autoIncrementIndex(meta) >= 0) throw errors.transactionWithAutoIncrement();
  const txn = ctx.transactions.start(meta, encodeKey(parsed.pk as KeyColumn[]).toString('latin1'));
  ctx.counters.record(meta.name, 'StartLocalTransaction', 0, 1);
  return encode(messages.StartLocalTransactionResponse, { transactionId: txn.id });
};

export const commitTransaction: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.CommitTransactionRequest, body);
  const txn = ctx.transactions.get(msg.transactionId);
  ctx.transactions.commit(txn.id, ctx.storage);
  ctx.counters.record(txn.table.name, 'CommitTransaction', 0, 1);
  return encode(messages.CommitTransactionResponse, {});
};

/** The SDK decodes this (empty, spec-correct) response with the wrong message and rejects it; see README. */
export const abortTransaction: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.AbortTransactionRequest, body);
  const txn = ctx.transactions.get(msg.transactionId);
  ctx.transactions.abort(txn.id);
  ctx.counters.record(txn.table.name, 'AbortTransaction', 0, 1);
  return encode(messages.AbortTransactionResponse, {});
};
