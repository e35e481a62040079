import { describe, expect, it } from 'vitest';
import {
  DELIVERY_STATES,
  DELIVERY_TRANSITIONS,
  canDeliveryTransition,
  canIntercept,
  canRequestDelivery,
  deliveryRank,
  distanceBand,
  isDeliveryFinal,
  quoteCancellation,
  quoteDelivery,
  timeFarePercent,
  type CancelInput,
  type DeliveryState,
} from './delivery';
import { RULE_TABLE } from './rules';

const MIN = 60_000;
const HOUR = 60 * MIN;
const departureAt = new Date('2026-12-20T02:00:00Z');
const before = (ms: number) => new Date(departureAt.getTime() - ms);

const base = (over: Partial<CancelInput> = {}): CancelInput => ({
  state: 'awaiting_pickup',
  departureAt,
  now: before(72 * HOUR),
  deliveryFeeFen: 1500,
  fareFen: 55_350,
  ...over,
});

describe('delivery transition table', () => {
  it('is acyclic: no state reaches itself', () => {
    const reach = (from: DeliveryState, seen = new Set<DeliveryState>()): Set<DeliveryState> => {
      for (const to of DELIVERY_TRANSITIONS[from])
        if (!seen.has(to)) {
          seen.add(to);
          reach(to, seen);
        }
      return seen;
    };
    for (const s of DELIVERY_STATES) expect(reach(s).has(s), s).toBe(false);
  });

  it('only lists known states and refuses the unlisted', () => {
    for (const s of DELIVERY_STATES) for (const t of DELIVERY_TRANSITIONS[s]) expect(DELIVERY_STATES).toContain(t);
    expect(canDeliveryTransition('awaiting_pickup', 'in_transit')).toBe(true);
    expect(canDeliveryTransition('in_transit', 'awaiting_pickup')).toBe(false);
    expect(canDeliveryTransition('signed', 'cancelled')).toBe(false);
    expect(canDeliveryTransition('intercept_refused', 'in_transit')).toBe(false);
    expect(canDeliveryTransition('pending_payment', 'in_transit')).toBe(false);
  });

  it('final states are signed, cancelled, intercepted, lost', () => {
    expect(DELIVERY_STATES.filter(isDeliveryFinal).sort()).toEqual(['cancelled', 'intercepted', 'lost', 'signed']);
  });

  it('ranks follow the table (a later state outranks an earlier one)', () => {
    for (const s of DELIVERY_STATES)
      for (const t of DELIVERY_TRANSITIONS[s]) expect(deliveryRank(t), `${s}→${t}`).toBeGreaterThan(deliveryRank(s));
  });

  it('interception only while 配送中', () => {
    expect(DELIVERY_STATES.filter(canIntercept)).toEqual(['in_transit']);
  });
});

describe('requesting delivery (§四: an unpaid order cannot)', () => {
  it('only an issued order (8)', () => {
    expect(canRequestDelivery(8)).toEqual({ ok: true });
    for (const s of [1, 2, 3, 5, 7, 9]) expect(canRequestDelivery(s).ok, String(s)).toBe(false);
  });
});

describe('fee table by distance band and speed', () => {
  it('bands by province and city', () => {
    const bj = { province: '北京市', city: '北京市' };
    expect(distanceBand(bj, bj)).toBe('sameCity');
    expect(distanceBand({ province: '江苏省', city: '南京市' }, { province: '江苏省', city: '苏州市' })).toBe(
      'sameProvince',
    );
    expect(distanceBand(bj, { province: '河北省', city: '保定市' })).toBe('neighbouring');
    expect(distanceBand(bj, { province: '广东省', city: '广州市' })).toBe('far');
    expect(distanceBand(bj, { province: '西藏自治区', city: '拉萨市' })).toBe('remote');
    expect(distanceBand({ province: '西藏自治区', city: '拉萨市' }, { province: '西藏自治区', city: '拉萨市' })).toBe(
      'sameCity',
    );
  });

  it('every band and speed has a positive integer fee; express costs more and is faster', () => {
    const table = RULE_TABLE.deliveryFeeTable[0].value;
    for (const band of Object.keys(table) as (keyof typeof table)[]) {
      const std = quoteDelivery(band, 'standard');
      const exp = quoteDelivery(band, 'express');
      expect(Number.isInteger(std.feeFen) && std.feeFen > 0).toBe(true);
      expect(exp.feeFen).toBeGreaterThan(std.feeFen);
      expect(exp.etaHours).toBeLessThanOrEqual(std.etaHours);
    }
    expect(quoteDelivery('sameCity', 'standard')).toEqual({
      band: 'sameCity',
      speed: 'standard',
      feeFen: 1000,
      etaHours: 24,
    });
  });
});

