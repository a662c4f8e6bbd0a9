// Applications of the second half of the 人生一件事 (就业, 置业, 就医, 收养): made-up people of 鄞州 and 海曙 with
// valid ID numbers, the intake materials they bring, and what each department signs. Dates are given relative to
// a day (`on`), so the same values serve the core tests (fixtures' NOW) and the whole-stack scenario (today).
import type { FormValues } from '../../functions/core/form';
import { CREDIT_CODE } from './enterpriseFixtures';
import { D, makeId } from './fixtures';

/** The day `days` before `day` (YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86400_000).toISOString().slice(0, 10);
}

// ---- 就业一件事 ----

export const WORKER_ID = makeId('330212', '1974-06-18', '051');

/** A worker of 鄞州 whose contract ended 10 days before `on`: the 失业 path at the 姜山镇 centre. */
export function unemployedValues(on: string, overrides: FormValues = {}): FormValues {
  return {
    workerName: '钱乐业',
    workerIdNumber: WORKER_ID,
    workerPhone: '13905740051',
    employmentStatus: 'unemployed',
    insuredDistrict: D.yinzhou,
    serviceTown: 'yinzhou-jiangshan',
    residenceAddress: '浙江省宁波市鄞州区姜山镇示例村88号',
    separationDate: daysBefore(on, 10),
    separationReason: 'contractExpired',
    lastEmployerName: '宁波示例纺织有限公司',
    hardshipCategory: 'ageOver4050',
    bankAccount: '6228480000123456789',
    bankName: '中国农业银行宁波鄞州支行',
    ...overrides,
  };
}

export const UNEMPLOYED_ITEMS = ['unemploymentRegistration', 'hardshipRecognition', 'unemploymentBenefit'];

/** The same worker hired 5 days before `on`: the 就业 path with the enrolments. */
export function employedValues(on: string, overrides: FormValues = {}): FormValues {
  return {
    workerName: '钱乐业',
    workerIdNumber: WORKER_ID,
    workerPhone: '13905740051',
    employmentStatus: 'employed',
    insuredDistrict: D.yinzhou,
    serviceTown: 'yinzhou-jiangshan',
    employerName: '宁波示例精密机械有限公司',
    employerCreditCode: CREDIT_CODE,
    employmentStartDate: daysBefore(on, 5),
    contractType: 'fixedTerm',
    monthlyWageYuan: 6800,
    ...overrides,
  };
}

export const EMPLOYED_ITEMS = ['employmentRegistration', 'socialInsuranceEnrollment', 'medicalInsuranceEnrollment', 'housingFundRegistration'];

// ---- 置业一件事 ----

export const BUYER_ID = makeId('330203', '1990-08-21', '064');
export const SELLER_ID = makeId('330203', '1962-01-09', '035');
const UNIT = '330203001001GB00012F00010023';

/** A flat in 海曙 sold by one made-up person to another, the paper certificate posted. */
export function propertyValues(overrides: FormValues = {}): FormValues {
  return {
    buyerName: '孙安居',
    buyerIdNumber: BUYER_ID,
    buyerPhone: '13805740064',
    sellerName: '李示卖',
    sellerIdNumber: SELLER_ID,
    propertyDistrict: D.haishu,
    propertyAddress: '浙江省宁波市海曙区示例路100弄5号1201室',
    propertyUnitNumber: UNIT,
    currentCertificateNumber: '浙(2015)宁波市海曙不动产权第0004321号',
    contractFilingNumber: 'WQ330203-2026-00123',
    transactionPriceYuan: 2350000,
    floorAreaSqm: 89,
    buyerHomeCount: 'first',
    deliveryMethod: 'post',
    postalRecipient: '孙安居',
    postalAddress: '浙江省宁波市海曙区示例路100弄5号1201室',
    postalCode: '315010',
    waterAccountNumber: 'SS0203-778812',
    powerAccountNumber: '3302030012345',
    gasAccountNumber: 'RQ0203-456789',
    cableTvAccountNumber: 'HS0203-998877',
    ...overrides,
  };
}

