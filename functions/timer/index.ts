// FC 2.0 entry of the `timer` function (s.yaml: timer trigger `sweep`, payload `{"job":"sweep"}`, UTC cron).
// FC's timer event is `{"triggerTime","triggerName","payload"}`. The sweep drains every case with a dirty
// marker (effects whose delivery was lost) and raises clock warnings and overdue escalations to the district
// supervisors, once per threshold; see functions/effects/jobs.ts.
import { runSweep } from '../effects/jobs.js';
import { eventFunction } from '../fc/event.js';

const fc = eventFunction(runSweep);

/** FC initializer: builds the services once per instance. */
export const initialize = fc.initialize;
export const handler = fc.handler;
