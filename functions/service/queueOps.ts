/**
 * Work lists (my work, my department's, overdue, extension requests to decide, sub-tasks returned to the
 * accepting window for correction) and the supervision overview, read from the `queues`
 * table only — one short range read per queue page, no scans of cases. Which queues an actor may read is
 * the core's readableQueues (own queues, own department, delegated items of other departments, every
 * department of the district for supervisors).
 */
import type { StaffActor } from '../core/actor.js';
import { itemRef } from '../core/bundle.js';
import { addWorkingDays } from '../core/calendar.js';
import { findDepartment } from '../core/directory.js';
import { domainError, isDomainError } from '../core/errors.js';
import { assigneeGone, leftWorkQueues, type QueueGrant, readableQueues, supervisionScope } from '../core/policy.js';
import { parseSubTaskRef } from '../core/queue.js';
import { subTaskStateLabels, type SubTaskState } from '../core/subtask.js';
import { dateToInt, shanghaiDate } from '../core/time.js';
import { columnPart } from '../store/counters.js';
import type { QueuePosition, QueueRow } from '../store/queues.js';
import type { ServiceContext, Snapshot } from './context.js';
import { levelOf } from './levels.js';
import type { OverviewCounts, QueueItem, QueueKind, QueuePage, QueueQuery, SupervisionOverview } from './types.js';

/**
 * Badge counts stop at 100 (shown 99+, as 浙政钉 and DingTalk show theirs): a badge reads at most this many rows of a
 * queue, so the 待办 page costs the same with 40 or 40,000 sub-tasks waiting. Exact figures are on 督办 and 统计.
 */
const BADGE_CAP = 100;
/** Rows of another department's queue looked at for a delegation's badge (its items among others). */
const DELEGATED_SCAN = 500;

interface Cursor {
  g: number;
  p: QueuePosition;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (Number.isInteger(c.g) && c.g >= 0 && Number.isInteger(c.p?.due) && typeof c.p?.ref === 'string') return c;
  } catch {
    // fall through
  }
  throw domainError('VALIDATION_FAILED', '分页参数无效', [{ field: 'cursor', code: 'FORMAT', message: '分页参数无效' }]);
}

const parts = (queue: string) => queue.split(':');
/** "dept:<district>:<department>:<state>" → department; null for personal queues. */
const departmentOfQueue = (queue: string): string | null => (queue.startsWith('dept:') ? parts(queue)[2] ?? null : null);
const stateOfQueue = (queue: string): string => parts(queue)[parts(queue).length - 1] ?? '';

/** A row's item as delegations name it (`bundleId/itemId`; the row keeps `bundleId@version`). */
const rowItemRef = (row: QueueRow): string => itemRef(row.meta.bundleId.split('@')[0] ?? '', row.meta.itemId);

/** Where a list reads from: a queue partition, limited to some items and (for a person's work) to an assignee. */
interface Source extends QueueGrant {
  assignee?: string;
}

/**
 * A person's own work: the sub-tasks handed to them (their ready queue) and the ones they are working on —
 * which are not rows of their own but the department active rows they are the assignee of (store/queues.ts),
 * in their department and in the departments that delegated items to it.
 */
function mineSources(actor: StaffActor, grants: QueueGrant[]): Source[] {
  const own = grants.filter((g) => g.queue.startsWith(`user:${actor.id}:`));
  if (!own.some((g) => stateOfQueue(g.queue) === 'active')) return own;
  const active = grants.filter((g) => g.queue.startsWith('dept:') && stateOfQueue(g.queue) === 'active').map((g) => ({ ...g, assignee: actor.id }));
  return [...own.filter((g) => stateOfQueue(g.queue) !== 'active'), ...active];
}

/** Extension requests (延期申请) the actor may decide: the extension queues among the readable ones. */
function extensionSources(grants: QueueGrant[]): Source[] {
  return grants.filter((g) => g.queue.startsWith('dept:') && stateOfQueue(g.queue) === 'extension');
}

/** Sub-tasks returned for correction that the actor's window brings the materials for (退回补正). */
function correctionSources(grants: QueueGrant[]): Source[] {
  return grants.filter((g) => g.queue.startsWith('window:'));
}

/** Sub-tasks handed by name to disabled colleagues: shown with the department's ready list for 改派 (policy leftWorkQueues). */
const leftWork = (actor: StaffActor, snap: Snapshot): Source[] => leftWorkQueues(actor, snap.directory).map((queue) => ({ queue, items: null }));

/** Working days ahead within which the warning level can be reached (largest item threshold). */
function warnHorizon(snap: Snapshot): number {
  return snap.maxWarnRemainingDays();
}

export class QueueOps {
  constructor(private readonly ctx: ServiceContext) {}

