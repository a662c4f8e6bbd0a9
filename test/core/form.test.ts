import { describe, expect, it } from 'vitest';
import { deriveForm, isFieldRequired, projectForm, selectItems } from '../../functions/core/form.js';
import { birthBundle, birthValues, deathBundle, seedDirectory } from './fixtures.js';

describe('one-table form (一表申请)', () => {
  it('is the de-duplicated union of the chosen items\' fields', () => {
    const form = deriveForm(birthBundle);
    const keys = form.fields.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    const union = new Set(birthBundle.items.filter((i) => i.required).flatMap((i) => i.fields));
    expect(new Set(keys)).toEqual(union);
    expect(keys).not.toContain('motherBankAccount'); // only the optional reimbursement item needs it
    expect(form.fields.find((f) => f.key === 'motherIdNumber')?.usedBy).toEqual(['birthCertificate', 'householdRegistration', 'socialSecurityCardApplication']);
    expect(form.optionalItems.map((i) => i.id)).toEqual(['maternityReimbursement']);
  });

  it('grows when an optional item is chosen', () => {
    const keys = deriveForm(birthBundle, ['maternityReimbursement']).fields.map((f) => f.key);
    expect(keys).toContain('motherBankAccount');
    expect(keys).toContain('motherInsuredDistrict');
  });

  it('fills district and department choices from the directory', () => {
    const form = deriveForm(deathBundle, [], seedDirectory);
    const death = form.fields.find((f) => f.key === 'deathDistrict');
    expect(death?.options?.map((o) => o.label)).toEqual(['鄞州区', '海曙区', '江北区', '北仑区（未开通）', '镇海区（未开通）', '宁波市以外']);
    const hospitals = deriveForm(birthBundle, [], seedDirectory).fields.find((f) => f.key === 'birthHospital');
    expect(hospitals?.options?.map((o) => o.value)).toContain('haishu-hospital1');
    expect(hospitals?.options?.every((o) => o.value.includes('hospital'))).toBe(true);
  });

  it('pulls in the prerequisites of a chosen item', () => {
    expect(selectItems(deathBundle, ['housingFundWithdrawal']).map((i) => i.id)).toContain('householdCancellation');
    expect(selectItems(deathBundle).map((i) => i.id)).not.toContain('housingFundWithdrawal');
  });

  it('projects each item\'s own fields only', () => {
    const values = birthValues({ motherBankAccount: '6222021234567890123' });
    const police = birthBundle.items.find((i) => i.id === 'householdRegistration');
    const cdc = birthBundle.items.find((i) => i.id === 'vaccinationCertificate');
    if (!police || !cdc) throw new Error('catalog');
    const p = projectForm(values, police);
    expect(Object.keys(p).sort()).toEqual([...police.fields].sort());
    expect(p).not.toHaveProperty('motherBankAccount');
    expect(projectForm(values, cdc)).not.toHaveProperty('fatherIdNumber');
  });

  it('applies conditional requirements', () => {
    const postal = birthBundle.fields.find((f) => f.key === 'postalAddress');
    if (!postal) throw new Error('catalog');
    expect(isFieldRequired(postal, { deliveryMethod: 'post' })).toBe(true);
    expect(isFieldRequired(postal, { deliveryMethod: 'window' })).toBe(false);
  });
});
