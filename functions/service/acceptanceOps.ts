/**
 * 竣工联合验收 at the window (core acceptance.ts, acceptanceMaterials.ts): issue the consolidated 材料补正通知 and
 * record the applicant's supplement, schedule the site visit, issue the consolidated rectification notice, record
 * the rectification — each a case-level command by the accepting district's window at the case's
 * `expectedVersion`: the core decides on a fresh read, the system commands it causes on department sub-tasks
 * (material notices and resumed review, site-visit notices and to-dos, re-inspection) are applied in the same change, and the case row is written with
 * ONE conditional write (rebuilt on a racing write, CONFLICT after five); effects go out through the drain. Also the
 * read model (core acceptanceView.ts) for whoever may see the case or one of its department sub-tasks.
 */
import {
  type AcceptanceChange, issueRectificationNotice, recordRectification, scheduleSiteVisit,
} from '../core/acceptance.js';
import { issueMaterialNotice, recordMaterialSupplement } from '../core/acceptanceMaterials.js';
import { acceptanceView, type AcceptanceView } from '../core/acceptanceView.js';
import { type StaffActor, systemActor } from '../core/actor.js';
import type { Bundle } from '../core/bundle.js';
import { caseInfoOf, type CaseRecord, caseScope } from '../core/case.js';
import { type DomainError, domainError, isDomainError } from '../core/errors.js';
import { authorizeCase, caseSight } from '../core/policy.js';
import { caseScopeOf, scopeOf, transitionSubTask } from '../core/subtask.js';
import type { LoadedCase } from '../store/caseRecord.js';
import { CaseWork } from './caseWork.js';
import type { ServiceContext, Snapshot } from './context.js';
import { conflict, isWriteConflict, notFound } from './errors.js';
import type { ChangeLease } from '../store/caseStore.js';

/** The joint-acceptance operations the api uses (Services.acceptance). */
export interface AcceptanceAccess {
  view(actor: StaffActor, caseId: string): Promise<{ acceptance: AcceptanceView }>;
  /** body: {date YYYY-MM-DD, time HH:MM, place, note?} */
  scheduleSiteVisit(actor: StaffActor, caseId: string, body: Record<string, unknown>, expectedVersion: number): Promise<{ acceptance: AcceptanceView }>;
  issueNotice(actor: StaffActor, caseId: string, expectedVersion: number): Promise<{ acceptance: AcceptanceView }>;
  /** body: {report, attachments?: sha256[]} */
  recordRectification(actor: StaffActor, caseId: string, body: Record<string, unknown>, expectedVersion: number): Promise<{ acceptance: AcceptanceView }>;
  issueMaterialNotice(actor: StaffActor, caseId: string, expectedVersion: number): Promise<{ acceptance: AcceptanceView }>;
  /** body: {note, attachments?: sha256[]} */
  recordMaterialSupplement(actor: StaffActor, caseId: string, body: Record<string, unknown>, expectedVersion: number): Promise<{ acceptance: AcceptanceView }>;
}

const MAX_VERSION = 1_000_000;
const MAX_ATTEMPTS = 5;
const SHA256 = /^[0-9a-f]{64}$/;
const windowActor = systemActor('acceptance');

type Loaded = LoadedCase & { record: CaseRecord };

interface Read {
  loaded: Loaded;
  snap: Snapshot;
  bundle: Bundle;
  now: string;
}

export class AcceptanceOps implements AcceptanceAccess {
  constructor(private readonly ctx: ServiceContext) {}

  private async read(caseId: string): Promise<Omit<Read, 'now'>> {
    const [snap, loaded] = await Promise.all([this.ctx.snapshot(), this.ctx.cases.load(caseId, 'work')]);
    if (!loaded?.record) throw notFound('办件');
    return { loaded: loaded as Loaded, snap, bundle: snap.bundle(loaded.record.bundleId, loaded.record.bundleVersion) };
  }

  private present(actor: StaffActor, loaded: Loaded, subTasks: Loaded['subTasks'], record: CaseRecord, snap: Snapshot, bundle: Bundle): { acceptance: AcceptanceView } {
    const sight = caseSight(actor, caseScopeOf(caseInfoOf(record)), [...subTasks.values()].map(scopeOf), snap.directory);
    if (isDomainError(sight)) throw sight;
    if (!bundle.jointAcceptance) throw domainError('NOT_FOUND', '此办件不是竣工联合验收');
    return { acceptance: acceptanceView(sight, record, subTasks, bundle, snap.directory, snap.calendar, this.ctx.now()) };
  }

  async view(actor: StaffActor, caseId: string): Promise<{ acceptance: AcceptanceView }> {
    const { loaded, snap, bundle } = await this.read(caseId);
    return this.present(actor, loaded, loaded.subTasks, loaded.record, snap, bundle);
  }

