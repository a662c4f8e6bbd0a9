/**
 * HTTP client for the lianban API: JSON in and out, the session token as `Authorization: Bearer`,
 * errors turned into `ApiError` with the server's stable code and Chinese message.
 * A 401 calls `onUnauthorized` (the app clears the session and shows the login).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The parsed error body (e.g. `issues`, a 422's `notice`), when the server sent JSON. */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

interface RequestOptions {
  query?: Query;
  /** JSON-serialised unless it is a Blob / FormData (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string, body?: unknown): Promise<T>;
  /** GET bytes (attachments) with the session token; resolves with a Blob. */
  blob(path: string, query?: Query): Promise<Blob>;
  /**
   * Upload a Blob as the raw request body with its content type; name travels URI-encoded in `X-File-Name`.
   * With `onProgress` (0…1 of the bytes sent) it goes by XMLHttpRequest, whose upload reports progress.
   */
  upload<T>(path: string, file: Blob, fileName?: string, onProgress?: (sent: number) => void): Promise<T>;
  /** The absolute URL of an api path (a signed attachment link opened by the container or a new tab). */
  href(path: string): string;
  /**
   * A request the container sends itself (DingTalk's uploadFile): `send` gets the absolute URL and the session
   * header and answers the HTTP status and body text, read here as any answer (errors, 401 → login).
   */
  sendThrough<T>(path: string, send: (url: string, headers: Record<string, string>) => Promise<{ status: number; body: string }>): Promise<T>;
}

export interface ApiClientOptions {
  base: string;
  getToken: () => string | null;
  onUnauthorized: (error: ApiError) => void;
  fetch?: typeof fetch;
  /** Give up waiting after this many milliseconds (default 20 s). */
  timeoutMs?: number;
}

export const MESSAGES = {
  network: '网络连接失败，请检查网络后重试',
  timeout: '请求超时，请稍后重试',
  unauthorized: '登录已过期，请重新登录',
  server: '服务器开小差了，请稍后重试',
};

export function buildUrl(base: string, path: string, query?: Query): string {
  let url = base + path;
  if (query) {
    const parts: string[] = [];
    Object.keys(query).forEach((k) => {
      const v = query[k];
      if (v !== undefined && v !== null) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(v)));
    });
    if (parts.length) url += (url.indexOf('?') >= 0 ? '&' : '?') + parts.join('&');
  }
  return url;
}

/** The server answers errors as `{code, message}` (also accepted: `{error: {code, message}}`). */
function errorFromBody(status: number, body: unknown): ApiError {
  let obj = body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
  if (obj && obj.error && typeof obj.error === 'object') obj = obj.error as Record<string, unknown>;
  const code = obj && typeof obj.code === 'string' ? obj.code : 'HTTP_' + status;
  let message = obj && typeof obj.message === 'string' && obj.message ? obj.message : '';
  if (!message) message = status === 401 ? MESSAGES.unauthorized : status >= 500 ? MESSAGES.server : '请求失败（HTTP ' + status + '）';
  return new ApiError(status, code, message, body);
}

/** Pauses before a GET is sent again, and the answers that make it worth sending again. */
const RETRY_PAUSES_MS = [400, 1500];
const RETRY_STATUSES = [429, 502, 503, 504];

function isRawBody(body: unknown): boolean {
  return (typeof Blob !== 'undefined' && body instanceof Blob) || (typeof FormData !== 'undefined' && body instanceof FormData);
}

