/**
 * drainCase: applies a case's pending effects — queue rows, 工作通知, 待办, archive and case index rows,
 * audit records, on-time counters — in the order their transitions happened (per sub-task, by version). Each
 * effect's own write is idempotent (a put of the same row, a delete, a platform call carrying the effect's
 * stable id). Progress is recorded in the case row in one write at the end — or, when an effect fails,
 * before the error is passed on — so a run interrupted by a failing call repeats nothing that succeeded.
 * (A process killed between a platform call and that write repeats the call once, with the same id.)
 */
import { findStaff, type Directory, type Staff } from '../core/directory.js';
import type { Recipient } from '../core/effects.js';
import { parseSubTaskRef } from '../core/queue.js';
import type { LoadedCase, StoredEffect } from '../store/caseRecord.js';
import { TodoLedger, type DrainLease, type DrainProgress } from '../store/caseStore.js';
import { doneKey, doneMarker } from '../store/counters.js';
import { StatsRows, statsMarker } from '../store/statsRows.js';
import type { ServiceContext } from './context.js';
import type { DrainReport } from './types.js';

const ENDED_STATES: ReadonlySet<string> = new Set(['completed', 'closed', 'withdrawn']);

function recipientsOf(to: Recipient, dir: Directory): Staff[] {
  // a disabled person (停用) is sent nothing
  if ('staff' in to) {
    const s = findStaff(dir, to.staff);
    return s && !s.disabled ? [s] : [];
  }
  const active = dir.staff.filter((s) => !s.disabled);
  if ('department' in to) return active.filter((s) => s.department === to.department && s.roles.some((r) => to.roles.includes(r)));
  return active.filter((s) => s.district === to.district && s.roles.some((r) => to.roles.includes(r)));
}

/**
 * Queue effects of one run netted per row: only the last put/delete of a row is applied — none when the row
 * is first put and finally deleted within the run (it did not exist before and must not after). The core's
 * queue diffs only put rows that are absent and delete rows that are present, so the result is the same.
 */
