/**
 * The case row as the service works with it: a domain view read back (`LoadedCase`, by a named read) and a
 * domain change written (`CaseChange`: sub-tasks, the case, subjects, timeline events, pending effects, the
 * audit chain head, signatures, files, the intake). The cells (caseRecord.ts `col`, layout in cases.ts),
 * the conditions that make every write safe, the dirty-marker protocol and the drain lease are this
 * module's alone; the service never names a cell.
 *
 * Conditions. A change expects what it read: the version of every sub-task it writes, the case version when
 * it writes the case, the audit chain head when it advances it, the marker token when it stores effects. A
 * failed condition (OTSConditionCheckFail) is a conflict: the caller re-reads and rebuilds the change.
 *
 * Dirty-marker protocol (DESIGN: effects):
 * - a change that stores pending effects needs a marker in `dirty`: when the row shows none (`xm` absent)
 *   the marker is written FIRST, then the change (expecting `xm` still absent); otherwise the change expects
 *   the `xm` token it read. Either way it writes a fresh `xm` token, so a sweep that read the row before
 *   cannot clear the marker afterwards (its clear expects the old token).
 * - `xd` is the token of the dirty row itself (set with the marker, never rotated): the sweep removes the
 *   dirty row only if it still holds that token, so a marker re-created meanwhile survives.
 *
 * Drain lease (service/drain.ts runs the drain; functions/service/README.md "One drain at a time"):
 * - `xl` = "<expiry ms>:<token>" while one drain applies the case's effects ("0:<token>" once given back, never
 *   removed: see releasedLease). It is taken by a conditional
 *   write expecting the `xm` token and the lease cell as read (absent or expired), so the effects the drain
 *   read are exactly the pending ones; every later write of the holder expects the lease cell it wrote.
 * - progress (effect groups applied, the rest of a group a pass stopped in, to-dos created and finished) is
 *   recorded with the lease's release — expecting `xm` again when nothing may have been added meanwhile —
 *   or, keeping the lease, when a change added effects while the pass ran.
 * - the lease uses the wall clock, never the business clock.
 */
import { CASE_ID_PATTERN, type CaseRecord } from '../core/case.js';
import type { TimelineEvent } from '../core/events.js';
import type { SubTask } from '../core/subtask.js';
import type { ChainHead } from './audit.js';
import {
  CaseCodec,
  col,
  pack,
  ranges,
  type FileRecord,
  type IntakeRecord,
  type LoadedCase,
  type SignatureEntry,
  type StoredEffect,
  type SubjectHash,
} from './caseRecord.js';
import { CaseRows, type ColumnSelection } from './cases.js';
import { isConditionFailed, type CellValue, type OtsClient } from './client.js';
import type { DirtyMarkers } from './dirty.js';
import { EffectMarker, LeaseCell, newToken, type DrainLease } from './effectMarker.js';
import { ReadViews, type ChangeLease } from './readViews.js';
import type { PiiCipher } from './pii.js';
import { long, rowCondition, type ColumnExpectation } from './rowOps.js';

/**
 * A given-back lease: expired at once, with a fresh token. Never the absent cell: a drain that read the row
 * before another drain took AND gave back the lease would otherwise take it on that stale read (the cell absent
 * both times) and apply effects already applied — queue rows put back, to-dos finished without their platform
 * ids (seen in the concurrency scenario). Every take expects the cell exactly as read.
 */
function releasedLease(): string {
  return `0:${newToken()}`;
}

/** How long a drain holds a case's lease by default; past half of it the holder renews it before its next effect. */
export const DEFAULT_LEASE_MS = 30_000;

