// Every value type round-trips exactly: Chinese strings, binaries, 64-bit integers, doubles, booleans —
// as attributes and as primary keys (with Tablestore's key order).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, ignore, startOts, type CellValue, type OtsClient, type OtsHarness, type PkValue,
} from './support/ots';
import { intText, isInt64 } from './helpers';

const { INF_MIN, INF_MAX } = TableStore;

let ots: OtsHarness;
let client: OtsClient;
let table: string;

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  table = ots.uniqueTable('val');
  await createTable(client, table, [['pk', 'STRING']]);
});
afterAll(async () => {
  await ots?.stop();
});

async function roundTrip(value: CellValue): Promise<CellValue> {
  const pk = `rt-${Math.random().toString(36).slice(2)}`;
  await client.putRow({ tableName: table, primaryKey: [{ pk }], attributeColumns: [{ v: value }], condition: ignore() });
  return attrs((await client.getRow({ tableName: table, primaryKey: [{ pk }] })).row).v;
}

describe('attribute values', () => {
  it.each([
    ['Chinese', '联办：一件事一次办，身后一件事（鄞州·海曙·江北）'],
    ['emoji and astral plane', '😀𠀋'],
    ['empty string', ''],
    ['control characters and NUL', 'a\u0000b\n\t\u001f'],
    ['long Chinese text near 1 MB', '办'.repeat(350_000)],
  ])('strings: %s', async (_name, s) => {
    expect(await roundTrip(s)).toBe(s);
  });

  it('binaries with every byte value, empty binaries', async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const got = await roundTrip(all);
    expect(Buffer.isBuffer(got)).toBe(true);
    expect(Buffer.compare(got as Buffer, all)).toBe(0);
    const empty = await roundTrip(Buffer.alloc(0));
    expect(Buffer.isBuffer(empty) && (empty as Buffer).length === 0).toBe(true);
  });

  it.each(['0', '1', '-1', '42', '9007199254740993', '-9007199254740993', '9223372036854775807', '-9223372036854775808'])(
    'integer %s keeps all 64 bits',
    async (text) => {
      const got = await roundTrip(Long.fromString(text));
      expect(isInt64(got)).toBe(true);
      expect(intText(got)).toBe(text);
    },
  );

  it.each([0, -0.5, 3.141592653589793, 1e308, -1e-308, 5e-324, 3, Number.MAX_SAFE_INTEGER])('double %d', async (d) => {
    const got = await roundTrip(d);
    expect(typeof got).toBe('number');
    expect(got).toBe(d);
  });

  it('a JS number is stored as DOUBLE and a Long as INTEGER', async () => {
    expect(typeof (await roundTrip(7))).toBe('number');
    expect(isInt64(await roundTrip(Long.fromNumber(7)))).toBe(true);
  });

  it('booleans', async () => {
    expect(await roundTrip(true)).toBe(true);
    expect(await roundTrip(false)).toBe(false);
  });

  it('a row mixes every type and keeps each column its own type', async () => {
    const cols = [{ b: true }, { bin: Buffer.from('二进制') }, { d: 2.5 }, { i: Long.fromNumber(-3) }, { s: '字符串' }];
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'mixed' }], attributeColumns: cols, condition: ignore() });
    const a = attrs((await client.getRow({ tableName: table, primaryKey: [{ pk: 'mixed' }] })).row);
    expect(a.b).toBe(true);
    expect((a.bin as Buffer).toString()).toBe('二进制');
    expect(a.d).toBe(2.5);
    expect(intText(a.i)).toBe('-3');
    expect(a.s).toBe('字符串');
  });
});

