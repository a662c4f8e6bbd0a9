/**
 * 办件进度查询 (DESIGN: Progress page): what the public page shows to whoever holds a receipt's QR code — no
 * session. The token (core progressToken.ts) names the case; a wrong, forged or expired token answers the same
 * NOT_FOUND, and counts as a failure of the client: after FAILURE_LIMIT failures within the current and the
 * previous window (counters rows `pf:<keyed hash of the client>:<window>`), every look-up of that client answers
 * RATE_LIMITED until the failures age out. The view carries no personal data beyond the masked name the case
 * index lists: no ID number, phone, address, no staff name.
 */
import { createHmac } from 'node:crypto';
import { findItem } from '../core/bundle.js';
import { type CaseRecord, caseStateLabels } from '../core/case.js';
import { findDepartment, findDistrict } from '../core/directory.js';
import { domainError } from '../core/errors.js';
import type { RatedCase } from '../core/rating.js';
import { progressExpired, progressKey, progressPath, progressToken, verifyProgressToken } from '../core/progressToken.js';
import type { SubTask } from '../core/subtask.js';
import type { SubTaskState } from '../core/subtaskRecord.js';
import { instantMillis, shanghaiDate } from '../core/time.js';
import { caseIndexKey } from '../store/caseIndex.js';
import { num } from '../store/rowOps.js';
import type { ServiceContext } from './context.js';

/** Failed look-ups a client may make within the current and the previous window. */
export const FAILURE_LIMIT = 10;
/** The window of the failure counters (10 minutes). */
const WINDOW_MS = 10 * 60_000;

/** What the applicant reads, in plain words: 待办理 (not yet started), 办理中, 已办结, or the few other ends. */
const ITEM_STATUS: Record<SubTaskState, { status: 'pending' | 'inProgress' | 'done' | 'stopped'; label: string }> = {
  waiting: { status: 'pending', label: '待办理' },
  ready: { status: 'pending', label: '待办理' },
  claimed: { status: 'inProgress', label: '办理中' },
  returned: { status: 'inProgress', label: '办理中（需补正材料，窗口会联系您）' },
  suspended: { status: 'inProgress', label: '办理中（暂停计时）' },
  countersigning: { status: 'inProgress', label: '办理中' },
  done: { status: 'done', label: '已办结' },
  refused: { status: 'stopped', label: '不予办理' },
  cancelled: { status: 'stopped', label: '已终止' },
};

export interface ProgressView {
  bundleName: string;
  caseId: string;
  /** The applicants as the case list shows them: a person's name masked (张*), an enterprise's name as registered. */
  applicants: string[];
  state: CaseRecord['state'];
  stateLabel: string;
  acceptedOn: string;
  /** 承诺办结日期. */
  due: { date: string; provisional: boolean };
  endedOn: string | null;
  items: { name: string; department: string; district: string; status: 'pending' | 'inProgress' | 'done' | 'stopped'; statusLabel: string }[];
  /** 出件 / 寄递, in one line each. */
  delivery: string[];
  /** The rating form is offered (the case has completed or closed). */
  ratable: boolean;
  /** The case has been rated (一事一评: the form thanks instead of asking). */
  rated: boolean;
}

export class ProgressOps {
  private readonly key: Buffer;

  constructor(private readonly ctx: ServiceContext, hashKey: string) {
    this.key = progressKey(hashKey);
  }

  /** The receipt's link: relative to the mini-app origin, the token in the fragment. */
  link(caseId: string): { url: string; token: string } {
    const token = progressToken(this.key, caseId);
    return { url: progressPath(token), token };
  }

