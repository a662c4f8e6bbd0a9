/**
 * Material types (材料类型) new with the second half of the 人生一件事 (就业, 置业, 就医, 收养). A document another
 * bundle already knows keeps its type there (materialTypes.ts: 户口簿 is `householdBook`), so that ask once finds it
 * by type id across bundles. Data only.
 */
import type { MaterialType } from '../core/bundle.js';

const sexOptions = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
];

// ---- 就业一件事 ----

/** 人社's look-up of the worker's 职工参保 record: the basis of either registration (and of 失业保险金). */
export const employmentStatusCheck: MaterialType = {
  id: 'employmentStatusCheck',
  name: '就业参保状态核验结果',
  fields: [
    { key: 'checkNumber', label: '核验编号', type: 'text', required: true, maxLength: 30 },
    {
      key: 'insuranceStatus', label: '职工社会保险参保状态', type: 'select', required: true,
      options: [{ value: 'active', label: '在职参保' }, { value: 'suspended', label: '已停保（中断缴费）' }, { value: 'none', label: '无职工参保记录' }],
    },
    { key: 'contributionMonths', label: '失业保险累计缴费月数', type: 'integer', required: true, min: 0, max: 900 },
    { key: 'lastEmployerName', label: '最近参保单位', type: 'text', maxLength: 60 },
    { key: 'checkedOn', label: '核验日期', type: 'date', required: true, notFuture: true },
  ],
};

