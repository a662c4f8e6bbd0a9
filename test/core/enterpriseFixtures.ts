// Applications of the enterprise bundles (竣工联合验收, "1020" 开工前审批): an industrial project of a made-up
// enterprise in 鄞州 with a valid 统一社会信用代码, the intake materials it brings, and what each department signs.
import type { FormValues } from '../../functions/core/form';
import { makeId } from './fixtures';

/** A valid 统一社会信用代码 (GB 32100, 鄞州 330212; check character computed, made-up enterprise). */
export const CREDIT_CODE = '91330212MA2H3K5P7G';
/** The same code with a wrong check character. */
export const BAD_CREDIT_CODE = '91330212MA2H3K5P70';
const LEGAL_REP_ID = makeId('330212', '1975-04-18', '053');
export const PROJECT_CODE = '2025-330212-34-03-012345';

function enterpriseValues(): FormValues {
  return {
    enterpriseName: '宁波示例精密机械有限公司',
    enterpriseCreditCode: CREDIT_CODE,
    legalRepresentativeName: '周立新',
    legalRepresentativeIdNumber: LEGAL_REP_ID,
    contactName: '陈海燕',
    contactPhone: '13805740000',
    projectName: '年产20万套精密零部件厂房项目',
    projectCode: PROJECT_CODE,
    projectClass: 'industrial',
    projectLocation: '宁波市鄞州区姜山镇科技园区明光路 88 号',
  };
}

/** The field the 水利 item adds when the applicant chooses it. */
export const WATER_VALUES: FormValues = { soilConservationApproval: '鄞水许〔2024〕15号' };

export function acceptanceValues(over: FormValues = {}): FormValues {
  return {
    ...enterpriseValues(),
    constructionPermitNumber: '330212202504180101',
    completedOn: '2026-02-20',
    ...over,
  };
}

export function preconstructionValues(over: FormValues = {}): FormValues {
  return { ...enterpriseValues(), buildingAreaSqm: 24000, contractPriceYuan: '56,320,000.00', plannedStartOn: '2026-04-01', ...over };
}

/** The intake materials of the joint acceptance, as the window records them (data only). */
export const acceptanceSupplied: { type: string; data: FormValues }[] = [
  { type: 'planningPermit', data: { permitNumber: '建字第330212202400321号', projectName: '年产20万套精密零部件厂房项目', projectCode: PROJECT_CODE, issuedOn: '2024-09-10', buildingAreaSqm: 24000 } },
  { type: 'completionSurveyReport', data: { reportNumber: 'CH-2026-0107', surveyUnit: '宁波市测绘设计研究院', buildingAreaSqm: 23980, completedOn: '2026-02-25' } },
  { type: 'completionReport', data: { reportNumber: 'JG-2026-0033', conclusion: '五方责任主体验收合格', completedOn: '2026-02-20' } },
  { type: 'asBuiltDrawings', data: { drawingSetNumber: 'JGT-2026-011', sheets: 146 } },
  { type: 'soilConservationReport', data: { reportNumber: 'SB-2026-004', completedOn: '2026-02-18' } },
];

const opinion = (n: string): FormValues => ({ opinionNumber: n, projectCode: PROJECT_CODE, result: 'pass', inspectedOn: '2026-03-02' });

/** What each item of the joint acceptance signs off (materials by type). */
export const acceptanceOutputs: Record<string, Record<string, FormValues>> = {
  housingAcceptance: { housingAcceptanceOpinion: opinion('鄞住建验〔2026〕21号') },
  planningVerification: { planningAcceptanceOpinion: opinion('鄞规核〔2026〕17号') },
  enforcementAcceptance: { enforcementAcceptanceOpinion: opinion('鄞执验〔2026〕9号') },
  waterConservationCheck: { waterAcceptanceOpinion: opinion('鄞水验〔2026〕4号') },
  jointOpinion: {
    jointAcceptanceOpinion: {
      opinionNumber: '鄞联验〔2026〕12号', enterpriseName: '宁波示例精密机械有限公司', enterpriseCreditCode: CREDIT_CODE,
      projectName: '年产20万套精密零部件厂房项目', projectCode: PROJECT_CODE, conclusion: 'pass', issuedOn: '2026-03-02',
    },
  },
};

/** 竣工联合验收 in 鄞州: the four departments' items, and who of each claims, signs and with which seal (the seed's staff). */
export const ACCEPTANCE_DEPTS = ['housingAcceptance', 'planningVerification', 'enforcementAcceptance', 'waterConservationCheck'] as const;
export const ACCEPTANCE_HANDLER: Record<string, string> = {
  housingAcceptance: 'yinzhou-housing-handler1',
  planningVerification: 'yinzhou-naturalResources-handler1',
  enforcementAcceptance: 'yinzhou-lawEnforcement-handler1',
  waterConservationCheck: 'yinzhou-waterResources-handler1',
};
export const ACCEPTANCE_SIGNER: Record<string, string> = {
  housingAcceptance: 'yinzhou-housing-signer1',
  planningVerification: 'yinzhou-naturalResources-signer1',
  enforcementAcceptance: 'yinzhou-lawEnforcement-signer1',
  waterConservationCheck: 'yinzhou-waterResources-signer1',
  jointOpinion: 'yinzhou-serviceCenter-signer1',
};
export const ACCEPTANCE_SEAL: Record<string, string> = {
  housingAcceptance: 'yinzhou-housing-seal',
  planningVerification: 'yinzhou-naturalResources-seal',
  enforcementAcceptance: 'yinzhou-lawEnforcement-seal',
  waterConservationCheck: 'yinzhou-waterResources-seal',
  jointOpinion: 'yinzhou-serviceCenter-seal',
};
