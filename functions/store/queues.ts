// The `queues` table: work lists ordered by deadline (DESIGN: storage). PK `queue` (a core queue name:
// "dept:<district>:<department>:<state>" — state ready, active, countersign or extension (延期申请 awaiting a
// decision) —, "window:<district>:returned" (退回补正, the accepting window's) or "user:<staff>:ready"), `due` (INTEGER YYYYMMDD, 99991231
// while paused), `ref` ("caseId/itemId"). A page of a list is one short GetRange in one partition, so it
// costs the same however many cases are stored. Rows are put and deleted by enqueue/dequeue effects
// (idempotent: put with IGNORE, delete of a missing row is a no-op).
//
// A person's active work ("user:<staff>:active" in the core) is NOT stored as rows of its own: it is the
// department's active rows whose `who` is that person (the department active row carries the assignee), read
// with a filter on `who` (`page(..., { assignee })`). That saves two row writes per sub-task (put on claim,
// delete on sign-off) — measured: 10 write CUs per birth case. `storedEntry` says which entries are rows.
// Each row carries what a list shows, so a page needs no other read:
//   b bundle id · bn bundle name · i item id · n item name · dep department · dis district · st state
//   who assignee · sub masked subject label · wd warning threshold (working days) · al alerts raised (JSON)
import type { QueueEntry } from '../core/queue.js';
import { Long, TableStore, attributesOf, columnEquals, rowExists, type CreateTableParams, type OtsClient, type PrimaryKeyInput, type Row } from './client.js';
import { columns, num, pkValues, str } from './rowOps.js';

export const QUEUES_TABLE_NAME = 'queues';