  private grantsFor(actor: StaffActor, snap: Snapshot, kind: QueueKind, query: QueueQuery): Source[] {
    const grants = readableQueues(actor, snap.directory);
    if (kind === 'mine') return mineSources(actor, grants);
    if (kind === 'department') {
      const state = query.state ?? 'ready';
      if (!['ready', 'active', 'countersign'].includes(state)) throw domainError('VALIDATION_FAILED', '状态参数无效', [{ field: 'state', code: 'NOT_AN_OPTION', message: '状态应为 ready、active 或 countersign' }]);
      const own = grants.filter((g) => stateOfQueue(g.queue) === state && (departmentOfQueue(g.queue) === actor.department || g.items !== null));
      return state === 'ready' ? [...own, ...leftWork(actor, snap)] : own;
    }
    if (kind === 'extension') return extensionSources(grants);
    if (kind === 'correction') return correctionSources(grants);
    return grants.filter((g) => g.queue.startsWith('dept:') && ['active', 'countersign'].includes(stateOfQueue(g.queue)));
  }

  async queue(actor: StaffActor, kind: QueueKind, query: QueueQuery = {}): Promise<QueuePage> {
    if (!['mine', 'department', 'overdue', 'extension', 'correction'].includes(kind)) throw domainError('NOT_FOUND', '没有这个列表');
    const snap = await this.ctx.snapshot();
    const today = shanghaiDate(this.ctx.now());
    const limit = Math.min(100, Math.max(1, Math.floor(query.limit ?? 20)));
    const level = query.level ?? 'overdue';
    if (kind === 'overdue' && !['warning', 'overdue'].includes(level)) throw domainError('VALIDATION_FAILED', '级别参数无效', [{ field: 'level', code: 'NOT_AN_OPTION', message: '级别应为 warning 或 overdue' }]);
    const grants = this.grantsFor(actor, snap, kind, query);
    const range = kind !== 'overdue' ? {} : level === 'overdue' ? { toDue: dateToInt(today) } : this.warningRange(snap, today);
    const cursor = decodeCursor(query.cursor);
    const items: QueueItem[] = [];
    let next: Cursor | null = null;
    for (let g = cursor?.g ?? 0; g < grants.length && next === null; g++) {
      let start = cursor && cursor.g === g && cursor.p.due >= 0 ? cursor.p : null;
      for (;;) {
        const page = await this.ctx.queues.page(grants[g].queue, { ...range, start, limit: limit - items.length, assignee: grants[g].assignee });
        for (const row of page.rows) {
          if (grants[g].items && !grants[g].items?.includes(rowItemRef(row))) continue;
          const item = this.itemOf(row, snap, today);
          if (kind === 'overdue' && item.level !== level) continue;
          items.push(item);
        }
        if (!page.next) break;
        if (items.length >= limit) {
          next = { g, p: page.next };
          break;
        }
        start = page.next;
      }
      if (next === null && items.length >= limit && g + 1 < grants.length) next = { g: g + 1, p: { due: -1, ref: '' } };
    }
    return { items, nextCursor: next ? encodeCursor(next) : null, counts: await this.counts(actor, snap, today) };
  }

  private warningRange(snap: Snapshot, today: string): { fromDue: number; toDue: number } {
    const horizon = addWorkingDays(snap.calendar, today, warnHorizon(snap) + 1);
    return { fromDue: dateToInt(today), toDue: dateToInt(horizon?.date ?? today) + 1 };
  }

  private itemOf(row: QueueRow, snap: Snapshot, today: string): QueueItem {
    const l = levelOf(row.due, row.meta.warnDays, snap.calendar, today);
    const { caseId, itemId } = parseSubTaskRef(row.ref);
    const state = row.meta.state as SubTaskState;
    return {
      caseId,
      itemId,
      itemName: row.meta.itemName,
      bundleName: row.meta.bundleName,
      department: findDepartment(snap.directory, row.meta.department)?.name ?? row.meta.department,
      district: row.meta.district,
      state: row.meta.state,
      stateLabel: subTaskStateLabels[state] ?? row.meta.state,
      due: l.dueDate,
      level: l.level,
      remainingDays: l.remainingDays,
      subject: row.meta.subject,
      assignee: row.meta.assignee,
      // 经办人已停用: read against the directory now, so a disable shows without touching the queue rows.
      ...(assigneeGone(row.meta, snap.directory) ? { assigneeDisabled: true } : {}),
    };
  }

  /**
   * Badge counts (each up to BADGE_CAP): my work, my department's ready list and countersign list (as the department list reads them),
   * extension requests to decide, sub-tasks returned to the window, warning and overdue among what the actor may read.
   */
  private async counts(actor: StaffActor, snap: Snapshot, today: string): Promise<QueuePage['counts']> {
    const grants = readableQueues(actor, snap.directory);
    const mine = mineSources(actor, grants);
    const dept = [...grants.filter((g) => stateOfQueue(g.queue) === 'ready' && departmentOfQueue(g.queue) === actor.department), ...leftWork(actor, snap)];
    const watched = grants.filter((g) => g.queue.startsWith('dept:') && ['active', 'countersign'].includes(stateOfQueue(g.queue)));
    const countAll = async (gs: Source[]) => (await Promise.all(gs.map((g) => this.countGrant(g)))).reduce((a, b) => a + b, 0);
    const countersign = grants.filter((g) => stateOfQueue(g.queue) === 'countersign' && (departmentOfQueue(g.queue) === actor.department || g.items !== null));
    const [m, d, cs, x, c, levels] = await Promise.all([
      countAll(mine), countAll(dept), countAll(countersign), countAll(extensionSources(grants)), countAll(correctionSources(grants)), this.levelCounts(watched, snap, today),
    ]);
    const cap = (n: number) => Math.min(n, BADGE_CAP);
    return { mine: cap(m), department: cap(d), countersign: cap(cs), extension: cap(x), correction: cap(c), warning: cap(levels.warning), overdue: cap(levels.overdue) };
  }

