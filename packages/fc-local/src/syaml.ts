/**
 * Reads s.yaml (Serverless Devs edition 1.0.0, component fc): parses YAML, substitutes `${vars.x}`,
 * `${env.X}` and `${config(AccountID)}`, validates (fc-local's own schema of what it reads, plus the
 * caller's `validate` if given) and returns the function model.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  FC_DEFAULTS,
  type FunctionSpec,
  type SYamlModel,
  type ServiceSpec,
  type TriggerSpec,
} from './model.js';
import { validateSYaml, type SYamlValidator } from './validate.js';

export interface ResolveOptions {
  /** Values for `${env.X}`. */
  env: Record<string, string | undefined>;
  /** Value for `${config(AccountID)}`. */
  accountId: string;
  /** Values for other `${config(Key)}`, e.g. AccessKeyID. */
  config?: Record<string, string>;
  /** A further check after fc-local's own, e.g. a project's JSON Schema of s.yaml (`schemaValidator`). */
  validate?: SYamlValidator;
}

export class SYamlError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n  - ${problems.join('\n  - ')}` : message);
    this.name = 'SYamlError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const VARIABLE = /\$\{([^}]+)\}/g;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Resolver {
  readonly missingEnv = new Set<string>();
  private readonly resolvingVars = new Set<string>();

  constructor(
    private readonly vars: Record<string, unknown>,
    private readonly options: ResolveOptions,
  ) {}

  private lookup(expression: string): unknown {
    const expr = expression.trim();
    if (expr.startsWith('vars.')) {
      const path = expr.slice(5);
      if (this.resolvingVars.has(path)) throw new SYamlError(`\${${expr}} refers to itself`);
      let value: unknown = this.vars;
      for (const part of path.split('.')) {
        if (!isRecord(value) || !(part in value)) throw new SYamlError(`\${${expr}}: no such variable under vars`);
        value = value[part];
      }
      this.resolvingVars.add(path);
      try {
        return this.resolve(value);
      } finally {
        this.resolvingVars.delete(path);
      }
    }
    const env = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
    if (env) {
      const value = this.options.env[env[1]];
      if (value === undefined) {
        this.missingEnv.add(env[1]);
        return '';
      }
      return value;
    }
    const config = /^config\(\s*'?([A-Za-z]+)'?\s*\)$/.exec(expr);
    if (config) {
      if (config[1] === 'AccountID') return this.options.accountId;
      const value = this.options.config?.[config[1]];
      if (value === undefined) throw new SYamlError(`\${${expr}}: unknown config key ${config[1]}`);
      return value;
    }
    throw new SYamlError(`\${${expr}}: unsupported variable (edition 1.0.0 knows vars.x, env.X, config(AccountID))`);
  }

  resolve(value: unknown): Json {
    if (typeof value === 'string') {
      const whole = /^\$\{([^}]+)\}$/.exec(value);
      // A value that is exactly one variable takes the variable's type (e.g. an object for ${vars.service}).
      if (whole) return this.lookup(whole[1]) as Json;
      return value.replace(VARIABLE, (_m, expr: string) => {
        const v = this.lookup(expr);
        if (isRecord(v) || Array.isArray(v)) throw new SYamlError(`\${${expr}} is an object; it cannot be part of a string`);
        return String(v);
      });
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (isRecord(value)) {
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.resolve(v);
      return out;
    }
    if (value === undefined) return null;
    return value as Json;
  }
}

/** Parses and substitutes variables; no validation. `vars` itself is kept unresolved. */
export function resolveSYamlText(text: string, options: ResolveOptions): { doc: Record<string, unknown>; missingEnv: string[] } {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (e) {
    throw new SYamlError(`s.yaml is not valid YAML: ${(e as Error).message}`);
  }
  if (!isRecord(parsed)) throw new SYamlError('s.yaml must be a mapping at the top level');
  const vars = isRecord(parsed.vars) ? parsed.vars : {};
  const resolver = new Resolver(vars, options);
  const doc: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    doc[key] = key === 'vars' ? value : resolver.resolve(value);
  }
  return { doc, missingEnv: [...resolver.missingEnv].sort() };
}

function toTrigger(raw: Record<string, unknown>): TriggerSpec {
  const config = (raw.config ?? {}) as Record<string, unknown>;
  const name = String(raw.name);
  if (raw.type === 'http') {
    return {
      type: 'http',
      name,
      authType: config.authType === 'function' ? 'function' : 'anonymous',
      methods: (config.methods as string[]).map((m) => m.toUpperCase()),
    };
  }
  if (raw.type === 'timer') {
    return {
      type: 'timer',
      name,
      cronExpression: String(config.cronExpression),
      enable: config.enable !== false,
      payload: typeof config.payload === 'string' ? config.payload : '',
    };
  }
  return { type: 'other', name, kind: String(raw.type) };
}

function toService(raw: Record<string, unknown>): ServiceSpec {
  const log = isRecord(raw.logConfig) ? raw.logConfig : {};
  return {
    name: String(raw.name),
    description: typeof raw.description === 'string' ? raw.description : '',
    logProject: typeof log.project === 'string' ? log.project : '',
    logStore: typeof log.logstore === 'string' ? log.logstore : typeof log.logStore === 'string' ? log.logStore : '',
  };
}

/** Builds the model from a validated document. */
function toModel(doc: Record<string, unknown>, missingEnv: string[]): SYamlModel {
  const services = doc.services as Record<string, { props: Record<string, unknown> }>;
  const functions: FunctionSpec[] = [];
  const seen = new Map<string, string>();
  for (const [key, entry] of Object.entries(services)) {
    const props = entry.props;
    const fn = props.function as Record<string, unknown> | undefined;
    if (!fn) continue; // a service-only entry declares no function
    const service = toService(props.service as Record<string, unknown>);
    const id = `${service.name}/${String(fn.name)}`;
    const previous = seen.get(id);
    if (previous) throw new SYamlError(`function ${id} is declared twice (services.${previous} and services.${key})`);
    seen.set(id, key);
    const asyncCfg = (fn.asyncConfiguration ?? {}) as Record<string, unknown>;
    const codeUri = isRecord(fn.codeUri) ? String(fn.codeUri.src) : String(fn.codeUri ?? '');
    functions.push({
      key,
      region: String(props.region),
      service,
      name: String(fn.name),
      runtime: String(fn.runtime),
      handler: String(fn.handler ?? ''),
      codeUri,
      memorySize: typeof fn.memorySize === 'number' ? fn.memorySize : FC_DEFAULTS.memorySize,
      timeout: typeof fn.timeout === 'number' ? fn.timeout : FC_DEFAULTS.timeout,
      instanceConcurrency:
        typeof fn.instanceConcurrency === 'number' ? fn.instanceConcurrency : FC_DEFAULTS.instanceConcurrency,
      initializer: typeof fn.initializer === 'string' ? fn.initializer : null,
      initializationTimeout:
        typeof fn.initializationTimeout === 'number' ? fn.initializationTimeout : FC_DEFAULTS.initializationTimeout,
      environmentVariables: { ...((fn.environmentVariables ?? {}) as Record<string, string>) },
      asyncConfiguration: {
        maxAsyncRetryAttempts:
          typeof asyncCfg.maxAsyncRetryAttempts === 'number'
            ? asyncCfg.maxAsyncRetryAttempts
            : FC_DEFAULTS.maxAsyncRetryAttempts,
        maxAsyncEventAgeInSeconds:
          typeof asyncCfg.maxAsyncEventAgeInSeconds === 'number'
            ? asyncCfg.maxAsyncEventAgeInSeconds
            : FC_DEFAULTS.maxAsyncEventAgeInSeconds,
      },
      triggers: ((props.triggers ?? []) as Record<string, unknown>[]).map(toTrigger),
    });
  }
  return { name: String(doc.name), functions, missingEnv };
}

/** Parses, substitutes, validates (throws SYamlError listing every problem) and returns the model. */
export function parseSYaml(text: string, options: ResolveOptions): SYamlModel {
  const { doc, missingEnv } = resolveSYamlText(text, options);
  // The caller's check first (it is usually the stricter one and its messages the expected ones).
  let problems = options.validate?.(doc) ?? [];
  if (problems.length) throw new SYamlError('s.yaml does not match its schema', problems);
  problems = validateSYaml(doc);
  if (problems.length) throw new SYamlError('s.yaml is not valid for fc-local', problems);
  return toModel(doc, missingEnv);
}

export function loadSYaml(path: string, options: ResolveOptions): SYamlModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SYamlError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return parseSYaml(text, options);
  } catch (e) {
    if (e instanceof SYamlError) throw new SYamlError(`${path}: ${e.message}`);
    throw e;
  }
}
