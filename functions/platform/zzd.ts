// 浙政钉 (专有钉钉) server adapter: app token (cached), 免登码 → user, work notifications, to-dos.
// Every request is HMAC-signed (zzd-sign.ts). POST parameters travel form-encoded, GET in the query.
// Envelope: {success, content:{success, data, responseCode, responseMessage}}; `content` may arrive as
// a JSON string, so it is parsed defensively. Documented codes: 240111 code失效或不存在,
// 240133 应用accessToken失效或不存在.
import { noticeMessage } from './messages.js';
import {
  PlatformError,
  fetchWithTimeout,
  isRecord,
  readJson,
  systemClock,
  type Clock,
  type ExternalUser,
  type IdentityExchange,
  type Notifier,
  type SendResult,
  type TodoInput,
  type TodoRef,
  type WorkNotice,
} from './types.js';
import { signedHeaders } from './zzd-sign.js';

export interface ZzdConfig {
  /** Gateway base, e.g. https://openplatform-pro.ding.zj.gov.cn (浙政钉) or the local fake. */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  tenantId: string;
  /** Wrap notice links as taurus:// deep links (true on the real platform). */
  deepLinks?: boolean;
  clock?: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Refresh the app token this long before the gateway says it expires. */
const TOKEN_MARGIN_MS = 5 * 60 * 1000;
const CODE_INVALID = '240111';
const TOKEN_INVALID = '240133';

type Outcome = { ok: true; data: unknown } | { ok: false; code: string; message: string };

export class ZzdClient implements IdentityExchange, Notifier {
  readonly platform = 'zzd' as const;
  private token: { value: string; expiresAt: number } | undefined;
  private pendingToken: Promise<string> | undefined;
  private readonly clock: Clock;
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;

  constructor(private readonly config: ZzdConfig) {
    this.clock = config.clock ?? systemClock;
    this.fetchImpl = config.fetch ?? ((input, init) => fetch(input, init));
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
  }

