/**
 * PutRow, UpdateRow and DeleteRow on one row, shared by the single-row APIs and BatchWriteRow.
 *
 * - PutRow replaces the whole row (every version of every column). A row may have no attribute columns.
 * - UpdateRow creates a missing row unless it only deletes, and removes a row it leaves without attribute
 *   columns (a PutRow may still store a row that has none); it is refused (400 OTSParameterInvalid) on a
 *   table whose option allow_update is false, also inside BatchWriteRow; PUT adds a version, DELETE removes one version
 *   (timestamp required), DELETE_ALL removes every version, INCREMENT adds to the newest INTEGER version
 *   (a missing column counts as 0).
 * - A cell without a timestamp gets the server time in ms; a given timestamp must lie in
 *   [max(now − max time deviation, now − time to live), now + max time deviation) (the service's range:
 *   an older cell would be expired on arrival), else 400 OTSParameterInvalid. Each column keeps the
 *   table's max versions newest versions.
 * - Return content: RT_PK returns the primary key (with the generated auto-increment value);
 *   RT_AFTER_MODIFY returns the primary key and the named columns' newest versions after the change
 *   (the incremented columns when none are named).
 */
import { checkCondition, needsRow } from './conditions.js';
import type { WriteCondition } from './conditions.js';
import type { Context } from './context.js';
import { errors } from './errors.js';
import { encodeKey, validatePk } from './keys.js';
import { LIMITS, isValidName } from './limits.js';
import { writeUnits } from './capacity.js';
import {
  OP_DELETE_ALL_VERSIONS, OP_DELETE_ONE_VERSION, OP_INCREMENT, OP_PUT, VT_AUTO_INCREMENT, VT_BLOB, VT_INTEGER, VT_STRING,
} from './plainbuffer/constants.js';
import type { ParsedRow, RequestCell } from './plainbuffer/reader.js';
import { encodePrimaryKey, encodeRow } from './plainbuffer/writer.js';
import type { ReturnContentMsg } from './proto.js';
import { ttlCutoff } from './reads.js';
import type { RowData, StoredRecord } from './rowdata.js';
import { fromRecord, liveCells, rowBytes, sortCells, toRecord } from './rowdata.js';
import { checkWritable, readRecord, writeRecord } from './rowstore.js';
import type { TableMeta } from './schema.js';
import type { Transaction } from './transactions.js';
import type { Cell, IntegerValue, KeyColumn, PkColumn } from './values.js';
import { valueSize } from './values.js';

const RT_NONE = 0;
const RT_PK = 1;
const RT_AFTER_MODIFY = 2;

export interface ReturnSpec {
  readonly type: number;
  readonly columns: readonly string[];
}

const RETURN_NONE: ReturnSpec = { type: RT_NONE, columns: [] };

export interface WriteResult {
  readonly read: number;
  readonly write: number;
  readonly row: Buffer | null;
}

export function parseReturn(msg: ReturnContentMsg | undefined | null): ReturnSpec {
  if (!msg || !msg.returnType) return RETURN_NONE;
  if (msg.returnType !== RT_PK && msg.returnType !== RT_AFTER_MODIFY) throw errors.invalidReturnType();
  return { type: msg.returnType, columns: msg.returnColumnNames ?? [] };
}

/** Capacity-unit bytes of what a request writes: primary key plus the named cells and their values. */
function requestBytes(pk: readonly PkColumn[], cells: readonly RequestCell[]): number {
  let size = 0;
  for (const col of pk) size += col.name.length + (col.value.v === null ? 8 : valueSize(col.value));
  for (const cell of cells) size += cell.name.length + (cell.value ? valueSize(cell.value) : 0);
  return size;
}

