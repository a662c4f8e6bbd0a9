// Column filters on reads, max versions and time ranges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, ignore, startOts, type CellValue, type ColumnCondition, type OtsClient, type OtsHarness,
} from './support/ots';
import { intValue } from './helpers';

const CT = TableStore.ComparatorType;
const LO = TableStore.LogicalOperator;
const single = (name: string, value: CellValue, cmp: number, passIfMissing?: boolean, latestVersionOnly?: boolean): ColumnCondition =>
  new TableStore.SingleColumnCondition(name, value, cmp, passIfMissing, latestVersionOnly);

let ots: OtsHarness;
let client: OtsClient;
let table: string; // pk STRING, k INTEGER
let versioned: string;
const t0 = Date.now() - 10 * 60_000;

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  table = ots.uniqueTable('flt');
  versioned = ots.uniqueTable('flt_mv');
  await createTable(client, table, [['pk', 'STRING'], ['k', 'INTEGER']]);
  await createTable(client, versioned, [['pk', 'STRING']], { maxVersions: 5 });
  // 20 rows: n = k, parity tag, and every 5th row lacks `tag`.
  await client.batchWriteRow({
    tables: [{
      tableName: table,
      rows: Array.from({ length: 20 }, (_, k) => ({
        type: 'PUT' as const, condition: ignore(), primaryKey: [{ pk: 'p' }, { k: Long.fromNumber(k) }],
        attributeColumns: k % 5 === 0 ? [{ n: Long.fromNumber(k) }] : [{ n: Long.fromNumber(k) }, { tag: k % 2 === 0 ? 'even' : 'odd' }],
      })),
    }],
  });
  // column v with versions at t0, t0+1000, ..., t0+4000: values 'v0'..'v4'
  for (let i = 0; i < 5; i++) {
    await client.updateRow({
      tableName: versioned, primaryKey: [{ pk: 'h' }], updateOfAttributeColumns: [{ PUT: [{ v: `v${i}`, timestamp: t0 + i * 1000 }] }],
      condition: ignore(),
    });
  }
  await client.updateRow({
    tableName: versioned, primaryKey: [{ pk: 'h' }], updateOfAttributeColumns: [{ PUT: [{ w: 'w', timestamp: t0 + 500 }] }],
    condition: ignore(),
  });
});
afterAll(async () => {
  await ots?.stop();
});

const key = (k: number) => [{ pk: 'p' }, { k: Long.fromNumber(k) }];
const rangeKeys = async (columnFilter: ColumnCondition) => {
  const res = await client.getRange({
    tableName: table, direction: 'FORWARD', columnFilter,
    inclusiveStartPrimaryKey: [{ pk: 'p' }, { k: TableStore.INF_MIN }], exclusiveEndPrimaryKey: [{ pk: 'p' }, { k: TableStore.INF_MAX }],
  });
  return res.rows.map((r) => intValue(r.primaryKey?.[1].value));
};