  /**
   * The rows of one source (within `range`): counted, or (a delegation's queue, limited to some items) paged and
   * filtered by item.
   */
  private async countGrant(g: Source, range: { toDue?: number } = {}): Promise<number> {
    if (!g.items) return this.ctx.queues.count(g.queue, { ...range, assignee: g.assignee, cap: BADGE_CAP });
    let n = 0;
    let start: QueuePosition | null = null;
    for (let read = 0; ; ) {
      const page: { rows: QueueRow[]; next: QueuePosition | null } = await this.ctx.queues.page(g.queue, { ...range, start, limit: BADGE_CAP, columns: ['b', 'i'], assignee: g.assignee });
      n += page.rows.filter((r) => g.items?.includes(rowItemRef(r))).length;
      read += page.rows.length;
      // A delegation's rows among other items: at most DELEGATED_SCAN rows are looked at for one badge.
      if (!page.next || n >= BADGE_CAP || read >= DELEGATED_SCAN) return n;
      start = page.next;
    }
  }

  private async levelCounts(grants: QueueGrant[], snap: Snapshot, today: string): Promise<{ warning: number; overdue: number }> {
    const warn = this.warningRange(snap, today);
    // Per grant, then summed: `n += await …` would read n before the await and lose the other grants' counts.
    const perGrant = await Promise.all(grants.map(async (g) => {
      // A delegation's queue: only the delegated items' rows, as the warning count and the lists filter them.
      const overdue = await this.countGrant(g, { toDue: dateToInt(today) });
      // The bundle and item cells only where a delegation's items filter the rows (fewer bytes read otherwise).
      const page = await this.ctx.queues.page(g.queue, { ...warn, limit: BADGE_CAP, columns: g.items ? ['wd', 'b', 'i'] : ['wd'] });
      const warning = page.rows.filter((row) => (!g.items || g.items.includes(rowItemRef(row))) && levelOf(row.due, row.meta.warnDays, snap.calendar, today).level === 'warning').length;
      return { warning, overdue };
    }));
    return perGrant.reduce((a, b) => ({ warning: a.warning + b.warning, overdue: a.overdue + b.overdue }), { warning: 0, overdue: 0 });
  }

  /** The district's running work by department, from its department queues and the on-time counters. */
  async overview(actor: StaffActor): Promise<SupervisionOverview> {
    const snap = await this.ctx.snapshot();
    const today = shanghaiDate(this.ctx.now());
    // Which departments, and which of their queues, the core's policy decides (supervisionScope).
    const scope = supervisionScope(actor, snap.directory);
    if (isDomainError(scope)) throw scope;
    const done = await this.ctx.counters.sum('done:', 'done;');
    const byDepartment = await Promise.all(scope.map(async ({ department: dep, grants }) => {
      const counts: OverviewCounts = {
        running: 0, warning: 0, overdue: 0,
        doneOnTime: done[`ok_${columnPart(dep.id)}`] ?? 0, doneLate: done[`late_${columnPart(dep.id)}`] ?? 0,
      };
      for (const g of grants) {
        let start: QueuePosition | null = null;
        for (;;) {
          const page: { rows: QueueRow[]; next: QueuePosition | null } = await this.ctx.queues.page(g.queue, { start, limit: 500, columns: ['wd'] });
          for (const row of page.rows) {
            counts.running++;
            if (stateOfQueue(g.queue) === 'ready') continue;
            const l = levelOf(row.due, row.meta.warnDays, snap.calendar, today).level;
            if (l === 'warning') counts.warning++;
            if (l === 'overdue') counts.overdue++;
          }
          if (!page.next) break;
          start = page.next;
        }
      }
      return { department: dep.id, departmentName: dep.name, ...counts };
    }));
    const total = byDepartment.reduce<OverviewCounts>(
      (a, d) => ({
        running: a.running + d.running, warning: a.warning + d.warning, overdue: a.overdue + d.overdue,
        doneOnTime: a.doneOnTime + d.doneOnTime, doneLate: a.doneLate + d.doneLate,
      }),
      { running: 0, warning: 0, overdue: 0, doneOnTime: 0, doneLate: 0 },
    );
    return { district: actor.district, counts: total, byDepartment };
  }
}
