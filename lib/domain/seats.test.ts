import { describe, expect, it } from 'vitest';
import {
  berthKindsOf,
  formatChooseSeats,
  formatChooseSleeper,
  formatSeatNo,
  isSleeper,
  parseChooseSeats,
  parseChooseSleeper,
  parseSeatNo,
  seatLayoutFor,
  seatLettersFor,
  seatPosition,
  seatTypeName,
  lowestSeatedClass,
  bookableSeats,
  initialSeatType,
  standingAppliesTo,
} from './seats';

describe('seat letters', () => {
  it('follow the class layouts', () => {
    expect(seatLayoutFor(4)).toMatchObject({ left: ['A', 'B', 'C'], right: ['D', 'F'] });
    expect(seatLayoutFor(3)).toMatchObject({ left: ['A', 'C'], right: ['D', 'F'] });
    expect(seatLayoutFor(1)).toMatchObject({ left: ['A', 'C'], right: ['F'] });
    expect(seatLayoutFor(8)).toBeNull();
    expect(seatLayoutFor(10)).toBeNull();
    expect(seatLayoutFor(98)).toBeNull();
    expect(seatLettersFor(4)).toEqual(['A', 'B', 'C', 'D', 'F']);
    expect(seatLettersFor(6)).toEqual([]);
  });
  it('A/F are windows, C/D aisles, B the middle; unknown letters have no position', () => {
    expect(['A', 'B', 'C', 'D', 'F'].map((l) => seatPosition(4, l))).toEqual([
      'window',
      'middle',
      'aisle',
      'aisle',
      'window',
    ]);
    expect(['A', 'C', 'F'].map((l) => seatPosition(1, l))).toEqual(['window', 'aisle', 'window']);
    expect(seatPosition(3, 'B')).toBeNull();
    expect(seatPosition(1, 'D')).toBeNull();
    expect(seatPosition(10, 'A')).toBeNull();
  });
  it('returns a copy callers cannot use to corrupt the table', () => {
    seatLayoutFor(4)!.left.push('Z');
    expect(seatLettersFor(4)).toEqual(['A', 'B', 'C', 'D', 'F']);
  });
  it('names seat classes and berth kinds', () => {
    expect([1, 3, 4, 6, 8, 10, 98, 12345].map(seatTypeName)).toEqual([
      '商务座',
      '一等座',
      '二等座',
      '软卧',
      '硬卧',
      '硬座',
      '无座',
      '其他',
    ]);
    expect(berthKindsOf(8)).toEqual(['lower', 'middle', 'upper']);
    expect(berthKindsOf(6)).toEqual(['lower', 'upper']);
    expect(berthKindsOf(4)).toEqual([]);
    expect([6, 8, 4, 10].map(isSleeper)).toEqual([true, true, false, false]);
  });
});

describe('chooseSeats', () => {
  it('accepts picks within two rows, one per passenger, in the given order', () => {
    expect(parseChooseSeats('1A1B', 4, 2)).toEqual({
      ok: true,
      value: [
        { row: 1, letter: 'A' },
        { row: 1, letter: 'B' },
      ],
    });
    expect(parseChooseSeats('1F2A', 4, 2).ok).toBe(true);
    expect(parseChooseSeats('1A1D2B2C2F', 4, 5).ok).toBe(true); // the docs' example
    expect(parseChooseSeats('1a2f', 3, 2).ok).toBe(true);
    expect(parseChooseSeats('1A1C1F2A2C2F', 1, 6).ok).toBe(true);
  });
  it('formats picks back to the wire form', () => {
    const r = parseChooseSeats('1A1D2B2C2F', 4, 5);
    expect(r.ok && formatChooseSeats(r.value)).toBe('1A1D2B2C2F');
    expect(formatChooseSeats([{ row: 2, letter: 'f' }])).toBe('2F');
  });
});

describe('chooseSleeper', () => {
  it('reads lower/middle/upper counts', () => {
    expect(parseChooseSleeper('203')).toEqual({ ok: true, value: { lower: 2, middle: 0, upper: 3 } });
    expect(parseChooseSleeper('102', 8, 3)).toEqual({ ok: true, value: { lower: 1, middle: 0, upper: 2 } });
    expect(parseChooseSleeper('111', 8, 3).ok).toBe(true);
    expect(parseChooseSleeper('101', 6, 2).ok).toBe(true);
    expect(parseChooseSleeper('100', 8, 3).ok).toBe(true); // fewer than passengers: the rest assigned
  });
  it('treats "" and "000" as no choice', () => {
    expect(parseChooseSleeper('', 8, 2)).toEqual({ ok: true, value: { lower: 0, middle: 0, upper: 0 } });
    expect(parseChooseSleeper('000', 6, 2)).toEqual({ ok: true, value: { lower: 0, middle: 0, upper: 0 } });
  });
  it('formats counts', () => {
    expect(formatChooseSleeper({ lower: 2, middle: 0, upper: 3 })).toBe('203');
    expect(() => formatChooseSleeper({ lower: 10, middle: 0, upper: 0 })).toThrow(RangeError);
  });
});

