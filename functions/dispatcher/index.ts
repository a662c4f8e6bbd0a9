// FC 2.0 entry of the `dispatcher` function (s.yaml: handler index.handler, async, at least once).
// Event: `{"caseId":"…"}` from kick (functions/effects/kick.ts). Applies the case's pending effects;
// see functions/effects/jobs.ts for what is retried and what is not.
import { runDispatch } from '../effects/jobs.js';
import { eventFunction } from '../fc/event.js';

const fc = eventFunction(runDispatch);

/** FC initializer: builds the services once per instance. */
export const initialize = fc.initialize;
export const handler = fc.handler;
