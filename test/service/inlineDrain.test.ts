// The api function drains a change's effects in its own request (ServiceOptions.drainInline): the change takes the
// drain lease in its own conditional write, the request applies the effects before it answers and gives the lease
// back; only what is left goes to the dispatcher. Here: nothing is left for the dispatcher on the usual path and
// the end state is the dispatcher path's; a change while another drain holds the lease takes none and kicks; a
// request that dies after its change leaves a lease that expires, and then the dispatcher applies every effect
// once; a failing platform call and the time budget hand the rest to the dispatcher; the lease is never taken on
// a read that did not see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore, TodoLedger, type DrainLease } from '../../functions/store/caseStore.js';
import type { LoadedCase } from '../../functions/store/caseRecord.js';
import { DirtyMarkers } from '../../functions/store/dirty.js';
import { PiiCipher } from '../../functions/store/pii.js';
import { createServices, type NoticeDelivery, type Notifier, type ServiceOptions, type Services, type TodoDelivery, type TodoFinish } from '../../functions/service/index.js';
import { birthBundle, birthValues, outputsFor } from '../core/fixtures.js';
import { leftovers, queueMismatches } from './queueCheck.js';
import { suppliedBody, version, work } from './helpers.js';
import { KEYS, staff, startWorld, type World } from './support.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');
const HOSPITAL = 'haishu-hospital1';
const ITEMS: [string, string][] = [
  ['birthCertificate', HOSPITAL],
  ['vaccinationCertificate', 'jiangbei-cdc'],
  ['householdRegistration', 'yinzhou-police'],
  ['medicalInsuranceEnrollment', 'yinzhou-medicalInsurance'],
  ['socialSecurityCardApplication', 'yinzhou-hrss'],
];

let w: World;
const wall = { ms: Date.now() };
let seq = 0;
beforeAll(async () => {
  w = await startWorld(undefined, { drainInline: true, wallClock: () => wall.ms });
});
afterAll(async () => {
  await w.stop();
});

const requestId = () => `inline-${String(++seq).padStart(6, '0')}`;
const accept = async (s: Services = w.services) => (await s.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: requestId() })).case.id;
const noticeIds = (caseId: string) => w.notifier.notices.filter((n) => n.caseId === caseId).map((n) => n.id);
const kicksOf = (caseId: string) => w.kicks.filter((k) => k === caseId).length;
/** Another api instance (draining in its requests, kicking into w.kicks) with its own notifier, on this file's wall clock. */
const inlineInstance = (notifier: Notifier, extra: Partial<ServiceOptions> = {}) =>
  createServices({ client: w.client, keys: KEYS, notifier, now: () => w.clock.now, kick: (c) => void w.kicks.push(c), drainInline: true, wallClock: () => wall.ms, ...extra });
