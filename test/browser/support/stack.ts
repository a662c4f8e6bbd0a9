/**
 * The whole local stack (scripts/dev/stack.ts: build, tablestore-local, provisioning, seed, gateway
 * fakes, FC runner, one-origin mini-app server) on free ports and a temp data directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack, type Stack } from '../../../scripts/dev/stack';

export interface TestStack {
  stack: Stack;
  /** Function log lines (for failure messages). */
  log: string[];
  stop(): Promise<void>;
}

export async function startTestStack(): Promise<TestStack> {
  const work = mkdtempSync(path.join(tmpdir(), 'lianban-browser-'));
  // as in the repository: the build lands below a package.json that says "type": "module"
  writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');
  const log: string[] = [];
  const out = { write: (text: string) => log.push(text) > 0 };
  try {
    const stack = await startStack({
      dataDir: path.join(work, 'data'),
      distDir: path.join(work, 'dist'),
      basePort: 0,
      durability: 'fast',
      out,
      onFunctionLog: (line, fn) => void log.push(`[${fn}] ${line}`),
    });
    return {
      stack,
      log,
      stop: async () => {
        await stack.stop();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n${log.slice(-30).join('')}`);
  }
}
