/**
 * Material types (材料类型) new with the first half of the 人生一件事 (退役军人服务, 退休, 教育入学, 婚育户). A document
 * the birth and death bundles already know keeps its type there (materialTypes.ts: 结婚证, 户口簿, 出生医学证明, 户口登记,
 * 社会保障卡), so that ask once finds it by type id across bundles. Data only.
 */
import type { MaterialType } from '../core/bundle.js';

const yes = [{ value: 'yes', label: '是' }];

// ---- 退役军人服务一件事 ----

/** 退出现役证 (supplied at intake: issued by the unit the soldier leaves). */
export const dischargeCertificate: MaterialType = {
  id: 'dischargeCertificate',
  name: '退出现役证',
  fields: [
    { key: 'certificateNumber', label: '退出现役证编号', type: 'text', required: true, maxLength: 30 },
    { key: 'dischargedOn', label: '退出现役时间', type: 'date', required: true, notFuture: true },
    { key: 'issuedBy', label: '批准退役单位', type: 'text', required: true, maxLength: 60 },
  ],
};

/** 退役军人安置介绍信 (行政介绍信; supplied at intake). */
export const placementLetter: MaterialType = {
  id: 'placementLetter',
  name: '退役军人安置介绍信',
  fields: [
    { key: 'letterNumber', label: '介绍信编号', type: 'text', required: true, maxLength: 30 },
    { key: 'issuedBy', label: '开具单位', type: 'text', required: true, maxLength: 60 },
    { key: 'issuedOn', label: '开具日期', type: 'date', required: true, notFuture: true },
  ],
};

