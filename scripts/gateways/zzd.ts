// Fake of the 浙政钉 (专有钉钉) open-platform gateway: the routes lianban uses, with the documented
// parameters, envelope and error codes. Every request must carry a valid HMAC signature (zzd-auth.ts).
//
// Envelope (documented): {"success":true,"content":{"success":true,"data":{…},"requestId":"…",
//   "responseMessage":"OK","responseCode":"0"}}; business failure: content.success=false with
//   responseCode (240111 code失效或不存在, 240133 应用accessToken失效或不存在 — documented; the others
//   below are names chosen for the fake); gateway failure (signature, timestamp…): top-level
//   {"success":false,"Code","Message","bizErrorCode","_RequestId"} — the fake answers those with 403.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { first, sendJson, type Params } from './http.js';
import { summarizeMessage, type GatewayState } from './state.js';
import { NonceBook, verifySignature } from './zzd-auth.js';

export interface ZzdFakeConfig {
  appKey: string;
  appSecret: string;
  tenantId: string;
}

export interface ZzdRequest {
  method: string;
  /** Path below the fake's base URL, e.g. /gettoken.json. */
  path: string;
  params: Params;
  headers: Record<string, string | string[] | undefined>;
}

/** Work-notification msg limit (documented: ≤2048 bytes). */
const MAX_MSG_BYTES = 2048;

/** The real gateway returns numeric ids (accountId, realmId); keep them numeric when they are. */
const asGatewayId = (id: string): string | number => (/^\d{1,15}$/.test(id) ? Number(id) : id);

export class ZzdGateway {
  private readonly nonces = new NonceBook();

  constructor(
    private readonly config: ZzdFakeConfig,
    private readonly state: GatewayState,
  ) {}

