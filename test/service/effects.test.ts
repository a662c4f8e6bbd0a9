// Effects at least once, applied once: drains repeated or interrupted by a failing platform call deliver
// every notice and to-do exactly once; a lost dispatcher invocation is made up by the timer's sweep; the
// dirty markers come and go with pending effects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle, birthValues } from '../core/fixtures.js';
import { Drainer } from '../../functions/service/drain.js';
import type { ServiceContext } from '../../functions/service/context.js';
import { CaseStore } from '../../functions/store/caseStore.js';
import { DIRTY_SHARDS, DirtyMarkers } from '../../functions/store/dirty.js';
import { PiiCipher } from '../../functions/store/pii.js';
import { suppliedBody, version, work } from './helpers.js';
import { KEYS, staff, startWorld, type World } from './support.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.stop();
});

async function accept(requestId: string): Promise<string> {
  return (await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId })).case.id;
}

async function markers(): Promise<string[]> {
  const d = new DirtyMarkers(w.client);
  const out: string[] = [];
  for (let s = 0; s < DIRTY_SHARDS; s++) out.push(...(await d.list(s)).map((m) => m.caseId));
  return out.sort();
}

const noticesOf = (caseId: string) => w.notifier.notices.filter((n) => n.caseId === caseId).map((n) => `${n.template}:${n.itemId}`).sort();

