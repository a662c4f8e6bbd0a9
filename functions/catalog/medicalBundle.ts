/**
 * 就医一件事 (lead 医保; research §2.8: a domain of the 总体清单 without national content — the choices below are ours):
 * 异地就医备案 (医保, 参保地; required, 即时办结, may be handled at the 审管办 window under 集中授权) →
 * 医疗费用（手工）报销 (医保, 参保地; optional: expenses elsewhere that were not settled directly, with the hospital's
 * 票据及费用明细 supplied at intake; payment, 会签) → 医疗救助 (民政, 户籍地; optional, for 特困/低保/低边/支出型困难
 * 家庭成员 on the part the fund did not pay; payment, 会签). In Zhejiang the 医疗救助 fund is paid through 医保 after
 * 民政 identifies the 救助对象; the bundle has 民政 decide and pay, as the department list says.
 * Only the 报销 and 救助 departments see the diagnosis (health data, encrypted at rest); 民政 sees the 报销 result.
 * Limits: the whole case 1 working day (the 备案); 报销 10 and 救助 10 working days extend the case's promise to
 * 11 or 21 when chosen (core case.ts). A bill is reimbursed within one year of discharge (our choice; local rules
 * differ). Data only.
 */
import type { Bundle, FieldDef } from '../core/bundle.js';
import { crossRegionMedicalFiling, medicalAssistanceDecision, medicalExpenseInvoice, medicalReimbursementDecision } from './lifeEventMaterialsB.js';

const fields: FieldDef[] = [
  { key: 'insuredName', label: '参保人姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'insuredIdNumber', label: '参保人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'insuredPhone', label: '联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  { key: 'insuredDistrict', label: '参保地所在区', type: 'district', required: true },
  {
    key: 'insuranceType', label: '参保险种', type: 'select', required: true,
    options: [{ value: 'employee', label: '职工基本医疗保险' }, { value: 'resident', label: '城乡居民基本医疗保险' }],
  },
  {
    key: 'filingCategory', label: '备案类型', type: 'select', required: true,
    options: [
      { value: 'longTermResidence', label: '异地长期居住' }, { value: 'workingElsewhere', label: '常驻异地工作' },
      { value: 'referral', label: '异地转诊' }, { value: 'temporary', label: '临时外出就医' },
    ],
  },
  { key: 'destination', label: '就医地（省、市）', type: 'text', required: true, maxLength: 60 },
  { key: 'filingStartDate', label: '备案开始日期', type: 'date', required: true },
  {
    key: 'referralHospital', label: '转入医疗机构', type: 'text', maxLength: 60, sensitivity: 'health',
    requiredWhen: { field: 'filingCategory', equals: 'referral' },
  },
  { key: 'dischargeDate', label: '出院（结算）日期', type: 'date', required: true, notFuture: true },
  { key: 'householdDistrict', label: '户籍所在区', type: 'district', required: true },
  {
    key: 'assistanceCategory', label: '救助对象类别', type: 'select', required: true,
    options: [
      { value: 'extremePoverty', label: '特困人员' }, { value: 'minimumLiving', label: '最低生活保障对象' },
      { value: 'lowIncomeEdge', label: '低保边缘家庭成员' }, { value: 'expenditureHardship', label: '支出型困难家庭成员' },
    ],
  },
  { key: 'bankAccount', label: '收款银行账号', type: 'bankAccount', required: true, sensitivity: 'financial' },
  { key: 'bankName', label: '收款开户银行', type: 'text', required: true, maxLength: 60 },
];

const insured = ['insuredName', 'insuredIdNumber', 'insuredPhone'];
const payee = ['bankAccount', 'bankName'];

export const medicalBundle: Bundle = {
  id: 'medical',
  version: 1,
  name: '就医一件事',
  description: '异地就医备案、医疗费用（手工）报销、医疗救助一次申请、联动办理。',
  leadDepartment: 'medicalInsurance',
  promisedDays: 1,
  fields,
  materials: [crossRegionMedicalFiling, medicalExpenseInvoice, medicalReimbursementDecision, medicalAssistanceDecision],
  intakeMaterials: ['medicalExpenseInvoice'],
  items: [
    {
      id: 'crossRegionFiling',
      name: '异地就医备案',
      department: 'medicalInsurance',
      routing: { by: 'field', field: 'insuredDistrict', basis: 'insurance' },
      required: true,
      fields: [...insured, 'insuredDistrict', 'insuranceType', 'filingCategory', 'destination', 'filingStartDate', 'referralHospital'],
      inputs: [],
      outputs: ['crossRegionMedicalFiling'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
      identity: [
        { material: 'crossRegionMedicalFiling', field: 'category', equals: { source: 'form', field: 'filingCategory' } },
        { material: 'crossRegionMedicalFiling', field: 'destination', equals: { source: 'form', field: 'destination' } },
      ],
    },
    {
      id: 'manualReimbursement',
      name: '医疗费用（手工）报销',
      department: 'medicalInsurance',
      routing: { by: 'field', field: 'insuredDistrict', basis: 'insurance' },
      required: false,
      fields: [...insured, 'insuredDistrict', 'insuranceType', 'dischargeDate', ...payee],
      inputs: [
        { material: 'crossRegionMedicalFiling', fields: ['filingNumber', 'category', 'validFrom'], purpose: '已备案的异地就医费用按参保地规定报销' },
        {
          material: 'medicalExpenseInvoice', fields: ['invoiceNumber', 'hospitalName', 'totalYuan', 'admittedOn', 'dischargedOn', 'diagnosis'],
          purpose: '审核医疗费用票据、明细及诊断，核定基金支付金额',
        },
      ],
      outputs: ['medicalReimbursementDecision'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: true,
      seals: ['approval'],
    },
    {
      id: 'medicalAssistance',
      name: '医疗救助',
      department: 'civilAffairs',
      routing: { by: 'field', field: 'householdDistrict', basis: 'household' },
      required: false,
      fields: [...insured, 'householdDistrict', 'assistanceCategory', ...payee],
      inputs: [
        { material: 'medicalReimbursementDecision', fields: ['decisionNumber', 'eligibleYuan', 'reimbursedYuan'], purpose: '按医保报销后的个人负担部分核定救助金额' },
        { material: 'medicalExpenseInvoice', fields: ['invoiceNumber', 'totalYuan'], purpose: '核对医疗费用总额' },
      ],
      outputs: ['medicalAssistanceDecision'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: true,
      seals: ['approval'],
    },
  ],
  eligibility: [
    { kind: 'districtJoined', field: 'insuredDistrict', message: '参保地所在区尚未开通就医一件事联办，请到参保地医保部门单独办理' },
    { kind: 'maxAge', field: 'dischargeDate', maxDays: 365, message: '出院（结算）之日起已超过一年，不予手工报销，请咨询参保地医保部门' },
    { kind: 'dateOrder', before: 'insuredIdNumber.birthDate', after: 'dischargeDate', message: '出院（结算）日期早于参保人出生日期，请核对' },
  ],
  subjects: [
    { role: 'insured', label: '参保人', source: 'form', idField: 'insuredIdNumber' },
  ],
};
