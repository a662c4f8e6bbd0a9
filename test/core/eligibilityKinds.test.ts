import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundles } from '../../functions/catalog/index.js';
import type { Bundle } from '../../functions/core/bundle.js';
import { validateBundle } from '../../functions/core/bundleValidation.js';
import { isDomainError } from '../../functions/core/errors.js';
import type { FormValues } from '../../functions/core/form.js';
import { precheck } from '../../functions/core/precheck.js';
import { D, makeId, seedDirectory } from './fixtures.js';
import { marriageValues, schoolEnrollmentValues } from './lifeEventFixturesA.js';

const bundle = (id: string): Bundle => {
  const b = bundles.find((x) => x.id === id);
  if (!b) throw new Error(id);
  return b;
};
const school = bundle('schoolEnrollment');
const marriage = bundle('marriageBirthHousehold');

/** Only the age rule: a one-rule copy of the bundle's eligibility. */
const ageIssues = (b: Bundle, values: FormValues, today: string) =>
  precheck({
    bundle: { ...b, eligibility: b.eligibility.filter((r) => r.kind === 'minAge') }, values, chosenOptional: [], providedMaterials: b.intakeMaterials,
    acceptingDistrict: D.yinzhou, directory: seedDirectory, now: `${today}T02:00:00Z`,
  }).issues.filter((i) => i.code === 'ELIGIBILITY_MINAGE');

describe('eligibility minAge (年满N周岁)', () => {
  const child = (birth: string) => schoolEnrollmentValues({ childBirthDate: birth, childIdNumber: makeId('330212', birth, '046') });

  it('小学入学: six by the next 31 August — applying in spring or in December for the coming September', () => {
    expect(ageIssues(school, child('2021-08-31'), '2027-03-01')).toEqual([]); // six on 2027-08-31
    expect(ageIssues(school, child('2021-09-01'), '2027-03-01').map((i) => `${i.field}:${i.message}`)).toEqual([
      'childBirthDate:儿童到今年（或来年）8月31日尚未年满6周岁，不能报名小学入学',
    ]);
    // after 31 August the rule looks at the next year's 31 August
    expect(ageIssues(school, child('2021-08-31'), '2026-12-06')).toEqual([]);
    expect(ageIssues(school, child('2021-09-01'), '2026-12-06')).toHaveLength(1);
    // on 31 August itself, that day counts
    expect(ageIssues(school, child('2020-08-31'), '2026-08-31')).toEqual([]);
  });

  it('法定婚龄 from the ID numbers: 男 22, 女 20, each told', () => {
    const young = marriageValues({ maleIdNumber: makeId('330212', '2005-01-10', '051'), femaleIdNumber: makeId('330203', '2007-06-01', '068') });
    expect(ageIssues(marriage, young, '2026-12-06').map((i) => i.field)).toEqual(['maleIdNumber', 'femaleIdNumber']);
    const exactly = marriageValues({ maleIdNumber: makeId('330212', '2004-12-06', '051'), femaleIdNumber: makeId('330203', '2006-12-06', '068') });
    expect(ageIssues(marriage, exactly, '2026-12-06')).toEqual([]);
  });

  it('agrees with counting birthdays on the calendar (property)', () => {
    const day = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (birth, today) => {
        if (birth > today) return;
        const [by, bm, bd] = birth.split('-').map(Number);
        const [ty, tm, td] = today.split('-').map(Number);
        const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
        const values = marriageValues({ maleIdNumber: makeId('330212', birth, '051'), femaleIdNumber: makeId('330203', '1990-01-01', '068') });
        const refused = ageIssues(marriage, values, today).some((i) => i.field === 'maleIdNumber');
        expect(refused).toBe(age < 22);
      }),
      { numRuns: 300 },
    );
  });
});

describe('eligibility chosenWhen (an optional item only for some answers)', () => {
  it('bundle validation refuses a rule naming a required or unknown item', () => {
    const employment = bundle('employment');
    const bad: Bundle = {
      ...employment,
      eligibility: [{ kind: 'chosenWhen', items: ['employmentStatusCheck', 'noSuchItem'], field: 'employmentStatus', values: ['employed'], message: '仅就业状态为就业时可申请' }],
    };
    const r = validateBundle(bad, seedDirectory);
    expect(isDomainError(r) ? r.issues.filter((i) => i.code === 'BAD_RULE_ITEM').map((i) => i.message) : []).toEqual([
      '申请条件引用的事项 employmentStatusCheck 不存在或不是可选事项',
      '申请条件引用的事项 noSuchItem 不存在或不是可选事项',
    ]);
  });
});
