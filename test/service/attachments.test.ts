// Attachments and the rules around them (core policy: authorizeAttachmentUpload, authorizeAttachmentReference):
// a file is added to a sub-task only in a state that allows it (never once it has ended or its case is
// over), and an intake may carry only files its clerk uploaded for an intake — a hash alone grants nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle, birthSupplied, birthValues } from '../core/fixtures.js';
import { outcomeOf, version, work } from './helpers.js';
import { staff, startWorld, type World } from './support.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');
/** The applicant's documents without files. */
const supplied = birthSupplied.map((m) => ({ type: m.type, data: m.data, attachments: [] }));
const PDF = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);
const file = (text: string, name = 'a.pdf') => ({ bytes: PDF(text), name, contentType: 'application/pdf' });

let w: World;
let n = 0;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.stop();
});

async function newCase(): Promise<string> {
  const { case: c } = await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied, requestId: `att-case-${String(++n).padStart(4, '0')}` });
  await w.services.drainCase(c.id);
  return c.id;
}

describe('uploads onto a sub-task follow its state', () => {
  it('ready (nobody has claimed it): even a signer of the department is refused with 409', async () => {
    const caseId = await newCase();
    expect(await outcomeOf(w.services.uploadAttachment(staff('haishu-hospital1', 'signer1'), caseId, 'birthCertificate', file('ready')))).toBe('INVALID_TRANSITION');
  });

  it('claimed: the assignee and a signer may; the window only during 补正; another department never', async () => {
    const caseId = await newCase();
    const handler = staff('haishu-hospital1', 'handler1');
    const claimed = await w.services.act(handler, caseId, 'birthCertificate', { type: 'claim' }, await version(w.services, handler, caseId, 'birthCertificate'));
    expect(await outcomeOf(w.services.uploadAttachment(handler, caseId, 'birthCertificate', file('claimed 1')))).toBe('ok');
    expect(await outcomeOf(w.services.uploadAttachment(staff('haishu-hospital1', 'signer1'), caseId, 'birthCertificate', file('claimed 2')))).toBe('ok');
    expect(await outcomeOf(w.services.uploadAttachment(CLERK, caseId, 'birthCertificate', file('window while claimed')))).toBe('INVALID_TRANSITION');
    expect(await outcomeOf(w.services.uploadAttachment(staff('haishu-police', 'handler1'), caseId, 'birthCertificate', file('foreign')))).toBe('FORBIDDEN');
    await w.services.act(handler, caseId, 'birthCertificate', { type: 'returnForCorrection', reason: '证明不清晰', items: ['重新扫描出生证明存根'] }, claimed.subTask.version);
    expect(await outcomeOf(w.services.uploadAttachment(CLERK, caseId, 'birthCertificate', file('correction')))).toBe('ok');
    expect(await outcomeOf(w.services.uploadAttachment(staff('haishu-police', 'handler1'), caseId, 'birthCertificate', file('foreign 2')))).toBe('FORBIDDEN');
  });

  it('done, on a completed case: 409 CASE_CLOSED for its own department, 403 for another, and nothing is added', async () => {
    const caseId = await newCase();
    for (const [item, dep] of [
      ['birthCertificate', 'haishu-hospital1'], ['vaccinationCertificate', 'jiangbei-cdc'], ['householdRegistration', 'yinzhou-police'],
      ['medicalInsuranceEnrollment', 'yinzhou-medicalInsurance'], ['socialSecurityCardApplication', 'yinzhou-hrss'],
    ] as const) await work(w.services, birthBundle, caseId, item, dep);
    expect((await w.services.getCase(CLERK, caseId)).case.state).toBe('completed');
    const signer = staff('haishu-hospital1', 'signer1');
    const before = (await w.services.subTask(signer, caseId, 'birthCertificate')).attachments;
    for (const who of [staff('haishu-hospital1', 'handler1'), signer]) {
      const err = await w.services.uploadAttachment(who, caseId, 'birthCertificate', file('after the end')).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CASE_CLOSED', status: 409 });
      expect((err as Error).message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await outcomeOf(w.services.uploadAttachment(staff('haishu-police', 'handler1'), caseId, 'birthCertificate', file('foreign')))).toBe('FORBIDDEN');
    expect((await w.services.subTask(signer, caseId, 'birthCertificate')).attachments).toEqual(before);
  });
});
