// FC 2.0 entry of the `api` function (s.yaml: handler index.handler, initializer index.initialize).
// Configuration (environment): LIANBAN_MODE, SESSION_SECRET, OTS_* (directory and every table), ZZD_* and
// DINGTALK_* (login code exchange; notices and to-dos), DATA_KEY / HASH_KEY (encrypted fields, keyed
// hashes), FC_* (the kick: an async invocation of the dispatcher after each state change). The services
// are the same as the dispatcher's and the timer's (functions/fc/compose.ts); login, the session
// check and the demo login reach the staff directory through them. The app is built once per instance,
// in the initializer or on the first request, and reused across invocations.
import type { Hono } from 'hono';
import { fcHttpHandler, type FcContext } from '../fc/http.js';
import { platformsFromEnv } from '../platform/index.js';
import { servicesFromEnv } from '../fc/compose.js';
import { createApp } from './app.js';
import type { ApiEnv } from './auth.js';
import { MIN_SECRET_LENGTH } from './session.js';

export function appFromEnv(env: Record<string, string | undefined> = process.env): Hono<ApiEnv> {
  const sessionSecret = env.SESSION_SECRET ?? '';
  if (sessionSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`SESSION_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters`);
  }
  const mode = env.LIANBAN_MODE === 'local' ? 'local' : 'cloud';
  const log = (line: string) => console.log(line);
  // The api drains each change's effects in its own request (the dispatcher takes what is left).
  const services = servicesFromEnv(env, log, { inline: true });
  return createApp({
    mode,
    sessionSecret,
    staff: services.directory,
    sessions: services.sessions,
    identities: platformsFromEnv(env),
    services,
    orgNames: () => services.directory.orgNames(),
    now: () => Date.now(),
    log,
  });
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
