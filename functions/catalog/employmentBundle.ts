/**
 * 就业一件事 (lead 人社; research §2.8, evidence thin — the choices below are ours): 失业登记 / 就业登记 / 补贴.
 *
 * One case is one change of a worker's employment status, declared in `employmentStatus` (失业 or 就业):
 * - Always: 就业参保状态核验 (人社, 参保地) — the worker's 职工参保 record (在职参保 / 已停保 / 无记录, 失业保险
 *   缴费月数), the basis of either registration and of 失业保险金. It carries `employmentStatus`, so the status is
 *   declared on every case; the window 审管办 may do the look-up under 集中授权.
 * - The 失业 path: 失业登记 (镇（街道）便民服务中心) → {就业困难人员认定 (the town centre's power item: 登记失业 is
 *   its precondition; 10 working days including the 5-day 公示; 会签), 失业保险金申领 (人社, 参保地; payment, 会签)}.
 * - The 就业 path: 就业登记 (town centre) → {职工社会保险参保登记 (人社), 职工医保参保登记 (医保), 住房公积金缴存登记
 *   (公积金)}, and 就业补贴（就业困难人员社会保险补贴; 人社, payment, 会签) after the 社保 enrolment. The worker's
 *   就业困难人员认定 comes from an earlier case: its number is asked (a material cannot be both issued here and
 *   supplied at intake, and the recognition is not issued on this path).
 * Both registrations are optional items: the window chooses the one of the declared status with its follow-ups; the
 * pre-check refuses an item of the other path (eligibility chosenWhen).
 * Town items are routed to the centre the worker chooses (`serviceTown`, 户籍或常住地); 人社, 医保 and 公积金 to the
 * 参保地 (公积金 is paid where the employer pays social insurance — our simplification of 缴存地).
 * Limits: the whole case 5 working days (a registration and its enrolments); a chosen item with a longer limit
 * (认定, 失业保险金, 补贴: 10) extends the case's promise to its path (core case.ts). 就业登记 within 30 days of 录用
 * (用人单位自录用之日起30日内办理), otherwise it is done separately as a late registration. Data only.
 */
import type { Bundle, FieldDef } from '../core/bundle.js';
import {
  employeeInsuranceRecord,
  employeeMedicalInsuranceRecord,
  employmentRegistrationRecord,
  employmentStatusCheck,
  employmentSubsidyDecision,
  hardshipRecognitionRecord,
  housingFundAccountRecord,
  unemploymentBenefitDecision,
  unemploymentRegistrationRecord,
} from './lifeEventMaterialsB.js';

const fields: FieldDef[] = [
  { key: 'workerName', label: '姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'workerIdNumber', label: '公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'workerPhone', label: '联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  {
    key: 'employmentStatus', label: '本次办理', type: 'select', required: true,
    options: [{ value: 'unemployed', label: '失业（办理失业登记及失业保险待遇）' }, { value: 'employed', label: '就业（办理就业登记及参保缴存）' }],
  },
  { key: 'insuredDistrict', label: '参保地所在区', type: 'district', required: true },
  { key: 'serviceTown', label: '办理登记的镇（街道）便民服务中心', type: 'department', departmentKind: 'townCenter', required: true, hint: '户籍地或常住地所在镇（街道）' },
  { key: 'residenceAddress', label: '常住地址', type: 'address', required: true, maxLength: 120 },
  { key: 'separationDate', label: '终止（解除）劳动关系日期', type: 'date', required: true, notFuture: true },
  {
    key: 'separationReason', label: '失业原因', type: 'select', required: true,
    options: [
      { value: 'contractExpired', label: '劳动合同期满终止' }, { value: 'dismissed', label: '用人单位解除劳动合同' },
      { value: 'employerClosed', label: '用人单位破产、撤销、关闭' }, { value: 'resigned', label: '本人辞职' }, { value: 'other', label: '其他' },
    ],
  },
  { key: 'lastEmployerName', label: '原工作单位', type: 'text', required: true, maxLength: 60 },
  {
    key: 'hardshipCategory', label: '就业困难类别', type: 'select', required: true, sensitivity: 'health',
    options: [
      { value: 'ageOver4050', label: '大龄失业人员（女40周岁、男50周岁以上）' }, { value: 'disabled', label: '残疾人' },
      { value: 'lowIncome', label: '城乡低保家庭成员' }, { value: 'zeroEmployment', label: '零就业家庭成员' },
      { value: 'longTerm', label: '连续失业一年以上' },
    ],
  },
  { key: 'bankAccount', label: '收款银行账号', type: 'bankAccount', required: true, sensitivity: 'financial', hint: '失业保险金、就业补贴打入本人账户' },
  { key: 'bankName', label: '收款开户银行', type: 'text', required: true, maxLength: 60 },
  { key: 'employerName', label: '用人单位名称', type: 'text', required: true, maxLength: 60 },
  { key: 'employerCreditCode', label: '用人单位统一社会信用代码', type: 'creditCode', required: true },
  { key: 'employmentStartDate', label: '录用日期', type: 'date', required: true, notFuture: true },
  {
    key: 'contractType', label: '劳动合同类型', type: 'select', required: true,
    options: [
      { value: 'fixedTerm', label: '固定期限' }, { value: 'openEnded', label: '无固定期限' },
      { value: 'taskBased', label: '以完成一定工作任务为期限' }, { value: 'partTime', label: '非全日制用工' },
    ],
  },
  { key: 'monthlyWageYuan', label: '月工资（元）', type: 'amount', required: true, min: 0, max: 1000000, sensitivity: 'financial', hint: '确定缴费基数' },
  { key: 'hardshipRecognitionNumber', label: '就业困难人员认定编号', type: 'text', required: true, maxLength: 30 },
];

