import type { TimeLimit } from '../../../functions/core/workOrder';

/** 办理时限 in words: 24 小时 / 5 个工作日. */
export function limitText(limit: TimeLimit): string {
  return limit.unit === 'hours' ? limit.value + ' 小时' : limit.value + ' 个工作日';
}

/** The five 好差评 levels (functions/core/rating.ts), best first. */
export const RATING_OPTIONS = [
  { value: 'verySatisfied', label: '非常满意' },
  { value: 'satisfied', label: '满意' },
  { value: 'basic', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意' },
  { value: 'veryDissatisfied', label: '非常不满意' },
];

export function ratingLabel(level: string | null): string {
  const o = RATING_OPTIONS.filter((x) => x.value === level)[0];
  return o ? o.label : '未评价';
}

/** A new request id: a retried 登记 is the same request (no second order). */
export function newRequestId(): string {
  return 'h' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
}

/** The server's message, with the field problems of a 400 INVALID_INPUT / CATALOG_INVALID when it sent them. */
export function errorText(e: unknown): string {
  const err = e as { message?: string; body?: { error?: { details?: { message?: string }[] } } };
  const details = err.body && err.body.error && Array.isArray(err.body.error.details) ? err.body.error.details : [];
  const more = details.map((d) => d.message).filter(Boolean);
  return (err.message || '操作失败，请重试') + (more.length ? '：' + more.join('；') : '');
}
