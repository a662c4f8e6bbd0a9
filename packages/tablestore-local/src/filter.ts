/**
 * Column conditions (on writes) and column filters (on reads): `filter.proto.Filter` bytes holding a
 * SingleColumnValueFilter, a CompositeColumnValueFilter (NOT / AND / OR) or a ColumnPaginationFilter.
 *
 * Semantics: a single condition looks at the named column (primary-key columns included). A missing
 * column passes when `filter_if_missing` is false (the SDK's passIfMissing = true, its default). With
 * `latest_version_only` only the newest version is compared, otherwise any version that matches passes.
 * A value of another type than the condition's never compares equal (so only NOT_EQUAL passes).
 *
 * A read filter is refused (400 OTSParameterInvalid) when it has more than 10 sub-conditions or names a
 * primary-key column: filters apply to attribute columns. A write's column condition may name primary-key
 * columns, as the service allows, and has at most 10 sub-conditions too.
 */
import { errors } from './errors.js';
import { LIMITS } from './limits.js';
import { readVariant } from './plainbuffer/reader.js';
import type { FilterMsg } from './proto.js';
import { decode, messages } from './proto.js';
import type { Cell, KeyColumn, Value } from './values.js';
import { compareValues } from './values.js';

const FT_SINGLE = 1;
const FT_COMPOSITE = 2;
const FT_PAGINATION = 3;

const CT_EQUAL = 1;
const CT_NOT_EQUAL = 2;
const CT_GREATER_THAN = 3;
const CT_GREATER_EQUAL = 4;
const CT_LESS_THAN = 5;
const CT_LESS_EQUAL = 6;

const LO_NOT = 1;
const LO_AND = 2;
const LO_OR = 3;

interface SingleCondition {
  readonly kind: 'single';
  readonly comparator: number;
  readonly column: string;
  readonly value: Value;
  readonly filterIfMissing: boolean;
  readonly latestVersionOnly: boolean;
}

interface CompositeCondition {
  readonly kind: 'composite';
  readonly combinator: number;
  readonly subs: readonly ColumnCondition[];
}

export type ColumnCondition = SingleCondition | CompositeCondition;

interface Pagination {
  readonly kind: 'pagination';
  readonly offset: number;
  readonly limit: number;
}

export type ReadFilter = ColumnCondition | Pagination;

function parseCondition(bytes: Uint8Array, depth: number): ReadFilter {
  return parseMessage(decode(messages.Filter, bytes), depth);
}

function parseMessage(msg: FilterMsg, depth: number): ReadFilter {
  if (depth > 32) throw errors.invalidFilter('nested too deeply');
  switch (msg.type) {
    case FT_SINGLE: {
      const single = decode(messages.SingleColumnValueFilter, msg.filter);
      if (single.comparator < CT_EQUAL || single.comparator > CT_LESS_EQUAL) throw errors.invalidFilter('unknown comparator');
      return {
        kind: 'single',
        comparator: single.comparator,
        column: single.columnName,
        value: readVariant(Buffer.from(single.columnValue.buffer, single.columnValue.byteOffset, single.columnValue.byteLength)),
        filterIfMissing: single.filterIfMissing,
        latestVersionOnly: single.latestVersionOnly,
      };
    }
    case FT_COMPOSITE: {
      const composite = decode(messages.CompositeColumnValueFilter, msg.filter);
      const subs = composite.subFilters.map((sub) => {
        const parsed = parseMessage(sub, depth + 1);
        if (parsed.kind === 'pagination') throw errors.paginationFilterNotAllowed();
        return parsed;
      });
      if (composite.combinator === LO_NOT) {
        if (subs.length !== 1) throw errors.invalidFilter('NOT takes exactly one sub condition');
      } else if (composite.combinator === LO_AND || composite.combinator === LO_OR) {
        if (subs.length < 1) throw errors.invalidFilter('AND and OR take at least one sub condition');
      } else {
        throw errors.invalidFilter('unknown logical operator');
      }
      return { kind: 'composite', combinator: composite.combinator, subs };
    }
    case FT_PAGINATION: {
      const page = decode(messages.ColumnPaginationFilter, msg.filter);
      if (page.offset < 0 || page.limit < 0) throw errors.invalidFilter('offset and limit must not be negative');
      return { kind: 'pagination', offset: page.offset, limit: page.limit };
    }
    default:
      throw errors.invalidFilter('unknown filter type');
  }
}