/** What a read returns, named by what it is for (the store maps each to the cells it needs). */
export type CaseRead =
  /** Case, subjects, versions, audit head, sub-tasks, files, pending effects, marker, to-dos, state: views and changes of any sub-task. */
  | 'work'
  /** What a drain needs: pending effects, marker, lease, to-dos, case state. */
  | 'effects'
  /** The sign-offs' Ed25519 signatures. */
  | 'signatures'
  /** The timeline events. */
  | 'timeline'
  /** The case and its audit chain head (verifying the trail). */
  | 'auditChain'
  /** The case and what appending access records compares (chain head, marker). */
  | 'auditAppend'
  /** The case, its subjects, one sub-task and what a change of that sub-task compares. */
  | { change: string }
  /** The case, one sub-task and its uploaded files (with the case's subjects when asked). */
  | { subTask: string; subjects?: boolean }
  /** Some sub-tasks only (e.g. the producers of a sub-task's received materials). */
  | { subTasks: readonly string[] };

function selectionOf(read: CaseRead): ColumnSelection {
  switch (read) {
    case 'work':
      return ranges.work;
    case 'effects':
      return ranges.effects;
    case 'signatures':
      return ranges.signatures;
    case 'timeline':
      return ranges.events;
    case 'auditChain':
      return { names: [col.case, col.head] };
    case 'auditAppend':
      return { names: [col.case, col.head, col.marker, col.lease] };
  }
  if ('subTasks' in read) return { names: read.subTasks.flatMap((id) => [col.subTask(id), col.version(id)]) };
  if ('change' in read) return { names: [col.case, col.subjects, col.caseVersion, col.head, col.marker, col.lease, col.subTask(read.change), col.version(read.change)] };
  const id = read.subTask;
  return { names: [col.case, ...(read.subjects ? [col.subjects] : []), col.subTask(id), col.version(id), col.files(id)] };
}

/** One change of a case, in domain terms; written as ONE conditional write of the case row. */
export interface CaseChange {
  /** Field keys whose values are encrypted at rest (core encryptedFieldKeys of the case's bundle). */
  encryptedKeys: ReadonlySet<string>;
  /** Sub-tasks changed: each write expects the version the view read (none read: the sub-task absent). */
  subTasks?: readonly SubTask[];
  /** The case record, when it changed: expects the case version the view read. */
  case?: CaseRecord;
  /** The case's subjects, when they changed. */
  subjects?: readonly SubjectHash[];
  /** The change's timeline events, stored together under its first transition. */
  events?: { transition: string; events: readonly TimelineEvent[] };
  /** Pending effects per transition (drained in transition order). */
  effects?: readonly { transition: string; effects: readonly StoredEffect[] }[];
  /** The audit chain's new head: expects the head the view read. */
  auditHead?: ChainHead;
  /** Ed25519 signatures of sign-offs: the sub-task, the number of its signatures with this one, the entry. */
  signatures?: readonly { itemId: string; count: number; entry: SignatureEntry }[];
}

export type { DrainLease } from './effectMarker.js';
export type { ChangeLease } from './readViews.js';

/**
 * The to-dos a drain knows across its passes: the platform ids in the row as read, plus the ones it created;
 * and what the current pass created and finished (recorded with its progress).
 */
export class TodoLedger {
  private readonly ids = new Map<string, string>();
  private readonly createdNow = new Map<string, string>();
  private readonly finishedNow = new Set<string>();

  constructor(loaded: LoadedCase) {
    this.startPass(loaded);
  }

  /** A new pass over a fresh read: the row's to-dos are known, nothing created or finished yet. */
  startPass(loaded: LoadedCase): void {
    for (const [c, id] of loaded.todos) this.ids.set(c, id);
    this.createdNow.clear();
    this.finishedNow.clear();
  }

  /** The platform id of a to-do (null: never created on a platform). */
  platformId(todoId: string): string | null {
    return this.ids.get(col.todo(todoId)) ?? null;
  }

  created(todoId: string, platformId: string): void {
    this.ids.set(col.todo(todoId), platformId);
    this.createdNow.set(col.todo(todoId), platformId);
  }

  finished(todoId: string): void {
    this.finishedNow.add(col.todo(todoId));
  }

  /** The pass's to-do cells: created and not finished are put; finished ones the row held are removed. */
  cells(loaded: LoadedCase): { put: Record<string, CellValue>; remove: string[] } {
    const put: Record<string, CellValue> = {};
    for (const [c, id] of this.createdNow) if (!this.finishedNow.has(c)) put[c] = id;
    return { put, remove: [...this.finishedNow].filter((c) => loaded.todos.has(c)) };
  }
}

