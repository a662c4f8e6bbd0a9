import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblems, normalizeCreditCode } from '../../functions/core/creditCode';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published codes, lower case as upper case', () => {
    for (const code of ['9144030071526726XG', '91110000100000000R', '91350100M000100Y43']) {
      expect(creditCodeProblems(code)).toEqual([]);
      expect(creditCodeProblems(code.toLowerCase())).toEqual([]);
      expect(creditCodeProblems(` ${code} `)).toEqual([]);
    }
    expect(normalizeCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
  });

  it('refuses a wrong check character, a wrong length, letters outside the alphabet and a non-numeric region', () => {
    expect(creditCodeProblems('9144030071526726XA')).toEqual(['统一社会信用代码校验位不正确，请核对']);
    expect(creditCodeProblems('9144030071526726X')).toEqual(['统一社会信用代码应为18位']);
    expect(creditCodeProblems('')).toEqual(['统一社会信用代码应为18位']);
    expect(creditCodeProblems('9144030071526726IG')[0]).toContain('I');
    expect(creditCodeProblems('91A4030071526726XG')).toContain('统一社会信用代码第3至8位应为行政区划代码');
  });

  it('every single-character change of a valid code is caught', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { minLength: 17, maxLength: 17 }), fc.nat(17), fc.constantFrom(...ALPHABET), (body, pos, ch) => {
        const first17 = `91330212${body.slice(8).join('')}`;
        const valid = first17 + creditCodeCheckChar(first17);
        expect(creditCodeProblems(valid)).toEqual([]);
        const changed = valid.slice(0, pos) + ch + valid.slice(pos + 1);
        if (changed !== valid) expect(creditCodeProblems(changed)).not.toEqual([]);
      }),
    );
  });
});