export const QUEUES_TABLE: CreateTableParams = {
  tableMeta: {
    tableName: QUEUES_TABLE_NAME,
    primaryKey: [
      { name: 'queue', type: 'STRING' },
      { name: 'due', type: 'INTEGER' },
      { name: 'ref', type: 'STRING' },
    ],
  },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

/** What a queue row shows besides its key. */
export interface QueueMeta {
  bundleId: string;
  bundleName: string;
  itemId: string;
  itemName: string;
  department: string;
  district: string;
  state: string;
  assignee: string | null;
  subject: string;
  warnDays: number;
}

export interface QueueRow extends QueueEntry {
  meta: QueueMeta;
  alerts: string[];
}

/** Where a page continues: the next start key of the range. */
export interface QueuePosition {
  due: number;
  ref: string;
}

/** False for entries that are not rows of their own (a person's active work: see above). */
export function storedEntry(e: QueueEntry): boolean {
  return !(e.queue.startsWith('user:') && e.queue.endsWith(':active'));
}

const key = (e: QueueEntry): PrimaryKeyInput => [{ queue: e.queue }, { due: Long.fromNumber(e.due) }, { ref: e.ref }];

function rowOf(row: Row): QueueRow {
  const pk = pkValues(row);
  const a = attributesOf(row);
  let alerts: string[] = [];
  try {
    alerts = JSON.parse(str(a.al) ?? '[]') as string[];
  } catch {
    alerts = [];
  }
  return {
    queue: String(pk.queue),
    due: num(pk.due),
    ref: String(pk.ref),
    meta: {
      bundleId: str(a.b) ?? '',
      bundleName: str(a.bn) ?? '',
      itemId: str(a.i) ?? '',
      itemName: str(a.n) ?? '',
      department: str(a.dep) ?? '',
      district: str(a.dis) ?? '',
      state: str(a.st) ?? '',
      assignee: str(a.who) ?? null,
      subject: str(a.sub) ?? '',
      warnDays: num(a.wd),
    },
    alerts,
  };
}

export class QueueRows {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = QUEUES_TABLE_NAME,
  ) {}

  async put(entry: QueueEntry, meta: QueueMeta): Promise<void> {
    if (!storedEntry(entry)) return;
    await this.client.putRow({
      tableName: this.table,
      primaryKey: key(entry),
      attributeColumns: columns({
        b: meta.bundleId, bn: meta.bundleName, i: meta.itemId, n: meta.itemName, dep: meta.department, dis: meta.district,
        st: meta.state, who: meta.assignee ?? undefined, sub: meta.subject, wd: Long.fromNumber(meta.warnDays),
      }),
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null),
    });
  }

  async remove(entry: QueueEntry): Promise<void> {
    if (!storedEntry(entry)) return;
    await this.client.deleteRow({
      tableName: this.table,
      primaryKey: key(entry),
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null),
    });
  }

  /** Records that an alert was raised for this row (so the sweep does not look at it again). */
  async markAlerts(entry: QueueEntry, alerts: string[]): Promise<void> {
    await this.client.updateRow({
      tableName: this.table,
      primaryKey: key(entry),
      updateOfAttributeColumns: [{ PUT: [{ al: JSON.stringify(alerts) }] }],
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_EXIST, null),
    });
  }

  /**
   * One page of a queue in deadline order: rows with fromDue ≤ due < toDue, starting at `after` (a
   * position returned as `next`). `columns` limits what is read (counting reads one small column);
   * `assignee` keeps only the rows of that person (a filter: the rows it drops are scanned too).
   */
  async page(
    queue: string,
    opts: { fromDue?: number; toDue?: number; start?: QueuePosition | null; limit: number; columns?: string[]; assignee?: string },
  ): Promise<{ rows: QueueRow[]; next: QueuePosition | null }> {
    const start: PrimaryKeyInput = opts.start
      ? [{ queue }, { due: Long.fromNumber(opts.start.due) }, { ref: opts.start.ref }]
      : [{ queue }, { due: opts.fromDue === undefined ? TableStore.INF_MIN : Long.fromNumber(opts.fromDue) }, { ref: TableStore.INF_MIN }];
    const end: PrimaryKeyInput = [{ queue }, { due: opts.toDue === undefined ? TableStore.INF_MAX : Long.fromNumber(opts.toDue) }, { ref: TableStore.INF_MIN }];
    const res = await this.client.getRange({
      tableName: this.table,
      direction: 'FORWARD',
      inclusiveStartPrimaryKey: start,
      exclusiveEndPrimaryKey: end,
      limit: opts.limit,
      maxVersions: 1,
      ...(opts.columns ? { columnsToGet: opts.assignee && !opts.columns.includes('who') ? [...opts.columns, 'who'] : opts.columns } : {}),
      ...(opts.assignee ? { columnFilter: columnEquals('who', opts.assignee) } : {}),
    });
    const rows = res.rows.filter(rowExists).map(rowOf);
    const nextPk = res.nextStartPrimaryKey ? pkValues({ primaryKey: res.nextStartPrimaryKey }) : null;
    return { rows, next: nextPk ? { due: num(nextPk.due), ref: String(nextPk.ref) } : null };
  }

  /** Whether the entry's row is there (one GetRow of the key only). */
  async exists(entry: QueueEntry): Promise<boolean> {
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: key(entry), columnsToGet: ['st'], maxVersions: 1 });
    return rowExists(row);
  }

  /**
   * Up to `limit` rows of the whole table in key order from `start` (null: the beginning), for the timer's
   * repair pass only (a bounded slice per run, never on a request path). `next` is null at the end.
   */
  async scan(start: QueueEntry | null, limit: number): Promise<{ rows: QueueRow[]; next: QueueEntry | null }> {
    const from: PrimaryKeyInput = start ? key(start) : [{ queue: TableStore.INF_MIN }, { due: TableStore.INF_MIN }, { ref: TableStore.INF_MIN }];
    const res = await this.client.getRange({
      tableName: this.table,
      direction: 'FORWARD',
      inclusiveStartPrimaryKey: from,
      exclusiveEndPrimaryKey: [{ queue: TableStore.INF_MAX }, { due: TableStore.INF_MAX }, { ref: TableStore.INF_MAX }],
      limit,
      maxVersions: 1,
    });
    const rows = res.rows.filter(rowExists).map(rowOf);
    const nextPk = res.nextStartPrimaryKey ? pkValues({ primaryKey: res.nextStartPrimaryKey }) : null;
    return { rows, next: nextPk ? { queue: String(nextPk.queue), due: num(nextPk.due), ref: String(nextPk.ref) } : null };
  }

  /** Number of rows in [fromDue, toDue), counted up to `cap` (reads only the key and one small column). */
  async count(queue: string, opts: { fromDue?: number; toDue?: number; cap?: number; assignee?: string } = {}): Promise<number> {
    const cap = opts.cap ?? 1000;
    let n = 0;
    let start: QueuePosition | null = null;
    for (;;) {
      const page: { rows: QueueRow[]; next: QueuePosition | null } = await this.page(queue, { fromDue: opts.fromDue, toDue: opts.toDue, start, limit: Math.min(500, cap - n), columns: ['st'], assignee: opts.assignee });
      n += page.rows.length;
      if (!page.next || n >= cap) return n;
      start = page.next;
    }
  }
}