describe('cancellation by time before departure (§二)', () => {
  const cases: [string, number, number | null][] = [
    ['48 h + 1 min', 48 * HOUR + MIN, 0],
    ['exactly 48 h', 48 * HOUR, 0],
    ['48 h − 1 min', 48 * HOUR - MIN, 15],
    ['24 h + 1 min', 24 * HOUR + MIN, 15],
    ['exactly 24 h', 24 * HOUR, 15],
    ['24 h − 1 min', 24 * HOUR - MIN, 50],
    ['6 h + 1 min', 6 * HOUR + MIN, 50],
    ['exactly 6 h', 6 * HOUR, 50],
    ['6 h − 1 min', 6 * HOUR - MIN, null],
    ['after departure', -MIN, null],
  ];
  it.each(cases)('%s → %s', (_, left, percent) => {
    expect(timeFarePercent(departureAt, before(left))).toBe(percent);
  });

  it.each(cases)('已接单未取件 at %s charges the time share of the fare only', (_, left, percent) => {
    const q = quoteCancellation(base({ now: before(left) }));
    if (percent === null) {
      expect(q.allowed).toBe(false);
      if (!q.allowed) expect(q.reason).toContain('车站窗口');
      return;
    }
    expect(q).toMatchObject({
      allowed: true,
      keptFeeFen: 0,
      refundFeeFen: 1500,
      farePercent: percent,
      fareChargeFen: Math.round((55_350 * percent) / 100),
      totalChargeFen: Math.round((55_350 * percent) / 100),
    });
  });

  it.each(cases)('配送中 at %s: fee + the larger of 10 % and the time share', (_, left, percent) => {
    const q = quoteCancellation(base({ state: 'in_transit', now: before(left) }));
    if (percent === null) return expect(q.allowed).toBe(false);
    const share = Math.max(10, percent);
    expect(q).toMatchObject({
      allowed: true,
      keptFeeFen: 1500,
      refundFeeFen: 0,
      farePercent: share,
      fareChargeFen: Math.round((55_350 * share) / 100),
      totalChargeFen: 1500 + Math.round((55_350 * share) / 100),
    });
  });
});

describe('cancellation by delivery state (§三)', () => {
  it('已接单未取件 ≥ 48 h: in full (the fee back), shipping spent kept', () => {
    expect(quoteCancellation(base())).toMatchObject({ allowed: true, totalChargeFen: 0, refundFeeFen: 1500 });
    expect(quoteCancellation(base({ shippingSpentFen: 600 }))).toMatchObject({
      allowed: true,
      keptFeeFen: 600,
      refundFeeFen: 900,
      totalChargeFen: 600,
    });
    // never more than the fee paid is kept
    expect(quoteCancellation(base({ shippingSpentFen: 9999 }))).toMatchObject({ keptFeeFen: 1500, refundFeeFen: 0 });
  });

  it('配送中 ≥ 48 h: delivery fee + 10 % of the fare', () => {
    expect(quoteCancellation(base({ state: 'in_transit' }))).toMatchObject({
      allowed: true,
      keptFeeFen: 1500,
      refundFeeFen: 0,
      farePercent: 10,
      fareChargeFen: 5535,
      totalChargeFen: 7035,
    });
  });

  it('配送中 delayed by the courier or system: nothing charged, fee back', () => {
    for (const left of [72 * HOUR, 30 * HOUR, 10 * HOUR])
      expect(quoteCancellation(base({ state: 'in_transit', courierAtFault: true, now: before(left) }))).toMatchObject({
        allowed: true,
        totalChargeFen: 0,
        refundFeeFen: 1500,
      });
  });

  it('已签收: refused, ticket refund offered separately', () => {
    const q = quoteCancellation(base({ state: 'signed' }));
    expect(q).toMatchObject({ allowed: false, offerTicketRefund: true });
    if (!q.allowed) expect(q.reason).toContain('退票');
  });

  it('拦截中 / 拦截失败 / final states: refused without a ticket refund offer', () => {
    for (const state of ['intercepting', 'intercept_refused', 'cancelled', 'intercepted', 'lost'] as const)
      expect(quoteCancellation(base({ state })), state).toMatchObject({ allowed: false, offerTicketRefund: false });
  });

  it('待支付: cancelled for nothing (no money moved)', () => {
    expect(quoteCancellation(base({ state: 'pending_payment', now: before(3 * HOUR) }))).toMatchObject({
      allowed: true,
      totalChargeFen: 0,
      refundFeeFen: 0,
    });
  });

  it('amounts are integer fen', () => {
    const q = quoteCancellation(base({ state: 'in_transit', fareFen: 333, now: before(30 * HOUR) }));
    expect(q.allowed && Number.isInteger(q.fareChargeFen)).toBe(true);
    expect(q).toMatchObject({ fareChargeFen: 50, farePercent: 15 });
  });
});
