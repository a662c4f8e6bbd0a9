/**
 * The browser-side field checks (miniapp/lib/fields.ts) say what the server's pre-check says for the
 * same value: every value the core accepts passes here, every one it refuses is refused here too.
 */
import { describe, expect, it } from 'vitest';
import { birthBundle, seedDirectory } from '../../functions/catalog/index';
import type { FieldDef } from '../../functions/core/bundle';
import { checkFieldValue } from '../../functions/core/fieldValue';
import { deriveForm } from '../../functions/core/form';
import { idCheckDigit } from '../../functions/core/idNumber';
import { checkField, instantToLocal, isRequired, localToInstant, sentValue, showValue } from '../../miniapp/lib/fields';

const TODAY = '2026-03-02';
const first17 = '33021219930415042';
const validId = first17 + idCheckDigit(first17);
const def = (key: string): FieldDef => birthBundle.fields.find((f) => f.key === key)!;

describe('checkField', () => {
  const cases: Array<[string, string]> = [
    ['motherIdNumber', validId],
    ['motherIdNumber', first17 + (idCheckDigit(first17) === '1' ? '2' : '1')],
    ['motherIdNumber', '33021219930230042X'],
    ['motherIdNumber', '12345'],
    ['applicantPhone', '13800138000'],
    ['applicantPhone', '0574-87654321'],
    ['applicantPhone', '1380013800'],
    ['postalCode', '315100'],
    ['postalCode', '31510'],
    ['motherBankAccount', '6222020200112233445'],
    ['motherBankAccount', '62220'],
    ['babyWeightGrams', '3260'],
    ['babyWeightGrams', '299'],
    ['babyWeightGrams', '3.5'],
    ['babySex', 'male'],
    ['babySex', 'boy'],
    ['babyBirthTime', '2026-03-01T08:30:00+08:00'],
    ['babyBirthTime', '2026-03-03T08:30:00+08:00'],
    ['babyBirthTime', '2026-02-30T08:30:00+08:00'],
    // the core's text rule (functions/core/text.ts)
    ['babyName', '王小满'],
    ['babyName', '\u200b\u200b'],
    ['babyName', '王\u0000小满'],
    ['babyName', '\u202e满小王'],
    ['babyName', '王\n小满'],
    ['babyBirthPlace', '\u2060\ufeff'],
    ['motherBankAccount', '6222020200112233445\u202e'],
    // the core's rules where the browser's copy used to be looser
    ['motherIdNumber', validId.slice(0, 6) + ' ' + validId.slice(6)],
    ['babyBirthTime', '2026-03-01T08:30:00'],
    ['babyBirthTime', '2026-03-01T24:30:00+08:00'],
  ];
  it.each(cases)('%s = %s: same verdict and words as the pre-check', (key, value) => {
    const d = def(key);
    const server = checkFieldValue(d, d.type === 'integer' ? Number(value) : value, { today: TODAY });
    const browser = checkField(d, value, {}, TODAY);
    expect(browser === null).toBe(server.length === 0);
    // one set of rules (core fieldValue.ts): the message is the server's, without its 【label】
    if (server.length && server[0].code !== 'NO_VISIBLE_TEXT') expect(browser).toBe(server[0].message.replace(`【${d.label}】`, ''));
  });

  it('a 统一社会信用代码 field: the browser and the server give the same verdict and words', () => {
    const d: FieldDef = { key: 'creditCode', label: '统一社会信用代码', type: 'creditCode', required: true };
    for (const value of ['91350100M000100Y43', '91350100m000100y43', '91350100M000100Y44', '9135010', '91350100M0001OOY43']) {
      const server = checkFieldValue(d, value, { today: TODAY });
      const browser = checkField(d, value, {}, TODAY);
      expect(browser === null, value).toBe(server.length === 0);
      if (server.length) expect(browser).toBe(server[0].message.replace(`【${d.label}】`, ''));
    }
    expect(checkFieldValue(d, '91350100M000100Y44', { today: TODAY })[0]).toMatchObject({ code: 'CREDIT_CODE_INVALID', message: '【统一社会信用代码】校验位不正确，请核对' });
  });

  it('district and department fields accept the options the form offers, as the server accepts the directory', () => {
    const form = deriveForm(birthBundle, [], seedDirectory);
    const field = (key: string) => form.fields.find((f) => f.key === key)!;
    for (const key of ['householdDistrict', 'birthHospital']) {
      const f = field(key);
      expect(f.options?.length, key).toBeGreaterThan(0);
      for (const o of f.options ?? []) {
        expect(checkField(f, o.value, {}, TODAY), `${key}=${o.value}`).toBeNull();
        expect(checkFieldValue(def(key), o.value, { today: TODAY, directory: seedDirectory }), `${key}=${o.value}`).toEqual([]);
      }
      expect(checkField(f, 'nowhere', {}, TODAY)).toBe('不是可选的值');
      expect(checkFieldValue(def(key), 'nowhere', { today: TODAY, directory: seedDirectory })).toHaveLength(1);
    }
  });

  it('names the field when a required one is empty, and follows requiredWhen', () => {
    expect(checkField(def('babyName'), '  ', {}, TODAY)).toBe('请填写新生儿姓名');
    expect(checkField(def('postalCode'), '', { deliveryMethod: 'window' }, TODAY)).toBeNull();
    expect(checkField(def('postalCode'), '', { deliveryMethod: 'post' }, TODAY)).toBe('请填写邮政编码');
    expect(isRequired(def('postalAddress'), { deliveryMethod: 'post' })).toBe(true);
  });

  it('uses the ID-number messages of the core', () => {
    expect(checkField(def('motherIdNumber'), first17 + (idCheckDigit(first17) === '1' ? '2' : '1'), {}, TODAY)).toBe('公民身份号码校验位错误，请核对是否填错');
  });
});

