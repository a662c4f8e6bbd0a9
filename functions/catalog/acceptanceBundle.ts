/**
 * 竣工联合验收一件事 ("1015": 10 working days for 工业/物流 projects, 15 for 房建), as a bundle today's engine runs.
 *
 * Procedure (composite of local rules; national texts fix no day limit and no rectification procedure):
 * 国办发〔2019〕11号 puts 规划, 土地, 消防, 人防, 档案 … through 限时联合验收 with one 联合验收意见 ("一口进件、统一受理、
 * 并行推进、联合验收、限时办结、一口出件"). The 建设单位 applies once at the 审管办's 竣工联合验收专窗 (this bundle's one
 * form); the departments check materials and inspect the site in parallel (Lanzhou ETDZ: materials review ≤ 5 and
 * site inspection within 5 working days of acceptance), each signs its 单项验收意见 on site; the 审管办 then issues the
 * 联合验收意见书 referencing them, and the case completes.
 *
 * Choices where the evidence is thin:
 * - Departments: 住建 (工程质量监督、消防验收、人防 — 浙江's districts place 消防验收 and mostly 人防 with 住建 since
 *   2019, so one 住建 opinion covers them), 自然资源和规划分局 (规划核实、土地核验), 综合行政执法局 (临时建筑拆除、
 *   建筑垃圾处置、市容环卫设施 — its part in Ningbo's acceptance is our assumption), and 水利局 (水土保持设施验收核查)
 *   only when water-and-soil conservation applies: an optional item the applicant chooses. 档案, 园林, 市政公用
 *   (水电气热讯) join by case in some cities; they are left out until a district asks for them.
 * - Each department's item has a 5-working-day limit counted from acceptance (clock from release, not claim);
 *   the 联合验收意见书 has 3 more. The whole case promises 10 working days for 工业/物流 and 15 for 房建
 *   (`promisedDaysBy`); the days from a rectification notice to the rectification record are not counted.
 * - The joint-acceptance engine (core acceptance.ts, `jointAcceptance`): one site visit, each department's signed
 *   单项验收意见 (pass, or defects that send its sub-task to 退回补正 with its clock paused), one consolidated
 *   一次性整改告知书, the rectification record, 复验 by exactly the departments with open defects. A passing opinion
 *   issues the department's opinion material below (number, result 合格, remarks, inspection day, 项目代码); a
 *   department may still sign that material directly (签章办结) when it records no opinion.
 * - A required item may not wait for an optional one, so the 联合验收意见书 consumes the three always-present
 *   opinions; the 水利 opinion, when chosen, runs in parallel, and the 联合验收意见书 cannot be signed before it has
 *   passed too (core acceptance.ts jointOpinionWaitsFor: the joint opinion waits for every chosen department).
 * - Subjects: the enterprise and the project, not the legal representative (why: projectFields.ts).
 * - 竣工测量成果 follows "一次委托、联合测绘、成果共享": one report, read by 住建, 规划 and 综合执法.
 * - Ask once: the 建设工程规划许可证 is an intake material with the type id the 1020 bundle issues (`planningPermit`,
 *   projectFields.ts), so when the same project's 1020 case has completed it is reused from the archive (with its
 *   source case) and not asked. The 施工许可证 is asked only as its number (a form field), not as a material: a
 *   field pre-filled from an archived material is not built yet.
 * Data only.
 */
import type { Bundle, FieldDef, IdentityRule, MaterialType } from '../core/bundle.js';
import { enterpriseProjectFields, enterpriseProjectSubjects, planningPermit, projectKeys } from './projectFields.js';

const BUNDLE_ID = 'completionAcceptance';

const fields: FieldDef[] = [
  ...enterpriseProjectFields,
  { key: 'constructionPermitNumber', label: '建筑工程施工许可证编号', type: 'text', required: true, maxLength: 40, hint: '竣工联合验收须已取得施工许可' },
  { key: 'completedOn', label: '竣工日期', type: 'date', required: true, notFuture: true },
  { key: 'soilConservationApproval', label: '水土保持方案批复文号', type: 'text', required: true, maxLength: 60, hint: '涉及水土保持的项目填写' },
];

// ---- supplied at intake by the 建设单位 ----

const completionSurveyReport: MaterialType = {
  id: 'completionSurveyReport',
  name: '竣工测量成果报告（联合测绘）',
  fields: [
    { key: 'reportNumber', label: '报告编号', type: 'text', required: true, maxLength: 40 },
    { key: 'surveyUnit', label: '测绘单位', type: 'text', required: true, maxLength: 100 },
    { key: 'buildingAreaSqm', label: '实测建筑面积（平方米）', type: 'integer', required: true, min: 1, max: 10000000 },
    { key: 'completedOn', label: '成果日期', type: 'date', required: true, notFuture: true },
  ],
};

