/**
 * 材料来源 (core materialSources.ts): every material the chosen items read has one source — the applicant or the
 * item of the case that issues it — and the counts "asked from the applicant N / needed M"; the dry run answers
 * them whether or not the sample application passes.
 */
import { describe, expect, it } from 'vitest';
import { acceptanceBundle } from '../../functions/catalog/acceptanceBundle.js';
import { preconstructionBundle } from '../../functions/catalog/preconstructionBundle.js';
import type { Bundle } from '../../functions/core/bundle.js';
import { dryRun } from '../../functions/core/dryRun.js';
import { materialSources } from '../../functions/core/materialSources.js';
import { acceptanceSupplied, acceptanceValues, preconstructionValues, WATER_VALUES } from './enterpriseFixtures.js';
import { birthBundle, calendar, D, NOW, seedDirectory } from './fixtures.js';

const sourceOf = (r: ReturnType<typeof materialSources>) => Object.fromEntries(r.materials.map((m) => [m.id, m.source.kind === 'item' ? m.source.itemId : m.source.kind]));

describe('materialSources', () => {
  it('the 1020 bundle: the planning permit and the drawing-review certificate come from the parallel items, six materials are asked once', () => {
    const r = materialSources(preconstructionBundle);
    expect(sourceOf(r)).toEqual({
      projectFiling: 'applicant', landTitle: 'applicant', designScheme: 'applicant', constructionDrawings: 'applicant', geotechnicalReport: 'applicant',
      planningPermit: 'planningApproval', drawingReviewCertificate: 'drawingReview', constructionContract: 'applicant',
    });
    expect({ asked: r.askedFromApplicant, needed: r.needed, withoutSharing: r.askedWithoutSharing }).toEqual({ asked: 6, needed: 8, withoutSharing: 10 });
    // one source each, read by several departments: the 设计方案 by 规划 and 图审, the 不动产权证书 by 规划 and 施工许可
    expect(r.materials.find((m) => m.id === 'designScheme')?.readBy).toEqual(['planningApproval', 'drawingReview']);
    expect(r.materials.find((m) => m.id === 'landTitle')?.readBy).toEqual(['planningApproval', 'constructionApproval']);
    expect(r.materials.find((m) => m.id === 'planningPermit')).toMatchObject({ name: '建设工程规划许可证（电子证照）', source: { kind: 'item', itemName: '建设工程规划许可' } });
  });

  it('an optional item adds only what it reads: 建筑垃圾处置核准 adds its plan, the contract is shared', () => {
    const r = materialSources(preconstructionBundle, ['wasteDisposal']);
    expect({ asked: r.askedFromApplicant, needed: r.needed, withoutSharing: r.askedWithoutSharing }).toEqual({ asked: 7, needed: 9, withoutSharing: 12 });
    expect(r.materials.find((m) => m.id === 'constructionContract')?.readBy).toEqual(['constructionApproval', 'wasteDisposal']);
  });

  it('the joint acceptance: one survey report for three departments, the opinions come from the departments; 水利 only when chosen', () => {
    const plain = materialSources(acceptanceBundle);
    expect(plain.materials.find((m) => m.id === 'completionSurveyReport')?.readBy).toEqual(['housingAcceptance', 'planningVerification', 'enforcementAcceptance']);
    expect(sourceOf(plain).housingAcceptanceOpinion).toBe('housingAcceptance');
    expect({ asked: plain.askedFromApplicant, needed: plain.needed }).toEqual({ asked: 4, needed: 7 });
    expect(plain.materials.some((m) => m.id === 'soilConservationReport')).toBe(false);
    const water = materialSources(acceptanceBundle, ['waterConservationCheck']);
    expect({ asked: water.askedFromApplicant, needed: water.needed }).toEqual({ asked: 5, needed: 8 });
  });

  it('a material neither issued by a chosen item nor supplied at intake is shown with no source (never counted as asked)', () => {
    const broken: Bundle = structuredClone(birthBundle);
    broken.intakeMaterials = broken.intakeMaterials.filter((m) => m !== 'householdBook');
    const r = materialSources(broken);
    expect(r.materials.find((m) => m.id === 'householdBook')?.source).toEqual({ kind: 'none' });
    expect(r.askedFromApplicant).toBe(materialSources(birthBundle).askedFromApplicant - 1);
  });
});

describe('the dry run answers the material sources', () => {
  const base = { acceptingDistrict: D.yinzhou, directory: seedDirectory, calendar, now: NOW };

  it('for a routable 1020 application, and for one the pre-check refuses', () => {
    const ok = dryRun({ ...base, bundle: preconstructionBundle, values: preconstructionValues(), chosenOptional: [], supplied: [...preconstructionBundle.intakeMaterials] });
    expect(ok.routable).toBe(true);
    expect(ok.materialSources).toEqual(materialSources(preconstructionBundle));
    expect(ok.subTasks.map((t) => [t.itemId, t.state])).toEqual([['planningApproval', 'ready'], ['drawingReview', 'ready'], ['constructionApproval', 'waiting']]);
    const refused = dryRun({ ...base, bundle: acceptanceBundle, values: acceptanceValues({ ...WATER_VALUES, projectName: '' }), chosenOptional: ['waterConservationCheck'], supplied: acceptanceSupplied.map((m) => m.type) });
    expect(refused.routable).toBe(false);
    expect(refused.materialSources.needed).toBe(8);
  });
});
