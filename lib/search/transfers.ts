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
 * 3. The journeys (lib/transfers/journeys.ts, pure): every pair of a first and a second leg the
 *    connection rules accept (lib/domain/transfers.ts: minimum connection by station kind, the cross-city time between two
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
import { cityOfStation, stationsOfCity } from '@/lib/stations';
import { candidateHubs, stationsOfPlace } from '@/lib/transfers/candidates';
import { timetableIndex } from '@/lib/transfers/index-store';
import { assembleJourneys, type TransferJourney } from '@/lib/transfers/journeys';
import { addDays, shanghaiDate } from '@/lib/time';
import { searchTrains, SearchError } from './search';
import type { TrainOffer } from './types';

/** Places asked about per transfer search. */
export const MAX_HUBS = 4;
/** Distinct 余票 searches per transfer search, the direct one included (1 + 4 first legs + 4–7 second legs). */
export const MAX_LEG_SEARCHES = 12;
export const MAX_JOURNEYS = 20;

export type { TransferJourney, TransferLeg } from '@/lib/transfers/journeys';
export { transferBookHref } from '@/lib/transfers/journeys';

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

  const journeys = assembleJourneys(
    hubs.map((_, i) => ({
      firsts: firsts[i]!,
      seconds: asked.flatMap((w, k) => (w.hub === i ? seconds[k]! : [])),
    })),
    { fastestDirectMinutes, day, cityOf: cityOfStation, limit: MAX_JOURNEYS },
  );
  return {
    journeys,
    hubs: hubs.map((h) => h.place),
    searches,
    fastestDirectMinutes,
    indexedTrains: index.trains.length,
  };
}
