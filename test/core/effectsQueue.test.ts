import { describe, expect, it } from 'vitest';
import { itemRef, parseItemRef } from '../../functions/core/bundle.js';
import { EffectList } from '../../functions/core/effects.js';
import { departmentQueue, parseSubTaskRef, queueDiff, subTaskRef, userQueue } from '../../functions/core/queue.js';
import { dateToInt, intToDate } from '../../functions/core/time.js';

describe('effects and queue rows', () => {
  it('effect ids are derived from the causing transition, unique and stable', () => {
    const make = () =>
      new EffectList('LB-0001/householdRegistration@4')
        .add({ kind: 'releaseSubTask', caseId: 'LB-0001', itemId: 'socialSecurityCardApplication' })
        .add({ kind: 'completeCase', caseId: 'LB-0001' })
        .list();
    expect(make().map((e) => e.id)).toEqual(['LB-0001/householdRegistration@4/releaseSubTask/1', 'LB-0001/householdRegistration@4/completeCase/2']);
    expect(make()).toEqual(make());
  });

  it('queue diffs delete exactly the rows that go and put the ones that come', () => {
    const ref = subTaskRef('LB-0001', 'householdRegistration');
    const ready = { queue: departmentQueue('330212', 'yinzhou-police', 'ready'), due: 20260304, ref };
    const mine = { queue: userQueue('yinzhou-police-handler1', 'active'), due: 20260304, ref };
    const dept = { queue: departmentQueue('330212', 'yinzhou-police', 'active'), due: 20260304, ref };
    expect(queueDiff([ready], [mine, dept])).toEqual({ remove: [ready], add: [mine, dept] });
    expect(queueDiff([mine, dept], [mine, dept])).toEqual({ remove: [], add: [] });
    const later = { ...dept, due: 20260306 };
    expect(queueDiff([mine, dept], [mine, later])).toEqual({ remove: [dept], add: [later] });
  });

  it('sub-task and item refs parse back into the ids they were made of', () => {
    expect(parseSubTaskRef(subTaskRef('LB20260302-0001', 'householdRegistration'))).toEqual({ caseId: 'LB20260302-0001', itemId: 'householdRegistration' });
    expect(parseItemRef(itemRef('birth', 'householdRegistration'))).toEqual({ bundleId: 'birth', itemId: 'householdRegistration' });
  });

  it('due dates are sortable integers', () => {
    expect(dateToInt('2026-03-04')).toBe(20260304);
    expect(intToDate(20260304)).toBe('2026-03-04');
  });
});
