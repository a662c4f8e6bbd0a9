// The remaining operations: pre-check without side effects and the 422-style pre-check failure, bundles
// and the form, withdrawal (撤销) with its conflicts, attachments that travel with a shared material (and
// are refused to departments that did not declare it), queue pagination, contacts, the audit of downloads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrecheckFailedError } from '../../functions/service/index.js';
import { birthBundle, birthValues } from '../core/fixtures.js';
import { suppliedBody, version, work, outcomeOf } from './helpers.js';
import { actor, staff, startWorld, type World } from './support.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.stop();
});

const code = outcomeOf;

describe('intake', () => {
  it('lists the bundles of the district and derives the form', async () => {
    const { bundles } = await w.services.listBundles(CLERK);
    expect(bundles.map((b) => b.id).sort()).toEqual([
      'adoption', 'birth', 'completionAcceptance', 'death', 'employment', 'marriageBirthHousehold', 'medical', 'preconstruction', 'property', 'retirement',
      'schoolEnrollment', 'veteran',
    ]);
    const beilun = await w.services.listBundles(staff('beilun-serviceCenter', 'clerk1'));
    expect(beilun.bundles.map((b) => b.id)).toEqual(['birth']);
    const f = await w.services.form(CLERK, 'birth', ['maternityReimbursement']);
    expect(f.form.fields.map((x) => x.key)).toContain('motherBankAccount');
    expect(f.graph.items.find((i) => i.id === 'householdRegistration')?.dependsOn).toEqual(['birthCertificate']);
    expect(await code(w.services.form(CLERK, 'nope'))).toBe('NOT_FOUND');
  });

  it('the pre-check reports every problem at once and writes nothing; acceptance then fails with the notice', async () => {
    const body = { bundleId: 'birth', values: birthValues({ motherIdNumber: '330203199305120420', applicantPhone: '123', babyName: '' }), requestId: 'bad-request-01' };
    const { notice } = await w.services.precheck(CLERK, body);
    expect(notice.ok).toBe(false);
    expect(notice.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['motherIdNumber', 'applicantPhone', 'babyName']));
    const err = await w.services.acceptCase(CLERK, body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrecheckFailedError);
    expect((err as PrecheckFailedError).httpStatus).toBe(422);
    expect((err as PrecheckFailedError).toJSON().notice.issues.length).toBe(notice.issues.length);
    expect(await code(w.services.acceptCase(CLERK, { bundleId: 'birth', values: 'x' }))).toBe('VALIDATION_FAILED');
    expect(await code(w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), requestId: 'no' }))).toBe('VALIDATION_FAILED');
    // Nothing was written: no case, no queue row.
    expect((await w.services.queue(staff('haishu-hospital1', 'handler1'), 'department')).items).toEqual([]);
  });

  it('numbers cases per district and day', async () => {
    const a = await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'num-0000001' });
    const b = await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'num-0000002' });
    const [, , sa] = a.case.id.split('-');
    const [, , sb] = b.case.id.split('-');
    expect(Number(sb)).toBe(Number(sa) + 1);
    const y = await w.services.acceptCase(staff('yinzhou-serviceCenter', 'clerk1'), { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'num-0000003' });
    expect(y.case.id).toMatch(/^yinzhou-20260302-0001$/);
  });
});

describe('withdrawal', () => {
  it('the window withdraws with a reason; open sub-tasks are cancelled and leave the queues; a stale version conflicts', async () => {
    const { case: c } = await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'withdraw-0001' });
    await w.services.drainCase(c.id);
    const hospital = staff('haishu-hospital1', 'handler1');
    await w.services.act(hospital, c.id, 'birthCertificate', { type: 'claim' }, 1);
    await w.services.drainCase(c.id);
    expect(await code(w.services.withdraw(staff('haishu-police', 'handler1'), c.id, '申请人要求撤回', 1))).toBe('FORBIDDEN');
    expect(await code(w.services.withdraw(CLERK, c.id, '申', 1))).toBe('VALIDATION_FAILED');
    expect(await code(w.services.withdraw(CLERK, c.id, '申请人要求撤回', 2))).toBe('CONFLICT');
    const r = await w.services.withdraw(CLERK, c.id, '申请人要求撤回', 1);
    expect(r.case.state).toBe('withdrawn');
    expect(r.case.subTasks.every((s) => s.state === 'cancelled')).toBe(true);
    await w.services.drainCase(c.id);
    expect((await w.services.queue(hospital, 'mine')).items.filter((i) => i.caseId === c.id)).toEqual([]);
    expect((await w.services.queue(staff('jiangbei-cdc', 'handler1'), 'department')).items.filter((i) => i.caseId === c.id)).toEqual([]);
    expect(await code(w.services.act(hospital, c.id, 'birthCertificate', { type: 'comment', text: '备注' }, 3))).toBe('ok');
    expect(await code(w.services.withdraw(CLERK, c.id, '再撤一次', 2))).toBe('CASE_CLOSED');
    expect(w.notifier.finished.some((f) => f.caseId === c.id)).toBe(true);
  });
});

