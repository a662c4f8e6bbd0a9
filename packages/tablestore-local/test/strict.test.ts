// What the service refuses, tablestore-local refuses too (code that passes here must not fail against
// Tablestore): duplicate rows in a batch, UpdateRow on a table that forbids updates, cell timestamps
// outside [max(now − deviation, now − TTL), now + deviation), filters with too many sub-conditions or on
// primary-key columns, versions beyond a lowered max versions, and streams (not emulated).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, expectExist, ignore, startOts,
  type BatchWriteRowInput, type ColumnCondition, type OtsClient, type OtsHarness,
} from './support/ots';
import { expectOtsError } from './helpers';

const CT = TableStore.ComparatorType;
const LO = TableStore.LogicalOperator;
const DAY = 86_400_000;

let ots: OtsHarness;
let client: OtsClient;
let t1: string; // pk STRING
let t2: string; // id INTEGER

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  t1 = ots.uniqueTable('strict_a');
  t2 = ots.uniqueTable('strict_b');
  await createTable(client, t1, [['pk', 'STRING']]);
  await createTable(client, t2, [['id', 'INTEGER']]);
});
afterAll(async () => {
  await ots?.stop();
});

const put = (pk: string, v: string): BatchWriteRowInput => ({ type: 'PUT', condition: ignore(), primaryKey: [{ pk }], attributeColumns: [{ v }] });
const exists = async (tableName: string, pk: string) => (await client.getRow({ tableName, primaryKey: [{ pk }] })).row.primaryKey !== undefined;

describe('BatchWriteRow naming one primary key twice', () => {
  it('fails the whole request with 400 OTSParameterInvalid and writes nothing', async () => {
    const e = await expectOtsError(
      client.batchWriteRow({
        tables: [
          { tableName: t1, rows: [put('dup-ok', '1'), put('dup', '2'), put('dup', '3')] },
          { tableName: t2, rows: [{ type: 'PUT', condition: ignore(), primaryKey: [{ id: Long.fromNumber(7) }], attributeColumns: [{ v: 'x' }] }] },
        ],
      }),
      400, 'OTSParameterInvalid',
    );
    expect(e.message).toContain('same primary key');
    expect(await exists(t1, 'dup-ok')).toBe(false);
    expect(await exists(t1, 'dup')).toBe(false);
    expect((await client.getRow({ tableName: t2, primaryKey: [{ id: Long.fromNumber(7) }] })).row.primaryKey).toBeUndefined();
  });

  it('counts a PUT and a DELETE of the same row as the same key', async () => {
    await expectOtsError(
      client.batchWriteRow({
        tables: [{ tableName: t1, rows: [put('pd', '1'), { type: 'DELETE', condition: ignore(), primaryKey: [{ pk: 'pd' }] }] }],
      }),
      400, 'OTSParameterInvalid',
    );
    expect(await exists(t1, 'pd')).toBe(false);
  });

  it('allows the same key value in two different tables, and distinct keys in one table', async () => {
    const res = await client.batchWriteRow({
      tables: [
        { tableName: t1, rows: [put('same', '1'), put('other', '2')] },
        { tableName: t2, rows: [{ type: 'PUT', condition: ignore(), primaryKey: [{ id: Long.fromNumber(1) }], attributeColumns: [{ v: 'y' }] }] },
      ],
    });
    expect(res.tables.map((r) => r.isOk)).toEqual([true, true, true]);
  });
});

