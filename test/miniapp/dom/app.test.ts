// @vitest-environment happy-dom
/**
 * The whole start-up in a DOM: browser platform with its HTML picker → demo login over HTTP → shell
 * with the registered tabs → profile; a 401 from any page brings the login back.
 */
import { h } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../miniapp/app/App';
import { useApp } from '../../../miniapp/app/context';
import { List } from '../../../miniapp/components/List';
import { createBrowserPlatform } from '../../../miniapp/platform/browser';
import { htmlUi } from '../../../miniapp/platform/browserUi';
import { registerPage } from '../../../miniapp/router';
// 我的 is a page chunk in the build; here its module provides the page directly
import '../../../miniapp/shell/ProfilePage';
import { clearSession, getSession } from '../../../miniapp/session';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, waitFor, waitForTestId } from './helpers';

// the shapes functions/api answers: codes, not names (GET /api/dev/staff adds the 浙政钉 accountId)
const STAFF = [
  { id: 's-clerk', name: '陈窗口', districtCode: '330212', departmentCode: 'window', roles: ['clerk'], accountId: 'zzd-clerk' },
  { id: 's-boss', name: '周督办', districtCode: '330212', departmentCode: 'supervision', roles: ['supervisor', 'auditor'], accountId: 'zzd-boss' },
  { id: 's-gone', name: '吴离职', districtCode: '330203', departmentCode: 'civil', roles: ['handler'], accountId: 'zzd-gone' },
];
const byAccount = (accountId: string) => STAFF.filter((s) => s.accountId === accountId)[0];
const profile = (s: (typeof STAFF)[number]) => ({ id: s.id, name: s.name, districtCode: s.districtCode, departmentCode: s.departmentCode, roles: s.roles, expiresAt: '2030-01-01T00:00:00.000Z' });
let server: TestServer;
let meStatus = 200;

function TodoProbe() {
  const { api } = useApp();
  return h(List<{ id: string }>, {
    load: () => api.get<Array<{ id: string }>>('/api/todo'),
    keyOf: (x) => x.id,
    renderItem: (x) => h('span', null, x.id),
    emptyText: '暂无待办',
    testid: 'todo-list',
  });
}

beforeAll(async () => {
  server = await startServer({
    'GET /api/dev/staff': () => ({ json: STAFF }),
    'POST /__local/code': (req) => ({ json: { code: 'c:' + (req.json() as { accountId: string }).accountId } }),
    'POST /api/login': (req) => {
      const s = byAccount((req.json() as { code: string }).code.slice(2));
      return { json: { token: 't:' + s.id, expiresAt: '2030-01-01T00:00:00.000Z', staff: profile(s) } };
    },
    'GET /api/me': (req) => {
      if (meStatus !== 200) return { status: meStatus, json: { code: 'UNAUTHENTICATED', message: '未登录或登录已过期，请重新登录' } };
      const id = String(req.headers.authorization).slice('Bearer t:'.length);
      return { json: profile(STAFF.filter((s) => s.id === id)[0]) };
    },
    'POST /api/logout': () => ({ status: 204 }),
    'GET /api/todo': (req) => (req.headers.authorization !== 'Bearer t:s-gone' ? { json: [{ id: 'st-1' }] } : { status: 401, json: { code: 'TOKEN_EXPIRED', message: '会话已失效' } }),
  });
  registerPage({ path: '/todo', title: '待办', component: TodoProbe, tab: { label: '待办', order: 10 } });
  registerPage({ path: '/supervise', title: '督办', component: () => h('div', { 'data-testid': 'page-supervise' }), tab: { label: '督办', order: 30 }, roles: ['supervisor'] });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  meStatus = 200;
  clearSession();
  location.hash = '';
});
let unmount: (() => void) | undefined;
afterEach(() => {
  if (unmount) unmount();
  document.body.innerHTML = '';
});

function start() {
  const config = { apiBase: server.url, gatewayUrl: server.url };
  const m = mount(h(App, { platform: createBrowserPlatform(config, htmlUi), config }));
  unmount = m.unmount;
  return m;
}

async function loginAs(id: string) {
  click(await waitForTestId('login-button'));
  click(await waitForTestId('picker-item-' + id));
  await waitForTestId('shell');
}