describe('attachments', () => {
  it('travel with the shared material to the departments that declared it, verified, and each download is audited', async () => {
    const { case: c } = await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'attach-0001' });
    await w.services.drainCase(c.id);
    const handler = staff('haishu-hospital1', 'handler1');
    const claimed = await w.services.act(handler, c.id, 'birthCertificate', { type: 'claim' }, 1);
    const scan = Buffer.alloc(1_300_000, 7); // three chunks
    scan.write('%PDF-1.7 出生医学证明扫描件');
    const up = await w.services.uploadAttachment(handler, c.id, 'birthCertificate', { bytes: scan, name: '出生医学证明.pdf', contentType: 'application/pdf' });
    expect(up.attachment.size).toBe(scan.length);
    expect(await code(w.services.uploadAttachment(staff('haishu-police', 'handler1'), c.id, 'birthCertificate', { bytes: scan, name: 'x.pdf', contentType: 'application/pdf' }))).toBe('FORBIDDEN');
    expect(await code(w.services.uploadAttachment(handler, c.id, 'birthCertificate', { bytes: Buffer.alloc(0), name: 'x.pdf', contentType: 'application/pdf' }))).toBe('VALIDATION_FAILED');
    await w.services.act(staff('haishu-hospital1', 'signer1'), c.id, 'birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: (await import('../core/fixtures.js')).outputsFor(birthBundle, 'birthCertificate') }, claimed.subTask.version);
    await w.services.drainCase(c.id);
    const police = staff('yinzhou-police', 'handler1');
    const detail = await w.services.subTask(police, c.id, 'householdRegistration');
    expect(detail.attachments.map((a) => [a.sha256, a.material])).toContainEqual([up.attachment.sha256, 'birthMedicalCertificate']);
    const got = await w.services.downloadAttachment(police, up.attachment.sha256, { caseId: c.id, itemId: 'householdRegistration' });
    expect(got.bytes.equals(scan)).toBe(true);
    expect(got.name).toBe('出生医学证明.pdf');
    // 疾控 did not declare the birth certificate: no access, even knowing the hash.
    expect(await code(w.services.downloadAttachment(staff('jiangbei-cdc', 'handler1'), up.attachment.sha256, { caseId: c.id, itemId: 'vaccinationCertificate' }))).toBe('FORBIDDEN');
    expect(await code(w.services.downloadAttachment(police, up.attachment.sha256, { caseId: c.id, itemId: 'vaccinationCertificate' }))).toBe('FORBIDDEN');
    const trail = await w.services.auditTrail(actor('haishu-serviceCenter-auditor1'), c.id);
    expect(trail.chainValid).toBe(true);
    expect(trail.records.filter((r) => r.action === 'attachmentRead').map((r) => r.actor.id)).toEqual([police.id]);
  });
});

describe('queues', () => {
  it('pages a department queue in deadline order with a cursor', async () => {
    const window = staff('jiangbei-serviceCenter', 'clerk1');
    for (let i = 0; i < 5; i++) {
      const { case: c } = await w.services.acceptCase(window, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: `page-${String(i).padStart(6, '0')}` });
      await w.services.drainCase(c.id);
    }
    const cdc = staff('jiangbei-cdc', 'handler1');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await w.services.queue(cdc, 'department', { state: 'ready', limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.caseId));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 20);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id.startsWith('jiangbei-'))).toHaveLength(5);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(await code(w.services.queue(cdc, 'department', { cursor: 'garbage!' }))).toBe('VALIDATION_FAILED');
    const counts = (await w.services.queue(cdc, 'mine')).counts;
    expect(counts.department).toBe(seen.length);
  });

  it('contacts: the own department by default, the district, delegated departments; not another district', async () => {
    const h = staff('yinzhou-medicalInsurance', 'handler1');
    const own = await w.services.contacts(h);
    expect(own.staff.every((s) => s.department === 'yinzhou-medicalInsurance')).toBe(true);
    expect(own.staff.map((s) => s.id)).toContain('yinzhou-medicalInsurance-signer1');
    const window = await w.services.contacts(h, { department: 'yinzhou-serviceCenter' });
    expect(window.staff.map((s) => s.id)).toContain('yinzhou-serviceCenter-handler1');
    expect(await code(w.services.contacts(h, { department: 'haishu-medicalInsurance' }))).toBe('FORBIDDEN');
  });

  it('hand-off to a colleague: the colleague claims; the first handler no longer sees it', async () => {
    const { case: c } = await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'handoff-0001' });
    await w.services.drainCase(c.id);
    const h1 = staff('jiangbei-cdc', 'handler1');
    const h2 = staff('jiangbei-cdc', 'handler2');
    const claimed = await w.services.act(h1, c.id, 'vaccinationCertificate', { type: 'claim' }, 1);
    const handed = await w.services.act(h1, c.id, 'vaccinationCertificate', { type: 'handOff', toStaff: h2.id, reason: '休假，转同事办理' }, claimed.subTask.version);
    await w.services.drainCase(c.id);
    expect((await w.services.queue(h2, 'mine')).items.map((i) => `${i.caseId}/${i.state}`)).toContain(`${c.id}/ready`);
    expect(await code(w.services.act(staff('jiangbei-cdc', 'signer1'), c.id, 'vaccinationCertificate', { type: 'claim' }, handed.subTask.version))).toBe('FORBIDDEN');
    await w.services.act(h2, c.id, 'vaccinationCertificate', { type: 'claim' }, handed.subTask.version);
    await w.services.drainCase(c.id);
    expect((await w.services.queue(h2, 'mine')).items.filter((i) => i.caseId === c.id).map((i) => i.state)).toEqual(['claimed']);
    await work(w.services, birthBundle, c.id, 'birthCertificate', 'haishu-hospital1');
    expect(await version(w.services, h2, c.id, 'vaccinationCertificate')).toBe(handed.subTask.version + 1);
  });
});
