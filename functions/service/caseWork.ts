/**
 * One change of a case, built in memory and written as ONE conditional write of the case row.
 *
 * A transition's effects inside the case — shares of the issued materials to the sub-tasks that declared
 * them, releases, cancellations, case completion — are applied here at once with the core's own functions
 * (dispatch.actionForEffect → transitionSubTask / completeCase, as a system actor), so the sign-off, the
 * shares it causes and the case completion commit together or not at all. Effects outside the case row
 * (queue rows, 工作通知, 待办, archive index rows, audit records, counters) are stored with the change as
 * pending effects, keyed by the transition, and applied later by drainCase.
 */
import { type Actor, actorRef, systemActor } from '../core/actor.js';
import { type Bundle, findItem } from '../core/bundle.js';
import { type CaseRecord, caseInfoOf, completeCase, type CaseResult, listedSubject, type SubjectId, subjectIds } from '../core/case.js';
import { maskName, normalizeName, type SubjectName } from '../core/caseSearch.js';
import { clockDue } from '../core/clock.js';
import { actionForEffect } from '../core/dispatch.js';
import type { Effect } from '../core/effects.js';
import { isDomainError } from '../core/errors.js';
import type { TimelineEvent } from '../core/events.js';
import { materialsIssuedBy, type Attachment } from '../core/materials.js';
import { parseSubTaskRef } from '../core/queue.js';
import { type SubTask, type SubTaskContext, type SubTaskResult, transitionSubTask } from '../core/subtask.js';
import { tallyEvents } from '../core/tally.js';
import { shanghaiDate } from '../core/time.js';
import { type AuditDraft, EMPTY_HEAD, linkRecords } from '../store/audit.js';
import { type FileRecord, type LoadedCase, type SignatureEntry, type StoredEffect, type SubjectHash, transitionKey } from '../store/caseRecord.js';
import type { CaseChange } from '../store/caseStore.js';
import type { PiiCipher } from '../store/pii.js';
import { columnPart } from '../store/counters.js';
import { statsRowKey } from '../store/statsRows.js';
import type { QueueMeta } from '../store/queues.js';
import type { Snapshot } from './context.js';

const INTERNAL: ReadonlySet<Effect['kind']> = new Set(['shareMaterial', 'releaseSubTask', 'cancelSubTask', 'completeCase']);

const dispatcherActor = systemActor('dispatcher');

/** A cascade needs a sub-task that was not read: read the whole case and build the change again. */
export class NeedsFullRead extends Error {
  constructor() {
    super('the change reaches sub-tasks that were not read');
    this.name = 'NeedsFullRead';
  }
}

/** The day a case is listed under in `caseIndex`: its acceptance day in Asia/Shanghai, yyyymmdd. */
const indexDay = (record: CaseRecord): string => shanghaiDate(record.acceptedAt).replaceAll('-', '');

function queueSubjectLabel(record: CaseRecord): string {
  const s = record.subjects[0];
  return s ? `${s.label} ${s.name ?? s.maskedId ?? ''}`.trim() : record.bundleName;
}

export function queueMetaOf(st: SubTask, record: CaseRecord, bundle: Bundle): QueueMeta {
  const item = findItem(bundle, st.itemId);
  return {
    bundleId: `${bundle.id}@${bundle.version}`,
    bundleName: bundle.name,
    itemId: st.itemId,
    itemName: item?.name ?? st.itemId,
    department: st.department,
    district: st.district,
    state: st.state,
    assignee: st.assignee,
    subject: queueSubjectLabel(record),
    warnDays: item?.warnRemainingDays ?? 0,
  };
}

