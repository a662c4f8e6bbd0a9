import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDate, formatDateTime, shanghaiToday } from '../../miniapp/lib/dates';
import { deadlineText, deadlineTone } from '../../miniapp/lib/deadline';
import { checkIdNumber, maskIdNumber } from '../../miniapp/lib/idNumber';
import { idCheckDigit as checkDigit, idProblemMessages } from '../../functions/core/idNumber';

const TODAY = '2025-06-01';

/** A structurally valid ID number: Ningbo Yinzhou area code, a real date, a sequence, the check char. */
const validId = fc
  .record({
    area: fc.constantFrom('330212', '330203', '330205', '110101'),
    date: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-05-31T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ area, date, seq }) => {
    const first17 = area + date.toISOString().slice(0, 10).replace(/-/g, '') + String(seq).padStart(3, '0');
    return first17 + checkDigit(first17);
  });

describe('checkIdNumber (GB 11643)', () => {
  it('accepts a published sample and derives birth date and sex', () => {
    // GB 11643-1999 appendix example: 11010519491231002X
    expect(checkIdNumber('11010519491231002x', TODAY)).toEqual({ ok: true, value: '11010519491231002X', birthDate: '1949-12-31', sex: 'female' });
  });

  it('accepts every well-formed number', () => {
    fc.assert(fc.property(validId, (id) => checkIdNumber(id, TODAY).ok === true));
  });

  it('detects any single changed character (MOD 11-2)', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }), (id, at, delta) => {
        const chars = id.split('');
        if (at === 17) chars[17] = chars[17] === 'X' ? '0' : String((Number(chars[17]) + delta) % 10);
        else chars[at] = String((Number(chars[at]) + delta) % 10);
        const changed = chars.join('');
        if (changed === id) return true;
        return checkIdNumber(changed, TODAY).ok === false;
      }),
    );
  });

  it('explains what is wrong with the server messages', () => {
    expect(checkIdNumber('  ', TODAY)).toEqual({ ok: false, reason: '请输入公民身份号码' });
    expect(checkIdNumber('33021219900101123', TODAY)).toEqual({ ok: false, reason: idProblemMessages.FORMAT });
    expect(checkIdNumber('990212199001011234', TODAY)).toMatchObject({ ok: false, reason: idProblemMessages.REGION });
    const feb30 = '33021219900230' + '123';
    expect(checkIdNumber(feb30 + checkDigit(feb30), TODAY)).toEqual({ ok: false, reason: idProblemMessages.BIRTH_DATE });
    const future = '33021220300101' + '123';
    expect(checkIdNumber(future + checkDigit(future), TODAY)).toEqual({ ok: false, reason: idProblemMessages.BIRTH_IN_FUTURE });
    const good = '33021219900101' + '123';
    const wrong = checkDigit(good) === '0' ? '1' : '0';
    expect(checkIdNumber(good + wrong, TODAY)).toEqual({ ok: false, reason: idProblemMessages.CHECK_DIGIT });
    expect(checkIdNumber('3302 1219 9001 0112 3' + checkDigit(good).toLowerCase(), TODAY)).toMatchObject({ ok: true, value: good + checkDigit(good) });
  });

  it('masks for display', () => {
    expect(maskIdNumber('11010519491231002X')).not.toContain('19491231');
  });
});

describe('dates', () => {
  it('checks real calendar dates and limits', () => {
    expect(checkDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(checkDate('2023-02-29')).toEqual({ ok: false, reason: '日期不存在' });
    expect(checkDate('2024/01/01')).toMatchObject({ ok: false, reason: '请按 年-月-日 填写日期' });
    expect(checkDate('2025-06-02', { notAfter: TODAY })).toEqual({ ok: false, reason: '日期不能晚于 2025-06-01' });
    expect(checkDate('2025-05-01', { notBefore: '2025-05-02' })).toMatchObject({ ok: false });
  });

  it('uses Shanghai time for today and timestamps', () => {
    expect(shanghaiToday(Date.parse('2025-05-31T16:30:00Z'))).toBe('2025-06-01');
    expect(shanghaiToday(Date.parse('2025-05-31T15:59:00Z'))).toBe('2025-05-31');
    expect(formatDateTime('2025-05-31T16:05:00Z')).toBe('06-01 00:05');
    expect(formatDateTime(Date.parse('2025-01-02T01:00:00Z'), true)).toBe('2025-01-02 09:00');
    expect(formatDateTime('garbage')).toBe('garbage');
  });
});

describe('deadline wording', () => {
  it('words remaining and overdue working days', () => {
    expect(deadlineText('normal', 5)).toBe('剩 5 个工作日');
    expect(deadlineText('warning', 0)).toBe('今日到期');
    expect(deadlineText('overdue', -2)).toBe('超期 2 个工作日');
    expect(deadlineText('overdue', 0)).toBe('超期 1 个工作日');
    expect(deadlineText('paused', 3)).toBe('已暂停计时');
    expect([deadlineTone('normal', 5), deadlineTone('warning', 1), deadlineTone('overdue', -1), deadlineTone('paused', 2)]).toEqual(['blue', 'orange', 'red', 'grey']);
  });
});
