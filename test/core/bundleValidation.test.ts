import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../functions/core/bundle.js';
import { criticalPathDays, topologicalOrder } from '../../functions/core/bundleGraph.js';
import { validateBundle } from '../../functions/core/bundleValidation.js';
import { type Directory, withDistrictJoined } from '../../functions/core/directory.js';
import { isDomainError } from '../../functions/core/errors.js';
import { birthBundle, deathBundle, seedDirectory } from './fixtures.js';

function issueCodes(candidate: unknown, dir?: Directory): string[] {
  const r = validateBundle(candidate, dir);
  return isDomainError(r) ? r.issues.map((i) => i.code) : [];
}

function mutate(b: Bundle, change: (copy: Bundle) => void): Bundle {
  const copy = structuredClone(b);
  change(copy);
  return copy;
}

describe('bundle validation', () => {
  it('accepts every catalog bundle, with the seed directory', () => {
    for (const b of [birthBundle, deathBundle]) expect(validateBundle(b, seedDirectory)).toBe(b);
  });

  it('reports schema violations with the BUNDLE_INVALID code', () => {
    const r = validateBundle({ id: 'x' });
    expect(isDomainError(r) && r.code).toBe('BUNDLE_INVALID');
    expect(issueCodes({ ...birthBundle, extra: 1 })).toContain('ADDITIONALPROPERTIES');
    expect(issueCodes(mutate(birthBundle, (b) => { b.items[0].timeLimitDays = 0; }))).toContain('MINIMUM');
    expect(issueCodes(mutate(birthBundle, (b) => { b.fields[0].key = '出生'; }))).toContain('PATTERN');
    const invisible = validateBundle(mutate(birthBundle, (b) => { b.fields[0].label = '\u200b'; }));
    expect(isDomainError(invisible) && invisible.issues).toEqual([{ field: 'fields.0.label', code: 'NO_VISIBLE_TEXT', message: '没有可见的文字（空格、零宽字符等不可见字符不算内容）' }]);
  });

  it('finds a cycle in the item graph', () => {
    const cyclic = mutate(deathBundle, (b) => {
      b.items[0].inputs.push({ material: 'cremationCertificate', fields: ['certificateNumber'], purpose: '循环测试' });
    });
    expect(topologicalOrder(cyclic)).toBeNull();
    expect(issueCodes(cyclic)).toContain('CYCLE');
  });

  it('names the items of the cycle in flow order (A → B → A), and an item of a kind no department has', () => {
    const cyclic = mutate(deathBundle, (b) => {
      b.items[0].inputs.push({ material: 'cremationCertificate', fields: ['certificateNumber'], purpose: '循环测试' });
    });
    const r = validateBundle(cyclic);
    const message = isDomainError(r) ? r.issues.find((i) => i.code === 'CYCLE')?.message : undefined;
    const names = message?.replace('事项之间存在循环依赖：', '').split(' → ') ?? [];
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names[0]).toBe(names[names.length - 1]);
    expect(names).toContain(deathBundle.items[0].name);
    const lonely: Directory = { ...seedDirectory, departmentKinds: [...seedDirectory.departmentKinds, { id: 'weather', name: '气象' }] };
    const b = mutate(birthBundle, (x) => { x.items[4].department = 'weather'; });
    const noDept = validateBundle(b, lonely);
    expect(isDomainError(noDept) && noDept.issues.find((i) => i.code === 'NO_DEPARTMENT_OF_KIND')).toEqual({
      field: 'items.4.department', code: 'NO_DEPARTMENT_OF_KIND', message: `没有任何气象部门能承办事项「${birthBundle.items[4].name}」`,
    });
  });

  it('requires every input to be produced by an item or supplied at intake', () => {
    const b = mutate(birthBundle, (x) => { x.intakeMaterials = ['householdBook']; });
    expect(issueCodes(b)).toContain('UNPRODUCED_INPUT');
  });

  it('rejects two producers, unknown materials and fields, self-inputs', () => {
    expect(issueCodes(mutate(birthBundle, (b) => { b.items[1].outputs.push('birthMedicalCertificate'); }))).toContain('MULTIPLE_PRODUCERS');
    expect(issueCodes(mutate(birthBundle, (b) => { b.items[1].inputs[0].fields.push('noSuchField'); }))).toContain('UNKNOWN_FIELD');
    expect(issueCodes(mutate(birthBundle, (b) => { b.items[1].fields.push('noSuchField'); }))).toContain('UNKNOWN_FIELD');
    expect(issueCodes(mutate(birthBundle, (b) => { b.items[1].inputs[0].material = 'nothing'; }))).toContain('UNKNOWN_MATERIAL');
    expect(issueCodes(mutate(birthBundle, (b) => {
      b.items[0].inputs.push({ material: 'birthMedicalCertificate', fields: ['certificateNumber'], purpose: '自引用' });
    }))).toContain('SELF_INPUT');
  });

  it('rejects a field no item uses (minimum necessary collection)', () => {
    const b = mutate(birthBundle, (x) => { x.fields.push({ key: 'religion', label: '宗教信仰', type: 'text' }); });
    expect(issueCodes(b)).toContain('UNUSED_FIELD');
  });

  it('rejects a required item that depends on an optional one', () => {
    const b = mutate(birthBundle, (x) => { x.items[0].required = false; });
    expect(issueCodes(b)).toContain('REQUIRED_ON_OPTIONAL');
  });

  it('rejects a promise shorter than the critical path', () => {
    expect(criticalPathDays(birthBundle, birthBundle.items.filter((i) => i.required).map((i) => i.id))).toBe(5);
    expect(criticalPathDays(deathBundle)).toBe(12);
    expect(issueCodes(mutate(birthBundle, (b) => { b.promisedDays = 4; }))).toContain('PROMISE_TOO_SHORT');
  });

  it('checks routing fields and rule fields', () => {
    expect(issueCodes(mutate(deathBundle, (b) => { b.items[2].routing = { by: 'field', field: 'deceasedName', basis: 'household' }; }))).toContain('BAD_ROUTING_FIELD');
    expect(issueCodes(mutate(deathBundle, (b) => { b.eligibility.push({ kind: 'maxAge', field: 'deceasedName', maxDays: 3, message: '错误规则' }); }))).toContain('BAD_RULE_FIELD');
    expect(issueCodes(mutate(deathBundle, (b) => { b.subjects[0].idField = 'deceasedName'; }))).toContain('BAD_SUBJECT');
    expect(issueCodes(mutate(deathBundle, (b) => { b.items[0].warnRemainingDays = 1; }))).toContain('BAD_WARNING');
  });

  it('checks departments and districts against the directory', () => {
    expect(issueCodes(mutate(birthBundle, (b) => { b.items[2].department = 'taxBureau'; }), seedDirectory)).toContain('UNKNOWN_DEPARTMENT_KIND');
    expect(issueCodes(mutate(birthBundle, (b) => { b.items[4].routing = { by: 'fixed', district: '330299' }; }), seedDirectory)).toContain('UNKNOWN_DISTRICT');
    // A district that joins without a department the bundle needs is caught.
    const noPolice: Directory = { ...seedDirectory, departments: seedDirectory.departments.filter((d) => d.id !== 'beilun-police') };
    expect(issueCodes(birthBundle, noPolice)).toContain('MISSING_DEPARTMENT');
    // A delegation of an item that accepts only the department's own seal is caught.
    expect(issueCodes(mutate(birthBundle, (b) => { b.items[2].seals = ['approval']; }), seedDirectory)).toContain('DELEGATION_NOT_ALLOWED');
    // Joining 北仑 to the death bundle needs nothing but configuration: it has every department.
    expect(validateBundle(deathBundle, withDistrictJoined(seedDirectory, '330206', 'death'))).toBe(deathBundle);
  });
});
