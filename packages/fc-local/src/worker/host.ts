/**
 * Runs inside one worker thread = one FC function instance. Loads the function's built module once (module
 * state lives as long as the instance), then serves invoke messages: event handler, HTTP handler,
 * initializer. Console output and context.logger lines are tagged with the current request id and sent to
 * the runner, which prints them and keeps them for `x-fc-log-type: Tail`.
 *
 * This file is bundled by esbuild at runner start and evaluated as the worker's script (see instance.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import type { FcContext, FcHttpRequest, FcHttpResponse, FcLogger } from '../contract.js';
import type { ErrorPayload, FromWorker, InvokeResult, ToWorker, WireContext, WireHttpRequest, WorkerData } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('fc-local worker host must run in a worker thread');
const data = workerData as WorkerData;
const currentRequest = new AsyncLocalStorage<string>();

function post(message: FromWorker): void {
  port!.postMessage(message);
}

function emitLog(level: string, args: unknown[], requestId = currentRequest.getStore() ?? ''): void {
  post({ type: 'log', requestId, line: `${new Date().toISOString()} ${requestId} [${level}] ${format(...args)}` });
}

// FC's Node.js runtime: console.log → [verbose], console.info → [INFO], …
console.log = (...args: unknown[]) => emitLog('verbose', args);
console.info = (...args: unknown[]) => emitLog('INFO', args);
console.warn = (...args: unknown[]) => emitLog('WARN', args);
console.error = (...args: unknown[]) => emitLog('ERROR', args);
console.debug = (...args: unknown[]) => emitLog('DEBUG', args);

function makeLogger(requestId: string): FcLogger {
  return {
    debug: (...a: unknown[]) => emitLog('DEBUG', a, requestId),
    info: (...a: unknown[]) => emitLog('INFO', a, requestId),
    warn: (...a: unknown[]) => emitLog('WARN', a, requestId),
    error: (...a: unknown[]) => emitLog('ERROR', a, requestId),
    log: (...a: unknown[]) => emitLog('verbose', a, requestId),
  };
}

export function toErrorPayload(e: unknown): ErrorPayload {
  if (typeof e === 'object' && e !== null && 'message' in e) {
    const err = e as { message: unknown; name?: unknown; stack?: unknown };
    return {
      errorMessage: String(err.message),
      errorType: typeof err.name === 'string' ? err.name : 'Error',
      stackTrace:
        typeof err.stack === 'string'
          ? err.stack.split('\n').filter((l) => !l.includes('[worker eval]') && !l.includes('node:async_hooks'))
          : [],
    };
  }
  if (typeof e === 'string') return { errorMessage: e };
  let text: string;
  try {
    text = JSON.stringify(e) ?? String(e);
  } catch {
    text = String(e);
  }
  return { errorMessage: text };
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown; handled: boolean };

/**
 * Calls an FC-style function that either returns (a promise of) its result or calls `callback(err, result)`.
 * `callback(err)` is a handled error; a throw or a rejected promise is unhandled. An async function that
 * takes the callback parameter and resolves to undefined is waited for until it calls the callback.
 */
function callFc(fn: (...args: unknown[]) => unknown, args: unknown[]): Promise<Settled> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (s: Settled) => {
      if (!settled) {
        settled = true;
        resolve(s);
      }
    };
    const callback = (error?: unknown, result?: unknown) =>
      error !== null && error !== undefined ? settle({ ok: false, error, handled: true }) : settle({ ok: true, value: result });
    let returned: unknown;
    try {
      returned = fn(...args, callback);
    } catch (error) {
      settle({ ok: false, error, handled: false });
      return;
    }
    if (returned && typeof (returned as PromiseLike<unknown>).then === 'function') {
      (returned as PromiseLike<unknown>).then(
        (value) => {
          if (value === undefined && fn.length > args.length) return; // callback style inside an async function
          settle({ ok: true, value });
        },
        (error: unknown) => settle({ ok: false, error, handled: false }),
      );
    }
  });
}

function resultBytes(value: unknown): Uint8Array {
  if (value === undefined || value === null) return new Uint8Array(0);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return Buffer.from(JSON.stringify(value), 'utf8');
}

let moduleExports: Record<string, unknown> = {};