/** What one pass of a drain did. */
export interface DrainProgress {
  /** Transitions whose effects were all applied. */
  applied: readonly string[];
  /** The transition a pass stopped in, with the effects left of its `total` (recorded when some were applied). */
  stoppedIn: { transition: string; remaining: readonly StoredEffect[]; total: number } | null;
  todos: TodoLedger;
}

export interface CaseStoreOptions {
  cipher: PiiCipher;
  dirty: DirtyMarkers;
  /** The business clock (ISO instant): the time a dirty marker was written. */
  now(): string;
  /** Wall-clock milliseconds, for the lease. */
  wallMillis(): number;
  /** How long a drain holds the lease (DEFAULT_LEASE_MS). */
  leaseMs: number;
}

export class CaseStore {
  private readonly rows: CaseRows;
  private readonly codec: CaseCodec;
  /** The dirty-marker cells, shared with the work orders' rows (effectMarker.ts). */
  private readonly marker: EffectMarker;
  /** The drain-lease cell, shared with the work orders' rows (effectMarker.ts). */
  private readonly leases: LeaseCell;
  /** What each view's read saw of the lease and the effects range (readViews.ts). */
  private readonly views: ReadViews;

  constructor(
    client: OtsClient,
    private readonly options: CaseStoreOptions,
  ) {
    this.rows = new CaseRows(client);
    this.codec = new CaseCodec(options.cipher);
    this.marker = new EffectMarker(options.dirty, () => options.now());
    this.leases = new LeaseCell(() => options.wallMillis(), options.leaseMs);
    this.views = new ReadViews(options.cipher);
  }

  /** The case as `read` selects it; null when there is no such case (or the id cannot name one). */
  async load(caseId: string, read: CaseRead): Promise<LoadedCase | null> {
    if (!CASE_ID_PATTERN.test(caseId)) return null;
    const selection = selectionOf(read);
    const cells = await this.rows.read(caseId, selection);
    if (!cells) return null;
    const loaded = this.codec.decode(caseId, cells);
    this.views.remember(loaded, selection, cells);
    return loaded;
  }

  /** The view of a case not stored yet (what create expects). */
  blank(caseId: string, record: CaseRecord): LoadedCase {
    return {
      caseId, record, caseVersion: 0, subjects: [], head: null, headCell: null, subTasks: new Map(), files: [], fileCells: new Map(), marker: null,
      dirtyToken: null, lease: null, state: null, pending: [], todos: new Map(), signatures: new Map(), events: [], intake: null,
    };
  }

  /** The cells of a change and the expectations that make its write conditional on `loaded`. */
  private cellsOf(loaded: LoadedCase, change: CaseChange): { put: Record<string, CellValue>; expect: ColumnExpectation[] } {
    const put: Record<string, CellValue> = {};
    const expect: ColumnExpectation[] = [];
    for (const s of change.signatures ?? []) put[col.signature(s.itemId, s.count)] = JSON.stringify(s.entry);
    if (change.auditHead) {
      put[col.head] = JSON.stringify(change.auditHead);
      expect.push({ column: col.head, value: loaded.headCell });
    }
    for (const st of change.subTasks ?? []) {
      put[col.subTask(st.itemId)] = this.codec.sealSubTask(st, change.encryptedKeys);
      put[col.version(st.itemId)] = long(st.version);
      const read = loaded.subTasks.get(st.itemId)?.version;
      expect.push({ column: col.version(st.itemId), value: read === undefined ? null : long(read) });
    }
    if (change.case) {
      put[col.case] = pack(change.case);
      put[col.caseVersion] = long(change.case.version);
      put[col.state] = change.case.state;
      expect.push({ column: col.caseVersion, value: long(loaded.caseVersion) });
    }
    if (change.subjects) put[col.subjects] = JSON.stringify(change.subjects);
    // The timeline events of one change go to one cell (keyed by its first transition): fewer column names
    // and one deflate stream per write. Readers take every z_ cell and sort (caseRecord.ts decode).
    if (change.events) put[col.events(change.events.transition)] = pack(change.events.events);
    for (const { transition, effects } of change.effects ?? []) put[col.effects(transition)] = pack(effects);
    return { put, expect };
  }

