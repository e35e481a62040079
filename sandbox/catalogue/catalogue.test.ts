import { describe, expect, it } from 'vitest';
import { runsOn } from './data';
import { consistFor, faresFor, loadNetwork, resolvePlace, runsOnDate, searchSegments } from './network';

describe('running-date patterns', () => {
  it.each([
    ['', true],
    ['240615-0721', true],
    ['240616-0721', false],
    ['240727|30', false],
    ['240601-10|15-20', true],
    ['!240615', false],
    ['!240616', true],
    ['w6', true], // 2024-06-15 was a Saturday
    ['w12', false],
    ['单&240601-0630', true],
    ['双&240601-0630', false],
  ])('%s on 2024-06-15 → %s', (pattern, expected) => {
    expect(runsOn(pattern, '240615')).toBe(expected);
  });
});

describe('network', () => {
  const net = loadNetwork();

  it('projects G1 onto any date: 北京南 07:00 → 上海 11:29', () => {
    const g1 = searchSegments(net, '北京南', '上海', '2026-12-01').find((s) => s.train.trainCode === 'G1')!;
    expect(g1.departAt.toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(g1.arriveAt.toISOString()).toBe('2026-12-01T03:29:00.000Z');
  });

  it('keeps odd/even-day parity on the travel date', () => {
    const odd = { ...net.trains[0]!, parity: 'odd' as const, weekdays: null };
    expect(runsOnDate(odd, '2026-12-01')).toBe(true);
    expect(runsOnDate(odd, '2026-12-02')).toBe(false);
  });

  it('resolves a city to all its stations and a station to itself', () => {
    expect(resolvePlace(net, '上海')).toEqual(expect.arrayContaining(['上海', '上海虹桥', '上海南']));
    expect(resolvePlace(net, '上海虹桥')).toEqual(['上海虹桥']);
    expect(resolvePlace(net, '不存在')).toEqual([]);
  });
});

describe('fares', () => {
  it('are rounded to 0.5 yuan, 无座 costs the lowest seated class, classes are ordered', () => {
    for (const code of ['G1', 'D5', 'K101', 'T109']) {
      const f = faresFor(code, 1234);
      for (const x of f) {
        expect(x.priceFen % 50).toBe(0);
        for (const b of x.berths ?? []) expect(b.priceFen % 50).toBe(0);
      }
      const standing = f.find((x) => x.seatType === 98)!;
      const lowest = Math.min(...f.filter((x) => x.seatType !== 98).map((x) => x.priceFen));
      expect(standing.priceFen).toBe(lowest);
    }
    const g = faresFor('G1', 1318);
    const second = g.find((x) => x.seatType === 4)!.priceFen;
    expect(second).toBe(60650); // 1318 km × 0.46 = 606.28 → 606.50
    expect(g.find((x) => x.seatType === 3)!.priceFen).toBeGreaterThan(second);
    expect(g.find((x) => x.seatType === 1)!.priceFen).toBeGreaterThan(g.find((x) => x.seatType === 3)!.priceFen);
  });

  it('sleeper berths: lower dearer than middle dearer than upper; 软卧 has no middle', () => {
    const k = faresFor('K101', 800);
    const hard = k.find((x) => x.seatType === 8)!.berths!;
    const price = (t: number) => hard.find((b) => b.sleeperType === t)!.priceFen;
    expect(price(1)).toBeGreaterThan(price(2));
    expect(price(2)).toBeGreaterThan(price(3));
    expect(
      k
        .find((x) => x.seatType === 6)!
        .berths!.map((b) => b.sleeperType)
        .sort(),
    ).toEqual([1, 3]);
  });

  it('longer trips cost more, with the conventional rate falling by distance band', () => {
    const at = (km: number) => faresFor('K1', km).find((x) => x.seatType === 10)!.priceFen;
    expect(at(400)).toBeGreaterThan(at(200));
    expect(at(2000) / 2000).toBeLessThan(at(200) / 200);
  });
});

describe('consists', () => {
  it('EMU seats follow the class letters; conventional trains have berths and numbered seats', () => {
    const emu = consistFor('G1', 5);
    expect(new Set(emu.filter((s) => s.seatType === 4).map((s) => s.letter))).toEqual(
      new Set(['A', 'B', 'C', 'D', 'F']),
    );
    expect(new Set(emu.filter((s) => s.seatType === 3).map((s) => s.letter))).toEqual(new Set(['A', 'C', 'D', 'F']));
    expect(new Set(emu.filter((s) => s.seatType === 1).map((s) => s.letter))).toEqual(new Set(['A', 'C', 'F']));
    const k = consistFor('K1', 30);
    expect(k.filter((s) => s.seatType === 8)).toHaveLength(6 * 66);
    expect(k.find((s) => s.seatType === 8)!.seatNo).toMatch(/^\d{2}车厢,\d{3}号[下中上]铺$/);
    expect(new Set(k.map((s) => s.id)).size).toBe(k.length);
  });
});
