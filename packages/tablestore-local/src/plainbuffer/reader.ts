/**
 * PlainBuffer reader for request rows and stored rows.
 *
 *   plainbuffer = int32LE 0x75, row
 *   row  = [0x01 cell…] [0x02 cell…] [0x08] 0x09 rowCrc
 *   cell = 0x03 0x04 int32LE nameLen name [0x05 int32LE total vt data] [0x06 op] [0x07 int64LE ts] 0x0A cellCrc
 *
 * The SDK's own reader fails on INF_MIN/INF_MAX/AUTO_INCREMENT and on cell operations, and the SDK pads
 * request buffers with trailing zero bytes, so this reader stops at the row checksum and ignores the rest.
 * Cell CRC = crc8 over name bytes, vt + value bytes, timestamp bytes, then the op byte (after the
 * timestamp although it comes first on the wire). Row CRC = crc8 over the cell CRCs, then 1 or 0 for
 * the delete marker.
 */
import { errors } from '../errors.js';
import type { PkColumn, PkValue, Value } from '../values.js';
import { AUTO_INCREMENT, INF_MAX, INF_MIN } from '../values.js';
import { crcByte, crcBytes } from './crc8.js';
import {
  HEADER, OP_PUT, TAG_CELL, TAG_CELL_CHECKSUM, TAG_CELL_NAME, TAG_CELL_TIMESTAMP, TAG_CELL_TYPE, TAG_CELL_VALUE,
  TAG_DELETE_ROW_MARKER, TAG_ROW_CHECKSUM, TAG_ROW_DATA, TAG_ROW_PK, VT_AUTO_INCREMENT, VT_BLOB, VT_BOOLEAN, VT_DOUBLE,
  VT_INF_MAX, VT_INF_MIN, VT_INTEGER, VT_STRING,
} from './constants.js';

/** An attribute cell as a request states it: a PUT with value, or an operation. */
export interface RequestCell {
  readonly name: string;
  readonly value: Value | null;
  /** OP_PUT (no cell type on the wire), OP_DELETE_ALL_VERSIONS, OP_DELETE_ONE_VERSION or OP_INCREMENT. */
  readonly op: number;
  readonly ts: number | null;
}

export interface ParsedRow {
  readonly pk: PkColumn[];
  readonly cells: RequestCell[];
  readonly deleteMarker: boolean;
}

class Cursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  need(n: number): void {
    if (this.pos + n > this.buf.length) throw errors.malformedPlainBuffer('unexpected end of data');
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  peek(): number {
    return this.pos < this.buf.length ? this.buf[this.pos] : -1;
  }

  expect(tag: number, what: string): void {
    if (this.byte() !== tag) throw errors.malformedPlainBuffer(`expected ${what}`);
  }

  int32(): number {
    this.need(4);
    const n = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return n;
  }

  int64AsNumber(): number {
    this.need(8);
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readInt32LE(this.pos + 4);
    this.pos += 8;
    return hi * 4294967296 + lo;
  }
}

/** Reads `vt data` at the cursor; returns the value and updates the CRC. */
function readTypedValue(c: Cursor, total: number, crc: number): { value: PkValue; crc: number } {
  const start = c.pos;
  const vt = c.byte();
  let value: PkValue;
  switch (vt) {
    case VT_INTEGER:
      c.need(8);
      value = { t: VT_INTEGER, v: c.buf.readBigInt64LE(c.pos) };
      c.pos += 8;
      break;
    case VT_DOUBLE:
      c.need(8);
      value = { t: VT_DOUBLE, v: c.buf.readDoubleLE(c.pos) };
      c.pos += 8;
      break;
    case VT_BOOLEAN: {
      const b = c.byte() !== 0;
      value = { t: VT_BOOLEAN, v: b };
      crc = crcByte(crcByte(crc, VT_BOOLEAN), b ? 1 : 0);
      if (total >= 0 && c.pos - start !== total) throw errors.malformedPlainBuffer('value length mismatch');
      return { value, crc };
    }
    case VT_STRING:
    case VT_BLOB: {
      const len = c.int32();
      if (len < 0) throw errors.malformedPlainBuffer('negative length');
      c.need(len);
      const bytes = c.buf.subarray(c.pos, c.pos + len);
      c.pos += len;
      value = vt === VT_STRING ? { t: VT_STRING, v: bytes } : { t: VT_BLOB, v: bytes };
      break;
    }
    case VT_INF_MIN:
      value = INF_MIN;
      break;
    case VT_INF_MAX:
      value = INF_MAX;
      break;
    case VT_AUTO_INCREMENT:
      value = AUTO_INCREMENT;
      break;
    default:
      throw errors.malformedPlainBuffer(`unsupported value type ${vt}`);
  }
  if (total >= 0 && c.pos - start !== total) throw errors.malformedPlainBuffer('value length mismatch');
  return { value, crc: crcBytes(crc, c.buf, start, c.pos) };
}

