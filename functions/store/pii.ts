// Personal data at rest (DESIGN: security). ID numbers (身份证号) and phone numbers are stored encrypted
// with AES-256-GCM under DATA_KEY and found by a keyed hash (HMAC-SHA256 under HASH_KEY); lists show them
// masked (core maskValues). Nothing here logs a value.
//
// Ciphertext format (a string, so it fits in JSON documents): "enc1:" + base64url(iv[12] | tag[16] | ct).
// The field key is the AES-GCM additional data, so a ciphertext cannot be moved to another field.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { FieldValue, FormValues } from '../core/form.js';
import { normalizeIdNumber } from '../core/idNumber.js';

const PREFIX = 'enc1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PiiCipher {
  private readonly dataKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(keys: { dataKey: string; hashKey: string }) {
    this.dataKey = Buffer.from(keys.dataKey, 'base64');
    if (this.dataKey.length !== 32) throw new Error('DATA_KEY must be the base64 of 32 bytes');
    if (keys.hashKey.length < 32) throw new Error('HASH_KEY must be at least 32 characters');
    this.hashKey = Buffer.from(keys.hashKey, 'utf8');
  }

  encrypt(plain: string, field: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, iv);
    cipher.setAAD(Buffer.from(field, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
  }

  /** Throws when the ciphertext was altered, moved to another field, or made under another key. */
  decrypt(sealed: string, field: string): string {
    if (!isSealed(sealed)) throw new Error(`field ${field}: not an encrypted value`);
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error(`field ${field}: encrypted value too short`);
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(field, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** Keyed hash of an ID number (normalised first): the archive's subject key. 64 hex characters. */
  subjectHash(idNumber: string): string {
    return createHmac('sha256', this.hashKey).update(`id:${normalizeIdNumber(idNumber)}`, 'utf8').digest('hex');
  }

  /** A copy of `values` with the listed keys' string values encrypted (others unchanged). */
  sealValues(values: FormValues, keys: ReadonlySet<string>): FormValues {
    const out: FormValues = {};
    for (const [k, v] of Object.entries(values)) out[k] = keys.has(k) && typeof v === 'string' && v !== '' && !isSealed(v) ? this.encrypt(v, k) : v;
    return out;
  }

  /** A copy of `values` with every encrypted value decrypted. */
  openValues(values: FormValues): FormValues {
    const out: FormValues = {};
    for (const [k, v] of Object.entries(values)) out[k] = typeof v === 'string' && isSealed(v) ? this.decrypt(v, k) : v;
    return out;
  }
}

export function isSealed(value: FieldValue | undefined): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}