describe('UpdateRow on a table created with allowUpdate: false', () => {
  let noUpdate: string;
  beforeAll(async () => {
    noUpdate = ots.uniqueTable('no_upd');
    await createTable(client, noUpdate, [['pk', 'STRING']], { allowUpdate: false });
    await client.putRow({ tableName: noUpdate, primaryKey: [{ pk: 'r' }], attributeColumns: [{ v: 'put' }], condition: ignore() });
  });

  it('is refused with 400 OTSParameterInvalid; the row is unchanged; PutRow and DeleteRow still work', async () => {
    await expectOtsError(
      client.updateRow({ tableName: noUpdate, primaryKey: [{ pk: 'r' }], updateOfAttributeColumns: [{ PUT: [{ v: 'updated' }] }], condition: ignore() }),
      400, 'OTSParameterInvalid',
    );
    await expectOtsError(
      client.updateRow({ tableName: noUpdate, primaryKey: [{ pk: 'new' }], updateOfAttributeColumns: [{ PUT: [{ v: 'x' }] }], condition: ignore() }),
      400, 'OTSParameterInvalid',
    );
    expect(attrs((await client.getRow({ tableName: noUpdate, primaryKey: [{ pk: 'r' }] })).row).v).toBe('put');
    expect(await exists(noUpdate, 'new')).toBe(false);
    await client.putRow({ tableName: noUpdate, primaryKey: [{ pk: 'r' }], attributeColumns: [{ v: 'put2' }], condition: ignore() });
    await client.deleteRow({ tableName: noUpdate, primaryKey: [{ pk: 'r' }], condition: ignore() });
    expect(await exists(noUpdate, 'r')).toBe(false);
  });

  it('fails an UPDATE row of a batch with OTSParameterInvalid', async () => {
    const res = await client.batchWriteRow({
      tables: [{
        tableName: noUpdate,
        rows: [put('b1', '1'), { type: 'UPDATE', condition: ignore(), primaryKey: [{ pk: 'b2' }], attributeColumns: [{ PUT: [{ v: '2' }] }] }],
      }],
    });
    expect(res.tables.map((r) => r.isOk)).toEqual([true, false]);
    expect(res.tables[1].errorCode).toBe('OTSParameterInvalid');
    expect(await exists(noUpdate, 'b2')).toBe(false);
  });

  it('works again once UpdateTable allows updates', async () => {
    const name = ots.uniqueTable('no_upd2');
    await createTable(client, name, [['pk', 'STRING']], { allowUpdate: false });
    await client.updateTable({ tableName: name, tableOptions: { allowUpdate: true } });
    await client.updateRow({ tableName: name, primaryKey: [{ pk: 'r' }], updateOfAttributeColumns: [{ PUT: [{ v: 'u' }] }], condition: ignore() });
    expect(attrs((await client.getRow({ tableName: name, primaryKey: [{ pk: 'r' }] })).row).v).toBe('u');
  });
});

describe('cell timestamps: [max(now − max time deviation, now − TTL), now + max time deviation)', () => {
  let ttl: string; // TTL 1 day, max time deviation 3 days
  beforeAll(async () => {
    ttl = ots.uniqueTable('ts_ttl');
    await createTable(client, ttl, [['pk', 'STRING']], { timeToLive: 86400, maxTimeDeviation: 3 * 86400 });
  });

  it('refuses a timestamp older than the TTL though inside the deviation, instead of acknowledging an invisible cell', async () => {
    const old = Date.now() - 2 * DAY;
    const e = await expectOtsError(
      client.putRow({ tableName: ttl, primaryKey: [{ pk: 'old' }], attributeColumns: [{ v: 'x', timestamp: old }], condition: ignore() }),
      400, 'OTSParameterInvalid',
    );
    expect(e.message).toContain('Invalid timestamp');
    await expectOtsError(
      client.updateRow({ tableName: ttl, primaryKey: [{ pk: 'old' }], updateOfAttributeColumns: [{ PUT: [{ v: 'x', timestamp: old }] }], condition: ignore() }),
      400, 'OTSParameterInvalid',
    );
    const batch = await client.batchWriteRow({
      tables: [{ tableName: ttl, rows: [{ type: 'PUT', condition: ignore(), primaryKey: [{ pk: 'old-b' }], attributeColumns: [{ v: 'x', timestamp: old }] }] }],
    });
    expect([batch.tables[0].isOk, batch.tables[0].errorCode]).toEqual([false, 'OTSParameterInvalid']);
    expect(await exists(ttl, 'old')).toBe(false);
    expect(await exists(ttl, 'old-b')).toBe(false);
  });

  it('accepts a timestamp inside both the TTL and the deviation, and the cell is readable', async () => {
    const recent = Date.now() - DAY / 2;
    await client.putRow({ tableName: ttl, primaryKey: [{ pk: 'recent' }], attributeColumns: [{ v: 'x', timestamp: recent }], condition: ignore() });
    const got = await client.getRow({ tableName: ttl, primaryKey: [{ pk: 'recent' }] });
    expect(got.row.attributes?.map((a) => a.timestamp?.toNumber())).toEqual([recent]);
  });

  it('refuses a timestamp at or beyond now + deviation, and one older than now − deviation on a table without TTL', async () => {
    await expectOtsError(
      client.putRow({ tableName: ttl, primaryKey: [{ pk: 'future' }], attributeColumns: [{ v: 'x', timestamp: Date.now() + 3 * DAY + 60_000 }], condition: ignore() }),
      400, 'OTSParameterInvalid',
    );
    const noTtl = ots.uniqueTable('ts_nottl');
    await createTable(client, noTtl, [['pk', 'STRING']], { maxTimeDeviation: 3600 });
    await expectOtsError(
      client.putRow({ tableName: noTtl, primaryKey: [{ pk: 'old' }], attributeColumns: [{ v: 'x', timestamp: Date.now() - 2 * 3600_000 }], condition: ignore() }),
      400, 'OTSParameterInvalid',
    );
    await client.putRow({ tableName: noTtl, primaryKey: [{ pk: 'ok' }], attributeColumns: [{ v: 'x', timestamp: Date.now() - 1800_000 }], condition: ignore() });
  });
});

