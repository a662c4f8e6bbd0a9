/**
 * The dispatcher and the timer on the local FC runner, with tablestore-local and the gateway fakes:
 * effects are delivered at least once and applied exactly once.
 *  (a) a dispatcher process killed (SIGKILL) after any single step of a drain — each Tablestore write and
 *      each platform call — and then recovered by a kick through FC leaves exactly what an uninterrupted
 *      drain leaves: every notice, to-do, queue row, archive row, audit record and counter once;
 *  (b) a duplicated async delivery (FC at-least-once) changes nothing;
 *  (c) a delivery that fails (Tablestore down) is retried by FC and then applied once;
 *  (d) the timer: lost deliveries are swept up, clock warnings and overdue escalations to the district
 *      supervisors are raised once per threshold;
 *  (e) kicks go through the real @alicloud/fc2 client, signed, to the runner.
 * Every case is a birth case whose 出生医学证明 was just signed: the drain shares the certificate to the
 * 户口 sub-task (audited), releases it into the 公安 queue, finishes the hospital's to-do, sends notices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFc2 } from '../../functions/effects/fc2';
import { createKick } from '../../functions/effects/kick';
import type { Services } from '../../functions/service/index';
import { seedDirectory } from '../core/fixtures';
import { acceptBirth, claim, NOW, signOff } from './support/birth';
import { runDrainChild } from './support/child';
import { counterDelta, doneCounters, duplicates, observe, type Observation } from './support/observe';
import { startEffectsStack, type EffectsStack } from './support/stack';
import { recordTrial } from '../support/reliability';

let stack: EffectsStack;
let svc: Services;
let seq = 0;

/** A birth case with the certificate signed and the signOff's effects still pending (no kick). */
async function signedCase(label: string): Promise<string> {
  const caseId = await acceptBirth(svc, `effects-${label}-${++seq}`.padEnd(12, '0'));
  await svc.drainCase(caseId);
  await claim(svc, caseId, 'birthCertificate');
  await svc.drainCase(caseId);
  await signOff(svc, caseId, 'birthCertificate');
  return caseId;
}

const REQUIRED = ['birthCertificate', 'householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication', 'vaccinationCertificate'];

/** A birth case whose last required sub-task was just signed: the drain completes the case (statistics, notices). */
async function lastSignedCase(label: string): Promise<string> {
  const caseId = await acceptBirth(svc, `effects-${label}-${++seq}`.padEnd(12, '0'));
  for (const itemId of REQUIRED) {
    await svc.drainCase(caseId);
    await claim(svc, caseId, itemId);
    await svc.drainCase(caseId);
    await signOff(svc, caseId, itemId);
  }
  return caseId;
}

interface Reference {
  caseId: string;
  steps: string[];
  observation: Observation;
  counters: Record<string, number>;
}

/** One uninterrupted drain in a dispatcher process of its own. */
async function referenceRun(prepare: (label: string) => Promise<string>, label: string): Promise<Reference> {
  const caseId = await prepare(label);
  const before = await doneCounters(stack.client);
  const run = await runDrainChild(stack.env, caseId, 0);
  if (run.kind !== 'done') throw new Error(`reference drain: ${JSON.stringify(run)}`);
  return { caseId, steps: run.steps, observation: await observe(stack.client, stack.gateways, caseId), counters: counterDelta(before, await doneCounters(stack.client)) };
}

const kick = () => createKick(stack.env, { log: (l) => stack.functionLogs.push(`[kick] ${l}`) });
const dispatcherRuns = (caseId: string) => stack.fc.invocations.filter((r) => r.function === 'dispatcher' && r.event.includes(caseId));

let reference: Reference;

beforeAll(async () => {
  stack = await startEffectsStack();
  svc = stack.services({ now: () => NOW });
  reference = await referenceRun(signedCase, 'reference');
});

afterAll(async () => {
  await stack?.stop();
});

describe('the reference drain', () => {
  it('applies every effect once and leaves the case clean', () => {
    const o = reference.observation;
    expect(reference.steps.length).toBeGreaterThan(3);
    expect(duplicates(o)).toEqual([]);
    expect(o.pendingEffectColumns).toBe(0);
    expect(o.audit.chainBrokenAt).toBeNull();
    // The certificate was shared to the 户口 sub-task (an audit record) and released into the police queue.
    expect(o.audit.actions.some((a) => a.includes('share'))).toBe(true);
    expect(Object.keys(o.queueRows).some((k) => k.includes('householdRegistration'))).toBe(true);
    // The hospital handler's to-do is finished.
    expect(Object.entries(o.todos).some(([k]) => k.includes('birthCertificate') && k.endsWith('|done'))).toBe(true);
    expect(Object.keys(o.notices).length).toBeGreaterThan(0);
  });
});

