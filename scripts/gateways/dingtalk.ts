// Fake of standard DingTalk's server APIs that lianban uses.
//  - old gateway (oapi.dingtalk.com): JSON `{errcode, errmsg, …}`, access_token as a query parameter.
//    gettoken, topapi/v2/user/getuserinfo (免登码 → userid, 5 min, single use), topapi/v2/user/get,
//    topapi/message/corpconversation/asyncsend_v2 (工作通知; same content to the same user is delivered
//    once per day — beyond that DingTalk still answers success but the user gets nothing).
//  - new gateway (api.dingtalk.com): header x-acs-dingtalk-access-token, errors as HTTP 4xx
//    `{code, message, requestid}`. /v1.0/oauth2/accessToken and the To-Do API
//    (/v1.0/todo/users/{unionId}/tasks …), since work notifications are documented as unsuitable for
//    task reminders ("use the Create To-Do API instead").
// Both are served below one base URL; their paths do not overlap.
// errcodes: 40078 不存在的临时授权码 is documented (DingTalk global errcode table); 40014 (access_token),
// 40089 (appkey/appsecret), 40056 (agentid), 60121 (user) are from the same public table, unverified.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { first, sendJson, type Params } from './http.js';
import { summarizeMessage, type GatewayState, type GatewayUser } from './state.js';

export interface DingTalkFakeConfig {
  appKey: string;
  appSecret: string;
  agentId: string;
}

export interface DingTalkRequest {
  method: string;
  path: string;
  query: Params;
  form?: Params;
  json?: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

const MAX_MSG_BYTES = 2048;

const dingUserId = (u: GatewayUser): string => u.dingUserId ?? u.accountId;
const unionIdOf = (u: GatewayUser): string => `union-${dingUserId(u)}`;

export class DingTalkGateway {
  private taskSeq = 1000;

  constructor(
    private readonly config: DingTalkFakeConfig,
    private readonly state: GatewayState,
  ) {}

