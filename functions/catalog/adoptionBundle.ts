/**
 * 收养一件事 (lead 民政; research §2.7: no national bundle, built from its two sub-items):
 * 收养登记 (民政, 收养登记机关: 被收养人常住户口所在地, or the 社会福利机构's district; issuing the 收养登记证) →
 * 收养落户 (公安, the adopter's 户籍地; the 户口簿 page posted or collected). The police side differs by the child's age:
 * - under six: the 派出所 registers the child (or moves an already registered child) on the spot — 1 working day;
 * - six or older: 人像、指纹、DNA are collected and the 设区市公安机关 approves within 15 working days.
 * The item limits are the item's own, so the two are two optional police items with their own limit and record
 * (a material type has one producer); the window chooses the one of `childAgeGroup`. The whole case's promise is
 * by that select (`promisedDaysBy`): 21 working days under six, 35 from six. The police items are optional also
 * because a child already in the adopter's 户 (继父母收养) needs no 落户. The pre-check refuses 未满6周岁 for a child
 * whose birth date says six or older (2191 days; a day's leeway at the birthday) and a police item of the other age
 * group (eligibility chosenWhen).
 * 收养登记: "自次日起30日内进行审查" (中国公民收养子女登记办法) — we take 20 working days, the department's own
 * judgement (approval only, 不集中授权). Conditions the form cannot express (收养人年满三十周岁, 无子女或只有一名子女,
 * 有抚养能力) are checked by 民政 at 收养登记; 无配偶者收养异性子女 likewise.
 * Materials: the adopter's 户口簿 (`householdBook`, the same 入户方户口簿 as the birth bundle's), the 身体健康检查证明
 * and the 送养意见（送养协议）are supplied at intake; 婚姻状况 is 民政's own record (not asked). Data only.
 */
import type { Bundle, FieldDef } from '../core/bundle.js';
import { householdBook } from './materialTypes.js';
import {
  adoptedChildHouseholdApproval,
  adoptedChildHouseholdRecord,
  adoptionCertificate,
  adoptionConsent,
  adopterMedicalExamination,
} from './lifeEventMaterialsB.js';

