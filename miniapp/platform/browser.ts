/**
 * Plain-browser platform for local development and browser tests: a demo login against the local
 * 浙政钉 gateway fake, and HTML dialogs instead of native ones. The server only offers
 * `GET /api/dev/staff` in local mode.
 */
import { blobOf } from './files';
import { PlatformError, type AppConfig, type PickedFile, type PickFilesOptions, type Platform, type ToastKind } from './types';

/** One entry of `GET /api/dev/staff`. `accountId` is the 浙政钉 account; defaults to `id`. */
export interface DemoStaff {
  id: string;
  name: string;
  districtCode?: string;
  districtName?: string;
  departmentCode?: string;
  departmentName?: string;
  roles?: string[];
  accountId?: string;
}

interface PickerEntry {
  id: string;
  title: string;
  subtitle?: string;
}

/** The HTML side of the browser platform; `browserUi.tsx` renders it with preact. */
export interface BrowserUi {
  /** Resolves with the chosen id, or null when cancelled. */
  chooseStaff(staff: DemoStaff[]): Promise<string | null>;
  pick(title: string, entries: PickerEntry[], multiple: boolean, max?: number): Promise<string[]>;
  toast(message: string, kind: ToastKind): Promise<void>;
  confirm(title: string, message: string, okLabel: string, cancelLabel: string): Promise<boolean>;
  previewImage(urls: string[], current?: string): Promise<void>;
  pickFiles(options: PickFilesOptions): Promise<PickedFile[]>;
  openLink(url: string): void;
}

async function readJson(res: Response, what: string): Promise<unknown> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const message = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : 'HTTP ' + res.status;
    throw new PlatformError(what + '失败：' + message, 'LOCAL_HTTP_' + res.status);
  }
  return body;
}

async function send(fetchImpl: typeof fetch, url: string, init: RequestInit, what: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchImpl(url, init);
  } catch {
    throw new PlatformError(what + '失败：无法连接服务器', 'LOCAL_NETWORK');
  }
  return readJson(res, what);
}

async function fetchDemoStaff(config: AppConfig, fetchImpl: typeof fetch = fetch): Promise<DemoStaff[]> {
  const body = await send(fetchImpl, config.apiBase + '/api/dev/staff', { method: 'GET' }, '获取演示账号');
  if (!Array.isArray(body)) throw new PlatformError('获取演示账号失败：返回格式不正确', 'LOCAL_BAD_RESPONSE');
  return body as DemoStaff[];
}

async function requestLocalCode(config: AppConfig, accountId: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  if (!config.gatewayUrl) throw new PlatformError('未配置本地浙政钉网关地址（gatewayUrl）', 'LOCAL_NO_GATEWAY');
  const body = await send(
    fetchImpl,
    config.gatewayUrl + '/__local/code',
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ accountId }) },
    '获取免登码',
  );
  const code = body && typeof body === 'object' ? (body as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !code) throw new PlatformError('本地网关未返回免登码', 'LOCAL_NO_CODE');
  return code;
}

export function createBrowserPlatform(config: AppConfig, ui: BrowserUi, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Platform {
  return {
    name: 'local',
    ready: () => Promise.resolve(),
    async getAuthCode() {
      const staff = await fetchDemoStaff(config, fetchImpl);
      if (!staff.length) throw new PlatformError('没有可用的演示账号', 'LOCAL_NO_STAFF');
      const id = await ui.chooseStaff(staff);
      if (!id) throw new PlatformError('已取消登录', 'LOCAL_CANCELLED');
      const chosen = staff.filter((s) => s.id === id)[0];
      if (!chosen) throw new PlatformError('所选账号不存在', 'LOCAL_UNKNOWN_STAFF');
      const code = await requestLocalCode(config, chosen.accountId || chosen.id, fetchImpl);
      return { platform: 'local', code };
    },
    async pickContact(options) {
      const candidates = options.candidates || [];
      const entries = candidates.map((c) => ({ id: c.id, title: c.name, subtitle: c.departmentName }));
      const ids = await ui.pick(options.title, entries, !!options.multiple, options.max);
      return candidates.filter((c) => ids.indexOf(c.id) >= 0).map((c) => ({ id: c.id, name: c.name }));
    },
    toast: (message, kind = 'info') => ui.toast(message, kind),
    confirm: (title, message, okLabel = '确定', cancelLabel = '取消') => ui.confirm(title, message, okLabel, cancelLabel),
    setTitle(title) {
      document.title = title;
      return Promise.resolve();
    },
    openLink(url) {
      ui.openLink(url);
      return Promise.resolve();
    },
    previewImage: (urls, current) => ui.previewImage(urls, current),
    pickFiles: (options) => ui.pickFiles(options),
    fileBlob: blobOf,
  };
}
