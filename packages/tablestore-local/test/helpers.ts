// Shared assertions for the tablestore-local suites.
import { expect } from 'vitest';
import { otsError, type OtsErrorInfo, type Int64, type CellValue } from './support/ots';

/** Awaits a promise that must reject with the given HTTP status and Tablestore error code. */
export async function expectOtsError(p: Promise<unknown>, status: number, code: string): Promise<OtsErrorInfo> {
  let info: OtsErrorInfo | undefined;
  try {
    await p;
  } catch (err) {
    info = otsError(err);
  }
  expect(info, `expected ${status} ${code}, but the call succeeded`).toBeDefined();
  const got = info as OtsErrorInfo;
  expect({ status: got.status, code: got.code }, got.message).toEqual({ status, code });
  return got;
}

/** Awaits a promise that must reject with some HTTP 4xx; returns the error. */
export async function expectClientError(p: Promise<unknown>): Promise<OtsErrorInfo> {
  let info: OtsErrorInfo | undefined;
  try {
    await p;
  } catch (err) {
    info = otsError(err);
  }
  expect(info, 'expected a 4xx, but the call succeeded').toBeDefined();
  const got = info as OtsErrorInfo;
  expect(typeof got.status === 'number' && got.status >= 400 && got.status < 500, got.message).toBe(true);
  return got;
}

export function isInt64(v: unknown): v is Int64 {
  return typeof v === 'object' && v !== null && typeof (v as Int64).toNumber === 'function' && !Buffer.isBuffer(v);
}

/** Decimal text of an SDK integer (Int64LE) value; fails the test on any other type. */
export function intText(v: CellValue | undefined): string {
  expect(isInt64(v), `expected an INTEGER value, got ${typeof v}`).toBe(true);
  return (v as Int64).toString(10);
}

/** Number value of an SDK integer (Int64LE) value; fails the test on any other type. */
export function intValue(v: CellValue | undefined): number {
  expect(isInt64(v), `expected an INTEGER value, got ${typeof v}`).toBe(true);
  return (v as Int64).toNumber();
}
