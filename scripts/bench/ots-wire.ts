// The "server capacity" phases of the ots part: the lean wire client (wire-client.ts) in one forked
// process, N keep-alive connections with one request in flight each.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WireInitMessage, WireResultMessage, WireRunMessage } from './wire-client';

export interface WirePhaseResult {
  ops: number; opsPerSec: number; errors: number; firstError: string | null; p50: number; p99: number; checked: number;
  /** CPU the client process used per successful call, µs. */
  clientCpuPerCall: number;
}

/** Forks the lean client process; resolves once it has built its request templates and checked them against the SDK. */
export function forkWireClient(init: Omit<WireInitMessage, 'type'>): Promise<ChildProcess> {
  const entry = fileURLToPath(new URL('./wire-client.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m: { type: string; error?: string }) => {
      if (m.type === 'ready') resolve(child);
      else {
        child.kill();
        reject(new Error(`lean client failed to start: ${m.error ?? m.type}`));
      }
    });
    child.once('error', reject);
    child.send({ type: 'init', ...init } satisfies WireInitMessage);
  });
}

export function runWirePhase(child: ChildProcess, run: Omit<WireRunMessage, 'type'>): Promise<WirePhaseResult> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`lean client exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (m: WireResultMessage) => {
      child.off('exit', onExit);
      // NaN crosses IPC (JSON) as null.
      const num = (v: number | null) => (v === null ? NaN : v);
      resolve({
        ops: m.ops, opsPerSec: m.elapsedMs > 0 ? m.ops / (m.elapsedMs / 1000) : 0, errors: m.errors, firstError: m.firstError,
        p50: num(m.p50), p99: num(m.p99), checked: m.checked, clientCpuPerCall: m.ops > 0 ? m.cpuMicros / m.ops : NaN,
      });
    });
    child.send({ type: 'run', ...run } satisfies WireRunMessage);
  });
}
