/** Test helpers: build the fixture functions into a temp dir and talk to the runner with @alicloud/fc2. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { LOCAL_DEFAULTS, startFcLocal, type FcLocal, type FcLocalOptions } from '../src/index.js';
import { FIXTURE_SYAML, buildFixtures } from './build-fixtures.js';

export { FIXTURE_SYAML };

interface Fc2Response {
  headers: Record<string, string>;
  data: unknown;
}

/** The subset of @alicloud/fc2 (no type declarations ship with it) used by the tests. */
export interface Fc2Client {
  invokeFunction(
    service: string,
    fn: string,
    event: string | Buffer | null,
    headers?: Record<string, string>,
    qualifier?: string,
    opts?: { rawBuf?: boolean },
  ): Promise<Fc2Response>;
  get(path: string, query?: Record<string, string | string[]> | null, headers?: Record<string, string>): Promise<Fc2Response>;
  post(path: string, body: string | Buffer | null, headers?: Record<string, string>, queries?: Record<string, string> | null): Promise<Fc2Response>;
}

type Fc2Constructor = (new (
  accountId: string,
  config: { accessKeyID: string; accessKeySecret: string; region: string; endpoint?: string; timeout?: number },
) => Fc2Client) & {
  getSignature(
    accessKeyId: string,
    secret: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    queries: Record<string, string | string[]> | null,
  ): string;
};

const require = createRequire(import.meta.url);
const FC = require('@alicloud/fc2') as Fc2Constructor;

/** The SDK's own signer (`Client.getSignature`), for hand-made requests. */
export function sdkSignature(method: string, path: string, headers: Record<string, string>, queries: Record<string, string | string[]> | null = null): string {
  return FC.getSignature(LOCAL_DEFAULTS.accessKeyId, LOCAL_DEFAULTS.accessKeySecret, method, path, headers, queries);
}

export function fc2Client(url: string, secret: string = LOCAL_DEFAULTS.accessKeySecret, accessKeyId: string = LOCAL_DEFAULTS.accessKeyId): Fc2Client {
  return new FC(LOCAL_DEFAULTS.accountId, { accessKeyID: accessKeyId, accessKeySecret: secret, region: LOCAL_DEFAULTS.region, endpoint: url });
}

export interface FixtureRunner {
  fc: FcLocal;
  client: Fc2Client;
  logs: string[];
  dir: string;
  close(): Promise<void>;
}

/** Builds the fixture functions (esbuild, as a project's build does) and starts a runner on a free port. */
export async function startFixtureRunner(options: Partial<FcLocalOptions> = {}): Promise<FixtureRunner> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-local-'));
  await buildFixtures({ distDir: path.join(dir, 'dist') });
  const logs: string[] = [];
  const fc = await startFcLocal({
    sYaml: FIXTURE_SYAML,
    codeRoot: dir,
    env: { FIXTURE_GREETING: 'ni hao' },
    timers: false,
    asyncRetryBaseMs: 20,
    onLog: (line) => logs.push(line),
    ...options,
  });
  return {
    fc,
    client: fc2Client(fc.url),
    logs,
    dir,
    close: async () => {
      await fc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `condition` every 10 ms (default limit 10 s); for states that have no event to await. */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('until: condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
