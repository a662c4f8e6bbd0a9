/**
 * 公民身份号码 (citizen ID number) check per GB 11643-1999: 6-digit address code, 8-digit birth
 * date, 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.
 * Pure: the caller passes today's date so the function never reads the clock.
 */

export type IdNumberCheck =
  | { ok: true; value: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
/** First two digits: provinces, autonomous regions, municipalities, HK/Macao/Taiwan (GB/T 2260). */
const PROVINCES = '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83 91'.split(' ');

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * WEIGHTS[i];
  return CHECK_CHARS.charAt(sum % 11);
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

/** Normalises (trim, upper-case x) and checks an ID number; `today` is `YYYY-MM-DD`. */
export function checkIdNumber(input: string, today: string): IdNumberCheck {
  const value = input.replace(/\s+/g, '').toUpperCase();
  if (!value) return { ok: false, reason: '请输入身份证号' };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: '身份证号应为18位，最后一位可以是数字或X' };
  if (PROVINCES.indexOf(value.slice(0, 2)) < 0) return { ok: false, reason: '身份证号的地区码不正确' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birthDate = value.slice(6, 10) + '-' + value.slice(10, 12) + '-' + value.slice(12, 14);
  if (y < 1850 || !isRealDate(y, m, d) || birthDate > today) return { ok: false, reason: '身份证号中的出生日期不正确' };
  if (checkDigit(value.slice(0, 17)) !== value.charAt(17)) return { ok: false, reason: '身份证号校验位不正确，请核对' };
  return { ok: true, value, birthDate, sex: Number(value.charAt(16)) % 2 === 1 ? 'male' : 'female' };
}

/** 330203********1234 — for lists; never show the full number where it is not needed. */
export function maskIdNumber(value: string): string {
  return value.length < 10 ? '****' : value.slice(0, 6) + '********' + value.slice(-4);
}
