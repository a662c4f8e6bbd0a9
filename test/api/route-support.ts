// Route-level test harness: the api app over the real service layer, on a real tablestore-local (free
// port, temp dir) provisioned with every table of the registry and seeded with the demo directory —
// exactly what `npm start` runs, minus the FC runner. Sessions are issued directly for seeded staff
// (the login exchange has its own tests); the clock is fixed; after every request the cases it kicked
// are drained (the dispatcher's job, done in-process before the answer reaches the test), and notices
// and to-dos are recorded.
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { createApp, type ApiDeps } from '../../functions/api/app';
import type { ApiEnv, SessionRegistry } from '../../functions/api/auth';
import { issueSession } from '../../functions/api/session';
import { seedDirectory as catalogDirectory } from '../../functions/catalog/index';
import { findStaff, type Staff } from '../../functions/core/directory';
import { createServices, type NoticeDelivery, type Notifier, type Services, type TodoDelivery, type TodoFinish } from '../../functions/service/index';
import { createOtsClient, type OtsClient } from '../../functions/store/client';
import { Directory } from '../../functions/store/directory';
import { StaffSessions } from '../../functions/store/sessions';
import { TABLES } from '../../functions/store/tables';
import { createAdminClient } from '../../scripts/provision/admin';
import { provisionTables } from '../../scripts/provision/provision';
import { catalogSeed, seedDirectory } from '../../scripts/seed/directory';
import { startOts, type OtsHarness } from '../support/ots';
import { responseProblems } from './openapi-support';

export const SECRET = 'route-test-session-secret-0123456789abcdef';
export const KEYS = { dataKey: Buffer.alloc(32, 7).toString('base64'), hashKey: 'route-test-hash-key-0123456789abcdef' };
/** Monday 2 March 2026, 10:00 in Asia/Shanghai (the core fixtures' NOW). */
export const NOW = '2026-03-02T02:00:00.000Z';

const refuse = (): never => {
  throw new Error('services are not used by this test');
};

/** The seeded directory as sessions see it (generation 0), without I/O. */
const seededSessions: SessionRegistry = {
  current: async (id) => {
    const s = findStaff(catalogDirectory, id);
    return s ? { district: s.district, department: s.department, roles: [...s.roles], generation: 0 } : null;
  },
  revoke: refuse,
};

/** Deps for building the app without any I/O (route listing). */
export function unusedDeps(): ApiDeps {
  return {
    mode: 'local',
    sessionSecret: SECRET,
    staff: { findStaffByAccount: refuse, listStaff: refuse },
    sessions: seededSessions,
    identities: {},
    services: new Proxy({} as Services, { get: () => refuse }),
    now: () => Date.parse(NOW),
    log: () => undefined,
  };
}

class RecordingNotifier implements Notifier {
  notices: NoticeDelivery[] = [];
  todos: TodoDelivery[] = [];
  finished: TodoFinish[] = [];
  async sendNotice(n: NoticeDelivery): Promise<void> {
    this.notices.push(n);
  }
  async createTodo(t: TodoDelivery): Promise<{ platformId: string }> {
    this.todos.push(t);
    return { platformId: `test:${t.todoId}` };
  }
  async finishTodo(t: TodoFinish): Promise<void> {
    this.finished.push(t);
  }
}

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface RouteHarness {
  ots: OtsHarness;
  /** A Tablestore client of the harness's tables (to read rows as stored). */
  client: OtsClient;
  app: Hono<ApiEnv>;
  services: Services;
  notifier: RecordingNotifier;
  kicked: string[];
  logs: string[];
  /** A session token for a seeded staff member. */
  token(staffId: string): string;
  staff(staffId: string): Staff;
  /** One request; JSON bodies are parsed; every JSON answer is checked against the OpenAPI document. */
  call(method: string, path: string, init?: { token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> }): Promise<Answer>;
  /** Applies the case's pending effects (what the dispatcher does on a kick). */
  drain(caseId: string): Promise<void>;
  /** Moves the services' business clock (sessions keep NOW); the snapshot follows the new day. */
  setNow(instant: string): void;
  stop(): Promise<void>;
}

export async function startRouteHarness(): Promise<RouteHarness> {
  const ots = await startOts();
  const env = {
    OTS_ENDPOINT: ots.server.url,
    OTS_INSTANCE: ots.server.instance,
    OTS_ACCESS_KEY_ID: ots.server.accessKeyId,
    OTS_ACCESS_KEY_SECRET: ots.server.accessKeySecret,
  };
  await provisionTables(
    createAdminClient({
      endpoint: ots.server.url, instancename: ots.server.instance, accessKeyId: ots.server.accessKeyId, secretAccessKey: ots.server.accessKeySecret, maxRetries: 2,
    }),
    TABLES,
    { pollMs: 20 },
  );
  const client = createOtsClient(env);
  await seedDirectory(client, catalogSeed(), { keys: KEYS, now: NOW });
  const notifier = new RecordingNotifier();
  const kicked: string[] = [];
  const logs: string[] = [];
  let drainedUpTo = 0;
  const drainKicked = async () => {
    const pending = [...new Set(kicked.slice(drainedUpTo))];
    drainedUpTo = kicked.length;
    for (const caseId of pending) {
      const report = await services.drainCase(caseId);
      if (report.pending > 0) throw new Error(`drain of ${caseId} left ${report.pending} effect(s) pending`);
    }
  };
  let now = NOW;
  const services = createServices({ client, keys: KEYS, notifier, kick: (caseId) => void kicked.push(caseId), now: () => now, log: (l) => logs.push(l) });
  const app = createApp({
    mode: 'local',
    sessionSecret: SECRET,
    staff: new Directory(client),
    sessions: new StaffSessions(client),
    identities: {},
    services,
    orgNames: () => services.directory.orgNames(),
    now: () => Date.parse(NOW),
    log: (l) => logs.push(l),
  });

  const staff = (id: string): Staff => {
    const s = findStaff(catalogDirectory, id);
    if (!s) throw new Error(`no seeded staff ${id}`);
    return s;
  };
  const token = (id: string): string => {
    const s = staff(id);
    return issueSession({ id: s.id, name: s.name, districtCode: s.district, departmentCode: s.department, roles: s.roles }, SECRET, Date.parse(NOW)).token;
  };

  const call: RouteHarness['call'] = async (method, path, init = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await app.fetch(new Request(`http://api.local${path}`, { method, headers, body }));
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('application/json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    if (type.includes('application/json')) {
      expect(responseProblems(method, path, res.status, parsed), `${method} ${path} → ${res.status} ${JSON.stringify(parsed).slice(0, 300)}`).toEqual([]);
    }
    // What the dispatcher does on each kick, done before the answer is handed to the test.
    await drainKicked();
    return { status: res.status, body: parsed, headers: res.headers };
  };

  return {
    ots,
    client,
    app,
    services,
    notifier,
    kicked,
    logs,
    token,
    staff,
    call,
    drain: async (caseId) => {
      await services.drainCase(caseId);
    },
    setNow: (instant) => {
      now = instant;
    },
    stop: () => ots.stop(),
  };
}
