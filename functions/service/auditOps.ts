/**
 * Access records outside a transition (archive reads, attachment downloads) and the audit trail.
 * A record is linked onto the case's chain by a conditional write of the chain head that also stores the
 * record as a pending effect; the record's row is then written at once (and by the dispatcher if this
 * process dies first), so no record is lost and the chain never forks.
 */
import type { StaffActor } from '../core/actor.js';
import { actorRef } from '../core/actor.js';
import type { Bundle } from '../core/bundle.js';
import { type Directory, findDepartment, findDistrict } from '../core/directory.js';
import { authorizeAuditTrail } from '../core/policy.js';
import { AGENT_MATERIAL, agentAuthorizationType, agentFields } from '../core/agent.js';
import { type AuditDraft, EMPTY_HEAD, linkRecords, type StoredAuditRecord, verifyChain } from '../store/audit.js';
import { transitionKey } from '../store/caseRecord.js';
import type { ServiceContext } from './context.js';
import type { Drainer } from './drain.js';
import { conflict, isWriteConflict, notFound } from './errors.js';
import type { AuditNames, AuditRecord, AuditTrail } from './types.js';

/** The names an auditor reads instead of the codes the records hold: departments, districts, the case's items, materials and their fields. */
function auditNames(records: readonly StoredAuditRecord[], bundle: Bundle | null, dir: Directory): AuditNames {
  const names: AuditNames = { bundle: bundle?.name ?? '', departments: {}, districts: {}, items: {}, materials: {}, fields: {} };
  for (const r of records) {
    for (const dep of [r.actor.department, r.recipient?.department]) if (dep) names.departments[dep] = findDepartment(dir, dep)?.name ?? dep;
    for (const d of [r.actor.district, r.recipient?.district]) if (d) names.districts[d] = findDistrict(dir, d)?.name ?? d;
  }
  for (const i of bundle?.items ?? []) names.items[i.id] = i.name;
  // 帮办代办: the agent record and the 授权委托书 kept with the intake (core agent.ts)
  const agent = { id: AGENT_MATERIAL, name: '代办人信息', fields: agentFields };
  for (const m of [...(bundle?.materials ?? []), agent, agentAuthorizationType]) {
    names.materials[m.id] = m.name;
    for (const f of m.fields) names.fields[`${m.id}.${f.key}`] = f.label;
  }
  return names;
}

export class AuditOps {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly drainer: Drainer,
  ) {}

  /** Appends access records to a case's chain; returns them as stored. */
  async append(caseId: string, drafts: Omit<AuditDraft, 'caseId'>[]): Promise<StoredAuditRecord[]> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.ctx.cases.load(caseId, 'auditAppend');
      if (!loaded?.record) throw notFound('办件');
      const { records, head } = linkRecords(loaded.head ?? EMPTY_HEAD, drafts.map((d) => ({ ...d, caseId })));
      const transition = transitionKey.audit(records[0].seq);
      try {
        // The new head and the records as a pending effect (the dispatcher writes them if this process dies).
        await this.ctx.cases.commit(loaded, {
          encryptedKeys: new Set(),
          auditHead: head,
          effects: [{ transition, effects: [{ id: `${caseId}/audit/${records[0].seq}`, kind: 'audit', records }] }],
        });
      } catch (err) {
        if (!isWriteConflict(err)) throw err;
        if (attempt >= 8) throw conflict('审计记录写入繁忙，请重试');
        continue;
      }
      await this.ctx.audit.put(records);
      await this.ctx.cases.dropAppliedEffects(caseId, transition);
      return records;
    }
  }

  /** Draft of a record of this actor reading data. */
  draft(actor: StaffActor, action: string, subjects: string[], data: string[], purpose: string, itemId: string | null = null): Omit<AuditDraft, 'caseId'> {
    return {
      at: this.ctx.now(),
      action,
      actor: actorRef(actor),
      recipient: { department: actor.department, district: actor.district, itemId },
      subjects,
      data,
      purpose,
    };
  }

  /** The case's access records with the chain verified (auditors and supervisors of the case's districts). */
  async trail(actor: StaffActor, caseId: string): Promise<AuditTrail> {
    const [snap, loaded] = await Promise.all([this.ctx.snapshot(), this.ctx.cases.load(caseId, 'auditChain')]);
    if (!loaded?.record) throw notFound('办件');
    const denied = authorizeAuditTrail(actor, [loaded.record.acceptingDistrict, ...loaded.record.districts], snap.directory);
    if (denied) throw denied;
    let records = await this.ctx.audit.list(caseId);
    const expected = loaded.head?.seq ?? 0;
    if (records.length < expected) {
      // Records linked but not yet written (dispatcher pending): write them now.
      await this.drainer.drain(caseId);
      records = await this.ctx.audit.list(caseId);
    }
    let brokenAt = verifyChain(records);
    const last = records[records.length - 1];
    if (brokenAt === null && (records.length !== expected || (last && last.hash !== loaded.head?.hash))) brokenAt = Math.min(records.length, expected) + 1;
    const out: AuditRecord[] = records.map((r) => ({ ...r }));
    let bundle: Bundle | null = null;
    try {
      bundle = snap.bundle(loaded.record.bundleId, loaded.record.bundleVersion);
    } catch {
      bundle = null; // a bundle version no longer configured: codes stay codes
    }
    const names = auditNames(records, bundle, snap.directory);
    return brokenAt === null ? { records: out, chainValid: true, names } : { records: out, chainValid: false, brokenAt, names };
  }
}
