// Single-row APIs (GetRow, PutRow, UpdateRow, DeleteRow) through the real SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, ignore, pkOf, startOts, type OtsClient, type OtsHarness,
} from './support/ots';
import { expectClientError, intValue } from './helpers';

let ots: OtsHarness;
let client: OtsClient;
let table: string; // pk STRING, max versions 1
let versioned: string; // pk STRING, max versions 3

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  table = ots.uniqueTable('rows');
  versioned = ots.uniqueTable('rows_mv');
  await createTable(client, table, [['pk', 'STRING']]);
  await createTable(client, versioned, [['pk', 'STRING']], { maxVersions: 3 });
});
afterAll(async () => {
  await ots?.stop();
});

const get = async (pk: string, tableName = table) => (await client.getRow({ tableName, primaryKey: [{ pk }] })).row;

describe('PutRow / GetRow', () => {
  it('writes a row and reads it back with its primary key and attributes', async () => {
    await client.putRow({
      tableName: table, primaryKey: [{ pk: 'p1' }],
      attributeColumns: [{ name: '张三' }, { age: Long.fromNumber(42) }, { score: 9.5 }, { ok: true }],
      condition: ignore(),
    });
    const row = await get('p1');
    expect(pkOf(row)).toEqual({ pk: 'p1' });
    const a = attrs(row);
    expect(a.name).toBe('张三');
    expect(intValue(a.age)).toBe(42);
    expect(a.score).toBe(9.5);
    expect(a.ok).toBe(true);
    for (const attr of row.attributes ?? []) expect(attr.timestamp?.toNumber()).toBeGreaterThan(0);
  });

  it('returns an empty row for a missing primary key', async () => {
    const row = await get('never-written');
    expect(row.primaryKey).toBeUndefined();
    expect(row.attributes).toBeUndefined();
  });

  it('replaces the whole row on PutRow (old columns disappear)', async () => {
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'p2' }], attributeColumns: [{ a: 'x' }, { b: 'y' }], condition: ignore() });
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'p2' }], attributeColumns: [{ c: 'z' }], condition: ignore() });
    expect(attrs(await get('p2'))).toEqual({ c: 'z' });
  });

  it('replaces every version of every column on PutRow', async () => {
    const t0 = Date.now() - 60_000;
    await client.putRow({
      tableName: versioned, primaryKey: [{ pk: 'mv-put' }],
      attributeColumns: [{ a: 'v1', timestamp: t0 }, { b: 'keep?', timestamp: t0 }], condition: ignore(),
    });
    await client.updateRow({
      tableName: versioned, primaryKey: [{ pk: 'mv-put' }],
      updateOfAttributeColumns: [{ PUT: [{ a: 'v2', timestamp: t0 + 1000 }] }], condition: ignore(),
    });
    await client.putRow({ tableName: versioned, primaryKey: [{ pk: 'mv-put' }], attributeColumns: [{ a: 'v3' }], condition: ignore() });
    const row = (await client.getRow({ tableName: versioned, primaryKey: [{ pk: 'mv-put' }], maxVersions: 3 })).row;
    expect(row.attributes?.map((c) => [c.columnName, c.columnValue])).toEqual([['a', 'v3']]);
  });

  it('returns the primary key with returnType Primarykey', async () => {
    const res = await client.putRow({
      tableName: table, primaryKey: [{ pk: 'p3' }], attributeColumns: [{ v: 'x' }], condition: ignore(),
      returnContent: { returnType: TableStore.ReturnType.Primarykey },
    });
    expect(pkOf(res.row)).toEqual({ pk: 'p3' });
  });

  it('returns only columnsToGet', async () => {
    await client.putRow({
      tableName: table, primaryKey: [{ pk: 'p4' }], attributeColumns: [{ a: '1' }, { b: '2' }, { c: '3' }], condition: ignore(),
    });
    const row = (await client.getRow({ tableName: table, primaryKey: [{ pk: 'p4' }], columnsToGet: ['a', 'c', 'nope'] })).row;
    expect(attrs(row)).toEqual({ a: '1', c: '3' });
    expect(pkOf(row)).toEqual({ pk: 'p4' });
  });

  it('returns no row when none of columnsToGet exists', async () => {
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'p5' }], attributeColumns: [{ a: '1' }], condition: ignore() });
    const row = (await client.getRow({ tableName: table, primaryKey: [{ pk: 'p5' }], columnsToGet: ['zz'] })).row;
    expect(row.attributes ?? []).toEqual([]);
  });

  it('stores attribute columns in name order and reads them all', async () => {
    const columns = Array.from({ length: 50 }, (_, i) => ({ [`c${String(i).padStart(2, '0')}`]: `v${i}` }));
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'wide' }], attributeColumns: columns.slice().reverse(), condition: ignore() });
    const row = await get('wide');
    expect(row.attributes?.map((c) => c.columnName)).toEqual(columns.map((c) => Object.keys(c)[0]));
  });
});

