// The FC 2.0 event boundary shared by the event functions (dispatcher, timer), beside the HTTP boundary
// (http.ts): services built once per instance (in the initializer, or on the first event; compose.ts),
// logging through FC's context logger. What a function does with its event is its job (effects/jobs.ts).
import type { FcContext } from './http.js';
import type { Services } from '../service/types.js';
import { servicesFromEnv } from './compose.js';

type Log = (line: string) => void;
type Job = (services: Services, event: Buffer, log: Log) => Promise<unknown>;

const loggerOf = (context?: FcContext): Log => (line) => (context?.logger ? context.logger.info(line) : console.info(line));

/** `initialize` and `handler` of an event function that runs `job` on each event. */
export function eventFunction(job: Job): {
  initialize(context: FcContext): Promise<void>;
  handler(event: Buffer, context: FcContext): Promise<unknown>;
} {
  let services: Services | undefined;
  return {
    async initialize(context) {
      services ??= servicesFromEnv(process.env, loggerOf(context));
    },
    async handler(event, context) {
      const log = loggerOf(context);
      services ??= servicesFromEnv(process.env, log);
      return job(services, event, log);
    },
  };
}
