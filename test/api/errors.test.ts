// The api error catalog: every thrown kind maps to a stable code, status and Chinese message.
import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorCatalog, describeForLog, errorResponse } from '../../functions/api/errors';
import { domainError } from '../../functions/core/errors';
import { PlatformError } from '../../functions/platform/types';
import { DirectoryError } from '../../functions/store/directory';

describe('api error catalog', () => {
  it('every entry has a 4xx/5xx status and a Chinese message', () => {
    for (const [code, entry] of Object.entries(apiErrorCatalog)) {
      expect(code).toMatch(/^[A-Z_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('maps platform, directory, domain, store and unknown errors', () => {
    const cases: Array<[unknown, number, string]> = [
      [new PlatformError('INVALID_CODE', 'zzd', '240111', 'x'), 401, 'INVALID_AUTH_CODE'],
      [new PlatformError('AUTH_FAILED', 'dingtalk', '40089', 'x'), 502, 'PLATFORM_MISCONFIGURED'],
      [new PlatformError('UNAVAILABLE', 'zzd', 'NETWORK', 'x'), 502, 'PLATFORM_UNAVAILABLE'],
      [new PlatformError('REJECTED', 'zzd', 'x', 'x'), 502, 'PLATFORM_UNAVAILABLE'],
      [new DirectoryError('VERSION_CONFLICT', 'x'), 409, 'CONFLICT'],
      [new DirectoryError('ACCOUNT_TAKEN', 'x'), 409, 'CONFLICT'],
      [new DirectoryError('STAFF_NOT_FOUND', 'x'), 404, 'RECORD_NOT_FOUND'],
      [new DirectoryError('INVALID_STAFF', 'x'), 400, 'INVALID_BODY'],
      [domainError('INVALID_TRANSITION'), 409, 'INVALID_TRANSITION'],
      [Object.assign(new Error('connect ECONNREFUSED'), { code: 'NetworkingError' }), 503, 'STORE_UNAVAILABLE'],
      [Object.assign(new Error('\n\x0eOTSServerBusy\x12busy'), { code: 503 }), 503, 'STORE_UNAVAILABLE'],
      // a conditional write that lost, escaped from the services: a conflict, as the services say where they retry
      [Object.assign(new Error('\n\x15OTSConditionCheckFail'), { code: 403 }), 409, 'CONFLICT'],
      [Object.assign(new Error('\n\x17OTSRowOperationConflict'), { code: 409 }), 409, 'CONFLICT'],
      [Object.assign(new Error('\n\x10OTSSomethingNew'), { code: 503 }), 503, 'STORE_UNAVAILABLE'],
      [Object.assign(new Error('\n\x12OTSParameterInvalid'), { code: 400 }), 500, 'INTERNAL'],
      [new Error('secret detail 13800138000'), 500, 'INTERNAL'],
      ['thrown string', 500, 'INTERNAL'],
    ];
    for (const [err, status, code] of cases) {
      const r = errorResponse(err);
      expect([r.status, r.body.code]).toEqual([status, code]);
      expect(r.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(errorResponse(new Error('secret detail 13800138000')).body.message).not.toContain('13800138000');
  });

  it('keeps issues and custom messages of ApiError and domain errors', () => {
    const issues = [{ field: 'code', code: 'REQUIRED', message: '缺少必填字段' }];
    expect(errorResponse(new ApiError('INVALID_BODY', '请求内容不符合要求', issues)).body).toEqual({ code: 'INVALID_BODY', message: '请求内容不符合要求', issues });
    expect(errorResponse(domainError('VALIDATION_FAILED', undefined, issues)).body.issues).toEqual(issues);
  });

  it('log descriptions carry kinds and codes only', () => {
    expect(describeForLog(new PlatformError('INVALID_CODE', 'zzd', '240111', 'code abc'))).toBe('PlatformError zzd INVALID_CODE 240111');
    expect(describeForLog(new Error('id 330203199001011234'))).toBe('Error');
  });
});
