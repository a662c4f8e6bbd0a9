/**
 * Keeps the TypeScript types and the JSON Schemas in step: each type's keys are listed in a
 * record checked by the compiler (`satisfies Record<keyof T, true>` fails to compile when a key is
 * added or removed), and the test compares them with the schema's properties.
 */
import { describe, expect, it } from 'vitest';
import bundleSchema from '../../schemas/bundle.schema.json' with { type: 'json' };
import fieldSchema from '../../schemas/field.schema.json' with { type: 'json' };
import materialTypeSchema from '../../schemas/material-type.schema.json' with { type: 'json' };
import type { Bundle, FieldDef, Item, MaterialInput, MaterialType, SubjectRef } from '../../functions/core/bundle.js';

type Exact<T> = { [K in keyof Required<T>]: true };

const bundleKeys = {
  id: true, version: true, name: true, description: true, leadDepartment: true, promisedDays: true, fields: true,
  materials: true, intakeMaterials: true, items: true, eligibility: true, subjects: true, promisedDaysBy: true, jointAcceptance: true, prefill: true,
} satisfies Exact<Bundle>;
const itemKeys = {
  id: true, name: true, department: true, routing: true, required: true, fields: true, inputs: true, outputs: true,
  timeLimitDays: true, warnRemainingDays: true, clockStartsAt: true, countersign: true, seals: true, identity: true,
} satisfies Exact<Item>;
const fieldKeys = {
  key: true, label: true, type: true, required: true, requiredWhen: true, options: true, departmentKind: true,
  maxLength: true, min: true, max: true, notFuture: true, sensitivity: true, hint: true,
} satisfies Exact<FieldDef>;
const materialTypeKeys = { id: true, name: true, fields: true, electronicLicence: true, delivery: true } satisfies Exact<MaterialType>;
const inputKeys = { material: true, fields: true, purpose: true } satisfies Exact<MaterialInput>;
const subjectKeys = { role: true, label: true, source: true, idField: true, kind: true, nameField: true } satisfies Exact<SubjectRef>;

const sorted = (o: object) => Object.keys(o).sort();

describe('schemas and types are in step', () => {
  it('Bundle', () => expect(sorted(bundleSchema.properties)).toEqual(sorted(bundleKeys)));
  it('Item', () => expect(sorted(bundleSchema.$defs.item.properties)).toEqual(sorted(itemKeys)));
  it('MaterialInput', () => expect(sorted(bundleSchema.$defs.materialInput.properties)).toEqual(sorted(inputKeys)));
  it('SubjectRef', () => expect(sorted(bundleSchema.$defs.subject.properties)).toEqual(sorted(subjectKeys)));
  it('FieldDef', () => expect(sorted(fieldSchema.properties)).toEqual(sorted(fieldKeys)));
  it('MaterialType', () => expect(sorted(materialTypeSchema.properties)).toEqual(sorted(materialTypeKeys)));

  it('required keys match the non-optional TS keys', () => {
    type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
    const bundleRequired: Record<RequiredKeys<Bundle>, true> = {
      id: true, version: true, name: true, leadDepartment: true, promisedDays: true, fields: true, materials: true,
      intakeMaterials: true, items: true, eligibility: true, subjects: true,
    };
    const itemRequired: Record<RequiredKeys<Item>, true> = {
      id: true, name: true, department: true, routing: true, required: true, fields: true, inputs: true, outputs: true,
      timeLimitDays: true, warnRemainingDays: true, countersign: true,
    };
    const fieldRequired: Record<RequiredKeys<FieldDef>, true> = { key: true, label: true, type: true };
    expect([...bundleSchema.required].sort()).toEqual(sorted(bundleRequired));
    expect([...bundleSchema.$defs.item.required].sort()).toEqual(sorted(itemRequired));
    expect([...fieldSchema.required].sort()).toEqual(sorted(fieldRequired));
  });

  it('field type and sensitivity enums match', () => {
    const types = ['text', 'idNumber', 'creditCode', 'phone', 'date', 'datetime', 'select', 'district', 'department', 'address', 'postalCode', 'integer', 'amount', 'bankAccount'] satisfies FieldDef['type'][];
    expect([...fieldSchema.properties.type.enum].sort()).toEqual([...types].sort());
    const sens = ['idNumber', 'phone', 'financial', 'health', 'minor'] satisfies NonNullable<FieldDef['sensitivity']>[];
    expect([...fieldSchema.properties.sensitivity.enum].sort()).toEqual([...sens].sort());
  });
});
