/**
 * Write conditions: row existence (IGNORE / EXPECT_EXIST / EXPECT_NOT_EXIST), checked first, then the
 * column condition. Either failing is 403 OTSConditionCheckFail. A row exists if it is stored and time
 * to live has not expired all of its cells.
 */
import { errors } from './errors.js';
import type { ColumnCondition } from './filter.js';
import { evaluate, parseColumnCondition } from './filter.js';
import type { ConditionMsg } from './proto.js';
import type { RowData } from './rowdata.js';
import type { KeyColumn } from './values.js';

const IGNORE = 0;
const EXPECT_EXIST = 1;
const EXPECT_NOT_EXIST = 2;

export interface WriteCondition {
  readonly existence: number;
  readonly column: ColumnCondition | null;
}

const NO_CONDITION: WriteCondition = { existence: IGNORE, column: null };

export function parseWriteCondition(msg: ConditionMsg | undefined | null): WriteCondition {
  if (!msg) return NO_CONDITION;
  const existence = msg.rowExistence;
  if (existence !== IGNORE && existence !== EXPECT_EXIST && existence !== EXPECT_NOT_EXIST) throw errors.invalidRowExistence();
  const column = msg.columnCondition && msg.columnCondition.length > 0 ? parseColumnCondition(msg.columnCondition) : null;
  return existence === IGNORE && column === null ? NO_CONDITION : { existence, column };
}

/** Whether checking the condition needs the current row (and costs 1 read CU). */
export function needsRow(cond: WriteCondition): boolean {
  return cond !== NO_CONDITION;
}

/** `row` is the current row with expired cells removed, or null when it does not exist. */
export function checkCondition(cond: WriteCondition, pk: readonly KeyColumn[], row: RowData | null): void {
  if (cond.existence === EXPECT_EXIST && row === null) throw errors.conditionCheckFail();
  if (cond.existence === EXPECT_NOT_EXIST && row !== null) throw errors.conditionCheckFail();
  if (cond.column && !evaluate(cond.column, pk, row ? row.cells : [])) throw errors.conditionCheckFail();
}
