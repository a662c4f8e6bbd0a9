// What the rest of lianban knows about 浙政钉 and DingTalk: exchanging a login-free code (免登码) for
// the external user, and sending work notifications (工作通知) and to-dos (待办). The core and the
// handlers use only these interfaces; zzd.ts and dingtalk.ts implement them.

export type PlatformName = 'zzd' | 'dingtalk';

/** The user a login-free code belongs to, as the platform reports it. */
export interface ExternalUser {
  platform: PlatformName;
  /** 浙政钉 accountId / DingTalk userid — the key of the staff directory's account index. */
  accountId: string;
  name?: string;
  /** 浙政钉 租户下人员编码 (absent for super-admin accounts). */
  employeeCode?: string;
  /** 浙政钉 tenant (realmId). */
  tenantId?: string;
  /** DingTalk unionid. */
  unionId?: string;
}

export interface IdentityExchange {
  readonly platform: PlatformName;
  /** Rejects with PlatformError('INVALID_CODE') for an unknown, expired or reused code. */
  exchange(code: string): Promise<ExternalUser>;
}

export interface WorkNotice {
  /** Stable id of this notice (the effect id): lets a repeated delivery be recognised. */
  id: string;
  /** External account ids (浙政钉 accountId / DingTalk userid). */
  recipients: string[];
  title: string;
  /** Plain text or simple markdown. */
  text: string;
  /** Link opened from the notice (the mini-app page). */
  url?: string;
}

export interface TodoInput {
  /** Stable business id of this to-do (e.g. sub-task id + assignment), used as the platform's biz id. */
  id: string;
  /** External account id of the person who must act. */
  assignee: string;
  /** External account id shown as the creator. */
  creator: string;
  subject: string;
  url: string;
  mobileUrl?: string;
}

/** What the caller must keep to finish or cancel a to-do later. */
export interface TodoRef {
  /** The platform's id of the to-do (浙政钉 taskUuid, DingTalk task id). */
  platformId: string;
  /** External account id of the assignee (DingTalk addresses to-dos per user). */
  assignee: string;
}

export interface SendResult {
  /** True when the platform reported this notice as already sent (same id): nothing new was sent. */
  duplicate: boolean;
}

export interface Notifier {
  readonly platform: PlatformName;
  sendWorkNotice(notice: WorkNotice): Promise<SendResult>;
  createTodo(todo: TodoInput): Promise<TodoRef>;
  /** Idempotent: finishing a finished to-do succeeds. */
  finishTodo(ref: TodoRef, operator?: string): Promise<void>;
  /** Idempotent: cancelling a cancelled to-do succeeds. */
  cancelTodo(ref: TodoRef, operator?: string): Promise<void>;
}

export type PlatformErrorKind =
  /** The login-free code is unknown, expired or already used. */
  | 'INVALID_CODE'
  /** Our credentials or signature were refused (configuration problem). */
  | 'AUTH_FAILED'
  /** The platform refused the request for a business reason (bad parameter, state conflict). */
  | 'REJECTED'
  /** Network failure, timeout, 5xx or an unreadable answer. */
  | 'UNAVAILABLE';

export class PlatformError extends Error {
  constructor(
    readonly kind: PlatformErrorKind,
    readonly platform: PlatformName,
    /** The platform's own error code (e.g. 240111, 40078), for logs. Never contains user data. */
    readonly platformCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** fetch with a timeout; network failures become PlatformError('UNAVAILABLE'). */
export async function fetchWithTimeout(
  platform: PlatformName,
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const reason = err instanceof Error ? err.name : 'error';
    throw new PlatformError('UNAVAILABLE', platform, 'NETWORK', `request to ${new URL(url).pathname} failed (${reason})`);
  }
}

/** Reads a JSON body; anything else becomes PlatformError('UNAVAILABLE'). */
export async function readJson(platform: PlatformName, res: Response, path: string): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PlatformError('UNAVAILABLE', platform, `HTTP_${res.status}`, `${path} answered HTTP ${res.status} without JSON`);
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
