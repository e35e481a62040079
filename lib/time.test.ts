import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatShanghai,
  fromDateTimeLocal,
  isValidDate,
  isValidLocalDateTime,
  presaleWindow,
  shanghaiDate,
  shanghaiInstant,
  shanghaiTime,
  startOfShanghaiDay,
  toDateTimeLocal,
} from './time';

describe('around Shanghai midnight (16:00 UTC)', () => {
  const before = new Date('2026-12-06T15:59:59Z');
  const at = new Date('2026-12-06T16:00:00Z');

  it('is still the 6th one second before, the 7th at midnight', () => {
    expect(shanghaiDate(before)).toBe('2026-12-06');
    expect(formatShanghai(before)).toBe('2026-12-06 23:59');
    expect(formatShanghai(before, { seconds: true })).toBe('2026-12-06 23:59:59');
    expect(shanghaiDate(at)).toBe('2026-12-07');
    expect(formatShanghai(at)).toBe('2026-12-07 00:00');
    expect(shanghaiTime(at)).toBe('00:00');
  });

  it('reads ISO strings as well as Dates', () => {
    expect(formatShanghai('2026-12-06T16:00:00.000Z')).toBe('2026-12-07 00:00');
    expect(shanghaiDate('2026-12-06T15:59:59.999Z')).toBe('2026-12-06');
  });

  it('starts the day at Shanghai midnight, not UTC midnight', () => {
    expect(shanghaiInstant('2026-12-07').toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(startOfShanghaiDay(before).toISOString()).toBe('2026-12-05T16:00:00.000Z');
    expect(startOfShanghaiDay(at).toISOString()).toBe('2026-12-06T16:00:00.000Z');
  });
});

describe('when the UTC and Shanghai dates differ', () => {
  // 2026-12-31 20:00 UTC is already 2027-01-01 04:00 in Shanghai: a new day, month and year.
  const newYear = new Date('2026-12-31T20:00:00Z');

  it('shows the Shanghai date, not the UTC one', () => {
    expect(newYear.toISOString().slice(0, 10)).toBe('2026-12-31');
    expect(shanghaiDate(newYear)).toBe('2027-01-01');
    expect(formatShanghai(newYear)).toBe('2027-01-01 04:00');
    expect(toDateTimeLocal(newYear)).toBe('2027-01-01T04:00');
  });

  it('counts pre-sale days from today in Shanghai', () => {
    expect(presaleWindow(newYear, 15)).toEqual({ first: '2027-01-01', last: '2027-01-15' });
    expect(presaleWindow(new Date('2026-11-24T02:00:00Z'), 15)).toEqual({ first: '2026-11-24', last: '2026-12-08' });
  });
});

describe('round trips', () => {
  it('a Shanghai date and time back to the same strings', () => {
    for (const [date, time] of [
      ['2026-12-07', '08:05'],
      ['2028-02-29', '23:59'],
      ['2027-01-01', '00:00'],
    ] as const) {
      const at = shanghaiInstant(date, time);
      expect(shanghaiDate(at)).toBe(date);
      expect(shanghaiTime(at)).toBe(time);
      expect(formatShanghai(at)).toBe(`${date} ${time}`);
      expect(fromDateTimeLocal(toDateTimeLocal(at)).getTime()).toBe(at.getTime());
    }
  });

  it('a wall-clock time is 8 hours ahead of UTC, midsummer too (no DST)', () => {
    expect(shanghaiInstant('2026-11-25', '07:00').toISOString()).toBe('2026-11-24T23:00:00.000Z');
    expect(shanghaiInstant('2026-07-01', '07:00:30').toISOString()).toBe('2026-06-30T23:00:30.000Z');
    expect(fromDateTimeLocal('2026-12-01T10:00').toISOString()).toBe('2026-12-01T02:00:00.000Z');
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month and year ends and leap days', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('validation', () => {
  it('accepts real calendar dates only', () => {
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2026-1-1')).toBe(false);
    expect(Number.isNaN(shanghaiInstant('2026-02-30', '10:00').getTime())).toBe(true);
  });

  it('accepts real wall-clock datetime-local values only', () => {
    expect(isValidLocalDateTime('2026-12-01T10:00')).toBe(true);
    expect(isValidLocalDateTime('2026-12-31T23:59')).toBe(true);
    for (const bad of [
      '2026-13-01T10:00',
      '2026-02-30T10:00',
      '2026-12-01T24:00',
      '2026-12-01T10:60',
      '2026-12-01 10:00',
      '',
      '2026-12-01T10:00:00',
    ])
      expect(isValidLocalDateTime(bad), bad).toBe(false);
  });
});
