/**
 * The timer's repair of work lists: every queue row must be an entry its sub-task lists (core
 * queueEntriesOf, kept on the sub-task as `queue`), showing the sub-task's state and assignee. Drains keep
 * that true (one at a time per case, service/drain.ts); this pass finds and mends what is not — rows left
 * by an older version, by a bug, by hand. Each run reads a slice of `queues` (REPAIR_ROWS rows, continuing
 * where the last run stopped), reads the case of each row, and for a case that is settled (nothing pending,
 * no drain at work) deletes rows no sub-task lists, re-puts rows that show the wrong state or assignee and
 * puts missing entries of the same case — under the case's lease, so no drain writes its rows meanwhile.
 * Cases with effects pending are left to the drain. A case none of whose rows exists is not found here.
 * Rows of work orders' lists (`wo:`) are skipped: the order's drain alone keeps them.
 */
import { parseSubTaskRef, type QueueEntry } from '../core/queue.js';
import type { LoadedCase } from '../store/caseRecord.js';
import { storedEntry, type QueueMeta, type QueueRow } from '../store/queues.js';
import { SweepCursors } from '../store/sweepCursor.js';
import { queueMetaOf } from './caseWork.js';
import { rectificationRows } from './ratingQueue.js';
import { ORDER_QUEUE_PREFIX } from './hotlineLists.js';
import type { ServiceContext, Snapshot } from './context.js';

/** Queue rows looked at per timer run. */
const REPAIR_ROWS = 500;

const keyOf = (e: QueueEntry) => `${e.queue}\n${e.due}\n${e.ref}`;
const caseOf = (ref: string) => parseSubTaskRef(ref).caseId;

export interface RepairPlan {
  remove: QueueEntry[];
  put: { entry: QueueEntry; meta: QueueMeta }[];
}

export class QueueRepair {
  private readonly cursors: SweepCursors;

  constructor(private readonly ctx: ServiceContext) {
    this.cursors = new SweepCursors(ctx.client);
  }

  /** One slice of the table; returns the number of rows deleted or written. */
  async run(failures: { caseId: string; error: string }[]): Promise<number> {
    const start = await this.cursors.get<QueueEntry>('queues');
    const { rows, next } = await this.ctx.queues.scan(start, REPAIR_ROWS);
    await this.cursors.set('queues', next);
    const byCase = new Map<string, QueueRow[]>();
    // Work orders' lists (`wo:`, service/hotlineLists.ts) are kept by their drain only.
    for (const r of rows) if (!r.queue.startsWith(ORDER_QUEUE_PREFIX)) byCase.set(caseOf(r.ref), [...(byCase.get(caseOf(r.ref)) ?? []), r]);
    const snap = await this.ctx.snapshot();
    let fixed = 0;
    for (const [caseId, caseRows] of byCase) {
      try {
        fixed += await this.repairCase(caseId, caseRows, snap);
      } catch (err) {
        failures.push({ caseId, error: `队列修复: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    return fixed;
  }

  private async repairCase(caseId: string, rows: readonly QueueRow[], snap: Snapshot): Promise<number> {
    const loaded = await this.ctx.cases.load(caseId, 'work');
    if (!loaded) {
      // No case (a row can only be put by draining its case): nothing may list these rows.
      for (const r of rows) await this.ctx.queues.remove(r);
      if (rows.length) this.ctx.log(`queue repair: ${rows.length} row(s) of missing case ${caseId} removed`);
      return rows.length;
    }
    if (loaded.pending.length) return 0;
    const plan = await this.plan(loaded, rows, snap);
    if (!plan.remove.length && !plan.put.length) return 0;
    const done = await this.ctx.cases.whileLeased(loaded, async () => {
      for (const e of plan.remove) await this.ctx.queues.remove(e);
      for (const p of plan.put) await this.ctx.queues.put(p.entry, p.meta);
    });
    if (!done) return 0;
    this.ctx.log(`queue repair: case ${caseId}: ${plan.remove.length} row(s) removed, ${plan.put.length} written`);
    return plan.remove.length + plan.put.length;
  }

  /** What to delete and (re)write so the case's rows are as its sub-tasks list them. */
  private async plan(loaded: LoadedCase, rows: readonly QueueRow[], snap: Snapshot): Promise<RepairPlan> {
    const record = loaded.record;
    const expected = new Map<string, { entry: QueueEntry; meta: QueueMeta }>();
    if (record) {
      const bundle = snap.bundle(record.bundleId, record.bundleVersion);
      for (const st of loaded.subTasks.values()) {
        for (const entry of st.queue.filter(storedEntry)) expected.set(keyOf(entry), { entry, meta: queueMetaOf(st, record, bundle) });
      }
      // 差评整改 rows (ratingQueue.ts) are the case's too.
      for (const row of rectificationRows(record)) expected.set(keyOf(row.entry), row);
    }
    const plan: RepairPlan = { remove: [], put: [] };
    const seen = new Set<string>();
    for (const r of rows) {
      const want = expected.get(keyOf(r));
      seen.add(keyOf(r));
      if (!want) plan.remove.push({ queue: r.queue, due: r.due, ref: r.ref });
      else if (want.meta.state !== r.meta.state || want.meta.assignee !== r.meta.assignee) plan.put.push(want);
    }
    for (const [k, want] of expected) {
      if (!seen.has(k) && !(await this.ctx.queues.exists(want.entry))) plan.put.push(want);
    }
    return plan;
  }
}
