// The throughput part's HTTP driver: staff sessions (the demo login through the mini-app origin), every call to the api
// timed per route — to the api function's HTTP trigger, as the deployed mini-app calls it, or through the local
// one-origin server's proxy — and one case driven from acceptance to 办结 the way staff work it. A bundle gives its application and its work (what is done
// to which sub-task in which order); sub-task actions are taken at the version just read, read again and retried when
// another writer (the dispatcher delivering an effect) moved the sub-task in between (409).
import { performance } from 'node:perf_hooks';
import { login, type Session } from './stackHttp';

const POLL_MS = 50;
const POLLS = 2000;
const RETRIES = 5;

type Samples = Map<string, number[]>;

interface SubTaskView {
  state: string;
  version: number;
}

interface AcceptedCase {
  id: string;
  subTasks: { itemId: string; department: string }[];
}

/** Calls of one level: timed per route; sessions shared (logins are no part of a case). */
export class Http {
  readonly samples: Samples = new Map();
  /** Actions answered 409 (version moved) and taken again. */
  conflicts = 0;
  constructor(
    /** Where the api's routes are called: the HTTP trigger's base, or the mini-app origin (its proxy). */
    private readonly base: string,
    /** The mini-app origin: the demo login (the 浙政钉 fake's code, then /api/login). */
    private readonly origin: string,
    private readonly sessions: Map<string, Promise<Session>>,
  ) {}

  session(staffId: string): Promise<Session> {
    let s = this.sessions.get(staffId);
    if (!s) {
      s = login(this.origin, staffId);
      this.sessions.set(staffId, s);
    }
    return s;
  }

