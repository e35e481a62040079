/**
 * The sandbox's railway network: real stations and the real 2024-06-15 timetable projected onto
 * today's calendar (`calendar.ts`), with 余票 search between stations or cities, 经停站 lists, the
 * 车站列表, distances, fares and consists. Pure apart from reading the data files once: `loadNetwork()`
 * is memoised (about 0.3-0.5 s on first use).
 *
 * Place names (余票查询 fromStation / toStation are "火车站名称"): a name resolves to the stations of
 * its city that are named after it — 12306's same-city grouping, and what the provider's own example
 * shows (苏州 → 昆山 returns trains to 昆山 and 昆山南):
 *   - a city name (苏州, 上海, 北京) → that city's stations whose names start with it
 *     (上海 → 上海, 上海虹桥, 上海南, 上海西, 上海松江); a city with no such station → all its stations;
 *   - any other station name (北京南, 昆山) → itself plus same-city stations whose names extend it
 *     (北京南 → 北京南 only; 昆山 → 昆山, 昆山南);
 *   - a stop name known only from the timetable → exactly itself; anything else → no station.
 * A train is listed once, boarding at the last matching station before the first matching
 * destination station (the shortest ride between the two groups).
 *
 * Times are Beijing time (UTC+8, no DST). A `Train`'s stop minutes count from its first departure.
 */
import { seatTypeName } from '@/protocol/panhe/seats';
import {
  coveredRun,
  dayNumber,
  isoOfDay,
  MIN_REGULAR_RUN_DAYS,
  parseRunningDates,
  periodCoversDay,
  projectedRunsOn,
  REFERENCE_DATE,
  representativeDay,
  type Recurrence,
  type RunningDates,
} from './calendar';
import { isEmuClass, supportsChooseSeat, trainClass, trainsTypeOf, TRAINS_TYPE, type TrainClass } from './classes';
import { buildConsist, STANDING_CAPACITY, type Consist, type ConsistTemplate, type Seat } from './consist';
import {
  loadCoordinates,
  loadMileage,
  loadStations,
  loadTimetableBlocks,
  type Coordinate,
  type MileageLine,
  type RawTrainHeader,
  type StationRow,
} from './data';
import { makeHopDistance, type DistanceSource } from './distance';
import { faresForSeatTypes, type SeatFare } from './fares';

export { STANDING_CAPACITY, trainClass, TRAINS_TYPE };
export type { Consist, Seat, SeatFare, StationRow, TrainClass };

export interface Stop {
  /** Station name; for the few telecodes missing from station.csv, the telecode itself. */
  name: string;
  telecode: string | null;
  /** Listed in station.csv (sellable in the 车站列表). */
  known: boolean;
  /** Minutes after the train's first departure; null at the origin. */
  arrive: number | null;
  /** Minutes after the train's first departure; null at the terminus. */
  depart: number | null;
  /** Track km from the origin (cumulative hop distances). */
  km: number;
}

export interface Train {
  /** 12306 internal number (e.g. 24000000G10I), unique. */
  trainNo: string;
  trainCode: string;
  cls: TrainClass;
  /** First departure, minutes after midnight of the origin date. */
  startMinute: number;
  stops: Stop[];
  /** The running-dates pattern in the timetable. */
  dates: string;
  /** Projected recurrence (odd/even days, weekdays, cycle). */
  recurrence: Recurrence;
  /** Legacy views of the recurrence. */
  parity: 'odd' | 'even' | null;
  weekdays: number[] | null;
  /** Whole-route distance and running time (first departure → last arrival). */
  routeKm: number;
  runMinutes: number;
  /** The timetable date this train's stop list and pattern were taken from (projection rule 1). */
  projectedFrom: string;
}

export interface NetworkStats {
  blocks: number;
  headers: number;
  /** Train numbers kept (projected), of which taken from a date after the reference date. */
  inService: number;
  projectedLater: number;
  dropped: number;
  trainCodes: number;
  unknownTelecodes: number;
  nameRefs: number;
  distanceSources: Record<DistanceSource, number>;
  loadMs: number;
}

