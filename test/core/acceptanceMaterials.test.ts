/**
 * 竣工联合验收 材料审查 (core acceptanceMaterials.ts), pure: a department records its missing materials on its sub-task
 * while it reviews (nothing to the applicant; the plain 退回补正 refused), the window issues ONE 材料补正通知 of every
 * department's pending request (those sub-tasks returned with their clocks paused, the case clock paused), and the
 * applicant's supplement, recorded once, resumes exactly those sub-tasks and moves the promise by the paused days.
 */
import { describe, expect, it } from 'vitest';
import { acceptanceBundle } from '../../functions/catalog/acceptanceBundle.js';
import { type AcceptanceChange, nextStep } from '../../functions/core/acceptance.js';
import { issueMaterialNotice, pendingRequest, recordMaterialSupplement } from '../../functions/core/acceptanceMaterials.js';
import { acceptCase, caseInfoOf, type CaseRecord } from '../../functions/core/case.js';
import { isDomainError } from '../../functions/core/errors.js';
import { type SubTask, transitionSubTask } from '../../functions/core/subtask.js';
import { acceptanceSupplied, acceptanceValues, WATER_VALUES } from './enterpriseFixtures.js';
import { actor as staffActor, calendar, dispatcher, intakeMaterial, NOW, seedDirectory } from './fixtures.js';

const CLERK = 'yinzhou-serviceCenter-clerk1';
const SIGNER: Record<string, string> = {
  housingAcceptance: 'yinzhou-housing-signer1',
  planningVerification: 'yinzhou-naturalResources-signer1',
  enforcementAcceptance: 'yinzhou-lawEnforcement-signer1',
  waterConservationCheck: 'yinzhou-waterResources-signer1',
};
const DEPTS = Object.keys(SIGNER);
const at = (day: string) => `${day}T02:00:00.000Z`;

function accepted(): { c: CaseRecord; subTasks: Map<string, SubTask> } {
  const r = acceptCase({
    caseId: 'YZ-20260302-0001', bundle: acceptanceBundle, values: acceptanceValues({ ...WATER_VALUES }), chosenOptional: ['waterConservationCheck'],
    supplied: acceptanceSupplied.map((m) => intakeMaterial(m.type, m.data)), actor: staffActor(CLERK), now: NOW, directory: seedDirectory, calendar,
  });
  if (isDomainError(r)) throw r;
  return { c: r.case, subTasks: new Map(r.subTasks.map((s) => [s.itemId, s])) };
}

function ctxOf(c: CaseRecord, itemId: string) {
  const item = acceptanceBundle.items.find((i) => i.id === itemId);
  if (!item) throw new Error(itemId);
  return { bundle: acceptanceBundle, item, directory: seedDirectory, calendar, caseInfo: caseInfoOf(c) };
}

function step(st: SubTask, c: CaseRecord, command: Parameters<typeof transitionSubTask>[1], who: string | null, now: string = NOW): SubTask {
  const r = transitionSubTask(st, command, who ? staffActor(who) : dispatcher, now, ctxOf(c, st.itemId));
  if (isDomainError(r)) throw r;
  return r.subTask;
}

const input = (c: CaseRecord, subTasks: Map<string, SubTask>, now = NOW) => ({ c, bundle: acceptanceBundle, subTasks, actor: staffActor(CLERK), now, directory: seedDirectory });

/** Applies a window change's sub-task commands as the system would in the same write. */
function apply(change: AcceptanceChange, subTasks: Map<string, SubTask>, now: string): { c: CaseRecord; subTasks: Map<string, SubTask> } {
  const next = new Map(subTasks);
  const c = change.result.case;
  for (const { itemId, command } of change.subTasks) next.set(itemId, step(next.get(itemId) as SubTask, c, command, null, now));
  return { c, subTasks: next };
}

function claimedAll() {
  const { c, subTasks } = accepted();
  for (const id of DEPTS) subTasks.set(id, step(subTasks.get(id) as SubTask, c, { type: 'claim' }, SIGNER[id]));
  return { c, subTasks };
}