  /**
   * Writes a change of an existing case, conditional on what `loaded` read (see the protocol above). With
   * `takeLease`, a change that stores effects also takes the drain lease in the same write when no live drain
   * holds it (expecting the lease cell as read) and returns it: the caller drains at once (ServiceContext.settle)
   * and saves the lease's own write. Null when no lease was taken.
   */
  async commit(loaded: LoadedCase, change: CaseChange, opts: { takeLease?: boolean } = {}): Promise<ChangeLease | null> {
    const { put, expect } = this.cellsOf(loaded, change);
    const effects = (change.effects ?? []).length > 0;
    if (effects) await this.marker.forChange(loaded.caseId, loaded.marker, put, expect);
    const leaseAsRead = this.views.leaseAsRead(loaded);
    const lease = effects && opts.takeLease && leaseAsRead !== undefined ? this.leases.withChange(loaded.caseId, leaseAsRead, put, expect) : null;
    await this.rows.update(loaded.caseId, put, [], rowCondition('exist', expect));
    return lease && this.views.after(lease, loaded, put);
  }

  /**
   * Creates a case (its view from `blank`) with its intake: marker first, then the row, expecting none.
   * Fails with OTSConditionCheckFail when the case exists.
   */
  async create(blank: LoadedCase, change: CaseChange, intake: IntakeRecord, opts: { takeLease?: boolean } = {}): Promise<ChangeLease | null> {
    const { put } = this.cellsOf(blank, change);
    put[col.intake] = this.codec.sealIntake(intake, change.encryptedKeys);
    await this.marker.forNewRow(blank.caseId, put);
    const lease = opts.takeLease && (change.effects ?? []).length > 0 ? this.leases.fresh(blank.caseId) : null;
    if (lease) put[col.lease] = lease.cell;
    await this.rows.create(blank.caseId, put, rowCondition('notExist'));
    return lease && this.views.afterCreate(lease, put);
  }

  /**
   * Replaces the files uploaded to a sub-task, conditional on the list as `loaded` read it and on the
   * sub-task's version: a file never lands on a sub-task that moved meanwhile.
   */
  async replaceFiles(loaded: LoadedCase, itemId: string, files: readonly FileRecord[]): Promise<void> {
    const st = loaded.subTasks.get(itemId);
    if (!st) throw new Error(`case ${loaded.caseId}: sub-task ${itemId} not loaded`);
    await this.rows.update(loaded.caseId, { [col.files(itemId)]: JSON.stringify(files) }, [], rowCondition('exist', [
      { column: col.files(itemId), value: loaded.fileCells.get(itemId) ?? null },
      { column: col.version(itemId), value: long(st.version) },
    ]));
  }

  /** Forgets a transition's pending effects that the caller applied itself (unconditionally: idempotent). */
  async dropAppliedEffects(caseId: string, transition: string): Promise<void> {
    await this.rows.update(caseId, {}, [col.effects(transition)], rowCondition('ignore'));
  }

  // --- the drain lease --------------------------------------------------------------------------------

  /** Whether a live drain holds the case's lease (as `loaded` read it). */
  leaseTaken(loaded: LoadedCase): boolean {
    return this.leases.taken(loaded.lease);
  }

  /** Whether the row as `loaded` read it still shows `lease`. */
  holds(lease: DrainLease, loaded: LoadedCase): boolean {
    return loaded.lease === lease.cell;
  }

  /**
   * Takes the lease if the row is still as `loaded` read it: the same marker token (so its pending effects
   * are exactly the ones read) and the same lease cell. Null when that condition failed. Callers check
   * leaseTaken first: a live lease is never taken over.
   */
  async takeLease(loaded: LoadedCase): Promise<DrainLease | null> {
    const lease = this.leases.fresh(loaded.caseId);
    return (await this.write(loaded.caseId, { [col.lease]: lease.cell }, [], loaded, loaded.lease)) ? lease : null;
  }

