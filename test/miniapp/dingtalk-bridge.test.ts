/**
 * The DingTalk bridge against dingtalk-jsapi's own mock module (`dingtalk-jsapi/mock`), which
 * replaces the native bridge but keeps the SDK's API layer (parameter handling, promise wiring).
 * dingtalk-jsapi reads `self` at import time; in Node `self = globalThis` is enough.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../miniapp/platform/types';

type Params = Record<string, unknown>;
const calls: Array<{ method: string; params: Params }> = [];
let mock: typeof import('dingtalk-jsapi/mock');
let createDingTalkPlatform: typeof import('../../miniapp/platform/dingtalk').createDingTalkPlatform;
let containerImages: typeof import('../../miniapp/platform/dingtalk').containerImages;

function answer(method: string, fn: (p: Params) => Promise<unknown>) {
  mock.appendMockApiResult(method, (p: Params) => {
    calls.push({ method, params: p });
    return fn(p);
  });
}

function lastCall(method: string): Params {
  const found = calls.filter((c) => c.method === method);
  expect(found.length).toBeGreaterThan(0);
  return found[found.length - 1].params;
}

beforeAll(async () => {
  const g = globalThis as unknown as Record<string, unknown>;
  g.self = globalThis;
  g.document = { title: '' };
  mock = await import('dingtalk-jsapi/mock');
  ({ createDingTalkPlatform, containerImages } = await import('../../miniapp/platform/dingtalk'));
  mock.init({});
});

function platform(corpId: string | null = 'ding-corp-1'): Platform {
  return createDingTalkPlatform({ apiBase: '', corpId: corpId || undefined });
}

describe('DingTalk platform (dingtalk-jsapi mock)', () => {
  it('gets the login-free code with the configured corpId', async () => {
    answer('runtime.permission.requestAuthCode', (p) => Promise.resolve({ code: 'code-for-' + p.corpId }));
    await expect(platform().getAuthCode()).resolves.toEqual({ platform: 'dingtalk', code: 'code-for-ding-corp-1' });
    expect(lastCall('runtime.permission.requestAuthCode').corpId).toBe('ding-corp-1');
  });

  it('refuses to ask for a code without a corpId', async () => {
    await expect(platform(null).getAuthCode()).rejects.toMatchObject({ code: 'DINGTALK_NO_CORP_ID' });
  });

  it('turns an SDK failure into a Chinese PlatformError with the SDK code', async () => {
    answer('runtime.permission.requestAuthCode', () => Promise.reject({ errorCode: '9', errorMessage: 'server error' }));
    const err = await platform().getAuthCode().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PlatformError', code: 'DINGTALK_9' });
    expect((err as Error).message).toContain('获取钉钉免登码失败');
  });

  it('rejects an answer without a code', async () => {
    answer('runtime.permission.requestAuthCode', () => Promise.resolve({}));
    await expect(platform().getAuthCode()).rejects.toMatchObject({ code: 'DINGTALK_NO_CODE' });
  });

  it('maps complexPicker users (emplId) to picked contacts', async () => {
    answer('biz.contact.complexPicker', () =>
      Promise.resolve({ selectedCount: 2, users: [{ name: '张三', emplId: 'u1', avatar: '' }, { name: '李四', emplId: 'u2', avatar: '' }], departments: [] }),
    );
    const picked = await platform().pickContact({ title: '转交给', multiple: true, max: 3 });
    expect(picked).toEqual([{ id: 'u1', name: '张三' }, { id: 'u2', name: '李四' }]);
    expect(lastCall('biz.contact.complexPicker')).toMatchObject({ title: '转交给', multiple: true, maxUsers: 3, corpId: 'ding-corp-1', responseUserOnly: true });
  });

  it('returns no contacts when the user cancels the picker', async () => {
    answer('biz.contact.complexPicker', () => Promise.reject({ errorCode: '-1', errorMessage: 'cancel' }));
    await expect(platform().pickContact({ title: '转交给' })).resolves.toEqual([]);
  });

  it('confirm resolves true only for the first button', async () => {
    answer('device.notification.confirm', () => Promise.resolve({ buttonIndex: 0 }));
    await expect(platform().confirm('签收', '确定签收？', '签收', '取消')).resolves.toBe(true);
    expect(lastCall('device.notification.confirm')).toMatchObject({ title: '签收', message: '确定签收？', buttonLabels: ['签收', '取消'] });
    answer('device.notification.confirm', () => Promise.resolve({ buttonIndex: 1 }));
    await expect(platform().confirm('签收', '确定签收？')).resolves.toBe(false);
  });

  it('passes toast icons, titles, links and image previews through', async () => {
    for (const m of ['device.notification.toast', 'biz.navigation.setTitle', 'biz.util.openLink', 'biz.util.previewImage']) answer(m, () => Promise.resolve({}));
    const p = platform();
    await p.toast('已签收', 'success');
    expect(lastCall('device.notification.toast')).toMatchObject({ icon: 'success', text: '已签收' });
    await p.toast('请稍候');
    expect(lastCall('device.notification.toast').icon).toBeUndefined();
    await p.setTitle('待办');
    expect(lastCall('biz.navigation.setTitle').title).toBe('待办');
    expect((globalThis as unknown as { document: { title: string } }).document.title).toBe('待办');
    await p.openLink('https://example.gov.cn/a');
    expect(lastCall('biz.util.openLink').url).toBe('https://example.gov.cn/a');
    await p.previewImage(['https://x/1.png', 'https://x/2.png']);
    expect(lastCall('biz.util.previewImage')).toMatchObject({ urls: ['https://x/1.png', 'https://x/2.png'], current: 'https://x/1.png' });
  });

  it('reports an API the bridge cannot serve', async () => {
    answer('biz.util.openLink', () => Promise.reject({ errorCode: '4050', errorMessage: 'do not support the current platform' }));
    await expect(platform().openLink('https://x')).rejects.toMatchObject({ code: 'DINGTALK_4050' });
  });
});

describe('DingTalk images through the container: chooseImage + uploadFile (documented shapes)', () => {
  const android = () => createDingTalkPlatform({ apiBase: '', corpId: 'ding-corp-1' }, { platform: 'android', version: '7.1.0' });

  it('only where the client has both APIs (dingtalk-jsapi version table); PC, older clients and plain browsers use the file input', () => {
    expect(containerImages({ platform: 'android', version: '7.0.10' })).toBe(true);
    expect(containerImages({ platform: 'ios', version: '7.6.0' })).toBe(true);
    expect(containerImages({ platform: 'harmony', version: '7.0.0' })).toBe(true);
    expect(containerImages({ platform: 'android', version: '7.0.9' })).toBe(false);
    expect(containerImages({ platform: 'android', version: '6.5.45' })).toBe(false);
    expect(containerImages({ platform: 'pc', version: '7.6.0' })).toBe(false);
    expect(containerImages({ platform: 'notInDingTalk' })).toBe(false);
  });

  it('picks images with chooseImage: {count} → files[{path, size, fileType}] as picked files with a path, name and type', async () => {
    answer('biz.util.chooseImage', () =>
      Promise.resolve({
        filePaths: ['/storage/emulated/0/DCIM/户口簿首页.jpg', '/tmp/IMG_0001'],
        files: [{ path: '/storage/emulated/0/DCIM/户口簿首页.jpg', size: 123456, fileType: 'jpg' }, { path: '/tmp/IMG_0001', size: 2000, fileType: 'png' }],
      }),
    );
    const files = await android().pickFiles({ kind: 'image', multiple: true });
    expect(lastCall('biz.util.chooseImage')).toMatchObject({ count: 9 });
    expect(files).toEqual([
      { name: '户口簿首页.jpg', size: 123456, type: 'image/jpeg', path: '/storage/emulated/0/DCIM/户口簿首页.jpg' },
      { name: 'IMG_0001', size: 2000, type: 'image/png', path: '/tmp/IMG_0001' },
    ]);
    await android().pickFiles({ kind: 'image' });
    expect(lastCall('biz.util.chooseImage')).toMatchObject({ count: 1 });
  });

  it('a cancelled chooseImage picks nothing; another failure is a Chinese PlatformError', async () => {
    answer('biz.util.chooseImage', () => Promise.reject({ errorCode: '-1', errorMessage: 'cancel' }));
    await expect(android().pickFiles({ kind: 'image' })).resolves.toEqual([]);
    answer('biz.util.chooseImage', () => Promise.reject({ errorCode: '3', errorMessage: 'unknown' }));
    await expect(android().pickFiles({ kind: 'image' })).rejects.toMatchObject({ code: 'DINGTALK_3', message: expect.stringContaining('选择图片失败') });
  });

  it('uploads a picked path with uploadFile {url, header, fileName, filePath, fileType} and answers status and body', async () => {
    const body = JSON.stringify({ attachment: { sha256: 'a'.repeat(64) } });
    answer('biz.util.uploadFile', () => Promise.resolve({ statusCode: '201', data: body, header: {} }));
    const file = { name: '户口簿首页.jpg', size: 1, type: 'image/jpeg', path: '/storage/emulated/0/DCIM/户口簿首页.jpg' };
    const p = android();
    const res = await p.uploadPicked?.(file, 'https://api.example.gov.cn/api/intake/attachments', { Authorization: 'Bearer t', 'X-File-Name': 'x' });
    expect(res).toEqual({ status: 201, body });
    expect(lastCall('biz.util.uploadFile')).toMatchObject({
      url: 'https://api.example.gov.cn/api/intake/attachments',
      header: { Authorization: 'Bearer t', 'X-File-Name': 'x' },
      fileName: 'file',
      filePath: '/storage/emulated/0/DCIM/户口簿首页.jpg',
      fileType: 'image',
    });
    answer('biz.util.uploadFile', () => Promise.reject({ errorCode: '11', errorMessage: 'upload fail' }));
    await expect(p.uploadPicked?.(file, 'https://x', {})).rejects.toMatchObject({ code: 'DINGTALK_11', message: expect.stringContaining('上传文件失败') });
  });
});
