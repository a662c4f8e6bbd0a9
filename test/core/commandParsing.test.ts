import { describe, expect, it } from 'vitest';
import commandSchema from '../../schemas/subtask-command.schema.json' with { type: 'json' };
import { parseStaffCommand } from '../../functions/core/commandParsing.js';
import { isDomainError } from '../../functions/core/errors.js';
import { schemaValidator } from '../../functions/core/jsonSchema.js';

describe('parsing a staff action from an HTTP body', () => {
  it('accepts every well-formed action', () => {
    const bodies = [
      { type: 'claim' },
      { type: 'handOff', toStaff: 'yinzhou-police-handler2', reason: '转交' },
      { type: 'returnForCorrection', reason: '缺材料', items: ['户口簿'] },
      { type: 'resubmit', values: { householdAddress: '地址', babyWeightGrams: 3000 } },
      { type: 'suspend', kind: 'hearing', reason: '听证' },
      { type: 'resume' },
      { type: 'requestExtension', days: 2, reason: '核实' },
      { type: 'decideExtension', approve: true },
      { type: 'signOff', sealId: 'yinzhou-police-seal', outputs: { householdRegistrationRecord: { householdNumber: '1' } } },
      { type: 'countersign', sealId: 'yinzhou-police-seal', opinion: '同意' },
      { type: 'refuse', sealId: 'yinzhou-police-seal', reason: '不符合条件' },
      { type: 'comment', text: '意见' },
      { type: 'urge', text: '催办' },
      { type: 'recordDelivery', material: 'socialSecurityCard', carrier: 'EMS', trackingNumber: '1180012345678' },
    ];
    for (const b of bodies) expect(parseStaffCommand(b)).toBe(b);
    // The whole schema (used by the OpenAPI document) compiles strictly and matches exactly one branch.
    const whole = schemaValidator(commandSchema.$id);
    for (const b of bodies) expect(whole(b)).toBe(true);
    expect(whole({ type: 'claim', extra: 1 })).toBe(false);
  });

  it('refuses system commands, unknown types and garbage', () => {
    for (const b of [{ type: 'release' }, { type: 'cancel', reason: 'x' }, { type: 'raiseAlert', level: 'overdue' }, { type: 'drop' }, null, 'claim', 42, {}]) {
      const r = parseStaffCommand(b);
      expect(isDomainError(r) && r.code).toBe('VALIDATION_FAILED');
      expect(isDomainError(r) && r.issues[0].code).toBe('UNKNOWN_ACTION');
    }
  });

  it('reports the exact problems of a malformed action', () => {
    const r = parseStaffCommand({ type: 'requestExtension', days: '2', reason: 5, extra: true });
    if (!isDomainError(r)) throw new Error('expected an error');
    expect(r.status).toBe(400);
    // the one conversion of Ajv errors (core jsonSchema.ts), as the api's request validation words them
    expect(r.issues).toHaveLength(3);
    expect(r.issues).toEqual(expect.arrayContaining([
      { field: 'days', code: 'TYPE', message: '类型不正确' },
      { field: 'reason', code: 'TYPE', message: '类型不正确' },
      { field: 'extra', code: 'ADDITIONALPROPERTIES', message: '不支持的字段' },
    ]));
    const missing = parseStaffCommand({ type: 'signOff', sealId: 'x' });
    expect(isDomainError(missing) && missing.issues).toEqual([{ field: 'outputs', code: 'REQUIRED', message: '缺少必填字段' }]);
    const nested = parseStaffCommand({ type: 'signOff', sealId: 'x', outputs: { m: { a: { deep: 1 } } } });
    expect(isDomainError(nested) && nested.issues.some((i) => i.field?.startsWith('outputs.m.a'))).toBe(true);
  });
});
