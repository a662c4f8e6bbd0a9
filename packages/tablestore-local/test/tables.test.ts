// Table APIs (CreateTable, ListTable, DescribeTable, UpdateTable, DeleteTable) through the real SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable, ignore, startOts, type OtsClient, type OtsHarness } from './support/ots';
import { expectOtsError } from './helpers';

// PrimaryKeyType on the wire (tablestore.proto): INTEGER=1, STRING=2, BINARY=3; AUTO_INCREMENT option = 1.
const PK_INTEGER = 1;
const PK_STRING = 2;
const PK_BINARY = 3;

let ots: OtsHarness;
let client: OtsClient;

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
});
afterAll(async () => {
  await ots?.stop();
});

describe('CreateTable / DescribeTable / ListTable', () => {
  it('creates a table and describes its schema and options', async () => {
    const name = ots.uniqueTable('tbl');
    await client.createTable({
      tableMeta: {
        tableName: name,
        primaryKey: [
          { name: 'pk', type: 'STRING' },
          { name: 'n', type: 'INTEGER' },
          { name: 'b', type: 'BINARY' },
          { name: 'id', type: 'INTEGER', option: 'AUTO_INCREMENT' },
        ],
      },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: -1, maxVersions: 3 },
    });
    const d = await client.describeTable({ tableName: name });
    expect(d.tableMeta.tableName).toBe(name);
    expect(d.tableMeta.primaryKey.map((c) => [c.name, c.type])).toEqual([
      ['pk', PK_STRING], ['n', PK_INTEGER], ['b', PK_BINARY], ['id', PK_INTEGER],
    ]);
    // protobufjs puts enum defaults on the prototype, so "no option" shows only as a missing own property
    expect(d.tableMeta.primaryKey.map((c) => Object.prototype.hasOwnProperty.call(c, 'option'))).toEqual([false, false, false, true]);
    expect(d.tableMeta.primaryKey[3].option).toBe(1);
    expect(d.tableOptions.maxVersions).toBe(3);
    expect(d.tableOptions.timeToLive).toBe(-1);
    expect(d.reservedThroughputDetails.capacityUnit).toBeDefined();
  });

  it('lists created tables and not deleted ones', async () => {
    const a = ots.uniqueTable('list');
    const b = ots.uniqueTable('list');
    await createTable(client, a, [['pk', 'STRING']]);
    await createTable(client, b, [['pk', 'INTEGER']]);
    let names = (await client.listTable({})).tableNames;
    expect(names).toContain(a);
    expect(names).toContain(b);
    await client.deleteTable({ tableName: a });
    names = (await client.listTable({})).tableNames;
    expect(names).not.toContain(a);
    expect(names).toContain(b);
  });

  it('accepts a TTL and a stream specification with the stream off at creation (enabling one: strict.test.ts)', async () => {
    const name = ots.uniqueTable('ttl');
    await client.createTable({
      tableMeta: { tableName: name, primaryKey: [{ name: 'pk', type: 'STRING' }] },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: 86400, maxVersions: 1 },
      streamSpecification: { enableStream: false },
    });
    const d = await client.describeTable({ tableName: name });
    expect(d.tableOptions.timeToLive).toBe(86400);
  });

  it('rejects creating a table that exists with 409 OTSObjectAlreadyExist', async () => {
    const name = ots.uniqueTable('dup');
    await createTable(client, name, [['pk', 'STRING']]);
    await expectOtsError(createTable(client, name, [['pk', 'STRING']]), 409, 'OTSObjectAlreadyExist');
  });

  it('rejects bad table names with 400 OTSParameterInvalid', async () => {
    for (const bad of ['1starts_with_digit', 'has-dash', 'has space', 'x'.repeat(256)]) {
      await expectOtsError(createTable(client, bad, [['pk', 'STRING']]), 400, 'OTSParameterInvalid');
    }
    const names = (await client.listTable({})).tableNames;
    expect(names.filter((n) => n.startsWith('1starts') || n.includes('-'))).toEqual([]);
  });

  it('accepts a 255-byte table name starting with an underscore', async () => {
    const name = `_${'a'.repeat(254)}`;
    await createTable(client, name, [['pk', 'STRING']]);
    expect((await client.describeTable({ tableName: name })).tableMeta.tableName).toBe(name);
    await client.deleteTable({ tableName: name });
  });

  it('rejects 0 or 5 primary-key columns and bad PK column names', async () => {
    await expectOtsError(createTable(client, ots.uniqueTable('pk0'), []), 400, 'OTSParameterInvalid');
    const five: Array<[string, 'STRING']> = [['a', 'STRING'], ['b', 'STRING'], ['c', 'STRING'], ['d', 'STRING'], ['e', 'STRING']];
    await expectOtsError(createTable(client, ots.uniqueTable('pk5'), five), 400, 'OTSParameterInvalid');
    await expectOtsError(createTable(client, ots.uniqueTable('pkname'), [['9bad', 'STRING']]), 400, 'OTSParameterInvalid');
    await expectOtsError(
      createTable(client, ots.uniqueTable('pkdup'), [['a', 'STRING'], ['a', 'INTEGER']]), 400, 'OTSParameterInvalid',
    );
  });

  it('rejects an auto-increment partition key or two auto-increment columns', async () => {
    await expectOtsError(
      createTable(client, ots.uniqueTable('ai0'), [{ name: 'id', type: 'INTEGER', option: 'AUTO_INCREMENT' }]),
      400, 'OTSParameterInvalid',
    );
    await expectOtsError(
      createTable(client, ots.uniqueTable('ai2'), [
        ['p', 'STRING'],
        { name: 'a', type: 'INTEGER', option: 'AUTO_INCREMENT' },
        { name: 'b', type: 'INTEGER', option: 'AUTO_INCREMENT' },
      ]),
      400, 'OTSParameterInvalid',
    );
    await expectOtsError(
      createTable(client, ots.uniqueTable('aistr'), [['p', 'STRING'], { name: 'a', type: 'STRING', option: 'AUTO_INCREMENT' }]),
      400, 'OTSParameterInvalid',
    );
  });

  it('describes a missing table with 404 OTSObjectNotExist', async () => {
    await expectOtsError(client.describeTable({ tableName: 'no_such_table' }), 404, 'OTSObjectNotExist');
  });
});

