// 好差评 (core rating.ts): who rates what and when, once per target; a 差评 opens a rectification for the
// responsible department in the same transition, and the rectification's steps are case-level transitions with
// the events statistics count (rate, openRectification, closeRectification).
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/core/case.js';
import { isDomainError, type DomainError } from '../../functions/core/errors.js';
import { actOnRectification, authorizeWindowRating, parseRatingInput, type RatedCase, ratableTargets, rateCase, type RatingInput } from '../../functions/core/rating.js';
import { actor, calendar, D, seedDirectory } from './fixtures.js';

const CLERK = actor('haishu-serviceCenter-clerk1');
const NOW = '2026-03-02T02:00:00.000Z';

function record(state: CaseRecord['state'], extra: Partial<CaseRecord & RatedCase> = {}): CaseRecord & RatedCase {
  return {
    id: 'LB20260302-0001', bundleId: 'birth', bundleVersion: 1, bundleName: '出生一件事', state, acceptingDistrict: D.haishu, acceptedBy: CLERK.id,
    acceptedAt: '2026-02-20T02:00:00.000Z', items: ['birthCertificate', 'householdRegistration'], assignments: {}, districts: [D.haishu, D.yinzhou],
    due: { date: '2026-03-10', provisional: false }, subjects: [], withdrawal: null, endedAt: state === 'accepted' ? null : NOW, version: 7, updatedAt: NOW,
    servicePoint: { department: 'haishu-serviceCenter', level: 'district' }, ...extra,
  };
}

const subTasks = {
  birthCertificate: { state: 'done' as const, department: 'haishu-hospital1', district: D.haishu },
  householdRegistration: { state: 'claimed' as const, department: 'yinzhou-police', district: D.yinzhou },
};

const input = (level: RatingInput['level'], target = 'case'): RatingInput => ({ level, comment: null, target });
const code = (r: unknown) => (isDomainError(r) ? (r as DomainError).code : 'ok');

function rated(c: CaseRecord & RatedCase, level: RatingInput['level']) {
  const r = rateCase(c, subTasks, input(level), 'window', CLERK, NOW, seedDirectory, calendar);
  if (isDomainError(r)) throw r;
  return r;
}

describe('rating input', () => {
  it('takes the five levels, an optional comment of up to 300 characters and a target', () => {
    expect(parseRatingInput({ level: 'satisfied' })).toEqual({ level: 'satisfied', comment: null, target: 'case' });
    expect(parseRatingInput({ level: 'dissatisfied', comment: '  等了很久  ', target: 'birthCertificate' })).toEqual({ level: 'dissatisfied', comment: '等了很久', target: 'birthCertificate' });
    for (const bad of [{}, { level: 'good' }, { level: 'basic', comment: 'x'.repeat(301) }, { level: 'basic', target: '../x' }, { level: 'basic', comment: 5 }, null, []]) {
      expect(code(parseRatingInput(bad)), JSON.stringify(bad)).toBe('VALIDATION_FAILED');
    }
  });
});

describe('who rates what and when', () => {
  it('the case once it ended (completed or closed), a sub-task once done; nothing of a withdrawn case', () => {
    const states = { birthCertificate: 'done', householdRegistration: 'claimed' } as const;
    expect(ratableTargets(record('accepted'), states)).toEqual(['birthCertificate']);
    expect(ratableTargets(record('completed'), states)).toEqual(['case', 'birthCertificate']);
    expect(ratableTargets(record('closed'), states)).toEqual(['case', 'birthCertificate']);
    expect(ratableTargets(record('withdrawn'), states)).toEqual([]);
    expect(code(rateCase(record('accepted'), subTasks, input('satisfied'), 'window', CLERK, NOW, seedDirectory, calendar))).toBe('NOT_RATABLE');
    expect(code(rateCase(record('completed'), subTasks, input('satisfied', 'householdRegistration'), 'window', CLERK, NOW, seedDirectory, calendar))).toBe('NOT_RATABLE');
    expect(code(rateCase(record('completed'), subTasks, input('satisfied', 'marriage'), 'window', CLERK, NOW, seedDirectory, calendar))).toBe('NOT_FOUND');
  });

  it('on the window\'s device: the accepting district\'s clerks only', () => {
    expect(authorizeWindowRating(CLERK, record('completed'))).toBeNull();
    expect(authorizeWindowRating(actor('yinzhou-serviceCenter-clerk1'), record('completed'))?.code).toBe('FORBIDDEN');
    expect(authorizeWindowRating(actor('haishu-serviceCenter-supervisor1'), record('completed'))?.code).toBe('FORBIDDEN');
  });

  it('once per target: a second rating is ALREADY_RATED', () => {
    const first = rated(record('completed'), 'verySatisfied');
    expect(code(rateCase(first.case, subTasks, input('basic'), 'window', CLERK, NOW, seedDirectory, calendar))).toBe('ALREADY_RATED');
    // the sub-task is a target of its own
    expect(code(rateCase(first.case, subTasks, input('basic', 'birthCertificate'), 'progressPage', CLERK, NOW, seedDirectory, calendar))).toBe('ok');
  });
});

