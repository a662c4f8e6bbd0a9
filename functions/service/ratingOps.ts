/**
 * 好差评 and 差评整改 on the case engine: each rating and each rectification step is one case-level transition
 * (core rating.ts decides; CaseWork builds the change; one conditional write of the case row, rebuilt on a racing
 * write), its events on the case timeline, its notices and list rows (ratingQueue.ts) as pending effects the
 * drain applies. Lists read the queue rows (one range read), never cases.
 */
import { type Actor, type StaffActor, systemActor } from '../core/actor.js';
import type { CaseRecord, CaseResult } from '../core/case.js';
import { findDepartment, findDistrict } from '../core/directory.js';
import { type DomainError, domainError, isDomainError } from '../core/errors.js';
import { parseSubTaskRef } from '../core/queue.js';
import {
  actOnRectification, authorizeRectification, authorizeWindowRating, parseRatingInput, type RatedCase, type Rating, ratableTargets, rateCase, ratingLevelLabels,
} from '../core/rating.js';
import {
  parseRectificationCommand, type Rectification, type RectificationCommand, RECTIFICATION_WARN_DAYS, rectificationLevel, rectificationStateLabels,
} from '../core/rectification.js';
import { shanghaiDate } from '../core/time.js';
import { hasRole } from '../core/actor.js';
import { transitionKey, type LoadedCase } from '../store/caseRecord.js';
import { CaseWork } from './caseWork.js';
import type { ServiceContext, Snapshot } from './context.js';
import { conflict, isWriteConflict, notFound } from './errors.js';
import { levelOf } from './levels.js';
import { rectificationEntries, rectificationMeta, rectificationQueue } from './ratingQueue.js';
import type { CaseRatings, RatingAccess, RectificationDetail, RectificationListItem } from './ratingTypes.js';
import type { ChangeLease } from '../store/caseStore.js';

const MAX_VERSION = 1_000_000;
const applicant = systemActor('申请人');

type Rated = CaseRecord & RatedCase;

export class RatingOps implements RatingAccess {
  constructor(private readonly ctx: ServiceContext) {}

  /** 一次一评 at the window: the accepting district's clerk hands the device to the applicant. */
  async rate(actor: StaffActor, caseId: string, body: unknown, now?: string): Promise<{ rating: Rating }> {
    const input = parseRatingInput(body);
    if (isDomainError(input)) throw input;
    return this.record(caseId, now, (c) => authorizeWindowRating(actor, c), actor, input, 'window');
  }

  /** 一事一评 from the public progress page (its token resolved by the caller): channel 'progressPage'. */
  async rateFromProgressPage(caseId: string, body: unknown, now?: string): Promise<{ rating: Rating }> {
    const input = parseRatingInput(body);
    if (isDomainError(input)) throw input;
    return this.record(caseId, now, () => null, applicant, input, 'progressPage');
  }

  /** What the applicant may still rate and what was rated (ratings without the rectification's internals). */
  async ratingsOf(actor: StaffActor | null, caseId: string): Promise<CaseRatings> {
    const { loaded, snap } = await this.load(caseId);
    const c = loaded.record;
    if (actor) {
      const denied = authorizeWindowRating(actor, c);
      if (denied && !(hasRole(actor, 'supervisor') && actor.district === c.acceptingDistrict)) throw denied;
    }
    const states = Object.fromEntries([...loaded.subTasks].map(([id, st]) => [id, st.state]));
    const bundle = snap.bundle(c.bundleId, c.bundleVersion);
    const name = (t: string) => (t === 'case' ? c.bundleName : bundle.items.find((i) => i.id === t)?.name ?? t);
    return {
      caseId: c.id, version: c.version, state: c.state,
      ratable: ratableTargets(c, states).map((t) => ({ target: t, name: name(t) })),
      ratings: (c.ratings ?? []).map((r) => ({
        id: r.id, target: r.target, targetName: name(r.target), level: r.level, levelLabel: ratingLevelLabels[r.level], comment: r.comment, channel: r.channel, at: r.at,
      })),
    };
  }

