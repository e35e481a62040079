/**
 * 12306 refund and change (改签) money rules, pure and in integer fen. Rates come from the dated rule
 * table (`rules.ts`); amounts are rounded to 0.5 yuan with `roundToHalfYuan`.
 *
 * Refund fee by time left before departure (boundaries inclusive on the cheaper side):
 *   ≥ 8 days → free; ≥ 48 h → 5 %; ≥ 24 h → 10 %; otherwise 20 %.
 *   Exactly 8 days before is free, exactly 48 h is 5 %, exactly 24 h is 10 %.
 *   Where a fee applies it is at least ¥2, and never more than the ticket (a ¥1 ticket refunds 0).
 *   A ticket bought less than 8 days out and changed to a train 8+ days out pays 5 % if refunded.
 *
 * 改签 settlement per ticket (provider semantics, panhe 订单详情 example):
 *   change fee = 5 % of the ORIGINAL fare, rounded to 0.5 yuan (the example: ¥13 → ¥0.5 per ticket);
 *   dearer new fare (priceChangeType 1): the new fare plus the fee is collected and the original fare
 *     refunded; net, the traveller pays the difference plus the fee;
 *   same fare (2): the fee is collected;
 *   cheaper (3): the difference is refunded minus the refund fee on the difference (the schedule
 *     above, by time before the ORIGINAL departure, ¥2 minimum, capped at the difference) and minus
 *     the change fee; if that would be negative the shortfall is collected instead.
 */
import { roundToHalfYuan, type Fen } from './money';
import { ruleAt, type RefundFeeBand } from './rules';

const MINUTE_MS = 60_000;

/** Rounds `priceFen × percent %` to 0.5 yuan. `priceFen × percent` is an integer, so x.25/x.75 are exact. */
export function percentOfFen(priceFen: Fen, percent: number): Fen {
  return roundToHalfYuan((priceFen * percent) / 100);
}

export interface RefundOptions {
  /**
   * For a changed ticket: when the ORIGINAL ticket was issued and when its train left. If it was
   * bought less than 8 days before that departure, the refund pays at least 5 % even 8+ days out.
   */
  changedFrom?: { issuedAt: Date; originalDepartureAt: Date };
  /** Rule lookup date (default `now`). */
  rulesOn?: Date;
}

/** The refund fee percent for a departure, by whole milliseconds left at `now` (integer comparison). */
export function refundFeePercent(departureAt: Date, now: Date, opts: RefundOptions = {}): number {
  const on = opts.rulesOn ?? now;
  const msLeft = departureAt.getTime() - now.getTime();
  const schedule: readonly RefundFeeBand[] = ruleAt('refundFeeSchedule', on);
  const band = schedule.find((b) => msLeft >= b.atLeastMinutesBefore * MINUTE_MS) ?? schedule[schedule.length - 1]!;
  let percent = band.percent;
  if (percent === 0 && opts.changedFrom) {
    const { issuedAt, originalDepartureAt } = opts.changedFrom;
    const freeDays = schedule[0]!.atLeastMinutesBefore * MINUTE_MS;
    if (originalDepartureAt.getTime() - issuedAt.getTime() < freeDays)
      percent = ruleAt('changedTicketMinRefundPercent', on);
  }
  return percent;
}

export interface RefundQuote {
  percent: number;
  feeFen: Fen;
  refundFen: Fen;
}

/** Fee on an amount at a percent: rounded to 0.5 yuan, at least ¥2 when a fee applies, capped at the amount. */
export function feeAtPercent(amountFen: Fen, percent: number, on: Date = new Date()): Fen {
  if (percent <= 0 || amountFen <= 0) return 0;
  return Math.min(amountFen, Math.max(ruleAt('minRefundFeeFen', on), percentOfFen(amountFen, percent)));
}

/** Refund quote for a ticket of `priceFen` refunded at `now`. */
export function refundFee(priceFen: Fen, departureAt: Date, now: Date, opts: RefundOptions = {}): RefundQuote {
  assertAmount(priceFen);
  const percent = refundFeePercent(departureAt, now, opts);
  const feeFen = feeAtPercent(priceFen, percent, opts.rulesOn ?? now);
  return { percent, feeFen, refundFen: priceFen - feeFen };
}

