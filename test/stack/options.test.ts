/**
 * The pieces of `npm start` around the servers: command line and environment, ports, the keys kept in
 * the data directory, and the mini-app server's proxying when an upstream is down.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMiniappServer } from '../../scripts/dev/miniappServer';
import { quietLine } from '../../scripts/dev/stack';
import { DEFAULT_PORTS, freePort, portsFrom } from '../../scripts/dev/ports';
import { loadOrCreateSecrets } from '../../scripts/dev/secrets';
import { parseStartArgs } from '../../scripts/dev/start';

const work = mkdtempSync(path.join(tmpdir(), 'lianban-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm start options', () => {
  it('defaults: data in .lianban, the default ports, build, seed and timers on', () => {
    const a = parseStartArgs([], {});
    expect(a).toMatchObject({ dataDir: '.lianban', basePort: undefined, build: true, seed: true, timers: true });
    expect(portsFrom(a.basePort, a.ports)).toEqual(DEFAULT_PORTS);
    expect(DEFAULT_PORTS).toEqual({ miniapp: 8080, fc: 8081, gateways: 8790, ots: 8800 });
  });

  it('flags over environment: --data / LIANBAN_DATA, --port / LIANBAN_PORT, single ports over the base', () => {
    expect(parseStartArgs([], { LIANBAN_DATA: '/srv/lb', LIANBAN_PORT: '9000' })).toMatchObject({ dataDir: '/srv/lb', basePort: 9000 });
    const a = parseStartArgs(['--data', 'x', '--port', '7000', '--ots-port', '7100', '--no-build', '--no-seed', '--no-timers'], { LIANBAN_DATA: 'y', LIANBAN_PORT: '9000' });
    expect(a).toMatchObject({ dataDir: 'x', basePort: 7000, build: false, seed: false, timers: false });
    expect(portsFrom(a.basePort, a.ports)).toEqual({ miniapp: 7000, fc: 7001, gateways: 7002, ots: 7100 });
    expect(portsFrom(0, {})).toEqual({ miniapp: 0, fc: 0, gateways: 0, ots: 0 });
  });

  it('refuses bad ports and unknown flags', () => {
    expect(() => parseStartArgs(['--port', 'eighty'], {})).toThrow(/invalid --port: eighty/);
    expect(() => parseStartArgs([], { LIANBAN_PORT: '70000' })).toThrow(/invalid LIANBAN_PORT/);
    expect(() => parseStartArgs(['--port', '65535'], {})).toThrow(/invalid miniapp|invalid fc|port/);
    expect(() => parseStartArgs(['--frobnicate'], {})).toThrow();
  });
});

describe('keys in the data directory', () => {
  it('are generated once, with owner-only permissions, and then kept', () => {
    const dir = path.join(work, 'keys1');
    mkdirSync(dir);
    const first = loadOrCreateSecrets(dir);
    expect(first.generated.sort()).toEqual(['DATA_KEY', 'HASH_KEY', 'SESSION_SECRET']);
    expect(Buffer.from(first.secrets.DATA_KEY, 'base64')).toHaveLength(32);
    expect(first.secrets.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const second = loadOrCreateSecrets(dir);
    expect(second).toEqual({ secrets: first.secrets, generated: [] });
  });

  it('a missing key is added without replacing the others', () => {
    const dir = path.join(work, 'keys2');
    mkdirSync(dir);
    const dataKey = Buffer.alloc(32, 7).toString('base64');
    writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ DATA_KEY: dataKey }));
    const r = loadOrCreateSecrets(dir);
    expect(r.generated.sort()).toEqual(['HASH_KEY', 'SESSION_SECRET']);
    expect(r.secrets.DATA_KEY).toBe(dataKey);
    expect(JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).DATA_KEY).toBe(dataKey);
  });

  it('a broken file is refused, never silently replaced', () => {
    const dir = path.join(work, 'keys3');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'secrets.json'), '{ not json');
    expect(() => loadOrCreateSecrets(dir)).toThrow(/not valid JSON/);
    expect(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).toBe('{ not json');
    writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ DATA_KEY: 'c2hvcnQ=' }));
    expect(() => loadOrCreateSecrets(dir)).toThrow(/DATA_KEY must be the base64 of 32 bytes/);
  });
});

describe('npm start output', () => {
  it('is quiet by default: --verbose adds FC invoke start/end and info lines; warnings and errors always show', () => {
    expect(parseStartArgs([], {}).verbose).toBe(false);
    expect(parseStartArgs(['--verbose'], {}).verbose).toBe(true);
    expect(quietLine('FC Invoke Start RequestId: 3d59a1ae')).toBe(true);
    expect(quietLine('FC Invoke End RequestId: 3d59a1ae, Duration: 251 ms')).toBe(true);
    expect(quietLine('2026-12-06T19:25:10.005Z 3d59 [INFO] api initialised')).toBe(true);
    expect(quietLine('2026-12-06T19:25:10.907Z 8950 [verbose] login ok platform=local')).toBe(true);
    expect(quietLine('2026-12-06T19:25:10.031Z 3d59 [ERROR] (node:28580) [DEP0005] DeprecationWarning: Buffer() is deprecated')).toBe(true);
    expect(quietLine('2026-12-06T19:25:10.031Z 3d59 [ERROR] drain case=x failed')).toBe(false);
    expect(quietLine('2026-12-06T19:25:10.031Z 3d59 [WARN] kick: async invocation failed')).toBe(false);
  });
});

describe('mini-app server', () => {
  it('answers 502 with a Chinese message when the FC runner or the gateway fakes are down', async () => {
    const dir = path.join(work, 'miniapp');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'index.html'), '<html><head><!--lianban:config--></head></html>');
    const down = `http://127.0.0.1:${await freePort()}`;
    const lines: string[] = [];
    const server = await startMiniappServer({ dir, apiUpstream: `${down}/2016-08-15/proxy/lianban/api`, gatewayUpstream: down, port: 0, onRequest: (l) => lines.push(l) });
    try {
      const api = await fetch(`${server.url}/api/me?idNumber=330212199001010014`);
      expect(api.status).toBe(502);
      expect(await api.json()).toEqual({ code: 'UPSTREAM_UNAVAILABLE', message: '无法连接本地函数计算服务' });
      // One line per /api request, the path without its query (which may carry personal numbers).
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^GET \/api\/me → 502 \d+ ms$/);
      const code = await fetch(`${server.url}/__local/code`, { method: 'POST', body: '{}' });
      expect(code.status).toBe(502);
      expect(((await code.json()) as { message: string }).message).toContain('浙政钉网关');
      // As a phone on the LAN addresses it: the demo login goes back to that same origin.
      const html = await new Promise<string>((resolve, reject) => {
        const req = request(`${server.url}/index.html`, { headers: { host: 'lianban.test:8080' } }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
      expect(html).toContain('window.LIANBAN_CONFIG={"apiBase":"","gatewayUrl":"http://lianban.test:8080"}');
    } finally {
      await server.stop();
    }
  });

  it('refuses to start without a build', async () => {
    await expect(startMiniappServer({ dir: path.join(work, 'nothing'), apiUpstream: 'http://x', gatewayUpstream: 'http://x', port: 0 })).rejects.toThrow(/run npm run build/);
  });
});
