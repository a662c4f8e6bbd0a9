/**
 * 竣工联合验收 rules (core acceptance.ts) on the catalog's bundle, pure: opinions and defect ids, the site-visit notice
 * and confirmation, the pause of a department's clock while it waits for rectification, the consolidated notice,
 * re-inspection of exactly the departments with open defects, the whole-case promise moved by the paused days, and
 * properties over random sequences: a defect is closed only by its department's later opinion; the notice is
 * possible iff every department has its opinion in the round and one defect is open; the joint opinion iff every
 * chosen department passed; paused days = the working days between notice and rectification record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptanceBundle } from '../../functions/catalog/acceptanceBundle.js';
import {
  type AcceptancePart, buildOpinion, casePromise, type DefectInput, issueRectificationNotice, jointOpinionWaitsFor, openDefects, type Opinion,
  pausedDays, recordRectification, scheduleSiteVisit,
} from '../../functions/core/acceptance.js';
import { actor as staffActor } from './fixtures.js';
import { addWorkingDays, countWorkingDays } from '../../functions/core/calendar.js';
import { validateBundle } from '../../functions/core/bundleValidation.js';
import { acceptCase, caseInfoOf, type CaseRecord } from '../../functions/core/case.js';
import { isDomainError } from '../../functions/core/errors.js';
import { type SubTask, type SubTaskState, transitionSubTask } from '../../functions/core/subtask.js';
import { acceptanceSupplied, acceptanceValues, WATER_VALUES } from './enterpriseFixtures.js';
import { calendar, dispatcher, intakeMaterial, NOW, seedDirectory } from './fixtures.js';

const CLERK = 'yinzhou-serviceCenter-clerk1';
const DEPTS = ['housingAcceptance', 'planningVerification', 'enforcementAcceptance', 'waterConservationCheck'];
const PHOTO = 'a'.repeat(64);

function accepted(values = {}, now = NOW): { c: CaseRecord; subTasks: Map<string, SubTask> } {
  const r = acceptCase({
    caseId: 'YZ-20260302-0001', bundle: acceptanceBundle, values: acceptanceValues({ ...WATER_VALUES, ...values }), chosenOptional: ['waterConservationCheck'],
    supplied: acceptanceSupplied.map((m) => intakeMaterial(m.type, m.data)), actor: staffActor(CLERK), now, directory: seedDirectory, calendar,
  });
  if (isDomainError(r)) throw r;
  return { c: r.case, subTasks: new Map(r.subTasks.map((s) => [s.itemId, s])) };
}

function ctxOf(c: CaseRecord, itemId: string) {
  const item = acceptanceBundle.items.find((i) => i.id === itemId);
  if (!item) throw new Error(itemId);
  return { bundle: acceptanceBundle, item, directory: seedDirectory, calendar, caseInfo: caseInfoOf(c) };
}

function step(st: SubTask, c: CaseRecord, command: Parameters<typeof transitionSubTask>[1], who: string | null, now = NOW): SubTask {
  const r = transitionSubTask(st, command, who ? staffActor(who) : dispatcher, now, ctxOf(c, st.itemId));
  if (isDomainError(r)) throw r;
  return r.subTask;
}

const opinion = (part: AcceptancePart, result: 'pass' | 'defects', defects: DefectInput[] = []): Opinion => {
  const o = buildOpinion(part, { result, defects }, 'signer', 'seal', NOW);
  if (Array.isArray(o)) throw new Error(JSON.stringify(o));
  return o;
};

describe('a department on site', () => {
  it('is told of the site visit (work notice, to-do for its claimer), confirms, records defects (returned, clock paused) and re-inspects', () => {
    const { c, subTasks } = accepted();
    let st = step(subTasks.get('housingAcceptance') as SubTask, c, { type: 'claim' }, 'yinzhou-housing-signer1');
    const noted = transitionSubTask(st, { type: 'noteSiteVisit', date: '2026-03-04', time: '09:30', place: '项目现场' }, dispatcher, NOW, ctxOf(c, st.itemId));
    if (isDomainError(noted)) throw noted;
    expect(noted.effects.map((e) => e.kind)).toEqual(expect.arrayContaining(['notify', 'createTodo']));
    st = noted.subTask;
    expect(transitionSubTask(st, { type: 'noteSiteVisit', date: '2026-03-04', time: '09:30', place: '项目现场' }, dispatcher, NOW, ctxOf(c, st.itemId))).toMatchObject({ changed: false });
    const confirmed = transitionSubTask(st, { type: 'confirmSiteVisit' }, staffActor('yinzhou-housing-handler1'), NOW, ctxOf(c, st.itemId));
    if (isDomainError(confirmed)) throw confirmed;
    expect(confirmed.effects.filter((e) => e.kind === 'finishTodo')).toHaveLength(1);
    st = confirmed.subTask;
    const at = '2026-03-04T02:00:00.000Z';
    // an opinion given without confirming first finishes the site-visit to-do too
    const unconfirmed = transitionSubTask(noted.subTask, { type: 'recordOpinion', sealId: 'yinzhou-housing-seal', result: 'pass' }, staffActor('yinzhou-housing-signer1'), NOW, ctxOf(c, st.itemId));
    if (isDomainError(unconfirmed)) throw unconfirmed;
    const visitTodo = noted.subTask.acceptance?.siteVisit?.todo?.id;
    expect(visitTodo).toBeTruthy();
    expect(unconfirmed.effects.flatMap((e) => (e.kind === 'finishTodo' ? [e.todoId] : []))).toContain(visitTodo);
    // and so does the case's withdrawal (the sub-task cancelled)
    const cancelled = transitionSubTask(noted.subTask, { type: 'cancel', reason: '办件已撤销' }, dispatcher, NOW, ctxOf(c, st.itemId));
    if (isDomainError(cancelled)) throw cancelled;
    expect(cancelled.effects.flatMap((e) => (e.kind === 'finishTodo' ? [e.todoId] : []))).toContain(visitTodo);
    const handler = transitionSubTask(st, { type: 'recordOpinion', sealId: 'yinzhou-housing-seal', result: 'pass' }, staffActor('yinzhou-housing-handler1'), at, ctxOf(c, st.itemId));
    expect(handler).toMatchObject({ code: 'FORBIDDEN' });
    st = step(st, c, { type: 'recordOpinion', sealId: 'yinzhou-housing-seal', result: 'defects', defects: [{ description: '防火门闭门器缺失', rule: 'GB 50016 6.5.1', photos: [PHOTO] }] }, 'yinzhou-housing-signer1', at);
    expect(st.state).toBe('returned');
    expect(st.clock.pauses).toEqual([expect.objectContaining({ reason: 'correction', from: '2026-03-04', until: null })]);
    expect(openDefects(st.acceptance as AcceptancePart).map((d) => d.id)).toEqual(['D1-1']);
    // the window cannot resubmit it as an ordinary correction, the department cannot sign it off directly
    expect(transitionSubTask(st, { type: 'resubmit', values: {} }, staffActor(CLERK), at, ctxOf(c, st.itemId))).toMatchObject({ code: 'INVALID_TRANSITION' });
    st = step(st, c, { type: 'reinspect', round: 2 }, null, '2026-03-06T02:00:00.000Z');
    expect(st.state).toBe('claimed');
    expect(st.clock.pauses[0]).toMatchObject({ until: '2026-03-06' });
    expect(transitionSubTask(st, { type: 'signOff', sealId: 'yinzhou-housing-seal', outputs: {} }, staffActor('yinzhou-housing-signer1'), at, ctxOf(c, st.itemId))).toMatchObject({ code: 'INVALID_TRANSITION' });
    const done = step(st, c, { type: 'recordOpinion', sealId: 'yinzhou-housing-seal', result: 'pass', opinion: '复验合格' }, 'yinzhou-housing-signer1', '2026-03-06T03:00:00.000Z');
    expect(done.state).toBe('done');
    expect(done.outputs.housingAcceptanceOpinion).toMatchObject({ result: 'pass', remarks: '复验合格', inspectedOn: '2026-03-06', projectCode: acceptanceValues().projectCode });
    expect(openDefects(done.acceptance as AcceptancePart)).toEqual([]);
  });

  it('refuses an opinion without defects marked as defects, defects on a pass, a kept id that is not open, and a rule missing', () => {
    const empty: AcceptancePart = { siteVisit: null, opinions: [] };
    expect(buildOpinion(empty, { result: 'defects' }, 's', 'seal', NOW)).toEqual([expect.objectContaining({ field: 'defects', code: 'REQUIRED' })]);
    expect(buildOpinion(empty, { result: 'pass', defects: [{ description: '问题一', rule: '规定' }] }, 's', 'seal', NOW)).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
    expect(buildOpinion(empty, { result: 'defects', defects: [{ id: 'D1-1', description: '问题一', rule: '规定' }] }, 's', 'seal', NOW)).toEqual([expect.objectContaining({ code: 'NOT_OPEN' })]);
    expect(buildOpinion(empty, { result: 'defects', defects: [{ description: '问题一', rule: '' }] }, 's', 'seal', NOW)).toEqual([expect.objectContaining({ field: 'defects.0.rule' })]);
  });
});

describe('the window', () => {
  const input = (c: CaseRecord, subTasks: Map<string, SubTask>, now = NOW) => ({ c, bundle: acceptanceBundle, subTasks, actor: staffActor(CLERK), now, directory: seedDirectory });

  it('a bundle\'s per-class limits name a select field\'s options, none shorter than the critical path; the joint opinion item exists', () => {
    expect(validateBundle(acceptanceBundle, seedDirectory)).toBe(acceptanceBundle);
    const broken = { ...acceptanceBundle, promisedDaysBy: { field: 'projectClass', days: { industrial: 5, factory: 10 } }, jointAcceptance: { opinionItem: 'nope' } };
    expect(validateBundle(broken, seedDirectory)).toMatchObject({
      code: 'BUNDLE_INVALID',
      issues: expect.arrayContaining([
        expect.objectContaining({ field: 'promisedDaysBy.days.industrial', code: 'PROMISE_TOO_SHORT' }),
        expect.objectContaining({ field: 'promisedDaysBy.days.factory', code: 'NOT_AN_OPTION' }),
        expect.objectContaining({ field: 'jointAcceptance.opinionItem', code: 'UNKNOWN_ITEM' }),
      ]),
    });
  });

  it('promises 10 working days for 工业/物流 and 15 for 房建', () => {
    expect(accepted().c).toMatchObject({ promisedDays: 10, due: { date: '2026-03-16' } });
    expect(accepted({ projectClass: 'housing' }).c).toMatchObject({ promisedDays: 15, due: { date: '2026-03-23' } });
  });

  it("schedules the site visit for every open department; another district's window and a department are refused", () => {
    const { c, subTasks } = accepted();
    const r = scheduleSiteVisit(input(c, subTasks), { date: '2026-03-04', time: '09:30', place: '项目现场' });
    if (isDomainError(r)) throw r;
    expect(r.subTasks.map((s) => s.itemId)).toEqual(DEPTS);
    expect(r.result.case.version).toBe(c.version + 1);
    for (const who of ['haishu-serviceCenter-clerk1', 'yinzhou-housing-signer1']) {
      expect(scheduleSiteVisit({ ...input(c, subTasks), actor: staffActor(who) }, { date: '2026-03-04', time: '09:30', place: '项目现场' })).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(scheduleSiteVisit(input(c, subTasks), { date: '2026-03-01', time: '25:00', place: '' })).toMatchObject({
      code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ field: 'date' }), expect.objectContaining({ field: 'time' }), expect.objectContaining({ field: 'place' })],
    });
  });

  it('issues one notice of every open defect, then records the rectification: exactly those departments re-inspect and the promise moves', () => {
    const { c, subTasks } = accepted();
    const withOpinion = (id: string, result: 'pass' | 'defects', state: SubTaskState) => {
      const st = subTasks.get(id) as SubTask;
      const part: AcceptancePart = { siteVisit: null, opinions: [] };
      subTasks.set(id, { ...st, state, acceptance: { ...part, opinions: [opinion(part, result, result === 'defects' ? [{ description: `${id}的问题`, rule: '规定' }] : [])] } });
    };
    withOpinion('housingAcceptance', 'defects', 'returned');
    withOpinion('planningVerification', 'pass', 'done');
    expect(issueRectificationNotice(input(c, subTasks))).toMatchObject({ code: 'INVALID_TRANSITION' });
    withOpinion('enforcementAcceptance', 'defects', 'returned');
    withOpinion('waterConservationCheck', 'pass', 'done');
    const notice = issueRectificationNotice(input(c, subTasks, '2026-03-04T02:00:00.000Z'));
    if (isDomainError(notice)) throw notice;
    const noticed = notice.result.case;
    expect(noticed.acceptance?.notices[0].defects.map((d) => [d.itemId, d.id])).toEqual([['housingAcceptance', 'D1-1'], ['enforcementAcceptance', 'D1-1']]);
    expect(noticed.acceptance?.pauses).toEqual([{ from: '2026-03-04', until: null }]);
    expect(recordRectification(input(c, subTasks), { report: '已整改' }, calendar, { uploads: new Map(), caseFiles: [] })).toMatchObject({ code: 'INVALID_TRANSITION' });
    // attachments: only files this clerk uploaded (their intake uploads); another clerk's or an unknown hash is refused
    const later = input(noticed, subTasks, '2026-03-09T02:00:00.000Z');
    const OTHER = 'b'.repeat(64);
    const uploads = new Map([[PHOTO, { by: CLERK, purpose: 'intake' as const }], [OTHER, { by: 'yinzhou-serviceCenter-clerk2', purpose: 'intake' as const }]]);
    const SITE = 'd'.repeat(64);
    const FILED = 'f'.repeat(64);
    const caseFiles = [{ sha256: SITE, by: 'yinzhou-housing-signer1' }, { sha256: FILED, by: CLERK }];
    for (const attachments of [[OTHER], ['c'.repeat(64)], [PHOTO, OTHER], [SITE]]) {
      const refused = recordRectification(later, { report: '已整改完毕', attachments }, calendar, { uploads, caseFiles });
      expect(refused, attachments.join()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ code: 'ATTACHMENT_NOT_UPLOADED' })] });
    }
    const withFile = recordRectification(later, { report: '已整改完毕', attachments: [PHOTO, FILED] }, calendar, { uploads, caseFiles });
    if (isDomainError(withFile)) throw withFile;
    expect(withFile.result.case.acceptance?.rectifications[0].attachments).toEqual([PHOTO, FILED]);
    const rect = recordRectification(later, { report: '已整改完毕' }, calendar, { uploads: new Map(), caseFiles: [] });
    if (isDomainError(rect)) throw rect;
    expect(rect.subTasks).toEqual([{ itemId: 'housingAcceptance', command: { type: 'reinspect', round: 2 } }, { itemId: 'enforcementAcceptance', command: { type: 'reinspect', round: 2 } }]);
    expect(rect.result.case.due.date).toBe('2026-03-19');
    expect(pausedDays(calendar, rect.result.case.acceptance?.pauses ?? [], '2026-03-20')).toBe(3);
  });
});

// ---- properties ----

const defectInput = fc.record({ description: fc.constantFrom('问题甲', '问题乙', '问题丙'), rule: fc.constantFrom('规定一', '规定二') });

/** A department's next opinion: pass, or defects keeping a random subset of the open ones plus some new. */
const nextOpinion = fc.record({ pass: fc.boolean(), keep: fc.array(fc.boolean(), { maxLength: 6 }), fresh: fc.array(defectInput, { maxLength: 3 }) });