/** The case rows as the services' store sees them, on this file's wall clock. */
const caseStore = () =>
  new CaseStore(w.client, { cipher: new PiiCipher(KEYS), dirty: new DirtyMarkers(w.client), now: () => w.clock.now, wallMillis: () => wall.ms, leaseMs: 30_000 });

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; !done(); i++) {
    if (i > 400) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A notifier whose calls wait at a gate until it is opened (a request stuck, or dead, in a platform call). */
class GatedNotifier implements Notifier {
  private open: (() => void) | null = null;
  private gate: Promise<void> | null = null;
  entered = 0;
  constructor(private readonly inner: Notifier) {}
  close(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }
  release(): void {
    this.open?.();
    this.gate = null;
  }
  private async pass(): Promise<void> {
    this.entered++;
    if (this.gate) await this.gate;
  }
  async sendNotice(n: NoticeDelivery): Promise<void> {
    await this.pass();
    await this.inner.sendNotice(n);
  }
  async createTodo(t: TodoDelivery): Promise<{ platformId: string }> {
    await this.pass();
    return this.inner.createTodo(t);
  }
  async finishTodo(t: TodoFinish): Promise<void> {
    await this.pass();
    await this.inner.finishTodo(t);
  }
}

describe('a change drained in its own request', () => {
  it('answers with its effects applied: the released sub-tasks are in their queues, nothing pending, no kick, the same end state', async () => {
    const id = await accept();
    // No drain call: the acceptance's own request shared the materials and released the first sub-tasks.
    expect(await leftovers(w.client, id)).toEqual({ pending: 0, lease: false, marker: true });
    expect(kicksOf(id)).toBe(0);
    const cdc = staff('jiangbei-cdc', 'handler1');
    expect((await w.services.queue(cdc, 'department', { state: 'ready' })).items.map((i) => i.caseId)).toContain(id);
    for (const [itemId, dep] of ITEMS) {
      const handler = staff(dep, 'handler1');
      expect((await w.services.subTask(handler, id, itemId)).subTask.state, itemId).toBe('ready');
      const claimed = await w.services.act(handler, id, itemId, { type: 'claim' }, await version(w.services, handler, id, itemId));
      expect((await w.services.queue(handler, 'mine')).items.map((i) => `${i.caseId}/${i.itemId}`)).toContain(`${id}/${itemId}`);
      await w.services.act(staff(dep, 'signer1'), id, itemId, { type: 'signOff', sealId: `${dep}-seal`, outputs: outputsFor(birthBundle, itemId) }, claimed.subTask.version);
    }
    expect((await w.services.getCase(CLERK, id)).case.state).toBe('completed');
    expect(kicksOf(id)).toBe(0);
    // The completed case's marker went with its last drain; every queue row agrees with its sub-task.
    expect(await leftovers(w.client, id)).toEqual({ pending: 0, lease: false, marker: false });
    expect(await queueMismatches(w.client, [id])).toEqual([]);
    const ids = noticeIds(id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    // The dispatcher, kicked anyway (FC at least once), finds nothing to do.
    expect((await w.services.drainCase(id)).applied).toBe(0);
  });

  it('a change made while another drain holds the lease takes none: it kicks, and the holder applies its effects', async () => {
    const id = await accept();
    const gated = new GatedNotifier(w.notifier);
    const stuck = inlineInstance(gated);
    const handler = staff(HOSPITAL, 'handler1');
    // The claim's own drain stops at its first platform call (the to-do), holding the lease.
    gated.close();
    const claiming = stuck.act(handler, id, 'birthCertificate', { type: 'claim' }, await version(w.services, handler, id, 'birthCertificate'));
    await until(() => gated.entered > 0, 'the drain in the request reaches its first platform call');
    const cdc = staff('jiangbei-cdc', 'handler1');
    const kicks = kicksOf(id);
    await w.services.act(cdc, id, 'vaccinationCertificate', { type: 'claim' }, await version(w.services, cdc, id, 'vaccinationCertificate'));
    expect(kicksOf(id)).toBe(kicks + 1);
    expect((await leftovers(w.client, id)).pending).toBeGreaterThan(0);
    gated.release();
    await claiming;
    // The holder read the row again before giving the lease back: both claims' effects are applied.
    expect(await leftovers(w.client, id)).toEqual({ pending: 0, lease: false, marker: true });
    expect(await queueMismatches(w.client, [id])).toEqual([]);
  });

  it('a request that dies after its change leaves the lease to expire; then the dispatcher applies every effect once', async () => {
    const id = await accept();
    const gated = new GatedNotifier(w.notifier);
    // a process that dies kicks nobody
    const dying = inlineInstance(gated, { kick: undefined });
    const dispatcher = w.other();
    const handler = staff(HOSPITAL, 'handler1');
    gated.close();
    // Never answered: the process is gone while its drain waits on the platform.
    void dying.act(handler, id, 'birthCertificate', { type: 'claim' }, await version(w.services, handler, id, 'birthCertificate'));
    await until(() => gated.entered > 0, 'the drain in the request reaches its first platform call');
    const before = noticeIds(id).length;
    // The lease is live: a delivery to the dispatcher finds it taken and leaves the effects pending (FC retries).
    const early = await dispatcher.drainCase(id).catch(() => null);
    expect(early?.applied ?? 0).toBe(0);
    expect((await leftovers(w.client, id)).pending).toBeGreaterThan(0);
    wall.ms += 31_000;
    try {
      expect((await dispatcher.drainCase(id)).pending).toBe(0);
    } finally {
      wall.ms -= 31_000;
    }
    expect(await leftovers(w.client, id)).toEqual({ pending: 0, lease: false, marker: true });
    expect(await queueMismatches(w.client, [id])).toEqual([]);
    expect((await w.services.queue(handler, 'mine')).items.map((i) => `${i.caseId}/${i.itemId}`)).toContain(`${id}/birthCertificate`);
    const ids = noticeIds(id);
    expect(ids.length).toBeGreaterThanOrEqual(before);
    expect(new Set(ids).size).toBe(ids.length);
    expect(w.notifier.todos.filter((t) => t.caseId === id && t.itemId === 'birthCertificate')).toHaveLength(1);
  });

  it('a platform call that fails: the request still answers, the dispatcher is kicked and applies the rest once', async () => {
    const id = await accept();
    const handler = staff(HOSPITAL, 'handler1');
    const kicks = kicksOf(id);
    w.notifier.failAt = w.notifier.calls + 1;
    const claimed = await w.services.act(handler, id, 'birthCertificate', { type: 'claim' }, await version(w.services, handler, id, 'birthCertificate'));
    expect(claimed.subTask.state).toBe('claimed');
    expect(kicksOf(id)).toBe(kicks + 1);
    expect((await leftovers(w.client, id)).pending).toBeGreaterThan(0);
    expect((await w.services.drainCase(id)).pending).toBe(0);
    expect(await leftovers(w.client, id)).toEqual({ pending: 0, lease: false, marker: true });
    expect(w.notifier.todos.filter((t) => t.caseId === id && t.itemId === 'birthCertificate')).toHaveLength(1);
    expect(await queueMismatches(w.client, [id])).toEqual([]);
  });

  it('a platform call that hangs: the request answers once its time is spent, the dispatcher applies the rest with the same ids', async () => {
    const id = await accept();
    const gated = new GatedNotifier(w.notifier);
    const hanging = inlineInstance(gated);
    const handler = staff(HOSPITAL, 'handler1');
    const kicks = kicksOf(id);
    gated.close();
    // Answers although the platform never does (the request's 1.5 s, then the effect counts as failed).
    const claimed = await hanging.act(handler, id, 'birthCertificate', { type: 'claim' }, await version(w.services, handler, id, 'birthCertificate'));
    expect(claimed.subTask.state).toBe('claimed');
    expect(gated.entered).toBeGreaterThan(0);
    expect(kicksOf(id)).toBe(kicks + 1);
    const left = await leftovers(w.client, id);
    expect(left.pending).toBeGreaterThan(0);
    expect(left.lease).toBe(false);
    gated.release();
    expect((await w.services.drainCase(id)).pending).toBe(0);
    expect(await queueMismatches(w.client, [id])).toEqual([]);
    const todos = w.notifier.todos.filter((t) => t.caseId === id && t.itemId === 'birthCertificate').map((t) => t.id);
    // The late call and the dispatcher's carry the same id: the platform keeps one to-do.
    expect(new Set(todos).size).toBe(1);
  }, 20_000);

  it('stops at its time budget and leaves the rest to the dispatcher', async () => {
    let calls = 0;
    // Each reading of this wall clock is a second later: the request's 1.5 s are gone after its first effects.
    const slow = inlineInstance(w.notifier, { wallClock: () => wall.ms + 1_000 * calls++ });
    const kicks = w.kicks.length;
    const { case: c } = await slow.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: requestId() });
    expect(w.kicks.slice(kicks)).toContain(c.id);
    const left = await leftovers(w.client, c.id);
    expect(left.pending).toBeGreaterThan(0);
    expect(left.lease).toBe(false);
    await w.services.drainCase(c.id);
    expect(await leftovers(w.client, c.id)).toEqual({ pending: 0, lease: false, marker: true });
    expect(await queueMismatches(w.client, [c.id])).toEqual([]);
  });

  it('ends with the same rows as the dispatcher path for the whole case (claims and sign-offs from two instances at once)', async () => {
    const instances = [w.services, w.other()];
    const ids = await Promise.all([0, 1, 2, 3].map(async (n) => {
      const id = await accept(instances[n % 2]);
      for (const [itemId, dep] of ITEMS) await work(instances[(n + 1) % 2], birthBundle, id, itemId, dep);
      return id;
    }));
    for (const id of ids) expect((await w.services.getCase(CLERK, id)).case.state).toBe('completed');
    for (const id of ids) expect(await leftovers(w.client, id)).toEqual({ pending: 0, lease: false, marker: false });
    expect(await queueMismatches(w.client, ids)).toEqual([]);
  });
});