describe('UpdateRow', () => {
  it('PUT adds and overwrites columns and keeps the others', async () => {
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'u1' }], attributeColumns: [{ a: '1' }, { b: '2' }], condition: ignore() });
    await client.updateRow({
      tableName: table, primaryKey: [{ pk: 'u1' }],
      updateOfAttributeColumns: [{ PUT: [{ b: 'two' }, { c: Long.fromNumber(3) }] }], condition: ignore(),
    });
    const a = attrs(await get('u1'));
    expect(a.a).toBe('1');
    expect(a.b).toBe('two');
    expect(intValue(a.c)).toBe(3);
  });

  it('creates the row when missing under IGNORE', async () => {
    await client.updateRow({
      tableName: table, primaryKey: [{ pk: 'u2' }], updateOfAttributeColumns: [{ PUT: [{ a: 'new' }] }], condition: ignore(),
    });
    expect(attrs(await get('u2'))).toEqual({ a: 'new' });
  });

  it('DELETE_ALL removes a column; removing the last column removes the row', async () => {
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'u3' }], attributeColumns: [{ a: '1' }, { b: '2' }], condition: ignore() });
    await client.updateRow({
      tableName: table, primaryKey: [{ pk: 'u3' }], updateOfAttributeColumns: [{ DELETE_ALL: ['a'] }], condition: ignore(),
    });
    expect(attrs(await get('u3'))).toEqual({ b: '2' });
    await client.updateRow({
      tableName: table, primaryKey: [{ pk: 'u3' }], updateOfAttributeColumns: [{ DELETE_ALL: ['b'] }], condition: ignore(),
    });
    expect((await get('u3')).primaryKey).toBeUndefined();
  });

  it('an update of only DELETE_ALL on a missing row succeeds and leaves no row', async () => {
    await client.updateRow({
      tableName: table, primaryKey: [{ pk: 'u4' }], updateOfAttributeColumns: [{ DELETE_ALL: ['a', 'b'] }], condition: ignore(),
    });
    expect((await get('u4')).primaryKey).toBeUndefined();
  });

  it('mixes PUT, DELETE_ALL and INCREMENT in one update', async () => {
    await client.putRow({
      tableName: table, primaryKey: [{ pk: 'u5' }], attributeColumns: [{ gone: 'x' }, { n: Long.fromNumber(10) }], condition: ignore(),
    });
    await client.updateRow({
      tableName: table, primaryKey: [{ pk: 'u5' }],
      updateOfAttributeColumns: [{ PUT: [{ s: 'set' }] }, { DELETE_ALL: ['gone'] }, { INCREMENT: [{ n: Long.fromNumber(5) }] }],
      condition: ignore(),
    });
    const a = attrs(await get('u5'));
    expect(Object.keys(a).sort()).toEqual(['n', 's']);
    expect(intValue(a.n)).toBe(15);
  });

  it('DELETE removes exactly one version', async () => {
    const t0 = Date.now() - 60_000;
    const pk = [{ pk: 'mv-del' }];
    for (const [i, v] of ['first', 'second', 'third'].entries()) {
      await client.updateRow({
        tableName: versioned, primaryKey: pk, updateOfAttributeColumns: [{ PUT: [{ v, timestamp: t0 + i * 1000 }] }],
        condition: ignore(),
      });
    }
    const before = (await client.getRow({ tableName: versioned, primaryKey: pk, maxVersions: 3 })).row;
    expect(before.attributes?.map((c) => [c.columnValue, c.timestamp?.toNumber()])).toEqual([
      ['third', t0 + 2000], ['second', t0 + 1000], ['first', t0],
    ]);
    await client.updateRow({
      tableName: versioned, primaryKey: pk, updateOfAttributeColumns: [{ DELETE: [{ v: Long.fromNumber(t0 + 1000) }] }],
      condition: ignore(),
    });
    const after = (await client.getRow({ tableName: versioned, primaryKey: pk, maxVersions: 3 })).row;
    expect(after.attributes?.map((c) => c.columnValue)).toEqual(['third', 'first']);
    const latest = (await client.getRow({ tableName: versioned, primaryKey: pk })).row;
    expect(latest.attributes?.map((c) => c.columnValue)).toEqual(['third']);
  });

  it('keeps at most maxVersions versions', async () => {
    const t0 = Date.now() - 60_000;
    const pk = [{ pk: 'mv-cap' }];
    for (let i = 0; i < 5; i++) {
      await client.updateRow({
        tableName: versioned, primaryKey: pk, updateOfAttributeColumns: [{ PUT: [{ v: `v${i}`, timestamp: t0 + i }] }],
        condition: ignore(),
      });
    }
    const row = (await client.getRow({ tableName: versioned, primaryKey: pk, maxVersions: 10 })).row;
    expect(row.attributes?.map((c) => c.columnValue)).toEqual(['v4', 'v3', 'v2']);
  });

  it('a PUT with the same timestamp overwrites that version', async () => {
    const ts = Date.now() - 30_000;
    const pk = [{ pk: 'mv-same' }];
    for (const v of ['a', 'b']) {
      await client.updateRow({
        tableName: versioned, primaryKey: pk, updateOfAttributeColumns: [{ PUT: [{ v, timestamp: ts }] }], condition: ignore(),
      });
    }
    const row = (await client.getRow({ tableName: versioned, primaryKey: pk, maxVersions: 3 })).row;
    expect(row.attributes?.map((c) => c.columnValue)).toEqual(['b']);
  });

  it('INCREMENT adds atomically, starts a missing column at 0, and returns the value AfterModify', async () => {
    const pk = [{ pk: 'ctr' }];
    const inc = (by: number) => client.updateRow({
      tableName: table, primaryKey: pk, updateOfAttributeColumns: [{ INCREMENT: [{ n: Long.fromNumber(by) }] }],
      condition: ignore(), returnContent: { returnType: TableStore.ReturnType.AfterModify, returnColumns: ['n'] },
    });
    let res = await inc(7);
    expect(intValue(attrs(res.row).n)).toBe(7);
    res = await inc(-10);
    expect(intValue(attrs(res.row).n)).toBe(-3);
    res = await inc(1000);
    expect(intValue(attrs(res.row).n)).toBe(997);
    expect(intValue(attrs(await get('ctr')).n)).toBe(997);
  });

  it('INCREMENT on a non-integer column fails and changes nothing', async () => {
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'ctr-bad' }], attributeColumns: [{ n: 'text' }], condition: ignore() });
    await expectClientError(client.updateRow({
      tableName: table, primaryKey: [{ pk: 'ctr-bad' }], updateOfAttributeColumns: [{ INCREMENT: [{ n: Long.fromNumber(1) }] }],
      condition: ignore(),
    }));
    expect(attrs(await get('ctr-bad'))).toEqual({ n: 'text' });
  });

  it('returns the primary key with returnType Primarykey', async () => {
    const res = await client.updateRow({
      tableName: table, primaryKey: [{ pk: 'u6' }], updateOfAttributeColumns: [{ PUT: [{ a: '1' }] }], condition: ignore(),
      returnContent: { returnType: TableStore.ReturnType.Primarykey },
    });
    expect(pkOf(res.row)).toEqual({ pk: 'u6' });
  });
});

