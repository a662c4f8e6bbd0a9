import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type Directory, findDepartment, findDistrict, withDistrictJoined } from '../../functions/core/directory.js';
import { isDomainError } from '../../functions/core/errors.js';
import { selectItems } from '../../functions/core/form.js';
import { routeCase } from '../../functions/core/routing.js';
import { bundles } from '../../functions/catalog/index.js';
import { shanghaiDate } from '../../functions/core/time.js';
import { birthBundle, birthValues, D, deathBundle, deathValues, seedDirectory } from './fixtures.js';
import { UNEMPLOYED_ITEMS, unemployedValues } from './lifeEventFixturesB.js';

describe('routing (分派)', () => {
  it('sends each death sub-task to its own district: died in 海曙, registered in 鄞州, insured in 江北', () => {
    const r = routeCase(deathBundle, selectItems(deathBundle, ['housingFundWithdrawal']), deathValues(), D.haishu, seedDirectory);
    if (isDomainError(r)) throw r;
    expect(r).toEqual({
      deathCertificate: { district: D.haishu, department: 'haishu-health' },
      cremation: { district: D.haishu, department: 'haishu-civilAffairs' },
      householdCancellation: { district: D.yinzhou, department: 'yinzhou-police' },
      pensionSettlement: { district: D.jiangbei, department: 'jiangbei-hrss' },
      medicalAccountSettlement: { district: D.jiangbei, department: 'jiangbei-medicalInsurance' },
      housingFundWithdrawal: { district: D.haishu, department: 'haishu-housingFund' },
    });
  });

  it('sends the birth certificate to the chosen hospital and the rest by 户籍地 and 居住地', () => {
    const r = routeCase(birthBundle, selectItems(birthBundle), birthValues(), D.yinzhou, seedDirectory);
    if (isDomainError(r)) throw r;
    expect(r.birthCertificate).toEqual({ district: D.haishu, department: 'haishu-hospital1' });
    expect(r.householdRegistration).toEqual({ district: D.yinzhou, department: 'yinzhou-police' });
    expect(r.vaccinationCertificate).toEqual({ district: D.jiangbei, department: 'jiangbei-cdc' });
  });

  it('lets 北仑 and 镇海 join the death bundle by configuration alone', () => {
    const values = deathValues({ deathDistrict: D.zhenhai, householdDistrict: D.beilun, insuredDistrict: D.zhenhai });
    const before = routeCase(deathBundle, selectItems(deathBundle), values, D.haishu, seedDirectory);
    expect(isDomainError(before) && before.code).toBe('DISTRICT_NOT_JOINED');
    expect(isDomainError(before) && before.issues.length).toBe(5);
    let dir = withDistrictJoined(seedDirectory, D.beilun, 'death');
    dir = withDistrictJoined(dir, D.zhenhai, 'death');
    const after = routeCase(deathBundle, selectItems(deathBundle), values, D.haishu, dir);
    if (isDomainError(after)) throw after;
    expect(after.householdCancellation).toEqual({ district: D.beilun, department: 'beilun-police' });
    expect(after.deathCertificate.department).toBe('zhenhai-health');
  });

  it('refuses a district outside the city or unknown, and a hospital of the wrong kind', () => {
    expect(isDomainError(routeCase(deathBundle, selectItems(deathBundle), deathValues({ householdDistrict: '000000' }), D.haishu, seedDirectory))).toBe(true);
    const unknown = routeCase(deathBundle, selectItems(deathBundle), deathValues({ householdDistrict: '330299' }), D.haishu, seedDirectory);
    expect(isDomainError(unknown) && unknown.issues[0].code).toBe('UNKNOWN_DISTRICT');
    const wrong = routeCase(birthBundle, selectItems(birthBundle), birthValues({ birthHospital: 'haishu-police' }), D.haishu, seedDirectory);
    expect(isDomainError(wrong) && wrong.code).toBe('VALIDATION_FAILED');
  });
});

const codes = Object.values(D);

