/**
 * FC 2.0 InvokeFunction: `POST /2016-08-15/services/{service}[.{qualifier}]/functions/{function}/invocations`,
 * as `@alicloud/fc2` `invokeFunction` calls it.
 *
 * - The request must be signed with the runner's access key (see signature.ts) → else 403 SignatureNotMatch.
 * - Sync: 200 with the function's result as the body (application/octet-stream) and `x-fc-request-id`;
 *   `x-fc-log-type: Tail` adds `x-fc-log-result` (base64 of the last 4 KB of the invocation's log).
 * - A function error is still 200, with `x-fc-error-type: HandledInvocationError | UnhandledInvocationError`
 *   and the JSON `{"errorMessage","errorType","stackTrace"}` (so the SDK returns it as data, not a throw).
 * - `x-fc-invocation-type: Async` → 202 with an empty body; the event is then delivered by AsyncDelivery.
 * - Payload limits: 32 MB sync, 128 KB async → 400 InvalidArgument.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AsyncDelivery } from './async-delivery.js';
import { apiErrors } from './errors.js';
import { httpTriggerOf } from './http-trigger.js';
import { MB, decodePath, readBody, sendApiError } from './http-util.js';
import type { Runtime } from './runtime.js';
import { verifyRequest } from './signature.js';

export const INVOKE_PATH = /^\/2016-08-15\/services\/([^/]+)\/functions\/([^/]+)\/invocations\/?$/;

const INVOKE_LIMITS = { syncBytes: 32 * MB, asyncBytes: 128 * 1024, logTailBytes: 4096 } as const;

export interface InvokeApiDeps {
  runtime: Runtime;
  delivery: AsyncDelivery;
  accessKeyId: string;
  accessKeySecret: string;
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export async function serveInvoke(req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, deps: InvokeApiDeps): Promise<void> {
  const requestId = randomUUID();
  const { body, tooLarge } = await readBody(req, INVOKE_LIMITS.syncBytes);
  const url = new URL(req.url ?? '/', 'http://localhost');
  const authError = verifyRequest({
    method: req.method ?? 'POST',
    path: decodePath(url.pathname),
    headers: req.headers,
    queries: null,
    body,
    accessKeyId: deps.accessKeyId,
    accessKeySecret: deps.accessKeySecret,
  });
  if (tooLarge) return sendApiError(res, apiErrors.invalidArgument(`payload exceeds ${INVOKE_LIMITS.syncBytes} bytes`), requestId);
  if (authError) return sendApiError(res, authError, requestId);

  const [serviceName, qualifier = 'LATEST'] = decodePath(match[1]).split('.', 2);
  const fnName = decodePath(match[2]);
  if (!deps.runtime.hasService(serviceName)) return sendApiError(res, apiErrors.serviceNotFound(serviceName), requestId);
  if (qualifier !== 'LATEST') return sendApiError(res, apiErrors.qualifierNotFound(serviceName, qualifier), requestId);
  const fn = deps.runtime.find(serviceName, fnName);
  if (!fn) return sendApiError(res, apiErrors.functionNotFound(serviceName, fnName), requestId);
  if (httpTriggerOf(fn)) {
    // Its handler takes (req, resp, context); FC serves it through the HTTP trigger only.
    return sendApiError(res, apiErrors.invalidArgument(`function '${fn.name}' has an HTTP trigger; call it over HTTP`), requestId);
  }

  if (header(req, 'x-fc-invocation-type').toLowerCase() === 'async') {
    if (body.length > INVOKE_LIMITS.asyncBytes) {
      return sendApiError(res, apiErrors.invalidArgument(`async payload exceeds ${INVOKE_LIMITS.asyncBytes} bytes`), requestId);
    }
    deps.delivery.enqueue({ fn, requestId, payload: body, source: 'async', qualifier });
    res.writeHead(202, { 'x-fc-request-id': requestId, 'content-length': 0 });
    res.end();
    return;
  }

  const outcome = await deps.runtime.run(fn, { kind: 'event', event: body }, { requestId, source: 'sync', attempt: 1, duplicate: false, qualifier });
  if (outcome.kind === 'busy') return sendApiError(res, apiErrors.resourceExhausted(fn.name), requestId);
  const headers: Record<string, string | number> = { 'x-fc-request-id': requestId, 'x-fc-instance-id': outcome.instanceId };
  if (header(req, 'x-fc-log-type').toLowerCase() === 'tail') {
    const log = Buffer.from(outcome.logs.map((l) => `${l}\n`).join(''), 'utf8');
    headers['x-fc-log-result'] = log.subarray(Math.max(0, log.length - INVOKE_LIMITS.logTailBytes)).toString('base64');
  }
  const { result } = outcome;
  let payload: Buffer;
  if (result.ok) {
    payload = Buffer.from(result.kind === 'http' ? new Uint8Array(0) : result.body);
    headers['content-type'] = 'application/octet-stream';
  } else {
    payload = Buffer.from(JSON.stringify(result.error), 'utf8');
    headers['content-type'] = 'application/json; charset=utf-8';
    headers['x-fc-error-type'] = result.handled ? 'HandledInvocationError' : 'UnhandledInvocationError';
  }
  headers['content-length'] = payload.length;
  res.writeHead(200, headers);
  res.end(payload);
}
