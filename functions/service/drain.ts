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
import { parseSubTaskRef } from '../core/queue.js';
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

/** How long a drain holds a case's lease by default; a holder starts no effect after half of it (then hands over). */
export const DEFAULT_LEASE_MS = 30_000;
/** Re-reads by one drain when changes keep adding effects while it runs; what is left waits for the next kick. */
const MAX_ROUNDS = 8;
/**
 * How a drain that finds the lease taken waits for it (ms between reads): long enough for a holder's usual
 * run, short enough not to tie up a function instance. Then it reports `busy`, and FC retries the event.
 */
const WAIT_MS = [25, 50, 100, 200];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const pendingCount = (l: LoadedCase) => l.pending.reduce((n, p) => n + p.effects.length, 0);

/** The lease cell "<expiry ms>:<token>" → its expiry (0 when unreadable: treated as expired). */
function leaseExpiry(cell: string | null): number {
  if (cell === null) return 0;
  const n = Number(cell.slice(0, cell.indexOf(':')));
  return Number.isFinite(n) ? n : 0;
}

type Report = DrainReport & { exists: boolean; marker: boolean; busy: boolean };

/** What one pass over the pending effects did. */
interface Pass {
  applied: number;
  put: Record<string, CellValue>;
  remove: string[];
  /** Effects left (a failure or the lease's time stopped the pass). */
  pending: number;
  failure: unknown;
  after: (() => Promise<void>)[];
}