  /** Answers one request; returns the business result recorded in the request log. */
  handle(req: ZzdRequest, res: ServerResponse): string {
    const requestId = randomUUID();
    const gatewayError = (code: string, message: string, status = 403): string => {
      sendJson(res, status, { success: false, Code: code, Message: message, bizErrorCode: code, _RequestId: requestId });
      return code;
    };
    const ok = (data: unknown): string => {
      sendJson(res, 200, {
        success: true,
        content: { success: true, data, requestId, responseMessage: 'OK', responseCode: '0' },
      });
      return 'ok';
    };
    const fail = (responseCode: string, responseMessage: string): string => {
      sendJson(res, 200, { success: true, content: { success: false, requestId, responseMessage, responseCode } });
      return responseCode;
    };

    const route = ROUTES[req.path];
    if (!route) return gatewayError('ApiNotFound', `api ${req.path} does not exist`, 404);
    if (route.method !== req.method) return gatewayError('MethodNotAllowed', `${req.path} expects ${route.method}`, 405);

    const failure = verifySignature({
      method: req.method,
      path: req.path,
      params: req.params,
      headers: req.headers,
      appKey: this.config.appKey,
      appSecret: this.config.appSecret,
      now: this.state.now(),
      nonces: this.nonces,
    });
    if (failure) return gatewayError(failure.code, failure.message);

    const p = (...names: string[]) => first(req.params, ...names);
    switch (req.path) {
      case '/gettoken.json': {
        // Documented names are appkey/appsecret; some clients send appKey/appSecret, so both are read.
        const appkey = p('appkey', 'appKey');
        const appsecret = p('appsecret', 'appSecret');
        if (appkey !== this.config.appKey || appsecret !== this.config.appSecret) {
          return fail('InvalidAppKeyOrSecret', 'appkey或appsecret不正确');
        }
        const t = this.state.grantToken('zzd');
        return ok({ accessToken: t.token, expiresIn: String(Math.round((t.expiresAt - this.state.now()) / 1000)) });
      }
      case '/rpc/oauth2/dingtalk_app_user.json': {
        if (!this.state.tokenValid('zzd', p('access_token'))) return fail('240133', '应用accessToken失效或不存在');
        const code = p('auth_code');
        const user = code ? this.state.redeemCode('zzd', code) : undefined;
        if (!user) return fail('240111', 'code失效或不存在');
        return ok({
          account: `${user.accountId}@local`,
          accountId: asGatewayId(user.accountId),
          clientId: this.config.appKey,
          employeeCode: user.employeeCode,
          lastName: user.name,
          namespace: 'local',
          nickNameCn: user.name,
          realmId: asGatewayId(this.config.tenantId),
          // 扫码登录's getuserinfo_bycode documents tenantId beside realmId; the fake sends both.
          tenantId: asGatewayId(this.config.tenantId),
          realmName: '本地测试租户',
          tenantUserId: `${this.config.tenantId}$${user.accountId}`,
          openid: `openid-${user.accountId}`,
        });
      }
      case '/message/workNotification': {
        if (p('tenantId') !== this.config.tenantId) return fail('InvalidTenantId', 'tenantId不正确');
        const receivers = (p('receiverIds') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        // organizationCodes (≤20 departments) is accepted but the fake keeps no organisation tree.
        if (receivers.length === 0 && !p('organizationCodes')) return fail('MissingReceivers', 'receiverIds与organizationCodes不能同时为空');
        const rawMsg = p('msg');
        if (!rawMsg) return fail('MissingMsg', 'msg不能为空');
        if (Buffer.byteLength(rawMsg, 'utf8') > MAX_MSG_BYTES) return fail('MsgTooLong', 'msg长度超过限制');
        let msg: unknown;
        try {
          msg = JSON.parse(rawMsg);
        } catch {
          return fail('InvalidMsg', 'msg不是合法的JSON');
        }
        const bizMsgId = p('bizMsgId');
        if (bizMsgId && !this.state.claimBizMsgId(bizMsgId)) return fail('DuplicateBizMsgId', 'bizMsgId重复');
        const summary = summarizeMessage(msg);
        for (const accountId of receivers) this.state.addNotice({ platform: 'zzd', accountId, msg, bizMsgId, ...summary });
        return ok({ msgId: randomUUID() });
      }
      case '/tc/v2/openapi/task/create.json': {
        if (p('tenantId') !== this.config.tenantId) return fail('InvalidTenantId', 'tenantId不正确');
        const subject = p('subject');
        const assigneeId = p('assigneeId');
        const creatorId = p('creatorId');
        const bizTaskId = p('bizTaskId');
        const url = p('url');
        if (!subject || !assigneeId || !creatorId || !bizTaskId || !url) {
          return fail('MissingParameter', 'subject、creatorId、assigneeId、bizTaskId、url不能为空');
        }
        // Not documented: the fake treats bizTaskId as the caller's idempotency key and answers a
        // repeated create with the task it already made.
        const existing = this.state.findTodoByBizId('zzd', bizTaskId);
        const todo =
          existing ??
          this.state.addTodo({ platform: 'zzd', accountId: assigneeId, bizTaskId, subject, url, mobileUrl: p('mobileUrl'), creatorId });
        return ok({ taskUuid: todo.id, bizTaskId, packageUuid: p('packageUuid') ?? null });
      }
      case '/tc/openapi/task/finish.json':
      case '/tc/openapi/task/cancel.json': {
        const finishing = req.path.endsWith('finish.json');
        const taskUuid = p('taskUuid');
        const todo = taskUuid ? this.state.findTodo('zzd', taskUuid) : undefined;
        if (!todo) return fail('TaskNotFound', '待办不存在');
        const target = finishing ? 'done' : 'cancelled';
        if (todo.state !== 'open' && todo.state !== target) {
          return fail('TaskStateConflict', finishing ? '待办已取消，不能完成' : '待办已完成，不能取消');
        }
        this.state.setTodoState(todo, target);
        return ok(true);
      }
    }
    return gatewayError('ApiNotFound', `api ${req.path} does not exist`, 404);
  }
}

/** Paths as the 浙政钉 open-platform documentation gives them: todo create is v2, finish/cancel are v1 paths. */
const ROUTES: Record<string, { method: 'GET' | 'POST' }> = {
  '/gettoken.json': { method: 'GET' },
  '/rpc/oauth2/dingtalk_app_user.json': { method: 'POST' },
  '/message/workNotification': { method: 'POST' },
  '/tc/v2/openapi/task/create.json': { method: 'POST' },
  '/tc/openapi/task/finish.json': { method: 'POST' },
  '/tc/openapi/task/cancel.json': { method: 'POST' },
};
