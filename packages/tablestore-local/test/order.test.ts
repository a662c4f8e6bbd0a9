// Row order and long primary keys in the storage: GetRange returns rows in Tablestore's order (column by
// column; INTEGER signed, STRING and BINARY bytewise, a prefix before its extensions), and primary keys
// whose encoding is longer than one storage key (four 1 KB columns, zero bytes) are stored, read,
// overwritten, deleted, ranged over and kept across a restart like any other.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, ignore, pkOf, startOts,
  type CellValue, type OtsClient, type OtsHarness, type PrimaryKeyInput, type Row,
} from './support/ots';
import { intText } from './helpers';

const { INF_MIN, INF_MAX } = TableStore;
const dataDir = mkdtempSync(join(tmpdir(), 'ots-order-'));
let ots: OtsHarness;
let client: OtsClient;

beforeAll(async () => {
  ots = await startOts({ dataDir });
});
afterAll(async () => {
  await ots?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function readAll(table: string, direction: 'FORWARD' | 'BACKWARD', start: PrimaryKeyInput, end: PrimaryKeyInput, limit?: number): Promise<Row[]> {
  const rows: Row[] = [];
  let from: PrimaryKeyInput | null = start;
  for (let pages = 0; from; pages++) {
    if (pages > 1000) throw new Error('range does not terminate');
    const res = await client.getRange({ tableName: table, direction, inclusiveStartPrimaryKey: from, exclusiveEndPrimaryKey: end, limit });
    rows.push(...res.rows);
    from = res.nextStartPrimaryKey ? res.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value as Buffer })) : null;
  }
  return rows;
}

const hex = (v: CellValue | undefined): string => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'string' ? Buffer.from(v).toString('hex') : intText(v));

describe('row order', () => {
  it('INTEGER signed, then STRING bytewise, then BINARY bytewise, column by column, forward and backward', async () => {
    client = ots.client();
    const table = ots.uniqueTable('order');
    await createTable(client, table, [['i', 'INTEGER'], ['s', 'STRING'], ['b', 'BINARY']]);
    const ints = ['-9223372036854775808', '-4294967296', '-256', '-1', '0', '1', '255', '256', '4294967296', '9223372036854775807'];
    const strings = ['', '\u0000', '\u0000\u0000', '\u0000a', 'a', 'a\u0000', 'a\u0000\u0000', 'a\u0001', 'aa', 'b', '\u007f', '\u00e9', '联办'];
    const binaries = [Buffer.alloc(0), Buffer.of(0), Buffer.of(0, 0), Buffer.of(0, 0xff), Buffer.of(1), Buffer.of(0xfe, 0xff), Buffer.of(0xff), Buffer.of(0xff, 0)];
    const keys: Array<{ i: bigint; s: Buffer; b: Buffer }> = [];
    const rows = [];
    for (const i of ints) {
      for (const s of strings) {
        for (const b of [binaries[0], binaries[3], binaries[7]]) {
          keys.push({ i: BigInt(i), s: Buffer.from(s), b });
          rows.push({ type: 'PUT' as const, condition: ignore(), primaryKey: [{ i: Long.fromString(i) }, { s }, { b }], attributeColumns: [{ v: 1 }] });
        }
      }
    }
    for (const b of binaries) {
      keys.push({ i: 7n, s: Buffer.from('x'), b });
      rows.push({ type: 'PUT' as const, condition: ignore(), primaryKey: [{ i: Long.fromNumber(7) }, { s: 'x' }, { b }], attributeColumns: [{ v: 1 }] });
    }
    // Written in a shuffled order, so the storage's order is all that orders them.
    for (let n = rows.length - 1; n > 0; n--) {
      const m = Math.floor(Math.random() * (n + 1));
      [rows[n], rows[m]] = [rows[m], rows[n]];
    }
    for (let n = 0; n < rows.length; n += 200) await client.batchWriteRow({ tables: [{ tableName: table, rows: rows.slice(n, n + 200) }] });

    keys.sort((x, y) => (x.i < y.i ? -1 : x.i > y.i ? 1 : Buffer.compare(x.s, y.s) || Buffer.compare(x.b, y.b)));
    const expected = keys.map((k) => `${k.i}/${k.s.toString('hex')}/${k.b.toString('hex')}`);
    const label = (r: Row) => {
      const pk = pkOf(r);
      return `${intText(pk.i)}/${hex(pk.s)}/${hex(pk.b)}`;
    };
    const all: PrimaryKeyInput = [{ i: INF_MIN }, { s: INF_MIN }, { b: INF_MIN }];
    const none: PrimaryKeyInput = [{ i: INF_MAX }, { s: INF_MAX }, { b: INF_MAX }];
    expect((await readAll(table, 'FORWARD', all, none)).map(label)).toEqual(expected);
    expect((await readAll(table, 'BACKWARD', none, all, 37)).map(label)).toEqual([...expected].reverse());
    // A bound in the middle of the STRING column: from 'a' (inclusive) to 'a\0\0' (exclusive) in partition -1.
    const slice = await readAll(table, 'FORWARD', [{ i: Long.fromNumber(-1) }, { s: 'a' }, { b: INF_MIN }], [{ i: Long.fromNumber(-1) }, { s: 'a\u0000\u0000' }, { b: INF_MIN }]);
    expect(slice.map(label)).toEqual(expected.filter((k) => k.startsWith(`-1/${Buffer.from('a').toString('hex')}/`) || k.startsWith(`-1/${Buffer.from('a\u0000').toString('hex')}/`)));
  });
});

