/**
 * The second half of the 人生一件事 in the catalog — 就业, 置业, 就医, 收养: each validates against the seed directory
 * (鄞州 and 海曙 handle it), its item graph and seals are what the bundle's comment says, its limits (the whole
 * case's promise, by class where it differs) cover the paths, and the pre-check passes a good application and
 * refuses each ineligible one in Chinese.
 */
import { describe, expect, it } from 'vitest';
import { adoptionBundle } from '../../functions/catalog/adoptionBundle.js';
import { employmentBundle } from '../../functions/catalog/employmentBundle.js';
import { bundles } from '../../functions/catalog/index.js';
import { lifeEventBundlesB } from '../../functions/catalog/lifeEventsB.js';
import { medicalBundle } from '../../functions/catalog/medicalBundle.js';
import { propertyBundle } from '../../functions/catalog/propertyBundle.js';
import { type Bundle, itemRef, itemSealKinds, predecessorsOf, promisedDaysFor } from '../../functions/core/bundle.js';
import { criticalPathDays } from '../../functions/core/bundleGraph.js';
import { validateBundle } from '../../functions/core/bundleValidation.js';
import { acceptCase } from '../../functions/core/case.js';
import { isDomainError } from '../../functions/core/errors.js';
import type { FormValues } from '../../functions/core/form.js';
import { selectItems } from '../../functions/core/form.js';
import { precheck } from '../../functions/core/precheck.js';
import type { MaterialRecord } from '../../functions/core/materials.js';
import { actor, calendar, D, intakeMaterial, NOW, seedDirectory } from './fixtures.js';
import {
  ADOPTER_ID, ADOPTER_SPOUSE_ID, adoptionSupplied, adoptionValues, BUYER_ID, daysBefore, EMPLOYED_ITEMS, employedValues, invoiceData,
  MEDICAL_ITEMS, medicalValues, propertyValues, UNEMPLOYED_ITEMS,
  unemployedValues, UTILITY_ITEMS,
} from './lifeEventFixturesB.js';

const TODAY = NOW.slice(0, 10);

function check(bundle: Bundle, values: FormValues, chosen: string[], materials: string[] = []) {
  return precheck({ bundle, values, chosenOptional: chosen, providedMaterials: materials, acceptingDistrict: D.haishu, directory: seedDirectory, now: NOW });
}

const codes = (n: ReturnType<typeof check>) => n.issues.map((i) => `${i.field ?? ''}:${i.code}`);

/** Accepted at the 海曙 审管办: item → department id of its sub-task. */
function routes(bundle: Bundle, values: FormValues, chosen: string[], supplied: MaterialRecord[] = []): Record<string, string> {
  const r = acceptCase({
    caseId: 'LB20260302-0001', bundle, values, chosenOptional: chosen, supplied,
    actor: actor('haishu-serviceCenter-clerk1'), now: NOW, directory: seedDirectory, calendar,
  });
  if (isDomainError(r)) throw new Error(`${r.code} ${JSON.stringify(r.issues)}`);
  return Object.fromEntries(r.subTasks.map((t) => [t.itemId, t.department]));
}

const ids = (bundle: Bundle, pred: (i: Bundle['items'][number]) => boolean) => bundle.items.filter(pred).map((i) => i.id);

describe('人生一件事 (second half) in the catalog', () => {
  it('are registered, validate against the seed directory and run in 鄞州 and 海曙 only', () => {
    expect(lifeEventBundlesB.map((b) => b.id)).toEqual(['employment', 'property', 'medical', 'adoption']);
    for (const b of lifeEventBundlesB) {
      expect(bundles).toContain(b);
      expect(validateBundle(b, seedDirectory)).toBe(b);
      const joined = seedDirectory.districts.filter((d) => d.bundles.includes(b.id)).map((d) => d.code);
      expect(joined.sort()).toEqual([D.haishu, D.yinzhou].sort());
    }
  });

  it('every department of an item has its approval seal in scope; items allowing 集中授权 are delegated to the 审管办', () => {
    for (const b of lifeEventBundlesB) {
      for (const item of b.items) {
        const ref = itemRef(b.id, item.id);
        for (const slug of ['yinzhou', 'haishu']) {
          const deps = seedDirectory.departments.filter((d) => d.id.startsWith(`${slug}-`) && d.kind === item.department);
          expect(deps.length, `${slug} ${item.department}`).toBeGreaterThan(0);
          if (item.department !== 'townCenter') expect(seedDirectory.seals.find((s) => s.id === `${slug}-${item.department}-seal`)?.scope).toContain(ref);
          const delegation = seedDirectory.delegations.find((d) => d.id === `${slug}-${item.department}-to-serviceCenter`);
          expect(delegation?.items.includes(ref) ?? false, `${ref} delegated in ${slug}`).toBe(itemSealKinds(item).includes('delegated'));
        }
      }
    }
  });
});

