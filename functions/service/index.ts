/**
 * The service layer: the operations the api, dispatcher and timer functions call, built on the pure
 * core (functions/core) and the Tablestore repositories (functions/store). Authorisation is the core's
 * policy only; every state change is one conditional write that also records its events and effects.
 *
 *   const services = createServices({ client: createOtsClient(), keys: keysFromEnv(process.env), notifier, kick });
 *   await services.act(actor, caseId, itemId, { type: 'claim' }, expectedVersion);
 */
import { LianbanServices } from './services.js';
import type { ServiceKeys, ServiceOptions, Services } from './types.js';

export * from './types.js';
export { PrecheckFailedError } from './errors.js';

export function createServices(options: ServiceOptions): Services {
  return new LianbanServices(options);
}

/** DATA_KEY and HASH_KEY from the environment; throws naming a missing or malformed key (never its value). */
export function keysFromEnv(env: Record<string, string | undefined>): ServiceKeys {
  const dataKey = env.DATA_KEY ?? '';
  const hashKey = env.HASH_KEY ?? '';
  if (Buffer.from(dataKey, 'base64').length !== 32) throw new Error('DATA_KEY must be set to the base64 of 32 bytes');
  if (hashKey.length < 32) throw new Error('HASH_KEY must be set (at least 32 characters)');
  return { dataKey, hashKey };
}

/** LIANBAN_DRAIN_LEASE_MS (1 s to 10 min), or undefined for the default. */
export function drainLeaseFromEnv(env: Record<string, string | undefined>): number | undefined {
  const raw = env.LIANBAN_DRAIN_LEASE_MS;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1000 || n > 600_000) throw new Error('LIANBAN_DRAIN_LEASE_MS must be a whole number of milliseconds from 1000 to 600000');
  return n;
}
