/** The API routes: POST /<ApiName> → handler. */
import { abortTransaction, commitTransaction, startLocalTransaction } from './txapi.js';
import { batchGetRow, batchWriteRow } from './batch.js';
import type { Handler } from './context.js';
import { getRange } from './range.js';
import { deleteRowHandler, getRow, putRowHandler, updateRowHandler } from './rows.js';
import { createTable, deleteTable, describeTable, listTable, updateTable } from './tables.js';

export const routes = new Map<string, Handler>([
  ['/CreateTable', createTable],
  ['/ListTable', listTable],
  ['/DescribeTable', describeTable],
  ['/UpdateTable', updateTable],
  ['/DeleteTable', deleteTable],
  ['/GetRow', getRow],
  ['/PutRow', putRowHandler],
  ['/UpdateRow', updateRowHandler],
  ['/DeleteRow', deleteRowHandler],
  ['/GetRange', getRange],
  ['/BatchGetRow', batchGetRow],
  ['/BatchWriteRow', batchWriteRow],
  ['/StartLocalTransaction', startLocalTransaction],
  ['/CommitTransaction', commitTransaction],
  ['/AbortTransaction', abortTransaction],
]);
