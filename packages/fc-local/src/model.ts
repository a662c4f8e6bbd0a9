/**
 * The functions declared in s.yaml, after variable substitution and schema validation, with FC 2.0 defaults
 * filled in. The runner's model; a project's build may use it too.
 */

export interface HttpTriggerSpec {
  type: 'http';
  name: string;
  /** `function` means requests must carry an FC signature; `anonymous` means anyone may call. */
  authType: 'anonymous' | 'function';
  methods: string[];
}

export interface TimerTriggerSpec {
  type: 'timer';
  name: string;
  cronExpression: string;
  enable: boolean;
  payload: string;
}

/** Declared but not served locally (oss, tablestore, …); kept so tools can list them. */
export interface OtherTriggerSpec {
  type: 'other';
  name: string;
  kind: string;
}

export type TriggerSpec = HttpTriggerSpec | TimerTriggerSpec | OtherTriggerSpec;

export interface ServiceSpec {
  name: string;
  description: string;
  /** Present when the service has a logConfig object (FC passes them in context.service). */
  logProject: string;
  logStore: string;
}

export interface AsyncSpec {
  /** FC 2.0: retries after a function error, 0–8, default 3. */
  maxAsyncRetryAttempts: number;
  /** How long an async event may wait before it is dropped; 1–2592000 s. */
  maxAsyncEventAgeInSeconds: number;
}

export interface FunctionSpec {
  /** Key of the entry under `services:` in s.yaml. */
  key: string;
  region: string;
  service: ServiceSpec;
  name: string;
  runtime: string;
  /** `<file>.<export>`, e.g. `index.handler`. */
  handler: string;
  /** As written in s.yaml (relative to the directory of s.yaml). */
  codeUri: string;
  memorySize: number;
  /** Seconds. */
  timeout: number;
  instanceConcurrency: number;
  initializer: string | null;
  /** Seconds. */
  initializationTimeout: number;
  environmentVariables: Record<string, string>;
  asyncConfiguration: AsyncSpec;
  triggers: TriggerSpec[];
}

export interface SYamlModel {
  name: string;
  functions: FunctionSpec[];
  /** `${env.X}` references that had no value (substituted by an empty string). */
  missingEnv: string[];
}

/** FC 2.0 defaults for props the file leaves out. */
export const FC_DEFAULTS = {
  memorySize: 128,
  timeout: 3,
  instanceConcurrency: 1,
  initializationTimeout: 3,
  maxAsyncRetryAttempts: 3,
  maxAsyncEventAgeInSeconds: 86400,
} as const;

/** `index.handler` → { file: 'index', exportName: 'handler' }; `src/app.main` → { file: 'src/app', … }. */
export function splitHandler(handler: string): { file: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) {
    throw new Error(`handler "${handler}" must look like <file>.<export>, e.g. index.handler`);
  }
  return { file: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

/** esbuild/Node target for an FC runtime name: nodejs20 → node20. */
export function nodeTargetOf(runtime: string): string {
  const m = /^nodejs(\d+)/.exec(runtime);
  if (!m) throw new Error(`runtime "${runtime}" is not a Node.js runtime`);
  return `node${m[1]}`;
}
