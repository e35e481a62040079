/**
 * Money on the wire. The Panhe provider protocol carries amounts as yuan numbers (81.5); both the
 * portal and the sandbox keep integer fen (1 yuan = 100 fen) and convert only at the wire. The
 * payment gateway protocol already carries integer fen.
 */
export type Fen = number;

export function assertFen(fen: number): asserts fen is Fen {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer: ${fen}`);
}

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
