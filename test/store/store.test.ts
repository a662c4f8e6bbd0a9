// Store pieces on their own, against a real tablestore-local: PII encryption and keyed hashes, chunked
// attachments verified on read, the audit chain functions, counters and request claims, seal keys.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPayload, signPayload } from '../../functions/core/signing.js';
import { seedDirectory as seedData } from '../../functions/catalog/index.js';
import { linkRecords, verifyChain, EMPTY_HEAD, type AuditDraft } from '../../functions/store/audit.js';
import { BlobIntegrityError, BlobStore, CHUNK_BYTES, BLOBS_TABLE } from '../../functions/store/blobs.js';
import { Long, TableStore, type OtsClient } from '../../functions/store/client.js';
import { Counters, COUNTERS_TABLE, doneKey, doneMarker } from '../../functions/store/counters.js';
import { DIRECTORY_TABLE } from '../../functions/store/directory.js';
import { PiiCipher } from '../../functions/store/pii.js';
import { SealKeys } from '../../functions/store/sealKeys.js';
import { MOTHER_ID } from '../core/fixtures.js';
import { startOts, type OtsHarness } from '../support/ots.js';

const keys = { dataKey: randomBytes(32).toString('base64'), hashKey: randomBytes(32).toString('base64url') };

let ots: OtsHarness;
let client: OtsClient;
beforeAll(async () => {
  ots = await startOts();
  client = ots.client() as unknown as OtsClient;
  for (const t of [BLOBS_TABLE, COUNTERS_TABLE, DIRECTORY_TABLE]) await client.createTable(t);
});
afterAll(async () => {
  await ots.stop();
});

describe('PiiCipher', () => {
  const cipher = new PiiCipher(keys);
  it('encrypts with a fresh IV, decrypts, and refuses a value moved to another field or altered', () => {
    const a = cipher.encrypt(MOTHER_ID, 'motherIdNumber');
    const b = cipher.encrypt(MOTHER_ID, 'motherIdNumber');
    expect(a).not.toBe(b);
    expect(a).not.toContain(MOTHER_ID.slice(0, 6));
    expect(cipher.decrypt(a, 'motherIdNumber')).toBe(MOTHER_ID);
    expect(() => cipher.decrypt(a, 'fatherIdNumber')).toThrow();
    const tampered = a.slice(0, -2) + (a.endsWith('A') ? 'BB' : 'AA');
    expect(() => cipher.decrypt(tampered, 'motherIdNumber')).toThrow();
    expect(() => new PiiCipher({ ...keys, dataKey: randomBytes(32).toString('base64') }).decrypt(a, 'motherIdNumber')).toThrow();
  });

  it('keyed hashes are stable, normalised, and depend on the key', () => {
    const h = cipher.subjectHash(MOTHER_ID);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.subjectHash(` ${MOTHER_ID.toLowerCase()} `)).toBe(h);
    expect(new PiiCipher({ ...keys, hashKey: randomBytes(32).toString('base64url') }).subjectHash(MOTHER_ID)).not.toBe(h);
  });

  it('seals only the listed keys of a record', () => {
    const sealed = cipher.sealValues({ motherIdNumber: MOTHER_ID, motherName: '李秀梅', n: 3 }, new Set(['motherIdNumber']));
    expect(sealed.motherName).toBe('李秀梅');
    expect(String(sealed.motherIdNumber)).toMatch(/^enc1:/);
    expect(cipher.openValues(sealed)).toEqual({ motherIdNumber: MOTHER_ID, motherName: '李秀梅', n: 3 });
  });

  it('seals numbers and booleans with their type (a health value such as a birth weight), bound to the type', () => {
    const sealed = cipher.sealValues({ babyWeightGrams: 3350, consent: true, babyName: '王小满' }, new Set(['babyWeightGrams', 'consent', 'babyName']));
    expect(String(sealed.babyWeightGrams)).toMatch(/^encj1:/);
    expect(String(sealed.consent)).toMatch(/^encj1:/);
    expect(String(sealed.babyName)).toMatch(/^enc1:/);
    expect(JSON.stringify(sealed)).not.toContain('3350');
    expect(cipher.openValues(sealed)).toEqual({ babyWeightGrams: 3350, consent: true, babyName: '王小满' });
    // The type is part of the additional data: a typed ciphertext relabelled as a string does not open.
    expect(() => cipher.openValues({ babyWeightGrams: String(sealed.babyWeightGrams).replace(/^encj1:/, 'enc1:') })).toThrow();
  });

  it('a plain value that looks encrypted ("enc1:…" typed into any field) is sealed too and comes back unchanged', () => {
    const looks = { address: 'enc1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', name: 'encj1:x', motherIdNumber: MOTHER_ID };
    const sealed = cipher.sealValues(looks, new Set(['motherIdNumber']));
    expect(sealed.address).not.toBe(looks.address);
    expect(cipher.openValues(sealed)).toEqual(looks);
  });
});

