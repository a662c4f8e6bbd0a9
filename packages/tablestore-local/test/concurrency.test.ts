// Many clients racing conditional writes on one row: exactly one wins per version, no lost update.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, expectExist, expectNotExist, ignore, isOtsError, startOts,
  type OtsClient, type OtsHarness,
} from './support/ots';
import { intValue } from './helpers';

const CLIENTS = 16;

let ots: OtsHarness;
let clients: OtsClient[];
let table: string;

beforeAll(async () => {
  ots = await startOts();
  clients = Array.from({ length: CLIENTS }, () => ots.client());
  table = ots.uniqueTable('race');
  await createTable(clients[0], table, [['pk', 'STRING']]);
});
afterAll(async () => {
  await ots?.stop();
});

describe('concurrent conditional updates', () => {
  it(`${CLIENTS} clients racing compare-and-set on a version column: one winner per version`, async () => {
    const target = 60;
    const pk = [{ pk: 'cas' }];
    await clients[0].putRow({
      tableName: table, primaryKey: pk, attributeColumns: [{ ver: Long.fromNumber(0) }, { counter: Long.fromNumber(0) }], condition: ignore(),
    });
    const wins: Array<{ client: number; ver: number }> = [];
    const otherErrors: string[] = [];
    let conflicts = 0;

    const worker = async (id: number) => {
      const c = clients[id];
      for (;;) {
        const row = (await c.getRow({ tableName: table, primaryKey: pk })).row;
        const ver = intValue(attrs(row).ver);
        if (ver >= target) return;
        try {
          await c.updateRow({
            tableName: table, primaryKey: pk,
            condition: expectExist(new TableStore.SingleColumnCondition('ver', Long.fromNumber(ver), TableStore.ComparatorType.EQUAL, false)),
            updateOfAttributeColumns: [
              { PUT: [{ ver: Long.fromNumber(ver + 1) }, { [`w${ver}`]: Long.fromNumber(id) }] },
              { INCREMENT: [{ counter: Long.fromNumber(1) }] },
            ],
          });
          wins.push({ client: id, ver });
        } catch (err) {
          if (isOtsError(err, 'OTSConditionCheckFail')) conflicts++;
          else otherErrors.push(String((err as Error).message));
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, id) => worker(id)));

    expect(otherErrors).toEqual([]);
    expect(wins).toHaveLength(target);
    expect(wins.map((w) => w.ver).sort((a, b) => a - b)).toEqual(Array.from({ length: target }, (_, i) => i));
    expect(conflicts).toBeGreaterThan(0); // the race really happened
    const final = attrs((await clients[0].getRow({ tableName: table, primaryKey: pk })).row);
    expect(intValue(final.ver)).toBe(target);
    expect(intValue(final.counter)).toBe(wins.length);
    for (const w of wins) expect(intValue(final[`w${w.ver}`])).toBe(w.client);
  });

  it(`${CLIENTS} clients incrementing one counter lose no increment`, async () => {
    const pk = [{ pk: 'inc' }];
    const each = 25;
    await Promise.all(clients.map(async (c) => {
      for (let i = 0; i < each; i++) {
        await c.updateRow({ tableName: table, primaryKey: pk, updateOfAttributeColumns: [{ INCREMENT: [{ n: Long.fromNumber(1) }] }], condition: ignore() });
      }
    }));
    const row = attrs((await clients[0].getRow({ tableName: table, primaryKey: pk })).row);
    expect(intValue(row.n)).toBe(CLIENTS * each);
  });

  it(`${CLIENTS} clients racing to create the same row: exactly one insert succeeds`, async () => {
    for (let round = 0; round < 10; round++) {
      const pk = [{ pk: `create-${round}` }];
      const results = await Promise.allSettled(clients.map((c, id) => c.putRow({
        tableName: table, primaryKey: pk, attributeColumns: [{ owner: Long.fromNumber(id) }], condition: expectNotExist(),
      })));
      const winners = results.flatMap((r, id) => (r.status === 'fulfilled' ? [id] : []));
      expect(winners).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(isOtsError(r.reason, 'OTSConditionCheckFail')).toBe(true);
      const row = attrs((await clients[0].getRow({ tableName: table, primaryKey: pk })).row);
      expect(intValue(row.owner)).toBe(winners[0]);
    }
  });
});
