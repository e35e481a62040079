/**
 * Track distances between consecutive stops (hops); a trip's distance is the sum of its hops, so a
 * train that changes lines is measured along its own path. For each hop, in order:
 *   1. line mileage, when both stations lie on one listed line (the smallest plausible difference
 *      when they share several lines; "plausible" = between 0.9× and 2.5× the straight-line distance
 *      when coordinates are known, so a line that loops far away is not used);
 *   2. great-circle distance from station-coordinates.csv × 1.2 (track km are 1.13-1.24× the straight
 *      line, README);
 *   3. running minutes × a typical running speed for the train class.
 */
import type { TrainClass } from './classes';
import type { Coordinate, MileageLine } from './data';

export const TRACK_FACTOR = 1.2;
/** km/h while running (stops excluded), used only when a hop has neither mileage nor coordinates. */
export const TYPICAL_SPEED_KMH: Readonly<Record<TrainClass, number>> = {
  G: 220,
  D: 170,
  C: 150,
  Z: 100,
  T: 90,
  K: 75,
  other: 60,
};

export type DistanceSource = 'line' | 'coordinates' | 'time';

export function haversineKm(a: Coordinate, b: Coordinate): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface HopDistance {
  km: number;
  source: DistanceSource;
}

/** A memoised hop-distance function over the mileage tables and coordinates. */
export function makeHopDistance(lines: readonly MileageLine[], coords: ReadonlyMap<string, Coordinate>) {
  const onLines = new Map<string, { line: number; km: number }[]>();
  lines.forEach((l, line) => {
    for (const [name, km] of l.km) {
      const list = onLines.get(name) ?? [];
      list.push({ line, km });
      onLines.set(name, list);
    }
  });
  const cache = new Map<string, HopDistance | null>();

  function fixed(a: string, b: string): HopDistance | null {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const ca = coords.get(a);
    const cb = coords.get(b);
    const straight = ca && cb ? haversineKm(ca, cb) : null;
    let best: number | null = null;
    const la = onLines.get(a);
    const lb = onLines.get(b);
    if (la && lb) {
      for (const x of la)
        for (const y of lb) {
          if (x.line !== y.line) continue;
          const d = Math.abs(y.km - x.km);
          if (d <= 0) continue;
          if (straight !== null && straight > 1 && (d < 0.9 * straight || d > 2.5 * straight)) continue;
          if (best === null || d < best) best = d;
        }
    }
    const out: HopDistance | null =
      best !== null
        ? { km: best, source: 'line' }
        : straight !== null
          ? { km: straight * TRACK_FACTOR, source: 'coordinates' }
          : null;
    cache.set(key, out);
    return out;
  }

  return function hop(a: string, b: string, runMinutes: number, cls: TrainClass): HopDistance {
    if (a === b) return { km: 0, source: 'line' };
    return fixed(a, b) ?? { km: (Math.max(0, runMinutes) / 60) * TYPICAL_SPEED_KMH[cls], source: 'time' };
  };
}