export interface Network {
  stations: StationRow[];
  stationByName: Map<string, StationRow>;
  stationByTelecode: Map<string, StationRow>;
  stationsByCity: Map<string, StationRow[]>;
  trains: Train[];
  trainByNo: Map<string, Train>;
  trainsByCode: Map<string, Train[]>;
  /** Station name → indexes into `trains` (each train once). */
  trainsByStation: Map<string, number[]>;
  /** Every stop name of the timetable (including names missing from station.csv). */
  stopNames: Set<string>;
  mileage: MileageLine[];
  coords: Map<string, Coordinate>;
  stats: NetworkStats;
}

const TELECODE_RE = /^[A-Z]{3}$/;

let memo: Network | undefined;

/** Loads and indexes the whole network once (memoised). */
export function loadNetwork(): Network {
  memo ??= buildNetwork();
  return memo;
}

function buildNetwork(): Network {
  const t0 = performance.now();
  const stations = loadStations();
  const stationByName = new Map<string, StationRow>();
  const stationByTelecode = new Map<string, StationRow>();
  const stationsByCity = new Map<string, StationRow[]>();
  for (const s of stations) {
    if (!stationByName.has(s.name)) stationByName.set(s.name, s);
    if (!stationByTelecode.has(s.telecode)) stationByTelecode.set(s.telecode, s);
    const list = stationsByCity.get(s.city) ?? [];
    list.push(s);
    stationsByCity.set(s.city, list);
  }
  const mileage = loadMileage();
  const coords = loadCoordinates();
  const hop = makeHopDistance(mileage, coords);
  const distanceSources: Record<DistanceSource, number> = { line: 0, coordinates: 0, time: 0 };

  const blocks = loadTimetableBlocks();
  // Projection rule 1: one representative day per train code (the earliest over its numbers).
  const parsed = blocks.map((b) => b.headers.map((h) => ({ h, rd: parseRunningDates(h.dates) })));
  const repDayByCode = new Map<string, number>();
  for (const list of parsed)
    for (const { h, rd } of list) {
      const d = representativeDay(rd);
      if (d === null) continue;
      const cur = repDayByCode.get(h.trainCode);
      if (cur === undefined || d < cur) repDayByCode.set(h.trainCode, d);
    }
  const referenceDay = dayNumber(REFERENCE_DATE);
  const keep = (h: RawTrainHeader, rd: RunningDates): number | null => {
    const d = repDayByCode.get(h.trainCode);
    if (d === undefined || !periodCoversDay(rd, d)) return null;
    if (d !== referenceDay && coveredRun(rd, d) < MIN_REGULAR_RUN_DAYS) return null;
    return d;
  };
  const trains: Train[] = [];
  const unknownTelecodes = new Set<string>();
  let headers = 0;
  let nameRefs = 0;
  const seenNo = new Set<string>();
  let projectedLater = 0;
  blocks.forEach((block, b) => {
    headers += block.headers.length;
    // Several internal numbers may share a stop list; keep each selected one (distinct numbers).
    const kept = parsed[b]!.flatMap(({ h, rd }) => {
      const day = seenNo.has(h.trainNo) ? null : keep(h, rd);
      return day === null ? [] : [{ h, rd, day }];
    });
    if (!kept.length) return;
    // Stops are shared by the block's numbers: build them once.
    const cls = trainClass(kept[0]!.h.trainCode);
    const first = block.stops[0]!;
    const [hh = '0', mm = '0'] = first.departureTime!.split(':');
    const startMinute = Number(hh) * 60 + Number(mm);
    const stops: Stop[] = [];
    let t = 0;
    let km = 0;
    block.stops.forEach((raw, k) => {
      let name: string;
      let telecode: string | null = null;
      let known: boolean;
      if (TELECODE_RE.test(raw.ref)) {
        telecode = raw.ref;
        const st = stationByTelecode.get(raw.ref);
        known = !!st;
        name = st?.name ?? raw.ref;
        if (!st) unknownTelecodes.add(raw.ref);
      } else {
        nameRefs++;
        name = raw.ref;
        const st = stationByName.get(raw.ref);
        known = !!st;
        telecode = st?.telecode ?? null;
      }
      if (k === 0) {
        stops.push({ name, telecode, known, arrive: null, depart: 0, km: 0 });
        return;
      }
      const run = Math.max(0, raw.runMinutes ?? 0);
      t += run;
      const prev = stops[k - 1]!;
      const d = hop(prev.name, name, run, cls);
      distanceSources[d.source]++;
      km += d.km;
      const last = k === block.stops.length - 1;
      const dwell = last ? 0 : Math.max(0, raw.stopMinutes ?? 0);
      stops.push({ name, telecode, known, arrive: t, depart: last ? null : t + dwell, km: Math.round(km * 10) / 10 });
      t += dwell;
    });
    const lastStop = stops[stops.length - 1]!;
    for (const { h, rd, day } of kept) {
      seenNo.add(h.trainNo);
      if (day !== referenceDay) projectedLater++;
      trains.push({
        trainNo: h.trainNo,
        trainCode: h.trainCode,
        cls: trainClass(h.trainCode),
        startMinute,
        stops,
        dates: h.dates,
        recurrence: rd.recurrence,
        parity: rd.recurrence.parity,
        weekdays: rd.recurrence.weekdays ? [...rd.recurrence.weekdays] : null,
        routeKm: Math.round(lastStop.km),
        runMinutes: lastStop.arrive ?? 0,
        projectedFrom: isoOfDay(day),
      });
    }
  });

  const trainByNo = new Map<string, Train>();
  const trainsByCode = new Map<string, Train[]>();
  const trainsByStation = new Map<string, number[]>();
  const stopNames = new Set<string>();
  trains.forEach((train, i) => {
    trainByNo.set(train.trainNo, train);
    const list = trainsByCode.get(train.trainCode) ?? [];
    list.push(train);
    trainsByCode.set(train.trainCode, list);
    for (const s of train.stops) {
      stopNames.add(s.name);
      const at = trainsByStation.get(s.name);
      if (!at) trainsByStation.set(s.name, [i]);
      else if (at[at.length - 1] !== i) at.push(i);
    }
  });

  return {
    stations,
    stationByName,
    stationByTelecode,
    stationsByCity,
    trains,
    trainByNo,
    trainsByCode,
    trainsByStation,
    stopNames,
    mileage,
    coords,
    stats: {
      blocks: blocks.length,
      headers,
      inService: trains.length,
      projectedLater,
      dropped: headers - trains.length,
      trainCodes: trainsByCode.size,
      unknownTelecodes: unknownTelecodes.size,
      nameRefs,
      distanceSources,
      loadMs: Math.round(performance.now() - t0),
    },
  };
}