  /** The department's open rectifications (scope 'department') or the district's (scope 'supervise', supervisors; state 'closed' for the closed ones), due first. */
  async list(actor: StaffActor, scope: string, state?: string): Promise<{ items: RectificationListItem[] }> {
    const snap = await this.ctx.snapshot();
    let queue: string;
    if (scope === 'supervise') {
      if (!hasRole(actor, 'supervisor')) throw domainError('FORBIDDEN', '只有督办人员可以查看全区整改');
      queue = state === 'closed' ? rectificationQueue.closed(actor.district) : rectificationQueue.district(actor.district);
    } else if (scope === 'department') {
      if (!hasRole(actor, 'handler', 'signer', 'clerk', 'supervisor')) throw domainError('FORBIDDEN', '无权查看整改任务');
      if (state === 'closed') throw domainError('VALIDATION_FAILED', '部门列表只列未办结的整改', [{ field: 'state', code: 'FORMAT', message: '部门列表只列未办结的整改' }]);
      queue = rectificationQueue.department(actor.district, actor.department);
    } else {
      throw domainError('VALIDATION_FAILED', '列表范围应为 department 或 supervise', [{ field: 'scope', code: 'FORMAT', message: '列表范围应为 department 或 supervise' }]);
    }
    if (state !== undefined && state !== 'closed' && !(state in rectificationStateLabels)) {
      throw domainError('VALIDATION_FAILED', '整改状态无效', [{ field: 'state', code: 'FORMAT', message: '整改状态无效' }]);
    }
    const { rows } = await this.ctx.queues.page(queue, { limit: 200 });
    const today = shanghaiDate(this.ctx.now());
    const items = rows
      .filter((r) => state === undefined || state === 'closed' || r.meta.state === state)
      .map((r): RectificationListItem => {
        const { caseId } = parseSubTaskRef(r.ref);
        const due = r.meta.state === 'closed' ? null : levelOf(r.due, RECTIFICATION_WARN_DAYS, snap.calendar, today);
        const dueDate = due?.dueDate ?? null;
        return {
          caseId, rectificationId: r.meta.itemId, bundleName: r.meta.bundleName, subject: r.meta.subject, department: r.meta.department,
          departmentName: findDepartment(snap.directory, r.meta.department)?.name ?? r.meta.department, state: r.meta.state,
          stateLabel: rectificationStateLabels[r.meta.state as Rectification['state']] ?? r.meta.state, dueDate,
          level: due === null ? 'closed' : due.level === 'overdue' || due.level === 'warning' ? due.level : 'normal',
          outcomeLabel: r.meta.state === 'closed' ? r.meta.itemName : null,
        };
      });
    // Overdue first, then appeals awaiting a decision, then by due day (the rows' order).
    const rank = (i: RectificationListItem) => (i.level === 'overdue' ? 0 : i.state === 'appeal' ? 1 : 2);
    return { items: items.map((i, n) => ({ i, n })).sort((a, b) => rank(a.i) - rank(b.i) || a.n - b.n).map((x) => x.i) };
  }

  /** One rectification with its rating and steps, for its department and the district's supervisors. */
  async get(actor: StaffActor, caseId: string, rectificationId: string): Promise<RectificationDetail> {
    const { loaded, snap } = await this.load(caseId);
    const r = (loaded.record.rectifications ?? []).find((x) => x.id === rectificationId);
    if (!r) throw notFound('整改任务');
    const denied = authorizeRectification(actor, r, 'view');
    if (denied) throw denied;
    return this.detail(actor, loaded.record, r, snap);
  }

