/**
 * Consists: the carriages of a train and every seat or berth in them, deterministic per template.
 * Seat ids are the index in the consist's flat seat list, stable for a template, so inventory can
 * store them. Sizes follow DOMAIN_NOTES:
 *
 * | template | cars | layout | seats |
 * | --- | --- | --- | --- |
 * | emu8 (G/D/C) | 8 | 1, 8: 商务 2 rows (A C F) + 二等 rows 3-13; 2: 一等 13 rows (A C D F); 3, 4, 6, 7: 二等 18 rows (A B C D F); 5: 二等 12 rows | 商务 12, 一等 52, 二等 530 = 594 |
 * | emu16 (long G/D: route ≥ 1000 km or ≥ 5 h) | 16 | 1, 16: 商务 + 二等 as above; 2, 3: 一等; 9: 餐车; others: 二等 17 rows | 商务 12, 一等 104, 二等 1045 = 1161 |
 * | conv-sleeper (T/K/other running ≥ 6 h or overnight) | 18 | 1-5, 18: 硬座 118; 6: 软卧 36; 7-11, 13-17: 硬卧 66; 12: 餐车 | 硬座 708, 硬卧 660, 软卧 36 |
 * | conv-z (Z) | 16 | 1-3: 软卧; 4-8, 10-15: 硬卧; 9: 餐车; 16: 硬座 | 软卧 108, 硬卧 726, 硬座 118 |
 * | conv-day (shorter T/K/other) | 12 | 1-12: 硬座 118 | 硬座 1416 |
 *
 * Seat numbers: EMU `03车厢,01A座`; 硬座 `06车厢,066号`; berths `08车厢,012号下铺`. 硬卧 numbering: 11
 * compartments of 6, numbered 1-66 in order 下 中 上 下 中 上; 软卧: 9 compartments of 4, odd numbers
 * 下铺, even 上铺. 无座 has no seats: `STANDING_CAPACITY` places per train run.
 */
import {
  formatSeatNo,
  seatPosition,
  type BerthKind,
  type SeatPosition,
  type SleeperType,
} from '@/protocol/panhe/seats';

export type ConsistTemplate = 'emu8' | 'emu16' | 'conv-sleeper' | 'conv-z' | 'conv-day';

export interface Seat {
  /** Index in the consist's flat seat list (stable per template). */
  id: number;
  car: number;
  seatType: number;
  /** Display form, e.g. `03车厢,01A座`. */
  seatNo: string;
  /** EMU seats: row and letter, window/aisle/middle. */
  row?: number;
  letter?: string;
  position?: SeatPosition;
  /** 硬座 seats and berths: the number printed before 号. */
  number?: number;
  /** Berths: kind and the provider's sleeperType (下 1, 中 2, 上 3). */
  berth?: BerthKind;
  sleeperType?: SleeperType;
}

export type CarriageKind = 'seats' | 'sleepers' | 'dining';

export interface Carriage {
  car: number;
  kind: CarriageKind;
  /** Seat class of the car's seats; for mixed EMU end cars, the main (二等) class. null for a dining car. */
  seatType: number | null;
  seats: readonly Seat[];
}

export interface ConsistInfo {
  template: ConsistTemplate;
  carriages: readonly Carriage[];
  /** Seated classes present (no 98). */
  seatTypes: readonly number[];
  /** Seats per class. */
  capacity: Readonly<Record<number, number>>;
  /** The seats of each class, in consist order (a search counts them for every class of every train). */
  seatsByClass: ReadonlyMap<number, readonly Seat[]>;
}

/**
 * A consist IS its flat seat list (so `.filter(s => s.seatType === 4)` works), with the carriages and
 * a summary attached. Frozen and shared: do not mutate.
 */
export type Consist = readonly Seat[] & ConsistInfo;

/** Standing (无座) places per train run. */
export const STANDING_CAPACITY = 60;

const BERTH_SLEEPER: Record<BerthKind, SleeperType> = { lower: 1, middle: 2, upper: 3 };

type CarSpec =
  | { kind: 'dining' }
  | { kind: 'emu'; blocks: { seatType: 1 | 3 | 4; rows: number }[] }
  | { kind: 'hardSeat' }
  | { kind: 'hardSleeper' }
  | { kind: 'softSleeper' };

const EMU_LETTERS: Record<1 | 3 | 4, string[]> = {
  1: ['A', 'C', 'F'],
  3: ['A', 'C', 'D', 'F'],
  4: ['A', 'B', 'C', 'D', 'F'],
};

const endCar: CarSpec = {
  kind: 'emu',
  blocks: [
    { seatType: 1, rows: 2 },
    { seatType: 4, rows: 11 },
  ],
};
const firstCar: CarSpec = { kind: 'emu', blocks: [{ seatType: 3, rows: 13 }] };
const secondCar = (rows: number): CarSpec => ({ kind: 'emu', blocks: [{ seatType: 4, rows }] });
const repeat = (n: number, x: CarSpec): CarSpec[] => Array.from({ length: n }, () => x);