  /** The progress of the case the token names; NOT_FOUND for any bad token, RATE_LIMITED after too many. */
  async view(token: unknown, client: string): Promise<ProgressView> {
    const { record, subTasks } = await this.resolve(token, client);
    const snap = await this.ctx.snapshot();
    const dir = snap.directory;
    let bundle: ReturnType<typeof snap.bundle> | null = null;
    try {
      bundle = snap.bundle(record.bundleId, record.bundleVersion);
    } catch {
      bundle = null;
    }
    const [row] = await this.ctx.caseIndex.get(record.acceptingDistrict, [caseIndexKey(shanghaiDate(record.acceptedAt).replaceAll('-', ''), record.id)]);
    const names = (bundle ? bundle.materials : []).reduce<Record<string, string>>((m, t) => ({ ...m, [t.id]: t.name }), {});
    return {
      bundleName: record.bundleName,
      caseId: record.id,
      applicants: row?.maskedNames ?? [],
      state: record.state,
      stateLabel: record.state === 'withdrawn' ? '已撤销' : caseStateLabels[record.state],
      acceptedOn: shanghaiDate(record.acceptedAt),
      due: record.due,
      endedOn: record.endedAt ? shanghaiDate(record.endedAt) : null,
      items: record.items.flatMap((itemId) => {
        const st = subTasks.get(itemId);
        if (!st) return [];
        const s = ITEM_STATUS[st.state];
        return [{
          name: (bundle && findItem(bundle, itemId)?.name) || itemId,
          department: findDepartment(dir, st.department)?.name ?? st.department,
          district: findDistrict(dir, st.district)?.name ?? st.district,
          status: s.status,
          statusLabel: s.label,
        }];
      }),
      delivery: deliveryLines(record, [...subTasks.values()], names),
      ratable: record.state === 'completed' || record.state === 'closed',
      rated: ((record as CaseRecord & RatedCase).ratings ?? []).some((r) => r.target === 'case'),
    };
  }

  /** The case the token names (its record and sub-tasks), counting a failure of the client when there is none. */
  async resolve(token: unknown, client: string): Promise<{ record: CaseRecord; subTasks: Map<string, SubTask> }> {
    const now = instantMillis(this.ctx.now());
    const window = Math.floor(now / WINDOW_MS);
    const clientKey = createHmac('sha256', this.key).update(`client:${client}`).digest('hex').slice(0, 32);
    const keys = [`pf:${clientKey}:${window}`, `pf:${clientKey}:${window - 1}`];
    const rows = await Promise.all(keys.map((k) => this.ctx.counters.get(k)));
    const failures = rows.reduce((n, r) => n + num(r?.n), 0);
    if (failures >= FAILURE_LIMIT) throw domainError('RATE_LIMITED', '查询失败次数过多，请10分钟后再试');
    const caseId = verifyProgressToken(this.key, token);
    const loaded = caseId ? await this.ctx.cases.load(caseId, 'work') : null;
    const record = loaded?.record ?? null;
    if (!loaded || !record || progressExpired(record.endedAt, this.ctx.now())) {
      await this.ctx.counters.next(keys[0]);
      throw domainError('NOT_FOUND', '未找到办件进度：二维码或链接无效，或已过查询期限');
    }
    return { record, subTasks: loaded.subTasks };
  }
}

/** 出件 / 寄递 in plain words: the window's hand-over (who collected is not shown), mailed outputs by carrier and tracking number. */
function deliveryLines(record: CaseRecord, subTasks: readonly SubTask[], names: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const st of subTasks) {
    for (const [material, d] of Object.entries(st.deliveries)) {
      lines.push(`${names[material] ?? material}已寄出：${d.carrier}，运单号 ${d.trackingNumber}`);
    }
  }
  const h = record.handover;
  if (h?.method === 'mail') lines.push(`办结材料已寄出：${h.carrier}，运单号 ${h.trackingNumber}`);
  else if (h?.method === 'pickup') lines.push(`办结材料已于 ${shanghaiDate(h.collectedAt)} 在窗口领取`);
  else if (record.state === 'completed') lines.push('办结材料待领取：请按受理时约定到受理窗口领取，或等待寄递');
  else if (record.state === 'accepted') lines.push('办结后可到受理窗口领取，或按约定寄递');
  return lines;
}
