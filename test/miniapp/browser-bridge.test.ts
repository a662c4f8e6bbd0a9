/**
 * The browser platform's demo login over real HTTP: the staff list from the API
 * (`GET /api/dev/staff`), then a code from the local 浙政钉 gateway fake (`POST /__local/code`).
 * The HTML part (which staff the user taps) is a scripted BrowserUi.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBrowserPlatform, type BrowserUi, type DemoStaff } from '../../miniapp/platform/browser';
import { startServer, type TestServer } from './support/server';

const STAFF: DemoStaff[] = [
  { id: 's-clerk', name: '陈窗口', districtName: '鄞州区', departmentName: '行政服务中心', roles: ['clerk'] },
  { id: 's-police', name: '林民警', districtName: '鄞州区', departmentName: '公安分局', roles: ['handler'], accountId: 'zzd-acc-42' },
];

let api: TestServer;
let gateway: TestServer;

beforeAll(async () => {
  api = await startServer();
  gateway = await startServer();
});
afterAll(async () => {
  await api.close();
  await gateway.close();
});
beforeEach(() => {
  api.requests.length = 0;
  gateway.requests.length = 0;
  api.routes['GET /api/dev/staff'] = () => ({ json: STAFF });
  gateway.routes['POST /__local/code'] = (req) => ({ json: { code: 'code-of-' + (req.json() as { accountId: string }).accountId } });
});

function ui(overrides: Partial<BrowserUi> = {}): BrowserUi & { shown: DemoStaff[][] } {
  const shown: DemoStaff[][] = [];
  return {
    shown,
    chooseStaff: async (staff) => {
      shown.push(staff);
      return 's-police';
    },
    pick: async () => [],
    toast: async () => undefined,
    confirm: async () => true,
    previewImage: async () => undefined,
    pickFiles: async () => [],
    openLink: () => undefined,
    ...overrides,
  };
}

describe('browser platform: demo login', () => {
  it('shows the demo staff, then trades the chosen account for a code at the gateway', async () => {
    const u = ui();
    const p = createBrowserPlatform({ apiBase: api.url, gatewayUrl: gateway.url }, u);
    await expect(p.getAuthCode()).resolves.toEqual({ platform: 'local', code: 'code-of-zzd-acc-42' });
    expect(u.shown).toEqual([STAFF]);
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0].json()).toEqual({ accountId: 'zzd-acc-42' });
    expect(gateway.requests[0].headers['content-type']).toBe('application/json');
  });

  it('uses the staff id as the account when the list gives no accountId', async () => {
    const p = createBrowserPlatform({ apiBase: api.url, gatewayUrl: gateway.url }, ui({ chooseStaff: async () => 's-clerk' }));
    await expect(p.getAuthCode()).resolves.toEqual({ platform: 'local', code: 'code-of-s-clerk' });
  });

  it('cancelling the picker asks the gateway for nothing', async () => {
    const p = createBrowserPlatform({ apiBase: api.url, gatewayUrl: gateway.url }, ui({ chooseStaff: async () => null }));
    await expect(p.getAuthCode()).rejects.toMatchObject({ code: 'LOCAL_CANCELLED', message: '已取消登录' });
    expect(gateway.requests).toHaveLength(0);
  });

  it('explains when the server offers no demo login (not in local mode)', async () => {
    delete api.routes['GET /api/dev/staff'];
    const p = createBrowserPlatform({ apiBase: api.url, gatewayUrl: gateway.url }, ui());
    const err = await p.getAuthCode().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LOCAL_HTTP_404' });
    expect((err as Error).message).toBe('获取演示账号失败：接口不存在');
  });

  it('passes the gateway error message on', async () => {
    gateway.routes['POST /__local/code'] = () => ({ status: 400, json: { code: 'UNKNOWN_ACCOUNT', message: '账号不存在' } });
    const p = createBrowserPlatform({ apiBase: api.url, gatewayUrl: gateway.url }, ui());
    await expect(p.getAuthCode()).rejects.toMatchObject({ code: 'LOCAL_HTTP_400', message: '获取免登码失败：账号不存在' });
  });

  it('needs the gateway URL from LIANBAN_CONFIG', async () => {
    const p = createBrowserPlatform({ apiBase: api.url }, ui());
    await expect(p.getAuthCode()).rejects.toMatchObject({ code: 'LOCAL_NO_GATEWAY' });
  });

  it('reports an unreachable server in Chinese', async () => {
    const closed = await startServer();
    await closed.close();
    const p = createBrowserPlatform({ apiBase: closed.url, gatewayUrl: gateway.url }, ui());
    await expect(p.getAuthCode()).rejects.toMatchObject({ code: 'LOCAL_NETWORK', message: '获取演示账号失败：无法连接服务器' });
  });
});

describe('browser platform: HTML dialogs', () => {
  it('picks contacts from the candidates the page gives', async () => {
    const seen: unknown[] = [];
    const p = createBrowserPlatform(
      { apiBase: api.url },
      ui({
        pick: async (title, entries, multiple, max) => {
          seen.push({ title, entries, multiple, max });
          return ['b', 'zzz'];
        },
      }),
    );
    const picked = await p.pickContact({
      title: '转交给',
      multiple: true,
      max: 2,
      candidates: [
        { id: 'a', name: '甲', departmentName: '民政局' },
        { id: 'b', name: '乙', departmentName: '人社局' },
      ],
    });
    expect(picked).toEqual([{ id: 'b', name: '乙' }]);
    expect(seen[0]).toEqual({ title: '转交给', multiple: true, max: 2, entries: [{ id: 'a', title: '甲', subtitle: '民政局' }, { id: 'b', title: '乙', subtitle: '人社局' }] });
  });

  it('picks files with the HTML UI (the file input) and uploads their own Blobs', async () => {
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'application/pdf' });
    const kinds: string[] = [];
    const p = createBrowserPlatform(
      { apiBase: api.url },
      ui({
        pickFiles: async (o) => {
          kinds.push(o.kind + (o.multiple ? '+' : ''));
          return [{ name: '扫描件.pdf', size: 3, type: 'application/pdf', blob }];
        },
      }),
    );
    const files = await p.pickFiles({ kind: 'pdf', multiple: true });
    expect(kinds).toEqual(['pdf+']);
    expect(await p.fileBlob(files[0])).toBe(blob);
    await expect(p.fileBlob({ name: 'a.png', size: 1, type: 'image/png', path: '/x/a.png' })).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: '无法读取所选文件' });
  });

  it('confirm and toast go to the HTML UI with default labels', async () => {
    const seen: unknown[] = [];
    const p = createBrowserPlatform(
      { apiBase: api.url },
      ui({
        confirm: async (...args) => {
          seen.push(args);
          return false;
        },
        toast: async (...args) => {
          seen.push(args);
        },
      }),
    );
    await expect(p.confirm('撤销', '确定撤销该办件？')).resolves.toBe(false);
    await p.toast('已保存');
    expect(seen).toEqual([
      ['撤销', '确定撤销该办件？', '确定', '取消'],
      ['已保存', 'info'],
    ]);
  });
});
