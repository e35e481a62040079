/**
 * The sandbox's money, pure (no I/O, unit-tested in pricing.test.ts): which fare a ticket pays, what
 * a refund keeps back, and how a 改签 is settled in the provider's wire fields. The rules are the
 * sandbox's own reading of 12306 (DOMAIN_NOTES.md "Refunds and changes", the provider's 订单详情
 * example), quoted where applied; the portal keeps its own (lib/domain/fees.ts) for its previews, and
 * the integration tests check that the two agree.
 */
import { halfYuan, type Fen } from '../money';
import type { Seat, SeatFare } from '../network';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** DOMAIN_NOTES: "minimum 2 yuan where a fee applies; a refund can be 0 (a 1-yuan ticket with a 2-yuan fee, FAQ §2)". */
const MIN_FEE_FEN = 200;

/** `percent` % of an amount, rounded to 0.5 yuan (no minimum). */
const share = (fen: Fen, percent: number): Fen => halfYuan((fen * percent) / 100);

function checkFen(fen: number): void {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount in fen: ${fen}`);
}

/**
 * DOMAIN_NOTES: "Refund fee by time before departure: ≥ 8 days free; ≥ 48 h 5%; 24-48 h 10%; < 24 h
 * 20%. A ticket bought less than 8 days out and changed to a train 8+ days out pays 5% if refunded."
 */
function refundPercent(departAt: Date, now: Date, boughtLate = false): number {
  const left = departAt.getTime() - now.getTime();
  if (left >= 8 * DAY) return boughtLate ? 5 : 0;
  if (left >= 48 * HOUR) return 5;
  if (left >= 24 * HOUR) return 10;
  return 20;
}

/** The fee on an amount at a percent: at least ¥2 when any fee applies, never more than the amount. */
function feeOf(fen: Fen, percent: number): Fen {
  if (percent <= 0 || fen <= 0) return 0;
  return Math.min(fen, Math.max(MIN_FEE_FEN, share(fen, percent)));
}

/** DOMAIN_NOTES: child "about half"; students "75% of the published fare for EMU 二等座, 50% of 硬座"; 残军 half (sandbox default). */
function fareFor(ticketType: number, seatType: number, adultFen: Fen): Fen {
  checkFen(adultFen);
  if (ticketType === 2 || ticketType === 4) return share(adultFen, 50);
  if (ticketType === 3 && seatType === 4) return share(adultFen, 75);
  if (ticketType === 3 && seatType === 10) return share(adultFen, 50);
  return adultFen;
}

/**
 * The fare of one ticket, or null when the train has no such class. A passenger given 无座 (no seat)
 * pays the 无座 fare, which equals the seated class's (FAQ §7-9); a berth pays its 上/中/下 price;
 * child, student and 残军 fares as fareFor above.
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
  return fareFor(ticketType, seatType, price);
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

export interface RefundQuote {
  percent: number;
  feeFen: Fen;
  refundFen: Fen;
}

/** Fee and amount back for refunding one ticket now. */
export function ticketRefund(i: TicketRefundInput): RefundQuote {
  checkFen(i.priceFen);
  const boughtLate = i.changedFrom
    ? i.changedFrom.originalDepartAt.getTime() - i.changedFrom.issuedAt.getTime() < 8 * DAY
    : false;
  const percent = refundPercent(i.departAt, i.now, boughtLate);
  const feeFen = feeOf(i.priceFen, percent);
  return { percent, feeFen, refundFen: i.priceFen - feeFen };
}

/** 订单详情 example "改签费用:1.0元,改签费率:5%" (DOMAIN_NOTES: "改签费率 5% (verify)"). */
const CHANGE_FEE_PERCENT = 5;

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

/** One ticket's part of a change order, settled on its own (the order's wire fields are the sums). */
function settleTicket(oldFen: Fen, newFen: Fen, originalDepartAt: Date, now: Date) {
  checkFen(oldFen);
  checkFen(newFen);
  const changeFeeFen = share(oldFen, CHANGE_FEE_PERCENT);
  if (newFen > oldFen)
    return { changeFeeFen, diffPercent: 0, diffFeeFen: 0, needPayFen: newFen + changeFeeFen, refundFen: oldFen };
  if (newFen === oldFen) return { changeFeeFen, diffPercent: 0, diffFeeFen: 0, needPayFen: changeFeeFen, refundFen: 0 };
  const diffFen = oldFen - newFen;
  const diffPercent = refundPercent(originalDepartAt, now);
  const diffFeeFen = feeOf(diffFen, diffPercent);
  const left = diffFen - diffFeeFen - changeFeeFen;
  return { changeFeeFen, diffPercent, diffFeeFen, needPayFen: Math.max(0, -left), refundFen: Math.max(0, left) };
}

/**
 * Prices a change order from its tickets' old and new fares (per ticket, then summed), in the wire
 * fields and wording of the provider's 订单详情 example (panhe-train-api.md):
 *
 * - "changRate 改签手续费费率" / "改签费用:1.0元,改签费率:5%" on two ¥13 tickets, in all three example
 *   change orders: the fee is 5 % of each ORIGINAL fare, rounded to ¥0.5 like a refund fee (5 % × ¥13
 *   = ¥0.65 → ¥0.5, × 2 = ¥1.0; 5 % of the new ¥19 would round to ¥1.0 a ticket, ¥2.0 in all, which
 *   the dearer example does not show).
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
  if (!oldFen.length) throw new RangeError('a change order needs at least one ticket');
  const parts = oldFen.map((o, i) => settleTicket(o, newFen[i] ?? 0, originalDepartAt, now));
  const total = (pick: (p: (typeof parts)[number]) => number) => parts.reduce((sum, p) => sum + pick(p), 0);
  const oldTotal = oldFen.reduce((a, b) => a + b, 0);
  const newTotal = oldFen.reduce((sum, _, i) => sum + (newFen[i] ?? 0), 0);
  const priceChangeType = newTotal > oldTotal ? 1 : newTotal === oldTotal ? 2 : 3;
  const changeFeeFen = total((p) => p.changeFeeFen);
  const diffRefundFeeFen = total((p) => p.diffFeeFen);
  const diffRatePercent = Math.max(...parts.map((p) => p.diffPercent));
  const refundFen = total((p) => p.refundFen);
  const feeInfo = `改签费用:${y1(changeFeeFen)}元,改签费率:${CHANGE_FEE_PERCENT}%`;
  const info =
    priceChangeType === 1
      ? `收取新票款:${y1(newTotal)}元,退还原票款:${y1(oldTotal)}元,${feeInfo}`
      : priceChangeType === 2
        ? `改签票款差价:0.0元,${feeInfo}`
        : `退票手续费:${y1(diffRefundFeeFen)}元,退票费率:${diffRatePercent}%,实际退还票款:${y1(refundFen)}元,${feeInfo}`;
  return {
    priceChangeType,
    priceChangeTypeInfo: info,
    totalPriceDiffFen: refundFen,
    diffRatePercent,
    diffRefundFeeFen,
    changeFeeFen,
    needPayFen: total((p) => p.needPayFen),
    refundFen,
    chaRefundType: refundFen > 0 ? (priceChangeType === 1 ? 3 : 2) : null,
  };
}
