/**
 * kick: the real @alicloud/fc2 client invokes the dispatcher ASYNC on the local FC runner, signed with the
 * FC_* keys; failures (wrong key, runner down, FC not configured, bad case id) are logged and swallowed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKick, fcTargetFromEnv, type KickEnv } from '../../functions/effects/kick';
import { buildFunctions } from '../../scripts/build/functions';
import { LOCAL_DEFAULTS, startFcLocal, type FcLocal } from '@lianban/fc-local';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
let dir = '';
let fc: FcLocal;

const envFor = (url: string, overrides: Partial<KickEnv> = {}): KickEnv => ({
  FC_ENDPOINT: url,
  FC_ACCOUNT_ID: LOCAL_DEFAULTS.accountId,
  FC_REGION: LOCAL_DEFAULTS.region,
  FC_ACCESS_KEY_ID: LOCAL_DEFAULTS.accessKeyId,
  FC_ACCESS_KEY_SECRET: LOCAL_DEFAULTS.accessKeySecret,
  FC_SERVICE: 'lianban',
  ...overrides,
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lianban-kick-'));
  await buildFunctions({ root: FIXTURES, distDir: path.join(dir, 'dist'), log: () => {} });
  fc = await startFcLocal({ sYaml: path.join(FIXTURES, 's.yaml'), codeRoot: dir, env: {}, timers: false, asyncRetryBaseMs: 20, onLog: () => {} });
});

afterAll(async () => {
  await fc?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kick', () => {
  it('invokes the dispatcher asynchronously with {caseId}, signed by the real SDK', async () => {
    const logs: string[] = [];
    const kick = createKick(envFor(fc.url), { log: (l) => logs.push(l) });
    await kick('C-KICK-0001');
    const record = await fc.waitForInvocation((r) => r.function === 'dispatcher' && r.event.includes('C-KICK-0001'));
    expect(record.source).toBe('async');
    expect(JSON.parse(record.event)).toEqual({ caseId: 'C-KICK-0001' });
    expect(record.outcome).toBe('success');
    expect(logs).toEqual([]);
  });

  it('logs and swallows a refused signature (wrong secret); nothing is invoked', async () => {
    const logs: string[] = [];
    const before = fc.invocations.length;
    const kick = createKick(envFor(fc.url, { FC_ACCESS_KEY_SECRET: 'not-the-secret' }), { log: (l) => logs.push(l) });
    await expect(kick('C-KICK-0002')).resolves.toBeUndefined();
    await fc.whenIdle();
    expect(fc.invocations.slice(before).some((r) => r.event.includes('C-KICK-0002'))).toBe(false);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/C-KICK-0002.*timer sweep/);
    expect(logs[0]).toMatch(/SignatureNotMatch|403/);
  });

  it('logs and swallows an unknown function', async () => {
    const logs: string[] = [];
    const kick = createKick(envFor(fc.url), { log: (l) => logs.push(l), functionName: 'nope' });
    await kick('C-KICK-0003');
    expect(logs.join('\n')).toMatch(/FunctionNotFound|404/);
  });

  it('logs and swallows an unreachable endpoint', async () => {
    const logs: string[] = [];
    const kick = createKick(envFor('http://127.0.0.1:1'), { log: (l) => logs.push(l), timeoutMs: 2000 });
    await kick('C-KICK-0004');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('C-KICK-0004');
  });

  it('refuses a malformed case id without calling FC', async () => {
    const logs: string[] = [];
    const before = fc.invocations.length;
    const kick = createKick(envFor(fc.url), { log: (l) => logs.push(l) });
    await kick('bad id with spaces');
    await fc.whenIdle();
    expect(fc.invocations.length).toBe(before);
    expect(logs).toEqual(['kick: refused an invalid case id']);
  });

  it('without FC configuration is a no-op that says so once', async () => {
    const logs: string[] = [];
    const kick = createKick({}, { log: (l) => logs.push(l) });
    await kick('C-KICK-0005');
    await kick('C-KICK-0006');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/FC_ACCOUNT_ID.*FC_ACCESS_KEY_SECRET missing/);
    expect(fcTargetFromEnv(envFor(fc.url))).toMatchObject({ accountId: LOCAL_DEFAULTS.accountId, service: 'lianban', config: { endpoint: fc.url } });
    expect(fcTargetFromEnv(envFor(fc.url, { FC_SERVICE: undefined }))).toMatchObject({ service: 'lianban' });
  });
});
