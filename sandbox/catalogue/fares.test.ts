import { describe, expect, it } from 'vitest';
import { conventionalBaseFen, FARE_RULES, faresForSeatTypes, priceOf } from './fares';

const ALL_EMU = [1, 3, 4, 98];
const ALL_CONV = [6, 8, 10, 98];
const price = (code: string, km: number, seatType: number, types = /^[GDC]/.test(code) ? ALL_EMU : ALL_CONV) =>
  faresForSeatTypes(code, km, types).find((f) => f.seatType === seatType)?.priceFen;

describe('EMU fares', () => {
  it('G 二等座 0.46 yuan/km, rounded to 0.5 yuan: 北京南-上海虹桥 1318 km → ¥606.50', () => {
    expect(price('G1', 1318, 4)).toBe(60_650); // 606.28
    expect(price('G1', 1318, 3)).toBe(97_000); // 970.05
    expect(price('G1', 1318, 1)).toBe(194_000); // 1940.10
  });
  it('一等 ≈ 1.6×, 商务 ≈ 3.2× of 二等; D and C are cheaper than G', () => {
    for (const km of [30, 120, 480, 1200]) {
      const second = price('G9', km, 4)!;
      expect(Math.abs(price('G9', km, 3)! - second * 1.6)).toBeLessThanOrEqual(100);
      expect(Math.abs(price('G9', km, 1)! - second * 3.2)).toBeLessThanOrEqual(150);
      expect(price('D9', km, 4)!).toBeLessThan(second);
      expect(price('C9', km, 4)!).toBeLessThan(second);
    }
  });
  it('charges at least 20 km', () => {
    expect(price('G9', 3, 4)).toBe(price('G9', 20, 4));
    expect(price('G9', 3, 4)).toBe(900); // 9.20 → 9.00
  });
});

describe('conventional fares', () => {
  it('the 硬座 base rate falls by distance band', () => {
    expect(conventionalBaseFen(100)).toBeCloseTo(586.1, 6);
    expect(conventionalBaseFen(300)).toBeCloseTo(200 * 5.861 + 100 * 5.861 * 0.9, 6);
    const perKm = (km: number) => conventionalBaseFen(km) / km;
    const marks = [100, 400, 800, 1200, 2000, 3000];
    for (let i = 1; i < marks.length; i++) expect(perKm(marks[i]!)).toBeLessThan(perKm(marks[i - 1]!));
    expect(FARE_RULES.conventional.bands.map(([b]) => b)).toEqual([200, 500, 1000, 1500, 2500, Infinity]);
  });
  it('adds express supplements: Z/T dearer than K dearer than other trains', () => {
    expect(price('T9', 800, 10)!).toBeGreaterThan(price('K9', 800, 10)!);
    expect(price('Z9', 800, 10)).toBe(price('T9', 800, 10));
    expect(price('K9', 800, 10)!).toBeGreaterThan(price('4471', 800, 10)!);
  });
  it('a K train: 硬座 < 硬卧 上 < 中 < 下 < 软卧 上 < 下, 软卧 has no 中铺', () => {
    const fares = faresForSeatTypes('K101', 1463, ALL_CONV);
    const hard = fares.find((f) => f.seatType === 8)!;
    const soft = fares.find((f) => f.seatType === 6)!;
    const b = (f: typeof hard, t: 1 | 2 | 3) => priceOf(f, t);
    expect(hard.berths!.map((x) => x.sleeperType)).toEqual([3, 2, 1]);
    expect(soft.berths!.map((x) => x.sleeperType)).toEqual([3, 1]);
    expect(price('K101', 1463, 10)!).toBeLessThan(b(hard, 3));
    expect(b(hard, 3)).toBeLessThan(b(hard, 2));
    expect(b(hard, 2)).toBeLessThan(b(hard, 1));
    expect(b(hard, 1)).toBeLessThan(b(soft, 3));
    expect(b(soft, 3)).toBeLessThan(b(soft, 1));
    expect(hard.priceFen).toBe(b(hard, 3)); // the headline is the upper berth, as in the provider's example
    // Calibration against real 北京-上海 (1463 km) fares, within ±10 %.
    expect(price('K101', 1463, 10)! / 100).toBeGreaterThan(140);
    expect(price('K101', 1463, 10)! / 100).toBeLessThan(170);
    expect(b(hard, 3) / 100).toBeGreaterThan(280);
    expect(b(hard, 3) / 100).toBeLessThan(340);
  });
  it('berths charge at least 400 km, seats at least 20 km', () => {
    const short = faresForSeatTypes('K289', 35, ALL_CONV);
    const at400 = faresForSeatTypes('K289', 400, ALL_CONV);
    const berthPart = (f: typeof short) =>
      priceOf(
        f.find((x) => x.seatType === 8)!,
        3,
      ) - f.find((x) => x.seatType === 10)!.priceFen;
    // The berth supplement is the 400 km one for any shorter trip (within the 0.5-yuan rounding).
    expect(Math.abs(berthPart(short) - berthPart(at400))).toBeLessThanOrEqual(100);
    expect(
      priceOf(
        short.find((x) => x.seatType === 8)!,
        3,
      ),
    ).toBeGreaterThan(4_000); // ~¥53 like the provider's ¥55
    expect(price('K289', 5, 10)).toBe(price('K289', 20, 10));
  });
});

describe('all fares', () => {
  it('are integer fen multiples of 50; 无座 costs the lowest seated class and comes last', () => {
    for (const code of ['G1', 'D5', 'C2001', 'K101', 'T109', 'Z1', '4471'])
      for (const km of [1, 19, 20, 35, 199, 200, 201, 777, 1318, 2600, 4000]) {
        const f = faresForSeatTypes(code, km, /^[GDC]/.test(code) ? ALL_EMU : ALL_CONV);
        for (const x of f) {
          expect(Number.isInteger(x.priceFen) && x.priceFen % 50 === 0).toBe(true);
          for (const b of x.berths ?? []) expect(b.priceFen % 50).toBe(0);
        }
        expect(f.at(-1)!.seatType).toBe(98);
        const seated = f.filter((x) => x.seatType !== 98).map((x) => x.priceFen);
        expect(f.at(-1)!.priceFen).toBe(Math.min(...seated));
        expect(seated).toEqual([...seated].sort((a, b) => a - b));
      }
  });
  it('only prices the classes asked for, 无座 only with a seated class', () => {
    expect(faresForSeatTypes('G1', 100, [4]).map((f) => f.seatType)).toEqual([4]);
    expect(faresForSeatTypes('K1', 100, [10, 98]).map((f) => f.seatTypeName)).toEqual(['硬座', '无座']);
    expect(faresForSeatTypes('G1', 100, [98])).toEqual([]);
    expect(faresForSeatTypes('G1', 100, [8])).toEqual([]); // no sleeper fares on an EMU here
  });
  it('longer trips never cost less', () => {
    for (const code of ['G1', 'K1'])
      for (let km = 1; km < 3000; km += 37)
        for (const t of [4, 10, 8, 6])
          expect(price(code, km + 37, t) ?? 0).toBeGreaterThanOrEqual(price(code, km, t) ?? 0);
  });
});
