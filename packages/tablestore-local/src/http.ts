/**
 * The HTTP server: POST /<ApiName> with a protobuf body → authentication → the API's handler → a
 * protobuf response, sent once the storage has committed the request's group (see storage.ts).
 *
 * Local admin routes (unsigned, for tests and benchmarks in other processes):
 *   GET  /__local/counters        capacity-unit counters as JSON
 *   POST /__local/counters/reset  zeroes them
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { routes } from './api.js';
import type { Credentials } from './auth.js';
import { md5Base64, signResponse, verifyRequest } from './auth.js';
import type { Context } from './context.js';
import { OtsError, errors } from './errors.js';
import { LIMITS } from './limits.js';
import { encode, messages } from './proto.js';

const REQUEST_ID_PREFIX = `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-`;
let requestSeq = 0;
const CONTENT_TYPE = 'protocol buffer';

function requestId(): string {
  requestSeq = (requestSeq + 1) % 0x1000000000000;
  return REQUEST_ID_PREFIX + requestSeq.toString(16).padStart(12, '0');
}

let dateMs = 0;
let dateText = '';

/** The current time as x-ots-date text, formatted at most once per millisecond. */
function now(): string {
  const ms = Date.now();
  if (ms !== dateMs) {
    dateMs = ms;
    dateText = new Date(ms).toISOString();
  }
  return dateText;
}

function send(res: http.ServerResponse, creds: Credentials, path: string, status: number, body: Buffer): void {
  const md5 = md5Base64(body);
  const date = now();
  const id = requestId();
  const authorization = signResponse(creds, path, {
    'x-ots-contentmd5': md5,
    'x-ots-contenttype': CONTENT_TYPE,
    'x-ots-date': date,
    'x-ots-requestid': id,
  });
  res.writeHead(status, [
    'x-ots-contentmd5', md5,
    'x-ots-contenttype', CONTENT_TYPE,
    'x-ots-date', date,
    'x-ots-requestid', id,
    'authorization', authorization,
    'content-type', 'application/x-protobuf',
    'content-length', String(body.length),
  ]);
  res.end(body);
}

function sendError(res: http.ServerResponse, creds: Credentials, path: string, error: OtsError): void {
  send(res, creds, path, error.status, encode(messages.Error, { code: error.code, message: error.message }));
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

function handleAdmin(ctx: Context, req: http.IncomingMessage, res: http.ServerResponse, path: string): boolean {
  if (path === '/__local/counters' && req.method === 'GET') {
    sendJson(res, 200, ctx.counters.snapshot());
    return true;
  }
  if (path === '/__local/counters/reset' && req.method === 'POST') {
    ctx.counters.reset();
    sendJson(res, 200, { reset: true });
    return true;
  }
  return false;
}

/** APIs that only read: a turn of these alone runs without a write transaction. */
const READ_ONLY = new Set(['/GetRow', '/GetRange', '/BatchGetRow', '/ListTable', '/DescribeTable']);

function handleApi(
  ctx: Context, creds: Credentials, req: http.IncomingMessage, res: http.ServerResponse, path: string, body: Buffer, tooLarge: boolean,
): void {
  let status = 200;
  let out: Buffer = EMPTY;
  const work = (): void => {
    try {
      if (req.method !== 'POST') throw errors.methodNotAllowed();
      if (tooLarge) throw errors.requestBodyTooLarge();
      verifyRequest(creds, path, req.headers, body, Date.now());
      const handler = routes.get(path);
      if (!handler) throw errors.unsupportedOperation(path.slice(1));
      out = handler(ctx, body);
    } catch (error) {
      let e: OtsError;
      if (error instanceof OtsError) e = error;
      else {
        console.error(`tablestore-local: ${path} failed:`, error);
        e = errors.internal();
      }
      status = e.status;
      out = encode(messages.Error, { code: e.code, message: e.message });
    }
  };
  ctx.storage.submit(work, !READ_ONLY.has(path), (commitError) => {
    if (commitError) {
      console.error('tablestore-local: commit failed:', commitError);
      sendError(res, creds, path, errors.internal());
    } else {
      send(res, creds, path, status, out);
    }
  });
}

const EMPTY = Buffer.alloc(0);

function ignore(): void {}

export function createServer(ctx: Context, creds: Credentials): http.Server {
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    if (path.startsWith('/__local/') && handleAdmin(ctx, req, res, path)) {
      req.resume();
      return;
    }
    // A client that goes away mid-request gets no answer; its socket errors must not end the server.
    req.on('error', ignore);
    res.on('error', ignore);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= LIMITS.requestBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      const tooLarge = size > LIMITS.requestBytes;
      const body = tooLarge ? Buffer.alloc(0) : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      handleApi(ctx, creds, req, res, path, body, tooLarge);
    });
  });
  // The SDK's keep-alive agent drops idle sockets after 5 s; keep ours open longer so that a request is
  // never written to a socket the server is closing (writes are not retried by the SDK).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
