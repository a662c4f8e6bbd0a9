/** What every API handler works with. */
import type { Counters } from './capacity.js';
import type { Catalog } from './catalog.js';
import type { Storage } from './storage.js';
import type { Transactions } from './transactions.js';

export interface Context {
  readonly storage: Storage;
  readonly catalog: Catalog;
  readonly transactions: Transactions;
  readonly counters: Counters;
}

/** A handler takes the raw protobuf request body and returns the protobuf response body. */
export type Handler = (ctx: Context, body: Buffer) => Buffer;

/** protobufjs hands `bytes` fields out as Buffers in Node; make sure of it without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
