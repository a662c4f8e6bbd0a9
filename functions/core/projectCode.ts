/**
 * 项目代码: the national 投资项目代码 that the 投资项目在线审批监管平台 gives a project, written
 * `YYYY-XXXXXX-XX-XX-XXXXXX` — 24 characters: the year it was coded (4 digits), the administrative division
 * code of the place (6), the 国民经济行业分类 major class (2), the project type (2: 01 审批, 02 核准,
 * 03 备案; any two digits are accepted, the type list is the platform's), a serial number (6), joined by "-".
 * e.g. 2025-330212-34-03-012345. Checked only for its form (the platform, not lianban, knows which codes exist).
 */

const PROJECT_CODE = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$/;

/** The code as it is stored and compared: NFKC (full-width digits and dashes), dash variants as "-", no white space. */
export function normalizeProjectCode(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '').replace(/[‐‑‒–—―−－]/gu, '-');
}

/** What is wrong with a 项目代码, in words that do not name the field (a form shows them under it); empty when valid. */
export function projectCodeFieldProblems(code: string): string[] {
  const m = PROJECT_CODE.exec(normalizeProjectCode(code));
  if (!m) return ['应为“年份-行政区划代码-行业代码-项目类型-流水号”，如 2025-330212-34-03-012345'];
  const year = Number(m[1]);
  return year < 2000 || year > 2099 ? ['年份不正确，请核对'] : [];
}
