// The Function Compute 2.0 HTTP-trigger boundary, in the style of Hono's runtime adapters: turns FC's
// `handler(req, resp, context)` into a web `Request`, runs a `fetch(request, env)` function, and writes
// the web `Response` back through `resp.setStatusCode / setHeader / send`. Nothing else in lianban
// knows about FC's HTTP objects.
//
// FC 2.0 facts applied: `req.headers` (object), `req.path` (the path after the trigger prefix),
// `req.queries` (value string or string[]), `req.method`, `req.clientIP`; the body is `req.body`
// (Buffer) on newer runtimes, or `req` itself is a readable stream on older ones — both are handled.
// FC refuses these response headers: connection, content-length, date, keep-alive, server, upgrade,
// x-fc-* — they are not set. `resp.send()` must be called exactly once.
import type { Readable } from 'node:stream';

export interface FcHttpRequest {
  headers: Record<string, string | string[] | undefined>;
  path: string;
  queries?: Record<string, string | string[] | undefined>;
  method: string;
  clientIP?: string;
  url?: string;
  body?: Buffer | string;
}

export interface FcHttpResponse {
  setStatusCode(status: number): void;
  setHeader(name: string, value: string | string[]): void;
  deleteHeader?(name: string): void;
  send(body: Buffer | string): void;
}

interface FcLogger {
  info(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** The parts of FC's `context` the adapter passes on. */
export interface FcContext {
  requestId?: string;
  logger?: FcLogger;
  [key: string]: unknown;
}

/** What the fetch function receives as its second argument (Hono: `c.env`). */
export interface FcBindings {
  fcContext: FcContext;
  clientIP: string;
  requestId: string;
}

export type FetchFunction = (request: Request, env: FcBindings) => Response | Promise<Response>;
export type FcHttpHandler = (req: FcHttpRequest, resp: FcHttpResponse, context: FcContext) => Promise<void>;

const FORBIDDEN_RESPONSE_HEADERS = new Set(['connection', 'content-length', 'date', 'keep-alive', 'server', 'upgrade', 'transfer-encoding']);

function isReadable(value: unknown): value is Readable {
  return typeof value === 'object' && value !== null && typeof (value as Readable)[Symbol.asyncIterator] === 'function';
}

async function bodyOf(req: FcHttpRequest): Promise<Buffer> {
  if (Buffer.isBuffer(req.body)) return req.body;
  if (typeof req.body === 'string') return Buffer.from(req.body, 'utf8');
  if (isReadable(req)) {
    const chunks: Buffer[] = [];
    for await (const chunk of req as Readable) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return Buffer.concat(chunks);
  }
  return Buffer.alloc(0);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Builds the web Request FC's req describes. */
async function toRequest(req: FcHttpRequest): Promise<Request> {
  const method = (req.method || 'GET').toUpperCase();
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const host = first(req.headers?.host) ?? 'localhost';
  const proto = first(req.headers?.['x-forwarded-proto'])?.split(',')[0].trim() === 'https' ? 'https' : 'http';
  const url = new URL(`${proto}://${host}`);
  url.pathname = req.path || '/';
  for (const [name, value] of Object.entries(req.queries ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? await bodyOf(req) : undefined;
  return new Request(url, { method, headers, body: body && body.length > 0 ? new Uint8Array(body) : undefined });
}

/** Writes a web Response through FC's resp, leaving out the headers FC refuses. */
async function writeResponse(response: Response, resp: FcHttpResponse): Promise<void> {
  resp.setStatusCode(response.status);
  response.headers.forEach((value, name) => {
    const key = name.toLowerCase();
    if (key === 'set-cookie' || FORBIDDEN_RESPONSE_HEADERS.has(key) || key.startsWith('x-fc-')) return;
    resp.setHeader(key, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) resp.setHeader('set-cookie', cookies);
  resp.send(Buffer.from(await response.arrayBuffer()));
}

/** `export const handler = fcHttpHandler(app.fetch)`. A throwing fetch function becomes a bare 500. */
export function fcHttpHandler(fetchFn: FetchFunction): FcHttpHandler {
  return async (req, resp, context) => {
    const requestId = context?.requestId ?? '';
    try {
      const request = await toRequest(req);
      const response = await fetchFn(request, { fcContext: context ?? {}, clientIP: req.clientIP ?? '', requestId });
      await writeResponse(response, resp);
    } catch (err) {
      // Only the error's name reaches the log: messages may carry request data.
      context?.logger?.error(`fc http adapter failed: ${err instanceof Error ? err.name : typeof err}`);
      resp.setStatusCode(500);
      resp.setHeader('content-type', 'application/json; charset=utf-8');
      resp.send(JSON.stringify({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试', requestId }));
    }
  };
}