describe('就业一件事', () => {
  const b = employmentBundle;

  it('the status check is the one required item; both paths are optional items behind it', () => {
    expect(b.leadDepartment).toBe('hrss');
    expect(ids(b, (i) => i.required)).toEqual(['employmentStatusCheck']);
    const byId = Object.fromEntries(b.items.map((i) => [i.id, i]));
    for (const id of ['unemploymentRegistration', 'employmentRegistration', 'hardshipRecognition']) {
      expect(byId[id]).toMatchObject({ department: 'townCenter', routing: { by: 'departmentField', field: 'serviceTown' }, required: false, seals: ['approval'] });
    }
    expect(b.fields.find((f) => f.key === 'serviceTown')).toMatchObject({ type: 'department', departmentKind: 'townCenter' });
    const pred = (id: string) => predecessorsOf(b, byId[id]).map((i) => i.id);
    expect(pred('unemploymentRegistration')).toEqual(['employmentStatusCheck']);
    expect(pred('hardshipRecognition')).toEqual(['unemploymentRegistration']);
    expect(pred('unemploymentBenefit')).toEqual(['employmentStatusCheck', 'unemploymentRegistration']);
    expect(pred('employmentSubsidy')).toEqual(['employmentRegistration', 'socialInsuranceEnrollment']);
    // choosing the 认定 brings the 失业登记 it needs
    expect(selectItems(b, ['hardshipRecognition']).map((i) => i.id)).toEqual(['employmentStatusCheck', 'unemploymentRegistration', 'hardshipRecognition']);
    // payments and judgements are the department's own; enrolments may be signed at the 审管办 window
    expect(ids(b, (i) => itemSealKinds(i).includes('delegated'))).toEqual(['employmentStatusCheck', 'socialInsuranceEnrollment', 'medicalInsuranceEnrollment', 'housingFundRegistration']);
    expect(ids(b, (i) => i.countersign)).toEqual(['hardshipRecognition', 'unemploymentBenefit', 'employmentSubsidy']);
  });

  it('the town centres empowered for the items sign them; 首南 is not empowered for 就业困难人员认定', () => {
    const scope = (town: string) => seedDirectory.seals.find((s) => s.id === `${town}-seal`)?.scope ?? [];
    for (const id of ['unemploymentRegistration', 'employmentRegistration', 'hardshipRecognition']) expect(scope('yinzhou-jiangshan')).toContain(`employment/${id}`);
    expect(scope('yinzhou-shounan')).not.toContain('employment/hardshipRecognition');
  });

  it('limits: 5 working days for a registration and its enrolments; a chosen 认定, 失业保险金 or 补贴 extends the case to its path', () => {
    expect(b.promisedDays).toBe(5);
    expect(criticalPathDays(b, ids(b, (i) => i.required))).toBe(1);
    expect(criticalPathDays(b, selectItems(b, UNEMPLOYED_ITEMS).map((i) => i.id))).toBe(12);
    expect(criticalPathDays(b, selectItems(b, EMPLOYED_ITEMS).map((i) => i.id))).toBe(3);
    expect(criticalPathDays(b, selectItems(b, ['employmentSubsidy']).map((i) => i.id))).toBe(13);
  });

  it('the 失业 path is eligible and routed: 人社 of the 参保地, the chosen town centre', () => {
    expect(check(b, unemployedValues(TODAY), UNEMPLOYED_ITEMS).issues).toEqual([]);
    expect(routes(b, unemployedValues(TODAY), UNEMPLOYED_ITEMS)).toEqual({
      employmentStatusCheck: 'yinzhou-hrss', unemploymentRegistration: 'yinzhou-jiangshan', hardshipRecognition: 'yinzhou-jiangshan', unemploymentBenefit: 'yinzhou-hrss',
    });
  });

  it('the 就业 path is eligible; the form asks only what the chosen items need', () => {
    expect(check(b, employedValues(TODAY), EMPLOYED_ITEMS).issues).toEqual([]);
    // the 失业 fields are not asked on the 就业 path
    expect(codes(check(b, employedValues(TODAY, { separationDate: daysBefore(TODAY, 40) }), EMPLOYED_ITEMS))).toEqual(['separationDate:UNEXPECTED_FIELD']);
  });

  it('refuses in Chinese: 录用 over 30 days ago, 录用 before 离职, a 参保地 not handling the bundle', () => {
    const late = check(b, employedValues(TODAY, { employmentStartDate: daysBefore(TODAY, 31) }), EMPLOYED_ITEMS);
    expect(codes(late)).toEqual(['employmentStartDate:ELIGIBILITY_MAXAGE']);
    expect(late.issues[0].message).toContain('30日');
    const both = { ...unemployedValues(TODAY), ...employedValues(TODAY, { employmentStartDate: daysBefore(TODAY, 20) }) };
    delete both.monthlyWageYuan; // asked by the enrolments only
    // both paths at once: the 失业 items do not fit the declared 就业 (one line for the path), and the dates disagree
    const mixed = check(b, both, [...UNEMPLOYED_ITEMS, 'employmentRegistration']);
    expect(codes(mixed)).toEqual(['employmentStatus:ELIGIBILITY_CHOSENWHEN', 'employmentStartDate:ELIGIBILITY_DATEORDER']);
    expect(mixed.issues[0].message).toBe('就业状态为「就业」的，不能申请失业登记、就业困难人员认定或失业保险金');
    expect(codes(check(b, unemployedValues(TODAY), ['employmentRegistration']))).toContain('employmentStatus:ELIGIBILITY_CHOSENWHEN');
    const jiangbei = check(b, unemployedValues(TODAY, { insuredDistrict: D.jiangbei }), UNEMPLOYED_ITEMS);
    expect(codes(jiangbei)).toEqual(['insuredDistrict:ELIGIBILITY_DISTRICTJOINED']);
    expect(jiangbei.issues[0].message).toMatch(/尚未开通/);
  });

  it('a town centre of another kind of department cannot be chosen', () => {
    const n = check(b, unemployedValues(TODAY, { serviceTown: 'yinzhou-hrss' }), UNEMPLOYED_ITEMS);
    expect(n.ok).toBe(false);
    expect(n.issues.map((i) => i.field)).toContain('serviceTown');
  });

  it('the whole-case limit does not depend on the path (no promisedDaysBy)', () => {
    expect(b.promisedDaysBy).toBeUndefined();
    expect(promisedDaysFor(b, unemployedValues(TODAY))).toBe(5);
  });
});

