/**
 * 中转 transfer search: for (from, to, date), journeys with one change at the same station (同站换乘)
 * or another station of the same city (同城换乘), with both legs' availability and prices from the
 * provider.
 *
 * 1. Where to change: lib/transfers/candidates.ts ranks the places the timetable index (built from the
 *    providers' 余票 and 经停站 answers, lib/transfers/index-store.ts) shows trains from `from` reaching
 *    and trains to `to` leaving; the best MAX_HUBS are kept.
 * 2. The legs: 余票 from → place (date) and place → to (each date the first legs arrive on), through the
 *    cached search (searchTrains): a transfer search makes at most MAX_LEG_SEARCHES distinct searches
 *    (the direct search included, which the results page already cached), and every one of them is
 *    shared with every other search of that (from, to, date) within the cache's window.
 * 3. The journeys: every pair of a first and a second leg the connection rules accept
 *    (lib/domain/transfers.ts: minimum connection by station kind, the cross-city time between two
 *    stations, the maximum wait), within transferMaxTotalFactor × the fastest direct train (or the
 *    fastest transfer when none); ranked with seats on both legs first, then by arrival, total time and
 *    price; each train used by at most one journey (the best), at most MAX_JOURNEYS.
 *
 * Booking link (read by the trip booking, app/trips/new): each journey's `bookHref` is
 *   /trips/new?kind=transfer&leg1=<provider>:<trainCode>:<fromStation>:<toStation>:<date>&leg2=<same>
 * with <date> the leg's departure date (yyyy-MM-dd, Beijing) and each parameter URL-encoded as a whole
 * (URLSearchParams); station names contain no ':'.
 */
import 'server-only';
import { checkConnection, compareJourneys, type ConnectionKind, withinTotalLimit } from '@/lib/domain/transfers';
import { cityOfStation, stationsOfCity } from '@/lib/stations';
import { candidateHubs, stationsOfPlace } from '@/lib/transfers/candidates';
import { timetableIndex } from '@/lib/transfers/index-store';
import { addDays, shanghaiDate } from '@/lib/time';
import { searchTrains, SearchError } from './search';
import type { TrainOffer } from './types';

/** Places asked about per transfer search. */
export const MAX_HUBS = 4;
/** Distinct 余票 searches per transfer search, the direct one included (1 + 4 first legs + 4–7 second legs). */
export const MAX_LEG_SEARCHES = 12;
export const MAX_JOURNEYS = 20;

export interface TransferLeg {
  provider: TrainOffer['provider'];
  trainCode: string;
  trainNo: string;
  fromStation: string;
  toStation: string;
  departAt: string;
  arriveAt: string;
  fromTime: string;
  toTime: string;
  /** Departure date (Beijing), the booking's date. */
  date: string;
  runMinutes: number;
  /** Lowest fare with seats left (fen), null when sold out. */
  lowestFen: number | null;
  seatsLeft: number;
  saleTime: string | null;
}

export interface TransferJourney {
  legs: [TransferLeg, TransferLeg];
  connection: { kind: ConnectionKind; station: string; toStation: string; waitMinutes: number; minMinutes: number };
  totalMinutes: number;
  departAt: string;
  arriveAt: string;
  /** Sum of both legs' lowest fares with seats; null when either leg is sold out. */
  priceFen: number | null;
  available: boolean;
  bookHref: string;
}

export interface TransferAnswer {
  journeys: TransferJourney[];
  /** The places asked about, best estimate first. */
  hubs: string[];
  /** Distinct 余票 searches this transfer search asked (through the cache). */
  searches: number;
  /** The fastest direct train's minutes (the total-time reference), null when there is none. */
  fastestDirectMinutes: number | null;
  /** Trains in the timetable index (0: still being built, say so). */
  indexedTrains: number;
}

const MINUTE_MS = 60_000;

function cheapest(o: TrainOffer): { fen: number | null; left: number } {
  let fen: number | null = null;
  let left = 0;
  for (const s of o.seats)
    if (s.left > 0) {
      left += s.left;
      if (fen === null || s.priceFen < fen) fen = s.priceFen;
    }
  return { fen, left };
}

function legOf(o: TrainOffer): TransferLeg {
  const c = cheapest(o);
  return {
    provider: o.provider,
    trainCode: o.trainCode,
    trainNo: o.trainNo,
    fromStation: o.fromStation,
    toStation: o.toStation,
    departAt: o.departAt.toISOString(),
    arriveAt: o.arriveAt.toISOString(),
    fromTime: o.fromTime,
    toTime: o.toTime,
    date: shanghaiDate(o.departAt),
    runMinutes: o.runMinutes,
    lowestFen: c.fen,
    seatsLeft: c.left,
    saleTime: o.saleTime,
  };
}

/** The booking link of a journey (see the module comment for the exact shape). */
export function transferBookHref(
  legs: readonly Pick<TransferLeg, 'provider' | 'trainCode' | 'fromStation' | 'toStation' | 'date'>[],
): string {
  const param = (l: (typeof legs)[number]) => [l.provider, l.trainCode, l.fromStation, l.toStation, l.date].join(':');
  return `/trips/new?${new URLSearchParams({ kind: 'transfer', leg1: param(legs[0]!), leg2: param(legs[1]!) }).toString()}`;
}

const directory = { cityOf: cityOfStation, stationsOfCity };

