// Who may use the 81812345 hotline's calls, lists and search (core policy.ts authorizeHotline).
import { describe, expect, it } from 'vitest';
import type { StaffActor } from '../../functions/core/actor';
import type { Role } from '../../functions/core/directory';
import { authorizeHotline, canReadOrder, type HotlineUse } from '../../functions/core/policy';

const staff = (...roles: Role[]): StaffActor => ({ kind: 'staff', id: 'x', name: '某人', district: '330212', department: 'yinzhou-hotlineCenter', roles });

const ALLOWED: Record<HotlineUse, Role[]> = {
  record: ['operator'], match: ['operator'], search: ['operator', 'supervisor'], callback: ['operator'], returned: ['operator'], visit: ['operator'],
  events: ['operator', 'supervisor'], incoming: ['handler', 'signer'], active: ['handler', 'signer'], supervise: ['supervisor'],
};
const EVERY: Role[] = ['clerk', 'handler', 'signer', 'supervisor', 'admin', 'auditor', 'leader', 'operator'];

describe('authorizeHotline', () => {
  for (const [use, roles] of Object.entries(ALLOWED) as [HotlineUse, Role[]][]) {
    it(`${use}: ${roles.join(', ')} only`, () => {
      for (const role of EVERY) {
        const answer = authorizeHotline(staff(role), use);
        if (roles.includes(role)) expect(answer).toBeNull();
        else expect(answer).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/只有/) });
      }
    });
  }
  it('the system acts on no list', () => {
    expect(authorizeHotline({ kind: 'system', id: 'system', name: 'timer' }, 'supervise')).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('canReadOrder', () => {
  const order = { district: '330212', assignments: [{ department: 'yinzhou-waterSupply' }] };
  it('the district\'s operators, supervisors, leaders and auditors, and a department with an assignment; nobody else', () => {
    for (const role of ['operator', 'supervisor', 'leader', 'auditor'] as Role[]) expect(canReadOrder(staff(role), order)).toBe(true);
    for (const role of ['clerk', 'handler', 'signer', 'admin'] as Role[]) expect(canReadOrder(staff(role), order)).toBe(false);
    expect(canReadOrder({ ...staff('handler'), department: 'yinzhou-waterSupply' }, order)).toBe(true);
    expect(canReadOrder({ ...staff('operator'), district: '330203' }, order)).toBe(false); // 海曙's operator
    expect(canReadOrder({ kind: 'system', id: 'system', name: 'timer' }, order)).toBe(false);
  });
});
