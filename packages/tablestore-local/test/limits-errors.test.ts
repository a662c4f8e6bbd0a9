// Primary-key schema errors (OTSInvalidPK), size and name limits (OTSParameterInvalid), bad requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, ignore, startOts, type AttributeInput, type OtsClient, type OtsHarness,
} from './support/ots';
import { expectClientError, expectOtsError } from './helpers';
import { encode, plainBuffer, rawCall } from './raw';

const KB = 1024;
const MB = 1024 * 1024;

let ots: OtsHarness;
let client: OtsClient;
let s1: string; // pk STRING
let s2: string; // a STRING, b INTEGER
let bin: string; // pk BINARY

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  s1 = ots.uniqueTable('lim_s');
  s2 = ots.uniqueTable('lim_si');
  bin = ots.uniqueTable('lim_b');
  await createTable(client, s1, [['pk', 'STRING']]);
  await createTable(client, s2, [['a', 'STRING'], ['b', 'INTEGER']]);
  await createTable(client, bin, [['pk', 'BINARY']]);
});
afterAll(async () => {
  await ots?.stop();
});

const putS1 = (pk: string, cols: AttributeInput) =>
  client.putRow({ tableName: s1, primaryKey: [{ pk }], attributeColumns: cols, condition: ignore() });
const exists = async (pk: string) => (await client.getRow({ tableName: s1, primaryKey: [{ pk }] })).row.primaryKey !== undefined;

describe('OTSInvalidPK', () => {
  it('rejects a wrong primary-key column name', async () => {
    const e = await expectOtsError(client.getRow({ tableName: s1, primaryKey: [{ wrong: 'x' }] }), 400, 'OTSInvalidPK');
    expect(e.message).toContain('Validate PK name fail');
    await expectOtsError(
      client.putRow({ tableName: s1, primaryKey: [{ wrong: 'x' }], attributeColumns: [{ v: '1' }], condition: ignore() }), 400, 'OTSInvalidPK',
    );
  });

  it('rejects a wrong number of primary-key columns', async () => {
    const e = await expectOtsError(client.getRow({ tableName: s2, primaryKey: [{ a: 'x' }] }), 400, 'OTSInvalidPK');
    expect(e.message).toContain('Validate PK size fail');
    await expectOtsError(
      client.putRow({ tableName: s1, primaryKey: [{ pk: 'x' }, { extra: 'y' }], attributeColumns: [{ v: '1' }], condition: ignore() }),
      400, 'OTSInvalidPK',
    );
    await expectOtsError(
      client.updateRow({ tableName: s2, primaryKey: [{ a: 'x' }], updateOfAttributeColumns: [{ PUT: [{ v: '1' }] }], condition: ignore() }),
      400, 'OTSInvalidPK',
    );
    await expectOtsError(client.deleteRow({ tableName: s2, primaryKey: [{ b: Long.fromNumber(1) }, { a: 'x' }], condition: ignore() }), 400, 'OTSInvalidPK');
  });

  it('rejects a wrong primary-key value type', async () => {
    await expectOtsError(client.getRow({ tableName: s2, primaryKey: [{ a: 'x' }, { b: 'not-an-integer' }] }), 400, 'OTSInvalidPK');
    await expectOtsError(client.getRow({ tableName: s1, primaryKey: [{ pk: Long.fromNumber(1) }] }), 400, 'OTSInvalidPK');
    await expectOtsError(client.getRow({ tableName: bin, primaryKey: [{ pk: 'string-not-binary' }] }), 400, 'OTSInvalidPK');
    await expectOtsError(
      client.putRow({ tableName: s2, primaryKey: [{ a: Buffer.from('x') }, { b: Long.fromNumber(1) }], attributeColumns: [{ v: '1' }], condition: ignore() }),
      400, 'OTSInvalidPK',
    );
  });

  it('rejects INF_MIN / INF_MAX / AUTO_INCREMENT placeholders in a single-row key', async () => {
    await expectClientError(client.getRow({ tableName: s1, primaryKey: [{ pk: TableStore.INF_MAX }] }));
    await expectClientError(
      client.putRow({ tableName: s1, primaryKey: [{ pk: TableStore.PK_AUTO_INCR }], attributeColumns: [{ v: '1' }], condition: ignore() }),
    );
  });
});