// ---- places ---------------------------------------------------------------------------------------

/** Station names a place name stands for (see the module doc); [] when unknown. */
export function resolvePlace(net: Network, name: string): string[] {
  const q = name.trim();
  if (!q) return [];
  const station = net.stationByName.get(q);
  const cityStations = net.stationsByCity.get(q);
  const isCity = !!cityStations && (!station || station.city === q);
  if (isCity) {
    const named = cityStations.filter((s) => s.name.startsWith(q)).map((s) => s.name);
    return named.length ? named : cityStations.map((s) => s.name);
  }
  if (station) {
    const same = net.stationsByCity.get(station.city) ?? [station];
    const group = same.filter((s) => s.name.startsWith(q)).map((s) => s.name);
    return group.includes(q) ? group : [q, ...group];
  }
  return net.stopNames.has(q) ? [q] : [];
}

// ---- dates and times ------------------------------------------------------------------------------

const MINUTE_MS = 60_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const pad2 = (n: number) => String(n).padStart(2, '0');
const clock = (minuteOfDay: number) => `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;

/** The instant `minute` minutes after midnight (Beijing) of `originDate`. */
export function instantOf(originDate: string, minute: number): Date {
  return new Date(dayNumber(originDate) * 86_400_000 - BEIJING_OFFSET_MS + minute * MINUTE_MS);
}

/** 'YYYY-MM-DD HH:mm' (Beijing) of `minute` minutes after midnight of `originDate`. */
export function localDateTimeOf(originDate: string, minute: number): string {
  const day = Math.floor(minute / 1440);
  return `${isoOfDay(dayNumber(originDate) + day)} ${clock(minute - day * 1440)}`;
}

/** "HH:mm" for a duration in minutes (hours may exceed 24). */
export const formatDuration = (minutes: number): string => `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;

