// 改派 (reassign): work left by a person who no longer works it — disabled (停用), removed from the directory, or moved
// to another department — goes back to its department's ready list or to a named colleague, by the department's
// signers or the district's supervisors; never while the person is still at work.
import { describe, expect, it } from 'vitest';
import { parseStaffCommand } from '../../functions/core/commandParsing.js';
import type { Directory, Staff } from '../../functions/core/directory.js';
import { type DomainError, isDomainError } from '../../functions/core/errors.js';
import { timelineForDisplay } from '../../functions/core/events.js';
import { assigneeGone, handOffRecipients, leftWorkQueues } from '../../functions/core/policy.js';
import { scopeOf, type SubTaskResult } from '../../functions/core/subtask.js';
import { actor, birthBundle, birthValues, D, outputsFor, seedDirectory, staffOf, World } from './fixtures.js';

const CLERK = 'haishu-serviceCenter-clerk1';
const ITEM = 'householdRegistration';
const handler = staffOf('yinzhou-police', 'handler1');
const handler2 = staffOf('yinzhou-police', 'handler2');
const signer = staffOf('yinzhou-police', 'signer1');

function ok(r: SubTaskResult | DomainError): SubTaskResult {
  if (isDomainError(r)) throw new Error(`${r.code}: ${r.message} ${JSON.stringify(r.issues)}`);
  return r;
}
function err(r: SubTaskResult | DomainError): DomainError {
  if (!isDomainError(r)) throw new Error(`expected an error, got state ${r.subTask.state}`);
  return r;
}

/** The seeded directory with one staff member changed (null: removed). */
function withStaff(id: string, change: Partial<Staff> | null): Directory {
  const staff = seedDirectory.staff.flatMap((s) => (s.id !== id ? [s] : change === null ? [] : [{ ...s, ...change }]));
  return { ...seedDirectory, staff };
}

/** Household registration claimed by handler1, then the directory changes under the case. */
function claimedThen(dir: Directory): World {
  const w = World.accept(birthBundle, birthValues(), CLERK);
  ok(w.act('birthCertificate', { type: 'claim' }, staffOf('haishu-hospital1', 'handler1')));
  ok(w.act('birthCertificate', { type: 'signOff', sealId: 'haishu-hospital1-seal', outputs: outputsFor(birthBundle, 'birthCertificate') }, staffOf('haishu-hospital1', 'signer1')));
  ok(w.act(ITEM, { type: 'claim' }, handler));
  Object.assign(w, { directory: dir });
  return w;
}

