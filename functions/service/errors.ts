/**
 * Service-level errors. Caller mistakes are core DomainErrors (one catalog: functions/core/errors.ts);
 * this adds the pre-check failure that carries its 一次性告知 notice, and the mapping of a failed
 * Tablestore condition to CONFLICT.
 */
import { DomainError, domainError, errorCatalog, type Issue } from '../core/errors.js';
import type { Notice } from '../core/precheck.js';
import { isConditionFailed, otsErrorCode } from '../store/client.js';

/** Acceptance refused by the pre-check: the API answers 422 with the issues and the notice. */
export class PrecheckFailedError extends DomainError {
  readonly notice: Notice;
  /** HTTP status the API uses: the catalog's, as for a bare pre-check failure (422). */
  readonly httpStatus = errorCatalog.PRECHECK_FAILED.status;

  constructor(notice: Notice, issues: readonly Issue[]) {
    super('PRECHECK_FAILED', errorCatalog.PRECHECK_FAILED.message, issues);
    this.name = 'PrecheckFailedError';
    this.notice = notice;
  }

  override toJSON(): { code: 'PRECHECK_FAILED'; message: string; issues: Issue[]; notice: Notice } {
    return { code: 'PRECHECK_FAILED', message: this.message, issues: [...this.issues], notice: this.notice };
  }
}

/** Throws a policy refusal (policy.ts returns null when allowed). */
export function denyUnless(denied: DomainError | null): void {
  if (denied) throw denied;
}

export const conflict = (detail = '该事项已被他人处理，请刷新后重试'): DomainError => domainError('CONFLICT', detail);
export const notFound = (what: string): DomainError => domainError('NOT_FOUND', `未找到${what}`);

/** A write that lost a race (condition failed, or a partition locked by another request) → CONFLICT. */
export function isWriteConflict(err: unknown): boolean {
  return isConditionFailed(err) || otsErrorCode(err) === 'OTSRowOperationConflict';
}
