// Work lists after the queue-row layout change: a person's active work is not stored as rows of its own but
// read from the department's active rows they are the assignee of (store/queues.ts). Each person sees only
// their own claims — in their department and in a department that delegated the item to theirs — the
// department sees all, the badge counts agree, and no "user:…:active" row is ever written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentQueue } from '../../functions/core/queue.js';
import { TableStore } from '../../functions/store/client.js';
import { QueueRows } from '../../functions/store/queues.js';
import { birthBundle, birthValues, outputsFor } from '../core/fixtures.js';
import { rawTableText, suppliedBody, work } from './helpers.js';
import { staff, startWorld, type World } from './support.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.stop();
});

async function accept(requestId: string): Promise<string> {
  const { case: c } = await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId });
  await w.services.drainCase(c.id);
  return c.id;
}

const refs = (items: { caseId: string; itemId: string; state: string }[]) => items.map((i) => `${i.caseId}/${i.itemId}:${i.state}`).sort();

describe('my work', () => {
  it('two handlers of one department each see only their own claims; the department sees both', async () => {
    const a = await accept('mine-0000001');
    const b = await accept('mine-0000002');
    const h1 = staff('jiangbei-cdc', 'handler1');
    const h2 = staff('jiangbei-cdc', 'handler2');
    await w.services.act(h1, a, 'vaccinationCertificate', { type: 'claim' }, 1);
    await w.services.act(h2, b, 'vaccinationCertificate', { type: 'claim' }, 1);
    await w.services.drainCase(a);
    await w.services.drainCase(b);

    const mine1 = await w.services.queue(h1, 'mine');
    const mine2 = await w.services.queue(h2, 'mine');
    expect(refs(mine1.items)).toEqual([`${a}/vaccinationCertificate:claimed`]);
    expect(refs(mine2.items)).toEqual([`${b}/vaccinationCertificate:claimed`]);
    expect(mine1.items[0].assignee).toBe(h1.id);
    expect(mine1.counts.mine).toBe(1);
    expect(mine2.counts.mine).toBe(1);
    const active = await w.services.queue(staff('jiangbei-cdc', 'signer1'), 'department', { state: 'active' });
    expect(refs(active.items)).toEqual([`${a}/vaccinationCertificate:claimed`, `${b}/vaccinationCertificate:claimed`].sort());
    expect((await w.services.queue(staff('jiangbei-cdc', 'signer1'), 'mine')).items).toEqual([]);

    // Paging through my work by cursor returns each of my sub-tasks once.
    const p1 = await w.services.queue(h1, 'mine', { limit: 1 });
    expect(p1.items).toHaveLength(1);
    const rest = p1.nextCursor ? (await w.services.queue(h1, 'mine', { limit: 1, cursor: p1.nextCursor })).items : [];
    expect(rest.filter((i) => i.caseId === a)).toEqual([]);

    // Signed off: gone from my work and from the department's active list.
    await w.services.act(staff('jiangbei-cdc', 'signer1'), a, 'vaccinationCertificate', { type: 'signOff', sealId: 'jiangbei-cdc-seal', outputs: outputsFor(birthBundle, 'vaccinationCertificate') }, 2);
    await w.services.drainCase(a);
    expect((await w.services.queue(h1, 'mine')).items).toEqual([]);
    expect((await w.services.queue(h1, 'mine')).counts.mine).toBe(0);
    expect(refs((await w.services.queue(staff('jiangbei-cdc', 'signer1'), 'department', { state: 'active' })).items)).toEqual([`${b}/vaccinationCertificate:claimed`]);
  });

  it('a delegated item claimed by the service centre is in its handler’s work, not in the owning department staff’s', async () => {
    const id = await accept('mine-0000003');
    await work(w.services, birthBundle, id, 'birthCertificate', 'haishu-hospital1');
    await work(w.services, birthBundle, id, 'householdRegistration', 'yinzhou-police');
    const window = staff('yinzhou-serviceCenter', 'handler1');
    await w.services.act(window, id, 'medicalInsuranceEnrollment', { type: 'claim' }, 3);
    await w.services.drainCase(id);
    const mine = await w.services.queue(window, 'mine');
    expect(refs(mine.items)).toEqual([`${id}/medicalInsuranceEnrollment:claimed`]);
    expect(mine.counts.mine).toBe(1);
    expect((await w.services.queue(staff('yinzhou-medicalInsurance', 'handler1'), 'mine')).items.filter((i) => i.caseId === id)).toEqual([]);
    const dept = await w.services.queue(staff('yinzhou-medicalInsurance', 'handler1'), 'department', { state: 'active' });
    expect(refs(dept.items.filter((i) => i.caseId === id))).toEqual([`${id}/medicalInsuranceEnrollment:claimed`]);
  });

  it('no row of a person’s active queue is ever stored', async () => {
    const text = await rawTableText(w.client as never, 'queues', ['queue', 'due', 'ref'], TableStore as never);
    expect(text).toContain(':active');
    expect(/user:[^\s]*:active/.test(text)).toBe(false);
  });
});

