/**
 * Material types (材料类型) of the birth and death bundles. Data only.
 */
import type { MaterialType } from '../core/bundle.js';

const sexOptions = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
];

// ---- supplied at intake (电子证照 pulled or scanned at the window) ----

export const marriageCertificate: MaterialType = {
  id: 'marriageCertificate',
  name: '结婚证（电子证照）',
  electronicLicence: true,
  fields: [
    { key: 'certificateNumber', label: '结婚证字号', type: 'text', required: true, maxLength: 40 },
    { key: 'registeredOn', label: '登记日期', type: 'date', required: true, notFuture: true },
  ],
};

export const householdBook: MaterialType = {
  id: 'householdBook',
  name: '入户方户口簿（电子证照）',
  electronicLicence: true,
  fields: [
    { key: 'householdNumber', label: '户号', type: 'text', required: true, maxLength: 20 },
    { key: 'householdHeadName', label: '户主姓名', type: 'text', required: true, maxLength: 30 },
    { key: 'address', label: '住址', type: 'address', required: true, maxLength: 120 },
  ],
};

// ---- 出生一件事 outputs ----

export const birthMedicalCertificate: MaterialType = {
  id: 'birthMedicalCertificate',
  name: '出生医学证明',
  electronicLicence: true,
  fields: [
    { key: 'certificateNumber', label: '出生医学证明编号', type: 'text', required: true, maxLength: 20 },
    { key: 'babyName', label: '新生儿姓名', type: 'text', required: true, maxLength: 30, sensitivity: 'minor' },
    { key: 'babySex', label: '性别', type: 'select', required: true, options: sexOptions },
    { key: 'birthTime', label: '出生时间', type: 'datetime', required: true, notFuture: true, sensitivity: 'minor' },
    { key: 'birthPlace', label: '出生地点', type: 'address', required: true, maxLength: 120 },
    { key: 'hospitalName', label: '助产机构名称', type: 'text', required: true, maxLength: 60 },
    { key: 'weightGrams', label: '出生体重（克）', type: 'integer', required: true, min: 300, max: 8000, sensitivity: 'health' },
    { key: 'motherName', label: '母亲姓名', type: 'text', required: true, maxLength: 30 },
    { key: 'motherIdNumber', label: '母亲公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'fatherName', label: '父亲姓名', type: 'text', required: true, maxLength: 30 },
    { key: 'fatherIdNumber', label: '父亲公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'issuedOn', label: '签发日期', type: 'date', required: true, notFuture: true },
  ],
};

export const householdRegistrationRecord: MaterialType = {
  id: 'householdRegistrationRecord',
  name: '户口登记（户口簿）',
  electronicLicence: true,
  delivery: 'mail',
  fields: [
    { key: 'babyIdNumber', label: '新生儿公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'babyName', label: '新生儿姓名', type: 'text', required: true, maxLength: 30, sensitivity: 'minor' },
    { key: 'babySex', label: '性别', type: 'select', required: true, options: sexOptions },
    { key: 'householdNumber', label: '户号', type: 'text', required: true, maxLength: 20 },
    { key: 'policeStation', label: '登记机关', type: 'text', required: true, maxLength: 60 },
    { key: 'registeredOn', label: '登记日期', type: 'date', required: true, notFuture: true },
  ],
};

export const medicalInsuranceRecord: MaterialType = {
  id: 'medicalInsuranceRecord',
  name: '城乡居民医保参保登记',
  fields: [
    { key: 'insuranceNumber', label: '医保个人编号', type: 'text', required: true, maxLength: 30 },
    { key: 'insuredFrom', label: '参保日期', type: 'date', required: true },
  ],
};

export const socialSecurityCard: MaterialType = {
  id: 'socialSecurityCard',
  name: '社会保障卡',
  delivery: 'mail',
  fields: [
    { key: 'cardNumber', label: '社会保障卡卡号', type: 'text', required: true, maxLength: 20 },
    { key: 'bank', label: '合作银行', type: 'text', required: true, maxLength: 40 },
    { key: 'issuedOn', label: '制卡日期', type: 'date', required: true, notFuture: true },
  ],
};

export const vaccinationRecord: MaterialType = {
  id: 'vaccinationRecord',
  name: '预防接种证',
  fields: [
    { key: 'certificateNumber', label: '预防接种证编号', type: 'text', required: true, maxLength: 30 },
    { key: 'clinic', label: '接种单位', type: 'text', required: true, maxLength: 60 },
    { key: 'firstDoseOn', label: '首针接种日期', type: 'date', required: true, notFuture: true },
  ],
};

export const maternityReimbursementDecision: MaterialType = {
  id: 'maternityReimbursementDecision',
  name: '生育医疗费用报销结果',
  fields: [
    { key: 'decisionNumber', label: '结算单号', type: 'text', required: true, maxLength: 30 },
    { key: 'amountYuan', label: '报销金额（元）', type: 'amount', required: true, min: 0, max: 1000000 },
    { key: 'paidOn', label: '支付日期', type: 'date', required: true },
  ],
};

// ---- 身后一件事 outputs ----

export const deathMedicalCertificate: MaterialType = {
  id: 'deathMedicalCertificate',
  name: '居民死亡医学证明',
  electronicLicence: true,
  fields: [
    { key: 'certificateNumber', label: '死亡医学证明编号', type: 'text', required: true, maxLength: 30 },
    { key: 'deceasedName', label: '逝者姓名', type: 'text', required: true, maxLength: 30 },
    { key: 'deceasedIdNumber', label: '逝者公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'deathTime', label: '死亡时间', type: 'datetime', required: true, notFuture: true },
    { key: 'deathPlace', label: '死亡地点', type: 'address', required: true, maxLength: 120 },
    { key: 'deathCause', label: '死亡原因', type: 'text', required: true, maxLength: 200, sensitivity: 'health' },
    { key: 'issuedBy', label: '出具机构', type: 'text', required: true, maxLength: 60 },
    { key: 'issuedOn', label: '出具日期', type: 'date', required: true, notFuture: true },
  ],
};

export const cremationCertificate: MaterialType = {
  id: 'cremationCertificate',
  name: '火化证明',
  fields: [
    { key: 'certificateNumber', label: '火化证明编号', type: 'text', required: true, maxLength: 30 },
    { key: 'crematedOn', label: '火化日期', type: 'date', required: true, notFuture: true },
    { key: 'funeralHome', label: '殡仪馆', type: 'text', required: true, maxLength: 60 },
  ],
};

export const householdCancellationRecord: MaterialType = {
  id: 'householdCancellationRecord',
  name: '户口注销证明',
  fields: [
    { key: 'deceasedIdNumber', label: '逝者公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'cancelledOn', label: '注销日期', type: 'date', required: true, notFuture: true },
    { key: 'policeStation', label: '注销机关', type: 'text', required: true, maxLength: 60 },
  ],
};

export const pensionSettlementDecision: MaterialType = {
  id: 'pensionSettlementDecision',
  name: '养老保险待遇核定（丧葬补助金、抚恤金、个人账户余额）',
  fields: [
    { key: 'decisionNumber', label: '核定单号', type: 'text', required: true, maxLength: 30 },
    { key: 'funeralGrantYuan', label: '丧葬补助金（元）', type: 'amount', required: true, min: 0, max: 10000000 },
    { key: 'survivorPensionYuan', label: '抚恤金（元）', type: 'amount', required: true, min: 0, max: 10000000 },
    { key: 'accountBalanceYuan', label: '个人账户余额（元）', type: 'amount', required: true, min: 0, max: 10000000 },
    { key: 'stoppedOn', label: '停保日期', type: 'date', required: true },
  ],
};

export const medicalAccountDecision: MaterialType = {
  id: 'medicalAccountDecision',
  name: '医保个人账户一次性支取',
  fields: [
    { key: 'decisionNumber', label: '结算单号', type: 'text', required: true, maxLength: 30 },
    { key: 'amountYuan', label: '支取金额（元）', type: 'amount', required: true, min: 0, max: 10000000 },
    { key: 'stoppedOn', label: '停保日期', type: 'date', required: true },
  ],
};

export const housingFundDecision: MaterialType = {
  id: 'housingFundDecision',
  name: '住房公积金提取（死亡）',
  fields: [
    { key: 'decisionNumber', label: '提取业务号', type: 'text', required: true, maxLength: 30 },
    { key: 'amountYuan', label: '提取金额（元）', type: 'amount', required: true, min: 0, max: 100000000 },
    { key: 'closedOn', label: '销户日期', type: 'date', required: true },
  ],
};