describe('app start-up (browser platform)', () => {
  it('logs in through the HTML picker and shows the tabs the roles allow', async () => {
    start();
    const login = await waitForTestId('login');
    expect(login.textContent).toContain('选择演示账号登录');
    click(byTestId('login-button') as HTMLElement);
    const picker = await waitForTestId('picker');
    expect(picker.textContent).toContain('陈窗口');
    // grouped by district, then department; each person with their roles
    expect([...picker.querySelectorAll('.lb-login-group')].map((g) => g.textContent)).toEqual(['330212', '330203']);
    expect(byTestId('picker-item-s-boss')?.textContent).toBe('周督办 督办审计');
    click(byTestId('picker-item-s-boss') as HTMLElement);
    await waitForTestId('shell');
    expect(byTestId('picker')).toBeNull();
    expect(getSession()).toMatchObject({ token: 't:s-boss', staff: { name: '周督办' } });
    const tabs = await waitForTestId('tab-bar');
    expect([...tabs.querySelectorAll('.lb-tabbar__label')].map((t) => t.textContent)).toEqual(['待办', '办件', '督办', '统计', '整改', '审计', '档案', '配置', '我的']);
    // home = first tab, and its list loaded with the session token
    await waitFor(() => location.hash === '#/todo', 'redirect to #/todo');
    await waitFor(() => byTestId('list-item'), 'todo item');
    expect(document.title).toBe('待办');
  });

  it('shows the profile: name, department, district and roles', async () => {
    start();
    await loginAs('s-boss');
    await waitFor(() => location.hash === '#/todo', 'home tab');
    location.hash = '#/me';
    const card = await waitForTestId('staff-card');
    expect(byTestId('staff-name', card)?.textContent).toBe('周督办');
    expect(byTestId('staff-department', card)?.textContent).toContain('supervision');
    expect(byTestId('staff-district', card)?.textContent).toContain('330212');
    expect(byTestId('staff-roles', card)?.textContent).toContain('督办');
    expect(byTestId('staff-roles', card)?.textContent).toContain('审计');
  });

  it('hides a tab and refuses its route for staff without the role', async () => {
    start();
    await loginAs('s-clerk');
    const tabs = await waitForTestId('tab-bar');
    expect(tabs.textContent).not.toContain('督办');
    location.hash = '#/supervise';
    await waitFor(() => location.hash === '#/todo', 'sent back to the first tab');
    expect(byTestId('page-supervise')).toBeNull();
  });

  it('a 401 from a page clears the session and shows the login with the reason', async () => {
    start();
    // /api/todo answers 401 for this token: the shell may come and go between two polls
    click(await waitForTestId('login-button'));
    click(await waitForTestId('picker-item-s-gone'));
    const error = await waitFor(() => server.requests.some((r) => r.path === '/api/todo') && byTestId('login-error'), 'login error after /api/todo');
    expect(error.textContent).toBe('会话已失效');
    expect(getSession()).toBeNull();
  });

  it('reuses a stored session when /api/me accepts it, and logs in again when it does not', async () => {
    start();
    await loginAs('s-boss');
    unmount?.();
    start();
    await waitForTestId('shell');
    expect(byTestId('login')).toBeNull();
    unmount?.();
    meStatus = 401;
    start();
    await waitForTestId('login');
    expect(getSession()).toBeNull();
  });

  it('logging out revokes the session on the server (POST /api/logout with the token), clears it and shows the login', async () => {
    start();
    await loginAs('s-boss');
    location.hash = '#/me';
    click(await waitForTestId('logout'));
    await waitForTestId('login');
    await waitFor(() => server.requests.some((r) => r.method === 'POST' && r.path === '/api/logout'), 'POST /api/logout');
    const out = server.requests.find((r) => r.path === '/api/logout');
    expect(out?.headers.authorization).toBe('Bearer t:s-boss');
    expect(getSession()).toBeNull();
  });

  it('cancelling the demo login stays on the login page with a message', async () => {
    start();
    click(await waitForTestId('login-button'));
    click(await waitForTestId('picker-cancel'));
    const error = await waitForTestId('login-error');
    expect(error.textContent).toBe('已取消登录');
    expect(byTestId('login-button')).not.toBeNull();
  });
});