describe('a rating as a case transition', () => {
  it('a good rating: one `rate` event, no rectification', () => {
    const r = rated(record('completed'), 'basic');
    expect(r.case.version).toBe(8);
    expect(r.events.map((e) => [e.action, e.detail.level, e.detail.target, e.detail.department, e.detail.channel])).toEqual([['rate', 'basic', 'case', 'haishu-serviceCenter', 'window']]);
    expect((r.case as RatedCase).rectifications).toEqual([]);
    expect(r.effects).toEqual([]);
  });

  it('a 差评 opens a rectification for the window that served, due in 15 working days, noticed to the department and the supervisors', () => {
    const r = rated(record('completed'), 'veryDissatisfied');
    const rect = (r.case as RatedCase).rectifications?.[0];
    expect(rect).toMatchObject({ department: 'haishu-serviceCenter', district: D.haishu, state: 'open', openedOn: '2026-03-02', dueDate: '2026-03-23' });
    expect(r.events.map((e) => e.action)).toEqual(['rate', 'openRectification']);
    expect(r.events[1].detail).toMatchObject({ department: 'haishu-serviceCenter', rectificationId: rect?.id });
    expect(new Set(r.events.map((e) => e.id)).size).toBe(2);
    expect(r.effects.map((e) => e.kind === 'notify' && e.template)).toEqual(['rectificationOpened', 'rectificationOpened']);
  });

  it('a sub-task\'s 差评 goes to that sub-task\'s department', () => {
    const r = rateCase(record('accepted'), subTasks, input('dissatisfied', 'birthCertificate'), 'window', CLERK, NOW, seedDirectory, calendar);
    if (isDomainError(r)) throw r;
    expect((r.case as RatedCase).rectifications?.[0].department).toBe('haishu-hospital1');
  });
});

describe('rectification steps', () => {
  const open = () => rated(record('completed'), 'dissatisfied').case as CaseRecord & RatedCase;
  const SC = actor('haishu-serviceCenter-clerk1');
  const SUP = actor('haishu-serviceCenter-supervisor1');

  it('the department calls back, rectifies and feeds back: closeRectification with outcome and onTime', () => {
    let c = open();
    for (const cmd of [
      { type: 'callBack', at: NOW, method: 'phone', applicantSaid: '窗口等候时间过长' },
      { type: 'rectify', text: '增开一个综合窗口' },
      { type: 'feedback', text: '已电话告知申请人整改情况' },
    ] as const) {
      const r = actOnRectification(c, 'rc1', cmd, SC, NOW);
      if (isDomainError(r)) throw r;
      c = r.case as CaseRecord & RatedCase;
    }
    expect(c.rectifications?.[0]).toMatchObject({ state: 'closed', outcome: 'rectified', onTime: true });
    const last = actOnRectification(c, 'rc1', { type: 'feedback', text: '再次反馈' }, SC, NOW);
    expect(code(last)).toBe('INVALID_TRANSITION');
  });

  it('other departments and districts may not; only a supervisor of the district decides an appeal', () => {
    const c = open();
    expect(code(actOnRectification(c, 'rc1', { type: 'rectify', text: '整改' }, actor('haishu-police-handler1'), NOW))).toBe('FORBIDDEN');
    expect(code(actOnRectification(c, 'rc1', { type: 'decideAppeal', upheld: true, note: '误评' }, SC, NOW))).toBe('FORBIDDEN');
    const appealed = actOnRectification(c, 'rc1', { type: 'appeal', reason: '申请人对政策本身不满，非服务问题' }, SC, NOW);
    if (isDomainError(appealed)) throw appealed;
    expect(code(actOnRectification(appealed.case, 'rc1', { type: 'decideAppeal', upheld: true, note: '误评' }, actor('yinzhou-serviceCenter-supervisor1'), NOW))).toBe('FORBIDDEN');
    const upheld = actOnRectification(appealed.case, 'rc1', { type: 'decideAppeal', upheld: true, note: '经核实属误评' }, SUP, NOW);
    if (isDomainError(upheld)) throw upheld;
    expect(upheld.events.map((e) => [e.action, e.detail.outcome ?? null])).toEqual([['decideAppeal', null], ['closeRectification', 'appealUpheld']]);
    expect((upheld.case as RatedCase).ratings?.[0].disputed).toBe(true);
  });

  it('an appeal rejected goes back to 整改 (or to 回访 when none was made yet); one appeal only', () => {
    const c = open();
    const called = actOnRectification(c, 'rc1', { type: 'callBack', at: NOW, method: 'visit', applicantSaid: '材料被要求重复提交' }, SC, NOW);
    if (isDomainError(called)) throw called;
    const appealed = actOnRectification(called.case, 'rc1', { type: 'appeal', reason: '材料确需补正，非重复提交' }, SC, NOW);
    if (isDomainError(appealed)) throw appealed;
    const rejected = actOnRectification(appealed.case, 'rc1', { type: 'decideAppeal', upheld: false, note: '回访记录显示确有重复要求' }, SUP, NOW);
    if (isDomainError(rejected)) throw rejected;
    expect((rejected.case as RatedCase).rectifications?.[0].state).toBe('rectifying');
    expect(code(actOnRectification(rejected.case, 'rc1', { type: 'appeal', reason: '再次申诉理由充分' }, SC, NOW))).toBe('INVALID_TRANSITION');
  });

  it('alerts once per level', () => {
    const timer = { kind: 'system', id: 'system', name: 'timer' } as const;
    const r = actOnRectification(open(), 'rc1', { type: 'raiseAlert', level: 'overdue' }, timer, NOW);
    if (isDomainError(r)) throw r;
    expect(r.events[0].action).toBe('rectificationAlert');
    const again = actOnRectification(r.case, 'rc1', { type: 'raiseAlert', level: 'overdue' }, timer, NOW);
    expect(!isDomainError(again) && again.changed).toBe(false);
    expect(code(actOnRectification(r.case, 'rc1', { type: 'raiseAlert', level: 'warning' }, SC, NOW))).toBe('FORBIDDEN');
  });
});
