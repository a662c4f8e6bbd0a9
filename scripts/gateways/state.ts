// What the gateway fakes remember: users, login-free codes (免登码), app tokens, sent work notices
// (工作通知) and to-dos (待办). Keyed by the user's 浙政钉 accountId, the one id every fake user has.
import { randomBytes, randomUUID } from 'node:crypto';
import { shanghaiWallClock } from '../../functions/core/time';

export type GatewayPlatform = 'zzd' | 'dingtalk';

export interface GatewayUser {
  /** 浙政钉 account id (numeric in the real gateway, a string here). */
  accountId: string;
  /** 浙政钉 租户下人员编码; "超管账号…无employeeCode". */
  employeeCode?: string;
  /** DingTalk userid; defaults to accountId when absent. */
  dingUserId?: string;
  name: string;
}

export interface Notice {
  id: string;
  platform: GatewayPlatform;
  accountId: string;
  title: string;
  text: string;
  url?: string;
  /** The message exactly as the caller sent it (parsed JSON). */
  msg: unknown;
  /** 浙政钉 bizMsgId (caller's idempotency key), when sent through 浙政钉. */
  bizMsgId?: string;
  sentAt: string;
}

export type TodoState = 'open' | 'done' | 'cancelled';

export interface Todo {
  /** The gateway's id: 浙政钉 taskUuid, DingTalk to-do id. */
  id: string;
  platform: GatewayPlatform;
  accountId: string;
  bizTaskId?: string;
  subject: string;
  url?: string;
  mobileUrl?: string;
  creatorId?: string;
  state: TodoState;
  createdAt: string;
  updatedAt: string;
}

export interface RequestRecord {
  platform: GatewayPlatform | 'local';
  method: string;
  path: string;
  status: number;
  /** Business result: 'ok' or the error code the fake answered with. */
  result: string;
}

interface IssuedCode {
  platform: GatewayPlatform;
  accountId: string;
  expiresAt: number;
}

interface IssuedToken {
  token: string;
  expiresAt: number;
}

/** 免登码 lifetime: DingTalk documents 5 minutes, single use; 浙政钉 returns an expireTime but no
 *  documented value, so the fake uses the same 5 minutes for both. */
const CODE_TTL_MS = 5 * 60 * 1000;
/** Both gateways: app token valid 7200 s; asking again within validity returns the same token and renews it. */
const TOKEN_TTL_MS = 7200 * 1000;

export class GatewayState {
  private users = new Map<string, GatewayUser>();
  private codes = new Map<string, IssuedCode>();
  private tokens = new Map<GatewayPlatform, IssuedToken>();
  private readonly sentNotices: Notice[] = [];
  private readonly sentTodos = new Map<string, Todo>();
  private readonly usedBizMsgIds = new Set<string>();
  /** DingTalk: "same content to same user once per day" — key user|day|content. */
  private readonly dingDelivered = new Set<string>();
  readonly requests: RequestRecord[] = [];

  constructor(users: GatewayUser[], readonly now: () => number) {
    this.setUsers(users);
  }

  setUsers(users: GatewayUser[]): void {
    const next = new Map<string, GatewayUser>();
    for (const u of users) {
      if (!u.accountId) throw new Error('every gateway user needs an accountId');
      next.set(u.accountId, { ...u });
    }
    this.users = next;
  }

  listUsers(): GatewayUser[] {
    return [...this.users.values()];
  }

  userByAccountId(accountId: string): GatewayUser | undefined {
    return this.users.get(accountId);
  }

  userByDingUserId(userId: string): GatewayUser | undefined {
    for (const u of this.users.values()) if ((u.dingUserId ?? u.accountId) === userId) return u;
    return undefined;
  }

