// Row-existence expectations and column conditions on PutRow / UpdateRow / DeleteRow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, expectExist, expectNotExist, ignore, startOts,
  type CellValue, type ColumnCondition, type OtsClient, type OtsHarness,
} from './support/ots';
import { expectOtsError, intValue } from './helpers';

const CT = TableStore.ComparatorType;
const single = (name: string, value: CellValue, cmp: number, passIfMissing?: boolean, latestVersionOnly?: boolean): ColumnCondition =>
  new TableStore.SingleColumnCondition(name, value, cmp, passIfMissing, latestVersionOnly);
const composite = (op: number, ...subs: ColumnCondition[]): ColumnCondition => {
  const c = new TableStore.CompositeCondition(op);
  for (const s of subs) c.addSubCondition(s);
  return c;
};

let ots: OtsHarness;
let client: OtsClient;
let table: string;
let versioned: string;

beforeAll(async () => {
  ots = await startOts();
  client = ots.client();
  table = ots.uniqueTable('cond');
  versioned = ots.uniqueTable('cond_mv');
  await createTable(client, table, [['pk', 'STRING']]);
  await createTable(client, versioned, [['pk', 'STRING']], { maxVersions: 3 });
});
afterAll(async () => {
  await ots?.stop();
});

const get = async (pk: string, tableName = table) => attrs((await client.getRow({ tableName, primaryKey: [{ pk }] })).row);
const put = (pk: string, cols: Array<Record<string, CellValue>>) =>
  client.putRow({ tableName: table, primaryKey: [{ pk }], attributeColumns: cols, condition: ignore() });
/** A conditional UpdateRow that sets `mark` to the given value. */
const markIf = (pk: string, mark: string, condition = ignore()) =>
  client.updateRow({ tableName: table, primaryKey: [{ pk }], updateOfAttributeColumns: [{ PUT: [{ mark }] }], condition });

describe('row existence', () => {
  it('EXPECT_NOT_EXIST inserts once; the second insert fails with 403 OTSConditionCheckFail and changes nothing', async () => {
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'e1' }], attributeColumns: [{ v: 'first' }], condition: expectNotExist() });
    const err = await expectOtsError(
      client.putRow({ tableName: table, primaryKey: [{ pk: 'e1' }], attributeColumns: [{ v: 'second' }], condition: expectNotExist() }),
      403, 'OTSConditionCheckFail',
    );
    expect(err.message).toContain('Condition check failed');
    expect(await get('e1')).toEqual({ v: 'first' });
  });

  it('EXPECT_EXIST on a missing row fails for PutRow, UpdateRow and DeleteRow, and creates nothing', async () => {
    await expectOtsError(
      client.putRow({ tableName: table, primaryKey: [{ pk: 'e2' }], attributeColumns: [{ v: 'x' }], condition: expectExist() }),
      403, 'OTSConditionCheckFail',
    );
    await expectOtsError(markIf('e2', 'x', expectExist()), 403, 'OTSConditionCheckFail');
    await expectOtsError(client.deleteRow({ tableName: table, primaryKey: [{ pk: 'e2' }], condition: expectExist() }), 403, 'OTSConditionCheckFail');
    expect(await get('e2')).toEqual({});
  });

  it('EXPECT_EXIST passes on an existing row', async () => {
    await put('e3', [{ v: 'x' }]);
    await markIf('e3', 'ok', expectExist());
    expect(await get('e3')).toEqual({ v: 'x', mark: 'ok' });
    await client.deleteRow({ tableName: table, primaryKey: [{ pk: 'e3' }], condition: expectExist() });
    expect(await get('e3')).toEqual({});
  });

  it('EXPECT_NOT_EXIST fails for UpdateRow and DeleteRow on an existing row', async () => {
    await put('e4', [{ v: 'x' }]);
    await expectOtsError(markIf('e4', 'no', expectNotExist()), 403, 'OTSConditionCheckFail');
    expect(await get('e4')).toEqual({ v: 'x' });
  });

  it('a row emptied by DELETE_ALL counts as missing', async () => {
    await put('e5', [{ v: 'x' }]);
    await client.updateRow({ tableName: table, primaryKey: [{ pk: 'e5' }], updateOfAttributeColumns: [{ DELETE_ALL: ['v'] }], condition: ignore() });
    await client.putRow({ tableName: table, primaryKey: [{ pk: 'e5' }], attributeColumns: [{ v: 'again' }], condition: expectNotExist() });
    expect(await get('e5')).toEqual({ v: 'again' });
  });
});

