/**
 * HTTP triggers, FC 2.0 contract `handler(req, resp, context)`.
 *
 * Served at `/2016-08-15/proxy/<service>/<function>/<subpath>` (FC 2.0's trigger URL) and, for convenience,
 * `/http/<function>/<subpath>`. The function sees `req.path = '/<subpath>'` (the part after the function
 * name, `/` when empty) and `req.url` = the request target as received.
 *
 * FC's rules applied here: request headers `connection`, `keep-alive` (and other hop-by-hop headers) and
 * `x-fc-*` are not passed on; response headers `connection, content-length, date, keep-alive, server,
 * upgrade, x-fc-*` set by the function are ignored; request headers > 8 KB, path+query > 4 KB or a body
 * > 32 MB → 400 InvalidArgument (a request line and headers over 64 KB, which never reach this handler,
 * get the same answer from server.ts); response headers > 8 KB → 502 BadResponse; a function error → 502
 * with FC's error JSON and `x-fc-error-type`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiErrors } from './errors.js';
import {
  MB,
  clientIp,
  decodePath,
  headerBytes,
  parseQueries,
  rawHeaderPairs,
  readBody,
  sendApiError,
} from './http-util.js';
import type { FunctionSpec, HttpTriggerSpec } from './model.js';
import type { Runtime } from './runtime.js';
import { verifyRequest } from './signature.js';

export const HTTP_LIMITS = {
  requestHeaderBytes: 8 * 1024,
  pathAndQueryBytes: 4 * 1024,
  bodyBytes: 32 * MB,
  responseHeaderBytes: 8 * 1024,
} as const;

const DROPPED_REQUEST_HEADERS = new Set(['connection', 'keep-alive', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding']);
const IGNORED_RESPONSE_HEADERS = new Set(['connection', 'content-length', 'date', 'keep-alive', 'server', 'upgrade', 'transfer-encoding']);

export interface HttpTarget {
  fn: FunctionSpec;
  trigger: HttpTriggerSpec;
  /** Path the function sees, starting with '/'. */
  subpath: string;
}

export interface HttpTriggerDeps {
  runtime: Runtime;
  accessKeyId: string;
  accessKeySecret: string;
}

export function httpTriggerOf(fn: FunctionSpec): HttpTriggerSpec | undefined {
  return fn.triggers.find((t): t is HttpTriggerSpec => t.type === 'http');
}

function functionHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || DROPPED_REQUEST_HEADERS.has(k) || k.startsWith('x-fc-')) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export async function serveHttpTrigger(req: IncomingMessage, res: ServerResponse, target: HttpTarget, deps: HttpTriggerDeps): Promise<void> {
  const requestId = randomUUID();
  const { fn, trigger } = target;
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const { body, tooLarge } = await readBody(req, HTTP_LIMITS.bodyBytes);

  if (headerBytes(rawHeaderPairs(req)) > HTTP_LIMITS.requestHeaderBytes) {
    return sendApiError(res, apiErrors.invalidArgument(`request headers exceed ${HTTP_LIMITS.requestHeaderBytes} bytes`), requestId);
  }
  if (Buffer.byteLength(req.url ?? '') > HTTP_LIMITS.pathAndQueryBytes) {
    return sendApiError(res, apiErrors.invalidArgument(`path and query exceed ${HTTP_LIMITS.pathAndQueryBytes} bytes`), requestId);
  }
  if (tooLarge) {
    return sendApiError(res, apiErrors.invalidArgument(`request body exceeds ${HTTP_LIMITS.bodyBytes} bytes`), requestId);
  }
  if (!trigger.methods.includes(method)) return sendApiError(res, apiErrors.methodNotAllowed(method, fn.name), requestId);
  const queries = parseQueries(url.search);
  if (trigger.authType === 'function') {
    const error = verifyRequest({
      method,
      path: decodePath(url.pathname),
      headers: req.headers,
      queries,
      body,
      accessKeyId: deps.accessKeyId,
      accessKeySecret: deps.accessKeySecret,
    });
    if (error) return sendApiError(res, error, requestId);
  }

  const outcome = await deps.runtime.run(
    fn,
    {
      kind: 'http',
      request: {
        method,
        path: target.subpath,
        url: req.url ?? '/',
        headers: functionHeaders(req),
        queries,
        clientIP: clientIp(req),
        body,
      },
    },
    { requestId, source: 'http', attempt: 1, duplicate: false },
  );
  if (outcome.kind === 'busy') return sendApiError(res, apiErrors.resourceExhausted(fn.name), requestId);
  const { result } = outcome;
  if (!result.ok) {
    const json = JSON.stringify(result.error);
    res.writeHead(502, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
      'x-fc-request-id': requestId,
      'x-fc-error-type': result.handled ? 'HandledInvocationError' : 'UnhandledInvocationError',
    });
    res.end(json);
    return;
  }
  if (result.kind !== 'http') return sendApiError(res, apiErrors.internal('unexpected result kind'), requestId);
  const headers = result.headers.filter(([k]) => {
    const key = k.toLowerCase();
    return !IGNORED_RESPONSE_HEADERS.has(key) && !key.startsWith('x-fc-');
  });
  if (headerBytes(headers) > HTTP_LIMITS.responseHeaderBytes) {
    return sendApiError(res, apiErrors.badResponse(`response headers exceed ${HTTP_LIMITS.responseHeaderBytes} bytes`), requestId);
  }
  const responseBody = Buffer.from(result.body);
  const rawHeaders: string[] = [];
  for (const [k, v] of headers) rawHeaders.push(k, v);
  rawHeaders.push('x-fc-request-id', requestId, 'content-length', String(responseBody.length));
  res.writeHead(result.status, rawHeaders);
  res.end(method === 'HEAD' ? undefined : responseBody);
}
