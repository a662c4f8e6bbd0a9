/** The runner's CLI and its refusal to start on a broken s.yaml. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CronError, SYamlError, startFcLocal } from '../src/index.js';
import { buildFixtures } from './build-fixtures.js';
import { FIXTURE_SYAML, fc2Client } from './support.js';

const PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'fc-local-cli-'));
  temps.push(d);
  return d;
};

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('fc-local CLI', () => {
  it('serves the built functions on the chosen port, prints the endpoint, and stops on SIGINT', async () => {
    const dir = tempDir();
    await buildFixtures({ distDir: path.join(dir, 'dist'), only: ['probe'] });
    const child = spawn(
      process.execPath,
      [path.join(PACKAGE, 'bin', 'fc-local.js'), '--s-yaml', FIXTURE_SYAML, '--code-root', dir, '--port', '0', '--no-timers'],
      { cwd: PACKAGE, env: { ...process.env, FIXTURE_GREETING: 'from the shell' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no endpoint line in: ${stdout}`)), 30_000);
        child.stdout.on('data', () => {
          const m = /FC endpoint (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (m && stdout.includes('fc-local: ready')) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      expect(stdout).toMatch(/fixture\/web nodejs20 http .*\/2016-08-15\/proxy\/fixture\/web\//);
      expect(stdout).toMatch(/fixture\/ticker nodejs20 timer "@every 1s"; timer "0 0 0 1 1 \*" \(disabled\)/);
      const res = await fc2Client(url).invokeFunction('fixture', 'probe', 'hi');
      const out = JSON.parse(res.data as string) as { env: { GREETING: string } };
      expect(out.env.GREETING).toBe('from the shell');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});

describe('startFcLocal refuses a broken s.yaml', () => {
  const fixture = readFileSync(FIXTURE_SYAML, 'utf8');
  const write = (text: string) => {
    const file = path.join(tempDir(), 's.yaml');
    writeFileSync(file, text);
    return file;
  };

  it('that fails the schema', async () => {
    const file = write(fixture.replace('runtime: nodejs20', 'runtime: nodejs99'));
    await expect(startFcLocal({ sYaml: file, onLog: () => {} })).rejects.toBeInstanceOf(SYamlError);
  });

  it('with a cronExpression that passes the schema pattern but is not a valid schedule', async () => {
    const file = write(fixture.replace("'@every 1s'", "'61 * * * * *'"));
    await expect(startFcLocal({ sYaml: file, onLog: () => {} })).rejects.toBeInstanceOf(CronError);
  });
});
