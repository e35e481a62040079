/**
 * The sandbox's railway network: indexes over stations and trains, 余票 search between stations or
 * cities, stop lists, distances, fares and consists (carriages and seats). Pure apart from reading
 * the data files once (memoised).
 */
import { roundToHalfYuan, type Fen } from '@/lib/domain/money';
import { formatSeatNo, SEAT_TYPE_NAMES } from '@/lib/domain/seats';
import { loadCoordinates, loadMileage, loadStations, loadTimetable, type StationRow, type Train } from './data';

export interface Network {
  stations: StationRow[];
  stationByName: Map<string, StationRow>;
  stationsByCity: Map<string, StationRow[]>;
  trains: Train[];
  trainsByStation: Map<string, number[]>;
  trainByNo: Map<string, Train>;
  mileage: Map<string, Map<string, number>>;
  coords: Map<string, { lon: number; lat: number }>;
}

let memo: Network | undefined;

export function loadNetwork(): Network {
  if (memo) return memo;
  const stations = loadStations();
  const byCode = new Map(stations.map((s) => [s.telecode, s]));
  const trains = loadTimetable(byCode);
  const stationByName = new Map(stations.map((s) => [s.name, s]));
  const stationsByCity = new Map<string, StationRow[]>();
  for (const s of stations) stationsByCity.set(s.city, [...(stationsByCity.get(s.city) ?? []), s]);
  const trainsByStation = new Map<string, number[]>();
  trains.forEach((t, i) => {
    for (const s of t.stops) {
      const list = trainsByStation.get(s.name) ?? [];
      if (list.at(-1) !== i) list.push(i);
      trainsByStation.set(s.name, list);
    }
  });
  memo = {
    stations,
    stationByName,
    stationsByCity,
    trains,
    trainsByStation,
    trainByNo: new Map(trains.map((t) => [t.trainNo, t])),
    mileage: loadMileage(),
    coords: loadCoordinates(),
  };
  return memo;
}

/** A station name means that station; a city name (that is not itself only one station) means all its stations. */
export function resolvePlace(net: Network, name: string): string[] {
  const city = net.stationsByCity.get(name);
  const station = net.stationByName.get(name);
  if (station && station.city !== name) return [name];
  if (city?.length) return city.map((s) => s.name);
  return station ? [name] : [];
}

export function trainClass(code: string): 'G' | 'D' | 'C' | 'Z' | 'T' | 'K' | 'other' {
  const c = code.charAt(0);
  return c === 'G' || c === 'D' || c === 'C' || c === 'Z' || c === 'T' || c === 'K' ? c : 'other';
}

export const TRAINS_TYPE: Record<string, [number, string]> = {
  G: [1, '高铁'],
  C: [1, '高铁'],
  D: [2, '动车'],
  Z: [3, '直达'],
  T: [4, '特快'],
  K: [5, '快速'],
  other: [6, '其他'],
};

export function runsOnDate(t: Train, date: string): boolean {
  const day = Number(date.slice(8, 10));
  if (t.parity && (t.parity === 'odd') !== (day % 2 === 1)) return false;
  if (t.weekdays) {
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
    if (!t.weekdays.includes(wd)) return false;
  }
  return true;
}

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

const DAY = 86_400_000;
function minuteToDate(originDate: string, minute: number): Date {
  return new Date(Date.parse(`${originDate}T00:00:00+08:00`) + minute * 60_000);
}
function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

export function segmentOf(net: Network, train: Train, fromIdx: number, toIdx: number, runDate: string): Segment {
  const from = train.stops[fromIdx]!;
  const to = train.stops[toIdx]!;
  return {
    train,
    fromIdx,
    toIdx,
    runDate,
    departAt: minuteToDate(runDate, train.startMinute + from.depart!),
    arriveAt: minuteToDate(runDate, train.startMinute + to.arrive!),
    distanceKm: distanceKm(net, train, fromIdx, toIdx),
  };
}