  async call<T>(route: string, staffId: string, method: string, p: string, body?: unknown): Promise<{ status: number; json: T }> {
    const { token } = await this.session(staffId);
    const t0 = performance.now();
    const res = await fetch(this.base + p, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    const list = this.samples.get(route);
    if (list) list.push(ms);
    else this.samples.set(route, [ms]);
    let json: T;
    try {
      json = JSON.parse(text) as T;
    } catch {
      throw new Error(`${method} ${p} → ${res.status} (not JSON) ${text.slice(0, 300)}`);
    }
    return { status: res.status, json };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const brief = (json: unknown) => JSON.stringify(json).slice(0, 300);

/** One accepted case as staff work it. `role` names the route samples (who reads: handler, signer, countersigner, clerk). */
export class Drive {
  constructor(readonly http: Http, readonly kase: AcceptedCase) {}

  department(itemId: string): string {
    const dep = this.kase.subTasks.find((t) => t.itemId === itemId)?.department;
    if (!dep) throw new Error(`${this.kase.id} has no sub-task ${itemId}`);
    return dep;
  }

  private path(itemId: string): string {
    return `/api/subtasks/${this.kase.id}/${itemId}`;
  }

  async open(itemId: string, by: string, role: string): Promise<{ subTask: SubTaskView; prefill?: Record<string, Record<string, unknown>> }> {
    const r = await this.http.call<{ subTask: SubTaskView; prefill?: Record<string, Record<string, unknown>> }>(`GET /api/subtasks/:id (${role})`, by, 'GET', this.path(itemId));
    if (r.status !== 200) throw new Error(`${by} GET ${itemId}: ${r.status} ${brief(r.json)}`);
    return r.json;
  }

  /** Polls the sub-task (every 50 ms) until it is ready; its version. */
  async whenReady(itemId: string, by: string, role: string): Promise<number> {
    for (let i = 0; ; i++) {
      const { subTask } = await this.open(itemId, by, role);
      if (subTask.state === 'ready') return subTask.version;
      if (i > POLLS) throw new Error(`${this.kase.id} ${itemId} never became ready (${subTask.state})`);
      await sleep(POLL_MS);
    }
  }

  /** One action at `version` (or the version read first); on 409 read again and retry. The sub-task after it. */
  async act(itemId: string, by: string, role: string, command: { type: string } & Record<string, unknown>, version?: number): Promise<SubTaskView> {
    let v = version ?? (await this.open(itemId, by, role)).subTask.version;
    for (let attempt = 0; ; attempt++) {
      const r = await this.http.call<{ subTask: SubTaskView }>(`POST …/actions ${command.type}`, by, 'POST', `${this.path(itemId)}/actions`, { command, expectedVersion: v });
      if (r.status === 200) return r.json.subTask;
      if (r.status !== 409 || attempt >= RETRIES) throw new Error(`${by} ${command.type} ${itemId}: ${r.status} ${brief(r.json)}`);
      this.http.conflicts++;
      v = (await this.open(itemId, by, role)).subTask.version;
    }
  }

  /**
   * The department's usual work on a sub-task: its handler claims it when ready; its signer opens it and signs it off
   * (the sheet's values over what the sheet prefills); a second signer countersigns where the item asks for 会签.
   */
  async signItem(
    itemId: string,
    who: { handler: string; signer: string; seal: string; countersigner?: string },
    outputs: (prefill: Record<string, Record<string, unknown>>) => Record<string, unknown>,
  ): Promise<void> {
    const ready = await this.whenReady(itemId, who.handler, who.handler === who.signer ? 'signer' : 'handler');
    await this.act(itemId, who.handler, who.handler === who.signer ? 'signer' : 'handler', { type: 'claim' }, ready);
    const detail = await this.open(itemId, who.signer, 'signer');
    const signed = await this.act(itemId, who.signer, 'signer', { type: 'signOff', sealId: who.seal, outputs: outputs(detail.prefill ?? {}) }, detail.subTask.version);
    const expected = who.countersigner ? 'countersigning' : 'done';
    if (signed.state !== expected) throw new Error(`${this.kase.id} ${itemId} after sign-off: ${signed.state}, not ${expected}`);
    if (who.countersigner) await this.act(itemId, who.countersigner, 'countersigner', { type: 'countersign', sealId: who.seal, opinion: '同意' });
  }

  /** A case-level command of the window (its read model's version first; on 409 read again and retry). */
  async caseCommand(by: string, view: string, command: string, body: Record<string, unknown>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const read = await this.http.call<{ acceptance: { version: number } }>(`GET /api/cases/:id/${view}`, by, 'GET', `/api/cases/${this.kase.id}/${view}`);
      if (read.status !== 200) throw new Error(`${by} GET ${view}: ${read.status} ${brief(read.json)}`);
      const r = await this.http.call(`POST /api/cases/:id/${command}`, by, 'POST', `/api/cases/${this.kase.id}/${command}`, { ...body, expectedVersion: read.json.acceptance.version });
      if (r.status === 200) return;
      if (r.status !== 409 || attempt >= RETRIES) throw new Error(`${by} ${command}: ${r.status} ${brief(r.json)}`);
      this.http.conflicts++;
    }
  }
}

/** How the bench drives one bundle: the window that accepts, the n-th case's application (a subject of its own), its work. */
export interface BundleDriver {
  key: string;
  name: string;
  clerk: string;
  application(n: number): { body: Record<string, unknown>; work: (d: Drive) => Promise<void> };
}

/** One case: accepted by the window, worked, then the window polls the case until 办结. Its number of sub-tasks. */
export async function runCase(http: Http, driver: BundleDriver, n: number): Promise<number> {
  const { body, work } = driver.application(n);
  const accepted = await http.call<{ case?: AcceptedCase }>('POST /api/cases', driver.clerk, 'POST', '/api/cases', {
    ...body, requestId: `bench-throughput-${driver.key}-${n}-${Date.now()}`,
  });
  const kase = accepted.json.case;
  if (accepted.status !== 201 || !kase) throw new Error(`accept: ${accepted.status} ${brief(accepted.json)}`);
  await work(new Drive(http, kase));
  for (let i = 0; ; i++) {
    const view = await http.call<{ case: { state: string } }>('GET /api/cases/:id', driver.clerk, 'GET', `/api/cases/${kase.id}`);
    if (view.json.case.state === 'completed') return kase.subTasks.length;
    if (i > POLLS) throw new Error(`${kase.id} did not complete (${view.json.case.state})`);
    await sleep(POLL_MS);
  }
}
