/**
 * The built bundles boot in a DOM (happy-dom with script evaluation) exactly as served: index.html
 * with the injected config, the inline loader picking a bundle by user agent, the bundle logging in.
 * In the 浙政钉 case the container's native bridge (`window.nuva`) is provided by the page, as the
 * client would, and answers getAuthCode / setTitle.
 * happy-dom loads classic scripts with a synchronous fetch in a child process, which would deadlock
 * against a server in this process, so the static files come from its virtual server (the build
 * directory) and only the API runs over HTTP here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMiniapp, injectConfig, type MiniappManifest } from '../../scripts/build/miniapp';
import { startServer, type TestServer } from './support/server';
import { UAS } from './support/uas';

const NUVA_STUB = `<script>
window.__bridgeCalls = [];
window.nuva = { isReady: true, require: function () {
  return function (ok, fail, ns, api, params) {
    window.__bridgeCalls.push(ns + '.' + api);
    if (api === 'getAuthCode') ok({ code: 'zzd-good', expireTime: 300 });
    else ok({});
  };
} };
</script>`;

let dir: string;
let server: TestServer;
let manifest: MiniappManifest;
let staticDir: string;
const ORIGIN = 'http://miniapp.lianban.test';
const browsers: Browser[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lianban-boot-'));
  const out = path.join(dir, 'miniapp');
  ({ manifest } = await buildMiniapp({ outDir: out, log: () => undefined }));
  server = await startServer({
    'POST /api/login': (req) => {
      const body = req.json() as { platform: string; code: string };
      if (body.platform !== 'zzd' || body.code !== 'zzd-good') return { status: 401, json: { code: 'INVALID_AUTH_CODE', message: '免登码无效或已过期，请重新进入应用' } };
      return { json: { token: 'tok', expiresAt: '2030-01-01T00:00:00Z', staff: { id: 's1', name: '林民警', districtCode: '330212', departmentCode: 'police', roles: ['handler'] } } };
    },
    'GET /api/me': (req) =>
      req.headers.authorization === 'Bearer tok'
        ? { json: { id: 's1', name: '林民警', districtCode: '330212', departmentCode: 'police', roles: ['handler'] } }
        : { status: 401, json: { code: 'UNAUTHENTICATED', message: '未登录或登录已过期，请重新登录' } },
    'GET /api/queues/mine': (req) =>
      req.headers.authorization === 'Bearer tok'
        ? { json: { items: [], nextCursor: null, counts: { mine: 0, department: 3, warning: 0, overdue: 0 } } }
        : { status: 401, json: { code: 'UNAUTHENTICATED', message: '未登录或登录已过期，请重新登录' } },
  });
  const html = injectConfig(readFileSync(path.join(out, 'index.html'), 'utf8'), { apiBase: server.url, gatewayUrl: server.url });
  writeFileSync(path.join(out, 'plain.html'), html);
  writeFileSync(path.join(out, 'with-nuva.html'), html.replace('</head>', NUVA_STUB + '</head>'));
  staticDir = out;
});
afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(ua: string, file: string) {
  const browser = new Browser({
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      enableCSSFileLoading: true,
      navigator: { userAgent: ua },
      fetch: { virtualServers: [{ url: ORIGIN + '/', directory: staticDir }] },
    },
  });
  browsers.push(browser);
  const page = browser.newPage();
  lastConsole = () => page.virtualConsolePrinter.readAsString();
  await page.goto(ORIGIN + '/' + file);
  return page;
}

let lastConsole: () => string = () => '';
async function waitFor(probe: () => boolean, what: string, doc: { body: { innerHTML: string } }) {
  for (let i = 0; i < 1000; i++) {
    if (probe()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('waitFor ' + what + ': ' + (doc as unknown as Document).documentElement.outerHTML.slice(0, 3000) + '\nconsole:\n' + lastConsole());
}

describe('built bundles boot', () => {
  it('浙政钉: loads only app-zzd and the page chunks it opens, logs in with the container code and shows the staff', async () => {
    const page = await open(UAS.zzdAndroid, 'with-nuva.html');
    const doc = page.mainFrame.document;
    const win = page.mainFrame.window as unknown as { __bridgeCalls: string[] };
    // home is the handler's 待办, loaded with the session token (the gdt-jsapi invoker ran on the
    // build's lean regenerator stand-in to get here)
    await waitFor(() => !!doc.querySelector('[data-testid="page-todo"] [data-testid="empty"]'), 'empty 待办', doc);
    expect(doc.querySelector('[data-testid="count-ready"]')?.textContent).toBe('3');
    (doc.querySelector('[data-testid="tab-me"]') as unknown as { click(): void }).click();
    await waitFor(() => !!doc.querySelector('[data-testid="staff-name"]'), 'staff name', doc);
    // the shell, then the chunk of each page as it is first opened (待办, 我的; neither needs the common chunk)
    const scripts = [...doc.querySelectorAll('script[src]')].map((s) => s.getAttribute('src'));
    expect(scripts).toEqual([manifest.bundles.zzd, ...manifest.chunks.todo, ...manifest.chunks.me]);
    expect(doc.querySelector('[data-testid="staff-name"]')?.textContent).toBe('林民警');
    expect(win.__bridgeCalls).toContain('taurus.common.getAuthCode');
    await waitFor(() => win.__bridgeCalls.indexOf('biz.navigation.setTitle') >= 0, 'native title', doc);
    expect(lastConsole()).not.toMatch(/Error/);
    expect(server.requests.filter((r) => r.path === '/api/login').map((r) => r.json())).toContainEqual({ platform: 'zzd', code: 'zzd-good' });
  });

  it('browser: loads only app-browser and offers the demo login', async () => {
    const page = await open(UAS.chrome, 'plain.html');
    const doc = page.mainFrame.document;
    await waitFor(() => !!doc.querySelector('[data-testid="login-button"]'), 'login button', doc);
    expect([...doc.querySelectorAll('script[src]')].map((s) => s.getAttribute('src'))).toEqual([manifest.bundles.local]);
    expect(doc.querySelector('[data-testid="login-button"]')?.textContent).toBe('选择演示账号登录');
  });

  it('DingTalk: loads only app-dingtalk and explains a missing corpId instead of hanging', async () => {
    const page = await open(UAS.dingtalkAndroid, 'plain.html');
    const doc = page.mainFrame.document;
    await waitFor(() => !!doc.querySelector('[data-testid="login-error"]'), 'login error', doc);
    expect([...doc.querySelectorAll('script[src]')].map((s) => s.getAttribute('src'))).toEqual([manifest.bundles.dingtalk]);
    expect(doc.querySelector('[data-testid="login-error"]')?.textContent).toContain('corpId');
  });
});
