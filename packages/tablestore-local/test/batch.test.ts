// BatchGetRow and BatchWriteRow: per-row results, per-row conditions, request limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, expectExist, expectNotExist, ignore, pkOf, startOts,
  type BatchWriteRowInput, type OtsClient, type OtsHarness,
} from './support/ots';
import { expectOtsError, intValue } from './helpers';
import { encode, rawCall, plainBuffer } from './raw';

let ots: OtsHarness;
let client: OtsClient;
let t1: string; // pk STRING
let t2: string; // id INTEGER

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  t1 = ots.uniqueTable('bat_a');
  t2 = ots.uniqueTable('bat_b');
  await createTable(client, t1, [['pk', 'STRING']]);
  await createTable(client, t2, [['id', 'INTEGER']]);
});
afterAll(async () => {
  await ots?.stop();
});

const put = (pk: string, v: string): BatchWriteRowInput => ({ type: 'PUT', condition: ignore(), primaryKey: [{ pk }], attributeColumns: [{ v }] });

describe('BatchWriteRow', () => {
  it('writes PUT, UPDATE and DELETE rows across tables and reports per-row results in request order', async () => {
    await client.putRow({ tableName: t1, primaryKey: [{ pk: 'old' }], attributeColumns: [{ v: 'o' }], condition: ignore() });
    await client.putRow({ tableName: t2, primaryKey: [{ id: Long.fromNumber(1) }], attributeColumns: [{ n: Long.fromNumber(1) }], condition: ignore() });
    const res = await client.batchWriteRow({
      tables: [
        { tableName: t1, rows: [put('a', '1'), put('b', '2'), { type: 'DELETE', condition: ignore(), primaryKey: [{ pk: 'old' }] }] },
        {
          tableName: t2,
          rows: [
            {
              type: 'UPDATE', condition: ignore(), primaryKey: [{ id: Long.fromNumber(1) }],
              attributeColumns: [{ INCREMENT: [{ n: Long.fromNumber(4) }] }],
              returnContent: { returnType: TableStore.ReturnType.AfterModify, returnColumns: ['n'] },
            },
            { type: 'PUT', condition: ignore(), primaryKey: [{ id: Long.fromNumber(2) }], attributeColumns: [{ s: '二' }] },
          ],
        },
      ],
    });
    expect(res.tables.map((r) => [r.tableName, r.isOk])).toEqual([[t1, true], [t1, true], [t1, true], [t2, true], [t2, true]]);
    expect(intValue(attrs({ attributes: res.tables[3].attributes ?? [] }).n)).toBe(5);

    const got = await client.batchGetRow({
      tables: [
        { tableName: t1, primaryKey: [[{ pk: 'a' }], [{ pk: 'b' }], [{ pk: 'old' }]] },
        { tableName: t2, primaryKey: [[{ id: Long.fromNumber(1) }], [{ id: Long.fromNumber(2) }]] },
      ],
    });
    expect(got.tables).toHaveLength(2);
    expect(got.tables[0].map((r) => r.attributes?.[0]?.columnValue ?? null)).toEqual(['1', '2', null]);
    expect(intValue(got.tables[1][0].attributes?.[0].columnValue)).toBe(5);
    expect(got.tables[1][1].attributes?.[0].columnValue).toBe('二');
  });

  it('a failing condition in the middle fails only that row', async () => {
    await client.putRow({ tableName: t1, primaryKey: [{ pk: 'exists' }], attributeColumns: [{ v: 'before' }], condition: ignore() });
    const res = await client.batchWriteRow({
      tables: [{
        tableName: t1,
        rows: [
          put('m1', 'one'),
          { type: 'PUT', condition: expectNotExist(), primaryKey: [{ pk: 'exists' }], attributeColumns: [{ v: 'clobbered' }] },
          { type: 'UPDATE', condition: expectExist(), primaryKey: [{ pk: 'm-missing' }], attributeColumns: [{ PUT: [{ v: 'x' }] }] },
          put('m3', 'three'),
        ],
      }],
    });
    expect(res.tables.map((r) => r.isOk)).toEqual([true, false, false, true]);
    expect(res.tables[1].errorCode).toBe('OTSConditionCheckFail');
    expect(res.tables[1].errorMessage).toContain('Condition check failed');
    expect(res.tables[2].errorCode).toBe('OTSConditionCheckFail');
    const got = await client.batchGetRow({
      tables: [{ tableName: t1, primaryKey: [[{ pk: 'm1' }], [{ pk: 'exists' }], [{ pk: 'm-missing' }], [{ pk: 'm3' }]] }],
    });
    expect(got.tables[0].map((r) => r.attributes?.[0]?.columnValue ?? null)).toEqual(['one', 'before', null, 'three']);
  });

  it('returns primary keys with returnType Primarykey', async () => {
    const res = await client.batchWriteRow({
      tables: [{ tableName: t1, rows: [{ ...put('rk', 'v'), returnContent: { returnType: TableStore.ReturnType.Primarykey } }] }],
    });
    expect(res.tables[0].primaryKey?.map((c) => [c.name, c.value])).toEqual([['pk', 'rk']]);
  });

  it('accepts 200 rows', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => put(`r200-${i}`, String(i)));
    const res = await client.batchWriteRow({ tables: [{ tableName: t1, rows }] });
    expect(res.tables).toHaveLength(200);
    expect(res.tables.every((r) => r.isOk)).toBe(true);
  });

  it('rejects more than 200 rows with 400 OTSParameterInvalid and writes none', async () => {
    const rows = Array.from({ length: 201 }, (_, i) => put(`r201-${i}`, String(i)));
    await expectOtsError(client.batchWriteRow({ tables: [{ tableName: t1, rows }] }), 400, 'OTSParameterInvalid');
    const got = await client.getRow({ tableName: t1, primaryKey: [{ pk: 'r201-0' }] });
    expect(got.row.primaryKey).toBeUndefined();
  });

  it('rejects a table entry with no rows with 400 OTSParameterInvalid', async () => {
    await expectOtsError(client.batchWriteRow({ tables: [{ tableName: t1, rows: [] }] }), 400, 'OTSParameterInvalid');
  });

  it('rejects a request with no tables with 400 OTSParameterInvalid (raw request; the SDK refuses to send it)', async () => {
    const res = await rawCall(ots.server, 'BatchWriteRow', encode('BatchWriteRowRequest', { tables: [] }));
    expect([res.status, res.code]).toEqual([400, 'OTSParameterInvalid']);
  });

  it('rejects a row with a wrong primary key with OTSInvalidPK', async () => {
    let status: number | undefined;
    let rowError: string | null = null;
    try {
      const res = await client.batchWriteRow({
        tables: [{ tableName: t1, rows: [{ type: 'PUT', condition: ignore(), primaryKey: [{ wrong: 'x' }], attributeColumns: [{ v: '1' }] }] }],
      });
      rowError = res.tables[0].errorCode;
    } catch (err) {
      status = (err as { code?: number }).code;
      expect((err as Error).message).toContain('OTSInvalidPK');
    }
    // Either the whole request fails with 400 or the row fails with OTSInvalidPK; never a write.
    expect(status === 400 || rowError === 'OTSInvalidPK').toBe(true);
  });
});