describe('置业一件事', () => {
  const b = propertyBundle;

  it('网签备案核验 → 契税 → 不动产转移登记 (issuing the 不动产权证书) → the utilities\' optional 过户', () => {
    expect(b.leadDepartment).toBe('naturalResources');
    expect(b.items.map((i) => `${i.id}:${i.department}:${i.required ? 'required' : 'optional'}`)).toEqual([
      'contractFilingCheck:housing:required', 'deedTax:tax:required', 'transferRegistration:naturalResources:required',
      'waterTransfer:waterSupply:optional', 'powerTransfer:power:optional', 'gasTransfer:gas:optional', 'cableTvTransfer:cableTv:optional',
    ]);
    const byId = Object.fromEntries(b.items.map((i) => [i.id, i]));
    expect(predecessorsOf(b, byId.deedTax).map((i) => i.id)).toEqual(['contractFilingCheck']);
    expect(predecessorsOf(b, byId.transferRegistration).map((i) => i.id)).toEqual(['contractFilingCheck', 'deedTax']);
    expect(byId.transferRegistration.outputs).toEqual(['realEstateCertificate']);
    expect(b.materials.find((m) => m.id === 'realEstateCertificate')).toMatchObject({ name: '不动产权证书', electronicLicence: true, delivery: 'mail' });
    for (const id of UTILITY_ITEMS) {
      expect(byId[id]).toMatchObject({ routing: { by: 'field', field: 'propertyDistrict', basis: 'property' }, seals: ['approval'] });
      expect(predecessorsOf(b, byId[id]).map((i) => i.id)).toEqual(['transferRegistration']);
      // a utility sees the new certificate's number, owner and address, never the owner's ID number
      expect(byId[id].inputs).toEqual([expect.objectContaining({ material: 'realEstateCertificate', fields: ['certificateNumber', 'ownerName', 'propertyAddress'] })]);
      expect(byId[id].fields).not.toContain('buyerIdNumber');
    }
    for (const i of b.items) expect(i.routing).toEqual({ by: 'field', field: 'propertyDistrict', basis: 'property' });
    expect(ids(b, (i) => itemSealKinds(i).includes('delegated'))).toEqual(['contractFilingCheck', 'transferRegistration']);
  });

  it('limits: 7 working days on the required path, 10 with a utility', () => {
    expect(b.promisedDays).toBe(7);
    expect(criticalPathDays(b, ids(b, (i) => i.required))).toBe(7);
    expect(criticalPathDays(b, selectItems(b, UTILITY_ITEMS).map((i) => i.id))).toBe(10);
  });

  it('is eligible and routed to the departments and utilities of the district where the property lies', () => {
    expect(check(b, propertyValues(), UTILITY_ITEMS).issues).toEqual([]);
    expect(routes(b, propertyValues(), UTILITY_ITEMS)).toEqual({
      contractFilingCheck: 'haishu-housing', deedTax: 'haishu-tax', transferRegistration: 'haishu-naturalResources',
      waterTransfer: 'haishu-waterSupply', powerTransfer: 'haishu-power', gasTransfer: 'haishu-gas', cableTvTransfer: 'haishu-cableTv',
    });
    const gasOnly = propertyValues({ propertyDistrict: D.yinzhou });
    for (const k of ['waterAccountNumber', 'powerAccountNumber', 'cableTvAccountNumber']) delete gasOnly[k];
    expect(routes(b, gasOnly, ['gasTransfer'])).toEqual({
      contractFilingCheck: 'yinzhou-housing', deedTax: 'yinzhou-tax', transferRegistration: 'yinzhou-naturalResources', gasTransfer: 'yinzhou-gas',
    });
  });

  it('a utility not chosen asks nothing of it; a posted certificate needs the address', () => {
    expect(codes(check(b, propertyValues(), ['waterTransfer']))).toEqual(['powerAccountNumber:UNEXPECTED_FIELD', 'gasAccountNumber:UNEXPECTED_FIELD', 'cableTvAccountNumber:UNEXPECTED_FIELD']);
    // named by label, not by key
    expect(check(b, propertyValues(), ['waterTransfer']).issues[0].message).toMatch(/^不需要填写「[^a-zA-Z」]+」/);
    const noAddress = propertyValues();
    delete noAddress.postalAddress;
    expect(codes(check(b, noAddress, UTILITY_ITEMS))).toEqual(['postalAddress:REQUIRED']);
  });

  it('refuses in Chinese: the buyer selling to himself, a property outside the districts that handle the bundle', () => {
    const self = check(b, propertyValues({ sellerIdNumber: BUYER_ID }), UTILITY_ITEMS);
    expect(codes(self)).toEqual(['buyerIdNumber:ELIGIBILITY_DIFFER']);
    expect(self.issues[0].message).toBe('买受人与出卖人不能是同一人');
    expect(codes(check(b, propertyValues({ propertyDistrict: D.beilun }), UTILITY_ITEMS))).toEqual(['propertyDistrict:ELIGIBILITY_DISTRICTJOINED']);
  });
});

