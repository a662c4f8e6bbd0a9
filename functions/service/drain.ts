/**
 * drainCase: applies a case's pending effects — queue rows, 工作通知, 待办, archive index rows, audit
 * records, on-time counters — in the order their transitions happened (per sub-task, by version). Each
 * effect's own write is idempotent (a put of the same row, a delete, a platform call carrying the effect's
 * stable id). Progress is recorded in the case row in one write at the end — or, when an effect fails,
 * before the error is passed on — so a run interrupted by a failing call repeats nothing that succeeded.
 * (A process killed between a platform call and that write repeats the call once, with the same id.)
 */
import { findStaff, type Directory, type Staff } from '../core/directory.js';
import type { Recipient } from '../core/effects.js';
import { col, pack, ranges, type LoadedCase, type StoredEffect } from '../store/caseRecord.js';
import type { CellValue } from '../store/client.js';
import { doneKey, doneMarker } from '../store/counters.js';
import { rowCondition } from '../store/rowOps.js';
import { isConditionFailed } from '../store/client.js';
import type { CaseAccess } from './caseAccess.js';
import type { ServiceContext } from './context.js';
import type { DrainReport } from './types.js';

export const ENDED_STATES: ReadonlySet<string> = new Set(['completed', 'closed', 'withdrawn']);

export function recipientsOf(to: Recipient, dir: Directory): Staff[] {
  if ('staff' in to) {
    const s = findStaff(dir, to.staff);
    return s ? [s] : [];
  }
  if ('department' in to) return dir.staff.filter((s) => s.department === to.department && s.roles.some((r) => to.roles.includes(r)));
  return dir.staff.filter((s) => s.district === to.district && s.roles.some((r) => to.roles.includes(r)));
}

/**
 * Queue effects of one run netted per row: only the last put/delete of a row is applied — none when the row
 * is first put and finally deleted within the run (it did not exist before and must not after). The core's
 * queue diffs only put rows that are absent and delete rows that are present, so the result is the same.
 */
export function redundantQueueEffects(pending: readonly { effects: readonly StoredEffect[] }[]): Set<string> {
  const byRow = new Map<string, { id: string; kind: 'enqueue' | 'dequeue' }[]>();
  for (const { effects } of pending) {
    for (const e of effects) {
      if (e.kind !== 'enqueue' && e.kind !== 'dequeue') continue;
      const k = `${e.entry.queue}\n${e.entry.due}\n${e.entry.ref}`;
      byRow.set(k, [...(byRow.get(k) ?? []), { id: e.id, kind: e.kind }]);
    }
  }
  const skip = new Set<string>();
  for (const ops of byRow.values()) {
    if (ops.length < 2) continue;
    const first = ops[0];
    const last = ops[ops.length - 1];
    const keepLast = !(first.kind === 'enqueue' && last.kind === 'dequeue');
    for (const op of keepLast ? ops.slice(0, -1) : ops) skip.add(op.id);
  }
  return skip;
}

interface TodoState {
  /** column → platform id, as read plus created in this run. */
  ids: Map<string, string>;
  created: Map<string, string>;
  finished: Set<string>;
}