describe('single column conditions', () => {
  it.each([
    ['EQUAL', CT.EQUAL, 5, true], ['EQUAL', CT.EQUAL, 6, false],
    ['NOT_EQUAL', CT.NOT_EQUAL, 6, true], ['NOT_EQUAL', CT.NOT_EQUAL, 5, false],
    ['GREATER_THAN', CT.GREATER_THAN, 4, true], ['GREATER_THAN', CT.GREATER_THAN, 5, false],
    ['GREATER_EQUAL', CT.GREATER_EQUAL, 5, true], ['GREATER_EQUAL', CT.GREATER_EQUAL, 6, false],
    ['LESS_THAN', CT.LESS_THAN, 6, true], ['LESS_THAN', CT.LESS_THAN, 5, false],
    ['LESS_EQUAL', CT.LESS_EQUAL, 5, true], ['LESS_EQUAL', CT.LESS_EQUAL, 4, false],
  ])('column n=5 %s %i → passes: %s', async (name, cmp, operand, passes) => {
    const pk = `c-${name}-${operand}`;
    await put(pk, [{ n: Long.fromNumber(5) }]);
    const attempt = markIf(pk, 'yes', expectExist(single('n', Long.fromNumber(operand), cmp)));
    if (passes) {
      await attempt;
      expect((await get(pk)).mark).toBe('yes');
    } else {
      await expectOtsError(attempt, 403, 'OTSConditionCheckFail');
      expect((await get(pk)).mark).toBeUndefined();
    }
  });

  it('compares strings by bytes, doubles, booleans and binaries', async () => {
    await put('c-types', [{ s: '北京' }, { d: 2.5 }, { b: true }, { x: Buffer.from([1, 2, 3]) }]);
    await markIf('c-types', 's', ignore(single('s', '北京', CT.EQUAL)));
    await markIf('c-types', 's2', ignore(single('s', '上海', CT.GREATER_THAN))); // 北 E5 8C 97 > 上 E4 B8 8A
    await markIf('c-types', 'd', ignore(single('d', 2.4, CT.GREATER_THAN)));
    await markIf('c-types', 'b', ignore(single('b', true, CT.EQUAL)));
    await markIf('c-types', 'x', ignore(single('x', Buffer.from([1, 2, 4]), CT.LESS_THAN)));
    expect((await get('c-types')).mark).toBe('x');
    await expectOtsError(markIf('c-types', 'bad', ignore(single('s', '北京市', CT.EQUAL))), 403, 'OTSConditionCheckFail');
    await expectOtsError(markIf('c-types', 'bad', ignore(single('b', false, CT.EQUAL))), 403, 'OTSConditionCheckFail');
    expect((await get('c-types')).mark).toBe('x');
  });

  it('passIfMissing: a missing column passes when true (the default) and fails when false', async () => {
    await put('c-missing', [{ other: 'x' }]);
    await markIf('c-missing', 'default', ignore(single('ver', Long.fromNumber(1), CT.EQUAL)));
    expect((await get('c-missing')).mark).toBe('default');
    await markIf('c-missing', 'true', ignore(single('ver', Long.fromNumber(1), CT.EQUAL, true)));
    expect((await get('c-missing')).mark).toBe('true');
    await expectOtsError(
      markIf('c-missing', 'false', ignore(single('ver', Long.fromNumber(1), CT.EQUAL, false))), 403, 'OTSConditionCheckFail',
    );
    expect((await get('c-missing')).mark).toBe('true');
  });

  it('latestVersionOnly: false passes when any version matches, true only on the latest', async () => {
    const t0 = Date.now() - 60_000;
    const pk = [{ pk: 'c-versions' }];
    for (const [i, v] of ['old', 'new'].entries()) {
      await client.updateRow({
        tableName: versioned, primaryKey: pk, updateOfAttributeColumns: [{ PUT: [{ s: v, timestamp: t0 + i * 1000 }] }],
        condition: ignore(),
      });
    }
    const mark = (m: string, cond: ColumnCondition) => client.updateRow({
      tableName: versioned, primaryKey: pk, updateOfAttributeColumns: [{ PUT: [{ mark: m }] }], condition: ignore(cond),
    });
    await expectOtsError(mark('latest', single('s', 'old', CT.EQUAL, false, true)), 403, 'OTSConditionCheckFail');
    await mark('any', single('s', 'old', CT.EQUAL, false, false));
    expect((await get('c-versions', versioned)).mark).toBe('any');
    await mark('latest-new', single('s', 'new', CT.EQUAL, false, true));
    expect((await get('c-versions', versioned)).mark).toBe('latest-new');
  });

  it('applies to PutRow and DeleteRow as well', async () => {
    await put('c-put', [{ ver: Long.fromNumber(1) }]);
    await expectOtsError(
      client.putRow({
        tableName: table, primaryKey: [{ pk: 'c-put' }], attributeColumns: [{ ver: Long.fromNumber(9) }],
        condition: expectExist(single('ver', Long.fromNumber(2), CT.EQUAL)),
      }), 403, 'OTSConditionCheckFail',
    );
    await client.putRow({
      tableName: table, primaryKey: [{ pk: 'c-put' }], attributeColumns: [{ ver: Long.fromNumber(2) }],
      condition: expectExist(single('ver', Long.fromNumber(1), CT.EQUAL)),
    });
    expect(intValue((await get('c-put')).ver)).toBe(2);
    await expectOtsError(
      client.deleteRow({ tableName: table, primaryKey: [{ pk: 'c-put' }], condition: ignore(single('ver', Long.fromNumber(1), CT.EQUAL)) }),
      403, 'OTSConditionCheckFail',
    );
    await client.deleteRow({ tableName: table, primaryKey: [{ pk: 'c-put' }], condition: ignore(single('ver', Long.fromNumber(2), CT.EQUAL)) });
    expect(await get('c-put')).toEqual({});
  });

  it('a column condition with passIfMissing=false fails on a missing row and creates nothing', async () => {
    await expectOtsError(markIf('c-norow', 'x', ignore(single('v', 'a', CT.EQUAL, false))), 403, 'OTSConditionCheckFail');
    expect(await get('c-norow')).toEqual({});
  });
});

