/**
 * The one interface the app uses to talk to its host container. Three implementations:
 * 浙政钉 (`zzd.ts`, gdt-jsapi), DingTalk (`dingtalk.ts`, dingtalk-jsapi) and the plain browser
 * (`browser.ts`, local demo login and HTML dialogs). Each app bundle contains exactly one of them.
 */

export type PlatformName = 'zzd' | 'dingtalk' | 'local';

/** A login-free code (免登码) from the container, exchanged by the server at `POST /api/login`. */
interface AuthCode {
  platform: PlatformName;
  code: string;
}

/** A person to choose from; the browser picker shows these, the native pickers use the org directory. */
interface ContactCandidate {
  id: string;
  name: string;
  departmentName?: string;
}

export interface PickContactOptions {
  title: string;
  /** Used by the browser picker only; the native pickers show the organisation directory. */
  candidates?: ContactCandidate[];
  multiple?: boolean;
  max?: number;
}

/** A chosen person. `id` is the container's user id (浙政钉 `userid`, DingTalk `emplId`, local staff id). */
interface PickedContact {
  id: string;
  name: string;
}

export type ToastKind = 'success' | 'error' | 'info';

export interface PickFilesOptions {
  /** `image`: photos and scans (the container's own image picker where it has one); `pdf`: PDF documents. */
  kind: 'image' | 'pdf';
  multiple?: boolean;
}

/**
 * A file the user picked: a Blob (file input) or a container path (浙政钉 `chooseImage`), with what the
 * picker said of it — enough to refuse a file over the size limit or of a wrong type before any upload.
 */
export interface PickedFile {
  name: string;
  size: number;
  /** MIME type ('' when unknown). */
  type: string;
  blob?: Blob;
  path?: string;
}

export interface Platform {
  readonly name: PlatformName;
  /** Resolves once the container bridge can be called (浙政钉 mobile rejects every call before this). */
  ready(): Promise<void>;
  getAuthCode(): Promise<AuthCode>;
  /** Resolves with the chosen people; an empty array when the user cancels. */
  pickContact(options: PickContactOptions): Promise<PickedContact[]>;
  toast(message: string, kind?: ToastKind): Promise<void>;
  /** true when the user pressed the confirming button. */
  confirm(title: string, message: string, okLabel?: string, cancelLabel?: string): Promise<boolean>;
  setTitle(title: string): Promise<void>;
  openLink(url: string): Promise<void>;
  previewImage(urls: string[], current?: string): Promise<void>;
  /** Files the user picked; empty when cancelled. Call from a click handler. */
  pickFiles(options: PickFilesOptions): Promise<PickedFile[]>;
  /** The bytes of a picked file for the upload to our api (a Blob as is; a container path read through the container). */
  fileBlob(file: PickedFile): Promise<Blob>;
  /**
   * Only where the container cannot hand over a picked path's bytes but can post them itself (DingTalk
   * `uploadFile`, multipart): sends a file with a `path` to `url` with `headers`, answers status and body text.
   */
  uploadPicked?(file: PickedFile, url: string, headers: Record<string, string>): Promise<{ status: number; body: string }>;
}

/** Run-time configuration injected into index.html by the server: `window.LIANBAN_CONFIG`. */
export interface AppConfig {
  /** Base URL of the API, '' for same origin. */
  apiBase: string;
  /** Base URL of the local 浙政钉 gateway fake (browser demo login only). */
  gatewayUrl?: string;
  /** DingTalk / 浙政钉 corpId, passed to the auth-code calls when set. */
  corpId?: string;
}

declare global {
  interface Window {
    LIANBAN_CONFIG?: Partial<AppConfig>;
  }
}

export function readConfig(source: Partial<AppConfig> | undefined): AppConfig {
  const c = source || {};
  return {
    apiBase: trimSlash(c.apiBase || ''),
    gatewayUrl: c.gatewayUrl ? trimSlash(c.gatewayUrl) : undefined,
    corpId: c.corpId || undefined,
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Error raised by a bridge; `message` is Chinese and fit for a toast. */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}