export class CaseWork {
  record: CaseRecord;
  readonly subTasks: Map<string, SubTask>;
  subjects: SubjectHash[];
  private readonly touched = new Set<string>();
  private caseTouched = false;
  private subjectsChanged = false;
  private readonly events = new Map<string, TimelineEvent[]>();
  private readonly effects = new Map<string, StoredEffect[]>();
  private readonly audits: { key: string; draft: AuditDraft }[] = [];
  private readonly internal: { effect: Effect }[] = [];
  private readonly signatures: { itemId: string; count: number; entry: SignatureEntry }[] = [];
  private storeEffectSeq = 0;

  constructor(
    private readonly loaded: LoadedCase,
    readonly bundle: Bundle,
    private readonly snapshot: Snapshot,
    private readonly now: string,
    /** Who caused the change (named in the audit records of the shares it causes). */
    private readonly initiator: Actor,
    private readonly cipher: PiiCipher,
    /** True when only some sub-tasks were read. */
    private readonly partial: boolean,
  ) {
    if (!loaded.record) throw new Error(`case ${loaded.caseId} not loaded`);
    this.record = loaded.record;
    this.subTasks = new Map(loaded.subTasks);
    this.subjects = [...loaded.subjects];
  }

  ctx(itemId: string): SubTaskContext {
    const item = findItem(this.bundle, itemId);
    if (!item) throw new Error(`bundle ${this.bundle.id} has no item ${itemId}`);
    return { bundle: this.bundle, item, directory: this.snapshot.directory, calendar: this.snapshot.calendar, caseInfo: caseInfoOf(this.record) };
  }

  get changed(): boolean {
    return this.touched.size > 0 || this.caseTouched;
  }

  /** The Ed25519 signature of a sign-off, stored with the change (`count`: the sub-task's signatures with it). */
  addSignature(itemId: string, count: number, entry: SignatureEntry): void {
    this.signatures.push({ itemId, count, entry });
  }

  private storeEffectId(key: string, kind: string): string {
    this.storeEffectSeq += 1;
    return `${this.record.id}/${key}/${kind}/${this.storeEffectSeq}`;
  }

  private addEffects(key: string, list: readonly Effect[], st: SubTask | null): void {
    const bucket = this.effects.get(key) ?? [];
    for (const e of list) {
      if (INTERNAL.has(e.kind)) this.internal.push({ effect: e });
      else if (e.kind === 'enqueue') {
        const owner = st ?? this.subTasks.get(parseSubTaskRef(e.entry.ref).itemId) ?? null;
        bucket.push(owner ? { ...e, meta: queueMetaOf(owner, this.record, this.bundle) } : e);
      } else bucket.push(e);
    }
    if (bucket.length) this.effects.set(key, bucket);
  }

  private addEvents(key: string, list: readonly TimelineEvent[]): void {
    if (list.length === 0) return;
    this.events.set(key, [...(this.events.get(key) ?? []), ...list]);
  }

  /** Records a sub-task transition and queues its effects. */
  applySubTask(result: SubTaskResult): void {
    if (!result.changed) return;
    const before = this.subTasks.get(result.subTask.itemId);
    const st = result.subTask;
    this.subTasks.set(st.itemId, st);
    this.touched.add(st.itemId);
    const key = transitionKey.subTask(st.itemId, st.version);
    this.addEvents(key, result.events);
    this.addEffects(key, result.effects, st);
    if (before && before.state !== 'done' && st.state === 'done') this.onDone(st, key);
  }

  applyCase(result: CaseResult): void {
    if (!result.changed) return;
    const ending = this.record.state === 'accepted' && (result.case.state === 'completed' || result.case.state === 'closed');
    const stateChanged = this.record.state !== result.case.state;
    this.record = result.case;
    this.caseTouched = true;
    const key = transitionKey.case(result.case.version);
    this.addEvents(key, result.events);
    this.addEffects(key, result.effects, null);
    if (ending) this.countSignedSubTasks(key);
    if (stateChanged) {
      const r = this.record;
      this.addStoreEffect(key, {
        id: this.storeEffectId(key, 'caseIndexState'), kind: 'caseIndexState',
        district: r.acceptingDistrict, day: indexDay(r), caseId: r.id, state: r.state,
      });
    }
  }