describe('the lease in the change\'s own write', () => {
  it('is taken only while the write\'s column conditions stay within the 10 Tablestore allows; beyond, the change is written and the dispatcher drains', async () => {
    const id = await accept();
    const store = caseStore();
    const write = async (extra: number) => {
      const loaded = await store.load(id, 'work');
      if (!loaded?.record) throw new Error('no case');
      const first = [...loaded.subTasks.values()][0];
      // Sub-tasks not stored yet each expect their version cell absent: one condition each.
      const added = Array.from({ length: extra }, (_, i) => ({ ...first, itemId: `${first.itemId}X${loaded.caseVersion}x${i}`, version: 1 }));
      const effects = [{ transition: `t${loaded.caseVersion}`, effects: [{ id: `${id}/probe/${loaded.caseVersion}`, kind: 'audit' as const, records: [] }] }];
      const lease = await store.commit(loaded, {
        encryptedKeys: new Set(), subTasks: [...loaded.subTasks.values(), ...added], case: { ...loaded.record, version: loaded.caseVersion + 1 }, effects,
      }, { takeLease: true });
      if (lease) await store.releaseLease(lease, (await store.load(id, 'effects'))!, { applied: [effects[0].transition], stoppedIn: null, todos: new TodoLedger((await store.load(id, 'effects'))!) }, { ifUnchanged: false, clearMarker: false });
      return lease;
    };
    // 5 sub-tasks + 1 new + the case version + the marker = 8 conditions, + the lease = 9: taken.
    expect(await write(1)).not.toBeNull();
    // 6 stored + 2 new + case + marker = 10 already: no room for the lease; the write still succeeds.
    expect(await write(2)).toBeNull();
  });
});