describe('read filters', () => {
  let ft: string;
  beforeAll(async () => {
    ft = ots.uniqueTable('flt_lim');
    await createTable(client, ft, [['pk', 'STRING'], ['n', 'INTEGER']]);
    await client.putRow({ tableName: ft, primaryKey: [{ pk: 'p' }, { n: Long.fromNumber(1) }], attributeColumns: [{ a: 1 }], condition: ignore() });
  });

  const single = (name: string): ColumnCondition => new TableStore.SingleColumnCondition(name, 1, CT.EQUAL, true);
  const and = (subs: ColumnCondition[]): ColumnCondition => {
    const c = new TableStore.CompositeCondition(LO.AND);
    for (const s of subs) c.addSubCondition(s);
    return c;
  };
  const many = (n: number) => Array.from({ length: n }, (_, i) => single(`c${i}`));
  const getRow = (columnFilter: ColumnCondition) => client.getRow({ tableName: ft, primaryKey: [{ pk: 'p' }, { n: Long.fromNumber(1) }], columnFilter });
  const getRange = (columnFilter: ColumnCondition) => client.getRange({
    tableName: ft, direction: 'FORWARD', columnFilter,
    inclusiveStartPrimaryKey: [{ pk: TableStore.INF_MIN }, { n: TableStore.INF_MIN }],
    exclusiveEndPrimaryKey: [{ pk: TableStore.INF_MAX }, { n: TableStore.INF_MAX }],
  });

  it('accept 10 sub-conditions and refuse 11 (documented limit: 10) with 400 OTSParameterInvalid', async () => {
    expect((await getRow(and(many(10)))).row.primaryKey).toBeDefined();
    await expectOtsError(getRow(and(many(11))), 400, 'OTSParameterInvalid');
    await expectOtsError(getRange(and(many(11))), 400, 'OTSParameterInvalid');
    await expectOtsError(
      client.batchGetRow({ tables: [{ tableName: ft, primaryKey: [[{ pk: 'p' }, { n: Long.fromNumber(1) }]], columnFilter: and(many(11)) }] }),
      400, 'OTSParameterInvalid',
    );
  });

  it('count nested sub-conditions too', async () => {
    await expectOtsError(getRow(and([single('x'), and(many(9))])), 400, 'OTSParameterInvalid'); // 1 + 1 + 9
    expect((await getRow(and([single('x'), and(many(8))]))).row.primaryKey).toBeDefined(); // 1 + 1 + 8
  });

  it('refuse a filter on a primary-key column with 400 OTSParameterInvalid, also inside a composite', async () => {
    await expectOtsError(getRow(new TableStore.SingleColumnCondition('n', Long.fromNumber(1), CT.EQUAL)), 400, 'OTSParameterInvalid');
    await expectOtsError(getRange(and([single('a'), new TableStore.SingleColumnCondition('pk', 'p', CT.EQUAL)])), 400, 'OTSParameterInvalid');
  });

  it('leave write conditions on primary-key columns alone (the service allows them)', async () => {
    await client.updateRow({
      tableName: ft, primaryKey: [{ pk: 'p' }, { n: Long.fromNumber(1) }], updateOfAttributeColumns: [{ PUT: [{ b: 2 }] }],
      condition: expectExist(new TableStore.SingleColumnCondition('n', Long.fromNumber(1), CT.EQUAL)),
    });
  });
});

describe('write conditions', () => {
  it('accept 10 sub-conditions and refuse 11 (conditional update docs: up to 10) with 400 OTSParameterInvalid', async () => {
    const wc = ots.uniqueTable('cond_lim');
    await createTable(client, wc, [['pk', 'STRING']]);
    const and = (n: number): ColumnCondition => {
      const c = new TableStore.CompositeCondition(LO.AND);
      for (let i = 0; i < n; i++) c.addSubCondition(new TableStore.SingleColumnCondition(`c${i}`, 1, CT.EQUAL, true));
      return c;
    };
    const write = (n: number) => client.updateRow({
      tableName: wc, primaryKey: [{ pk: 'r' }], updateOfAttributeColumns: [{ PUT: [{ v: n }] }], condition: ignore(and(n)),
    });
    await write(10);
    await expectOtsError(write(11), 400, 'OTSParameterInvalid');
    expect(attrs((await client.getRow({ tableName: wc, primaryKey: [{ pk: 'r' }] })).row).v).toBe(10);
  });
});

