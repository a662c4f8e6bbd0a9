/**
 * The first half of the 人生一件事 in the catalog — 退役军人服务, 退休, 教育入学, 婚育户: each passes the core's bundle
 * validation against the seed directory, has the item graph and limits of the research, the seals and 集中授权 the
 * seed derives from them, shares material types with the birth bundle (ask once), and its eligibility rules pass a
 * good application and refuse bad ones through the core pre-check.
 */
import { describe, expect, it } from 'vitest';
import { bundles } from '../../functions/catalog/index.js';
import { marriageBirthHouseholdBundle } from '../../functions/catalog/marriageBirthHouseholdBundle.js';
import { birthMedicalCertificate, householdRegistrationRecord } from '../../functions/catalog/materialTypes.js';
import { retirementBundle } from '../../functions/catalog/retirementBundle.js';
import { schoolEnrollmentBundle } from '../../functions/catalog/schoolEnrollmentBundle.js';
import { veteranBundle } from '../../functions/catalog/veteranBundle.js';
import { type Bundle, findMaterialType, itemRef, itemSealKinds, predecessorsOf } from '../../functions/core/bundle.js';
import { criticalPathDays } from '../../functions/core/bundleGraph.js';
import { validateBundle } from '../../functions/core/bundleValidation.js';
import { isDomainError } from '../../functions/core/errors.js';
import { deriveForm, type FormValues } from '../../functions/core/form.js';
import { precheck } from '../../functions/core/precheck.js';
import { prefillValues } from '../../functions/core/prefill.js';
import { D, makeId, NOW, seedDirectory } from './fixtures.js';
import {
  CHILD_ID,
  GROOM_ID,
  lifeEventOutputsA,
  marriageMigrationValues,
  marriageSupplied,
  marriageValues,
  migrantChildValues,
  retirementHousingFundValues,
  retirementValues,
  schoolEnrollmentSupplied,
  schoolEnrollmentValues,
  veteranOptionalValues,
  veteranSupplied,
  veteranValues,
} from './lifeEventFixturesA.js';

const mine = [veteranBundle, retirementBundle, schoolEnrollmentBundle, marriageBirthHouseholdBundle];

const deps = (b: Bundle) => Object.fromEntries(b.items.map((i) => [i.id, predecessorsOf(b, i).map((p) => p.id)]));
const departments = (b: Bundle) => Object.fromEntries(b.items.map((i) => [i.id, i.department]));
const optional = (b: Bundle) => b.items.filter((i) => !i.required).map((i) => i.id);
const delegable = (b: Bundle) => b.items.filter((i) => itemSealKinds(i).includes('delegated')).map((i) => i.id);

function check(bundle: Bundle, values: FormValues, chosenOptional: string[] = [], provided = bundle.intakeMaterials, district: string = D.yinzhou) {
  return precheck({ bundle, values, chosenOptional, providedMaterials: provided, acceptingDistrict: district, directory: seedDirectory, now: NOW });
}
const codes = (n: ReturnType<typeof check>) => n.issues.map((i) => i.code).sort();