  /** The case's 办件查询 rows, at acceptance: the case row and a pointer per name (keyed hash, never the name). */
  indexCase(key: string, names: readonly SubjectName[]): void {
    const r = this.record;
    this.addStoreEffect(key, {
      id: this.storeEffectId(key, 'caseIndex'),
      kind: 'caseIndex',
      entry: {
        district: r.acceptingDistrict, day: indexDay(r), caseId: r.id, state: r.state, bundleName: r.bundleName, acceptedAt: r.acceptedAt,
        maskedNames: names.map((n) => (n.shown ? n.name : maskName(n.name))),
        ...(r.servicePoint ? { servicePoint: r.servicePoint.department } : {}),
        names: names.map((n) => ({ role: n.role, hash: this.cipher.nameHash(normalizeName(n.name)) })),
      },
    });
  }

  /** On-time / late counts of the case's signed sub-tasks (due date of the clock vs the day it was signed). */
  private countSignedSubTasks(key: string): void {
    const counts: Record<string, number> = {};
    for (const st of this.subTasks.values()) {
      if (st.state !== 'done') continue;
      const due = clockDue(st.clock, this.snapshot.calendar);
      const signedAt = st.signatures[st.signatures.length - 1]?.at ?? this.now;
      const column = `${due === null || shanghaiDate(signedAt) <= due.date ? 'ok' : 'late'}_${columnPart(st.department)}`;
      counts[column] = (counts[column] ?? 0) + 1;
    }
    if (Object.keys(counts).length) this.addStoreEffect(key, { id: this.storeEffectId(key, 'stats'), kind: 'stats', caseId: this.record.id, counts });
  }

