/**
 * Intake (受理): the bundles a window offers, the one-table form, the pre-check (一次性告知) and the
 * acceptance of a case — idempotent by the client's requestId, with a case number
 * "<district id>-<yyyymmdd>-<daily sequence>" from an atomic counter.
 */
import { createHash } from 'node:crypto';
import type { StaffActor } from '../core/actor.js';
import { AGENT_AUTHORIZATION, AGENT_MATERIAL, agentAuthorizationType, agentFields, agentLine, type CaseAgent, effectiveAgent } from '../core/agent.js';
import { type Bundle, encryptedFieldKeys, predecessorsOf } from '../core/bundle.js';
import { subjectNames } from '../core/caseSearch.js';
import { acceptCase as acceptCore, type CaseRecord, normalizeValues, servicePointOf, subjectIds } from '../core/case.js';
import { findDepartment, findDistrict, type Directory } from '../core/directory.js';
import { domainError, isDomainError, type Issue } from '../core/errors.js';
import { deriveForm } from '../core/form.js';
import { type IntakeSubmission, parseIntake, suppliedMaterials } from '../core/intake.js';
import { materialSources } from '../core/materialSources.js';
import { INTAKE, type MaterialRecord } from '../core/materials.js';
import { authorizeAttachmentReference, authorizeCase } from '../core/policy.js';
import { type Notice, precheck } from '../core/precheck.js';
import type { SubTask } from '../core/subtask.js';
import { shanghaiDate } from '../core/time.js';
import { caseView, type CaseView } from '../core/view.js';
import { actorRef } from '../core/actor.js';
import { transitionKey } from '../store/caseRecord.js';
import { isConditionFailed } from '../store/client.js';
import { CaseWork } from './caseWork.js';
import type { ArchiveOps } from './archiveOps.js';
import { heldForIntake, heldMaterials } from './askOnce.js';
import type { AuditOps } from './auditOps.js';
import type { ServiceContext, Snapshot } from './context.js';
import { conflict, denyUnless, PrecheckFailedError } from './errors.js';
import type { AcceptResult, BundleSummary, FormResult, Receipt } from './types.js';
import type { ChangeLease } from '../store/caseStore.js';

/** The receipt with its 受理点 and, for an agent's application, the agent (masked). */
interface IntakeReceipt extends Receipt {
  servicePoint: { name: string; level: 'district' | 'town' | 'village' };
  agent: (CaseAgent & { text: string }) | null;
  /** 办件进度查询: the public page's link (the token in its fragment), printed as a QR code (progressOps.ts). */
  progress?: { url: string; token: string };
}

/**
 * The one-table form with where each material of the case comes from (core materialSources: the applicant or an
 * item of this case; the held ones are told by POST /api/intake/held), the agent block (帮办代办) and the window
 * the clerk accepts at (a village 代办员's applications default to themself as the agent).
 */
interface IntakeForm extends FormResult {
  materialSources: ReturnType<typeof materialSources>['materials'];
  agent: { fields: typeof agentFields; authorization: typeof agentAuthorizationType };
  servicePoint: { department: string; name: string; level: 'district' | 'town' | 'village' };
  /** Ask once: whether the archive may hold something for this bundle (a pre-fill rule, or an intake material some bundle issues). */
  askOnce: boolean;
  /** The form fields with a subject's number (the archive is searched by them). */
  subjectFields: string[];
}

/** The agent's fields encrypted at rest with the intake (its ID and phone numbers), whatever the bundle declares. */
const AGENT_ENCRYPTED_KEYS = encryptedFieldKeys(agentFields);

const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** How long a replay waits for the first attempt's case id (ms between looks; about 2.5 s in all). */
const REPLAY_WAITS_MS = [10, 20, 40, 80, 150, 300, 500, 600, 800];
/** A first attempt that took a number this long ago without recording its case id has stopped. */
const STALE_REQUEST_MS = 30_000;

/** The column of the day's sequence row that marks a request as numbered (column names: letters, digits, _). */
export const requestMarker = (reqKey: string): string => `r_${createHash('sha256').update(reqKey).digest('hex').slice(0, 32)}`;

