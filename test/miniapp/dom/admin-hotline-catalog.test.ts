// @vitest-environment happy-dom
/**
 * 热线事项目录 in a DOM against a recording server: classes with their item counts, an opened class's items with
 * department kinds by name (never codes); an admin renames an item and adds one, and 保存 sends the whole catalog
 * with the version read; a 400 CATALOG_INVALID shows every problem in Chinese and opens the item it names; a 409
 * keeps the edits and, after 载入最新版本号, the save sends the fresh version; an auditor reads only.
 */
import { h } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HotlineCatalog } from '../../../functions/core/workOrder';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { HotlineCatalogPage } from '../../../miniapp/pages/admin/hotlineCatalog';
import type { Platform } from '../../../miniapp/platform/types';
import type { Staff } from '../../../miniapp/session';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, type, waitFor, waitForTestId } from './helpers';

const ADMIN: Staff = { id: 'yinzhou-serviceCenter-admin1', name: '区管理员', districtCode: '330212', roles: ['admin'] };
const AUDITOR: Staff = { id: 'yinzhou-serviceCenter-auditor1', name: '审计员', districtCode: '330212', roles: ['auditor'] };

const catalog = (version: number): HotlineCatalog => ({
  district: '330212',
  version,
  updatedAt: '2026-12-01T02:00:00.000Z',
  updatedBy: 'seed',
  classes: [
    {
      id: 'water',
      name: '供水',
      items: [
        { id: 'wateroutage', name: '突发停水', kind: 'help', limit: { unit: 'hours', value: 24 }, departmentKind: 'waterSupply', answer: '', keywords: ['停水'], active: true },
        { id: 'waterprice', name: '水价、水费咨询', kind: 'consult', limit: { unit: 'workingDays', value: 2 }, departmentKind: null, answer: '居民生活用水实行阶梯水价。', keywords: [], active: true },
      ],
    },
    { id: 'civil', name: '民政', items: [{ id: 'bulkywaste', name: '邻里纠纷调解', kind: 'help', limit: { unit: 'workingDays', value: 10 }, departmentKind: 'townCenter', answer: '', keywords: [], active: false }] },
  ],
});

const DIRECTORY = { departmentKinds: [{ id: 'waterSupply', name: '供水（公用事业）' }, { id: 'townCenter', name: '镇（街道）便民服务中心' }, { id: 'police', name: '公安' }] };

let server: TestServer;
let unmount: (() => void) | undefined;
const platform = { name: 'local' } as unknown as Platform;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  unmount?.();
  unmount = undefined;
});
beforeEach(() => {
  server.requests.length = 0;
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  server.routes['GET /api/admin/directory'] = () => ({ json: DIRECTORY });
  server.routes['GET /api/hotline/catalog'] = () => ({ json: catalog(1) });
});