/** Whether a train leaves its origin on `originDate` (projected calendar). */
export function runsOnDate(
  train: Pick<Train, 'recurrence'> | Pick<Train, 'parity' | 'weekdays'>,
  originDate: string,
): boolean {
  if ('recurrence' in train) return projectedRunsOn(train.recurrence, originDate);
  return projectedRunsOn({ parity: train.parity, weekdays: train.weekdays, cycle: null }, originDate);
}

/** Days between the origin date and the day the train leaves stop `idx` (arrives, at the terminus). */
export function dayOffsetAt(train: Train, idx: number): number {
  const s = train.stops[idx]!;
  return Math.floor((train.startMinute + (s.depart ?? s.arrive ?? 0)) / 1440);
}

// ---- segments (legacy shape used by the engine) --------------------------------------------------------

export interface Segment {
  train: Train;
  fromIdx: number;
  toIdx: number;
  /** Date the train leaves its origin (YYYY-MM-DD). */
  runDate: string;
  departAt: Date;
  arriveAt: Date;
  distanceKm: number;
}

/** Track km between two stops of a train (integer, at least 1). */
export function distanceKm(_net: Network | null, train: Train, fromIdx: number, toIdx: number): number {
  return Math.max(1, Math.round(train.stops[toIdx]!.km - train.stops[fromIdx]!.km));
}

export function segmentOf(net: Network | null, train: Train, fromIdx: number, toIdx: number, runDate: string): Segment {
  const from = train.stops[fromIdx];
  const to = train.stops[toIdx];
  if (!from || !to || fromIdx >= toIdx || from.depart === null || to.arrive === null)
    throw new RangeError(`bad segment ${train.trainCode} [${fromIdx}, ${toIdx})`);
  return {
    train,
    fromIdx,
    toIdx,
    runDate,
    departAt: instantOf(runDate, train.startMinute + from.depart),
    arriveAt: instantOf(runDate, train.startMinute + to.arrive),
    distanceKm: distanceKm(net, train, fromIdx, toIdx),
  };
}

/** Finds, per candidate train, the boarding/alighting stop indexes between two station sets. */
function matchTrains(net: Network, froms: ReadonlySet<string>, tos: ReadonlySet<string>) {
  const out: { train: Train; fromIdx: number; toIdx: number }[] = [];
  const candidates = new Set<number>();
  // Walk the smaller side's index, check the other side on the train's stops.
  for (const f of froms) for (const i of net.trainsByStation.get(f) ?? []) candidates.add(i);
  const toTrains = new Set<number>();
  for (const t of tos) for (const i of net.trainsByStation.get(t) ?? []) toTrains.add(i);
  for (const i of candidates) {
    if (!toTrains.has(i)) continue;
    const train = net.trains[i]!;
    const stops = train.stops;
    let firstFrom = -1;
    for (let k = 0; k < stops.length - 1; k++)
      if (froms.has(stops[k]!.name) && stops[k]!.depart !== null) {
        firstFrom = k;
        break;
      }
    if (firstFrom < 0) continue;
    let toIdx = -1;
    for (let k = firstFrom + 1; k < stops.length; k++)
      if (tos.has(stops[k]!.name) && !froms.has(stops[k]!.name)) {
        toIdx = k;
        break;
      }
    if (toIdx < 0) {
      // Both groups may overlap (e.g. 苏州 → 苏州北): any later stop of the destination group.
      for (let k = firstFrom + 1; k < stops.length; k++)
        if (tos.has(stops[k]!.name)) {
          toIdx = k;
          break;
        }
    }
    if (toIdx < 0) continue;
    let fromIdx = firstFrom;
    for (let k = firstFrom + 1; k < toIdx; k++) if (froms.has(stops[k]!.name) && stops[k]!.depart !== null) fromIdx = k;
    out.push({ train, fromIdx, toIdx });
  }
  return out;
}