describe('drainCase', () => {
  it('a second drain applies nothing and sends nothing', async () => {
    const id = await accept('effects-0001');
    const first = await w.services.drainCase(id);
    const sent = w.notifier.notices.length;
    const second = await w.services.drainCase(id);
    expect(first.applied).toBeGreaterThan(0);
    expect(second).toMatchObject({ applied: 0, pending: 0 });
    expect(w.notifier.notices.length).toBe(sent);
  });

  it('a drain that read the row before another drain took and gave back the lease cannot take it on that stale read', async () => {
    const id = await accept('effects-aba-0001');
    const store = new CaseStore(w.client, { cipher: new PiiCipher(KEYS), dirty: new DirtyMarkers(w.client), now: () => w.clock.now, wallMillis: Date.now, leaseMs: 30_000 });
    const stale = await store.load(id, 'effects');
    expect(stale?.pending.length).toBeGreaterThan(0);
    // another drain applies everything meanwhile (takes the lease, records progress, gives it back)
    expect((await w.services.drainCase(id)).pending).toBe(0);
    // the stale view still lists those effects as pending: its lease must not be granted
    expect(store.leaseTaken(stale!)).toBe(false);
    expect(await store.takeLease(stale!)).toBeNull();
    const fresh = await store.load(id, 'effects');
    expect(fresh?.pending).toEqual([]);
    expect(await store.takeLease(fresh!)).not.toBeNull();
  });

  it('a drain that waited for another drain\'s lease finishes the to-do that one created (its platform id read again with the lease)', async () => {
    const id = await accept('effects-todo-wait-0001');
    await w.services.drainCase(id);
    const hospital = staff('haishu-hospital1', 'handler1');
    const claimed = await w.services.act(hospital, id, 'birthCertificate', { type: 'claim' }, await version(w.services, hospital, id, 'birthCertificate'));
    // what a second drain reads while a first one holds the lease: the to-do's creation pending, no platform id yet
    // the services' own context (its store, directory snapshot and notifier), with one load replaced below
    const context = (w.services as unknown as { context: ServiceContext }).context;
    const store = context.cases;
    let stale: Awaited<ReturnType<CaseStore['load']>> = null;
    await store.whileLeased((await store.load(id, 'effects'))!, async () => {
      stale = await store.load(id, 'effects');
    });
    expect(stale!.todos.size).toBe(0);
    await w.services.drainCase(id); // the first drain: creates the to-do, records its platform id
    const created = w.notifier.todos.find((t) => t.caseId === id);
    expect(created).toBeDefined();
    await w.services.act(staff('haishu-hospital1', 'signer1'), id, 'birthCertificate', {
      type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: { birthMedicalCertificate: { certificateNumber: 'Q330123457', babyName: '王小满', babySex: 'female', birthTime: '2026-02-27T08:30:00+08:00', birthPlace: '浙江省宁波市海曙区柳汀街339号', hospitalName: '宁波市妇女儿童医院', weightGrams: 3350, motherName: '李秀梅', motherIdNumber: birthValues().motherIdNumber as string, fatherName: '王建华', fatherIdNumber: birthValues().fatherIdNumber as string, issuedOn: '2026-03-02' } },
    }, claimed.subTask.version);
    // the second drain: its first read is the stale one (a live lease in it), so it waits, reads again and takes the lease
    let first = true;
    const cases = Object.create(store) as CaseStore;
    cases.load = async (caseId, read) => {
      if (first && caseId === id && read === 'effects') {
        first = false;
        return stale;
      }
      return store.load(caseId, read);
    };
    const ctx = Object.create(context, { cases: { value: cases } }) as ServiceContext;
    const report = await new Drainer(ctx).drain(id);
    expect(report.pending).toBe(0);
    const finished = w.notifier.finished.filter((t) => t.caseId === id);
    expect(finished).toHaveLength(1);
    expect(finished[0].platformId).toBe(`task-${created!.todoId}`);
  });

  it('interrupted by a failing notifier, then drained again: every effect exactly once', async () => {
    // A reference case worked without failures …
    const ref = await accept('effects-ref-0001');
    await w.services.drainCase(ref);
    await work(w.services, birthBundle, ref, 'birthCertificate', 'haishu-hospital1');
    // … and the same work with the platform failing in the middle of several drains.
    const id = await accept('effects-crash-0001');
    w.notifier.calls = 0;
    w.notifier.failAt = 2;
    await expect(w.services.drainCase(id)).rejects.toThrow('platform unavailable');
    expect((await w.services.drainCase(id)).pending).toBe(0);
    const hospital = staff('haishu-hospital1', 'handler1');
    const claimed = await w.services.act(hospital, id, 'birthCertificate', { type: 'claim' }, await version(w.services, hospital, id, 'birthCertificate'));
    w.notifier.calls = 0;
    w.notifier.failAt = 1; // the to-do creation fails
    await expect(w.services.drainCase(id)).rejects.toThrow();
    const signed = await w.services.act(staff('haishu-hospital1', 'signer1'), id, 'birthCertificate', {
      type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: { birthMedicalCertificate: { certificateNumber: 'Q330123456', babyName: '王小满', babySex: 'female', birthTime: '2026-02-27T08:30:00+08:00', birthPlace: '浙江省宁波市海曙区柳汀街339号', hospitalName: '宁波市妇女儿童医院', weightGrams: 3350, motherName: '李秀梅', motherIdNumber: birthValues().motherIdNumber as string, fatherName: '王建华', fatherIdNumber: birthValues().fatherIdNumber as string, issuedOn: '2026-03-02' } },
    }, claimed.subTask.version);
    expect(signed.subTask.state).toBe('done');
    w.notifier.calls = 0;
    w.notifier.failAt = 3;
    await expect(w.services.drainCase(id)).rejects.toThrow();
    await w.services.drainCase(id);
    await w.services.drainCase(id);
    expect(noticesOf(id)).toEqual(noticesOf(ref));
    expect(w.notifier.todos.filter((t) => t.caseId === id)).toHaveLength(1);
    expect(w.notifier.finished.filter((t) => t.caseId === id)).toHaveLength(1);
    expect(w.notifier.finished.find((t) => t.caseId === id)?.platformId).toBe(w.notifier.todos.find((t) => t.caseId === id) && `task-${w.notifier.todos.find((t) => t.caseId === id)?.todoId}`);
    // Queue rows are where they belong: 户口登记 ready in 鄞州 police.
    const q = await w.services.queue(staff('yinzhou-police', 'handler1'), 'department');
    expect(q.items.filter((i) => i.caseId === id).map((i) => i.itemId)).toEqual(['householdRegistration']);
  });
});

