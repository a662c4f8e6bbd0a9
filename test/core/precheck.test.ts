import { describe, expect, it } from 'vitest';
import { withDistrictJoined } from '../../functions/core/directory.js';
import type { FormValues } from '../../functions/core/form.js';
import { precheck } from '../../functions/core/precheck.js';
import {
  APPLICANT_ID, birthBundle, birthValues, D, DECEASED_ID, deathBundle, deathValues, FATHER_ID, makeId, MOTHER_ID, NOW, seedDirectory,
} from './fixtures.js';

const birthMaterials = ['marriageCertificate', 'householdBook'];

function birth(values: FormValues, opts: { chosen?: string[]; materials?: string[]; now?: string } = {}) {
  return precheck({
    bundle: birthBundle, values, chosenOptional: opts.chosen ?? [], providedMaterials: opts.materials ?? birthMaterials,
    acceptingDistrict: D.haishu, directory: seedDirectory, now: opts.now ?? NOW,
  });
}

function death(values: FormValues, directory = seedDirectory, chosen: string[] = []) {
  return precheck({ bundle: deathBundle, values, chosenOptional: chosen, providedMaterials: [], acceptingDistrict: D.haishu, directory, now: NOW });
}

const codes = (n: ReturnType<typeof birth>) => n.issues.map((i) => `${i.field}:${i.code}`);

