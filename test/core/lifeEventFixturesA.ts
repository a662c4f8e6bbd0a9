/**
 * Fixtures of the first half of the 人生一件事 (退役军人服务, 退休, 教育入学, 婚育户): valid applications (fictional people,
 * ID numbers with a correct check digit), the materials supplied at intake and sample outputs of every item, valid
 * against the bundles' material types and identity rules. Dates are those of the core tests' NOW (2 March 2026);
 * scenario tests override the dates that must be recent.
 */
import { creditCodeCheckChar } from '../../functions/core/creditCode.js';
import { OUTSIDE_CITY } from '../../functions/core/directory.js';
import type { FormValues } from '../../functions/core/form.js';
import { makeId } from './fixtures.js';

export const VETERAN_ID = makeId('330212', '2002-04-18', '013');
export const RETIREE_ID = makeId('330203', '1965-09-08', '027');
export const CHILD_ID = makeId('330212', '2020-05-16', '046');
export const GUARDIAN_ID = makeId('330212', '1990-08-21', '035');
export const GROOM_ID = makeId('330212', '1996-03-09', '051');
export const BRIDE_ID = makeId('330203', '1998-12-02', '068');
const EMPLOYER_FIRST17 = '91330200MA2CXJQK0';
const EMPLOYER_CREDIT_CODE = EMPLOYER_FIRST17 + creditCodeCheckChar(EMPLOYER_FIRST17);

const yinzhou = '330212';
const post = {
  deliveryMethod: 'post',
  postalAddress: '浙江省宁波市鄞州区姜山镇试例路8号',
  postalCode: '315191',
};

export function veteranValues(overrides: FormValues = {}): FormValues {
  return {
    veteranName: '测试退伍甲',
    veteranIdNumber: VETERAN_ID,
    veteranSex: 'male',
    enlistedOn: '2021-09-10',
    dischargedOn: '2026-02-20',
    placementType: 'independent',
    settlementDistrict: yinzhou,
    householdAddress: '浙江省宁波市鄞州区姜山镇试例路8号',
    householdHeadName: '测试户主乙',
    householdHeadRelation: 'son',
    veteranPhone: '13900000101',
    ...post,
    postalRecipient: '测试退伍甲',
    ...overrides,
  };
}

/** With both optional items (预备役登记, 自主就业一次性经济补助). */
export function veteranOptionalValues(overrides: FormValues = {}): FormValues {
  return veteranValues({ militarySpecialty: '汽车驾驶', grantBankAccount: '6222020000000000101', grantBankName: '测试银行宁波分行', ...overrides });
}

export function retirementValues(overrides: FormValues = {}): FormValues {
  return {
    retireeName: '测试退休丙',
    retireeIdNumber: RETIREE_ID,
    retireeSex: 'male',
    retireePhone: '13900000202',
    insuredDistrict: yinzhou,
    employmentCategory: 'employee',
    employerName: '宁波测试机械有限公司',
    employerCreditCode: EMPLOYER_CREDIT_CODE,
    retirementType: 'normal',
    retirementDate: '2026-03-01',
    ...overrides,
  };
}

/** With the 公积金 items (封存, 退休提取). */
export function retirementHousingFundValues(overrides: FormValues = {}): FormValues {
  return retirementValues({ housingFundAccount: 'GJJ0000202', withdrawalBankAccount: '6222020000000000202', withdrawalBankName: '测试银行鄞州支行', ...overrides });
}

export function schoolEnrollmentValues(overrides: FormValues = {}): FormValues {
  return {
    childName: '测试学童丁',
    childIdNumber: CHILD_ID,
    childSex: 'female',
    childBirthDate: '2020-05-16',
    schoolStage: 'primary',
    enrolmentDistrict: yinzhou,
    householdDistrict: yinzhou,
    householdNumber: '330212000303',
    householdAddress: '浙江省宁波市鄞州区钟公庙街道试例路3号',
    residenceAddress: '浙江省宁波市鄞州区钟公庙街道试例路3号',
    propertyCertificateNumber: '浙(2021)宁波市鄞州区不动产权第0000303号',
    guardianName: '测试家长戊',
    guardianIdNumber: GUARDIAN_ID,
    guardianRelation: 'father',
    guardianPhone: '13900000303',
    ...post,
    postalRecipient: '测试家长戊',
    ...overrides,
  };
}

/** The 随迁子女 variant: registered outside the city, with the optional 参保核验. */
export function migrantChildValues(overrides: FormValues = {}): FormValues {
  return schoolEnrollmentValues({ householdDistrict: OUTSIDE_CITY, propertyCertificateNumber: '', ...overrides });
}

/** The child's 出生医学证明 and 户口登记, supplied at the window (or held from the birth case). */
export const schoolEnrollmentSupplied: { type: string; data: FormValues }[] = [
  {
    type: 'birthMedicalCertificate',
    data: {
      certificateNumber: 'Q330000303', babyName: '测试学童丁', babySex: 'female', birthTime: '2020-05-16T09:20:00+08:00',
      birthPlace: '浙江省宁波市鄞州区试例医院', hospitalName: '宁波市鄞州区妇幼保健院', weightGrams: 3200,
      motherName: '测试家长己', motherIdNumber: makeId('330212', '1992-01-11', '082'), fatherName: '测试家长戊', fatherIdNumber: GUARDIAN_ID,
      issuedOn: '2020-05-18',
    },
  },
  {
    type: 'householdRegistrationRecord',
    data: {
      babyIdNumber: CHILD_ID, babyName: '测试学童丁', babySex: 'female', householdNumber: '330212000303',
      policeStation: '宁波市公安局鄞州分局钟公庙派出所', registeredOn: '2020-05-25',
    },
  },
];

