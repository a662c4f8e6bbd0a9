// functions/fc/http.ts: FC 2.0 (req, resp, context) ⇄ web Request/Response.
import { describe, expect, it } from 'vitest';
import { fcHttpHandler, type FcBindings } from '../../functions/fc/http';
import { fcRequest, fcResponse } from './fc-support';

describe('FC HTTP adapter', () => {
  it('builds the Request from path, repeated queries, headers and the host', async () => {
    let seen: { url: string; method: string; auth: string | null; multi: string | null; env?: FcBindings } | undefined;
    const handler = fcHttpHandler((req, env) => {
      seen = { url: req.url, method: req.method, auth: req.headers.get('authorization'), multi: req.headers.get('accept-language'), env };
      return new Response('ok');
    });
    const resp = fcResponse();
    await handler(
      fcRequest({
        path: '/api/cases',
        queries: { state: ['ready', 'claimed'], q: '张 三&x' },
        headers: { authorization: 'Bearer t', 'accept-language': ['zh-CN', 'en'], 'x-forwarded-proto': 'https' },
      }),
      resp,
      { requestId: 'req-1' },
    );
    expect(seen?.url).toBe('https://lianban.example.gov.cn/api/cases?state=ready&state=claimed&q=%E5%BC%A0+%E4%B8%89%26x');
    expect(new URL(seen!.url).searchParams.get('q')).toBe('张 三&x');
    expect(seen?.method).toBe('GET');
    expect(seen?.auth).toBe('Bearer t');
    expect(seen?.multi).toBe('zh-CN, en');
    expect(seen?.env).toMatchObject({ requestId: 'req-1', clientIP: '10.0.0.8' });
    expect(resp.sends).toBe(1);
  });

  it('passes the body from req.body (Buffer) and from the request stream', async () => {
    const echo = fcHttpHandler(async (req) => new Response(JSON.stringify({ text: await req.text(), method: req.method }), { headers: { 'content-type': 'application/json' } }));
    for (const asStream of [false, true]) {
      const resp = fcResponse();
      await echo(fcRequest({ method: 'post', path: '/api/echo', body: '{"名":"王"}', asStream, headers: { 'content-type': 'application/json' } }), resp, {});
      expect(resp.json()).toEqual({ text: '{"名":"王"}', method: 'POST' });
    }
  });

  it('writes status, headers and body, leaving out the headers FC refuses; cookies as a list', async () => {
    const handler = fcHttpHandler(() => {
      const headers = new Headers({
        'content-type': 'application/json; charset=utf-8',
        'content-length': '999',
        date: 'Thu, 01 Jan 1970 00:00:00 GMT',
        connection: 'close',
        'keep-alive': 'timeout=5',
        server: 'hono',
        'x-fc-status': '200',
        'cache-control': 'no-store',
      });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      return new Response(JSON.stringify({ ok: '是' }), { status: 201, headers });
    });
    const resp = fcResponse();
    await handler(fcRequest({ path: '/x' }), resp, {});
    expect(resp.status).toBe(201);
    expect([...resp.headers.keys()].sort()).toEqual(['cache-control', 'content-type', 'set-cookie']);
    expect(resp.headers.get('set-cookie')).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(resp.json()).toEqual({ ok: '是' });
  });

  it('answers 500 with a Chinese message when the fetch function throws, logging only the error name', async () => {
    const logged: unknown[] = [];
    const handler = fcHttpHandler(() => {
      throw new TypeError('boom 330203199001011234');
    });
    const resp = fcResponse();
    await handler(fcRequest({ path: '/x' }), resp, { requestId: 'r-9', logger: { info: () => {}, error: (...a: unknown[]) => logged.push(...a) } });
    expect(resp.status).toBe(500);
    expect(resp.json()).toEqual({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试', requestId: 'r-9' });
    expect(JSON.stringify(logged)).not.toContain('330203199001011234');
    expect(JSON.stringify(logged)).toContain('TypeError');
  });

  it('sends no body for GET even if the runtime supplies one, and an empty body for 204', async () => {
    let length = -1;
    const handler = fcHttpHandler(async (req) => {
      length = req.body === null ? 0 : (await req.arrayBuffer()).byteLength;
      return new Response(null, { status: 204 });
    });
    const resp = fcResponse();
    await handler(fcRequest({ path: '/x', body: 'ignored' }), resp, {});
    expect(length).toBe(0);
    expect(resp.status).toBe(204);
    expect(resp.body?.length).toBe(0);
  });
});