function parseBody(body: unknown): { submission: IntakeSubmission; requestId: string | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw domainError('VALIDATION_FAILED', '申请内容格式有误');
  const { requestId, ...rest } = body as Record<string, unknown>;
  if (requestId !== undefined && (typeof requestId !== 'string' || !REQUEST_ID.test(requestId))) {
    throw domainError('VALIDATION_FAILED', '请求编号格式有误', [{ field: 'requestId', code: 'FORMAT', message: 'requestId 应为8至64位字母、数字、-或_' }]);
  }
  const parsed = parseIntake({ chosenOptional: [], ...rest });
  if (isDomainError(parsed)) throw parsed;
  return { submission: parsed, requestId: typeof requestId === 'string' ? requestId : null };
}

function receiptOf(record: CaseRecord, bundle: Bundle, dir: Directory, notice: Notice, clerk: StaffActor): IntakeReceipt {
  const point = record.servicePoint ?? servicePointOf(dir, clerk.department);
  return {
    servicePoint: { name: findDepartment(dir, point.department)?.name ?? point.department, level: point.level },
    agent: record.agent ? { ...record.agent, text: agentLine(record.agent) } : null,
    caseId: record.id,
    bundleName: record.bundleName,
    acceptedAt: record.acceptedAt,
    acceptingDistrict: findDistrict(dir, record.acceptingDistrict)?.name ?? record.acceptingDistrict,
    issuer: findDepartment(dir, clerk.department)?.name ?? clerk.department,
    clerk: clerk.name,
    // an enterprise or a project by its name, its public code after it; a person by the masked ID number
    applicants: record.subjects.map((s) => (s.name ? `${s.label} ${s.name}（${s.maskedId ?? ''}）` : `${s.label} ${s.maskedId ?? ''}`).trim()),
    due: record.due,
    items: record.items.map((id) => {
      const item = bundle.items.find((i) => i.id === id);
      const a = record.assignments[id];
      return {
        itemId: id,
        name: item?.name ?? id,
        department: findDepartment(dir, a?.department ?? '')?.name ?? a?.department ?? '',
        district: findDistrict(dir, a?.district ?? '')?.name ?? a?.district ?? '',
        limitDays: item?.timeLimitDays ?? 0,
      };
    }),
    notice,
  };
}

type AgentInput = ReturnType<typeof agentInput>;

/** 帮办代办: the application's agent (or the accepting village 代办员) and the files of its 授权委托书 (null: none supplied). */
function agentInput(actor: StaffActor, dir: Directory, submission: IntakeSubmission) {
  const agent = effectiveAgent(submission.agent, actor, dir);
  if (!agent) return null;
  const authorization = (submission.supplied ?? []).find((s) => s.type === AGENT_AUTHORIZATION);
  return { agent, authorizationFiles: authorization ? authorization.attachments.length : null };
}

