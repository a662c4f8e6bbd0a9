// kick: asks the dispatcher to apply a case's pending effects now, by an ASYNC invocation of the
// `dispatcher` function through `@alicloud/fc2` (header `x-fc-invocation-type: Async`, event `{"caseId"}`).
// FC answers 202 at once and delivers the event at least once; the dispatcher is idempotent.
//
// A kick never fails its caller: the state change (with its effects and the dirty marker) is already
// stored, and the timer's sweep re-delivers whatever a lost kick did not. Failures are logged with the
// case id and the SDK's error code only (no personal data is ever in a kick).
//
// Configuration (environment): FC_ENDPOINT (optional: without it the SDK derives
// http://<account>.<region>.fc.aliyuncs.com), FC_ACCOUNT_ID, FC_REGION, FC_ACCESS_KEY_ID,
// FC_ACCESS_KEY_SECRET, FC_SERVICE (default "lianban").
import { dispatchEventBytes, CASE_ID_PATTERN } from './event.js';
import { describeFc2Error, loadFc2, type Fc2Client, type Fc2Config } from './fc2.js';

export type Kick = (caseId: string) => Promise<void>;

export interface KickEnv {
  FC_ENDPOINT?: string;
  FC_ACCOUNT_ID?: string;
  FC_REGION?: string;
  FC_ACCESS_KEY_ID?: string;
  FC_ACCESS_KEY_SECRET?: string;
  FC_SERVICE?: string;
  [name: string]: string | undefined;
}

export interface KickOptions {
  /** Log sink (default console.warn). Lines hold case ids and error codes, never personal data. */
  log?: (line: string) => void;
  /** The function to invoke (default "dispatcher", as declared in s.yaml). */
  functionName?: string;
  /** Request timeout of the InvokeFunction call (default 5 s; the SDK's own default is 60 s). */
  timeoutMs?: number;
}

export interface FcTarget {
  accountId: string;
  service: string;
  config: Fc2Config;
}

const DEFAULT_SERVICE = 'lianban';
const DISPATCHER_FUNCTION = 'dispatcher';

/** The invocation target from FC_* configuration, or the names of what is missing. */
export function fcTargetFromEnv(env: KickEnv, timeoutMs = 5_000): FcTarget | { missing: string[] } {
  const missing = ['FC_ACCOUNT_ID', 'FC_REGION', 'FC_ACCESS_KEY_ID', 'FC_ACCESS_KEY_SECRET'].filter((k) => !env[k]);
  if (missing.length > 0) return { missing };
  return {
    accountId: env.FC_ACCOUNT_ID as string,
    service: env.FC_SERVICE || DEFAULT_SERVICE,
    config: {
      accessKeyID: env.FC_ACCESS_KEY_ID as string,
      accessKeySecret: env.FC_ACCESS_KEY_SECRET as string,
      region: env.FC_REGION as string,
      ...(env.FC_ENDPOINT ? { endpoint: env.FC_ENDPOINT.replace(/\/+$/, '') } : {}),
      timeout: timeoutMs,
    },
  };
}

export function createKick(env: KickEnv = process.env, options: KickOptions = {}): Kick {
  const log = options.log ?? ((line: string) => console.warn(line));
  const functionName = options.functionName ?? DISPATCHER_FUNCTION;
  const target = fcTargetFromEnv(env, options.timeoutMs);
  if ('missing' in target) {
    let warned = false;
    return async () => {
      if (!warned) log(`kick: FC is not configured (${target.missing.join(', ')} missing); effects wait for the timer sweep`);
      warned = true;
    };
  }
  let client: Promise<Fc2Client> | undefined;
  return async (caseId: string) => {
    if (!CASE_ID_PATTERN.test(caseId)) {
      log('kick: refused an invalid case id');
      return;
    }
    try {
      client ??= loadFc2().then((FC) => new FC(target.accountId, target.config));
      await (await client).invokeFunction(target.service, functionName, dispatchEventBytes(caseId), { 'x-fc-invocation-type': 'Async' });
    } catch (err) {
      // A client that could not even be built is built again next time.
      if (client && !(await client.then(() => true, () => false))) client = undefined;
      log(`kick: async invocation of ${target.service}/${functionName} for case ${caseId} failed; the timer sweep will deliver it: ${describeFc2Error(err)}`);
    }
  };
}