  /**
   * Extends a lease its holder still holds (a slow drain past its hand-over time, e.g. a platform call that
   * took long): a new cell with a new expiry, expecting the old one. Null when the lease was lost.
   */
  async renewLease(lease: DrainLease): Promise<DrainLease | null> {
    const renewed = this.leases.fresh(lease.caseId);
    return (await this.write(lease.caseId, { [col.lease]: renewed.cell }, [], null, lease.cell)) ? renewed : null;
  }

  /**
   * Records a pass's progress and gives the lease back, in one write expecting the lease — and, with
   * `ifUnchanged`, the marker token as `loaded` read it (no change added effects meanwhile). With
   * `clearMarker` the marker cells go too (the case is done with). False when the condition failed.
   */
  async releaseLease(lease: DrainLease, loaded: LoadedCase, progress: DrainProgress, opts: { ifUnchanged: boolean; clearMarker: boolean }): Promise<boolean> {
    const { put, remove } = this.progressCells(loaded, progress);
    const release = [...remove, ...(opts.clearMarker ? [col.marker, col.dirtyToken] : [])];
    return this.write(lease.caseId, { ...put, [col.lease]: releasedLease() }, release, opts.ifUnchanged ? loaded : null, lease.cell);
  }

  /** Records a pass's progress keeping the lease (a change added effects meanwhile). False when the lease was lost. */
  async recordProgress(lease: DrainLease, loaded: LoadedCase, progress: DrainProgress): Promise<boolean> {
    const { put, remove } = this.progressCells(loaded, progress);
    return this.write(lease.caseId, put, remove, null, lease.cell);
  }

  /**
   * Removes the marker cells of a case with nothing pending, if the row is still as read (no change added
   * effects meanwhile: every such change rotates the marker) and no drain holds the lease. False otherwise,
   * and then nothing was written.
   */
  async clearMarker(loaded: LoadedCase): Promise<boolean> {
    return this.write(loaded.caseId, {}, [col.marker, col.dirtyToken], loaded, loaded.lease);
  }

  /** The `dirty` row goes once the case row shows no marker (conditional on its token: a new marker survives). */
  async removeDirtyRow(loaded: LoadedCase): Promise<void> {
    if (loaded.dirtyToken) await this.options.dirty.clear(loaded.caseId, loaded.dirtyToken);
  }

  /**
   * Runs `work` holding the case's lease, taken only if the row is still as `loaded` was read (marker token
   * and lease cell) and no live drain holds it; given back afterwards. False when it could not be taken.
   */
  async whileLeased(loaded: LoadedCase, work: () => Promise<void>): Promise<boolean> {
    if (this.leaseTaken(loaded)) return false;
    const lease = await this.takeLease(loaded);
    if (!lease) return false;
    try {
      await work();
    } finally {
      await this.write(lease.caseId, { [col.lease]: releasedLease() }, [], null, lease.cell);
    }
    return true;
  }

  private progressCells(loaded: LoadedCase, progress: DrainProgress): { put: Record<string, CellValue>; remove: string[] } {
    const todos = progress.todos.cells(loaded);
    const put = todos.put;
    const s = progress.stoppedIn;
    if (s && s.remaining.length < s.total) put[col.effects(s.transition)] = pack(s.remaining);
    return { put, remove: [...progress.applied.map((t) => col.effects(t)), ...todos.remove] };
  }

  /**
   * One conditional write of the case row: the lease cell must be `lease` (null: absent) and, when `asRead`
   * is given, the marker token as read. False when the condition failed (nothing was written).
   */
  private async write(caseId: string, put: Record<string, CellValue>, remove: readonly string[], asRead: LoadedCase | null, lease: string | null): Promise<boolean> {
    const expect: ColumnExpectation[] = [{ column: col.lease, value: lease }, ...(asRead ? [{ column: col.marker, value: asRead.marker }] : [])];
    try {
      await this.rows.update(caseId, put, remove, rowCondition('exist', expect));
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
    return true;
  }
}
