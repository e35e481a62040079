/**
 * Segment inventory, pure: a seat is sold for a stop-index range [from, to) of a train run, and is free
 * for any range that does not overlap one of its sales (北京南→南京南 and 南京南→上海 share a seat).
 * The engine calls these under the train run's row lock.
 */
import { parseChooseSeats } from '@/protocol/panhe/seats';
import type { Seat } from './network';

export interface Sale {
  run_key: string;
  seat_type: number;
  /** null: a standing (无座) place. */
  seat_id: number | null;
  from_idx: number;
  to_idx: number;
}

export const overlaps = (s: { from_idx: number; to_idx: number }, from: number, to: number): boolean =>
  s.from_idx < to && s.to_idx > from;

function takenIds(sales: Sale[], seatType: number, from: number, to: number): Set<number> {
  const taken = new Set<number>();
  for (const s of sales)
    if (s.seat_type === seatType && s.seat_id !== null && overlaps(s, from, to)) taken.add(s.seat_id);
  return taken;
}

/** Seats of the class with no sale overlapping [from, to). */
export function freeSeats(
  classSeats: readonly Seat[],
  sales: Sale[],
  seatType: number,
  from: number,
  to: number,
): Seat[] {
  const taken = takenIds(sales, seatType, from, to);
  return classSeats.filter((s) => !taken.has(s.id));
}

/** How many seats of the class are free for [from, to) (余票), without building the list. */
export function countFree(
  classSeats: readonly Seat[],
  sales: Sale[],
  seatType: number,
  from: number,
  to: number,
): number {
  if (!sales.length) return classSeats.length;
  const ids = new Set(classSeats.map((s) => s.id));
  let taken = 0;
  for (const id of takenIds(sales, seatType, from, to)) if (ids.has(id)) taken++;
  return classSeats.length - taken;
}

/** Standing places (无座) in use on any part of [from, to). */
export function standingTaken(sales: Sale[], from: number, to: number): number {
  return sales.filter((s) => s.seat_type === 98 && overlaps(s, from, to)).length;
}

/**
 * Chooses `count` seats among the free ones, honouring 选座 (all picks in one car, on two consecutive
 * rows) and 选铺 (lower/middle/upper counts) when possible, else any free seats (12306 assigns others
 * when a choice cannot be met). Null when too few are free.
 */
export function pickSeats(
  free: Seat[],
  count: number,
  pref: { seatType: number; chooseSeats: string | null; chooseSleeper: string | null },
): Seat[] | null {
  if (free.length < count) return null;
  if (pref.chooseSeats) {
    const picks = parseChooseSeats(pref.chooseSeats, pref.seatType, count);
    if (picks.ok) {
      const byPos = new Map(free.map((s) => [`${s.car}-${s.row}-${s.letter}`, s]));
      for (const base of new Set(free.map((s) => `${s.car}-${s.row}`))) {
        const [car, row] = base.split('-').map(Number) as [number, number];
        const chosen = picks.value.map((p) => byPos.get(`${car}-${row + p.row - 1}-${p.letter}`));
        if (chosen.every(Boolean)) return chosen as Seat[];
      }
    }
  }
  if (pref.chooseSleeper && /^\d{3}$/.test(pref.chooseSleeper)) {
    const want = {
      lower: Number(pref.chooseSleeper[0]),
      middle: Number(pref.chooseSleeper[1]),
      upper: Number(pref.chooseSleeper[2]),
    };
    const out: Seat[] = [];
    for (const kind of ['lower', 'middle', 'upper'] as const)
      out.push(...free.filter((s) => s.berth === kind).slice(0, want[kind]));
    for (const s of free) if (out.length < count && !out.includes(s)) out.push(s);
    return out.slice(0, count);
  }
  return free.slice(0, count);
}