describe('the view of its effects a change leaves (the drain in the request starts from it, without a read)', () => {
  const store = caseStore;
  const effectsOf = (l: LoadedCase) => ({ pending: l.pending, marker: l.marker, dirtyToken: l.dirtyToken, lease: l.lease, state: l.state, todos: [...l.todos] });
  const probe = (loaded: LoadedCase) => {
    if (!loaded.record) throw new Error('no case');
    return {
      encryptedKeys: new Set<string>(), case: { ...loaded.record, version: loaded.caseVersion + 1 },
      effects: [{ transition: `t${loaded.caseVersion}`, effects: [{ id: `${loaded.caseId}/probe/${loaded.caseVersion}`, kind: 'audit' as const, records: [] }] }],
    };
  };
  const giveBack = async (s: CaseStore, lease: DrainLease, transition: string) => {
    const now = (await s.load(lease.caseId, 'effects'))!;
    expect(await s.releaseLease(lease, now, { applied: [transition], stoppedIn: null, todos: new TodoLedger(now) }, { ifUnchanged: false, clearMarker: false })).toBe(true);
  };

  it('is what a read of the row returns right after the write, when the change read the whole work range', async () => {
    const id = await accept();
    const s = store();
    const loaded = (await s.load(id, 'work'))!;
    const change = probe(loaded);
    const lease = await s.commit(loaded, change, { takeLease: true });
    expect(lease?.after).not.toBeNull();
    const read = (await s.load(id, 'effects'))!;
    expect(effectsOf(lease!.after!)).toEqual(effectsOf(read));
    expect(lease!.after!.pending.map((p) => p.transition)).toContain(change.effects[0].transition);
    await giveBack(s, lease!, change.effects[0].transition);
  });

  it('is not known when the change read only its sub-task (the drain reads the row)', async () => {
    const id = await accept();
    const s = store();
    const loaded = (await s.load(id, { change: 'birthCertificate' }))!;
    const change = probe(loaded);
    const lease = await s.commit(loaded, { ...change, case: undefined, subTasks: [loaded.subTasks.get('birthCertificate')!].map((st) => ({ ...st, version: st.version + 1 })) }, { takeLease: true });
    expect(lease).not.toBeNull();
    expect(lease!.after).toBeNull();
    await giveBack(s, lease!, change.effects[0].transition);
  });

  it('is not trusted when the change read a lease that expired without being given back: its holder may still record progress', async () => {
    const id = await accept();
    const s = store();
    const held = await s.takeLease((await s.load(id, 'effects'))!);
    expect(held).not.toBeNull();
    wall.ms += 31_000;
    try {
      const loaded = (await s.load(id, 'work'))!;
      const change = probe(loaded);
      // The old holder, late, records progress under its (expired) lease: the cells the change expects stay as read.
      expect(await s.recordProgress(held!, (await s.load(id, 'effects'))!, { applied: [], stoppedIn: null, todos: new TodoLedger(loaded) })).toBe(true);
      const lease = await s.commit(loaded, change, { takeLease: true });
      expect(lease).not.toBeNull();
      expect(lease!.after).toBeNull();
      await giveBack(s, lease!, change.effects[0].transition);
    } finally {
      wall.ms -= 31_000;
    }
  });
});