function checkCells(meta: TableMeta, cells: readonly RequestCell[], now: number, put: boolean): void {
  if (cells.length > LIMITS.columnsPerWrite) throw errors.tooManyColumnsWritten(cells.length, LIMITS.columnsPerWrite);
  const deviation = meta.options.maxTimeDeviation * 1000;
  const minTs = Math.max(0, now - deviation, ttlCutoff(meta, now));
  const maxTs = now + deviation;
  for (const cell of cells) {
    if (!isValidName(cell.name)) throw errors.invalidColumnName(cell.name);
    switch (cell.op) {
      case OP_PUT:
        if (cell.value === null) throw errors.invalidCellOperation(cell.name);
        break;
      case OP_INCREMENT:
        if (put) throw errors.invalidCellOperation(cell.name);
        if (cell.value === null || cell.value.t !== VT_INTEGER) throw errors.incrementNotInteger(cell.name);
        break;
      case OP_DELETE_ONE_VERSION:
        if (put || cell.value !== null) throw errors.invalidCellOperation(cell.name);
        if (cell.ts === null) throw errors.timestampRequiredForDelete(cell.name);
        continue;
      case OP_DELETE_ALL_VERSIONS:
        if (put || cell.value !== null || cell.ts !== null) throw errors.invalidCellOperation(cell.name);
        continue;
      default:
        throw errors.invalidCellOperation(cell.name);
    }
    if ((cell.value.t === VT_STRING || cell.value.t === VT_BLOB) && cell.value.v.length > LIMITS.attributeValueBytes) {
      throw errors.attributeValueTooLarge(cell.name, cell.value.v.length, LIMITS.attributeValueBytes);
    }
    if (cell.ts !== null && (cell.ts < minTs || cell.ts >= maxTs)) throw errors.timestampOutOfRange(cell.name, cell.ts, minTs, maxTs);
  }
}

/** Keeps the newest `maxVersions` versions of each column; cells must be sorted. */
function trimVersions(cells: Cell[], maxVersions: number): Cell[] {
  const out: Cell[] = [];
  let run = 0;
  for (let i = 0; i < cells.length; i++) {
    const prev = i > 0 ? cells[i - 1] : null;
    if (prev && prev.name === cells[i].name && prev.ts === cells[i].ts) continue;
    run = prev && prev.name === cells[i].name ? run + 1 : 1;
    if (run <= maxVersions) out.push(cells[i]);
  }
  return out;
}

/**
 * The current row with expired cells and versions beyond the table's max versions (left after UpdateTable
 * lowered it) removed; null if it does not exist.
 */
function currentRow(ctx: Context, meta: TableMeta, key: Buffer, txn: Transaction | null, now: number): RowData | null {
  const record: StoredRecord | undefined = readRecord(ctx, meta, key, txn);
  if (!record) return null;
  const data = fromRecord(record);
  if (data.cells.length === 0) return data;
  const kept = record.versions > meta.options.maxVersions ? trimVersions(data.cells, meta.options.maxVersions) : data.cells;
  const cells = liveCells(kept, ttlCutoff(meta, now));
  return cells.length > 0 ? { pk: data.pk, cells } : null;
}

export function putRow(
  ctx: Context, meta: TableMeta, parsed: ParsedRow, cond: WriteCondition, ret: ReturnSpec, txn: Transaction | null,
): WriteResult {
  validatePk(meta, parsed.pk, 'put');
  if (parsed.deleteMarker) throw errors.malformedPlainBuffer('a PutRow row must not carry the delete marker');
  const now = Date.now();
  checkCells(meta, parsed.cells, now, true);
  const bytes = requestBytes(parsed.pk, parsed.cells);
  if (bytes > LIMITS.rowBytes) throw errors.rowTooLarge(bytes, LIMITS.rowBytes);
  const cells = trimVersions(
    sortCells(parsed.cells.map((c) => ({ name: c.name, value: c.value!, ts: c.ts ?? now }))),
    meta.options.maxVersions,
  );
  const autoIndex = parsed.pk.findIndex((col) => col.value.t === VT_AUTO_INCREMENT);
  const apply = (pk: KeyColumn[]): WriteResult => {
    const key = encodeKey(pk);
    checkWritable(ctx, meta, key, pk[0].value, txn);
    let read = 0;
    if (needsRow(cond)) {
      read = 1;
      checkCondition(cond, pk, currentRow(ctx, meta, key, txn, now));
    }
    const record = toRecord(pk, cells);
    writeRecord(ctx, meta, key, record, txn, bytes);
    return { read, write: writeUnits(bytes), row: ret.type !== RT_NONE ? encodePrimaryKey(pk) : null };
  };
  if (autoIndex < 0) return apply(parsed.pk as KeyColumn[]);
  if (txn) throw errors.transactionWithAutoIncrement();
  return ctx.storage.write(() => {
    const value: IntegerValue = { t: VT_INTEGER, v: ctx.storage.nextAutoIncrement(meta, BigInt(now) * 1000n) };
    const pk = parsed.pk.map((col, i) => (i === autoIndex ? { name: col.name, value } : col)) as KeyColumn[];
    return apply(pk);
  });
}

