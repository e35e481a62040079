/**
 * Results filters and sorting, all carried in the URL (?types=G,D&dep=06-12&fromSt=..&sort=duration).
 * Pure, so the server page and tests share it.
 */
import { z } from 'zod';
import { TRAIN_CLASSES, type TrainClass, type TrainOffer } from './types';

export const SORTS = ['departure', 'duration', 'price'] as const;
export type Sort = (typeof SORTS)[number];
export const DEPARTURE_WINDOWS = [
  { key: '00-06', label: '00:00–06:00', from: 0, to: 6 },
  { key: '06-12', label: '06:00–12:00', from: 6, to: 12 },
  { key: '12-18', label: '12:00–18:00', from: 12, to: 18 },
  { key: '18-24', label: '18:00–24:00', from: 18, to: 24 },
] as const;

const classKeys = TRAIN_CLASSES.map((c) => c.key);
const csv = z
  .string()
  .optional()
  .transform((s) => (s ? s.split(',').filter(Boolean) : []));

export const filterSchema = z.object({
  types: csv.transform((xs) => xs.filter((x): x is TrainClass => (classKeys as string[]).includes(x))),
  dep: csv.transform((xs) => xs.filter((x) => DEPARTURE_WINDOWS.some((w) => w.key === x))),
  fromSt: csv,
  toSt: csv,
  sort: z.enum(SORTS).catch('departure').default('departure'),
});
export type Filters = z.output<typeof filterSchema>;

export function lowestPrice(t: TrainOffer): number {
  const prices = t.seats.filter((s) => s.seatType !== 98).map((s) => s.priceFen);
  return prices.length ? Math.min(...prices) : Number.MAX_SAFE_INTEGER;
}

export function applyFilters(trains: TrainOffer[], f: Filters): TrainOffer[] {
  const out = trains.filter((t) => {
    if (f.types.length && !f.types.includes(t.trainClass)) return false;
    if (f.dep.length) {
      const hour = Number(t.fromTime.slice(0, 2));
      if (!f.dep.some((k) => DEPARTURE_WINDOWS.some((w) => w.key === k && hour >= w.from && hour < w.to))) return false;
    }
    if (f.fromSt.length && !f.fromSt.includes(t.fromStation)) return false;
    if (f.toSt.length && !f.toSt.includes(t.toStation)) return false;
    return true;
  });
  const key: Record<Sort, (t: TrainOffer) => number> = {
    departure: (t) => t.departAt.getTime(),
    duration: (t) => t.runMinutes,
    price: lowestPrice,
  };
  return out.sort((a, b) => key[f.sort](a) - key[f.sort](b) || a.departAt.getTime() - b.departAt.getTime());
}