async function loadModule(): Promise<ErrorPayload | null> {
  try {
    const requireFn = createRequire(data.modulePath);
    try {
      moduleExports = requireFn(data.modulePath) as Record<string, unknown>;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_REQUIRE_ESM') throw e;
      moduleExports = (await import(pathToFileURL(data.modulePath).href)) as Record<string, unknown>;
    }
    return null;
  } catch (e) {
    return toErrorPayload(e);
  }
}

function exported(name: string): ((...args: unknown[]) => unknown) | ErrorPayload {
  const fn = moduleExports[name];
  if (typeof fn === 'function') return fn as (...args: unknown[]) => unknown;
  return { errorMessage: `Handler '${name}' is missing on module '${data.moduleName}'`, errorType: 'Error' };
}

function withLogger(context: WireContext): FcContext {
  return { ...context, logger: makeLogger(context.requestId) };
}

function failure(s: Extract<Settled, { ok: false }>): InvokeResult {
  return { ok: false, handled: s.handled, error: toErrorPayload(s.error) };
}

async function runEvent(fn: (...a: unknown[]) => unknown, event: Uint8Array, context: WireContext, kind: 'event' | 'initialize'): Promise<InvokeResult> {
  const args = kind === 'event' ? [Buffer.from(event), withLogger(context)] : [withLogger(context)];
  const s = await callFc(fn, args);
  return s.ok ? { ok: true, kind, body: kind === 'event' ? resultBytes(s.value) : new Uint8Array(0) } : failure(s);
}

function collect(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function makeRequest(wire: WireHttpRequest): FcHttpRequest {
  const body = Buffer.from(wire.body);
  const stream = new Readable({ read() {} });
  if (body.length) stream.push(body);
  stream.push(null);
  return Object.assign(stream, {
    headers: wire.headers,
    path: wire.path,
    queries: wire.queries,
    method: wire.method,
    clientIP: wire.clientIP,
    url: wire.url,
    body,
  });
}

function runHttp(fn: (...a: unknown[]) => unknown, wire: WireHttpRequest, context: WireContext): Promise<InvokeResult> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: InvokeResult) => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    let status = 200;
    const headers = new Map<string, Array<[string, string]>>();
    const resp: FcHttpResponse = {
      setStatusCode(code: number) {
        if (!Number.isInteger(code) || code < 100 || code > 599) throw new TypeError(`invalid status code ${String(code)}`);
        status = code;
      },
      setHeader(name: string, value: string | string[]) {
        const values = Array.isArray(value) ? value.map(String) : [String(value)];
        headers.set(name.toLowerCase(), values.map((v) => [name, v]));
      },
      deleteHeader(name: string) {
        headers.delete(name.toLowerCase());
      },
      send(body: Buffer | string | Readable) {
        const flat = () => [...headers.values()].flat();
        if (body instanceof Readable) {
          collect(body).then(
            (bytes) => finish({ ok: true, kind: 'http', status, headers: flat(), body: bytes }),
            (error: unknown) => finish({ ok: false, handled: false, error: toErrorPayload(error) }),
          );
        } else {
          finish({ ok: true, kind: 'http', status, headers: flat(), body: resultBytes(body) });
        }
      },
    };
    callFc(fn, [makeRequest(wire), resp, withLogger(context)]).then((s) => {
      if (!s.ok) finish(failure(s));
      // A handler that returns without resp.send() keeps the request open until the function times out, as on FC.
    });
  });
}

async function handle(message: ToWorker): Promise<InvokeResult> {
  const fn = exported(message.exportName);
  if (typeof fn !== 'function') return { ok: false, handled: false, error: fn };
  switch (message.kind) {
    case 'event':
      return runEvent(fn, message.event, message.context, 'event');
    case 'initialize':
      return runEvent(fn, new Uint8Array(0), message.context, 'initialize');
    case 'http':
      return runHttp(fn, message.request, message.context);
  }
}

const loaded = loadModule().then((error) => {
  post({ type: 'loaded', error });
  return error;
});

port.on('message', (message: ToWorker) => {
  void loaded.then(async (loadError) => {
    const result: InvokeResult = loadError
      ? { ok: false, handled: false, error: loadError }
      : await currentRequest.run(message.context.requestId, () => handle(message));
    post({ type: 'done', id: message.id, result });
  });
});
