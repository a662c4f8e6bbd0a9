/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters of the alphabet
 * 0-9 A-H J-N P-R T U W X Y (no I O S V Z) — 登记管理部门 (1) + 机构类别 (1) + 登记管理机关行政区划码 (6) +
 * 主体标识码 (组织机构代码, 9) + check character. The check is `ALPHABET[(31 − Σ vᵢ·3^(i−1) mod 31) mod 31]` over the
 * first 17 characters' alphabet values. Lower case is accepted as upper case.
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^(i−1) mod 31 for i = 1..17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The code as it is stored and compared: trimmed, upper case. */
export function normalizeCreditCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The check character for the first 17 characters (which must be of the alphabet). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * What is wrong with a value of a 统一社会信用代码 field, in words that do not name the field (a form shows them under
 * it): the length, the alphabet, the region code (6 digits) and the check character. Empty when valid.
 */
export function creditCodeFieldProblems(code: string): string[] {
  const c = normalizeCreditCode(code);
  if (c.length !== 18) return ['应为18位'];
  const bad = [...c].filter((ch) => !ALPHABET.includes(ch));
  if (bad.length > 0) return [`含有不允许的字符: ${[...new Set(bad)].join('')}（不使用 I、O、S、V、Z）`];
  const problems: string[] = [];
  if (!/^\d{6}$/.test(c.slice(2, 8))) problems.push('第3至8位应为行政区划代码');
  if (creditCodeCheckChar(c.slice(0, 17)) !== c[17]) problems.push('校验位不正确，请核对');
  return problems;
}

/** What is wrong with a 统一社会信用代码, in Chinese sentences naming it; empty when it is valid. */
export function creditCodeProblems(code: string): string[] {
  return creditCodeFieldProblems(code).map((p) => `统一社会信用代码${p}`);
}
