/**
 * Seat classes, seat letters and the 选座 / 选铺 formats of the provider (panhe-train-api.md 创单),
 * and the seat number text of 订单详情 `seatNo`: wire facts both the portal and the sandbox must agree on.
 *
 * - Letters per class: 商务座 A C | F; 一等座 A C | D F; 二等座 A B C | D F. A and F are windows,
 *   C and D aisles (B is a middle seat).
 * - `chooseSeats` ("1A1D2B2C2F"): one pick per passenger, row 1 or 2 (12306 offers two rows), letters
 *   of the class; 12306 assigns other seats when the choice cannot be met.
 * - `chooseSleeper` ("203"): three digits = lower, middle, upper berth counts; "" or "000" = no choice.
 *   硬卧 and 二等卧 have 上/中/下; 软卧, 一等卧, 动卧, 高级动卧 (and 高级软卧) only 上/下.
 * - Seat numbers: `03车厢,01A座` (EMU), `06车厢,066号` (conventional seats), `08车厢,012号下铺` (berths).
 */

/** panhe seatType codes. */
export const SEAT_TYPE = {
  BUSINESS: 1,
  PREMIUM: 2,
  FIRST: 3,
  SECOND: 4,
  DELUXE_SOFT_SLEEPER: 5,
  SOFT_SLEEPER: 6,
  EMU_SLEEPER: 7,
  HARD_SLEEPER: 8,
  SOFT_SEAT: 9,
  HARD_SEAT: 10,
  FIRST_SLEEPER: 11,
  SECOND_SLEEPER: 12,
  DELUXE_EMU_SLEEPER: 13,
  FIRST_SOFT_SEAT: 14,
  SECOND_SOFT_SEAT: 15,
  PREMIUM_SOFT_SEAT: 16,
  COMPARTMENT_HARD_SLEEPER: 17,
  SINGLE_SOFT_COMPARTMENT: 18,
  MULTI_FUNCTION_SEAT: 19,
  STANDING: 98,
  OTHER: 99,
} as const;

export const SEAT_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: '商务座',
  2: '特等座',
  3: '一等座',
  4: '二等座',
  5: '高级软卧',
  6: '软卧',
  7: '动卧',
  8: '硬卧',
  9: '软座',
  10: '硬座',
  11: '一等卧',
  12: '二等卧',
  13: '高级动卧',
  14: '一等软座',
  15: '二等软座',
  16: '特等软座',
  17: '包厢硬卧',
  18: '一人软包',
  19: '多功能座',
  98: '无座',
  99: '其他',
};

export const seatTypeName = (seatType: number): string => SEAT_TYPE_NAMES[seatType] ?? '其他';

/** panhe sleeperType codes: 下铺 1, 中铺 2, 上铺 3. */
export const SLEEPER_TYPE = { LOWER: 1, MIDDLE: 2, UPPER: 3 } as const;
export type SleeperType = (typeof SLEEPER_TYPE)[keyof typeof SLEEPER_TYPE];
export type BerthKind = 'lower' | 'middle' | 'upper';

export const BERTH_OF_SLEEPER_TYPE: Readonly<Record<SleeperType, BerthKind>> = { 1: 'lower', 2: 'middle', 3: 'upper' };
export const SLEEPER_TYPE_OF_BERTH: Readonly<Record<BerthKind, SleeperType>> = { lower: 1, middle: 2, upper: 3 };
export const BERTH_NAMES: Readonly<Record<BerthKind, string>> = { lower: '下铺', middle: '中铺', upper: '上铺' };
export const SLEEPER_TYPE_NAMES: Readonly<Record<SleeperType, string>> = { 1: '下铺', 2: '中铺', 3: '上铺' };

/** Sleeper classes (选铺 applies). */
export const SLEEPER_TYPES: readonly number[] = [5, 6, 7, 8, 11, 12, 13, 17];
/** Sleepers with only lower and upper berths. */
export const TWO_TIER_SLEEPERS: readonly number[] = [5, 6, 7, 11, 13];