describe('延期申请 and 退回补正 lists', () => {
  it('an extension request is in its department\'s extension list until decided; a sub-task returned for correction is in the accepting window\'s list until resubmitted', async () => {
    const id = await accept('lists-0000001');
    const handler = staff('jiangbei-cdc', 'handler1');
    const signer = staff('jiangbei-cdc', 'signer1');
    const supervisor = staff('jiangbei-serviceCenter', 'supervisor1');
    const item = 'vaccinationCertificate';
    const ref = `${id}/${item}`;
    const refsOf = async (who: typeof handler, kind: 'extension' | 'correction') => (await w.services.queue(who, kind)).items.map((i) => `${i.caseId}/${i.itemId}`).filter((r) => r === ref);
    await w.services.act(handler, id, item, { type: 'claim' }, 1);
    await w.services.act(handler, id, item, { type: 'requestExtension', days: 1, reason: '等待检测报告' }, 2);
    await w.services.drainCase(id);
    expect(await refsOf(signer, 'extension')).toEqual([ref]);
    expect((await w.services.queue(signer, 'mine')).counts.extension).toBeGreaterThanOrEqual(1);
    expect(await refsOf(supervisor, 'extension')).toEqual([ref]);
    // the handler asked; deciding is not theirs, nor is the list
    expect(await refsOf(handler, 'extension')).toEqual([]);
    expect((await w.services.queue(handler, 'mine')).counts.extension).toBe(0);
    // the supervision overview counts the work once (the extension row is not more work)
    const running = (await w.services.supervisionOverview(supervisor)).byDepartment.filter((d) => d.department === 'jiangbei-cdc')[0].running;

    await w.services.act(signer, id, item, { type: 'decideExtension', approve: true }, 3);
    await w.services.drainCase(id);
    expect(await refsOf(signer, 'extension')).toEqual([]);
    expect((await w.services.supervisionOverview(supervisor)).byDepartment.filter((d) => d.department === 'jiangbei-cdc')[0].running).toBe(running);

    await w.services.act(handler, id, item, { type: 'returnForCorrection', reason: '接种记录不清晰', items: ['预防接种记录'] }, 4);
    await w.services.drainCase(id);
    const correction = await w.services.queue(CLERK, 'correction');
    expect(correction.items.filter((i) => `${i.caseId}/${i.itemId}` === ref).map((i) => i.state)).toEqual(['returned']);
    expect(correction.counts.correction).toBe(correction.items.length);
    // another district's window, and the department's staff, have no such list of this case
    expect(await refsOf(staff('yinzhou-serviceCenter', 'clerk1'), 'correction')).toEqual([]);
    expect(await refsOf(handler, 'correction')).toEqual([]);

    await w.services.act(CLERK, id, item, { type: 'resubmit', values: {}, note: '已补交清晰的接种记录' }, 5);
    await w.services.drainCase(id);
    expect(await refsOf(CLERK, 'correction')).toEqual([]);
    expect((await w.services.queue(CLERK, 'correction')).counts.correction).toBe(0);
  });
});

