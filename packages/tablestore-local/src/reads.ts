/**
 * What a read returns of a stored row: columns to get, max versions, time range, start/end column,
 * column filter and time to live, shared by GetRow, GetRange and BatchGetRow.
 *
 * - Columns to get may name primary-key columns; the primary key is always returned with a row.
 * - A row none of whose requested columns exist is not returned (unless a primary-key column was asked).
 * - The filter sees what the read returns: a column left out of columns to get counts as missing.
 * - A filter has at most 10 sub-conditions and names no primary-key column (see filter.ts).
 * - Only the table's max versions newest versions of a column exist: after UpdateTable lowers max
 *   versions, older stored versions are never returned (the service removes them).
 */
import { errors } from './errors.js';
import type { ReadFilter } from './filter.js';
import { evaluate, parseReadFilter } from './filter.js';
import { LIMITS } from './limits.js';
import { encodeRow } from './plainbuffer/writer.js';
import type { ReadOptionsMsg } from './proto.js';
import { has, int64 } from './proto.js';
import type { StoredRecord } from './rowdata.js';
import { fromRecord, rowBytes } from './rowdata.js';
import type { TableMeta } from './schema.js';
import type { Cell } from './values.js';

export interface ReadOptions {
  /** Attribute columns to return; null = all. */
  readonly columns: ReadonlySet<string> | null;
  /** Whether columns to get named a primary-key column. */
  readonly wantsPk: boolean;
  readonly maxVersions: number;
  /** The table's max versions: stored versions beyond it (after UpdateTable lowered it) do not exist. */
  readonly tableMaxVersions: number;
  /** [start, end) in ms, or null. */
  readonly timeRange: readonly [number, number] | null;
  readonly startColumn: string | null;
  readonly endColumn: string | null;
  readonly filter: ReadFilter | null;
}

export interface ReadResult {
  /** PlainBuffer row, or null when nothing is returned. */
  readonly row: Buffer | null;
  /** Capacity-unit bytes of what was returned. */
  readonly bytes: number;
}

export function parseReadOptions(msg: ReadOptionsMsg, meta: TableMeta): ReadOptions {
  let columns: Set<string> | null = null;
  let wantsPk = false;
  if (msg.columnsToGet.length > 0) {
    if (msg.columnsToGet.length > LIMITS.columnsToGet) throw errors.tooManyColumnsToGet(msg.columnsToGet.length, LIMITS.columnsToGet);
    columns = new Set();
    for (const name of msg.columnsToGet) {
      if (meta.primaryKey.some((col) => col.name === name)) wantsPk = true;
      else columns.add(name);
    }
  }
  let timeRange: [number, number] | null = null;
  if (msg.timeRange) {
    const tr = msg.timeRange;
    if (has(tr, 'specificTime')) {
      const t = int64(tr.specificTime);
      if (t < 0) throw errors.invalidTimeRange();
      timeRange = [t, t + 1];
    } else if (has(tr, 'startTime') || has(tr, 'endTime')) {
      const start = has(tr, 'startTime') ? int64(tr.startTime) : 0;
      const end = has(tr, 'endTime') ? int64(tr.endTime) : Number.MAX_SAFE_INTEGER;
      if (start < 0 || end <= start) throw errors.invalidTimeRange();
      timeRange = [start, end];
    }
  }
  let maxVersions = Number.MAX_SAFE_INTEGER;
  if (has(msg, 'maxVersions')) {
    if (!msg.maxVersions || msg.maxVersions <= 0) throw errors.invalidMaxVersionsToGet();
    maxVersions = msg.maxVersions;
  } else if (!timeRange) {
    throw errors.neitherMaxVersionsNorTimeRange();
  }
  const filter = msg.filter && msg.filter.length > 0 ? parseReadFilter(msg.filter, new Set(meta.primaryKey.map((col) => col.name))) : null;
  return {
    columns,
    wantsPk,
    maxVersions,
    tableMaxVersions: meta.options.maxVersions,
    timeRange,
    startColumn: msg.startColumn ? msg.startColumn : null,
    endColumn: msg.endColumn ? msg.endColumn : null,
    filter,
  };
}

/** The oldest timestamp still alive under the table's time to live (0 = everything lives). */
export function ttlCutoff(meta: TableMeta, now: number): number {
  return meta.options.timeToLive > 0 ? now - meta.options.timeToLive * 1000 : 0;
}

function isPlain(opts: ReadOptions): boolean {
  return opts.columns === null && opts.timeRange === null && opts.filter === null && opts.startColumn === null && opts.endColumn === null;
}

const NOTHING: ReadResult = { row: null, bytes: 0 };

/** Applies the read options to one stored row. */
export function project(record: StoredRecord, opts: ReadOptions, cutoff: number): ReadResult {
  if (isPlain(opts) && record.versions <= Math.min(opts.maxVersions, opts.tableMaxVersions) && record.minTs >= cutoff) {
    return { row: record.row, bytes: record.size };
  }
  const data = fromRecord(record);
  const selected: Cell[] = [];
  let lastName = '';
  let versions = 0;
  let columnIndex = -1;
  let storedName = '';
  let stored = 0;
  const page = opts.filter && opts.filter.kind === 'pagination' ? opts.filter : null;
  for (const cell of data.cells) {
    if (cell.name !== storedName) {
      storedName = cell.name;
      stored = 0;
    }
    if (stored++ >= opts.tableMaxVersions) continue;
    if (cell.ts < cutoff) continue;
    if (opts.columns !== null && !opts.columns.has(cell.name)) continue;
    if (opts.startColumn !== null && cell.name < opts.startColumn) continue;
    if (opts.endColumn !== null && cell.name >= opts.endColumn) continue;
    if (opts.timeRange !== null && (cell.ts < opts.timeRange[0] || cell.ts >= opts.timeRange[1])) continue;
    if (cell.name !== lastName) {
      lastName = cell.name;
      versions = 0;
      columnIndex++;
    }
    if (versions >= opts.maxVersions) continue;
    if (page && (columnIndex < page.offset || columnIndex >= page.offset + page.limit)) continue;
    versions++;
    selected.push(cell);
  }
  if (opts.filter && opts.filter.kind !== 'pagination' && !evaluate(opts.filter, data.pk, selected)) return NOTHING;
  if (selected.length === 0) {
    const pkOnlyRow = opts.columns === null ? data.cells.length === 0 : opts.wantsPk;
    if (!pkOnlyRow) return NOTHING;
  }
  return { row: encodeRow(data.pk, selected), bytes: rowBytes(data.pk, selected) };
}

/** Read capacity units for returned bytes: 4 KB rounded up, at least 1. */
export function readUnits(bytes: number): number {
  return bytes <= 4096 ? 1 : Math.ceil(bytes / 4096);
}