const completionReport: MaterialType = {
  id: 'completionReport',
  name: '工程竣工验收报告（建设单位组织五方验收）',
  fields: [
    { key: 'reportNumber', label: '报告编号', type: 'text', required: true, maxLength: 40 },
    { key: 'conclusion', label: '验收结论', type: 'text', required: true, maxLength: 200 },
    { key: 'completedOn', label: '验收日期', type: 'date', required: true, notFuture: true },
  ],
};

const asBuiltDrawings: MaterialType = {
  id: 'asBuiltDrawings',
  name: '竣工图',
  fields: [
    { key: 'drawingSetNumber', label: '图纸编号', type: 'text', required: true, maxLength: 40 },
    { key: 'sheets', label: '图纸张数', type: 'integer', required: true, min: 1, max: 10000 },
  ],
};

const soilConservationReport: MaterialType = {
  id: 'soilConservationReport',
  name: '水土保持设施验收报告',
  fields: [
    { key: 'reportNumber', label: '报告编号', type: 'text', required: true, maxLength: 40 },
    { key: 'completedOn', label: '报告日期', type: 'date', required: true, notFuture: true },
  ],
};

// ---- outputs: each department's 单项验收意见, and the 联合验收意见书 ----

const resultOptions = [
  { value: 'pass', label: '合格' },
  { value: 'rectify', label: '需整改' },
];

function opinion(id: string, name: string): MaterialType {
  return {
    id,
    name,
    fields: [
      { key: 'opinionNumber', label: '意见书编号', type: 'text', required: true, maxLength: 40 },
      { key: 'projectCode', label: '项目代码', type: 'text', required: true, maxLength: 30 },
      { key: 'result', label: '验收结论', type: 'select', required: true, options: resultOptions },
      { key: 'remarks', label: '意见及整改要求', type: 'text', maxLength: 1000, requiredWhen: { field: 'result', equals: 'rectify' } },
      { key: 'inspectedOn', label: '现场查验日期', type: 'date', required: true, notFuture: true },
    ],
  };
}

const housingOpinion = opinion('housingAcceptanceOpinion', '住建单项验收意见（质量监督、消防、人防）');
const planningOpinion = opinion('planningAcceptanceOpinion', '规划核实意见（含土地核验）');
const enforcementOpinion = opinion('enforcementAcceptanceOpinion', '综合行政执法单项验收意见');
const waterOpinion = opinion('waterAcceptanceOpinion', '水土保持设施验收核查意见');

const jointOpinion: MaterialType = {
  id: 'jointAcceptanceOpinion',
  name: '联合验收意见书',
  electronicLicence: true,
  fields: [
    { key: 'opinionNumber', label: '意见书编号', type: 'text', required: true, maxLength: 40 },
    { key: 'enterpriseName', label: '建设单位名称', type: 'text', required: true, maxLength: 100 },
    { key: 'enterpriseCreditCode', label: '统一社会信用代码', type: 'creditCode', required: true },
    { key: 'projectName', label: '项目名称', type: 'text', required: true, maxLength: 100 },
    { key: 'projectCode', label: '项目代码', type: 'text', required: true, maxLength: 30 },
    { key: 'conclusion', label: '联合验收结论', type: 'select', required: true, options: [{ value: 'pass', label: '通过联合验收' }] },
    { key: 'issuedOn', label: '出具日期', type: 'date', required: true, notFuture: true },
  ],
};

/** The opinion names the application's project. */
const sameProject = (material: string): IdentityRule[] => [{ material, field: 'projectCode', equals: { source: 'form', field: 'projectCode' } }];

const opinionInput = (material: string, purpose: string) => ({ material, fields: ['opinionNumber', 'result', 'remarks'], purpose });

const departmentItem = {
  routing: { by: 'accepting' as const },
  timeLimitDays: 5,
  warnRemainingDays: 2,
  clockStartsAt: 'release' as const,
  countersign: false,
  seals: ['approval' as const],
};

