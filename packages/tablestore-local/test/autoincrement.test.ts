// Auto-increment primary-key columns: values come back with returnType Primarykey and are unique and
// strictly increasing per partition key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TableStore, attrs, createTable, ignore, startOts, type OtsClient, type OtsHarness, type Row,
} from './support/ots';
import { intText } from './helpers';

let ots: OtsHarness;
let client: OtsClient;
let table: string; // part STRING, seq INTEGER AUTO_INCREMENT

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  table = ots.uniqueTable('ai');
  await createTable(client, table, [['part', 'STRING'], { name: 'seq', type: 'INTEGER', option: 'AUTO_INCREMENT' }]);
});
afterAll(async () => {
  await ots?.stop();
});

const seqOf = (row: Row): bigint => {
  expect(row.primaryKey?.map((c) => c.name)).toEqual(['part', 'seq']);
  return BigInt(intText(row.primaryKey?.[1].value));
};
const insert = async (part: string, v: string) => seqOf((await client.putRow({
  tableName: table, primaryKey: [{ part }, { seq: TableStore.PK_AUTO_INCR }], attributeColumns: [{ v }], condition: ignore(),
  returnContent: { returnType: TableStore.ReturnType.Primarykey },
})).row);

describe('auto-increment primary key', () => {
  it('PutRow returns the generated key, and the row can be read with it', async () => {
    const seq = await insert('a', 'first');
    const got = await client.getRow({ tableName: table, primaryKey: [{ part: 'a' }, { seq: TableStore.Long.fromString(seq.toString()) }] });
    expect(attrs(got.row)).toEqual({ v: 'first' });
  });

  it('values are unique and strictly increasing per partition key', async () => {
    const seen: Record<string, bigint[]> = { p1: [], p2: [] };
    for (let i = 0; i < 20; i++) {
      const part = i % 2 === 0 ? 'p1' : 'p2';
      seen[part].push(await insert(part, String(i)));
    }
    for (const list of Object.values(seen)) {
      for (let i = 1; i < list.length; i++) expect(list[i] > list[i - 1]).toBe(true);
    }
    const range = await client.getRange({
      tableName: table, direction: 'FORWARD',
      inclusiveStartPrimaryKey: [{ part: 'p1' }, { seq: TableStore.INF_MIN }], exclusiveEndPrimaryKey: [{ part: 'p1' }, { seq: TableStore.INF_MAX }],
    });
    expect(range.rows.map((r) => attrs(r).v)).toEqual(['0', '2', '4', '6', '8', '10', '12', '14', '16', '18']);
  });

  it('concurrent inserts into one partition get distinct keys and all rows are kept', async () => {
    const clients = Array.from({ length: 8 }, () => ots.client());
    const seqs = await Promise.all(Array.from({ length: 64 }, (_, i) => (async () => {
      const c = clients[i % clients.length];
      const res = await c.putRow({
        tableName: table, primaryKey: [{ part: 'conc' }, { seq: TableStore.PK_AUTO_INCR }], attributeColumns: [{ i: String(i) }],
        condition: ignore(), returnContent: { returnType: TableStore.ReturnType.Primarykey },
      });
      return seqOf(res.row);
    })()));
    expect(new Set(seqs.map(String)).size).toBe(64);
    const range = await client.getRange({
      tableName: table, direction: 'FORWARD',
      inclusiveStartPrimaryKey: [{ part: 'conc' }, { seq: TableStore.INF_MIN }], exclusiveEndPrimaryKey: [{ part: 'conc' }, { seq: TableStore.INF_MAX }],
    });
    expect(range.rows).toHaveLength(64);
    expect(range.rows.map((r) => seqOf(r).toString())).toEqual([...seqs].sort((x, y) => (x < y ? -1 : 1)).map(String));
  });

  it('BatchWriteRow generates keys per row and returns them in request order', async () => {
    const res = await client.batchWriteRow({
      tables: [{
        tableName: table,
        rows: Array.from({ length: 5 }, (_, i) => ({
          type: 'PUT' as const, condition: ignore(), primaryKey: [{ part: 'batch' }, { seq: TableStore.PK_AUTO_INCR }],
          attributeColumns: [{ i: String(i) }], returnContent: { returnType: TableStore.ReturnType.Primarykey },
        })),
      }],
    });
    expect(res.tables.every((r) => r.isOk)).toBe(true);
    const seqs = res.tables.map((r) => seqOf({ primaryKey: r.primaryKey ?? [] }));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i] > seqs[i - 1]).toBe(true);
  });

  it('UpdateRow with an explicit key of a generated row updates that row', async () => {
    const seq = await insert('upd', 'before');
    const pk = [{ part: 'upd' }, { seq: TableStore.Long.fromString(seq.toString()) }];
    await client.updateRow({ tableName: table, primaryKey: pk, updateOfAttributeColumns: [{ PUT: [{ v: 'after' }] }], condition: ignore() });
    expect(attrs((await client.getRow({ tableName: table, primaryKey: pk })).row)).toEqual({ v: 'after' });
  });
});