export const veteranRegistration: MaterialType = {
  id: 'veteranRegistration',
  name: '退役军人报到登记',
  electronicLicence: true,
  fields: [
    { key: 'registrationNumber', label: '报到登记号', type: 'text', required: true, maxLength: 30 },
    { key: 'veteranIdNumber', label: '退役军人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'veteranName', label: '退役军人姓名', type: 'text', required: true, maxLength: 30 },
    {
      key: 'placementType', label: '安置方式', type: 'select', required: true,
      options: [
        { value: 'independent', label: '自主就业' }, { value: 'assigned', label: '安排工作' },
        { value: 'retired', label: '退休' }, { value: 'supported', label: '供养' },
      ],
    },
    { key: 'reportedOn', label: '报到日期', type: 'date', required: true, notFuture: true },
  ],
};

export const householdRestorationRecord: MaterialType = {
  id: 'householdRestorationRecord',
  name: '恢复户口登记',
  electronicLicence: true,
  fields: [
    { key: 'veteranIdNumber', label: '公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'householdNumber', label: '户号', type: 'text', required: true, maxLength: 20 },
    { key: 'policeStation', label: '登记机关', type: 'text', required: true, maxLength: 60 },
    { key: 'restoredOn', label: '恢复户口日期', type: 'date', required: true, notFuture: true },
  ],
};

/** 居民身份证: made and posted after the sign-off (不含制证及邮寄时间). */
export const residentIdCard: MaterialType = {
  id: 'residentIdCard',
  name: '居民身份证',
  delivery: 'mail',
  fields: [
    { key: 'holderIdNumber', label: '公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'issuingAuthority', label: '签发机关', type: 'text', required: true, maxLength: 60 },
    { key: 'validFrom', label: '有效期起始日期', type: 'date', required: true },
    { key: 'validUntil', label: '有效期截止日期', type: 'date', required: true },
  ],
};

export const pensionTransferRecord: MaterialType = {
  id: 'pensionTransferRecord',
  name: '养老保险关系转移接续',
  fields: [
    { key: 'transferNumber', label: '转移接续业务号', type: 'text', required: true, maxLength: 30 },
    { key: 'militaryServiceMonths', label: '军龄视同缴费月数', type: 'integer', required: true, min: 0, max: 600 },
    { key: 'transferredOn', label: '接续日期', type: 'date', required: true, notFuture: true },
  ],
};

export const medicalInsuranceTransferRecord: MaterialType = {
  id: 'medicalInsuranceTransferRecord',
  name: '医疗保险关系转移接续',
  fields: [
    { key: 'insuranceNumber', label: '医保个人编号', type: 'text', required: true, maxLength: 30 },
    { key: 'insuredFrom', label: '接续参保日期', type: 'date', required: true },
  ],
};

export const reserveRegistrationRecord: MaterialType = {
  id: 'reserveRegistrationRecord',
  name: '预备役登记',
  fields: [
    { key: 'registrationNumber', label: '预备役登记号', type: 'text', required: true, maxLength: 30 },
    { key: 'registeredOn', label: '登记日期', type: 'date', required: true, notFuture: true },
  ],
};

export const independentEmploymentGrantDecision: MaterialType = {
  id: 'independentEmploymentGrantDecision',
  name: '自主就业一次性经济补助发放',
  fields: [
    { key: 'decisionNumber', label: '发放单号', type: 'text', required: true, maxLength: 30 },
    { key: 'amountYuan', label: '补助金额（元）', type: 'amount', required: true, min: 0, max: 10000000 },
    { key: 'paidOn', label: '发放日期', type: 'date', required: true },
  ],
};

// ---- 退休一件事 ----

/** 退休核准表: the 人社 approval that 医保 and 公积金 take (退休时间, 退休人员标识). */
export const retirementApprovalForm: MaterialType = {
  id: 'retirementApprovalForm',
  name: '职工退休核准表（养老保险待遇核定）',
  electronicLicence: true,
  fields: [
    { key: 'approvalNumber', label: '核准编号', type: 'text', required: true, maxLength: 30 },
    { key: 'retireeIdNumber', label: '退休人员公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'retirementDate', label: '退休时间', type: 'date', required: true },
    { key: 'contributionMonths', label: '累计缴费月数（含视同）', type: 'integer', required: true, min: 0, max: 900 },
    { key: 'monthlyPensionYuan', label: '基本养老金月额（元）', type: 'amount', required: true, min: 0, max: 1000000 },
    { key: 'approvedOn', label: '核准日期', type: 'date', required: true, notFuture: true },
  ],
};

export const medicalRetireeBenefitDecision: MaterialType = {
  id: 'medicalRetireeBenefitDecision',
  name: '医保退休人员待遇核定',
  fields: [
    { key: 'decisionNumber', label: '核定编号', type: 'text', required: true, maxLength: 30 },
    { key: 'medicalContributionMonths', label: '医保累计缴费月数', type: 'integer', required: true, min: 0, max: 900 },
    { key: 'benefitFrom', label: '享受退休待遇起始日期', type: 'date', required: true },
  ],
};

export const housingFundSealingRecord: MaterialType = {
  id: 'housingFundSealingRecord',
  name: '住房公积金个人账户封存',
  fields: [
    { key: 'sealingNumber', label: '封存业务号', type: 'text', required: true, maxLength: 30 },
    { key: 'sealedOn', label: '封存日期', type: 'date', required: true, notFuture: true },
  ],
};

export const housingFundRetirementWithdrawal: MaterialType = {
  id: 'housingFundRetirementWithdrawal',
  name: '住房公积金提取（退休）',
  fields: [
    { key: 'decisionNumber', label: '提取业务号', type: 'text', required: true, maxLength: 30 },
    { key: 'amountYuan', label: '提取金额（元）', type: 'amount', required: true, min: 0, max: 100000000 },
    { key: 'closedOn', label: '销户日期', type: 'date', required: true },
  ],
};

// ---- 教育入学一件事 ----

export const householdVerificationResult: MaterialType = {
  id: 'householdVerificationResult',
  name: '户籍核验结果',
  fields: [
    { key: 'verificationNumber', label: '核验编号', type: 'text', required: true, maxLength: 30 },
    { key: 'registeredSince', label: '户籍迁入（登记）日期', type: 'date', required: true, notFuture: true },
    { key: 'householdAddress', label: '户籍地址', type: 'address', required: true, maxLength: 120 },
    { key: 'verifiedOn', label: '核验日期', type: 'date', required: true, notFuture: true },
  ],
};

export const propertyVerificationResult: MaterialType = {
  id: 'propertyVerificationResult',
  name: '不动产登记核验结果',
  fields: [
    { key: 'verificationNumber', label: '核验编号', type: 'text', required: true, maxLength: 30 },
    {
      key: 'ownership', label: '核验结论', type: 'select', required: true,
      options: [{ value: 'owned', label: '监护人在学区内有登记的住房' }, { value: 'none', label: '无登记的住房' }],
    },
    { key: 'propertyAddress', label: '不动产坐落', type: 'address', maxLength: 120, requiredWhen: { field: 'ownership', equals: 'owned' } },
    { key: 'registeredOn', label: '不动产登记日期', type: 'date', notFuture: true, requiredWhen: { field: 'ownership', equals: 'owned' } },
    { key: 'verifiedOn', label: '核验日期', type: 'date', required: true, notFuture: true },
  ],
};

export const socialInsuranceVerificationResult: MaterialType = {
  id: 'socialInsuranceVerificationResult',
  name: '监护人社会保险参保核验结果',
  fields: [
    { key: 'verificationNumber', label: '核验编号', type: 'text', required: true, maxLength: 30 },
    { key: 'contributionMonths', label: '本地连续缴费月数', type: 'integer', required: true, min: 0, max: 900 },
    { key: 'verifiedOn', label: '核验日期', type: 'date', required: true, notFuture: true },
  ],
};

/** 入学通知书: the admission, posted or collected. */
export const admissionNotice: MaterialType = {
  id: 'admissionNotice',
  name: '入学通知书',
  delivery: 'mail',
  fields: [
    { key: 'noticeNumber', label: '通知书编号', type: 'text', required: true, maxLength: 30 },
    { key: 'childName', label: '学生姓名', type: 'text', required: true, maxLength: 30, sensitivity: 'minor' },
    { key: 'schoolName', label: '录取学校', type: 'text', required: true, maxLength: 60 },
    { key: 'reportOn', label: '报到日期', type: 'date', required: true },
    { key: 'admittedOn', label: '录取日期', type: 'date', required: true, notFuture: true },
  ],
};

// ---- 婚育户一件事 ----

/** 申请结婚登记声明书 (both parties sign at the window). */
export const marriageDeclaration: MaterialType = {
  id: 'marriageDeclaration',
  name: '申请结婚登记声明书',
  fields: [
    { key: 'signedOn', label: '签署日期', type: 'date', required: true, notFuture: true },
    { key: 'noSpouse', label: '双方声明本人无配偶', type: 'select', required: true, options: yes },
    { key: 'noProhibitedKinship', label: '双方声明无禁止结婚的亲属关系', type: 'select', required: true, options: yes },
  ],
};

export const maritalStatusChangeRecord: MaterialType = {
  id: 'maritalStatusChangeRecord',
  name: '户口登记项目变更（婚姻状况）',
  fields: [
    { key: 'changeNumber', label: '变更业务号', type: 'text', required: true, maxLength: 30 },
    { key: 'policeStation', label: '变更机关', type: 'text', required: true, maxLength: 60 },
    { key: 'changedOn', label: '变更日期', type: 'date', required: true, notFuture: true },
  ],
};

/** 户口迁移登记 into a household (婚育户: 夫妻投靠; any other 投靠 or 迁移 is the same document): the new 户口簿 page is posted. */
export const householdMigrationRecord: MaterialType = {
  id: 'householdMigrationRecord',
  name: '户口迁移登记',
  electronicLicence: true,
  delivery: 'mail',
  fields: [
    { key: 'migrantIdNumber', label: '迁移人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
    { key: 'householdNumber', label: '迁入户户号', type: 'text', required: true, maxLength: 20 },
    { key: 'policeStation', label: '登记机关', type: 'text', required: true, maxLength: 60 },
    { key: 'migratedOn', label: '迁入日期', type: 'date', required: true, notFuture: true },
  ],
};

export const birthRegistrationCertificate: MaterialType = {
  id: 'birthRegistrationCertificate',
  name: '生育登记服务凭证',
  electronicLicence: true,
  fields: [
    { key: 'registrationNumber', label: '生育登记号', type: 'text', required: true, maxLength: 30 },
    {
      key: 'childOrder', label: '登记孩次', type: 'select', required: true,
      options: [{ value: 'first', label: '一孩' }, { value: 'second', label: '二孩' }, { value: 'third', label: '三孩' }],
    },
    { key: 'registeredOn', label: '登记日期', type: 'date', required: true, notFuture: true },
  ],
};
