/**
 * The 竣工联合验收 read model (GET /api/cases/:caseId/acceptance): site visit and confirmations, each department's
 * material requests (材料审查) and opinions and defects (open / closed), the 材料补正通知 and supplements, the rectification notices and records, the joint opinion with its
 * references to every department's signed opinion, the whole-case promise with its paused days, and what the
 * window can do next. The window, supervisors and auditors of the case's districts see it whole (policy caseSight);
 * a department's staff see their own department's part of it.
 */
import {
  caseAcceptanceOf, currentRound, departmentItems, nextStep, type NoticeDefect, type OpinionResult, openDefects, partOf, pausedDays,
} from './acceptance.js';
import type { MaterialNotice, MaterialRequest, MaterialSupplement } from './acceptanceMaterials.js';
import type { Bundle } from './bundle.js';
import type { WorkCalendar } from './calendar.js';
import type { CaseRecord } from './case.js';
import { findDepartment, findStaff, type Directory } from './directory.js';
import type { FormValues } from './form.js';
import type { CaseSight } from './policy.js';
import { type SubTask, type SubTaskState, subTaskStateLabels } from './subtaskRecord.js';
import { type CalendarDate, type Instant, shanghaiDate } from './time.js';

export interface AcceptanceView {
  caseId: string;
  version: number;
  state: CaseRecord['state'];
  siteVisit: {
    date: CalendarDate; time: string; place: string; note: string | null; scheduledBy: string; scheduledByName: string; scheduledAt: Instant;
    confirmations: { itemId: string; departmentName: string; by: string; byName: string; at: Instant }[];
  } | null;
  rounds: number;
  departments: {
    itemId: string; itemName: string; department: string; departmentName: string; state: SubTaskState; stateLabel: string;
    siteVisitConfirmed: boolean;
    /** 材料审查: its requests for missing materials, with the notice that carried each and when it was supplemented. */
    materialRequests: (MaterialRequest & { byName: string })[];
    opinions: {
      round: number; result: OpinionResult; opinion: string | null; signedBy: string; signedByName: string; sealId: string; sealName: string; at: Instant;
      /** The seal's Ed25519 signature of the opinion payload (core acceptance.ts opinionPayload), verifiable with the key's public record. */
      digest: string | null; keyId: string | null; signature: string | null;
      defects: { id: string; description: string; rule: string; photos: string[]; state: 'open' | 'closed' }[];
    }[];
  }[];
  /** 材料补正通知 (one per batch of requests) and the applicant's supplements recorded at the window. */
  materialNotices: MaterialNotice[];
  materialSupplements: MaterialSupplement[];
  notices: { number: string; round: number; issuedAt: Instant; issuedBy: string; defects: NoticeDefect[] }[];
  rectifications: { round: number; at: Instant; by: string; report: string; attachments: string[] }[];
  jointOpinion: {
    itemId: string; signedBy: string; signedByName: string; at: Instant; material: FormValues;
    references: { itemId: string; departmentName: string; round: number; sealId: string; digest: string | null }[];
  } | null;
  promise: { date: CalendarDate; provisional: boolean; days: number; pausedDays: number; paused: boolean };
  /** What the window can do now (Chinese); null for a department's staff. */
  next: string | null;
}

const staffName = (dir: Directory, id: string): string => findStaff(dir, id)?.name ?? id;
const departmentName = (dir: Directory, st: SubTask): string => findDepartment(dir, st.department)?.name ?? st.department;

