/**
 * Sandbox fares (approximate 12306 structure, README "Distances and fares"), integer fen, every price
 * rounded to 0.5 yuan with `halfYuan` (sandbox/money.ts). `km` is the trip's (integer) distance.
 *
 * EMU trains (G/D/C), by charged distance d = max(km, 20):
 *   二等座 = d × rate (G 0.46, D 0.31, C 0.35 yuan/km); 一等座 = 1.6 × that; 商务座 = 3.2 × that
 *   (each rounded from the unrounded 二等 amount).
 * Conventional trains (Z/T/K/other), from the banded 硬座 base
 *   B(d) = Σ over bands of 0.05861 yuan/km × factor, factor 100/90/80/70/60/50 % for the parts of d in
 *   0-200 / 200-500 / 500-1000 / 1000-1500 / 1500-2500 / beyond:
 *   硬座  = B(max(km, 20)) × M × (1 + 25 % 空调 + E), where E (加快) is 40 % for Z/T, 20 % for K, 0 otherwise
 *          and M (新型空调车上浮) is 1.5 for Z/T/K, 1 otherwise;
 *   硬卧  = 硬座 + B(max(km, 400)) × M × r, r = 上 1.45 / 中 1.55 / 下 1.65 (berths charge at least 400 km);
 *   软卧  = 硬座 + B(max(km, 400)) × M × r, r = 上 3.1 / 下 3.3.
 *   Lower berths are dearer; a sleeper's headline price is its upper berth (as in the provider's example).
 * 无座 costs the same as the lowest seated class (二等座 / 硬座).
 * Calibration: 北京南–上海 1318 km G 二等 ¥606.5; a 1463 km K train 硬座 ≈ ¥152, 硬卧 上 ≈ ¥304.5, 软卧 下 ≈ ¥499.
 */
import { halfYuan, type Fen } from '../money';
import { seatTypeName, SLEEPER_TYPE_NAMES, type SleeperType } from '@/protocol/panhe/seats';
import { isEmuClass, trainClass, type TrainClass } from './classes';

export const FARE_RULES = {
  emu: {
    minKm: 20,
    secondClassFenPerKm: { G: 46, D: 31, C: 35 } as Readonly<Record<'G' | 'D' | 'C', number>>,
    firstClassFactor: 1.6,
    businessFactor: 3.2,
  },
  conventional: {
    baseFenPerKm: 5.861,
    /** [upper bound of the band in km, percent of the base rate]. */
    bands: [
      [200, 100],
      [500, 90],
      [1000, 80],
      [1500, 70],
      [2500, 60],
      [Number.POSITIVE_INFINITY, 50],
    ] as readonly (readonly [number, number])[],
    seatMinKm: 20,
    berthMinKm: 400,
    airConditioning: 0.25,
    express: { Z: 0.4, T: 0.4, K: 0.2 } as Readonly<Partial<Record<TrainClass, number>>>,
    newAirConMarkup: { Z: 1.5, T: 1.5, K: 1.5 } as Readonly<Partial<Record<TrainClass, number>>>,
    hardSleeper: { 3: 1.45, 2: 1.55, 1: 1.65 } as Readonly<Record<SleeperType, number>>,
    softSleeper: { 3: 3.1, 1: 3.3 } as Readonly<Partial<Record<SleeperType, number>>>,
  },
} as const;

export interface BerthFare {
  sleeperType: SleeperType;
  sleeperTypeName: string;
  priceFen: Fen;
}

export interface SeatFare {
  seatType: number;
  seatTypeName: string;
  /** Headline price (a sleeper's upper berth). */
  priceFen: Fen;
  /** Sleepers only: price per berth, upper first (上, 中, 下) like the provider's otherSeats. */
  berths?: BerthFare[];
}

/** Rounds a fen amount computed with floats to 0.5 yuan (cleaning float noise first). */
const half = (fen: number): Fen => halfYuan(Math.round(fen * 1e6) / 1e6);

/** The banded conventional base B(km) in (fractional) fen. */
export function conventionalBaseFen(km: number): number {
  const { baseFenPerKm, bands } = FARE_RULES.conventional;
  let left = Math.max(0, km);
  let prev = 0;
  let fen = 0;
  for (const [limit, percent] of bands) {
    const part = Math.min(left, limit - prev);
    if (part <= 0) break;
    fen += (part * baseFenPerKm * percent) / 100;
    left -= part;
    prev = limit;
  }
  return fen;
}

function emuFares(cls: 'G' | 'D' | 'C', km: number): Map<number, Fen> {
  const { minKm, secondClassFenPerKm, firstClassFactor, businessFactor } = FARE_RULES.emu;
  const second = Math.max(km, minKm) * secondClassFenPerKm[cls];
  return new Map([
    [4, half(second)],
    [3, half(second * firstClassFactor)],
    [1, half(second * businessFactor)],
  ]);
}

function conventional(cls: TrainClass, km: number): { seat: Fen; hard: BerthFare[]; soft: BerthFare[] } {
  const c = FARE_RULES.conventional;
  const markup = c.newAirConMarkup[cls] ?? 1;
  const seatRaw =
    conventionalBaseFen(Math.max(km, c.seatMinKm)) * markup * (1 + c.airConditioning + (c.express[cls] ?? 0));
  const berthBase = conventionalBaseFen(Math.max(km, c.berthMinKm)) * markup;
  const berth = (type: SleeperType, r: number): BerthFare => ({
    sleeperType: type,
    sleeperTypeName: SLEEPER_TYPE_NAMES[type],
    priceFen: half(seatRaw + berthBase * r),
  });
  const hard = ([3, 2, 1] as const).map((t) => berth(t, c.hardSleeper[t]));
  const soft = ([3, 1] as const).map((t) => berth(t, c.softSleeper[t] ?? 0));
  return { seat: half(seatRaw), hard, soft };
}

/**
 * Fares of the given seat classes on a train code over `km`, seated classes in ascending price, then
 * 无座 (when 98 is listed). Classes the train class cannot price are left out.
 */
export function faresForSeatTypes(trainCode: string, km: number, seatTypes: readonly number[]): SeatFare[] {
  const cls = trainClass(trainCode);
  const d = Math.max(1, Math.round(km));
  const out: SeatFare[] = [];
  const add = (seatType: number, priceFen: Fen, berths?: BerthFare[]) =>
    out.push({ seatType, seatTypeName: seatTypeName(seatType), priceFen, ...(berths ? { berths } : {}) });
  if (isEmuClass(cls)) {
    const f = emuFares(cls as 'G' | 'D' | 'C', d);
    for (const t of [4, 3, 1]) if (seatTypes.includes(t)) add(t, f.get(t)!);
  } else {
    const f = conventional(cls, d);
    if (seatTypes.includes(10)) add(10, f.seat);
    if (seatTypes.includes(8)) add(8, f.hard[0]!.priceFen, f.hard);
    if (seatTypes.includes(6)) add(6, f.soft[0]!.priceFen, f.soft);
  }
  out.sort((a, b) => a.priceFen - b.priceFen);
  if (seatTypes.includes(98) && out.length) add(98, out[0]!.priceFen);
  return out;
}

/** Price of one berth kind (or the headline price for seats). */
export function priceOf(fare: SeatFare, sleeperType?: SleeperType | null): Fen {
  if (sleeperType && fare.berths)
    return fare.berths.find((b) => b.sleeperType === sleeperType)?.priceFen ?? fare.priceFen;
  return fare.priceFen;
}
