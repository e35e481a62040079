/**
 * Adapter over the catalogue (sandbox/catalogue: another engineer's pure timetable, stations, fares and
 * consists over data/railway). The engine reaches the railway data only through this file, so a change
 * of the catalogue's API is absorbed here. A train run is keyed `trainNo@originDate`.
 */
import {
  addDays,
  consistFor,
  dayOffsetAt,
  faresFor,
  getStops,
  findTrain,
  listStations,
  loadNetwork,
  lowestSeatedClass as catalogueLowestSeatedClass,
  resolvePlace,
  runsOnDate,
  searchTrains,
  STANDING_CAPACITY,
  trainRun,
  type Network,
  type Seat,
  type SeatFare,
  type TrainSearchResult,
} from './catalogue';
import { wireDate } from './format';
import { listedStations } from './station-list';

export type { Seat, SeatFare };
export const STANDING_PLACES = STANDING_CAPACITY;

const net = (): Network => loadNetwork();

/** Loads the data files once (about 0.3-0.5 s); call at start so the first request is not slow. */
export function warmUp(): void {
  net();
}

/** One train run between two stops: the catalogue's search result plus the run key. */
export type Run = Omit<TrainSearchResult, 'train'> & { runKey: string };

export const runKeyOf = (trainNo: string, runDate: string): string => `${trainNo}@${runDate}`;

const toRun = (r: TrainSearchResult): Run => {
  const { train: _train, ...rest } = r;
  return { ...rest, runKey: runKeyOf(r.trainNo, r.runDate) };
};

/** 余票 search: station or city names (a city means its stations), boarding on `date` (Beijing). */
export function searchRuns(from: string, to: string, date: string): Run[] {
  return searchTrains(net(), from, to, date).map(toRun);
}

export function knownPlace(name: string): boolean {
  return resolvePlace(net(), name).length > 0;
}

/** The run of `trainCode` boarding at exactly `fromStation` on `date` (Beijing) and alighting at `toStation`. */
export function findRun(trainCode: string, fromStation: string, toStation: string, date: string): Run | null {
  for (const train of net().trainsByCode.get(trainCode) ?? []) {
    const fromIdx = train.stops.findIndex(
      (s, i) => s.name === fromStation && s.depart !== null && i < train.stops.length - 1,
    );
    if (fromIdx < 0) continue;
    const toIdx = train.stops.findIndex((s, i) => i > fromIdx && s.name === toStation);
    if (toIdx < 0) continue;
    const runDate = addDays(date, -dayOffsetAt(train, fromIdx));
    if (!runsOnDate(train, runDate)) continue;
    const r = trainRun(net(), train.trainNo, fromIdx, toIdx, runDate);
    if (r && wireDate(r.departAt) === date) return toRun(r);
  }
  return null;
}

/** A run segment from stored indexes (orders keep the run key and stop indexes). */
export function runOf(runKey: string, fromIdx: number, toIdx: number): Run {
  const [trainNo = '', runDate = ''] = runKey.split('@');
  const r = trainRun(net(), trainNo, fromIdx, toIdx, runDate);
  if (!r) throw new Error(`unknown train run ${runKey} [${fromIdx}, ${toIdx})`);
  return toRun(r);
}

/** The whole route of a train code on an origin date (for blocking seats in tests and demos). */
export function wholeRun(trainCode: string, runDate: string): Run | null {
  const train = findTrain(net(), trainCode, runDate);
  return train ? runOf(runKeyOf(train.trainNo, runDate), 0, train.stops.length - 1) : null;
}

/** The consist's seats of one class (ids stable per train code; shared, never to be mutated). */
export function seatsOf(trainCode: string, seatType: number): readonly Seat[] {
  return consistFor(trainCode).seatsByClass.get(seatType) ?? [];
}

export function faresOf(run: Pick<Run, 'trainCode' | 'distanceKm'>): SeatFare[] {
  return faresFor(run.trainCode, run.distanceKm);
}

/** Seat classes sold on a train (无座 excluded). */
export function seatedClasses(trainCode: string): readonly number[] {
  return consistFor(trainCode).seatTypes;
}

/** 二等座 on EMUs, 硬座 on conventional trains: the only class that may turn into 无座. */
export const lowestSeatedClass = (trainCode: string): number => catalogueLowestSeatedClass(trainCode);

export function saleStartOf(station: string): string {
  return net().stationByName.get(station)?.saleStart ?? '08:00';
}

/** 查询经停站V2 rows (by internal number, else code); null for an unknown train. */
export function stopsOf(trainNo: string, trainCode: string, date: string) {
  const n = net();
  const train = n.trainByNo.get(trainNo) ?? findTrain(n, trainCode, date);
  if (!train || train.trainCode !== trainCode) return null;
  return getStops(n, train.trainNo);
}

export const stationList = () => listedStations(listStations(net()));

/** The station of a 12306 telecode (station.csv), or null. */
export function stationOfTelecode(code: string): { name: string; telecode: string; saleStart: string } | null {
  const s = net().stationByTelecode.get(code);
  return s ? { name: s.name, telecode: s.telecode, saleStart: s.saleStart } : null;
}

/** The city of a station (station.csv's city column; a stop known only from the timetable is its own city). */
export const cityOf = (name: string): string => net().stationByName.get(name)?.city ?? name;

/** The telecode of a station name (station.csv), or null. */
export const telecodeOf = (name: string): string | null => net().stationByName.get(name)?.telecode ?? null;
