/**
 * Property test of the sub-task state machine: random command sequences by random actors never
 * reach an invalid state, every failure changes nothing, and every event names actor, time, from
 * and to.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { StaffActor } from '../../functions/core/actor.js';
import { withdrawCase } from '../../functions/core/case.js';
import { errorCatalog, isDomainError } from '../../functions/core/errors.js';
import { isPaused } from '../../functions/core/clock.js';
import { allowedFrom, queueEntriesOf, type SubTask, type SubTaskCommand, subTaskStates } from '../../functions/core/subtask.js';
import { addDays } from '../../functions/core/time.js';
import { actor, birthBundle, birthValues, calendar, D, dispatcher, outputsFor, seedDirectory, staffOf, World } from './fixtures.js';

const CLERK = 'haishu-serviceCenter-clerk1';
const values = birthValues({ motherBankAccount: '6222021234567890123', motherBankName: '宁波银行', motherInsuredDistrict: D.haishu });
const itemIds = birthBundle.items.map((i) => i.id);

function actorsFor(st: SubTask): StaffActor[] {
  const dep = st.department;
  return [
    staffOf(dep, 'handler1'), staffOf(dep, 'handler2'), staffOf(dep, 'signer1'), staffOf(dep, 'signer2'),
    actor(CLERK), actor('haishu-serviceCenter-supervisor1'), actor('yinzhou-serviceCenter-supervisor1'),
    staffOf('jiangbei-police', 'handler1'), staffOf('haishu-serviceCenter', 'signer1'), actor('haishu-serviceCenter-auditor1'),
  ];
}

function commandFor(pick: number, variant: number, st: SubTask, bundleItem: string): SubTaskCommand {
  // Half the picks are any command; the other half a command the current state allows.
  const allowed = commandTypes.map((t, i) => [t, i] as const).filter(([t]) => allowedFrom[t].includes(st.state)).map(([, i]) => i);
  const kind = pick < 16 || allowed.length === 0 ? pick % 16 : allowed[pick % allowed.length];
  const reason = variant % 5 === 0 ? '' : '依据规定处理';
  const seal = variant % 6 === 0 ? 'yinzhou-police-seal' : variant % 6 === 1 ? 'haishu-serviceCenter-delegated-seal' : `${st.department}-seal`;
  const outputs = variant % 7 === 0 ? {} : outputsFor(birthBundle, bundleItem);
  const commands: SubTaskCommand[] = [
    { type: 'claim' },
    { type: 'handOff', toStaff: variant % 2 ? `${st.department}-handler2` : undefined, toDepartment: variant % 2 ? undefined : st.department, reason },
    { type: 'returnForCorrection', reason, items: variant % 2 ? ['户籍地址'] : [] },
    { type: 'resubmit', values: variant % 2 ? {} : { applicantPhone: '13905741111' } },
    { type: 'suspend', kind: 'appraisal', reason },
    { type: 'resume' },
    { type: 'requestExtension', days: (variant % 3) + 1, reason },
    { type: 'decideExtension', approve: variant % 2 === 0, reason },
    { type: 'signOff', sealId: seal, outputs },
    { type: 'countersign', sealId: seal },
    { type: 'refuse', sealId: seal, reason },
    { type: 'comment', text: reason || '意见' },
    { type: 'urge', text: '请尽快办理' },
    { type: 'recordDelivery', material: 'householdRegistrationRecord', carrier: 'EMS', trackingNumber: variant % 2 ? '1180012345678' : 'x' },
    { type: 'release' },
    { type: 'cancel', reason: '测试终止' },
  ];
  // Cancelling is rare in life (withdrawal, upstream refusal): keep it rare here too.
  if (kind === 15 && variant > 2) return { type: 'claim' };
  return commands[kind % commands.length];
}

function checkInvariants(st: SubTask, w: World): void {
  expect(subTaskStates).toContain(st.state);
  const item = birthBundle.items.find((i) => i.id === st.itemId);
  if (!item) throw new Error('item');
  if (['claimed', 'returned', 'suspended', 'countersigning'].includes(st.state)) {
    expect(st.clock.startedOn).not.toBeNull();
  }
  if (['claimed', 'returned', 'suspended'].includes(st.state)) expect(st.assignee).not.toBeNull();
  expect(isPaused(st.clock)).toBe(st.state === 'returned' || st.state === 'suspended');
  expect(st.correction !== null).toBe(st.state === 'returned');
  expect(st.suspension !== null).toBe(st.state === 'suspended');
  if (st.state === 'countersigning') expect(st.signatures).toHaveLength(1);
  if (st.state === 'done') {
    expect(st.signatures.length).toBe(item.countersign ? 2 : 1);
    expect(new Set(st.signatures.map((s) => s.signer)).size).toBe(st.signatures.length);
    expect(Object.keys(st.outputs).sort()).toEqual([...item.outputs].sort());
  }
  if (st.state === 'ready' || st.state === 'claimed') expect(Object.keys(st.inputs).sort()).toEqual(item.inputs.map((i) => i.material).sort());
  expect(st.clock.extensionDays).toBeLessThanOrEqual(item.timeLimitDays);
  if (st.clock.extensionDays > 0) expect(st.extension?.decision).toBe('approved');
  expect(st.queue).toEqual(queueEntriesOf(st, calendar, w.case.acceptingDistrict));
  expect(st.todo !== null).toBe(['claimed', 'returned', 'suspended'].includes(st.state));
  expect(['accepted', 'completed', 'closed', 'withdrawn']).toContain(w.case.state);
}

const commandTypes: SubTaskCommand['type'][] = [
  'claim', 'handOff', 'returnForCorrection', 'resubmit', 'suspend', 'resume', 'requestExtension', 'decideExtension',
  'signOff', 'countersign', 'refuse', 'comment', 'urge', 'recordDelivery', 'release', 'cancel',
];

/** Valid prefixes, so random sequences also start from deeper reachable states. */
function advance(w: World, depth: number): void {
  const t = '2026-03-02T02:30:00.000Z';
  const run = (itemId: string, who: StaffActor, command: SubTaskCommand) => {
    const r = w.act(itemId, command, who, t);
    if (isDomainError(r)) throw r;
  };
  const sign = (itemId: string) => {
    const dep = w.get(itemId).department;
    run(itemId, staffOf(dep, 'handler1'), { type: 'claim' });
    run(itemId, staffOf(dep, 'signer1'), { type: 'signOff', sealId: `${dep}-seal`, outputs: outputsFor(birthBundle, itemId) });
  };
  if (depth >= 1) sign('birthCertificate');
  if (depth >= 2) sign('householdRegistration');
  if (depth >= 3) {
    const dep = w.get('maternityReimbursement').department;
    run('maternityReimbursement', staffOf(dep, 'handler1'), { type: 'claim' });
    if (depth >= 4) {
      run('maternityReimbursement', staffOf(dep, 'signer1'), {
        type: 'signOff', sealId: `${dep}-seal`, outputs: outputsFor(birthBundle, 'maternityReimbursement'),
      });
    }
  }
}