export const isSleeper = (seatType: number): boolean => SLEEPER_TYPES.includes(seatType);

/** Berth kinds a sleeper class has (lower first), or [] for a non-sleeper. */
export function berthKindsOf(seatType: number): BerthKind[] {
  if (!isSleeper(seatType)) return [];
  return TWO_TIER_SLEEPERS.includes(seatType) ? ['lower', 'upper'] : ['lower', 'middle', 'upper'];
}

export type SeatPosition = 'window' | 'aisle' | 'middle';

export interface SeatLayout {
  /** Letters left of the aisle, window first. */
  left: string[];
  /** Letters right of the aisle, aisle first. */
  right: string[];
  windows: string[];
  aisles: string[];
}

const LAYOUTS: Readonly<Record<number, SeatLayout>> = {
  [SEAT_TYPE.BUSINESS]: { left: ['A', 'C'], right: ['F'], windows: ['A', 'F'], aisles: ['C'] },
  [SEAT_TYPE.PREMIUM]: { left: ['A', 'C'], right: ['F'], windows: ['A', 'F'], aisles: ['C'] },
  [SEAT_TYPE.FIRST]: { left: ['A', 'C'], right: ['D', 'F'], windows: ['A', 'F'], aisles: ['C', 'D'] },
  [SEAT_TYPE.SECOND]: { left: ['A', 'B', 'C'], right: ['D', 'F'], windows: ['A', 'F'], aisles: ['C', 'D'] },
};

/** The seat-map layout of a class, or null when the class has no 选座 (sleepers, 硬座, 无座). */
export function seatLayoutFor(seatType: number): SeatLayout | null {
  const l = LAYOUTS[seatType];
  return l ? { left: [...l.left], right: [...l.right], windows: [...l.windows], aisles: [...l.aisles] } : null;
}

/** All letters of a class in row order (e.g. A B C D F), or [] when the class has no letters. */
export function seatLettersFor(seatType: number): string[] {
  const l = LAYOUTS[seatType];
  return l ? [...l.left, ...l.right] : [];
}

/** Window, aisle or middle for a letter of a class; null when the letter is not in the class. */
export function seatPosition(seatType: number, letter: string): SeatPosition | null {
  const l = LAYOUTS[seatType];
  if (!l || !seatLettersFor(seatType).includes(letter)) return null;
  return l.windows.includes(letter) ? 'window' : l.aisles.includes(letter) ? 'aisle' : 'middle';
}

/** Classes where 选座 applies (GDC trains). */
export const CHOOSABLE_SEAT_TYPES: readonly number[] = [1, 2, 3, 4];

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface SeatPick {
  row: 1 | 2;
  letter: string;
}

/** Parses and validates a `chooseSeats` string for a class and a passenger count. */
export function parseChooseSeats(s: string, seatType: number, passengers: number): Parsed<SeatPick[]> {
  const letters = seatLettersFor(seatType);
  if (!letters.length) return { ok: false, error: '该席别不支持选座。' };
  const input = s.trim().toUpperCase();
  const m = input.match(/\d+[A-Z]/g);
  if (!m || m.join('') !== input) return { ok: false, error: '选座格式应为“排号+座位字母”，如 1A1B。' };
  const picks: SeatPick[] = [];
  for (const p of m) {
    const row = Number(p.slice(0, -1));
    const letter = p.slice(-1);
    if (row !== 1 && row !== 2) return { ok: false, error: '只能在两排座位中选择（排号为 1 或 2）。' };
    if (!letters.includes(letter)) return { ok: false, error: `该席别没有 ${letter} 座（可选 ${letters.join('')}）。` };
    if (picks.some((x) => x.row === row && x.letter === letter)) return { ok: false, error: '同一座位不能重复选择。' };
    picks.push({ row, letter });
  }
  if (picks.length !== passengers)
    return { ok: false, error: `选座数量（${picks.length}）须与乘客人数（${passengers}）一致。` };
  return { ok: true, value: picks };
}