describe('properties', () => {
  it('a defect is open iff it is in its department\'s latest opinion of defects; once closed it never reopens; ids are unique', () => {
    fc.assert(fc.property(fc.array(nextOpinion, { minLength: 1, maxLength: 8 }), (steps) => {
      let part: AcceptancePart = { siteVisit: null, opinions: [] };
      const closed = new Set<string>();
      const seen = new Set<string>();
      for (const s of steps) {
        const open = openDefects(part);
        const kept = open.filter((_, i) => s.keep[i]).map((d) => ({ id: d.id, description: d.description, rule: d.rule }));
        const defects: DefectInput[] = s.pass ? [] : [...kept, ...s.fresh];
        const o = buildOpinion(part, { result: s.pass || defects.length === 0 ? 'pass' : 'defects', defects: s.pass || defects.length === 0 ? [] : defects }, 'signer', 'seal', NOW);
        if (Array.isArray(o)) throw new Error(JSON.stringify(o));
        part = { ...part, opinions: [...part.opinions, o] };
        const now = new Set(openDefects(part).map((d) => d.id));
        for (const d of open) if (!now.has(d.id)) closed.add(d.id);
        for (const id of now) {
          expect(closed.has(id)).toBe(false);
          if (!open.some((d) => d.id === id)) {
            expect(seen.has(id)).toBe(false);
            expect(id.startsWith(`D${o.round}-`)).toBe(true);
          }
          seen.add(id);
        }
        expect(now.size).toBe(openDefects(part).length);
        if (o.result === 'pass') expect(now.size).toBe(0);
      }
    }));
  });

  it('the notice is possible iff every department has its opinion in the round and a defect is open; the joint opinion iff every department is done', () => {
    const kinds = ['claimed', 'passed', 'defects'] as const;
    fc.assert(fc.property(fc.array(fc.constantFrom(...kinds), { minLength: 4, maxLength: 4 }), (picked) => {
      const { c, subTasks } = accepted();
      picked.forEach((k, i) => {
        const st = subTasks.get(DEPTS[i]) as SubTask;
        const part: AcceptancePart = { siteVisit: null, opinions: [] };
        if (k === 'claimed') subTasks.set(st.itemId, { ...st, state: 'claimed' });
        else subTasks.set(st.itemId, { ...st, state: k === 'passed' ? 'done' : 'returned', acceptance: { ...part, opinions: [opinion(part, k === 'passed' ? 'pass' : 'defects', k === 'defects' ? [{ description: '问题', rule: '规定' }] : [])] } });
      });
      const r = issueRectificationNotice({ c, bundle: acceptanceBundle, subTasks, actor: staffActor(CLERK), now: NOW, directory: seedDirectory });
      const possible = !picked.includes('claimed') && picked.includes('defects');
      expect(isDomainError(r)).toBe(!possible);
      if (!isDomainError(r)) expect(r.result.case.acceptance?.notices[0].defects).toHaveLength(picked.filter((k) => k === 'defects').length);
      const states = Object.fromEntries([...subTasks].map(([id, s]) => [id, s.state]));
      expect(jointOpinionWaitsFor(acceptanceBundle, 'jointOpinion', c.items, states).length === 0).toBe(picked.every((k) => k === 'passed'));
      expect(jointOpinionWaitsFor(acceptanceBundle, 'housingAcceptance', c.items, states)).toEqual([]);
    }), { numRuns: 60 });
  });

  it('paused days = the working days after the notice up to the rectification record; the promise moves by exactly them', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 2, 2 + n)).toISOString().slice(0, 10);
    fc.assert(fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom(10, 15), (start, length, days) => {
      const from = day(start);
      const until = day(start + length);
      const original = addWorkingDays(calendar, '2026-03-02', days);
      fc.pre(original !== null && from < original.date);
      const paused = pausedDays(calendar, [{ from, until }], until);
      expect(paused).toBe(countWorkingDays(calendar, from, until));
      expect(casePromise(calendar, NOW, days, [{ from, until }])?.date).toBe(addWorkingDays(calendar, '2026-03-02', days + paused)?.date);
      expect(casePromise(calendar, NOW, days, [{ from, until: null }])).toBeNull();
    }));
  });
});
