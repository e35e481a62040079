/**
 * The sandbox's booking rules as pure functions over sandbox time (unit-tested in policy.test.ts).
 * Constants come from lib/domain/rules.ts (the dated rules table); money from lib/domain/fees.ts.
 * Pay limits: rules.payLimitAt; refund windows (309/310): fees.onlineRefundBlock.
 */
import { changeSettlement, sumChangeSettlements } from '@/lib/domain/fees';
import type { Fen } from '@/lib/domain/money';
import { CHANGE_CLOSE_MINUTES_BEFORE_DEPARTURE, CHANGE_FEE_PERCENT, PRESALE_DAYS, salesOpen } from '@/lib/domain/rules';
import { TICKET_STATUS as T } from '@/lib/domain/states';
import { addDays, wireDate, wireHm } from './format';

export type Check = { ok: true } | { ok: false; msg: string };

/**
 * Pre-sale: PRESALE_DAYS days including today (Beijing dates); the last day opens at the boarding
 * station's daily sale-start time (station.csv). Earlier days are on sale all day.
 */
export function presaleCheck(date: string, station: string, saleStart: string, now: Date): Check {
  const today = wireDate(now);
  const last = addDays(today, PRESALE_DAYS - 1);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date < today || date > last)
    return { ok: false, msg: `发车日期无效:${date}不在预售期内(今天可售${today}至${last}的车票)` };
  if (date === last && wireHm(now) < saleStart)
    return { ok: false, msg: `未到起售时间:${station}站${date}的车票今天${saleStart}起售` };
  return { ok: true };
}

/** Online sales and changes close before departure (msgCodes 216 / 314); refunds: onlineRefundBlock. */
export const tooCloseToDeparture = (departAt: Date, now: Date): boolean => !salesOpen(departAt, now);
export const tooCloseToChange = (departAt: Date, now: Date): boolean =>
  departAt.getTime() - now.getTime() < CHANGE_CLOSE_MINUTES_BEFORE_DEPARTURE * 60_000;

/** Ticket states in which a passenger still travels (for trip conflicts and the child-alone rule). */
export const TRAVELLING: readonly number[] = [
  T.HELD,
  T.ISSUING,
  T.ISSUED,
  T.REFUND_FAILED,
  T.CHANGE_HOLDING,
  T.CHANGE_HELD,
  T.CHANGE_HOLD_FAILED,
  T.CHANGE_ISSUING,
  T.CHANGE_ISSUED,
  T.CHANGE_ISSUE_FAILED,
  T.CHANGE_CANCELLED,
];

/** msgCode 311: refunding this adult would leave a child of the order travelling without an adult. */
export function leavesChildAlone(
  tickets: { id: number; ticketType: number; status: number }[],
  refundingId: number,
): boolean {
  const me = tickets.find((t) => t.id === refundingId);
  if (!me || me.ticketType === 2) return false;
  const live = tickets.filter((t) => t.id !== refundingId && TRAVELLING.includes(t.status));
  return live.some((t) => t.ticketType === 2) && !live.some((t) => t.ticketType !== 2);
}

export const CHANGE_RATE = CHANGE_FEE_PERCENT / 100;

export interface ChangePricing {
  /** 1 dearer, 2 same, 3 cheaper. */
  priceChangeType: 1 | 2 | 3;
  priceChangeTypeInfo: string;
  /** 改签待退款金额: dearer = the old fares refunded; cheaper = the difference refunded after fees. */
  totalPriceDiffFen: Fen;
  diffRatePercent: number;
  diffRefundFeeFen: Fen;
  changeFeeFen: Fen;
  needPayFen: Fen;
  /** Credited to the balance when the change succeeds. */
  refundFen: Fen;
  /** chaRefundType once the change succeeds: 3 dearer (old fare back), 2 cheaper (difference back). */
  chaRefundType: 2 | 3 | null;
}

const y1 = (fen: Fen) => (fen % 10 === 0 ? (fen / 100).toFixed(1) : (fen / 100).toFixed(2));

/**
 * Prices a change order from its tickets' old and new fares with lib/domain/fees (per ticket, then
 * summed), in the wire fields and wording of the provider's 订单详情 example.
 */
export function changePricing(oldFen: Fen[], newFen: Fen[], originalDepartAt: Date, now: Date): ChangePricing {
  const s = sumChangeSettlements(
    oldFen.map((o, i) =>
      changeSettlement({ originalFen: o, newFen: newFen[i] ?? 0, originalDepartureAt: originalDepartAt, now }),
    ),
  );
  const feeInfo = `改签费用:${y1(s.changeFeeFen)}元,改签费率:${s.changeFeePercent}%`;
  const info =
    s.priceChangeType === 1
      ? `收取新票款:${y1(s.newFen)}元,退还原票款:${y1(s.originalFen)}元,${feeInfo}`
      : s.priceChangeType === 2
        ? `改签票款差价:0.0元,${feeInfo}`
        : `退票手续费:${y1(s.diffRefundFeeFen)}元,退票费率:${s.diffRefundPercent}%,实际退还票款:${y1(s.refundFen)}元,${feeInfo}`;
  return {
    priceChangeType: s.priceChangeType,
    priceChangeTypeInfo: info,
    totalPriceDiffFen: s.refundFen,
    diffRatePercent: s.diffRefundPercent,
    diffRefundFeeFen: s.diffRefundFeeFen,
    changeFeeFen: s.changeFeeFen,
    needPayFen: s.needPayFen,
    refundFen: s.refundFen,
    chaRefundType: s.refundFen > 0 ? (s.priceChangeType === 1 ? 3 : 2) : null,
  };
}
