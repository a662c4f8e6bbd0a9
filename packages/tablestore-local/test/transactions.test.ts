// Local transactions: one partition key, uncommitted writes invisible to others, commit / abort,
// other writers to the locked partition fail with OTSRowOperationConflict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TableStore, abortTransaction, attrs, createTable, ignore, isOtsError, startOts, type OtsClient, type OtsHarness,
} from './support/ots';
import { expectClientError, expectOtsError } from './helpers';

let ots: OtsHarness;
let client: OtsClient;
let other: OtsClient;
let table: string; // p STRING (partition key), k STRING

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  other = ots.client();
  table = ots.uniqueTable('txn');
  await createTable(client, table, [['p', 'STRING'], ['k', 'STRING']]);
});
afterAll(async () => {
  await ots?.stop();
});

const pk = (p: string, k: string) => [{ p }, { k }];
const start = async (p: string) => (await client.startLocalTransaction({ tableName: table, primaryKey: [{ p }] })).transactionId;
const read = async (p: string, k: string, transactionId?: string) =>
  attrs((await other.getRow({ tableName: table, primaryKey: pk(p, k), transactionId })).row);
const write = (p: string, k: string, v: string, transactionId?: string, c = client) =>
  c.putRow({ tableName: table, primaryKey: pk(p, k), attributeColumns: [{ v }], condition: ignore(), transactionId });

