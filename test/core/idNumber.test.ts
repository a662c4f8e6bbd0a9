import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ageInYears, idCheckDigit, idNumberProblems, maskIdNumber, maskPhone, parseIdNumber, upgradeFifteenDigitId,
} from '../../functions/core/idNumber.js';
import { makeId } from './fixtures.js';

const TODAY = '2026-03-02';

describe('GB 11643 ID numbers', () => {
  it('accepts the standard example and other verified vectors', () => {
    for (const id of ['11010519491231002X', '440304200001010017', '810000199001010019']) {
      expect(idNumberProblems(id, TODAY)).toEqual([]);
    }
    expect(idNumberProblems('11010519491231002x', TODAY)).toEqual([]);
  });

  it('reports a wrong check digit', () => {
    expect(idNumberProblems('110105194912310021', TODAY)).toEqual(['CHECK_DIGIT']);
  });

  it('reports a birth date that does not exist, and one in the future', () => {
    const feb30 = `3302121990023000`;
    const id = feb30 + '1' + idCheckDigit(feb30 + '1');
    expect(idNumberProblems(id, TODAY)).toEqual(['BIRTH_DATE']);
    expect(idNumberProblems(makeId('330212', '2027-01-01', '011'), TODAY)).toEqual(['BIRTH_IN_FUTURE']);
  });

  it('reports a bad region code and a bad format', () => {
    expect(idNumberProblems(makeId('990212', '1990-01-01', '011'), TODAY)).toEqual(['REGION']);
    expect(idNumberProblems('33021219900101', TODAY)).toEqual(['FORMAT']);
    expect(idNumberProblems('33021219900101001A', TODAY)).toEqual(['FORMAT']);
  });

  it('parses sex and birth date', () => {
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({ normalized: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sex: 'female' });
    expect(parseIdNumber(makeId('330212', '1990-01-01', '011'), TODAY)?.sex).toBe('male');
    expect(parseIdNumber('110105194912310021', TODAY)).toBeNull();
  });

  it('upgrades a 15-digit number', () => {
    expect(upgradeFifteenDigitId('110105491231002')).toBe('11010519491231002X');
  });

  it('masks ID and phone numbers', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X');
    expect(maskPhone('13805741234')).toBe('138****1234');
  });

  it('computes age in whole years', () => {
    expect(ageInYears('2000-03-03', '2026-03-02')).toBe(25);
    expect(ageInYears('2000-03-02', '2026-03-02')).toBe(26);
  });

  it('any single-digit change of a valid number is caught (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (date, seq, pos, delta) => {
          const id = makeId('330212', date.toISOString().slice(0, 10), String(seq).padStart(3, '0'));
          expect(idNumberProblems(id, TODAY)).toEqual([]);
          const digits = id.split('');
          digits[pos] = String((Number(digits[pos]) + delta) % 10);
          expect(idNumberProblems(digits.join(''), TODAY)).not.toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
