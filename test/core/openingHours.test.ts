// Opening hours (core openingHours.ts) and the calendar overlay as entered (core calendarInput.ts): times HH:MM with
// open before close, evenings after the day's close on an open day; dates real, no day both off and working, and a
// year entered with its notice no longer provisional.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, createWorkCalendar } from '../../functions/core/calendar';
import { calendarOverlayOf } from '../../functions/core/calendarInput';
import { type OpeningHours, openingHoursIssues } from '../../functions/core/openingHours';

const day = { open: '08:30', close: '17:00' };
const hours = (): OpeningHours => ({
  weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: { open: '09:00', close: '12:00' }, sun: null },
  evenings: [{ weekday: 'tue', until: '19:30', name: '周二夜市' }],
});

describe('opening hours', () => {
  it('a usual week with 周二夜市 is valid', () => {
    expect(openingHoursIssues(hours())).toEqual([]);
  });

  it('refuses bad times, open not before close, evenings on closed days or before closing, twice a day', () => {
    const fields = (h: OpeningHours) => openingHoursIssues(h).map((i) => i.field);
    expect(fields({ ...hours(), weekly: { ...hours().weekly, mon: { open: '8:30', close: '17:00' } } })).toEqual(['weekly.mon.open']);
    expect(fields({ ...hours(), weekly: { ...hours().weekly, wed: { open: '24:00', close: '25:00' } } })).toEqual(['weekly.wed.open', 'weekly.wed.close']);
    expect(fields({ ...hours(), weekly: { ...hours().weekly, thu: { open: '17:00', close: '17:00' } } })).toEqual(['weekly.thu']);
    expect(fields({ ...hours(), evenings: [{ weekday: 'sun', until: '19:30', name: '周日夜市' }] })).toEqual(['evenings.0.weekday']);
    expect(fields({ ...hours(), evenings: [{ weekday: 'tue', until: '16:30', name: '周二夜市' }] })).toEqual(['evenings.0.until']);
    const twice = fields({ ...hours(), evenings: [...hours().evenings, { weekday: 'tue', until: '20:00', name: '再一次' }] });
    expect(twice).toEqual(['evenings.1.weekday']);
    expect(openingHoursIssues({ ...hours(), weekly: { ...hours().weekly, thu: { open: '17:00', close: '09:00' } } })[0]?.message).toContain('周四');
  });

  it('any two valid times are accepted exactly when open < close (property)', () => {
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(time, time, (open, close) => {
        const h: OpeningHours = { weekly: { ...hours().weekly, fri: { open, close } }, evenings: [] };
        expect(openingHoursIssues(h).length === 0).toBe(open < close);
      }),
    );
  });
});

describe('the calendar overlay as entered', () => {
  it('refuses unreal dates, a day both off and working, a date twice, implausible years', () => {
    const codes = (input: Parameters<typeof calendarOverlayOf>[0]) => {
      const r = calendarOverlayOf(input);
      return Array.isArray(r) ? r.map((i) => `${i.field}:${i.code}`) : [];
    };
    expect(codes({ daysOff: [{ date: '2026-02-30', name: 'x' }], workdays: [], publishedYears: [] })).toEqual(['daysOff.0.date:BAD_DATE']);
    expect(codes({ daysOff: [{ date: '2026-03-03', name: '闭厅' }], workdays: [{ date: '2026-03-03', name: '补班' }], publishedYears: [] })).toEqual(['workdays.0.date:OFF_AND_WORKING']);
    expect(codes({ daysOff: [{ date: '2026-03-03', name: 'a' }, { date: '2026-03-03', name: 'b' }], workdays: [], publishedYears: [] })).toEqual(['daysOff.1.date:DUPLICATE_DATE']);
    expect(codes({ daysOff: [], workdays: [], publishedYears: [1899, 2027, 2027] })).toEqual(['publishedYears.0:BAD_YEAR', 'publishedYears:DUPLICATE_YEAR']);
  });

  it('a local closure moves a due date; entering next year\'s notice makes it no longer provisional', () => {
    const closure = calendarOverlayOf({ daysOff: [{ date: '2026-03-03', name: '闭厅' }], workdays: [], publishedYears: [] });
    if (Array.isArray(closure)) throw new Error('closure');
    expect(addWorkingDays(createWorkCalendar(), '2026-03-02', 1)?.date).toBe('2026-03-03');
    expect(addWorkingDays(createWorkCalendar(closure), '2026-03-02', 1)?.date).toBe('2026-03-04');

    expect(addWorkingDays(createWorkCalendar(), '2026-12-28', 5)?.provisional).toBe(true);
    const notice = calendarOverlayOf({ daysOff: [{ date: '2027-01-01', name: '元旦' }], workdays: [], publishedYears: [2027] });
    if (Array.isArray(notice)) throw new Error('notice');
    const cal = createWorkCalendar(notice);
    expect(cal.knownUntil).toBe('2027-12-31');
    expect(addWorkingDays(cal, '2026-12-28', 5)).toEqual({ date: '2027-01-05', provisional: false });
    expect(notice.version).not.toBe(closure.version);
  });
});
