// The one place that creates a Tablestore client, plus the typed surface of the `tablestore` SDK
// (tablestore@5.6.5) that the store modules use and the SDK's error quirks.
//
// SDK facts encoded here:
// - Config key is `instancename` (all lower case); `instanceName` is silently ignored.
// - `maxRetries` sets a process-global retry count (default 20!) — keep it small; writes are never
//   retried anyway. Socket timeout defaults to none: always set httpOptions.timeout.
// - A JS number is written as DOUBLE; integers must be `Long.fromNumber(n)` (read back as Int64 objects).
// - Errors: `err.code` is the numeric HTTP status; the Tablestore error code (e.g. OTSConditionCheckFail)
//   only appears inside `err.message` (raw protobuf text).
// - Column names must be ASCII (the SDK corrupts non-ASCII names).
import TableStoreModule from 'tablestore';

/** A 64-bit integer as the SDK writes and reads it. */
interface Int64 {
  toNumber(): number;
  toString(radix?: number): string;
}
type PkMarker = Record<string, never>;
export type PkValue = string | Buffer | Int64 | PkMarker;
export type CellValue = string | number | boolean | Buffer | Int64;
/** `[{ kind: 'staff' }, { id: 'S1' }]` — one single-key object per PK column, in order. */
export type PrimaryKeyInput = Array<Record<string, PkValue>>;
/** `[{ col: value }]` */
export type AttributeInput = Array<Record<string, CellValue>>;
export interface UpdateColumnsEntry {
  PUT?: AttributeInput;
  DELETE_ALL?: string[];
  INCREMENT?: Array<Record<string, Int64>>;
}
export interface PkColumn {
  name: string;
  value: CellValue;
}
interface Attribute {
  columnName: string;
  columnValue: CellValue;
  timestamp: Int64 | null;
}
/** A row as the SDK returns it; `{}` (no primaryKey) when the row does not exist. */
export interface Row {
  primaryKey?: PkColumn[];
  attributes?: Attribute[];
}
interface Consumed {
  capacityUnit: { read?: number | null; write?: number | null };
}
export interface ColumnCondition {
  getType(): number;
}
export interface Condition {
  rowExistenceExpectation: number;
  columnCondition: ColumnCondition | null;
}
interface ReturnContent {
  returnType: number;
  returnColumns?: string[];
}
export interface PkSchema {
  name: string;
  type: 'INTEGER' | 'STRING' | 'BINARY';
}
export interface TableOptions {
  timeToLive?: number;
  maxVersions?: number;
  maxTimeDeviation?: number;
}
export interface CreateTableParams {
  tableMeta: { tableName: string; primaryKey: PkSchema[] };
  reservedThroughput: { capacityUnit: { read: number; write: number } };
  tableOptions: TableOptions;
}
export interface BatchWriteRowInput {
  type: 'PUT' | 'UPDATE' | 'DELETE';
  primaryKey: PrimaryKeyInput;
  attributeColumns?: AttributeInput | UpdateColumnsEntry[];
  condition: Condition;
  returnContent?: ReturnContent;
}
interface BatchRowResult {
  isOk: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  tableName: string;
  primaryKey: PkColumn[] | null;
  attributes: Attribute[] | null;
}

export interface OtsClient {
  createTable(p: CreateTableParams): Promise<unknown>;
  listTable(p: Record<string, never>): Promise<{ tableNames: string[] }>;
  deleteTable(p: { tableName: string }): Promise<unknown>;
  getRow(p: {
    tableName: string;
    primaryKey: PrimaryKeyInput;
    columnsToGet?: string[];
    maxVersions?: number;
  }): Promise<{ consumed: Consumed; row: Row }>;
  putRow(p: {
    tableName: string;
    primaryKey: PrimaryKeyInput;
    attributeColumns: AttributeInput;
    condition: Condition;
    returnContent?: ReturnContent;
  }): Promise<{ consumed: Consumed; row: Row }>;
  updateRow(p: {
    tableName: string;
    primaryKey: PrimaryKeyInput;
    updateOfAttributeColumns: UpdateColumnsEntry[];
    condition: Condition;
    returnContent?: ReturnContent;
  }): Promise<{ consumed: Consumed; row: Row }>;
  deleteRow(p: { tableName: string; primaryKey: PrimaryKeyInput; condition: Condition }): Promise<{ consumed: Consumed; row: Row }>;
  getRange(p: {
    tableName: string;
    direction: 'FORWARD' | 'BACKWARD';
    inclusiveStartPrimaryKey: PrimaryKeyInput;
    exclusiveEndPrimaryKey: PrimaryKeyInput;
    limit?: number;
    maxVersions?: number;
    columnsToGet?: string[];
    columnFilter?: ColumnCondition;
  }): Promise<{ consumed: Consumed; rows: Row[]; nextStartPrimaryKey: PkColumn[] | null }>;
  batchGetRow(p: {
    tables: Array<{ tableName: string; primaryKey: PrimaryKeyInput[]; maxVersions?: number; columnsToGet?: string[] }>;
  }): Promise<{ tables: BatchRowResult[][] }>;
  batchWriteRow(p: { tables: Array<{ tableName: string; rows: BatchWriteRowInput[] }> }): Promise<{ tables: BatchRowResult[] }>;
}

