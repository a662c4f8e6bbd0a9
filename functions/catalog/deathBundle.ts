/**
 * 个人身后一件事 (2025 第一批): 居民死亡医学证明 (卫健, 死亡地) → {火化证明 (民政/殡仪馆, 死亡地),
 * 户口注销 (公安, 户籍地)} → {养老保险待遇 (人社, 参保地), 医保个人账户 (医保, 参保地),
 * 住房公积金提取 (公积金, 受理地; optional)}. A death in 海曙 of a person registered in 鄞州 and
 * insured in 江北 sends each sub-task to its own district. Data only.
 */
import type { Bundle, FieldDef } from '../core/bundle.js';
import {
  cremationCertificate,
  deathMedicalCertificate,
  householdCancellationRecord,
  housingFundDecision,
  medicalAccountDecision,
  pensionSettlementDecision,
} from './materialTypes.js';

const fields: FieldDef[] = [
  { key: 'deceasedName', label: '逝者姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'deceasedIdNumber', label: '逝者公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'deceasedSex', label: '逝者性别', type: 'select', required: true, options: [{ value: 'male', label: '男' }, { value: 'female', label: '女' }] },
  { key: 'deathTime', label: '死亡时间', type: 'datetime', required: true, notFuture: true },
  { key: 'deathPlace', label: '死亡地点', type: 'address', required: true, maxLength: 120 },
  { key: 'deathDistrict', label: '死亡地所在区', type: 'district', required: true },
  {
    key: 'deathCategory', label: '死亡类型', type: 'select', required: true,
    options: [{ value: 'normal', label: '正常死亡' }, { value: 'abnormal', label: '非正常死亡' }],
  },
  { key: 'deathCause', label: '死亡原因', type: 'text', required: true, maxLength: 200, sensitivity: 'health', hint: '仅出具死亡医学证明的机构可见' },
  { key: 'householdDistrict', label: '逝者户籍所在区', type: 'district', required: true },
  { key: 'householdAddress', label: '逝者户籍地址', type: 'address', required: true, maxLength: 120 },
  { key: 'insuredDistrict', label: '逝者参保地所在区', type: 'district', required: true },
  {
    key: 'pensionInsuranceType', label: '养老保险类型', type: 'select', required: true,
    options: [{ value: 'employee', label: '企业职工基本养老保险' }, { value: 'resident', label: '城乡居民基本养老保险' }, { value: 'public', label: '机关事业单位养老保险' }],
  },
  { key: 'housingFundAccount', label: '逝者公积金账号', type: 'text', required: true, maxLength: 30 },
  { key: 'applicantName', label: '申请人姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'applicantIdNumber', label: '申请人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  {
    key: 'applicantRelation', label: '申请人与逝者关系', type: 'select', required: true,
    options: [
      { value: 'spouse', label: '配偶' }, { value: 'child', label: '子女' }, { value: 'parent', label: '父母' },
      { value: 'sibling', label: '兄弟姐妹' }, { value: 'grandparent', label: '祖父母、外祖父母' }, { value: 'grandchild', label: '孙子女、外孙子女' },
    ],
  },
  { key: 'applicantPhone', label: '申请人联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  { key: 'heirBankAccount', label: '收款银行账号', type: 'bankAccount', required: true, sensitivity: 'financial' },
  { key: 'heirBankName', label: '收款开户银行', type: 'text', required: true, maxLength: 60 },
];

const applicant = ['applicantName', 'applicantIdNumber', 'applicantRelation', 'applicantPhone'];

export const deathBundle: Bundle = {
  id: 'death',
  version: 1,
  name: '个人身后一件事',
  description: '死亡医学证明、火化证明、户口注销、养老保险待遇、医保个人账户、住房公积金提取一次申请、联动办理。',
  leadDepartment: 'civilAffairs',
  promisedDays: 15,
  fields,
  materials: [
    deathMedicalCertificate, cremationCertificate, householdCancellationRecord,
    pensionSettlementDecision, medicalAccountDecision, housingFundDecision,
  ],
  intakeMaterials: [],
  items: [
    {
      id: 'deathCertificate',
      name: '居民死亡医学证明',
      department: 'health',
      routing: { by: 'field', field: 'deathDistrict', basis: 'death' },
      required: true,
      fields: ['deceasedName', 'deceasedIdNumber', 'deceasedSex', 'deathTime', 'deathPlace', 'deathDistrict', 'deathCategory', 'deathCause', ...applicant],
      inputs: [],
      outputs: ['deathMedicalCertificate'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval'],
      identity: [
        { material: 'deathMedicalCertificate', field: 'deceasedName', equals: { source: 'form', field: 'deceasedName' } },
        { material: 'deathMedicalCertificate', field: 'deceasedIdNumber', equals: { source: 'form', field: 'deceasedIdNumber' } },
        { material: 'deathMedicalCertificate', field: 'deathTime', equals: { source: 'form', field: 'deathTime' } },
      ],
    },
    {
      id: 'cremation',
      name: '遗体火化（火化证明）',
      department: 'civilAffairs',
      routing: { by: 'field', field: 'deathDistrict', basis: 'death' },
      required: true,
      fields: ['deceasedName', 'deceasedSex', 'deathDistrict', ...applicant],
      inputs: [
        { material: 'deathMedicalCertificate', fields: ['certificateNumber', 'deceasedName', 'deceasedIdNumber', 'deathTime'], purpose: '凭死亡医学证明办理遗体火化' },
      ],
      outputs: ['cremationCertificate'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval'],
    },
    {
      id: 'householdCancellation',
      name: '户口注销',
      department: 'police',
      routing: { by: 'field', field: 'householdDistrict', basis: 'household' },
      required: true,
      fields: ['deceasedName', 'deceasedIdNumber', 'householdDistrict', 'householdAddress', ...applicant],
      inputs: [
        {
          material: 'deathMedicalCertificate',
          fields: ['certificateNumber', 'deceasedName', 'deceasedIdNumber', 'deathTime', 'issuedBy'],
          purpose: '依据《户口登记条例》第八条办理死亡注销户口',
        },
      ],
      outputs: ['householdCancellationRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval'],
      identity: [
        { material: 'householdCancellationRecord', field: 'deceasedIdNumber', equals: { source: 'form', field: 'deceasedIdNumber' } },
      ],
    },
    {
      id: 'pensionSettlement',
      name: '养老保险待遇（丧葬补助金、抚恤金、个人账户余额）',
      department: 'hrss',
      routing: { by: 'field', field: 'insuredDistrict', basis: 'insurance' },
      required: true,
      fields: ['deceasedName', 'deceasedIdNumber', 'insuredDistrict', 'pensionInsuranceType', ...applicant, 'heirBankAccount', 'heirBankName'],
      inputs: [
        { material: 'deathMedicalCertificate', fields: ['certificateNumber', 'deceasedIdNumber', 'deathTime'], purpose: '确认死亡时间以停发养老金并核定丧葬补助金、抚恤金' },
        { material: 'cremationCertificate', fields: ['certificateNumber', 'crematedOn'], purpose: '核定丧葬补助金' },
        { material: 'householdCancellationRecord', fields: ['cancelledOn'], purpose: '确认户口已注销' },
      ],
      outputs: ['pensionSettlementDecision'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: true,
      seals: ['approval'],
    },
    {
      id: 'medicalAccountSettlement',
      name: '医保停保及个人账户一次性支取',
      department: 'medicalInsurance',
      routing: { by: 'field', field: 'insuredDistrict', basis: 'insurance' },
      required: true,
      fields: ['deceasedName', 'deceasedIdNumber', 'insuredDistrict', ...applicant, 'heirBankAccount', 'heirBankName'],
      inputs: [
        { material: 'deathMedicalCertificate', fields: ['certificateNumber', 'deceasedIdNumber', 'deathTime'], purpose: '确认死亡时间以停保并结算个人账户' },
        { material: 'householdCancellationRecord', fields: ['cancelledOn'], purpose: '确认户口已注销' },
      ],
      outputs: ['medicalAccountDecision'],
      timeLimitDays: 5,
      warnRemainingDays: 1,
      countersign: true,
      seals: ['approval'],
    },
    {
      id: 'housingFundWithdrawal',
      name: '住房公积金提取（死亡）',
      department: 'housingFund',
      routing: { by: 'accepting' },
      required: false,
      fields: ['deceasedName', 'deceasedIdNumber', 'housingFundAccount', ...applicant, 'heirBankAccount', 'heirBankName'],
      inputs: [
        { material: 'deathMedicalCertificate', fields: ['certificateNumber', 'deceasedIdNumber'], purpose: '确认职工死亡以办理公积金提取' },
        { material: 'householdCancellationRecord', fields: ['cancelledOn'], purpose: '确认户口已注销' },
      ],
      outputs: ['housingFundDecision'],
      timeLimitDays: 5,
      warnRemainingDays: 1,
      countersign: true,
      seals: ['approval', 'delegated'],
    },
  ],
  eligibility: [
    { kind: 'oneOf', field: 'deathCategory', values: ['normal'], message: '非正常死亡的，死亡证明由公安机关出具，请先到公安机关办理' },
    { kind: 'maxAge', field: 'deathTime', maxDays: 180, message: '死亡时间已超过180天，不适用身后一件事联办，请到各部门单独办理' },
    { kind: 'differ', fields: ['deceasedIdNumber', 'applicantIdNumber'], message: '申请人不能是逝者本人' },
    { kind: 'dateOrder', before: 'deceasedIdNumber.birthDate', after: 'deathTime', message: '死亡时间早于逝者出生日期，请核对' },
    { kind: 'districtJoined', field: 'deathDistrict', message: '死亡地所在区尚未开通身后一件事联办，请到死亡地单独办理' },
  ],
  subjects: [
    { role: 'deceased', label: '逝者', source: 'form', idField: 'deceasedIdNumber' },
    { role: 'applicant', label: '申请人', source: 'form', idField: 'applicantIdNumber' },
  ],
};