const worker = ['workerName', 'workerIdNumber', 'workerPhone'];
const newJob = ['employerName', 'employerCreditCode', 'employmentStartDate'];

export const employmentBundle: Bundle = {
  id: 'employment',
  version: 1,
  name: '就业一件事',
  description: '失业登记、就业困难人员认定、失业保险金申领，或就业登记、参保缴存登记、就业补贴一次申请、联动办理。',
  leadDepartment: 'hrss',
  promisedDays: 5,
  fields,
  materials: [
    employmentStatusCheck, unemploymentRegistrationRecord, hardshipRecognitionRecord, unemploymentBenefitDecision,
    employmentRegistrationRecord, employeeInsuranceRecord, employeeMedicalInsuranceRecord, housingFundAccountRecord, employmentSubsidyDecision,
  ],
  intakeMaterials: [],
  items: [
    {
      id: 'employmentStatusCheck',
      name: '就业参保状态核验',
      department: 'hrss',
      routing: { by: 'field', field: 'insuredDistrict', basis: 'insurance' },
      required: true,
      fields: [...worker, 'employmentStatus', 'insuredDistrict'],
      inputs: [],
      outputs: ['employmentStatusCheck'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'unemploymentRegistration',
      name: '失业登记',
      department: 'townCenter',
      routing: { by: 'departmentField', field: 'serviceTown' },
      required: false,
      fields: [...worker, 'serviceTown', 'residenceAddress', 'separationDate', 'separationReason', 'lastEmployerName'],
      inputs: [
        { material: 'employmentStatusCheck', fields: ['checkNumber', 'insuranceStatus', 'lastEmployerName'], purpose: '核验已终止职工参保（劳动关系终止或解除）后办理失业登记' },
      ],
      outputs: ['unemploymentRegistrationRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval'],
      identity: [
        { material: 'unemploymentRegistrationRecord', field: 'workerIdNumber', equals: { source: 'form', field: 'workerIdNumber' } },
      ],
    },
    {
      id: 'hardshipRecognition',
      name: '就业困难人员认定',
      department: 'townCenter',
      routing: { by: 'departmentField', field: 'serviceTown' },
      required: false,
      fields: [...worker, 'serviceTown', 'residenceAddress', 'hardshipCategory'],
      inputs: [
        { material: 'unemploymentRegistrationRecord', fields: ['registrationNumber', 'registeredOn'], purpose: '就业困难人员认定以登记失业为前提' },
      ],
      outputs: ['hardshipRecognitionRecord'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: true,
      seals: ['approval'],
    },
    {
      id: 'unemploymentBenefit',
      name: '失业保险金申领',
      department: 'hrss',
      routing: { by: 'field', field: 'insuredDistrict', basis: 'insurance' },
      required: false,
      fields: [...worker, 'insuredDistrict', 'separationDate', 'separationReason', 'bankAccount', 'bankName'],
      inputs: [
        { material: 'employmentStatusCheck', fields: ['checkNumber', 'insuranceStatus', 'contributionMonths'], purpose: '核定失业保险缴费年限以确定领取期限' },
        { material: 'unemploymentRegistrationRecord', fields: ['registrationNumber', 'registeredOn'], purpose: '失业保险金须在失业登记后申领' },
      ],
      outputs: ['unemploymentBenefitDecision'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: true,
      seals: ['approval'],
    },
    {
      id: 'employmentRegistration',
      name: '就业登记',
      department: 'townCenter',
      routing: { by: 'departmentField', field: 'serviceTown' },
      required: false,
      fields: [...worker, 'serviceTown', ...newJob, 'contractType'],
      inputs: [
        { material: 'employmentStatusCheck', fields: ['checkNumber', 'insuranceStatus'], purpose: '核验参保状态后办理就业登记' },
      ],
      outputs: ['employmentRegistrationRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval'],
      identity: [
        { material: 'employmentRegistrationRecord', field: 'workerIdNumber', equals: { source: 'form', field: 'workerIdNumber' } },
        { material: 'employmentRegistrationRecord', field: 'employerName', equals: { source: 'form', field: 'employerName' } },
      ],
    },
    {
      id: 'socialInsuranceEnrollment',
      name: '职工社会保险参保登记',
      department: 'hrss',
      routing: { by: 'field', field: 'insuredDistrict', basis: 'insurance' },
      required: false,
      fields: [...worker, 'insuredDistrict', ...newJob, 'monthlyWageYuan'],
      inputs: [
        { material: 'employmentRegistrationRecord', fields: ['registrationNumber', 'employerName', 'registeredOn'], purpose: '依据就业登记办理职工养老、失业、工伤保险参保登记' },
      ],
      outputs: ['employeeInsuranceRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'medicalInsuranceEnrollment',
      name: '职工基本医疗保险参保登记',
      department: 'medicalInsurance',
      routing: { by: 'field', field: 'insuredDistrict', basis: 'insurance' },
      required: false,
      fields: [...worker, 'insuredDistrict', ...newJob, 'monthlyWageYuan'],
      inputs: [
        { material: 'employmentRegistrationRecord', fields: ['registrationNumber', 'employerName', 'registeredOn'], purpose: '依据就业登记办理职工基本医疗保险参保登记' },
      ],
      outputs: ['employeeMedicalInsuranceRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'housingFundRegistration',
      name: '住房公积金缴存登记',
      department: 'housingFund',
      routing: { by: 'field', field: 'insuredDistrict', basis: 'insurance' },
      required: false,
      fields: [...worker, 'insuredDistrict', 'employerName', 'employerCreditCode', 'monthlyWageYuan'],
      inputs: [
        { material: 'employmentRegistrationRecord', fields: ['registrationNumber', 'employerName', 'registeredOn'], purpose: '依据就业登记设立住房公积金个人账户' },
      ],
      outputs: ['housingFundAccountRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'employmentSubsidy',
      name: '就业补贴（就业困难人员社会保险补贴）',
      department: 'hrss',
      routing: { by: 'field', field: 'insuredDistrict', basis: 'insurance' },
      required: false,
      fields: [...worker, 'insuredDistrict', 'employerName', 'contractType', 'hardshipRecognitionNumber', 'bankAccount', 'bankName'],
      inputs: [
        { material: 'employmentRegistrationRecord', fields: ['registrationNumber', 'employerName', 'registeredOn'], purpose: '核验就业困难人员已实现就业' },
        { material: 'employeeInsuranceRecord', fields: ['enrollmentNumber', 'insuredFrom'], purpose: '按实际参保缴费核定社会保险补贴' },
      ],
      outputs: ['employmentSubsidyDecision'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: true,
      seals: ['approval'],
    },
  ],
  eligibility: [
    { kind: 'districtJoined', field: 'insuredDistrict', message: '参保地所在区尚未开通就业一件事联办，请到参保地人社部门单独办理' },
    {
      kind: 'chosenWhen', items: ['unemploymentRegistration', 'hardshipRecognition', 'unemploymentBenefit'], field: 'employmentStatus', values: ['unemployed'],
      message: '就业状态为「就业」的，不能申请失业登记、就业困难人员认定或失业保险金',
    },
    {
      kind: 'chosenWhen', items: ['employmentRegistration', 'socialInsuranceEnrollment', 'medicalInsuranceEnrollment', 'housingFundRegistration', 'employmentSubsidy'],
      field: 'employmentStatus', values: ['employed'], message: '就业状态为「失业」的，不能申请就业登记、参保缴存登记或就业补贴',
    },
    { kind: 'maxAge', field: 'employmentStartDate', maxDays: 30, message: '录用之日起已超过30日，不适用就业一件事联办，请到人社部门补办就业登记' },
    { kind: 'dateOrder', before: 'separationDate', after: 'employmentStartDate', message: '录用日期早于终止（解除）劳动关系日期，请核对' },
    { kind: 'dateOrder', before: 'workerIdNumber.birthDate', after: 'separationDate', message: '终止（解除）劳动关系日期早于本人出生日期，请核对' },
  ],
  subjects: [
    { role: 'worker', label: '劳动者', source: 'form', idField: 'workerIdNumber' },
  ],
};
