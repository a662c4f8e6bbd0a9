// The `cases` table: one partition per case (DESIGN: storage). PK `pk` = 2 hex characters of sha256(case id)
// + ":" + case id (spreads cases over partitions), `row` = "#" for the case row.
//
// The case row holds the case, its sub-tasks, pending effects and timeline as columns, so a transition —
// including the cascade it causes inside the case (材料共享 → 流转 → 办结) — is ONE conditional UpdateRow
// that writes only the cells it changes (write CUs count the written cells, not the row). Column layout
// (names sorted so that the reads below are contiguous column ranges):
// (a, c, s_, x_, z_ cells hold JSON deflated with a preset dictionary, BINARY — see caseRecord.ts)
//   a              intake: the application and the supplied materials (JSON; sensitive fields encrypted)
//   c  cs  cv      the case record (JSON), its subjects' keyed hashes (JSON), case version (Long)
//   h              audit chain head {seq, hash} (JSON)
//   s_<item>       the sub-task (JSON; sensitive fields encrypted)      v_<item>  its version (Long)
//   u_<item>       attachments uploaded to the sub-task (JSON array)
//   x_<key>        pending effects of one transition (JSON array) — drained by the dispatcher
//   xm             dirty-marker token (present ⇔ a row in `dirty` names this case), rotated by every change
//   xd             token of that `dirty` row (not rotated)
//   xo_<item>_<v>  platform id of an open to-do (待办)                  xs        case state
//   y_<item>       Ed25519 signatures of the sub-task's sign-off (JSON array)
//   z_<key>        timeline events of one change, keyed by its first transition (JSON array)
// Every state change is conditional on the versions it read (v_<item>, cv) and on the marker token.
import { createHash } from 'node:crypto';
import {
  attributesOf,
  rowExists,
  type CellValue,
  type Condition,
  type CreateTableParams,
  type OtsClient,
  type PrimaryKeyInput,
  type UpdateColumnsEntry,
} from './client.js';
import { columns } from './rowOps.js';

const CASES_TABLE_NAME = 'cases';

export const CASES_TABLE: CreateTableParams = {
  tableMeta: {
    tableName: CASES_TABLE_NAME,
    primaryKey: [
      { name: 'pk', type: 'STRING' },
      { name: 'row', type: 'STRING' },
    ],
  },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

const CASE_ROW = '#';

/** Partition key of a case: short hash prefix + case id. */
export function casePartition(caseId: string): string {
  return `${createHash('sha256').update(caseId, 'utf8').digest('hex').slice(0, 2)}:${caseId}`;
}

function caseKey(caseId: string): PrimaryKeyInput {
  return [{ pk: casePartition(caseId) }, { row: CASE_ROW }];
}

/** Which columns a read returns: named ones, or a [start, end) column range. */
export type ColumnSelection = { names: string[] } | { start: string; end: string } | 'all';

export class CaseRows {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = CASES_TABLE_NAME,
  ) {}

  /** The selected columns of the case row, or null when there is no such case. */
  async read(caseId: string, select: ColumnSelection): Promise<Record<string, CellValue> | null> {
    const params: Parameters<OtsClient['getRow']>[0] & { startColumn?: string; endColumn?: string } = {
      tableName: this.table,
      primaryKey: caseKey(caseId),
      maxVersions: 1,
    };
    if (select !== 'all' && 'names' in select) params.columnsToGet = select.names;
    else if (select !== 'all') {
      params.startColumn = select.start;
      params.endColumn = select.end;
    }
    const { row } = await this.client.getRow(params);
    if (!rowExists(row)) {
      // A range or name selection that matches no column returns no row even when the case exists.
      if (select === 'all') return null;
      const probe = await this.client.getRow({ tableName: this.table, primaryKey: caseKey(caseId), columnsToGet: ['cv'], maxVersions: 1 });
      return rowExists(probe.row) ? {} : null;
    }
    return attributesOf(row);
  }

  /** Creates the case row; fails (OTSConditionCheckFail) when it exists. */
  async create(caseId: string, values: Record<string, CellValue>, condition: Condition): Promise<void> {
    await this.client.putRow({ tableName: this.table, primaryKey: caseKey(caseId), attributeColumns: columns(values), condition });
  }

  /** Puts and deletes columns of the case row under `condition`. */
  async update(caseId: string, put: Record<string, CellValue>, remove: readonly string[], condition: Condition): Promise<void> {
    const ops: UpdateColumnsEntry[] = [];
    const cols = columns(put);
    if (cols.length) ops.push({ PUT: cols });
    if (remove.length) ops.push({ DELETE_ALL: [...remove] });
    if (ops.length === 0) return;
    await this.client.updateRow({ tableName: this.table, primaryKey: caseKey(caseId), updateOfAttributeColumns: ops, condition });
  }
}
