import { describe, expect, it } from 'vitest';
import { addDays, isValidDate, isValidLocalDateTime, presaleWindow, shanghaiDateOf, shanghaiInstant } from './calendar';

describe('Shanghai calendar', () => {
  it('rolls over to the next day at 16:00 UTC', () => {
    expect(shanghaiDateOf(new Date('2026-11-24T15:59:59Z'))).toBe('2026-11-24');
    expect(shanghaiDateOf(new Date('2026-11-24T16:00:00Z'))).toBe('2026-11-25');
  });

  it('gives a 15-day pre-sale window including today', () => {
    expect(presaleWindow(new Date('2026-11-24T02:00:00Z'), 15)).toEqual({ first: '2026-11-24', last: '2026-12-08' });
  });

  it('adds days across month ends and builds Shanghai instants', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(shanghaiInstant('2026-11-25', '07:00').toISOString()).toBe('2026-11-24T23:00:00.000Z');
  });

  it('validates real calendar dates only', () => {
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2026-1-1')).toBe(false);
  });
});

describe('isValidLocalDateTime', () => {
  it('accepts real wall-clock times only', () => {
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
