/**
 * Table APIs: CreateTable, ListTable, DescribeTable, UpdateTable, DeleteTable.
 *
 * CreateTable takes 1-4 primary-key columns (INTEGER / STRING / BINARY), at most one auto-increment
 * INTEGER column that is not the partition key, table options (time to live -1 or >= 86400 s, max
 * versions >= 1, max time deviation > 0 s; defaults -1 / 1 / 86400) and reserved throughput. Secondary
 * indexes are refused. tablestore-local produces no stream records, so CreateTable and UpdateTable that
 * enable a stream are refused (400 OTSUnsupportOperation, as every API of a feature it lacks) and a
 * table never reports a stream as on; a stream specification with enableStream false is accepted.
 */
import type { Context, Handler } from './context.js';
import { errors } from './errors.js';
import { LIMITS, isValidName } from './limits.js';
import type { StreamSpecMsg, TableOptionsMsg } from './proto.js';
import { decode, encode, has, int64, messages } from './proto.js';
import type { DefinedColumn, PkSchema, PkType, StreamSettings, TableMeta, TableOptions } from './schema.js';

const AUTO_INCREMENT_OPTION = 1;
const TABLE_STATUS_ACTIVE = 1;
const DEFAULT_DEVIATION = 86400;

function checkOptions(options: TableOptions): void {
  if (options.timeToLive !== -1 && options.timeToLive < LIMITS.minTimeToLive) throw errors.invalidTimeToLive(options.timeToLive);
  if (options.maxVersions < 1) throw errors.invalidMaxVersions(options.maxVersions);
  if (options.maxTimeDeviation < 1) throw errors.invalidMaxTimeDeviation(options.maxTimeDeviation);
}

function mergeOptions(base: TableOptions, msg: TableOptionsMsg | undefined): TableOptions {
  if (!msg) return base;
  return {
    timeToLive: has(msg, 'timeToLive') ? msg.timeToLive! : base.timeToLive,
    maxVersions: has(msg, 'maxVersions') ? msg.maxVersions! : base.maxVersions,
    maxTimeDeviation: has(msg, 'deviationCellVersionInSec') ? int64(msg.deviationCellVersionInSec) : base.maxTimeDeviation,
    allowUpdate: has(msg, 'allowUpdate') ? msg.allowUpdate! : base.allowUpdate,
  };
}

const NO_STREAM: StreamSettings = { enabled: false, expirationTime: null, streamId: null, lastEnableTime: null };

/** Streams are not emulated: a specification that enables one is refused. */
function checkStream(spec: StreamSpecMsg | undefined): void {
  if (spec && spec.enableStream) throw errors.streamNotSupported();
}

function toPkSchema(primaryKey: Array<{ name: string; type: number; option?: number }>): PkSchema[] {
  if (primaryKey.length < 1 || primaryKey.length > 4) throw errors.pkCountOutOfRange(primaryKey.length);
  const seen = new Set<string>();
  let autoIncrements = 0;
  return primaryKey.map((col, i) => {
    if (!isValidName(col.name)) throw errors.invalidColumnName(col.name);
    if (seen.has(col.name)) throw errors.duplicatedPkName(col.name);
    seen.add(col.name);
    if (col.type !== 1 && col.type !== 2 && col.type !== 3) throw errors.invalidPkType(col.name);
    const autoIncrement = has(col, 'option') && col.option === AUTO_INCREMENT_OPTION;
    if (has(col, 'option') && col.option !== AUTO_INCREMENT_OPTION) throw errors.invalidAutoIncrement(col.name);
    if (autoIncrement) {
      autoIncrements++;
      if (i === 0 || col.type !== 1 || autoIncrements > 1) throw errors.invalidAutoIncrement(col.name);
    }
    return { name: col.name, type: col.type as PkType, autoIncrement };
  });
}

function describe(meta: TableMeta): object {
  const details: Record<string, unknown> = {
    capacityUnit: { read: meta.reservedRead, write: meta.reservedWrite },
    lastIncreaseTime: meta.lastIncreaseTime,
  };
  if (meta.lastDecreaseTime !== null) details.lastDecreaseTime = meta.lastDecreaseTime;
  const options: Record<string, unknown> = {
    timeToLive: meta.options.timeToLive,
    maxVersions: meta.options.maxVersions,
    deviationCellVersionInSec: meta.options.maxTimeDeviation,
  };
  if (meta.options.allowUpdate !== null) options.allowUpdate = meta.options.allowUpdate;
  // Never claims a stream, also for a table an older tablestore-local stored with one "enabled".
  return { reservedThroughputDetails: details, tableOptions: options, streamDetails: { enableStream: false } };
}

