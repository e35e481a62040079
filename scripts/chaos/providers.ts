/**
 * The chaos run's split of bookings between the two providers (scripts/chaos/portal.ts books, run.ts
 * reports): bookings go in pairs of numbers, alternating panhe and juhe, the seed choosing which pair
 * starts. Pairs, not single numbers, so that every pattern of the run keyed on the booking number (one
 * or two passengers by i % 2, cancels i % 7, agency bookings i % 5, refunds i % 6 = 1 and changes
 * i % 6 = 4 in scripts/chaos/aftersales.ts) falls on both providers.
 */
export const CHAOS_PROVIDERS = ['panhe', 'juhe'] as const;
export type ChaosProvider = (typeof CHAOS_PROVIDERS)[number];

export function providerOfBooking(i: number, seed: number): ChaosProvider {
  return CHAOS_PROVIDERS[(Math.floor(i / 2) + (seed % 2)) % 2]!;
}