async function open(staff: Staff): Promise<HTMLElement> {
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  const m = mount(h(AppContext.Provider, { value: { api, platform, staff, logout: () => undefined } }, h(HotlineCatalogPage, { params: {}, query: {} })));
  unmount = m.unmount;
  return waitForTestId('page-hotline-catalog');
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const puts = () => server.requests.filter((r) => r.method === 'PUT' && r.path === '/api/admin/hotline/catalog');
const item = (id: string) => document.querySelector(`[data-testid="catalog-item"][data-item="${id}"]`) as HTMLElement;
const classRow = (id: string) => document.querySelector(`[data-testid="catalog-class"][data-class="${id}"]`) as HTMLElement;

describe('热线事项目录', () => {
  it('lists the classes with their counts and an opened class’s items by name, never by code', async () => {
    const page = await open(ADMIN);
    expect(byTestId('catalog-summary')?.textContent).toContain('2 类 · 3 项 · 第 1 版');
    expect(classRow('water').textContent).toContain('2 / 2 项');
    expect(classRow('civil').textContent).toContain('0 / 1 项');
    expect(item('wateroutage').textContent).toContain('求助 · 24 小时 · 供水（公用事业）');
    expect(item('waterprice').textContent).toContain('咨询 · 2 个工作日 · 中心直接答复');
    click(classRow('civil'));
    await waitFor(() => item('bulkywaste'), 'civil items');
    expect(item('bulkywaste').textContent).toContain('所在镇（街道）');
    expect(item('bulkywaste').textContent).toContain('已停用');
    expect(page.textContent).not.toMatch(/waterSupply|townCenter/);
  });

  it('an admin renames an item and adds one; 保存 sends the whole catalog with the version read', async () => {
    await open(ADMIN);
    expect((byTestId('save-catalog') as HTMLButtonElement).disabled).toBe(true);
    click(item('wateroutage'));
    const form = await waitForTestId('item-form');
    expect((byTestId('item-id', form) as HTMLInputElement).disabled).toBe(true);
    type(byTestId('item-name', form) as HTMLElement, '突发停水（区域性）');
    await settle();
    click(byTestId('add-item') as HTMLElement);
    await settle();
    const added = await waitForTestId('item-form');
    type(byTestId('item-name', added) as HTMLElement, '二次供水故障');
    const dep = byTestId('item-department', added) as HTMLSelectElement;
    dep.value = 'waterSupply';
    dep.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    type(byTestId('item-keywords', added) as HTMLElement, '停水、水压');
    await settle();
    server.routes['PUT /api/admin/hotline/catalog'] = (req) => ({ json: { ...catalog(2), classes: (req.json() as { classes: unknown }).classes } });
    click(byTestId('save-catalog') as HTMLElement);
    await waitFor(() => puts().length === 1, 'PUT');
    const body = puts()[0].json() as { expectedVersion: number; classes: HotlineCatalog['classes'] };
    expect(body.expectedVersion).toBe(1);
    expect(body.classes[0].items[0].name).toBe('突发停水（区域性）');
    expect(body.classes[0].items[2]).toMatchObject({ name: '二次供水故障', departmentKind: 'waterSupply', keywords: ['停水', '水压'], kind: 'consult', active: true });
    expect(body.classes[0].items[2].id).toMatch(/^[a-z][a-z0-9]{1,39}$/);
    await waitFor(() => byTestId('catalog-summary')?.textContent?.includes('第 2 版'), 'version 2');
  });

  it('a refused catalog shows every problem in Chinese and opens the item it names', async () => {
    await open(ADMIN);
    click(classRow('civil'));
    await settle();
    click(classRow('water'));
    await settle();
    click(item('waterprice'));
    type(byTestId('item-name', await waitForTestId('item-form')) as HTMLElement, '');
    await settle();
    server.routes['PUT /api/admin/hotline/catalog'] = () => ({
      status: 400,
      json: { code: 'CATALOG_INVALID', message: '第1类第2项：名称不能为空', issues: [{ field: 'classes.0.items.1.name', code: 'CATALOG_INVALID', message: '第1类第2项：名称不能为空' }] },
    });
    click(byTestId('save-catalog') as HTMLElement);
    const error = await waitForTestId('catalog-error');
    expect(error.textContent).toContain('第1类第2项：名称不能为空');
    const form = await waitForTestId('item-form');
    expect(byTestId('item-problems', form)?.textContent).toContain('名称不能为空');
    expect(item('waterprice').className).toContain('lb-field--error');
  });

  it('a 409 keeps the edits; after 载入最新版本号 the save sends the fresh version', async () => {
    await open(ADMIN);
    click(item('wateroutage'));
    type(byTestId('item-name', await waitForTestId('item-form')) as HTMLElement, '突发停水（新）');
    await settle();
    server.routes['PUT /api/admin/hotline/catalog'] = () => ({ status: 409, json: { code: 'CONFLICT', message: '热线事项目录已被他人修改，请刷新后再改（您的修改仍在页面上）' } });
    click(byTestId('save-catalog') as HTMLElement);
    const error = await waitForTestId('catalog-error');
    expect(error.textContent).toContain('已被他人修改');
    server.routes['GET /api/hotline/catalog'] = () => ({ json: catalog(3) });
    click(byTestId('catalog-latest', error) as HTMLElement);
    await waitFor(() => byTestId('page-hotline-catalog')?.querySelector('[data-version="3"]'), 'version 3');
    server.routes['PUT /api/admin/hotline/catalog'] = () => ({ json: catalog(4) });
    click(byTestId('save-catalog') as HTMLElement);
    await waitFor(() => puts().length === 2, 'second PUT');
    const body = puts()[1].json() as { expectedVersion: number; classes: HotlineCatalog['classes'] };
    expect(body.expectedVersion).toBe(3);
    expect(body.classes[0].items[0].name).toBe('突发停水（新）');
  });

  it('an auditor reads only', async () => {
    const page = await open(AUDITOR);
    expect(byTestId('read-only')?.textContent).toContain('审计只读');
    expect(byTestId('save-catalog')).toBeNull();
    expect(byTestId('add-class')).toBeNull();
    click(item('wateroutage'));
    const form = await waitForTestId('item-form');
    expect((byTestId('item-name', form) as HTMLInputElement).disabled).toBe(true);
    expect(page.textContent).toContain('突发停水');
  });
});