describe('就医一件事', () => {
  const b = medicalBundle;
  const filingOnly = (on: string) => {
    const v = medicalValues(on);
    for (const k of ['dischargeDate', 'householdDistrict', 'assistanceCategory', 'bankAccount', 'bankName']) delete v[k];
    return v;
  };

  it('异地就医备案 (required) → 手工报销 (optional, with the bill supplied at intake) → 医疗救助 (民政, optional)', () => {
    expect(b.leadDepartment).toBe('medicalInsurance');
    expect(b.items.map((i) => `${i.id}:${i.department}:${i.required ? 'required' : 'optional'}`)).toEqual([
      'crossRegionFiling:medicalInsurance:required', 'manualReimbursement:medicalInsurance:optional', 'medicalAssistance:civilAffairs:optional',
    ]);
    expect(b.intakeMaterials).toEqual(['medicalExpenseInvoice']);
    expect(selectItems(b, ['medicalAssistance']).map((i) => i.id)).toEqual(['crossRegionFiling', 'manualReimbursement', 'medicalAssistance']);
    // the diagnosis goes to the 报销 only; 民政 sees the bill's number and total and the 报销 result
    const byId = Object.fromEntries(b.items.map((i) => [i.id, i]));
    expect(byId.manualReimbursement.inputs.find((x) => x.material === 'medicalExpenseInvoice')?.fields).toContain('diagnosis');
    expect(byId.medicalAssistance.inputs.find((x) => x.material === 'medicalExpenseInvoice')?.fields).toEqual(['invoiceNumber', 'totalYuan']);
    expect(ids(b, (i) => itemSealKinds(i).includes('delegated'))).toEqual(['crossRegionFiling']);
    expect(ids(b, (i) => i.countersign)).toEqual(['manualReimbursement', 'medicalAssistance']);
  });

  it('limits: the 备案 in 1 working day; 11 with the 报销, 21 with the 救助', () => {
    expect(b.promisedDays).toBe(1);
    expect(criticalPathDays(b, ['crossRegionFiling'])).toBe(1);
    expect(criticalPathDays(b, selectItems(b, ['manualReimbursement']).map((i) => i.id))).toBe(11);
    expect(criticalPathDays(b, selectItems(b, MEDICAL_ITEMS).map((i) => i.id))).toBe(21);
  });

  it('the 备案 alone asks no document; the 报销 asks the bill; a 转诊 names the hospital', () => {
    expect(check(b, filingOnly(TODAY), []).issues).toEqual([]);
    expect(check(b, medicalValues(TODAY), MEDICAL_ITEMS, ['medicalExpenseInvoice']).issues).toEqual([]);
    expect(codes(check(b, medicalValues(TODAY), MEDICAL_ITEMS))).toEqual(['materials.medicalExpenseInvoice:MISSING_MATERIAL']);
    expect(codes(check(b, { ...filingOnly(TODAY), filingCategory: 'referral' }, []))).toEqual(['referralHospital:REQUIRED']);
    expect(check(b, { ...filingOnly(TODAY), filingCategory: 'referral', referralHospital: '四川大学华西医院' }, []).ok).toBe(true);
  });

  it('routed: 医保 of the 参保地 (鄞州), 民政 of the 户籍地 (海曙)', () => {
    expect(routes(b, medicalValues(TODAY), MEDICAL_ITEMS, [intakeMaterial('medicalExpenseInvoice', invoiceData(TODAY))])).toEqual({
      crossRegionFiling: 'yinzhou-medicalInsurance', manualReimbursement: 'yinzhou-medicalInsurance', medicalAssistance: 'haishu-civilAffairs',
    });
  });

  it('refuses in Chinese: a bill over a year old, a 参保地 not handling the bundle', () => {
    const old = check(b, medicalValues(TODAY, { dischargeDate: daysBefore(TODAY, 366) }), MEDICAL_ITEMS, ['medicalExpenseInvoice']);
    expect(codes(old)).toEqual(['dischargeDate:ELIGIBILITY_MAXAGE']);
    expect(old.issues[0].message).toContain('超过一年');
    expect(codes(check(b, { ...filingOnly(TODAY), insuredDistrict: D.zhenhai }, []))).toEqual(['insuredDistrict:ELIGIBILITY_DISTRICTJOINED']);
  });
});