/** Trains between two places whose departure from the boarding station falls on `date` (legacy shape). */
export function searchSegments(net: Network, fromName: string, toName: string, date: string): Segment[] {
  return searchTrains(net, fromName, toName, date).map((r) => ({
    train: r.train,
    fromIdx: r.fromIdx,
    toIdx: r.toIdx,
    runDate: r.runDate,
    departAt: r.departAt,
    arriveAt: r.arriveAt,
    distanceKm: r.distanceKm,
  }));
}

// ---- 余票查询 ------------------------------------------------------------------------------------------

export interface TrainSearchResult {
  trainNo: string;
  trainCode: string;
  /** The train (for the stop list). */
  train: Train;
  fromStation: string;
  toStation: string;
  /** Stop indexes of boarding and alighting (segment inventory is kept on [fromIdx, toIdx)). */
  fromIdx: number;
  toIdx: number;
  /** Date the train leaves its origin (YYYY-MM-DD): with trainNo, the key of the train run. */
  runDate: string;
  /** "HH:mm" */
  fromTime: string;
  toTime: string;
  /** "YYYY-MM-DD HH:mm" Beijing time */
  fromDateTime: string;
  toDateTime: string;
  departAt: Date;
  arriveAt: Date;
  /** Calendar days from departure to arrival (0 = same day). */
  arriveDays: number;
  /** "HH:mm" duration (hours may exceed 24). */
  runTime: string;
  runMinutes: number;
  trainsType: number;
  trainsTypeName: string;
  beginStation: string;
  beginTime: string;
  endStation: string;
  endTime: string;
  isSupportChooseSeat: boolean;
  isSupportChooseSleeper: boolean;
  distanceKm: number;
  /** Seat classes and prices for this segment (no availability: that is inventory's job). */
  fares: SeatFare[];
}

const fareMemo = new Map<string, SeatFare[]>();

/** Fares of a code over a distance, memoised (frozen: shared between results). */
function cachedFares(net: Network, trainCode: string, km: number): SeatFare[] {
  const key = `${trainCode}|${km}`;
  let hit = fareMemo.get(key);
  if (!hit) {
    if (fareMemo.size > 100_000) fareMemo.clear();
    hit = faresForSeatTypes(trainCode, km, [...profileOf(net, trainCode).consist.seatTypes, 98]);
    for (const f of hit) {
      if (f.berths) for (const b of f.berths) Object.freeze(b);
      Object.freeze(f.berths);
      Object.freeze(f);
    }
    Object.freeze(hit);
    fareMemo.set(key, hit);
  }
  return hit;
}

function resultOf(net: Network, train: Train, fromIdx: number, toIdx: number, runDate: string): TrainSearchResult {
  const seg = segmentOf(net, train, fromIdx, toIdx, runDate);
  const from = train.stops[fromIdx]!;
  const to = train.stops[toIdx]!;
  const depMin = train.startMinute + from.depart!;
  const arrMin = train.startMinute + to.arrive!;
  const last = train.stops[train.stops.length - 1]!;
  const profile = profileOf(net, train.trainCode);
  return {
    trainNo: train.trainNo,
    trainCode: train.trainCode,
    train,
    fromStation: from.name,
    toStation: to.name,
    fromIdx,
    toIdx,
    runDate,
    fromTime: clock(depMin % 1440),
    toTime: clock(arrMin % 1440),
    fromDateTime: localDateTimeOf(runDate, depMin),
    toDateTime: localDateTimeOf(runDate, arrMin),
    departAt: seg.departAt,
    arriveAt: seg.arriveAt,
    arriveDays: Math.floor(arrMin / 1440) - Math.floor(depMin / 1440),
    runTime: formatDuration(arrMin - depMin),
    runMinutes: arrMin - depMin,
    ...trainsTypeOf(train.trainCode),
    beginStation: train.stops[0]!.name,
    beginTime: clock(train.startMinute % 1440),
    endStation: last.name,
    endTime: clock((train.startMinute + (last.arrive ?? 0)) % 1440),
    isSupportChooseSeat: supportsChooseSeat(train.trainCode),
    isSupportChooseSleeper: profile.consist.seatTypes.some((t) => t === 6 || t === 8),
    distanceKm: seg.distanceKm,
    fares: cachedFares(net, train.trainCode, seg.distanceKm),
  };
}

