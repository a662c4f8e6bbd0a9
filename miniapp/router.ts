/**
 * A tiny hash router. The route table (`pages/index.ts`, in the shell bundle) registers every page with
 * `registerPage` — path, title, tab, roles and the page chunk that holds its component; the chunk, loaded
 * by the shell when the route is first opened, hands the component over with `providePage`. The shell
 * shows a tab for each registered page that declares `tab` and that the user's roles allow.
 *   registerPage({ path: '/subtasks/:caseId/:itemId', title: '子任务详情', chunk: 'subtask' });  // pages/index.ts
 *   providePage('/subtasks/:caseId/:itemId', SubTaskPage);                                      // pages/subtask.tsx
 *   navigate('/subtasks/' + id);
 * A page registered with `component` (and no chunk) is part of the bundle that imports it.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PageChunk } from './pages/chunks';

export type Params = Record<string, string>;

export interface PageProps {
  /** `:name` segments of the path, URI-decoded. */
  params: Params;
  /** `?a=b` after the path in the hash. */
  query: Params;
}

interface TabDef {
  label: string;
  /** Tabs are sorted by ascending order. */
  order: number;
  /** A short glyph shown above the label (text; no icon font). */
  icon?: string;
  /** Home (the first tab opened) only for staff with one of these roles; for everyone when omitted. */
  homeRoles?: string[];
}

export interface PageDef {
  /** `/todo`, `/subtasks/:id`; static segments are matched literally. */
  path: string;
  /** Native navigation-bar title (setTitle). */
  title: string;
  /** Set at registration, or by `providePage` when the page's chunk has loaded. */
  component?: ComponentType<PageProps>;
  /** The page chunk (`pages/chunks.ts`) the shell loads to get `component`. */
  chunk?: PageChunk;
  tab?: TabDef;
  /** Only staff with one of these roles see the tab and may open the page; all when omitted. */
  roles?: string[];
}

export interface Route {
  page: PageDef;
  params: Params;
  query: Params;
}

const registry: PageDef[] = [];

export function registerPage(page: PageDef): void {
  const at = registry.map((p) => p.path).indexOf(page.path);
  if (at >= 0) registry[at] = page;
  else registry.push(page);
}

/** Called by a page chunk: the component of a page the route table registered. */
export function providePage(path: string, component: ComponentType<PageProps>): void {
  const at = registry.map((p) => p.path).indexOf(path);
  if (at >= 0) registry[at].component = component;
  else registry.push({ path, title: '', component });
}

export function registeredPages(): PageDef[] {
  return registry.slice();
}

/** Removes every registration (tests). */
export function resetPages(): void {
  registry.length = 0;
}

export function canSee(page: PageDef, roles: string[]): boolean {
  return !page.roles || page.roles.some((r) => roles.indexOf(r) >= 0);
}

export function visibleTabs(roles: string[], pages: PageDef[] = registry): PageDef[] {
  return pages.filter((p) => p.tab && canSee(p, roles)).sort((a, b) => (a.tab as TabDef).order - (b.tab as TabDef).order);
}

/** The tab the app opens on: the first visible tab that may be home for these roles. */
export function homeTab(roles: string[], pages: PageDef[] = registry): PageDef | undefined {
  const tabs = visibleTabs(roles, pages);
  const home = tabs.filter((p) => {
    const only = (p.tab as TabDef).homeRoles;
    return !only || only.some((r) => roles.indexOf(r) >= 0);
  })[0];
  return home || tabs[0];
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseHash(hash: string): { path: string; query: Params } {
  const raw = hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = (q >= 0 ? raw.slice(0, q) : raw) || '/';
  const query: Params = {};
  if (q >= 0) {
    raw
      .slice(q + 1)
      .split('&')
      .forEach((pair) => {
        if (!pair) return;
        const eq = pair.indexOf('=');
        const key = decode(eq >= 0 ? pair.slice(0, eq) : pair);
        query[key] = eq >= 0 ? decode(pair.slice(eq + 1)) : '';
      });
  }
  return { path: path.charAt(0) === '/' ? path : '/' + path, query };
}

export function matchPath(pattern: string, path: string): Params | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].charAt(0) === ':') params[want[i].slice(1)] = decode(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

export function resolveRoute(hash: string, pages: PageDef[] = registry): Route | null {
  const { path, query } = parseHash(hash);
  for (let i = 0; i < pages.length; i++) {
    const params = matchPath(pages[i].path, path);
    if (params) return { page: pages[i], params, query };
  }
  return null;
}

export function navigate(path: string, replace = false): void {
  const hash = '#' + path;
  if (replace && typeof history !== 'undefined' && history.replaceState) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

let leaveGuard: (() => Promise<boolean>) | null = null;

/**
 * A page with unsaved changes asks before the router leaves it (tab bar, links, back): `guard` resolves
 * true to leave. Returns the function that removes it (call it on unmount and once the changes are saved).
 */
export function setLeaveGuard(guard: () => Promise<boolean>): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

/**
 * The current `location.hash`, re-rendering on change. With a leave guard set, a change to another path
 * is put back until the guard agrees (then the new hash replaces the current entry).
 */
export function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    let shown = location.hash;
    const show = (h: string) => {
      shown = h;
      setHash(h);
    };
    const onChange = () => {
      const next = location.hash;
      const guard = leaveGuard;
      if (!guard || parseHash(next).path === parseHash(shown).path || typeof history === 'undefined' || !history.replaceState) return show(next);
      history.replaceState(null, '', shown || '#/');
      guard().then(
        (leave) => {
          if (!leave) return;
          if (leaveGuard === guard) leaveGuard = null;
          history.replaceState(null, '', next);
          show(next);
        },
        () => undefined,
      );
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}
