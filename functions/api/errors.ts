// The one error catalog an HTTP caller sees: the domain's codes (functions/core/errors.ts) and, here, the
// codes only the transport answers — every code once, with its status and Chinese message. Foreign errors
// (the store's, the platforms', the directory repository's) are translated in ONE table below; Ajv's
// errors never get here, the one conversion (core/jsonSchema.ts) makes them issues of INVALID_BODY or
// VALIDATION_FAILED. schemas/openapi.json enumerates the catalog (test/api/errorCatalog.test.ts).
// Bodies: { code, message, issues?, requestId?, notice? } — the mini-app reads `code` and shows `message`.
import { type CatalogEntry, errorCatalog, isDomainError, type Issue } from '../core/errors.js';
import type { Notice } from '../core/precheck.js';
import { type PlatformErrorKind, PlatformError } from '../platform/types.js';
import { type DirectoryErrorCode, DirectoryError } from '../store/directory.js';

/** Codes only the HTTP transport answers: the request itself, sessions and login, foreign failures, 500. */
export const transportErrorCatalog = {
  INVALID_BODY: { status: 400, message: '请求内容不符合要求' },
  INVALID_JSON: { status: 400, message: '请求内容不是合法的 JSON' },
  INVALID_QUERY: { status: 400, message: '请求参数不符合要求' },
  PLATFORM_NOT_ENABLED: { status: 400, message: '该登录方式未启用' },
  UNAUTHENTICATED: { status: 401, message: '未登录或登录已过期，请重新登录' },
  INVALID_AUTH_CODE: { status: 401, message: '免登码无效或已过期，请重新进入应用' },
  SESSION_REVOKED: { status: 401, message: '登录已退出或账号信息已变更，请重新登录' },
  STAFF_DISABLED: { status: 401, message: '您的账号已停用，请联系本单位管理员' },
  LINK_EXPIRED: { status: 401, message: '附件链接已过期，请返回重新打开附件' },
  LINK_INVALID: { status: 403, message: '附件链接无效，请返回重新打开附件' },
  LOCAL_LOGIN_DISABLED: { status: 403, message: '本地开发登录只在本地模式下可用' },
  UNKNOWN_STAFF: { status: 403, message: '您的账号尚未开通联办，请联系本单位管理员' },
  ACCOUNT_DISABLED: { status: 403, message: '您的账号已停用，不能登录，请联系本单位管理员' },
  RECORD_NOT_FOUND: { status: 404, message: '要操作的记录不存在' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求内容须为 JSON（Content-Type: application/json）' },
  INTERNAL: { status: 500, message: '服务器内部错误，请稍后重试' },
  PLATFORM_UNAVAILABLE: { status: 502, message: '暂时无法连接浙政钉或钉钉，请稍后重试' },
  PLATFORM_MISCONFIGURED: { status: 502, message: '登录服务配置有误，请联系管理员' },
  STORE_UNAVAILABLE: { status: 503, message: '数据服务暂时不可用，请稍后重试' },
} as const satisfies Record<string, CatalogEntry>;

/** Every code once: a code in both parts would need a property of type never here, and does not compile. */
const definedTwice: Record<keyof typeof errorCatalog & keyof typeof transportErrorCatalog, never> = {};

/** The one catalog: every code an HTTP caller can see, once. */
export const apiErrorCatalog: Readonly<Record<ApiErrorCode, CatalogEntry>> = { ...errorCatalog, ...transportErrorCatalog, ...definedTwice };

export type ApiErrorCode = keyof typeof errorCatalog | keyof typeof transportErrorCatalog;

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

/** NOT_FOUND for a path no route serves (the dev routes outside local mode too). */
export const routeNotFound = (): ApiError => apiError('NOT_FOUND', [], '请求的接口不存在');

// ---- foreign errors ------------------------------------------------------------------------------

/**
 * THE translation of foreign errors into the catalog, by kind (foreignKind below): the platforms' and the
 * directory repository's errors by their kind or code, the tablestore SDK's by the Tablestore error code
 * (OTS…) or its own network codes. A store write that lost its condition is a conflict, as the services
 * treat it where they retry (service/errors.ts isWriteConflict); one that escapes them is answered 409
 * too (and logged). Tablestore answers meaning "try again later" are STORE_UNAVAILABLE.
 */
export const foreignErrors = {
  'PlatformError INVALID_CODE': 'INVALID_AUTH_CODE',
  'PlatformError AUTH_FAILED': 'PLATFORM_MISCONFIGURED',
  'PlatformError REJECTED': 'PLATFORM_UNAVAILABLE',
  'PlatformError UNAVAILABLE': 'PLATFORM_UNAVAILABLE',
  'DirectoryError INVALID_STAFF': 'INVALID_BODY',
  'DirectoryError STAFF_NOT_FOUND': 'RECORD_NOT_FOUND',
  'DirectoryError STAFF_EXISTS': 'CONFLICT',
  'DirectoryError VERSION_CONFLICT': 'CONFLICT',
  'DirectoryError ACCOUNT_TAKEN': 'CONFLICT',
  OTSConditionCheckFail: 'CONFLICT',
  OTSRowOperationConflict: 'CONFLICT',
  OTSServerBusy: 'STORE_UNAVAILABLE',
  OTSServerUnavailable: 'STORE_UNAVAILABLE',
  OTSInternalServerError: 'STORE_UNAVAILABLE',
  OTSTimeout: 'STORE_UNAVAILABLE',
  OTSPartitionUnavailable: 'STORE_UNAVAILABLE',
  OTSQuotaExhausted: 'STORE_UNAVAILABLE',
  OTSCapacityUnitExhausted: 'STORE_UNAVAILABLE',
  OTSTooFrequentReservedThroughputAdjustment: 'STORE_UNAVAILABLE',
  /** Any other Tablestore error the server answered with a 5xx status. */
  'OTS 5xx': 'STORE_UNAVAILABLE',
  /** The tablestore SDK could not reach the server. */
  NetworkingError: 'STORE_UNAVAILABLE',
  TimeoutError: 'STORE_UNAVAILABLE',
} as const satisfies Record<`PlatformError ${PlatformErrorKind}` | `DirectoryError ${DirectoryErrorCode}`, ApiErrorCode> &
  Record<string, ApiErrorCode>;

type ForeignKind = keyof typeof foreignErrors;

const isForeignKind = (kind: string): kind is ForeignKind => Object.prototype.hasOwnProperty.call(foreignErrors, kind);

/** The kind of a foreign error as the table names it; null when the table does not know it (→ INTERNAL). */
function foreignKind(err: unknown): ForeignKind | null {
  if (err instanceof PlatformError) return `PlatformError ${err.kind}`;
  if (err instanceof DirectoryError) return `DirectoryError ${err.code}`;
  if (typeof err !== 'object' || err === null) return null;
  // The tablestore SDK rejects with `code` = HTTP status (number) for server answers, the Tablestore code
  // inside the message, or its own 'NetworkingError' / 'TimeoutError' when the server could not be reached.
  const code = (err as { code?: unknown }).code;
  if (code === 'NetworkingError' || code === 'TimeoutError') return code;
  const ots = /OTS[A-Za-z]+/.exec(String((err as { message?: unknown }).message ?? ''))?.[0];
  if (ots === undefined) return null;
  if (isForeignKind(ots)) return ots;
  return typeof code === 'number' && code >= 500 ? 'OTS 5xx' : null;
}

// ---- answers -------------------------------------------------------------------------------------

export interface ErrorBody {
  code: string;
  message: string;
  issues?: Issue[];
  requestId?: string;
  /** PRECHECK_FAILED: the 一次性告知 notice. */
  notice?: Notice;
}

/**
 * Any thrown value → status and body: catalog errors as they are, foreign ones through the table (`foreign`
 * names the kind, for the log), anything else INTERNAL (details only in the log).
 */
export function errorResponse(err: unknown): { status: number; body: ErrorBody; foreign?: string } {
  if (err instanceof ApiError) {
    return { status: err.status, body: { code: err.code, message: err.message, ...(err.issues.length ? { issues: [...err.issues] } : {}) } };
  }
  if (isDomainError(err)) {
    // The service's PrecheckFailedError carries the 一次性告知 notice along in its body.
    const body: ReturnType<typeof err.toJSON> & { notice?: Notice } = err.toJSON();
    return {
      status: err.status,
      body: { code: body.code, message: body.message, ...(body.issues.length ? { issues: body.issues } : {}), ...(body.notice ? { notice: body.notice } : {}) },
    };
  }
  const kind = foreignKind(err);
  const code: ApiErrorCode = kind === null ? 'INTERNAL' : foreignErrors[kind];
  return { ...errorResponse(apiError(code)), ...(kind === null ? {} : { foreign: kind }) };
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