  handle(req: DingTalkRequest, res: ServerResponse): string {
    if (req.path.startsWith('/v1.0/')) return this.handleNew(req, res);
    const requestId = randomUUID();
    const reply = (errcode: number, errmsg: string, extra: Record<string, unknown> = {}): string => {
      sendJson(res, 200, { errcode, errmsg, ...extra, request_id: requestId });
      return errcode === 0 ? 'ok' : String(errcode);
    };
    const body = (name: string): unknown => (req.json ? req.json[name] : req.form ? first(req.form, name) : undefined);
    const bodyStr = (name: string): string | undefined => {
      const v = body(name);
      return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
    };

    if (req.path === '/gettoken') {
      if (req.method !== 'GET') return reply(404, '请求的URI地址不存在');
      if (first(req.query, 'appkey') !== this.config.appKey || first(req.query, 'appsecret') !== this.config.appSecret) {
        return reply(40089, '不合法的corpid或corpsecret');
      }
      const t = this.state.grantToken('dingtalk');
      return reply(0, 'ok', { access_token: t.token, expires_in: Math.round((t.expiresAt - this.state.now()) / 1000) });
    }

    const routes = ['/topapi/v2/user/getuserinfo', '/topapi/v2/user/get', '/topapi/message/corpconversation/asyncsend_v2'];
    if (!routes.includes(req.path) || req.method !== 'POST') return reply(404, '请求的URI地址不存在');
    if (!this.state.tokenValid('dingtalk', first(req.query, 'access_token'))) return reply(40014, '不合法的access_token');

    switch (req.path) {
      case '/topapi/v2/user/getuserinfo': {
        const code = bodyStr('code');
        const user = code ? this.state.redeemCode('dingtalk', code) : undefined;
        if (!user) return reply(40078, '不存在的临时授权码');
        return reply(0, 'ok', {
          result: {
            userid: dingUserId(user),
            device_id: 'local-device',
            sys: false,
            sys_level: 0,
            associated_unionid: '',
            unionid: unionIdOf(user),
            name: user.name,
          },
        });
      }
      case '/topapi/v2/user/get': {
        const userid = bodyStr('userid');
        const user = userid ? this.state.userByDingUserId(userid) : undefined;
        if (!user) return reply(60121, '找不到该用户');
        return reply(0, 'ok', { result: { userid: dingUserId(user), unionid: unionIdOf(user), name: user.name, active: true } });
      }
      case '/topapi/message/corpconversation/asyncsend_v2': {
        if (bodyStr('agent_id') !== this.config.agentId) return reply(40056, '不合法的agentid');
        const rawMsg = body('msg');
        let msg: unknown = rawMsg;
        if (typeof rawMsg === 'string') {
          try {
            msg = JSON.parse(rawMsg);
          } catch {
            return reply(40035, '不合法的参数: msg');
          }
        }
        if (msg === null || typeof msg !== 'object') return reply(40035, '不合法的参数: msg');
        const content = JSON.stringify(msg);
        if (Buffer.byteLength(content, 'utf8') > MAX_MSG_BYTES) return reply(40035, '不合法的参数: msg超过长度限制');
        const userIds = (bodyStr('userid_list') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const toAll = body('to_all_user') === true || bodyStr('to_all_user') === 'true';
        if (userIds.length === 0 && !bodyStr('dept_id_list') && !toAll) return reply(40035, '不合法的参数: 接收者不能为空');
        const recipients = toAll ? this.state.listUsers() : userIds.map((id) => this.state.userByDingUserId(id));
        const summary = summarizeMessage(msg);
        for (const user of recipients) {
          // Unknown userids and repeated same-day content are silently not delivered, as on DingTalk.
          if (user && this.state.claimDingDelivery(user.accountId, content)) {
            this.state.addNotice({ platform: 'dingtalk', accountId: user.accountId, msg, ...summary });
          }
        }
        return reply(0, 'ok', { task_id: ++this.taskSeq });
      }
    }
    return reply(404, '请求的URI地址不存在');
  }

  /** api.dingtalk.com style: HTTP status + {code, message}. */
  private handleNew(req: DingTalkRequest, res: ServerResponse): string {
    const requestid = randomUUID();
    const error = (status: number, code: string, message: string): string => {
      sendJson(res, status, { code, message, requestid });
      return code;
    };
    const ok = (data: Record<string, unknown>): string => {
      sendJson(res, 200, data);
      return 'ok';
    };
    const json = req.json ?? {};

    if (req.path === '/v1.0/oauth2/accessToken') {
      if (req.method !== 'POST') return error(404, 'NotFound', '请求的URI地址不存在');
      if (json.appKey !== this.config.appKey || json.appSecret !== this.config.appSecret) {
        return error(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
      }
      const t = this.state.grantToken('dingtalk');
      return ok({ accessToken: t.token, expireIn: Math.round((t.expiresAt - this.state.now()) / 1000) });
    }

    const m = /^\/v1\.0\/todo\/users\/([^/]+)\/tasks(?:\/([^/]+))?$/.exec(req.path);
    if (!m) return error(404, 'NotFound', '请求的URI地址不存在');
    const tokenHeader = req.headers['x-acs-dingtalk-access-token'];
    const token = Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader;
    if (!this.state.tokenValid('dingtalk', token)) return error(401, 'InvalidAuthentication', '不合法的access_token');
    const unionId = decodeURIComponent(m[1]);
    const owner = this.userByUnionId(unionId);
    if (!owner) return error(400, 'invalidParameter.unionId', 'unionId对应的用户不存在');
    const taskId = m[2] ? decodeURIComponent(m[2]) : undefined;

    if (!taskId && req.method === 'POST') {
      const subject = typeof json.subject === 'string' ? json.subject : '';
      if (!subject) return error(400, 'invalidParameter.subject', 'subject不能为空');
      const executorIds = Array.isArray(json.executorIds) ? json.executorIds.filter((x): x is string => typeof x === 'string') : [];
      const assignee = executorIds.length > 0 ? this.userByUnionId(executorIds[0]) : owner;
      if (!assignee) return error(400, 'invalidParameter.executorIds', 'executorIds对应的用户不存在');
      const detail = (json.detailUrl ?? {}) as Record<string, unknown>;
      const sourceId = typeof json.sourceId === 'string' ? json.sourceId : undefined;
      // Not documented: the fake answers a repeated sourceId with the to-do it already made.
      const existing = sourceId ? this.state.findTodoByBizId('dingtalk', sourceId) : undefined;
      const todo =
        existing ??
        this.state.addTodo({
          platform: 'dingtalk',
          accountId: assignee.accountId,
          bizTaskId: sourceId,
          subject,
          url: typeof detail.pcUrl === 'string' ? detail.pcUrl : undefined,
          mobileUrl: typeof detail.appUrl === 'string' ? detail.appUrl : undefined,
          creatorId: unionId,
        });
      return ok({
        id: todo.id,
        subject: todo.subject,
        sourceId: todo.bizTaskId,
        creatorId: unionId,
        executorIds: [unionIdOf(assignee)],
        detailUrl: { appUrl: todo.mobileUrl, pcUrl: todo.url },
        done: todo.state === 'done',
        createdTime: Date.parse(todo.createdAt),
        modifiedTime: Date.parse(todo.updatedAt),
        requestId: requestid,
      });
    }

    const todo = taskId ? this.state.findTodo('dingtalk', taskId) : undefined;
    if (!taskId || (req.method !== 'PUT' && req.method !== 'DELETE')) return error(404, 'NotFound', '请求的URI地址不存在');
    if (!todo || todo.state === 'cancelled') return error(400, 'taskNotExist', '待办不存在');
    if (req.method === 'DELETE') {
      this.state.setTodoState(todo, 'cancelled');
      return ok({ result: true, requestId: requestid });
    }
    if (typeof json.subject === 'string' && json.subject) todo.subject = json.subject;
    if (json.done === true) this.state.setTodoState(todo, 'done');
    else if (json.done === false) this.state.setTodoState(todo, 'open');
    return ok({ result: true, requestId: requestid });
  }

  private userByUnionId(unionId: string): GatewayUser | undefined {
    return this.state.listUsers().find((u) => unionIdOf(u) === unionId);
  }
}
