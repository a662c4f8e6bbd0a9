/**
 * 退役军人服务一件事 (2024 新一批; lead 退役军人事务, with 公安, 人社, 医保, 人武部): the 退役军人事务局 accepts the
 * 退役报到 and shares it to every department —
 * 退役报到 (退役军人事务) → 恢复户口 (公安) → 居民身份证 (公安) → {养老保险关系转移接续 (人社), 医疗保险关系转移接续
 * (医保), 社会保障卡申领 (人社)}; 预备役登记 (人武部) and 自主就业一次性经济补助 (退役军人事务) optional.
 * Everything is done at the 安置地 (one district field: 报到, 户口, 参保 and 预备役 all follow it).
 *
 * Choices where the evidence is thin (domain research §2.4 lists the items, not their limits):
 * - Limits in working days: 报到 1, 恢复户口 2, 身份证 1 (受理; 不含制证及邮寄时间), 养老保险接续 10 (the 军地
 *   转移 needs the military's fund transfer), 医保接续 5, 社保卡 2, 预备役登记 3, 经济补助 10 (a payment, 会签).
 *   The promise (15) covers the required path 1 + 2 + 1 + 10 and every optional path.
 * - 报到 within 30 days of 退出现役 (the usual 安置 rule); later reports are handled by the 退役军人事务局 alone.
 * - The 自主就业 补助 is for 自主就业 only, and 党组织关系 must be transferred before it is paid: no eligibility kind
 *   says "only when an optional item is chosen", so the 退役军人事务局 judges both at sign-off (its own seal, 会签).
 *   党(团)组织关系转接 is not a government department's item and is not in the bundle.
 * - 安置方式 variants (Fujian splits by it): one bundle for all; the 安置方式 travels with the 报到 record.
 * - 集中授权: 报到, 恢复户口 and the 社会保险 items are document checks a 审管办 window can do; 身份证 (photo,
 *   fingerprints, 制证), 预备役登记 (人武部, no delegation) and the payment are the departments' own.
 * Data only.
 */
import type { Bundle, FieldDef } from '../core/bundle.js';
import {
  dischargeCertificate,
  householdRestorationRecord,
  independentEmploymentGrantDecision,
  medicalInsuranceTransferRecord,
  pensionTransferRecord,
  placementLetter,
  reserveRegistrationRecord,
  residentIdCard,
  veteranRegistration,
} from './lifeEventMaterialsA.js';
import { socialSecurityCard } from './materialTypes.js';

const placementOptions = [
  { value: 'independent', label: '自主就业' }, { value: 'assigned', label: '安排工作' },
  { value: 'retired', label: '退休' }, { value: 'supported', label: '供养' },
];