const scenarios: Array<{ name: string; prepare: (label: string) => Promise<string>; check(ref: Reference): void }> = [
  {
    name: 'the certificate signed: share (audited), release into the police queue, to-do finished, notices',
    prepare: signedCase,
    check: (ref) => {
      expect(ref.observation.caseState).toBe('accepted');
      // statistics: the certificate done once, in its department's row
      expect(Object.entries(ref.counters).filter(([k]) => /^stats\|.*\|dn_/.test(k)).map(([, n]) => n)).toEqual([1]);
    },
  },
  {
    name: 'the last required sub-task signed: the case completes, on-time statistics counted once per case',
    prepare: lastSignedCase,
    check: (ref) => {
      expect(ref.observation.caseState).toBe('completed');
      const done = Object.entries(ref.counters).filter(([k]) => /^(ok|late)_/.test(k));
      expect(done.reduce((a, [, n]) => a + n, 0)).toBe(REQUIRED.length);
      // statistics: the last sub-task done and the case completed on time, one fewer case in progress
      const stats = Object.entries(ref.counters).filter(([k]) => k.startsWith('stats|'));
      expect(stats.filter(([k]) => /\|(cc|cok|cb_birth|cbok_birth)$/.test(k)).map(([, n]) => n)).toEqual([1, 1, 1, 1]);
      expect(stats.filter(([k]) => /\|dn_/.test(k)).map(([, n]) => n)).toEqual([1]);
      expect(stats.filter(([k]) => k.startsWith('stats|live:')).map(([, n]) => n)).toEqual([-1]);
    },
  },
];

describe.each(scenarios)('(a) dispatcher killed between effects — $name', ({ prepare, check }) => {
  let ref: Reference;
  const counterRuns: Array<{ k: number; label: string; delta: Record<string, number> }> = [];
  const orphans: string[] = [];

  beforeAll(async () => {
    ref = await referenceRun(prepare, 'ref');
  }, 300_000);

  it('the reference drain applies every effect once', () => {
    expect(duplicates(ref.observation)).toEqual([]);
    expect(ref.observation.pendingEffectColumns).toBe(0);
    expect(ref.observation.audit.chainBrokenAt).toBeNull();
    check(ref);
  });

  it('after a SIGKILL after any step, a redelivery through FC leaves every effect exactly once', async () => {
    const total = ref.steps.length;
    const killedAt: string[] = [];
    for (let k = 1; k <= total; k++) {
      const caseId = await prepare(`crash${k}`);
      const before = await doneCounters(stack.client);
      const crashed = await runDrainChild(stack.env, caseId, k);
      expect(crashed.kind, `step ${k}`).toBe('killed');
      if (crashed.kind === 'killed') killedAt.push(`${k}:${crashed.label}`);
      if (crashed.kind === 'killed') recordTrial({ kind: 'kill', suite: 'dispatcher', point: crashed.label, step: k, scenario: prepare.name });
      // Restart: FC delivers the kick to a fresh dispatcher instance.
      await kick()(caseId);
      await stack.fc.whenIdle();
      expect(dispatcherRuns(caseId).at(-1)?.outcome, `step ${k}`).toBe('success');
      const { dirty, ...o } = await observe(stack.client, stack.gateways, caseId);
      const { dirty: refDirty, ...expected } = ref.observation;
      expect(duplicates({ dirty, ...o }), `killed after step ${k} (${killedAt.at(-1)})`).toEqual([]);
      expect(o, `killed after step ${k} (${killedAt.at(-1)})`).toEqual(expected);
      // A kill between clearing the case's marker and deleting its `dirty` row leaves an orphan row, which
      // the sweep removes once it is old enough (checked below); otherwise the marker is as in the reference.
      if (dirty !== refDirty) orphans.push(caseId);
      counterRuns.push({ k, label: killedAt.at(-1) ?? '', delta: counterDelta(before, await doneCounters(stack.client)) });
    }
    // Every kind of step was a crash point: Tablestore writes and platform calls.
    expect(killedAt.some((s) => s.includes(':ots.'))).toBe(true);
    expect(killedAt.some((s) => s.includes(':notice') || s.includes(':todo'))).toBe(true);
    // …including right after a statistics row's conditional increment and after its marker's removal
    expect(killedAt.filter((s) => s.endsWith(':stats')).length).toBeGreaterThanOrEqual(2);
  }, 900_000);

  // The on-time counters and the statistics rows are Tablestore INCREMENTs, the one kind of write a blind repeat
  // would double.
  it('after a SIGKILL after any step, the on-time counters and the statistics rows are counted once', () => {
    expect(counterRuns.length).toBe(ref.steps.length);
    for (const run of counterRuns) expect(run.delta, `killed after step ${run.k} (${run.label})`).toEqual(ref.counters);
  });

  it('orphaned dirty rows left by a kill are removed by the next sweep once stale', async () => {
    if (orphans.length === 0) return;
    const staleAt = new Date(Date.now() + 11 * 60_000).toISOString();
    await svc.sweep(staleAt);
    for (const caseId of orphans) expect((await observe(stack.client, stack.gateways, caseId)).dirty, caseId).toBe(false);
  });
});