describe('reassign (改派)', () => {
  it('is refused while the assignee still works the sub-task', () => {
    const w = claimedThen(seedDirectory);
    expect(err(w.act(ITEM, { type: 'reassign', reason: '人员调整' }, signer)).code).toBe('INVALID_TRANSITION');
    expect(w.get(ITEM).state).toBe('claimed');
  });

  it('a signer sends a disabled handler\'s claimed work back to the department\'s ready list', () => {
    const w = claimedThen(withStaff(handler.id, { disabled: true }));
    const before = w.get(ITEM);
    expect(assigneeGone(scopeOf(before), w.directory)).toBe(true);
    const r = ok(w.act(ITEM, { type: 'reassign', reason: '原经办人已调离' }, signer));
    expect(r.subTask).toMatchObject({ state: 'ready', assignee: null, todo: null, version: before.version + 1 });
    expect(r.subTask.queue.map((q) => q.queue)).toEqual([`dept:${D.yinzhou}:yinzhou-police:ready`]);
    expect(r.effects.filter((e) => e.kind === 'dequeue').map((e) => e.kind === 'dequeue' && e.entry.queue)).toEqual([
      `user:${handler.id}:active`, `dept:${D.yinzhou}:yinzhou-police:active`,
    ]);
    expect(r.effects.some((e) => e.kind === 'finishTodo')).toBe(true);
    expect(r.events).toEqual([expect.objectContaining({
      action: 'reassign', from: 'claimed', to: 'ready', reason: '原经办人已调离', actor: expect.objectContaining({ id: signer.id }),
      detail: { fromStaff: handler.id, toStaff: null },
    })]);
    const shown = timelineForDisplay(r.events, w.directory)[0];
    expect(shown.detail).toMatchObject({ fromName: seedDirectory.staff.find((s) => s.id === handler.id)?.name, toName: '部门待签收' });
    // a colleague claims it again
    expect(ok(w.act(ITEM, { type: 'claim' }, handler2)).subTask).toMatchObject({ state: 'claimed', assignee: handler2.id });
  });

  it('to a named colleague: ready in their own list; never to a disabled person, another department or the one who left', () => {
    const dir = withStaff(handler.id, { disabled: true });
    const disabledToo: Directory = { ...dir, staff: dir.staff.map((s) => (s.id === handler2.id ? { ...s, disabled: true } : s)) };
    const w1 = claimedThen(disabledToo);
    expect(err(w1.act(ITEM, { type: 'reassign', reason: '人员调整', toStaff: handler2.id }, signer)).code).toBe('NOT_FOUND');
    const w = claimedThen(dir);
    expect(err(w.act(ITEM, { type: 'reassign', reason: '人员调整', toStaff: 'haishu-police-handler1' }, signer)).code).toBe('VALIDATION_FAILED');
    expect(err(w.act(ITEM, { type: 'reassign', reason: '人员调整', toStaff: handler.id }, signer)).code).toBe('NOT_FOUND');
    expect(err(w.act(ITEM, { type: 'reassign', reason: ' ' }, signer)).code).toBe('VALIDATION_FAILED');
    const r = ok(w.act(ITEM, { type: 'reassign', reason: '人员调整', toStaff: handler2.id }, signer));
    expect(r.subTask).toMatchObject({ state: 'ready', assignee: handler2.id });
    expect(r.subTask.queue.map((q) => q.queue)).toEqual([`user:${handler2.id}:ready`]);
    expect(err(w.act(ITEM, { type: 'claim' }, staffOf('yinzhou-police', 'signer2'))).code).toBe('FORBIDDEN');
    expect(ok(w.act(ITEM, { type: 'claim' }, handler2)).subTask.assignee).toBe(handler2.id);
  });

  it('who may: the department\'s signers and the district\'s supervisors, not handlers nor other districts', () => {
    const dir = withStaff(handler.id, { disabled: true });
    expect(err(claimedThen(dir).act(ITEM, { type: 'reassign', reason: '人员调整' }, handler2)).code).toBe('FORBIDDEN');
    expect(err(claimedThen(dir).act(ITEM, { type: 'reassign', reason: '人员调整' }, actor('haishu-serviceCenter-supervisor1', dir))).code).toBe('FORBIDDEN');
    expect(err(claimedThen(dir).act(ITEM, { type: 'reassign', reason: '人员调整' }, staffOf('haishu-police', 'signer1'))).code).toBe('FORBIDDEN');
    expect(ok(claimedThen(dir).act(ITEM, { type: 'reassign', reason: '人员调整' }, actor('yinzhou-serviceCenter-supervisor1', dir))).subTask.state).toBe('ready');
  });

  it('removed from the directory, or moved to another department, counts as gone', () => {
    expect(ok(claimedThen(withStaff(handler.id, null)).act(ITEM, { type: 'reassign', reason: '人员已离职' }, signer)).subTask.state).toBe('ready');
    const moved = withStaff(handler.id, { department: 'yinzhou-hrss' });
    expect(ok(claimedThen(moved).act(ITEM, { type: 'reassign', reason: '人员已转岗' }, signer)).subTask.state).toBe('ready');
    const noLongerHandler = withStaff(handler.id, { roles: ['clerk'] });
    expect(ok(claimedThen(noLongerHandler).act(ITEM, { type: 'reassign', reason: '人员已转岗' }, signer)).subTask.state).toBe('ready');
  });

  it('work returned for correction or suspended: the pause ends and the new person decides again', () => {
    const w = claimedThen(seedDirectory);
    ok(w.act(ITEM, { type: 'returnForCorrection', reason: '材料不清晰', items: ['户口簿首页'] }, handler));
    expect(w.get(ITEM).queue.some((q) => q.queue.startsWith('window:'))).toBe(true);
    Object.assign(w, { directory: withStaff(handler.id, { disabled: true }) });
    const r = ok(w.act(ITEM, { type: 'reassign', reason: '原经办人已调离' }, signer));
    expect(r.subTask).toMatchObject({ state: 'ready', correction: null, suspension: null });
    expect(r.subTask.clock.pauses.every((p) => p.until !== null)).toBe(true);
    expect(r.subTask.queue.map((q) => q.queue)).toEqual([`dept:${D.yinzhou}:yinzhou-police:ready`]);

    const s = claimedThen(seedDirectory);
    ok(s.act(ITEM, { type: 'suspend', kind: 'appraisal', reason: '等待鉴定结论' }, handler));
    Object.assign(s, { directory: withStaff(handler.id, { disabled: true }) });
    expect(ok(s.act(ITEM, { type: 'reassign', reason: '原经办人已调离' }, signer)).subTask).toMatchObject({ state: 'ready', suspension: null });
  });

  it('a ready sub-task handed to a person who left goes back to the department', () => {
    const w = claimedThen(seedDirectory);
    ok(w.act(ITEM, { type: 'handOff', toStaff: handler2.id, reason: '请同事办理' }, handler));
    expect(w.get(ITEM)).toMatchObject({ state: 'ready', assignee: handler2.id });
    Object.assign(w, { directory: withStaff(handler2.id, { disabled: true }) });
    const r = ok(w.act(ITEM, { type: 'reassign', reason: '同事已停用' }, signer));
    expect(r.subTask).toMatchObject({ state: 'ready', assignee: null });
    expect(r.effects.filter((e) => e.kind === 'enqueue').map((e) => e.kind === 'enqueue' && e.entry.queue)).toEqual([`dept:${D.yinzhou}:yinzhou-police:ready`]);
  });

  it('a disabled person is offered nowhere; their by-name ready list is read by the department\'s signers', () => {
    const dir = withStaff(handler.id, { disabled: true });
    const offered = handOffRecipients(handler2, {}, dir);
    expect(Array.isArray(offered) && offered.map((s) => s.id)).not.toContain(handler.id);
    expect(leftWorkQueues(signer, dir)).toEqual([`user:${handler.id}:ready`]);
    expect(leftWorkQueues(handler2, dir)).toEqual([]);
    expect(leftWorkQueues(staffOf('haishu-police', 'signer1'), dir)).toEqual([]);
    expect(leftWorkQueues(signer, seedDirectory)).toEqual([]);
  });

  it('is parsed from HTTP bodies by the command schema', () => {
    expect(parseStaffCommand({ type: 'reassign', reason: '人员调整', toStaff: 'yinzhou-police-handler2' })).toEqual({ type: 'reassign', reason: '人员调整', toStaff: 'yinzhou-police-handler2' });
    expect(isDomainError(parseStaffCommand({ type: 'reassign' }))).toBe(true);
    expect(isDomainError(parseStaffCommand({ type: 'reassign', reason: '人员调整', toDepartment: 'x' }))).toBe(true);
  });
});