describe('DeleteRow', () => {
  it('deletes an existing row', async () => {
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'd1' }], attributeColumns: [{ a: '1' }], condition: ignore() });
    await client.deleteRow({ tableName: table, primaryKey: [{ pk: 'd1' }], condition: ignore() });
    expect((await get('d1')).primaryKey).toBeUndefined();
  });

  it('succeeds on a missing row under IGNORE', async () => {
    await client.deleteRow({ tableName: table, primaryKey: [{ pk: 'd-missing' }], condition: ignore() });
    expect((await get('d-missing')).primaryKey).toBeUndefined();
  });

  it('deletes every version', async () => {
    const t0 = Date.now() - 60_000;
    await client.putRow({
      tableName: versioned, primaryKey: [{ pk: 'mv-row-del' }], attributeColumns: [{ a: '1', timestamp: t0 }], condition: ignore(),
    });
    await client.updateRow({
      tableName: versioned, primaryKey: [{ pk: 'mv-row-del' }], updateOfAttributeColumns: [{ PUT: [{ a: '2', timestamp: t0 + 1 }] }],
      condition: ignore(),
    });
    await client.deleteRow({ tableName: versioned, primaryKey: [{ pk: 'mv-row-del' }], condition: ignore() });
    const row = (await client.getRow({ tableName: versioned, primaryKey: [{ pk: 'mv-row-del' }], maxVersions: 3 })).row;
    expect(row.primaryKey).toBeUndefined();
  });
});
