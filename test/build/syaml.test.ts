/** s.yaml is valid against schemas/s-yaml.schema.json and declares what the functions need; broken files are refused. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { SYamlError, loadSYaml, parseSYaml, validateSYaml } from '../../scripts/build/syaml.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const S_YAML = path.join(ROOT, 's.yaml');

/** Shared configuration names every function reads (the brief's contract). */
const SHARED_CONFIG = [
  'LIANBAN_MODE', 'LIANBAN_APP_URL', 'LIANBAN_DRAIN_INLINE',
  'OTS_ENDPOINT', 'OTS_INSTANCE', 'OTS_ACCESS_KEY_ID', 'OTS_ACCESS_KEY_SECRET',
  'FC_ENDPOINT', 'FC_ACCOUNT_ID', 'FC_REGION', 'FC_ACCESS_KEY_ID', 'FC_ACCESS_KEY_SECRET', 'FC_SERVICE',
  'ZZD_BASE_URL', 'ZZD_APP_KEY', 'ZZD_APP_SECRET', 'ZZD_TENANT_ID',
  'DINGTALK_BASE_URL', 'DINGTALK_API_BASE_URL', 'DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET', 'DINGTALK_AGENT_ID',
  'SESSION_SECRET', 'DATA_KEY', 'HASH_KEY',
];

const fullEnv = Object.fromEntries(SHARED_CONFIG.map((k) => [k, `value-of-${k}`]));
const options = { env: fullEnv, accountId: '1234567890' };

describe('the project s.yaml', () => {
  const model = loadSYaml(S_YAML, options);
  const fn = (name: string) => {
    const f = model.functions.find((x) => x.name === name);
    if (!f) throw new Error(`${name} not declared`);
    return f;
  };

  it('is edition 1.0.0 with component fc for every entry, one shared service "lianban"', () => {
    const raw = parse(readFileSync(S_YAML, 'utf8')) as { edition: string; services: Record<string, { component: string }> };
    expect(raw.edition).toBe('1.0.0');
    expect(Object.values(raw.services).map((s) => s.component)).toEqual(['fc', 'fc', 'fc']);
    expect(new Set(model.functions.map((f) => f.service.name))).toEqual(new Set(['lianban']));
    expect(model.functions.map((f) => f.name)).toEqual(['api', 'dispatcher', 'timer']);
    expect(model.missingEnv).toEqual([]);
  });

  it('declares api as an anonymous HTTP function with an initializer', () => {
    expect(fn('api')).toMatchObject({
      runtime: 'nodejs20',
      handler: 'index.handler',
      initializer: 'index.initialize',
      codeUri: './dist/functions/api',
      memorySize: 512,
      timeout: 30,
      instanceConcurrency: 4,
      triggers: [{ type: 'http', authType: 'anonymous', methods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] }],
    });
  });

  it('declares dispatcher as an async event function with 3 retries and a one-day event age', () => {
    expect(fn('dispatcher')).toMatchObject({
      runtime: 'nodejs20',
      handler: 'index.handler',
      codeUri: './dist/functions/dispatcher',
      timeout: 60,
      asyncConfiguration: { maxAsyncRetryAttempts: 3, maxAsyncEventAgeInSeconds: 86400 },
      triggers: [],
    });
  });

  it('declares timer with a UTC five-minute sweep', () => {
    expect(fn('timer')).toMatchObject({
      runtime: 'nodejs20',
      codeUri: './dist/functions/timer',
      timeout: 300,
      triggers: [{ type: 'timer', name: 'sweep', cronExpression: '0 */5 * * * *', enable: true, payload: '{"job":"sweep"}' }],
    });
  });

  it('passes every shared configuration name to every function from the environment', () => {
    for (const f of model.functions) {
      for (const name of SHARED_CONFIG) expect(f.environmentVariables[name], `${f.name} ${name}`).toBe(`value-of-${name}`);
    }
  });

  it('reports the names a deployer has not set', () => {
    const partial = loadSYaml(S_YAML, { env: { SESSION_SECRET: 's' }, accountId: '1' });
    expect(partial.missingEnv).toContain('DATA_KEY');
    expect(partial.missingEnv).not.toContain('SESSION_SECRET');
  });
});

describe('broken files are refused', () => {
  const text = readFileSync(S_YAML, 'utf8');
  type Doc = {
    edition: string;
    services: Record<string, { component: string; props: Record<string, unknown> & { function: Record<string, unknown>; triggers?: Array<Record<string, unknown>> } }>;
  };
  const mutate = (change: (doc: Doc) => void): string => {
    const doc = parse(text) as Doc;
    change(doc);
    return stringify(doc);
  };
  const problemsOf = (yamlText: string): string[] => {
    try {
      parseSYaml(yamlText, options);
    } catch (e) {
      expect(e).toBeInstanceOf(SYamlError);
      return (e as SYamlError).problems.length ? (e as SYamlError).problems : [(e as Error).message];
    }
    throw new Error('expected the file to be refused');
  };

  it('accepts the file as it is (control)', () => {
    expect(() => parseSYaml(text, options)).not.toThrow();
  });

  it.each([
    ['an unknown runtime', (d: Doc) => (d.services.api.props.function.runtime = 'nodejs99'), /\/services\/api\/props\/function\/runtime/],
    ['a memory size that is not a multiple of 64', (d: Doc) => (d.services.api.props.function.memorySize = 500), /memorySize must be multiple of 64/],
    ['a misspelt key', (d: Doc) => (d.services.api.props.function.memory = 512), /must NOT have additional properties "memory"/],
    ['a missing region', (d: Doc) => delete d.services.timer.props.region, /must have required property 'region'/],
    ['a missing handler', (d: Doc) => delete d.services.dispatcher.props.function.handler, /must have required property 'handler'/],
    ['an HTTP trigger without methods', (d: Doc) => delete (d.services.api.props.triggers![0].config as Record<string, unknown>).methods, /required property 'methods'/],
    ['a five-field cron', (d: Doc) => ((d.services.timer.props.triggers![0].config as Record<string, unknown>).cronExpression = '*/5 * * * *'), /cronExpression must match pattern/],
    ['too many async retries', (d: Doc) => ((d.services.dispatcher.props.function.asyncConfiguration as Record<string, unknown>).maxAsyncRetryAttempts = 9), /maxAsyncRetryAttempts must be <= 8/],
    ['edition 3.0.0', (d: Doc) => (d.edition = '3.0.0'), /\/edition must be equal to constant/],
    ['the fc3 component', (d: Doc) => (d.services.api.component = 'fc3'), /component must match pattern/],
  ])('refuses %s', (_what, change, expected) => {
    expect(problemsOf(mutate(change)).join('\n')).toMatch(expected);
  });

  it('refuses a variable that does not exist', () => {
    expect(problemsOf(text.replace('${vars.region}', '${vars.nowhere}')).join('\n')).toMatch(/vars\.nowhere.*no such variable/);
  });

  it('refuses text that is not YAML', () => {
    expect(problemsOf('edition: [1.0.0').join('\n')).toMatch(/not valid YAML/);
  });

  it('lists every problem at once', () => {
    expect(validateSYaml({ edition: '1.0.0' })).toEqual(["(root) must have required property 'name'", "(root) must have required property 'services'"]);
  });
});
