import { describe, expect, it } from 'vitest';
import {
  changeSettlement,
  fareForTicketType,
  feeAtPercent,
  onlineRefundBlock,
  percentOfFen,
  refundFee,
  refundFeePercent,
  sumChangeSettlements,
  nextRefundFeeStep,
} from './fees';
import { roundToHalfYuan } from './money';

const dep = new Date('2026-12-10T08:00:00+08:00');
const before = (ms: number) => new Date(dep.getTime() - ms);
const MIN = 60_000;
const H = 3_600_000;
const D = 24 * H;

describe('refund fee schedule boundaries (exact, inclusive on the cheaper side)', () => {
  it.each([
    [30 * D, 0],
    [8 * D + 1, 0],
    [8 * D, 0],
    [8 * D - 1, 5],
    [3 * D, 5],
    [48 * H + 1, 5],
    [48 * H, 5],
    [48 * H - 1, 10],
    [36 * H, 10],
    [24 * H + 1, 10],
    [24 * H, 10],
    [24 * H - 1, 20],
    [H, 20],
    [1, 20],
    [0, 20],
    [-H, 20],
  ])('%d ms before departure → %d %%', (ms, pct) => {
    expect(refundFeePercent(dep, before(ms))).toBe(pct);
  });
});

describe('refund fee amounts', () => {
  it('5 % of ¥553.00 = 27.65 → ¥27.50', () => {
    expect(refundFee(55_300, dep, before(72 * H))).toEqual({ percent: 5, feeFen: 2_750, refundFen: 52_550 });
  });
  it('10 % and 20 % of ¥553.00 → ¥55.50 and ¥110.50', () => {
    expect(refundFee(55_300, dep, before(30 * H)).feeFen).toBe(5_550);
    expect(refundFee(55_300, dep, before(H)).feeFen).toBe(11_050);
  });
  it('rounds to 0.5 yuan: below 0.25 dropped, 0.25-0.75 → 0.5, 0.75 up → 1', () => {
    expect(refundFee(10_500, dep, before(H)).feeFen).toBe(2_100); // 21.00
    expect(refundFee(10_125, dep, before(H)).feeFen).toBe(2_050); // 20.25 → 20.5
    expect(refundFee(10_120, dep, before(H)).feeFen).toBe(2_000); // 20.24 → 20
    expect(refundFee(10_375, dep, before(H)).feeFen).toBe(2_100); // 20.75 → 21
    expect(refundFee(10_370, dep, before(H)).feeFen).toBe(2_050); // 20.74 → 20.5
  });
  it('is at least ¥2 when a fee applies', () => {
    expect(refundFee(1_300, dep, before(30 * H))).toEqual({ percent: 10, feeFen: 200, refundFen: 1_100 });
    expect(refundFee(900, dep, before(72 * H)).feeFen).toBe(200);
  });
  it('never exceeds the ticket: a ¥1 ticket refunds 0 (FAQ §2), a ¥2 ticket too', () => {
    expect(refundFee(100, dep, before(H))).toEqual({ percent: 20, feeFen: 100, refundFen: 0 });
    expect(refundFee(200, dep, before(H))).toEqual({ percent: 20, feeFen: 200, refundFen: 0 });
    expect(refundFee(0, dep, before(H))).toEqual({ percent: 20, feeFen: 0, refundFen: 0 });
  });
  it('is free 8 days out, even for a ¥1 ticket', () => {
    expect(refundFee(55_300, dep, before(8 * D))).toEqual({ percent: 0, feeFen: 0, refundFen: 55_300 });
    expect(refundFee(100, dep, before(9 * D))).toEqual({ percent: 0, feeFen: 0, refundFen: 100 });
  });
  it('always returns integer fen with fee + refund = price', () => {
    for (let price = 100; price < 200_000; price += 7_777)
      for (const ms of [9 * D, 3 * D, 30 * H, H]) {
        const q = refundFee(price, dep, before(ms));
        expect(Number.isInteger(q.feeFen) && Number.isInteger(q.refundFen)).toBe(true);
        expect(q.feeFen + q.refundFen).toBe(price);
        expect(q.feeFen % 50 === 0 || q.feeFen === price).toBe(true);
      }
  });
  it('refuses fractional or negative prices', () => {
    expect(() => refundFee(100.5, dep, before(H))).toThrow(RangeError);
    expect(() => refundFee(-100, dep, before(H))).toThrow(RangeError);
  });
  it('a ticket bought < 8 days out and changed to a train 8+ days out pays 5 %', () => {
    const issuedAt = new Date('2026-12-01T08:00:00+08:00');
    const changedFrom = { issuedAt, originalDepartureAt: new Date(issuedAt.getTime() + 8 * D - 1) };
    expect(refundFee(10_000, dep, before(20 * D), { changedFrom })).toEqual({
      percent: 5,
      feeFen: 500,
      refundFen: 9_500,
    });
    // Bought exactly 8 days before the original departure: still free.
    const early = { issuedAt, originalDepartureAt: new Date(issuedAt.getTime() + 8 * D) };
    expect(refundFee(10_000, dep, before(20 * D), { changedFrom: early }).percent).toBe(0);
    // Inside 8 days the ordinary schedule applies anyway.
    expect(refundFee(10_000, dep, before(30 * H), { changedFrom }).percent).toBe(10);
  });
});

