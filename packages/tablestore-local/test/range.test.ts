// GetRange: directions, INF_MIN / INF_MAX, limit, the 5000-row / 4 MB page cap and next start key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, ignore, startOts,
  type GetRangeParams, type OtsClient, type OtsHarness, type PrimaryKeyInput, type Row,
} from './support/ots';
import { expectOtsError, intValue } from './helpers';

const { INF_MIN, INF_MAX } = TableStore;

let ots: OtsHarness;
let client: OtsClient;
let table: string; // a STRING, b INTEGER

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  table = ots.uniqueTable('rng');
  await createTable(client, table, [['a', 'STRING'], ['b', 'INTEGER']]);
  const rows = [];
  for (const a of ['x', 'y', 'z']) {
    for (let b = 0; b < 10; b++) {
      rows.push({ type: 'PUT' as const, condition: ignore(), primaryKey: [{ a }, { b: Long.fromNumber(b) }], attributeColumns: [{ v: `${a}${b}` }] });
    }
  }
  await client.batchWriteRow({ tables: [{ tableName: table, rows }] });
});
afterAll(async () => {
  await ots?.stop();
});

const label = (r: Row) => `${String(r.primaryKey?.[0].value)}${intValue(r.primaryKey?.[1].value)}`;
const range = (start: PrimaryKeyInput, end: PrimaryKeyInput, extra: Partial<GetRangeParams> = {}) =>
  client.getRange({ tableName: table, direction: 'FORWARD', inclusiveStartPrimaryKey: start, exclusiveEndPrimaryKey: end, ...extra });

/** Reads every page of a range, following nextStartPrimaryKey. */
async function readAll(params: GetRangeParams): Promise<{ rows: Row[]; pages: number[] }> {
  const rows: Row[] = [];
  const pages: number[] = [];
  let start: PrimaryKeyInput | null = params.inclusiveStartPrimaryKey;
  while (start) {
    const res = await client.getRange({ ...params, inclusiveStartPrimaryKey: start });
    rows.push(...res.rows);
    pages.push(res.rows.length);
    start = res.nextStartPrimaryKey ? res.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value as string })) : null;
    if (pages.length > 1000) throw new Error('range does not terminate');
  }
  return { rows, pages };
}

describe('GetRange', () => {
  it('reads a whole table forward with INF_MIN..INF_MAX', async () => {
    const res = await range([{ a: INF_MIN }, { b: INF_MIN }], [{ a: INF_MAX }, { b: INF_MAX }]);
    expect(res.rows.map(label)).toEqual(['x', 'y', 'z'].flatMap((a) => Array.from({ length: 10 }, (_, b) => `${a}${b}`)));
    expect(res.nextStartPrimaryKey).toBeNull();
    expect(attrs(res.rows[0])).toEqual({ v: 'x0' });
  });

  it('reads one partition with INF on the second column', async () => {
    const res = await range([{ a: 'y' }, { b: INF_MIN }], [{ a: 'y' }, { b: INF_MAX }]);
    expect(res.rows.map(label)).toEqual(Array.from({ length: 10 }, (_, b) => `y${b}`));
  });

  it('start is inclusive and end exclusive', async () => {
    const res = await range([{ a: 'x' }, { b: Long.fromNumber(3) }], [{ a: 'x' }, { b: Long.fromNumber(6) }]);
    expect(res.rows.map(label)).toEqual(['x3', 'x4', 'x5']);
  });

  it('crosses partitions in key order', async () => {
    const res = await range([{ a: 'x' }, { b: Long.fromNumber(8) }], [{ a: 'y' }, { b: Long.fromNumber(2) }]);
    expect(res.rows.map(label)).toEqual(['x8', 'x9', 'y0', 'y1']);
  });

  it('reads backward from an inclusive start above to an exclusive end below', async () => {
    const res = await range([{ a: 'y' }, { b: Long.fromNumber(2) }], [{ a: 'x' }, { b: Long.fromNumber(7) }], { direction: 'BACKWARD' });
    expect(res.rows.map(label)).toEqual(['y2', 'y1', 'y0', 'x9', 'x8']);
    const all = await range([{ a: INF_MAX }, { b: INF_MAX }], [{ a: INF_MIN }, { b: INF_MIN }], { direction: 'BACKWARD', limit: 3 });
    expect(all.rows.map(label)).toEqual(['z9', 'z8', 'z7']);
  });

  it('limit stops early and nextStartPrimaryKey continues exactly where it stopped', async () => {
    const first = await range([{ a: 'x' }, { b: INF_MIN }], [{ a: 'x' }, { b: INF_MAX }], { limit: 4 });
    expect(first.rows.map(label)).toEqual(['x0', 'x1', 'x2', 'x3']);
    expect(first.nextStartPrimaryKey?.map((c) => [c.name, c.name === 'b' ? intValue(c.value) : c.value])).toEqual([['a', 'x'], ['b', 4]]);
    const { rows, pages } = await readAll({
      tableName: table, direction: 'FORWARD', limit: 4,
      inclusiveStartPrimaryKey: [{ a: 'x' }, { b: INF_MIN }], exclusiveEndPrimaryKey: [{ a: 'x' }, { b: INF_MAX }],
    });
    expect(rows.map(label)).toEqual(Array.from({ length: 10 }, (_, b) => `x${b}`));
    expect(pages).toEqual([4, 4, 2]);
  });

  it('backward paging with limit visits every row once', async () => {
    const { rows } = await readAll({
      tableName: table, direction: 'BACKWARD', limit: 7,
      inclusiveStartPrimaryKey: [{ a: INF_MAX }, { b: INF_MAX }], exclusiveEndPrimaryKey: [{ a: INF_MIN }, { b: INF_MIN }],
    });
    expect(rows).toHaveLength(30);
    expect(rows.map(label)[0]).toBe('z9');
    expect(rows.map(label)[29]).toBe('x0');
  });

  it('an empty range returns no rows and no next key', async () => {
    const res = await range([{ a: 'q' }, { b: INF_MIN }], [{ a: 'q' }, { b: INF_MAX }]);
    expect(res.rows).toEqual([]);
    expect(res.nextStartPrimaryKey).toBeNull();
  });

  it('returns only columnsToGet', async () => {
    await client.putRow({ tableName: table, primaryKey: [{ a: 'w' }, { b: Long.fromNumber(0) }], attributeColumns: [{ v: '1' }, { u: '2' }], condition: ignore() });
    const res = await range([{ a: 'w' }, { b: INF_MIN }], [{ a: 'w' }, { b: INF_MAX }], { columnsToGet: ['u'] });
    expect(res.rows.map(attrs)).toEqual([{ u: '2' }]);
  });

  it('rejects limit 0 and negative limits with 400 OTSParameterInvalid', async () => {
    // The SDK drops a falsy limit, so 0 never reaches the wire; a negative limit does.
    await expectOtsError(range([{ a: INF_MIN }, { b: INF_MIN }], [{ a: INF_MAX }, { b: INF_MAX }], { limit: -1 }), 400, 'OTSParameterInvalid');
  });

  it('rejects a range in the wrong direction with 400 OTSParameterInvalid', async () => {
    await expectOtsError(range([{ a: 'y' }, { b: INF_MIN }], [{ a: 'x' }, { b: INF_MIN }]), 400, 'OTSParameterInvalid');
    await expectOtsError(
      range([{ a: 'x' }, { b: INF_MIN }], [{ a: 'y' }, { b: INF_MIN }], { direction: 'BACKWARD' }), 400, 'OTSParameterInvalid',
    );
  });

  it('rejects a start key with the wrong columns with 400 OTSInvalidPK', async () => {
    await expectOtsError(range([{ a: 'x' }], [{ a: 'y' }]), 400, 'OTSInvalidPK');
    await expectOtsError(range([{ a: 'x' }, { c: INF_MIN }], [{ a: 'y' }, { c: INF_MIN }]), 400, 'OTSInvalidPK');
  });
});