describe('UpdateTable lowering max versions', () => {
  let mv: string;
  const t0 = Date.now() - 60_000;
  beforeAll(async () => {
    mv = ots.uniqueTable('mv_lower');
    await createTable(client, mv, [['pk', 'STRING']], { maxVersions: 5 });
    for (let i = 0; i < 5; i++) {
      await client.updateRow({
        tableName: mv, primaryKey: [{ pk: 'h' }], updateOfAttributeColumns: [{ PUT: [{ v: `v${i}`, timestamp: t0 + i * 1000 }] }], condition: ignore(),
      });
    }
    await client.updateTable({ tableName: mv, tableOptions: { maxVersions: 2 } });
  });

  const versions = (row: { attributes?: Array<{ columnValue: unknown }> }) => (row.attributes ?? []).map((a) => a.columnValue);

  it('GetRow, GetRange and BatchGetRow return at most the new max versions', async () => {
    expect(versions((await client.getRow({ tableName: mv, primaryKey: [{ pk: 'h' }], maxVersions: 10 })).row)).toEqual(['v4', 'v3']);
    const range = await client.getRange({
      tableName: mv, direction: 'FORWARD', maxVersions: 10,
      inclusiveStartPrimaryKey: [{ pk: TableStore.INF_MIN }], exclusiveEndPrimaryKey: [{ pk: TableStore.INF_MAX }],
    });
    expect(range.rows.map(versions)).toEqual([['v4', 'v3']]);
    const batch = await client.batchGetRow({ tables: [{ tableName: mv, primaryKey: [[{ pk: 'h' }]], maxVersions: 10 }] });
    expect(versions({ attributes: batch.tables[0][0].attributes ?? [] })).toEqual(['v4', 'v3']);
  });

  it('a time range over the dropped versions returns nothing', async () => {
    const res = await client.getRow({ tableName: mv, primaryKey: [{ pk: 'h' }], maxVersions: 10, timeRange: { startTime: t0, endTime: t0 + 2500 } });
    expect(res.row.primaryKey).toBeUndefined();
    const kept = await client.getRow({ tableName: mv, primaryKey: [{ pk: 'h' }], maxVersions: 10, timeRange: { startTime: t0, endTime: t0 + 10_000 } });
    expect(versions(kept.row)).toEqual(['v4', 'v3']);
  });

  it('a condition no longer sees the dropped versions', async () => {
    const old = new TableStore.SingleColumnCondition('v', 'v0', CT.EQUAL, false, false);
    await expectOtsError(
      client.updateRow({ tableName: mv, primaryKey: [{ pk: 'h' }], updateOfAttributeColumns: [{ PUT: [{ w: 'x' }] }], condition: expectExist(old) }),
      403, 'OTSConditionCheckFail',
    );
  });
});

interface StreamDetails { enableStream: boolean; streamId?: string | null }
type StreamClient = {
  createTable(p: Parameters<OtsClient['createTable']>[0]): Promise<unknown>;
  updateTable(p: {
    tableName: string; tableOptions: object; streamSpecification: { enableStream: boolean; expirationTime?: number };
  }): Promise<{ streamDetails?: StreamDetails | null }>;
  describeTable(p: { tableName: string }): Promise<{ streamDetails?: StreamDetails | null }>;
};

describe('streams (not emulated)', () => {
  const sc = () => client as unknown as StreamClient;
  const create = (tableName: string, enableStream: boolean) => sc().createTable({
    tableMeta: { tableName, primaryKey: [{ name: 'pk', type: 'STRING' }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
    streamSpecification: { enableStream, expirationTime: 24 },
  });

  it('CreateTable enabling a stream is refused with 400 OTSUnsupportOperation and creates nothing', async () => {
    const name = ots.uniqueTable('stream_on');
    const e = await expectOtsError(create(name, true), 400, 'OTSUnsupportOperation');
    expect(e.message).toMatch(/[Ss]tream/);
    expect((await client.listTable({})).tableNames).not.toContain(name);
  });

  it('CreateTable with the stream off works, and DescribeTable never claims a stream', async () => {
    const name = ots.uniqueTable('stream_off');
    await create(name, false);
    const d = await sc().describeTable({ tableName: name });
    expect(d.streamDetails?.enableStream ?? false).toBe(false);
  });

  it('UpdateTable enabling a stream is refused with 400 OTSUnsupportOperation; the stream stays off', async () => {
    const name = ots.uniqueTable('stream_upd');
    await create(name, false);
    await expectOtsError(
      sc().updateTable({ tableName: name, tableOptions: {}, streamSpecification: { enableStream: true, expirationTime: 24 } }),
      400, 'OTSUnsupportOperation',
    );
    expect((await sc().describeTable({ tableName: name })).streamDetails?.enableStream ?? false).toBe(false);
    const off = await sc().updateTable({ tableName: name, tableOptions: {}, streamSpecification: { enableStream: false } });
    expect(off.streamDetails?.enableStream ?? false).toBe(false);
  });
});
