// Capacity units: what every response reports, and the server's per-table, per-operation counters.
// Tablestore billing rules emulated: a row's size is PK + attribute names and values, rounded up to
// 4 KB per row for single-row operations; GetRange is charged by all data scanned, rounded up once;
// a condition check costs read CUs; a failed conditional write costs 1 read + 1 write.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Long, TableStore, createTable, expectExist, expectNotExist, ignore, startOts,
  type CapacityUnit, type OtsClient, type OtsHarness,
} from './support/ots';
import { expectOtsError } from './helpers';

let ots: OtsHarness;
let client: OtsClient;
let table: string;
let other: string;

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  table = ots.uniqueTable('cu');
  other = ots.uniqueTable('cu_other');
  await createTable(client, table, [['pk', 'STRING']]);
  await createTable(client, other, [['p', 'STRING'], ['k', 'INTEGER']]);
});
beforeEach(() => {
  ots.server.resetCounters();
});
afterAll(async () => {
  await ots?.stop();
});

const cu = (c: CapacityUnit | '') => (c === '' ? { read: -1, write: -1 } : { read: c.read ?? 0, write: c.write ?? 0 });
const put = (pk: string, v: string, condition = ignore()) =>
  client.putRow({ tableName: table, primaryKey: [{ pk }], attributeColumns: [{ v }], condition });
const opCounter = (tableName: string, op: string) => ots.server.counters()[tableName]?.[op];

describe('consumed capacity in responses', () => {
  it('PutRow of a small row costs 1 write and no read; with a row condition also 1 read', async () => {
    expect(cu((await put('s1', 'small')).consumed.capacityUnit)).toEqual({ read: 0, write: 1 });
    expect(cu((await put('s2', 'small', expectNotExist())).consumed.capacityUnit)).toEqual({ read: 1, write: 1 });
  });

  it('rounds up to 4 KB per row for writes and reads', async () => {
    const v = 'x'.repeat(10_000); // ~10 KB → 3 CUs
    expect(cu((await put('big', v)).consumed.capacityUnit)).toEqual({ read: 0, write: 3 });
    expect(cu((await client.getRow({ tableName: table, primaryKey: [{ pk: 'big' }] })).consumed.capacityUnit)).toEqual({ read: 3, write: 0 });
    const five = 'y'.repeat(5_000); // ~5 KB → 2 CUs
    expect(cu((await put('mid', five)).consumed.capacityUnit)).toEqual({ read: 0, write: 2 });
  });

  it('GetRow costs 1 read for a small or a missing row', async () => {
    await put('g', 'v');
    expect(cu((await client.getRow({ tableName: table, primaryKey: [{ pk: 'g' }] })).consumed.capacityUnit)).toEqual({ read: 1, write: 0 });
    expect(cu((await client.getRow({ tableName: table, primaryKey: [{ pk: 'nope' }] })).consumed.capacityUnit)).toEqual({ read: 1, write: 0 });
  });

  it('UpdateRow with a column condition costs 1 read + 1 write; DeleteRow under IGNORE 1 write', async () => {
    await put('u', 'v');
    const cond = expectExist(new TableStore.SingleColumnCondition('v', 'v', TableStore.ComparatorType.EQUAL));
    const res = await client.updateRow({ tableName: table, primaryKey: [{ pk: 'u' }], updateOfAttributeColumns: [{ PUT: [{ w: 'x' }] }], condition: cond });
    expect(cu(res.consumed.capacityUnit)).toEqual({ read: 1, write: 1 });
    const del = await client.deleteRow({ tableName: table, primaryKey: [{ pk: 'u' }], condition: ignore() });
    expect(cu(del.consumed.capacityUnit)).toEqual({ read: 0, write: 1 });
  });

  it('GetRange is charged by the data scanned, rounded up once', async () => {
    const value = 'z'.repeat(1000); // 100 rows × ~1 KB ≈ 99 KB → 25 CUs (not 100)
    await client.batchWriteRow({
      tables: [{
        tableName: other,
        rows: Array.from({ length: 100 }, (_, k) => ({
          type: 'PUT' as const, condition: ignore(), primaryKey: [{ p: 'r' }, { k: Long.fromNumber(k) }], attributeColumns: [{ v: value }],
        })),
      }],
    });
    const res = await client.getRange({
      tableName: other, direction: 'FORWARD',
      inclusiveStartPrimaryKey: [{ p: 'r' }, { k: TableStore.INF_MIN }], exclusiveEndPrimaryKey: [{ p: 'r' }, { k: TableStore.INF_MAX }],
    });
    expect(res.rows).toHaveLength(100);
    expect(cu(res.consumed.capacityUnit)).toEqual({ read: 25, write: 0 });
  });

  it('batch operations report capacity per row', async () => {
    const w = await client.batchWriteRow({
      tables: [{ tableName: table, rows: ['b1', 'b2'].map((pk) => ({ type: 'PUT' as const, condition: ignore(), primaryKey: [{ pk }], attributeColumns: [{ v: 'x' }] })) }],
    });
    expect(w.tables.map((r) => cu(r.capacityUnit))).toEqual([{ read: 0, write: 1 }, { read: 0, write: 1 }]);
    const g = await client.batchGetRow({ tables: [{ tableName: table, primaryKey: [[{ pk: 'b1' }], [{ pk: 'b2' }]] }] });
    expect(g.tables[0].map((r) => cu(r.capacityUnit))).toEqual([{ read: 1, write: 0 }, { read: 1, write: 0 }]);
  });
});

