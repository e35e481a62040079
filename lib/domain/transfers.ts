/**
 * 中转换乘: the connection rules of a journey with one change, pure (no I/O). The values come from the
 * dated rules table (rules.ts: transferMinConnectionMinutes, transferCrossStationMinutes,
 * transferMaxWaitMinutes, transferMaxTotalFactor); lib/search/transfers.ts applies them to the legs the
 * provider answered.
 *
 * - 同站换乘 (same station): at least 20 min between two EMU trains (G/D/C), 30 min otherwise.
 * - 同城换乘 (another station of the same city, 12306's station-list city): the rule's minutes for that
 *   pair of stations (or its default), which the page states as the time to cross the city.
 * - Never more than the maximum wait; a transfer to another city is not a connection.
 * - A journey's total time is at most `transferMaxTotalFactor` × a reference (the fastest direct train,
 *   else the fastest transfer found).
 * - Ranking: earliest arrival, then shortest total time, then lowest price (unknown price last).
 */
import { ruleAt } from './rules';

export type ConnectionKind = 'sameStation' | 'sameCity';

const MINUTE_MS = 60_000;

/** 高铁/动车/城际: trains whose passengers change within one EMU concourse. */
export function isEmuTrain(trainCode: string): boolean {
  return /^[GDC]/i.test(trainCode);
}

/** The minutes to allow between two stations of one city (either order); 0 for one station. */
export function crossStationMinutes(a: string, b: string, at: Date | string = new Date()): number {
  if (a === b) return 0;
  const rule = ruleAt('transferCrossStationMinutes', at);
  return rule.pairs[`${a}|${b}`] ?? rule.pairs[`${b}|${a}`] ?? rule.default;
}

/** The least time between arriving on `arriving` at `arriveStation` and leaving on `departing` from `departStation`. */
export function minConnectionMinutes(
  c: { arriving: string; departing: string; arriveStation: string; departStation: string },
  at: Date | string = new Date(),
): number {
  if (c.arriveStation !== c.departStation) return crossStationMinutes(c.arriveStation, c.departStation, at);
  const rule = ruleAt('transferMinConnectionMinutes', at);
  return isEmuTrain(c.arriving) && isEmuTrain(c.departing) ? rule.sameStationEmu : rule.sameStation;
}

export interface LegEnds {
  trainCode: string;
  fromStation: string;
  toStation: string;
  departAt: Date;
  arriveAt: Date;
}

export type ConnectionVerdict =
  | { ok: true; kind: ConnectionKind; waitMinutes: number; minMinutes: number }
  | { ok: false; reason: 'other_city' | 'too_short' | 'too_long'; waitMinutes: number; minMinutes: number };

/**
 * Whether `second` can be caught after `first`: the change at first.toStation → second.fromStation,
 * with the two stations' cities (null: unknown city, which counts as a different city unless the station
 * is the same).
 */
export function checkConnection(
  first: LegEnds,
  second: LegEnds,
  cities: { arrive: string | null; depart: string | null },
  at: Date | string = first.arriveAt,
): ConnectionVerdict {
  const waitMinutes = Math.round((second.departAt.getTime() - first.arriveAt.getTime()) / MINUTE_MS);
  const same = first.toStation === second.fromStation;
  const kind: ConnectionKind = same ? 'sameStation' : 'sameCity';
  if (!same && (!cities.arrive || cities.arrive !== cities.depart))
    return { ok: false, reason: 'other_city', waitMinutes, minMinutes: 0 };
  const minMinutes = minConnectionMinutes(
    {
      arriving: first.trainCode,
      departing: second.trainCode,
      arriveStation: first.toStation,
      departStation: second.fromStation,
    },
    at,
  );
  if (waitMinutes < minMinutes) return { ok: false, reason: 'too_short', waitMinutes, minMinutes };
  if (waitMinutes > ruleAt('transferMaxWaitMinutes', at))
    return { ok: false, reason: 'too_long', waitMinutes, minMinutes };
  return { ok: true, kind, waitMinutes, minMinutes };
}

/** Whether a journey of `totalMinutes` is within the allowed factor of `referenceMinutes` (null: no limit). */
export function withinTotalLimit(
  totalMinutes: number,
  referenceMinutes: number | null,
  at: Date | string = new Date(),
): boolean {
  if (referenceMinutes === null) return true;
  return totalMinutes <= ruleAt('transferMaxTotalFactor', at) * referenceMinutes;
}

export interface Rankable {
  arriveAt: Date;
  totalMinutes: number;
  /** Lowest total fare in fen; null when a leg has no seat left (ranked after every priced journey). */
  priceFen: number | null;
}

/** Earliest arrival, then shortest total time, then lowest price (unknown last). */
export function compareJourneys(a: Rankable, b: Rankable): number {
  return (
    a.arriveAt.getTime() - b.arriveAt.getTime() ||
    a.totalMinutes - b.totalMinutes ||
    (a.priceFen ?? Number.MAX_SAFE_INTEGER) - (b.priceFen ?? Number.MAX_SAFE_INTEGER)
  );
}

/**
 * A 经停站 list's wall-clock "HH:mm" times unrolled to minutes after midnight of the train's first day:
 * each time earlier than the one before it is on the next day. Stops without any time are dropped.
 */
export function unrollStopTimes<S extends { arrive: string | null; depart: string | null }>(
  stops: readonly S[],
): (S & { arriveMinute: number | null; departMinute: number | null })[] {
  let day = 0;
  let last = -1;
  const minute = (hhmm: string | null): number | null => {
    const m = hhmm ? /^(\d{1,2})[:;](\d{2})$/.exec(hhmm.trim()) : null;
    if (!m) return null;
    let t = day * 1440 + Number(m[1]) * 60 + Number(m[2]);
    if (t < last) {
      day += 1;
      t += 1440;
    }
    last = t;
    return t;
  };
  const out: (S & { arriveMinute: number | null; departMinute: number | null })[] = [];
  for (const [i, s] of stops.entries()) {
    const arriveMinute = i === 0 ? null : minute(s.arrive);
    const departMinute = i === stops.length - 1 ? null : minute(s.depart);
    if (arriveMinute === null && departMinute === null) continue;
    out.push({ ...s, arriveMinute, departMinute });
  }
  return out;
}
