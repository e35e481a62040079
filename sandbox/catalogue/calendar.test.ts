import { describe, expect, it } from 'vitest';
import {
  addDays,
  CALENDAR_PROJECTION,
  dayNumber,
  isoWeekday,
  parseDateList,
  parseRunningDates,
  periodCovers,
  projectedRunsOn,
  representativeDay,
  runsOn,
} from './calendar';

const day = dayNumber;

describe('date lists', () => {
  it('inherit year and month left to right', () => {
    expect(parseDateList('240615-0721')).toEqual([[day('2024-06-15'), day('2024-07-21')]]);
    expect(parseDateList('240727|30')).toEqual([
      [day('2024-07-27'), day('2024-07-27')],
      [day('2024-07-30'), day('2024-07-30')],
    ]);
    expect(parseDateList('240601-10|15-20')).toEqual([
      [day('2024-06-01'), day('2024-06-10')],
      [day('2024-06-15'), day('2024-06-20')],
    ]);
    expect(parseDateList('240615-0901|08-10')).toEqual([
      [day('2024-06-15'), day('2024-09-01')],
      [day('2024-09-08'), day('2024-09-10')],
    ]);
  });
  it('roll a range end before its start into the next year', () => {
    expect(parseDateList('241215-0110')).toEqual([[day('2024-12-15'), day('2025-01-10')]]);
  });
  it('refuse garbage', () => {
    expect(() => parseDateList('24061')).toThrow(RangeError);
    expect(() => parseDateList('241315')).toThrow(RangeError);
  });
});

describe('running-date patterns on the original 2024 calendar', () => {
  it.each([
    ['', '2024-06-15', true],
    ['240615-0721', '2024-06-15', true],
    ['240616-0721', '2024-06-15', false],
    ['240727|30', '2024-07-30', true],
    ['240727|30', '2024-07-28', false],
    ['!240615', '2024-06-15', false],
    ['!240615', '2024-06-16', true],
    ['w6', '2024-06-15', true], // a Saturday
    ['w12', '2024-06-15', false],
    ['w7', '2024-06-16', true], // Sunday is 7
    ['单&240601-0630', '2024-06-15', true],
    ['双&240601-0630', '2024-06-15', false],
    ['双&240601-0630', '2024-06-16', true],
    ['b011&240615-0630', '2024-06-15', false],
    ['b011&240615-0630', '2024-06-16', true],
    ['b011&240615-0630', '2024-06-17', true],
    ['b011&240615-0630', '2024-06-18', false],
    ['240601-0630&!240620', '2024-06-20', false],
  ])('%s on %s → %s', (pattern, date, expected) => {
    expect(runsOn(pattern, date)).toBe(expected);
  });
});

describe('projection', () => {
  it('covers the reference date by the date lists, not the recurrence', () => {
    const even = parseRunningDates('双&240601-0630');
    expect(periodCovers(even, '2024-06-15')).toBe(true);
    expect(representativeDay(even)).toBe(day('2024-06-15'));
  });
  it('keeps odd/even days by the day-of-month parity of the (origin) date', () => {
    const odd = parseRunningDates('单&240601-0630').recurrence;
    expect(projectedRunsOn(odd, '2026-12-01')).toBe(true);
    expect(projectedRunsOn(odd, '2026-12-02')).toBe(false);
    expect(projectedRunsOn(odd, '2026-12-31')).toBe(true);
    expect(projectedRunsOn(odd, '2027-01-01')).toBe(true);
  });
  it('keeps weekdays', () => {
    const weekend = parseRunningDates('w67').recurrence;
    expect(isoWeekday('2026-12-05')).toBe(6);
    expect(projectedRunsOn(weekend, '2026-12-05')).toBe(true);
    expect(projectedRunsOn(weekend, '2026-12-06')).toBe(true);
    expect(projectedRunsOn(weekend, '2026-12-07')).toBe(false);
  });
  it('continues a b-cycle from its anchor', () => {
    const rec = parseRunningDates('b011&240615-0630').recurrence;
    // Period 3 from 2024-06-15: days 0, 3, 6 … off.
    const k = (dayNumber('2026-12-01') - dayNumber('2024-06-15')) % 3;
    expect(projectedRunsOn(rec, '2026-12-01')).toBe(k !== 0);
    expect([0, 1, 2].map((i) => projectedRunsOn(rec, addDays('2026-12-01', i))).filter(Boolean)).toHaveLength(2);
  });
  it('runs every day without a recurrence, whatever the original dates', () => {
    const rec = parseRunningDates('240615-0721').recurrence;
    for (let i = 0; i < 40; i++) expect(projectedRunsOn(rec, addDays('2026-11-20', i))).toBe(true);
  });
  it('projects a code from a later regular start within 30 days, not from a one-off special', () => {
    expect(representativeDay(parseRunningDates('240616-0910'))).toBe(day('2024-06-16'));
    expect(representativeDay(parseRunningDates('240715-0910'))).toBe(day('2024-07-15')); // 30 days later
    expect(representativeDay(parseRunningDates('240716-0910'))).toBeNull(); // 31 days later
    expect(representativeDay(parseRunningDates('240718'))).toBeNull(); // one day
    expect(representativeDay(parseRunningDates('240620-0625'))).toBeNull(); // 6 days
    expect(representativeDay(parseRunningDates('240620-0626'))).toBe(day('2024-06-20')); // 7 days
    expect(representativeDay(parseRunningDates('!240615-0620'))).toBe(day('2024-06-21'));
    expect(representativeDay(parseRunningDates('240610-0615'))).toBe(day('2024-06-15'));
  });
  it('documents itself', () => {
    expect(CALENDAR_PROJECTION).toContain('2024-06-15');
    expect(CALENDAR_PROJECTION).toContain('单/双');
  });
});
