// Ask once — pre-fill (core prefill.ts, bundleValidation.ts): which Bundle.prefill rules are valid (a field of the
// bundle, once; the source one of the bundle's intake materials having that field; compatible types — a datetime may
// fill a date) and which values held materials give (only fields of the chosen items' form, a datetime as its
// Asia/Shanghai day, nothing from an empty value, the first rule of a field that gives one).
import { describe, expect, it } from 'vitest';
import type { Bundle, PrefillRule } from '../../functions/core/bundle.js';
import { validateBundle } from '../../functions/core/bundleValidation.js';
import { isDomainError } from '../../functions/core/errors.js';
import { prefillValues } from '../../functions/core/prefill.js';
import { birthBundle, seedDirectory } from './fixtures.js';

/** The birth bundle with a date field on the form and a datetime on the household book, and the given rules. */
function withRules(rules: PrefillRule[]): Bundle {
  const b = structuredClone(birthBundle);
  b.fields.push({ key: 'householdSince', label: '入户日期', type: 'date' });
  b.items[0].fields.push('householdSince');
  const book = b.materials.find((m) => m.id === 'householdBook');
  book?.fields.push({ key: 'registeredAt', label: '登记时间', type: 'datetime' });
  b.prefill = rules;
  return b;
}

function issues(b: Bundle): { field?: string; code: string }[] {
  const r = validateBundle(b, seedDirectory);
  return isDomainError(r) ? r.issues.map((i) => ({ field: i.field, code: i.code })) : [];
}

const HEAD: PrefillRule = { field: 'householdHeadName', from: { source: 'householdBook', field: 'householdHeadName' } };
const SINCE: PrefillRule = { field: 'householdSince', from: { source: 'householdBook', field: 'registeredAt' } };

describe('pre-fill rules (bundle validation)', () => {
  it('accepts a field of the same type and a datetime filling a date', () => {
    expect(issues(withRules([HEAD, SINCE]))).toEqual([]);
  });

  it('refuses an unknown field, a source that is not an intake material, a missing material field, a type mismatch and a duplicate', () => {
    expect(issues(withRules([{ field: 'nope', from: HEAD.from }]))).toEqual([{ field: 'prefill.0', code: 'UNKNOWN_FIELD' }]);
    expect(issues(withRules([{ field: 'babyName', from: { source: 'birthMedicalCertificate', field: 'babyName' } }]))).toEqual([
      { field: 'prefill.0', code: 'PREFILL_SOURCE_NOT_INTAKE' },
    ]);
    expect(issues(withRules([{ field: 'householdHeadName', from: { source: 'householdBook', field: 'missing' } }]))).toEqual([{ field: 'prefill.0', code: 'UNKNOWN_FIELD' }]);
    // a date cannot fill a text field, a text cannot fill a date, and a date cannot fill a datetime
    expect(issues(withRules([{ field: 'householdHeadName', from: { source: 'marriageCertificate', field: 'registeredOn' } }]))).toEqual([
      { field: 'prefill.0', code: 'PREFILL_TYPE_MISMATCH' },
    ]);
    expect(issues(withRules([{ field: 'babyBirthTime', from: { source: 'marriageCertificate', field: 'registeredOn' } }]))).toEqual([
      { field: 'prefill.0', code: 'PREFILL_TYPE_MISMATCH' },
    ]);
    expect(issues(withRules([HEAD, HEAD]))).toEqual([{ field: 'prefill.1', code: 'DUPLICATE_PREFILL' }]);
  });
});

describe('pre-filled values', () => {
  const held = [
    { type: 'householdBook', caseId: 'yinzhou-20200301-0007', data: { householdNumber: '330212000123', householdHeadName: '王建国', address: '', registeredAt: '2020-03-01T17:30:00.000Z' } },
  ];

  it('takes each field from its held material, a datetime as its Shanghai day, with the source case', () => {
    expect(prefillValues(withRules([HEAD, SINCE]), [], held)).toEqual({
      householdHeadName: { value: '王建国', material: 'householdBook', caseId: 'yinzhou-20200301-0007' },
      // 17:30 UTC is 01:30 the next day in Asia/Shanghai
      householdSince: { value: '2020-03-02', material: 'householdBook', caseId: 'yinzhou-20200301-0007' },
    });
  });

  it('gives nothing for a material not held, an empty value, or a field the chosen items do not ask', () => {
    expect(prefillValues(withRules([HEAD]), [], [])).toEqual({});
    expect(prefillValues(withRules([{ field: 'householdAddress', from: { source: 'householdBook', field: 'address' } }]), [], held)).toEqual({});
    // the bank account belongs to the optional 生育医疗费用报销: not chosen, not filled
    const optional = withRules([]);
    optional.fields.find((f) => f.key === 'motherBankName')!.type = 'text';
    optional.materials.find((m) => m.id === 'householdBook')!.fields.push({ key: 'bank', label: '银行', type: 'text' });
    optional.prefill = [{ field: 'motherBankName', from: { source: 'householdBook', field: 'bank' } }];
    const withBank = [{ ...held[0], data: { ...held[0].data, bank: '宁波银行' } }];
    expect(prefillValues(optional, [], withBank)).toEqual({});
    expect(prefillValues(optional, ['maternityReimbursement'], withBank)).toEqual({ motherBankName: { value: '宁波银行', material: 'householdBook', caseId: 'yinzhou-20200301-0007' } });
  });

  it('the first rule of a field that gives a value wins', () => {
    const second: PrefillRule = { field: 'householdHeadName', from: { source: 'marriageCertificate', field: 'certificateNumber' } };
    const b = withRules([second, HEAD]);
    expect(prefillValues(b, [], held).householdHeadName).toMatchObject({ value: '王建国', material: 'householdBook' });
  });
});