describe('人生一件事 (first half) in the catalog', () => {
  it('each validates against the seed directory and is published by the seed', () => {
    for (const b of mine) expect(validateBundle(b, seedDirectory), b.id).toBe(b);
    expect(bundles.map((b) => b.id)).toEqual(expect.arrayContaining(['veteran', 'retirement', 'schoolEnrollment', 'marriageBirthHousehold']));
    for (const b of mine) {
      const joined = seedDirectory.districts.filter((d) => d.bundles.includes(b.id)).map((d) => d.code).sort();
      expect(joined, b.id).toEqual([D.haishu, D.yinzhou].sort());
    }
  });

  it('bundle validation refuses a broken copy (a required item depending on an optional one)', () => {
    const broken = structuredClone(veteranBundle);
    const pension = broken.items.find((i) => i.id === 'pensionTransfer');
    pension?.inputs.push({ material: 'reserveRegistrationRecord', fields: ['registrationNumber'], purpose: '测试' });
    const r = validateBundle(broken, seedDirectory);
    expect(isDomainError(r) && r.issues.map((i) => i.code)).toEqual(['REQUIRED_ON_OPTIONAL']);
  });

  it('use ASCII keys and Chinese labels, and mark sensitive fields (ID numbers, bank accounts, phones)', () => {
    for (const b of mine) {
      for (const f of [...b.fields, ...b.materials.flatMap((m) => m.fields)]) {
        expect(f.key).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
        expect(f.label).toMatch(/[\u4e00-\u9fa5]/);
        if (f.type === 'idNumber') expect(f.sensitivity, f.key).toBe('idNumber');
        if (f.type === 'bankAccount') expect(f.sensitivity, f.key).toBe('financial');
        if (f.type === 'phone') expect(f.sensitivity, f.key).toBe('phone');
      }
      for (const i of b.items) expect(i.name).toMatch(/[\u4e00-\u9fa5]/);
    }
    // a minor's name and birth date are kept as minors' data
    const child = new Map(schoolEnrollmentBundle.fields.map((f) => [f.key, f.sensitivity]));
    expect([child.get('childName'), child.get('childBirthDate')]).toEqual(['minor', 'minor']);
  });

  it('lead departments and ids are the contract\'s', () => {
    expect(mine.map((b) => [b.id, b.leadDepartment])).toEqual([
      ['veteran', 'veteranAffairs'], ['retirement', 'hrss'], ['schoolEnrollment', 'education'], ['marriageBirthHousehold', 'civilAffairs'],
    ]);
  });

  it('退役军人服务: 报到 → 恢复户口 → 身份证 → {养老, 医保, 社保卡}; 预备役登记 and 经济补助 optional', () => {
    expect(deps(veteranBundle)).toEqual({
      veteranReport: [],
      householdRestoration: ['veteranReport'],
      idCardApplication: ['householdRestoration'],
      pensionTransfer: ['veteranReport', 'idCardApplication'],
      medicalInsuranceTransfer: ['veteranReport', 'idCardApplication'],
      socialSecurityCardApplication: ['idCardApplication'],
      reserveRegistration: ['veteranReport'],
      independentEmploymentGrant: ['veteranReport'],
    });
    expect(departments(veteranBundle)).toMatchObject({
      veteranReport: 'veteranAffairs', householdRestoration: 'police', idCardApplication: 'police', pensionTransfer: 'hrss',
      medicalInsuranceTransfer: 'medicalInsurance', socialSecurityCardApplication: 'hrss', reserveRegistration: 'armedForces',
      independentEmploymentGrant: 'veteranAffairs',
    });
    expect(optional(veteranBundle)).toEqual(['reserveRegistration', 'independentEmploymentGrant']);
    // the 退役军人事务局's 报到 record is shared to every other department
    for (const i of veteranBundle.items.filter((x) => !['veteranReport', 'idCardApplication', 'socialSecurityCardApplication'].includes(x.id))) {
      expect(i.inputs.map((x) => x.material), i.id).toContain('veteranRegistration');
    }
    // mailed: the ID card and the 社保卡 (the birth bundle's type)
    expect(findMaterialType(veteranBundle, 'residentIdCard')?.delivery).toBe('mail');
    expect(findMaterialType(veteranBundle, 'socialSecurityCard')?.delivery).toBe('mail');
  });

  it('退休: 退休审批 → {医保退休核定, 公积金封存 → 退休提取}; choosing 提取 brings 封存', () => {
    expect(deps(retirementBundle)).toEqual({
      retirementApproval: [],
      medicalRetireeBenefit: ['retirementApproval'],
      housingFundSealing: ['retirementApproval'],
      housingFundRetirementWithdrawal: ['retirementApproval', 'housingFundSealing'],
    });
    expect(optional(retirementBundle)).toEqual(['housingFundSealing', 'housingFundRetirementWithdrawal']);
    expect(deriveForm(retirementBundle, ['housingFundRetirementWithdrawal']).items.map((i) => i.id)).toEqual([
      'retirementApproval', 'medicalRetireeBenefit', 'housingFundSealing', 'housingFundRetirementWithdrawal',
    ]);
    expect(deriveForm(retirementBundle, []).fields.map((f) => f.key)).not.toContain('withdrawalBankAccount');
  });

  it('教育入学: {户籍核验 (公安), 不动产核验 (自然资源)} → 入学审核 (教育); 参保核验 (人社) optional; all in the school\'s district', () => {
    expect(deps(schoolEnrollmentBundle)).toEqual({
      householdVerification: [],
      propertyVerification: [],
      socialInsuranceVerification: [],
      admission: ['householdVerification', 'propertyVerification'],
    });
    expect(departments(schoolEnrollmentBundle)).toEqual({
      householdVerification: 'police', propertyVerification: 'naturalResources', socialInsuranceVerification: 'hrss', admission: 'education',
    });
    expect(optional(schoolEnrollmentBundle)).toEqual(['socialInsuranceVerification']);
    for (const i of schoolEnrollmentBundle.items) expect(i.routing).toMatchObject({ by: 'field', field: 'enrolmentDistrict' });
    expect(schoolEnrollmentBundle.items.find((i) => i.id === 'propertyVerification')?.routing).toMatchObject({ basis: 'property' });
  });

  it('婚育户: 结婚登记 (结婚证) → {婚姻状况变更, 夫妻投靠迁移 (optional), 生育登记 at the chosen town centre}', () => {
    expect(deps(marriageBirthHouseholdBundle)).toEqual({
      marriageRegistration: [],
      maritalStatusUpdate: ['marriageRegistration'],
      spouseHouseholdMigration: ['marriageRegistration'],
      birthRegistration: ['marriageRegistration'],
    });
    expect(optional(marriageBirthHouseholdBundle)).toEqual(['spouseHouseholdMigration']);
    const town = marriageBirthHouseholdBundle.items.find((i) => i.id === 'birthRegistration');
    expect(town).toMatchObject({ department: 'townCenter', routing: { by: 'departmentField', field: 'birthRegistrationTown' } });
    expect(marriageBirthHouseholdBundle.fields.find((f) => f.key === 'birthRegistrationTown')).toMatchObject({ type: 'department', departmentKind: 'townCenter' });
    expect(marriageBirthHouseholdBundle.items.find((i) => i.id === 'marriageRegistration')?.outputs).toEqual(['marriageCertificate']);
  });

  it('limits: the promise covers the required path and every optional path', () => {
    expect(mine.map((b) => [b.id, b.promisedDays, criticalPathDays(b, b.items.filter((i) => i.required).map((i) => i.id)), criticalPathDays(b)])).toEqual([
      ['veteran', 15, 14, 14],
      ['retirement', 15, 11, 14],
      ['schoolEnrollment', 15, 11, 11],
      ['marriageBirthHousehold', 5, 2, 4],
    ]);
    for (const b of mine) for (const i of b.items) expect(i.warnRemainingDays, `${b.id}/${i.id}`).toBeLessThan(i.timeLimitDays);
    // payments and decisions are countersigned (会签)
    expect(mine.flatMap((b) => b.items.filter((i) => i.countersign).map((i) => itemRef(b.id, i.id)))).toEqual([
      'veteran/independentEmploymentGrant', 'retirement/retirementApproval', 'retirement/housingFundRetirementWithdrawal', 'schoolEnrollment/admission',
    ]);
  });

  it('集中授权: exactly the record items allow the 审管办 window\'s delegated seal, and the seed delegates them', () => {
    expect(Object.fromEntries(mine.map((b) => [b.id, delegable(b)]))).toEqual({
      veteran: ['veteranReport', 'householdRestoration', 'pensionTransfer', 'medicalInsuranceTransfer', 'socialSecurityCardApplication'],
      retirement: ['medicalRetireeBenefit', 'housingFundSealing'],
      schoolEnrollment: ['householdVerification', 'propertyVerification', 'socialInsuranceVerification'],
      marriageBirthHousehold: ['maritalStatusUpdate'],
    });
    for (const slug of ['yinzhou', 'haishu']) {
      for (const b of mine) {
        for (const i of b.items) {
          const ref = itemRef(b.id, i.id);
          const delegation = seedDirectory.delegations.find((d) => d.id === `${slug}-${i.department}-to-serviceCenter`);
          expect(delegation?.items.includes(ref) ?? false, `${slug} ${ref}`).toBe(itemSealKinds(i).includes('delegated'));
        }
      }
    }
  });

  it('every item is signable in 鄞州 and 海曙 by an approval seal (a town centre\'s for 生育登记), with two signers', () => {
    for (const code of [D.yinzhou, D.haishu]) {
      for (const b of mine) {
        for (const item of b.items) {
          const deps = seedDirectory.departments.filter((d) => d.district === code && d.kind === item.department);
          expect(deps.length, `${code} ${item.department}`).toBeGreaterThan(0);
          for (const dep of deps) {
            const ref = itemRef(b.id, item.id);
            expect(seedDirectory.seals.some((s) => s.department === dep.id && s.kind === 'approval' && s.scope.includes(ref)), `${dep.id} ${ref}`).toBe(true);
            expect(seedDirectory.staff.filter((s) => s.department === dep.id && s.roles.includes('signer')).length).toBeGreaterThanOrEqual(2);
          }
        }
      }
    }
  });

  it('material types mean the same document in every bundle of the catalog (ask once matches by id)', () => {
    const seen = new Map<string, unknown>();
    for (const b of bundles) {
      for (const m of b.materials) {
        if (seen.has(m.id)) expect(m, `${b.id} ${m.id}`).toEqual(seen.get(m.id));
        else seen.set(m.id, m);
      }
    }
    // 教育入学 takes the birth bundle's 出生医学证明 and 户口登记 at intake; 婚育户 issues the 结婚证 the birth bundle takes
    expect(schoolEnrollmentBundle.intakeMaterials).toEqual(['birthMedicalCertificate', 'householdRegistrationRecord']);
    expect(findMaterialType(schoolEnrollmentBundle, 'birthMedicalCertificate')).toBe(birthMedicalCertificate);
    expect(findMaterialType(schoolEnrollmentBundle, 'householdRegistrationRecord')).toBe(householdRegistrationRecord);
    const birth = bundles.find((b) => b.id === 'birth');
    expect(birth?.intakeMaterials).toContain('marriageCertificate');
    expect(birth?.items.some((i) => i.outputs.includes('birthMedicalCertificate'))).toBe(true);
  });

  it('教育入学 pre-fills the child and the 户号 from the held 出生医学证明 and 户口登记 (types fit: a date-time fills a date)', () => {
    const fields = new Map(schoolEnrollmentBundle.fields.map((f) => [f.key, f]));
    expect(schoolEnrollmentBundle.prefill?.map((p) => `${p.field}←${p.from.source}.${p.from.field}`)).toEqual([
      'childName←birthMedicalCertificate.babyName',
      'childSex←birthMedicalCertificate.babySex',
      'childBirthDate←birthMedicalCertificate.birthTime',
      'householdNumber←householdRegistrationRecord.householdNumber',
    ]);
    for (const p of schoolEnrollmentBundle.prefill ?? []) {
      expect(schoolEnrollmentBundle.intakeMaterials).toContain(p.from.source);
      const from = findMaterialType(schoolEnrollmentBundle, p.from.source)?.fields.find((f) => f.key === p.from.field);
      const to = fields.get(p.field);
      expect(from && to, p.field).toBeTruthy();
      expect(from?.type === to?.type || (from?.type === 'datetime' && to?.type === 'date'), p.field).toBe(true);
      if (from?.options) expect(to?.options).toEqual(from.options);
    }
    // the child only: a parent's archive holds every child's birth case (a sibling's 出生医学证明 must not be taken)
    expect(schoolEnrollmentBundle.subjects).toEqual([{ role: 'child', label: '儿童', source: 'form', idField: 'childIdNumber' }]);
    expect(fields.get('childIdNumber')?.type).toBe('idNumber');
  });

  it('教育入学: the held birth materials give the child\'s name, sex, birth date (the Shanghai day of the birth time) and 户号, which pass the pre-check', () => {
    const held = schoolEnrollmentSupplied.map((m) => ({ ...m, caseId: 'LB20200516-0001' }));
    const filled = prefillValues(schoolEnrollmentBundle, [], held);
    expect(Object.fromEntries(Object.entries(filled).map(([k, v]) => [k, `${String(v.value)}@${v.material}`]))).toEqual({
      childName: '测试学童丁@birthMedicalCertificate',
      childSex: 'female@birthMedicalCertificate',
      childBirthDate: '2020-05-16@birthMedicalCertificate',
      householdNumber: '330212000303@householdRegistrationRecord',
    });
    const typed = schoolEnrollmentValues();
    for (const k of Object.keys(filled)) delete typed[k];
    const values = { ...typed, ...Object.fromEntries(Object.entries(filled).map(([k, v]) => [k, v.value])) };
    expect(check(schoolEnrollmentBundle, values).issues).toEqual([]);
    // only the 户口登记 held: the 户号 from it, the rest typed
    expect(Object.keys(prefillValues(schoolEnrollmentBundle, [], held.filter((m) => m.type === 'householdRegistrationRecord')))).toEqual(['householdNumber']);
  });

  it('the supplied and sample materials are valid for their types (fixtures used by the scenario)', () => {
    const all = [...veteranSupplied, ...marriageSupplied, ...schoolEnrollmentSupplied];
    for (const s of all) {
      const type = mine.map((b) => findMaterialType(b, s.type)).find(Boolean);
      expect(type, s.type).toBeDefined();
      for (const f of type?.fields ?? []) if (f.required) expect(s.data[f.key], `${s.type}.${f.key}`).toBeDefined();
    }
    const outputs = new Set(mine.flatMap((b) => b.items.flatMap((i) => i.outputs)));
    expect(Object.keys(lifeEventOutputsA).sort()).toEqual([...outputs].sort());
  });
});