describe('values', () => {
  it('datetime-local (Shanghai) and instants convert both ways', () => {
    expect(localToInstant('2026-03-01T08:30')).toBe('2026-03-01T08:30:00+08:00');
    expect(instantToLocal('2026-03-01T00:30:00Z')).toBe('2026-03-01T08:30');
    expect(instantToLocal('not a date')).toBe('');
  });

  it('shows option labels and Shanghai times', () => {
    expect(showValue(def('babySex'), 'female')).toBe('女');
    expect(showValue(def('babyBirthTime'), '2026-03-01T00:30:00Z')).toBe('2026-03-01 08:30');
    expect(showValue(undefined, true)).toBe('是');
    expect(showValue(undefined, '2026-03-01T08:30:00+08:00')).toBe('2026-03-01 08:30');
    expect(showValue(undefined, '2026-03-01')).toBe('2026-03-01');
  });
});

describe('amounts (元 with 角 and 分)', () => {
  const def: FieldDef = { key: 'amountYuan', label: '报销金额（元）', type: 'amount', required: true, min: 0, max: 1000000 };
  it('the form says what the pre-check says, sends a number and shows 56,320.50 元', () => {
    expect(checkField(def, '56,320.50', {}, '2026-03-02')).toBeNull();
    expect(checkField(def, '56320.505', {}, '2026-03-02')).toBe('应为金额（元），最多两位小数，如 56,320.50');
    expect(checkField(def, '', {}, '2026-03-02')).toBe('请填写报销金额（元）');
    expect(sentValue(def, '56,320.50')).toBe(56320.5);
    expect(sentValue({ ...def, type: 'integer' }, '3260')).toBe(3260);
    expect(sentValue({ ...def, type: 'text' }, '0012')).toBe('0012');
    expect(showValue(def, 56320.5)).toBe('56,320.50 元');
    expect(showValue(def, 4200)).toBe('4,200.00 元');
  });
});
