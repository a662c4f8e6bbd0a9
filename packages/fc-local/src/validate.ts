/**
 * Validation of a parsed, variable-substituted s.yaml document (Ajv).
 *
 * fc-local always checks the part of s.yaml it reads (`FC_LOCAL_SCHEMA`: the props of the FC 2.0
 * component with the types and ranges FC gives them). A project may add its own, stricter JSON Schema
 * (`schemaValidator(schema)`, passed as `validate` to loadSYaml / startFcLocal, or `--schema` to the CLI).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** Problems of a document as human-readable lines; an empty list means valid. */
export type SYamlValidator = (doc: unknown) => string[];

const NAME = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]{0,127}$' };
const HANDLER = { type: 'string', pattern: '^[^\\s]+\\.[A-Za-z_$][A-Za-z0-9_$]*$' };

/** What fc-local reads of s.yaml (Serverless Devs edition 1.0.0, component fc, FC 2.0). */
export const FC_LOCAL_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['name', 'services'],
  properties: {
    name: { type: 'string', minLength: 1 },
    services: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['props'],
        properties: {
          props: {
            type: 'object',
            required: ['region', 'service'],
            properties: {
              region: { type: 'string', minLength: 1 },
              service: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: NAME,
                  description: { type: 'string' },
                  logConfig: { oneOf: [{ const: 'auto' }, { type: 'object' }] },
                },
              },
              function: {
                type: 'object',
                required: ['name', 'runtime'],
                properties: {
                  name: NAME,
                  runtime: {
                    enum: [
                      'nodejs12', 'nodejs14', 'nodejs16', 'nodejs18', 'nodejs20', 'python3', 'python3.9', 'python3.10', 'java8',
                      'java11', 'php7.2', 'dotnetcore3.1', 'go1', 'custom', 'custom.debian10', 'custom-container',
                    ],
                  },
                  handler: HANDLER,
                  initializer: HANDLER,
                  codeUri: {
                    oneOf: [
                      { type: 'string', minLength: 1 },
                      { type: 'object', required: ['src'], properties: { src: { type: 'string', minLength: 1 } } },
                    ],
                  },
                  memorySize: { type: 'integer', minimum: 128, maximum: 32768 },
                  timeout: { type: 'integer', minimum: 1, maximum: 86400 },
                  instanceConcurrency: { type: 'integer', minimum: 1, maximum: 200 },
                  initializationTimeout: { type: 'integer', minimum: 1, maximum: 300 },
                  environmentVariables: { type: 'object', additionalProperties: { type: 'string' } },
                  asyncConfiguration: {
                    type: 'object',
                    properties: {
                      maxAsyncRetryAttempts: { type: 'integer', minimum: 0, maximum: 8 },
                      maxAsyncEventAgeInSeconds: { type: 'integer', minimum: 1, maximum: 2592000 },
                    },
                  },
                },
              },
              triggers: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['name', 'type', 'config'],
                  properties: { name: NAME, type: { type: 'string' }, config: { type: 'object' } },
                  allOf: [
                    {
                      if: { properties: { type: { const: 'http' } } },
                      then: {
                        properties: {
                          config: {
                            required: ['authType', 'methods'],
                            properties: {
                              authType: { enum: ['anonymous', 'function'] },
                              methods: {
                                type: 'array', minItems: 1,
                                items: { enum: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'] },
                              },
                            },
                          },
                        },
                      },
                    },
                    {
                      if: { properties: { type: { const: 'timer' } } },
                      then: {
                        properties: {
                          config: {
                            required: ['cronExpression'],
                            properties: {
                              cronExpression: { type: 'string', minLength: 1 },
                              enable: { type: 'boolean' },
                              payload: { type: 'string' },
                            },
                          },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const extra =
    error.keyword === 'additionalProperties'
      ? ` "${String((error.params as { additionalProperty?: unknown }).additionalProperty)}"`
      : error.keyword === 'enum'
        ? ` ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`
        : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

/** A validator for a JSON Schema (draft-07), compiled on first use. */
export function schemaValidator(schema: object): SYamlValidator {
  let compiled: ValidateFunction | null = null;
  return (doc: unknown): string[] => {
    compiled ??= new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false }).compile(schema);
    if (compiled(doc)) return [];
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const e of compiled.errors ?? []) {
      // `if/then` failures repeat the underlying error; keep the informative ones.
      if (e.keyword === 'if') continue;
      const text = describe(e);
      if (!seen.has(text)) {
        seen.add(text);
        problems.push(text);
      }
    }
    return problems;
  };
}

/** fc-local's own check (FC_LOCAL_SCHEMA). */
export const validateSYaml: SYamlValidator = schemaValidator(FC_LOCAL_SCHEMA);
