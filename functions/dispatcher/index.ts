// FC 2.0 entry of the `dispatcher` function (s.yaml: handler index.handler, async, at least once).
// Event: `{"caseId":"…"}` from kick (functions/effects/kick.ts). Applies the case's pending effects;
// see functions/effects/jobs.ts for what is retried and what is not.
import type { FcContext } from '../fc/http.js';
import { runDispatch } from '../effects/jobs.js';
import { servicesFromEnv } from '../effects/services.js';
import type { Services } from '../service/types.js';

let services: Services | undefined;

const logger = (context?: FcContext) => (line: string) => (context?.logger ? context.logger.info(line) : console.info(line));

/** FC initializer (optional for this function): builds the services once per instance. */
export async function initialize(context: FcContext): Promise<void> {
  services ??= servicesFromEnv(process.env, logger(context));
}

export async function handler(event: Buffer, context: FcContext): Promise<unknown> {
  const log = logger(context);
  services ??= servicesFromEnv(process.env, log);
  return runDispatch(services, event, log);
}
