/**
 * Where to change: the transfer places worth asking the provider about for (from, to), from the
 * timetable index alone (no provider call). For every train of the index leaving one of the origin's
 * stations, each later stop is a place it reaches; for every train reaching one of the destination's
 * stations, each earlier stop is a place it leaves from. A place both sides share (not the origin's or
 * the destination's city) is a candidate, scored by its best estimated journey: the two trains' running
 * times and the shortest wait the connection rules allow (daily patterns are not known to the index, so
 * the estimate ignores them; the provider's answers decide).
 *
 * A place is what the leg searches ask for: the city name when the station's name starts with it (the
 * providers' search reads a city name as its stations named after it: 徐州 = 徐州 + 徐州东), else the
 * station's own name (汉口). Pure: the index and a station → city function come in.
 */
import { isEmuTrain, minConnectionMinutes } from '@/lib/domain/transfers';
import { ruleAt } from '@/lib/domain/rules';
import type { TimetableIndex } from './index-store';

export interface HubCandidate {
  /** What the leg searches ask for (a city or a station name). */
  place: string;
  city: string;
  /** Best estimated door-to-door minutes (first train's departure to second train's arrival). */
  estimateMinutes: number;
  /** The trains of that estimate, for logs and tests. */
  via: { first: string; second: string; arriveStation: string; departStation: string };
}

/** The search place of a station: its city's name when the station is named after the city. */
export function placeOf(station: string, city: string): string {
  return station.startsWith(city) ? city : station;
}

/**
 * The stations a search for `name` covers, as the providers read it (a city name: its stations named
 * after it, or all of them when none is; a station name: that station and the city's stations whose
 * names start with it).
 */
export function stationsOfPlace(
  name: string,
  dir: { cityOf: (station: string) => string | null; stationsOfCity: (city: string) => string[] },
): string[] {
  const cityStations = dir.stationsOfCity(name);
  const own = dir.cityOf(name);
  if (cityStations.length && (own === null || own === name)) {
    const named = cityStations.filter((s) => s.startsWith(name));
    return named.length ? named : cityStations;
  }
  if (own === null) return [name];
  const group = dir.stationsOfCity(own).filter((s) => s.startsWith(name));
  return group.includes(name) ? group : [name, ...group];
}

interface Arrival {
  depClock: number;
  /** Minutes after the origin departure's midnight. */
  arrive: number;
  station: string;
  trainCode: string;
}
interface Departure {
  depClock: number;
  run: number;
  station: string;
  trainCode: string;
}

export function candidateHubs(
  index: TimetableIndex,
  q: { fromStations: readonly string[]; toStations: readonly string[]; fromCity: string; toCity: string },
  o: { limit: number; at?: Date | string } = { limit: 5 },
): HubCandidate[] {
  const at = o.at ?? new Date();
  const maxWait = ruleAt('transferMaxWaitMinutes', at);
  const arrivals = new Map<string, Arrival[]>();
  const departures = new Map<string, Departure[]>();
  const cityOfPlace = new Map<string, string>();
  const excluded = (city: string) => city === q.fromCity || city === q.toCity;

  const seen = new Set<string>();
  for (const station of q.fromStations)
    for (const [ti, si] of index.byStation.get(station) ?? []) {
      const t = index.trains[ti]!;
      const dep = t.stops[si]!.depart;
      if (dep === null || seen.has(`${ti}|${si}`)) continue;
      seen.add(`${ti}|${si}`);
      const depClock = dep % 1440;
      for (let j = si + 1; j < t.stops.length; j++) {
        const s = t.stops[j]!;
        if (s.arrive === null || excluded(s.city)) continue;
        const place = placeOf(s.station, s.city);
        cityOfPlace.set(place, s.city);
        const list = arrivals.get(place) ?? [];
        list.push({ depClock, arrive: depClock + (s.arrive - dep), station: s.station, trainCode: t.trainCode });
        arrivals.set(place, list);
      }
    }
  seen.clear();
  for (const station of q.toStations)
    for (const [ti, si] of index.byStation.get(station) ?? []) {
      const t = index.trains[ti]!;
      const arr = t.stops[si]!.arrive;
      if (arr === null || seen.has(`${ti}|${si}`)) continue;
      seen.add(`${ti}|${si}`);
      for (let j = 0; j < si; j++) {
        const s = t.stops[j]!;
        if (s.depart === null || excluded(s.city)) continue;
        const place = placeOf(s.station, s.city);
        if (!arrivals.has(place)) continue;
        const list = departures.get(place) ?? [];
        list.push({ depClock: s.depart % 1440, run: arr - s.depart, station: s.station, trainCode: t.trainCode });
        departures.set(place, list);
      }
    }

  const out: HubCandidate[] = [];
  const mins = new Map<string, number>();
  for (const [place, deps] of departures) {
    let best: HubCandidate | null = null;
    for (const a of arrivals.get(place)!)
      for (const d of deps) {
        const key = `${a.station}|${d.station}|${isEmuTrain(a.trainCode)}|${isEmuTrain(d.trainCode)}`;
        let min = mins.get(key);
        if (min === undefined)
          mins.set(
            key,
            (min = minConnectionMinutes(
              { arriving: a.trainCode, departing: d.trainCode, arriveStation: a.station, departStation: d.station },
              at,
            )),
          );
        let wait = (((d.depClock - a.arrive) % 1440) + 1440) % 1440;
        while (wait < min) wait += 1440;
        if (wait > maxWait) continue;
        const total = a.arrive - a.depClock + wait + d.run;
        if (!best || total < best.estimateMinutes)
          best = {
            place,
            city: cityOfPlace.get(place)!,
            estimateMinutes: total,
            via: { first: a.trainCode, second: d.trainCode, arriveStation: a.station, departStation: d.station },
          };
      }
    if (best) out.push(best);
  }
  return out.sort((x, y) => x.estimateMinutes - y.estimateMinutes || x.place.localeCompare(y.place)).slice(0, o.limit);
}
