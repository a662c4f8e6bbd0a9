import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../functions/core/errors.js';
import { birthBundle, birthValues, dispatcher, outputsFor, staffOf, World } from './fixtures.js';

const CLERK = 'haishu-serviceCenter-clerk1';

function claimedPolice(): World {
  const w = World.accept(birthBundle, birthValues(), CLERK);
  const hospital = 'haishu-hospital1';
  w.act('birthCertificate', { type: 'claim' }, staffOf(hospital, 'handler1'));
  w.act('birthCertificate', { type: 'signOff', sealId: `${hospital}-seal`, outputs: outputsFor(birthBundle, 'birthCertificate') }, staffOf(hospital, 'signer1'));
  w.act('householdRegistration', { type: 'claim' }, staffOf('yinzhou-police', 'handler1'));
  return w; // claimed Mon 2 Mar, 2 working days: due Wed 4 Mar, warning at 1 day left
}

describe('clock alerts (预警, 超期督办): once per threshold', () => {
  it('warns the claimer when the warning threshold is reached, once', () => {
    const w = claimedPolice();
    const early = w.act('householdRegistration', { type: 'raiseAlert', level: 'warning' }, dispatcher, '2026-03-02T08:00:00Z');
    expect(!isDomainError(early) && early.changed).toBe(false);
    const r = w.act('householdRegistration', { type: 'raiseAlert', level: 'warning' }, dispatcher, '2026-03-03T08:00:00Z');
    if (isDomainError(r)) throw r;
    expect(r.changed).toBe(true);
    const notes = r.effects.filter((e) => e.kind === 'notify');
    expect(notes.map((n) => n.kind === 'notify' && n.to)).toEqual([{ staff: 'yinzhou-police-handler1' }]);
    expect(r.events[0]).toMatchObject({ action: 'raiseAlert', from: 'claimed', to: 'claimed', detail: { level: 'warning', remainingDays: 1 } });
    const again = w.act('householdRegistration', { type: 'raiseAlert', level: 'warning' }, dispatcher, '2026-03-04T08:00:00Z');
    expect(!isDomainError(again) && again.changed).toBe(false);
  });

  it('escalates overdue work to the district supervisors, once; an extension opens new thresholds', () => {
    const w = claimedPolice();
    const notYet = w.act('householdRegistration', { type: 'raiseAlert', level: 'overdue' }, dispatcher, '2026-03-04T08:00:00Z');
    expect(!isDomainError(notYet) && notYet.changed).toBe(false);
    const r = w.act('householdRegistration', { type: 'raiseAlert', level: 'overdue' }, dispatcher, '2026-03-05T08:00:00Z');
    if (isDomainError(r)) throw r;
    const to = r.effects.filter((e) => e.kind === 'notify').map((n) => n.kind === 'notify' && n.to);
    expect(to).toEqual([{ staff: 'yinzhou-police-handler1' }, { district: '330212', roles: ['supervisor'] }]);
    const dup = w.act('householdRegistration', { type: 'raiseAlert', level: 'overdue' }, dispatcher, '2026-03-06T08:00:00Z');
    expect(!isDomainError(dup) && dup.changed).toBe(false);
    w.act('householdRegistration', { type: 'requestExtension', days: 2, reason: '需调查核实' }, staffOf('yinzhou-police', 'handler1'), '2026-03-05T09:00:00Z');
    w.act('householdRegistration', { type: 'decideExtension', approve: true }, staffOf('yinzhou-police', 'signer1'), '2026-03-05T09:30:00Z');
    const later = w.act('householdRegistration', { type: 'raiseAlert', level: 'overdue' }, dispatcher, '2026-03-09T08:00:00Z');
    expect(!isDomainError(later) && later.changed).toBe(true);
    expect(w.get('householdRegistration').alertsSent).toEqual(['overdue@2', 'overdue@4']);
  });

  it('is system-only and does nothing on sub-tasks not being worked', () => {
    const w = claimedPolice();
    const staff = w.act('householdRegistration', { type: 'raiseAlert', level: 'warning' }, staffOf('yinzhou-police', 'signer1'));
    expect(isDomainError(staff) && staff.code).toBe('FORBIDDEN');
    const waiting = w.act('medicalInsuranceEnrollment', { type: 'raiseAlert', level: 'overdue' }, dispatcher, '2026-04-01T08:00:00Z');
    expect(!isDomainError(waiting) && waiting.changed).toBe(false);
  });
});
