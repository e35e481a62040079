/**
 * 12306's rounding of fares and fees, as the sandbox applies it. DOMAIN_NOTES.md: "Fee rounded to 0.5
 * yuan (below 0.25 dropped, 0.25 to below 0.75 → 0.5, 0.75 and up → 1)"; the sandbox's fares step by
 * 0.5 yuan the same way. Amounts are integer fen (protocol/money.ts converts at the wire).
 */
import type { Fen } from '@/protocol/money';

export type { Fen };

const HALF_YUAN = 50;

/** A (possibly fractional) fen amount to the nearest 0.5 yuan, a quarter yuan rounding up. */
export function halfYuan(fen: number): Fen {
  return Math.floor((fen + HALF_YUAN / 2) / HALF_YUAN) * HALF_YUAN;
}