describe('收养一件事', () => {
  const b = adoptionBundle;
  const materials = ['householdBook', 'adopterMedicalExamination', 'adoptionConsent'];
  const over6 = (on: string) => adoptionValues(on, { childBirthDate: daysBefore(on, 7 * 365), childAgeGroup: 'over6' });

  it('收养登记 (民政, issuing the 收养登记证) → 收养落户 by the child\'s age group (公安, 户籍地)', () => {
    expect(b.leadDepartment).toBe('civilAffairs');
    expect(b.items.map((i) => `${i.id}:${i.department}:${i.required ? 'required' : 'optional'}:${i.timeLimitDays}`)).toEqual([
      'adoptionRegistration:civilAffairs:required:20', 'householdRegistration:police:optional:1', 'householdRegistrationOver6:police:optional:15',
    ]);
    const byId = Object.fromEntries(b.items.map((i) => [i.id, i]));
    expect(byId.adoptionRegistration.outputs).toEqual(['adoptionCertificate']);
    expect(b.materials.find((m) => m.id === 'adoptionCertificate')).toMatchObject({ name: '收养登记证', electronicLicence: true });
    for (const id of ['householdRegistration', 'householdRegistrationOver6']) {
      expect(predecessorsOf(b, byId[id]).map((i) => i.id)).toEqual(['adoptionRegistration']);
      expect(byId[id].routing).toEqual({ by: 'field', field: 'adopterHouseholdDistrict', basis: 'household' });
    }
    // the adopter's 户口簿 is the same material type as the birth bundle's 入户方户口簿 (ask once)
    expect(b.intakeMaterials).toEqual(materials);
    expect(bundles.find((x) => x.id === 'birth')?.intakeMaterials).toContain('householdBook');
    expect(ids(b, (i) => itemSealKinds(i).includes('delegated'))).toEqual(['householdRegistration']);
  });

  it('limits by the age group: 21 working days under six (当场落户), 35 from six (15 days\' approval); the promise covers the path', () => {
    expect(promisedDaysFor(b, adoptionValues(TODAY))).toBe(21);
    expect(promisedDaysFor(b, over6(TODAY))).toBe(35);
    expect(criticalPathDays(b, ['adoptionRegistration', 'householdRegistration'])).toBe(21);
    expect(criticalPathDays(b, ['adoptionRegistration', 'householdRegistrationOver6'])).toBe(35);
    const tooShort = validateBundle({ ...b, promisedDaysBy: { field: 'childAgeGroup', days: { under6: 19, over6: 35 } } });
    expect(isDomainError(tooShort) && tooShort.issues.map((i) => `${i.field}:${i.code}`)).toEqual(['promisedDaysBy.days.under6:PROMISE_TOO_SHORT']);
  });

  it('is eligible under six and from six; routed to 民政 of the 福利院 (海曙) and 公安 of the adopter (鄞州)', () => {
    expect(check(b, adoptionValues(TODAY), ['householdRegistration'], materials).issues).toEqual([]);
    expect(check(b, over6(TODAY), ['householdRegistrationOver6'], materials).issues).toEqual([]);
    const supplied = adoptionSupplied(TODAY).map((m) => intakeMaterial(m.type, m.data));
    expect(routes(b, adoptionValues(TODAY), ['householdRegistration'], supplied)).toEqual({ adoptionRegistration: 'haishu-civilAffairs', householdRegistration: 'yinzhou-police' });
  });

  it('refuses in Chinese: 未满6周岁 for a seven-year-old, a child older than the adopter, the spouse\'s number the adopter\'s, a missing 送养意见', () => {
    // the police item of the other age group is refused
    expect(check(b, over6(TODAY), ['householdRegistrationOver6'], materials).issues).toEqual([]);
    const underItem = check(b, over6(TODAY), ['householdRegistration'], materials);
    expect(underItem.issues.map((i) => `${i.field}:${i.code}`)).toEqual(['childAgeGroup:ELIGIBILITY_CHOSENWHEN']);
    expect(underItem.issues[0].message).toContain('已满6周岁');
    const wrongGroup = check(b, { ...over6(TODAY), childAgeGroup: 'under6' }, ['householdRegistration'], materials);
    expect(codes(wrongGroup)).toEqual([':ELIGIBILITY_ANYOF']);
    expect(wrongGroup.issues[0].message).toContain('已满6周岁');
    expect(codes(check(b, adoptionValues(TODAY, { childBirthDate: '1980-01-01', childAgeGroup: 'over6' }), ['householdRegistrationOver6'], materials))).toEqual(['childBirthDate:ELIGIBILITY_DATEORDER']);
    expect(codes(check(b, adoptionValues(TODAY, { adopterSpouseIdNumber: ADOPTER_ID }), ['householdRegistration'], materials))).toEqual(['adopterSpouseIdNumber:ELIGIBILITY_DIFFER']);
    const sameAsChild = check(b, adoptionValues(TODAY, { childIdNumber: ADOPTER_SPOUSE_ID }), ['householdRegistration'], materials);
    expect(sameAsChild.issues.map((i) => `${i.field}:${i.message}`)).toEqual(['childIdNumber:被收养人的公民身份号码不能与收养人配偶相同']);
    expect(codes(check(b, adoptionValues(TODAY, { registrationDistrict: D.jiangbei }), ['householdRegistration'], materials))).toEqual(['registrationDistrict:ELIGIBILITY_DISTRICTJOINED']);
    expect(codes(check(b, adoptionValues(TODAY), ['householdRegistration'], ['householdBook', 'adopterMedicalExamination']))).toEqual(['materials.adoptionConsent:MISSING_MATERIAL']);
    // a single adopter leaves the spouse out
    const single = adoptionValues(TODAY);
    delete single.adopterSpouseName;
    delete single.adopterSpouseIdNumber;
    expect(check(b, single, ['householdRegistration'], materials).issues).toEqual([]);
  });
});
