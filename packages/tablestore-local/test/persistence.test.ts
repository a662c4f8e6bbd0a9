// Persistence: a clean stop and a start on the same data directory keep tables, options, rows,
// versions and the auto-increment sequence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Long, TableStore, attrs, createTable, ignore, startOts, type OtsHarness } from './support/ots';
import { expectOtsError, intText } from './helpers';

const dataDir = mkdtempSync(join(tmpdir(), 'ots-persist-'));
let ots: OtsHarness | undefined;

afterAll(async () => {
  await ots?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('persistence across stop/start', () => {
  it('keeps tables, rows, versions and the auto-increment sequence; deleted things stay deleted', async () => {
    ots = await startOts({ dataDir, durability: 'durable' });
    let client = ots.client();
    await createTable(client, 'kept', [['pk', 'STRING']], { maxVersions: 3 });
    await createTable(client, 'dropped', [['pk', 'STRING']]);
    await createTable(client, 'seq', [['p', 'STRING'], { name: 'id', type: 'INTEGER', option: 'AUTO_INCREMENT' }]);
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 3; i++) {
      await client.updateRow({
        tableName: 'kept', primaryKey: [{ pk: 'versions' }], updateOfAttributeColumns: [{ PUT: [{ v: `v${i}`, timestamp: t0 + i }] }],
        condition: ignore(),
      });
    }
    await client.putRow({
      tableName: 'kept', primaryKey: [{ pk: 'types' }], condition: ignore(),
      attributeColumns: [{ s: '中文' }, { i: Long.fromString('-9223372036854775808') }, { d: 0.1 }, { b: false }, { x: Buffer.from([0, 255]) }],
    });
    await client.putRow({ tableName: 'kept', primaryKey: [{ pk: 'deleted' }], attributeColumns: [{ v: 'x' }], condition: ignore() });
    await client.deleteRow({ tableName: 'kept', primaryKey: [{ pk: 'deleted' }], condition: ignore() });
    await client.deleteTable({ tableName: 'dropped' });
    const insertSeq = async () => BigInt(intText((await client.putRow({
      tableName: 'seq', primaryKey: [{ p: 'a' }, { id: TableStore.PK_AUTO_INCR }], attributeColumns: [{ v: 'x' }], condition: ignore(),
      returnContent: { returnType: TableStore.ReturnType.Primarykey },
    })).row.primaryKey?.[1].value));
    const before = await insertSeq();

    await ots.server.stop();
    ots = await startOts({ dataDir, durability: 'durable' });
    client = ots.client();

    const names = (await client.listTable({})).tableNames;
    expect(names).toContain('kept');
    expect(names).toContain('seq');
    expect(names).not.toContain('dropped');
    expect((await client.describeTable({ tableName: 'kept' })).tableOptions.maxVersions).toBe(3);
    const seqKey = (await client.describeTable({ tableName: 'seq' })).tableMeta.primaryKey;
    expect(seqKey.map((c) => Object.prototype.hasOwnProperty.call(c, 'option') && c.option === 1)).toEqual([false, true]);

    const versions = (await client.getRow({ tableName: 'kept', primaryKey: [{ pk: 'versions' }], maxVersions: 3 })).row;
    expect(versions.attributes?.map((a) => [a.columnValue, a.timestamp?.toNumber()])).toEqual([['v2', t0 + 2], ['v1', t0 + 1], ['v0', t0]]);
    const types = attrs((await client.getRow({ tableName: 'kept', primaryKey: [{ pk: 'types' }] })).row);
    expect(types.s).toBe('中文');
    expect(intText(types.i)).toBe('-9223372036854775808');
    expect(types.d).toBe(0.1);
    expect(types.b).toBe(false);
    expect((types.x as Buffer).toString('hex')).toBe('00ff');
    expect((await client.getRow({ tableName: 'kept', primaryKey: [{ pk: 'deleted' }] })).row.primaryKey).toBeUndefined();
    await expectOtsError(client.describeTable({ tableName: 'dropped' }), 404, 'OTSObjectNotExist');

    const after = await insertSeq();
    expect(after > before).toBe(true);
  });
});
