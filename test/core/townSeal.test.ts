// Town centres' 审批专用章 (赋权事项): a town seal signs exactly the items in its scope, for sub-tasks routed to its own
// town; outside it the refusal names the item and says it is not among the town's 赋权事项 (hand it to the district
// department), while a department's seal, another department's item and a delegated seal each say what they are.
// Issuing a seal: scope classes (行政权力事项 / 公共服务事项) only for items in scope, a town's scope takes town items.
import { describe, expect, it } from 'vitest';
import type { Bundle, Item } from '../../functions/core/bundle.js';
import { type Directory, findSeal, type Seal } from '../../functions/core/directory.js';
import { isDomainError } from '../../functions/core/errors.js';
import { type SubTaskScope, sealsForActor } from '../../functions/core/policy.js';
import { checkSeal, outOfScopeMessage, sealsFor } from '../../functions/core/seal.js';
import { issueSeal } from '../../functions/core/sealRules.js';
import { actor, birthBundle, D, seedDirectory } from './fixtures.js';

const base = birthBundle.items[0];
const townItem = (id: string, name: string, cls: Item['seals'] = ['approval']): Item => ({ ...base, id, name, department: 'townCenter', seals: cls });
const hardship = townItem('hardshipRecognition', '就业困难人员认定');
const unemployment = townItem('unemploymentRegistration', '失业登记');
/** A published bundle with the town items (the real 就业一件事 is catalog data; these rules need only its items). */
const employment: Bundle = { ...birthBundle, id: 'employment', name: '就业一件事', items: [unemployment, hardship] };

const at = (department: string, itemId: string, bundleId = 'employment'): SubTaskScope => ({ bundleId, itemId, district: D.yinzhou, department, assignee: null });
const sealOf = (id: string, dir: Directory = seedDirectory): Seal => {
  const s = findSeal(dir, id);
  if (!s) throw new Error(`no seal ${id}`);
  return s;
};
const refusal = (r: ReturnType<typeof checkSeal>) => (isDomainError(r) ? { code: r.code, message: r.message } : { seal: r.id });

describe('a town centre\'s 审批专用章 signs its 赋权事项 only', () => {
  it('the seed\'s town seals carry their scope and the class of each item; 首南 is not empowered for 就业困难人员认定', () => {
    const zhonggongmiao = sealOf('yinzhou-zhonggongmiao-seal');
    expect(zhonggongmiao.scope).toContain('employment/hardshipRecognition');
    expect(zhonggongmiao.scopeClasses?.['employment/hardshipRecognition']).toBe('power');
    expect(zhonggongmiao.scopeClasses?.['employment/unemploymentRegistration']).toBe('publicService');
    expect(sealOf('yinzhou-shounan-seal').scope).not.toContain('employment/hardshipRecognition');
  });

  it('the sign-off sheet offers the town\'s own seal for an item in scope, and none where the item is outside it', () => {
    const signer = actor('yinzhou-zhonggongmiao-signer1');
    expect(sealsFor(seedDirectory, at('yinzhou-zhonggongmiao', 'hardshipRecognition'), hardship).map((s) => s.id)).toEqual(['yinzhou-zhonggongmiao-seal']);
    expect(sealsForActor(signer, at('yinzhou-zhonggongmiao', 'hardshipRecognition'), hardship, seedDirectory).map((s) => s.id)).toEqual(['yinzhou-zhonggongmiao-seal']);
    expect(sealsFor(seedDirectory, at('yinzhou-shounan', 'hardshipRecognition'), hardship)).toEqual([]);
    expect(sealsForActor(actor('yinzhou-shounan-signer1'), at('yinzhou-shounan', 'hardshipRecognition'), hardship, seedDirectory)).toEqual([]);
    expect(sealsFor(seedDirectory, at('yinzhou-shounan', 'unemploymentRegistration'), unemployment).map((s) => s.id)).toEqual(['yinzhou-shounan-seal']);
    // another town's item: its seal is its own town's
    expect(sealsFor(seedDirectory, at('yinzhou-jiangshan', 'unemploymentRegistration'), unemployment).map((s) => s.id)).toEqual(['yinzhou-jiangshan-seal']);
  });

  it('a town seal signs an item in scope; outside it SEAL_OUT_OF_SCOPE names the item and the town\'s 赋权事项', () => {
    expect(refusal(checkSeal(seedDirectory, 'yinzhou-zhonggongmiao-seal', at('yinzhou-zhonggongmiao', 'hardshipRecognition'), actor('yinzhou-zhonggongmiao-signer1'), hardship)))
      .toEqual({ seal: 'yinzhou-zhonggongmiao-seal' });
    expect(refusal(checkSeal(seedDirectory, 'yinzhou-shounan-seal', at('yinzhou-shounan', 'hardshipRecognition'), actor('yinzhou-shounan-signer1'), hardship))).toEqual({
      code: 'SEAL_OUT_OF_SCOPE',
      message: '「宁波市鄞州区首南街道便民服务中心审批专用章」的赋权事项不含「就业困难人员认定」，不能签署；请转交区级部门办理',
    });
  });

  it('a town seal on another town\'s sub-task says it signs only its own town\'s items', () => {
    const r = refusal(checkSeal(seedDirectory, 'yinzhou-shounan-seal', at('yinzhou-jiangshan', 'unemploymentRegistration'), actor('yinzhou-shounan-signer1'), unemployment));
    expect(r).toEqual({
      code: 'SEAL_OUT_OF_SCOPE',
      message: '「宁波市鄞州区首南街道便民服务中心审批专用章」只能签署本部门承办的事项，「失业登记」由宁波市鄞州区姜山镇便民服务中心承办，不能签署',
    });
  });

  it('a department\'s own seal outside its scope says 签署范围, not 赋权事项', () => {
    const police = sealOf('yinzhou-police-seal');
    const narrowed: Directory = { ...seedDirectory, seals: seedDirectory.seals.map((s) => (s.id === police.id ? { ...s, scope: [] } : s)) };
    const item = birthBundle.items.find((i) => i.id === 'householdRegistration');
    const scope = at('yinzhou-police', 'householdRegistration', 'birth');
    const r = refusal(checkSeal(narrowed, police.id, scope, actor('yinzhou-police-signer1'), item));
    expect(r).toEqual({ code: 'SEAL_OUT_OF_SCOPE', message: `「${police.name}」的签署范围不含「${item?.name}」，不能签署` });
    expect(r.message).not.toContain('赋权');
  });

  it('a delegated seal says which department did not authorise it, or that the item takes no delegated seal', () => {
    const window = sealOf('yinzhou-serviceCenter-delegated-seal');
    const reimbursement = birthBundle.items.find((i) => i.id === 'maternityReimbursement');
    if (!reimbursement) throw new Error('item');
    const scope = at('yinzhou-medicalInsurance', 'maternityReimbursement', 'birth');
    const owner = seedDirectory.departments.find((d) => d.id === 'yinzhou-medicalInsurance')?.name;
    expect(outOfScopeMessage(seedDirectory, window, scope, reimbursement)).toBe(`「${reimbursement.name}」不允许集中授权签章，须由${owner}用本部门审批专用章签署`);
    expect(outOfScopeMessage(seedDirectory, window, scope, { ...reimbursement, seals: undefined })).toBe(
      `${owner}未授权「${window.name}」签署「${reimbursement.name}」（无此事项的集中授权），不能签署`,
    );
  });
});

