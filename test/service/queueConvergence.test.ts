// Queue rows converge to the sub-tasks' states whatever the interleaving of drains. Dispatcher runs for one
// case overlap in production (FC delivers async events at least once, on several instances at a time), so
// here every change is followed by several drains at once from two service instances, while other cases
// move too. Afterwards every queue row must name a sub-task that is in that queue, with its state and
// assignee, and every queue entry a sub-task should have must be a row.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../functions/service/index.js';
import type { OtsClient } from '../../functions/store/client.js';
import { birthBundle, birthValues, outputsFor } from '../core/fixtures.js';
import { allQueueRows, leftovers, queueMismatches } from './queueCheck.js';
import { CaseRows } from '../../functions/store/cases.js';
import { QueueRows } from '../../functions/store/queues.js';
import { rowCondition } from '../../functions/store/rowOps.js';
import { suppliedBody } from './helpers.js';
import { KEYS, staff, startWorld, type World } from './support.js';
import { recordTrial } from '../support/reliability.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');
const ITEMS: [string, string][] = [
  ['birthCertificate', 'haishu-hospital1'],
  ['vaccinationCertificate', 'jiangbei-cdc'],
  ['householdRegistration', 'yinzhou-police'],
  ['medicalInsuranceEnrollment', 'yinzhou-medicalInsurance'],
  ['socialSecurityCardApplication', 'yinzhou-hrss'],
];

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.stop();
});

/** Several drains of one case at once, from two instances; none is awaited before the others start. */
function overlappingDrains(instances: Services[], caseId: string, n: number): Promise<unknown> {
  recordTrial({ kind: 'race', suite: 'queueConvergence', what: `${n} drains of one case at once from ${Math.min(n, instances.length)} service instance(s)` });
  const runs: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) runs.push(instances[i % instances.length].drainCase(caseId).catch(() => undefined));
  return Promise.all(runs);
}

async function birthCaseWithOverlaps(instances: Services[], n: number, pending: Promise<unknown>[]): Promise<string> {
  const s = instances[0];
  const { case: c } = await s.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: `conv-${String(n).padStart(6, '0')}` });
  pending.push(overlappingDrains(instances, c.id, 3));
  for (const [itemId, dep] of ITEMS) {
    const handler = staff(dep, 'handler1');
    // The sub-task becomes ready once its inputs are shared; wait for it as a handler would (reload the list).
    let version = 0;
    for (let tries = 0; tries < 200; tries++) {
      const st = (await s.subTask(handler, c.id, itemId)).subTask;
      if (st.state === 'ready') {
        version = st.version;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(version, `${c.id}/${itemId} never became ready`).toBeGreaterThan(0);
    const claimed = await s.act(handler, c.id, itemId, { type: 'claim' }, version);
    pending.push(overlappingDrains(instances, c.id, 3));
    await s.act(staff(dep, 'signer1'), c.id, itemId, { type: 'signOff', sealId: `${dep}-seal`, outputs: outputsFor(birthBundle, itemId) }, claimed.subTask.version);
    pending.push(overlappingDrains(instances, c.id, 3));
  }
  return c.id;
}

describe('queue rows under overlapping drains', () => {
  it('after many birth cases with overlapping drains, every queue row matches its sub-task and none is left over', async () => {
    const instances = [w.services, w.other(), w.other()];
    const pending: Promise<unknown>[] = [];
    const ids = await Promise.all(Array.from({ length: 12 }, (_, n) => birthCaseWithOverlaps(instances, n, pending)));
    await Promise.all(pending);
    // No drain after the last overlapping ones: a drain that found the lease taken left its effects to the
    // holder, which read again before giving the lease back.
    for (const id of ids) expect((await w.services.getCase(CLERK, id)).case.state).toBe('completed');
    expect(await queueMismatches(w.client, ids)).toEqual([]);
    for (const id of ids) expect(await leftovers(w.client, id)).toEqual({ pending: 0, lease: false, marker: false });
  });
});

/** The client with every call's start released by the scheduler, so concurrent drains interleave as it picks. */
function scheduled(client: OtsClient, s: fc.Scheduler): OtsClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => s.schedule(Promise.resolve(String(prop))).then(() => (v as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
}

/** Item, department, version when ready (1: at acceptance; each material received adds one). */
const READY: [string, string, number][] = [
  ['birthCertificate', 'haishu-hospital1', 1],
  ['vaccinationCertificate', 'jiangbei-cdc', 1],
  ['householdRegistration', 'yinzhou-police', 2],
  ['medicalInsuranceEnrollment', 'yinzhou-medicalInsurance', 3],
  ['socialSecurityCardApplication', 'yinzhou-hrss', 3],
];

describe('queue rows under any interleaving of drains (property)', () => {
  let n = 0;
  it('whatever order the store calls of the drains run in, the rows end as the sub-tasks are and nothing stays pending', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 11, maxLength: 11 }), async (s, drainsAfter) => {
        recordTrial({ kind: 'race', suite: 'queueConvergence', what: 'a birth case with its drains\' store calls in an order fast-check picks (property run)' });
        const client = scheduled(w.client, s);
        const make = () => createServices({ client, keys: KEYS, notifier: w.notifier, now: () => w.clock.now });
        const instances = [make(), make()];
        const { case: c } = await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: `prop-${String(n++).padStart(6, '0')}` });
        const drains: Promise<unknown>[] = [];
        const launch = (k: number) => {
          for (let i = 0; i < k; i++) drains.push(instances[i % 2].drainCase(c.id).catch(() => undefined));
        };
        launch(drainsAfter[0]);
        let step = 1;
        for (const [itemId, dep, ready] of READY) {
          const claimed = await s.waitFor(instances[0].act(staff(dep, 'handler1'), c.id, itemId, { type: 'claim' }, ready));
          launch(drainsAfter[step++]);
          await s.waitFor(instances[1].act(staff(dep, 'signer1'), c.id, itemId, { type: 'signOff', sealId: `${dep}-seal`, outputs: outputsFor(birthBundle, itemId) }, claimed.subTask.version));
          launch(drainsAfter[step++]);
        }
        // At least one delivery after the last change (FC delivers every kick at least once).
        drains.push(instances[0].drainCase(c.id));
        await s.waitFor(Promise.all(drains));
        expect(await queueMismatches(w.client, [c.id])).toEqual([]);
        expect(await leftovers(w.client, c.id)).toEqual({ pending: 0, lease: false, marker: false });
      }),
      { numRuns: 25 },
    );
  });
});

