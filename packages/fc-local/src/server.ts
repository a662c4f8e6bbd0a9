/**
 * The local Function Compute 2.0 runner: serves the functions declared in s.yaml from their BUILT code
 * (codeUri), over the FC 2.0 API that `@alicloud/fc2` speaks, plus HTTP and timer triggers.
 *
 *   const fc = await startFcLocal({ sYaml: 's.yaml', env: process.env });
 *   new FC('1234567890', { endpoint: fc.url, accessKeyID, accessKeySecret, region }).invokeFunction(...)
 *   fetch(`${fc.url}/2016-08-15/proxy/lianban/api/health`) // or `${fc.url}/http/api/health`
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { AsyncDelivery } from './async-delivery.js';
import { apiErrors } from './errors.js';
import { HTTP_LIMITS, httpTriggerOf, serveHttpTrigger, type HttpTarget } from './http-trigger.js';
import { rawApiErrorResponse, sendApiError } from './http-util.js';
import { INVOKE_PATH, serveInvoke } from './invoke-api.js';
import type { FunctionSpec, SYamlModel, TimerTriggerSpec } from './model.js';
import { Runtime, type InvocationRecord } from './runtime.js';
import { loadSYaml } from './syaml.js';
import { TimerScheduler } from './timers.js';
import type { SYamlValidator } from './validate.js';

export const LOCAL_DEFAULTS = {
  accountId: '1234567890',
  region: 'cn-hangzhou',
  accessKeyId: 'lianban-local',
  accessKeySecret: 'lianban-local-secret',
} as const;

export interface FcLocalOptions {
  /** Path of s.yaml. */
  sYaml: string;
  /** Directory that codeUri is relative to; default the directory of s.yaml. */
  codeRoot?: string;
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  /** Values for `${env.X}` in s.yaml; default process.env. Functions get their environmentVariables. */
  env?: Record<string, string | undefined>;
  accountId?: string;
  region?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  /** A further check of s.yaml after fc-local's own (e.g. `schemaValidator(projectSchema)`). */
  validate?: SYamlValidator;
  /** Fire timer triggers on their schedule (default true). fireTimer() works either way. */
  timers?: boolean;
  /** Backoff base for async retries (ms, default 500): waits base, 2·base, 4·base, … */
  asyncRetryBaseMs?: number;
  /** Instances per function before FC-style 429 ResourceExhausted (default 8). */
  maxInstances?: number;
  /** Log lines of the functions (default: printed to stdout prefixed with the function name). */
  onLog?: (line: string, meta: { service: string; function: string; requestId: string }) => void;
}

export interface FcLocal {
  url: string;
  port: number;
  model: SYamlModel;
  /** Every delivery (sync, async attempt, timer, HTTP), in order of completion. */
  invocations: InvocationRecord[];
  /** Async events given up (retries exhausted or too old). */
  dropped: AsyncDelivery['dropped'];
  /** Deliver the next async event of this function twice (one after the other, or `concurrent`ly). */
  duplicateNext(service: string, fn: string, options?: { concurrent?: boolean }): void;
  /** Fire a timer trigger now (async, like a scheduled firing); returns the request id. */
  fireTimer(fn: string, triggerName: string): string;
  /** Resolves when no async event is pending (including retries waiting for their backoff). */
  whenIdle(): Promise<void>;
  /** Polls the invocation log until `predicate` holds for some record (default timeout 30 s). */
  waitForInvocation(predicate: (r: InvocationRecord) => boolean, timeoutMs?: number): Promise<InvocationRecord>;
  /** Live instances of a function. */
  instanceCount(service: string, fn: string): number;
  stop(): Promise<void>;
}

