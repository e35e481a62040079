/**
 * 12306 refund fees, pure and in integer fen. Boundaries are inclusive on the cheaper side:
 * exactly 8 days before departure is free, exactly 48 h is 5 %, exactly 24 h is 10 %.
 */
import { roundToHalfYuan, type Fen } from './money';
import { MIN_REFUND_FEE_FEN, REFUND_FEE_SCHEDULE } from './rules';

const HOUR_MS = 3_600_000;

export function refundFeePercent(departureAt: Date, now: Date): number {
  const hours = (departureAt.getTime() - now.getTime()) / HOUR_MS;
  return (REFUND_FEE_SCHEDULE.find((r) => hours >= r.atLeastHoursBefore) ?? REFUND_FEE_SCHEDULE.at(-1)!).percent;
}

/** Fee for refunding a ticket of `priceFen`: rounded to 0.5 yuan, at least ¥2 when a fee applies, never above the price. */
export function refundFee(
  priceFen: Fen,
  departureAt: Date,
  now: Date,
): { percent: number; feeFen: Fen; refundFen: Fen } {
  const percent = refundFeePercent(departureAt, now);
  if (percent === 0) return { percent, feeFen: 0, refundFen: priceFen };
  const fee = Math.min(priceFen, Math.max(MIN_REFUND_FEE_FEN, roundToHalfYuan((priceFen * percent) / 100)));
  return { percent, feeFen: fee, refundFen: priceFen - fee };
}
