/**
 * "1020" 开工前审批一件事: the approvals an ordinary industrial project needs before construction, within 10 working
 * days (20 for 房建 projects), with materials cut (89 → 48 in the reform's own figure) because departments share
 * them instead of each asking the enterprise.
 *
 * Frame (国办发〔2019〕11号): four stages 立项用地规划许可 → 工程建设许可 → 施工许可 → 竣工验收, each "一家牵头、并联审批、
 * 限时办结", one window, one form. This bundle covers the second and third stages:
 * - 建设工程规划许可 (自然资源和规划分局) and 施工图联合审查 (住建, "多审合一": 消防设计、人防设计 and the drawings
 *   checked once by the 图审 body) run in parallel from acceptance — both read the approved 设计方案, neither waits
 *   for the other;
 * - 施工许可 (住建) consumes the planning permit and the drawing-review certificate the two produce, so the enterprise
 *   never carries them from one counter to the next;
 * - 建筑垃圾处置核准 (综合行政执法) runs in parallel for projects that choose it.
 *
 * Choices where the evidence is thin (the research names the reform's figures, not its item or material lists):
 * - Limits: 规划许可 5, 联合图审 5, 施工许可 3 working days (critical path 8) under one promise of 10, the ordinary
 *   industrial figure, and 20 for 房建 projects (`promisedDaysBy` by the project class; 简易低风险 takes the
 *   bundle's 10).
 * - The nine pre-conditions the reform removed are not in the research; none of the usual candidates (资金到位证明,
 *   监理合同, 质量安全监督登记 as a separate step, separate 消防 / 人防 design reviews, 图审委托合同) is asked here.
 * - 项目备案文件 and the land's 不动产权证书 come from the earlier 立项用地 stage: the enterprise brings them (or the
 *   window pulls the 电子证照). Ask once (service askOnce.ts) would reuse them from the enterprise's or project's
 *   archive once a bundle issues them; none does yet.
 * - Its outputs keep the material type ids the joint acceptance reads (`planningPermit`, `constructionPermit`,
 *   projectFields.ts): the 建设工程规划许可证 this bundle issues is, once the case completes, reused by the same
 *   project's 竣工联合验收 instead of asked again.
 * - Every material has one source: the applicant (intake) or the item that issues it (core materialSources.ts counts
 *   them: asked from the applicant N / needed M).
 * - Subjects: the enterprise and the project, not the legal representative (why: projectFields.ts).
 * Data only.
 */
import type { Bundle, FieldDef, MaterialType } from '../core/bundle.js';
import { constructionPermit, enterpriseProjectFields, enterpriseProjectSubjects, planningPermit, projectKeys } from './projectFields.js';

const fields: FieldDef[] = [
  ...enterpriseProjectFields,
  { key: 'buildingAreaSqm', label: '总建筑面积（平方米）', type: 'integer', required: true, min: 1, max: 10000000 },
  { key: 'contractPriceYuan', label: '合同价格（元）', type: 'amount', required: true, min: 0, max: 100000000000 },
  { key: 'plannedStartOn', label: '计划开工日期', type: 'date', required: true },
  { key: 'wasteVolumeCubicMetres', label: '建筑垃圾预计产生量（立方米）', type: 'integer', required: true, min: 1, max: 10000000, hint: '申请建筑垃圾处置核准时填写' },
];

// ---- supplied at intake by the 建设单位 (each asked once, whoever reads it) ----

const projectFiling: MaterialType = {
  id: 'projectFiling',
  name: '企业投资项目备案（核准）文件',
  fields: [
    { key: 'filingNumber', label: '备案（核准）文号', type: 'text', required: true, maxLength: 60 },
    { key: 'projectCode', label: '项目代码', type: 'text', required: true, maxLength: 30 },
    { key: 'filedOn', label: '备案日期', type: 'date', required: true, notFuture: true },
  ],
};

const landTitle: MaterialType = {
  id: 'landTitle',
  name: '不动产权证书（国有建设用地使用权，电子证照）',
  electronicLicence: true,
  fields: [
    { key: 'titleNumber', label: '不动产权证书号', type: 'text', required: true, maxLength: 60 },
    { key: 'landAreaSqm', label: '宗地面积（平方米）', type: 'integer', required: true, min: 1, max: 100000000 },
    { key: 'landUse', label: '用途', type: 'text', required: true, maxLength: 40 },
  ],
};

