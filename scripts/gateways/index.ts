// Local fakes of the 浙政钉 gateway and of DingTalk, on ONE HTTP server with path prefixes:
//   <base>/zzd/…        浙政钉 gateway (ZZD_BASE_URL = <base>/zzd)
//   <base>/dingtalk/…   DingTalk oapi + api (DINGTALK_BASE_URL = DINGTALK_API_BASE_URL = <base>/dingtalk)
//   <base>/__local/…    local-only helpers for tests and the mini-app's browser login (CORS for
//                       localhost origins): POST /__local/code {accountId, platform?} → {code};
//                       GET /__local/inbox?accountId= → {notices, todos}; GET /__local/users.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DingTalkGateway, type DingTalkFakeConfig } from './dingtalk.js';
import { paramsFromSearch, parseBody, readBody, sendJson, type Params } from './http.js';
import { GatewayState, type GatewayPlatform, type GatewayUser, type Notice, type RequestRecord, type Todo } from './state.js';
import { ZzdGateway, type ZzdFakeConfig } from './zzd.js';

export type { GatewayUser };

export interface GatewayOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  zzd: ZzdFakeConfig;
  dingtalk: DingTalkFakeConfig;
  users: GatewayUser[];
  /** Clock in ms since the epoch; tests pass their own to expire codes and tokens without sleeping. */
  now?: () => number;
}

export interface Gateways {
  url: string;
  zzdUrl: string;
  dingtalkUrl: string;
  stop(): Promise<void>;
  issueCode(platform: GatewayPlatform, accountId: string): string;
  notices(accountId?: string): Notice[];
  todos(accountId?: string): Todo[];
  setUsers(users: GatewayUser[]): void;
  /** Invalidates issued app tokens (as when an app secret is reset), to test token-retry paths. */
  revokeTokens(platform?: GatewayPlatform): void;
  /** Every request the fakes answered, oldest first (for tests: token caching, refusals). */
  requests(): RequestRecord[];
}

/** App credentials the local stack uses for both fakes (and the api function's local configuration). */
export const LOCAL_GATEWAY_DEFAULTS = {
  zzd: { appKey: 'lianban-local-zzd', appSecret: 'lianban-local-zzd-secret', tenantId: '196729' },
  dingtalk: { appKey: 'lianban-local-dingtalk', appSecret: 'lianban-local-dingtalk-secret', agentId: '1000001' },
} as const;

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !LOCAL_ORIGIN.test(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '600',
    vary: 'origin',
  };
}

export async function startGateways(options: GatewayOptions): Promise<Gateways> {
  const state = new GatewayState(options.users, options.now ?? Date.now);
  const zzd = new ZzdGateway(options.zzd, state);
  const dingtalk = new DingTalkGateway(options.dingtalk, state);

  const handleLocal = async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<string> => {
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return 'ok';
    }
    const error = (status: number, code: string, message: string): string => {
      sendJson(res, status, { code, message }, cors);
      return code;
    };
    if (path === '/code' && req.method === 'POST') {
      let body: Record<string, unknown> | undefined;
      try {
        body = parseBody(req.headers['content-type'] ?? 'application/json', await readBody(req)).json;
      } catch {
        return error(400, 'INVALID_BODY', '请求体不是合法的JSON');
      }
      const accountId = body?.accountId;
      const platform = body?.platform ?? 'zzd';
      if (typeof accountId !== 'string' || (platform !== 'zzd' && platform !== 'dingtalk')) {
        return error(400, 'INVALID_BODY', '需要 accountId，platform 只能是 zzd 或 dingtalk');
      }
      if (!state.userByAccountId(accountId)) return error(404, 'UNKNOWN_USER', '本地网关中没有该用户');
      sendJson(res, 200, { code: state.issueCode(platform, accountId) }, cors);
      return 'ok';
    }
    if (path === '/inbox' && req.method === 'GET') {
      const accountId = query.get('accountId');
      if (!accountId) return error(400, 'INVALID_QUERY', '需要 accountId');
      sendJson(res, 200, { notices: state.notices(accountId), todos: state.todos(accountId) }, cors);
      return 'ok';
    }
    if (path === '/users' && req.method === 'GET') {
      sendJson(res, 200, { users: state.listUsers() }, cors);
      return 'ok';
    }
    return error(404, 'NOT_FOUND', '没有这个本地接口');
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    const method = (req.method ?? 'GET').toUpperCase();
    const route = /^\/(zzd|dingtalk|__local)(\/.*)?$/.exec(url.pathname);
    const platform = (route?.[1] === '__local' ? 'local' : route?.[1]) as RequestRecord['platform'] | undefined;
    const path = route?.[2] ?? '/';
    const record = (result: string) =>
      state.requests.push({ platform: platform ?? 'local', method, path, status: res.statusCode, result });

    (async () => {
      if (!platform) {
        sendJson(res, 404, { code: 'NOT_FOUND', message: 'use /zzd, /dingtalk or /__local' });
        return record('NOT_FOUND');
      }
      if (platform === 'local') return record(await handleLocal(req, res, path, url.searchParams));
      let parsed: { form?: Params; json?: Record<string, unknown> };
      try {
        parsed = parseBody(req.headers['content-type'], await readBody(req));
      } catch {
        sendJson(res, 400, { code: 'InvalidBody', message: 'body could not be parsed' });
        return record('InvalidBody');
      }
      const query = paramsFromSearch(url.searchParams);
      if (platform === 'zzd') {
        // GET carries its parameters in the query, POST in the form body; both are signed.
        const params: Params = new Map([...query].map(([k, vs]) => [k, [...vs]]));
        for (const [k, vs] of parsed.form ?? []) params.set(k, [...(params.get(k) ?? []), ...vs]);
        return record(zzd.handle({ method, path, params, headers: req.headers }, res));
      }
      return record(dingtalk.handle({ method, path, query, form: parsed.form, json: parsed.json, headers: req.headers }, res));
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { code: 'InternalError', message: String(err) });
      else res.destroy();
      record('InternalError');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    url,
    zzdUrl: `${url}/zzd`,
    dingtalkUrl: `${url}/dingtalk`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    issueCode: (platform, accountId) => state.issueCode(platform, accountId),
    notices: (accountId) => state.notices(accountId),
    todos: (accountId) => state.todos(accountId),
    setUsers: (users) => state.setUsers(users),
    revokeTokens: (platform) => state.revokeTokens(platform),
    requests: () => state.requests.map((r) => ({ ...r })),
  };
}