  /** A command (callBack, rectify, feedback, appeal, decideAppeal) at the rectification's `expectedVersion`. */
  async act(actor: StaffActor, caseId: string, rectificationId: string, body: unknown, expectedVersion: number): Promise<RectificationDetail> {
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1 || expectedVersion > MAX_VERSION) {
      throw domainError('VALIDATION_FAILED', '缺少版本号', [{ field: 'expectedVersion', code: 'REQUIRED', message: '请提供整改任务的版本号' }]);
    }
    const command = parseRectificationCommand(body, this.ctx.now());
    if (isDomainError(command)) throw command;
    const { record, snap } = await this.change(caseId, actor, undefined, (c) => {
      const r = (c.rectifications ?? []).find((x) => x.id === rectificationId);
      if (!r) return domainError('NOT_FOUND', '整改任务不存在');
      if (r.version !== expectedVersion) return authorizeRectification(actor, r, 'view') ?? conflict('整改任务已被他人办理，请刷新后重试');
      return actOnRectification(c, rectificationId, command, actor, this.ctx.now());
    });
    const r = (record.rectifications ?? []).find((x) => x.id === rectificationId);
    if (!r) throw notFound('整改任务');
    return this.detail(actor, record, r, snap);
  }

  /** The timer's alert of a rectification (once per level: a level already raised changes nothing). */
  async raiseAlert(caseId: string, rectificationId: string, level: 'warning' | 'overdue', at: string): Promise<boolean> {
    const command: RectificationCommand = { type: 'raiseAlert', level };
    const { changed } = await this.change(caseId, systemActor('timer'), at, (c) => actOnRectification(c, rectificationId, command, systemActor('timer'), at));
    return changed;
  }

  private detail(actor: StaffActor, c: Rated, r: Rectification, snap: Snapshot): RectificationDetail {
    const rating = (c.ratings ?? []).find((x) => x.id === r.ratingId) ?? null;
    const bundle = snap.bundle(c.bundleId, c.bundleVersion);
    const s = c.subjects[0];
    const level = rectificationLevel(r, snap.calendar, this.ctx.now());
    const isDepartment = authorizeRectification(actor, r, 'callBack') === null;
    const isSupervisor = authorizeRectification(actor, r, 'decideAppeal') === null;
    const can = {
      callBack: isDepartment && r.state === 'open',
      rectify: isDepartment && r.state === 'rectifying',
      feedback: isDepartment && r.state === 'feedback',
      appeal: isDepartment && (r.state === 'open' || r.state === 'rectifying') && !r.appeal,
      decideAppeal: isSupervisor && r.state === 'appeal',
    };
    return {
      caseId: c.id, bundleName: c.bundleName, subject: s ? `${s.label} ${s.name ?? s.maskedId ?? ''}`.trim() : '', acceptedAt: c.acceptedAt, endedAt: c.endedAt,
      rectification: {
        ...r, stateLabel: rectificationStateLabels[r.state],
        departmentName: findDepartment(snap.directory, r.department)?.name ?? r.department, districtName: findDistrict(snap.directory, r.district)?.name ?? r.district,
      },
      rating: rating && {
        id: rating.id, target: rating.target, targetName: rating.target === 'case' ? c.bundleName : bundle.items.find((i) => i.id === rating.target)?.name ?? rating.target,
        level: rating.level, levelLabel: ratingLevelLabels[rating.level], comment: rating.comment, channel: rating.channel, at: rating.at, disputed: rating.disputed,
      },
      level: level.level, remainingDays: level.remainingDays, can,
    };
  }

  private async load(caseId: string): Promise<{ loaded: LoadedCase & { record: Rated }; snap: Snapshot }> {
    const [snap, loaded] = await Promise.all([this.ctx.snapshot(), this.ctx.cases.load(caseId, 'work')]);
    if (!loaded?.record) throw notFound('办件');
    return { loaded: loaded as LoadedCase & { record: Rated }, snap };
  }

  private async record(
    caseId: string, now: string | undefined, authorize: (c: Rated) => DomainError | null, actor: Actor, input: ReturnType<typeof parseRatingInput>, channel: 'window' | 'progressPage',
  ): Promise<{ rating: Rating }> {
    if (isDomainError(input)) throw input;
    const { record } = await this.change(caseId, actor, now, (c, loaded, snap) => {
      const denied = authorize(c);
      if (denied) return denied;
      const subTasks = Object.fromEntries([...loaded.subTasks].map(([id, st]) => [id, { state: st.state, department: st.department, district: st.district }]));
      return rateCase(c, subTasks, input, channel, actor, now ?? this.ctx.now(), snap.directory, snap.calendar);
    });
    const rating = (record.ratings ?? []).find((r) => r.target === input.target);
    if (!rating) throw new Error('rating not recorded');
    return { rating };
  }

  /**
   * One case-level change: `decide` on a fresh read, the rectifications' list rows as store effects of the same
   * transition, one conditional write (rebuilt on a racing write, CONFLICT after five), then the dispatcher's kick.
   */
  private async change(
    caseId: string, actor: Actor, at: string | undefined, decide: (c: Rated, loaded: LoadedCase, snap: Snapshot) => CaseResult | DomainError,
  ): Promise<{ record: Rated; snap: Snapshot; changed: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const { loaded, snap } = await this.load(caseId);
      const now = at ?? this.ctx.now();
      const r = decide(loaded.record, loaded, snap);
      if (isDomainError(r)) throw r;
      if (!r.changed) return { record: loaded.record, snap, changed: false };
      const bundle = snap.bundle(loaded.record.bundleId, loaded.record.bundleVersion);
      const work = new CaseWork(loaded, bundle, snap, now, actor, this.ctx.cipher, false);
      work.applyCase(r);
      this.listRows(work, loaded.record, r.case as Rated);
      let lease: ChangeLease | null;
      try {
        lease = await this.ctx.cases.commit(loaded, work.change(), { takeLease: this.ctx.drainsInline });
      } catch (err) {
        if (!isWriteConflict(err) || attempt >= 5) throw isWriteConflict(err) ? conflict() : err;
        continue;
      }
      await this.ctx.settle(caseId, lease);
      return { record: work.record as Rated, snap, changed: true };
    }
  }

  /** Enqueue / dequeue store effects for every rectification whose state changed (rows re-put to show the new state). */
  private listRows(work: CaseWork, before: Rated, after: Rated): void {
    const key = transitionKey.case(after.version);
    let n = 0;
    const id = (kind: string) => `${after.id}/${key}/${kind}/r${++n}`;
    for (const r of after.rectifications ?? []) {
      const old = (before.rectifications ?? []).find((x) => x.id === r.id);
      // Same state (an alert raised): the rows show the same; the sweep marks their alerts itself.
      if (old && old.state === r.state) continue;
      const was = old ? rectificationEntries(before.id, old) : [];
      const now = rectificationEntries(after.id, r);
      for (const e of was) if (!now.some((x) => x.queue === e.queue && x.due === e.due)) work.addStoreEffect(key, { id: id('dequeue'), kind: 'dequeue', entry: e });
      for (const e of now) work.addStoreEffect(key, { id: id('enqueue'), kind: 'enqueue', entry: e, meta: rectificationMeta(after, r) });
    }
  }
}
