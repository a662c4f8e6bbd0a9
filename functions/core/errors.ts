/**
 * The error catalog, domain part: every error the core and the services report, each with a stable code,
 * the HTTP status a caller sees and a Chinese message. Each code is defined once in lianban: this part
 * holds the domain's codes; the api adds the transport's own (401 sessions, 413, 415, the platforms' and
 * the store's failures, 500) in functions/api/errors.ts, which is the one place foreign errors are
 * translated; schemas/openapi.json enumerates the union (test/api/errorCatalog.test.ts walks it).
 * All domain errors are made by `domainError`; core functions RETURN a DomainError (they do not throw
 * it); `isDomainError` tells results apart.
 */

/** A catalog entry: the HTTP status and the default Chinese message of one code. */
export interface CatalogEntry {
  readonly status: number;
  readonly message: string;
}

export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容不符合要求' },
  BUNDLE_INVALID: { status: 400, message: '一件事配置有误' },
  DISTRICT_NOT_JOINED: { status: 400, message: '该区尚未开通此项联办' },
  FORBIDDEN: { status: 403, message: '无权执行此操作' },
  SEAL_OUT_OF_SCOPE: { status: 403, message: '该印章无权签署此事项' },
  NOT_FOUND: { status: 404, message: '未找到' },
  CONFLICT: { status: 409, message: '数据已被他人修改或已被占用，请刷新后重试' },
  INVALID_TRANSITION: { status: 409, message: '当前状态下不能执行此操作' },
  EXTENSION_ALREADY_USED: { status: 409, message: '该子任务已延期过一次，不能再次延期' },
  EXTENSION_PENDING: { status: 409, message: '已有待审批的延期申请' },
  COUNTERSIGN_SAME_SIGNER: { status: 409, message: '会签须由另一名签章人完成' },
  CASE_CLOSED: { status: 409, message: '办件已办结或已撤销' },
  /** 好差评 (core rating.ts): one rating per target; a target is rated once it has ended. */
  ALREADY_RATED: { status: 409, message: '已评价过，不能重复评价' },
  NOT_RATABLE: { status: 409, message: '办结后才能评价' },
  /** Well-formed but not acceptable: the 一次性告知 lists every problem at once. */
  PRECHECK_FAILED: { status: 422, message: '预审未通过，请按一次性告知补齐后再提交' },
  /** A sign-off whose identity fields differ from the application without a correction note (core identity.ts). */
  OUTPUT_MISMATCH: { status: 422, message: '签发内容与申请不一致：请核对改正，确需不同的请填写更正说明' },
  /** 81812345 热线工单 (core workOrderMachine.ts). */
  INVALID_PHONE: { status: 400, message: '来电号码格式不正确（手机号或固定电话，如 0574-88881234）' },
  INVALID_INPUT: { status: 400, message: '工单内容不符合要求' },
  UNKNOWN_DEPARTMENT: { status: 400, message: '承办部门不存在或不属于本区' },
  LOCATION_OUTSIDE_DISTRICT: { status: 400, message: '诉求地点不在本区' },
  CALLBACK_IN_PAST: { status: 400, message: '回拨时间不能早于现在' },
  PARENT_NOT_OPEN_EVENT: { status: 409, message: '主单不是未办结的热点事件，不能并单' },
  RETURN_TOO_LATE: { status: 409, message: '已超过可退单的期限' },
  REOPEN_USED: { status: 409, message: '该工单已重办过一次，不能再次重办' },
  /** 热线事项目录 (service/hotlineCatalogAdmin.ts): an admin's catalog refused (issues: path, message), or none configured. */
  CATALOG_INVALID: { status: 400, message: '热线事项目录有误，请按提示修改后再保存' },
  HOTLINE_CATALOG_MISSING: { status: 404, message: '本区尚未配置热线事项目录，请联系管理员' },
  /** Too many failed look-ups from one client within the window (the public progress page: functions/service/progressOps.ts). */
  RATE_LIMITED: { status: 429, message: '查询次数过多，请稍后再试' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof errorCatalog;

/** One problem found in the input, tied to a field where possible (for 一次性告知 and form errors). */
export interface Issue {
  /** Form field key or a dotted path, absent for problems about the whole submission. */
  field?: string;
  /** Stable machine code, e.g. ID_CHECK_DIGIT, REQUIRED, AGE_LIMIT. */
  code: string;
  /** Chinese message shown to the clerk and the applicant. */
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: readonly Issue[];

  constructor(code: ErrorCode, message: string, issues: readonly Issue[] = []) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.issues = issues;
  }

  /** The body an HTTP adapter sends: stable code, Chinese message, per-field issues. */
  toJSON(): { code: ErrorCode; message: string; issues: Issue[] } {
    return { code: this.code, message: this.message, issues: [...this.issues] };
  }
}

/** Make a domain error; `detail` replaces the catalog's default Chinese message when given. */
export function domainError(code: ErrorCode, detail?: string, issues: readonly Issue[] = []): DomainError {
  return new DomainError(code, detail ?? errorCatalog[code].message, issues);
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