/** Trains from one place to another whose departure from the boarding station falls on `date`. */
export function searchSegments(net: Network, fromName: string, toName: string, date: string): Segment[] {
  const froms = new Set(resolvePlace(net, fromName));
  const tos = new Set(resolvePlace(net, toName));
  const out: Segment[] = [];
  const candidates = new Set<number>();
  for (const f of froms) for (const i of net.trainsByStation.get(f) ?? []) candidates.add(i);
  for (const i of candidates) {
    const train = net.trains[i]!;
    const fromIdx = train.stops.findIndex((s) => froms.has(s.name) && s.depart !== null);
    if (fromIdx < 0) continue;
    let toIdx = -1;
    for (let k = fromIdx + 1; k < train.stops.length; k++) if (tos.has(train.stops[k]!.name)) toIdx = k;
    if (toIdx < 0) continue;
    // The boarding day may be a later day of the train's run: find the origin date that puts it on `date`.
    const dayOffset = Math.floor((train.startMinute + train.stops[fromIdx]!.depart!) / 1440);
    const runDate = addDays(date, -dayOffset);
    if (!runsOnDate(train, runDate)) continue;
    out.push(segmentOf(net, train, fromIdx, toIdx, runDate));
  }
  return out.sort((a, b) => a.departAt.getTime() - b.departAt.getTime());
}

function haversineKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

const SPEED_KMH: Record<string, number> = { G: 250, C: 180, D: 180, Z: 110, T: 90, K: 70, other: 60 };

/** Line mileage where both stations lie on one listed line, else coordinates × 1.2, else time × speed. */
export function distanceKm(net: Network, train: Train, fromIdx: number, toIdx: number): number {
  let total = 0;
  for (let k = fromIdx; k < toIdx; k++) total += hopKm(net, train, k, k + 1);
  return Math.max(1, Math.round(total));
}

function hopKm(net: Network, train: Train, i: number, j: number): number {
  const a = train.stops[i]!;
  const b = train.stops[j]!;
  for (const line of net.mileage.values()) {
    const x = line.get(a.name);
    const y = line.get(b.name);
    if (x !== undefined && y !== undefined) return Math.abs(y - x);
  }
  const ca = net.coords.get(a.name);
  const cb = net.coords.get(b.name);
  if (ca && cb) return haversineKm(ca, cb) * 1.2;
  const minutes = (b.arrive ?? 0) - (a.depart ?? 0);
  return (minutes / 60) * (SPEED_KMH[trainClass(train.trainCode)] ?? 60);
}

// ---- fares -------------------------------------------------------------------------------------------

/** Conventional 硬座 base fare: 0.05861 yuan/km with the rate falling by distance band. */
function hardSeatYuan(km: number): number {
  const bands: [number, number][] = [
    [200, 1],
    [500, 0.9],
    [1000, 0.8],
    [1500, 0.7],
    [2500, 0.6],
    [Infinity, 0.5],
  ];
  let left = km;
  let prev = 0;
  let yuan = 0;
  for (const [limit, factor] of bands) {
    const d = Math.min(left, limit - prev);
    if (d <= 0) break;
    yuan += d * 0.05861 * factor;
    left -= d;
    prev = limit;
  }
  return yuan;
}

export interface SeatFare {
  seatType: number;
  priceFen: Fen;
  berths?: { sleeperType: 1 | 2 | 3; priceFen: Fen }[];
}

