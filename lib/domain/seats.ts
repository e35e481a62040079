/**
 * Seat letters and the 选座/选铺 formats (panhe-train-api.md 创单): chooseSeats like "1A1F2C" — one
 * pick per passenger within two rows; chooseSleeper like "203" — lower, middle, upper counts.
 */
export const SEAT_TYPE = {
  BUSINESS: 1,
  PREMIUM: 2,
  FIRST: 3,
  SECOND: 4,
  SOFT_SLEEPER: 6,
  HARD_SLEEPER: 8,
  HARD_SEAT: 10,
  STANDING: 98,
} as const;

export const SEAT_TYPE_NAMES: Record<number, string> = {
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
  98: '无座',
  99: '其他',
};

export interface SeatLayout {
  left: string[];
  right: string[];
  windows: string[];
  aisles: string[];
}

const LAYOUTS: Record<number, SeatLayout> = {
  [SEAT_TYPE.BUSINESS]: { left: ['A', 'C'], right: ['F'], windows: ['A', 'F'], aisles: ['C'] },
  [SEAT_TYPE.PREMIUM]: { left: ['A', 'C'], right: ['F'], windows: ['A', 'F'], aisles: ['C'] },
  [SEAT_TYPE.FIRST]: { left: ['A', 'C'], right: ['D', 'F'], windows: ['A', 'F'], aisles: ['C', 'D'] },
  [SEAT_TYPE.SECOND]: { left: ['A', 'B', 'C'], right: ['D', 'F'], windows: ['A', 'F'], aisles: ['C', 'D'] },
};

/** The seat-map layout of a class, or null when the class has no 选座 (sleepers, 硬座, 无座). */
export function seatLayoutFor(seatType: number): SeatLayout | null {
  return LAYOUTS[seatType] ?? null;
}

export const SLEEPER_TYPES: readonly number[] = [5, 6, 7, 8, 11, 12, 13, 17];
/** Sleepers with only lower and upper berths (软卧, 高级软卧, 动卧, 一等卧, 高级动卧). */
export const TWO_TIER_SLEEPERS: readonly number[] = [5, 6, 7, 11, 13];

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseChooseSeats(
  s: string,
  seatType: number,
  passengers: number,
): Parsed<{ row: 1 | 2; letter: string }[]> {
  const layout = seatLayoutFor(seatType);
  if (!layout) return { ok: false, error: '该席别不支持选座。' };
  const m = s.toUpperCase().match(/\d+[A-Z]/g);
  if (!m || m.join('') !== s.toUpperCase()) return { ok: false, error: '选座格式应为“排号+座位字母”，如 1A1B。' };
  const letters = [...layout.left, ...layout.right];
  const picks: { row: 1 | 2; letter: string }[] = [];
  for (const p of m) {
    const row = Number(p.slice(0, -1));
    const letter = p.slice(-1);
    if (row !== 1 && row !== 2) return { ok: false, error: '只能在两排座位中选择。' };
    if (!letters.includes(letter)) return { ok: false, error: `该席别没有 ${letter} 座。` };
    if (picks.some((x) => x.row === row && x.letter === letter)) return { ok: false, error: '同一座位不能重复选择。' };
    picks.push({ row, letter });
  }
  if (picks.length !== passengers)
    return { ok: false, error: `选座数量（${picks.length}）须与乘客人数（${passengers}）一致。` };
  return { ok: true, value: picks };
}

export function parseChooseSleeper(
  s: string,
  seatType: number,
  passengers: number,
): Parsed<{ lower: number; middle: number; upper: number }> {
  if (!SLEEPER_TYPES.includes(seatType)) return { ok: false, error: '该席别不是卧铺，不能选铺。' };
  if (!/^\d{3}$/.test(s)) return { ok: false, error: '选铺格式应为三位数字（下铺、中铺、上铺张数）。' };
  const [lower, middle, upper] = [...s].map(Number) as [number, number, number];
  if (middle > 0 && TWO_TIER_SLEEPERS.includes(seatType)) return { ok: false, error: '该卧铺没有中铺。' };
  if (lower + middle + upper > passengers) return { ok: false, error: '选铺张数不能超过乘客人数。' };
  return { ok: true, value: { lower, middle, upper } };
}

/** Display forms of seat numbers, as 12306 prints them. */
export const formatSeatNo = {
  emu: (car: number, row: number, letter: string) =>
    `${String(car).padStart(2, '0')}车厢,${String(row).padStart(2, '0')}${letter}座`,
  seat: (car: number, n: number) => `${String(car).padStart(2, '0')}车厢,${String(n).padStart(3, '0')}号`,
  berth: (car: number, n: number, tier: 'lower' | 'middle' | 'upper') =>
    `${String(car).padStart(2, '0')}车厢,${String(n).padStart(3, '0')}号${{ lower: '下铺', middle: '中铺', upper: '上铺' }[tier]}`,
  standing: (car: number) => `${String(car).padStart(2, '0')}车厢,无座`,
};