export const UTILITY_ITEMS = ['waterTransfer', 'powerTransfer', 'gasTransfer', 'cableTvTransfer'];

// ---- 就医一件事 ----

export const INSURED_ID = makeId('330212', '1956-11-02', '027');

/** A retiree insured in 鄞州, registered (户籍) in 海曙, living with a daughter in 成都: 备案, a bill to reimburse, 医疗救助. */
export function medicalValues(on: string, overrides: FormValues = {}): FormValues {
  return {
    insuredName: '吴康宁',
    insuredIdNumber: INSURED_ID,
    insuredPhone: '13605740027',
    insuredDistrict: D.yinzhou,
    insuranceType: 'employee',
    filingCategory: 'longTermResidence',
    destination: '四川省成都市',
    filingStartDate: daysBefore(on, 30),
    dischargeDate: daysBefore(on, 7),
    householdDistrict: D.haishu,
    assistanceCategory: 'minimumLiving',
    bankAccount: '6217000000123450027',
    bankName: '中国建设银行宁波海曙支行',
    ...overrides,
  };
}

export const MEDICAL_ITEMS = ['manualReimbursement', 'medicalAssistance'];

/** The hospital's bill, supplied at intake (scanned at the window). */
export function invoiceData(on: string): FormValues {
  return {
    invoiceNumber: 'PJ510100-2026-77881', hospitalName: '成都市示例人民医院', totalYuan: 18650.4,
    admittedOn: daysBefore(on, 15), dischargedOn: daysBefore(on, 7), diagnosis: '社区获得性肺炎',
  };
}

// ---- 收养一件事 ----

export const ADOPTER_ID = makeId('330212', '1985-03-16', '071');
export const ADOPTER_SPOUSE_ID = makeId('330212', '1987-09-23', '046');

/** The number the 派出所 gives a child born on the given day at 落户. */
export function adoptedChildId(birthDate: string): string {
  return makeId('330212', birthDate, '022');
}

/** A couple of 鄞州 adopts a girl of about a year from a 海曙 福利院; the 户口簿 page posted. */
export function adoptionValues(on: string, overrides: FormValues = {}): FormValues {
  return {
    adopterName: '郑守望',
    adopterIdNumber: ADOPTER_ID,
    adopterPhone: '13705740071',
    adopterSpouseName: '冯暖心',
    adopterSpouseIdNumber: ADOPTER_SPOUSE_ID,
    adopterHouseholdDistrict: D.yinzhou,
    adopterHouseholdAddress: '浙江省宁波市鄞州区示例街道幸福路8号',
    childName: '郑小安',
    childSex: 'female',
    childBirthDate: daysBefore(on, 400),
    childAgeGroup: 'under6',
    placingParty: 'institution',
    registrationDistrict: D.haishu,
    deliveryMethod: 'post',
    postalRecipient: '郑守望',
    postalAddress: '浙江省宁波市鄞州区示例街道幸福路8号',
    postalCode: '315100',
    ...overrides,
  };
}

/** What the couple brings to the window: the adopter's 户口簿, the health check, the 福利院's 送养意见. */
export function adoptionSupplied(on: string): { type: string; data: FormValues }[] {
  return [
    { type: 'householdBook', data: { householdNumber: '330212078901', householdHeadName: '郑守望', address: '浙江省宁波市鄞州区示例街道幸福路8号' } },
    { type: 'adopterMedicalExamination', data: { hospitalName: '宁波市示例医院', conclusion: 'fit', examinedOn: daysBefore(on, 20) } },
    { type: 'adoptionConsent', data: { consentType: 'institution', placingPartyName: '宁波市示例儿童福利院', signedOn: daysBefore(on, 10) } },
  ];
}

