import { describe, expect, it } from 'vitest';
import type { Seat, SeatFare } from '../network';
import { changePricing, CHANGE_RATE, ticketFare, ticketRefund } from './pricing';

const at = (s: string) => new Date(`${s}+08:00`);

describe('ticket fares', () => {
  const emu: SeatFare[] = [
    { seatType: 4, seatTypeName: '二等座', priceFen: 55300 },
    { seatType: 98, seatTypeName: '无座', priceFen: 55300 },
  ];
  const sleeper: SeatFare[] = [
    {
      seatType: 8,
      seatTypeName: '硬卧',
      priceFen: 5500,
      berths: [
        { sleeperType: 3, sleeperTypeName: '上铺', priceFen: 5500 },
        { sleeperType: 2, sleeperTypeName: '中铺', priceFen: 6000 },
        { sleeperType: 1, sleeperTypeName: '下铺', priceFen: 6300 },
      ],
    },
  ];
  const seat = (s: Partial<Seat>): Seat => ({ id: 1, car: 3, seatType: 4, seatNo: '03车厢,01A座', ...s });

  it('an adult pays the class fare; 无座 (no seat) the 无座 fare; a missing class has no fare', () => {
    expect(ticketFare(emu, 4, seat({}), 1)).toBe(55300);
    expect(ticketFare(emu, 4, null, 1)).toBe(55300);
    expect(ticketFare(emu, 3, seat({}), 1)).toBeNull();
  });
  it('a berth pays its 上/中/下 price (seed example 硬卧 55 / 60 / 63)', () => {
    expect(ticketFare(sleeper, 8, seat({ seatType: 8, sleeperType: 1 }), 1)).toBe(6300);
    expect(ticketFare(sleeper, 8, seat({ seatType: 8, sleeperType: 2 }), 1)).toBe(6000);
    expect(ticketFare(sleeper, 8, seat({ seatType: 8 }), 1)).toBe(5500);
  });
  it('child half fare rounded to ¥0.5; student 75 % of 二等座', () => {
    expect(ticketFare(emu, 4, seat({}), 2)).toBe(27650); // 553 × 50 % = 276.5
    expect(ticketFare(emu, 4, seat({}), 3)).toBe(41500); // 553 × 75 % = 414.75 → 415
  });
});

describe('refund quote of one ticket', () => {
  const depart = at('2026-03-20T07:00:00');
  it('follows the 12306 schedule: ≥ 8 days free, ≥ 48 h 5 %', () => {
    expect(ticketRefund({ priceFen: 55300, departAt: depart, now: at('2026-03-12T07:00:00') })).toEqual({
      percent: 0,
      feeFen: 0,
      refundFen: 55300,
    });
    // 5 % of 553 = 27.65 → ¥27.5
    expect(ticketRefund({ priceFen: 55300, departAt: depart, now: at('2026-03-15T07:00:00') })).toEqual({
      percent: 5,
      feeFen: 2750,
      refundFen: 52550,
    });
  });
  it('a changed ticket bought < 8 days before its first train pays 5 % even 8+ days out', () => {
    const changedFrom = { issuedAt: at('2026-03-01T10:00:00'), originalDepartAt: at('2026-03-05T07:00:00') };
    const q = ticketRefund({ priceFen: 55300, departAt: depart, now: at('2026-03-02T10:00:00'), changedFrom });
    expect(q).toEqual({ percent: 5, feeFen: 2750, refundFen: 52550 });
  });
});

describe('改签 pricing: the three change orders of the provider 订单详情 example', () => {
  const depart = at('2024-01-27T06:57:00');
  const now = at('2024-01-25T13:02:46'); // 41.9 h before departure: refund fee 10 %
  it('changRate is the rules table rate, 5 %', () => {
    expect(CHANGE_RATE).toBe(0.05);
  });
  it('cheaper (K289 硬座 9 ← 二等座 13, two tickets)', () => {
    expect(changePricing([1300, 1300], [900, 900], depart, now)).toEqual({
      priceChangeType: 3,
      priceChangeTypeInfo: '退票手续费:4.0元,退票费率:10%,实际退还票款:3.0元,改签费用:1.0元,改签费率:5%',
      totalPriceDiffFen: 300,
      diffRatePercent: 10,
      diffRefundFeeFen: 400,
      changeFeeFen: 100,
      needPayFen: 0,
      refundFen: 300,
      chaRefundType: 2,
    });
  });
  it('same fare (G7199)', () => {
    const p = changePricing([1300, 1300], [1300, 1300], depart, now);
    expect(p).toMatchObject({ priceChangeType: 2, needPayFen: 100, totalPriceDiffFen: 0, refundFen: 0 });
    expect(p.priceChangeTypeInfo).toBe('改签票款差价:0.0元,改签费用:1.0元,改签费率:5%');
  });
  it('dearer (G3163 19 ← 13)', () => {
    const p = changePricing([1300, 1300], [1900, 1900], depart, now);
    expect(p).toMatchObject({ priceChangeType: 1, needPayFen: 3900, totalPriceDiffFen: 2600, chaRefundType: 3 });
    expect(p.priceChangeTypeInfo).toBe('收取新票款:38.0元,退还原票款:26.0元,改签费用:1.0元,改签费率:5%');
  });
});
