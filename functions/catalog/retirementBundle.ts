/**
 * 退休一件事 (2024 第一批; lead 人社, with 医保, 公积金): 退休审批及基本养老金核定 (人社, 参保地) → {医保退休人员待遇
 * 核定 (医保, 参保地), 住房公积金个人账户封存 → 住房公积金提取（退休） (公积金)}. The 退休核准表 (退休时间, 退休人员
 * 标识) is what 人社 pushes to 医保 and 公积金 (domain research §2.3).
 *
 * Choices where the evidence is thin (§2.3 is marked unverified):
 * - Limits in working days: 退休审批 10 (审档 and 待遇核定, 会签), 医保核定 1 (即时办结 in the one guide found),
 *   公积金封存 1, 公积金提取 3 (a payment, 会签). The promise (15) covers 10 + 1 and the optional 10 + 1 + 3.
 * - 公积金 items are optional (not every retiree has an account); choosing 提取 brings 封存 with it. 公积金 is a
 *   city-wide centre: its items go to the branch of the accepting district, as in 身后一件事.
 * - 法定退休年龄 (渐进式延迟退休) and the ≥15 years of contributions, 医保 男30/女25 years, are the departments'
 *   judgement at sign-off: no eligibility kind states a minimum age. The pre-check refuses a retirement date
 *   more than a year past (补办) and a district that has not joined.
 * - 社保卡 and the yearly 资格认证 are follow-ups, not items.
 * - 集中授权: 医保核定 and 公积金封存 are record updates a 审管办 window can do; 退休审批 and the payment are not.
 * Data only.
 */
import type { Bundle, FieldDef } from '../core/bundle.js';
import { housingFundRetirementWithdrawal, housingFundSealingRecord, medicalRetireeBenefitDecision, retirementApprovalForm } from './lifeEventMaterialsA.js';

const fields: FieldDef[] = [
  { key: 'retireeName', label: '申请人姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'retireeIdNumber', label: '申请人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'retireeSex', label: '性别', type: 'select', required: true, options: [{ value: 'male', label: '男' }, { value: 'female', label: '女' }] },
  { key: 'retireePhone', label: '联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  { key: 'insuredDistrict', label: '参保地所在区', type: 'district', required: true },
  {
    key: 'employmentCategory', label: '参保身份', type: 'select', required: true,
    options: [{ value: 'employee', label: '企业职工（单位申报）' }, { value: 'flexible', label: '灵活就业人员（个人申报）' }],
  },
  { key: 'employerName', label: '单位名称', type: 'text', maxLength: 100, requiredWhen: { field: 'employmentCategory', equals: 'employee' } },
  { key: 'employerCreditCode', label: '单位统一社会信用代码', type: 'creditCode', requiredWhen: { field: 'employmentCategory', equals: 'employee' } },
  {
    key: 'retirementType', label: '退休类型', type: 'select', required: true,
    options: [{ value: 'normal', label: '正常退休' }, { value: 'early', label: '提前退休（特殊工种、因病）' }],
  },
  { key: 'retirementDate', label: '申请退休时间', type: 'date', required: true, hint: '达到法定退休年龄或弹性退休的时间' },
  { key: 'housingFundAccount', label: '住房公积金个人账号', type: 'text', required: true, maxLength: 30 },
  { key: 'withdrawalBankAccount', label: '提取收款银行账号', type: 'bankAccount', required: true, sensitivity: 'financial', hint: '本人I类银行账户' },
  { key: 'withdrawalBankName', label: '收款开户银行', type: 'text', required: true, maxLength: 60 },
];

const insured = { by: 'field', field: 'insuredDistrict', basis: 'insurance' } as const;

export const retirementBundle: Bundle = {
  id: 'retirement',
  version: 1,
  name: '退休一件事',
  description: '退休审批及基本养老金核定、医保退休人员待遇核定、住房公积金封存和退休提取一次申请、联动办理。',
  leadDepartment: 'hrss',
  promisedDays: 15,
  fields,
  materials: [retirementApprovalForm, medicalRetireeBenefitDecision, housingFundSealingRecord, housingFundRetirementWithdrawal],
  intakeMaterials: [],
  items: [
    {
      id: 'retirementApproval',
      name: '退休审批及基本养老金核定',
      department: 'hrss',
      routing: insured,
      required: true,
      fields: [
        'retireeName', 'retireeIdNumber', 'retireeSex', 'insuredDistrict', 'employmentCategory', 'employerName', 'employerCreditCode',
        'retirementType', 'retirementDate', 'retireePhone',
      ],
      inputs: [],
      outputs: ['retirementApprovalForm'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: true,
      seals: ['approval'],
      identity: [
        { material: 'retirementApprovalForm', field: 'retireeIdNumber', equals: { source: 'form', field: 'retireeIdNumber' } },
      ],
    },
    {
      id: 'medicalRetireeBenefit',
      name: '医保退休人员待遇核定',
      department: 'medicalInsurance',
      routing: insured,
      required: true,
      fields: ['retireeName', 'retireeIdNumber', 'insuredDistrict', 'retireePhone'],
      inputs: [
        { material: 'retirementApprovalForm', fields: ['approvalNumber', 'retireeIdNumber', 'retirementDate'], purpose: '依据退休核准表核定医保退休人员待遇' },
      ],
      outputs: ['medicalRetireeBenefitDecision'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'housingFundSealing',
      name: '住房公积金个人账户封存',
      department: 'housingFund',
      routing: { by: 'accepting' },
      required: false,
      fields: ['retireeName', 'retireeIdNumber', 'housingFundAccount', 'retireePhone'],
      inputs: [
        { material: 'retirementApprovalForm', fields: ['approvalNumber', 'retirementDate'], purpose: '依据退休时间和退休人员标识封存公积金个人账户' },
      ],
      outputs: ['housingFundSealingRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'housingFundRetirementWithdrawal',
      name: '住房公积金提取（退休）',
      department: 'housingFund',
      routing: { by: 'accepting' },
      required: false,
      fields: ['retireeName', 'retireeIdNumber', 'housingFundAccount', 'withdrawalBankAccount', 'withdrawalBankName', 'retireePhone'],
      inputs: [
        { material: 'retirementApprovalForm', fields: ['approvalNumber', 'retirementDate'], purpose: '确认已办理退休以办理公积金退休提取' },
        { material: 'housingFundSealingRecord', fields: ['sealingNumber', 'sealedOn'], purpose: '确认个人账户已封存' },
      ],
      outputs: ['housingFundRetirementWithdrawal'],
      timeLimitDays: 3,
      warnRemainingDays: 1,
      countersign: true,
      seals: ['approval'],
    },
  ],
  eligibility: [
    { kind: 'districtJoined', field: 'insuredDistrict', message: '参保地所在区尚未开通退休一件事联办，请到参保地人社部门单独办理' },
    { kind: 'maxAge', field: 'retirementDate', maxDays: 365, message: '申请退休时间已超过一年，属补办退休，请到参保地人社部门单独办理' },
    { kind: 'dateOrder', before: 'retireeIdNumber.birthDate', after: 'retirementDate', message: '申请退休时间早于出生日期，请核对' },
  ],
  subjects: [
    { role: 'retiree', label: '退休人员', source: 'form', idField: 'retireeIdNumber' },
  ],
};