describe('primary-key values and order', () => {
  it('string keys: Chinese keys round-trip and sort by UTF-8 bytes', async () => {
    const t = ots.uniqueTable('val_spk');
    await createTable(client, t, [['pk', 'STRING']]);
    const keys = ['b', 'a', 'Z', '中', '上', 'aa', '😀', 'a\u0000'];
    for (const pk of keys) await client.putRow({ tableName: t, primaryKey: [{ pk }], attributeColumns: [{ v: pk }], condition: ignore() });
    const res = await client.getRange({
      tableName: t, direction: 'FORWARD', inclusiveStartPrimaryKey: [{ pk: INF_MIN }], exclusiveEndPrimaryKey: [{ pk: INF_MAX }],
    });
    const byBytes = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(res.rows.map((r) => r.primaryKey?.[0].value)).toEqual(byBytes);
    expect(res.rows.map((r) => attrs(r).v)).toEqual(byBytes);
  });

  it('integer keys: sort as signed 64-bit numbers, extremes included', async () => {
    const t = ots.uniqueTable('val_ipk');
    await createTable(client, t, [['pk', 'INTEGER']]);
    const keys = ['5', '-1', '0', '9223372036854775807', '-9223372036854775808', '256', '-256', '4294967296'];
    for (const k of keys) {
      await client.putRow({ tableName: t, primaryKey: [{ pk: Long.fromString(k) }], attributeColumns: [{ v: k }], condition: ignore() });
    }
    const res = await client.getRange({
      tableName: t, direction: 'FORWARD', inclusiveStartPrimaryKey: [{ pk: INF_MIN }], exclusiveEndPrimaryKey: [{ pk: INF_MAX }],
    });
    const sorted = [...keys].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    expect(res.rows.map((r) => intText(r.primaryKey?.[0].value))).toEqual(sorted);
    const one = await client.getRow({ tableName: t, primaryKey: [{ pk: Long.fromString('-9223372036854775808') }] });
    expect(attrs(one.row).v).toBe('-9223372036854775808');
  });

  it('binary keys: sort by unsigned bytes, shorter prefix first', async () => {
    const t = ots.uniqueTable('val_bpk');
    await createTable(client, t, [['pk', 'BINARY']]);
    const keys = [[0xff], [0x00], [0x7f, 0x01], [0x80], [0x7f], [0x00, 0x00]].map((b) => Buffer.from(b));
    for (const [i, pk] of keys.entries()) {
      await client.putRow({ tableName: t, primaryKey: [{ pk }], attributeColumns: [{ i: Long.fromNumber(i) }], condition: ignore() });
    }
    const res = await client.getRange({
      tableName: t, direction: 'FORWARD', inclusiveStartPrimaryKey: [{ pk: INF_MIN }], exclusiveEndPrimaryKey: [{ pk: INF_MAX }],
    });
    const got = res.rows.map((r) => (r.primaryKey?.[0].value as Buffer).toString('hex'));
    expect(got).toEqual(['00', '0000', '7f', '7f01', '80', 'ff']);
  });

  it('multi-column keys of mixed types compare column by column', async () => {
    const t = ots.uniqueTable('val_mpk');
    await createTable(client, t, [['a', 'INTEGER'], ['b', 'STRING'], ['c', 'BINARY']]);
    const rows: Array<[number, string, number]> = [[1, 'b', 1], [1, 'a', 2], [0, 'z', 9], [1, 'a', 1], [-1, 'q', 0]];
    for (const [a, b, c] of rows) {
      const primaryKey: Array<Record<string, PkValue>> = [{ a: Long.fromNumber(a) }, { b }, { c: Buffer.from([c]) }];
      await client.putRow({ tableName: t, primaryKey, attributeColumns: [{ v: `${a}${b}${c}` }], condition: ignore() });
    }
    const res = await client.getRange({
      tableName: t, direction: 'FORWARD',
      inclusiveStartPrimaryKey: [{ a: INF_MIN }, { b: INF_MIN }, { c: INF_MIN }], exclusiveEndPrimaryKey: [{ a: INF_MAX }, { b: INF_MAX }, { c: INF_MAX }],
    });
    expect(res.rows.map((r) => attrs(r).v)).toEqual(['-1q0', '0z9', '1a1', '1a2', '1b1']);
  });
});