const designScheme: MaterialType = {
  id: 'designScheme',
  name: '建设工程设计方案（含总平面图）',
  fields: [
    { key: 'schemeNumber', label: '方案编号', type: 'text', required: true, maxLength: 40 },
    { key: 'designUnit', label: '设计单位', type: 'text', required: true, maxLength: 100 },
    { key: 'buildingAreaSqm', label: '设计建筑面积（平方米）', type: 'integer', required: true, min: 1, max: 10000000 },
  ],
};

const constructionDrawings: MaterialType = {
  id: 'constructionDrawings',
  name: '施工图设计文件（含消防、人防专篇）',
  fields: [
    { key: 'drawingSetNumber', label: '图纸编号', type: 'text', required: true, maxLength: 40 },
    { key: 'designUnit', label: '设计单位', type: 'text', required: true, maxLength: 100 },
    { key: 'sheets', label: '图纸张数', type: 'integer', required: true, min: 1, max: 10000 },
  ],
};

const geotechnicalReport: MaterialType = {
  id: 'geotechnicalReport',
  name: '岩土工程勘察报告',
  fields: [
    { key: 'reportNumber', label: '报告编号', type: 'text', required: true, maxLength: 40 },
    { key: 'surveyUnit', label: '勘察单位', type: 'text', required: true, maxLength: 100 },
  ],
};

const constructionContract: MaterialType = {
  id: 'constructionContract',
  name: '施工合同（含中标通知书）',
  fields: [
    { key: 'contractNumber', label: '合同编号', type: 'text', required: true, maxLength: 40 },
    { key: 'contractor', label: '施工单位', type: 'text', required: true, maxLength: 100 },
    { key: 'contractorCreditCode', label: '施工单位统一社会信用代码', type: 'creditCode', required: true },
  ],
};

const wastePlan: MaterialType = {
  id: 'wasteDisposalPlan',
  name: '建筑垃圾处置方案',
  fields: [
    { key: 'planNumber', label: '方案编号', type: 'text', required: true, maxLength: 40 },
    { key: 'disposalSite', label: '消纳场所', type: 'text', required: true, maxLength: 100 },
  ],
};

// ---- outputs ----

const drawingReviewCertificate: MaterialType = {
  id: 'drawingReviewCertificate',
  name: '施工图联合审查合格书',
  fields: [
    { key: 'certificateNumber', label: '合格书编号', type: 'text', required: true, maxLength: 40 },
    { key: 'projectCode', label: '项目代码', type: 'text', required: true, maxLength: 30 },
    { key: 'issuedOn', label: '出具日期', type: 'date', required: true, notFuture: true },
  ],
};

const wasteDisposalApproval: MaterialType = {
  id: 'wasteDisposalApproval',
  name: '城市建筑垃圾处置核准决定',
  fields: [
    { key: 'approvalNumber', label: '核准文号', type: 'text', required: true, maxLength: 40 },
    { key: 'projectCode', label: '项目代码', type: 'text', required: true, maxLength: 30 },
    { key: 'validUntil', label: '核准有效期至', type: 'date', required: true },
  ],
};

const sameProject = (material: string) => [{ material, field: 'projectCode', equals: { source: 'form', field: 'projectCode' } }];