describe('column filters', () => {
  it('GetRow returns the row only when the filter matches', async () => {
    const hit = await client.getRow({ tableName: table, primaryKey: key(3), columnFilter: single('n', Long.fromNumber(3), CT.EQUAL) });
    expect(intValue(attrs(hit.row).n)).toBe(3);
    const miss = await client.getRow({ tableName: table, primaryKey: key(3), columnFilter: single('n', Long.fromNumber(4), CT.EQUAL) });
    expect(miss.row.primaryKey).toBeUndefined();
  });

  it('GetRow honours passIfMissing in filters', async () => {
    const passes = await client.getRow({ tableName: table, primaryKey: key(5), columnFilter: single('tag', 'odd', CT.EQUAL, true) });
    expect(passes.row.primaryKey).toBeDefined();
    const filtered = await client.getRow({ tableName: table, primaryKey: key(5), columnFilter: single('tag', 'odd', CT.EQUAL, false) });
    expect(filtered.row.primaryKey).toBeUndefined();
  });

  it('GetRange skips rows that do not match', async () => {
    expect(await rangeKeys(single('n', Long.fromNumber(15), CT.GREATER_EQUAL))).toEqual([15, 16, 17, 18, 19]);
    expect(await rangeKeys(single('tag', 'even', CT.EQUAL, false))).toEqual([2, 4, 6, 8, 12, 14, 16, 18]);
    expect(await rangeKeys(single('tag', 'even', CT.EQUAL, true))).toEqual([0, 2, 4, 5, 6, 8, 10, 12, 14, 15, 16, 18]);
  });

  it('GetRange applies composite filters', async () => {
    const f = new TableStore.CompositeCondition(LO.AND);
    f.addSubCondition(single('n', Long.fromNumber(4), CT.GREATER_THAN));
    f.addSubCondition(single('n', Long.fromNumber(12), CT.LESS_THAN));
    f.addSubCondition(single('tag', 'odd', CT.EQUAL, false));
    expect(await rangeKeys(f)).toEqual([7, 9, 11]);
    const or = new TableStore.CompositeCondition(LO.OR);
    or.addSubCondition(single('n', Long.fromNumber(1), CT.EQUAL));
    or.addSubCondition(single('n', Long.fromNumber(19), CT.EQUAL));
    expect(await rangeKeys(or)).toEqual([1, 19]);
  });

  it('BatchGetRow applies the filter per row', async () => {
    const res = await client.batchGetRow({
      tables: [{ tableName: table, primaryKey: [key(1), key(2), key(3)], columnFilter: single('tag', 'odd', CT.EQUAL, false) }],
    });
    const rows = res.tables[0];
    expect(rows.map((r) => r.isOk)).toEqual([true, true, true]);
    expect(rows.map((r) => (r.primaryKey ? intValue(r.primaryKey[1].value) : null))).toEqual([1, null, 3]);
  });
});

describe('max versions and time range', () => {
  const getH = async (opts: { maxVersions?: number; timeRange?: { startTime?: number; endTime?: number; specificTime?: number } }) => {
    const res = await client.getRow({ tableName: versioned, primaryKey: [{ pk: 'h' }], ...opts });
    return (res.row.attributes ?? []).map((a) => `${a.columnName}=${String(a.columnValue)}@${(a.timestamp?.toNumber() ?? 0) - t0}`);
  };

  it('returns the latest version by default and up to maxVersions newest first', async () => {
    expect(await getH({})).toEqual(['v=v4@4000', 'w=w@500']);
    expect(await getH({ maxVersions: 2 })).toEqual(['v=v4@4000', 'v=v3@3000', 'w=w@500']);
    expect(await getH({ maxVersions: 10 })).toEqual(['v=v4@4000', 'v=v3@3000', 'v=v2@2000', 'v=v1@1000', 'v=v0@0', 'w=w@500']);
  });

  it('timeRange [start, end) selects versions in the range', async () => {
    expect(await getH({ maxVersions: 10, timeRange: { startTime: t0 + 1000, endTime: t0 + 3000 } }))
      .toEqual(['v=v2@2000', 'v=v1@1000']);
    expect(await getH({ maxVersions: 1, timeRange: { startTime: t0, endTime: t0 + 2500 } }))
      .toEqual(['v=v2@2000', 'w=w@500']);
  });

  it('timeRange specificTime selects exactly that version', async () => {
    expect(await getH({ timeRange: { specificTime: t0 + 3000 } })).toEqual(['v=v3@3000']);
    expect(await getH({ timeRange: { specificTime: t0 + 500 } })).toEqual(['w=w@500']);
  });

  it('a time range with no versions returns no row', async () => {
    const res = await client.getRow({ tableName: versioned, primaryKey: [{ pk: 'h' }], timeRange: { specificTime: t0 + 1 } });
    expect(res.row.primaryKey).toBeUndefined();
  });

  it('GetRange honours maxVersions', async () => {
    const res = await client.getRange({
      tableName: versioned, direction: 'FORWARD', maxVersions: 3, columnsToGet: ['v'],
      inclusiveStartPrimaryKey: [{ pk: TableStore.INF_MIN }], exclusiveEndPrimaryKey: [{ pk: TableStore.INF_MAX }],
    });
    expect(res.rows).toHaveLength(1);
    expect(res.rows[0].attributes?.map((a) => a.columnValue)).toEqual(['v4', 'v3', 'v2']);
  });
});