function redundantQueueEffects(pending: readonly { effects: readonly StoredEffect[] }[]): Set<string> {
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

/** Re-reads by one drain when changes keep adding effects while it runs; what is left waits for the next kick. */
const MAX_ROUNDS = 8;
/**
 * How a drain that finds the lease taken waits for it (ms between reads): long enough for a holder's usual
 * run, short enough not to tie up a function instance. Then it reports `busy`, and FC retries the event.
 */
const WAIT_MS = [25, 50, 100, 200];

/** The least a drain inside a request waits for one effect, however little of its budget is left. */
const MIN_WAIT_MS = 250;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const pendingCount = (l: LoadedCase) => l.pending.reduce((n, p) => n + p.effects.length, 0);

type Report = DrainReport & { exists: boolean; marker: boolean; busy: boolean };

/**
 * A lease taken with the change by this process, the wall-clock time its drain hands the rest to the dispatcher,
 * and the row's effects range as the change left it (null: read it).
 */
export interface HeldLease {
  lease: DrainLease;
  stopAt: number;
  view: LoadedCase | null;
}

/** What one pass over the pending effects did. */
interface Pass {
  applied: number;
  /** What the store records: transitions done, the rest of the one it stopped in, to-dos. */
  progress: DrainProgress;
  /** Effects left (a failure or the lease's time stopped the pass). */
  pending: number;
  failure: unknown;
  after: (() => Promise<void>)[];
}

/**
 * Drains run one at a time per case. FC delivers async events at least once and runs several at a time, so
 * drains of one case overlap; their queue-row puts and deletes (and to-do creations and completions) only
 * converge when applied in transition order by one writer. A drain therefore takes the case's lease
 * (`cases.takeLease`: only if the row still shows the marker token it read — so the effects it read are
 * still exactly the pending ones) and gives it back with its progress (`cases.releaseLease`, again only if
 * nothing changed): when a change added effects meanwhile (every such change rotates the marker), the holder
 * records its progress keeping the lease (`cases.recordProgress`), reads again and goes on. A drain that
 * finds the lease taken waits for it briefly (re-reading) and then drains what is left; if it is still taken
 * it reports `busy` with the pending count, so FC retries the event later. A holder that dies leaves the
 * lease to expire (the context's `drainLeaseMs`); then a retry, the next kick or the timer's sweep takes it
 * over. The cells and conditions are the store's (store/caseStore.ts).
 */
export class Drainer {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Drains one case. `clearMarker`: 'ended' removes the dirty marker when nothing is pending and the case
   * has ended; 'clean' whenever nothing is pending (the sweep). Throws the first effect failure after
   * recording progress.
   */
  async drain(caseId: string, clearMarker: 'ended' | 'clean' = 'ended', held: HeldLease | null = null): Promise<Report> {
    const rows = this.ctx.cases;
    // A change's own drain knows the row as its write left it; a read would return the same or a later state.
    let loaded = held?.view ?? (await rows.load(caseId, 'effects'));
    if (!loaded) return { caseId, applied: 0, pending: 0, clean: true, exists: false, marker: false, busy: false };
    let todos = new TodoLedger(loaded);
    let lease: DrainLease | null = null;
    let applied = 0;
    let waited = 0;
    const gone: Report = { caseId, applied: 0, pending: 0, clean: true, exists: false, marker: false, busy: false };
    const report = (l: LoadedCase, extra: Partial<Report>): Report => ({
      caseId, applied, pending: 0, clean: false, exists: true, marker: l.marker !== null, busy: false, ...extra,
    });
    for (let round = 0; ; round++) {
      const ended = loaded.state !== null && ENDED_STATES.has(loaded.state);
      const wantsClear = loaded.marker !== null && (clearMarker === 'clean' || ended);
      if (lease === null && held && round === 0 && rows.holds(held.lease, loaded)) {
        // The lease this process took with the change itself (ServiceContext.settle): no write to take it.
        lease = { ...held.lease, handOverAt: Math.min(held.lease.handOverAt, held.stopAt) };
      }
      if (lease === null) {
        if (rows.leaseTaken(loaded)) {
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
          const clean = await rows.clearMarker(loaded);
          if (clean) await rows.removeDirtyRow(loaded);
          return report(loaded, { clean, marker: loaded.marker !== null && !clean });
        }
        lease = await rows.takeLease(loaded);
        if (!lease) {
          if (round >= MAX_ROUNDS) return report(loaded, { busy: true, pending: pendingCount(loaded) });
          const again = await this.reload(caseId);
          if (!again) return { ...gone, applied };
          loaded = again;
          continue;
        }
        // The to-dos' platform ids as the row held them when the lease was taken: a drain that waited for another
        // one's lease and read the row again must know the to-dos that one created (else it finishes none).
        todos = new TodoLedger(loaded);
      }

      const current: DrainLease = lease;
      const renew = async (): Promise<number | null> => {
        // A drain inside a request stops at its time budget; the dispatcher applies the rest.
        if (held && this.ctx.wallMillis() >= held.stopAt) return null;
        const renewed = await rows.renewLease(lease ?? current);
        if (renewed) lease = renewed;
        return renewed?.handOverAt ?? null;
      };
      const pass = loaded.pending.length
        ? await this.applyPending(loaded, todos, lease.handOverAt, renew, held?.stopAt ?? null)
        : { applied: 0, progress: { applied: [], stoppedIn: null, todos }, pending: 0, failure: null, after: [] };
      applied += pass.applied;
      const finishing = pass.failure !== null || pass.pending > 0 || round >= MAX_ROUNDS;
      // Progress and the lease's release in one write; the marker too when the case is done with.
      const clearing = !finishing && wantsClear;
      const released = await rows.releaseLease(lease, loaded, pass.progress, { ifUnchanged: !finishing, clearMarker: clearing });
      if (released) {
        await this.afterProgress(caseId, pass);
        if (clearing) await rows.removeDirtyRow(loaded);
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
      const kept = await rows.recordProgress(lease, loaded, pass.progress);
      if (kept) await this.afterProgress(caseId, pass);
      const next = await this.reload(caseId);
      if (!kept || !next || !rows.holds(lease, next)) {
        this.ctx.log(`drain case=${caseId}: lease taken over by another drain; it goes on from here`);
        return report(next ?? loaded, { busy: true, exists: next !== null });
      }
      loaded = next;
      todos.startPass(loaded);
    }
  }

  /**
   * Applies the pending effects in order until one fails or the lease is lost: past its hand-over time the
   * lease is renewed before the next effect (a slow platform call does not make the drain hand over).
   */
  private async applyPending(loaded: LoadedCase, todos: TodoLedger, handOverAt: number, renew: () => Promise<number | null>, stopAt: number | null): Promise<Pass> {
    let deadline = handOverAt;
    const snapshot = await this.ctx.snapshot();
    const skip = redundantQueueEffects(loaded.pending);
    const done: string[] = [];
    const after: (() => Promise<void>)[] = [];
    let stoppedIn: DrainProgress['stoppedIn'] = null;
    let applied = 0;
    let failure: unknown = null;
    let pending = 0;
    outer: for (const [ci, { transition, effects }] of loaded.pending.entries()) {
      for (let i = 0; i < effects.length; i++) {
        const renewed = this.ctx.wallMillis() > deadline ? await renew() : deadline;
        if (renewed === null) {
          stoppedIn = { transition, remaining: effects.slice(i), total: effects.length };
        } else {
          deadline = renewed;
          try {
            if (!skip.has(effects[i].id)) await this.withinBudget(this.apply(effects[i], snapshot.directory, todos, after), stopAt);
            applied++;
            continue;
          } catch (err) {
            failure = err;
            stoppedIn = { transition, remaining: effects.slice(i), total: effects.length };
          }
        }
        pending = effects.length - i + loaded.pending.slice(ci + 1).reduce((n, p) => n + p.effects.length, 0);
        break outer;
      }
      done.push(transition);
    }
    return { applied, progress: { applied: done, stoppedIn, todos }, pending, failure, after };
  }

  /**
   * A drain inside a request waits for one effect (a platform call that hangs) no longer than its budget: then
   * the effect counts as failed — the request answers, the dispatcher applies it again with the same id (the
   * platforms take a repeated id as the same notice or to-do). A dispatcher's drain waits as long as the call does.
   */
  private async withinBudget(applying: Promise<void>, stopAt: number | null): Promise<void> {
    if (stopAt === null) return applying;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the request\'s time for its effects ran out during a call; the dispatcher goes on')), Math.max(MIN_WAIT_MS, stopAt - this.ctx.wallMillis()));
    });
    applying.catch(() => undefined);
    try {
      await Promise.race([applying, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async reload(caseId: string): Promise<LoadedCase | null> {
    return this.ctx.cases.load(caseId, 'effects');
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

  private async apply(e: StoredEffect, dir: Directory, todos: TodoLedger, after: (() => Promise<void>)[]): Promise<void> {
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
      case 'caseIndex':
        await this.ctx.caseIndex.put(e.entry);
        return;
      case 'caseIndexState':
        await this.ctx.caseIndex.setState(e.district, e.day, e.caseId, e.state);
        return;
      case 'stats': {
        const key = doneKey(e.caseId);
        const marker = doneMarker(e.caseId);
        await this.ctx.counters.addOnce(key, e.counts, marker);
        after.push(() => this.ctx.counters.removeMarker(key, marker));
        return;
      }
      case 'tally': {
        // statistics rows (DESIGN: Statistics): each row once per effect, its marker removed after the progress write
        const stats = new StatsRows(this.ctx.client);
        const marker = statsMarker(e.id);
        for (const row of e.rows) await stats.addOnce(row.key, row.counts, marker);
        after.push(async () => {
          for (const row of e.rows) await stats.removeMarker(row.key, marker);
        });
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
        todos.created(e.todoId, platformId);
        return;
      }
      case 'finishTodo': {
        const assignee = findStaff(dir, e.assignee);
        if (notifier && assignee) {
          await notifier.finishTodo({ id: e.id, todoId: e.todoId, caseId: e.caseId, itemId: e.itemId, assignee, platformId: todos.platformId(e.todoId) });
        }
        todos.finished(e.todoId);
        return;
      }
      default:
        // Effects inside the case are applied with the change that caused them (caseWork.ts); never stored.
        this.ctx.log(`drain: unexpected stored effect ${e.kind} ${e.id}`);
    }
  }
}