describe('value size limits', () => {
  it('accepts a 1024-byte string primary key and rejects 1025 bytes with 400 OTSParameterInvalid', async () => {
    const ok = 'k'.repeat(KB);
    await putS1(ok, [{ v: '1' }]);
    expect(await exists(ok)).toBe(true);
    await expectOtsError(putS1('k'.repeat(KB + 1), [{ v: '1' }]), 400, 'OTSParameterInvalid');
    // 342 three-byte characters = 1026 bytes although only 342 UTF-16 units
    await expectOtsError(putS1('键'.repeat(342), [{ v: '1' }]), 400, 'OTSParameterInvalid');
    await putS1('键'.repeat(341), [{ v: '1' }]);
    expect(await exists('键'.repeat(341))).toBe(true);
  });

  it('accepts a 1024-byte binary primary key and rejects 1025 bytes', async () => {
    await client.putRow({ tableName: bin, primaryKey: [{ pk: Buffer.alloc(KB, 7) }], attributeColumns: [{ v: '1' }], condition: ignore() });
    await expectOtsError(
      client.putRow({ tableName: bin, primaryKey: [{ pk: Buffer.alloc(KB + 1, 7) }], attributeColumns: [{ v: '1' }], condition: ignore() }),
      400, 'OTSParameterInvalid',
    );
  });

  it('accepts a 2 MB string attribute and rejects one byte more with 400 OTSParameterInvalid', async () => {
    const big = 'x'.repeat(2 * MB);
    await putS1('big-ok', [{ v: big }]);
    const got = attrs((await client.getRow({ tableName: s1, primaryKey: [{ pk: 'big-ok' }] })).row);
    expect((got.v as string).length).toBe(2 * MB);
    expect(got.v === big).toBe(true);
    await expectOtsError(putS1('big-bad', [{ v: `${big}x` }]), 400, 'OTSParameterInvalid');
    expect(await exists('big-bad')).toBe(false);
    await expectOtsError(
      client.updateRow({ tableName: s1, primaryKey: [{ pk: 'big-ok' }], updateOfAttributeColumns: [{ PUT: [{ w: `${big}x` }] }], condition: ignore() }),
      400, 'OTSParameterInvalid',
    );
    expect(Object.keys(attrs((await client.getRow({ tableName: s1, primaryKey: [{ pk: 'big-ok' }] })).row))).toEqual(['v']);
  });

  it('accepts a 2 MB binary attribute and rejects one byte more', async () => {
    const blob = Buffer.alloc(2 * MB, 0xab);
    await putS1('blob-ok', [{ b: blob }]);
    const got = attrs((await client.getRow({ tableName: s1, primaryKey: [{ pk: 'blob-ok' }] })).row);
    expect(Buffer.compare(got.b as Buffer, blob)).toBe(0);
    await expectOtsError(putS1('blob-bad', [{ b: Buffer.alloc(2 * MB + 1) }]), 400, 'OTSParameterInvalid');
  });

  it('rejects a row write of more than 4 MB and writes nothing', async () => {
    const part = 'y'.repeat(1.5 * MB);
    await expectClientError(putS1('too-big-row', [{ a: part }, { b: part }, { c: part }]));
    expect(await exists('too-big-row')).toBe(false);
  });
});

describe('name and count limits', () => {
  it('rejects bad column names with 400 OTSParameterInvalid; accepts 255 bytes', async () => {
    for (const name of ['1abc', 'a-b', 'a b', 'c'.repeat(256)]) {
      await expectOtsError(putS1('bad-name', [{ [name]: '1' }]), 400, 'OTSParameterInvalid');
    }
    expect(await exists('bad-name')).toBe(false);
    await putS1('long-name', [{ [`_${'c'.repeat(254)}`]: '1' }]);
    expect(await exists('long-name')).toBe(true);
  });

  it('accepts 1024 attribute columns in one write and rejects 1025', async () => {
    const cols = (n: number) => Array.from({ length: n }, (_, i) => ({ [`c${i}`]: Long.fromNumber(i) }));
    await putS1('cols-ok', cols(1024));
    const got = await client.getRow({ tableName: s1, primaryKey: [{ pk: 'cols-ok' }] });
    expect(got.row.attributes).toHaveLength(1024);
    await expectOtsError(putS1('cols-bad', cols(1025)), 400, 'OTSParameterInvalid');
    expect(await exists('cols-bad')).toBe(false);
  });

  it('accepts 128 columnsToGet and rejects 129', async () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
    const ok = await client.getRow({ tableName: s1, primaryKey: [{ pk: 'cols-ok' }], columnsToGet: names(128) });
    expect(ok.row.attributes).toHaveLength(128);
    await expectOtsError(client.getRow({ tableName: s1, primaryKey: [{ pk: 'cols-ok' }], columnsToGet: names(129) }), 400, 'OTSParameterInvalid');
  });

  it('rejects a version timestamp outside the max time deviation', async () => {
    await expectOtsError(
      client.updateRow({
        tableName: s1, primaryKey: [{ pk: 'old-ts' }], updateOfAttributeColumns: [{ PUT: [{ v: 'x', timestamp: 1000 }] }], condition: ignore(),
      }),
      400, 'OTSParameterInvalid',
    );
    expect(await exists('old-ts')).toBe(false);
  });
});

describe('malformed requests (raw)', () => {
  const rangeBody = (limit: number) => encode('GetRangeRequest', {
    tableName: s1, direction: 0, maxVersions: 1, limit,
    inclusiveStartPrimaryKey: plainBuffer.serializePrimaryKey([{ pk: TableStore.INF_MIN }]),
    exclusiveEndPrimaryKey: plainBuffer.serializePrimaryKey([{ pk: TableStore.INF_MAX }]),
  });

  it('GetRange with limit 0 fails with 400 OTSParameterInvalid (the SDK never sends 0)', async () => {
    const ok = await rawCall(ots.server, 'GetRange', rangeBody(5));
    expect(ok.status).toBe(200);
    const res = await rawCall(ots.server, 'GetRange', rangeBody(0));
    expect([res.status, res.code]).toEqual([400, 'OTSParameterInvalid']);
  });

  it('a body that is not a valid protobuf message fails with a 4xx', async () => {
    const res = await rawCall(ots.server, 'GetRow', Buffer.from([0xff, 0xff, 0xff, 0x01, 0x02]));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.code).toMatch(/^OTS/);
  });

  it('an unknown API fails with a 4xx', async () => {
    const res = await rawCall(ots.server, 'NoSuchApi', Buffer.alloc(0));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
