/**
 * The diff of two bundle versions (core bundleDiff.ts): items, form fields, materials and their fields, limits,
 * routing, seals, countersign, inputs / outputs, intake materials, eligibility, subjects — added / removed /
 * changed with before → after and a Chinese label; drafts that lack parts diff as empty.
 */
import { describe, expect, it } from 'vitest';
import { diffBundles } from '../../functions/core/bundleDiff.js';
import { acceptanceBundle } from '../../functions/catalog/acceptanceBundle.js';
import { birthBundle } from './fixtures.js';

const copy = (): any => JSON.parse(JSON.stringify(birthBundle));

describe('diffBundles', () => {
  it('the same bundle: no changes', () => {
    expect(diffBundles(copy(), copy())).toEqual([]);
  });

  it('limits, routing, seals, countersign, inputs and outputs of an item, labelled with its name', () => {
    const before = copy();
    const after = copy();
    const item = after.items.find((i: any) => i.id === 'birthCertificate');
    item.timeLimitDays = 3;
    item.warnRemainingDays = 1;
    item.routing = { by: 'accepting' };
    item.seals = ['approval', 'delegated'];
    item.countersign = true;
    after.promisedDays = 7;
    const changes = diffBundles(before, after);
    const byPath = Object.fromEntries(changes.map((c) => [c.path, c]));
    const b = birthBundle.items.find((i) => i.id === 'birthCertificate')!;
    expect(byPath['items.birthCertificate.timeLimitDays']).toMatchObject({ section: 'item', change: 'changed', before: b.timeLimitDays, after: 3, label: `事项「${b.name}」 · 承诺时限（工作日）` });
    expect(byPath['items.birthCertificate.warnRemainingDays']).toMatchObject({ change: 'changed', before: 0, after: 1 });
    expect(byPath['items.birthCertificate.routing']).toMatchObject({ before: b.routing, after: { by: 'accepting' }, label: `事项「${b.name}」 · 分派规则` });
    expect(byPath['items.birthCertificate.seals']).toMatchObject({ change: 'changed', before: ['approval'], after: ['approval', 'delegated'], label: `事项「${b.name}」 · 签章类型` });
    expect(byPath['items.birthCertificate.countersign']).toMatchObject({ before: false, after: true, label: `事项「${b.name}」 · 会签` });
    expect(byPath['bundle.promisedDays']).toMatchObject({ section: 'bundle', before: birthBundle.promisedDays, after: 7, label: '一件事 · 总承诺时限（工作日）' });
  });

  it('items, form fields, materials and material fields added and removed; intake materials, eligibility and subjects', () => {
    const before = copy();
    const after = copy();
    after.items = after.items.filter((i: any) => i.id !== 'vaccinationCertificate');
    after.items.push({ ...after.items[0], id: 'newItem', name: '新事项' });
    after.fields.push({ key: 'extra', label: '补充说明', type: 'text' });
    after.fields = after.fields.filter((f: any) => f.key !== 'residenceAddress');
    after.fields.find((f: any) => f.key === 'babyName').label = '婴儿姓名';
    after.materials[0].fields.push({ key: 'note', label: '备注', type: 'text' });
    after.materials.push({ id: 'permit', name: '许可证', fields: [] });
    after.intakeMaterials = [...after.intakeMaterials, 'permit'];
    after.eligibility = after.eligibility.slice(1);
    after.subjects[0].label = '主体';
    const changes = diffBundles(before, after);
    const find = (path: string) => changes.find((c) => c.path === path);
    const vacc = birthBundle.items.find((i) => i.id === 'vaccinationCertificate')!;
    expect(find('items.vaccinationCertificate')).toMatchObject({ change: 'removed', label: `事项「${vacc.name}」`, after: null });
    expect(find('items.newItem')).toMatchObject({ change: 'added', label: '事项「新事项」', before: null });
    expect(find('fields.extra')).toMatchObject({ section: 'field', change: 'added', label: '表单字段「补充说明」' });
    expect(find('fields.residenceAddress')).toMatchObject({ change: 'removed' });
    expect(find('fields.babyName.label')).toMatchObject({ change: 'changed', before: '新生儿姓名', after: '婴儿姓名' });
    const m0 = birthBundle.materials[0];
    expect(find(`materials.${m0.id}.fields.note`)).toMatchObject({ section: 'material', change: 'added', label: `材料「${m0.name}」 · 字段「备注」` });
    expect(find('materials.permit')).toMatchObject({ change: 'added', label: '材料「许可证」' });
    expect(find('intakeMaterials.permit')).toMatchObject({ section: 'intake', change: 'added' });
    if (birthBundle.eligibility.length > 0) expect(changes.some((c) => c.section === 'eligibility')).toBe(true);
    expect(changes.find((c) => c.section === 'subject')).toMatchObject({ change: 'changed', after: '主体' });
  });

  it('an incomplete draft diffs as empty parts (a new bundle against nothing: everything added)', () => {
    const changes = diffBundles({}, { id: 'x', name: '新', items: [{ id: 'a', name: '甲' }], fields: 'broken' });
    expect(changes).toEqual([
      expect.objectContaining({ path: 'bundle.name', change: 'added', after: '新' }),
      expect.objectContaining({ path: 'items.a', change: 'added', label: '事项「甲」' }),
    ]);
  });
});

describe('diffBundles: the joint-acceptance settings', () => {
  it('promisedDaysBy and jointAcceptance are labelled in Chinese, added, changed and removed', () => {
    const before: any = JSON.parse(JSON.stringify(acceptanceBundle));
    const after: any = JSON.parse(JSON.stringify(acceptanceBundle));
    after.promisedDaysBy.days.housing = 20;
    after.jointAcceptance = { opinionItem: 'housingAcceptance' };
    const byPath = Object.fromEntries(diffBundles(before, after).map((c) => [c.path, c]));
    expect(byPath['bundle.promisedDaysBy']).toMatchObject({
      section: 'bundle', change: 'changed', label: '一件事 · 按表单选项的总承诺时限（工作日）',
      before: { field: 'projectClass', days: { industrial: 10, housing: 15 } }, after: { field: 'projectClass', days: { industrial: 10, housing: 20 } },
    });
    expect(byPath['bundle.jointAcceptance']).toMatchObject({ change: 'changed', label: '一件事 · 竣工联合验收（出具联合验收意见书的事项）', before: { opinionItem: 'jointOpinion' }, after: { opinionItem: 'housingAcceptance' } });
    const plain = copy();
    const added = Object.fromEntries(diffBundles(plain, { ...plain, promisedDaysBy: before.promisedDaysBy, jointAcceptance: before.jointAcceptance }).map((c) => [c.path, c]));
    expect(added['bundle.promisedDaysBy']).toMatchObject({ change: 'added', before: null, label: '一件事 · 按表单选项的总承诺时限（工作日）' });
    expect(added['bundle.jointAcceptance']).toMatchObject({ change: 'added', before: null });
    const removed = diffBundles({ ...plain, promisedDaysBy: before.promisedDaysBy }, plain);
    expect(removed).toEqual([expect.objectContaining({ path: 'bundle.promisedDaysBy', change: 'removed', after: null, label: '一件事 · 按表单选项的总承诺时限（工作日）' })]);
  });
});
