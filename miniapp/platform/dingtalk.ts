/**
 * Standard DingTalk bridge over dingtalk-jsapi, imported API by API (never the whole package:
 * 311 KB min). `entry/union` registers the pc/android/ios/harmony platforms and must come first,
 * otherwise every API rejects with 4040.
 */
import 'dingtalk-jsapi/entry/union';
import { requestAuthCode$ } from 'dingtalk-jsapi/api/runtime/permission/requestAuthCode';
import { complexPicker$ } from 'dingtalk-jsapi/api/biz/contact/complexPicker';
import { toast$ } from 'dingtalk-jsapi/api/device/notification/toast';
import { confirm$ } from 'dingtalk-jsapi/api/device/notification/confirm';
import { setTitle$ } from 'dingtalk-jsapi/api/biz/navigation/setTitle';
import { openLink$ } from 'dingtalk-jsapi/api/biz/util/openLink';
import { previewImage$ } from 'dingtalk-jsapi/api/biz/util/previewImage';
import { blobOf, pickWithInput } from './files';
import { PlatformError, type AppConfig, type Platform, type ToastKind } from './types';

/** dingtalk-jsapi rejects with `{errorCode, errorMessage}` (e.g. 4040 not in DingTalk, -1 cancelled). */
interface DingTalkError {
  errorCode?: string | number;
  errorMessage?: string;
}

export function toPlatformError(reason: unknown, what: string): PlatformError {
  if (reason && typeof reason === 'object') {
    const e = reason as DingTalkError;
    const detail = e.errorMessage ? '：' + e.errorMessage : '';
    return new PlatformError(what + '失败' + detail, 'DINGTALK_' + (e.errorCode !== undefined ? e.errorCode : 'UNKNOWN'));
  }
  return new PlatformError(what + '失败：' + String(reason), 'DINGTALK_UNKNOWN');
}

function isCancel(reason: unknown): boolean {
  return !!reason && typeof reason === 'object' && String((reason as DingTalkError).errorCode) === '-1';
}

async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toPlatformError(e, what);
  }
}

export function createDingTalkPlatform(config: AppConfig): Platform {
  return {
    name: 'dingtalk',
    // dingtalk-jsapi v3 queues each call until its bridge is up; without dd.config the SDK itself
    // advises against wrapping calls in dd.ready (warning 1020), so there is nothing to wait for.
    ready: () => Promise.resolve(),
    async getAuthCode() {
      if (!config.corpId) throw new PlatformError('缺少钉钉企业 corpId 配置，无法免登', 'DINGTALK_NO_CORP_ID');
      const res = await call('获取钉钉免登码', () => requestAuthCode$({ corpId: config.corpId as string }));
      if (!res || !res.code) throw new PlatformError('钉钉未返回免登码', 'DINGTALK_NO_CODE');
      return { platform: 'dingtalk', code: res.code };
    },
    async pickContact(options) {
      try {
        const res = await complexPicker$({
          title: options.title,
          corpId: config.corpId,
          multiple: !!options.multiple,
          maxUsers: options.max,
          responseUserOnly: true,
          permissionType: 'GLOBAL',
        });
        const users = (res && res.users) || [];
        return users.map((u) => ({ id: String(u.emplId), name: u.name }));
      } catch (e) {
        if (isCancel(e)) return [];
        throw toPlatformError(e, '选择人员');
      }
    },
    async toast(message: string, kind: ToastKind = 'info') {
      await call('提示', () => toast$(kind === 'info' ? { text: message } : { icon: kind, text: message }));
    },
    async confirm(title, message, okLabel = '确定', cancelLabel = '取消') {
      try {
        const res = await confirm$({ title, message, buttonLabels: [okLabel, cancelLabel] });
        return !!res && res.buttonIndex === 0;
      } catch (e) {
        if (isCancel(e)) return false;
        throw toPlatformError(e, '确认');
      }
    },
    async setTitle(title) {
      document.title = title;
      await call('设置标题', () => setTitle$({ title }));
    },
    async openLink(url) {
      await call('打开链接', () => openLink$({ url }));
    },
    async previewImage(urls, current) {
      await call('预览图片', () => previewImage$({ urls, current: current || urls[0] }));
    },
    // The file input: DingTalk's documented way for H5 pages (client ≥ 2.5); its chooseImage answers local
    // paths, and union uploadFile (≥ 7.0.10) posts multipart form data, which our upload routes do not take.
    pickFiles: pickWithInput,
    fileBlob: blobOf,
  };
}
