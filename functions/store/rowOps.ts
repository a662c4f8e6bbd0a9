// Small helpers over the typed SDK surface (client.ts) shared by the lianban repositories: cell values,
// composite column conditions, column ranges, and the SDK's CompositeCondition (not typed in client.ts).
import {
  Long,
  TableStore,
  type CellValue,
  type ColumnCondition,
  type Condition,
  type Row,
} from './client.js';

interface CompositeCondition extends ColumnCondition {
  addSubCondition(c: ColumnCondition): void;
}
interface CompositeSdk {
  CompositeCondition: new (combinator: number) => CompositeCondition;
  LogicalOperator: { NOT: number; AND: number; OR: number };
}
const Sdk = TableStore as unknown as typeof TableStore & CompositeSdk;

/** A number from an INTEGER (Int64) or DOUBLE cell; 0 when absent. */
export function num(v: CellValue | undefined): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'toNumber' in v) return v.toNumber();
  return 0;
}

export const str = (v: CellValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export const long = (n: number) => Long.fromNumber(n);

/** An expectation on one column: equal to `value`, or (value null) absent. */
export interface ColumnExpectation {
  column: string;
  /** null: the column must not exist. */
  value: CellValue | null;
}

/** A value no stored column holds: `column == ABSENT` with pass-if-missing means "column absent". */
const ABSENT = '\u0000absent';

function single(e: ColumnExpectation): ColumnCondition {
  return e.value === null
    ? new TableStore.SingleColumnCondition(e.column, ABSENT, TableStore.ComparatorType.EQUAL, true)
    : new TableStore.SingleColumnCondition(e.column, e.value, TableStore.ComparatorType.EQUAL, false);
}

/** Every expectation must hold (AND); null when there are none. */
function allOf(expectations: readonly ColumnExpectation[]): ColumnCondition | null {
  if (expectations.length === 0) return null;
  if (expectations.length === 1) return single(expectations[0]);
  const c = new Sdk.CompositeCondition(Sdk.LogicalOperator.AND);
  for (const e of expectations) c.addSubCondition(single(e));
  return c;
}

export function rowCondition(existence: 'exist' | 'notExist' | 'ignore', expectations: readonly ColumnExpectation[] = []): Condition {
  const kind =
    existence === 'exist'
      ? TableStore.RowExistenceExpectation.EXPECT_EXIST
      : existence === 'notExist'
        ? TableStore.RowExistenceExpectation.EXPECT_NOT_EXIST
        : TableStore.RowExistenceExpectation.IGNORE;
  return new TableStore.Condition(kind, allOf(expectations));
}

export function pkValues(row: Row): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const c of row.primaryKey ?? []) out[c.name] = c.value;
  return out;
}

/** `[{ col: value }]` from a plain object (undefined values skipped). */
export function columns(values: Record<string, CellValue | undefined>): Array<Record<string, CellValue>> {
  return Object.entries(values)
    .filter((e): e is [string, CellValue] => e[1] !== undefined)
    .map(([k, v]) => ({ [k]: v }));
}
