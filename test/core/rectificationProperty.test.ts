// 差评整改 state machine (core rectification.ts), as a property: from a freshly opened rectification, no sequence
// of commands — valid or not, in any order, at any time — reaches a state that breaks its invariants; every
// refused command leaves it unchanged; a closed one stays closed (and unchanged) whatever comes next.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../functions/core/errors.js';
import {
  decideRectification, openRectification, type Rectification, type RectificationCommand, rectificationLevel, rectificationProblems,
} from '../../functions/core/rectification.js';
import { calendar } from './fixtures.js';

const OPENED = '2026-03-02T02:00:00.000Z';

const command: fc.Arbitrary<RectificationCommand> = fc.oneof(
  fc.constant<RectificationCommand>({ type: 'callBack', at: OPENED, method: 'phone', applicantSaid: '等候时间过长' }),
  fc.constant<RectificationCommand>({ type: 'rectify', text: '增开窗口' }),
  fc.constant<RectificationCommand>({ type: 'feedback', text: '已告知申请人' }),
  fc.constant<RectificationCommand>({ type: 'appeal', reason: '非服务质量问题' }),
  fc.boolean().map<RectificationCommand>((upheld) => ({ type: 'decideAppeal', upheld, note: '复核意见' })),
  fc.constantFrom<'warning' | 'overdue'>('warning', 'overdue').map<RectificationCommand>((level) => ({ type: 'raiseAlert', level })),
);

describe('the rectification state machine', () => {
  it('no sequence of commands reaches an invalid state; closed stays closed', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(command, fc.integer({ min: 0, max: 40 })), { maxLength: 25 }), (steps) => {
        let r: Rectification = openRectification('rc1', 'rt1', 'haishu-serviceCenter', '330203', OPENED, calendar);
        for (const [cmd, days] of steps) {
          const at = new Date(Date.parse(OPENED) + days * 86_400_000).toISOString();
          const before = r;
          const out = decideRectification(r, cmd, 'someone', at);
          if (isDomainError(out)) {
            expect(['INVALID_TRANSITION']).toContain(out.code);
            continue;
          }
          r = out.rectification;
          expect(rectificationProblems(r)).toEqual([]);
          if (before.state === 'closed') expect(out.changed).toBe(false);
          if (out.changed) expect(r.version).toBe(before.version + 1);
          else expect(r).toBe(before);
          expect(r.dueDate).toBe(before.dueDate);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('15 working days from the day it opened: warning in the last three, overdue after', () => {
    const r = openRectification('rc1', 'rt1', 'd', '330203', OPENED, calendar);
    expect(r.dueDate).toBe('2026-03-23');
    expect(rectificationLevel(r, calendar, '2026-03-10T02:00:00.000Z').level).toBe('normal');
    expect(rectificationLevel(r, calendar, '2026-03-18T02:00:00.000Z').level).toBe('warning');
    expect(rectificationLevel(r, calendar, '2026-03-24T02:00:00.000Z')).toEqual({ level: 'overdue', remainingDays: -1 });
  });
});
