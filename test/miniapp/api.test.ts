/** The API client over real HTTP: token header, JSON, error codes and messages, 401 handling. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, buildUrl, createApi, MESSAGES } from '../../miniapp/api';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let token: string | null;
let unauthorized: ApiError[];
let busyCalls = 0;

beforeAll(async () => {
  server = await startServer({
    'GET /api/echo': (req) => ({ json: { auth: req.headers.authorization || null, query: Object.fromEntries(req.query) } }),
    'POST /api/echo': (req) => ({ json: { contentType: req.headers['content-type'], body: req.json() } }),
    'POST /api/upload': (req) => ({ json: { contentType: req.headers['content-type'], name: req.headers['x-file-name'], bytes: req.body.length } }),
    'POST /api/conflict': () => ({ status: 409, json: { code: 'SUBTASK_CONFLICT', message: '该子任务已被他人签收' } }),
    'GET /api/private': () => ({ status: 401, json: { code: 'TOKEN_EXPIRED', message: '登录已过期' } }),
    'GET /api/crash': () => ({ status: 502, text: '<html>Bad Gateway</html>' }),
    'DELETE /api/thing': () => ({ status: 204 }),
    'GET /api/garbage': () => ({ text: 'not json' }),
    // busy twice, then answers (a server under load: every instance taken)
    'GET /api/busy': () => (++busyCalls <= 2 ? { status: 503, json: { code: 'SERVICE_BUSY', message: '服务繁忙' } } : { json: { ok: true, calls: busyCalls } }),
    'POST /api/busy': () => {
      busyCalls++;
      return { status: 503, json: { code: 'SERVICE_BUSY', message: '服务繁忙' } };
    },
    'GET /api/always-busy': () => {
      busyCalls++;
      return { status: 429, json: { code: 'TOO_MANY', message: '请求过于频繁' } };
    },
    'GET /api/nested-error': () => ({ status: 400, json: { error: { code: 'BAD_ID_NUMBER', message: '身份证号校验位不正确' } } }),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  token = 'tok-1';
  unauthorized = [];
  busyCalls = 0;
});

function client(base = server.url) {
  return createApi({ base, getToken: () => token, onUnauthorized: (e) => unauthorized.push(e) });
}

describe('api client', () => {
  it('sends the session token as a bearer token and the query string', async () => {
    const res = await client().get<{ auth: string; query: Record<string, string> }>('/api/echo', { state: 'ready', page: 2, skip: undefined, none: null });
    expect(res).toEqual({ auth: 'Bearer tok-1', query: { state: 'ready', page: '2' } });
  });

  it('sends no Authorization header without a session', async () => {
    token = null;
    await expect(client().get('/api/echo')).resolves.toMatchObject({ auth: null });
  });

  it('posts JSON', async () => {
    const res = await client().post('/api/echo', { reason: '材料不全', n: 1 });
    expect(res).toEqual({ contentType: 'application/json', body: { reason: '材料不全', n: 1 } });
  });

  it('uploads a Blob as the raw body with its type and an encoded file name', async () => {
    const blob = new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/png' });
    const res = await client().upload('/api/upload', blob, '出生证明.png');
    expect(res).toEqual({ contentType: 'image/png', name: encodeURIComponent('出生证明.png'), bytes: 4 });
  });

  it('turns an error body into ApiError with the stable code and the Chinese message', async () => {
    const err = await client().post('/api/conflict', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'SUBTASK_CONFLICT', message: '该子任务已被他人签收' });
    expect(unauthorized).toHaveLength(0);
  });

  it('accepts errors nested as {error:{code,message}}', async () => {
    await expect(client().get('/api/nested-error')).rejects.toMatchObject({ status: 400, code: 'BAD_ID_NUMBER', message: '身份证号校验位不正确' });
  });

  it('calls onUnauthorized on 401', async () => {
    await expect(client().get('/api/private')).rejects.toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
    expect(unauthorized.map((e) => e.code)).toEqual(['TOKEN_EXPIRED']);
  });

  it('gives a Chinese message for a non-JSON server failure', async () => {
    await expect(client().get('/api/crash')).rejects.toMatchObject({ status: 502, code: 'HTTP_502', message: MESSAGES.server });
  });

  it('gives a Chinese message when the server cannot be reached', async () => {
    const gone = await startServer();
    await gone.close();
    await expect(client(gone.url).get('/api/echo')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR', message: MESSAGES.network });
  });

  it('resolves undefined for an empty success and rejects a garbled one', async () => {
    await expect(client().delete('/api/thing')).resolves.toBeUndefined();
    await expect(client().get('/api/garbage')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('sends a GET again when the server is busy, and answers with what the third try got', async () => {
    await expect(client().get('/api/busy')).resolves.toEqual({ ok: true, calls: 3 });
  });

  it('never sends a POST twice, and gives up on a GET after three tries with the server\'s message', async () => {
    await expect(client().post('/api/busy', {})).rejects.toMatchObject({ status: 503, code: 'SERVICE_BUSY', message: '服务繁忙' });
    expect(busyCalls).toBe(1);
    busyCalls = 0;
    await expect(client().get('/api/always-busy')).rejects.toMatchObject({ status: 429, code: 'TOO_MANY' });
    expect(busyCalls).toBe(3);
  });

  it('gives up on an answer that never comes, and on one whose body never ends, with 请求超时', async () => {
    const stalled = createServer((req, res) => {
      if (req.url === '/api/half') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"a":');
      }
      // /api/never: no answer at all
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const { port } = stalled.address() as AddressInfo;
    try {
      const api = createApi({ base: `http://127.0.0.1:${port}`, getToken: () => null, onUnauthorized: () => undefined, timeoutMs: 200 });
      await expect(api.post('/api/never', {})).rejects.toMatchObject({ code: 'TIMEOUT', message: MESSAGES.timeout });
      await expect(api.post('/api/half', {})).rejects.toMatchObject({ code: 'TIMEOUT', message: MESSAGES.timeout });
    } finally {
      stalled.closeAllConnections();
      await new Promise((resolve) => stalled.close(resolve));
    }
  });

  it('times out with a Chinese message', async () => {
    const api = createApi({ base: server.url, getToken: () => null, onUnauthorized: () => undefined, timeoutMs: 5, fetch: () => new Promise<Response>(() => undefined) });
    await expect(api.get('/api/echo')).rejects.toMatchObject({ code: 'TIMEOUT', message: MESSAGES.timeout });
  });
});

describe('buildUrl', () => {
  it('encodes query values and appends to an existing query', () => {
    expect(buildUrl('/b', '/x?a=1', { q: '张 三', n: 0, f: false })).toBe('/b/x?a=1&q=' + encodeURIComponent('张 三') + '&n=0&f=false');
    expect(buildUrl('', '/x')).toBe('/x');
  });
});
