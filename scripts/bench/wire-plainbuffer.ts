// A minimal PlainBuffer row writer for the lean benchmark client (scripts/bench/wire-*.ts): the row format
// the tablestore SDK writes (lib/protocol/plain_buffer_coded_stream.js, tablestore@5.6.5), for the cell
// types the benchmark rows use. It exists so that the client can build a new key per request for a few
// microseconds; `wire-requests.ts` checks at start-up that its bytes equal the SDK's own encoding.
//
// Row:  header 0x75 (LE32) · TAG_ROW_PK cell… · [TAG_ROW_DATA cell…] · TAG_ROW_CHECKSUM crc
// Cell: TAG_CELL · TAG_CELL_NAME LE32 name · TAG_CELL_VALUE LE32(size) type [LE32 len] bytes · TAG_CELL_CHECKSUM crc
// Cell crc = CRC-8 (poly 0x07) over name, type, [LE32 len], value; row crc = CRC-8 over the cell crcs and
// a final 0 (no delete marker).

const HEADER = 0x75;
const TAG_ROW_PK = 0x01;
const TAG_ROW_DATA = 0x02;
const TAG_CELL = 0x03;
const TAG_CELL_NAME = 0x04;
const TAG_CELL_VALUE = 0x05;
const TAG_ROW_CHECKSUM = 0x09;
const TAG_CELL_CHECKSUM = 0x0a;
const VT_INTEGER = 0x00;
const VT_BOOLEAN = 0x02;
const VT_STRING = 0x03;

const CRC8_TABLE = (() => {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let b = 0; b < 8; b++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
    table[i] = c;
  }
  return table;
})();

/** CRC-8 of `bytes[from, to)` continuing from `crc`. */
function crc8(crc: number, bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) crc = CRC8_TABLE[(crc ^ bytes[i]) & 0xff];
  return crc;
}

/** A cell value: STRING (string), INTEGER (bigint) or BOOLEAN. */
type CellValue = string | bigint | boolean;
export type Cell = readonly [name: string, value: CellValue];

/** Bytes of the value part after TAG_CELL_VALUE + LE32 size: type byte and payload. */
function valueSize(value: CellValue): number {
  if (typeof value === 'string') return 1 + 4 + Buffer.byteLength(value);
  if (typeof value === 'bigint') return 1 + 8;
  return 1 + 1;
}

function cellSize(name: string, value: CellValue): number {
  return 1 + 1 + 4 + Buffer.byteLength(name) + 1 + 4 + valueSize(value) + 2;
}

/** Writes one cell at `at`; returns [next offset, cell crc]. */
function writeCell(buf: Buffer, at: number, name: string, value: CellValue): [number, number] {
  buf[at++] = TAG_CELL;
  buf[at++] = TAG_CELL_NAME;
  const nameStart = at + 4;
  const nameLength = buf.write(name, nameStart, 'utf8');
  buf.writeUInt32LE(nameLength, at);
  at = nameStart + nameLength;
  let crc = crc8(0, buf, nameStart, at);
  buf[at++] = TAG_CELL_VALUE;
  buf.writeUInt32LE(valueSize(value), at);
  at += 4;
  const typeAt = at;
  if (typeof value === 'string') {
    buf[at] = VT_STRING;
    const length = buf.write(value, at + 5, 'utf8');
    buf.writeUInt32LE(length, at + 1);
    at += 5 + length;
  } else if (typeof value === 'bigint') {
    buf[at] = VT_INTEGER;
    buf.writeBigInt64LE(value, at + 1);
    at += 9;
  } else if (typeof value === 'boolean') {
    buf[at] = VT_BOOLEAN;
    buf[at + 1] = value ? 1 : 0;
    at += 2;
  }
  crc = crc8(crc, buf, typeAt, at);
  buf[at++] = TAG_CELL_CHECKSUM;
  buf[at++] = crc;
  return [at, crc];
}

/** A PlainBuffer row: primary-key cells and (optionally) attribute cells, as the SDK's serializeForPutRow / serializePrimaryKey. */
export function encodeRow(primaryKey: readonly Cell[], attributes: readonly Cell[] = []): Buffer {
  let size = 4 + 1 + 2;
  for (const [n, v] of primaryKey) size += cellSize(n, v);
  if (attributes.length > 0) size += 1;
  for (const [n, v] of attributes) size += cellSize(n, v);
  const buf = Buffer.allocUnsafe(size);
  buf.writeUInt32LE(HEADER, 0);
  let at = 4;
  buf[at++] = TAG_ROW_PK;
  let rowCrc = 0;
  let cellCrc: number;
  for (const [n, v] of primaryKey) {
    [at, cellCrc] = writeCell(buf, at, n, v);
    rowCrc = CRC8_TABLE[rowCrc ^ cellCrc];
  }
  if (attributes.length > 0) buf[at++] = TAG_ROW_DATA;
  for (const [n, v] of attributes) {
    [at, cellCrc] = writeCell(buf, at, n, v);
    rowCrc = CRC8_TABLE[rowCrc ^ cellCrc];
  }
  rowCrc = CRC8_TABLE[rowCrc ^ 0];
  buf[at++] = TAG_ROW_CHECKSUM;
  buf[at++] = rowCrc;
  if (at !== size) throw new Error(`PlainBuffer size mismatch: wrote ${at}, computed ${size}`);
  return buf;
}
