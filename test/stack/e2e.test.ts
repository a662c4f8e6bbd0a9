/**
 * End to end: the whole local stack (what `npm start` runs) on free ports and a temp data directory —
 * build, tablestore-local, provisioning, seeding, gateway fakes, the FC runner serving the BUILT api
 * function, the one-origin mini-app server. A demo clerk logs in the way the browser does: a login-free
 * code from the local 浙政钉 fake, exchanged by the api function, then GET /api/me. Then the stack restarts
 * on the same data directory: the data and the keys are still there and nothing is written again.
 * Finally the `npm start` CLI itself starts and stops on SIGINT.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory as catalogDirectory } from '../../functions/catalog/index';
import { attributesOf, createOtsClient } from '../../functions/store/client';
import { banner } from '../../scripts/dev/start';
import { startStack, type Stack } from '../../scripts/dev/stack';
import { freePort } from '../../scripts/dev/ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'lianban-stack-'));
// As in the repository: the build lands below a package.json that says "type": "module".
writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');
const distDir = path.join(work, 'dist');
const dataDir = path.join(work, 'data');

const output: string[] = [];
const out = { write: (text: string) => output.push(text) > 0 };
const functionLog: string[] = [];
const common = { dataDir, distDir, basePort: 0, out, timers: false, onFunctionLog: (line: string) => void functionLog.push(line) };

const CLERK = catalogDirectory.staff.find((s) => s.id === 'yinzhou-serviceCenter-clerk1')!;

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

/** The browser's demo login: list → code from the 浙政钉 fake → exchange; all through the mini-app origin. */
async function loginAs(base: string, staffId: string): Promise<{ token: string; staff: Record<string, unknown> }> {
  const list = (await (await fetch(`${base}/api/dev/staff`)).json()) as Array<{ id: string; accountId: string }>;
  const chosen = list.find((s) => s.id === staffId);
  if (!chosen) throw new Error(`${staffId} is not in the demo staff list`);
  const codeRes = await fetch(`${base}/__local/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountId: chosen.accountId }) });
  expect(codeRes.status).toBe(200);
  const { code } = await json(codeRes);
  const res = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: 'local', code }) });
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body as { token: string; staff: Record<string, unknown> };
}

const me = (base: string, token?: string) => fetch(`${base}/api/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

let stack: Stack | undefined;
let firstToken = '';

beforeAll(async () => {
  stack = await startStack(common);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the local stack', () => {
  it('serves the mini-app with its run-time configuration, and its bundles, on one origin', async () => {
    const s = stack!;
    const res = await fetch(`${s.miniappUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain(`<script>window.LIANBAN_CONFIG=${JSON.stringify({ apiBase: '', gatewayUrl: s.miniappUrl })}</script>`);
    expect(html).not.toContain('<!--lianban:config-->');

    const manifest = JSON.parse(readFileSync(path.join(distDir, 'miniapp', 'manifest.json'), 'utf8')) as { bundles: Record<string, string>; css: string };
    const bundle = await fetch(`${s.miniappUrl}/${manifest.bundles.local}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${s.miniappUrl}/${manifest.css}`)).headers.get('content-type')).toMatch(/text\/css/);
    expect((await fetch(`${s.miniappUrl}/no-such-file.js`)).status).toBe(404);
    // Nothing outside the build is reachable (the data directory holds the keys).
    expect((await fetch(`${s.miniappUrl}/%2e%2e/%2e%2e/data/secrets.json`)).status).toBe(404);
    expect((await fetch(`${s.miniappUrl}/`, { method: 'POST' })).status).toBe(405);
  });

  it('provisioned the tables and seeded the demo directory on first start', () => {
    const s = stack!;
    expect(s.provision.map((o) => [o.table, o.action])).toContainEqual(['directory', 'created']);
    expect(s.seed?.kinds.find((k) => k.kind === 'district')).toMatchObject({ total: 5, created: 5 });
    expect(s.seed?.kinds.find((k) => k.kind === 'staff')).toMatchObject({ created: catalogDirectory.staff.length });
    expect(s.staff.map((x) => x.id)).toContain(CLERK.id);
    expect(output.join('')).toMatch(/seed: demo directory: .*staff \d+ \(\d+ created\)/);
  });

  it('a demo clerk logs in through the real code exchange and GET /api/me names their district, department and roles', async () => {
    const s = stack!;
    const { token, staff } = await loginAs(s.miniappUrl, CLERK.id);
    expect(staff).toMatchObject({ id: CLERK.id, name: CLERK.name });
    const res = await me(s.miniappUrl, token);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      id: CLERK.id,
      name: CLERK.name,
      districtCode: '330212',
      departmentCode: 'yinzhou-serviceCenter',
      roles: ['clerk'],
    });
    expect([CLERK.district, CLERK.department, CLERK.roles]).toEqual(['330212', 'yinzhou-serviceCenter', ['clerk']]);
    // The exchange went through the 浙政钉 fake's signed gateway, not a shortcut.
    expect(s.gateways.requests().some((r) => r.platform === 'zzd' && r.path === '/rpc/oauth2/dingtalk_app_user.json' && r.result === 'ok')).toBe(true);
    firstToken = token;
  });

  it('refuses a reused login code and calls without a session, with Chinese messages', async () => {
    const s = stack!;
    const { code } = await json(
      await fetch(`${s.miniappUrl}/__local/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountId: CLERK.zzdAccountId }) }),
    );
    const login = (c: unknown) => fetch(`${s.miniappUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: 'local', code: c }) });
    expect((await login(code)).status).toBe(200);
    const reused = await login(code);
    expect(reused.status).toBe(401);
    expect(await json(reused)).toMatchObject({ code: 'INVALID_AUTH_CODE' });
    const anonymous = await me(s.miniappUrl);
    expect(anonymous.status).toBe(401);
    expect(String((await json(anonymous)).message)).toMatch(/登录/);
    const unknown = await fetch(`${s.miniappUrl}/__local/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountId: 'nobody' }) });
    expect(unknown.status).toBe(404);
  });

  it('the FC endpoint and the Tablestore endpoint answer local SDK clients with the printed keys', async () => {
    const s = stack!;
    const lines = banner(s).join('\n');
    expect(lines).toContain(`mini-app    ${s.miniappUrl}/`);
    expect(lines).toContain(`FC          ${s.fcUrl}`);
    expect(lines).toContain(`Tablestore  ${s.otsUrl}`);
    expect(lines).toContain("accessKeyId: 'lianban-local', secretAccessKey: 'lianban-local-secret'");
    expect(lines).toContain("new FC('1234567890'");
    expect(lines).not.toContain(s.secrets.SESSION_SECRET);

    const health = await fetch(`${s.apiTriggerUrl}/api/health`);
    expect(await json(health)).toEqual({ status: 'ok', mode: 'local' });

    const ots = createOtsClient({ OTS_ENDPOINT: s.otsUrl, OTS_INSTANCE: 'lianban', OTS_ACCESS_KEY_ID: 'lianban-local', OTS_ACCESS_KEY_SECRET: 'lianban-local-secret' });
    const { row } = await ots.getRow({ tableName: 'directory', primaryKey: [{ kind: 'district' }, { id: '330212' }], maxVersions: 1 });
    expect(JSON.parse(String(attributesOf(row).doc))).toMatchObject({ code: '330212', name: '鄞州区' });
  });

  it('restarts on the same data directory: data, keys and sessions survive, and nothing is provisioned or seeded again', async () => {
    const before = stack!;
    const oldUrl = before.miniappUrl;
    const secrets = readFileSync(path.join(dataDir, 'secrets.json'), 'utf8');
    await before.stop();
    stack = undefined;
    await expect(fetch(`${oldUrl}/api/health`)).rejects.toThrow();

    stack = await startStack({ ...common, build: false });
    const s = stack;
    expect(s.provision.every((o) => o.action === 'unchanged')).toBe(true);
    expect(s.seed?.written).toBe(0);
    expect(s.seed?.kinds.every((k) => k.unchanged === k.total)).toBe(true);
    expect(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')).toBe(secrets);

    // The token issued before the restart is still valid: the session key was kept.
    const res = await me(s.miniappUrl, firstToken);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: CLERK.id, districtCode: '330212' });
    const again = await loginAs(s.miniappUrl, CLERK.id);
    expect(again.staff).toMatchObject({ id: CLERK.id, roles: ['clerk'] });
  });

  it('a port in use stops the start with a clear message and leaves nothing running', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const busyPort = (busy.address() as { port: number }).port;
    const otsPort = await freePort();
    try {
      await expect(
        startStack({ ...common, dataDir: path.join(work, 'data-busy'), build: false, ports: { miniapp: busyPort, ots: otsPort } }),
      ).rejects.toThrow(new RegExp(`port ${busyPort} is already in use`));
      // tablestore-local had started before the failure; it was stopped again.
      const probe = createServer();
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(otsPort, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});

describe('npm start (CLI)', () => {
  it('starts, prints the URLs, and stops everything on SIGINT', async () => {
    await stack?.stop(); // the CLI uses the same data directory
    stack = undefined;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts/dev/start.ts'), '--port', '0', '--data', dataDir, '--dist', distDir, '--no-build', '--no-timers'],
      { cwd: root, env: { PATH: process.env.PATH } },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('Ctrl-C stops everything.')) resolve();
      });
      void closed.then(() => reject(new Error(`npm start exited early:\n${stdout}\n${stderr}`)));
    });
    await ready;
    const url = /mini-app {4}(http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1];
    expect(url, stdout).toBeDefined();
    expect(stdout).toMatch(/FC {10}http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/Tablestore {2}http:\/\/127\.0\.0\.1:\d+ {3}\(instance lianban\)/);
    expect(stdout).toMatch(/Log in: open .* pick a demo staff member/);
    expect(await json(await fetch(`${url}/api/health`))).toEqual({ status: 'ok', mode: 'local' });

    child.kill('SIGINT');
    expect(await closed).toBe(0);
    expect(stdout).toContain('stopped');
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });
});
