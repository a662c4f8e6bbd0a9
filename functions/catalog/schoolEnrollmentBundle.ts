/**
 * 教育入学一件事 (2024 第一批; lead 教育, data from 公安, 自然资源/不动产, 人社): "材料非必要不提供、信息非必要不采集" —
 * {户籍核验 (公安), 不动产登记核验 (自然资源和规划), 随迁子女监护人参保核验 (人社, optional)} → 入学资格审核及录取
 * (教育, 入学通知书). Covers 幼升小 and 小升初 (domain research §2.5). Everything is done in the district of the school
 * (就读地): its education bureau admits, and its police, 不动产登记 and 人社 answer the data checks for it.
 *
 * Ask once: the child's 出生医学证明 and 户口登记 are intake materials of the same types the birth bundle issues, so a
 * child born through lianban brings them from the birth case's archive; the form then pre-fills the child's name, sex
 * and birth date and the 户号 from them (`prefill`). The child is the only subject: ask once reads the archives of the
 * application's subjects, and a parent's archive holds every child's birth case — the latest 出生医学证明 there may
 * be a younger sibling's (it names no ID number to tell them apart), so the guardian is not a subject.
 *
 * Choices where the evidence is thin:
 * - Limits in working days: each data check 1 (the research: auto-verified, not uploaded), the review and admission
 *   10 (会签). Promise 15. In practice the result is published on the district's 招生 calendar.
 * - 年满6周岁 by 31 August of the enrolment year (小学): the pre-check refuses a child who will not be six by the next
 *   31 August (eligibility minAge). It also refuses a birth date that is not the ID number's, a child older than 15
 *   (past 义务教育 enrolment ages), a guardian born after the child and a school district that has not joined.
 * - 户籍核验 is a query of the population register the police of the school's district answers, wherever the child is
 *   registered (户籍所在区 may be 本市以外: 随迁子女). The 不动产 check answers 无登记的住房 for renters rather than being
 *   skipped.
 * - The 随迁子女 参保核验 is optional, and the core has no optional inputs (a required item cannot depend on an optional
 *   one), so its result goes to the case and the archive, not to the admission item's inputs.
 * - 集中授权: the three data checks a 审管办 window can do; admission is the education bureau's own.
 * Data only.
 */
import type { Bundle, FieldDef } from '../core/bundle.js';
import {
  admissionNotice,
  householdVerificationResult,
  propertyVerificationResult,
  socialInsuranceVerificationResult,
} from './lifeEventMaterialsA.js';
import { birthMedicalCertificate, householdRegistrationRecord } from './materialTypes.js';

