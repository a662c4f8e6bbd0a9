/**
 * Validates a parsed, variable-substituted s.yaml document against schemas/s-yaml.schema.json (Ajv).
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

const SCHEMA_URL = new URL('../../schemas/s-yaml.schema.json', import.meta.url);

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

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

/** Returns human-readable problems; an empty list means the document is valid. */
export function validateSYaml(doc: unknown): string[] {
  const validate = validator();
  if (validate(doc)) return [];
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const e of validate.errors ?? []) {
    // `if/then` failures repeat the underlying error; keep the informative ones.
    if (e.keyword === 'if') continue;
    const text = describe(e);
    if (!seen.has(text)) {
      seen.add(text);
      problems.push(text);
    }
  }
  return problems;
}
