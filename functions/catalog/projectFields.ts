/**
 * The enterprise and project fields (企业、项目信息) and the permits both enterprise bundles share — 竣工联合验收
 * (completionAcceptanceBundle.ts) and the "1020" pre-construction approvals (preconstructionBundle.ts). Data only.
 *
 * Subjects (`enterpriseProjectSubjects`): both bundles file the case in the archive of the enterprise (by its
 * 统一社会信用代码) and of the project (by its 项目代码). The legal representative is not a subject: the case is the
 * enterprise's affair, not the person's; a person's archive (个人档案) holds the person's own 一件事, and after a
 * change of legal representative the enterprise's cases would stay in a former representative's archive. The form
 * still asks for the representative's name and 公民身份号码 because the 联合验收意见书 and the 施工许可 items read them
 * (who answers for the enterprise); the number is encrypted at rest like any ID number and not indexed.
 *
 * The permits below are one material type each in both bundles (same id, same fields): what the 1020 bundle issues is
 * what the joint acceptance reads, so a permit held in the project's archive is reused, not asked (ask once).
 */
import type { FieldDef, MaterialType, SelectOption, SubjectRef } from '../core/bundle.js';

/** 项目类别: the limits of both reforms differ by it (工业/物流 10, 房建 15 / 20 working days). */
const projectClassOptions: SelectOption[] = [
  { value: 'industrial', label: '工业/物流' },
  { value: 'housing', label: '房建' },
  { value: 'lowRisk', label: '社会投资简易低风险' },
];

/** 企业 (建设单位) and 项目 fields, in the order the one-table form shows them. */
export const enterpriseProjectFields: FieldDef[] = [
  { key: 'enterpriseName', label: '建设单位名称', type: 'text', required: true, maxLength: 100 },
  { key: 'enterpriseCreditCode', label: '统一社会信用代码', type: 'creditCode', required: true, hint: '18位，营业执照上的统一社会信用代码' },
  { key: 'legalRepresentativeName', label: '法定代表人姓名', type: 'text', required: true, maxLength: 30 },
  {
    key: 'legalRepresentativeIdNumber', label: '法定代表人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber',
  },
  { key: 'contactName', label: '项目联系人', type: 'text', required: true, maxLength: 30 },
  { key: 'contactPhone', label: '联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  { key: 'projectName', label: '项目名称', type: 'text', required: true, maxLength: 100 },
  { key: 'projectCode', label: '项目代码', type: 'text', required: true, maxLength: 30, hint: '投资项目在线审批监管平台赋予的项目代码：年份-行政区划代码-行业代码-项目类型-流水号，如 2025-330212-47-03-012345' },
  { key: 'projectClass', label: '项目类别', type: 'select', required: true, options: projectClassOptions },
  { key: 'projectLocation', label: '建设地点', type: 'address', required: true, maxLength: 120 },
];

/** The archive subjects of both bundles: the enterprise and the project, each shown by its name. */
export const enterpriseProjectSubjects: SubjectRef[] = [
  { role: 'enterprise', label: '建设单位', kind: 'enterprise', source: 'form', idField: 'enterpriseCreditCode', nameField: 'enterpriseName' },
  { role: 'project', label: '建设项目', kind: 'project', source: 'form', idField: 'projectCode', nameField: 'projectName' },
];

/** Keys of the fields every department of both bundles sees (who applies, for which project). */
export const projectKeys = ['enterpriseName', 'enterpriseCreditCode', 'contactName', 'contactPhone', 'projectName', 'projectCode', 'projectClass', 'projectLocation'];

const permitFields: FieldDef[] = [
  { key: 'permitNumber', label: '证书编号', type: 'text', required: true, maxLength: 40 },
  { key: 'projectName', label: '项目名称', type: 'text', required: true, maxLength: 100 },
  { key: 'projectCode', label: '项目代码', type: 'text', required: true, maxLength: 30 },
  { key: 'issuedOn', label: '发证日期', type: 'date', required: true, notFuture: true },
];

/** 建设工程规划许可证: issued by 自然资源和规划 in the 1020 bundle; brought to (or pulled for) the joint acceptance. */
export const planningPermit: MaterialType = {
  id: 'planningPermit',
  name: '建设工程规划许可证（电子证照）',
  electronicLicence: true,
  fields: [...permitFields, { key: 'buildingAreaSqm', label: '批准建筑面积（平方米）', type: 'integer', required: true, min: 1, max: 10000000 }],
};

/** 建筑工程施工许可证: issued by 住建 in the 1020 bundle; the joint acceptance asks for its number. */
export const constructionPermit: MaterialType = {
  id: 'constructionPermit',
  name: '建筑工程施工许可证（电子证照）',
  electronicLicence: true,
  fields: permitFields,
};
