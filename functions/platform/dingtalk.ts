// Standard DingTalk server adapter.
//  - oapi (DINGTALK_BASE_URL, e.g. https://oapi.dingtalk.com): GET /gettoken (cached, 7200 s),
//    POST /topapi/v2/user/getuserinfo (免登码 → userid; 5 min, single use), POST /topapi/v2/user/get
//    (userid → unionid), POST /topapi/message/corpconversation/asyncsend_v2 (工作通知). Errors are
//    `{errcode≠0, errmsg}`; 40078 = 不存在的临时授权码; 40014/42001 = bad/expired access_token.
//  - api (DINGTALK_API_BASE_URL, e.g. https://api.dingtalk.com): the To-Do API
//    POST/PUT/DELETE /v1.0/todo/users/{unionId}/tasks[/{taskId}] with header x-acs-dingtalk-access-token
//    (the internal-app token from /gettoken); errors are HTTP 4xx `{code, message}`.
// asyncsend_v2 has no idempotency key; DingTalk itself drops the same content to the same user within
// a day, which is what makes a repeated delivery harmless.
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

export interface DingTalkConfig {
  baseUrl: string;
  /** New-API base; defaults to baseUrl (the local fake serves both). */
  apiBaseUrl?: string;
  appKey: string;
  appSecret: string;
  agentId: string;
  deepLinks?: boolean;
  clock?: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const TOKEN_MARGIN_MS = 5 * 60 * 1000;
const CODE_INVALID = 40078;
const TOKEN_ERRORS = new Set([40014, 42001]);

export class DingTalkClient implements IdentityExchange, Notifier {
  readonly platform = 'dingtalk' as const;
  private token: { value: string; expiresAt: number } | undefined;
  private pendingToken: Promise<string> | undefined;
  private readonly unionIds = new Map<string, string>();
  private readonly clock: Clock;
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;
  private readonly apiBaseUrl: string;

  constructor(private readonly config: DingTalkConfig) {
    this.clock = config.clock ?? systemClock;
    this.fetchImpl = config.fetch ?? ((input, init) => fetch(input, init));
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.apiBaseUrl = (config.apiBaseUrl ?? config.baseUrl).replace(/\/+$/, '');
  }

