/**
 * PlainBuffer writer for stored rows and responses (format and checksums: see reader.ts). The SDK checks
 * every cell and row CRC it reads, so these must be exact. Sizes are computed first and the buffer is
 * written once.
 */
import type { Cell, KeyColumn, Value } from '../values.js';
import { crcByte, crcBytes } from './crc8.js';
import {
  HEADER, TAG_CELL, TAG_CELL_CHECKSUM, TAG_CELL_NAME, TAG_CELL_TIMESTAMP, TAG_CELL_VALUE, TAG_ROW_CHECKSUM, TAG_ROW_DATA,
  TAG_ROW_PK, VT_BOOLEAN, VT_DOUBLE, VT_INTEGER,
} from './constants.js';

/** Bytes of `vt data`. */
function valueWireSize(value: Value): number {
  switch (value.t) {
    case VT_INTEGER:
    case VT_DOUBLE:
      return 9;
    case VT_BOOLEAN:
      return 2;
    default:
      return 5 + value.v.length;
  }
}

/** TAG_CELL + name + value (+ timestamp) + checksum. */
function cellSize(name: string, value: Value, withTs: boolean): number {
  return 1 + 5 + name.length + 5 + valueWireSize(value) + (withTs ? 9 : 0) + 2;
}

function rowSize(pk: readonly KeyColumn[], cells: readonly Cell[]): number {
  let size = 4 + 1 + 2;
  for (const col of pk) size += cellSize(col.name, col.value, false);
  if (cells.length > 0) {
    size += 1;
    for (const cell of cells) size += cellSize(cell.name, cell.value, true);
  }
  return size;
}

class Out {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  int32(n: number): void {
    this.buf.writeInt32LE(n, this.pos);
    this.pos += 4;
  }

  /** Writes a cell; returns its CRC. */
  cell(name: string, value: Value, ts: number | null): number {
    const buf = this.buf;
    this.byte(TAG_CELL);
    this.byte(TAG_CELL_NAME);
    this.int32(name.length);
    const nameStart = this.pos;
    this.pos += buf.write(name, this.pos, 'latin1');
    let crc = crcBytes(0, buf, nameStart, this.pos);
    this.byte(TAG_CELL_VALUE);
    this.int32(valueWireSize(value));
    const valueStart = this.pos;
    this.byte(value.t);
    switch (value.t) {
      case VT_INTEGER:
        buf.writeBigInt64LE(value.v, this.pos);
        this.pos += 8;
        break;
      case VT_DOUBLE:
        buf.writeDoubleLE(value.v, this.pos);
        this.pos += 8;
        break;
      case VT_BOOLEAN:
        this.byte(value.v ? 1 : 0);
        break;
      default:
        this.int32(value.v.length);
        value.v.copy(buf, this.pos);
        this.pos += value.v.length;
    }
    crc = crcBytes(crc, buf, valueStart, this.pos);
    if (ts !== null) {
      this.byte(TAG_CELL_TIMESTAMP);
      const tsStart = this.pos;
      const lo = ts % 4294967296;
      buf.writeUInt32LE(lo < 0 ? lo + 4294967296 : lo, this.pos);
      buf.writeInt32LE(Math.floor(ts / 4294967296), this.pos + 4);
      this.pos += 8;
      crc = crcBytes(crc, buf, tsStart, this.pos);
    }
    this.byte(TAG_CELL_CHECKSUM);
    this.byte(crc);
    return crc;
  }
}

/** A full row: header, primary key, attribute cells (with timestamps), row checksum. */
export function encodeRow(pk: readonly KeyColumn[], cells: readonly Cell[]): Buffer {
  const out = new Out(Buffer.allocUnsafe(rowSize(pk, cells)));
  out.int32(HEADER);
  out.byte(TAG_ROW_PK);
  let rowCrc = 0;
  for (const col of pk) rowCrc = crcByte(rowCrc, out.cell(col.name, col.value, null));
  if (cells.length > 0) {
    out.byte(TAG_ROW_DATA);
    for (const cell of cells) rowCrc = crcByte(rowCrc, out.cell(cell.name, cell.value, cell.ts));
  }
  rowCrc = crcByte(rowCrc, 0);
  out.byte(TAG_ROW_CHECKSUM);
  out.byte(rowCrc);
  return out.buf;
}

/** A primary-key-only row: RT_PK return rows and GetRange's next start primary key. */
export function encodePrimaryKey(pk: readonly KeyColumn[]): Buffer {
  return encodeRow(pk, []);
}

/**
 * Concatenates rows as GetRange returns them: one header, then each row without its own header.
 */
export function concatRows(rows: readonly Buffer[], totalBytes: number): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  const out = Buffer.allocUnsafe(totalBytes - 4 * (rows.length - 1));
  rows[0].copy(out, 0);
  let pos = rows[0].length;
  for (let i = 1; i < rows.length; i++) {
    rows[i].copy(out, pos, 4);
    pos += rows[i].length - 4;
  }
  return out;
}

