/**
 * The intake submission (schemas/intake.schema.json): what a window sends for 预审 and 受理.
 */
import intakeSchema from '../../schemas/intake.schema.json' with { type: 'json' };
import type { IntakeAgent } from './agent.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import type { FormValues } from './form.js';
import { schemaIssues, schemaValidator } from './jsonSchema.js';
import { INTAKE, type Attachment, type MaterialRecord } from './materials.js';
import { fileNameIssues, jsonTextIssues } from './text.js';
import type { Instant } from './time.js';

export interface IntakeSubmission {
  bundleId: string;
  bundleVersion?: number;
  chosenOptional: string[];
  values: FormValues;
  supplied?: { type: string; data: FormValues; attachments: Attachment[] }[];
  /** 帮办代办: who applies on the subject's behalf (core agent.ts); the 授权委托书 is then required. */
  agent?: IntakeAgent;
}

/** Shape check of an intake body; 400 VALIDATION_FAILED with per-path issues otherwise. */
export function parseIntake(body: unknown): IntakeSubmission | DomainError {
  const v = schemaValidator(intakeSchema.$id);
  // Every string of the submission follows the text rule (text.ts); field values are checked per field
  // by the pre-check, file names of the supplied documents here.
  const text = jsonTextIssues(body);
  if (v(body)) {
    const submission = body as IntakeSubmission; // shape checked by the schema just above
    (submission.supplied ?? []).forEach((s, i) =>
      s.attachments.forEach((a, j) => text.push(...fileNameIssues(a.name, `supplied.${i}.attachments.${j}.name`))),
    );
    return text.length ? domainError('VALIDATION_FAILED', text[0].message, dedupe(text)) : submission;
  }
  return domainError('VALIDATION_FAILED', undefined, [...schemaIssues(v.errors), ...text]);
}

/** One issue per field and code (a file name is seen by the walker and by fileNameIssues). */
function dedupe(issues: Issue[]): Issue[] {
  return issues.filter((x, i) => issues.findIndex((y) => y.field === x.field && y.code === x.code) === i);
}

/** The supplied documents as intake material records (the case id is set at acceptance). */
export function suppliedMaterials(submission: IntakeSubmission, now: Instant): MaterialRecord[] {
  return (submission.supplied ?? []).map((s) => ({
    type: s.type, caseId: '', producedBy: INTAKE, issuer: null, data: { ...s.data }, attachments: s.attachments.map((a) => ({ ...a })),
    issuedAt: now, seal: null,
  }));
}
