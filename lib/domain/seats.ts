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

/** The classes one may book: every class but 无座 (FAQ §7: "所以无法指定购买无座票"). */
export function bookableSeats<S extends { seatType: number }>(seats: readonly S[]): S[] {
  return seats.filter((s) => s.seatType !== SEAT_TYPE.STANDING);
}

/**
 * Whether "接受无座" means anything for a class: only for the train's lowest seated class
 * (FAQ §7-8: "当硬座(最低座次)卖完了,您还选硬座(最低座次),且接受自动抢无座票,就出无座票").
 */
export function standingAppliesTo(seats: readonly { seatType: number; priceFen: number }[], seatType: number): boolean {
  return lowestSeatedClass(seats) === seatType;
}

/**
 * The class a booking form opens on: the one asked for when bookable; for 无座 (a link from before,
 * or a hand-made one), the lowest seated class it comes with; else the first class with tickets left.
 */
export function initialSeatType(
  seats: readonly { seatType: number; priceFen: number; left: number }[],
  wanted: number | undefined,
): number | null {
  const bookable = bookableSeats(seats);
  if (wanted !== undefined && bookable.some((s) => s.seatType === wanted)) return wanted;
  if (wanted === SEAT_TYPE.STANDING) {
    const lowest = lowestSeatedClass(seats);
    if (lowest !== null) return lowest;
  }
  return (bookable.find((s) => s.left > 0) ?? bookable[0])?.seatType ?? null;
}
