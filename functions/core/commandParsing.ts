/**
 * Parsing a staff action from an HTTP body (schemas/subtask-command.schema.json): a malformed
 * body is a 400 with per-path issues, never a crash; system commands are not accepted.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import commandSchema from '../../schemas/subtask-command.schema.json' with { type: 'json' };
import { domainError, type DomainError } from './errors.js';
import { schemaIssues, schemaValidator } from './jsonSchema.js';
import type { SubTaskCommand } from './subtaskRecord.js';
import { jsonTextIssues } from './text.js';

/** The schema branch of one action type (compiled once by the one Ajv, jsonSchema.ts). */
function validatorFor(type: string): ValidateFunction | undefined {
  const index = commandSchema.oneOf.findIndex((branch) => {
    const t: { const?: string; enum?: string[] } = branch.properties.type;
    return t.const === type || (t.enum ?? []).includes(type);
  });
  return index < 0 ? undefined : schemaValidator(`${commandSchema.$id}#/oneOf/${index}`);
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
  return domainError('VALIDATION_FAILED', '操作内容格式有误', schemaIssues(v.errors));
}