const step = fc.record({
  item: fc.nat(29),
  kind: fc.nat(31),
  who: fc.nat(14),
  variant: fc.nat(59),
  days: fc.nat(2),
  withdraw: fc.nat(150),
});

describe('sub-task state machine properties', () => {
  it('random command sequences never reach an invalid state; errors change nothing; events are complete', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.nat(4), fc.array(step, { minLength: 5, maxLength: 60 }), (start, steps) => {
        const w = World.accept(birthBundle, values, CLERK, { chosenOptional: ['maternityReimbursement'] });
        advance(w, start);
        let date = '2026-03-02';
        for (const s of steps) {
          date = addDays(date, s.days);
          const now = `${date}T03:00:00.000Z`;
          if (s.withdraw === 0 && w.case.state === 'accepted') {
            const r = withdrawCase(w.case, w.states(), '申请人撤回', actor(CLERK), now, seedDirectory);
            if (!isDomainError(r)) {
              w.case = r.case;
              w.apply(r.effects, now);
            }
            continue;
          }
          // Mostly act on sub-tasks someone can work on, sometimes on any.
          const open = itemIds.filter((id) => !['waiting', 'done', 'refused', 'cancelled'].includes(w.get(id).state));
          const itemId = open.length > 0 && s.item % 5 !== 0 ? open[s.item % open.length] : itemIds[s.item % itemIds.length];
          const before = w.get(itemId);
          const command = commandFor(s.kind, s.variant, before, itemId);
          const isSystem = command.type === 'release' || command.type === 'cancel';
          // Indices past the pool pick the current assignee, so deep states are reached often.
          const pool = actorsFor(before);
          const assignee = before.assignee ? actor(before.assignee) : pool[0];
          const signing = ['signOff', 'countersign', 'refuse', 'decideExtension'].includes(command.type);
          const favourite = signing ? pool[2 + (s.who % 2)] : assignee;
          const who = isSystem ? dispatcher : s.who < 6 ? pool[(s.who * 7 + s.variant) % pool.length] : favourite;
          const eventsBefore = w.events.length;
          const r = w.act(itemId, command, who, now);
          if (isDomainError(r)) {
            expect(Object.keys(errorCatalog)).toContain(r.code);
            expect(r.message).toMatch(/[\u4e00-\u9fa5]/);
            expect(w.get(itemId)).toBe(before);
          } else if (r.changed) {
            expect(r.subTask.version).toBe(before.version + 1);
            expect(r.events[0]).toMatchObject({ from: before.state, to: r.subTask.state, at: now, caseId: w.case.id, itemId });
            expect(r.events[0].actor.id).toBe(who.id);
            for (const e of r.effects) expect(e.id.startsWith(`${w.case.id}/${itemId}@${r.subTask.version}/`)).toBe(true);
          }
          for (const e of w.events.slice(eventsBefore)) {
            expect(e.actor.id).toBeTruthy();
            expect(e.at).toMatch(/Z$/);
            expect(e.to).toBeTruthy();
            expect(e.action).toBeTruthy();
          }
          for (const st of w.subTasks.values()) {
            checkInvariants(st, w);
            seen.add(st.state);
          }
          seen.add(`case:${w.case.state}`);
          if (w.case.state === 'completed' || w.case.state === 'closed') {
            for (const st of w.subTasks.values()) expect(['done', 'refused', 'cancelled']).toContain(st.state);
          }
        }
        expect(new Set(w.events.map((e) => e.id)).size).toBe(w.events.length);
      }),
      { numRuns: 100 },
    );
    // The sequences reach deep states, not only the errors.
    for (const state of subTaskStates) expect(seen).toContain(state);
    expect(seen).toContain('case:withdrawn');
  });
});
