/**
 * Running one sub-task command against the store: read the case row (only what the command needs), let
 * the core decide (authorisation, state, input checks — transitionSubTask), sign with the seal's Ed25519
 * key where the command signs, apply the cascade inside the case, and write it all as one conditional
 * write. A racing change makes the write fail: the command is rebuilt on a fresh read, and reported as
 * CONFLICT when the sub-task itself moved past the version the caller saw.
 */
import type { Actor } from '../core/actor.js';
import { findItem } from '../core/bundle.js';
import { caseInfoOf } from '../core/case.js';
import { findSeal } from '../core/directory.js';
import { domainError, isDomainError } from '../core/errors.js';
import { authorizeSubTask } from '../core/policy.js';
import { opinionPayload, partOf } from '../core/acceptance.js';
import { signedDelegation } from '../core/seal.js';
import type { SignedDelegation } from '../core/signedDelegation.js';
import { payloadDigest, signOffPayload, signPayload } from '../core/signing.js';
import { caseScopeOf, scopeOf, type SubTask, type SubTaskCommand, type SubTaskResult, transitionSubTask } from '../core/subtask.js';
import type { LoadedCase, SignatureEntry } from '../store/caseRecord.js';
import { CaseWork, NeedsFullRead } from './caseWork.js';
import type { ServiceContext, Snapshot } from './context.js';
import { checkDelegationStillGrants } from './delegationCheck.js';
import { conflict, isWriteConflict, notFound } from './errors.js';
import type { ChangeLease } from '../store/caseStore.js';

/** Commands whose result can reach other sub-tasks or the case (done, refused, cancelled). */
const CASCADING: ReadonlySet<SubTaskCommand['type']> = new Set(['signOff', 'countersign', 'refuse', 'cancel', 'recordOpinion']);
const SIGNING: ReadonlySet<SubTaskCommand['type']> = new Set(['signOff', 'countersign', 'refuse', 'recordOpinion']);

const MAX_ATTEMPTS = 5;

export interface CommandOutcome {
  subTask: SubTask;
  loaded: LoadedCase;
  work: CaseWork | null;
  snapshot: Snapshot;
}

export class SubTaskCommands {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Runs the command. `expectedVersion` null: no staleness check (system commands). Throws DomainError.
   * Returns the sub-task after the command (unchanged when the command was a no-op).
   */
  async run(actor: Actor, caseId: string, itemId: string, command: SubTaskCommand, expectedVersion: number | null, at?: string): Promise<CommandOutcome> {
    // A command that cannot cascade reads only its sub-task and what its write compares — unless its request drains
    // the change's effects itself: the whole work range (one read CU for a birth case, as the narrow read) includes
    // the pending effects, so the drain starts from the change's own view instead of reading the row again.
    let full = CASCADING.has(command.type) || this.ctx.drainsInline;
    for (let attempt = 1; ; attempt++) {
      const snapshot = await this.ctx.snapshot();
      const loaded = await this.ctx.cases.load(caseId, full ? 'work' : { change: itemId });
      if (!loaded?.record) throw notFound('办件');
      const st = loaded.subTasks.get(itemId);
      if (!st) throw notFound('子任务');
      const bundle = snapshot.bundle(loaded.record.bundleId, loaded.record.bundleVersion);
      const item = findItem(bundle, itemId);
      if (!item) throw notFound('事项');
      const caseInfo = caseInfoOf(loaded.record);
      if (expectedVersion !== null && st.version !== expectedVersion) {
        // Someone who may not even see the sub-task learns nothing about its version.
        const denied = authorizeSubTask(actor, 'view', scopeOf(st), caseScopeOf(caseInfo), snapshot.directory);
        if (denied && actor.kind === 'staff') throw denied;
        throw conflict();
      }
      const now = at ?? this.ctx.now();
      // A full read knows the other sub-tasks' states (the joint acceptance opinion waits for every department's).
      // and the files uploaded to the sub-task (a 单项验收意见's photos must be among them).
      const known = full
        ? { siblings: Object.fromEntries([...loaded.subTasks].map(([id, s]) => [id, s.state])), uploads: loaded.files.filter((f) => f.itemId === itemId).map((f) => f.sha256) }
        : {};
      const ctxItem = { bundle, item, directory: snapshot.directory, calendar: snapshot.calendar, caseInfo, ...known };
      const decided = transitionSubTask(st, command, actor, now, ctxItem);
      if (isDomainError(decided)) throw decided;
      const result = command.type === 'recordOpinion' && decided.changed ? await this.sealOpinion(decided, snapshot, now) : decided;
      if (!result.changed) return { subTask: st, loaded, work: null, snapshot };

      if (SIGNING.has(command.type)) await checkDelegationStillGrants(this.ctx, actor, scopeOf(st), snapshot, now);
      const work = new CaseWork(loaded, bundle, snapshot, now, actor, this.ctx.cipher, !full);
      const delegation = SIGNING.has(command.type) ? delegationOfCommand(command, snapshot, st) : null;
      work.applySubTask(delegation ? withDelegationDetail(result, delegation) : result);
      if (SIGNING.has(command.type)) await this.sign(work, st, result.subTask, command, snapshot, now, delegation);
      try {
        work.run();
      } catch (err) {
        if (err instanceof NeedsFullRead && !full) {
          full = true;
          continue;
        }
        throw err;
      }
      let lease: ChangeLease | null;
      try {
        lease = await this.ctx.cases.commit(loaded, work.change(), { takeLease: this.ctx.drainsInline });
      } catch (err) {
        if (!isWriteConflict(err)) throw err;
        if (attempt >= MAX_ATTEMPTS) throw conflict();
        continue; // re-read: a stale expectedVersion now reports CONFLICT, anything else is rebuilt
      }
      await this.ctx.settle(caseId, lease);
      return { subTask: work.subTasks.get(itemId) ?? result.subTask, loaded, work, snapshot };
    }
  }

