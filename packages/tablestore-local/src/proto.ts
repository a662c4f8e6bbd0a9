/**
 * The protobuf messages of the Tablestore API (package main.proto and filter.proto), taken from the
 * SDK's compiled module (tablestore/lib/protocol/tablestore_compiled_proto.js) so the server and the SDK
 * agree byte for byte. Only the request shapes the server reads are typed here.
 *
 * protobufjs decodes int64 fields as Long objects and leaves unset optional fields at their prototype
 * defaults ('' / empty bytes / 0); `has()` tells whether a field was sent.
 */
import { createRequire } from 'node:module';
import { errors } from './errors.js';

interface LongLike {
  toNumber(): number;
}
export type Int64 = number | LongLike;

interface Encoder {
  finish(): Uint8Array;
}

interface Codec<T> {
  decode(buf: Uint8Array): T;
  encode(message: object): Encoder;
}

interface CapacityUnitMsg { read?: number; write?: number }
interface TimeRangeMsg { startTime?: Int64; endTime?: Int64; specificTime?: Int64 }
export interface ConditionMsg { rowExistence: number; columnCondition?: Uint8Array }
export interface ReturnContentMsg { returnType?: number; returnColumnNames: string[] }
export interface TableOptionsMsg {
  timeToLive?: number; maxVersions?: number; deviationCellVersionInSec?: Int64; allowUpdate?: boolean;
}
export interface StreamSpecMsg { enableStream: boolean; expirationTime?: number }
interface PrimaryKeySchemaMsg { name: string; type: number; option?: number }
interface DefinedColumnSchemaMsg { name: string; type: number }
interface TableMetaMsg {
  tableName: string; primaryKey: PrimaryKeySchemaMsg[]; definedColumn: DefinedColumnSchemaMsg[]; indexMeta: object[];
}

export interface CreateTableRequest {
  tableMeta: TableMetaMsg; reservedThroughput: { capacityUnit: CapacityUnitMsg }; tableOptions?: TableOptionsMsg;
  streamSpec?: StreamSpecMsg; indexMetas: object[];
}
export interface UpdateTableRequest {
  tableName: string; reservedThroughput?: { capacityUnit: CapacityUnitMsg }; tableOptions?: TableOptionsMsg; streamSpec?: StreamSpecMsg;
}
export interface TableNameRequest { tableName: string }

export interface ReadOptionsMsg {
  columnsToGet: string[]; timeRange?: TimeRangeMsg; maxVersions?: number; filter?: Uint8Array;
  startColumn?: string; endColumn?: string;
}
export interface GetRowRequest extends ReadOptionsMsg { tableName: string; primaryKey: Uint8Array; transactionId?: string }
export interface PutRowRequest {
  tableName: string; row: Uint8Array; condition: ConditionMsg; returnContent?: ReturnContentMsg; transactionId?: string;
}
export interface UpdateRowRequest {
  tableName: string; rowChange: Uint8Array; condition: ConditionMsg; returnContent?: ReturnContentMsg; transactionId?: string;
}
export interface DeleteRowRequest {
  tableName: string; primaryKey: Uint8Array; condition: ConditionMsg; returnContent?: ReturnContentMsg; transactionId?: string;
}
export interface GetRangeRequest extends ReadOptionsMsg {
  tableName: string; direction: number; limit?: number; inclusiveStartPrimaryKey: Uint8Array;
  exclusiveEndPrimaryKey: Uint8Array; transactionId?: string;
}
interface TableInBatchGetRowRequest extends ReadOptionsMsg { tableName: string; primaryKey: Uint8Array[] }
export interface BatchGetRowRequest { tables: TableInBatchGetRowRequest[] }
interface RowInBatchWriteRowRequest {
  type: number; rowChange: Uint8Array; condition?: ConditionMsg; returnContent?: ReturnContentMsg;
}
interface TableInBatchWriteRowRequest { tableName: string; rows: RowInBatchWriteRowRequest[] }
export interface BatchWriteRowRequest { tables: TableInBatchWriteRowRequest[]; transactionId?: string }
export interface StartLocalTransactionRequest { tableName: string; key: Uint8Array }
export interface TransactionIdRequest { transactionId: string }

export interface FilterMsg { type: number; filter: Uint8Array }
export interface SingleColumnValueFilterMsg {
  comparator: number; columnName: string; columnValue: Uint8Array; filterIfMissing: boolean; latestVersionOnly: boolean;
}
export interface CompositeColumnValueFilterMsg { combinator: number; subFilters: FilterMsg[] }
export interface ColumnPaginationFilterMsg { offset: number; limit: number }

interface CompiledModule {
  main: { proto: Record<string, Codec<unknown>> };
  filter: { proto: Record<string, Codec<unknown>> };
}

const require = createRequire(import.meta.url);
const compiled = require('tablestore/lib/protocol/tablestore_compiled_proto.js') as CompiledModule;
const main = compiled.main.proto;
const filter = compiled.filter.proto;

