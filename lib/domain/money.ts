/**
 * Money is integer fen (1 yuan = 100 fen) everywhere inside the portal. Yuan (floats, as the
 * provider's wire format carries them) exist only at the provider boundary: the conversion is part of
 * the wire protocol (protocol/money.ts), re-exported here so the portal has one money module.
 */
export { assertFen, fenToYuan, yuanToFen, type Fen } from '@/protocol/money';
import { assertFen, type Fen } from '@/protocol/money';

/**
 * 12306 rounds fares and fees to 0.5 yuan (50 fen): below 0.25 dropped, 0.25 up to below 0.75 -> 0.5,
 * 0.75 and up -> 1. Input may be a fractional fen amount (e.g. a percentage of a fare).
 */
export function roundToHalfYuan(fen: number): Fen {
  const whole = Math.floor(fen / 100) * 100;
  const rest = fen - whole;
  if (rest < 25) return whole;
  if (rest < 75) return whole + 50;
  return whole + 100;
}

/** "¥81.50" style display; always two decimals. */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Splits a refund of `amountFen` over payments with `roomFen` left each, in the order given (the
 * caller sorts them: newest first), taking all the room of one before the next. Null when their room
 * together is less than the amount: nothing is refunded then (a part refund would hide the gap from
 * reconciliation).
 */
export function splitRefund<P extends { roomFen: number }>(
  amountFen: Fen,
  payments: readonly P[],
): { payment: P; amountFen: Fen }[] | null {
  assertFen(amountFen);
  const parts: { payment: P; amountFen: Fen }[] = [];
  let left = amountFen;
  for (const payment of payments) {
    if (left <= 0) break;
    const take = Math.min(Math.max(payment.roomFen, 0), left);
    if (take > 0) parts.push({ payment, amountFen: take });
    left -= take;
  }
  return left > 0 ? null : parts;
}
