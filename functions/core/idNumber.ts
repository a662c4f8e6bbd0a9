/**
 * 公民身份号码 (citizen ID number), GB 11643-1999: 6-digit address code (GB/T 2260 区划) +
 * 8-digit birth date + 3-digit sequence (odd = male, even = female) + check digit
 * (ISO 7064 MOD 11-2; 'X' stands for 10).
 */
import { type CalendarDate, isCalendarDate } from './time.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Province-level prefixes of GB/T 2260 (11 北京 … 65 新疆), plus 71 台湾 and 81/82/83, used in
 * residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证).
 */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

export type IdNumberProblem = 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'BIRTH_IN_FUTURE' | 'CHECK_DIGIT';

export interface IdNumberInfo {
  /** Upper-cased 18-character number. */
  normalized: string;
  regionCode: string;
  birthDate: CalendarDate;
  sex: 'male' | 'female';
}

export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/**
 * Every problem of an ID number, in a fixed order; empty when valid. `today` (Asia/Shanghai)
 * rules out birth dates in the future.
 */
export function idNumberProblems(raw: string, today: CalendarDate): IdNumberProblem[] {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return ['FORMAT'];
  const problems: IdNumberProblem[] = [];
  if (!PROVINCE_CODES.has(id.slice(0, 2)) || (id.slice(2, 6) === '0000' && !/^8[123]/.test(id))) {
    problems.push('REGION');
  }
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birth) || Number(id.slice(6, 10)) < 1800) problems.push('BIRTH_DATE');
  else if (birth > today) problems.push('BIRTH_IN_FUTURE');
  if (idCheckDigit(id.slice(0, 17)) !== id[17]) problems.push('CHECK_DIGIT');
  return problems;
}

/** Parsed information of a valid ID number, or null if it has any problem. */
export function parseIdNumber(raw: string, today: CalendarDate): IdNumberInfo | null {
  if (idNumberProblems(raw, today).length > 0) return null;
  const id = normalizeIdNumber(raw);
  return {
    normalized: id,
    regionCode: id.slice(0, 6),
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Age in whole years on `today`. */
export function ageInYears(birthDate: CalendarDate, today: CalendarDate): number {
  let age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (today.slice(5) < birthDate.slice(5)) age--;
  return age;
}

/** A pre-1999 15-digit number upgraded to 18 digits ("19" inserted, check digit appended). */
export function upgradeFifteenDigitId(id15: string): string {
  if (!/^\d{15}$/.test(id15)) throw new RangeError('not a 15-digit ID number');
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + idCheckDigit(first17);
}

/** For lists and logs: first 4 and last 4 characters kept, e.g. 3302**********123X. */
export function maskIdNumber(raw: string): string {
  const id = normalizeIdNumber(raw);
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** Mainland mobile numbers: 138****5678. */
export function maskPhone(raw: string): string {
  const p = raw.trim();
  if (p.length < 7) return '*'.repeat(p.length);
  return p.slice(0, 3) + '*'.repeat(p.length - 7) + p.slice(-4);
}

export const idProblemMessages: Record<IdNumberProblem, string> = {
  FORMAT: '公民身份号码应为18位，前17位为数字，最后一位为数字或X',
  REGION: '公民身份号码的地址码无效',
  BIRTH_DATE: '公民身份号码中的出生日期不存在',
  BIRTH_IN_FUTURE: '公民身份号码中的出生日期晚于今天',
  CHECK_DIGIT: '公民身份号码校验位错误，请核对是否填错',
};
