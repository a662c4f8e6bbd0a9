/**
 * The ID-number (公民身份号码, GB 11643-1999) check for forms, in the words the server uses: the
 * rules live once, in functions/core/idNumber.ts (pure, no I/O), and are bundled from there.
 */
import { idNumberProblems, idProblemMessages, maskIdNumber, parseIdNumber } from '../../functions/core/idNumber';

export type IdNumberCheck =
  | { ok: true; value: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: string };

/** Checks what the user typed (spaces ignored, x upper-cased); `today` is `YYYY-MM-DD` in Shanghai. */
export function checkIdNumber(input: string, today: string): IdNumberCheck {
  const value = input.replace(/\s+/g, '').toUpperCase();
  if (!value) return { ok: false, reason: '请输入公民身份号码' };
  const problems = idNumberProblems(value, today);
  const info = problems.length ? null : parseIdNumber(value, today);
  if (!info) return { ok: false, reason: idProblemMessages[problems[0]] };
  return { ok: true, value: info.normalized, birthDate: info.birthDate, sex: info.sex };
}

export { maskIdNumber };
