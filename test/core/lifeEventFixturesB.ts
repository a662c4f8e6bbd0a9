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
};