export function marriageValues(overrides: FormValues = {}): FormValues {
  return {
    maleName: '测试新郎庚',
    maleIdNumber: GROOM_ID,
    maleMaritalStatus: 'unmarried',
    maleHouseholdDistrict: yinzhou,
    femaleName: '测试新娘辛',
    femaleIdNumber: BRIDE_ID,
    femaleMaritalStatus: 'divorced',
    femaleHouseholdDistrict: '330203',
    applicantPhone: '13900000404',
    residenceAddress: '浙江省宁波市鄞州区姜山镇试例路4号',
    birthRegistrationTown: 'yinzhou-jiangshan',
    plannedChildOrder: 'first',
    ...overrides,
  };
}

/** With the optional 夫妻投靠户口迁移 (the bride joins the groom's household in 鄞州). */
export function marriageMigrationValues(overrides: FormValues = {}): FormValues {
  return marriageValues({
    migratingParty: 'female',
    receivingHouseholdDistrict: yinzhou,
    receivingHouseholdAddress: '浙江省宁波市鄞州区姜山镇试例路4号',
    householdHeadName: '测试新郎庚',
    ...post,
    postalRecipient: '测试新娘辛',
    ...overrides,
  });
}

export const marriageSupplied: { type: string; data: FormValues }[] = [
  { type: 'marriageDeclaration', data: { signedOn: '2026-03-02', noSpouse: 'yes', noProhibitedKinship: 'yes' } },
  { type: 'householdBook', data: { householdNumber: '330212000404', householdHeadName: '测试新郎庚', address: '浙江省宁波市鄞州区姜山镇试例路4号' } },
];

export const veteranSupplied: { type: string; data: FormValues }[] = [
  { type: 'dischargeCertificate', data: { certificateNumber: 'TY2026000101', dischargedOn: '2026-02-20', issuedBy: '某部队测试单位' } },
  { type: 'placementLetter', data: { letterNumber: 'AZ2026000101', issuedBy: '浙江省军区测试单位', issuedOn: '2026-02-20' } },
];

/** Sample outputs per material type of these bundles (dates are moved to the day of signing by the scenario). */
export const lifeEventOutputsA: Record<string, FormValues> = {
  veteranRegistration: { registrationNumber: 'BD2026000101', veteranIdNumber: VETERAN_ID, veteranName: '测试退伍甲', placementType: 'independent', reportedOn: '2026-03-02' },
  householdRestorationRecord: { veteranIdNumber: VETERAN_ID, householdNumber: '330212000101', policeStation: '宁波市公安局鄞州分局姜山派出所', restoredOn: '2026-03-02' },
  residentIdCard: { holderIdNumber: VETERAN_ID, issuingAuthority: '宁波市公安局鄞州分局', validFrom: '2026-03-02', validUntil: '2026-03-02' },
  pensionTransferRecord: { transferNumber: 'YLZ2026000101', militaryServiceMonths: 53, transferredOn: '2026-03-02' },
  medicalInsuranceTransferRecord: { insuranceNumber: 'NB2026000101', insuredFrom: '2026-03-02' },
  socialSecurityCard: { cardNumber: 'C33021200101', bank: '测试银行', issuedOn: '2026-03-02' },
  reserveRegistrationRecord: { registrationNumber: 'YBY2026000101', registeredOn: '2026-03-02' },
  independentEmploymentGrantDecision: { decisionNumber: 'BZ2026000101', amountYuan: 45000, paidOn: '2026-03-02' },
  retirementApprovalForm: {
    approvalNumber: 'TX2026000202', retireeIdNumber: RETIREE_ID, retirementDate: '2026-03-01', contributionMonths: 420,
    monthlyPensionYuan: 4876.5, approvedOn: '2026-03-02',
  },
  medicalRetireeBenefitDecision: { decisionNumber: 'YBTX2026000202', medicalContributionMonths: 400, benefitFrom: '2026-03-02' },
  housingFundSealingRecord: { sealingNumber: 'FC2026000202', sealedOn: '2026-03-02' },
  housingFundRetirementWithdrawal: { decisionNumber: 'TQ2026000202', amountYuan: 123456.78, closedOn: '2026-03-02' },
  householdVerificationResult: { verificationNumber: 'HJ2026000303', registeredSince: '2026-03-02', householdAddress: '浙江省宁波市鄞州区钟公庙街道试例路3号', verifiedOn: '2026-03-02' },
  propertyVerificationResult: { verificationNumber: 'BDC2026000303', ownership: 'owned', propertyAddress: '浙江省宁波市鄞州区钟公庙街道试例路3号', registeredOn: '2026-03-02', verifiedOn: '2026-03-02' },
  socialInsuranceVerificationResult: { verificationNumber: 'SB2026000303', contributionMonths: 36, verifiedOn: '2026-03-02' },
  admissionNotice: { noticeNumber: 'RX2026000303', childName: '测试学童丁', schoolName: '宁波市鄞州区试例小学', reportOn: '2026-03-02', admittedOn: '2026-03-02' },
  marriageCertificate: { certificateNumber: '甬鄞结字第2026000404号', registeredOn: '2026-03-02' },
  maritalStatusChangeRecord: { changeNumber: 'HY2026000404', policeStation: '宁波市公安局鄞州分局姜山派出所', changedOn: '2026-03-02' },
  householdMigrationRecord: { migrantIdNumber: BRIDE_ID, householdNumber: '330212000404', policeStation: '宁波市公安局鄞州分局姜山派出所', migratedOn: '2026-03-02' },
  birthRegistrationCertificate: { registrationNumber: 'SYDJ2026000404', childOrder: 'first', registeredOn: '2026-03-02' },
};