const fields: FieldDef[] = [
  { key: 'veteranName', label: '退役军人姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'veteranIdNumber', label: '退役军人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'veteranSex', label: '性别', type: 'select', required: true, options: [{ value: 'male', label: '男' }, { value: 'female', label: '女' }] },
  { key: 'enlistedOn', label: '入伍时间', type: 'date', required: true, notFuture: true },
  { key: 'dischargedOn', label: '退出现役时间', type: 'date', required: true, notFuture: true },
  { key: 'placementType', label: '安置方式', type: 'select', required: true, options: placementOptions },
  { key: 'settlementDistrict', label: '安置地所在区', type: 'district', required: true, hint: '报到、恢复户口、社会保险接续和预备役登记均在安置地办理' },
  { key: 'householdAddress', label: '落户地址', type: 'address', required: true, maxLength: 120 },
  { key: 'householdHeadName', label: '户主姓名', type: 'text', required: true, maxLength: 30 },
  {
    key: 'householdHeadRelation', label: '与户主关系', type: 'select', required: true,
    options: [
      { value: 'self', label: '本人' }, { value: 'spouse', label: '配偶' }, { value: 'son', label: '子' },
      { value: 'daughter', label: '女' }, { value: 'other', label: '其他' },
    ],
  },
  { key: 'veteranPhone', label: '联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  { key: 'deliveryMethod', label: '证件领取方式', type: 'select', required: true, options: [{ value: 'post', label: '邮寄送达' }, { value: 'window', label: '窗口自取' }] },
  { key: 'postalRecipient', label: '收件人', type: 'text', maxLength: 30, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalAddress', label: '邮寄地址', type: 'address', maxLength: 120, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalCode', label: '邮政编码', type: 'postalCode', requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'militarySpecialty', label: '军事专业', type: 'text', required: true, maxLength: 60, hint: '预备役登记用' },
  { key: 'grantBankAccount', label: '补助收款银行账号', type: 'bankAccount', required: true, sensitivity: 'financial' },
  { key: 'grantBankName', label: '收款开户银行', type: 'text', required: true, maxLength: 60 },
];

const delivery = ['deliveryMethod', 'postalRecipient', 'postalAddress', 'postalCode'];
const settlement = { by: 'field', field: 'settlementDistrict', basis: 'household' } as const;
const insurance = { by: 'field', field: 'settlementDistrict', basis: 'insurance' } as const;

export const veteranBundle: Bundle = {
  id: 'veteran',
  version: 1,
  name: '退役军人服务一件事',
  description: '退役报到、恢复户口、居民身份证、养老和医疗保险关系转移接续、社会保障卡申领一次申请，退役军人事务局受理并共享各部门；预备役登记、自主就业一次性经济补助可选。',
  leadDepartment: 'veteranAffairs',
  promisedDays: 15,
  fields,
  materials: [
    dischargeCertificate, placementLetter, veteranRegistration, householdRestorationRecord, residentIdCard,
    pensionTransferRecord, medicalInsuranceTransferRecord, socialSecurityCard, reserveRegistrationRecord, independentEmploymentGrantDecision,
  ],
  intakeMaterials: ['dischargeCertificate', 'placementLetter'],
  items: [
    {
      id: 'veteranReport',
      name: '退役报到',
      department: 'veteranAffairs',
      routing: settlement,
      required: true,
      fields: ['veteranName', 'veteranIdNumber', 'veteranSex', 'enlistedOn', 'dischargedOn', 'placementType', 'settlementDistrict', 'householdAddress', 'veteranPhone'],
      inputs: [
        { material: 'dischargeCertificate', fields: ['certificateNumber', 'dischargedOn', 'issuedBy'], purpose: '核验退出现役身份以办理退役报到' },
        { material: 'placementLetter', fields: ['letterNumber', 'issuedBy', 'issuedOn'], purpose: '核验安置地和安置方式' },
      ],
      outputs: ['veteranRegistration'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
      identity: [
        { material: 'veteranRegistration', field: 'veteranIdNumber', equals: { source: 'form', field: 'veteranIdNumber' } },
        { material: 'veteranRegistration', field: 'veteranName', equals: { source: 'form', field: 'veteranName' } },
        { material: 'veteranRegistration', field: 'placementType', equals: { source: 'form', field: 'placementType' } },
      ],
    },
    {
      id: 'householdRestoration',
      name: '恢复户口登记',
      department: 'police',
      routing: settlement,
      required: true,
      fields: ['veteranName', 'veteranIdNumber', 'veteranSex', 'settlementDistrict', 'householdAddress', 'householdHeadName', 'householdHeadRelation', 'veteranPhone'],
      inputs: [
        { material: 'veteranRegistration', fields: ['registrationNumber', 'veteranIdNumber', 'veteranName', 'reportedOn'], purpose: '凭退役报到登记为退役军人恢复户口' },
        { material: 'dischargeCertificate', fields: ['certificateNumber', 'dischargedOn'], purpose: '核验退出现役时间' },
      ],
      outputs: ['householdRestorationRecord'],
      timeLimitDays: 2,
      warnRemainingDays: 1,
      countersign: false,
      seals: ['approval', 'delegated'],
      identity: [
        { material: 'householdRestorationRecord', field: 'veteranIdNumber', equals: { source: 'veteranRegistration', field: 'veteranIdNumber' } },
      ],
    },
    {
      id: 'idCardApplication',
      name: '居民身份证申领',
      department: 'police',
      routing: settlement,
      required: true,
      fields: ['veteranName', 'veteranIdNumber', 'veteranSex', 'settlementDistrict', 'householdAddress', 'veteranPhone', ...delivery],
      inputs: [
        { material: 'householdRestorationRecord', fields: ['veteranIdNumber', 'householdNumber', 'restoredOn'], purpose: '户口恢复后申领居民身份证' },
      ],
      outputs: ['residentIdCard'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval'],
      identity: [
        { material: 'residentIdCard', field: 'holderIdNumber', equals: { source: 'householdRestorationRecord', field: 'veteranIdNumber' } },
      ],
    },
    {
      id: 'pensionTransfer',
      name: '养老保险关系转移接续',
      department: 'hrss',
      routing: insurance,
      required: true,
      fields: ['veteranName', 'veteranIdNumber', 'enlistedOn', 'dischargedOn', 'settlementDistrict', 'veteranPhone'],
      inputs: [
        { material: 'veteranRegistration', fields: ['registrationNumber', 'placementType'], purpose: '依安置方式接续军地养老保险关系' },
        { material: 'residentIdCard', fields: ['holderIdNumber'], purpose: '以公民身份号码建立养老保险个人账户' },
      ],
      outputs: ['pensionTransferRecord'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'medicalInsuranceTransfer',
      name: '医疗保险关系转移接续',
      department: 'medicalInsurance',
      routing: insurance,
      required: true,
      fields: ['veteranName', 'veteranIdNumber', 'dischargedOn', 'settlementDistrict', 'veteranPhone'],
      inputs: [
        { material: 'veteranRegistration', fields: ['registrationNumber', 'placementType'], purpose: '接续军人退役医疗保险关系' },
        { material: 'residentIdCard', fields: ['holderIdNumber'], purpose: '以公民身份号码办理医保参保接续' },
      ],
      outputs: ['medicalInsuranceTransferRecord'],
      timeLimitDays: 5,
      warnRemainingDays: 1,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'socialSecurityCardApplication',
      name: '社会保障卡申领',
      department: 'hrss',
      routing: insurance,
      required: true,
      fields: ['veteranName', 'veteranIdNumber', 'settlementDistrict', 'veteranPhone', ...delivery],
      inputs: [
        { material: 'residentIdCard', fields: ['holderIdNumber', 'validUntil'], purpose: '以居民身份证信息制发社会保障卡' },
      ],
      outputs: ['socialSecurityCard'],
      timeLimitDays: 2,
      warnRemainingDays: 1,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'reserveRegistration',
      name: '预备役登记',
      department: 'armedForces',
      routing: settlement,
      required: false,
      fields: ['veteranName', 'veteranIdNumber', 'dischargedOn', 'militarySpecialty', 'settlementDistrict', 'veteranPhone'],
      inputs: [
        { material: 'veteranRegistration', fields: ['registrationNumber', 'veteranIdNumber'], purpose: '退役报到后进行预备役登记' },
      ],
      outputs: ['reserveRegistrationRecord'],
      timeLimitDays: 3,
      warnRemainingDays: 1,
      countersign: false,
      seals: ['approval'],
    },
    {
      id: 'independentEmploymentGrant',
      name: '自主就业一次性经济补助',
      department: 'veteranAffairs',
      routing: settlement,
      required: false,
      fields: ['veteranName', 'veteranIdNumber', 'enlistedOn', 'dischargedOn', 'placementType', 'settlementDistrict', 'grantBankAccount', 'grantBankName', 'veteranPhone'],
      inputs: [
        { material: 'veteranRegistration', fields: ['registrationNumber', 'placementType'], purpose: '核验自主就业安置方式以发放地方一次性经济补助' },
      ],
      outputs: ['independentEmploymentGrantDecision'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: true,
      seals: ['approval'],
    },
  ],
  eligibility: [
    { kind: 'maxAge', field: 'dischargedOn', maxDays: 30, message: '退出现役已超过30日，不适用退役军人服务一件事联办，请到安置地退役军人事务局单独办理' },
    { kind: 'dateOrder', before: 'enlistedOn', after: 'dischargedOn', message: '退出现役时间早于入伍时间，请核对' },
    { kind: 'dateOrder', before: 'veteranIdNumber.birthDate', after: 'enlistedOn', message: '入伍时间早于出生日期，请核对' },
    { kind: 'districtJoined', field: 'settlementDistrict', message: '安置地所在区尚未开通退役军人服务一件事联办，请到安置地单独办理' },
  ],
  subjects: [
    { role: 'veteran', label: '退役军人', source: 'form', idField: 'veteranIdNumber' },
  ],
};