/**
 * When the refund fee next steps up, and to what percent: the next band boundary before departure
 * (8 days, 48 h, 24 h). Null when already in the last band.
 */
export function nextRefundFeeStep(
  departureAt: Date,
  now: Date,
  opts: RefundOptions = {},
): { at: Date; percent: number } | null {
  const on = opts.rulesOn ?? now;
  const current = refundFeePercent(departureAt, now, opts);
  const schedule: readonly RefundFeeBand[] = ruleAt('refundFeeSchedule', on);
  for (const band of schedule) {
    if (!Number.isFinite(band.atLeastMinutesBefore)) continue;
    // A band holds while at least its minutes are left: 1 ms later the next one applies.
    const at = new Date(departureAt.getTime() - band.atLeastMinutesBefore * MINUTE_MS + 1);
    if (at.getTime() <= now.getTime()) continue;
    const after = refundFeePercent(departureAt, at, opts);
    if (after > current) return { at, percent: after };
  }
  return null;
}

/**
 * Why an online refund is refused now, with the provider's msgCode; null when allowed. A 309 (too soon
 * after issue) passes by itself: `until` is the instant it lifts (issue + refundLockAfterIssueMinutes).
 */
export function onlineRefundBlock(
  issuedAt: Date,
  departureAt: Date,
  now: Date,
): { msgCode: 309; reason: string; until: Date } | { msgCode: 310; reason: string } | null {
  const until = new Date(issuedAt.getTime() + ruleAt('refundLockAfterIssueMinutes', now) * MINUTE_MS);
  if (now.getTime() < until.getTime()) return { msgCode: 309, reason: '出票5分钟内无法提交退票', until };
  if (departureAt.getTime() - now.getTime() < ruleAt('refundCloseMinutes', now) * MINUTE_MS)
    return { msgCode: 310, reason: '距离发车时间太近,无法申请退票' };
  return null;
}

// ---- 改签 ----------------------------------------------------------------------------------------------

/** panhe ChaPriceChangeType: 1 new fare dearer, 2 equal, 3 cheaper. */
export type PriceChangeType = 1 | 2 | 3;

export interface ChangeSettlement {
  priceChangeType: PriceChangeType;
  originalFen: Fen;
  newFen: Fen;
  /** |new − original|. */
  diffFen: Fen;
  /** Refund-fee percent applied to the difference (cheaper only, else 0): diffRate. */
  diffRefundPercent: number;
  /** Refund fee on the difference (cheaper only): diffRefundFeeAmount. */
  diffRefundFeeFen: Fen;
  /** changRate as a percent. */
  changeFeePercent: number;
  /** changFeeAmount. */
  changeFeeFen: Fen;
  /** needPayAmount: collected from the distributor before the change is confirmed. */
  needPayFen: Fen;
  /** totalPriceDiff / refundAmount: returned after the change succeeds. */
  refundFen: Fen;
  /** What the traveller pays in the end (negative: receives): needPay − refund. */
  netFen: Fen;
}

export interface ChangeInput {
  originalFen: Fen;
  newFen: Fen;
  /** Departure of the ticket being changed: the refund fee on a cheaper difference counts from it. */
  originalDepartureAt: Date;
  now: Date;
  /** Override of the change-fee percent (default: rule `changeFeePercent`). */
  changeFeePercent?: number;
}