/**
 * Drains run one at a time per case. FC delivers async events at least once and runs several at a time, so
 * drains of one case overlap; their queue-row puts and deletes (and to-do creations and completions) only
 * converge when applied in transition order by one writer. A drain therefore takes the case's lease (`xl`)
 * by a conditional write that also expects the `xm` token it read — so the effects it read are still exactly
 * the pending ones — and gives it back with its progress, again expecting `xm`: when a change added effects
 * meanwhile (every such change rotates `xm`), the holder records its progress, reads again and goes on. A
 * drain that finds the lease taken waits for it briefly (re-reading) and then drains what is left; if it is
 * still taken it reports `busy` with the pending count, so FC retries the event later. A holder that
 * dies leaves the lease to expire (the context's `drainLeaseMs`); then a retry, the next kick or the timer's
 * sweep takes it over.
 */
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
  async drain(caseId: string, clearMarker: 'ended' | 'clean' = 'ended'): Promise<Report> {
    let loaded = await this.access.load(caseId, ranges.effects);
    if (!loaded) return { caseId, applied: 0, pending: 0, clean: true, exists: false, marker: false, busy: false };
    const todos: TodoState = { ids: new Map(loaded.todos), created: new Map(), finished: new Set() };
    let mine: string | null = null;
    let deadline = 0;
    let applied = 0;
    let waited = 0;
    const leaseMs = this.ctx.drainLeaseMs;
    const gone: Report = { caseId, applied: 0, pending: 0, clean: true, exists: false, marker: false, busy: false };
    const report = (l: LoadedCase, extra: Partial<Report>): Report => ({ caseId, applied, pending: 0, clean: false, exists: true, marker: l.marker !== null, busy: false, ...extra });
    for (let round = 0; ; round++) {
      const ended = loaded.state !== null && ENDED_STATES.has(loaded.state);
      const wantsClear = loaded.marker !== null && (clearMarker === 'clean' || ended);
      if (mine === null) {
        if (this.ctx.wallMillis() < leaseExpiry(loaded.lease)) {
          if (waited >= WAIT_MS.length) return report(loaded, { busy: true, pending: pendingCount(loaded) });
          await sleep(WAIT_MS[waited++]);
          const again = await this.reload(caseId);
          if (!again) return { ...gone, applied };
          loaded = again;
          round--;
          continue;
        }
        if (!loaded.pending.length) {
          if (!wantsClear) return report(loaded, {});
          const clean = await this.clearMarker(caseId, loaded);
          if (clean) await this.clearDirtyRow(caseId, loaded);
          return report(loaded, { clean, marker: loaded.marker !== null && !clean });
        }
        const cell = `${this.ctx.wallMillis() + leaseMs}:${this.ctx.token()}`;
        if (!(await this.write(caseId, { [col.lease]: cell }, [], loaded, loaded.lease))) {
          if (round >= MAX_ROUNDS) return report(loaded, { busy: true, pending: pendingCount(loaded) });
          const again = await this.reload(caseId);
          if (!again) return { ...gone, applied };
          loaded = again;
          continue;
        }
        mine = cell;
        deadline = this.ctx.wallMillis() + leaseMs / 2;
      }

      const pass = loaded.pending.length ? await this.applyPending(loaded, todos, deadline) : { applied: 0, put: {}, remove: [], pending: 0, failure: null, after: [] };
      applied += pass.applied;
      const finishing = pass.failure !== null || pass.pending > 0 || round >= MAX_ROUNDS;
      // Progress and the lease's release in one write; the marker too when the case is done with.
      const clearing = !finishing && wantsClear;
      const release = [...pass.remove, col.lease, ...(clearing ? [col.marker, col.dirtyToken] : [])];
      const released = await this.write(caseId, pass.put, release, finishing ? null : loaded, mine);
      if (released) {
        await this.afterProgress(caseId, pass);
        if (clearing) await this.clearDirtyRow(caseId, loaded);
        if (pass.failure) return this.fail(caseId, applied, pass);
        return report(loaded, { pending: pass.pending, clean: clearing, marker: loaded.marker !== null && !clearing });
      }
      if (finishing) {
        // Only a lost lease fails that write: the drain that took it over applies what is left.
        this.ctx.log(`drain case=${caseId}: lease taken over by another drain; it goes on from here`);
        if (pass.failure) return this.fail(caseId, applied, pass);
        return report(loaded, { busy: true, pending: pass.pending });
      }
      // A change added effects while this pass ran (or the lease was lost): keep the progress, read again.
      const kept = await this.write(caseId, pass.put, pass.remove, null, mine);
      if (kept) await this.afterProgress(caseId, pass);
      const next = await this.reload(caseId);
      if (!kept || !next || next.lease !== mine) {
        this.ctx.log(`drain case=${caseId}: lease taken over by another drain; it goes on from here`);
        return report(next ?? loaded, { busy: true, exists: next !== null });
      }
      loaded = next;
      for (const [c, id] of loaded.todos) todos.ids.set(c, id);
      todos.created.clear();
      todos.finished.clear();
    }
  }

  /**
   * Runs `work` holding the case's lease, taken only if the row is still as `loaded` was read (marker token
   * and lease cell) and no live drain holds it; given back afterwards. False when it could not be taken.
   */
  async withLease(caseId: string, loaded: LoadedCase, work: () => Promise<void>): Promise<boolean> {
    if (this.ctx.wallMillis() < leaseExpiry(loaded.lease)) return false;
    const cell = `${this.ctx.wallMillis() + this.ctx.drainLeaseMs}:${this.ctx.token()}`;
    if (!(await this.write(caseId, { [col.lease]: cell }, [], loaded, loaded.lease))) return false;
    try {
      await work();
    } finally {
      await this.write(caseId, {}, [col.lease], null, cell);
    }
    return true;
  }

  /** Applies the pending effects in order until one fails or the lease's time is up. */
  private async applyPending(loaded: LoadedCase, todos: TodoState, deadline: number): Promise<Pass> {
    const snapshot = await this.ctx.snapshot();
    const skip = redundantQueueEffects(loaded.pending);
    const doneColumns: string[] = [];
    const after: (() => Promise<void>)[] = [];
    let partial: { column: string; remaining: StoredEffect[]; total: number } | null = null;
    let applied = 0;
    let failure: unknown = null;
    let pending = 0;
    outer: for (const [ci, { column, effects }] of loaded.pending.entries()) {
      for (let i = 0; i < effects.length; i++) {
        if (this.ctx.wallMillis() > deadline) {
          partial = { column, remaining: effects.slice(i), total: effects.length };
        } else {
          try {
            if (!skip.has(effects[i].id)) await this.apply(effects[i], snapshot.directory, todos, after);
            applied++;
            continue;
          } catch (err) {
            failure = err;
            partial = { column, remaining: effects.slice(i), total: effects.length };
          }
        }
        pending = effects.length - i + loaded.pending.slice(ci + 1).reduce((n, p) => n + p.effects.length, 0);
        break outer;
      }
      doneColumns.push(column);
    }
    const put: Record<string, CellValue> = {};
    for (const [c, id] of todos.created) if (!todos.finished.has(c)) put[c] = id;
    if (partial && partial.remaining.length < partial.total) put[partial.column] = pack(partial.remaining);
    const remove = [...doneColumns, ...[...todos.finished].filter((c) => loaded.todos.has(c))];
    return { applied, put, remove, pending, failure, after };
  }

  /**
   * One conditional write of the case row: the lease cell must be `lease` (null: absent) and, when `asRead`
   * is given, the marker token as read. False when the condition failed (nothing was written).
   */
  private async write(caseId: string, put: Record<string, CellValue>, remove: readonly string[], asRead: LoadedCase | null, lease: string | null): Promise<boolean> {
    const expect = [{ column: col.lease, value: lease }, ...(asRead ? [{ column: col.marker, value: asRead.marker }] : [])];
    try {
      await this.ctx.cases.update(caseId, put, remove, rowCondition('exist', expect));
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
    return true;
  }

  private async reload(caseId: string): Promise<LoadedCase | null> {
    return this.access.load(caseId, ranges.effects);
  }

  private async afterProgress(caseId: string, pass: Pass): Promise<void> {
    for (const cleanUp of pass.after) {
      await cleanUp().catch((err: unknown) => this.ctx.log(`drain case=${caseId}: marker clean-up failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  private fail(caseId: string, applied: number, pass: Pass): never {
    const failure = pass.failure;
    this.ctx.log(`drain case=${caseId}: ${applied} applied, ${pass.pending} pending: ${failure instanceof Error ? failure.message : String(failure)}`);
    throw failure;
  }

  /**
   * Removes the marker cells — with the drain's progress (`put`, `remove`) when given — if the row is still
   * as read (no change added effects meanwhile: every such change rotates the marker) and no drain holds the
   * lease. False otherwise, and then nothing was written.
   */
  async clearMarker(caseId: string, loaded: LoadedCase, put: Record<string, CellValue> = {}, remove: readonly string[] = []): Promise<boolean> {
    return this.write(caseId, put, [...remove, col.marker, col.dirtyToken], loaded, loaded.lease);
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
          bundleId: '', bundleName: '', itemId: parseSubTaskRef(e.entry.ref).itemId, itemName: '', department: '', district: '',
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