/** Fares by train class and seat class, rounded to 0.5 yuan (documented in sandbox/README.md). */
export function faresFor(code: string, km: number): SeatFare[] {
  const cls = trainClass(code);
  const half = (yuan: number) => Math.max(100, roundToHalfYuan(yuan * 100));
  if (cls === 'G' || cls === 'D' || cls === 'C') {
    const perKm = cls === 'G' ? 0.46 : 0.31;
    const second = half(km * perKm);
    return [
      { seatType: 4, priceFen: second },
      { seatType: 3, priceFen: half((second / 100) * 1.6) },
      { seatType: 1, priceFen: half((second / 100) * 3.2) },
      { seatType: 98, priceFen: second },
    ];
  }
  // Conventional: 硬座 base plus 空调 (25 %) and, for Z/T/K, 加快 supplements.
  const express = cls === 'Z' || cls === 'T' ? 0.4 : cls === 'K' ? 0.2 : 0;
  const base = hardSeatYuan(km) * (1.25 + express);
  const seat = half(base);
  const hs = (f: number) => half(base * f);
  return [
    { seatType: 10, priceFen: seat },
    {
      seatType: 8,
      priceFen: hs(1.75),
      berths: [
        { sleeperType: 3, priceFen: hs(1.75) },
        { sleeperType: 2, priceFen: hs(1.85) },
        { sleeperType: 1, priceFen: hs(1.95) },
      ],
    },
    {
      seatType: 6,
      priceFen: hs(2.7),
      berths: [
        { sleeperType: 3, priceFen: hs(2.7) },
        { sleeperType: 1, priceFen: hs(2.9) },
      ],
    },
    { seatType: 98, priceFen: seat },
  ];
}

// ---- consists ------------------------------------------------------------------------------------------

export interface Seat {
  /** Stable index within the train's consist. */
  id: number;
  car: number;
  seatType: number;
  seatNo: string;
  row?: number;
  letter?: string;
  berth?: 'lower' | 'middle' | 'upper';
}

const consistMemo = new Map<string, Seat[]>();

/**
 * Deterministic consist per train code. EMU: 8 cars (16 for long-distance G): 商务座 + 一等座 in car 1,
 * 一等座 in car 2, 二等座 elsewhere. Conventional: 软卧, 硬卧 and 硬座 cars (DOMAIN_NOTES sizes).
 * Kept small enough for the sandbox (a full train is ~600-1,200 seats).
 */
export function consistFor(code: string, stopsCount = 10): Seat[] {
  const key = `${code}:${stopsCount > 25 ? 'long' : 'short'}`;
  const hit = consistMemo.get(key);
  if (hit) return hit;
  const seats: Seat[] = [];
  const add = (s: Omit<Seat, 'id'>) => seats.push({ id: seats.length, ...s });
  const cls = trainClass(code);
  if (cls === 'G' || cls === 'D' || cls === 'C') {
    const cars = cls === 'G' && stopsCount > 12 ? 16 : 8;
    const emuRows = (car: number, type: number, letters: string[], rows: number) => {
      for (let r = 1; r <= rows; r++)
        for (const l of letters) add({ car, seatType: type, seatNo: formatSeatNo.emu(car, r, l), row: r, letter: l });
    };
    emuRows(1, 1, ['A', 'C', 'F'], 4); // 12 商务座
    emuRows(1, 3, ['A', 'C', 'D', 'F'], 4);
    emuRows(2, 3, ['A', 'C', 'D', 'F'], 14);
    for (let car = 3; car <= cars; car++) emuRows(car, 4, ['A', 'B', 'C', 'D', 'F'], car === cars ? 12 : 17);
  } else {
    const hardSeatCars = [1, 2, 3, 4, 5];
    const hardSleeperCars = [6, 7, 8, 9, 10, 11];
    const softSleeperCars = [12];
    for (const car of softSleeperCars)
      for (let n = 1; n <= 36; n++)
        add({
          car,
          seatType: 6,
          seatNo: formatSeatNo.berth(car, n, n % 2 === 1 ? 'lower' : 'upper'),
          berth: n % 2 === 1 ? 'lower' : 'upper',
        });
    for (const car of hardSleeperCars)
      for (let n = 1; n <= 66; n++) {
        const berth = (['lower', 'middle', 'upper'] as const)[(n - 1) % 3]!;
        add({ car, seatType: 8, seatNo: formatSeatNo.berth(car, n, berth), berth });
      }
    for (const car of hardSeatCars)
      for (let n = 1; n <= 118; n++) add({ car, seatType: 10, seatNo: formatSeatNo.seat(car, n) });
  }
  consistMemo.set(key, seats);
  return seats;
}

/** Standing capacity per train (无座), sold only when the lowest seated class is sold out. */
export const STANDING_CAPACITY = 60;

export function seatTypeName(t: number): string {
  return SEAT_TYPE_NAMES[t] ?? '其他';
}
