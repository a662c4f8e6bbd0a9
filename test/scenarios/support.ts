// Scenario support: the whole local stack (what `npm start` runs: build, tablestore-local, provisioning,
// seed, gateway fakes, the FC runner serving the BUILT api, dispatcher and timer functions, the one-origin
// mini-app server) on free ports and a temp directory. Staff log in the way the browser does (demo staff
// list → login-free code from the 浙政钉 fake → POST /api/login) and call the API through the mini-app
// origin; every JSON answer is checked against schemas/openapi.json. Effects are delivered by the
// dispatcher after the api's async kick, so tests wait for their results by polling (bounded by a
// number of attempts, never asserting on time).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { startStack, type Stack } from '../../scripts/dev/stack';
import { shanghaiWallClock } from '../../functions/core/time';
import { responseProblems } from '../api/openapi-support';

export interface ScenarioStack {
  stack: Stack;
  base: string;
  output: string[];
  functionLog: string[];
  stop(): Promise<void>;
}

export async function startScenarioStack(label: string, functionEnv: Record<string, string> = {}): Promise<ScenarioStack> {
  const work = mkdtempSync(path.join(tmpdir(), `lianban-${label}-`));
  // As in the repository: the build lands below a package.json that says "type": "module".
  writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');
  const output: string[] = [];
  const functionLog: string[] = [];
  const stack = await startStack({
    dataDir: path.join(work, 'data'),
    distDir: path.join(work, 'dist'),
    basePort: 0,
    durability: 'fast',
    timers: false,
    functionEnv,
    out: { write: (text: string) => output.push(text) > 0 },
    onFunctionLog: (line, fn) => void functionLog.push(`[${fn}] ${line}`),
  });
  return {
    stack,
    base: stack.miniappUrl,
    output,
    functionLog,
    stop: async () => {
      await stack.stop();
      // Kept for the reader of a failed run: what each function logged (never an ID or phone number).
      const logs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts', 'function-logs');
      mkdirSync(logs, { recursive: true });
      writeFileSync(path.join(logs, `${label}-${path.basename(work)}.log`), functionLog.join('\n') + '\n');
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  body: any;
}

/** One logged-in member of staff calling the API through the mini-app origin. */
export class StaffClient {
  constructor(
    readonly base: string,
    readonly id: string,
    readonly accountId: string,
    private readonly token: string,
  ) {}

  async call(method: string, p: string, json?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${p}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    const text = await res.text();
    const body = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    expect(responseProblems(method, p, res.status, body), `${this.id}: ${method} ${p} → ${res.status} ${text.slice(0, 300)}`).toEqual([]);
    return { status: res.status, body };
  }

  get = (p: string) => this.call('GET', p);
  post = (p: string, json: unknown) => this.call('POST', p, json);

  /** GET that must succeed. */
  async read(p: string): Promise<any> {
    const r = await this.get(p);
    expect(r.status, `${this.id}: GET ${p} → ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
    return r.body;
  }

  /** One action at the sub-task's current version; must succeed. */
  async act(caseId: string, itemId: string, command: Record<string, unknown>): Promise<any> {
    const { subTask } = await this.read(`/api/subtasks/${caseId}/${itemId}`);
    const r = await this.post(`/api/subtasks/${caseId}/${itemId}/actions`, { command, expectedVersion: subTask.version });
    expect(r.status, `${this.id} ${String(command.type)} ${itemId}: ${JSON.stringify(r.body).slice(0, 400)}`).toBe(200);
    return r.body.subTask;
  }
}

interface DemoStaff {
  id: string;
  accountId: string;
  districtName: string;
  departmentName: string;
}

let demoStaff: DemoStaff[] | undefined;

/** The browser's demo login, through the mini-app origin. */
export async function login(base: string, staffId: string): Promise<StaffClient> {
  demoStaff ??= (await (await fetch(`${base}/api/dev/staff`)).json()) as DemoStaff[];
  const chosen = demoStaff.find((s) => s.id === staffId);
  if (!chosen) throw new Error(`${staffId} is not in the demo staff list`);
  const codeRes = await fetch(`${base}/__local/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountId: chosen.accountId }) });
  expect(codeRes.status).toBe(200);
  const { code } = (await codeRes.json()) as { code: string };
  const res = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: 'local', code }) });
  const body = (await res.json()) as { token: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return new StaffClient(base, staffId, chosen.accountId, body.token);
}

/** Forget the cached demo staff list (a new stack). */
export function resetLoginCache(): void {
  demoStaff = undefined;
}

/** Polls `probe` until `done` holds (at most `attempts` times, `intervalMs` apart); returns the last value. */
export async function eventually<T>(label: string, probe: () => Promise<T>, done: (value: T) => boolean, attempts = 900, intervalMs = 100): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await probe();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${label}: not reached after ${attempts} attempts; last: ${JSON.stringify(last).slice(0, 500)}`);
}

export interface Inbox {
  notices: Array<{ id: string; title: string; text: string; url?: string; bizMsgId?: string }>;
  todos: Array<{ id: string; subject: string; state: 'open' | 'done' | 'cancelled'; bizTaskId?: string; url?: string }>;
}

/** What the 浙政钉 fake received for one account (work notifications and to-dos). */
export async function inbox(base: string, accountId: string): Promise<Inbox> {
  const res = await fetch(`${base}/__local/inbox?accountId=${encodeURIComponent(accountId)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Inbox;
}

/** Today in Asia/Shanghai as YYYY-MM-DD, and a day some days before it. */
export function shanghaiDay(offsetDays = 0): string {
  return shanghaiWallClock(Date.now() + offsetDays * 86400_000).slice(0, 10);
}

/** Output values with every date set to today and every date-time to `at` (sample data, dated now). */
export function datedNow<T extends Record<string, string | number | boolean>>(values: T, at: string): T {
  const today = shanghaiDay();
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(values)) {
    out[k] = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? today : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? at : v;
  }
  return out as T;
}

/**
 * An 18-digit ID number anywhere in a text (lists and logs must never carry one): a region, a birth date and a
 * sequence, standing alone — not a run of digits inside a hex hash or a token, which by chance (about 1 % of 64-char
 * sha256 hex strings) holds 18 digits in a row and failed a scenario once.
 */
export const FULL_ID = /(?<![0-9A-Za-z])[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])/;

/** POST of a file's bytes (an attachment upload) by a member of staff, through the mini-app origin, after the demo login. */
export async function uploadAs(base: string, staffId: string, p: string, bytes: Buffer, contentType: string, fileName: string): Promise<Answer> {
  demoStaff ??= (await (await fetch(`${base}/api/dev/staff`)).json()) as DemoStaff[];
  const chosen = demoStaff.find((s) => s.id === staffId);
  if (!chosen) throw new Error(`${staffId} is not in the demo staff list`);
  const codeRes = await fetch(`${base}/__local/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountId: chosen.accountId }) });
  const { code } = (await codeRes.json()) as { code: string };
  const loginRes = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: 'local', code }) });
  const { token } = (await loginRes.json()) as { token: string };
  const res = await fetch(`${base}${p}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'x-file-name': encodeURIComponent(fileName) },
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  const body = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  expect(responseProblems('POST', p, res.status, body), `${staffId}: POST ${p} → ${res.status} ${text.slice(0, 300)}`).toEqual([]);
  return { status: res.status, body };
}
