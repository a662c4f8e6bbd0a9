// Test support of tablestore-local's own suites: starts the server on a free port in a fresh temp
// directory and hands out real `tablestore` SDK clients (no mocks), typed below by what these tests use
// (the SDK ships no types; this package has no other typing of it).
//
// SDK facts this file encodes (tablestore@5.6.5):
// - The SDK never parses error codes: `err.code` is the numeric HTTP status and `err.message` is the raw
//   protobuf `Error` body as text (e.g. "\n\u0015OTSConditionCheckFail\u0012..."), so codes are read from
//   the message.
// - `abortTransaction` decodes its response with the wrong message type and rejects a correct response
//   with "missing required 'transactionId'"; `abortTransaction()` below treats exactly that as success.
// - The config key is `instancename` (lower case); `maxRetries` sets a process-global retry count.
import { createRequire } from 'node:module';
import type { TablestoreLocal } from '../../src/index.js';
import { startTestServer, tableDefinition, type TestServerOptions } from '../../src/testing.js';

const require = createRequire(import.meta.url);

/** A 64-bit integer as the SDK writes and reads it (`int64-buffer` Int64LE). */
export interface Int64 {
  toNumber(): number;
  toString(radix?: number): string;
  toBuffer(): Buffer;
}

/** Marker objects: TableStore.INF_MIN, INF_MAX, PK_AUTO_INCR. */
type PkMarker = Record<string, never>;
export type PkValue = string | Buffer | Int64 | PkMarker;
export type CellValue = string | number | boolean | Buffer | Int64;
// `| undefined` only because TypeScript widens `[{ a: 1 }, { b: 2 }]` to `{ a: number; b?: undefined }[]`.
/** `[{ pk1: 'a' }, { pk2: Long.fromNumber(1) }]` — one single-key object per PK column, in order. */
export type PrimaryKeyInput = Array<Record<string, PkValue | undefined>>;
/** `[{ col: value }]` or `[{ col: value, timestamp: ms }]` (the column name must be the first key). */
export type AttributeInput = Array<Record<string, CellValue | undefined>>;
interface UpdateColumnsEntry {
  PUT?: AttributeInput;
  /** `{ col: timestamp }`: remove one version. */
  DELETE?: Array<Record<string, number | Int64>>;
  DELETE_ALL?: string[];
  INCREMENT?: Array<Record<string, Int64>>;
}

interface PkColumn { name: string; value: CellValue }
interface Attribute { columnName: string; columnValue: CellValue; timestamp: Int64 | null }
/** A row as the SDK returns it; `{}` (no primaryKey) when the row does not exist. */
export interface Row { primaryKey?: PkColumn[]; attributes?: Attribute[] }
export interface CapacityUnit { read?: number | null; write?: number | null }
interface Consumed { capacityUnit: CapacityUnit }

export interface ColumnCondition { getType(): number }
interface CompositeCondition extends ColumnCondition { addSubCondition(c: ColumnCondition): void }
export interface Condition { rowExistenceExpectation: number; columnCondition: ColumnCondition | null }
interface ReturnContent { returnType: number; returnColumns?: string[] }
interface TimeRange { startTime?: number | string; endTime?: number | string; specificTime?: number | string }

