/**
 * Cell values as tablestore-local holds them. Strings stay UTF-8 bytes: Tablestore compares and
 * sizes them bytewise, and the bytes go back on the wire unchanged.
 */
import { VT_BLOB, VT_BOOLEAN, VT_DOUBLE, VT_INF_MAX, VT_INF_MIN, VT_INTEGER, VT_STRING, VT_AUTO_INCREMENT } from './plainbuffer/constants.js';

export type IntegerValue = { readonly t: typeof VT_INTEGER; readonly v: bigint };
type DoubleValue = { readonly t: typeof VT_DOUBLE; readonly v: number };
type BooleanValue = { readonly t: typeof VT_BOOLEAN; readonly v: boolean };
type StringValue = { readonly t: typeof VT_STRING; readonly v: Buffer };
type BlobValue = { readonly t: typeof VT_BLOB; readonly v: Buffer };
export type Value = IntegerValue | DoubleValue | BooleanValue | StringValue | BlobValue;

/** Placeholders that may stand in a primary-key column of a request. */
export type InfMin = { readonly t: typeof VT_INF_MIN; readonly v: null };
export type InfMax = { readonly t: typeof VT_INF_MAX; readonly v: null };
export type AutoIncrement = { readonly t: typeof VT_AUTO_INCREMENT; readonly v: null };
export type PkValue = Value | InfMin | InfMax | AutoIncrement;

export const INF_MIN: InfMin = { t: VT_INF_MIN, v: null };
export const INF_MAX: InfMax = { t: VT_INF_MAX, v: null };
export const AUTO_INCREMENT: AutoIncrement = { t: VT_AUTO_INCREMENT, v: null };

export interface PkColumn {
  readonly name: string;
  readonly value: PkValue;
}

/** A primary-key column of a stored row: always a real value. */
export interface KeyColumn {
  readonly name: string;
  readonly value: Value;
}

/** One version of one attribute column. */
export interface Cell {
  readonly name: string;
  readonly value: Value;
  readonly ts: number;
}

/** Bytes a value counts for in capacity units and size limits. */
export function valueSize(value: Value): number {
  switch (value.t) {
    case VT_INTEGER:
    case VT_DOUBLE:
      return 8;
    case VT_BOOLEAN:
      return 1;
    default:
      return value.v.length;
  }
}

export function typeName(t: number): string {
  switch (t) {
    case VT_INTEGER: return 'INTEGER';
    case VT_DOUBLE: return 'DOUBLE';
    case VT_BOOLEAN: return 'BOOLEAN';
    case VT_STRING: return 'STRING';
    case VT_BLOB: return 'BINARY';
    case VT_INF_MIN: return 'INF_MIN';
    case VT_INF_MAX: return 'INF_MAX';
    case VT_AUTO_INCREMENT: return 'AUTO_INCREMENT';
    default: return `UNKNOWN(${t})`;
  }
}

/** Compares two values of the same type: negative, zero or positive. */
export function compareValues(a: Value, b: Value): number {
  switch (a.t) {
    case VT_INTEGER: {
      const bv = (b as IntegerValue).v;
      return a.v < bv ? -1 : a.v > bv ? 1 : 0;
    }
    case VT_DOUBLE: {
      const bv = (b as DoubleValue).v;
      return a.v < bv ? -1 : a.v > bv ? 1 : 0;
    }
    case VT_BOOLEAN: {
      const bv = (b as BooleanValue).v;
      return a.v === bv ? 0 : a.v ? 1 : -1;
    }
    default:
      return Buffer.compare(a.v, (b as StringValue | BlobValue).v);
  }
}