describe('pre-check (预审) → one-time notice (一次性告知)', () => {
  it('passes a complete, eligible birth application', () => {
    const n = birth(birthValues());
    expect(n.issues).toEqual([]);
    expect(n.ok).toBe(true);
    expect(n.text).toContain('可以受理');
  });

  it('passes the cross-district death application', () => {
    expect(death(deathValues()).issues).toEqual([]);
  });

  it('reports every problem at once, each with a Chinese message', () => {
    const bad = birthValues({
      motherIdNumber: MOTHER_ID.slice(0, 17) + (MOTHER_ID[17] === '1' ? '2' : '1'), // wrong check digit
      fatherIdNumber: makeId('330212', '1991-02-30', '031'), // impossible date
      babyName: '',
      applicantPhone: '1380574',
      postalCode: '31503',
    });
    delete bad.householdHeadName;
    const n = birth(bad, { materials: ['householdBook'] });
    expect(n.ok).toBe(false);
    expect(codes(n)).toEqual(expect.arrayContaining([
      'motherIdNumber:ID_CHECK_DIGIT',
      'fatherIdNumber:ID_BIRTH_DATE',
      'babyName:REQUIRED',
      'householdHeadName:REQUIRED',
      'applicantPhone:PHONE_FORMAT',
      'postalCode:POSTAL_CODE_FORMAT',
      'materials.marriageCertificate:MISSING_MATERIAL',
    ]));
    for (const i of n.issues) expect(i.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(n.text.split('\n')[0]).toBe('一次性告知书');
    expect(n.text).toContain(`存在以下${n.issues.length}项问题`);
    // The notice never repeats the ID numbers themselves.
    expect(n.text).not.toContain(FATHER_ID.slice(0, 12));
  });

  it('rejects a baby over the age limit', () => {
    const n = birth(birthValues({ babyBirthTime: '2025-01-10T08:00:00+08:00' }));
    expect(codes(n)).toContain('babyBirthTime:ELIGIBILITY_MAXAGE');
  });

  it('rejects a birth time in the future and an invalid one', () => {
    expect(codes(birth(birthValues({ babyBirthTime: '2026-03-05T08:00:00+08:00' })))).toContain('babyBirthTime:DATE_IN_FUTURE');
    expect(codes(birth(birthValues({ babyBirthTime: '2026-02-30T08:00:00+08:00' })))).toContain('babyBirthTime:DATE_INVALID');
  });

  it('rejects unmarried parents, identical parent IDs, and a baby born before its mother', () => {
    const n = birth(birthValues({ marriageStatus: 'unmarried', fatherIdNumber: MOTHER_ID }));
    expect(codes(n)).toEqual(expect.arrayContaining(['marriageStatus:ELIGIBILITY_ONEOF', 'motherIdNumber:ELIGIBILITY_DIFFER']));
    const young = makeId('330203', '2026-03-01', '042');
    expect(codes(birth(birthValues({ motherIdNumber: young })))).toContain('babyBirthTime:ELIGIBILITY_DATEORDER');
  });

  it('requires a parent registered in a district that joined (parents\' registration)', () => {
    const n = birth(birthValues({ fatherHouseholdDistrict: '000000', motherHouseholdDistrict: '000000' }));
    expect(n.issues.map((i) => i.code)).toContain('ELIGIBILITY_ANYOF');
    expect(birth(birthValues({ fatherHouseholdDistrict: '000000' })).ok).toBe(true);
  });

  it('requires postal fields only when the documents are mailed', () => {
    const mailed = birthValues();
    delete mailed.postalAddress;
    expect(codes(birth(mailed))).toContain('postalAddress:REQUIRED');
    const window = birthValues({ deliveryMethod: 'window' });
    delete window.postalAddress;
    delete window.postalRecipient;
    delete window.postalCode;
    expect(birth(window).ok).toBe(true);
  });

  it('asks for the optional item\'s fields only when it is chosen, and checks them', () => {
    const n = birth(birthValues(), { chosen: ['maternityReimbursement'] });
    expect(codes(n)).toEqual(expect.arrayContaining(['motherBankAccount:REQUIRED', 'motherInsuredDistrict:REQUIRED']));
    const ok = birth(birthValues({ motherBankAccount: '6222 0212 3456 7890', motherBankName: '宁波银行', motherInsuredDistrict: D.haishu }), { chosen: ['maternityReimbursement'] });
    expect(ok.issues).toEqual([]);
    expect(codes(birth(birthValues({ motherBankAccount: '123' }), { chosen: ['maternityReimbursement'] }))).toContain('motherBankAccount:BANK_ACCOUNT_FORMAT');
  });

  it('rejects fields the bundle does not collect, unknown options and unknown items', () => {
    const n = birth(birthValues({ religion: '无', babySex: 'x' }), { chosen: ['noSuchItem', 'householdRegistration'] });
    expect(codes(n)).toEqual(expect.arrayContaining([
      'religion:UNEXPECTED_FIELD', 'babySex:NOT_AN_OPTION', 'chosenOptional:UNKNOWN_ITEM', 'chosenOptional:NOT_OPTIONAL',
    ]));
  });

  it('rejects an unknown hospital and numbers out of range', () => {
    expect(codes(birth(birthValues({ birthHospital: 'haishu-police' })))).toContain('birthHospital:UNKNOWN_DEPARTMENT');
    expect(codes(birth(birthValues({ babyWeightGrams: 12000 })))).toContain('babyWeightGrams:RANGE');
    expect(codes(birth(birthValues({ babyWeightGrams: 'heavy' })))).toContain('babyWeightGrams:FORMAT');
  });

  it('death: abnormal death, too long ago, applicant is the deceased, death before birth', () => {
    const n = death(deathValues({ deathCategory: 'abnormal', deathTime: '2025-06-01T10:00:00+08:00', applicantIdNumber: DECEASED_ID }));
    expect(codes(n)).toEqual(expect.arrayContaining(['deathCategory:ELIGIBILITY_ONEOF', 'deathTime:ELIGIBILITY_MAXAGE', 'applicantIdNumber:ELIGIBILITY_DIFFER']));
    const born = makeId('330212', '2026-02-27', '015');
    expect(codes(death(deathValues({ deceasedIdNumber: born })))).toContain('deathTime:ELIGIBILITY_DATEORDER');
    expect(APPLICANT_ID).not.toBe(DECEASED_ID);
  });

  it('death: a registration district that has not joined is told once, naming the item', () => {
    const n = death(deathValues({ householdDistrict: D.beilun }));
    expect(n.issues).toHaveLength(1);
    expect(n.issues[0]).toMatchObject({ field: 'householdDistrict', code: 'DISTRICT_NOT_JOINED' });
    expect(n.issues[0].message).toContain('户口注销');
    expect(n.issues[0].message).toContain('北仑区');
    // Joining by configuration alone makes the same application pass.
    expect(death(deathValues({ householdDistrict: D.beilun }), withDistrictJoined(seedDirectory, D.beilun, 'death')).ok).toBe(true);
  });

  it('death: a window in a district that has not joined cannot accept', () => {
    const n = precheck({ bundle: deathBundle, values: deathValues(), chosenOptional: [], providedMaterials: [], acceptingDistrict: D.beilun, directory: seedDirectory, now: NOW });
    expect(n.issues.map((i) => i.code)).toEqual(['ACCEPTING_DISTRICT_NOT_JOINED']);
  });

  it('death: a death outside the joined districts and outside the city', () => {
    expect(codes(death(deathValues({ deathDistrict: D.zhenhai })))).toEqual(['deathDistrict:ELIGIBILITY_DISTRICTJOINED']);
    const n = death(deathValues({ insuredDistrict: '000000' }));
    expect(n.issues.map((i) => i.code)).toEqual(['OUTSIDE_CITY']);
    expect(n.issues[0].message).toContain('养老保险待遇');
    expect(n.issues[0].message).toContain('医保停保');
    expect(FATHER_ID).toHaveLength(18);
  });
});