describe('refused seat and berth choices', () => {
  const parsers = { chooseSeats: parseChooseSeats, chooseSleeper: parseChooseSleeper };
  it.each([
    ['chooseSeats', '1A3B', 4, 2, '两排'],
    ['chooseSeats', '0A', 4, 1, '两排'],
    ['chooseSeats', '1B', 3, 1, '没有 B'],
    ['chooseSeats', '1D', 1, 1, '没有 D'],
    ['chooseSeats', '1E', 4, 1, '没有 E'],
    ['chooseSeats', '1A', 4, 2, '一致'],
    ['chooseSeats', '1A1B1C', 4, 2, '一致'],
    ['chooseSeats', '1A1A', 4, 2, '重复'],
    ['chooseSeats', 'AA', 4, 1, '格式'],
    ['chooseSeats', '1A-1B', 4, 2, '格式'],
    ['chooseSeats', '', 4, 1, '格式'],
    ['chooseSeats', '1A', 8, 1, '不支持'],
    ['chooseSeats', '1A', 10, 1, '不支持'],
    ['chooseSleeper', '010', 6, 1, '中铺'],
    ['chooseSleeper', '111', 6, 3, '中铺'],
    ['chooseSleeper', '300', 8, 2, '超过'],
    ['chooseSleeper', '100', 4, 1, '不是卧铺'],
    ['chooseSleeper', '100', 10, 1, '不是卧铺'],
    ['chooseSleeper', '20', 8, 2, '格式'],
    ['chooseSleeper', '2033', 8, 9, '格式'],
    ['chooseSleeper', 'a03', 8, 3, '格式'],
  ] as const)('%s %s for class %d and %d passengers is refused (%s)', (parser, s, t, n, why) => {
    const r = parsers[parser](s, t, n);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(why);
  });
});

describe('seat number formats', () => {
  it('print like 12306', () => {
    expect(formatSeatNo.emu(3, 1, 'A')).toBe('03车厢,01A座');
    expect(formatSeatNo.seat(6, 66)).toBe('06车厢,066号');
    expect(formatSeatNo.berth(8, 12, 'lower')).toBe('08车厢,012号下铺');
    expect(formatSeatNo.berth(12, 3, 'upper')).toBe('12车厢,003号上铺');
    expect(formatSeatNo.berth(7, 2, 'middle')).toBe('07车厢,002号中铺');
    expect(formatSeatNo.standing(5)).toBe('05车厢,无座');
  });
  it('read back', () => {
    expect(parseSeatNo('03车厢,01A座')).toEqual({ kind: 'emu', car: 3, row: 1, letter: 'A' });
    expect(parseSeatNo('06车厢,15A号')).toEqual({ kind: 'emu', car: 6, row: 15, letter: 'A' }); // provider example
    expect(parseSeatNo('06车厢,066号')).toEqual({ kind: 'seat', car: 6, number: 66 });
    expect(parseSeatNo('08车厢,012号下铺')).toEqual({ kind: 'berth', car: 8, number: 12, berth: 'lower' });
    expect(parseSeatNo('05车厢,无座')).toEqual({ kind: 'standing', car: 5 });
    expect(parseSeatNo('nonsense')).toBeNull();
    expect(parseSeatNo('03车厢,???')).toBeNull();
  });
});

describe('lowestSeatedClass (FAQ §7: 无座 only as the fallback of the lowest seated class)', () => {
  it('picks the cheapest seated class, never 无座 or a sleeper', () => {
    const g = [
      { seatType: 1, priceFen: 174_800 },
      { seatType: 3, priceFen: 93_300 },
      { seatType: 4, priceFen: 55_300 },
      { seatType: 98, priceFen: 55_300 },
    ];
    expect(lowestSeatedClass(g)).toBe(4);
    const k = [
      { seatType: 8, priceFen: 9_000 },
      { seatType: 10, priceFen: 15_000 },
      { seatType: 98, priceFen: 15_000 },
    ];
    expect(lowestSeatedClass(k)).toBe(10);
    expect(lowestSeatedClass([{ seatType: 8, priceFen: 9_000 }])).toBeNull();
  });
});

describe('无座 in the booking form (FAQ §7-8: never a class of its own; accepted only with the lowest class)', () => {
  const g = [
    { seatType: 3, priceFen: 93_300, left: 0 },
    { seatType: 4, priceFen: 55_300, left: 0 },
    { seatType: 98, priceFen: 55_300, left: 40 },
  ];
  const k = [
    { seatType: 6, priceFen: 40_000, left: 3 },
    { seatType: 8, priceFen: 25_000, left: 5 },
    { seatType: 10, priceFen: 15_000, left: 0 },
    { seatType: 98, priceFen: 15_000, left: 9 },
  ];

  it('offers every class but 无座', () => {
    expect(bookableSeats(g).map((s) => s.seatType)).toEqual([3, 4]);
    expect(bookableSeats(k).map((s) => s.seatType)).toEqual([6, 8, 10]);
  });

  it('offers 接受无座 for 二等座 on a G train and 硬座 on a conventional train, nowhere else', () => {
    expect(g.filter((s) => standingAppliesTo(g, s.seatType)).map((s) => s.seatType)).toEqual([4]);
    expect(k.filter((s) => standingAppliesTo(k, s.seatType)).map((s) => s.seatType)).toEqual([10]);
    expect(standingAppliesTo([{ seatType: 8, priceFen: 25_000 }], 8)).toBe(false);
  });

  it('opens the form on the class asked for, on the lowest class for a 无座 link, else on one with tickets', () => {
    expect(initialSeatType(g, 3)).toBe(3);
    expect(initialSeatType(g, 98)).toBe(4);
    expect(initialSeatType(k, 98)).toBe(10);
    expect(initialSeatType(k, undefined)).toBe(6);
    expect(initialSeatType(g, undefined)).toBe(3);
    expect(initialSeatType([{ seatType: 98, priceFen: 1, left: 1 }], 98)).toBeNull();
  });
});