describe('long primary keys (encoded longer than one storage key)', () => {
  const KB = 1024;
  const zeros = (n: number, last = 0) => {
    const b = Buffer.alloc(n);
    b[n - 1] = last;
    return b;
  };
  let table: string;
  // Four BINARY columns of 1 KB: all zeros the encoding doubles (~8 KB), far over the 4 KB storage key.
  const longKey = (last: number, fourth: Buffer = zeros(KB, last)): PrimaryKeyInput => [{ a: zeros(KB) }, { b: zeros(KB) }, { c: zeros(KB) }, { d: fourth }];
  const label = (r: Row) => {
    const pk = pkOf(r);
    return ['a', 'b', 'c', 'd'].map((c) => {
      const v = pk[c] as Buffer;
      return `${v.length}:${v.subarray(-2).toString('hex')}`;
    }).join(' ');
  };

  it('stores, reads, overwrites and deletes them, and keeps them in order among short keys', async () => {
    client = ots.client();
    table = ots.uniqueTable('longpk');
    await createTable(client, table, [['a', 'BINARY'], ['b', 'BINARY'], ['c', 'BINARY'], ['d', 'BINARY']]);
    const put = (pk: PrimaryKeyInput, v: string) => client.putRow({ tableName: table, primaryKey: pk, attributeColumns: [{ v }], condition: ignore() });
    for (const last of [5, 1, 3, 0, 255]) await put(longKey(last), `long${last}`);
    // Short keys around them: a prefix of every long key, one that sorts between, one after.
    await put([{ a: zeros(KB) }, { b: zeros(KB) }, { c: Buffer.alloc(0) }, { d: Buffer.alloc(0) }], 'short-before');
    await put([{ a: zeros(KB) }, { b: zeros(KB) }, { c: zeros(KB) }, { d: Buffer.alloc(0) }], 'short-prefix');
    await put([{ a: zeros(KB) }, { b: zeros(KB) }, { c: zeros(KB, 1) }, { d: Buffer.alloc(0) }], 'short-after');
    await put([{ a: Buffer.of(1) }, { b: Buffer.alloc(0) }, { c: Buffer.alloc(0) }, { d: Buffer.alloc(0) }], 'short-last');

    for (const last of [0, 1, 3, 5, 255]) {
      const got = await client.getRow({ tableName: table, primaryKey: longKey(last) });
      expect(attrs(got.row), `long${last}`).toEqual({ v: `long${last}` });
    }
    expect((await client.getRow({ tableName: table, primaryKey: longKey(2) })).row).toEqual({});
    await put(longKey(3), 'long3-again');
    expect(attrs((await client.getRow({ tableName: table, primaryKey: longKey(3) })).row)).toEqual({ v: 'long3-again' });
    await client.deleteRow({ tableName: table, primaryKey: longKey(1), condition: ignore() });
    expect((await client.getRow({ tableName: table, primaryKey: longKey(1) })).row).toEqual({});

    const expected = ['short-before', 'short-prefix', 'long0', 'long3-again', 'long5', 'long255', 'short-after', 'short-last'];
    const all: PrimaryKeyInput = [{ a: INF_MIN }, { b: INF_MIN }, { c: INF_MIN }, { d: INF_MIN }];
    const none: PrimaryKeyInput = [{ a: INF_MAX }, { b: INF_MAX }, { c: INF_MAX }, { d: INF_MAX }];
    const values = (rows: Row[]) => rows.map((r) => attrs(r).v);
    expect(values(await readAll(table, 'FORWARD', all, none))).toEqual(expected);
    expect(values(await readAll(table, 'FORWARD', all, none, 1))).toEqual(expected);
    expect(values(await readAll(table, 'BACKWARD', none, all))).toEqual([...expected].reverse());
    expect(values(await readAll(table, 'BACKWARD', none, all, 1))).toEqual([...expected].reverse());
    // Bounds that are long keys themselves, inside the run of long keys: [long3, long255) and (long0, long255].
    expect(values(await readAll(table, 'FORWARD', longKey(3), longKey(255)))).toEqual(['long3-again', 'long5']);
    expect(values(await readAll(table, 'BACKWARD', longKey(255), longKey(0)))).toEqual(['long255', 'long5', 'long3-again']);
    expect(values(await readAll(table, 'FORWARD', longKey(2), none, 2))).toEqual(['long3-again', 'long5', 'long255', 'short-after', 'short-last']);
    const first = await readAll(table, 'FORWARD', all, none);
    expect(label(first[2])).toBe('1024:0000 1024:0000 1024:0000 1024:0000');
  });

  it('keeps them across a restart', async () => {
    await ots.stop();
    ots = await startOts({ dataDir });
    client = ots.client();
    const rows = await readAll(table, 'FORWARD', [{ a: INF_MIN }, { b: INF_MIN }, { c: INF_MIN }, { d: INF_MIN }], [{ a: INF_MAX }, { b: INF_MAX }, { c: INF_MAX }, { d: INF_MAX }]);
    expect(rows.map((r) => attrs(r).v)).toEqual(['short-before', 'short-prefix', 'long0', 'long3-again', 'long5', 'long255', 'short-after', 'short-last']);
    expect(attrs((await client.getRow({ tableName: table, primaryKey: longKey(5) })).row)).toEqual({ v: 'long5' });
  });
});