const fields: FieldDef[] = [
  { key: 'childName', label: '儿童姓名', type: 'text', required: true, maxLength: 30, sensitivity: 'minor' },
  { key: 'childIdNumber', label: '儿童公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'childSex', label: '儿童性别', type: 'select', required: true, options: [{ value: 'male', label: '男' }, { value: 'female', label: '女' }] },
  { key: 'childBirthDate', label: '儿童出生日期', type: 'date', required: true, notFuture: true, sensitivity: 'minor' },
  {
    key: 'schoolStage', label: '入学学段', type: 'select', required: true,
    options: [{ value: 'primary', label: '小学一年级（幼升小）' }, { value: 'juniorMiddle', label: '初中一年级（小升初）' }],
  },
  { key: 'enrolmentDistrict', label: '就读学校所在区', type: 'district', required: true },
  { key: 'householdDistrict', label: '儿童户籍所在区', type: 'district', required: true, hint: '户籍不在本市的（随迁子女）选本市以外' },
  { key: 'householdNumber', label: '户号', type: 'text', required: true, maxLength: 20 },
  { key: 'householdAddress', label: '户籍地址', type: 'address', required: true, maxLength: 120 },
  { key: 'residenceAddress', label: '实际居住地址', type: 'address', required: true, maxLength: 120 },
  { key: 'propertyCertificateNumber', label: '不动产权证书号', type: 'text', maxLength: 40, hint: '无住房的可不填' },
  { key: 'guardianName', label: '监护人姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'guardianIdNumber', label: '监护人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  {
    key: 'guardianRelation', label: '监护人与儿童关系', type: 'select', required: true,
    options: [{ value: 'father', label: '父亲' }, { value: 'mother', label: '母亲' }, { value: 'other', label: '其他法定监护人' }],
  },
  { key: 'guardianPhone', label: '监护人联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  { key: 'deliveryMethod', label: '通知书领取方式', type: 'select', required: true, options: [{ value: 'post', label: '邮寄送达' }, { value: 'window', label: '学校领取' }] },
  { key: 'postalRecipient', label: '收件人', type: 'text', maxLength: 30, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalAddress', label: '邮寄地址', type: 'address', maxLength: 120, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalCode', label: '邮政编码', type: 'postalCode', requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
];

const child = ['childName', 'childIdNumber', 'childSex', 'childBirthDate'];
const guardian = ['guardianName', 'guardianIdNumber', 'guardianRelation', 'guardianPhone'];
const delivery = ['deliveryMethod', 'postalRecipient', 'postalAddress', 'postalCode'];

export const schoolEnrollmentBundle: Bundle = {
  id: 'schoolEnrollment',
  version: 1,
  name: '教育入学一件事',
  description: '义务教育入学报名一表申请：户籍、不动产登记和随迁子女监护人参保信息由部门核验共享，出生医学证明和户口登记已有电子证照的无需再交，教育部门审核录取并发放入学通知书。',
  leadDepartment: 'education',
  promisedDays: 15,
  fields,
  materials: [
    birthMedicalCertificate, householdRegistrationRecord, householdVerificationResult, propertyVerificationResult,
    socialInsuranceVerificationResult, admissionNotice,
  ],
  intakeMaterials: ['birthMedicalCertificate', 'householdRegistrationRecord'],
  items: [
    {
      id: 'householdVerification',
      name: '户籍核验',
      department: 'police',
      routing: { by: 'field', field: 'enrolmentDistrict', basis: 'residence' },
      required: true,
      fields: [...child, 'enrolmentDistrict', 'householdDistrict', 'householdNumber', 'householdAddress', 'guardianName', 'guardianIdNumber', 'guardianRelation'],
      inputs: [
        {
          material: 'householdRegistrationRecord',
          fields: ['babyIdNumber', 'babyName', 'householdNumber', 'policeStation', 'registeredOn'],
          purpose: '核验适龄儿童户籍以确定入学学区',
        },
      ],
      outputs: ['householdVerificationResult'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
      identity: [
        { material: 'householdVerificationResult', field: 'householdAddress', equals: { source: 'form', field: 'householdAddress' } },
      ],
    },
    {
      id: 'propertyVerification',
      name: '不动产登记核验',
      department: 'naturalResources',
      routing: { by: 'field', field: 'enrolmentDistrict', basis: 'property' },
      required: true,
      fields: ['childName', 'enrolmentDistrict', 'residenceAddress', 'propertyCertificateNumber', 'guardianName', 'guardianIdNumber'],
      inputs: [],
      outputs: ['propertyVerificationResult'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'socialInsuranceVerification',
      name: '随迁子女监护人参保核验',
      department: 'hrss',
      routing: { by: 'field', field: 'enrolmentDistrict', basis: 'insurance' },
      required: false,
      fields: ['childName', 'enrolmentDistrict', 'householdDistrict', 'guardianName', 'guardianIdNumber', 'guardianRelation'],
      inputs: [],
      outputs: ['socialInsuranceVerificationResult'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'admission',
      name: '入学资格审核及录取',
      department: 'education',
      routing: { by: 'field', field: 'enrolmentDistrict', basis: 'residence' },
      required: true,
      fields: [...child, 'schoolStage', 'enrolmentDistrict', 'householdDistrict', 'residenceAddress', ...guardian, ...delivery],
      inputs: [
        {
          material: 'birthMedicalCertificate',
          fields: ['certificateNumber', 'babyName', 'birthTime', 'motherName', 'fatherName'],
          purpose: '核验儿童出生日期（入学年龄）和监护关系',
        },
        { material: 'householdVerificationResult', fields: ['verificationNumber', 'registeredSince', 'householdAddress'], purpose: '依据户籍确定学区和入学顺位' },
        { material: 'propertyVerificationResult', fields: ['verificationNumber', 'ownership', 'propertyAddress', 'registeredOn'], purpose: '依据学区内住房情况确定入学顺位' },
      ],
      outputs: ['admissionNotice'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: true,
      seals: ['approval'],
      identity: [
        { material: 'admissionNotice', field: 'childName', equals: { source: 'form', field: 'childName' } },
      ],
    },
  ],
  eligibility: [
    { kind: 'districtJoined', field: 'enrolmentDistrict', message: '就读学校所在区尚未开通教育入学一件事联办，请向当地教育部门报名' },
    { kind: 'minAge', field: 'childBirthDate', years: 6, by: '08-31', message: '儿童到今年（或来年）8月31日尚未年满6周岁，不能报名小学入学' },
    { kind: 'maxAge', field: 'childBirthDate', maxDays: 5843, message: '儿童已满16周岁，超过义务教育入学年龄，请到教育部门咨询' },
    { kind: 'dateOrder', before: 'childIdNumber.birthDate', after: 'childBirthDate', message: '儿童出生日期与公民身份号码不符，请核对' },
    { kind: 'dateOrder', before: 'childBirthDate', after: 'childIdNumber.birthDate', message: '儿童出生日期与公民身份号码不符，请核对' },
    { kind: 'dateOrder', before: 'guardianIdNumber.birthDate', after: 'childBirthDate', message: '儿童出生日期早于监护人出生日期，请核对' },
    { kind: 'differ', fields: ['guardianIdNumber', 'childIdNumber'], message: '监护人与儿童的公民身份号码不能相同' },
  ],
  subjects: [
    { role: 'child', label: '儿童', source: 'form', idField: 'childIdNumber' },
  ],
  prefill: [
    { field: 'childName', from: { source: 'birthMedicalCertificate', field: 'babyName' } },
    { field: 'childSex', from: { source: 'birthMedicalCertificate', field: 'babySex' } },
    { field: 'childBirthDate', from: { source: 'birthMedicalCertificate', field: 'birthTime' } },
    { field: 'householdNumber', from: { source: 'householdRegistrationRecord', field: 'householdNumber' } },
  ],
};
