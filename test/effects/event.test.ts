/** The dispatcher's and the timer's event formats, and the jobs' retry policy (what is thrown, what is accepted). */
import { describe, expect, it } from 'vitest';
import { dispatchEventBytes, parseDispatchEvent, parseTimerEvent } from '../../functions/effects/event';
import { PendingEffectsError, runDispatch, runSweep } from '../../functions/effects/jobs';
import type { DrainReport, SweepReport } from '../../functions/service/types';

describe('dispatch event', () => {
  it('round-trips what kick sends', () => {
    expect(parseDispatchEvent(Buffer.from(dispatchEventBytes('C-2025-0001')))).toEqual({ ok: true, value: { caseId: 'C-2025-0001' } });
  });

  it.each([
    ['not JSON', 'caseId=1', /not JSON/],
    ['an array', '["C-1"]', /not a JSON object/],
    ['no caseId', '{"case":"C-2025-0001"}', /no string caseId/],
    ['a numeric caseId', '{"caseId":12345}', /no string caseId/],
    ['an invalid caseId', '{"caseId":"../../etc"}', /not a valid case id/],
    ['a too short caseId', '{"caseId":"C1"}', /not a valid case id/],
  ])('refuses %s without echoing it', (_label, text, reason) => {
    const parsed = parseDispatchEvent(Buffer.from(text));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toMatch(reason);
      expect(parsed.reason).not.toContain('etc');
    }
  });
});

describe('timer event', () => {
  it("reads FC's timer event and its configured payload", () => {
    const event = JSON.stringify({ triggerTime: '2025-03-03T02:00:00Z', triggerName: 'sweep', payload: '{"job":"sweep"}' });
    expect(parseTimerEvent(event)).toEqual({ ok: true, value: { job: 'sweep', triggerTime: '2025-03-03T02:00:00Z' } });
    expect(parseTimerEvent('{"job":"sweep"}')).toEqual({ ok: true, value: { job: 'sweep', triggerTime: null } });
  });

  it('refuses unknown jobs and broken payloads', () => {
    expect(parseTimerEvent(JSON.stringify({ triggerTime: 'x', payload: '{"job":"purge"}' })).ok).toBe(false);
    expect(parseTimerEvent(JSON.stringify({ payload: 'sweep' })).ok).toBe(false);
    expect(parseTimerEvent('[]').ok).toBe(false);
  });
});

describe('jobs', () => {
  const report = (pending: number): DrainReport => ({ caseId: 'C-2025-0001', applied: 3, pending, clean: pending === 0 });

  it('a bad dispatch event is accepted (logged, no retry) and drains nothing', async () => {
    const logs: string[] = [];
    let drained = 0;
    const out = await runDispatch({ drainCase: async () => (drained++, report(0)) }, Buffer.from('{}'), (l) => logs.push(l));
    expect(out.status).toBe('ignored');
    expect(drained).toBe(0);
    expect(logs[0]).toMatch(/event ignored/);
  });

  it('a drain that leaves effects pending, or throws, fails the invocation so FC retries it', async () => {
    const event = Buffer.from(dispatchEventBytes('C-2025-0001'));
    await expect(runDispatch({ drainCase: async () => report(2) }, event, () => {})).rejects.toBeInstanceOf(PendingEffectsError);
    await expect(runDispatch({ drainCase: async () => Promise.reject(new Error('ots down')) }, event, () => {})).rejects.toThrow('ots down');
    await expect(runDispatch({ drainCase: async () => report(0) }, event, () => {})).resolves.toMatchObject({ status: 'drained', report: { clean: true } });
  });

  it('a sweep reports per-case failures without failing the invocation', async () => {
    const logs: string[] = [];
    const sweepReport: SweepReport = { drained: [report(0), { ...report(0), caseId: 'C-2025-0002', applied: 1 }], alerts: 2, repaired: 3, failures: [{ caseId: 'C-2025-0003', error: 'CONFLICT' }] };
    let at: string | undefined = 'unset';
    const out = await runSweep({ sweep: async (now) => ((at = now), sweepReport) }, Buffer.from('{"job":"sweep"}'), (l) => logs.push(l), '2025-03-03T02:00:00.000Z');
    expect(out).toEqual({ status: 'swept', drained: 2, applied: 4, alerts: 2, repaired: 3, failures: sweepReport.failures });
    expect(logs.join('\n')).toMatch(/3 queue row\(s\) repaired/);
    expect(at).toBe('2025-03-03T02:00:00.000Z');
    expect(logs.join('\n')).toMatch(/C-2025-0003 failed: CONFLICT/);
    await expect(runSweep({ sweep: async () => Promise.reject(new Error('ots down')) }, Buffer.from('{"job":"sweep"}'), () => {})).rejects.toThrow('ots down');
    await expect(runSweep({ sweep: async () => sweepReport }, Buffer.from('{"job":"nope"}'), () => {})).resolves.toMatchObject({ status: 'ignored' });
  });
});