export const acceptanceBundle: Bundle = {
  id: BUNDLE_ID,
  version: 1,
  name: '竣工联合验收一件事',
  description: '工程建设项目竣工后一次申请、一窗受理，住建、自然资源和规划、综合行政执法（涉及水土保持的还有水利）并联查验，审管办统一出具联合验收意见书。',
  leadDepartment: 'serviceCenter',
  promisedDays: 10,
  // 工业/物流 10 working days, 房建 15 (the "1015" reform); the enterprise's rectification time is not counted (core acceptance.ts).
  promisedDaysBy: { field: 'projectClass', days: { industrial: 10, housing: 15 } },
  jointAcceptance: { opinionItem: 'jointOpinion' },
  fields,
  materials: [
    planningPermit, completionSurveyReport, completionReport, asBuiltDrawings, soilConservationReport,
    housingOpinion, planningOpinion, enforcementOpinion, waterOpinion, jointOpinion,
  ],
  intakeMaterials: ['planningPermit', 'completionSurveyReport', 'completionReport', 'asBuiltDrawings', 'soilConservationReport'],
  items: [
    {
      ...departmentItem,
      id: 'housingAcceptance',
      name: '住建单项验收（质量监督、消防验收、人防）',
      department: 'housing',
      required: true,
      fields: [...projectKeys, 'constructionPermitNumber', 'completedOn'],
      inputs: [
        { material: 'completionReport', fields: ['reportNumber', 'conclusion', 'completedOn'], purpose: '核查建设单位组织的竣工验收情况（工程质量监督）' },
        { material: 'completionSurveyReport', fields: ['reportNumber', 'buildingAreaSqm'], purpose: '依联合测绘成果核对建筑面积（消防、人防）' },
        { material: 'asBuiltDrawings', fields: ['drawingSetNumber', 'sheets'], purpose: '依竣工图查验消防、人防设施' },
      ],
      outputs: ['housingAcceptanceOpinion'],
      identity: sameProject('housingAcceptanceOpinion'),
    },
    {
      ...departmentItem,
      id: 'planningVerification',
      name: '规划核实（含土地核验）',
      department: 'naturalResources',
      required: true,
      fields: [...projectKeys],
      inputs: [
        { material: 'planningPermit', fields: ['permitNumber', 'projectCode', 'buildingAreaSqm'], purpose: '核实建设工程是否符合规划许可' },
        { material: 'completionSurveyReport', fields: ['reportNumber', 'surveyUnit', 'buildingAreaSqm', 'completedOn'], purpose: '以联合测绘成果核实规划条件和用地' },
        { material: 'asBuiltDrawings', fields: ['drawingSetNumber'], purpose: '核对竣工图与规划许可图纸' },
      ],
      outputs: ['planningAcceptanceOpinion'],
      identity: sameProject('planningAcceptanceOpinion'),
    },
    {
      ...departmentItem,
      id: 'enforcementAcceptance',
      name: '综合行政执法单项验收（临时建筑拆除、建筑垃圾处置、市容环卫设施）',
      department: 'lawEnforcement',
      required: true,
      fields: [...projectKeys],
      inputs: [
        { material: 'completionSurveyReport', fields: ['reportNumber', 'completedOn'], purpose: '以联合测绘成果核查临时建筑是否拆除' },
      ],
      outputs: ['enforcementAcceptanceOpinion'],
      identity: sameProject('enforcementAcceptanceOpinion'),
    },
    {
      ...departmentItem,
      id: 'waterConservationCheck',
      name: '水土保持设施验收核查',
      department: 'waterResources',
      required: false,
      fields: [...projectKeys, 'soilConservationApproval'],
      inputs: [
        { material: 'soilConservationReport', fields: ['reportNumber', 'completedOn'], purpose: '核查水土保持设施验收报告（涉及水土保持的项目）' },
      ],
      outputs: ['waterAcceptanceOpinion'],
      identity: sameProject('waterAcceptanceOpinion'),
    },
    {
      id: 'jointOpinion',
      name: '出具联合验收意见书',
      department: 'serviceCenter',
      routing: { by: 'accepting' },
      required: true,
      fields: [...projectKeys, 'legalRepresentativeName', 'legalRepresentativeIdNumber', 'constructionPermitNumber'],
      inputs: [
        opinionInput('housingAcceptanceOpinion', '汇总住建单项验收意见，统一出具联合验收意见书'),
        opinionInput('planningAcceptanceOpinion', '汇总规划核实意见，统一出具联合验收意见书'),
        opinionInput('enforcementAcceptanceOpinion', '汇总综合行政执法单项验收意见，统一出具联合验收意见书'),
      ],
      outputs: ['jointAcceptanceOpinion'],
      timeLimitDays: 3,
      warnRemainingDays: 1,
      countersign: false,
      seals: ['approval'],
      identity: [
        ...sameProject('jointAcceptanceOpinion'),
        { material: 'jointAcceptanceOpinion', field: 'enterpriseCreditCode', equals: { source: 'form', field: 'enterpriseCreditCode' } },
        { material: 'jointAcceptanceOpinion', field: 'enterpriseName', equals: { source: 'form', field: 'enterpriseName' } },
      ],
    },
  ],
  eligibility: [],
  subjects: enterpriseProjectSubjects,
};
