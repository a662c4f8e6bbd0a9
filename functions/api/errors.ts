// The api function's error catalog: every error an HTTP caller can see has a stable code, a status and
// a Chinese message, defined here once. Domain errors from functions/core keep their own catalog
// (core/errors.ts) and pass through unchanged; platform and store failures are translated here.
// Bodies: { code, message, issues?, requestId? } — the mini-app reads `code` and shows `message`.
import { isDomainError, type Issue } from '../core/errors.js';
import type { Notice } from '../core/precheck.js';
import { DirectoryError } from '../store/directory.js';
import { PlatformError } from '../platform/types.js';

export const apiErrorCatalog = {
  INVALID_BODY: { status: 400, message: '请求内容不符合要求' },
  INVALID_JSON: { status: 400, message: '请求内容不是合法的 JSON' },
  INVALID_QUERY: { status: 400, message: '请求参数不符合要求' },
  PLATFORM_NOT_ENABLED: { status: 400, message: '该登录方式未启用' },
  UNAUTHENTICATED: { status: 401, message: '未登录或登录已过期，请重新登录' },
  INVALID_AUTH_CODE: { status: 401, message: '免登码无效或已过期，请重新进入应用' },
  SESSION_REVOKED: { status: 401, message: '登录已退出或账号信息已变更，请重新登录' },
  STAFF_DISABLED: { status: 401, message: '您的账号已停用，请联系本单位管理员' },
  LOCAL_LOGIN_DISABLED: { status: 403, message: '本地开发登录只在本地模式下可用' },
  UNKNOWN_STAFF: { status: 403, message: '您的账号尚未开通联办，请联系本单位管理员' },
  FORBIDDEN: { status: 403, message: '无权执行此操作' },
  NOT_FOUND: { status: 404, message: '请求的接口不存在' },
  RECORD_NOT_FOUND: { status: 404, message: '要操作的记录不存在' },
  CONFLICT: { status: 409, message: '数据已被他人修改或已被占用，请刷新后重试' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大' },
  PRECHECK_FAILED: { status: 422, message: '预审未通过，请按一次性告知补齐后再提交' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求内容须为 JSON（Content-Type: application/json）' },
  PLATFORM_UNAVAILABLE: { status: 502, message: '暂时无法连接浙政钉或钉钉，请稍后重试' },
  PLATFORM_MISCONFIGURED: { status: 502, message: '登录服务配置有误，请联系管理员' },
  STORE_UNAVAILABLE: { status: 503, message: '数据服务暂时不可用，请稍后重试' },
  INTERNAL: { status: 500, message: '服务器内部错误，请稍后重试' },
} as const;

export type ApiErrorCode = keyof typeof apiErrorCatalog;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string = apiErrorCatalog[code].message,
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = apiErrorCatalog[code].status;
  }
}

/** Make an API error; `detail` replaces the catalog's message only when a clearer one is known. */
export function apiError(code: ApiErrorCode, issues: readonly Issue[] = [], detail?: string): ApiError {
  return new ApiError(code, detail ?? apiErrorCatalog[code].message, issues);
}

export interface ErrorBody {
  code: string;
  message: string;
  issues?: Issue[];
  requestId?: string;
  /** PRECHECK_FAILED: the 一次性告知 notice. */
  notice?: Notice;
}

/** Any thrown value → status and body. Unknown errors become INTERNAL (details only in the log). */
export function errorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof ApiError) {
    return { status: err.status, body: { code: err.code, message: err.message, ...(err.issues.length ? { issues: [...err.issues] } : {}) } };
  }
  if (isDomainError(err)) {
    const body: ReturnType<typeof err.toJSON> & { notice?: Notice } = err.toJSON();
    // The core files a failed pre-check under 400; over HTTP it is 422 (well-formed, but not acceptable),
    // and the service's PrecheckFailedError carries the 一次性告知 notice along.
    const status = err.code === 'PRECHECK_FAILED' ? apiErrorCatalog.PRECHECK_FAILED.status : err.status;
    return {
      status,
      body: { code: body.code, message: body.message, ...(body.issues.length ? { issues: body.issues } : {}), ...(body.notice ? { notice: body.notice } : {}) },
    };
  }
  if (err instanceof PlatformError) {
    const code: ApiErrorCode =
      err.kind === 'INVALID_CODE' ? 'INVALID_AUTH_CODE' : err.kind === 'AUTH_FAILED' ? 'PLATFORM_MISCONFIGURED' : 'PLATFORM_UNAVAILABLE';
    return errorResponse(apiError(code));
  }
  if (err instanceof DirectoryError) {
    const code: ApiErrorCode =
      err.code === 'INVALID_STAFF' ? 'INVALID_BODY' : err.code === 'STAFF_NOT_FOUND' ? 'RECORD_NOT_FOUND' : 'CONFLICT';
    return errorResponse(apiError(code));
  }
  if (isStoreFailure(err)) return errorResponse(apiError('STORE_UNAVAILABLE'));
  return errorResponse(apiError('INTERNAL'));
}

/** Tablestore answers meaning "try again later" (server side), as opposed to a bug in our request. */
const TRANSIENT_OTS_CODES = new Set([
  'OTSServerBusy',
  'OTSServerUnavailable',
  'OTSInternalServerError',
  'OTSTimeout',
  'OTSPartitionUnavailable',
  'OTSQuotaExhausted',
  'OTSCapacityUnitExhausted',
  'OTSTooFrequentReservedThroughputAdjustment',
]);

/** The tablestore SDK rejects with `code` = HTTP status (number) for server answers, or its own
 *  'NetworkingError' / 'TimeoutError' when the server could not be reached. */
function isStoreFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (code === 'NetworkingError' || code === 'TimeoutError') return true;
  const ots = /OTS[A-Za-z]+/.exec(String((err as { message?: unknown }).message ?? ''))?.[0];
  return ots !== undefined && (TRANSIENT_OTS_CODES.has(ots) || (typeof code === 'number' && code >= 500));
}

/** What may be logged about an error: its kind and codes, never request data or user identifiers. */
export function describeForLog(err: unknown): string {
  if (err instanceof PlatformError) return `PlatformError ${err.platform} ${err.kind} ${err.platformCode}`;
  if (err instanceof DirectoryError) return `DirectoryError ${err.code}`;
  if (err instanceof ApiError) return `ApiError ${err.code}`;
  if (isDomainError(err)) return `DomainError ${err.code}`;
  if (err instanceof Error) {
    const ots = /OTS[A-Za-z]+/.exec(err.message)?.[0];
    return `${err.name}${ots ? ` ${ots}` : ''}`;
  }
  return typeof err;
}
