// 热点事件 matching (core hotlineEvents.ts): which open events a new call may be merged into, best first, with reasons.
import { describe, expect, it } from 'vitest';
import { matchEvents } from '../../functions/core/hotlineEvents';

const event = (over: Partial<Parameters<typeof matchEvents>[0][number]> = {}) => ({
  orderId: 'wo-20260302-0001', title: '首南街道停水', classId: 'water', itemId: 'watercut', town: 'yinzhou-shounan',
  content: '首南街道日丽中路一带停水，自来水管爆裂', keywords: ['爆管'], merged: 0, ...over,
});
const call = { classId: 'water', itemId: 'watercut', town: 'yinzhou-shounan', content: '日丽中路停水了，自来水管爆裂什么时候修好？' };

describe('matchEvents', () => {
  it('scores the same item, town and similar content, with Chinese reasons', () => {
    const [m] = matchEvents([event()], call);
    expect(m).toMatchObject({ orderId: 'wo-20260302-0001', title: '首南街道停水', merged: 0 });
    expect(m.reasons).toEqual(['同一事项', '同一街道', '内容相近']);
    expect(m.score).toBe(4 + 2 + 2);
  });

  it('adds a keyword found in the call, and ignores punctuation and spaces in the similarity', () => {
    const [m] = matchEvents([event({ town: null, content: '完全不同的描述', title: '其他' })], { ...call, content: '小区 爆管，没水！' });
    expect(m.reasons).toEqual(['同一事项', '含关键词「爆管」']);
    expect(m.score).toBe(5);
  });

  it('offers only scores of at least 3, at most 3 events, best first', () => {
    const events = [
      event({ orderId: 'wo-20260302-0001', town: null, content: '无关', title: '无关' }),
      event({ orderId: 'wo-20260302-0002', itemId: 'other', town: null, content: '无关', title: '无关', keywords: [] }),
      event({ orderId: 'wo-20260302-0003', merged: 5 }),
      event({ orderId: 'wo-20260302-0004', merged: 2 }),
      event({ orderId: 'wo-20260302-0005', classId: 'power', itemId: 'blackout', keywords: [] }),
    ];
    const matches = matchEvents(events, call);
    expect(matches.map((m) => m.orderId)).toEqual(['wo-20260302-0003', 'wo-20260302-0004', 'wo-20260302-0001']);
    expect(matches.every((m) => m.score >= 3)).toBe(true);
    // Same class only (+1): below the bar.
    expect(matchEvents([events[1]], call)).toEqual([]);
  });

  it('same town and similar content of another class still match', () => {
    const [m] = matchEvents([event({ classId: 'power', itemId: 'blackout', keywords: [] })], call);
    expect(m.reasons).toEqual(['同一街道', '内容相近']);
  });
});
