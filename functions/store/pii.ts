// Personal data at rest (DESIGN: security). Every field whose sensitivity class says so (core bundle.ts
// sensitivityRules: ID numbers (身份证号), phone numbers, bank accounts, health data, minors' data) is stored
// encrypted with AES-256-GCM under DATA_KEY; archive subjects (ID numbers, 统一社会信用代码, 项目代码) are found by a
// keyed hash (HMAC-SHA256 under HASH_KEY, the input prefixed per kind); lists show values masked (core maskValues).
// Nothing here logs a value.
//
// Ciphertext format (a string, so it fits in JSON documents): "enc1:" + base64url(iv[12] | tag[16] | ct) for
// a string value, "encj1:" + the same for any other value (a number, a boolean: its JSON text, so it comes
// back with its type). The field key is the AES-GCM additional data, so a ciphertext cannot be moved to
// another field.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { FieldValue, FormValues } from '../core/form.js';
import type { SubjectKind } from '../core/bundle.js';
import { normalizeSubjectCode } from '../core/subject.js';

const PREFIX = 'enc1:';
/** Domain separation of subject hashes; `id` is what person hashes always used, so existing archive keys stay. */
const SUBJECT_PREFIX: Readonly<Record<SubjectKind, string>> = { person: 'id', enterprise: 'ent', project: 'prj' };
const PREFIX_JSON = 'encj1:';
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
    return PREFIX + this.seal(plain, field);
  }

  /** Throws when the ciphertext was altered, moved to another field, or made under another key. */
  decrypt(sealed: string, field: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error(`field ${field}: not an encrypted value`);
    return this.open(sealed.slice(PREFIX.length), field);
  }

  /** Any field value, encrypted: strings as `encrypt` does, numbers and booleans with their type. */
  encryptValue(value: FieldValue, field: string): string {
    return typeof value === 'string' ? this.encrypt(value, field) : PREFIX_JSON + this.seal(JSON.stringify(value), `json:${field}`);
  }

  /** The value `encryptValue` sealed, with its type. */
  decryptValue(sealed: string, field: string): FieldValue {
    if (sealed.startsWith(PREFIX_JSON)) return JSON.parse(this.open(sealed.slice(PREFIX_JSON.length), `json:${field}`)) as FieldValue;
    return this.decrypt(sealed, field);
  }

  /** AES-256-GCM with `aad` (the field key; "json:" + it for a typed value) as additional data. */
  private seal(plain: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
  }

  private open(body: string, aad: string): string {
    const raw = Buffer.from(body, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error(`field ${aad}: encrypted value too short`);
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /**
   * Keyed hash of a subject's number (normalised per kind first): the archive's subject key, 64 hex characters.
   * The input is prefixed per kind — `id:` an ID number, `ent:` a 统一社会信用代码, `prj:` a 项目代码 (and `name:`
   * for names) — so one string hashed as two kinds gives two unrelated keys: a code never finds a person.
   */
  subjectHash(code: string, kind: SubjectKind = 'person'): string {
    return createHmac('sha256', this.hashKey).update(`${SUBJECT_PREFIX[kind]}:${normalizeSubjectCode(kind, code)}`, 'utf8').digest('hex');
  }

  /** Keyed hash of a person's name as core caseSearch.ts normalises it: the case index's name key. 64 hex characters. */
  nameHash(normalizedName: string): string {
    return createHmac('sha256', this.hashKey).update(`name:${normalizedName}`, 'utf8').digest('hex');
  }

  /** Keyed hash of a hotline caller's phone number (its digits only): the order search's key. 64 hex characters. */
  phoneHash(digits: string): string {
    return createHmac('sha256', this.hashKey).update(`phone:${digits}`, 'utf8').digest('hex');
  }

  /**
   * A copy of `values` with the listed keys' values encrypted, whatever their type. Any other value that
   * merely looks encrypted (a clerk may type "enc1:…" into a name or an address) is encrypted too, so what
   * is stored with the prefix is always a ciphertext and `openValues` gives back exactly what was sealed.
   * Values in memory are always plain (the codec opens what it reads), so nothing is sealed twice.
   */
  sealValues(values: FormValues, keys: ReadonlySet<string>): FormValues {
    const out: FormValues = {};
    for (const [k, v] of Object.entries(values)) out[k] = (keys.has(k) && v !== '') || isSealed(v) ? this.encryptValue(v, k) : v;
    return out;
  }

  /** A copy of `values` with every encrypted value decrypted. */
  openValues(values: FormValues): FormValues {
    const out: FormValues = {};
    for (const [k, v] of Object.entries(values)) out[k] = isSealed(v) ? this.decryptValue(v, k) : v;
    return out;
  }
}

function isSealed(value: FieldValue | undefined): value is string {
  return typeof value === 'string' && (value.startsWith(PREFIX) || value.startsWith(PREFIX_JSON));
}
