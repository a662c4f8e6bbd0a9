/**
 * Text that is really there: the one rule for every piece of free text lianban takes in (form values,
 * names, reasons, purposes, comments, file names, search terms). Used by the api's request
 * validation (every string of every body, query values, file names) and by the core's own checks
 * (field values, reasons, purposes), so the mini-app, which imports the core, applies the same rule.
 *
 * - Refused everywhere: control characters (C0 except TAB/LF/CR, DEL, C1; TAB/LF/CR too where the text
 *   is single-line), bidi overrides, embeddings, isolates and marks (U+202A–U+202E, U+2066–U+2069,
 *   U+200E, U+200F, U+061C: "\u202Efdp.exe" shows as "exe.pdf"), and broken UTF-16 (lone surrogates).
 * - Required text must contain visible characters: whitespace, zero-width characters (U+200B–U+200D,
 *   U+2060, U+FEFF), other invisible format and default-ignorable characters, combining marks on their
 *   own and blank-looking fillers do not count.
 */
import type { Issue } from './errors.js';

export type TextProblem = 'CONTROL_CHARACTER' | 'LINE_BREAK' | 'BIDI_CONTROL' | 'BROKEN_CHARACTER' | 'NO_VISIBLE_TEXT';

/** What a problem means, to follow a field's label (【姓名】含有…). */
export const textProblemMessages: Readonly<Record<TextProblem, string>> = {
  CONTROL_CHARACTER: '含有不允许的控制字符（如 NUL），请删除后重新输入',
  LINE_BREAK: '不能包含换行或制表符',
  BIDI_CONTROL: '含有改变文字显示方向的不可见字符（会使显示内容与实际不符），请删除后重新输入',
  BROKEN_CHARACTER: '含有无法识别的字符，请重新输入',
  NO_VISIBLE_TEXT: '没有可见的文字（空格、零宽字符等不可见字符不算内容）',
};

export interface TextRule {
  /** TAB, LF and CR are allowed (comments, reasons); otherwise they are refused too. */
  multiline?: boolean;
  /** The text must contain at least one visible character. */
  required?: boolean;
}

/** Bidi controls: embeddings and overrides, isolates, and the implicit marks (LRM, RLM, ALM). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** C0 except TAB, LF, CR; DEL; C1. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const LINE = /[\t\n\r]/u;
/** A lone surrogate (only matched per code point with the u flag). */
const BROKEN = /\p{Cs}/u;
/**
 * Characters that show nothing on their own: white space, controls, format characters, every default
 * ignorable code point (zero-width characters, variation selectors, Hangul fillers, tags), combining
 * marks without a base, and the braille blank.
 */
const INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}\u2800]$/u;

/** Number of visible characters (code points) of the text. */
export function visibleLength(value: string): number {
  let n = 0;
  for (const ch of value) if (!INVISIBLE.test(ch)) n++;
  return n;
}

export function hasVisibleText(value: string): boolean {
  for (const ch of value) if (!INVISIBLE.test(ch)) return true;
  return false;
}

/** The problems of one piece of text, each once, in a fixed order; empty when it is acceptable. */
export function textProblems(value: string, rule: TextRule = {}): TextProblem[] {
  const problems: TextProblem[] = [];
  if (CONTROL.test(value)) problems.push('CONTROL_CHARACTER');
  if (!rule.multiline && LINE.test(value)) problems.push('LINE_BREAK');
  if (BIDI.test(value)) problems.push('BIDI_CONTROL');
  if (BROKEN.test(value)) problems.push('BROKEN_CHARACTER');
  if (rule.required && !hasVisibleText(value)) problems.push('NO_VISIBLE_TEXT');
  return problems;
}

/** The problems as issues; `label` (a field's Chinese name) prefixes the message as 【label】. */
export function textIssues(value: string, where: { field?: string; label?: string }, rule: TextRule = {}): Issue[] {
  return textProblems(value, rule).map((p) => ({
    ...(where.field ? { field: where.field } : {}),
    code: p,
    message: `${where.label ? `【${where.label}】` : ''}${textProblemMessages[p]}`,
  }));
}

/**
 * Every string of a JSON document (values and property names), checked with `rule` (default: multi-line,
 * not required — the document's schema or the core decides which fields are required or single-line).
 * Issues name the dotted path of the string.
 */
export function jsonTextIssues(value: unknown, rule: TextRule = { multiline: true }): Issue[] {
  const issues: Issue[] = [];
  const walk = (v: unknown, path: string[]): void => {
    if (typeof v === 'string') {
      issues.push(...textIssues(v, { field: path.join('.') || undefined }, rule));
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, String(i)]));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        const at = [...path, k];
        // A bad property name is reported once, at its own path; its value is still walked.
        for (const p of textProblems(k, { multiline: false })) issues.push({ field: at.join('.'), code: p, message: `字段名${textProblemMessages[p]}` });
        walk(x, at);
      }
    }
  };
  walk(value, []);
  return issues;
}

const MAX_FILE_NAME_LENGTH = 200;

/** A file name as stored with an attachment: visible, one line, no path parts, at most 200 characters. */
export function fileNameIssues(name: string, field = 'name'): Issue[] {
  const issues = textIssues(name, { field, label: '文件名' }, { required: true });
  if (/[\\/]/.test(name)) issues.push({ field, code: 'PATH_IN_FILE_NAME', message: '【文件名】不能包含路径（/ 或 \\）' });
  if (name.length > MAX_FILE_NAME_LENGTH) issues.push({ field, code: 'TOO_LONG', message: `【文件名】不应超过${MAX_FILE_NAME_LENGTH}个字符` });
  return issues;
}
