// Runs drain-child.ts in its own Node process (tsx loader) and kills it with SIGKILL at its crash point.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DrainReport } from '../../../functions/service/index';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'drain-child.ts');

export type ChildOutcome =
  | { kind: 'killed'; step: number; label: string }
  | { kind: 'done'; report: DrainReport; steps: string[] }
  | { kind: 'error'; message: string; steps: string[] };

export function runDrainChild(env: Record<string, string>, caseId: string, crashAfterStep: number): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, ...env, DRAIN_CASE_ID: caseId, CRASH_AFTER_STEP: String(crashAfterStep) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let outcome: ChildOutcome | null = null;
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('message', (m: { type: string; step?: number; label?: string; report?: DrainReport; steps?: string[]; message?: string }) => {
      if (m.type === 'crashpoint') {
        outcome = { kind: 'killed', step: m.step ?? 0, label: m.label ?? '' };
        child.kill('SIGKILL');
      } else if (m.type === 'done') outcome = { kind: 'done', report: m.report!, steps: m.steps ?? [] };
      else if (m.type === 'error') outcome = { kind: 'error', message: m.message ?? '', steps: m.steps ?? [] };
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (outcome?.kind === 'killed' && signal !== 'SIGKILL') return reject(new Error(`child was to be killed but exited ${code ?? signal}`));
      if (outcome) return resolve(outcome);
      reject(new Error(`drain child exited (${code ?? signal}) without reporting:\n${stderr.slice(-2000)}`));
    });
  });
}