describe('composite column conditions', () => {
  it('AND, OR and NOT combine sub-conditions', async () => {
    await put('cc', [{ a: Long.fromNumber(1) }, { b: 'x' }]);
    const aIs1 = single('a', Long.fromNumber(1), CT.EQUAL);
    const aIs2 = single('a', Long.fromNumber(2), CT.EQUAL);
    const bIsX = single('b', 'x', CT.EQUAL);
    const LO = TableStore.LogicalOperator;

    await markIf('cc', 'and', expectExist(composite(LO.AND, aIs1, bIsX)));
    expect((await get('cc')).mark).toBe('and');
    await expectOtsError(markIf('cc', 'and2', expectExist(composite(LO.AND, aIs2, bIsX))), 403, 'OTSConditionCheckFail');

    await markIf('cc', 'or', expectExist(composite(LO.OR, aIs2, bIsX)));
    expect((await get('cc')).mark).toBe('or');
    await expectOtsError(
      markIf('cc', 'or2', expectExist(composite(LO.OR, aIs2, single('b', 'y', CT.EQUAL)))), 403, 'OTSConditionCheckFail',
    );

    await markIf('cc', 'not', expectExist(composite(LO.NOT, aIs2)));
    expect((await get('cc')).mark).toBe('not');
    await expectOtsError(markIf('cc', 'not2', expectExist(composite(LO.NOT, aIs1))), 403, 'OTSConditionCheckFail');

    // nested: (a = 2 OR b = 'x') AND NOT(a = 2)
    await markIf('cc', 'nested', expectExist(composite(LO.AND, composite(LO.OR, aIs2, bIsX), composite(LO.NOT, aIs2))));
    expect((await get('cc')).mark).toBe('nested');
  });
});
