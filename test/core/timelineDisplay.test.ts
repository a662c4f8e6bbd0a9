import { describe, expect, it } from 'vitest';
import { timelineForDisplay, type TimelineEvent } from '../../functions/core/events.js';
import { seedDirectory } from './fixtures.js';

const event = (id: string, at: string, action: string, detail: TimelineEvent['detail'] = {}): TimelineEvent => ({
  id, caseId: 'C', itemId: 'householdRegistration', action, at, from: null, to: 'ready', reason: null, detail,
  actor: { kind: 'staff', id: 'yinzhou-police-handler1', name: '赵晓明', district: '330212', department: 'yinzhou-police' },
});

describe('the timeline as a page shows it', () => {
  it('in the order things happened; events of one instant keep their recorded order', () => {
    const shown = timelineForDisplay([event('c', '2026-12-07T03:40:00Z', 'comment'), event('a', '2026-12-07T03:38:00Z', 'claim'), event('b', '2026-12-07T03:38:00Z', 'comment')], seedDirectory);
    expect(shown.map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('at one instant the case\'s end comes after the sign-off that caused it', () => {
    const done = { ...event('end', '2026-12-07T03:49:00Z', 'complete'), itemId: null };
    const shown = timelineForDisplay([done, event('sign', '2026-12-07T03:49:00Z', 'signOff')], seedDirectory);
    expect(shown.map((e) => e.id)).toEqual(['sign', 'end']);
  });

  it('转交 names to whom: the department and the person by name, the district when it changes', () => {
    const staff = seedDirectory.staff.find((s) => s.department === 'yinzhou-police' && s.id !== 'yinzhou-police-handler1');
    if (!staff) throw new Error('no second police staff in the seed');
    const [same] = timelineForDisplay([event('h', '2026-12-07T03:38:00Z', 'handOff', { toDepartment: 'yinzhou-police', toDistrict: '330212', toStaff: staff.id })], seedDirectory);
    expect(same.detail.toName).toBe('宁波市公安局鄞州分局 · ' + staff.name);
    const haishu = seedDirectory.departments.find((d) => d.district === '330203' && d.kind === 'police');
    const [other] = timelineForDisplay([event('h', '2026-12-07T03:38:00Z', 'handOff', { toDepartment: haishu?.id ?? '', toDistrict: '330203', toStaff: null })], seedDirectory);
    expect(other.detail.toName).toBe('海曙区 · ' + haishu?.name);
  });
});