function readName(c: Cursor): string {
  c.expect(TAG_CELL_NAME, 'cell name');
  const len = c.int32();
  if (len < 0) throw errors.malformedPlainBuffer('negative name length');
  c.need(len);
  const name = c.buf.toString('latin1', c.pos, c.pos + len);
  c.pos += len;
  return name;
}

/** Reads one PlainBuffer row. `verify` checks cell and row CRCs (requests); stored rows skip it. */
export function readRow(buf: Buffer, verify = true): ParsedRow {
  const c = new Cursor(buf);
  if (c.int32() !== HEADER) throw errors.malformedPlainBuffer('invalid header');
  const pk: PkColumn[] = [];
  const cells: RequestCell[] = [];
  let rowCrc = 0;

  if (c.peek() === TAG_ROW_PK) {
    c.pos++;
    while (c.peek() === TAG_CELL) {
      c.pos++;
      const name = readName(c);
      let crc = crcBytes(0, buf, c.pos - name.length, c.pos);
      c.expect(TAG_CELL_VALUE, 'primary key value');
      const total = c.int32();
      const read = readTypedValue(c, total, crc);
      crc = read.crc;
      c.expect(TAG_CELL_CHECKSUM, 'cell checksum');
      const sent = c.byte();
      if (verify && sent !== crc) throw errors.checksumMismatch();
      rowCrc = crcByte(rowCrc, crc);
      pk.push({ name, value: read.value });
    }
  }

  if (c.peek() === TAG_ROW_DATA) {
    c.pos++;
    while (c.peek() === TAG_CELL) {
      c.pos++;
      const name = readName(c);
      let crc = crcBytes(0, buf, c.pos - name.length, c.pos);
      let value: Value | null = null;
      let op = OP_PUT;
      let ts: number | null = null;
      if (c.peek() === TAG_CELL_VALUE) {
        c.pos++;
        const total = c.int32();
        const read = readTypedValue(c, total, crc);
        if (read.value.v === null) throw errors.malformedPlainBuffer(`placeholder value in attribute column '${name}'`);
        value = read.value;
        crc = read.crc;
      }
      if (c.peek() === TAG_CELL_TYPE) {
        c.pos++;
        op = c.byte();
      }
      if (c.peek() === TAG_CELL_TIMESTAMP) {
        c.pos++;
        const tsStart = c.pos;
        ts = c.int64AsNumber();
        crc = crcBytes(crc, buf, tsStart, c.pos);
      }
      if (op !== OP_PUT) crc = crcByte(crc, op);
      c.expect(TAG_CELL_CHECKSUM, 'cell checksum');
      const sent = c.byte();
      if (verify && sent !== crc) throw errors.checksumMismatch();
      rowCrc = crcByte(rowCrc, crc);
      cells.push({ name, value, op, ts });
    }
  }

  let deleteMarker = false;
  if (c.peek() === TAG_DELETE_ROW_MARKER) {
    c.pos++;
    deleteMarker = true;
  }
  rowCrc = crcByte(rowCrc, deleteMarker ? 1 : 0);
  c.expect(TAG_ROW_CHECKSUM, 'row checksum');
  const sent = c.byte();
  if (verify && sent !== rowCrc) throw errors.checksumMismatch();
  return { pk, cells, deleteMarker };
}

/** Reads a serialized SQLVariant (`vt data`, no cell framing): the value of a column condition. */
export function readVariant(buf: Buffer): Value {
  const c = new Cursor(buf);
  const { value } = readTypedValue(c, -1, 0);
  if (value.v === null) throw errors.invalidFilter('column value must not be INF_MIN, INF_MAX or AUTO_INCREMENT');
  return value;
}