describe('queue rows when changes drain in their own requests and dispatcher drains overlap (property)', () => {
  let n = 0;
  it('whatever order the store calls run in, the rows end as the sub-tasks are and nothing stays pending or leased', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 11, maxLength: 11 }), async (s, drainsAfter) => {
        recordTrial({ kind: 'race', suite: 'queueConvergence', what: 'a birth case drained in its requests, with dispatcher drains in an order fast-check picks (property run)' });
        const client = scheduled(w.client, s);
        // Two api instances (each change drained in its request) and a dispatcher instance.
        const api = [0, 1].map(() => createServices({ client, keys: KEYS, notifier: w.notifier, now: () => w.clock.now, drainInline: true }));
        const dispatcher = createServices({ client, keys: KEYS, notifier: w.notifier, now: () => w.clock.now });
        const { case: c } = await s.waitFor(api[0].acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: `inl-${String(n++).padStart(6, '0')}` }));
        const drains: Promise<unknown>[] = [];
        const launch = (k: number) => {
          for (let i = 0; i < k; i++) drains.push(dispatcher.drainCase(c.id).catch(() => undefined));
        };
        launch(drainsAfter[0]);
        let step = 1;
        for (const [itemId, dep, ready] of READY) {
          const claimed = await s.waitFor(api[step % 2].act(staff(dep, 'handler1'), c.id, itemId, { type: 'claim' }, ready));
          launch(drainsAfter[step++]);
          await s.waitFor(api[step % 2].act(staff(dep, 'signer1'), c.id, itemId, { type: 'signOff', sealId: `${dep}-seal`, outputs: outputsFor(birthBundle, itemId) }, claimed.subTask.version));
          launch(drainsAfter[step++]);
        }
        // The kicks of changes that found the lease taken: at least one delivery after the last change.
        drains.push(dispatcher.drainCase(c.id));
        await s.waitFor(Promise.all(drains));
        expect(await queueMismatches(w.client, [c.id])).toEqual([]);
        expect(await leftovers(w.client, c.id)).toEqual({ pending: 0, lease: false, marker: false });
      }),
      { numRuns: 20 },
    );
  });
});

