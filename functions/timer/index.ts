// FC 2.0 entry of the `timer` function (s.yaml: timer trigger `sweep`, payload `{"job":"sweep"}`, UTC cron).
// FC's timer event is `{"triggerTime","triggerName","payload"}`. The sweep drains every case with a dirty
// marker (effects whose delivery was lost) and raises clock warnings and overdue escalations to the district
// supervisors, once per threshold; see functions/effects/jobs.ts.
import type { FcContext } from '../fc/http.js';
import { runSweep } from '../effects/jobs.js';
import { servicesFromEnv } from '../effects/services.js';
import type { Services } from '../service/types.js';

let services: Services | undefined;

const logger = (context?: FcContext) => (line: string) => (context?.logger ? context.logger.info(line) : console.info(line));

export async function initialize(context: FcContext): Promise<void> {
  services ??= servicesFromEnv(process.env, logger(context));
}

export async function handler(event: Buffer, context: FcContext): Promise<unknown> {
  const log = logger(context);
  services ??= servicesFromEnv(process.env, log);
  return runSweep(services, event, log);
}
