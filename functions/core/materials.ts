/**
 * Materials (材料) and sharing (共享): a material is a typed record with provenance (issuer, seal,
 * signers, hash) and attachments; a share grants the fields a consuming item declared — and
 * nothing else — to that item's sub-task.
 */
import { type Bundle, consumersOf, type Item, type MaterialType } from './bundle.js';
import type { Issue } from './errors.js';
import type { OutputCorrection } from './identity.js';
import { checkFieldValue } from './fieldValue.js';
import { type FormValues, isFieldRequired } from './form.js';
import type { CalendarDate, Instant } from './time.js';

/** An attachment stored content-addressed in chunks by the store. */
export interface Attachment {
  sha256: string;
  name: string;
  size: number;
  mime: string;
}

/** A mailed output (户口簿, 社保卡): carrier and tracking number, shown on the case. */
export interface Delivery {
  carrier: string;
  trackingNumber: string;
  recordedBy: string;
  at: Instant;
}

export interface MaterialRecord {
  type: string;
  caseId: string;
  /** Item id that issued it, or "intake" for what the applicant supplied. */
  producedBy: string;
  issuer: { district: string; department: string } | null;
  data: FormValues;
  attachments: Attachment[];
  issuedAt: Instant;
  /** Seal and signers for issued materials. */
  seal: { sealId: string; signers: string[] } | null;
  /** Correction notes (更正说明) signed with an issued material: fields that differ from the application, and why. */
  corrections?: OutputCorrection[];
}

/** What a consuming sub-task holds of a material: only its declared fields. */
export interface ReceivedInput {
  material: string;
  from: string;
  fields: FormValues;
  attachments: Attachment[];
  receivedAt: Instant;
}

/** A planned share from an issuing item to a consuming item. */
export interface SharePlan {
  material: string;
  fromItem: string;
  toItem: string;
  fields: string[];
  purpose: string;
}

/** The intake pseudo-producer. */
export const INTAKE = 'intake';

/** Shares caused when `producer` issues its outputs, to the consumers among the case's items. */
export function sharesFrom(bundle: Bundle, producer: Item, caseItems: readonly string[]): SharePlan[] {
  const plans: SharePlan[] = [];
  for (const material of producer.outputs) {
    for (const consumer of consumersOf(bundle, material)) {
      if (!caseItems.includes(consumer.id)) continue;
      const input = consumer.inputs.find((i) => i.material === material);
      if (input) plans.push({ material, fromItem: producer.id, toItem: consumer.id, fields: [...input.fields], purpose: input.purpose });
    }
  }
  return plans;
}

/** Only the requested fields of a material. */
export function projectMaterial(record: MaterialRecord, fields: readonly string[]): FormValues {
  const out: FormValues = {};
  for (const f of fields) if (record.data[f] !== undefined) out[f] = record.data[f];
  return out;
}

/** Input materials an item still lacks, given what its sub-task has received. */
export function missingInputs(item: Item, received: Readonly<Record<string, ReceivedInput>>): string[] {
  return item.inputs.map((i) => i.material).filter((m) => received[m] === undefined);
}

/** Problems with the data of a material a department issues (required fields, formats). */
export function materialDataIssues(type: MaterialType, data: FormValues, today: CalendarDate): Issue[] {
  const issues: Issue[] = [];
  for (const key of Object.keys(data)) {
    if (!type.fields.some((f) => f.key === key)) issues.push({ field: `${type.id}.${key}`, code: 'UNEXPECTED_FIELD', message: `「${type.name}」没有字段 ${key}` });
  }
  for (const field of type.fields) {
    const v = data[field.key];
    if (v === undefined || v === '') {
      if (isFieldRequired(field, data)) issues.push({ field: `${type.id}.${field.key}`, code: 'REQUIRED', message: `「${type.name}」的【${field.label}】未填写` });
      continue;
    }
    for (const i of checkFieldValue(field, v, { today })) issues.push({ ...i, field: `${type.id}.${field.key}` });
  }
  return issues;
}

/** Intake materials an item consumes, received at acceptance (the applicant's own documents). */
export function intakeInputs(bundle: Bundle, item: Item, supplied: readonly MaterialRecord[], now: Instant): Record<string, ReceivedInput> {
  const out: Record<string, ReceivedInput> = {};
  for (const input of item.inputs) {
    if (!bundle.intakeMaterials.includes(input.material)) continue;
    const record = supplied.find((m) => m.type === input.material);
    if (!record) continue;
    out[input.material] = {
      material: input.material,
      from: INTAKE,
      fields: projectMaterial(record, input.fields),
      attachments: [...record.attachments],
      receivedAt: now,
    };
  }
  return out;
}

/**
 * The material records a signed sub-task issued (one per output), with provenance: issuing
 * department and district, seal, signers. The store writes them when the sub-task reaches done.
 */
export function materialsIssuedBy(st: {
  caseId: string;
  itemId: string;
  district: string;
  department: string;
  outputs: Readonly<Record<string, FormValues>>;
  signatures: readonly { signer: string; sealId: string; at: Instant }[];
  corrections?: readonly OutputCorrection[];
}): MaterialRecord[] {
  const first = st.signatures[0];
  const last = st.signatures[st.signatures.length - 1];
  if (!first || !last) return [];
  return Object.entries(st.outputs).map(([type, data]) => ({
    type,
    caseId: st.caseId,
    producedBy: st.itemId,
    issuer: { district: st.district, department: st.department },
    data: { ...data },
    attachments: [],
    issuedAt: last.at,
    seal: { sealId: first.sealId, signers: st.signatures.map((s) => s.signer) },
    ...correctionsOf(st.corrections, type),
  }));
}

function correctionsOf(all: readonly OutputCorrection[] | undefined, type: string): { corrections?: OutputCorrection[] } {
  const mine = (all ?? []).filter((c) => c.material === type);
  return mine.length ? { corrections: mine } : {};
}
