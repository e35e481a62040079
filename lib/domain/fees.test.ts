import { describe, expect, it } from 'vitest';
import { refundFee, refundFeePercent } from './fees';
import { roundToHalfYuan } from './money';

const dep = new Date('2026-12-10T08:00:00+08:00');
const before = (ms: number) => new Date(dep.getTime() - ms);
const H = 3_600_000;

describe('refund fee schedule boundaries', () => {
  it.each([
    [8 * 24 * H, 0],
    [8 * 24 * H - 1, 5],
    [48 * H, 5],
    [48 * H - 1, 10],
    [24 * H, 10],
    [24 * H - 1, 20],
    [0, 20],
  ])('%d ms before departure → %d %%', (ms, pct) => {
    expect(refundFeePercent(dep, before(ms))).toBe(pct);
  });
});

describe('refund fee amounts', () => {
  it('5 % of 553.00 = 27.65 → 27.50 (rounded to 0.5 yuan)', () => {
    expect(refundFee(55_300, dep, before(72 * H))).toEqual({ percent: 5, feeFen: 2_750, refundFen: 52_550 });
  });
  it('at least ¥2 when a fee applies', () => {
    expect(refundFee(1_300, dep, before(30 * H)).feeFen).toBe(200);
  });
  it('never more than the ticket: a ¥1 ticket refunds 0', () => {
    expect(refundFee(100, dep, before(H))).toEqual({ percent: 20, feeFen: 100, refundFen: 0 });
  });
  it('free 8 days out', () => {
    expect(refundFee(55_300, dep, before(9 * 24 * H))).toEqual({ percent: 0, feeFen: 0, refundFen: 55_300 });
  });
});

describe('0.5-yuan rounding', () => {
  it.each([
    [1024, 1000],
    [1025, 1050],
    [1074, 1050],
    [1075, 1100],
    [1099.9, 1100],
  ])('%d fen → %d fen', (input, out) => {
    expect(roundToHalfYuan(input)).toBe(out);
  });
});