/** A search that failed (refused or unavailable) counts as no trains: the other places still answer. */
async function offers(from: string, to: string, date: string): Promise<TrainOffer[]> {
  try {
    return (await searchTrains(from, to, date)).offers;
  } catch (e) {
    if (e instanceof SearchError) return [];
    throw e;
  }
}

export async function searchTransfers(
  from: string,
  to: string,
  date: string,
  now = new Date(),
): Promise<TransferAnswer> {
  const fromStations = stationsOfPlace(from, directory);
  const toStations = stationsOfPlace(to, directory);
  const fromCity = cityOfStation(fromStations[0]!) ?? from;
  const toCity = cityOfStation(toStations[0]!) ?? to;
  // The rules' day, once (a Date would be converted to the Shanghai calendar in every check).
  const day = shanghaiDate(now);
  const index = await timetableIndex();
  const hubs = candidateHubs(index, { fromStations, toStations, fromCity, toCity }, { limit: MAX_HUBS, at: day });

  let searches = 1;
  const [direct, ...firsts] = await Promise.all([
    offers(from, to, date),
    ...hubs.map((h) => offers(from, h.place, date)),
  ]);
  searches += hubs.length;
  const fastestDirectMinutes = direct.length ? Math.min(...direct.map((o) => o.runMinutes)) : null;

  // Second legs on each date a first leg arrives on (the first date of each place first), within the bound.
  const wanted: { hub: number; date: string }[] = [];
  hubs.forEach((_, i) => {
    const dates = [...new Set(firsts[i]!.map((o) => shanghaiDate(o.arriveAt)))].sort();
    for (const d of dates.length ? dates : [date]) if (d <= addDays(date, 1)) wanted.push({ hub: i, date: d });
  });
  wanted.sort((a, b) => (a.date === b.date ? a.hub - b.hub : a.date < b.date ? -1 : 1));
  const asked = wanted.slice(0, Math.max(0, MAX_LEG_SEARCHES - searches));
  searches += asked.length;
  const seconds = await Promise.all(asked.map((w) => offers(hubs[w.hub]!.place, to, w.date)));

  // Every connection the rules accept, kept light (legs and links are built for the chosen ones only).
  interface Found {
    a: TrainOffer;
    b: TrainOffer;
    kind: ConnectionKind;
    waitMinutes: number;
    minMinutes: number;
    totalMinutes: number;
    priceFen: number | null;
  }
  const cheapestOf = new Map<TrainOffer, number | null>();
  const fare = (o: TrainOffer) => {
    if (!cheapestOf.has(o)) cheapestOf.set(o, cheapest(o).fen);
    return cheapestOf.get(o)!;
  };
  const found: Found[] = [];
  hubs.forEach((_, i) => {
    const secondLegs = asked.flatMap((w, k) => (w.hub === i ? seconds[k]! : []));
    for (const a of firsts[i]!)
      for (const b of secondLegs) {
        const verdict = checkConnection(
          a,
          b,
          { arrive: cityOfStation(a.toStation), depart: cityOfStation(b.fromStation) },
          day,
        );
        if (!verdict.ok) continue;
        const fa = fare(a);
        const fb = fare(b);
        found.push({
          a,
          b,
          kind: verdict.kind,
          waitMinutes: verdict.waitMinutes,
          minMinutes: verdict.minMinutes,
          totalMinutes: Math.round((b.arriveAt.getTime() - a.departAt.getTime()) / MINUTE_MS),
          priceFen: fa !== null && fb !== null ? fa + fb : null,
        });
      }
  });

  const reference =
    fastestDirectMinutes ?? (found.length ? found.reduce((m, j) => Math.min(m, j.totalMinutes), Infinity) : null);
  const ranked = found
    .filter((j) => withinTotalLimit(j.totalMinutes, reference, day))
    .sort(
      (x, y) =>
        Number(y.priceFen !== null) - Number(x.priceFen !== null) ||
        compareJourneys(
          { arriveAt: x.b.arriveAt, totalMinutes: x.totalMinutes, priceFen: x.priceFen },
          { arriveAt: y.b.arriveAt, totalMinutes: y.totalMinutes, priceFen: y.priceFen },
        ),
    );
  // Each train in at most one journey (its best): a varied list rather than one train with every connection.
  const used = new Set<string>();
  const journeys: TransferJourney[] = [];
  for (const j of ranked) {
    const k1 = `${j.a.trainNo}|${j.a.departAt.getTime()}`;
    const k2 = `${j.b.trainNo}|${j.b.departAt.getTime()}`;
    if (used.has(k1) || used.has(k2)) continue;
    used.add(k1);
    used.add(k2);
    const legs: [TransferLeg, TransferLeg] = [legOf(j.a), legOf(j.b)];
    journeys.push({
      legs,
      connection: {
        kind: j.kind,
        station: j.a.toStation,
        toStation: j.b.fromStation,
        waitMinutes: j.waitMinutes,
        minMinutes: j.minMinutes,
      },
      totalMinutes: j.totalMinutes,
      departAt: legs[0].departAt,
      arriveAt: legs[1].arriveAt,
      priceFen: j.priceFen,
      available: j.priceFen !== null,
      bookHref: transferBookHref(legs),
    });
    if (journeys.length >= MAX_JOURNEYS) break;
  }
  return {
    journeys,
    hubs: hubs.map((h) => h.place),
    searches,
    fastestDirectMinutes,
    indexedTrains: index.trains.length,
  };
}