export interface OtsClientConfig {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Lower case, as the SDK reads it. */
  instancename: string;
  maxRetries?: number;
  httpOptions?: { timeout?: number; maxSockets?: number };
}

interface TableStoreSdk {
  Client: new (config: OtsClientConfig) => OtsClient;
  Long: { fromNumber(n: number): Int64; fromString(s: string): Int64 };
  INF_MIN: PkMarker;
  INF_MAX: PkMarker;
  Condition: new (rowExistence: number, columnCondition?: ColumnCondition | null) => Condition;
  SingleColumnCondition: new (
    columnName: string,
    columnValue: CellValue,
    comparator: number,
    passIfMissing?: boolean,
    latestVersionOnly?: boolean,
  ) => ColumnCondition;
  RowExistenceExpectation: { IGNORE: number; EXPECT_EXIST: number; EXPECT_NOT_EXIST: number };
  ComparatorType: { EQUAL: number; NOT_EQUAL: number; GREATER_THAN: number; GREATER_EQUAL: number; LESS_THAN: number; LESS_EQUAL: number };
  ReturnType: { NONE: number; Primarykey: number; AfterModify: number };
}

export const TableStore = TableStoreModule as TableStoreSdk;
export const Long = TableStore.Long;

export interface OtsEnv {
  OTS_ENDPOINT?: string;
  OTS_INSTANCE?: string;
  OTS_ACCESS_KEY_ID?: string;
  OTS_ACCESS_KEY_SECRET?: string;
  [key: string]: string | undefined;
}

/** Reads OTS_* configuration; throws naming the missing variables (never their values). */
export function otsConfigFromEnv(env: OtsEnv): OtsClientConfig {
  const missing = ['OTS_ENDPOINT', 'OTS_INSTANCE', 'OTS_ACCESS_KEY_ID', 'OTS_ACCESS_KEY_SECRET'].filter((k) => !env[k]);
  if (missing.length > 0) throw new Error(`Tablestore is not configured: ${missing.join(', ')} missing`);
  return {
    endpoint: env.OTS_ENDPOINT as string,
    instancename: env.OTS_INSTANCE as string,
    accessKeyId: env.OTS_ACCESS_KEY_ID as string,
    secretAccessKey: env.OTS_ACCESS_KEY_SECRET as string,
    // Reads are retried by the SDK on 5xx/network errors only; writes never. Keep request latency bounded.
    maxRetries: 2,
    httpOptions: { timeout: 10_000, maxSockets: 50 },
  };
}

export function createOtsClient(env: OtsEnv = process.env): OtsClient {
  return new TableStore.Client(otsConfigFromEnv(env));
}

/** The Tablestore error code inside an SDK rejection (e.g. 'OTSConditionCheckFail'), if any. */
export function otsErrorCode(err: unknown): string | undefined {
  const message = err instanceof Error ? err.message : typeof err === 'object' && err !== null ? String((err as { message?: unknown }).message) : String(err);
  return /OTS[A-Za-z]+/.exec(message)?.[0];
}

export const isConditionFailed = (err: unknown): boolean => otsErrorCode(err) === 'OTSConditionCheckFail';

export const expectNotExist = (): Condition => new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_NOT_EXIST, null);
export const expectExist = (col?: ColumnCondition): Condition =>
  new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_EXIST, col ?? null);
export const ignoreExistence = (): Condition => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
/** `column == value`; a missing column fails the check. */
export const columnEquals = (column: string, value: CellValue): ColumnCondition =>
  new TableStore.SingleColumnCondition(column, value, TableStore.ComparatorType.EQUAL, false);

/** Attribute columns of a row as a plain object: column name → latest value. */
export function attributesOf(row: Row): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const a of row.attributes ?? []) if (!(a.columnName in out)) out[a.columnName] = a.columnValue;
  return out;
}

export const rowExists = (row: Row | undefined): row is Row & { primaryKey: PkColumn[] } =>
  !!row && Array.isArray(row.primaryKey) && row.primaryKey.length > 0;