describe('GetRange page caps', () => {
  it('returns at most 5000 rows per call and continues with nextStartPrimaryKey', async () => {
    const big = ots.uniqueTable('rng_5k');
    await createTable(client, big, [['p', 'STRING'], ['k', 'INTEGER']]);
    const total = 5200;
    for (let from = 0; from < total; from += 200) {
      const rows = Array.from({ length: 200 }, (_, i) => ({
        type: 'PUT' as const, condition: ignore(), primaryKey: [{ p: 'all' }, { k: Long.fromNumber(from + i) }],
        attributeColumns: [{ v: Long.fromNumber(from + i) }],
      }));
      const res = await client.batchWriteRow({ tables: [{ tableName: big, rows }] });
      expect(res.tables.every((r) => r.isOk)).toBe(true);
    }
    const params: GetRangeParams = {
      tableName: big, direction: 'FORWARD',
      inclusiveStartPrimaryKey: [{ p: 'all' }, { k: INF_MIN }], exclusiveEndPrimaryKey: [{ p: 'all' }, { k: INF_MAX }],
    };
    const first = await client.getRange(params);
    expect(first.rows.length).toBeLessThanOrEqual(5000);
    expect(first.nextStartPrimaryKey).not.toBeNull();
    expect(intValue(first.nextStartPrimaryKey?.[1].value)).toBe(first.rows.length);
    const { rows, pages } = await readAll(params);
    expect(rows.map((r) => intValue(r.primaryKey?.[1].value))).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(Math.max(...pages)).toBeLessThanOrEqual(5000);
    // limit larger than the cap is still capped
    const capped = await client.getRange({ ...params, limit: 6000 });
    expect(capped.rows.length).toBeLessThanOrEqual(5000);
    expect(capped.nextStartPrimaryKey).not.toBeNull();
  });

  it('returns at most about 4 MB per call and continues with nextStartPrimaryKey', async () => {
    const fat = ots.uniqueTable('rng_4m');
    await createTable(client, fat, [['p', 'STRING'], ['k', 'INTEGER']]);
    const rowBytes = 300 * 1024;
    const total = 20; // ~6 MB
    for (let k = 0; k < total; k++) {
      await client.putRow({
        tableName: fat, primaryKey: [{ p: 'f' }, { k: Long.fromNumber(k) }],
        attributeColumns: [{ blob: Buffer.alloc(rowBytes, k) }], condition: ignore(),
      });
    }
    const params: GetRangeParams = {
      tableName: fat, direction: 'FORWARD',
      inclusiveStartPrimaryKey: [{ p: 'f' }, { k: INF_MIN }], exclusiveEndPrimaryKey: [{ p: 'f' }, { k: INF_MAX }],
    };
    const first = await client.getRange(params);
    expect(first.rows.length).toBeGreaterThan(0);
    expect(first.rows.length).toBeLessThan(total);
    expect(first.rows.length * rowBytes).toBeLessThanOrEqual(4 * 1024 * 1024 + rowBytes);
    expect(intValue(first.nextStartPrimaryKey?.[1].value)).toBe(first.rows.length);
    const { rows } = await readAll(params);
    expect(rows.map((r) => intValue(r.primaryKey?.[1].value))).toEqual(Array.from({ length: total }, (_, i) => i));
    for (const [k, r] of rows.entries()) {
      const blob = attrs(r).blob as Buffer;
      expect(blob.length).toBe(rowBytes);
      expect(blob[0]).toBe(k);
      expect(blob[rowBytes - 1]).toBe(k);
    }
  });
});