/**
 * 余票查询 over the projected calendar: trains between two places (station or city names, see the
 * module doc) leaving the boarding station on `travelDate` ('YYYY-MM-DD', Beijing), by departure time.
 */
export function searchTrains(net: Network, fromName: string, toName: string, travelDate: string): TrainSearchResult[] {
  const froms = new Set(resolvePlace(net, fromName));
  const tos = new Set(resolvePlace(net, toName));
  if (!froms.size || !tos.size) return [];
  const out: TrainSearchResult[] = [];
  const seen = new Set<string>();
  const travelDay = dayNumber(travelDate);
  const originDates = new Map<number, string>();
  for (const { train, fromIdx, toIdx } of matchTrains(net, froms, tos)) {
    const offset = dayOffsetAt(train, fromIdx);
    let runDate = originDates.get(offset);
    if (!runDate) originDates.set(offset, (runDate = isoOfDay(travelDay - offset)));
    if (!runsOnDate(train, runDate)) continue;
    const r = resultOf(net, train, fromIdx, toIdx, runDate);
    // Two in-service numbers of one code with the same boarding time are one train for the traveller.
    const key = `${r.trainCode}|${r.fromStation}|${r.fromDateTime}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out.sort(
    (a, b) =>
      a.departAt.getTime() - b.departAt.getTime() ||
      a.arriveAt.getTime() - b.arriveAt.getTime() ||
      a.trainCode.localeCompare(b.trainCode),
  );
}

/** The search result of one train run between two stop indexes (e.g. to re-price a stored order). */
export function trainRun(
  net: Network,
  trainNo: string,
  fromIdx: number,
  toIdx: number,
  runDate: string,
): TrainSearchResult | null {
  const train = net.trainByNo.get(trainNo);
  if (!train || fromIdx < 0 || toIdx >= train.stops.length || fromIdx >= toIdx) return null;
  return resultOf(net, train, fromIdx, toIdx, runDate);
}

// ---- 经停站 / 车站列表 ------------------------------------------------------------------------------------

/** A row of 查询经停站V2: first stop arriveTime = startTime, last stop startTime = arriveTime. */
export interface StopRowV2 {
  stationId: number;
  stationName: string;
  /** "HH:mm" */
  arriveTime: string;
  startTime: string;
  /** "N分钟" at intermediate stops, "----" at both ends. */
  interval: string;
}

/**
 * Resolves a train by internal number or code. With a code and a date, prefers the in-service number
 * leaving its origin on that date (codes may have odd/even-day or weekday variants).
 */
export function findTrain(net: Network, trainCodeOrNo: string, date?: string): Train | null {
  const byNo = net.trainByNo.get(trainCodeOrNo);
  if (byNo) return byNo;
  const list = net.trainsByCode.get(trainCodeOrNo.trim().toUpperCase()) ?? net.trainsByCode.get(trainCodeOrNo.trim());
  if (!list?.length) return null;
  if (date) return list.find((t) => runsOnDate(t, date)) ?? list[0]!;
  return list[0]!;
}

/** 查询经停站V2 rows for a train (by code or internal number); null for an unknown train. */
export function getStops(net: Network, trainCodeOrNo: string, date?: string): StopRowV2[] | null {
  const train = findTrain(net, trainCodeOrNo, date);
  if (!train) return null;
  const n = train.stops.length;
  return train.stops.map((s, i) => {
    const arrive = clock((train.startMinute + (s.arrive ?? s.depart ?? 0)) % 1440);
    const start = clock((train.startMinute + (s.depart ?? s.arrive ?? 0)) % 1440);
    const ends = i === 0 || i === n - 1;
    return {
      stationId: i + 1,
      stationName: s.name,
      arriveTime: arrive,
      startTime: start,
      interval: ends || s.arrive === null || s.depart === null ? '----' : `${s.depart - s.arrive}分钟`,
    };
  });
}

/** A row of 车站列表. */
export interface StationListRow {
  stationName: string;
  stationShortChar: string;
  stationPinYin: string;
  stationCode: string;
}

/** 车站列表: every station of station.csv. */
export function listStations(net: Network): StationListRow[] {
  return net.stations.map((s) => ({
    stationName: s.name,
    stationShortChar: s.initials,
    stationPinYin: s.pinyin,
    stationCode: s.telecode,
  }));
}

// ---- per-code profile: consist and fares -------------------------------------------------------------------

export interface TrainProfile {
  cls: TrainClass;
  template: ConsistTemplate;
  consist: Consist;
}

/** Long EMU runs get a 16-car set. */
export const LONG_EMU_KM = 1000;
export const LONG_EMU_MINUTES = 300;
/** Conventional trains running this long, or through the night, carry sleepers. */
export const SLEEPER_TRAIN_MINUTES = 360;

/** The consist template for a class given its longest route (km, minutes) and whether it runs overnight. */
export function templateFor(
  cls: TrainClass,
  longest: { km: number; minutes: number; overnight: boolean },
): ConsistTemplate {
  if (isEmuClass(cls))
    return cls !== 'C' && (longest.km >= LONG_EMU_KM || longest.minutes >= LONG_EMU_MINUTES) ? 'emu16' : 'emu8';
  if (cls === 'Z') return 'conv-z';
  return longest.minutes >= SLEEPER_TRAIN_MINUTES || longest.overnight ? 'conv-sleeper' : 'conv-day';
}

/** Still running at 01:00 after the night following its departure (a night train). */
function overnight(train: Train): boolean {
  const start = train.startMinute % 1440;
  return start + train.runMinutes > 1440 + 60;
}

const profiles = new WeakMap<Network, Map<string, TrainProfile>>();

/** Consist and class of a train code; deterministic (the longest in-service route of the code decides). */
export function profileOf(net: Network | null, trainCode: string, hintStops?: number): TrainProfile {
  const n = net ?? loadNetwork();
  let cache = profiles.get(n);
  if (!cache) profiles.set(n, (cache = new Map<string, TrainProfile>()));
  const hit = cache.get(trainCode);
  if (hit) return hit;
  const cls = trainClass(trainCode);
  const list = n.trainsByCode.get(trainCode) ?? [];
  const longest = list.length
    ? {
        km: Math.max(...list.map((t) => t.routeKm)),
        minutes: Math.max(...list.map((t) => t.runMinutes)),
        overnight: list.some(overnight),
      }
    : hintStops !== undefined
      ? // Unknown code with a stop count (legacy callers): many stops = a long train.
        { km: hintStops > 12 ? LONG_EMU_KM : 0, minutes: hintStops > 12 ? SLEEPER_TRAIN_MINUTES : 0, overnight: false }
      : // Unknown code: the common EMU set; conventional trains with sleepers.
        { km: 0, minutes: isEmuClass(cls) ? 0 : SLEEPER_TRAIN_MINUTES, overnight: false };
  const template = templateFor(cls, longest);
  const profile = { cls, template, consist: buildConsist(template) };
  cache.set(trainCode, profile);
  return profile;
}

/**
 * The consist of a train code: its flat seat list (ids stable) with `carriages`, `seatTypes` and
 * `capacity` attached. Deterministic per code. The second argument is only used for codes missing
 * from the timetable (legacy callers pass the stop count).
 */
export function consistFor(trainCode: string, legacyStopsCount?: number): Consist {
  return profileOf(null, trainCode, legacyStopsCount).consist;
}

/** Fares of a train code over `km`: its consist's classes plus 无座, seated classes cheapest first. */
export function faresFor(trainCode: string, km: number): SeatFare[] {
  return faresForSeatTypes(trainCode, km, [...profileOf(null, trainCode).consist.seatTypes, 98]);
}

export { seatTypeName };

/** The lowest seated class of a train (二等座 on EMUs, 硬座 on conventional trains): the one 无座 is sold for. */
export function lowestSeatedClass(trainCode: string): number {
  return isEmuClass(trainClass(trainCode)) ? 4 : 10;
}

/** Where the network's data came from and how it was projected (for a status page). */
export const NETWORK_REFERENCE_DATE = REFERENCE_DATE;