describe('BatchGetRow', () => {
  it('returns per-row results in request order, with empty results for missing rows', async () => {
    await client.batchWriteRow({ tables: [{ tableName: t1, rows: [put('g1', 'x'), put('g3', 'z')] }] });
    const res = await client.batchGetRow({ tables: [{ tableName: t1, primaryKey: [[{ pk: 'g1' }], [{ pk: 'g2' }], [{ pk: 'g3' }]] }] });
    const rows = res.tables[0];
    expect(rows.map((r) => r.isOk)).toEqual([true, true, true]);
    expect(rows.map((r) => r.tableName)).toEqual([t1, t1, t1]);
    expect(rows.map((r) => (r.primaryKey ? pkOf({ primaryKey: r.primaryKey }).pk : null))).toEqual(['g1', null, 'g3']);
  });

  it('honours columnsToGet per table', async () => {
    await client.putRow({ tableName: t1, primaryKey: [{ pk: 'cg' }], attributeColumns: [{ a: '1' }, { b: '2' }], condition: ignore() });
    const res = await client.batchGetRow({ tables: [{ tableName: t1, primaryKey: [[{ pk: 'cg' }]], columnsToGet: ['b'] }] });
    expect(res.tables[0][0].attributes?.map((a) => a.columnName)).toEqual(['b']);
  });

  it('accepts 100 rows and rejects 101 with 400 OTSParameterInvalid', async () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => [{ pk: `k${i}` }]);
    const ok = await client.batchGetRow({ tables: [{ tableName: t1, primaryKey: keys(100) }] });
    expect(ok.tables[0]).toHaveLength(100);
    await expectOtsError(client.batchGetRow({ tables: [{ tableName: t1, primaryKey: keys(101) }] }), 400, 'OTSParameterInvalid');
    await expectOtsError(
      client.batchGetRow({ tables: [{ tableName: t1, primaryKey: keys(60) }, { tableName: t2, primaryKey: Array.from({ length: 41 }, (_, i) => [{ id: Long.fromNumber(i) }]) }] }),
      400, 'OTSParameterInvalid',
    );
  });

  it('rejects a request with no rows with 400 OTSParameterInvalid', async () => {
    await expectOtsError(client.batchGetRow({ tables: [{ tableName: t1, primaryKey: [] }] }), 400, 'OTSParameterInvalid');
    await expectOtsError(client.batchGetRow({ tables: [] }), 400, 'OTSParameterInvalid');
  });

  it('a raw BatchGetRow reaches the same data as the SDK (sanity of the raw path)', async () => {
    await client.putRow({ tableName: t1, primaryKey: [{ pk: 'raw' }], attributeColumns: [{ v: 'r' }], condition: ignore() });
    const body = encode('BatchGetRowRequest', {
      tables: [{ tableName: t1, primaryKey: [plainBuffer.serializePrimaryKey([{ pk: 'raw' }])], maxVersions: 1 }],
    });
    const res = await rawCall(ots.server, 'BatchGetRow', body);
    expect(res.status).toBe(200);
  });
});
