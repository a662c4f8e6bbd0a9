// What the service refuses, tablestore-local refuses too (code that passes here must not fail against
// Tablestore): duplicate rows in a batch, UpdateRow on a table that forbids updates, cell timestamps
// outside [max(now − deviation, now − TTL), now + deviation), filters with too many sub-conditions or on
// primary-key columns, versions beyond a lowered max versions, and streams (not emulated).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, expectExist, ignore, startOts,
  type BatchWriteRowInput, type ColumnCondition, type OtsClient, type OtsHarness,
} from '../support/ots';
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

