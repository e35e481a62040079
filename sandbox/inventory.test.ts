import { describe, expect, it } from 'vitest';
import { consistFor } from './catalogue/network';
import { countFree, freeSeats, overlaps, pickSeats, standingTaken, type Sale } from './inventory';

const second = consistFor('G1', 5).filter((s) => s.seatType === 4);
const sale = (seat_id: number | null, from_idx: number, to_idx: number, seat_type = 4): Sale => ({
  run_key: 'r',
  seat_type,
  seat_id,
  from_idx,
  to_idx,
});

describe('segment inventory', () => {
  it('treats touching segments as free and overlapping ones as taken', () => {
    expect(overlaps(sale(1, 0, 2), 2, 3)).toBe(false); // 北京南→南京南 vs 南京南→上海
    expect(overlaps(sale(1, 0, 2), 1, 3)).toBe(true);
    expect(overlaps(sale(1, 1, 2), 0, 3)).toBe(true);
  });

  it('a seat sold for [0,2) is free for [2,3) but not for [1,3)', () => {
    const seat = second[0]!;
    const sales = [sale(seat.id, 0, 2)];
    expect(freeSeats(second, sales, 4, 2, 3)).toContain(seat);
    expect(freeSeats(second, sales, 4, 1, 3)).not.toContain(seat);
    expect(freeSeats(second, sales, 4, 1, 3)).toHaveLength(second.length - 1);
  });

  it('sales of another class do not count; standing places are counted separately', () => {
    expect(freeSeats(second, [sale(second[0]!.id, 0, 3, 3)], 4, 0, 3)).toHaveLength(second.length);
    expect(standingTaken([sale(null, 0, 3, 98), sale(null, 3, 4, 98)], 0, 3)).toBe(1);
  });

  it('countFree agrees with freeSeats', () => {
    const sales = [
      sale(second[0]!.id, 0, 2),
      sale(second[1]!.id, 1, 3),
      sale(second[2]!.id, 2, 3),
      sale(999_999, 0, 3),
    ];
    for (const [from, to] of [
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 3],
      [0, 3],
    ] as const)
      expect(countFree(second, sales, 4, from, to)).toBe(freeSeats(second, sales, 4, from, to).length);
  });
});

describe('seat picking', () => {
  it('honours 1A1F on one row and 1F2A across two rows of one car', () => {
    const a = pickSeats(second, 2, { seatType: 4, chooseSeats: '1A1F', chooseSleeper: null })!;
    expect(a.map((s) => s.letter)).toEqual(['A', 'F']);
    expect(a[0]!.row).toBe(a[1]!.row);
    const b = pickSeats(second, 2, { seatType: 4, chooseSeats: '1F2A', chooseSleeper: null })!;
    expect(b[1]!.row).toBe(b[0]!.row! + 1);
    expect(b[0]!.car).toBe(b[1]!.car);
  });

  it('falls back to any free seats when the pick cannot be met, and null when too few', () => {
    const onlyB = second.filter((s) => s.letter === 'B').slice(0, 3);
    expect(pickSeats(onlyB, 2, { seatType: 4, chooseSeats: '1A1F', chooseSleeper: null })).toHaveLength(2);
    expect(pickSeats(onlyB, 4, { seatType: 4, chooseSeats: null, chooseSleeper: null })).toBeNull();
  });

  it('honours 选铺 counts (lower first)', () => {
    const berths = consistFor('K1', 30).filter((s) => s.seatType === 8);
    const picked = pickSeats(berths, 3, { seatType: 8, chooseSeats: null, chooseSleeper: '201' })!;
    expect(picked.map((s) => s.berth).sort()).toEqual(['lower', 'lower', 'upper']);
  });
});