export const createTable: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.CreateTableRequest, body);
  const name = msg.tableMeta.tableName;
  if (!isValidName(name)) throw errors.invalidTableName(name);
  if (msg.indexMetas.length > 0 || msg.tableMeta.indexMeta.length > 0) throw errors.indexNotSupported();
  checkStream(msg.streamSpec);
  const primaryKey = toPkSchema(msg.tableMeta.primaryKey);
  const definedColumns: DefinedColumn[] = msg.tableMeta.definedColumn.map((col) => {
    if (!isValidName(col.name) || primaryKey.some((pk) => pk.name === col.name)) throw errors.invalidDefinedColumn(col.name);
    return { name: col.name, type: col.type };
  });
  const options = mergeOptions({ timeToLive: -1, maxVersions: 1, maxTimeDeviation: DEFAULT_DEVIATION, allowUpdate: null }, msg.tableOptions);
  checkOptions(options);
  const cu = msg.reservedThroughput.capacityUnit;
  const read = cu.read ?? 0;
  const write = cu.write ?? 0;
  if (read < 0 || write < 0) throw errors.invalidReservedThroughput();
  if (ctx.catalog.find(name)) throw errors.tableAlreadyExist();
  if (ctx.catalog.size >= LIMITS.tablesPerInstance) throw errors.tableQuotaExhausted(LIMITS.tablesPerInstance);
  const now = Date.now();
  const meta: TableMeta = {
    id: ctx.storage.nextTableId(),
    name,
    primaryKey,
    definedColumns,
    options,
    reservedRead: read,
    reservedWrite: write,
    lastIncreaseTime: Math.floor(now / 1000),
    lastDecreaseTime: null,
    stream: NO_STREAM,
    createdAt: now,
  };
  ctx.storage.createTable(meta);
  ctx.catalog.set(meta);
  ctx.counters.record(name, 'CreateTable', 0, 0);
  return encode(messages.CreateTableResponse, {});
};

export const listTable: Handler = (ctx: Context) => encode(messages.ListTableResponse, { tableNames: ctx.catalog.names() });

export const describeTable: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.DescribeTableRequest, body);
  const meta = ctx.catalog.require(msg.tableName);
  ctx.counters.record(meta.name, 'DescribeTable', 0, 0);
  return encode(messages.DescribeTableResponse, {
    tableMeta: {
      tableName: meta.name,
      primaryKey: meta.primaryKey.map((col) =>
        col.autoIncrement ? { name: col.name, type: col.type, option: AUTO_INCREMENT_OPTION } : { name: col.name, type: col.type }),
      definedColumn: meta.definedColumns.map((col) => ({ name: col.name, type: col.type })),
    },
    tableStatus: TABLE_STATUS_ACTIVE,
    ...describe(meta),
  });
};

export const updateTable: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.UpdateTableRequest, body);
  const meta = ctx.catalog.require(msg.tableName);
  checkStream(msg.streamSpec);
  const options = mergeOptions(meta.options, msg.tableOptions);
  checkOptions(options);
  const now = Date.now();
  let { reservedRead, reservedWrite, lastIncreaseTime, lastDecreaseTime } = meta;
  if (msg.reservedThroughput) {
    const cu = msg.reservedThroughput.capacityUnit;
    const read = has(cu, 'read') ? cu.read! : reservedRead;
    const write = has(cu, 'write') ? cu.write! : reservedWrite;
    if (read < 0 || write < 0) throw errors.invalidReservedThroughput();
    if (read > reservedRead || write > reservedWrite) lastIncreaseTime = Math.floor(now / 1000);
    if (read < reservedRead || write < reservedWrite) lastDecreaseTime = Math.floor(now / 1000);
    reservedRead = read;
    reservedWrite = write;
  }
  const updated: TableMeta = {
    ...meta,
    options,
    reservedRead,
    reservedWrite,
    lastIncreaseTime,
    lastDecreaseTime,
    stream: NO_STREAM,
  };
  ctx.storage.saveTable(updated);
  ctx.catalog.set(updated);
  ctx.counters.record(meta.name, 'UpdateTable', 0, 0);
  return encode(messages.UpdateTableResponse, describe(updated));
};

export const deleteTable: Handler = (ctx: Context, body: Buffer) => {
  const msg = decode(messages.DeleteTableRequest, body);
  const meta = ctx.catalog.require(msg.tableName);
  ctx.transactions.abortTable(meta.id);
  ctx.storage.dropTable(meta);
  ctx.catalog.remove(meta.name);
  ctx.counters.record(meta.name, 'DeleteTable', 0, 0);
  return encode(messages.DeleteTableResponse, {});
};
