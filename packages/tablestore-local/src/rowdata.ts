/**
 * Stored rows. A row is kept as the PlainBuffer bytes the service would return for it (primary key, then
 * every version of every attribute column sorted by name, newest first), so a plain GetRow or GetRange
 * sends the stored bytes unchanged. Beside the bytes the store keeps what decides whether that fast path
 * applies: the most versions any column has, the oldest timestamp (for time to live), and the row's size
 * in capacity-unit bytes.
 */
import { readRow } from './plainbuffer/reader.js';
import { encodeRow } from './plainbuffer/writer.js';
import type { Cell, KeyColumn } from './values.js';
import { valueSize } from './values.js';

export interface StoredRecord {
  readonly row: Buffer;
  /** Most versions held by any one column (0 for a row without attribute columns). */
  readonly versions: number;
  /** Capacity-unit bytes of the whole row: see rowBytes. */
  readonly size: number;
  /** Oldest cell timestamp; MAX_SAFE_INTEGER for a row without attribute columns. */
  readonly minTs: number;
}

export interface RowData {
  readonly pk: KeyColumn[];
  readonly cells: Cell[];
}

/**
 * Bytes a row counts for in capacity units: primary-key names and values plus attribute names and
 * values (INTEGER and DOUBLE 8 bytes, BOOLEAN 1, STRING and BINARY their byte length).
 */
export function rowBytes(pk: readonly KeyColumn[], cells: readonly Cell[]): number {
  let size = 0;
  for (const col of pk) size += col.name.length + valueSize(col.value);
  for (const cell of cells) size += cell.name.length + valueSize(cell.value);
  return size;
}

/** Cells in stored order: by name, then newest first. */
export function sortCells(cells: Cell[]): Cell[] {
  return cells.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : b.ts - a.ts));
}

export function toRecord(pk: readonly KeyColumn[], cells: readonly Cell[]): StoredRecord {
  let versions = 0;
  let run = 0;
  let minTs = Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < cells.length; i++) {
    run = i > 0 && cells[i - 1].name === cells[i].name ? run + 1 : 1;
    if (run > versions) versions = run;
    if (cells[i].ts < minTs) minTs = cells[i].ts;
  }
  return { row: encodeRow(pk, cells), versions, size: rowBytes(pk, cells), minTs };
}

export function fromRecord(record: StoredRecord): RowData {
  const parsed = readRow(record.row, false);
  return {
    pk: parsed.pk as KeyColumn[],
    cells: parsed.cells.map((c) => ({ name: c.name, value: c.value!, ts: c.ts ?? 0 })),
  };
}

/** Drops cells that time to live has expired. */
export function liveCells(cells: readonly Cell[], cutoff: number): Cell[] {
  return cutoff <= 0 ? (cells as Cell[]) : cells.filter((c) => c.ts >= cutoff);
}
