/**
 * 试运行 (core dryRun.ts): the pre-check notice, and when only materials are missing the sub-tasks the case would
 * have — routed and started exactly as acceptCase would, each due from today with the calendar after its
 * predecessors' limits — the promised date, the materials still to bring; routing problems make it not routable.
 */
import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../functions/core/calendar.js';
import { acceptCase } from '../../functions/core/case.js';
import { dryRun } from '../../functions/core/dryRun.js';
import { isDomainError } from '../../functions/core/errors.js';
import { shanghaiDate } from '../../functions/core/time.js';
import { actor, birthBundle, birthSupplied, birthValues, calendar, D, deathBundle, deathValues, NOW, seedDirectory } from './fixtures.js';

const CLERK = 'yinzhou-serviceCenter-clerk1';
const TODAY = shanghaiDate(NOW);
const base = { chosenOptional: [] as string[], acceptingDistrict: D.yinzhou, directory: seedDirectory, calendar, now: NOW };

describe('dryRun', () => {
  it('lays out the case acceptCase would make: same routes and starting states, due dates after predecessors, the same promise', () => {
    const values = birthValues();
    const r = dryRun({ ...base, bundle: birthBundle, values, supplied: birthSupplied.map((m) => m.type) });
    const accepted = acceptCase({ caseId: 'YZ-20260302-0001', bundle: birthBundle, values, chosenOptional: [], supplied: birthSupplied, actor: actor(CLERK), now: NOW, directory: seedDirectory, calendar });
    if (isDomainError(accepted)) throw accepted;
    expect(r.notice.ok).toBe(true);
    expect(r.routable).toBe(true);
    expect(r.materialsToBring).toEqual([]);
    expect(r.subTasks.map((t) => t.itemId)).toEqual(accepted.case.items);
    for (const t of r.subTasks) {
      const st = accepted.subTasks.find((s) => s.itemId === t.itemId)!;
      expect({ district: t.district.code, department: t.department.id }).toEqual({ district: st.district, department: st.department });
      expect(t.state).toBe(st.state);
      expect(t.department.name).toBe(seedDirectory.departments.find((d) => d.id === st.department)!.name);
      expect(t.due).toEqual(addWorkingDays(calendar, TODAY, t.startsAfterDays + t.limitDays));
    }
    const byId = Object.fromEntries(r.subTasks.map((t) => [t.itemId, t]));
    const limit = (id: string) => birthBundle.items.find((i) => i.id === id)!.timeLimitDays;
    expect(byId.birthCertificate).toMatchObject({ state: 'ready', waitsFor: [], startsAfterDays: 0 });
    expect(byId.householdRegistration).toMatchObject({ state: 'waiting', waitsFor: ['birthCertificate'], startsAfterDays: limit('birthCertificate') });
    expect(byId.socialSecurityCardApplication.startsAfterDays).toBe(limit('birthCertificate') + limit('householdRegistration'));
    expect(r.promisedDue).toEqual(accepted.case.due);
  });

  it('materials not brought: told in the notice and listed, the case still laid out', () => {
    const r = dryRun({ ...base, bundle: birthBundle, values: birthValues() });
    expect(r.notice.ok).toBe(false);
    expect(r.notice.issues.every((i) => i.code === 'MISSING_MATERIAL')).toBe(true);
    expect(r.materialsToBring.map((m) => m.id).sort()).toEqual(birthSupplied.map((m) => m.type).sort());
    expect(r.materialsToBring.every((m) => /[\u4e00-\u9fff]/.test(m.name))).toBe(true);
    expect(r.routable).toBe(true);
    expect(r.subTasks.length).toBeGreaterThan(0);
  });

  it('a form with problems: the one-time notice names them, no sub-tasks', () => {
    const r = dryRun({ ...base, bundle: birthBundle, values: birthValues({ motherName: '' }), supplied: birthSupplied.map((m) => m.type) });
    expect(r.routable).toBe(false);
    expect(r.subTasks).toEqual([]);
    expect(r.notice.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'motherName', code: 'REQUIRED' })]));
    expect(r.notice.text).toContain('一次性告知');
  });

  it('an item routed to a district that has not joined the bundle: not routable, the notice says where', () => {
    const r = dryRun({ ...base, bundle: deathBundle, values: deathValues({ householdDistrict: D.beilun }) });
    expect(r.routable).toBe(false);
    expect(r.notice.issues.some((i) => i.code === 'DISTRICT_NOT_JOINED' || i.code.startsWith('ELIGIBILITY'))).toBe(true);
  });

  it('cross-district routing: each item to the department of its district', () => {
    const r = dryRun({ ...base, bundle: deathBundle, values: deathValues() });
    expect(r.routable).toBe(true);
    const districts = new Set(r.subTasks.map((t) => t.district.code));
    expect(districts.size).toBeGreaterThan(1); // 死亡地 海曙, 户籍地 鄞州, 参保地 江北
    for (const t of r.subTasks) expect(seedDirectory.departments.find((d) => d.id === t.department.id)?.district).toBe(t.district.code);
  });
});
