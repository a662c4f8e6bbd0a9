/**
 * The intake submission (schemas/intake.schema.json): what a window sends for 预审 and 受理.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import intakeSchema from '../../schemas/intake.schema.json' with { type: 'json' };
import { domainError, type DomainError } from './errors.js';
import type { FormValues } from './form.js';
import { INTAKE, type Attachment, type MaterialRecord } from './materials.js';
import type { Instant } from './time.js';

export interface IntakeSubmission {
  bundleId: string;
  bundleVersion?: number;
  chosenOptional: string[];
  values: FormValues;
  supplied?: { type: string; data: FormValues; attachments: Attachment[] }[];
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let compiled: Validator | undefined;

function validator(): Validator {
  compiled ??= new Ajv2020({ allErrors: true, strict: true }).compile(intakeSchema);
  return compiled;
}

/** Shape check of an intake body; 400 VALIDATION_FAILED with per-path issues otherwise. */
export function parseIntake(body: unknown): IntakeSubmission | DomainError {
  const v = validator();
  if (v(body)) return body as IntakeSubmission; // shape checked by the schema just above
  const issues = (v.errors ?? []).map((e) => ({
    field: e.instancePath.replace(/^\//, '').replaceAll('/', '.') || undefined,
    code: `SCHEMA_${e.keyword.toUpperCase()}`,
    message: `申请内容格式有误: ${e.instancePath || '/'} ${e.message ?? ''}`.trim(),
  }));
  return domainError('VALIDATION_FAILED', undefined, issues);
}

/** The supplied documents as intake material records (the case id is set at acceptance). */
export function suppliedMaterials(submission: IntakeSubmission, now: Instant): MaterialRecord[] {
  return (submission.supplied ?? []).map((s) => ({
    type: s.type, caseId: '', producedBy: INTAKE, issuer: null, data: { ...s.data }, attachments: s.attachments.map((a) => ({ ...a })),
    issuedAt: now, seal: null,
  }));
}
