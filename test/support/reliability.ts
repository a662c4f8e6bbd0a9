// What the crash, race and bad-input suites tried, for `npm run bench -- reliability` (RELIABILITY.md). Only when
// LIANBAN_RELIABILITY_OUT names a directory does recordTrial append one JSON line per trial to a file of this
// process there; otherwise it does nothing and the tests behave exactly as without it.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/** One trial: a dispatcher killed at a crash point, a race run, a redelivery, or a bad input sent to a route. */
export type Trial =
  | { kind: 'kill'; suite: string; point: string; step?: number; scenario?: string }
  | { kind: 'race' | 'redelivery'; suite: string; what: string }
  | { kind: 'badInput'; suite: string; method: string; path: string; status: number; code?: string };

/** Appends the trial (with the test file and the current test's name) when LIANBAN_RELIABILITY_OUT is set. */
export function recordTrial(trial: Trial): void {
  const dir = process.env.LIANBAN_RELIABILITY_OUT;
  if (!dir) return;
  const { testPath, currentTestName } = expect.getState();
  appendFileSync(path.join(dir, `trials-${process.pid}.jsonl`), `${JSON.stringify({ ...trial, file: testPath ?? '', test: currentTestName ?? '' })}\n`);
}