describe('server counters', () => {
  it('count calls and CUs per table and operation', async () => {
    await put('c1', 'a');
    await put('c2', 'b');
    await client.getRow({ tableName: table, primaryKey: [{ pk: 'c1' }] });
    expect(opCounter(table, 'PutRow')).toEqual({ calls: 2, read: 0, write: 2 });
    expect(opCounter(table, 'GetRow')).toEqual({ calls: 1, read: 1, write: 0 });
    expect(ots.server.counters()[other]).toBeUndefined();
  });

  it('a failed conditional write costs 1 read + 1 write', async () => {
    await put('f', 'v');
    ots.server.resetCounters();
    await expectOtsError(put('f', 'again', expectNotExist()), 403, 'OTSConditionCheckFail');
    expect(opCounter(table, 'PutRow')).toEqual({ calls: 1, read: 1, write: 1 });
    await expectOtsError(
      client.updateRow({ tableName: table, primaryKey: [{ pk: 'missing' }], updateOfAttributeColumns: [{ PUT: [{ v: 'x' }] }], condition: expectExist() }),
      403, 'OTSConditionCheckFail',
    );
    expect(opCounter(table, 'UpdateRow')).toEqual({ calls: 1, read: 1, write: 1 });
  });

  it('resetCounters clears everything', async () => {
    await put('r', 'v');
    expect(opCounter(table, 'PutRow')?.calls).toBe(1);
    ots.server.resetCounters();
    expect(ots.server.counters()).toEqual({});
  });

  it('the unsigned admin routes read and reset the same counters', async () => {
    await put('h1', 'v');
    await client.getRow({ tableName: table, primaryKey: [{ pk: 'h1' }] });
    const res = await fetch(`${ots.server.url}/__local/counters`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, Record<string, { calls: number; read: number; write: number }>>;
    expect(body).toEqual(ots.server.counters());
    expect(body[table].PutRow).toEqual({ calls: 1, read: 0, write: 1 });
    const reset = await fetch(`${ots.server.url}/__local/counters/reset`, { method: 'POST' });
    expect(reset.status).toBeLessThan(300);
    expect(ots.server.counters()).toEqual({});
    expect(await (await fetch(`${ots.server.url}/__local/counters`)).json()).toEqual({});
  });
});
