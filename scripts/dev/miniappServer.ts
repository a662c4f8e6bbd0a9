// Serves the built mini-app (dist/miniapp) on ONE origin with everything the browser talks to:
//   GET /, /index.html   index.html with `window.LIANBAN_CONFIG = { apiBase: '', gatewayUrl: <this origin> }`
//   GET /progress.html   办件进度查询 (the receipt's QR code; no login), with the same configuration
//   /api/*               proxied to the api function's HTTP trigger on the FC runner
//                        (<fc>/2016-08-15/proxy/<service>/<function>/api/…, path and query kept)
//   /__local/*           proxied to the gateway fakes' local helpers (demo login codes, inbox, users)
//   anything else        a file of the build (no directory listing, nothing outside the build)
// One origin instead of CORS: the page, the API and the demo login share cookies-free same-origin fetches,
// and only this server needs to be reachable (e.g. from a phone on the LAN with --host 0.0.0.0).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { injectConfig } from '../build/miniapp.js';
import { describeListenError } from './ports.js';

export interface MiniappServerOptions {
  /** The built mini-app: dist/miniapp. */
  dir: string;
  /** Base URL the `/api/*` paths are appended to: the api function's HTTP trigger. */
  apiUpstream: string;
  /** Base URL the `/__local/*` paths are appended to: the gateway fakes. */
  gatewayUpstream: string;
  port: number;
  host?: string;
  /** One line per proxied /api request once answered ("GET /api/me → 200 12 ms"; the path only, never the query). */
  onRequest?: (line: string) => void;
}

export interface MiniappServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Request headers that describe one hop only and are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

const HOST_HEADER = /^[A-Za-z0-9.\-[\]:]{1,255}$/;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function forwardHeaders(headers: IncomingHttpHeaders, req: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  const client = req.socket.remoteAddress ?? '';
  out['x-forwarded-for'] = headers['x-forwarded-for'] ? `${String(headers['x-forwarded-for'])}, ${client}` : client;
  if (headers.host) out['x-forwarded-host'] = headers.host;
  out['x-forwarded-proto'] = 'http';
  return out;
}

function proxy(req: IncomingMessage, res: ServerResponse, target: URL, what: string, onDone?: (status: number) => void): void {
  if (onDone) res.on('finish', () => onDone(res.statusCode));
  const upstream = request(
    target,
    { method: req.method, headers: forwardHeaders(req.headers, req) },
    (up) => {
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && k !== 'connection' && k !== 'keep-alive') headers[k] = v;
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
      up.on('error', () => res.destroy());
    },
  );
  upstream.on('error', () => {
    if (res.headersSent) res.destroy();
    else sendJson(res, 502, { code: 'UPSTREAM_UNAVAILABLE', message: `无法连接本地${what}` });
  });
  req.pipe(upstream);
}

export async function startMiniappServer(options: MiniappServerOptions): Promise<MiniappServer> {
  const dir = path.resolve(options.dir);
  const indexFile = path.join(dir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`mini-app build not found: ${indexFile} (run npm run build)`);
  const host = options.host ?? '127.0.0.1';
  const apiBase = options.apiUpstream.replace(/\/+$/, '');
  const gatewayBase = options.gatewayUpstream.replace(/\/+$/, '');
  let selfUrl = '';

  const serveIndex = (req: IncomingMessage, res: ServerResponse, page = indexFile) => {
    // The demo login asks `<gatewayUrl>/__local/code`: this origin, as the browser addressed it.
    const origin = req.headers.host && HOST_HEADER.test(req.headers.host) ? `http://${req.headers.host}` : selfUrl;
    const html = injectConfig(readFileSync(page, 'utf8'), { apiBase: '', gatewayUrl: origin });
    res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store', 'content-length': Buffer.byteLength(html) });
    res.end(req.method === 'HEAD' ? undefined : html);
  };

  const serveFile = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendJson(res, 400, { code: 'BAD_PATH', message: '路径无效' });
    }
    const file = path.resolve(dir, `.${decoded}`);
    if (!file.startsWith(dir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      return sendJson(res, 404, { code: 'NOT_FOUND', message: '没有这个文件' });
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };

  const server = createServer((req, res) => {
    const raw = req.url ?? '/';
    const pathname = raw.split('?')[0];
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      const started = Date.now();
      const log = options.onRequest;
      return proxy(req, res, new URL(apiBase + raw), '函数计算服务', log && ((status) => log(`${req.method ?? 'GET'} ${pathname} → ${status} ${Date.now() - started} ms`)));
    }
    if (pathname.startsWith('/__local/')) return proxy(req, res, new URL(gatewayBase + raw), '浙政钉网关');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      return sendJson(res, 405, { code: 'METHOD_NOT_ALLOWED', message: '不支持的请求方法' });
    }
    if (pathname === '/' || pathname === '/index.html') return serveIndex(req, res);
    if (pathname === '/progress.html' && existsSync(path.join(dir, 'progress.html'))) return serveIndex(req, res, path.join(dir, 'progress.html'));
    return serveFile(req, res, pathname);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    throw describeListenError(err, 'mini-app server', options.port);
  }
  const { port } = server.address() as AddressInfo;
  selfUrl = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    url: selfUrl,
    port,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