/** Settlement of changing one ticket (see the module doc for the rules). */
export function changeSettlement(input: ChangeInput): ChangeSettlement {
  const { originalFen, newFen, originalDepartureAt, now } = input;
  assertAmount(originalFen);
  assertAmount(newFen);
  const changeFeePercent = input.changeFeePercent ?? ruleAt('changeFeePercent', now);
  const changeFeeFen = changeFeePercent > 0 ? percentOfFen(originalFen, changeFeePercent) : 0;
  const base = { originalFen, newFen, changeFeePercent, changeFeeFen };
  if (newFen > originalFen) {
    const needPayFen = newFen + changeFeeFen;
    return {
      ...base,
      priceChangeType: 1,
      diffFen: newFen - originalFen,
      diffRefundPercent: 0,
      diffRefundFeeFen: 0,
      needPayFen,
      refundFen: originalFen,
      netFen: needPayFen - originalFen,
    };
  }
  if (newFen === originalFen) {
    return {
      ...base,
      priceChangeType: 2,
      diffFen: 0,
      diffRefundPercent: 0,
      diffRefundFeeFen: 0,
      needPayFen: changeFeeFen,
      refundFen: 0,
      netFen: changeFeeFen,
    };
  }
  const diffFen = originalFen - newFen;
  const diffRefundPercent = refundFeePercent(originalDepartureAt, now);
  const diffRefundFeeFen = feeAtPercent(diffFen, diffRefundPercent, now);
  const credit = diffFen - diffRefundFeeFen - changeFeeFen;
  return {
    ...base,
    priceChangeType: 3,
    diffFen,
    diffRefundPercent,
    diffRefundFeeFen,
    needPayFen: Math.max(0, -credit),
    refundFen: Math.max(0, credit),
    netFen: -credit,
  };
}

/** Sums per-ticket settlements of one change order (all tickets share one priceChangeType). */
export function sumChangeSettlements(items: readonly ChangeSettlement[]): Omit<ChangeSettlement, 'priceChangeType'> & {
  priceChangeType: PriceChangeType;
} {
  if (!items.length) throw new RangeError('no tickets to settle');
  const sum = (f: (s: ChangeSettlement) => number) => items.reduce((a, s) => a + f(s), 0);
  const originalFen = sum((s) => s.originalFen);
  const newFen = sum((s) => s.newFen);
  return {
    priceChangeType: newFen > originalFen ? 1 : newFen === originalFen ? 2 : 3,
    originalFen,
    newFen,
    diffFen: Math.abs(newFen - originalFen),
    diffRefundPercent: Math.max(...items.map((s) => s.diffRefundPercent)),
    diffRefundFeeFen: sum((s) => s.diffRefundFeeFen),
    changeFeePercent: items[0]!.changeFeePercent,
    changeFeeFen: sum((s) => s.changeFeeFen),
    needPayFen: sum((s) => s.needPayFen),
    refundFen: sum((s) => s.refundFen),
    netFen: sum((s) => s.netFen),
  };
}

// ---- fares by ticket type --------------------------------------------------------------------------

/** Ticket types (panhe 火车票票种). */
export const TICKET_TYPE = { ADULT: 1, CHILD: 2, STUDENT: 3, DISABLED: 4 } as const;
export type TicketType = (typeof TICKET_TYPE)[keyof typeof TICKET_TYPE];

/**
 * The fare a ticket type pays for a published adult fare (sandbox simplification): child 50 %;
 * student 75 % of EMU 二等座 (seatType 4) or 50 % of 硬座 (10), full price in other classes;
 * 残军 50 %. Rounded to 0.5 yuan.
 */
export function fareForTicketType(adultFen: Fen, ticketType: number, seatType: number, on: Date = new Date()): Fen {
  assertAmount(adultFen);
  switch (ticketType) {
    case TICKET_TYPE.CHILD:
      return percentOfFen(adultFen, ruleAt('childFarePercent', on));
    case TICKET_TYPE.STUDENT: {
      const s = ruleAt('studentFarePercent', on);
      if (seatType === 4) return percentOfFen(adultFen, s.emuSecondClass);
      if (seatType === 10) return percentOfFen(adultFen, s.hardSeat);
      return adultFen;
    }
    case TICKET_TYPE.DISABLED:
      return percentOfFen(adultFen, ruleAt('disabledFarePercent', on));
    default:
      return adultFen;
  }
}

function assertAmount(fen: number): void {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`amount must be a non-negative integer fen: ${fen}`);
}
