export { startFcLocal, LOCAL_DEFAULTS, type FcLocal, type FcLocalOptions } from './server.js';
export type { InvocationRecord } from './runtime.js';
export { loadSYaml, parseSYaml, SYamlError } from './syaml.js';
export { validateSYaml } from './validate.js';
export { parseSchedule, CronError } from './cron.js';
export type * from './contract.js';
export type * from './model.js';