describe('issuing a seal with scope classes', () => {
  const town = { id: 'yinzhou-shounan-seal2', name: '首南街道审批专用章（二）', department: 'yinzhou-shounan', kind: 'approval' as const };

  it('a town centre\'s scope names town items, each classed 行政权力事项 or 公共服务事项', () => {
    const scope = ['employment/unemploymentRegistration', 'employment/hardshipRecognition'];
    const seal = issueSeal(seedDirectory, { ...town, scope, scopeClasses: { 'employment/unemploymentRegistration': 'publicService', 'employment/hardshipRecognition': 'power' } }, [employment]);
    expect(seal).toMatchObject({ scope, scopeClasses: { 'employment/unemploymentRegistration': 'publicService', 'employment/hardshipRecognition': 'power' }, keyId: 'yinzhou-shounan-seal2-ed25519-1' });
    // no classes: none stored
    expect(issueSeal(seedDirectory, { ...town, scope, scopeClasses: {} }, [employment])).not.toHaveProperty('scopeClasses');
  });

  it('a class for an item outside the scope, or not one of the two classes, is refused with its field path', () => {
    const r = issueSeal(seedDirectory, {
      ...town,
      scope: ['employment/unemploymentRegistration'],
      scopeClasses: { 'employment/hardshipRecognition': 'power', 'employment/unemploymentRegistration': 'other' as 'power' },
    }, [employment]);
    expect(Array.isArray(r) && r.map((i) => [i.field, i.code])).toEqual([
      ['scopeClasses.employment/hardshipRecognition', 'NOT_IN_SCOPE'],
      ['scopeClasses.employment/unemploymentRegistration', 'BAD_ITEM_CLASS'],
    ]);
    expect(Array.isArray(r) && r.every((i) => /[\u4e00-\u9fff]/.test(i.message))).toBe(true);
  });

  it('a town\'s scope cannot take a district department\'s item, nor a department\'s a town item', () => {
    const r = issueSeal(seedDirectory, { ...town, scope: ['birth/householdRegistration'] }, [birthBundle, employment]);
    expect(Array.isArray(r) && r.map((i) => [i.field, i.code])).toEqual([['scope.0', 'WRONG_DEPARTMENT']]);
    const police = issueSeal(seedDirectory, { ...town, department: 'yinzhou-police', scope: ['employment/hardshipRecognition'] }, [employment]);
    expect(Array.isArray(police) && police.map((i) => [i.field, i.code])).toEqual([['scope.0', 'WRONG_DEPARTMENT']]);
  });
});
