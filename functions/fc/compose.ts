// The composition root: builds the services every FC function runs on (api, dispatcher, timer) from the
// functions' configuration:
//   OTS_* (Tablestore), DATA_KEY / HASH_KEY (encrypted fields, keyed hashes), ZZD_* / DINGTALK_* (notices
//   and to-dos), FC_* (kick), LIANBAN_APP_URL (links in notices; npm start's mini-app origin in local mode),
//   LIANBAN_DRAIN_LEASE_MS (the drain lease), LIANBAN_DRAIN_INLINE (the api: "0" leaves every change's effects
//   to the dispatcher; by default a request drains its own change at once, service/types.ts drainInline).
// The api adds its session secret and mode (functions/api/index.ts); the event functions take them as they
// are (fc/event.ts).
import { platformsFromEnv } from '../platform/index.js';
import { createServices, drainLeaseFromEnv, keysFromEnv } from '../service/index.js';
import type { Services } from '../service/types.js';
import { createOtsClient } from '../store/client.js';
import { createKick } from '../effects/kick.js';
import { appUrlFromEnv } from '../effects/links.js';
import { createPlatformNotifier } from '../effects/notifier.js';

export function servicesFromEnv(env: Record<string, string | undefined>, log: (line: string) => void, opts: { inline?: boolean } = {}): Services {
  const platforms = platformsFromEnv(env);
  if (!platforms.zzd && !platforms.dingtalk) log('effects: neither 浙政钉 (ZZD_APP_KEY) nor DingTalk (DINGTALK_APP_KEY) is configured: notices cannot be sent');
  const appUrl = appUrlFromEnv(env);
  if (!appUrl) log('effects: LIANBAN_APP_URL is not set: notices go out without a link and to-dos cannot be created');
  return createServices({
    client: createOtsClient(env),
    keys: keysFromEnv(env),
    notifier: createPlatformNotifier({ platforms, appUrl, log }),
    kick: createKick(env, { log }),
    drainLeaseMs: drainLeaseFromEnv(env),
    drainInline: (opts.inline ?? false) && env.LIANBAN_DRAIN_INLINE !== '0',
    log,
  });
}
