import { describe, expect, it } from 'vitest';
import {
  TRIP_STATUS as S,
  TRIP_TRANSITIONS,
  canTripTransition,
  connectionOf,
  isTripFinal,
  legsProblem,
  nextTripStatus,
  splitTripPayment,
  tripPayLimit,
} from './trips';

const leg = (status: number, paymentStatus = 'unpaid') => ({ status, paymentStatus });

describe('trip transitions', () => {
  it('moves only along its table, forward, with final states that have no way out', () => {
    expect(canTripTransition('holding', 'held')).toBe(true);
    expect(canTripTransition('held', 'paid')).toBe(true);
    expect(canTripTransition('paid', 'issued')).toBe(true);
    expect(canTripTransition('held', 'holding')).toBe(false);
    expect(canTripTransition('paid', 'cancelled')).toBe(false); // paid money goes back through the legs
    expect(canTripTransition('issued', 'paid')).toBe(false);
    expect(canTripTransition('nonsense', 'held')).toBe(false);
    for (const s of ['failed', 'cancelled', 'issued', 'partial', 'issue_failed']) expect(isTripFinal(s)).toBe(true);
    for (const s of ['holding', 'held', 'paid']) expect(isTripFinal(s)).toBe(false);
  });

  it('has no cycle', () => {
    const reach = (from: string, seen = new Set<string>()): Set<string> => {
      for (const to of TRIP_TRANSITIONS[from as 'held'] ?? []) if (!seen.has(to)) reach(to, seen.add(to));
      return seen;
    };
    for (const s of Object.keys(TRIP_TRANSITIONS)) expect(reach(s).has(s)).toBe(false);
  });

  it('follows its legs: both held → held; one hold failed → failed; one cancelled → cancelled', () => {
    expect(nextTripStatus(S.HOLDING, [leg(2), leg(1)])).toBeNull();
    expect(nextTripStatus(S.HOLDING, [leg(2), leg(2)])).toBe(S.HELD);
    expect(nextTripStatus(S.HOLDING, [leg(2), leg(3)])).toBe(S.FAILED);
    expect(nextTripStatus(S.HOLDING, [leg(3), leg(1)])).toBe(S.FAILED);
    expect(nextTripStatus(S.HELD, [leg(5), leg(2)])).toBe(S.CANCELLED);
    expect(nextTripStatus(S.HELD, [leg(2), leg(2)])).toBeNull();
  });

  it('after payment: issued when both are, partial when one is, issue_failed when none', () => {
    expect(nextTripStatus(S.PAID, [leg(8, 'paid'), leg(7, 'paid')])).toBeNull();
    expect(nextTripStatus(S.PAID, [leg(8, 'paid'), leg(8, 'paid')])).toBe(S.ISSUED);
    expect(nextTripStatus(S.PAID, [leg(8, 'paid'), leg(9, 'refunded')])).toBe(S.PARTIAL);
    expect(nextTripStatus(S.PAID, [leg(5, 'refunded'), leg(8, 'paid')])).toBe(S.PARTIAL);
    expect(nextTripStatus(S.PAID, [leg(9, 'refunded'), leg(5, 'refunded')])).toBe(S.ISSUE_FAILED);
    expect(nextTripStatus(S.ISSUED, [leg(9), leg(9)])).toBeNull(); // final stays final
  });
});

describe('splitTripPayment', () => {
  it('gives each leg its own total when they add up', () => {
    expect(splitTripPayment(99_300, [55_300, 44_000])).toEqual([55_300, 44_000]);
  });

  it('otherwise splits in proportion, every fen in exactly one share', () => {
    for (const [amount, totals] of [
      [10_001, [5_000, 5_000]],
      [1, [1, 1]],
      [100, [1, 2]],
      [7, [0, 0]],
      [0, [300, 200]],
      [123_457, [55_300, 44_000]],
    ] as const) {
      const shares = splitTripPayment(amount, totals);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
      expect(shares.every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
    }
    expect(splitTripPayment(100, [1, 2])).toEqual([33, 67]);
  });

  it('refuses a negative or fractional amount', () => {
    expect(() => splitTripPayment(-1, [1])).toThrow();
    expect(() => splitTripPayment(1.5, [1])).toThrow();
  });
});

describe('pay-by and connection', () => {
  it('the trip must be paid by the earlier leg pay-by time, unknown while a leg has none', () => {
    const a = new Date('2026-01-01T10:00:00Z');
    const b = new Date('2026-01-01T09:30:00Z');
    expect(tripPayLimit([a, b])).toEqual(b);
    expect(tripPayLimit([a, null])).toBeNull();
  });

  it('states the connection in minutes, same station or across the city', () => {
    const arr = new Date('2026-01-01T04:00:00Z');
    expect(
      connectionOf(
        { toStation: '南京南', arrivalAt: arr },
        { fromStation: '南京南', departureAt: new Date('2026-01-01T04:35:00Z') },
      ),
    ).toMatchObject({ minutes: 35, sameStation: true });
    const c = connectionOf(
      { toStation: '上海', arrivalAt: arr },
      { fromStation: '上海虹桥', departureAt: new Date('2026-01-01T05:30:00Z') },
    );
    expect(c).toMatchObject({ minutes: 90, sameStation: false });
    expect(c.text).toContain('上海虹桥');
    expect(c.text).toContain('1 小时 30 分');
  });

  it('refuses legs that cannot connect, in plain words', () => {
    const l1 = { trainCode: 'G1', toStation: '南京南', arrivalAt: new Date('2026-01-01T04:00:00Z') };
    const at = (m: number) => new Date(l1.arrivalAt.getTime() + m * 60_000);
    const g = (fromStation: string, m: number, trainCode = 'G7') => ({ trainCode, fromStation, departureAt: at(m) });
    // The transfer search's rules (rules.ts transferMinConnectionMinutes / transferCrossStationMinutes).
    expect(legsProblem('transfer', l1, g('南京南', 20), true)).toBeNull();
    expect(legsProblem('transfer', l1, g('南京南', 19), true)).toContain('换乘时间不足');
    expect(legsProblem('transfer', l1, g('南京南', 25, 'K101'), true)).toContain('至少需要 30 分钟');
    expect(legsProblem('transfer', l1, g('南京', 69), true)).toContain('至少需要 70 分钟');
    expect(legsProblem('transfer', l1, g('南京', 70), true)).toBeNull();
    expect(legsProblem('transfer', l1, g('杭州东', 300), false)).toContain('同城车站');
    expect(legsProblem('round', l1, g('南京南', -5), true)).toContain('返程');
    expect(legsProblem('round', l1, g('南京南', 600), true)).toBeNull();
  });
});