const fields: FieldDef[] = [
  { key: 'adopterName', label: '收养人姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'adopterIdNumber', label: '收养人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'adopterPhone', label: '收养人联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  { key: 'adopterSpouseName', label: '收养人配偶姓名', type: 'text', maxLength: 30, hint: '有配偶者收养，须夫妻共同收养' },
  { key: 'adopterSpouseIdNumber', label: '收养人配偶公民身份号码', type: 'idNumber', sensitivity: 'idNumber' },
  { key: 'adopterHouseholdDistrict', label: '收养人户籍所在区', type: 'district', required: true },
  { key: 'adopterHouseholdAddress', label: '收养人户籍地址', type: 'address', required: true, maxLength: 120 },
  { key: 'childName', label: '被收养人姓名', type: 'text', required: true, maxLength: 30, sensitivity: 'minor' },
  { key: 'childSex', label: '被收养人性别', type: 'select', required: true, options: [{ value: 'male', label: '男' }, { value: 'female', label: '女' }] },
  { key: 'childBirthDate', label: '被收养人出生日期', type: 'date', required: true, notFuture: true, sensitivity: 'minor' },
  {
    key: 'childAgeGroup', label: '被收养人年龄', type: 'select', required: true,
    options: [{ value: 'under6', label: '未满6周岁（当场落户）' }, { value: 'over6', label: '已满6周岁（报设区市公安机关审批）' }],
  },
  { key: 'childIdNumber', label: '被收养人公民身份号码', type: 'idNumber', sensitivity: 'idNumber', hint: '已登记户口的填写，落户按迁移办理' },
  {
    key: 'placingParty', label: '送养方', type: 'select', required: true,
    options: [{ value: 'institution', label: '社会福利机构' }, { value: 'parents', label: '生父母' }, { value: 'guardian', label: '监护人' }],
  },
  { key: 'registrationDistrict', label: '收养登记机关所在区', type: 'district', required: true, hint: '被收养人常住户口所在地；社会福利机构抚养的，为机构所在地' },
  { key: 'deliveryMethod', label: '户口簿领取方式', type: 'select', required: true, options: [{ value: 'post', label: '邮寄送达' }, { value: 'window', label: '窗口自取' }] },
  { key: 'postalRecipient', label: '收件人', type: 'text', maxLength: 30, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalAddress', label: '邮寄地址', type: 'address', maxLength: 120, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalCode', label: '邮政编码', type: 'postalCode', requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
];

const adopter = ['adopterName', 'adopterIdNumber', 'adopterPhone'];
const child = ['childName', 'childSex', 'childBirthDate', 'childIdNumber'];
const delivery = ['deliveryMethod', 'postalRecipient', 'postalAddress', 'postalCode'];
const household = ['adopterHouseholdDistrict', 'adopterHouseholdAddress'];
const policeInputs = [
  {
    material: 'adoptionCertificate', fields: ['certificateNumber', 'adopterName', 'childName', 'childSex', 'childBirthDate', 'registeredOn'],
    purpose: '凭收养登记证为被收养人办理户口登记或迁移',
  },
  { material: 'householdBook', fields: ['householdNumber', 'householdHeadName', 'address'], purpose: '核验收养人户口（入户方）' },
];
const policeIdentity = (output: string) => [
  { material: output, field: 'childName', equals: { source: 'adoptionCertificate', field: 'childName' } },
];

export const adoptionBundle: Bundle = {
  id: 'adoption',
  version: 1,
  name: '收养一件事',
  description: '收养登记、被收养人户口登记（迁移）一次申请、联动办理。',
  leadDepartment: 'civilAffairs',
  promisedDays: 21,
  promisedDaysBy: { field: 'childAgeGroup', days: { under6: 21, over6: 35 } },
  fields,
  materials: [householdBook, adopterMedicalExamination, adoptionConsent, adoptionCertificate, adoptedChildHouseholdRecord, adoptedChildHouseholdApproval],
  intakeMaterials: ['householdBook', 'adopterMedicalExamination', 'adoptionConsent'],
  items: [
    {
      id: 'adoptionRegistration',
      name: '收养登记',
      department: 'civilAffairs',
      routing: { by: 'field', field: 'registrationDistrict', basis: 'household' },
      required: true,
      fields: [...adopter, 'adopterSpouseName', 'adopterSpouseIdNumber', ...household, ...child, 'childAgeGroup', 'placingParty', 'registrationDistrict'],
      inputs: [
        { material: 'householdBook', fields: ['householdNumber', 'householdHeadName', 'address'], purpose: '核验收养人户口' },
        { material: 'adopterMedicalExamination', fields: ['hospitalName', 'conclusion', 'examinedOn'], purpose: '依据《民法典》第一千零九十八条审查收养人身体状况' },
        { material: 'adoptionConsent', fields: ['consentType', 'placingPartyName', 'signedOn'], purpose: '审查送养人的送养意见' },
      ],
      outputs: ['adoptionCertificate'],
      timeLimitDays: 20,
      warnRemainingDays: 3,
      countersign: true,
      seals: ['approval'],
      identity: [
        { material: 'adoptionCertificate', field: 'adopterName', equals: { source: 'form', field: 'adopterName' } },
        { material: 'adoptionCertificate', field: 'adopterIdNumber', equals: { source: 'form', field: 'adopterIdNumber' } },
        { material: 'adoptionCertificate', field: 'childName', equals: { source: 'form', field: 'childName' } },
        { material: 'adoptionCertificate', field: 'childSex', equals: { source: 'form', field: 'childSex' } },
        { material: 'adoptionCertificate', field: 'childBirthDate', equals: { source: 'form', field: 'childBirthDate' } },
      ],
    },
    {
      id: 'householdRegistration',
      name: '收养落户（未满6周岁）',
      department: 'police',
      routing: { by: 'field', field: 'adopterHouseholdDistrict', basis: 'household' },
      required: false,
      fields: [...adopter, ...household, ...child, 'childAgeGroup', ...delivery],
      inputs: policeInputs,
      outputs: ['adoptedChildHouseholdRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
      identity: policeIdentity('adoptedChildHouseholdRecord'),
    },
    {
      id: 'householdRegistrationOver6',
      name: '收养落户（已满6周岁，设区市公安机关审批）',
      department: 'police',
      routing: { by: 'field', field: 'adopterHouseholdDistrict', basis: 'household' },
      required: false,
      fields: [...adopter, ...household, ...child, 'childAgeGroup', ...delivery],
      inputs: policeInputs,
      outputs: ['adoptedChildHouseholdApproval'],
      timeLimitDays: 15,
      warnRemainingDays: 3,
      countersign: true,
      seals: ['approval'],
      identity: policeIdentity('adoptedChildHouseholdApproval'),
    },
  ],
  eligibility: [
    { kind: 'differ', fields: ['adopterIdNumber', 'adopterSpouseIdNumber'], message: '收养人配偶的公民身份号码不能与收养人相同' },
    { kind: 'differ', fields: ['adopterIdNumber', 'childIdNumber'], message: '被收养人的公民身份号码不能与收养人相同' },
    { kind: 'differ', fields: ['adopterSpouseIdNumber', 'childIdNumber'], message: '被收养人的公民身份号码不能与收养人配偶相同' },
    { kind: 'dateOrder', before: 'adopterIdNumber.birthDate', after: 'childBirthDate', message: '被收养人出生日期早于收养人出生日期，请核对' },
    {
      kind: 'anyOf',
      message: '被收养人已满6周岁，「被收养人年龄」应选择「已满6周岁」，落户须报设区市公安机关审批',
      rules: [
        { kind: 'oneOf', field: 'childAgeGroup', values: ['over6'], message: '已满6周岁' },
        { kind: 'maxAge', field: 'childBirthDate', maxDays: 2191, message: '未满6周岁' },
      ],
    },
    { kind: 'chosenWhen', items: ['householdRegistration'], field: 'childAgeGroup', values: ['under6'], message: '被收养人已满6周岁的，落户须选择「收养落户（已满6周岁，报设区市公安机关审批）」' },
    { kind: 'chosenWhen', items: ['householdRegistrationOver6'], field: 'childAgeGroup', values: ['over6'], message: '被收养人未满6周岁的，落户须选择「收养落户（未满6周岁）」' },
    { kind: 'districtJoined', field: 'registrationDistrict', message: '收养登记机关所在区尚未开通收养一件事联办，请到收养登记机关单独办理' },
  ],
  subjects: [
    { role: 'adopter', label: '收养人', source: 'form', idField: 'adopterIdNumber' },
    { role: 'adopterSpouse', label: '收养人配偶', source: 'form', idField: 'adopterSpouseIdNumber' },
    { role: 'child', label: '被收养人', source: 'adoptedChildHouseholdRecord', idField: 'childIdNumber' },
    { role: 'childOver6', label: '被收养人（已满6周岁）', source: 'adoptedChildHouseholdApproval', idField: 'childIdNumber' },
  ],
};
