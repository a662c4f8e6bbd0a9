// What the dispatcher and timer functions do with an event, free of FC: parse, call the service, report.
//
// Retry policy at this boundary (FC 2.0 delivers async invocations at least once; DESIGN.md "Effects"):
// - a malformed event is logged and ACCEPTED (returned, not thrown): retrying it could never succeed;
// - a drain that throws, or leaves effects pending, is THROWN: FC retries the event (maxAsyncRetryAttempts)
//   and, after that, the timer's sweep finds the case by its dirty marker. Re-running is harmless because
//   every effect is applied idempotently and marked done by its id.
// - a sweep reports per-case failures in its result but throws only when the sweep itself failed, so
//   one broken case never makes FC re-run the whole sweep.
import type { DrainReport, Services, SweepReport } from '../service/types.js';
import { parseDispatchEvent, parseTimerEvent } from './event.js';

export type Log = (line: string) => void;

export type DispatchOutcome = { status: 'ignored'; reason: string } | { status: 'drained'; report: DrainReport };

export class PendingEffectsError extends Error {
  constructor(readonly report: DrainReport) {
    super(
      report.busy
        ? `case ${report.caseId}: another drain holds the case (${report.pending} effect(s) pending); retried later`
        : `case ${report.caseId}: ${report.pending} effect(s) still pending after ${report.applied} applied`,
    );
    this.name = 'PendingEffectsError';
  }
}

export async function runDispatch(services: Pick<Services, 'drainCase'>, event: Buffer | string, log: Log): Promise<DispatchOutcome> {
  const parsed = parseDispatchEvent(event);
  if (!parsed.ok) {
    log(`dispatcher: event ignored (${parsed.reason})`);
    return { status: 'ignored', reason: parsed.reason };
  }
  const report = await services.drainCase(parsed.value.caseId);
  log(`dispatcher: case ${report.caseId}: ${report.applied} applied, ${report.pending} pending${report.clean ? ', clean' : ''}${report.busy ? ', busy' : ''}`);
  if (report.pending > 0) throw new PendingEffectsError(report);
  return { status: 'drained', report };
}

export type SweepOutcome =
  | { status: 'ignored'; reason: string }
  | { status: 'swept'; drained: number; applied: number; alerts: number; repaired: number; failures: SweepReport['failures'] };

export async function runSweep(services: Pick<Services, 'sweep'>, event: Buffer | string, log: Log, now?: string): Promise<SweepOutcome> {
  const parsed = parseTimerEvent(event);
  if (!parsed.ok) {
    log(`timer: event ignored (${parsed.reason})`);
    return { status: 'ignored', reason: parsed.reason };
  }
  const report = await services.sweep(now);
  const applied = report.drained.reduce((n, d) => n + d.applied, 0);
  log(`timer: sweep drained ${report.drained.length} case(s) (${applied} effect(s) applied), ${report.alerts} alert(s), ${report.repaired} queue row(s) repaired, ${report.failures.length} failure(s)`);
  // Case ids and error messages only: service errors never carry ID or phone numbers.
  for (const f of report.failures) log(`timer: case ${f.caseId} failed: ${f.error}`);
  return { status: 'swept', drained: report.drained.length, applied, alerts: report.alerts, repaired: report.repaired, failures: report.failures };
}
