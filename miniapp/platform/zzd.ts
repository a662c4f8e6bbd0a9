/**
 * 浙政钉 (Zhejiang government DingTalk, a 专有钉钉 deployment) bridge over gdt-jsapi.
 * APIs are imported one by one from `gdt-jsapi/es/<api>`: the package index pulls in every API
 * and the watermark code (≈ 93 KB min). On mobile every call rejects until `ready` fired.
 *
 * Files: photos and scans come from `chooseImage` (bridge `dgChooseImage`: `{enableVideo}` →
 * `{images: [{size, path, type}]}`), their bytes from `readImageToBase64` (`{filePath}` → `{base64}`),
 * and go to our api like any Blob. gdt's `uploadFile` (`{filePath: string[]}` → `{result: string[]}`) takes
 * no URL or headers: it sends to the container's own storage, not to our content-addressed store, so it
 * is not used. PDFs come from the file input (`chooseFile` answers paths no documented API reads).
 */
import gdtReady from 'gdt-jsapi/es/ready';
import gdtGetAuthCode from 'gdt-jsapi/es/getAuthCode';
import gdtPicker from 'gdt-jsapi/es/chooseContactWithComplexPicker';
import gdtToast from 'gdt-jsapi/es/toast';
import gdtConfirm from 'gdt-jsapi/es/confirm';
import gdtSetTitle from 'gdt-jsapi/es/setTitle';
import gdtOpenLink from 'gdt-jsapi/es/openLink';
import gdtPreviewImage from 'gdt-jsapi/es/previewImage';
import gdtChooseImage from 'gdt-jsapi/es/chooseImage';
import gdtReadImageToBase64 from 'gdt-jsapi/es/readImageToBase64';
import { blobOf, pickWithInput, typeOfName } from './files';
import { PlatformError, type AppConfig, type PickedFile, type Platform, type PickContactOptions, type ToastKind } from './types';

/** gdt-jsapi rejects with `{errorCode, errorMessage}` or with a plain string. */
interface GdtError {
  errorCode?: string;
  errorMessage?: string;
}

const CANCEL = '-1';

function toPlatformError(reason: unknown, what: string): PlatformError {
  if (reason && typeof reason === 'object') {
    const e = reason as GdtError;
    const detail = e.errorMessage ? '：' + e.errorMessage : '';
    return new PlatformError(what + '失败' + detail, 'ZZD_' + (e.errorCode || 'UNKNOWN'));
  }
  return new PlatformError(what + '失败：' + String(reason), 'ZZD_UNKNOWN');
}

function isCancel(reason: unknown): boolean {
  return !!reason && typeof reason === 'object' && (reason as GdtError).errorCode === CANCEL;
}

export function createZzdPlatform(config: AppConfig): Platform {
  let readyPromise: Promise<void> | undefined;
  return {
    name: 'zzd',
    ready() {
      if (!readyPromise) readyPromise = new Promise<void>((resolve) => gdtReady(() => resolve()));
      return readyPromise;
    },
    async getAuthCode() {
      await this.ready();
      let res: { code?: string; auth_code?: string };
      try {
        res = await gdtGetAuthCode(config.corpId ? { corpId: config.corpId } : {});
      } catch (e) {
        throw toPlatformError(e, '获取浙政钉免登码');
      }
      // Mobile answers `code`, some clients `auth_code`.
      const code = res && (res.code || res.auth_code);
      if (!code) throw new PlatformError('浙政钉未返回免登码', 'ZZD_NO_CODE');
      return { platform: 'zzd', code };
    },
    async pickContact(options: PickContactOptions) {
      await this.ready();
      try {
        const res = await gdtPicker({
          title: options.title,
          multiple: !!options.multiple,
          maxUsers: options.max,
          responseUserOnly: true,
        });
        const users = (res && res.users) || [];
        return users.map((u) => ({ id: String(u.userid), name: u.name }));
      } catch (e) {
        if (isCancel(e)) return [];
        throw toPlatformError(e, '选择人员');
      }
    },
    async toast(message: string, kind: ToastKind = 'info') {
      await this.ready();
      await gdtToast({ icon: kind === 'info' ? 'information' : kind, text: message, duration: 2 });
    },
    async confirm(title, message, okLabel = '确定', cancelLabel = '取消') {
      await this.ready();
      try {
        const res = await gdtConfirm({ title, message, buttonLabels: [okLabel, cancelLabel] });
        return !!res && res.buttonIndex === 0;
      } catch (e) {
        if (isCancel(e)) return false;
        throw toPlatformError(e, '确认');
      }
    },
    async setTitle(title) {
      document.title = title;
      await this.ready();
      await gdtSetTitle({ title });
    },
    async openLink(url) {
      await this.ready();
      await gdtOpenLink({ url });
    },
    async previewImage(urls, current) {
      await this.ready();
      await gdtPreviewImage({ urls, current: current || urls[0] });
    },
    async pickFiles(options) {
      if (options.kind !== 'image') return pickWithInput(options);
      await this.ready();
      let res: { images?: { size: number; path: string; type: number }[] };
      try {
        res = await gdtChooseImage({ enableVideo: false });
      } catch (e) {
        if (isCancel(e)) return [];
        throw toPlatformError(e, '选择图片');
      }
      const images = ((res && res.images) || []).filter((i) => i.type !== 1);
      return (options.multiple ? images : images.slice(0, 1)).map((i) => {
        const name = i.path.split(/[\\/]/).pop() || 'image';
        return { name, size: i.size, type: typeOfName(name) || 'image/jpeg', path: i.path };
      });
    },
    async fileBlob(file: PickedFile) {
      if (file.blob || !file.path) return blobOf(file);
      await this.ready();
      let res: { base64?: string };
      try {
        res = await gdtReadImageToBase64({ filePath: file.path });
      } catch (e) {
        throw toPlatformError(e, '读取图片');
      }
      const b64 = ((res && res.base64) || '').replace(/^data:[^,]*,/, '');
      if (!b64) throw new PlatformError('读取图片失败：浙政钉未返回内容', 'ZZD_NO_CONTENT');
      const raw = atob(b64);
      const bytes = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      return new Blob([bytes], { type: file.type });
    },
  };
}