/** The wire form of picks, in the given order ("1A1B"). */
export function formatChooseSeats(picks: readonly SeatPick[]): string {
  return picks.map((p) => `${p.row}${p.letter.toUpperCase()}`).join('');
}

export interface SleeperChoice {
  lower: number;
  middle: number;
  upper: number;
}

/**
 * Parses a `chooseSleeper` string. "" and "000" mean no choice. With a seat type, refuses a middle
 * berth on two-tier sleepers and non-sleeper classes; with a passenger count, refuses more berths
 * than passengers (fewer is fine: the rest are assigned).
 */
export function parseChooseSleeper(s: string, seatType?: number, passengers?: number): Parsed<SleeperChoice> {
  const input = s.trim();
  if (seatType !== undefined && !isSleeper(seatType)) return { ok: false, error: '该席别不是卧铺，不能选铺。' };
  if (input === '') return { ok: true, value: { lower: 0, middle: 0, upper: 0 } };
  if (!/^\d{3}$/.test(input)) return { ok: false, error: '选铺格式应为三位数字（下铺、中铺、上铺张数），如 203。' };
  const [lower, middle, upper] = [...input].map(Number) as [number, number, number];
  if (middle > 0 && seatType !== undefined && TWO_TIER_SLEEPERS.includes(seatType))
    return { ok: false, error: '该卧铺没有中铺。' };
  if (passengers !== undefined && lower + middle + upper > passengers)
    return { ok: false, error: `选铺张数（${lower + middle + upper}）不能超过乘客人数（${passengers}）。` };
  return { ok: true, value: { lower, middle, upper } };
}

export function formatChooseSleeper(c: SleeperChoice): string {
  for (const n of [c.lower, c.middle, c.upper])
    if (!Number.isInteger(n) || n < 0 || n > 9) throw new RangeError('berth counts must be 0-9');
  return `${c.lower}${c.middle}${c.upper}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Display forms of seat numbers, as 12306 prints them. */
export const formatSeatNo = {
  /** `03车厢,01A座` */
  emu: (car: number, row: number, letter: string): string => `${pad(car, 2)}车厢,${pad(row, 2)}${letter}座`,
  /** `06车厢,066号` */
  seat: (car: number, n: number): string => `${pad(car, 2)}车厢,${pad(n, 3)}号`,
  /** `08车厢,012号下铺` */
  berth: (car: number, n: number, berth: BerthKind): string => `${pad(car, 2)}车厢,${pad(n, 3)}号${BERTH_NAMES[berth]}`,
  /** `05车厢,无座` */
  standing: (car: number): string => `${pad(car, 2)}车厢,无座`,
};

export type ParsedSeatNo =
  | { kind: 'emu'; car: number; row: number; letter: string }
  | { kind: 'seat'; car: number; number: number }
  | { kind: 'berth'; car: number; number: number; berth: BerthKind }
  | { kind: 'standing'; car: number };

/** Reads a seat number back (any of the four forms); null when unrecognised. */
export function parseSeatNo(s: string): ParsedSeatNo | null {
  const m = /^(\d{1,2})车厢?,(.+)$/.exec(s.trim());
  if (!m) return null;
  const car = Number(m[1]);
  const rest = m[2]!;
  let x: RegExpExecArray | null;
  if ((x = /^(\d{1,2})([A-F])[座号]$/.exec(rest))) return { kind: 'emu', car, row: Number(x[1]), letter: x[2]! };
  if ((x = /^(\d{1,3})号(下铺|中铺|上铺)$/.exec(rest)))
    return {
      kind: 'berth',
      car,
      number: Number(x[1]),
      berth: x[2] === '下铺' ? 'lower' : x[2] === '中铺' ? 'middle' : 'upper',
    };
  if ((x = /^(\d{1,3})号$/.exec(rest))) return { kind: 'seat', car, number: Number(x[1]) };
  if (rest === '无座') return { kind: 'standing', car };
  return null;
}