describe('badge counts', () => {
  it('stop at 100 however long the queue grows (the page still lists 20 and pages on); 99 is counted exactly', async () => {
    const handler = staff('beilun-cdc', 'handler1');
    const queues = new QueueRows(w.client);
    const queue = departmentQueue(handler.district, handler.department, 'ready');
    const meta = (n: number) => ({
      bundleId: 'birth', bundleName: '出生一件事', itemId: 'vaccinationCertificate', itemName: '预防接种证', department: handler.department,
      district: handler.district, state: 'ready', assignee: null, subject: `受理 ${n}`, warnDays: 0,
    });
    const put = (from: number, to: number) => Promise.all(Array.from({ length: to - from }, (_, i) => {
      const n = from + i;
      return queues.put({ queue, due: 20260320, ref: `C${String(n).padStart(6, '0')}/vaccinationCertificate` }, meta(n));
    }));
    await put(0, 99);
    expect((await w.services.queue(handler, 'department')).counts.department).toBe(99);
    await put(99, 250);
    const page = await w.services.queue(handler, 'department');
    expect(page.counts.department).toBe(100);
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
    expect((await w.services.queue(handler, 'mine')).counts.department).toBe(100);
  });

  it('warning and overdue among what the handler watches: counted by level, and stopped at 100 too', async () => {
    const handler = staff('beilun-police', 'handler1');
    const queues = new QueueRows(w.client);
    const active = departmentQueue(handler.district, handler.department, 'active');
    const meta = (n: number) => ({
      bundleId: 'birth', bundleName: '出生一件事', itemId: 'householdRegistration', itemName: '户口登记', department: handler.department,
      district: handler.district, state: 'claimed', assignee: 'someone-else', subject: `受理 ${n}`, warnDays: 2,
    });
    const put = (from: number, to: number, due: number) => Promise.all(Array.from({ length: to - from }, (_, i) =>
      queues.put({ queue: active, due, ref: `W${String(from + i).padStart(6, '0')}/householdRegistration` }, meta(from + i))));
    // today 2026-03-02 (Mon): due tomorrow is within the 2 warning days; due next month is not; due last week is overdue.
    await put(0, 3, 20260303);
    await put(3, 5, 20260401);
    await put(5, 6, 20260224);
    let counts = (await w.services.queue(handler, 'department', { state: 'active' })).counts;
    expect([counts.warning, counts.overdue]).toEqual([3, 1]);
    await put(6, 130, 20260303);
    counts = (await w.services.queue(handler, 'department', { state: 'active' })).counts;
    expect([counts.warning, counts.overdue]).toEqual([100, 1]);
  });

  it('a delegation\'s queue counts only the delegated items\' rows as overdue and warning (the window watches them, not the rest)', async () => {
    const window = staff('beilun-serviceCenter', 'handler1');
    const queues = new QueueRows(w.client);
    const active = departmentQueue(window.district, 'beilun-medicalInsurance', 'active');
    const supervisor = staff('beilun-serviceCenter', 'supervisor1');
    const before = (await w.services.queue(supervisor, 'mine')).counts.overdue;
    const row = (n: number, itemId: string, due: number) => queues.put({ queue: active, due, ref: `D${String(n).padStart(6, '0')}/${itemId}` }, {
      bundleId: 'birth', bundleName: '出生一件事', itemId, itemName: '参保登记', department: 'beilun-medicalInsurance',
      district: window.district, state: 'claimed', assignee: 'someone-else', subject: `受理 ${n}`, warnDays: 2,
    });
    // 集中授权 of 北仑: birth/medicalInsuranceEnrollment only. Overdue (last week) and warning (tomorrow) rows of it and of another item.
    await Promise.all([
      row(0, 'medicalInsuranceEnrollment', 20260224), row(1, 'medicalInsuranceEnrollment', 20260225), row(2, 'notDelegated', 20260224),
      row(3, 'notDelegated', 20260225), row(4, 'notDelegated', 20260226), row(5, 'medicalInsuranceEnrollment', 20260303), row(6, 'notDelegated', 20260303),
    ]);
    const counts = (await w.services.queue(window, 'mine')).counts;
    expect([counts.warning, counts.overdue]).toEqual([1, 2]);
    // the district's supervisor watches every row of every department's queues (summed over them all): all 5 more overdue
    expect((await w.services.queue(supervisor, 'mine')).counts.overdue).toBe(before + 5);
  });
});