export function updateRow(
  ctx: Context, meta: TableMeta, parsed: ParsedRow, cond: WriteCondition, ret: ReturnSpec, txn: Transaction | null,
): WriteResult {
  if (meta.options.allowUpdate === false) throw errors.updateNotAllowed(meta.name);
  validatePk(meta, parsed.pk, 'row');
  if (parsed.deleteMarker) throw errors.malformedPlainBuffer('an UpdateRow row must not carry the delete marker');
  if (parsed.cells.length === 0) throw errors.noColumnsInUpdate();
  const now = Date.now();
  checkCells(meta, parsed.cells, now, false);
  const bytes = requestBytes(parsed.pk, parsed.cells);
  if (bytes > LIMITS.rowBytes) throw errors.rowTooLarge(bytes, LIMITS.rowBytes);
  const pk = parsed.pk as KeyColumn[];
  const key = encodeKey(pk);
  checkWritable(ctx, meta, key, pk[0].value, txn);
  const current = currentRow(ctx, meta, key, txn, now);
  const increments = parsed.cells.some((c) => c.op === OP_INCREMENT);
  const read = needsRow(cond) || increments ? 1 : 0;
  checkCondition(cond, pk, current);

  const columns = new Map<string, Cell[]>();
  for (const cell of current ? current.cells : []) {
    const versions = columns.get(cell.name);
    if (versions) versions.push(cell);
    else columns.set(cell.name, [cell]);
  }
  const incremented: string[] = [];
  for (const op of parsed.cells) {
    const versions = columns.get(op.name) ?? [];
    switch (op.op) {
      case OP_PUT: {
        const ts = op.ts ?? now;
        columns.set(op.name, [{ name: op.name, value: op.value!, ts }, ...versions.filter((c) => c.ts !== ts)]);
        break;
      }
      case OP_DELETE_ONE_VERSION:
        columns.set(op.name, versions.filter((c) => c.ts !== op.ts));
        break;
      case OP_DELETE_ALL_VERSIONS:
        columns.delete(op.name);
        break;
      default: {
        const newest = versions.reduce<Cell | null>((best, c) => (best === null || c.ts > best.ts ? c : best), null);
        if (newest && newest.value.t !== VT_INTEGER) throw errors.incrementNotInteger(op.name);
        const base = newest ? (newest.value as IntegerValue).v : 0n;
        const value: IntegerValue = { t: VT_INTEGER, v: BigInt.asIntN(64, base + (op.value as IntegerValue).v) };
        const ts = op.ts ?? now;
        columns.set(op.name, [{ name: op.name, value, ts }, ...versions.filter((c) => c.ts !== ts)]);
        incremented.push(op.name);
      }
    }
  }
  const cells = trimVersions(sortCells([...columns.values()].flat()), meta.options.maxVersions);
  if (cells.length === 0) {
    if (current !== null) writeRecord(ctx, meta, key, null, txn, bytes);
  } else {
    const total = rowBytes(pk, cells);
    if (total > LIMITS.rowBytes) throw errors.rowTooLarge(total, LIMITS.rowBytes);
    writeRecord(ctx, meta, key, toRecord(pk, cells), txn, bytes);
  }

  let row: Buffer | null = null;
  if (ret.type === RT_PK) row = encodePrimaryKey(pk);
  else if (ret.type === RT_AFTER_MODIFY) {
    const wanted = new Set(ret.columns.length > 0 ? ret.columns : incremented);
    const newest: Cell[] = [];
    for (const cell of cells) {
      if (wanted.has(cell.name) && (newest.length === 0 || newest[newest.length - 1].name !== cell.name)) newest.push(cell);
    }
    row = encodeRow(pk, newest);
  }
  return { read, write: writeUnits(bytes), row };
}

export function deleteRow(
  ctx: Context, meta: TableMeta, parsed: ParsedRow, cond: WriteCondition, ret: ReturnSpec, txn: Transaction | null,
): WriteResult {
  validatePk(meta, parsed.pk, 'row');
  if (parsed.cells.length > 0) throw errors.malformedPlainBuffer('a DeleteRow row must not carry attribute columns');
  const now = Date.now();
  const pk = parsed.pk as KeyColumn[];
  const key = encodeKey(pk);
  checkWritable(ctx, meta, key, pk[0].value, txn);
  let read = 0;
  if (needsRow(cond)) {
    read = 1;
    checkCondition(cond, pk, currentRow(ctx, meta, key, txn, now));
  }
  const bytes = requestBytes(parsed.pk, []);
  writeRecord(ctx, meta, key, null, txn, bytes);
  return { read, write: writeUnits(bytes), row: ret.type !== RT_NONE ? encodePrimaryKey(pk) : null };
}