/** 失业登记 (recorded in the 就业创业证). */
export const unemploymentRegistrationRecord: MaterialType = {
  id: 'unemploymentRegistrationRecord',
  name: '失业登记',
  electronicLicence: true,
  fields: [
    { key: 'registrationNumber', label: '失业登记编号', type: 'text', required: true, maxLength: 30 },
    { key: 'workerIdNumber', label: '登记人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'registeredBy', label: '登记机构', type: 'text', required: true, maxLength: 60 },
    { key: 'registeredOn', label: '登记日期', type: 'date', required: true, notFuture: true },
  ],
};

export const hardshipRecognitionRecord: MaterialType = {
  id: 'hardshipRecognitionRecord',
  name: '就业困难人员认定',
  fields: [
    { key: 'recognitionNumber', label: '认定编号', type: 'text', required: true, maxLength: 30 },
    {
      key: 'category', label: '认定类别', type: 'select', required: true, sensitivity: 'health',
      options: [
        { value: 'ageOver4050', label: '大龄失业人员（女40周岁、男50周岁以上）' }, { value: 'disabled', label: '残疾人' },
        { value: 'lowIncome', label: '城乡低保家庭成员' }, { value: 'zeroEmployment', label: '零就业家庭成员' },
        { value: 'longTerm', label: '连续失业一年以上' },
      ],
    },
    { key: 'recognizedOn', label: '认定日期', type: 'date', required: true, notFuture: true },
    { key: 'validUntil', label: '认定有效期至', type: 'date', required: true },
  ],
};

export const unemploymentBenefitDecision: MaterialType = {
  id: 'unemploymentBenefitDecision',
  name: '失业保险金核定',
  fields: [
    { key: 'decisionNumber', label: '核定单号', type: 'text', required: true, maxLength: 30 },
    { key: 'monthlyAmountYuan', label: '月发放标准（元）', type: 'amount', required: true, min: 0, max: 100000 },
    { key: 'benefitMonths', label: '领取期限（月）', type: 'integer', required: true, min: 1, max: 24 },
    { key: 'startsOn', label: '起始日期', type: 'date', required: true },
  ],
};

/** 就业登记 (recorded in the 就业创业证). */
export const employmentRegistrationRecord: MaterialType = {
  id: 'employmentRegistrationRecord',
  name: '就业登记',
  electronicLicence: true,
  fields: [
    { key: 'registrationNumber', label: '就业登记编号', type: 'text', required: true, maxLength: 30 },
    { key: 'workerIdNumber', label: '登记人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'employerName', label: '用人单位', type: 'text', required: true, maxLength: 60 },
    { key: 'registeredBy', label: '登记机构', type: 'text', required: true, maxLength: 60 },
    { key: 'registeredOn', label: '登记日期', type: 'date', required: true, notFuture: true },
  ],
};

export const employeeInsuranceRecord: MaterialType = {
  id: 'employeeInsuranceRecord',
  name: '职工社会保险参保登记（养老、失业、工伤）',
  fields: [
    { key: 'enrollmentNumber', label: '参保登记号', type: 'text', required: true, maxLength: 30 },
    { key: 'insuredFrom', label: '参保日期', type: 'date', required: true },
  ],
};

export const employeeMedicalInsuranceRecord: MaterialType = {
  id: 'employeeMedicalInsuranceRecord',
  name: '职工基本医疗保险参保登记',
  fields: [
    { key: 'insuranceNumber', label: '医保个人编号', type: 'text', required: true, maxLength: 30 },
    { key: 'insuredFrom', label: '参保日期', type: 'date', required: true },
  ],
};

export const housingFundAccountRecord: MaterialType = {
  id: 'housingFundAccountRecord',
  name: '住房公积金个人账户设立（缴存登记）',
  fields: [
    { key: 'accountNumber', label: '个人公积金账号', type: 'text', required: true, maxLength: 30 },
    { key: 'openedOn', label: '开户日期', type: 'date', required: true, notFuture: true },
  ],
};

export const employmentSubsidyDecision: MaterialType = {
  id: 'employmentSubsidyDecision',
  name: '就业补贴（社会保险补贴）核定',
  fields: [
    { key: 'decisionNumber', label: '核定单号', type: 'text', required: true, maxLength: 30 },
    { key: 'monthlyAmountYuan', label: '月补贴金额（元）', type: 'amount', required: true, min: 0, max: 100000 },
    { key: 'subsidyMonths', label: '补贴期限（月）', type: 'integer', required: true, min: 1, max: 60 },
    { key: 'startsOn', label: '起始日期', type: 'date', required: true },
  ],
};

// ---- 置业一件事 ----

/** 住建's check of the 网签 contract's 备案 (存量房买卖合同网签备案). */
export const contractFilingRecord: MaterialType = {
  id: 'contractFilingRecord',
  name: '房屋买卖合同网签备案核验结果',
  fields: [
    { key: 'filingNumber', label: '网签备案号', type: 'text', required: true, maxLength: 30 },
    { key: 'propertyUnitNumber', label: '不动产单元号', type: 'text', required: true, maxLength: 28 },
    { key: 'transactionPriceYuan', label: '网签成交价格（元）', type: 'amount', required: true, min: 0, max: 10000000000 },
    { key: 'verifiedOn', label: '核验日期', type: 'date', required: true, notFuture: true },
  ],
};

export const deedTaxCertificate: MaterialType = {
  id: 'deedTaxCertificate',
  name: '契税完税凭证',
  electronicLicence: true,
  fields: [
    { key: 'voucherNumber', label: '完税凭证号', type: 'text', required: true, maxLength: 30 },
    { key: 'taxAmountYuan', label: '契税税额（元）', type: 'amount', required: true, min: 0, max: 1000000000 },
    { key: 'paidOn', label: '缴纳日期', type: 'date', required: true, notFuture: true },
  ],
};

/** 不动产权证书: the electronic licence at once, the paper certificate posted or collected. */
export const realEstateCertificate: MaterialType = {
  id: 'realEstateCertificate',
  name: '不动产权证书',
  electronicLicence: true,
  delivery: 'mail',
  fields: [
    { key: 'certificateNumber', label: '不动产权证书号', type: 'text', required: true, maxLength: 60 },
    { key: 'ownerName', label: '权利人', type: 'text', required: true, maxLength: 30 },
    { key: 'ownerIdNumber', label: '权利人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'propertyUnitNumber', label: '不动产单元号', type: 'text', required: true, maxLength: 28 },
    { key: 'propertyAddress', label: '坐落', type: 'address', required: true, maxLength: 120 },
    { key: 'registeredOn', label: '登簿日期', type: 'date', required: true, notFuture: true },
  ],
};

function utilityTransfer(id: string, name: string, account: string): MaterialType {
  return {
    id,
    name,
    fields: [
      { key: 'accountNumber', label: account, type: 'text', required: true, maxLength: 30 },
      { key: 'newHolderName', label: '过户后户名', type: 'text', required: true, maxLength: 30 },
      { key: 'transferredOn', label: '过户日期', type: 'date', required: true, notFuture: true },
    ],
  };
}

export const waterTransferRecord = utilityTransfer('waterTransferRecord', '供水过户', '用水户号');
export const powerTransferRecord = utilityTransfer('powerTransferRecord', '供电过户', '用电户号');
export const gasTransferRecord = utilityTransfer('gasTransferRecord', '燃气过户', '燃气户号');
export const cableTvTransferRecord = utilityTransfer('cableTvTransferRecord', '有线电视过户', '有线电视用户号');

// ---- 就医一件事 ----

const filingCategories = [
  { value: 'longTermResidence', label: '异地长期居住' }, { value: 'workingElsewhere', label: '常驻异地工作' },
  { value: 'referral', label: '异地转诊' }, { value: 'temporary', label: '临时外出就医' },
];

export const crossRegionMedicalFiling: MaterialType = {
  id: 'crossRegionMedicalFiling',
  name: '异地就医备案',
  fields: [
    { key: 'filingNumber', label: '备案编号', type: 'text', required: true, maxLength: 30 },
    { key: 'category', label: '备案类型', type: 'select', required: true, options: filingCategories },
    { key: 'destination', label: '就医地', type: 'text', required: true, maxLength: 60 },
    { key: 'validFrom', label: '备案开始日期', type: 'date', required: true },
    { key: 'filedOn', label: '备案日期', type: 'date', required: true, notFuture: true },
  ],
};

/** 医疗收费票据及费用明细 (supplied at intake: the hospital elsewhere issued them; no direct settlement happened). */
export const medicalExpenseInvoice: MaterialType = {
  id: 'medicalExpenseInvoice',
  name: '医疗收费票据及费用明细',
  fields: [
    { key: 'invoiceNumber', label: '票据号码', type: 'text', required: true, maxLength: 30 },
    { key: 'hospitalName', label: '就诊医疗机构', type: 'text', required: true, maxLength: 60 },
    { key: 'totalYuan', label: '医疗费用总额（元）', type: 'amount', required: true, min: 0, max: 100000000 },
    { key: 'admittedOn', label: '入院（就诊）日期', type: 'date', required: true, notFuture: true },
    { key: 'dischargedOn', label: '出院（结算）日期', type: 'date', required: true, notFuture: true },
    { key: 'diagnosis', label: '诊断', type: 'text', required: true, maxLength: 200, sensitivity: 'health' },
  ],
};

export const medicalReimbursementDecision: MaterialType = {
  id: 'medicalReimbursementDecision',
  name: '医疗费用（手工）报销结算单',
  fields: [
    { key: 'decisionNumber', label: '结算单号', type: 'text', required: true, maxLength: 30 },
    { key: 'eligibleYuan', label: '政策范围内费用（元）', type: 'amount', required: true, min: 0, max: 100000000 },
    { key: 'reimbursedYuan', label: '基金支付金额（元）', type: 'amount', required: true, min: 0, max: 100000000 },
    { key: 'paidOn', label: '支付日期', type: 'date', required: true },
  ],
};

export const medicalAssistanceDecision: MaterialType = {
  id: 'medicalAssistanceDecision',
  name: '医疗救助审批',
  fields: [
    { key: 'decisionNumber', label: '审批编号', type: 'text', required: true, maxLength: 30 },
    { key: 'assistanceYuan', label: '救助金额（元）', type: 'amount', required: true, min: 0, max: 10000000 },
    { key: 'paidOn', label: '支付日期', type: 'date', required: true },
  ],
};

// ---- 收养一件事 ----

/** 收养人身体健康检查证明 (supplied at intake: 县级以上医疗机构). */
export const adopterMedicalExamination: MaterialType = {
  id: 'adopterMedicalExamination',
  name: '收养人身体健康检查证明',
  fields: [
    { key: 'hospitalName', label: '出具医疗机构', type: 'text', required: true, maxLength: 60 },
    {
      key: 'conclusion', label: '检查结论', type: 'select', required: true, sensitivity: 'health',
      options: [{ value: 'fit', label: '未患有医学上认为不应当收养子女的疾病' }],
    },
    { key: 'examinedOn', label: '检查日期', type: 'date', required: true, notFuture: true },
  ],
};

/** 送养意见或送养协议 (supplied at intake: the 社会福利机构, the birth parents or the guardian). */
export const adoptionConsent: MaterialType = {
  id: 'adoptionConsent',
  name: '送养意见（送养协议）',
  fields: [
    {
      key: 'consentType', label: '送养方', type: 'select', required: true,
      options: [{ value: 'institution', label: '社会福利机构' }, { value: 'parents', label: '生父母' }, { value: 'guardian', label: '监护人' }],
    },
    { key: 'placingPartyName', label: '送养人（机构）名称', type: 'text', required: true, maxLength: 60 },
    { key: 'signedOn', label: '签署日期', type: 'date', required: true, notFuture: true },
  ],
};

export const adoptionCertificate: MaterialType = {
  id: 'adoptionCertificate',
  name: '收养登记证',
  electronicLicence: true,
  fields: [
    { key: 'certificateNumber', label: '收养登记证字号', type: 'text', required: true, maxLength: 40 },
    { key: 'adopterName', label: '收养人姓名', type: 'text', required: true, maxLength: 30 },
    { key: 'adopterIdNumber', label: '收养人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'childName', label: '被收养人姓名', type: 'text', required: true, maxLength: 30, sensitivity: 'minor' },
    { key: 'childSex', label: '被收养人性别', type: 'select', required: true, options: sexOptions },
    { key: 'childBirthDate', label: '被收养人出生日期', type: 'date', required: true, notFuture: true, sensitivity: 'minor' },
    { key: 'registeredOn', label: '登记日期', type: 'date', required: true, notFuture: true },
  ],
};

function adoptedChildHousehold(id: string, name: string): MaterialType {
  return {
    id,
    name,
    electronicLicence: true,
    delivery: 'mail',
    fields: [
      { key: 'childIdNumber', label: '被收养人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
      { key: 'childName', label: '被收养人姓名', type: 'text', required: true, maxLength: 30, sensitivity: 'minor' },
      { key: 'householdNumber', label: '户号', type: 'text', required: true, maxLength: 20 },
      { key: 'policeStation', label: '登记机关', type: 'text', required: true, maxLength: 60 },
      { key: 'registeredOn', label: '登记日期', type: 'date', required: true, notFuture: true },
    ],
  };
}

/** 收养落户 of a child under six: the 派出所 registers (or moves) the child into the adopter's 户 on the spot. */
export const adoptedChildHouseholdRecord = adoptedChildHousehold('adoptedChildHouseholdRecord', '收养落户（户口登记）');

/** Six or older: 人像、指纹、DNA collected, the 设区市公安机关 approves, then the 派出所 registers — its own record. */
export const adoptedChildHouseholdApproval = adoptedChildHousehold('adoptedChildHouseholdApproval', '收养落户审批及户口登记（已满6周岁）');