describe('材料审查 with one consolidated notice', () => {
  it('two departments request materials; one notice lists both and returns exactly them; the supplement resumes exactly them and moves the promise', () => {
    let { c, subTasks } = claimedAll();
    const req = transitionSubTask(subTasks.get('housingAcceptance') as SubTask, { type: 'requestMaterials', items: ['消防验收备案凭证'], note: '原件扫描' }, staffActor('yinzhou-housing-handler1'), NOW, ctxOf(c, 'housingAcceptance'));
    if (isDomainError(req)) throw req;
    // the window is told; the applicant is not (nothing leaves the department but an internal notice to the clerk)
    expect(req.effects.filter((e) => e.kind === 'notify').map((e) => (e.kind === 'notify' ? e.to : null))).toEqual([{ staff: CLERK }]);
    expect(req.subTask.state).toBe('claimed');
    subTasks.set('housingAcceptance', req.subTask);
    // a second request of the same department adds to its pending one
    subTasks.set('housingAcceptance', step(req.subTask, c, { type: 'requestMaterials', items: ['竣工图（消防部分）', '消防验收备案凭证'] }, SIGNER.housingAcceptance));
    expect(pendingRequest(subTasks.get('housingAcceptance') as SubTask)).toMatchObject({ items: ['消防验收备案凭证', '竣工图（消防部分）'], note: '原件扫描', notice: null });
    subTasks.set('planningVerification', step(subTasks.get('planningVerification') as SubTask, c, { type: 'requestMaterials', items: ['规划核实测量报告'] }, SIGNER.planningVerification));
    expect(nextStep(acceptanceBundle, c, subTasks)).toBe('住建单项验收、规划核实提出材料补正要求，发出材料补正通知');

    const notice = issueMaterialNotice(input(c, subTasks, at('2026-03-03')));
    if (isDomainError(notice)) throw notice;
    expect(notice.subTasks.map((s) => s.itemId)).toEqual(['housingAcceptance', 'planningVerification']);
    const issued = notice.result.case.acceptance?.materialNotices?.[0];
    expect(issued).toMatchObject({ number: 'YZ-20260302-0001-BZ1', issuedBy: CLERK });
    expect(issued?.requests.map((r) => [r.itemId, r.items])).toEqual([
      ['housingAcceptance', ['消防验收备案凭证', '竣工图（消防部分）']], ['planningVerification', ['规划核实测量报告']],
    ]);
    expect(notice.result.case.acceptance?.pauses).toEqual([{ from: '2026-03-03', until: null }]);
    ({ c, subTasks } = apply(notice, subTasks, at('2026-03-03')));
    expect(DEPTS.map((d) => subTasks.get(d)?.state)).toEqual(['returned', 'returned', 'claimed', 'claimed']);
    expect((subTasks.get('housingAcceptance') as SubTask).clock.pauses).toEqual([expect.objectContaining({ reason: 'correction', from: '2026-03-03', until: null })]);
    expect((subTasks.get('housingAcceptance') as SubTask).correction).toMatchObject({ reason: '材料补正通知（YZ-20260302-0001-BZ1）' });
    expect(nextStep(acceptanceBundle, c, subTasks)).toBe('等待申请人补正材料；补正后登记，有关部门继续审查');
    // a second notice before the supplement, a window resubmitting alone: refused
    expect(issueMaterialNotice(input(c, subTasks, at('2026-03-04')))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(transitionSubTask(subTasks.get('housingAcceptance') as SubTask, { type: 'resubmit', values: {} }, staffActor(CLERK), at('2026-03-04'), ctxOf(c, 'housingAcceptance'))).toMatchObject({ code: 'INVALID_TRANSITION' });

    const due = c.due.date;
    const supplement = recordMaterialSupplement(input(c, subTasks, at('2026-03-06')), { note: '已补交三份材料' }, calendar, { uploads: new Map(), caseFiles: [] });
    if (isDomainError(supplement)) throw supplement;
    expect(supplement.subTasks).toEqual([
      { itemId: 'housingAcceptance', command: { type: 'materialsSupplemented', number: 'YZ-20260302-0001-BZ1' } },
      { itemId: 'planningVerification', command: { type: 'materialsSupplemented', number: 'YZ-20260302-0001-BZ1' } },
    ]);
    expect(supplement.result.case.acceptance?.pauses).toEqual([{ from: '2026-03-03', until: '2026-03-06' }]);
    // 3 working days paused (Wed, Thu, Fri): the promise moves by exactly 3
    expect(supplement.result.case.due.date).toBe(calendarShift(due, 3));
    ({ c, subTasks } = apply(supplement, subTasks, at('2026-03-06')));
    expect(DEPTS.map((d) => subTasks.get(d)?.state)).toEqual(['claimed', 'claimed', 'claimed', 'claimed']);
    expect((subTasks.get('housingAcceptance') as SubTask).clock.pauses[0]).toMatchObject({ until: '2026-03-06' });
    expect(subTasks.get('housingAcceptance')?.acceptance?.materialRequests?.[0]).toMatchObject({ notice: 'YZ-20260302-0001-BZ1', supplementedAt: at('2026-03-06') });
    // recorded once: a second supplement has no notice to answer; a redelivered command changes nothing
    expect(recordMaterialSupplement(input(c, subTasks, at('2026-03-06')), { note: '再次补交' }, calendar, { uploads: new Map(), caseFiles: [] })).toMatchObject({ code: 'INVALID_TRANSITION' });
    const again = transitionSubTask(subTasks.get('housingAcceptance') as SubTask, { type: 'materialsSupplemented', number: 'YZ-20260302-0001-BZ1' }, dispatcher, at('2026-03-06'), ctxOf(c, 'housingAcceptance'));
    expect(again).toMatchObject({ changed: false });
    expect(nextStep(acceptanceBundle, c, subTasks)).toBe('安排联合现场踏勘，通知各部门');
  });

  it('refuses the plain 退回补正, a request after the site visit or with no item, another department, a notice with no request and bad supplements', () => {
    const { c, subTasks } = claimedAll();
    const housing = subTasks.get('housingAcceptance') as SubTask;
    const ctx = ctxOf(c, 'housingAcceptance');
    const returned = transitionSubTask(housing, { type: 'returnForCorrection', reason: '材料不全', items: ['竣工图'] }, staffActor(SIGNER.housingAcceptance), NOW, ctx);
    expect(returned).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(isDomainError(returned) && returned.message).toContain('提出材料补正要求');
    expect(transitionSubTask(housing, { type: 'requestMaterials', items: ['竣工图'] }, staffActor(SIGNER.planningVerification), NOW, ctx)).toMatchObject({ code: 'FORBIDDEN' });
    expect(transitionSubTask(housing, { type: 'requestMaterials', items: ['  '] }, staffActor(SIGNER.housingAcceptance), NOW, ctx)).toMatchObject({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ field: 'items' })] });
    const visited = step(housing, c, { type: 'noteSiteVisit', date: '2026-03-04', time: '09:30', place: '项目现场' }, null);
    expect(transitionSubTask(visited, { type: 'requestMaterials', items: ['竣工图'] }, staffActor(SIGNER.housingAcceptance), NOW, ctx)).toMatchObject({ code: 'INVALID_TRANSITION' });
    // the joint opinion item is not a department's review
    const joint = subTasks.get('jointOpinion') as SubTask;
    expect(transitionSubTask({ ...joint, state: 'claimed', assignee: 'yinzhou-serviceCenter-signer1' }, { type: 'requestMaterials', items: ['竣工图'] }, staffActor('yinzhou-serviceCenter-signer1'), NOW, ctxOf(c, 'jointOpinion'))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(issueMaterialNotice(input(c, subTasks))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(issueMaterialNotice({ ...input(c, subTasks), actor: staffActor(SIGNER.housingAcceptance) })).toMatchObject({ code: 'FORBIDDEN' });
    expect(recordMaterialSupplement(input(c, subTasks), { note: '' }, calendar, { uploads: new Map(), caseFiles: [] })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(recordMaterialSupplement(input(c, subTasks), { note: '已补交', attachments: ['b'.repeat(64)] }, calendar, { uploads: new Map(), caseFiles: [] }))
      .toMatchObject({ code: 'VALIDATION_FAILED', message: '补正附件未上传或不是您上传的，请重新上传' });
    expect(recordMaterialSupplement(input(c, subTasks), { note: '已补交' }, calendar, { uploads: new Map(), caseFiles: [] })).toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});

/** The working day `n` working days after `date` (a plain Mon–Fri week in March 2026, no holidays). */
function calendarShift(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left -= 1;
  }
  return d.toISOString().slice(0, 10);
}