describe('(b) duplicate async deliveries', () => {
  it('a kick delivered twice by FC changes nothing', async () => {
    const caseId = await signedCase('dup');
    const before = await doneCounters(stack.client);
    stack.fc.duplicateNext('lianban', 'dispatcher');
    recordTrial({ kind: 'redelivery', suite: 'dispatcher', what: 'a kick delivered twice by FC' });
    await kick()(caseId);
    await stack.fc.whenIdle();
    const runs = dispatcherRuns(caseId);
    expect(runs.map((r) => [r.source, r.duplicate, r.outcome])).toEqual([
      ['async', false, 'success'],
      ['async', true, 'success'],
    ]);
    const o = await observe(stack.client, stack.gateways, caseId);
    expect(duplicates(o)).toEqual([]);
    expect(o).toEqual(reference.observation);
    expect(counterDelta(before, await doneCounters(stack.client))).toEqual(reference.counters);
  });

  it('a kick for a drained case, and a malformed event, change nothing and are not retried', async () => {
    const caseId = reference.caseId;
    const before = await observe(stack.client, stack.gateways, caseId);
    await kick()(caseId);
    const FC = await loadFc2();
    const client = new FC(stack.env.FC_ACCOUNT_ID, {
      accessKeyID: stack.env.FC_ACCESS_KEY_ID, accessKeySecret: stack.env.FC_ACCESS_KEY_SECRET, region: stack.env.FC_REGION, endpoint: stack.env.FC_ENDPOINT,
    });
    await client.invokeFunction('lianban', 'dispatcher', '{"caseId":"../etc/passwd"}', { 'x-fc-invocation-type': 'Async' });
    await stack.fc.whenIdle();
    expect(await observe(stack.client, stack.gateways, caseId)).toEqual(before);
    expect(dispatcherRuns(caseId).at(-1)?.outcome).toBe('success');
    const malformed = stack.fc.invocations.filter((r) => r.function === 'dispatcher' && r.event.includes('passwd'));
    expect(malformed.map((r) => [r.attempt, r.outcome])).toEqual([[1, 'success']]);
    expect(stack.functionLogs.some((l) => l.includes('event ignored (caseId is not a valid case id)'))).toBe(true);
  });
});

describe('(c) a failing delivery is retried by FC', () => {
  it('Tablestore down at the first attempt: FC retries and the effects are applied once', async () => {
    const caseId = await signedCase('retry');
    recordTrial({ kind: 'redelivery', suite: 'dispatcher', what: 'a delivery failing (Tablestore down), retried by FC' });
    const before = await doneCounters(stack.client);
    await stack.stopOts();
    try {
      await kick()(caseId);
      const failed = await stack.fc.waitForInvocation((r) => r.function === 'dispatcher' && r.event.includes(caseId) && r.outcome !== 'success');
      expect(failed.attempt).toBe(1);
    } finally {
      await stack.startOts();
    }
    await stack.fc.whenIdle();
    const runs = dispatcherRuns(caseId);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.at(-1)).toMatchObject({ outcome: 'success', source: 'async' });
    expect(new Set(runs.map((r) => r.requestId)).size).toBe(1); // one FC event, several attempts
    const o = await observe(stack.client, stack.gateways, caseId);
    expect(duplicates(o)).toEqual([]);
    expect(o).toEqual(reference.observation);
    expect(counterDelta(before, await doneCounters(stack.client))).toEqual(reference.counters);
  });
});

