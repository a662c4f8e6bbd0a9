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

/** The validation issues of an answer or of a refusal's body. */
export function issuesOf(answer: unknown): Issue[] {
  const a = (answer || {}) as Loose;
  return Array.isArray(a.issues) ? (a.issues as Issue[]) : [];
}

/** While mounted, the shell may be as wide as the window (the editor is desktop-first). */
export function useWide(): void {
  useEffect(() => {
    const root = document.documentElement;
    root.classList.add('lb-wide');
    return () => root.classList.remove('lb-wide');
  }, []);
}