describe('eligibility through the core pre-check', () => {
  it('good applications pass, with and without the optional items', () => {
    expect(check(veteranBundle, veteranValues()).issues).toEqual([]);
    expect(check(veteranBundle, veteranOptionalValues(), ['reserveRegistration', 'independentEmploymentGrant']).issues).toEqual([]);
    expect(check(retirementBundle, retirementValues()).issues).toEqual([]);
    expect(check(retirementBundle, retirementValues({ employmentCategory: 'flexible', employerName: '', employerCreditCode: '' })).issues).toEqual([]);
    expect(check(retirementBundle, retirementHousingFundValues(), ['housingFundRetirementWithdrawal']).issues).toEqual([]);
    expect(check(schoolEnrollmentBundle, schoolEnrollmentValues()).issues).toEqual([]);
    expect(check(schoolEnrollmentBundle, migrantChildValues(), ['socialInsuranceVerification']).issues).toEqual([]);
    expect(check(marriageBirthHouseholdBundle, marriageValues(), [], ['marriageDeclaration']).issues).toEqual([]);
    expect(check(marriageBirthHouseholdBundle, marriageMigrationValues(), ['spouseHouseholdMigration']).issues).toEqual([]);
    // accepted at a 海曙 window too (全区通办 is within a district; the 海曙 hall handles the bundles)
    expect(check(marriageBirthHouseholdBundle, marriageValues(), [], ['marriageDeclaration'], D.haishu).ok).toBe(true);
  });

  it('退役军人服务: discharged more than 30 days ago, enlisted after discharge, settled in a district that has not joined', () => {
    const late = check(veteranBundle, veteranValues({ dischargedOn: '2026-01-20' }));
    expect(late.issues).toEqual([{ field: 'dischargedOn', code: 'ELIGIBILITY_MAXAGE', message: '退出现役已超过30日，不适用退役军人服务一件事联办，请到安置地退役军人事务局单独办理' }]);
    expect(codes(check(veteranBundle, veteranValues({ enlistedOn: '2026-02-25' })))).toEqual(['ELIGIBILITY_DATEORDER']);
    const jiangbei = check(veteranBundle, veteranValues({ settlementDistrict: D.jiangbei }));
    expect(jiangbei.issues.map((i) => i.message)).toEqual(['安置地所在区尚未开通退役军人服务一件事联办，请到安置地单独办理']);
    // the optional items' fields are asked only when chosen
    expect(codes(check(veteranBundle, veteranValues(), ['independentEmploymentGrant']))).toEqual(['REQUIRED', 'REQUIRED']);
    expect(codes(check(veteranBundle, veteranValues(), [], []))).toEqual(['MISSING_MATERIAL', 'MISSING_MATERIAL']);
  });

  it('退休: a retirement date more than a year past, a district that has not joined, an employee without the employer', () => {
    expect(codes(check(retirementBundle, retirementValues({ retirementDate: '2024-12-31' })))).toEqual(['ELIGIBILITY_MAXAGE']);
    expect(check(retirementBundle, retirementValues({ insuredDistrict: D.beilun })).issues.map((i) => i.code)).toEqual(['ELIGIBILITY_DISTRICTJOINED']);
    expect(check(retirementBundle, retirementValues({ employerName: '', employerCreditCode: '' })).issues.map((i) => i.field).sort()).toEqual(['employerCreditCode', 'employerName']);
    expect(codes(check(retirementBundle, retirementValues({ retirementDate: '1960-01-01' })))).toEqual(['ELIGIBILITY_DATEORDER', 'ELIGIBILITY_MAXAGE']);
  });

  it('教育入学: a birth date not the ID number\'s, the child\'s number as the guardian\'s, a guardian born after the child, a child past 16, a school district not joined, no 出生医学证明', () => {
    expect(check(schoolEnrollmentBundle, schoolEnrollmentValues({ childBirthDate: '2020-05-17' })).issues).toEqual([
      { field: 'childIdNumber', code: 'ELIGIBILITY_DATEORDER', message: '儿童出生日期与公民身份号码不符，请核对' },
    ]);
    expect(codes(check(schoolEnrollmentBundle, schoolEnrollmentValues({ guardianIdNumber: CHILD_ID })))).toEqual(['ELIGIBILITY_DIFFER']);
    expect(check(schoolEnrollmentBundle, schoolEnrollmentValues({ guardianIdNumber: makeId('330212', '2021-01-01', '035') })).issues.map((i) => i.message)).toEqual(['儿童出生日期早于监护人出生日期，请核对']);
    const old = makeId('330212', '2009-05-16', '046');
    expect(codes(check(schoolEnrollmentBundle, schoolEnrollmentValues({ childIdNumber: old, childBirthDate: '2009-05-16' })))).toEqual(['ELIGIBILITY_MAXAGE']);
    expect(codes(check(schoolEnrollmentBundle, schoolEnrollmentValues({ enrolmentDistrict: D.zhenhai })))).toEqual(['ELIGIBILITY_DISTRICTJOINED']);
    const missing = check(schoolEnrollmentBundle, schoolEnrollmentValues(), [], ['householdRegistrationRecord']);
    expect(missing.issues).toEqual([{ field: 'materials.birthMedicalCertificate', code: 'MISSING_MATERIAL', message: '请提交材料：出生医学证明' }]);
  });

  it('教育入学 asks for nothing lianban holds: both materials held from the birth case are counted and sourced', () => {
    const held = [
      { type: 'birthMedicalCertificate', caseId: 'LB20200516-0001', itemId: 'birthCertificate' },
      { type: 'householdRegistrationRecord', caseId: 'LB20200516-0001', itemId: 'householdRegistration' },
    ];
    const n = precheck({
      bundle: schoolEnrollmentBundle, values: schoolEnrollmentValues(), chosenOptional: [], providedMaterials: [], heldMaterials: held,
      acceptingDistrict: D.yinzhou, directory: seedDirectory, now: NOW,
    });
    expect(n.issues).toEqual([]);
    expect(n.materials.map((m) => [m.material, m.source])).toEqual([['householdRegistrationRecord', 'archive'], ['birthMedicalCertificate', 'archive']]);
    expect(n.text).not.toContain('出生医学证明');
  });

  it('婚育户: a party with a spouse, the same ID twice, neither 户籍 in a joined district, a town centre of a district not joined', () => {
    expect(check(marriageBirthHouseholdBundle, marriageValues({ femaleMaritalStatus: 'married' }), [], ['marriageDeclaration']).issues).toEqual([
      { field: 'femaleMaritalStatus', code: 'ELIGIBILITY_ONEOF', message: '女方有配偶的，不予办理结婚登记' },
    ]);
    expect(codes(check(marriageBirthHouseholdBundle, marriageValues({ femaleIdNumber: GROOM_ID }), [], ['marriageDeclaration']))).toEqual(['ELIGIBILITY_DIFFER']);
    const away = check(marriageBirthHouseholdBundle, marriageValues({ maleHouseholdDistrict: D.jiangbei, femaleHouseholdDistrict: D.beilun }), [], ['marriageDeclaration']);
    expect(away.issues).toEqual([{ code: 'ELIGIBILITY_ANYOF', message: '男女双方户籍均不在开通婚育户一件事联办的区，请到户籍地单独办理' }]);
    expect(codes(check(marriageBirthHouseholdBundle, marriageValues({ birthRegistrationTown: 'yinzhou-police' }), [], ['marriageDeclaration']))).toEqual(['UNKNOWN_DEPARTMENT']);
    // the 户口簿 of the receiving household is asked only with the 投靠 migration
    expect(codes(check(marriageBirthHouseholdBundle, marriageMigrationValues(), ['spouseHouseholdMigration'], ['marriageDeclaration']))).toEqual(['MISSING_MATERIAL']);
  });
});