describe('UpdateTable', () => {
  it('changes max versions and TTL', async () => {
    const name = ots.uniqueTable('upd');
    await createTable(client, name, [['pk', 'STRING']]);
    const res = await client.updateTable({ tableName: name, tableOptions: { maxVersions: 5, timeToLive: -1 } });
    expect(res.tableOptions.maxVersions).toBe(5);
    const d = await client.describeTable({ tableName: name });
    expect(d.tableOptions.maxVersions).toBe(5);
    expect(d.tableOptions.timeToLive).toBe(-1);
  });

  it('rejects updating a missing table with 404 OTSObjectNotExist', async () => {
    await expectOtsError(
      client.updateTable({ tableName: 'no_such_table', tableOptions: { maxVersions: 2 } }), 404, 'OTSObjectNotExist',
    );
  });
});

describe('DeleteTable', () => {
  it('deletes a table and its rows; a new table of the same name is empty', async () => {
    const name = ots.uniqueTable('del');
    await createTable(client, name, [['pk', 'STRING']]);
    await client.putRow({ tableName: name, primaryKey: [{ pk: 'a' }], attributeColumns: [{ v: 'x' }], condition: ignore() });
    await client.deleteTable({ tableName: name });
    await expectOtsError(client.describeTable({ tableName: name }), 404, 'OTSObjectNotExist');
    await expectOtsError(client.getRow({ tableName: name, primaryKey: [{ pk: 'a' }] }), 404, 'OTSObjectNotExist');
    await createTable(client, name, [['pk', 'STRING']]);
    const got = await client.getRow({ tableName: name, primaryKey: [{ pk: 'a' }] });
    expect(got.row.primaryKey).toBeUndefined();
  });

  it('rejects deleting a missing table with 404 OTSObjectNotExist', async () => {
    await expectOtsError(client.deleteTable({ tableName: 'no_such_table' }), 404, 'OTSObjectNotExist');
  });
});

describe('row operations on a missing table', () => {
  it('fail with 404 OTSObjectNotExist', async () => {
    const tableName = 'no_such_table';
    await expectOtsError(client.getRow({ tableName, primaryKey: [{ pk: 'a' }] }), 404, 'OTSObjectNotExist');
    await expectOtsError(
      client.putRow({ tableName, primaryKey: [{ pk: 'a' }], attributeColumns: [{ v: 1 }], condition: ignore() }),
      404, 'OTSObjectNotExist',
    );
    await expectOtsError(
      client.updateRow({ tableName, primaryKey: [{ pk: 'a' }], updateOfAttributeColumns: [{ PUT: [{ v: 1 }] }], condition: ignore() }),
      404, 'OTSObjectNotExist',
    );
    await expectOtsError(client.deleteRow({ tableName, primaryKey: [{ pk: 'a' }], condition: ignore() }), 404, 'OTSObjectNotExist');
  });
});
