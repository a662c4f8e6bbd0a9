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
import { chooseImage$ } from 'dingtalk-jsapi/api/biz/util/chooseImage';
import { uploadFile$ } from 'dingtalk-jsapi/api/union/uploadFile';
import { getENV } from 'dingtalk-jsapi/lib/env';
import { blobOf, pickWithInput, typeOfName } from './files';
import { PlatformError, type AppConfig, type PickedFile, type Platform, type ToastKind } from './types';

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

/** The client's platform and version as dingtalk-jsapi reads them from the user agent (`getENV`). */
interface DingTalkEnv {
  platform: string;
  version?: string;
}

function atLeast(version: string | undefined, min: number[]): boolean {
  const v = String(version || '').split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < min.length; i++) if ((v[i] || 0) !== min[i]) return (v[i] || 0) > min[i];
  return true;
}

/**
 * Images through the container (chooseImage + uploadFile) only where both exist per dingtalk-jsapi's own
 * version table: `biz.util.chooseImage` ios/android ≥ 5.1.1, harmony ≥ 7.0.0, no PC; `biz.util.uploadFile`
 * (union) ios/android/pc ≥ 7.0.10, harmony ≥ 7.0.0. Elsewhere (PC, older clients) the file input, decided
 * before the tap so the input still opens from the user's gesture.
 */
export function containerImages(env: DingTalkEnv): boolean {
  if (env.platform === 'harmony') return true;
  return (env.platform === 'ios' || env.platform === 'android') && atLeast(env.version, [7, 0, 10]);
}

/** The picked file's name: the path's last part (chooseImage answers paths only). */
function nameOfPath(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || 'image.jpg';
}

/**
 * Shapes (dingtalk-jsapi 3.2.9 typings and the DingTalk JSAPI documentation): `chooseImage({count,
 * sourceType})` → `{filePaths, files: [{path, size, fileType}]}`; `uploadFile({url, header, fileName, filePath,
 * fileType, formData})` → `{data?: string, header?, statusCode?: string}`. Not documented there: the values of
 * `fileType` (in either call), what `fileName` names (the multipart field, as other containers' uploadFile
 * `name`, or the file's name), and whether a non-2xx answer resolves or rejects. So: the type comes from the
 * path's extension (fileType only when that has none), `fileName` is our field name 'file' and the real name
 * travels in X-File-Name (the server takes any one file part), `fileType` is sent as 'image', and a
 * rejection is a failed upload (its message shown, 重试 offered).
 */
async function pickContainerImages(multiple: boolean): Promise<PickedFile[]> {
  let res;
  try {
    res = await chooseImage$({ count: multiple ? 9 : 1 });
  } catch (e) {
    if (isCancel(e)) return [];
    throw toPlatformError(e, '选择图片');
  }
  const files = (res && res.files) || [];
  return files.map((f) => {
    const name = nameOfPath(f.path);
    const type = typeOfName(name) || typeOfName('x.' + String(f.fileType || ''));
    return { name, size: f.size, type, path: f.path };
  });
}

export function createDingTalkPlatform(config: AppConfig, env: DingTalkEnv = getENV()): Platform {
  const viaContainer = containerImages(env);
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
    // Images: chooseImage + uploadFile (multipart, which our upload routes take) where the client has both;
    // PDFs, and images elsewhere: the file input (DingTalk's documented way for H5 pages, client ≥ 2.5).
    pickFiles: (options) => (options.kind === 'image' && viaContainer ? pickContainerImages(!!options.multiple) : pickWithInput(options)),
    fileBlob: blobOf,
    async uploadPicked(file, url, headers) {
      const res = await call('上传文件', () => uploadFile$({ url, header: headers, fileName: 'file', filePath: file.path as string, fileType: 'image' }));
      return { status: parseInt(String(res && res.statusCode), 10) || 0, body: (res && res.data) || '' };
    },
  };
}