describe('the sweep', () => {
  it('delivers the effects of a case whose dispatcher invocation was lost, and clears its marker', async () => {
    const id = await accept('effects-lost-0001'); // nobody drains: the kick was "lost"
    expect(await markers()).toContain(id);
    expect(w.notifier.notices.filter((n) => n.caseId === id)).toEqual([]);
    const report = await w.services.sweep();
    expect(report.failures).toEqual([]);
    expect(report.drained.find((d) => d.caseId === id)).toMatchObject({ clean: true });
    expect(noticesOf(id)).toEqual(['subTaskReady:birthCertificate', 'subTaskReady:vaccinationCertificate']);
    expect(await markers()).not.toContain(id);
    // The next change writes the marker again; a sweep after the drain removes it.
    const cdc = staff('jiangbei-cdc', 'handler1');
    await w.services.act(cdc, id, 'vaccinationCertificate', { type: 'claim' }, await version(w.services, cdc, id, 'vaccinationCertificate'));
    expect(await markers()).toContain(id);
    await w.services.sweep();
    expect(await markers()).not.toContain(id);
    expect(w.notifier.todos.filter((t) => t.caseId === id)).toHaveLength(1);
  });

  it('raises warning and overdue alerts once per threshold', async () => {
    const id = await accept('effects-clock-0001');
    await w.services.drainCase(id);
    const cdc = staff('jiangbei-cdc', 'handler1');
    await w.services.act(cdc, id, 'vaccinationCertificate', { type: 'claim' }, await version(w.services, cdc, id, 'vaccinationCertificate'));
    await w.services.drainCase(id);
    // Claimed Monday 2 March with a 1-working-day limit (warning at 0 left): due Tuesday 3 March.
    w.clock.now = '2026-03-03T02:00:00.000Z';
    await w.services.sweep();
    const warnings = () => w.notifier.notices.filter((n) => n.caseId === id && n.template === 'clockWarning');
    const overdue = () => w.notifier.notices.filter((n) => n.caseId === id && n.template === 'clockOverdue');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0].recipients.map((r) => r.id)).toEqual([cdc.id]);
    await w.services.sweep();
    expect(warnings()).toHaveLength(1);
    w.clock.now = '2026-03-05T02:00:00.000Z';
    await w.services.sweep();
    await w.services.sweep();
    // Overdue: to the handler and escalated to the district's supervisors (督办), once.
    expect(overdue().map((n) => n.recipients.map((r) => r.id).join(','))).toEqual([cdc.id, 'jiangbei-serviceCenter-supervisor1']);
    const list = await w.services.queue(staff('jiangbei-serviceCenter', 'supervisor1'), 'overdue', { level: 'overdue' });
    expect(list.items.map((i) => `${i.caseId}/${i.itemId}`)).toContain(`${id}/vaccinationCertificate`);
    expect(list.items.find((i) => i.caseId === id)?.remainingDays).toBeLessThan(0);
    const overview = await w.services.supervisionOverview(staff('jiangbei-serviceCenter', 'supervisor1'));
    expect(overview.counts.overdue).toBeGreaterThanOrEqual(1);
    expect(overview.byDepartment.find((d) => d.department === 'jiangbei-cdc')?.overdue).toBeGreaterThanOrEqual(1);
    w.clock.now = '2026-03-02T02:00:00.000Z';
  });
});

describe('a dispatcher that lags behind', () => {
  it('drains several changes at once with the same result and fewer queue writes', async () => {
    const id = await accept('effects-lag-0001');
    const cdc = staff('jiangbei-cdc', 'handler1');
    const claimed = await w.services.act(cdc, id, 'vaccinationCertificate', { type: 'claim' }, 1);
    await w.services.act(staff('jiangbei-cdc', 'signer1'), id, 'vaccinationCertificate', {
      type: 'signOff', sealId: 'jiangbei-cdc-seal', outputs: { vaccinationRecord: { certificateNumber: 'JZ330205-2026-0456', clinic: '江北区洪塘街道社区卫生服务中心', firstDoseOn: '2026-02-27' } },
    }, claimed.subTask.version);
    w.ots.server.resetCounters();
    const report = await w.services.drainCase(id);
    const queueWrites = Object.values(w.ots.server.counters().queues ?? {}).reduce((n, c) => n + c.write, 0);
    // ready put, then claim (ready out, two active in), then sign-off (two active out): only the hospital's ready row remains to put.
    expect(queueWrites).toBe(1);
    expect(report.pending).toBe(0);
    expect((await w.services.queue(cdc, 'mine')).items.filter((i) => i.caseId === id)).toEqual([]);
    expect((await w.services.queue(cdc, 'department', { state: 'ready' })).items.filter((i) => i.caseId === id)).toEqual([]);
    const hospital = await w.services.queue(staff('haishu-hospital1', 'handler1'), 'department', { state: 'ready' });
    expect(hospital.items.filter((i) => i.caseId === id).map((i) => i.itemId)).toEqual(['birthCertificate']);
    expect(w.notifier.todos.filter((t) => t.caseId === id)).toHaveLength(1);
    expect(w.notifier.finished.filter((t) => t.caseId === id)).toHaveLength(1);
  });
});