describe('percentOfFen and feeAtPercent', () => {
  it('agree with roundToHalfYuan and are exact at the .25/.75 boundaries', () => {
    for (let fen = 0; fen < 5_000; fen += 13) expect(percentOfFen(fen, 5)).toBe(roundToHalfYuan((fen * 5) / 100));
    expect(percentOfFen(500, 5)).toBe(50); // 25 fen → 0.5 yuan
    expect(percentOfFen(1_500, 5)).toBe(100); // 75 fen → 1 yuan
  });
  it('feeAtPercent: 0 at 0 %, at least ¥2, at most the amount', () => {
    expect(feeAtPercent(10_000, 0)).toBe(0);
    expect(feeAtPercent(400, 10)).toBe(200);
    expect(feeAtPercent(150, 10)).toBe(150);
  });
});

describe('onlineRefundBlock', () => {
  const issued = new Date('2026-12-01T08:00:00+08:00');
  const departs = new Date('2026-12-01T12:00:00+08:00');
  it('refuses within 5 minutes of issue (309) and within 25 minutes of departure (310)', () => {
    expect(onlineRefundBlock(issued, departs, new Date(issued.getTime() + 5 * MIN - 1))?.msgCode).toBe(309);
    expect(onlineRefundBlock(issued, departs, new Date(issued.getTime() + 5 * MIN))).toBeNull();
    expect(onlineRefundBlock(issued, departs, new Date(departs.getTime() - 25 * MIN))).toBeNull();
    expect(onlineRefundBlock(issued, departs, new Date(departs.getTime() - 25 * MIN + 1))?.msgCode).toBe(310);
  });
  it('says when the 309 lock lifts: exactly 5 minutes after issue; a 310 has no such moment', () => {
    const lock = onlineRefundBlock(issued, departs, new Date(issued.getTime() + 2 * MIN));
    expect(lock).toEqual({
      msgCode: 309,
      reason: '出票5分钟内无法提交退票',
      until: new Date('2026-12-01T08:05:00+08:00'),
    });
    expect(onlineRefundBlock(issued, departs, new Date(departs.getTime() - 10 * MIN))).not.toHaveProperty('until');
  });
});