/** Conditions below the top one, at every depth. */
function subConditionCount(cond: ColumnCondition): number {
  if (cond.kind === 'single') return 0;
  return cond.subs.reduce((n, sub) => n + 1 + subConditionCount(sub), 0);
}

function firstPrimaryKeyColumn(cond: ColumnCondition, primaryKey: ReadonlySet<string>): string | null {
  if (cond.kind === 'single') return primaryKey.has(cond.column) ? cond.column : null;
  for (const sub of cond.subs) {
    const found = firstPrimaryKeyColumn(sub, primaryKey);
    if (found !== null) return found;
  }
  return null;
}

/** A read filter: any of the three kinds; at most 10 sub-conditions, none on a primary-key column. */
export function parseReadFilter(bytes: Uint8Array, primaryKey: ReadonlySet<string>): ReadFilter {
  const filter = parseCondition(bytes, 0);
  if (filter.kind === 'pagination') return filter;
  const count = subConditionCount(filter);
  if (count > LIMITS.filterSubConditions) {
    throw errors.invalidFilter(`the number of sub conditions exceeds the limit: ${count} > ${LIMITS.filterSubConditions}`);
  }
  const pkColumn = firstPrimaryKeyColumn(filter, primaryKey);
  if (pkColumn !== null) throw errors.invalidFilter(`column '${pkColumn}' is a primary key column; a filter applies to attribute columns only`);
  return filter;
}

/** A write's column condition: pagination is not a condition. */
export function parseColumnCondition(bytes: Uint8Array): ColumnCondition {
  const parsed = parseCondition(bytes, 0);
  if (parsed.kind === 'pagination') throw errors.paginationFilterNotAllowed();
  const count = subConditionCount(parsed);
  if (count > LIMITS.conditionSubConditions) {
    throw errors.invalidFilter(`the number of sub conditions exceeds the limit: ${count} > ${LIMITS.conditionSubConditions}`);
  }
  return parsed;
}

function compareOk(comparator: number, actual: Value, expected: Value): boolean {
  if (actual.t !== expected.t) return comparator === CT_NOT_EQUAL;
  const c = compareValues(actual, expected);
  switch (comparator) {
    case CT_EQUAL: return c === 0;
    case CT_NOT_EQUAL: return c !== 0;
    case CT_GREATER_THAN: return c > 0;
    case CT_GREATER_EQUAL: return c >= 0;
    case CT_LESS_THAN: return c < 0;
    default: return c <= 0;
  }
}

function evaluateSingle(cond: SingleCondition, pk: readonly KeyColumn[], cells: readonly Cell[]): boolean {
  for (const col of pk) {
    if (col.name === cond.column) return compareOk(cond.comparator, col.value, cond.value);
  }
  let found = false;
  for (const cell of cells) {
    if (cell.name !== cond.column) {
      if (found) break;
      continue;
    }
    if (compareOk(cond.comparator, cell.value, cond.value)) return true;
    if (cond.latestVersionOnly) return false;
    found = true;
  }
  return found ? false : !cond.filterIfMissing;
}

/** Whether a row (cells sorted by name, newest version first) satisfies the condition. */
export function evaluate(cond: ColumnCondition, pk: readonly KeyColumn[], cells: readonly Cell[]): boolean {
  if (cond.kind === 'single') return evaluateSingle(cond, pk, cells);
  switch (cond.combinator) {
    case LO_NOT:
      return !evaluate(cond.subs[0], pk, cells);
    case LO_AND:
      return cond.subs.every((sub) => evaluate(sub, pk, cells));
    default:
      return cond.subs.some((sub) => evaluate(sub, pk, cells));
  }
}
