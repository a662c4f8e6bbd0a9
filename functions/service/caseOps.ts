/**
 * Reading and working a case: the case overview, its timeline, withdrawal (撤销), one sub-task as the
 * actor may see it, and staff commands on a sub-task. What an actor may see or do is decided by the
 * core's policy only (caseView, subTaskView, transitionSubTask, withdrawCase).
 */
import type { StaffActor } from '../core/actor.js';
import { type Bundle, findItem, type MaterialType } from '../core/bundle.js';
import { caseInfoOf, type CaseRecord, type CaseResult, withdrawCase } from '../core/case.js';
import { clockStatus } from '../core/clock.js';
import { findDepartment, findDistrict } from '../core/directory.js';
import { type DomainError, domainError, isDomainError } from '../core/errors.js';
import { timelineForDisplay, type TimelineEvent } from '../core/events.js';
import { parseStaffCommand } from '../core/commandParsing.js';
import { authorizeCase, type CaseSight, caseSight, readableFiles, sealsForActor } from '../core/policy.js';
import { caseScopeOf, isTerminal, scopeOf, type SubTask, subTaskStateLabels } from '../core/subtask.js';
import { caseScope } from '../core/case.js';
import { caseStateLabels } from '../core/case.js';
import { parseHandover, recordHandover } from '../core/handover.js';
import { identityView, type IdentityView } from '../core/identity.js';
import { isDepartmentItem } from '../core/acceptance.js';
import { INTAKE } from '../core/materials.js';
import type { SubTaskState } from '../core/subtaskRecord.js';
import { caseView, type CaseView, subTaskView, type SubTaskView, viewLabels, type ViewLabels } from '../core/view.js';
import type { FileRecord, LoadedCase } from '../store/caseRecord.js';
import { CaseWork } from './caseWork.js';
import type { ServiceContext, Snapshot } from './context.js';
import { conflict, isWriteConflict, notFound } from './errors.js';
import type { SubTaskCommands } from './transitions.js';
import type { AttachmentInfo } from './types.js';
import type { ChangeLease } from '../store/caseStore.js';

export interface SubTaskDetail {
  subTask: SubTaskView;
  /** Chinese labels of the fields and materials the view shows, and the department's and district's names. */
  labels: ViewLabels;
  /** The material types the item issues, with their field definitions: what 签章办结 asks the signer for. */
  outputs: MaterialType[];
  /** The sign-off form's values from the application (identity fields, core identity.ts), for a signer while claimed. */
  prefill: IdentityView['prefill'];
  /** The correction notes (更正说明) signed with its own outputs, where the actor sees them. */
  corrections: IdentityView['corrections'];
  /** Per received material: where it disagrees with what its producer was applied for, and the producer's correction notes. */
  inputChecks: IdentityView['inputChecks'];
  timeline: TimelineEvent[];
  /** Seals the actor could sign this sub-task with (own department's, in scope). */
  seals: { id: string; name: string; kind: string }[];
  /** Attachments the actor may download: received with input materials they may see, or uploaded to the sub-task. */
  attachments: (AttachmentInfo & { material: string | null })[];
}

const MAX_VERSION = 1_000_000;

