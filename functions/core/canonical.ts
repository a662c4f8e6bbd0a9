/**
 * Canonical JSON (keys sorted, no whitespace) and SHA-256: the bytes that are signed and hashed
 * must not depend on key order or on the machine.
 */
import { createHash } from 'node:crypto';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hash chain link: sha256(previous hash + canonical record). The first link uses "" as previous. */
export function chainHash(previous: string, record: Json): string {
  return sha256Hex(`${previous}\n${canonicalJson(record)}`);
}