interface Route {
  kind: 'invoke' | 'http';
  run(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** What Node's parser takes of a request line plus headers; beyond it `clientError` answers (see there). */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * A request Node's parser refuses never reaches a route, so it is answered here, in the same JSON error
 * shape as every other runner error (instead of Node's bare `431` / `400`): a request line and headers
 * over MAX_HEADER_BYTES break FC's limits (path and query 4 KB, headers 8 KB) → 400 InvalidArgument, as
 * the HTTP trigger answers within them; a malformed request → 400 InvalidArgument; a timeout → 408.
 */
function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const error =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? apiErrors.invalidArgument(
          `request line and headers exceed ${MAX_HEADER_BYTES} bytes (limits: path and query ${HTTP_LIMITS.pathAndQueryBytes} bytes, ` +
            `request headers ${HTTP_LIMITS.requestHeaderBytes} bytes)`,
        )
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? apiErrors.requestTimeout()
        : apiErrors.invalidArgument(`malformed HTTP request (${err.code ?? err.message})`);
  socket.end(rawApiErrorResponse(error, randomUUID()));
}

const PROXY_PATH = /^\/2016-08-15\/proxy\/([^/]+)\/([^/?]+)(\/[^?]*)?$/;
const CONVENIENCE_PATH = /^\/http\/([^/?]+)(\/[^?]*)?$/;

export async function startFcLocal(options: FcLocalOptions): Promise<FcLocal> {
  const accountId = options.accountId ?? LOCAL_DEFAULTS.accountId;
  const region = options.region ?? LOCAL_DEFAULTS.region;
  const accessKeyId = options.accessKeyId ?? LOCAL_DEFAULTS.accessKeyId;
  const accessKeySecret = options.accessKeySecret ?? LOCAL_DEFAULTS.accessKeySecret;
  const env = options.env ?? process.env;
  const sYamlPath = path.resolve(options.sYaml);
  const model = loadSYaml(sYamlPath, { env, accountId, config: { AccessKeyID: accessKeyId, Region: region }, validate: options.validate });
  const codeRoot = path.resolve(options.codeRoot ?? path.dirname(sYamlPath));
  const onLog =
    options.onLog ?? ((line: string, meta: { function: string }) => process.stdout.write(`[fc:${meta.function}] ${line}\n`));

  const runtime = new Runtime(model.functions, {
    codeRoot,
    accountId,
    region,
    credentials: { accessKeyId, accessKeySecret, securityToken: '' },
    baseEnv: {},
    maxInstances: options.maxInstances ?? 8,
    onLog,
  });
  const delivery = new AsyncDelivery(runtime, options.asyncRetryBaseMs ?? 500);
  const scheduler = new TimerScheduler(model.functions, delivery);

  const byName = (name: string): FunctionSpec | undefined => model.functions.find((f) => f.name === name && httpTriggerOf(f));

  function route(req: IncomingMessage): Route | { error: ReturnType<(typeof apiErrors)[keyof typeof apiErrors]> } {
    const pathname = (req.url ?? '/').split('?')[0];
    const invoke = INVOKE_PATH.exec(pathname);
    if (invoke) {
      if (req.method !== 'POST') return { error: apiErrors.notFound(`${req.method} ${pathname}`) };
      return { kind: 'invoke', run: (q, s) => serveInvoke(q, s, invoke, { runtime, delivery, accessKeyId, accessKeySecret }) };
    }
    let target: HttpTarget | null = null;
    const proxy = PROXY_PATH.exec(pathname);
    const convenience = CONVENIENCE_PATH.exec(pathname);
    if (proxy) {
      const [service, fnName] = [decodeURIComponent(proxy[1]), decodeURIComponent(proxy[2])];
      if (!runtime.hasService(service)) return { error: apiErrors.serviceNotFound(service) };
      const fn = runtime.find(service, fnName);
      if (!fn) return { error: apiErrors.functionNotFound(service, fnName) };
      const trigger = httpTriggerOf(fn);
      if (!trigger) return { error: apiErrors.triggerNotFound(fnName) };
      target = { fn, trigger, subpath: proxy[3] || '/' };
    } else if (convenience) {
      const fn = byName(decodeURIComponent(convenience[1]));
      if (!fn) return { error: apiErrors.triggerNotFound(convenience[1]) };
      target = { fn, trigger: httpTriggerOf(fn)!, subpath: convenience[2] || '/' };
    }
    if (!target) return { error: apiErrors.notFound(pathname) };
    const t = target;
    return { kind: 'http', run: (q, s) => serveHttpTrigger(q, s, t, { runtime, accessKeyId, accessKeySecret }) };
  }

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const r = route(req);
    if ('error' in r) {
      req.resume();
      sendApiError(res, r.error, '');
      return;
    }
    r.run(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendApiError(res, apiErrors.internal((e as Error).message), '');
      else res.destroy();
    });
  });
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (options.timers !== false) scheduler.start();

  const findTimer = (fnName: string, triggerName: string): { fn: FunctionSpec; trigger: TimerTriggerSpec } => {
    for (const fn of model.functions.filter((f) => f.name === fnName)) {
      const trigger = fn.triggers.find((t): t is TimerTriggerSpec => t.type === 'timer' && t.name === triggerName);
      if (trigger) return { fn, trigger };
    }
    throw new Error(`no timer trigger "${triggerName}" on function "${fnName}"`);
  };

  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    model,
    invocations: runtime.invocations,
    dropped: delivery.dropped,
    duplicateNext: (service, fn, options) => {
      if (!runtime.find(service, fn)) throw new Error(`no function ${service}/${fn}`);
      delivery.duplicateNext(service, fn, options);
    },
    fireTimer: (fnName, triggerName) => {
      const { fn, trigger } = findTimer(fnName, triggerName);
      return scheduler.fire(fn, trigger);
    },
    whenIdle: () => delivery.whenIdle(),
    waitForInvocation: (predicate, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const poll = () => {
          const hit = runtime.invocations.find(predicate);
          if (hit) return resolve(hit);
          if (Date.now() > deadline || stopped) return reject(new Error('waitForInvocation: no matching invocation'));
          setTimeout(poll, 20);
        };
        poll();
      }),
    instanceCount: (service, fnName) => {
      const fn = runtime.find(service, fnName);
      return fn ? runtime.instanceCount(fn) : 0;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      delivery.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.stop();
    },
  };
}