export class Drainer {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: CaseAccess,
  ) {}

  /**
   * Drains one case. `clearMarker`: 'ended' removes the dirty marker when nothing is pending and the case
   * has ended; 'clean' whenever nothing is pending (the sweep). Throws the first effect failure after
   * recording progress.
   */
  async drain(caseId: string, clearMarker: 'ended' | 'clean' = 'ended'): Promise<DrainReport & { exists: boolean; marker: boolean }> {
    const loaded = await this.access.load(caseId, ranges.effects);
    if (!loaded) return { caseId, applied: 0, pending: 0, clean: true, exists: false, marker: false };
    const todos: TodoState = { ids: new Map(loaded.todos), created: new Map(), finished: new Set() };
    const doneColumns: string[] = [];
    let partial: { column: string; remaining: StoredEffect[] } | null = null;
    let applied = 0;
    let failure: unknown = null;
    let pending = 0;
    /** Clean-ups that may run only once the progress is recorded (exactly-once markers). */
    const after: (() => Promise<void>)[] = [];
    const ended = loaded.state !== null && ENDED_STATES.has(loaded.state);
    const wantsClear = loaded.marker !== null && (clearMarker === 'clean' || ended);
    let cleared = false;
    if (loaded.pending.length) {
      const snapshot = await this.ctx.snapshot();
      const skip = redundantQueueEffects(loaded.pending);
      outer: for (const [ci, { column, effects }] of loaded.pending.entries()) {
        for (let i = 0; i < effects.length; i++) {
          try {
            if (!skip.has(effects[i].id)) await this.apply(effects[i], snapshot.directory, todos, after);
            applied++;
          } catch (err) {
            failure = err;
            partial = { column, remaining: effects.slice(i) };
            pending = effects.length - i + loaded.pending.slice(ci + 1).reduce((n, p) => n + p.effects.length, 0);
            break outer;
          }
        }
        doneColumns.push(column);
      }
      const put: Record<string, CellValue> = {};
      for (const [c, id] of todos.created) if (!todos.finished.has(c)) put[c] = id;
      if (partial && partial.remaining.length < (loaded.pending.find((p) => p.column === partial?.column)?.effects.length ?? 0)) {
        put[partial.column] = pack(partial.remaining);
      }
      const remove = [...doneColumns, ...[...todos.finished].filter((c) => loaded.todos.has(c))];
      if (!failure && wantsClear) {
        // Progress and the marker's removal in one write, if no change added effects since the read.
        cleared = await this.clearMarker(caseId, loaded, put, remove);
      }
      if (!cleared) await this.ctx.cases.update(caseId, put, remove, rowCondition('ignore'));
      for (const cleanUp of after) await cleanUp().catch((err: unknown) => this.ctx.log(`drain case=${caseId}: marker clean-up failed: ${err instanceof Error ? err.message : String(err)}`));
      if (cleared) await this.clearDirtyRow(caseId, loaded);
    }
    if (failure) {
      this.ctx.log(`drain case=${caseId}: ${applied} applied, ${pending} pending: ${failure instanceof Error ? failure.message : String(failure)}`);
      throw failure;
    }
    let clean = cleared;
    if (!loaded.pending.length && wantsClear) {
      clean = await this.clearMarker(caseId, loaded);
      if (clean) await this.clearDirtyRow(caseId, loaded);
    }
    return { caseId, applied, pending: 0, clean, exists: true, marker: loaded.marker !== null && !clean };
  }

  /**
   * Removes the marker cells — with the drain's progress (`put`, `remove`) when given — if the row is still
   * as read (no change added effects meanwhile: every such change rotates the marker). False otherwise, and
   * then nothing was written.
   */
  async clearMarker(caseId: string, loaded: LoadedCase, put: Record<string, CellValue> = {}, remove: readonly string[] = []): Promise<boolean> {
    try {
      await this.ctx.cases.update(caseId, put, [...remove, col.marker, col.dirtyToken], rowCondition('exist', [{ column: col.marker, value: loaded.marker }]));
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
    return true;
  }

  /** The `dirty` row goes once the case row shows no marker (conditional on its token: a new marker survives). */
  private async clearDirtyRow(caseId: string, loaded: LoadedCase): Promise<void> {
    if (loaded.dirtyToken) await this.ctx.dirty.clear(caseId, loaded.dirtyToken);
  }

  private async apply(e: StoredEffect, dir: Directory, todos: TodoState, after: (() => Promise<void>)[]): Promise<void> {
    const notifier = this.ctx.notifier;
    switch (e.kind) {
      case 'enqueue':
        await this.ctx.queues.put(e.entry, e.meta ?? {
          bundleId: '', bundleName: '', itemId: e.entry.ref.slice(e.entry.ref.lastIndexOf('/') + 1), itemName: '', department: '', district: '',
          state: '', assignee: null, subject: '', warnDays: 0,
        });
        return;
      case 'dequeue':
        await this.ctx.queues.remove(e.entry);
        return;
      case 'archive':
        await this.ctx.archive.put(e.entry);
        return;
      case 'audit':
        await this.ctx.audit.put(e.records);
        return;
      case 'stats': {
        const key = doneKey(e.caseId);
        const marker = doneMarker(e.caseId);
        await this.ctx.counters.addOnce(key, e.counts, marker);
        after.push(() => this.ctx.counters.removeMarker(key, marker));
        return;
      }
      case 'notify': {
        const recipients = recipientsOf(e.to, dir);
        if (!notifier || recipients.length === 0) return;
        await notifier.sendNotice({ id: e.id, caseId: e.caseId, itemId: e.itemId, template: e.template, title: e.title, text: e.text, recipients });
        return;
      }
      case 'createTodo': {
        const assignee = findStaff(dir, e.assignee);
        if (!notifier || !assignee) return;
        const { platformId } = await notifier.createTodo({ id: e.id, todoId: e.todoId, caseId: e.caseId, itemId: e.itemId, title: e.title, dueDate: e.dueDate, assignee });
        todos.ids.set(col.todo(e.todoId), platformId);
        todos.created.set(col.todo(e.todoId), platformId);
        return;
      }
      case 'finishTodo': {
        const assignee = findStaff(dir, e.assignee);
        const c = col.todo(e.todoId);
        if (notifier && assignee) {
          await notifier.finishTodo({ id: e.id, todoId: e.todoId, caseId: e.caseId, itemId: e.itemId, assignee, platformId: todos.ids.get(c) ?? null });
        }
        todos.finished.add(c);
        return;
      }
      default:
        // Effects inside the case are applied with the change that caused them (caseWork.ts); never stored.
        this.ctx.log(`drain: unexpected stored effect ${e.kind} ${e.id}`);
    }
  }
}
