// FC 2.0 entry of the `api` function (s.yaml: handler index.handler, initializer index.initialize).
// Configuration (environment): LIANBAN_MODE, SESSION_SECRET, OTS_* (directory and every table), ZZD_* and
// DINGTALK_* (login code exchange; notices and to-dos), DATA_KEY / HASH_KEY (encrypted fields, keyed
// hashes), FC_* (the kick: an async invocation of the dispatcher after each state change). The services
// are the same as the dispatcher's and the timer's (functions/effects/services.ts). The app is built once
// per instance, in the initializer or on the first request, and reused across invocations.
import type { Hono } from 'hono';
import { fcHttpHandler, type FcContext } from '../fc/http.js';
import { platformsFromEnv } from '../platform/index.js';
import { servicesFromEnv } from '../effects/services.js';
import { createOtsClient } from '../store/client.js';
import { Directory } from '../store/directory.js';
import { DirectoryEntries } from '../store/directoryKinds.js';
import { StaffSessions } from '../store/sessions.js';
import { createApp, type OrgNames } from './app.js';
import type { ApiEnv } from './auth.js';
import { MIN_SECRET_LENGTH } from './session.js';

export function appFromEnv(env: Record<string, string | undefined> = process.env): Hono<ApiEnv> {
  const sessionSecret = env.SESSION_SECRET ?? '';
  if (sessionSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`SESSION_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters`);
  }
  const mode = env.LIANBAN_MODE === 'local' ? 'local' : 'cloud';
  const log = (line: string) => console.log(line);
  const client = createOtsClient(env);
  const entries = new DirectoryEntries(client);
  return createApp({
    mode,
    sessionSecret,
    staff: new Directory(client),
    sessions: new StaffSessions(client),
    identities: platformsFromEnv(env),
    services: servicesFromEnv(env, log),
    orgNames: () => orgNamesOf(entries),
    now: () => Date.now(),
    log,
  });
}

/** District and department names from the directory (two partition-local range reads). */
export async function orgNamesOf(entries: DirectoryEntries): Promise<OrgNames> {
  const [districts, departments] = await Promise.all([
    entries.list<{ code: string; name: string }>('district'),
    entries.list<{ id: string; name: string }>('department'),
  ]);
  return {
    districts: Object.fromEntries(districts.map((d) => [d.doc.code, d.doc.name])),
    departments: Object.fromEntries(departments.map((d) => [d.doc.id, d.doc.name])),
  };
}

let app: Hono<ApiEnv> | undefined;

/** FC initializer: `async (context)` on Node 18+, `(context, callback)` on older runtimes. */
export async function initialize(context: FcContext, callback?: (err: Error | null, result?: string) => void): Promise<void> {
  try {
    app = appFromEnv();
    context?.logger?.info?.('api initialised');
  } catch (err) {
    if (callback) return callback(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  callback?.(null, '');
}

export const handler = fcHttpHandler((request, env) => (app ??= appFromEnv()).fetch(request, env));
