// The amount field rule (core fieldValue.ts): 元 with 角 and 分 — at most two decimals, thousands separators
// allowed as typed — checked the same by the pre-check, issued materials and the mini-app's forms.
import { describe, expect, it } from 'vitest';
import { materialTypes } from '../../functions/catalog/index';
import type { FieldDef } from '../../functions/core/bundle';
import { amountOf, checkFieldValue, fieldValueProblems } from '../../functions/core/fieldValue';

const AMOUNT: FieldDef = { key: 'amountYuan', label: '报销金额（元）', type: 'amount', required: true, min: 0, max: 1000000 };
const today = '2026-03-02';

describe('amount fields', () => {
  it('accept 元 with 角 and 分, with or without thousands separators, as text or a number', () => {
    for (const [typed, n] of [['56,320.50', 56320.5], ['56320.5', 56320.5], ['56320', 56320], ['0.05', 0.05], ['1,000,000', 1000000], [' 12.3 ', 12.3]] as const) {
      expect(amountOf(typed), typed).toBe(n);
      expect(fieldValueProblems(AMOUNT, typed, { today }), typed).toEqual([]);
    }
    expect(amountOf(4200)).toBe(4200);
    expect(amountOf(56320.5)).toBe(56320.5);
    expect(checkFieldValue(AMOUNT, 3210.75, { today })).toEqual([]);
  });

  it('refuse more than two decimals, negatives, misplaced separators and words, and say so in Chinese', () => {
    for (const bad of ['56320.505', '-5', '5,63,20', '56,32', '1.', '.5', '五百元', '12元', '', 'NaN']) {
      expect(amountOf(bad), bad).toBeNull();
    }
    expect(amountOf(1.234)).toBeNull();
    expect(amountOf(-1)).toBeNull();
    expect(checkFieldValue(AMOUNT, '56320.505', { today })).toEqual([{ field: 'amountYuan', code: 'AMOUNT_FORMAT', message: '【报销金额（元）】应为金额（元），最多两位小数，如 56,320.50' }]);
    expect(fieldValueProblems(AMOUNT, '1,000,000.01', { today })).toEqual([{ code: 'RANGE', message: '不应大于1000000元' }]);
  });

  it('the catalog\'s money fields (元) are amounts', () => {
    const yuan = Object.values(materialTypes).flatMap((m) => m.fields).filter((f) => f.label.includes('（元）'));
    expect(yuan.length).toBeGreaterThanOrEqual(6);
    expect(yuan.every((f) => f.type === 'amount')).toBe(true);
  });
});