export class CaseOps {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly commands: SubTaskCommands,
  ) {}

  private async loadWork(caseId: string): Promise<{ loaded: LoadedCase & { record: CaseRecord }; snap: Snapshot; bundle: Bundle }> {
    const [snap, loaded] = await Promise.all([this.ctx.snapshot(), this.ctx.cases.load(caseId, 'work')]);
    if (!loaded?.record) throw notFound('办件');
    return { loaded: loaded as LoadedCase & { record: CaseRecord }, snap, bundle: snap.bundle(loaded.record.bundleId, loaded.record.bundleVersion) };
  }

  /** How much of the case the actor may see (core policy caseSight); throws FORBIDDEN when nothing. */
  private sight(actor: StaffActor, loaded: LoadedCase & { record: CaseRecord }, snap: Snapshot): CaseSight {
    const sight = caseSight(actor, caseScopeOf(caseInfoOf(loaded.record)), [...loaded.subTasks.values()].map(scopeOf), snap.directory);
    if (isDomainError(sight)) throw sight;
    return sight;
  }

  /**
   * The case overview: the window, supervisors and auditors of its districts (core caseView); staff of a
   * department whose sub-task they may view get the same progress overview (no personal data in it).
   */
  async getCase(actor: StaffActor, caseId: string): Promise<{ case: CaseView }> {
    const { loaded, snap, bundle } = await this.loadWork(caseId);
    return { case: this.view(actor, loaded, snap, bundle) };
  }

  private view(actor: StaffActor, loaded: LoadedCase & { record: CaseRecord }, snap: Snapshot, bundle: Bundle): CaseView {
    const now = this.ctx.now();
    const subTasks = [...loaded.subTasks.values()];
    const full = this.sight(actor, loaded, snap).whole ? caseView(actor, loaded.record, subTasks, bundle, snap.directory, snap.calendar, now) : null;
    if (full) return full;
    // Staff who may view one of its sub-tasks: the progress overview of the whole case (no personal data).
    const c = loaded.record;
    return {
      id: c.id, version: c.version, bundleId: c.bundleId, bundleVersion: c.bundleVersion, bundleName: c.bundleName, state: c.state, stateLabel: caseStateLabels[c.state],
      acceptingDistrict: c.acceptingDistrict, acceptedAt: c.acceptedAt, due: c.due, subjects: c.subjects, withdrawal: c.withdrawal, handover: null,
      subTasks: c.items.flatMap((itemId) => {
        const st = loaded.subTasks.get(itemId);
        const item = findItem(bundle, itemId);
        if (!st || !item) return [];
        const clock = clockStatus(st.clock, snap.calendar, now, item.warnRemainingDays);
        return [{
          itemId, itemName: item.name, required: item.required, district: st.district, districtName: findDistrict(snap.directory, st.district)?.name ?? st.district,
          department: st.department, departmentName: findDepartment(snap.directory, st.department)?.name ?? st.department, state: st.state,
          stateLabel: subTaskStateLabels[st.state], clockLevel: isTerminal(st.state) ? 'normal' : clock.level, dueDate: clock.due?.date ?? null, deliveries: st.deliveries,
        }];
      }),
    };
  }

  async timeline(actor: StaffActor, caseId: string): Promise<{ events: TimelineEvent[] }> {
    const [{ loaded, snap }, events] = await Promise.all([this.loadWork(caseId), this.ctx.cases.load(caseId, 'timeline')]);
    const all = timelineForDisplay(events?.events ?? [], snap.directory);
    const sight = this.sight(actor, loaded, snap);
    if (sight.whole) return { events: all };
    const items = new Set(sight.items);
    return { events: all.filter((e) => e.itemId === null || items.has(e.itemId)) };
  }

  async withdraw(actor: StaffActor, caseId: string, reason: string, expectedVersion: number): Promise<{ case: CaseView }> {
    return this.changeCase(actor, caseId, expectedVersion, true, ({ loaded, snap, now, states }) => {
      if (loaded.record.version !== expectedVersion) {
        const denied = authorizeCase(actor, 'view', caseScope(loaded.record), snap.directory);
        if (denied) throw denied;
        throw conflict('办件已被他人修改，请刷新后重试');
      }
      return withdrawCase(loaded.record, states, typeof reason === 'string' ? reason : '', actor, now, snap.directory);
    });
  }

  /** 出件 / 领证 (core handover.ts): recorded once on the case; a second record corrects it with a reason. */
  async handover(actor: StaffActor, caseId: string, body: unknown, expectedVersion: number): Promise<{ case: CaseView }> {
    return this.changeCase(actor, caseId, expectedVersion, false, ({ loaded, snap, bundle, now, states }) => {
      const denied = authorizeCase(actor, 'handover', caseScope(loaded.record), snap.directory);
      if (denied) throw denied;
      if (loaded.record.version !== expectedVersion) throw conflict('办件已被他人修改，请刷新后重试');
      const input = parseHandover(body, now);
      if (isDomainError(input)) throw input;
      return recordHandover(loaded.record, states, bundle, input, actor, now, snap.directory);
    });
  }

  /**
   * One change of the case record by staff at `expectedVersion`: `decide` (core) on a fresh read, one conditional
   * write, rebuilt on a racing write (CONFLICT after five). `cascade`: the change's effects inside the case are
   * applied with it (caseWork run) and the dispatcher is kicked for the ones outside.
   */
  private async changeCase(
    actor: StaffActor,
    caseId: string,
    expectedVersion: number,
    cascade: boolean,
    decide: (at: Awaited<ReturnType<CaseOps['loadWork']>> & { now: string; states: Record<string, SubTaskState> }) => CaseResult | DomainError,
  ): Promise<{ case: CaseView }> {
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1 || expectedVersion > MAX_VERSION) {
      throw domainError('VALIDATION_FAILED', '缺少版本号', [{ field: 'expectedVersion', code: 'REQUIRED', message: '请提供办件的版本号' }]);
    }
    for (let attempt = 1; ; attempt++) {
      const read = await this.loadWork(caseId);
      const { loaded, snap, bundle } = read;
      const now = this.ctx.now();
      const states = Object.fromEntries([...loaded.subTasks].map(([id, st]) => [id, st.state]));
      const r = decide({ ...read, now, states });
      if (isDomainError(r)) throw r;
      const work = new CaseWork(loaded, bundle, snap, now, actor, this.ctx.cipher, false);
      work.applyCase(r);
      if (cascade) work.run();
      let lease: ChangeLease | null;
      try {
        lease = await this.ctx.cases.commit(loaded, work.change(), { takeLease: this.ctx.drainsInline });
      } catch (err) {
        if (!isWriteConflict(err) || attempt >= 5) throw isWriteConflict(err) ? conflict() : err;
        continue;
      }
      if (cascade || lease) await this.ctx.settle(caseId, lease);
      const after = { ...loaded, record: work.record, subTasks: work.subTasks };
      return { case: this.view(actor, after, snap, bundle) };
    }
  }

  async subTask(actor: StaffActor, caseId: string, itemId: string): Promise<SubTaskDetail> {
    const [snap, loaded, events] = await Promise.all([
      this.ctx.snapshot(),
      this.ctx.cases.load(caseId, { subTask: itemId }),
      // A change's events share one cell (caseWork.ts), so the sub-task's events are read with the case's.
      this.ctx.cases.load(caseId, 'timeline'),
    ]);
    if (!loaded?.record) throw notFound('办件');
    const st = loaded.subTasks.get(itemId);
    if (!st) throw notFound('子任务');
    // The producers of its received materials: what they were applied for is what those materials are checked against.
    const from = [...new Set(Object.values(st.inputs).map((r) => r.from).filter((f) => f !== INTAKE && loaded.record?.items.includes(f)))];
    const producers = from.length ? (await this.ctx.cases.load(caseId, { subTasks: from }))?.subTasks : undefined;
    return this.detail(actor, loaded.record, st, snap, events?.events ?? [], loaded.files, producers);
  }

  /** Runs a staff command (parsed by the core's command schema); returns the sub-task as the actor now sees it. */
  async act(actor: StaffActor, caseId: string, itemId: string, rawCommand: unknown, expectedVersion: number): Promise<{ subTask: SubTaskView }> {
    const command = parseStaffCommand(rawCommand);
    if (isDomainError(command)) throw command;
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1 || expectedVersion > MAX_VERSION) {
      throw domainError('VALIDATION_FAILED', '缺少版本号', [{ field: 'expectedVersion', code: 'REQUIRED', message: '请提供子任务的版本号' }]);
    }
    const outcome = await this.commands.run(actor, caseId, itemId, command, expectedVersion);
    const record = outcome.work?.record ?? outcome.loaded.record;
    if (!record) throw notFound('办件');
    const bundle = outcome.snapshot.bundle(record.bundleId, record.bundleVersion);
    const item = findItem(bundle, itemId);
    if (!item) throw notFound('事项');
    const { directory, calendar } = outcome.snapshot;
    const view = subTaskView(actor, outcome.subTask, item, caseInfoOf(record), directory, calendar, this.ctx.now(), { jointDepartment: isDepartmentItem(bundle, item.id) });
    // A hand-off to another department may leave the actor without sight of the sub-task.
    if (!view) throw domainError('FORBIDDEN', '已转交，您已无权查看此子任务');
    return { subTask: view };
  }

  detail(
    actor: StaffActor, record: CaseRecord, st: SubTask, snap: Snapshot, events: TimelineEvent[], files: FileRecord[],
    producers: ReadonlyMap<string, SubTask> = new Map(),
  ): SubTaskDetail {
    const bundle = snap.bundle(record.bundleId, record.bundleVersion);
    const item = findItem(bundle, st.itemId);
    if (!item) throw notFound('事项');
    const caseInfo = caseInfoOf(record);
    const view = subTaskView(actor, st, item, caseInfo, snap.directory, snap.calendar, this.ctx.now(), { jointDepartment: isDepartmentItem(bundle, item.id) });
    if (!view) throw domainError('FORBIDDEN', '不是本事项的承办部门，无权查看');
    const attachments: SubTaskDetail['attachments'] = readableFiles(actor, item, scopeOf(st), caseScopeOf(caseInfo), snap.directory, st.inputs, files)
      .map((f) => ({ id: f.sha256, sha256: f.sha256, size: f.size, name: f.name, contentType: f.mime, material: f.material }));
    const seals = sealsForActor(actor, scopeOf(st), item, snap.directory).map((s) => ({ id: s.id, name: s.name, kind: s.kind }));
    const labels = viewLabels(bundle, view, snap.directory);
    const outputs = item.outputs.flatMap((id) => bundle.materials.filter((m) => m.id === id));
    const { prefill, corrections, inputChecks } = identityView(actor, st, bundle, item, caseInfo, snap.directory, producers);
    const timeline = timelineForDisplay(events.filter((e) => e.itemId === st.itemId), snap.directory);
    return { subTask: view, labels, outputs, prefill, corrections, inputChecks, timeline, seals, attachments };
  }
}