describe('(d) the timer', () => {
  it('sweeps up effects whose kick was lost, once', async () => {
    const caseId = await signedCase('lost');
    recordTrial({ kind: 'redelivery', suite: 'dispatcher', what: 'a lost kick, swept up by the timer' });
    expect((await observe(stack.client, stack.gateways, caseId)).pendingEffectColumns).toBeGreaterThan(0);
    stack.fc.fireTimer('timer', 'sweep');
    await stack.fc.whenIdle();
    const timerRun = stack.fc.invocations.filter((r) => r.function === 'timer').at(-1);
    expect(timerRun).toMatchObject({ source: 'timer', triggerName: 'sweep', outcome: 'success' });
    const o = await observe(stack.client, stack.gateways, caseId);
    expect(duplicates(o)).toEqual([]);
    // The wall clock (the timer's now) is past every deadline of the case: overdue alerts come on top of the
    // reference's effects, so compare what the drain itself produced.
    expect(o.queueRows).toEqual(reference.observation.queueRows);
    expect(o.archiveRows).toEqual(reference.observation.archiveRows);
    expect(o.todos).toEqual(reference.observation.todos);
    expect(o.pendingEffectColumns).toBe(0);
    for (const key of Object.keys(reference.observation.notices)) expect(o.notices[key], key).toBe(1);
    // A second sweep finds nothing to do for the case.
    stack.fc.fireTimer('timer', 'sweep');
    await stack.fc.whenIdle();
    expect(await observe(stack.client, stack.gateways, caseId)).toEqual(o);
  });

  it('escalates overdue work to the district supervisors once (timer on the wall clock)', async () => {
    const caseId = await signedCase('overdue');
    await claim(svc, caseId, 'householdRegistration'); // drains the certificate's effects first
    await svc.drainCase(caseId);
    stack.fc.fireTimer('timer', 'sweep');
    await stack.fc.whenIdle();
    stack.fc.fireTimer('timer', 'sweep');
    await stack.fc.whenIdle();
    const supervisors = seedDirectory.staff.filter((s) => s.district === '330212' && s.roles.includes('supervisor'));
    expect(supervisors.length).toBeGreaterThan(0);
    for (const s of supervisors) {
      const overdue = stack.gateways.notices(s.zzdAccountId).filter((n) => n.text.includes('户口登记') && n.bizMsgId?.startsWith(caseId) && n.text.includes('超期'));
      expect(overdue, s.id).toHaveLength(1);
    }
    const handler = seedDirectory.staff.find((s) => s.id === 'yinzhou-police-handler1')!;
    expect(stack.gateways.notices(handler.zzdAccountId).filter((n) => n.bizMsgId?.startsWith(caseId) && n.text.includes('超期'))).toHaveLength(1);
  });

  it('raises the warning, then the overdue alert, each once (sweep at given times)', async () => {
    const caseId = await signedCase('clock');
    await claim(svc, caseId, 'householdRegistration'); // claimed Mon 2 Mar 2026: due Wed 4 Mar, warning with 1 day left
    await svc.drainCase(caseId);
    const handler = seedDirectory.staff.find((s) => s.id === 'yinzhou-police-handler1')!;
    const supervisors = seedDirectory.staff.filter((s) => s.district === '330212' && s.roles.includes('supervisor'));
    const alerts = (account: string, word: string) =>
      stack.gateways.notices(account).filter((n) => n.bizMsgId?.startsWith(caseId) && n.text.includes('户口登记') && n.text.includes(word));

    await svc.sweep('2026-03-02T08:00:00.000Z');
    expect(alerts(handler.zzdAccountId, '剩余')).toHaveLength(0);
    await svc.sweep('2026-03-03T08:00:00.000Z');
    await svc.sweep('2026-03-03T09:00:00.000Z');
    expect(alerts(handler.zzdAccountId, '剩余')).toHaveLength(1);
    for (const s of supervisors) expect(alerts(s.zzdAccountId, '超期')).toHaveLength(0);

    await svc.sweep('2026-03-05T08:00:00.000Z');
    await svc.sweep('2026-03-06T08:00:00.000Z');
    expect(alerts(handler.zzdAccountId, '超期')).toHaveLength(1);
    for (const s of supervisors) expect(alerts(s.zzdAccountId, '超期'), s.id).toHaveLength(1);
    expect(alerts(handler.zzdAccountId, '剩余')).toHaveLength(1);
  });
});

describe('(e) kick', () => {
  it('reaches the dispatcher as a signed async InvokeFunction from the real SDK', async () => {
    const caseId = await signedCase('kick');
    await kick()(caseId);
    const run = await stack.fc.waitForInvocation((r) => r.function === 'dispatcher' && r.event.includes(caseId));
    expect(run.source).toBe('async');
    expect(JSON.parse(run.event)).toEqual({ caseId });
    await stack.fc.whenIdle();
    expect((await observe(stack.client, stack.gateways, caseId)).pendingEffectColumns).toBe(0);
  });

  it('the services kick the dispatcher themselves after a change', async () => {
    const live = stack.services({ now: () => NOW, kick: kick() });
    const caseId = await acceptBirth(live, `effects-live-${++seq}`);
    // The service does not wait for its kick: wait for the delivery it causes.
    await stack.fc.waitForInvocation((r) => r.function === 'dispatcher' && r.event.includes(caseId));
    await stack.fc.whenIdle();
    expect(dispatcherRuns(caseId).length).toBeGreaterThan(0);
    expect((await observe(stack.client, stack.gateways, caseId)).pendingEffectColumns).toBe(0);
  });
});
