/**
 * Local Function Compute 2.0 runner for the functions declared in s.yaml.
 *
 * What it serves (from BUILT code in each codeUri — run `npm run build` first):
 * - InvokeFunction `POST /2016-08-15/services/{service}[.LATEST]/functions/{fn}/invocations`, signed as
 *   `@alicloud/fc2` signs (wrong key → 403 SignatureNotMatch); sync, and Async (202, then at-least-once
 *   delivery with FC's retries; see async-delivery.ts).
 * - HTTP triggers at `/2016-08-15/proxy/{service}/{fn}/{subpath}` and `/http/{fn}/{subpath}`; the function
 *   sees `req.path = '/{subpath}'` (see http-trigger.ts for headers and limits).
 * - Timer triggers on their cronExpression (UTC) or `@every`, with FC's timer event (timers.ts, cron.ts).
 *
 * Instances: one worker thread per function instance (instance.ts): the module is loaded once per instance,
 * module state persists across its invocations, the initializer runs once per instance before the first
 * invocation (again after a failure), process.env is the function's environmentVariables, a timeout or
 * process.exit() replaces the instance. Up to `instanceConcurrency` invocations share an instance; more
 * start more instances, up to `maxInstances` (then 429 ResourceExhausted).
 *
 * Programmatic use: `startFcLocal({ sYaml, codeRoot?, port?, env?, validate?, ... })` (server.ts).
 * CLI: `fc-local [--s-yaml s.yaml] [--code-root .] [--port 9000] [--schema <file>] [--no-timers]` (see README.md).
 * Client settings: account id 1234567890, region cn-hangzhou, key lianban-local / lianban-local-secret,
 * endpoint = the runner's URL (override with FC_ACCOUNT_ID, FC_REGION, FC_ACCESS_KEY_ID, FC_ACCESS_KEY_SECRET).
 */
export { startFcLocal, LOCAL_DEFAULTS, type FcLocal, type FcLocalOptions } from './server.js';
export type { InvocationRecord } from './runtime.js';
export { loadSYaml, parseSYaml, SYamlError } from './syaml.js';
export { FC_LOCAL_SCHEMA, schemaValidator, validateSYaml, type SYamlValidator } from './validate.js';
export { FC_DEFAULTS, nodeTargetOf, splitHandler } from './model.js';
export { resolveSYamlText, type ResolveOptions } from './syaml.js';
export { parseSchedule, CronError } from './cron.js';
export type * from './contract.js';
export type * from './model.js';