/** Sample outputs per material type of the four bundles (dates as of 2026-03-02; the scenario dates them today). */
export const sampleOutputsB: Record<string, FormValues> = {
  employmentStatusCheck: { checkNumber: 'HC2026-000451', insuranceStatus: 'suspended', contributionMonths: 96, lastEmployerName: '宁波示例纺织有限公司', checkedOn: '2026-03-02' },
  unemploymentRegistrationRecord: { registrationNumber: 'SY330212-2026-0451', workerIdNumber: WORKER_ID, registeredBy: '宁波市鄞州区姜山镇便民服务中心', registeredOn: '2026-03-02' },
  hardshipRecognitionRecord: { recognitionNumber: 'KN330212-2026-0033', category: 'ageOver4050', recognizedOn: '2026-03-02', validUntil: '2027-03-01' },
  unemploymentBenefitDecision: { decisionNumber: 'SYJ2026-0451', monthlyAmountYuan: 2070, benefitMonths: 12, startsOn: '2026-03-02' },
  employmentRegistrationRecord: { registrationNumber: 'JY330212-2026-0781', workerIdNumber: WORKER_ID, employerName: '宁波示例精密机械有限公司', registeredBy: '宁波市鄞州区姜山镇便民服务中心', registeredOn: '2026-03-02' },
  employeeInsuranceRecord: { enrollmentNumber: 'CB330212-2026-0781', insuredFrom: '2026-03-02' },
  employeeMedicalInsuranceRecord: { insuranceNumber: 'YB330212-2026-0781', insuredFrom: '2026-03-02' },
  housingFundAccountRecord: { accountNumber: 'GJJ0212-2026-0781', openedOn: '2026-03-02' },
  employmentSubsidyDecision: { decisionNumber: 'BT2026-0781', monthlyAmountYuan: 1100, subsidyMonths: 36, startsOn: '2026-03-02' },
  contractFilingRecord: { filingNumber: 'WQ330203-2026-00123', propertyUnitNumber: UNIT, transactionPriceYuan: 2350000, verifiedOn: '2026-03-02' },
  deedTaxCertificate: { voucherNumber: '333026260300012345', taxAmountYuan: 23500, paidOn: '2026-03-02' },
  realEstateCertificate: {
    certificateNumber: '浙(2026)宁波市海曙不动产权第0012345号', ownerName: '孙安居', ownerIdNumber: BUYER_ID, propertyUnitNumber: UNIT,
    propertyAddress: '浙江省宁波市海曙区示例路100弄5号1201室', registeredOn: '2026-03-02',
  },
  waterTransferRecord: { accountNumber: 'SS0203-778812', newHolderName: '孙安居', transferredOn: '2026-03-02' },
  powerTransferRecord: { accountNumber: '3302030012345', newHolderName: '孙安居', transferredOn: '2026-03-02' },
  gasTransferRecord: { accountNumber: 'RQ0203-456789', newHolderName: '孙安居', transferredOn: '2026-03-02' },
  cableTvTransferRecord: { accountNumber: 'HS0203-998877', newHolderName: '孙安居', transferredOn: '2026-03-02' },
  crossRegionMedicalFiling: { filingNumber: 'YD330212-2026-0027', category: 'longTermResidence', destination: '四川省成都市', validFrom: '2026-03-02', filedOn: '2026-03-02' },
  medicalReimbursementDecision: { decisionNumber: 'SGBX2026-0027', eligibleYuan: 15200, reimbursedYuan: 12160, paidOn: '2026-03-02' },
  medicalAssistanceDecision: { decisionNumber: 'YLJZ2026-0027', assistanceYuan: 2128, paidOn: '2026-03-02' },
  adoptionCertificate: {
    certificateNumber: '甬海收字2026第0012号', adopterName: '郑守望', adopterIdNumber: ADOPTER_ID, childName: '郑小安', childSex: 'female',
    childBirthDate: '2025-01-26', registeredOn: '2026-03-02',
  },
  adoptedChildHouseholdRecord: {
    childIdNumber: adoptedChildId('2025-01-26'), childName: '郑小安', householdNumber: '330212078901', policeStation: '宁波市公安局鄞州分局示例派出所', registeredOn: '2026-03-02',
  },
  adoptedChildHouseholdApproval: {
    childIdNumber: adoptedChildId('2019-05-08'), childName: '郑小安', householdNumber: '330212078901', policeStation: '宁波市公安局鄞州分局示例派出所', registeredOn: '2026-03-02',
  },
};