export class Intake {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly archive: ArchiveOps,
    private readonly audit: AuditOps,
    private readonly progress?: { link(caseId: string): { url: string; token: string } },
  ) {}

  async listBundles(actor: StaffActor): Promise<{ bundles: BundleSummary[] }> {
    const snap = await this.ctx.snapshot();
    const joined = findDistrict(snap.directory, actor.district)?.bundles ?? [];
    const kinds = new Map(snap.directory.departmentKinds.map((k) => [k.id, k.name]));
    return {
      bundles: snap.latestBundles()
        .filter((b) => joined.includes(b.id))
        .map((b) => ({
          id: b.id,
          version: b.version,
          name: b.name,
          description: b.description ?? '',
          items: b.items.map((i) => ({ id: i.id, name: i.name, department: i.department, departmentName: kinds.get(i.department) ?? i.department, required: i.required })),
        })),
    };
  }

  async form(actor: StaffActor, bundleId: string, optional: string[] = [], version?: number): Promise<IntakeForm> {
    const snap = await this.ctx.snapshot();
    const bundle = snap.bundle(bundleId, version);
    const point = servicePointOf(snap.directory, actor.department);
    const issuable = new Set(snap.latestBundles().flatMap((b) => b.items.flatMap((i) => i.outputs)));
    return {
      askOnce: (bundle.prefill ?? []).length > 0 || bundle.intakeMaterials.some((m) => issuable.has(m)),
      subjectFields: bundle.subjects.filter((s) => s.source === 'form').map((s) => s.idField),
      materialSources: materialSources(bundle, optional).materials,
      agent: { fields: agentFields, authorization: agentAuthorizationType },
      servicePoint: { ...point, name: findDepartment(snap.directory, actor.department)?.name ?? actor.department },
      form: deriveForm(bundle, optional, snap.directory),
      bundle: { id: bundle.id, version: bundle.version, name: bundle.name },
      graph: { items: bundle.items.map((i) => ({ id: i.id, name: i.name, dependsOn: predecessorsOf(bundle, i).map((p) => p.id) })) },
      materials: bundle.intakeMaterials.flatMap((id) => bundle.materials.filter((m) => m.id === id)),
    };
  }

  /** The pre-check, with the intake materials the subjects' archive already holds (ask once, askOnce.ts). */
  private async check(
    actor: StaffActor, snap: Snapshot, submission: IntakeSubmission, now: string,
  ): Promise<{ bundle: Bundle; notice: Notice; reused: MaterialRecord[]; agent: AgentInput }> {
    denyUnless(authorizeCase(actor, 'intake', { acceptingDistrict: actor.district }, snap.directory));
    const bundle = snap.bundleForIntake(submission.bundleId, submission.bundleVersion);
    const values = normalizeValues(bundle, submission.values);
    const reused = await heldMaterials(this.ctx, snap, this.archive, bundle, values, submission.chosenOptional);
    const agent = agentInput(actor, snap.directory, submission);
    const notice = precheck({
      bundle,
      values,
      chosenOptional: submission.chosenOptional,
      providedMaterials: (submission.supplied ?? []).map((s) => s.type),
      acceptingDistrict: actor.district,
      directory: snap.directory,
      now,
      heldMaterials: reused.map((m) => ({ type: m.type, caseId: m.caseId, itemId: m.producedBy })),
      agent,
    });
    return { bundle, notice, reused, agent };
  }

  /**
   * 「调取档案材料」 (ask once): what the subjects' archive holds for this application and the form values it
   * pre-fills (askOnce.ts heldForIntake); the window of a district that joined the bundle only. Audited as an archive read.
   */
  async held(actor: StaffActor, body: unknown): Promise<Awaited<ReturnType<typeof heldForIntake>>> {
    const snap = await this.ctx.snapshot();
    const { submission } = parseBody(body);
    denyUnless(authorizeCase(actor, 'intake', { acceptingDistrict: actor.district }, snap.directory));
    const bundle = snap.bundleForIntake(submission.bundleId, submission.bundleVersion);
    if (!findDistrict(snap.directory, actor.district)?.bundles.includes(bundle.id)) {
      throw domainError('DISTRICT_NOT_JOINED', `本区尚未开通「${bundle.name}」联办，不能在本窗口受理`);
    }
    const values = normalizeValues(bundle, submission.values);
    return heldForIntake(this.ctx, snap, this.archive, this.audit, actor, bundle, values, submission.chosenOptional);
  }

  /** Changes nothing. */
  async precheck(actor: StaffActor, body: unknown): Promise<{ notice: Notice }> {
    const snap = await this.ctx.snapshot();
    const { submission } = parseBody(body);
    return { notice: (await this.check(actor, snap, submission, this.ctx.now())).notice };
  }

  async accept(actor: StaffActor, body: unknown): Promise<AcceptResult> {
    const snap = await this.ctx.snapshot();
    const now = this.ctx.now();
    const { submission, requestId } = parseBody(body);
    const { bundle, notice, reused, agent } = await this.check(actor, snap, submission, now);
    if (!notice.ok) throw new PrecheckFailedError(notice, notice.issues);
    const district = findDistrict(snap.directory, actor.district);
    if (!district) throw domainError('FORBIDDEN', '登录身份与部门信息不一致');

    // Files are checked before a number is taken: a refused intake uses no number.
    const supplied = await this.withUploadedFiles(actor, submission);

    const { caseId, fresh } = await this.caseIdFor(actor, district, shanghaiDate(now).replaceAll('-', ''), requestId);
    if (!fresh) {
      const existing = await this.ctx.cases.load(caseId, 'work');
      if (existing?.record) return this.result(actor, existing.record, [...existing.subTasks.values()], bundle, snap, notice, false, now);
    }

    const r = acceptCore({
      caseId, bundle, values: submission.values, chosenOptional: submission.chosenOptional,
      supplied: suppliedMaterials({ ...submission, supplied }, now), reused, agent, actor, now, directory: snap.directory, calendar: snap.calendar,
    });
    if (isDomainError(r)) throw r.code === 'PRECHECK_FAILED' ? new PrecheckFailedError(notice, r.issues) : r;

    const blank = this.ctx.cases.blank(caseId, r.case);
    const work = new CaseWork(blank, bundle, snap, now, actor, this.ctx.cipher, false);
    const caseKey = transitionKey.case(r.case.version);
    for (const st of r.subTasks) {
      const mine = (ref: string) => ref.endsWith(`/${st.itemId}`);
      work.applySubTask({
        subTask: st,
        events: r.events.filter((e) => e.itemId === st.itemId),
        effects: r.effects.filter((e) => (e.kind === 'enqueue' || e.kind === 'dequeue' ? mine(e.entry.ref) : 'itemId' in e && e.itemId === st.itemId)),
        changed: true,
      });
    }
    work.applyCase({
      case: r.case,
      events: r.events.filter((e) => e.itemId === null),
      effects: r.effects.filter((e) => !(e.kind === 'enqueue' || e.kind === 'dequeue') && !('itemId' in e && e.itemId !== null && r.case.items.includes(e.itemId))),
      changed: true,
    });
    work.indexSubjects(caseKey, subjectIds(bundle, r.materials[0]?.data ?? {}, {}));
    work.indexCase(caseKey, subjectNames(bundle, r.materials[0]?.data ?? {}));
    this.auditIntakeShares(work, r.subTasks, actor, reused);
    if (r.case.agent) this.auditAgent(work, caseKey, actor, now);
    work.run();
    let lease: ChangeLease | null;
    try {
      const change = work.change();
      const encryptedKeys = new Set([...change.encryptedKeys, ...AGENT_ENCRYPTED_KEYS]);
      const intake = { application: r.materials[0], supplied: r.materials.slice(1) };
      lease = await this.ctx.cases.create(blank, { ...change, encryptedKeys }, intake, { takeLease: this.ctx.drainsInline });
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
      // The same request raced itself: the other attempt created the case.
      const existing = await this.ctx.cases.load(caseId, 'work');
      if (!existing?.record) throw err;
      return this.result(actor, existing.record, [...existing.subTasks.values()], bundle, snap, notice, false, now);
    }
    await this.ctx.settle(caseId, lease);
    return this.result(actor, work.record, [...work.subTasks.values()], bundle, snap, notice, true, now);
  }

  /**
   * The supplied documents with each file checked by the policy against what the store recorded at upload:
   * only a file this clerk uploaded for an intake is accepted, and its size and type are the recorded ones
   * (the real size of the stored bytes), whatever the request claims. One point read per distinct file.
   */
  private async withUploadedFiles(actor: StaffActor, submission: IntakeSubmission): Promise<IntakeSubmission['supplied']> {
    const supplied = submission.supplied;
    if (!supplied?.some((s) => s.attachments.length > 0)) return supplied;
    const hashes = [...new Set(supplied.flatMap((s) => s.attachments.map((a) => a.sha256)))];
    const rows = new Map(await Promise.all(hashes.map(async (h) => [h, await this.ctx.counters.upload(actor.id, h, 'intake')] as const)));
    const issues: Issue[] = [];
    const out = supplied.map((s, i) => ({
      ...s,
      attachments: s.attachments.map((a, j) => {
        const row = rows.get(a.sha256) ?? null;
        const denied = authorizeAttachmentReference(actor, row, `supplied.${i}.attachments.${j}.sha256`);
        if (denied || !row) {
          issues.push(...(denied?.issues ?? []));
          return a;
        }
        return { ...a, size: row.size, mime: row.mime };
      }),
    }));
    if (issues.length) throw domainError('VALIDATION_FAILED', issues[0].message, issues);
    return out;
  }

  /**
   * The case id of an acceptance. With a requestId, the request is recorded in the same conditional write
   * that takes the day's number (Counters.nextOnce), so a replay — sequential or concurrent — never takes
   * another number: it waits for the first attempt's case id (`req:` row) and answers that case. `fresh`:
   * this call took the number, so no case can exist under it yet.
   */
  private async caseIdFor(actor: StaffActor, district: { id: string; code: string }, day: string, requestId: string | null): Promise<{ caseId: string; fresh: boolean }> {
    const seq = `seq:${district.code}:${day}`;
    const idOf = (n: number) => `${district.id}-${day}-${String(n).padStart(4, '0')}`;
    if (!requestId) return { caseId: idOf(await this.ctx.counters.next(seq)), fresh: true };
    const reqKey = `req:${actor.id}:${requestId}`;
    const marker = requestMarker(reqKey);
    const n = await this.ctx.counters.nextOnce(seq, marker, Date.now());
    if (n !== null) {
      // Not claimed only if the request was first accepted on an earlier day: its case keeps its number
      // (and this day's number n stays unused — a replay across midnight is the one way to skip a number).
      const claim = await this.ctx.counters.claim(reqKey, 'case', idOf(n));
      return { caseId: claim.value, fresh: claim.claimed };
    }
    // The same request took its number today: its case id follows at once (the next write of that attempt).
    for (const ms of REPLAY_WAITS_MS) {
      const row = await this.ctx.counters.get(reqKey);
      const known = typeof row?.case === 'string' ? row.case : undefined;
      if (known) return { caseId: known, fresh: false };
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    // Still nothing: that attempt is either slow or stopped between its number and its record. A stopped
    // attempt (older than STALE_REQUEST_MS) is replaced with a new number; a slow one is waited for.
    const taken = await this.ctx.counters.markerStamp(seq, marker);
    if (Date.now() - taken < STALE_REQUEST_MS) throw conflict('该申请正在受理中，请稍后刷新查看');
    const claim = await this.ctx.counters.claim(reqKey, 'case', idOf(await this.ctx.counters.next(seq)));
    return { caseId: claim.value, fresh: claim.claimed };
  }

  /**
   * The applicant's own documents reach the sub-tasks that declared them at acceptance: each is a share. A material
   * reused from the archive (ask once) is a share too, its data naming the source (`archive:<case>/<item>`).
   */
  private auditIntakeShares(work: CaseWork, subTasks: SubTask[], actor: StaffActor, reused: readonly MaterialRecord[]): void {
    for (const st of subTasks) {
      const item = work.bundle.items.find((i) => i.id === st.itemId);
      for (const [material, received] of Object.entries(st.inputs)) {
        if (received.from !== INTAKE) continue;
        const input = item?.inputs.find((i) => i.material === material);
        const source = reused.find((m) => m.type === material);
        work.audit(transitionKey.subTask(st.itemId, st.version), {
          caseId: st.caseId,
          at: received.receivedAt,
          action: 'share',
          actor: actorRef(actor),
          recipient: { department: st.department, district: st.district, itemId: st.itemId },
          subjects: work.subjects.map((s) => s.hash),
          data: [`${material}:${(input?.fields ?? Object.keys(received.fields)).join(',')}`, ...(source ? [`archive:${source.caseId}/${source.producedBy}`] : [])],
          purpose: input?.purpose ?? '',
        });
      }
    }
  }

  /** 帮办代办: the agent's identity and authorisation recorded with the case is an audit record of its own. */
  private auditAgent(work: CaseWork, key: string, actor: StaffActor, now: string): void {
    work.audit(key, {
      caseId: work.record.id,
      at: now,
      action: 'agentApplication',
      actor: actorRef(actor),
      recipient: { department: actor.department, district: actor.district, itemId: null },
      subjects: work.subjects.map((s) => s.hash),
      data: [`${AGENT_MATERIAL}:${agentFields.map((f) => f.key).join(',')}`, `${AGENT_AUTHORIZATION}:*`],
      purpose: '帮办代办：记录代办人身份、与申请人关系及授权委托书',
    });
  }

  private result(
    actor: StaffActor, record: CaseRecord, subTasks: SubTask[], bundle: Bundle, snap: Snapshot, notice: Notice, created: boolean, now: string,
  ): AcceptResult & { receipt: IntakeReceipt } {
    const view: CaseView | null = caseView(actor, record, subTasks, bundle, snap.directory, snap.calendar, now);
    if (!view) throw domainError('FORBIDDEN', '不能查看此办件');
    const receipt = receiptOf(record, bundle, snap.directory, notice, actor);
    return { created, case: view, receipt: this.progress ? { ...receipt, progress: this.progress.link(record.id) } : receipt };
  }
}
