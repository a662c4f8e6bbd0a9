/**
 * The 浙政钉 bridge against gdt-jsapi itself, with the native side stubbed where gdt-jsapi looks for
 * it: Android `window.nuva.require()` → `WebViewJavascriptBridgeAndroid(success, fail, namespace,
 * api, params)`, iOS `window.WebViewJavascriptBridge.callHandler(name, params, callback)`; readiness
 * via `nuva.isReady` or the `runtimeready` document event. gdt-jsapi reads the user agent and creates
 * its singleton invoker (`window._invoker`) at import, so each scenario loads fresh modules.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Platform } from '../../miniapp/platform/types';

const ANDROID_ZZD =
  'Mozilla/5.0 (Linux; U; Android 10; zh-CN; V2001A Build/QP1A.190711.020) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.22.2.33 Mobile Safari/537.36 AliApp(DingTalk/6.3.3) com.alibaba.android.rimet.zwding/14.1 Channel/1 language/zh-CN TaurusApp(zwding/1.8.8) DingTalk(6.3.3)';
const IOS_ZZD =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 15_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/6.3.3) com.alibaba.gov.zwding/1.8.8 Channel/263200 language/zh-Hans-CN TaurusApp(zwding/1.8.8) DingTalk(6.3.3) WK';

type NativeAnswer = { ok: unknown } | { fail: unknown };
type Handler = (namespace: string, api: string, params: Record<string, unknown>) => NativeAnswer;
interface NativeCall {
  namespace: string;
  api: string;
  params: Record<string, unknown>;
}

interface Env {
  calls: NativeCall[];
  fire: (event: string) => void;
  platform: Platform;
  gdtGetAuthCode: (args: { corpId?: string }) => Promise<unknown>;
}

const g = globalThis as unknown as Record<string, unknown>;

function setGlobal(name: string, value: unknown) {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}

async function load(ua: string, os: 'android' | 'ios', handler: Handler, options: { bridgeReady?: boolean; corpId?: string } = {}): Promise<Env> {
  vi.resetModules();
  const calls: NativeCall[] = [];
  const listeners: Record<string, Array<() => void>> = {};
  setGlobal('navigator', { userAgent: ua });
  setGlobal('window', globalThis);
  setGlobal('document', {
    title: '',
    addEventListener: (name: string, fn: () => void) => (listeners[name] = (listeners[name] || []).concat(fn)),
    removeEventListener: () => undefined,
  });
  delete g._invoker;
  delete g.nuva;
  delete g.WebViewJavascriptBridge;
  delete g.WebViewJavascriptBridgeAndroid;

  const respond = (namespace: string, api: string, params: Record<string, unknown>, ok: (r: unknown) => void, fail: (r: unknown) => void) => {
    calls.push({ namespace, api, params });
    const a = handler(namespace, api, params);
    if ('ok' in a) ok(a.ok);
    else fail(a.fail);
  };
  if (os === 'android') {
    const bridge = (ok: (r: unknown) => void, fail: (r: unknown) => void, namespace: string, api: string, params: Record<string, unknown>) =>
      respond(namespace, api, params, ok, fail);
    g.nuva = { isReady: options.bridgeReady !== false, require: () => bridge };
  } else {
    g.WebViewJavascriptBridge = {
      init: () => undefined,
      callHandler: (name: string, params: Record<string, unknown>, cb: (r: unknown) => void) => {
        const at = name.lastIndexOf('.');
        respond(name.slice(0, at), name.slice(at + 1), params, cb, cb);
      },
    };
  }
  const { createZzdPlatform } = await import('../../miniapp/platform/zzd');
  const gdt = await import('gdt-jsapi/es/getAuthCode');
  return {
    calls,
    fire: (event) => (listeners[event] || []).forEach((fn) => fn()),
    platform: createZzdPlatform({ apiBase: '', corpId: options.corpId }),
    gdtGetAuthCode: gdt.default,
  };
}

afterEach(() => {
  delete g._invoker;
});

function ok(result: unknown): NativeAnswer {
  return { ok: result };
}

describe('浙政钉 platform on Android (gdt-jsapi, nuva bridge)', () => {
  it('gets the login-free code via taurus.common.getAuthCode', async () => {
    const env = await load(ANDROID_ZZD, 'android', () => ok({ code: 'zzd-code-1', expireTime: 300 }), { corpId: 'corp9' });
    await expect(env.platform.getAuthCode()).resolves.toEqual({ platform: 'zzd', code: 'zzd-code-1' });
    expect(env.calls[0]).toMatchObject({ namespace: 'taurus.common', api: 'getAuthCode', params: { corpId: 'corp9' } });
  });

  it('accepts the auth_code spelling some clients answer with', async () => {
    const env = await load(ANDROID_ZZD, 'android', () => ok({ auth_code: 'zzd-code-2', expireTime: 300 }));
    await expect(env.platform.getAuthCode()).resolves.toEqual({ platform: 'zzd', code: 'zzd-code-2' });
  });

  it('fails clearly when the client refuses', async () => {
    const env = await load(ANDROID_ZZD, 'android', () => ({ fail: { errorCode: '7', errorMessage: '无权调用' } }));
    const err = await env.platform.getAuthCode().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PlatformError', code: 'ZZD_7' });
    expect((err as Error).message).toBe('获取浙政钉免登码失败：无权调用');
  });

  it('waits for the bridge: gdt-jsapi rejects calls before runtimeready, the platform does not', async () => {
    const env = await load(ANDROID_ZZD, 'android', () => ok({ code: 'late-code' }), { bridgeReady: false });
    await expect(env.gdtGetAuthCode({})).rejects.toContain('请在 dd.ready() 回调中使用 JSAPI');
    const pending = env.platform.getAuthCode();
    let settled = false;
    pending.then(() => (settled = true), () => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    expect(env.calls).toHaveLength(0);
    env.fire('runtimeready');
    await expect(pending).resolves.toEqual({ platform: 'zzd', code: 'late-code' });
  });

  it('maps the complex picker (userid) and treats cancel as no choice', async () => {
    let cancel = false;
    const env = await load(ANDROID_ZZD, 'android', () =>
      cancel ? { fail: { errorCode: '-1', errorMessage: '用户取消' } } : ok({ selectedCount: 1, users: [{ name: '王五', userid: 'acc-77' }], departments: [] }),
    );
    await expect(env.platform.pickContact({ title: '转交给', max: 1 })).resolves.toEqual([{ id: 'acc-77', name: '王五' }]);
    expect(env.calls[0]).toMatchObject({ namespace: 'taurus.common', api: 'chooseContactWithComplexPicker', params: { title: '转交给', multiple: false, maxUsers: 1, responseUserOnly: true } });
    cancel = true;
    await expect(env.platform.pickContact({ title: '转交给' })).resolves.toEqual([]);
  });

  it('confirm: gdt-jsapi translates labels to okButton/cancelButton and `ok` back to the button', async () => {
    let pressOk = true;
    const env = await load(ANDROID_ZZD, 'android', () => ok({ ok: pressOk }));
    await expect(env.platform.confirm('办结', '确定办结并签章？', '办结', '再想想')).resolves.toBe(true);
    expect(env.calls[0]).toMatchObject({ api: 'confirm', params: { title: '办结', message: '确定办结并签章？', okButton: '办结', cancelButton: '再想想' } });
    pressOk = false;
    await expect(env.platform.confirm('办结', '确定？')).resolves.toBe(false);
  });

  it('toast, title, image preview and links reach the native APIs', async () => {
    const env = await load(ANDROID_ZZD, 'android', (_ns, api) => (api === 'version' ? ok({ version: '1.8.8' }) : ok({})));
    await env.platform.toast('已签收', 'success');
    expect(env.calls.pop()).toMatchObject({ namespace: 'taurus.common', api: 'toast', params: { type: 'success', content: '已签收', duration: 2000 } });
    await env.platform.toast('保存失败', 'error');
    expect(env.calls.pop()).toMatchObject({ params: { type: 'fail', content: '保存失败' } });
    await env.platform.setTitle('子任务');
    expect(env.calls.pop()).toMatchObject({ namespace: 'biz.navigation', api: 'setTitle', params: { title: '子任务' } });
    await env.platform.previewImage(['https://x/a.png', 'https://x/b.png'], 'https://x/b.png');
    expect(env.calls.pop()).toMatchObject({ api: 'previewImage', params: { urls: ['https://x/a.png', 'https://x/b.png'], current: 'https://x/b.png' } });
    await env.platform.openLink('https://example.gov.cn/case/1');
    // clients from 1.6.2 on open links with openLink (older ones with pushWindow)
    expect(env.calls.pop()).toMatchObject({ namespace: 'taurus.common', api: 'openLink', params: { url: 'https://example.gov.cn/case/1' } });
  });
});

describe('浙政钉 platform: files (chooseImage → readImageToBase64 → our upload)', () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

  it('picks photos with dgChooseImage ({enableVideo} → {images: [{size, path, type}]}), leaving videos out', async () => {
    const env = await load(ANDROID_ZZD, 'android', () =>
      ok({ images: [{ size: 2048, path: '/storage/emulated/0/DCIM/scan_01.jpg', type: 0 }, { size: 900, path: '/sdcard/clip.mp4', type: 1 }, { size: 10, path: 'C:\\扫描\\证明.png', type: 0 }] }),
    );
    await expect(env.platform.pickFiles({ kind: 'image', multiple: true })).resolves.toEqual([
      { name: 'scan_01.jpg', size: 2048, type: 'image/jpeg', path: '/storage/emulated/0/DCIM/scan_01.jpg' },
      { name: '证明.png', size: 10, type: 'image/png', path: 'C:\\扫描\\证明.png' },
    ]);
    expect(env.calls[0]).toMatchObject({ namespace: 'taurus.common', api: 'dgChooseImage', params: { enableVideo: false } });
  });

  it('answers no files when the user cancels the picker, and a Chinese error when it fails', async () => {
    let answer: NativeAnswer = { fail: { errorCode: '-1', errorMessage: '用户取消' } };
    const env = await load(ANDROID_ZZD, 'android', () => answer);
    await expect(env.platform.pickFiles({ kind: 'image' })).resolves.toEqual([]);
    answer = { fail: { errorCode: '7', errorMessage: '无权调用' } };
    await expect(env.platform.pickFiles({ kind: 'image' })).rejects.toMatchObject({ code: 'ZZD_7', message: '选择图片失败：无权调用' });
  });

  it('reads a picked path with readImageToBase64 ({filePath} → {base64}) into a Blob of the file type', async () => {
    const env = await load(IOS_ZZD, 'ios', () => ok({ base64: 'data:image/png;base64,' + PNG.toString('base64') }));
    const blob = await env.platform.fileBlob({ name: '证明.png', size: PNG.length, type: 'image/png', path: '/var/mobile/tmp/a.png' });
    expect(env.calls[0]).toMatchObject({ namespace: 'taurus.common', api: 'readImageToBase64', params: { filePath: '/var/mobile/tmp/a.png' } });
    expect(blob.type).toBe('image/png');
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(PNG);
  });

  it('fails clearly when the client reads nothing', async () => {
    const env = await load(ANDROID_ZZD, 'android', () => ok({ base64: '' }));
    await expect(env.platform.fileBlob({ name: 'a.jpg', size: 1, type: 'image/jpeg', path: '/x/a.jpg' })).rejects.toMatchObject({ code: 'ZZD_NO_CONTENT' });
  });
});

describe('浙政钉 platform on iOS (WebViewJavascriptBridge)', () => {
  it('gets the code through callHandler', async () => {
    const env = await load(IOS_ZZD, 'ios', () => ok({ code: 'ios-code' }));
    await expect(env.platform.getAuthCode()).resolves.toEqual({ platform: 'zzd', code: 'ios-code' });
    expect(env.calls[0]).toMatchObject({ namespace: 'taurus.common', api: 'getAuthCode' });
  });

  it('rejects when the client answers an error code', async () => {
    const env = await load(IOS_ZZD, 'ios', () => ok({ errorCode: '5', errorMessage: 'corpId错误' }));
    await expect(env.platform.getAuthCode()).rejects.toMatchObject({ code: 'ZZD_5' });
  });
});