  issueCode(platform: GatewayPlatform, accountId: string): string {
    if (!this.users.has(accountId)) throw new Error(`unknown gateway user ${accountId}`);
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { platform, accountId, expiresAt: this.now() + CODE_TTL_MS });
    return code;
  }

  /** Single use: the code is gone after this call whether or not it was valid for this platform. */
  redeemCode(platform: GatewayPlatform, code: string): GatewayUser | undefined {
    const issued = this.codes.get(code);
    if (!issued) return undefined;
    this.codes.delete(code);
    if (issued.platform !== platform || issued.expiresAt <= this.now()) return undefined;
    return this.users.get(issued.accountId);
  }

  /** Returns the app token, renewing it when still valid (documented behaviour of both gateways). */
  grantToken(platform: GatewayPlatform): IssuedToken {
    const now = this.now();
    const current = this.tokens.get(platform);
    const token = current && current.expiresAt > now ? current.token : randomBytes(16).toString('hex');
    const issued = { token, expiresAt: now + TOKEN_TTL_MS };
    this.tokens.set(platform, issued);
    return issued;
  }

  /** Invalidates issued app tokens, as a gateway does when an app secret is reset. */
  revokeTokens(platform?: GatewayPlatform): void {
    if (platform) this.tokens.delete(platform);
    else this.tokens.clear();
  }

  tokenValid(platform: GatewayPlatform, token: string | undefined): boolean {
    const current = this.tokens.get(platform);
    return !!token && !!current && current.token === token && current.expiresAt > this.now();
  }

  claimBizMsgId(bizMsgId: string): boolean {
    if (this.usedBizMsgIds.has(bizMsgId)) return false;
    this.usedBizMsgIds.add(bizMsgId);
    return true;
  }

  /** DingTalk's daily de-duplication: true when this content may still be delivered today. */
  claimDingDelivery(accountId: string, content: string): boolean {
    const day = shanghaiWallClock(this.now()).slice(0, 10); // Asia/Shanghai day
    const key = `${accountId}|${day}|${content}`;
    if (this.dingDelivered.has(key)) return false;
    this.dingDelivered.add(key);
    return true;
  }

  addNotice(n: Omit<Notice, 'id' | 'sentAt'>): Notice {
    const notice: Notice = { ...n, id: randomUUID(), sentAt: new Date(this.now()).toISOString() };
    this.sentNotices.push(notice);
    return notice;
  }

  addTodo(t: Omit<Todo, 'id' | 'state' | 'createdAt' | 'updatedAt'>): Todo {
    const at = new Date(this.now()).toISOString();
    const todo: Todo = { ...t, id: randomUUID(), state: 'open', createdAt: at, updatedAt: at };
    this.sentTodos.set(todo.id, todo);
    return todo;
  }

  findTodo(platform: GatewayPlatform, id: string): Todo | undefined {
    const t = this.sentTodos.get(id);
    return t && t.platform === platform ? t : undefined;
  }

  findTodoByBizId(platform: GatewayPlatform, bizTaskId: string): Todo | undefined {
    for (const t of this.sentTodos.values()) if (t.platform === platform && t.bizTaskId === bizTaskId) return t;
    return undefined;
  }

  setTodoState(todo: Todo, state: TodoState): void {
    todo.state = state;
    todo.updatedAt = new Date(this.now()).toISOString();
  }

  notices(accountId?: string): Notice[] {
    return this.sentNotices.filter((n) => accountId === undefined || n.accountId === accountId).map((n) => ({ ...n }));
  }

  todos(accountId?: string): Todo[] {
    return [...this.sentTodos.values()]
      .filter((t) => accountId === undefined || t.accountId === accountId)
      .map((t) => ({ ...t }));
  }
}

/** Title, text and link of a work-notification message, for display in the local inbox. */
export function summarizeMessage(msg: unknown): { title: string; text: string; url?: string } {
  const m = (msg ?? {}) as Record<string, Record<string, unknown> | string | undefined>;
  const type = typeof m.msgtype === 'string' ? m.msgtype : '';
  const part = (typeof m[type] === 'object' ? m[type] : {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  switch (type) {
    case 'text':
      return { title: '工作通知', text: str(part.content) ?? '' };
    case 'markdown':
      return { title: str(part.title) ?? '工作通知', text: str(part.text) ?? '' };
    case 'link':
      return { title: str(part.title) ?? '工作通知', text: str(part.text) ?? '', url: str(part.messageUrl) };
    case 'action_card':
      return { title: str(part.title) ?? '工作通知', text: str(part.markdown) ?? '', url: str(part.single_url) };
    case 'oa': {
      const head = (part.head ?? {}) as Record<string, unknown>;
      const body = (part.body ?? {}) as Record<string, unknown>;
      return { title: str(body.title) ?? str(head.text) ?? '工作通知', text: str(body.content) ?? '', url: str(part.message_url) };
    }
    default:
      return { title: '工作通知', text: JSON.stringify(msg) };
  }
}