interface ReadOptions {
  columnsToGet?: string[];
  maxVersions?: number;
  timeRange?: TimeRange;
  columnFilter?: ColumnCondition;
  transactionId?: string;
}
interface GetRowParams extends ReadOptions { tableName: string; primaryKey: PrimaryKeyInput }
interface PutRowParams {
  tableName: string; primaryKey: PrimaryKeyInput; attributeColumns: AttributeInput; condition: Condition;
  returnContent?: ReturnContent; transactionId?: string;
}
interface UpdateRowParams {
  tableName: string; primaryKey: PrimaryKeyInput; updateOfAttributeColumns: UpdateColumnsEntry[];
  condition: Condition; returnContent?: ReturnContent; transactionId?: string;
}
interface DeleteRowParams {
  tableName: string; primaryKey: PrimaryKeyInput; condition: Condition; returnContent?: ReturnContent;
  transactionId?: string;
}
export interface GetRangeParams extends ReadOptions {
  tableName: string; direction: 'FORWARD' | 'BACKWARD';
  inclusiveStartPrimaryKey: PrimaryKeyInput; exclusiveEndPrimaryKey: PrimaryKeyInput; limit?: number;
}
interface BatchGetTable extends ReadOptions { tableName: string; primaryKey: PrimaryKeyInput[] }
export interface BatchWriteRowInput {
  type: 'PUT' | 'UPDATE' | 'DELETE';
  primaryKey: PrimaryKeyInput;
  /** PUT: AttributeInput; UPDATE: UpdateColumnsEntry[]; DELETE: omitted. */
  attributeColumns?: AttributeInput | UpdateColumnsEntry[];
  condition: Condition;
  returnContent?: ReturnContent;
}
interface BatchRowResult {
  isOk: boolean; errorCode: string | null; errorMessage: string | null; tableName: string;
  capacityUnit: CapacityUnit | ''; primaryKey: PkColumn[] | null; attributes: Attribute[] | null;
}
export interface PkSchema { name: string; type: 'INTEGER' | 'STRING' | 'BINARY'; option?: 'AUTO_INCREMENT' }
export interface TableOptions { timeToLive?: number; maxVersions?: number; maxTimeDeviation?: number; allowUpdate?: boolean }
interface CreateTableParams {
  tableMeta: { tableName: string; primaryKey: PkSchema[] };
  reservedThroughput: { capacityUnit: { read: number; write: number } };
  tableOptions: TableOptions;
  streamSpecification?: { enableStream: boolean; expirationTime?: number };
}
interface DescribeTableResult {
  tableMeta: { tableName: string; primaryKey: Array<{ name: string; type: number; option?: number | null }> };
  reservedThroughputDetails: { capacityUnit: CapacityUnit };
  tableOptions: { timeToLive?: number | null; maxVersions?: number | null; deviationCellVersionInSec?: Int64 | number | null };
  tableStatus: number;
}

export interface OtsClient {
  createTable(p: CreateTableParams): Promise<unknown>;
  listTable(p: Record<string, never>): Promise<{ tableNames: string[] }>;
  deleteTable(p: { tableName: string }): Promise<unknown>;
  describeTable(p: { tableName: string }): Promise<DescribeTableResult>;
  updateTable(p: {
    tableName: string; tableOptions: TableOptions;
    reservedThroughput?: { capacityUnit: { read: number; write: number } };
  }): Promise<{ tableOptions: DescribeTableResult['tableOptions'] }>;
  getRow(p: GetRowParams): Promise<{ consumed: Consumed; row: Row }>;
  putRow(p: PutRowParams): Promise<{ consumed: Consumed; row: Row }>;
  updateRow(p: UpdateRowParams): Promise<{ consumed: Consumed; row: Row }>;
  deleteRow(p: DeleteRowParams): Promise<{ consumed: Consumed; row: Row }>;
  getRange(p: GetRangeParams): Promise<{ consumed: Consumed; rows: Row[]; nextStartPrimaryKey: PkColumn[] | null }>;
  batchGetRow(p: { tables: BatchGetTable[] }): Promise<{ tables: BatchRowResult[][] }>;
  batchWriteRow(p: {
    tables: Array<{ tableName: string; rows: BatchWriteRowInput[] }>; transactionId?: string;
  }): Promise<{ tables: BatchRowResult[] }>;
  startLocalTransaction(p: { tableName: string; primaryKey: PrimaryKeyInput }): Promise<{ transactionId: string }>;
  commitTransaction(p: { transactionId: string }): Promise<unknown>;
  abortTransaction(p: { transactionId: string }): Promise<unknown>;
}

interface ClientConfig {
  endpoint: string; accessKeyId: string; secretAccessKey: string; instancename: string;
  maxRetries?: number; httpOptions?: { timeout?: number; maxSockets?: number };
}