const TEMPLATES: Record<ConsistTemplate, CarSpec[]> = {
  emu8: [endCar, firstCar, secondCar(18), secondCar(18), secondCar(12), secondCar(18), secondCar(18), endCar],
  emu16: [
    endCar,
    firstCar,
    firstCar,
    ...repeat(5, secondCar(17)),
    { kind: 'dining' },
    ...repeat(6, secondCar(17)),
    endCar,
  ],
  'conv-sleeper': [
    ...repeat(5, { kind: 'hardSeat' }),
    { kind: 'softSleeper' },
    ...repeat(5, { kind: 'hardSleeper' }),
    { kind: 'dining' },
    ...repeat(5, { kind: 'hardSleeper' }),
    { kind: 'hardSeat' },
  ],
  'conv-z': [
    ...repeat(3, { kind: 'softSleeper' }),
    ...repeat(5, { kind: 'hardSleeper' }),
    { kind: 'dining' },
    ...repeat(6, { kind: 'hardSleeper' }),
    { kind: 'hardSeat' },
  ],
  'conv-day': repeat(12, { kind: 'hardSeat' }),
};

const memo = new Map<ConsistTemplate, Consist>();

/** The consist of a template (memoised, frozen). */
export function buildConsist(template: ConsistTemplate): Consist {
  const hit = memo.get(template);
  if (hit) return hit;
  const seats: Seat[] = [];
  const carriages: Carriage[] = [];
  const push = (s: Omit<Seat, 'id'>): Seat => {
    const seat = Object.freeze({ id: seats.length, ...s });
    seats.push(seat);
    return seat;
  };
  /** A sleeper carriage's berths 1..count, berth n of the kind `berthOf(n)`. */
  const pushBerths = (car: number, seatType: number, count: number, berthOf: (n: number) => BerthKind) => {
    const berths: Seat[] = [];
    for (let n = 1; n <= count; n++) {
      const berth = berthOf(n);
      berths.push(
        push({
          car,
          seatType,
          seatNo: formatSeatNo.berth(car, n, berth),
          number: n,
          berth,
          sleeperType: BERTH_SLEEPER[berth],
        }),
      );
    }
    return berths;
  };
  TEMPLATES[template].forEach((spec, i) => {
    const car = i + 1;
    const carSeats: Seat[] = [];
    let seatType: number | null = null;
    let kind: CarriageKind = 'seats';
    switch (spec.kind) {
      case 'dining':
        kind = 'dining';
        break;
      case 'emu': {
        let row = 0;
        for (const block of spec.blocks) {
          for (let r = 0; r < block.rows; r++) {
            row++;
            for (const letter of EMU_LETTERS[block.seatType])
              carSeats.push(
                push({
                  car,
                  seatType: block.seatType,
                  seatNo: formatSeatNo.emu(car, row, letter),
                  row,
                  letter,
                  position: seatPosition(block.seatType, letter)!,
                }),
              );
          }
        }
        seatType = spec.blocks.reduce((a, b) => (b.rows > a.rows ? b : a)).seatType;
        break;
      }
      case 'hardSeat':
        seatType = 10;
        for (let n = 1; n <= 118; n++)
          carSeats.push(push({ car, seatType, seatNo: formatSeatNo.seat(car, n), number: n }));
        break;
      case 'hardSleeper':
        kind = 'sleepers';
        seatType = 8;
        carSeats.push(...pushBerths(car, seatType, 66, (n) => (['lower', 'middle', 'upper'] as const)[(n - 1) % 3]!));
        break;
      case 'softSleeper':
        kind = 'sleepers';
        seatType = 6;
        carSeats.push(...pushBerths(car, seatType, 36, (n) => (n % 2 === 1 ? 'lower' : 'upper')));
        break;
    }
    carriages.push(Object.freeze({ car, kind, seatType, seats: Object.freeze(carSeats) }));
  });
  const capacity: Record<number, number> = {};
  for (const s of seats) capacity[s.seatType] = (capacity[s.seatType] ?? 0) + 1;
  const seatTypes = Object.keys(capacity)
    .map(Number)
    .sort((a, b) => a - b);
  const seatsByClass = new Map(seatTypes.map((t) => [t, Object.freeze(seats.filter((s) => s.seatType === t))]));
  const consist = Object.freeze(
    Object.assign(seats, {
      template,
      carriages: Object.freeze(carriages),
      seatTypes: Object.freeze(seatTypes),
      capacity: Object.freeze(capacity),
      seatsByClass,
    }),
  ) as Consist;
  memo.set(template, consist);
  return consist;
}

export const CONSIST_TEMPLATES: readonly ConsistTemplate[] = Object.keys(TEMPLATES) as ConsistTemplate[];