export const preconstructionBundle: Bundle = {
  id: 'preconstruction',
  version: 1,
  name: '开工前审批一件事（“1020”）',
  description: '一般工业项目从建设工程规划许可到施工许可 10 个工作日内办结：规划许可与施工图联合审查并联，施工许可直接取用两者的结果，材料一次提交、部门共享。',
  leadDepartment: 'serviceCenter',
  promisedDays: 10,
  promisedDaysBy: { field: 'projectClass', days: { industrial: 10, housing: 20 } },
  fields,
  materials: [
    projectFiling, landTitle, designScheme, constructionDrawings, geotechnicalReport, constructionContract, wastePlan,
    planningPermit, drawingReviewCertificate, constructionPermit, wasteDisposalApproval,
  ],
  intakeMaterials: ['projectFiling', 'landTitle', 'designScheme', 'constructionDrawings', 'geotechnicalReport', 'constructionContract', 'wasteDisposalPlan'],
  items: [
    {
      id: 'planningApproval',
      name: '建设工程规划许可',
      department: 'naturalResources',
      routing: { by: 'accepting' },
      required: true,
      fields: [...projectKeys, 'buildingAreaSqm'],
      inputs: [
        { material: 'projectFiling', fields: ['filingNumber', 'projectCode'], purpose: '核对项目备案（核准）信息' },
        { material: 'landTitle', fields: ['titleNumber', 'landAreaSqm', 'landUse'], purpose: '核对用地权属和用途' },
        { material: 'designScheme', fields: ['schemeNumber', 'designUnit', 'buildingAreaSqm'], purpose: '审查设计方案是否符合规划条件' },
      ],
      outputs: ['planningPermit'],
      timeLimitDays: 5,
      warnRemainingDays: 2,
      clockStartsAt: 'release',
      countersign: false,
      seals: ['approval'],
      identity: sameProject('planningPermit'),
    },
    {
      id: 'drawingReview',
      name: '施工图联合审查（含消防、人防设计审查）',
      department: 'housing',
      routing: { by: 'accepting' },
      required: true,
      fields: [...projectKeys, 'buildingAreaSqm'],
      inputs: [
        { material: 'designScheme', fields: ['schemeNumber', 'buildingAreaSqm'], purpose: '核对施工图与设计方案一致' },
        { material: 'constructionDrawings', fields: ['drawingSetNumber', 'designUnit', 'sheets'], purpose: '施工图联合审查（多审合一）' },
        { material: 'geotechnicalReport', fields: ['reportNumber', 'surveyUnit'], purpose: '审查地基基础设计依据' },
      ],
      outputs: ['drawingReviewCertificate'],
      timeLimitDays: 5,
      warnRemainingDays: 2,
      clockStartsAt: 'release',
      countersign: false,
      seals: ['approval'],
      identity: sameProject('drawingReviewCertificate'),
    },
    {
      id: 'constructionApproval',
      name: '建筑工程施工许可',
      department: 'housing',
      routing: { by: 'accepting' },
      required: true,
      fields: [...projectKeys, 'legalRepresentativeName', 'legalRepresentativeIdNumber', 'buildingAreaSqm', 'contractPriceYuan', 'plannedStartOn'],
      inputs: [
        { material: 'planningPermit', fields: ['permitNumber', 'projectCode', 'buildingAreaSqm'], purpose: '施工许可须已取得建设工程规划许可（并联审批结果直接取用）' },
        { material: 'drawingReviewCertificate', fields: ['certificateNumber', 'projectCode'], purpose: '施工许可须施工图审查合格（并联审批结果直接取用）' },
        { material: 'landTitle', fields: ['titleNumber'], purpose: '核对建设用地权属' },
        { material: 'constructionContract', fields: ['contractNumber', 'contractor', 'contractorCreditCode'], purpose: '核对施工单位及施工合同' },
      ],
      outputs: ['constructionPermit'],
      timeLimitDays: 3,
      warnRemainingDays: 1,
      countersign: false,
      seals: ['approval'],
      identity: sameProject('constructionPermit'),
    },
    {
      id: 'wasteDisposal',
      name: '城市建筑垃圾处置核准',
      department: 'lawEnforcement',
      routing: { by: 'accepting' },
      required: false,
      fields: [...projectKeys, 'wasteVolumeCubicMetres'],
      inputs: [
        { material: 'wasteDisposalPlan', fields: ['planNumber', 'disposalSite'], purpose: '审查建筑垃圾处置方案和消纳场所' },
        { material: 'constructionContract', fields: ['contractor'], purpose: '核对负责运输处置的施工单位' },
      ],
      outputs: ['wasteDisposalApproval'],
      timeLimitDays: 3,
      warnRemainingDays: 1,
      clockStartsAt: 'release',
      countersign: false,
      seals: ['approval'],
      identity: sameProject('wasteDisposalApproval'),
    },
  ],
  eligibility: [],
  subjects: enterpriseProjectSubjects,
};