interface TableStoreModule {
  Client: new (config: ClientConfig) => OtsClient;
  Long: { fromNumber(n: number): Int64; fromString(s: string): Int64 };
  INF_MIN: PkMarker; INF_MAX: PkMarker; PK_AUTO_INCR: PkMarker;
  Condition: new (rowExistence: number, columnCondition?: ColumnCondition | null) => Condition;
  SingleColumnCondition: new (
    columnName: string, columnValue: CellValue, comparator: number, passIfMissing?: boolean, latestVersionOnly?: boolean,
  ) => ColumnCondition;
  CompositeCondition: new (combinator: number) => CompositeCondition;
  ColumnPaginationFilter: new (limit: number, offset?: number) => ColumnCondition;
  RowExistenceExpectation: { IGNORE: number; EXPECT_EXIST: number; EXPECT_NOT_EXIST: number };
  ComparatorType: {
    EQUAL: number; NOT_EQUAL: number; GREATER_THAN: number; GREATER_EQUAL: number; LESS_THAN: number; LESS_EQUAL: number;
  };
  LogicalOperator: { NOT: number; AND: number; OR: number };
  ReturnType: { NONE: number; Primarykey: number; AfterModify: number };
}

/** The real SDK module (CommonJS, untyped upstream; typed here by what the tests use). */
export const TableStore = require('tablestore') as TableStoreModule;
export const Long = TableStore.Long;

export type StartOtsOptions = TestServerOptions;

export interface OtsHarness {
  server: TablestoreLocal;
  dataDir: string;
  /** A real TableStore.Client for this server, with maxRetries 0 (so failures show at once). */
  client(overrides?: Partial<ClientConfig>): OtsClient;
  /** A table name that no other test in this run uses. */
  uniqueTable(prefix: string): string;
  /** Stops the server; removes the data dir when the harness created it. */
  stop(): Promise<void>;
}

export async function startOts(opts: StartOtsOptions = {}): Promise<OtsHarness> {
  const t = await startTestServer(opts);
  return { ...t, client: (overrides = {}) => new TableStore.Client({ ...t.connection, ...overrides }) };
}

/** Creates a table with the given PK columns (`[['pk', 'STRING'], ...]`), max versions 1 and no TTL by default. */
export async function createTable(
  client: OtsClient, tableName: string, primaryKey: Array<[string, PkSchema['type']] | PkSchema>,
  tableOptions: TableOptions = {},
): Promise<void> {
  await client.createTable(tableDefinition(tableName, primaryKey, { ...tableOptions }) as CreateTableParams);
}

export interface OtsErrorInfo {
  /** HTTP status (the SDK's `err.code`) or the SDK's own string code. */
  status: number | string | undefined;
  /** Tablestore error code read from the raw body text, e.g. 'OTSConditionCheckFail'. */
  code: string | undefined;
  message: string;
}

/** Reads the HTTP status and the Tablestore error code from an SDK rejection. */
export function otsError(err: unknown): OtsErrorInfo {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const status = typeof e.code === 'number' || typeof e.code === 'string' ? e.code : undefined;
  const code = /OTS[A-Za-z]+/.exec(message)?.[0];
  return { status, code, message };
}

/** True when the SDK rejection carries the given Tablestore error code (e.g. 'OTSConditionCheckFail'). */
export function isOtsError(err: unknown, code: string): boolean {
  return otsError(err).code === code;
}

/** Condition helpers: the SDK requires a condition on every single-row write. */
export const ignore = (col?: ColumnCondition): Condition =>
  new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, col ?? null);
export const expectExist = (col?: ColumnCondition): Condition =>
  new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_EXIST, col ?? null);
export const expectNotExist = (col?: ColumnCondition): Condition =>
  new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_NOT_EXIST, col ?? null);

const ABORT_DECODE_BUG = "missing required 'transactionId'";

/** abortTransaction that works around the SDK decoding a correct (empty) response as an error. */
export async function abortTransaction(client: OtsClient, transactionId: string): Promise<void> {
  try {
    await client.abortTransaction({ transactionId });
  } catch (err) {
    if (otsError(err).message.includes(ABORT_DECODE_BUG)) return;
    throw err;
  }
}

/** Attribute columns of a row as a plain object: column name → latest value. */
export function attrs(row: Row): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const a of row.attributes ?? []) if (!(a.columnName in out)) out[a.columnName] = a.columnValue;
  return out;
}

/** Primary key of a row as a plain object: column name → value. */
export function pkOf(row: Row): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const c of row.primaryKey ?? []) out[c.name] = c.value;
  return out;
}
