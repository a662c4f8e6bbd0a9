/** HTTP triggers: the FC 2.0 `handler(req, resp, context)` contract, limits, auth, errors. */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fc2Client, startFixtureRunner, type FixtureRunner } from './support.js';

let r: FixtureRunner;

beforeAll(async () => {
  r = await startFixtureRunner();
});

afterAll(async () => {
  await r?.close();
});

interface Echo {
  method: string;
  path: string;
  url: string;
  queries: Record<string, string | string[]>;
  headers: Record<string, string>;
  clientIP: string;
  bodyIsBuffer: boolean;
  body: string;
  streamed: string;
  requestId: string;
}

/** Raw request (fetch adds and normalises headers; this sends exactly what is given). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${r.fc.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('request object', () => {
  it('gives path (after the function), queries (arrays for repeated keys), method, clientIP, url', async () => {
    const res = await fetch(`${r.fc.url}/2016-08-15/proxy/fixture/web/cases/42?tag=a&tag=b&q=%E8%81%94%E5%8A%9E`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-fc-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echo = (await res.json()) as Echo;
    expect(echo.method).toBe('GET');
    expect(echo.path).toBe('/cases/42');
    expect(echo.queries).toEqual({ tag: ['a', 'b'], q: '联办' });
    expect(echo.url).toBe('/2016-08-15/proxy/fixture/web/cases/42?tag=a&tag=b&q=%E8%81%94%E5%8A%9E');
    expect(echo.clientIP).toBe('127.0.0.1');
    expect(echo.requestId).toBe(res.headers.get('x-fc-request-id'));
  });

  it('serves the same function at /http/<function>/<subpath>, with path "/" when empty', async () => {
    const a = (await (await fetch(`${r.fc.url}/http/web/a/b`)).json()) as Echo;
    expect(a.path).toBe('/a/b');
    const root = (await (await fetch(`${r.fc.url}/http/web`)).json()) as Echo;
    expect(root.path).toBe('/');
    const proxyRoot = (await (await fetch(`${r.fc.url}/2016-08-15/proxy/fixture/web`)).json()) as Echo;
    expect(proxyRoot.path).toBe('/');
  });

  it('gives the body both as req.body (Buffer) and as the readable stream', async () => {
    const payload = JSON.stringify({ name: '张三', items: [1, 2, 3] });
    const echo = (await (await fetch(`${r.fc.url}/http/web/x`, { method: 'POST', body: payload })).json()) as Echo;
    expect(echo.bodyIsBuffer).toBe(true);
    expect(echo.body).toBe(payload);
    expect(echo.streamed).toBe(payload);
  });

  it('passes request headers lower-cased, without connection, keep-alive and x-fc-*', async () => {
    const res = await raw('PUT', '/http/web/h', {
      'X-Case-Token': 'abc',
      'X-Fc-Secret': 'should-not-pass',
      Connection: 'keep-alive',
      'Keep-Alive': 'timeout=5',
    }, Buffer.from('b'));
    const echo = JSON.parse(res.body.toString()) as Echo;
    expect(echo.headers['x-case-token']).toBe('abc');
    expect(echo.headers['x-fc-secret']).toBeUndefined();
    expect(echo.headers.connection).toBeUndefined();
    expect(echo.headers['keep-alive']).toBeUndefined();
    expect(echo.method).toBe('PUT');
  });
});

describe('response object', () => {
  it('applies setStatusCode / setHeader / deleteHeader / send and ignores headers FC does not let a function set', async () => {
    const res = await raw('GET', '/http/web/status');
    expect(res.status).toBe(201);
    expect(res.body.toString()).toBe('created');
    expect(res.headers['x-custom']).toBe('yes');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(res.headers['x-removed']).toBeUndefined();
    expect(res.headers['x-fc-sneaky']).toBeUndefined();
    expect(res.headers.server).toBeUndefined();
    expect(res.headers['content-length']).toBe('7');
  });

  it('sends a Readable body', async () => {
    const res = await fetch(`${r.fc.url}/http/web/stream`);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe('chunk-1,chunk-2');
  });

  it('answers 502 BadResponse when the function sets more than 8 KB of headers', async () => {
    const res = await fetch(`${r.fc.url}/http/web/big-headers`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { ErrorCode: string }).ErrorCode).toBe('BadResponse');
  });

  it('answers 502 with the error JSON and x-fc-error-type when the handler throws', async () => {
    const res = await fetch(`${r.fc.url}/http/web/throw`);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-fc-error-type')).toBe('UnhandledInvocationError');
    expect(await res.json()).toMatchObject({ errorMessage: 'web boom', errorType: 'Error' });
  });
});

describe('limits and routing', () => {
  it('answers 400 InvalidArgument for request headers over 8 KB', async () => {
    const res = await raw('GET', '/http/web/x', { 'x-big': 'y'.repeat(8 * 1024) });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).ErrorCode).toBe('InvalidArgument');
  });

  it('answers 400 InvalidArgument for path+query over 4 KB', async () => {
    const res = await fetch(`${r.fc.url}/http/web/x?q=${'z'.repeat(4 * 1024)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { ErrorCode: string }).ErrorCode).toBe('InvalidArgument');
  });

  it('answers a URL beyond what the runner parses (64 KB) as 400 InvalidArgument in the API error shape, not a bare 431', async () => {
    const before = r.fc.invocations.length;
    for (const path of [`/http/web/x?q=${'z'.repeat(70 * 1024)}`, `/2016-08-15/proxy/fixture/web/${'z'.repeat(70 * 1024)}`]) {
      const res = await raw('GET', path);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-fc-request-id']).toBeTruthy();
      const body = JSON.parse(res.body.toString()) as { ErrorCode: string; ErrorMessage: string };
      expect(body.ErrorCode).toBe('InvalidArgument');
      expect(body.ErrorMessage).toContain('4096');
    }
    expect(r.fc.invocations.length).toBe(before);
  });

  it('answers 400 InvalidArgument for a body over 32 MB, without running the function', async () => {
    const before = r.fc.invocations.length;
    const res = await raw('POST', '/http/web/x', {}, Buffer.alloc(32 * 1024 * 1024 + 1, 97));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).ErrorCode).toBe('InvalidArgument');
    expect(r.fc.invocations.length).toBe(before);
  });

  it('answers 405 for a method the trigger does not list, 404 for unknown functions', async () => {
    expect((await fetch(`${r.fc.url}/http/web/x`, { method: 'DELETE' })).status).toBe(405);
    const missing = await fetch(`${r.fc.url}/2016-08-15/proxy/fixture/nope/x`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { ErrorCode: string }).ErrorCode).toBe('FunctionNotFound');
    expect((await fetch(`${r.fc.url}/http/probe/x`)).status).toBe(404); // probe has no HTTP trigger
  });
});

describe('authType: function', () => {
  it('serves requests signed by @alicloud/fc2 (query included in the signature)', async () => {
    const res = await r.client.get('/proxy/fixture/websigned/action', { x: 'awesome', y: ['1', '2'] }, { 'custom-header': 'abc' });
    const echo = res.data as Echo; // the function answers application/json, which the SDK parses
    expect(echo.path).toBe('/action');
    expect(echo.queries).toEqual({ x: 'awesome', y: ['1', '2'] });
    expect(echo.headers['custom-header']).toBe('abc');
  });

  it('refuses unsigned requests and requests signed with the wrong secret', async () => {
    const unsigned = await fetch(`${r.fc.url}/2016-08-15/proxy/fixture/websigned/action`);
    expect(unsigned.status).toBe(403);
    const err = await fc2Client(r.fc.url, 'wrong-secret')
      .get('/proxy/fixture/websigned/action', { x: '1' })
      .then(
        () => null,
        (e: unknown) => e as { code?: string },
      );
    expect(err?.code).toBe('SignatureNotMatch');
  });
});