describe('改签 settlement (panhe 订单详情 examples, two tickets each)', () => {
  // Original order: G7199 苏州北→昆山南 ¥13 × 2, departing 2024-01-27 06:57; changes applied 2024-01-25.
  const originalDepartureAt = new Date('2024-01-27T06:57:00+08:00');
  const now = new Date('2024-01-25T13:02:46+08:00'); // ~42 h before: 10 %
  const two = (newFen: number) =>
    sumChangeSettlements([1, 2].map(() => changeSettlement({ originalFen: 1_300, newFen, originalDepartureAt, now })));

  it.each([
    [
      'cheaper (K289 ¥9): 退票手续费 4.0 at 10 %, 改签费 1.0, 实际退还 3.0',
      900,
      { priceChangeType: 3, diffFen: 800, diffRefundPercent: 10, diffRefundFeeFen: 400, changeFeePercent: 5 },
      { changeFeeFen: 100, needPayFen: 0, refundFen: 300, netFen: -300 },
    ],
    [
      'same fare (G7199 ¥13): 改签费 1.0 to pay',
      1_300,
      { priceChangeType: 2, diffFen: 0 },
      { changeFeeFen: 100, needPayFen: 100, refundFen: 0 },
    ],
    [
      'dearer (G3163 ¥19): 收取新票款 38 + 改签费 1 = 39, 退还原票款 26',
      1_900,
      { priceChangeType: 1, diffFen: 1_200 },
      { changeFeeFen: 100, needPayFen: 3_900, refundFen: 2_600, netFen: 1_300 },
    ],
  ])('%s', (_, newFen, difference, settlement) => {
    expect(two(newFen)).toMatchObject({ ...difference, ...settlement });
  });
  it('cheaper but the fees exceed the difference: the shortfall is collected', () => {
    const s = changeSettlement({ originalFen: 1_300, newFen: 1_200, originalDepartureAt, now });
    // difference ¥1, its refund fee is capped at ¥1, the change fee ¥0.5 remains to pay.
    expect(s).toMatchObject({ priceChangeType: 3, diffFen: 100, diffRefundFeeFen: 100 });
    expect(s).toMatchObject({ refundFen: 0, needPayFen: 50, netFen: 50 });
  });
  it('cheaper 8+ days out: the difference comes back whole, minus the change fee', () => {
    const s = changeSettlement({
      originalFen: 10_000,
      newFen: 6_000,
      originalDepartureAt: new Date(now.getTime() + 8 * D),
      now,
    });
    expect(s).toMatchObject({ diffRefundPercent: 0, diffRefundFeeFen: 0, changeFeeFen: 500, refundFen: 3_500 });
  });
  it('a change fee percent can be overridden (e.g. 0)', () => {
    expect(
      changeSettlement({ originalFen: 1_300, newFen: 1_300, originalDepartureAt, now, changeFeePercent: 0 }).needPayFen,
    ).toBe(0);
  });
  it('refuses to sum nothing', () => {
    expect(() => sumChangeSettlements([])).toThrow(RangeError);
  });
});

describe('fareForTicketType', () => {
  it('child half, student 75 % of 二等座 / 50 % of 硬座, adults full', () => {
    expect(fareForTicketType(55_300, 1, 4)).toBe(55_300);
    expect(fareForTicketType(55_300, 2, 4)).toBe(27_650);
    expect(fareForTicketType(1_350, 2, 10)).toBe(700); // 6.75 → 7
    expect(fareForTicketType(10_000, 3, 4)).toBe(7_500);
    expect(fareForTicketType(10_000, 3, 10)).toBe(5_000);
    expect(fareForTicketType(10_000, 3, 3)).toBe(10_000);
    expect(fareForTicketType(10_000, 4, 4)).toBe(5_000);
  });
});

describe('nextRefundFeeStep: when the fee steps up next', () => {
  const dep = new Date('2026-12-20T08:00:00+08:00');
  const at = (h: number) => new Date(dep.getTime() - h * 3_600_000);
  it('names the next band boundary and its percent', () => {
    expect(nextRefundFeeStep(dep, at(10 * 24))).toEqual({ at: new Date(at(8 * 24).getTime() + 1), percent: 5 });
    expect(nextRefundFeeStep(dep, at(8 * 24))).toEqual({ at: new Date(at(8 * 24).getTime() + 1), percent: 5 });
    expect(nextRefundFeeStep(dep, at(72))).toEqual({ at: new Date(at(48).getTime() + 1), percent: 10 });
    expect(nextRefundFeeStep(dep, at(30))).toEqual({ at: new Date(at(24).getTime() + 1), percent: 20 });
  });
  it('is null in the last band', () => {
    expect(nextRefundFeeStep(dep, at(23))).toBeNull();
  });
});
