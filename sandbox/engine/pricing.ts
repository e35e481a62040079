/**
 * The sandbox's money, pure (no I/O, unit-tested in pricing.test.ts): which fare a ticket pays, what
 * a refund keeps back, and how a 改签 is settled in the provider's wire fields. The rules themselves
 * live in lib/domain (fees.ts, with its rates in the dated table rules.ts) and are shared with the
 * portal's previews; this module only applies them to the sandbox's rows and words.
 */
import {
  changeSettlement,
  fareForTicketType,
  refundFee,
  sumChangeSettlements,
  type RefundQuote,
} from '@/lib/domain/fees';
import type { Fen } from '@/lib/domain/money';
import { CHANGE_FEE_PERCENT } from '@/lib/domain/rules';
import type { Seat, SeatFare } from '../network';

/**
 * The fare of one ticket, or null when the train has no such class. A passenger given 无座 (no seat)
 * pays the 无座 fare, which equals the seated class's (FAQ §7-9); a berth pays its 上/中/下 price;
 * child, student and 残军 fares follow lib/domain/fees.fareForTicketType.
 */
export function ticketFare(
  fares: readonly SeatFare[],
  seatType: number,
  seat: Seat | null,
  ticketType: number,
): Fen | null {
  const fare = fares.find((f) => f.seatType === (seat ? seatType : 98)) ?? fares.find((f) => f.seatType === seatType);
  if (!fare) return null;
  const tier = seat?.sleeperType ?? null;
  const price = (tier && fare.berths?.find((b) => b.sleeperType === tier)?.priceFen) || fare.priceFen;
  return fareForTicketType(price, ticketType, seatType);
}

export interface TicketRefundInput {
  priceFen: Fen;
  /** Departure of the train the ticket is for now (the new train for a changed ticket). */
  departAt: Date;
  now: Date;
  /**
   * For a changed ticket: the original ticket's issue time and its train's departure. 12306: a ticket
   * bought less than 8 days out and changed to a train 8+ days out still pays 5 % when refunded.
   */
  changedFrom?: { issuedAt: Date; originalDepartAt: Date };
}

/** Fee and amount back for refunding one ticket now (lib/domain/fees.refundFee, 12306 schedule). */
export function ticketRefund(i: TicketRefundInput): RefundQuote {
  return refundFee(
    i.priceFen,
    i.departAt,
    i.now,
    i.changedFrom
      ? { changedFrom: { issuedAt: i.changedFrom.issuedAt, originalDepartureAt: i.changedFrom.originalDepartAt } }
      : {},
  );
}

/** changRate on the wire (0.05 for 5 %). */
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
 * summed), in the wire fields and wording of the provider's 订单详情 example (panhe-train-api.md):
 *
 * - "changRate 改签手续费费率" / "改签费用:1.0元,改签费率:5%" on two ¥13 tickets, in all three example
 *   change orders: the fee is the rate (rules table `changeFeePercent`, 5 %) of each ORIGINAL fare,
 *   rounded to ¥0.5 like a refund fee (5 % × ¥13 = ¥0.65 → ¥0.5, × 2 = ¥1.0; 5 % of the new ¥19 would
 *   round to ¥1.0 a ticket, ¥2.0 in all, which the dearer example does not show).
 * - "priceChangeType … 1=新票款高于原票款,2=新票款等于原票款,3=新票款低于原票款".
 * - Cheaper (3): "退票手续费:4.0元,退票费率:10%,实际退还票款:3.0元" — the difference (2 × ¥4) pays the
 *   refund-fee schedule at the time before the original departure (10 %, at least ¥2 a ticket: 2 × ¥2
 *   = diffRefundFeeAmount ¥4.0, diffRate 0.10), and the change fee comes off too: 8 − 4 − 1 = ¥3.0 =
 *   totalPriceDiff ("改签待退款金额") = refundAmount once done, with "chaRefundType 2 改签成功低改差价退款";
 *   needPayAmount 0.
 * - Same (2): "改签票款差价:0.0元" — needPayAmount is the change fee (¥1.00), totalPriceDiff 0.
 * - Dearer (1): "收取新票款:38.0元,退还原票款:26.0元" — needPayAmount = new fares + fee (¥39.00),
 *   totalPriceDiff = the old fares (¥26.00) refunded on success, "3、改签成功高改原票款退款"; diffRate 0.
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