describe('BlobStore', () => {
  it('stores in 512 KB chunks, reads back verified, and refuses damaged content', async () => {
    const blobs = new BlobStore(client);
    const bytes = randomBytes(CHUNK_BYTES * 2 + 1000);
    const { sha256, size } = await blobs.put(bytes);
    expect(size).toBe(bytes.length);
    expect((await blobs.get(sha256))?.equals(bytes)).toBe(true);
    expect(await blobs.put(bytes)).toEqual({ sha256, size });
    expect(await blobs.get('0'.repeat(64))).toBeNull();
    const damaged = Buffer.from(bytes.subarray(CHUNK_BYTES, CHUNK_BYTES * 2));
    damaged[10] ^= 0xff;
    await client.putRow({ tableName: 'blobs', primaryKey: [{ sha256 }, { chunk: Long.fromNumber(2) }], attributeColumns: [{ d: damaged }, { n: Long.fromNumber(damaged.length) }], condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null) });
    await expect(blobs.get(sha256)).rejects.toBeInstanceOf(BlobIntegrityError);
  });
});

describe('audit chain', () => {
  const draft = (purpose: string): AuditDraft => ({
    caseId: 'c-0001', at: '2026-03-02T02:00:00.000Z', action: 'share', actor: { id: 'a', name: '甲', department: 'd', district: '330203' },
    recipient: null, subjects: ['h'], data: ['m:f'], purpose,
  });
  it('links records and detects reordering, edits and gaps', () => {
    const { records, head } = linkRecords(EMPTY_HEAD, [draft('一'), draft('二'), draft('三')]);
    expect(head.seq).toBe(3);
    expect(verifyChain(records)).toBeNull();
    const more = linkRecords(head, [draft('四')]);
    expect(verifyChain([...records, ...more.records])).toBeNull();
    expect(verifyChain([records[0], records[2]])).toBe(2);
    expect(verifyChain([records[0], { ...records[1], purpose: '改' }, records[2]])).toBe(2);
    expect(verifyChain([records[1], records[0]])).toBe(1);
  });
});

describe('Counters', () => {
  it('increments atomically under concurrency and claims a key once', async () => {
    const c = new Counters(client);
    const values = await Promise.all(Array.from({ length: 20 }, () => c.next('seq:test')));
    expect(values.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const claims = await Promise.all(['A', 'B', 'C'].map((v) => c.claim('req:x', 'case', v)));
    expect(claims.filter((x) => x.claimed)).toHaveLength(1);
    expect(new Set(claims.map((x) => x.value)).size).toBe(1);
  });

  it('adds the on-time counts of a case exactly once, whatever the re-deliveries', async () => {
    const c = new Counters(client);
    const key = doneKey('haishu-20260302-0001');
    const marker = doneMarker('haishu-20260302-0001');
    const results = await Promise.all([1, 2, 3].map(() => c.addOnce(key, { ok_haishu_police: 2, late_haishu_police: 1 }, marker)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await c.addOnce(key, { ok_haishu_police: 2 }, marker)).toBe(false);
    await c.removeMarker(key, marker);
    await c.addOnce(doneKey('x-20260302-0002'), { ok_haishu_police: 1 }, doneMarker('x-20260302-0002'));
    expect(await c.sum('done:', 'done;')).toEqual({ ok_haishu_police: 3, late_haishu_police: 1 });
  });
});

describe('SealKeys', () => {
  it('creates a key pair once, keeps the private key encrypted, and signs verifiably with the public record', async () => {
    const cipher = new PiiCipher(keys);
    const store = new SealKeys(client, cipher);
    const seal = seedData.seals[0];
    expect(await store.ensure(seal, '2026-03-02T00:00:00.000Z')).toBe('created');
    expect(await new SealKeys(client, cipher).ensure(seal, '2026-03-03T00:00:00.000Z')).toBe('unchanged');
    const { row } = await client.getRow({ tableName: 'directory', primaryKey: [{ kind: 'sealkey' }, { id: seal.keyId }], maxVersions: 1 });
    expect(JSON.stringify(row)).not.toContain('PRIVATE KEY');
    const pem = await store.privateKeyPem(seal, '2026-03-02T00:00:00.000Z');
    const pub = await store.publicKey(seal.keyId);
    expect(pub?.sealId).toBe(seal.id);
    const sig = signPayload('payload', pem);
    expect(verifyPayload('payload', sig, pub?.publicKeyPem ?? '')).toBe(true);
    expect(verifyPayload('payload!', sig, pub?.publicKeyPem ?? '')).toBe(false);
    // Under another DATA_KEY the private key cannot be opened.
    await expect(new SealKeys(client, new PiiCipher({ ...keys, dataKey: randomBytes(32).toString('base64') })).privateKeyPem(seal, 'x')).rejects.toThrow();
  });
});