  async accessToken(): Promise<string> {
    if (this.token && this.clock.now() < this.token.expiresAt - TOKEN_MARGIN_MS) return this.token.value;
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = undefined;
    });
    return this.pendingToken;
  }

  async exchange(code: string): Promise<ExternalUser> {
    const body = await this.oapi('/topapi/v2/user/getuserinfo', { code }, (errcode) =>
      errcode === CODE_INVALID ? new PlatformError('INVALID_CODE', 'dingtalk', String(errcode), '免登码无效或已过期') : undefined,
    );
    const result = isRecord(body.result) ? body.result : undefined;
    if (!result || typeof result.userid !== 'string' || !result.userid) {
      throw new PlatformError('UNAVAILABLE', 'dingtalk', 'BAD_DATA', 'getuserinfo answered without userid');
    }
    if (typeof result.unionid === 'string' && result.unionid) this.unionIds.set(result.userid, result.unionid);
    return {
      platform: 'dingtalk',
      accountId: result.userid,
      name: typeof result.name === 'string' ? result.name : undefined,
      unionId: typeof result.unionid === 'string' && result.unionid ? result.unionid : undefined,
    };
  }

  async sendWorkNotice(notice: WorkNotice): Promise<SendResult> {
    await this.oapi('/topapi/message/corpconversation/asyncsend_v2', {
      agent_id: Number(this.config.agentId),
      userid_list: notice.recipients.join(','),
      msg: JSON.parse(noticeMessage('dingtalk', notice, this.config.deepLinks ?? true)) as unknown,
    });
    return { duplicate: false };
  }

  async createTodo(todo: TodoInput): Promise<TodoRef> {
    const creator = await this.unionIdOf(todo.creator);
    const assignee = await this.unionIdOf(todo.assignee);
    const body = await this.todoApi('POST', `/v1.0/todo/users/${encodeURIComponent(creator)}/tasks?operatorId=${encodeURIComponent(creator)}`, {
      sourceId: todo.id,
      subject: todo.subject,
      creatorId: creator,
      executorIds: [assignee],
      detailUrl: { appUrl: todo.mobileUrl ?? todo.url, pcUrl: todo.url },
      isOnlyShowExecutor: true,
    });
    if (typeof body.id !== 'string' || !body.id) throw new PlatformError('UNAVAILABLE', 'dingtalk', 'BAD_DATA', 'todo create answered without id');
    return { platformId: body.id, assignee: todo.assignee };
  }

  async finishTodo(ref: TodoRef, operator?: string): Promise<void> {
    const owner = await this.unionIdOf(ref.assignee);
    const op = await this.unionIdOf(operator ?? ref.assignee);
    await this.todoApi('PUT', this.taskPath(owner, ref.platformId, op), { done: true });
  }

  async cancelTodo(ref: TodoRef, operator?: string): Promise<void> {
    const owner = await this.unionIdOf(ref.assignee);
    const op = await this.unionIdOf(operator ?? ref.assignee);
    try {
      await this.todoApi('DELETE', this.taskPath(owner, ref.platformId, op));
    } catch (err) {
      // Already deleted: cancelling is idempotent.
      if (err instanceof PlatformError && err.platformCode === 'taskNotExist') return;
      throw err;
    }
  }

  private taskPath(owner: string, taskId: string, operator: string): string {
    return `/v1.0/todo/users/${encodeURIComponent(owner)}/tasks/${encodeURIComponent(taskId)}?operatorId=${encodeURIComponent(operator)}`;
  }

  private async unionIdOf(userid: string): Promise<string> {
    const known = this.unionIds.get(userid);
    if (known) return known;
    const body = await this.oapi('/topapi/v2/user/get', { userid, language: 'zh_CN' });
    const result = isRecord(body.result) ? body.result : undefined;
    if (!result || typeof result.unionid !== 'string' || !result.unionid) {
      throw new PlatformError('UNAVAILABLE', 'dingtalk', 'BAD_DATA', 'user/get answered without unionid');
    }
    if (this.unionIds.size > 10_000) this.unionIds.clear();
    this.unionIds.set(userid, result.unionid);
    return result.unionid;
  }

  private async fetchToken(): Promise<string> {
    const requestedAt = this.clock.now();
    const query = new URLSearchParams({ appkey: this.config.appKey, appsecret: this.config.appSecret });
    const res = await fetchWithTimeout('dingtalk', this.fetchImpl, `${this.baseUrl}/gettoken?${query}`, { method: 'GET' }, this.timeout());
    const body = await readJson('dingtalk', res, '/gettoken');
    if (!isRecord(body) || body.errcode !== 0 || typeof body.access_token !== 'string') {
      const errcode = isRecord(body) ? String(body.errcode) : `HTTP_${res.status}`;
      throw new PlatformError('AUTH_FAILED', 'dingtalk', errcode, 'gettoken refused');
    }
    const expiresIn = Number(body.expires_in);
    this.token = { value: body.access_token, expiresAt: requestedAt + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 7200) * 1000 };
    return body.access_token;
  }

  /** POST to oapi with the token; a token error drops the cache and retries once. */
  private async oapi(
    path: string,
    payload: Record<string, unknown>,
    mapError?: (errcode: number) => PlatformError | undefined,
  ): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const res = await fetchWithTimeout(
        'dingtalk',
        this.fetchImpl,
        `${this.baseUrl}${path}?access_token=${encodeURIComponent(token)}`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) },
        this.timeout(),
      );
      const body = await readJson('dingtalk', res, path);
      if (!isRecord(body) || typeof body.errcode !== 'number') {
        throw new PlatformError('UNAVAILABLE', 'dingtalk', `HTTP_${res.status}`, `${path} answered an unexpected body`);
      }
      if (body.errcode === 0) return body;
      if (TOKEN_ERRORS.has(body.errcode) && attempt === 0) {
        this.token = undefined;
        continue;
      }
      const mapped = mapError?.(body.errcode);
      if (mapped) throw mapped;
      const kind = TOKEN_ERRORS.has(body.errcode) ? 'AUTH_FAILED' : body.errcode === -1 ? 'UNAVAILABLE' : 'REJECTED';
      throw new PlatformError(kind, 'dingtalk', String(body.errcode), `${path} refused: ${body.errcode} ${String(body.errmsg ?? '')}`);
    }
  }

  private async todoApi(method: 'POST' | 'PUT' | 'DELETE', pathAndQuery: string, payload?: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const headers: Record<string, string> = { 'x-acs-dingtalk-access-token': token };
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const res = await fetchWithTimeout(
        'dingtalk',
        this.fetchImpl,
        `${this.apiBaseUrl}${pathAndQuery}`,
        { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) },
        this.timeout(),
      );
      const path = pathAndQuery.split('?')[0];
      const body = await readJson('dingtalk', res, path);
      if (res.ok && isRecord(body)) return body;
      const code = isRecord(body) && typeof body.code === 'string' ? body.code : `HTTP_${res.status}`;
      if (res.status === 401 && attempt === 0) {
        this.token = undefined;
        continue;
      }
      const kind = res.status >= 500 ? 'UNAVAILABLE' : res.status === 401 || res.status === 403 ? 'AUTH_FAILED' : 'REJECTED';
      throw new PlatformError(kind, 'dingtalk', code, `${method} ${path} refused: HTTP ${res.status} ${code}`);
    }
  }

  private timeout(): number {
    return this.config.timeoutMs ?? 10_000;
  }
}
