/** What the 一件事配置 pages share: reading the server's answers, and the wide desktop layout. */
import { useEffect } from 'preact/hooks';
import type { Issue, VersionDoc } from './types';

type Loose = Record<string, unknown>;

/** The version doc of an answer: `{doc}`, `{version}` (an object) or the doc itself; rowVersion beside it is kept. */
export function docOf(answer: unknown): VersionDoc {
  const a = (answer || {}) as Loose;
  const inner = (a.doc && typeof a.doc === 'object' ? a.doc : a.version && typeof a.version === 'object' ? a.version : a) as Loose;
  const doc = { ...inner } as unknown as VersionDoc & Loose;
  if (doc.rowVersion === undefined && typeof a.rowVersion === 'number') doc.rowVersion = a.rowVersion;
  return doc;
}

/** The version number of a version view (`{bundleId, version, rowVersion, doc, …}`). */
export function versionOf(answer: unknown, fallback: number): number {
  const a = (answer || {}) as Loose;
  return typeof a.version === 'number' ? a.version : fallback;
}

/** What an empty list lacks, by the list's name (the schema's minItems has no words of its own). */
const AT_LEAST: Record<string, string> = {
  fields: '至少添加一个字段',
  items: '至少添加一个事项',
  subjects: '至少添加一个档案主体（办结材料归入谁的档案）',
  seals: '至少选择一种印章',
  options: '至少填写一个选项',
  values: '至少填写一个取值',
};

/** An issue in the editor's words where the schema's are too general (an empty list, a routing rule half chosen). */
function worded(issue: Issue): Issue {
  if (issue.code === 'MINITEMS') {
    const last = (issue.field || '').split('.').pop() || '';
    return { ...issue, message: AT_LEAST[last] || '至少需要一项' };
  }
  if (issue.code === 'ONEOF' && /\.routing$/.test(issue.field || '')) return { ...issue, message: '分派规则不完整：请选择区县或字段' };
  return issue;
}

/** The validation issues of an answer or of a refusal's body. */
export function issuesOf(answer: unknown): Issue[] {
  const a = (answer || {}) as Loose;
  return Array.isArray(a.issues) ? (a.issues as Issue[]).map(worded) : [];
}

/** While mounted, the shell may be as wide as the window (the editor is desktop-first). */
export function useWide(): void {
  useEffect(() => {
    const root = document.documentElement;
    root.classList.add('lb-wide');
    return () => root.classList.remove('lb-wide');
  }, []);
}