describe('routing properties', () => {
  it('every item of every generated case lands in an existing, joined district, in a department of its kind, chosen as declared', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...codes), fc.constantFrom(...codes), fc.constantFrom(...codes), fc.constantFrom(...codes),
        fc.subarray(codes), fc.boolean(),
        (death, household, insured, accepting, joinedExtra, fund) => {
          let dir: Directory = seedDirectory;
          for (const c of joinedExtra) dir = withDistrictJoined(dir, c, 'death');
          const values = deathValues({ deathDistrict: death, householdDistrict: household, insuredDistrict: insured });
          const items = selectItems(deathBundle, fund ? ['housingFundWithdrawal'] : []);
          const joined = (c: string) => findDistrict(dir, c)?.bundles.includes('death') ?? false;
          const r = routeCase(deathBundle, items, values, accepting, dir);
          const allJoined = [death, household, insured, accepting].every(joined);
          if (!allJoined) {
            // Only a non-joined accepting district may slip through when the fund item is not chosen.
            if ([death, household, insured].every(joined) && !fund) expect(isDomainError(r)).toBe(false);
            else expect(isDomainError(r)).toBe(true);
            return;
          }
          if (isDomainError(r)) throw r;
          const declared: Record<string, string> = {
            deathCertificate: death, cremation: death, householdCancellation: household,
            pensionSettlement: insured, medicalAccountSettlement: insured, housingFundWithdrawal: accepting,
          };
          for (const item of items) {
            const a = r[item.id];
            expect(a.district).toBe(declared[item.id]);
            expect(joined(a.district)).toBe(true);
            const dep = findDepartment(dir, a.department);
            expect(dep?.district).toBe(a.district);
            expect(dep?.kind).toBe(item.department);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('birth cases: every sub-task goes to an existing department of the right kind', () => {
    const hospitals = seedDirectory.departments.filter((d) => d.kind === 'hospital').map((d) => d.id);
    fc.assert(
      fc.property(fc.constantFrom(...hospitals), fc.constantFrom(...codes), fc.constantFrom(...codes), fc.constantFrom(...codes), (hospital, household, residence, insured) => {
        const values = birthValues({ birthHospital: hospital, householdDistrict: household, residenceDistrict: residence, motherInsuredDistrict: insured });
        const items = selectItems(birthBundle, ['maternityReimbursement']);
        const r = routeCase(birthBundle, items, values, D.haishu, seedDirectory);
        if (isDomainError(r)) throw r;
        expect(Object.keys(r).sort()).toEqual(items.map((i) => i.id).sort());
        for (const item of items) {
          const dep = findDepartment(seedDirectory, r[item.id].department);
          expect(dep?.kind).toBe(item.department);
          expect(findDistrict(seedDirectory, r[item.id].district)).toBeDefined();
        }
        expect(r.birthCertificate.department).toBe(hospital);
        expect(r.maternityReimbursement.district).toBe(insured);
      }),
      { numRuns: 200 },
    );
  });
});

describe('routing to a chosen town centre (赋权事项)', () => {
  const employment = bundles.find((b) => b.id === 'employment');
  if (!employment) throw new Error('no employment bundle');
  const items = selectItems(employment, UNEMPLOYED_ITEMS);

  it('sends the town items to the chosen town centre when it is empowered for them', () => {
    const r = routeCase(employment, items, unemployedValues(shanghaiDate(new Date().toISOString()), { serviceTown: 'yinzhou-jiangshan' }), D.yinzhou, seedDirectory);
    if (isDomainError(r)) throw r;
    expect(r.unemploymentRegistration).toEqual({ district: D.yinzhou, department: 'yinzhou-jiangshan' });
    expect(r.hardshipRecognition).toEqual({ district: D.yinzhou, department: 'yinzhou-jiangshan' });
  });

  it('refuses a town centre not empowered for an item (首南: 就业困难人员认定), naming the item and the centre', () => {
    const r = routeCase(employment, items, unemployedValues(shanghaiDate(new Date().toISOString()), { serviceTown: 'yinzhou-shounan' }), D.yinzhou, seedDirectory);
    if (!isDomainError(r)) throw new Error('routed');
    expect(r.issues).toEqual([
      expect.objectContaining({ field: 'serviceTown', code: 'NOT_EMPOWERED', message: expect.stringMatching(/^「就业困难人员认定」：宁波市鄞州区首南街道便民服务中心未获赋权办理此事项/) }),
    ]);
    // without that item 首南 takes the case
    const fewer = routeCase(employment, selectItems(employment, ['unemploymentRegistration']), unemployedValues(shanghaiDate(new Date().toISOString()), { serviceTown: 'yinzhou-shounan' }), D.yinzhou, seedDirectory);
    expect(isDomainError(fewer)).toBe(false);
  });

  it('refuses once an admin revokes the town seal that carried the power', () => {
    const dir = { ...seedDirectory, seals: seedDirectory.seals.map((s) => (s.id === 'yinzhou-jiangshan-seal' ? { ...s, revoked: { at: '2026-01-01T00:00:00Z', by: 'x', reason: '测试' } } : s)) };
    const r = routeCase(employment, items, unemployedValues(shanghaiDate(new Date().toISOString()), { serviceTown: 'yinzhou-jiangshan' }), D.yinzhou, dir);
    expect(isDomainError(r) && r.issues.every((i) => i.code === 'NOT_EMPOWERED')).toBe(true);
  });
});
