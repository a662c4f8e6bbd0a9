/**
 * 新生儿出生一件事 (2024 第一批; lead 卫健, with 公安, 人社, 医保, 疾控):
 * 出生医学证明 (助产机构) → 户口登记 (公安, 落户地) → {城乡居民医保参保登记 (医保), 社保卡申领 (人社)};
 * 预防接种证 (疾控, 居住地) independent; 生育医疗费用报销 (医保, 母亲参保地) optional.
 * Time limits exclude card making and post (不含制证及邮寄时间). Data only.
 */
import type { Bundle, FieldDef } from '../core/bundle.js';
import {
  birthMedicalCertificate,
  householdBook,
  householdRegistrationRecord,
  marriageCertificate,
  maternityReimbursementDecision,
  medicalInsuranceRecord,
  socialSecurityCard,
  vaccinationRecord,
} from './materialTypes.js';

const fields: FieldDef[] = [
  { key: 'babyName', label: '新生儿姓名', type: 'text', required: true, maxLength: 30, sensitivity: 'minor' },
  { key: 'babySex', label: '新生儿性别', type: 'select', required: true, options: [{ value: 'male', label: '男' }, { value: 'female', label: '女' }] },
  { key: 'babyBirthTime', label: '出生时间', type: 'datetime', required: true, notFuture: true, sensitivity: 'minor' },
  { key: 'babyBirthPlace', label: '出生地点', type: 'address', required: true, maxLength: 120 },
  { key: 'birthHospital', label: '助产机构', type: 'department', departmentKind: 'hospital', required: true },
  { key: 'babyWeightGrams', label: '出生体重（克）', type: 'integer', required: true, min: 300, max: 8000, sensitivity: 'health' },
  { key: 'fatherName', label: '父亲姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'fatherIdNumber', label: '父亲公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'fatherHouseholdDistrict', label: '父亲户籍所在区', type: 'district', required: true },
  { key: 'motherName', label: '母亲姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'motherIdNumber', label: '母亲公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'motherHouseholdDistrict', label: '母亲户籍所在区', type: 'district', required: true },
  {
    key: 'marriageStatus', label: '父母婚姻状况', type: 'select', required: true,
    options: [{ value: 'married', label: '已婚' }, { value: 'unmarried', label: '未婚' }, { value: 'other', label: '其他' }],
  },
  { key: 'registerWith', label: '入户方式', type: 'select', required: true, options: [{ value: 'father', label: '随父入户' }, { value: 'mother', label: '随母入户' }] },
  { key: 'householdDistrict', label: '落户地所在区', type: 'district', required: true, hint: '入户方（父亲或母亲）的户籍所在区' },
  { key: 'householdHeadName', label: '户主姓名', type: 'text', required: true, maxLength: 30 },
  {
    key: 'householdHeadRelation', label: '新生儿与户主关系', type: 'select', required: true,
    options: [
      { value: 'son', label: '子' }, { value: 'daughter', label: '女' }, { value: 'grandson', label: '孙子' },
      { value: 'granddaughter', label: '孙女' }, { value: 'other', label: '其他' },
    ],
  },
  { key: 'householdAddress', label: '户籍地址', type: 'address', required: true, maxLength: 120 },
  { key: 'residenceDistrict', label: '现居住地所在区', type: 'district', required: true, hint: '预防接种在居住地接种单位办理' },
  { key: 'residenceAddress', label: '现居住地址', type: 'address', required: true, maxLength: 120 },
  { key: 'applicantPhone', label: '联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  { key: 'deliveryMethod', label: '证件领取方式', type: 'select', required: true, options: [{ value: 'post', label: '邮寄送达' }, { value: 'window', label: '窗口自取' }] },
  { key: 'postalRecipient', label: '收件人', type: 'text', maxLength: 30, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalAddress', label: '邮寄地址', type: 'address', maxLength: 120, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalCode', label: '邮政编码', type: 'postalCode', requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'motherInsuredDistrict', label: '母亲参保地所在区', type: 'district', required: true },
  { key: 'motherBankAccount', label: '母亲银行账号', type: 'bankAccount', required: true, sensitivity: 'financial', hint: '生育医疗费用报销款打入此账户' },
  { key: 'motherBankName', label: '开户银行', type: 'text', required: true, maxLength: 60 },
];

const delivery = ['deliveryMethod', 'postalRecipient', 'postalAddress', 'postalCode'];

export const birthBundle: Bundle = {
  id: 'birth',
  version: 1,
  name: '新生儿出生一件事',
  description: '出生医学证明、户口登记、城乡居民医保参保登记、社会保障卡申领、预防接种证一次申请、一窗受理、联动办理。',
  leadDepartment: 'health',
  promisedDays: 5,
  fields,
  materials: [
    marriageCertificate, householdBook, birthMedicalCertificate, householdRegistrationRecord,
    medicalInsuranceRecord, socialSecurityCard, vaccinationRecord, maternityReimbursementDecision,
  ],
  intakeMaterials: ['marriageCertificate', 'householdBook'],
  items: [
    {
      id: 'birthCertificate',
      name: '出生医学证明',
      department: 'hospital',
      routing: { by: 'departmentField', field: 'birthHospital' },
      required: true,
      fields: ['babyName', 'babySex', 'babyBirthTime', 'babyBirthPlace', 'birthHospital', 'babyWeightGrams', 'fatherName', 'fatherIdNumber', 'motherName', 'motherIdNumber'],
      inputs: [],
      outputs: ['birthMedicalCertificate'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
    },
    {
      id: 'householdRegistration',
      name: '户口登记（出生登记）',
      department: 'police',
      routing: { by: 'field', field: 'householdDistrict', basis: 'household' },
      required: true,
      fields: [
        'babyName', 'babySex', 'fatherName', 'fatherIdNumber', 'fatherHouseholdDistrict', 'motherName', 'motherIdNumber',
        'motherHouseholdDistrict', 'marriageStatus', 'registerWith', 'householdDistrict', 'householdHeadName', 'householdHeadRelation',
        'householdAddress', 'applicantPhone', ...delivery,
      ],
      inputs: [
        {
          material: 'birthMedicalCertificate',
          fields: ['certificateNumber', 'babyName', 'babySex', 'birthTime', 'birthPlace', 'hospitalName'],
          purpose: '依据《户口登记条例》第七条办理出生登记，核验出生医学证明',
        },
        { material: 'marriageCertificate', fields: ['certificateNumber', 'registeredOn'], purpose: '核验父母婚姻关系' },
        { material: 'householdBook', fields: ['householdNumber', 'householdHeadName', 'address'], purpose: '核验入户方户口' },
      ],
      outputs: ['householdRegistrationRecord'],
      timeLimitDays: 2,
      warnRemainingDays: 1,
      countersign: false,
    },
    {
      id: 'medicalInsuranceEnrollment',
      name: '城乡居民医保参保登记',
      department: 'medicalInsurance',
      routing: { by: 'field', field: 'householdDistrict', basis: 'household' },
      required: true,
      fields: ['householdDistrict', 'householdAddress', 'applicantPhone'],
      inputs: [
        { material: 'householdRegistrationRecord', fields: ['babyIdNumber', 'babyName', 'babySex'], purpose: '以新生儿公民身份号码办理城乡居民医保参保登记' },
        { material: 'birthMedicalCertificate', fields: ['certificateNumber', 'birthTime'], purpose: '确认新生儿出生日期以确定参保起始日' },
      ],
      outputs: ['medicalInsuranceRecord'],
      timeLimitDays: 2,
      warnRemainingDays: 1,
      countersign: false,
    },
    {
      id: 'socialSecurityCardApplication',
      name: '社会保障卡申领',
      department: 'hrss',
      routing: { by: 'field', field: 'householdDistrict', basis: 'household' },
      required: true,
      fields: ['householdDistrict', 'motherName', 'motherIdNumber', 'applicantPhone', ...delivery],
      inputs: [
        { material: 'householdRegistrationRecord', fields: ['babyIdNumber', 'babyName', 'babySex'], purpose: '以新生儿公民身份号码制发社会保障卡' },
        { material: 'birthMedicalCertificate', fields: ['certificateNumber', 'motherName'], purpose: '核验监护关系' },
      ],
      outputs: ['socialSecurityCard'],
      timeLimitDays: 2,
      warnRemainingDays: 1,
      countersign: false,
    },
    {
      id: 'vaccinationCertificate',
      name: '预防接种证',
      department: 'cdc',
      routing: { by: 'field', field: 'residenceDistrict', basis: 'residence' },
      required: true,
      fields: ['babyName', 'babySex', 'babyBirthTime', 'motherName', 'residenceDistrict', 'residenceAddress', 'applicantPhone'],
      inputs: [],
      outputs: ['vaccinationRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
    },
    {
      id: 'maternityReimbursement',
      name: '生育医疗费用报销',
      department: 'medicalInsurance',
      routing: { by: 'field', field: 'motherInsuredDistrict', basis: 'insurance' },
      required: false,
      fields: ['motherName', 'motherIdNumber', 'motherInsuredDistrict', 'motherBankAccount', 'motherBankName', 'applicantPhone'],
      inputs: [
        { material: 'birthMedicalCertificate', fields: ['certificateNumber', 'birthTime', 'hospitalName'], purpose: '核验分娩信息以结算生育医疗费用' },
      ],
      outputs: ['maternityReimbursementDecision'],
      timeLimitDays: 10,
      warnRemainingDays: 2,
      countersign: true,
    },
  ],
  eligibility: [
    { kind: 'maxAge', field: 'babyBirthTime', maxDays: 365, message: '新生儿出生已超过一年，不适用出生一件事联办，请到派出所单独办理出生登记' },
    { kind: 'oneOf', field: 'marriageStatus', values: ['married'], message: '父母未办理结婚登记的，不适用本联办，请到落户地派出所单独办理出生登记' },
    { kind: 'differ', fields: ['fatherIdNumber', 'motherIdNumber'], message: '父亲和母亲的公民身份号码不能相同' },
    {
      kind: 'anyOf',
      message: '父母双方户籍均不在开通出生一件事联办的区，请到户籍地单独办理',
      rules: [
        { kind: 'districtJoined', field: 'fatherHouseholdDistrict', message: '父亲户籍所在区尚未开通联办' },
        { kind: 'districtJoined', field: 'motherHouseholdDistrict', message: '母亲户籍所在区尚未开通联办' },
      ],
    },
    { kind: 'dateOrder', before: 'motherIdNumber.birthDate', after: 'babyBirthTime', message: '出生时间早于母亲出生日期，请核对' },
  ],
  subjects: [
    { role: 'baby', label: '新生儿', source: 'householdRegistrationRecord', idField: 'babyIdNumber' },
    { role: 'mother', label: '母亲', source: 'form', idField: 'motherIdNumber' },
    { role: 'father', label: '父亲', source: 'form', idField: 'fatherIdNumber' },
  ],
};