describe('the timer sweep mends work lists that disagree with their sub-tasks', () => {
  it('deletes rows no sub-task lists, rewrites rows with the wrong state, puts missing ones, and leaves cases with pending effects to the drain', async () => {
    const queues = new QueueRows(w.client);
    const accept = async (id: string) => (await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: id })).case.id;
    // A completed case, an open one (two sub-tasks ready at acceptance), one with effects still pending.
    const done = await birthCaseWithOverlaps([w.services], 900, []);
    for (let i = 0; i < 3; i++) await w.services.drainCase(done);
    const open = await accept('repair-open-1');
    await w.services.drainCase(open);
    const pending = await accept('repair-pending-1');
    expect(await queueMismatches(w.client, [done, open])).toEqual([]);
    const rows = (await allQueueRows(w.client)).filter((r) => r.ref.startsWith(`${open}/`));
    const cdc = rows.find((r) => r.ref.endsWith('/vaccinationCertificate'));
    const hospital = rows.find((r) => r.ref.endsWith('/birthCertificate'));
    if (!cdc || !hospital) throw new Error('the open case has no ready rows');

    const meta = { bundleId: 'birth@1', bundleName: '出生一件事', itemId: 'x', itemName: 'x', department: 'd', district: 'd', state: 'ready', assignee: null, subject: '', warnDays: 0 };
    await queues.put({ queue: 'dept:330212:yinzhou-police:ready', due: 20260310, ref: `${done}/householdRegistration` }, meta); // finished work shown as waiting
    await queues.put({ queue: 'dept:330212:yinzhou-police:active', due: 20260310, ref: 'haishu-20990101-0001/householdRegistration' }, meta); // no such case
    await queues.put(cdc, { ...meta, state: 'claimed', assignee: 'jiangbei-cdc-handler1' }); // wrong state
    await queues.remove(hospital); // missing
    const before = await queueMismatches(w.client, [done, open]);
    expect(before).toHaveLength(4);

    const report = await w.services.sweep();
    expect(report.failures).toEqual([]);
    expect(report.repaired).toBe(4);
    expect(await queueMismatches(w.client, [done, open])).toEqual([]);
    // The case with pending effects was drained by the sweep (its marker), not "repaired" around its drain.
    expect(await leftovers(w.client, pending)).toMatchObject({ pending: 0, lease: false });
    expect(await queueMismatches(w.client, [pending])).toEqual([]);
    // A second sweep finds nothing to mend.
    expect((await w.services.sweep()).repaired).toBe(0);
  });
});

describe('a drain that dies holding the lease', () => {
  it('blocks other drains until the lease expires; then the next drain takes over and applies everything once', async () => {
    const wall = { ms: Date.now() };
    const s = createServices({ client: w.client, keys: KEYS, notifier: w.notifier, now: () => w.clock.now, wallClock: () => wall.ms, drainLeaseMs: 10_000 });
    const { case: c } = await s.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'lease-dead-1' });
    recordTrial({ kind: 'kill', suite: 'queueConvergence', point: 'drain killed holding the lease' });
    // What a killed holder leaves: its lease cell, valid for another 10 s.
    await new CaseRows(w.client).update(c.id, { xl: `${wall.ms + 10_000}:dead-holder` }, [], rowCondition('exist'));
    const blocked = await s.drainCase(c.id);
    expect(blocked).toMatchObject({ busy: true, applied: 0 });
    expect(blocked.pending).toBeGreaterThan(0);
    expect(await leftovers(w.client, c.id)).toMatchObject({ lease: true });
    wall.ms += 10_001;
    const took = await s.drainCase(c.id);
    expect(took.busy ?? false).toBe(false);
    expect(took.applied).toBe(blocked.pending);
    expect(await leftovers(w.client, c.id)).toMatchObject({ pending: 0, lease: false });
    expect(await queueMismatches(w.client, [c.id])).toEqual([]);
  });
});

describe('a slow drain', () => {
  it('renews its lease past the hand-over time instead of stopping, and applies everything in one run', async () => {
    const wall = { ms: Date.now() };
    // Every platform call takes "6 s" of wall clock: with a 10 s lease the holder passes its hand-over time.
    const slow = {
      sendNotice: async (n: Parameters<typeof w.notifier.sendNotice>[0]) => { wall.ms += 6_000; await w.notifier.sendNotice(n); },
      createTodo: async (t: Parameters<typeof w.notifier.createTodo>[0]) => { wall.ms += 6_000; return w.notifier.createTodo(t); },
      finishTodo: async (t: Parameters<typeof w.notifier.finishTodo>[0]) => { wall.ms += 6_000; await w.notifier.finishTodo(t); },
    };
    const s = createServices({ client: w.client, keys: KEYS, notifier: slow, now: () => w.clock.now, wallClock: () => wall.ms, drainLeaseMs: 10_000 });
    const { case: c } = await s.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'lease-slow-1' });
    const started = wall.ms;
    const r = await s.drainCase(c.id);
    expect(wall.ms - started).toBeGreaterThan(10_000); // longer than the lease itself
    expect(r).toMatchObject({ pending: 0 });
    expect(r.busy ?? false).toBe(false);
    expect(await leftovers(w.client, c.id)).toMatchObject({ pending: 0, lease: false });
    expect(await queueMismatches(w.client, [c.id])).toEqual([]);
  });
});
