/**
 * The timer's sweep: re-delivers effects whose dispatcher invocation was lost (every case named by a dirty
 * marker is drained; markers of clean cases are removed), and raises clock alerts — warning and overdue,
 * once per threshold (core raiseAlert) — for the sub-tasks being worked, found through the department
 * queues in deadline order (rows due by the warning horizon only; no table scans), and mends a slice of the
 * work lists that disagree with their sub-tasks (queueRepair.ts).
 */
import { systemActor } from '../core/actor.js';
import { addWorkingDays } from '../core/calendar.js';
import { departmentQueue, parseSubTaskRef } from '../core/queue.js';
import { dateToInt, instantMillis, shanghaiDate } from '../core/time.js';
import { DIRTY_SHARDS } from '../store/dirty.js';
import type { ServiceContext } from './context.js';
import type { Drainer } from './drain.js';
import type { QueueRepair } from './queueRepair.js';
import type { HotlineOps } from './hotlineOps.js';
import type { RatingOps } from './ratingOps.js';
import { rectificationQueue } from './ratingQueue.js';
import { RECTIFICATION_WARN_DAYS } from '../core/rectification.js';
import { levelOf } from './levels.js';
import type { SubTaskCommands } from './transitions.js';
import type { SweepReport } from './types.js';

/** A marker whose case row shows no marker (or no case) is removed only after this long: a write may be in flight. */
const STALE_MARKER_MS = 10 * 60 * 1000;

const timer = systemActor('timer');

export class Sweeper {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly drainer: Drainer,
    private readonly commands: SubTaskCommands,
    private readonly repair: QueueRepair,
    private readonly ratings: RatingOps,
    private readonly hotline: HotlineOps,
  ) {}

  async sweep(now?: string): Promise<SweepReport> {
    const at = now ?? this.ctx.now();
    const report: SweepReport = { drained: [], alerts: 0, repaired: 0, failures: [] };
    for (let shard = 0; shard < DIRTY_SHARDS; shard++) {
      for (const m of await this.ctx.dirty.list(shard)) {
        try {
          const r = await this.drainer.drain(m.caseId, 'clean');
          report.drained.push({ caseId: r.caseId, applied: r.applied, pending: r.pending, clean: r.clean });
          const orphan = !r.exists || (!r.clean && !r.marker);
          const old = m.at === '' || instantMillis(at) - instantMillis(m.at) > STALE_MARKER_MS;
          if (orphan && old) await this.ctx.dirty.clear(m.caseId, m.token);
        } catch (err) {
          report.failures.push({ caseId: m.caseId, error: err instanceof Error ? err.message : String(err) });
        }
      }
    }
    report.repaired = await this.repair.run(report.failures);
    report.alerts = await this.alerts(at, report);
    return report;
  }

  private async alerts(at: string, report: SweepReport): Promise<number> {
    const snap = await this.ctx.snapshot();
    const today = shanghaiDate(at);
    const maxWarn = snap.maxWarnRemainingDays();
    const horizon = addWorkingDays(snap.calendar, today, maxWarn + 1);
    const toDue = dateToInt(horizon?.date ?? today) + 1;
    let raised = 0;
    const alerted = new Set<string>();
    for (const dep of snap.directory.departments) {
      for (const state of ['active', 'countersign'] as const) {
        const queue = departmentQueue(dep.district, dep.id, state);
        const { rows } = await this.ctx.queues.page(queue, { toDue, limit: 500 });
        for (const row of rows) {
          const l = levelOf(row.due, row.meta.warnDays, snap.calendar, today);
          if (l.level !== 'warning' && l.level !== 'overdue') continue;
          if (row.alerts.includes(l.level)) continue;
          const { caseId, itemId } = parseSubTaskRef(row.ref);
          try {
            const outcome = await this.commands.run(timer, caseId, itemId, { type: 'raiseAlert', level: l.level }, null, at);
            if (outcome.work) {
              raised++;
              alerted.add(caseId);
            }
            await this.ctx.queues.markAlerts(row, [...row.alerts, l.level]).catch(() => undefined);
          } catch (err) {
            report.failures.push({ caseId, error: err instanceof Error ? err.message : String(err) });
          }
        }
      }
    }
    raised += await this.rectificationAlerts(at, today, snap.calendar, alerted, report);
    // 81812345 assignments (DESIGN: Hotline): their orders are rows of the cases table, drained the same way
    const orders = await this.hotline.raiseAlerts(at, report.failures);
    raised += orders.length;
    for (const id of orders) alerted.add(id);
    // Deliver the alerts now rather than at the next sweep (the kick may be lost).
    for (const caseId of alerted) {
      try {
        await this.drainer.drain(caseId, 'clean');
      } catch (err) {
        report.failures.push({ caseId, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return raised;
  }

  /** 差评整改 alerts: each district's open rectifications due by the warning horizon, once per level (core rectification.ts). */
  private async rectificationAlerts(at: string, today: string, calendar: Parameters<typeof levelOf>[2], alerted: Set<string>, report: SweepReport): Promise<number> {
    const snap = await this.ctx.snapshot();
    const horizon = addWorkingDays(calendar, today, RECTIFICATION_WARN_DAYS + 1);
    const toDue = dateToInt(horizon?.date ?? today) + 1;
    let raised = 0;
    for (const district of snap.directory.districts) {
      const { rows } = await this.ctx.queues.page(rectificationQueue.district(district.code), { toDue, limit: 500 });
      for (const row of rows) {
        const l = levelOf(row.due, RECTIFICATION_WARN_DAYS, calendar, today);
        if ((l.level !== 'warning' && l.level !== 'overdue') || row.alerts.includes(l.level)) continue;
        const { caseId, itemId: rectificationId } = parseSubTaskRef(row.ref);
        try {
          if (await this.ratings.raiseAlert(caseId, rectificationId, l.level, at)) {
            raised++;
            alerted.add(caseId);
          }
          await this.ctx.queues.markAlerts(row, [...row.alerts, l.level]).catch(() => undefined);
        } catch (err) {
          report.failures.push({ caseId, error: err instanceof Error ? err.message : String(err) });
        }
      }
    }
    return raised;
  }
}