function codec<T>(ns: Record<string, Codec<unknown>>, name: string): Codec<T> {
  const found = ns[name];
  if (!found) throw new Error(`protobuf message ${name} is missing from the SDK's compiled module`);
  return found as Codec<T>;
}

export const messages = {
  Error: codec<object>(main, 'Error'),
  CreateTableRequest: codec<CreateTableRequest>(main, 'CreateTableRequest'),
  UpdateTableRequest: codec<UpdateTableRequest>(main, 'UpdateTableRequest'),
  DescribeTableRequest: codec<TableNameRequest>(main, 'DescribeTableRequest'),
  DeleteTableRequest: codec<TableNameRequest>(main, 'DeleteTableRequest'),
  GetRowRequest: codec<GetRowRequest>(main, 'GetRowRequest'),
  PutRowRequest: codec<PutRowRequest>(main, 'PutRowRequest'),
  UpdateRowRequest: codec<UpdateRowRequest>(main, 'UpdateRowRequest'),
  DeleteRowRequest: codec<DeleteRowRequest>(main, 'DeleteRowRequest'),
  GetRangeRequest: codec<GetRangeRequest>(main, 'GetRangeRequest'),
  BatchGetRowRequest: codec<BatchGetRowRequest>(main, 'BatchGetRowRequest'),
  BatchWriteRowRequest: codec<BatchWriteRowRequest>(main, 'BatchWriteRowRequest'),
  StartLocalTransactionRequest: codec<StartLocalTransactionRequest>(main, 'StartLocalTransactionRequest'),
  CommitTransactionRequest: codec<TransactionIdRequest>(main, 'CommitTransactionRequest'),
  AbortTransactionRequest: codec<TransactionIdRequest>(main, 'AbortTransactionRequest'),
  CreateTableResponse: codec<object>(main, 'CreateTableResponse'),
  ListTableResponse: codec<object>(main, 'ListTableResponse'),
  DeleteTableResponse: codec<object>(main, 'DeleteTableResponse'),
  UpdateTableResponse: codec<object>(main, 'UpdateTableResponse'),
  DescribeTableResponse: codec<object>(main, 'DescribeTableResponse'),
  GetRangeResponse: codec<object>(main, 'GetRangeResponse'),
  BatchGetRowResponse: codec<object>(main, 'BatchGetRowResponse'),
  BatchWriteRowResponse: codec<object>(main, 'BatchWriteRowResponse'),
  StartLocalTransactionResponse: codec<object>(main, 'StartLocalTransactionResponse'),
  CommitTransactionResponse: codec<object>(main, 'CommitTransactionResponse'),
  AbortTransactionResponse: codec<object>(main, 'AbortTransactionResponse'),
  Filter: codec<FilterMsg>(filter, 'Filter'),
  SingleColumnValueFilter: codec<SingleColumnValueFilterMsg>(filter, 'SingleColumnValueFilter'),
  CompositeColumnValueFilter: codec<CompositeColumnValueFilterMsg>(filter, 'CompositeColumnValueFilter'),
  ColumnPaginationFilter: codec<ColumnPaginationFilterMsg>(filter, 'ColumnPaginationFilter'),
} as const;

/** Decodes a request; malformed input (including missing required fields) is 400 OTSParameterInvalid. */
export function decode<T>(codecOf: Codec<T>, body: Uint8Array): T {
  try {
    return codecOf.decode(body);
  } catch (error) {
    throw errors.malformedRequest(error instanceof Error ? error.message : String(error));
  }
}

export function encode(codecOf: Codec<unknown>, message: object): Buffer {
  const bytes = codecOf.encode(message).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Whether an optional field was present on the wire. */
export function has(message: object, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(message, field);
}

export function int64(value: Int64 | undefined): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** Hand-encoded `{ consumed = 1; row = 2 }`, shared by Get/Put/Update/DeleteRowResponse: the hot path. */
export function encodeRowResponse(read: number, write: number, row: Buffer | null): Buffer {
  // CapacityUnit { read = 1 (varint), write = 2 (varint) }
  const cu = Buffer.allocUnsafe(22);
  let n = 0;
  cu[n++] = 0x08;
  n = writeVarint(cu, n, read);
  cu[n++] = 0x10;
  n = writeVarint(cu, n, write);
  // ConsumedCapacity { capacity_unit = 1 }
  const consumedLen = 2 + n;
  const rowLen = row ? row.length : 0;
  const size = 2 + consumedLen + (row ? 1 + varintSize(rowLen) + rowLen : 0);
  const out = Buffer.allocUnsafe(size);
  let p = 0;
  out[p++] = 0x0a;
  out[p++] = consumedLen;
  out[p++] = 0x0a;
  out[p++] = n;
  cu.copy(out, p, 0, n);
  p += n;
  if (row) {
    out[p++] = 0x12;
    p = writeVarint(out, p, rowLen);
    row.copy(out, p);
  }
  return out;
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function writeVarint(buf: Buffer, pos: number, n: number): number {
  while (n >= 0x80) {
    buf[pos++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[pos++] = n;
  return pos;
}