  scheduleSiteVisit(actor: StaffActor, caseId: string, body: Record<string, unknown>, expectedVersion: number) {
    return this.change(actor, caseId, expectedVersion, (r) =>
      scheduleSiteVisit({ c: r.loaded.record, bundle: r.bundle, subTasks: r.loaded.subTasks, actor, now: r.now, directory: r.snap.directory }, body));
  }

  issueNotice(actor: StaffActor, caseId: string, expectedVersion: number) {
    return this.change(actor, caseId, expectedVersion, (r) =>
      issueRectificationNotice({ c: r.loaded.record, bundle: r.bundle, subTasks: r.loaded.subTasks, actor, now: r.now, directory: r.snap.directory }));
  }

  issueMaterialNotice(actor: StaffActor, caseId: string, expectedVersion: number) {
    return this.change(actor, caseId, expectedVersion, (r) =>
      issueMaterialNotice({ c: r.loaded.record, bundle: r.bundle, subTasks: r.loaded.subTasks, actor, now: r.now, directory: r.snap.directory }));
  }

  async recordMaterialSupplement(actor: StaffActor, caseId: string, body: Record<string, unknown>, expectedVersion: number) {
    const uploads = await this.ownUploads(actor, body);
    return this.change(actor, caseId, expectedVersion, (r) => recordMaterialSupplement(
      { c: r.loaded.record, bundle: r.bundle, subTasks: r.loaded.subTasks, actor, now: r.now, directory: r.snap.directory },
      body, r.snap.calendar, { uploads, caseFiles: r.loaded.files },
    ));
  }

  /** What the store recorded for each named file this clerk uploaded (the core decides: only their own uploads). */
  private async ownUploads(actor: StaffActor, body: Record<string, unknown>) {
    const named = Array.isArray(body.attachments) ? [...new Set(body.attachments.filter((a): a is string => typeof a === 'string' && SHA256.test(a)))].slice(0, 20) : [];
    return new Map(await Promise.all(named.map(async (a) => [a, await this.ctx.counters.upload(actor.id, a, 'intake')] as const)));
  }

  async recordRectification(actor: StaffActor, caseId: string, body: Record<string, unknown>, expectedVersion: number) {
    const uploads = await this.ownUploads(actor, body);
    return this.change(actor, caseId, expectedVersion, (r) => recordRectification(
      { c: r.loaded.record, bundle: r.bundle, subTasks: r.loaded.subTasks, actor, now: r.now, directory: r.snap.directory },
      body, r.snap.calendar, { uploads, caseFiles: r.loaded.files },
    ));
  }

  /**
   * One window command: the window's authorisation and the version first (someone else learns nothing of the
   * version), then the core's decision, the sub-task commands it causes as the system, one conditional write.
   */
  private async change(actor: StaffActor, caseId: string, expectedVersion: number, decide: (r: Read) => AcceptanceChange | DomainError): Promise<{ acceptance: AcceptanceView }> {
    for (let attempt = 1; ; attempt++) {
      const read = await this.read(caseId);
      const { loaded, snap, bundle } = read;
      const denied = authorizeCase(actor, 'acceptance', caseScope(loaded.record), snap.directory);
      if (denied) throw denied;
      if (!Number.isInteger(expectedVersion) || expectedVersion < 1 || expectedVersion > MAX_VERSION) {
        throw domainError('VALIDATION_FAILED', '缺少版本号', [{ field: 'expectedVersion', code: 'REQUIRED', message: '请提供办件的版本号' }]);
      }
      if (loaded.record.version !== expectedVersion) throw conflict('办件已被他人修改，请刷新后重试');
      const now = this.ctx.now();
      const decided = decide({ ...read, now });
      if (isDomainError(decided)) throw decided;
      const work = new CaseWork(loaded, bundle, snap, now, actor, this.ctx.cipher, false);
      work.applyCase(decided.result);
      for (const { itemId, command } of decided.subTasks) {
        const st = work.subTasks.get(itemId);
        if (!st) continue;
        const r = transitionSubTask(st, command, windowActor, now, work.ctx(itemId));
        if (isDomainError(r)) throw r;
        work.applySubTask(r);
      }
      work.run();
      let lease: ChangeLease | null;
      try {
        lease = await this.ctx.cases.commit(loaded, work.change(), { takeLease: this.ctx.drainsInline });
      } catch (err) {
        if (!isWriteConflict(err) || attempt >= MAX_ATTEMPTS) throw isWriteConflict(err) ? conflict() : err;
        continue;
      }
      await this.ctx.settle(caseId, lease);
      return this.present(actor, loaded, work.subTasks, work.record, snap, bundle);
    }
  }
}
