/**
 * The enterprise bundles of the catalog — 竣工联合验收 and the "1020" 开工前审批 — validate against the seed directory,
 * whose joining districts (鄞州, 海曙) have the 住建局, 自然资源和规划分局, 综合行政执法局 and 水利局 with handlers,
 * signers and approval seals for the items; the form asks the enterprise and project fields with a checked
 * 统一社会信用代码; the pre-check refuses a wrong code in Chinese.
 */
import { describe, expect, it } from 'vitest';
import { acceptanceBundle } from '../../functions/catalog/acceptanceBundle.js';
import { bundles } from '../../functions/catalog/index.js';
import { preconstructionBundle } from '../../functions/catalog/preconstructionBundle.js';
import { itemRef, promisedDaysFor } from '../../functions/core/bundle.js';
import { criticalPathDays } from '../../functions/core/bundleGraph.js';
import { validateBundle } from '../../functions/core/bundleValidation.js';
import { deriveForm } from '../../functions/core/form.js';
import { precheck } from '../../functions/core/precheck.js';
import { acceptanceSupplied, acceptanceValues, BAD_CREDIT_CODE } from './enterpriseFixtures.js';
import { D, NOW, seedDirectory } from './fixtures.js';

const enterprise = [acceptanceBundle, preconstructionBundle];

describe('enterprise bundles in the catalog', () => {
  it('are published by the seed and validate against the seed directory', () => {
    expect(bundles.map((b) => b.id)).toEqual(expect.arrayContaining(['completionAcceptance', 'preconstruction']));
    for (const b of enterprise) expect(validateBundle(b, seedDirectory)).toBe(b);
  });

  it('鄞州 and 海曙 handle them; the others do not', () => {
    const joined = seedDirectory.districts.filter((d) => d.bundles.includes('completionAcceptance') && d.bundles.includes('preconstruction')).map((d) => d.code);
    expect(joined.sort()).toEqual([D.haishu, D.yinzhou].sort());
  });

  it('the joining districts have each department with its real name, handlers, two signers and an approval seal whose scope holds its items', () => {
    const names = seedDirectory.departments.filter((d) => d.district === D.yinzhou && ['housing', 'naturalResources', 'lawEnforcement', 'waterResources'].includes(d.kind)).map((d) => d.name);
    expect(names).toEqual(['宁波市鄞州区住房和城乡建设局', '宁波市自然资源和规划局鄞州分局', '宁波市鄞州区综合行政执法局', '宁波市鄞州区水利局']);
    for (const b of enterprise) {
      for (const item of b.items) {
        for (const code of [D.yinzhou, D.haishu]) {
          const deps = seedDirectory.departments.filter((d) => d.district === code && d.kind === item.department);
          expect(deps.length, `${code} ${item.department}`).toBe(1);
          const dep = deps[0];
          expect(seedDirectory.seals.some((s) => s.department === dep.id && s.kind === 'approval' && s.scope.includes(itemRef(b.id, item.id)))).toBe(true);
          expect(seedDirectory.staff.filter((s) => s.department === dep.id && s.roles.includes('signer')).length).toBeGreaterThanOrEqual(2);
          expect(seedDirectory.staff.some((s) => s.department === dep.id && s.roles.includes('handler'))).toBe(true);
        }
      }
    }
  });

  it('limits: 10 working days for the whole case (the 工业/物流 figure), covering the critical path', () => {
    expect(acceptanceBundle.promisedDays).toBe(10);
    expect(preconstructionBundle.promisedDays).toBe(10);
    expect(criticalPathDays(acceptanceBundle, acceptanceBundle.items.map((i) => i.id))).toBe(8);
    expect(criticalPathDays(preconstructionBundle, preconstructionBundle.items.map((i) => i.id))).toBe(8);
    // by project class: 1020 — 10 (工业/物流), 20 (房建); joint acceptance — 10, 15; 简易低风险 the bundle's figure
    expect(promisedDaysFor(preconstructionBundle, { projectClass: 'industrial' })).toBe(10);
    expect(promisedDaysFor(preconstructionBundle, { projectClass: 'housing' })).toBe(20);
    expect(promisedDaysFor(preconstructionBundle, { projectClass: 'lowRisk' })).toBe(10);
    expect(promisedDaysFor(acceptanceBundle, { projectClass: 'housing' })).toBe(15);
  });

  it('the joint acceptance: four departments in parallel (水利 optional), the 审管办 signing the joint opinion from their opinions', () => {
    const byId = Object.fromEntries(acceptanceBundle.items.map((i) => [i.id, i]));
    expect(acceptanceBundle.leadDepartment).toBe('serviceCenter');
    expect(byId.waterConservationCheck.required).toBe(false);
    expect(byId.jointOpinion).toMatchObject({ department: 'serviceCenter', outputs: ['jointAcceptanceOpinion'] });
    expect(byId.jointOpinion.inputs.map((x) => x.material)).toEqual(['housingAcceptanceOpinion', 'planningAcceptanceOpinion', 'enforcementAcceptanceOpinion']);
    for (const id of ['housingAcceptance', 'planningVerification', 'enforcementAcceptance', 'waterConservationCheck']) expect(byId[id].inputs.every((x) => acceptanceBundle.intakeMaterials.includes(x.material))).toBe(true);
  });

  it('the form asks the enterprise and project fields, the credit code as a creditCode field; 水利 adds its approval number', () => {
    const form = deriveForm(acceptanceBundle, []);
    const keys = form.fields.map((f) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['enterpriseName', 'enterpriseCreditCode', 'legalRepresentativeName', 'contactPhone', 'projectName', 'projectCode', 'projectClass', 'projectLocation', 'constructionPermitNumber']));
    expect(form.fields.find((f) => f.key === 'enterpriseCreditCode')?.type).toBe('creditCode');
    expect(form.fields.find((f) => f.key === 'projectClass')?.options?.map((o) => o.label)).toEqual(['工业/物流', '房建', '社会投资简易低风险']);
    expect(keys).not.toContain('soilConservationApproval');
    expect(deriveForm(acceptanceBundle, ['waterConservationCheck']).fields.map((f) => f.key)).toContain('soilConservationApproval');
  });

  it('the pre-check passes an industrial project and refuses a wrong 统一社会信用代码 in Chinese', () => {
    const provided = acceptanceSupplied.map((m) => m.type);
    const input = { bundle: acceptanceBundle, chosenOptional: [], providedMaterials: provided, acceptingDistrict: D.yinzhou, directory: seedDirectory, now: NOW };
    expect(precheck({ ...input, values: acceptanceValues() }).ok).toBe(true);
    const bad = precheck({ ...input, values: acceptanceValues({ enterpriseCreditCode: BAD_CREDIT_CODE }) });
    expect(bad.ok).toBe(false);
    expect(bad.issues).toEqual([{ field: 'enterpriseCreditCode', code: 'CREDIT_CODE_INVALID', message: '【统一社会信用代码】校验位不正确，请核对' }]);
  });
});
