/**
 * Seats. The seat-class and berth codes, the letters of each class, the 选座 / 选铺 formats and the
 * seat-number text are the provider protocol's (protocol/panhe/seats.ts, re-exported here so the
 * portal keeps one seats module); the portal's own rules about seats live below.
 */
import { SEAT_TYPE, SLEEPER_TYPES } from '@/protocol/panhe/seats';

export * from '@/protocol/panhe/seats';

/**
 * The train's lowest seated class (最低座次: 二等座 on most EMUs, 硬座 on conventional trains): the
 * cheapest class that is neither 无座 nor a sleeper. The only class for which accepting 无座 applies
 * (juhe-train-booking-faq.md §7-8). Null when the train has no seated class.
 */
export function lowestSeatedClass(seats: readonly { seatType: number; priceFen: number }[]): number | null {
  const seated = seats.filter((s) => s.seatType !== SEAT_TYPE.STANDING && !SLEEPER_TYPES.includes(s.seatType));
  if (!seated.length) return null;
  return seated.reduce((a, b) => (b.priceFen < a.priceFen ? b : a)).seatType;
}
