/**
 * JSON Schema in lianban: ONE Ajv (JSON Schema 2020-12) holding every schema of schemas/ by its $id, and
 * ONE conversion of Ajv's errors into issues (field path, stable code, Chinese message). The core's
 * parsers (intake, staff commands, bundles, directory) and the api's request validation (the OpenAPI
 * document's components, added by functions/api/validation.ts) all validate here, so a value is refused
 * with the same issues wherever it is checked.
 *
 * Required text must be visible text (text.ts): every string schema with a `minLength` and no `pattern`,
 * `enum` or `const` (free text: names, reasons, purposes, file names) also gets the keyword
 * `visibleMinLength` — the same minimum counted in visible characters, so "\u200b\u200b" is not a name of
 * two characters. Added when the schemas are loaded; the documents stay plain JSON Schema.
 */
import { Ajv2020, type ErrorObject, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import bundleSchema from '../../schemas/bundle.schema.json' with { type: 'json' };
import directorySchema from '../../schemas/directory.schema.json' with { type: 'json' };
import fieldSchema from '../../schemas/field.schema.json' with { type: 'json' };
import intakeSchema from '../../schemas/intake.schema.json' with { type: 'json' };
import materialTypeSchema from '../../schemas/material-type.schema.json' with { type: 'json' };
import commandSchema from '../../schemas/subtask-command.schema.json' with { type: 'json' };
import type { Issue } from './errors.js';
import { textProblemMessages, visibleLength } from './text.js';

/** The schemas of schemas/ the core validates with (s-yaml.schema.json is the FC runner's own). */
const SCHEMAS = [fieldSchema, materialTypeSchema, bundleSchema, intakeSchema, commandSchema, directorySchema];

/** `visibleMinLength` added to every free-text string schema (see above). */
export function withVisibleText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withVisibleText);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = withVisibleText(v);
  const free = out.type === 'string' && typeof out.minLength === 'number' && out.minLength > 0 && !('pattern' in out) && !('enum' in out) && !('const' in out);
  if (free) out.visibleMinLength = out.minLength;
  return out;
}

/**
 * A new Ajv as lianban configures it: 2020-12, strict, every error, `visibleMinLength`; formats are
 * documentation (no format is checked at runtime). `overrides` only for tests that check documents.
 */
export function createAjv(overrides: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false, ...overrides });
  ajv.addKeyword({
    keyword: 'visibleMinLength',
    type: 'string',
    schemaType: 'number',
    error: { message: '没有足够的可见文字' },
    validate: (min: number, data: string) => visibleLength(data) >= min,
  });
  return ajv;
}

let shared: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The one Ajv, holding every schema of schemas/ (free text with visibleMinLength), built on first use. */
export function schemaAjv(): Ajv2020 {
  if (!shared) {
    shared = createAjv();
    for (const schema of SCHEMAS) shared.addSchema(withVisibleText(schema) as object);
  }
  return shared;
}

/** The validator of a schema loaded into the one Ajv, by $id with an optional JSON pointer ("…#/oneOf/3"), compiled once. */
export function schemaValidator(ref: string): ValidateFunction {
  let v = compiled.get(ref);
  if (!v) {
    v = schemaAjv().compile({ $ref: ref });
    compiled.set(ref, v);
  }
  return v;
}

/** The message of each keyword's issue; other keywords say 不符合要求. */
const KEYWORD_MESSAGES: Readonly<Record<string, string>> = {
  required: '缺少必填字段',
  type: '类型不正确',
  enum: '取值不在允许的范围内',
  const: '取值不在允许的范围内',
  minLength: '不能为空或过短',
  maxLength: '内容过长',
  pattern: '格式不正确',
  minimum: '数值过小',
  maximum: '数值过大',
  additionalProperties: '不支持的字段',
  maxItems: '条目过多',
  maxProperties: '字段过多',
  uniqueItems: '存在重复条目',
  propertyNames: '字段名格式不正确',
  oneOf: '不是支持的操作内容',
};

/**
 * Ajv's errors as issues: `field` the dotted path (with the missing or extra property named), `code` the
 * keyword in capitals (REQUIRED, PATTERN, ADDITIONALPROPERTIES …), a Chinese message; one issue per field
 * and code. Text without visible characters is the text rule's NO_VISIBLE_TEXT, unless the same value is
 * already too short.
 */
export function schemaIssues(errors: readonly ErrorObject[] | null | undefined): Issue[] {
  const issues: Issue[] = [];
  const all = errors ?? [];
  for (const e of all) {
    const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    let issue: Issue;
    if (e.keyword === 'visibleMinLength') {
      if (all.some((x) => x.keyword === 'minLength' && x.instancePath === e.instancePath)) continue;
      issue = { ...(base ? { field: base } : {}), code: 'NO_VISIBLE_TEXT', message: textProblemMessages.NO_VISIBLE_TEXT };
    } else {
      const params = e.params as { missingProperty?: string; additionalProperty?: string };
      const field = [base, params.missingProperty ?? params.additionalProperty].filter(Boolean).join('.');
      issue = { ...(field ? { field } : {}), code: e.keyword.toUpperCase(), message: KEYWORD_MESSAGES[e.keyword] ?? '不符合要求' };
    }
    if (!issues.some((i) => i.field === issue.field && i.code === issue.code)) issues.push(issue);
  }
  return issues;
}
