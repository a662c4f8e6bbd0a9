/**
 * Primary keys: validation against the table schema, and the order-preserving binary encoding that the
 * storage sorts by (bytewise, as LMDB compares keys), so GetRange is a range scan of the key order.
 *
 * Each column is the byte 0x01 followed by
 *   INTEGER: 8 bytes big-endian with the sign bit flipped (signed order);
 *   STRING/BINARY: the bytes with 0x00 escaped as 0x00 0xFF, closed by 0x00 0x01 (bytewise order).
 * A range bound at INF_MIN ends with 0x00 (below every value) and at INF_MAX with 0x02 (above every value).
 */
import { errors } from './errors.js';
import { LIMITS } from './limits.js';
import { VT_AUTO_INCREMENT, VT_BLOB, VT_INF_MAX, VT_INF_MIN, VT_INTEGER, VT_STRING } from './plainbuffer/constants.js';
import type { TableMeta } from './schema.js';
import { pkValueType } from './schema.js';
import type { KeyColumn, PkColumn, PkValue, Value } from './values.js';
import { typeName } from './values.js';

/** How a request uses a primary key: a row address, a PutRow (may hold AUTO_INCREMENT), a range bound. */
export type KeyUse = 'row' | 'put' | 'range';

function checkShape(meta: TableMeta, pk: readonly PkColumn[]): void {
  if (pk.length !== meta.primaryKey.length) throw errors.pkSizeMismatch(pk.length, meta.primaryKey.length);
  for (let i = 0; i < pk.length; i++) {
    const want = meta.primaryKey[i];
    if (pk[i].name !== want.name) throw errors.pkNameMismatch(pk[i].name, want.name);
  }
}

/** Checks names, count, types and sizes; INF only for ranges, AUTO_INCREMENT only for puts. */
export function validatePk(meta: TableMeta, pk: readonly PkColumn[], use: KeyUse): void {
  checkShape(meta, pk);
  for (let i = 0; i < pk.length; i++) {
    const want = meta.primaryKey[i];
    const value = pk[i].value;
    if (value.t === VT_INF_MIN || value.t === VT_INF_MAX) {
      if (use !== 'range') throw errors.pkInfNotAllowed(want.name);
      continue;
    }
    if (value.t === VT_AUTO_INCREMENT) {
      if (use !== 'put' || !want.autoIncrement) throw errors.autoIncrementNotAllowed(want.name);
      continue;
    }
    const wantType = pkValueType(want.type);
    if (value.t !== wantType) throw errors.pkTypeMismatch(typeName(value.t), typeName(wantType));
    if ((value.t === VT_STRING || value.t === VT_BLOB) && value.v.length > LIMITS.pkValueBytes) {
      throw errors.pkValueTooLarge(want.name, value.v.length, LIMITS.pkValueBytes);
    }
  }
}

function encodedColumnSize(value: Value): number {
  if (value.t === VT_INTEGER) return 9;
  const bytes = value.v as Buffer;
  let size = 3 + bytes.length;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) size++;
  return size;
}

function writeColumn(out: Buffer, pos: number, value: Value): number {
  out[pos++] = 0x01;
  if (value.t === VT_INTEGER) {
    out.writeBigInt64BE(value.v, pos);
    out[pos] ^= 0x80;
    return pos + 8;
  }
  const bytes = value.v as Buffer;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    out[pos++] = b;
    if (b === 0) out[pos++] = 0xff;
  }
  out[pos++] = 0x00;
  out[pos++] = 0x01;
  return pos;
}

/** The stored key of a row (every column a real value). */
export function encodeKey(pk: readonly KeyColumn[]): Buffer {
  let size = 0;
  for (const col of pk) size += encodedColumnSize(col.value);
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const col of pk) pos = writeColumn(out, pos, col.value);
  return out;
}

/** A range bound; INF_MIN / INF_MAX end it. */
export function encodeBound(pk: readonly PkColumn[]): Buffer {
  const parts: Buffer[] = [];
  for (const col of pk) {
    const value: PkValue = col.value;
    if (value.t === VT_INF_MIN) {
      parts.push(Buffer.of(0x00));
      break;
    }
    if (value.t === VT_INF_MAX) {
      parts.push(Buffer.of(0x02));
      break;
    }
    if (value.t === VT_AUTO_INCREMENT) throw errors.autoIncrementNotAllowed(col.name);
    const part = Buffer.allocUnsafe(encodedColumnSize(value));
    writeColumn(part, 0, value);
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/** The partition key (first column) of a stored key, as a map key. */
export function partitionOf(key: Buffer, first: Value): string {
  return key.toString('latin1', 0, encodedColumnSize(first));
}
