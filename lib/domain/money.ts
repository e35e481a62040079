/**
 * Money is integer fen (1 yuan = 100 fen) everywhere inside the portal and the sandbox.
 * Yuan (floats, as the provider's wire format carries them) exist only at the provider boundary.
 */
export type Fen = number;

/** Converts a yuan amount from the wire (e.g. 81.5) to integer fen, rejecting sub-fen precision. */
export function yuanToFen(yuan: number): Fen {
  if (!Number.isFinite(yuan)) throw new RangeError(`not a finite amount: ${yuan}`);
  const fen = Math.round(yuan * 100);
  if (Math.abs(fen - yuan * 100) > 1e-6 * Math.max(1, Math.abs(yuan))) {
    throw new RangeError(`amount has more than two decimals: ${yuan}`);
  }
  return fen;
}

/** Converts integer fen to a yuan number for the wire (e.g. 8150 -> 81.5). */
export function fenToYuan(fen: Fen): number {
  assertFen(fen);
  return fen / 100;
}

export function assertFen(fen: number): asserts fen is Fen {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer: ${fen}`);
}

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
