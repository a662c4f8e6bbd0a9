/** A small HTTP server on a free port that records requests and answers from a route table. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  json(): unknown;
}

interface Reply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type Route = (req: Recorded) => Reply | Promise<Reply>;

export interface TestServer {
  url: string;
  requests: Recorded[];
  routes: Record<string, Route>;
  close(): Promise<void>;
}

/** Routes are keyed `METHOD /path`; unknown routes answer 404 `{code:'NOT_FOUND'}`. CORS is open. */
export async function startServer(routes: Record<string, Route> = {}): Promise<TestServer> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url || '/', 'http://x');
      const body = Buffer.concat(chunks);
      const rec: Recorded = {
        method: req.method || 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json: () => JSON.parse(body.toString('utf8')),
      };
      if (rec.method === 'OPTIONS') {
        // CORS preflight (browser-like clients): allow everything
        res.writeHead(204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
          'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] || '*'),
        });
        res.end();
        return;
      }
      requests.push(rec);
      const route = routes[rec.method + ' ' + rec.path];
      const reply: Reply = route ? await route(rec) : { status: 404, json: { code: 'NOT_FOUND', message: '接口不存在' } };
      const headers: Record<string, string> = { 'Access-Control-Allow-Origin': '*', ...(reply.headers || {}) };
      let payload = '';
      if (reply.json !== undefined) {
        headers['Content-Type'] = 'application/json; charset=utf-8';
        payload = JSON.stringify(reply.json);
      } else if (reply.text !== undefined) payload = reply.text;
      res.writeHead(reply.status || 200, headers);
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: 'http://127.0.0.1:' + port,
    requests,
    routes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
