/**
 * Parsing a staff action from an HTTP body (schemas/subtask-command.schema.json): a malformed
 * body is a 400 with per-path issues, never a crash; system commands are not accepted.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import commandSchema from '../../schemas/subtask-command.schema.json' with { type: 'json' };
import { domainError, type DomainError } from './errors.js';
import type { SubTaskCommand } from './subtaskRecord.js';
import { jsonTextIssues } from './text.js';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let ajv: Ajv2020 | undefined;
const byType = new Map<string, Validator>();

/** The schema branch of one action type, compiled on first use. */
function validatorFor(type: string): Validator | undefined {
  const cached = byType.get(type);
  if (cached) return cached;
  const index = commandSchema.oneOf.findIndex((branch) => {
    const t: { const?: string; enum?: string[] } = branch.properties.type;
    return t.const === type || (t.enum ?? []).includes(type);
  });
  if (index < 0) return undefined;
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    ajv.addSchema(commandSchema);
  }
  const v = ajv.compile({ $ref: `${commandSchema.$id}#/oneOf/${index}` });
  byType.set(type, v);
  return v;
}

export function parseStaffCommand(body: unknown): SubTaskCommand | DomainError {
  const type = typeof body === 'object' && body !== null && 'type' in body ? body.type : undefined;
  const v = typeof type === 'string' ? validatorFor(type) : undefined;
  if (!v) return domainError('VALIDATION_FAILED', '不支持的操作', [{ field: 'type', code: 'UNKNOWN_ACTION', message: '不支持的操作类型' }]);
  if (v(body)) {
    // Every string of the command follows the text rule (text.ts); what is required is checked by subtask.ts.
    const text = jsonTextIssues(body);
    return text.length ? domainError('VALIDATION_FAILED', text[0].message, text) : (body as SubTaskCommand); // shape checked just above
  }
  const issues = (v.errors ?? []).map((e) => ({
    field: e.instancePath.replace(/^\//, '').replaceAll('/', '.') || undefined,
    code: `SCHEMA_${e.keyword.toUpperCase()}`,
    message: `操作内容格式有误: ${e.instancePath || '/'} ${e.message ?? ''}`.trim(),
  }));
  return domainError('VALIDATION_FAILED', '操作内容格式有误', issues);
}