  /** Statistics of the change's events (core tally.ts), one effect stored with its first transition (DESIGN: Statistics). */
  private tally(key: string, events: readonly TimelineEvent[]): void {
    const rows = tallyEvents(events, this.record, (itemId) => this.subTasks.get(itemId), this.snapshot.calendar);
    if (rows.length === 0) return;
    const byKey = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const k = statsRowKey(r.district, r.day, this.record.id);
      const counts = byKey.get(k) ?? {};
      for (const [c, n] of Object.entries(r.counts)) counts[c] = (counts[c] ?? 0) + n;
      byKey.set(k, counts);
    }
    this.addStoreEffect(key, { id: this.storeEffectId(key, 'tally'), kind: 'tally', rows: [...byKey].map(([k, counts]) => ({ key: k, counts })) });
  }

  /** A store effect stored with the transition `key`. */
  addStoreEffect(key: string, effect: StoredEffect): void {
    this.effects.set(key, [...(this.effects.get(key) ?? []), effect]);
  }

  audit(key: string, draft: AuditDraft): void {
    this.audits.push({ key, draft });
  }

  /** Archive rows and subject hashes for the subjects' numbers now known (form at acceptance, outputs later). */
  indexSubjects(key: string, ids: SubjectId[]): void {
    for (const s of ids) {
      const hash = this.cipher.subjectHash(s.code, s.kind);
      if (this.subjects.some((x) => x.hash === hash && x.role === s.role)) continue;
      const { maskedId, kind, name } = listedSubject(s);
      const extra = { ...(kind ? { kind } : {}), ...(name ? { name } : {}) };
      this.subjects.push({ role: s.role, label: s.label, hash, maskedId: maskedId ?? '', ...extra });
      this.subjectsChanged = true;
      this.addStoreEffect(key, {
        id: this.storeEffectId(key, 'archive'),
        kind: 'archive',
        entry: {
          subject: hash, caseId: this.record.id, role: s.role, label: s.label, maskedId: maskedId ?? '',
          bundleId: this.record.bundleId, bundleName: this.record.bundleName, acceptedAt: this.record.acceptedAt, ...extra,
        },
      });
    }
  }

  private onDone(st: SubTask, key: string): void {
    // Subjects whose number an issued material carries (the baby's new ID number).
    this.indexSubjects(key, subjectIds(this.bundle, {}, st.outputs));
  }

  private attachmentsOf(itemId: string): Attachment[] {
    return this.loaded.files.filter((f: FileRecord) => f.itemId === itemId).map((f) => ({ sha256: f.sha256, name: f.name, size: f.size, mime: f.mime }));
  }

  private target(itemId: string): SubTask | null {
    const st = this.subTasks.get(itemId);
    if (st) return st;
    if (this.partial && this.record.items.includes(itemId)) throw new NeedsFullRead();
    return null;
  }

  /** Applies every internal effect (and the ones they cause) in order. */
  run(): void {
    for (let guard = 0; guard < 1000; guard++) {
      const next = this.internal.shift();
      if (!next) return;
      const { effect: e } = next;
      if (e.kind === 'completeCase') {
        if (this.partial) throw new NeedsFullRead();
        const states = Object.fromEntries([...this.subTasks].map(([id, s]) => [id, s.state]));
        const r = completeCase(this.record, states, this.bundle, dispatcherActor, this.now);
        if (isDomainError(r)) throw r;
        this.applyCase(r);
        continue;
      }
      let material;
      if (e.kind === 'shareMaterial') {
        const producer = this.target(e.fromItem);
        const issued = producer ? materialsIssuedBy(producer).find((m) => m.type === e.material) : undefined;
        material = issued ? { ...issued, attachments: this.attachmentsOf(e.fromItem) } : undefined;
      }
      const action = actionForEffect(e, material);
      if (!action || action.target !== 'subTask') continue;
      const target = this.target(action.itemId);
      if (!target) continue;
      const r = transitionSubTask(target, action.command, dispatcherActor, this.now, this.ctx(action.itemId));
      if (isDomainError(r)) throw r;
      if (r.changed && e.kind === 'shareMaterial') {
        const consumer = r.subTask;
        this.audit(transitionKey.subTask(consumer.itemId, consumer.version), {
          caseId: this.record.id,
          at: this.now,
          action: 'share',
          actor: actorRef(this.initiator),
          recipient: { department: consumer.department, district: consumer.district, itemId: consumer.itemId },
          subjects: this.subjects.map((s) => s.hash),
          data: [`${e.material}:${e.fields.join(',')}`],
          purpose: e.purpose,
        });
      }
      this.applySubTask(r);
    }
    throw new Error('effect cascade did not settle');
  }

  /**
   * The change as the store writes it: every sub-task and case change, subjects, events, pending effects,
   * the audit chain's new head and the signatures (the store makes it conditional on what was read).
   */
  change(): CaseChange {
    const change: CaseChange = { encryptedKeys: this.snapshot.encryptedKeys(this.bundle), signatures: [...this.signatures] };
    // Forward material flows that were audited get their records linked onto the chain here.
    if (this.audits.length) {
      const { records, head } = linkRecords(this.loaded.head ?? EMPTY_HEAD, this.audits.map((a) => a.draft));
      // The records of one change go to one audit row, stored with the change's first audited transition.
      this.addStoreEffect(this.audits[0].key, { id: `${records[0].caseId}/audit/${records[0].seq}`, kind: 'audit', records });
      change.auditHead = head;
    }
    change.subTasks = [...this.touched].flatMap((id) => this.subTasks.get(id) ?? []);
    if (this.caseTouched) change.case = this.record;
    if (this.subjectsChanged) change.subjects = this.subjects;
    const [firstEventKey] = this.events.keys();
    if (firstEventKey !== undefined) change.events = { transition: firstEventKey, events: [...this.events.values()].flat() };
    if (firstEventKey !== undefined) this.tally(firstEventKey, change.events?.events ?? []);
    change.effects = [...this.effects].map(([transition, effects]) => ({ transition, effects }));
    return change;
  }
}