export function acceptanceView(
  sight: CaseSight, c: CaseRecord, subTasks: ReadonlyMap<string, SubTask>, bundle: Bundle, dir: Directory, cal: WorkCalendar, now: Instant,
): AcceptanceView {
  const visible = (itemId: string) => sight.whole || sight.items.includes(itemId);
  const acc = caseAcceptanceOf(c);
  const items = departmentItems(bundle, c);
  const departments: AcceptanceView['departments'] = items.flatMap((item) => {
    const st = subTasks.get(item.id);
    if (!st || !visible(item.id)) return [];
    const part = partOf(st);
    const open = new Set(openDefects(part).map((d) => d.id));
    return [{
      itemId: item.id, itemName: item.name, department: st.department, departmentName: departmentName(dir, st), state: st.state, stateLabel: subTaskStateLabels[st.state],
      siteVisitConfirmed: part.siteVisit?.confirmedAt != null,
      materialRequests: (part.materialRequests ?? []).map((r) => ({ ...r, items: [...r.items], byName: staffName(dir, r.by) })),
      opinions: part.opinions.map((o, n) => ({
        round: o.round, result: o.result, opinion: o.opinion, signedBy: o.signedBy, signedByName: staffName(dir, o.signedBy), sealId: o.sealId,
        sealName: dir.seals.find((s) => s.id === o.sealId)?.name ?? o.sealId, at: o.at,
        digest: o.seal?.digest ?? null, keyId: o.seal?.keyId ?? null, signature: o.seal?.signature ?? null,
        defects: o.defects.map((d) => ({ ...d, photos: [...d.photos], state: n === part.opinions.length - 1 && open.has(d.id) ? 'open' as const : 'closed' as const })),
      })),
    }];
  });
  const confirmations = items.flatMap((item) => {
    const st = subTasks.get(item.id);
    const sv = st ? partOf(st).siteVisit : null;
    if (!st || !sv || sv.confirmedBy === null || sv.confirmedAt === null || !visible(item.id)) return [];
    return [{ itemId: item.id, departmentName: departmentName(dir, st), by: sv.confirmedBy, byName: staffName(dir, sv.confirmedBy), at: sv.confirmedAt }];
  });
  const jointId = bundle.jointAcceptance?.opinionItem;
  const joint = jointId ? subTasks.get(jointId) : undefined;
  const jointItem = jointId ? bundle.items.find((i) => i.id === jointId) : undefined;
  const signature = joint?.signatures[joint.signatures.length - 1];
  const jointOpinion: AcceptanceView['jointOpinion'] = joint && jointItem && joint.state === 'done' && signature && (sight.whole || visible(joint.itemId))
    ? {
      itemId: joint.itemId, signedBy: signature.signer, signedByName: staffName(dir, signature.signer), at: signature.at,
      material: { ...(joint.outputs[jointItem.outputs[0] ?? ''] ?? {}) },
      references: items.flatMap((item) => {
        const st = subTasks.get(item.id);
        const last = st ? partOf(st).opinions.at(-1) : undefined;
        if (!st || st.state !== 'done') return [];
        return [{ itemId: item.id, departmentName: departmentName(dir, st), round: last?.round ?? 1, sealId: last?.sealId ?? st.signatures.at(-1)?.sealId ?? '', digest: last?.seal?.digest ?? null }];
      }),
    }
    : null;
  const today = shanghaiDate(now);
  return {
    caseId: c.id,
    version: c.version,
    state: c.state,
    siteVisit: acc.siteVisit
      ? { ...acc.siteVisit, scheduledByName: staffName(dir, acc.siteVisit.scheduledBy), confirmations }
      : null,
    rounds: currentRound(acc),
    departments,
    materialNotices: (acc.materialNotices ?? []).map((n) => ({ ...n, requests: n.requests.filter((r) => visible(r.itemId)).map((r) => ({ ...r, items: [...r.items] })) })),
    materialSupplements: (acc.materialSupplements ?? []).map((s) => ({ ...s, attachments: [...s.attachments] })),
    notices: acc.notices.map((n) => ({ ...n, defects: n.defects.filter((d) => visible(d.itemId)) })),
    rectifications: acc.rectifications.map((r) => ({ ...r, attachments: [...r.attachments] })),
    jointOpinion,
    promise: {
      date: c.due.date, provisional: c.due.provisional, days: c.promisedDays ?? bundle.promisedDays,
      pausedDays: pausedDays(cal, acc.pauses, today), paused: acc.pauses.some((p) => p.until === null),
    },
    next: sight.whole ? nextStep(bundle, c, subTasks) : null,
  };
}