describe('local transactions', () => {
  it('returns a transaction id; uncommitted writes are visible only inside the transaction until commit', async () => {
    await write('t1', 'a', 'before');
    const txn = await start('t1');
    expect(typeof txn).toBe('string');
    expect(txn.length).toBeGreaterThan(0);
    await write('t1', 'a', 'inside', txn);
    await client.updateRow({
      tableName: table, primaryKey: pk('t1', 'b'), updateOfAttributeColumns: [{ PUT: [{ v: 'new' }] }], condition: ignore(), transactionId: txn,
    });
    expect(await read('t1', 'a')).toEqual({ v: 'before' });
    expect(await read('t1', 'b')).toEqual({});
    expect(await read('t1', 'a', txn)).toEqual({ v: 'inside' });
    expect(await read('t1', 'b', txn)).toEqual({ v: 'new' });
    const inTxnRange = await client.getRange({
      tableName: table, direction: 'FORWARD', transactionId: txn,
      inclusiveStartPrimaryKey: [{ p: 't1' }, { k: TableStore.INF_MIN }], exclusiveEndPrimaryKey: [{ p: 't1' }, { k: TableStore.INF_MAX }],
    });
    expect(inTxnRange.rows.map((r) => attrs(r).v)).toEqual(['inside', 'new']);
    await client.commitTransaction({ transactionId: txn });
    expect(await read('t1', 'a')).toEqual({ v: 'inside' });
    expect(await read('t1', 'b')).toEqual({ v: 'new' });
  });

  it('abort discards every write of the transaction', async () => {
    await write('t2', 'a', 'kept');
    const txn = await start('t2');
    await write('t2', 'a', 'discarded', txn);
    await client.deleteRow({ tableName: table, primaryKey: pk('t2', 'a'), condition: ignore(), transactionId: txn });
    await write('t2', 'c', 'discarded', txn);
    expect(await read('t2', 'c', txn)).toEqual({ v: 'discarded' });
    await abortTransaction(client, txn);
    expect(await read('t2', 'a')).toEqual({ v: 'kept' });
    expect(await read('t2', 'c')).toEqual({});
  });

  it('a delete inside a transaction hides the row inside, and removes it on commit', async () => {
    await write('t3', 'a', 'x');
    const txn = await start('t3');
    await client.deleteRow({ tableName: table, primaryKey: pk('t3', 'a'), condition: ignore(), transactionId: txn });
    expect(await read('t3', 'a', txn)).toEqual({});
    expect(await read('t3', 'a')).toEqual({ v: 'x' });
    await client.commitTransaction({ transactionId: txn });
    expect(await read('t3', 'a')).toEqual({});
  });

  it('BatchWriteRow inside a transaction commits all rows together', async () => {
    const txn = await start('t4');
    const res = await client.batchWriteRow({
      transactionId: txn,
      tables: [{
        tableName: table,
        rows: ['a', 'b', 'c'].map((k) => ({ type: 'PUT' as const, condition: ignore(), primaryKey: pk('t4', k), attributeColumns: [{ v: k }] })),
      }],
    });
    expect(res.tables.every((r) => r.isOk)).toBe(true);
    expect(await read('t4', 'b')).toEqual({});
    await client.commitTransaction({ transactionId: txn });
    expect([await read('t4', 'a'), await read('t4', 'b'), await read('t4', 'c')]).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'c' }]);
  });

  it('other writers to the locked partition fail with 409 OTSRowOperationConflict; other partitions are free', async () => {
    await write('t5', 'a', 'before');
    const txn = await start('t5');
    await write('t5', 'a', 'txn', txn);
    await expectOtsError(write('t5', 'a', 'intruder', undefined, other), 409, 'OTSRowOperationConflict');
    await expectOtsError(write('t5', 'zz', 'intruder', undefined, other), 409, 'OTSRowOperationConflict');
    await write('t5-other', 'a', 'free', undefined, other);
    expect(await read('t5-other', 'a')).toEqual({ v: 'free' });
    // reads are not blocked and see committed data
    expect(await read('t5', 'a')).toEqual({ v: 'before' });
    await client.commitTransaction({ transactionId: txn });
    expect(await read('t5', 'a')).toEqual({ v: 'txn' });
    expect(await read('t5', 'zz')).toEqual({});
    await write('t5', 'a', 'after', undefined, other);
    expect(await read('t5', 'a')).toEqual({ v: 'after' });
  });

  it('a second transaction on a locked partition fails until the first ends', async () => {
    const txn = await start('t6');
    await expectOtsError(client.startLocalTransaction({ tableName: table, primaryKey: [{ p: 't6' }] }), 409, 'OTSRowOperationConflict');
    await abortTransaction(client, txn);
    const again = await start('t6');
    await client.commitTransaction({ transactionId: again });
  });

  it('a write with a different partition key inside the transaction fails and writes nothing', async () => {
    const txn = await start('t7');
    await expectClientError(write('t7-elsewhere', 'a', 'x', txn));
    await client.commitTransaction({ transactionId: txn });
    expect(await read('t7-elsewhere', 'a')).toEqual({});
  });

  it('a committed or unknown transaction id can no longer be used', async () => {
    const txn = await start('t8');
    await client.commitTransaction({ transactionId: txn });
    await expectClientError(write('t8', 'a', 'late', txn));
    expect(await read('t8', 'a')).toEqual({});
    await expectClientError(client.commitTransaction({ transactionId: txn }));
    await expectClientError(write('t8', 'a', 'x', 'no-such-transaction'));
  });

  it('an expired transaction is aborted by the server: its writes vanish, its id fails, the partition is free', async () => {
    const short = await startOts({ transactionTimeoutMs: 1000 });
    try {
      const c = short.client();
      const t = short.uniqueTable('txn_exp');
      await createTable(c, t, [['p', 'STRING'], ['k', 'STRING']]);
      const { transactionId } = await c.startLocalTransaction({ tableName: t, primaryKey: [{ p: 'x' }] });
      await c.putRow({ tableName: t, primaryKey: pk('x', 'a'), attributeColumns: [{ v: 'uncommitted' }], condition: ignore(), transactionId });
      // Until the server aborts the transaction, writers outside it fail; poll until one succeeds.
      for (let waited = 0; ; waited += 100) {
        try {
          await c.putRow({ tableName: t, primaryKey: pk('x', 'probe'), attributeColumns: [{ v: 'p' }], condition: ignore() });
          break;
        } catch (err) {
          expect(isOtsError(err, 'OTSRowOperationConflict')).toBe(true);
          if (waited > 20_000) throw new Error('the transaction never expired');
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await expectClientError(c.commitTransaction({ transactionId }));
      expect(attrs((await c.getRow({ tableName: t, primaryKey: pk('x', 'a') })).row)).toEqual({});
      await c.putRow({ tableName: t, primaryKey: pk('x', 'a'), attributeColumns: [{ v: 'free' }], condition: ignore() });
      expect(attrs((await c.getRow({ tableName: t, primaryKey: pk('x', 'a') })).row)).toEqual({ v: 'free' });
    } finally {
      await short.stop();
    }
  });

  it('starting a transaction on a missing table fails with 404 OTSObjectNotExist', async () => {
    await expectOtsError(client.startLocalTransaction({ tableName: 'no_such_table', primaryKey: [{ p: 'x' }] }), 404, 'OTSObjectNotExist');
  });
});
