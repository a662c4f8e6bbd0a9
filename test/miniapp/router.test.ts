import { beforeEach, describe, expect, it } from 'vitest';
import { canSee, matchPath, parseHash, providePage, registerPage, registeredPages, resetPages, resolveRoute, visibleTabs, type PageDef } from '../../miniapp/router';

const Noop = () => null;
const page = (path: string, extra: Partial<PageDef> = {}): PageDef => ({ path, title: path, component: Noop, ...extra });

beforeEach(() => resetPages());

describe('parseHash', () => {
  it('splits path and decoded query', () => {
    expect(parseHash('#/todo?tab=mine&q=%E5%BC%A0')).toEqual({ path: '/todo', query: { tab: 'mine', q: '张' } });
    expect(parseHash('')).toEqual({ path: '/', query: {} });
    expect(parseHash('#todo')).toEqual({ path: '/todo', query: {} });
    expect(parseHash('#/a?flag&x=')).toEqual({ path: '/a', query: { flag: '', x: '' } });
  });
});

describe('matchPath', () => {
  it('binds :params and requires the same segment count', () => {
    expect(matchPath('/subtasks/:id', '/subtasks/C-001%2Ft1')).toEqual({ id: 'C-001/t1' });
    expect(matchPath('/cases/:id/progress', '/cases/9/progress')).toEqual({ id: '9' });
    expect(matchPath('/subtasks/:id', '/subtasks')).toBeNull();
    expect(matchPath('/subtasks/:id', '/cases/1')).toBeNull();
    expect(matchPath('/todo', '/todo/')).toEqual({});
  });
});

describe('registry', () => {
  it('resolves the first matching registered page; re-registering a path replaces it', () => {
    registerPage(page('/todo'));
    registerPage(page('/subtasks/:id'));
    const newer = page('/todo', { title: '待办 v2' });
    registerPage(newer);
    expect(registeredPages().map((p) => p.title)).toEqual(['待办 v2', '/subtasks/:id']);
    expect(resolveRoute('#/subtasks/7?from=todo')).toMatchObject({ page: { path: '/subtasks/:id' }, params: { id: '7' }, query: { from: 'todo' } });
    expect(resolveRoute('#/nowhere')).toBeNull();
  });

  it('shows tabs only for registered tab pages the roles allow, in order', () => {
    registerPage(page('/me', { tab: { label: '我的', order: 100 } }));
    registerPage(page('/supervise', { tab: { label: '督办', order: 30 }, roles: ['supervisor'] }));
    registerPage(page('/todo', { tab: { label: '待办', order: 10 } }));
    registerPage(page('/subtasks/:id'));
    expect(visibleTabs(['handler']).map((p) => p.tab?.label)).toEqual(['待办', '我的']);
    expect(visibleTabs(['handler', 'supervisor']).map((p) => p.tab?.label)).toEqual(['待办', '督办', '我的']);
    expect(canSee(page('/x', { roles: ['admin'] }), ['clerk'])).toBe(false);
    expect(canSee(page('/x'), [])).toBe(true);
  });

  it('a page chunk provides the component of a page the route table registered', () => {
    registerPage({ path: '/cases/:caseId', title: '办件进度', chunk: 'case' });
    expect(resolveRoute('#/cases/C1')?.page.component).toBeUndefined();
    providePage('/cases/:caseId', Noop);
    expect(resolveRoute('#/cases/C1')?.page).toMatchObject({ title: '办件进度', chunk: 'case', component: Noop });
    // a page no route table names still routes (untitled)
    providePage('/extra', Noop);
    expect(resolveRoute('#/extra')?.page).toMatchObject({ path: '/extra', component: Noop });
  });
});