  /** 单项验收意见: the seal's Ed25519 signature of the opinion (core acceptance.ts opinionPayload), kept with it. */
  private async sealOpinion(result: SubTaskResult, snapshot: Snapshot, now: string): Promise<SubTaskResult> {
    const st = result.subTask;
    const part = partOf(st);
    const opinion = part.opinions[part.opinions.length - 1];
    if (!opinion) throw new Error('recordOpinion without an opinion');
    const seal = findSeal(snapshot.directory, opinion.sealId);
    if (!seal) throw domainError('NOT_FOUND', `印章不存在: ${opinion.sealId}`);
    const payload = opinionPayload({
      caseId: st.caseId, bundleId: st.bundleId, bundleVersion: st.bundleVersion, itemId: st.itemId, department: st.department, district: st.district, opinion,
    });
    const privateKey = await this.ctx.sealKeys.privateKeyPem(seal, now);
    const sealed = { ...opinion, seal: { keyId: seal.keyId, digest: payloadDigest(payload), signature: signPayload(payload, privateKey) } };
    return { ...result, subTask: { ...st, acceptance: { ...part, opinions: [...part.opinions.slice(0, -1), sealed] } } };
  }

  /**
   * Ed25519 signature of the sign-off facts with the seal's key (after the core checked the seal's scope); a passing
   * 单项验收意见 is also signed as the sign-off of the opinion material it issues.
   */
  private async sign(
    work: CaseWork, before: SubTask, after: SubTask, command: SubTaskCommand, snapshot: Snapshot, now: string, delegation: SignedDelegation | null,
  ): Promise<void> {
    if (command.type === 'recordOpinion' && after.state !== 'done') return;
    if (command.type !== 'signOff' && command.type !== 'countersign' && command.type !== 'refuse' && command.type !== 'recordOpinion') return;
    const seal = findSeal(snapshot.directory, command.sealId);
    if (!seal) throw domainError('NOT_FOUND', `印章不存在: ${command.sealId}`);
    const last = after.signatures[after.signatures.length - 1];
    if (!last) throw new Error('signed transition without a signature');
    const facts = {
      caseId: after.caseId,
      bundleId: after.bundleId,
      bundleVersion: after.bundleVersion,
      itemId: after.itemId,
      department: before.department,
      district: before.district,
      sealId: seal.id,
      signers: after.signatures.map((s) => s.signer),
      at: last.at,
      outputs: command.type === 'refuse' ? {} : after.outputs,
      corrections: command.type === 'refuse' ? [] : after.corrections ?? [],
      delegation,
    };
    const payload = signOffPayload(facts);
    const privateKey = await this.ctx.sealKeys.privateKeyPem(seal, now);
    const entry: SignatureEntry = {
      kind: command.type === 'recordOpinion' ? 'signOff' : command.type,
      sealId: seal.id,
      keyId: seal.keyId,
      signer: last.signer,
      signers: facts.signers,
      department: facts.department,
      district: facts.district,
      at: last.at,
      digest: payloadDigest(payload),
      signature: signPayload(payload, privateKey),
      ...(delegation ? { delegation } : {}),
    };
    work.addSignature(after.itemId, after.signatures.length, entry);
  }
}

/** The 集中授权 a signing command's seal signs the sub-task under (core seal.ts signedDelegation), null in a department's own right. */
function delegationOfCommand(command: SubTaskCommand, snapshot: Snapshot, st: SubTask): SignedDelegation | null {
  if (!('sealId' in command) || typeof command.sealId !== 'string') return null;
  const seal = findSeal(snapshot.directory, command.sealId);
  return seal ? signedDelegation(snapshot.directory, seal, scopeOf(st)) : null;
}

/** The signing event names the delegation and both departments, so the timeline shows on whose authority the window signed. */
function withDelegationDetail(result: SubTaskResult, d: SignedDelegation): SubTaskResult {
  const detail = { delegationId: d.id, delegationFrom: d.fromDepartment, delegationFromName: d.fromDepartmentName, delegationToName: d.toDepartmentName };
  return { ...result, events: result.events.map((e) => ({ ...e, detail: { ...e.detail, ...detail } })) };
}
