import { describe, expect, it } from 'vitest';
import { formatSeatNo, parseChooseSeats, parseChooseSleeper, seatLayoutFor } from './seats';

describe('seat letters', () => {
  it('follow the class layouts with windows A/F and aisles C/D', () => {
    expect(seatLayoutFor(4)).toMatchObject({ left: ['A', 'B', 'C'], right: ['D', 'F'] });
    expect(seatLayoutFor(3)).toMatchObject({ left: ['A', 'C'], right: ['D', 'F'] });
    expect(seatLayoutFor(1)).toMatchObject({ left: ['A', 'C'], right: ['F'] });
    expect(seatLayoutFor(8)).toBeNull();
  });
});

describe('chooseSeats', () => {
  it('accepts picks within two rows, one per passenger', () => {
    expect(parseChooseSeats('1A1B', 4, 2)).toEqual({
      ok: true,
      value: [
        { row: 1, letter: 'A' },
        { row: 1, letter: 'B' },
      ],
    });
    expect(parseChooseSeats('1F2A', 4, 2).ok).toBe(true);
  });
  it.each([
    ['1A3B', 4, 2, '两排'],
    ['1B', 3, 1, '没有 B'],
    ['1A', 4, 2, '一致'],
    ['1A1A', 4, 2, '重复'],
    ['AA', 4, 1, '格式'],
    ['1A', 8, 1, '不支持'],
  ])('%s for class %d and %d passengers is refused (%s)', (s, t, n, why) => {
    const r = parseChooseSeats(s, t, n);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(why);
  });
});

describe('chooseSleeper', () => {
  it('reads lower/middle/upper counts', () => {
    expect(parseChooseSleeper('102', 8, 3)).toEqual({ ok: true, value: { lower: 1, middle: 0, upper: 2 } });
  });
  it('refuses a middle berth on 软卧, too many berths, and non-sleepers', () => {
    expect(parseChooseSleeper('010', 6, 1).ok).toBe(false);
    expect(parseChooseSleeper('300', 8, 2).ok).toBe(false);
    expect(parseChooseSleeper('100', 4, 1).ok).toBe(false);
  });
});

describe('seat number formats', () => {
  it('prints like 12306', () => {
    expect(formatSeatNo.emu(3, 1, 'A')).toBe('03车厢,01A座');
    expect(formatSeatNo.seat(6, 66)).toBe('06车厢,066号');
    expect(formatSeatNo.berth(8, 12, 'lower')).toBe('08车厢,012号下铺');
  });
});