export function createApi(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch || ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs || 20000;

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = options.getToken();
    if (token) headers.Authorization = 'Bearer ' + token;
    let body: BodyInit | undefined;
    if (opts.body !== undefined) {
      if (isRawBody(opts.body)) body = opts.body as BodyInit;
      else {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(opts.body);
      }
    }
    if (opts.headers) Object.keys(opts.headers).forEach((k) => (headers[k] = (opts.headers as Record<string, string>)[k]));

    const url = buildUrl(options.base, path, opts.query);
    // A GET changes nothing: when the network, a busy server (429) or a gateway (502–504) fails it, it is sent
    // again after a short pause, so a page is not left empty by one refused call under load.
    const retries = method === 'GET' ? RETRY_PAUSES_MS : [];
    let res: Response | null = null;
    let text = '';
    for (let attempt = 0; ; attempt++) {
      // A request that outlives its time is given up (not aborted: old webviews have no AbortController, miniapp/README.md).
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ApiError(0, 'TIMEOUT', MESSAGES.timeout)), timeoutMs);
      });
      let failure: ApiError | null = null;
      try {
        res = await Promise.race([doFetch(url, { method, headers, body }), timeout]);
        // the body within the same time: an answer whose body never ends is as late as no answer
        text = await Promise.race([res.text(), timeout]);
      } catch (e) {
        failure = e instanceof ApiError ? e : new ApiError(0, 'NETWORK_ERROR', MESSAGES.network);
      }
      if (timer) clearTimeout(timer);
      const retryable = failure !== null || (res !== null && RETRY_STATUSES.indexOf(res.status) >= 0);
      if (!retryable || attempt >= retries.length) {
        if (failure) throw failure;
        break;
      }
      await new Promise((r) => setTimeout(r, retries[attempt]));
    }
    if (!res) throw new ApiError(0, 'NETWORK_ERROR', MESSAGES.network);

    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!res.ok) {
      const error = errorFromBody(res.status, parsed);
      if (res.status === 401) options.onUnauthorized(error);
      throw error;
    }
    if (text && parsed === undefined) throw new ApiError(res.status, 'BAD_RESPONSE', MESSAGES.server);
    return parsed as T;
  }

  async function blob(path: string, query?: Query): Promise<Blob> {
    const token = options.getToken();
    let res: Response;
    try {
      res = await doFetch(buildUrl(options.base, path, query), { headers: token ? { Authorization: 'Bearer ' + token } : {} });
    } catch {
      throw new ApiError(0, 'NETWORK_ERROR', MESSAGES.network);
    }
    if (res.ok) return res.blob();
    let parsed: unknown;
    try {
      parsed = await res.json();
    } catch {
      parsed = undefined;
    }
    const error = errorFromBody(res.status, parsed);
    if (res.status === 401) options.onUnauthorized(error);
    throw error;
  }

  function href(path: string): string {
    return new URL(buildUrl(options.base, path), location.href).href;
  }

  function uploadWithProgress<T>(path: string, file: Blob, headers: Record<string, string>, onProgress: (sent: number) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', buildUrl(options.base, path));
      const token = options.getToken();
      if (token) xhr.setRequestHeader('Authorization', 'Bearer ' + token);
      xhr.setRequestHeader('Accept', 'application/json');
      Object.keys(headers).forEach((k) => xhr.setRequestHeader(k, headers[k]));
      xhr.timeout = Math.max(timeoutMs, 120000);
      if (xhr.upload) xhr.upload.onprogress = (e) => e.lengthComputable && e.total > 0 && onProgress(e.loaded / e.total);
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', MESSAGES.network));
      xhr.ontimeout = () => reject(new ApiError(0, 'TIMEOUT', MESSAGES.timeout));
      xhr.onload = () => {
        let parsed: unknown = undefined;
        try {
          parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
        } catch {
          parsed = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(1);
          resolve(parsed as T);
          return;
        }
        const error = errorFromBody(xhr.status, parsed);
        if (xhr.status === 401) options.onUnauthorized(error);
        reject(error);
      };
      xhr.send(file);
    });
  }

  return {
    request,
    blob,
    get: (path, query) => request('GET', path, { query }),
    post: (path, body) => request('POST', path, { body }),
    put: (path, body) => request('PUT', path, { body }),
    patch: (path, body) => request('PATCH', path, { body }),
    delete: (path, body) => request('DELETE', path, { body }),
    href,
    async sendThrough<T>(path: string, send: (url: string, headers: Record<string, string>) => Promise<{ status: number; body: string }>) {
      const token = options.getToken();
      const res = await send(href(path), token ? { Authorization: 'Bearer ' + token } : {});
      let parsed: unknown;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = undefined;
      }
      if (res.status >= 200 && res.status < 300 && parsed !== undefined) return parsed as T;
      const error = res.status >= 200 && res.status < 300 ? new ApiError(res.status, 'BAD_RESPONSE', MESSAGES.server) : errorFromBody(res.status, parsed);
      if (res.status === 401) options.onUnauthorized(error);
      throw error;
    },
    upload: <T>(path: string, file: Blob, fileName?: string, onProgress?: (sent: number) => void) => {
      const headers: Record<string, string> = { 'Content-Type': file.type || 'application/octet-stream' };
      if (fileName) headers['X-File-Name'] = encodeURIComponent(fileName);
      if (onProgress && typeof XMLHttpRequest !== 'undefined') return uploadWithProgress<T>(path, file, headers, onProgress);
      return request<T>('POST', path, { body: file, headers });
    },
  };
}