  /** The app access token, fetched once and reused until shortly before it expires. */
  async accessToken(): Promise<string> {
    if (this.token && this.clock.now() < this.token.expiresAt - TOKEN_MARGIN_MS) return this.token.value;
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = undefined;
    });
    return this.pendingToken;
  }

  async exchange(code: string): Promise<ExternalUser> {
    const data = await this.withToken((token) =>
      this.call('POST', '/rpc/oauth2/dingtalk_app_user.json', { access_token: token, auth_code: code }),
    );
    if (!isRecord(data) || (typeof data.accountId !== 'number' && typeof data.accountId !== 'string')) {
      throw new PlatformError('UNAVAILABLE', 'zzd', 'BAD_DATA', 'dingtalk_app_user.json answered without accountId');
    }
    const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);
    return {
      platform: 'zzd',
      accountId: String(data.accountId),
      name: text(data.lastName) ?? text(data.nickNameCn),
      employeeCode: text(data.employeeCode),
      tenantId: text(data.realmId) ?? text(data.tenantId),
    };
  }

  async sendWorkNotice(notice: WorkNotice): Promise<SendResult> {
    const outcome = await this.call('POST', '/message/workNotification', {
      tenantId: this.config.tenantId,
      receiverIds: notice.recipients.join(','),
      bizMsgId: notice.id,
      msg: noticeMessage('zzd', notice, this.config.deepLinks ?? true),
    });
    if (outcome.ok) return { duplicate: false };
    // Reusing a bizMsgId is refused as "重复": the notice was already sent by an earlier delivery.
    if (/duplicate|重复/i.test(`${outcome.code} ${outcome.message}`)) return { duplicate: true };
    throw this.rejected('/message/workNotification', outcome);
  }

  async createTodo(todo: TodoInput): Promise<TodoRef> {
    const outcome = await this.call('POST', '/tc/v2/openapi/task/create.json', {
      subject: todo.subject,
      creatorId: todo.creator,
      assigneeId: todo.assignee,
      tenantId: this.config.tenantId,
      bizTaskId: todo.id,
      url: todo.url,
      mobileUrl: todo.mobileUrl ?? todo.url,
    });
    if (!outcome.ok) throw this.rejected('/tc/v2/openapi/task/create.json', outcome);
    const taskUuid = isRecord(outcome.data) ? outcome.data.taskUuid : undefined;
    if (typeof taskUuid !== 'string' || !taskUuid) {
      throw new PlatformError('UNAVAILABLE', 'zzd', 'BAD_DATA', 'task/create.json answered without taskUuid');
    }
    return { platformId: taskUuid, assignee: todo.assignee };
  }

  async finishTodo(ref: TodoRef, operator?: string): Promise<void> {
    const outcome = await this.call('POST', '/tc/openapi/task/finish.json', { taskUuid: ref.platformId, userId: operator ?? ref.assignee });
    if (!outcome.ok) throw this.rejected('/tc/openapi/task/finish.json', outcome);
  }

  async cancelTodo(ref: TodoRef, operator?: string): Promise<void> {
    const outcome = await this.call('POST', '/tc/openapi/task/cancel.json', { taskUuid: ref.platformId, userId: operator ?? ref.assignee });
    if (!outcome.ok) throw this.rejected('/tc/openapi/task/cancel.json', outcome);
  }

  private async fetchToken(): Promise<string> {
    const requestedAt = this.clock.now();
    const outcome = await this.call('GET', '/gettoken.json', { appkey: this.config.appKey, appsecret: this.config.appSecret });
    if (!outcome.ok) throw new PlatformError('AUTH_FAILED', 'zzd', outcome.code, `gettoken.json refused: ${outcome.message}`);
    const data = outcome.data;
    if (!isRecord(data) || typeof data.accessToken !== 'string') {
      throw new PlatformError('UNAVAILABLE', 'zzd', 'BAD_DATA', 'gettoken.json answered without accessToken');
    }
    const expiresIn = Number(data.expiresIn); // documented as a string, e.g. "7200"
    this.token = { value: data.accessToken, expiresAt: requestedAt + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 7200) * 1000 };
    return data.accessToken;
  }

  /** Runs a token-bearing call; a 240133 (token expired or revoked) drops the cache and retries once. */
  private async withToken(run: (token: string) => Promise<Outcome>): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await run(await this.accessToken());
      if (outcome.ok) return outcome.data;
      if (outcome.code === TOKEN_INVALID && attempt === 0) {
        this.token = undefined;
        continue;
      }
      if (outcome.code === CODE_INVALID) throw new PlatformError('INVALID_CODE', 'zzd', outcome.code, '免登码无效或已过期');
      if (outcome.code === TOKEN_INVALID) throw new PlatformError('AUTH_FAILED', 'zzd', outcome.code, 'app token refused twice');
      throw this.rejected('dingtalk_app_user.json', outcome);
    }
  }

  private rejected(path: string, outcome: { code: string; message: string }): PlatformError {
    return new PlatformError('REJECTED', 'zzd', outcome.code, `${path} refused: ${outcome.code} ${outcome.message}`);
  }

  /** One signed request. Gateway-level refusals throw; business failures are returned. */
  private async call(method: 'GET' | 'POST', path: string, params: Record<string, string>): Promise<Outcome> {
    const headers = signedHeaders({ method, path, params, appKey: this.config.appKey, appSecret: this.config.appSecret, now: this.clock.now() });
    const encoded = new URLSearchParams(params).toString();
    const url = method === 'GET' ? `${this.baseUrl}${path}?${encoded}` : `${this.baseUrl}${path}`;
    const init: RequestInit =
      method === 'GET'
        ? { method, headers }
        : { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, body: encoded };
    const res = await fetchWithTimeout('zzd', this.fetchImpl, url, init, this.config.timeoutMs ?? 10_000);
    const body = await readJson('zzd', res, path);
    if (!isRecord(body)) throw new PlatformError('UNAVAILABLE', 'zzd', `HTTP_${res.status}`, `${path} answered an unexpected body`);
    if (body.success !== true) {
      const code = typeof body.Code === 'string' ? body.Code : typeof body.bizErrorCode === 'string' ? body.bizErrorCode : `HTTP_${res.status}`;
      const kind = res.status >= 500 ? 'UNAVAILABLE' : 'AUTH_FAILED';
      throw new PlatformError(kind, 'zzd', code, `gateway refused ${path}: ${code} ${typeof body.Message === 'string' ? body.Message : ''}`.trim());
    }
    let content: unknown = body.content;
    if (typeof content === 'string') {
      try {
        content = JSON.parse(content) as unknown;
      } catch {
        throw new PlatformError('UNAVAILABLE', 'zzd', 'BAD_DATA', `${path} content is not JSON`);
      }
    }
    if (!isRecord(content)) throw new PlatformError('UNAVAILABLE', 'zzd', 'BAD_DATA', `${path} answered without content`);
    if (content.success === false) {
      return { ok: false, code: String(content.responseCode ?? 'UNKNOWN'), message: String(content.responseMessage ?? '') };
    }
    // Some replies put the payload straight into content (e.g. {"msgId": …}) rather than content.data.
    return { ok: true, data: 'data' in content ? content.data : content };
  }
}
