/**
 * Running-date patterns of the 2024-06-15 timetable and their projection onto today's calendar.
 *
 * Pattern grammar (the `dates` column of timetable-cr240615.csv; parts joined by `&`, all must hold):
 *   - date list  `240615-0721`, `240727|30`, `240601-10|15-20`: `|`-separated dates or ranges; a date is
 *     yymmdd, or mmdd / dd inheriting the year (and month) of the previous date; a range end before its
 *     start rolls into the next year. Empty pattern: every day.
 *   - exclusion  `!240720|22`: a date list the train does NOT run on;
 *   - parity     `单` odd days of month, `双` even days;
 *   - weekdays   `w5671`: ISO weekdays it runs (1 = Monday … 7 = Sunday);
 *   - cycle      `b011`: a repeating run/no-run bit pattern, our reading: bit k mod n for the k-th day
 *     after the first date of the date list (after 2024-06-15 when there is none).
 */

/** The timetable's own date: the snapshot the sandbox projects from. */
export const REFERENCE_DATE = '2024-06-15';

/** A code with no number covering the reference date may be projected from a later date this close… */
export const PROJECTION_HORIZON_DAYS = 30;
/** …when that service runs on at least this many consecutive days (one-off specials stay dropped). */
export const MIN_REGULAR_RUN_DAYS = 7;

/**
 * The calendar-projection rule, exported so the sandbox README / UI can quote it verbatim.
 *
 * 1. Each train CODE is projected from one representative date: 2024-06-15 when one of its internal
 *    numbers' date lists covers that day (exclusions honoured; a pattern without a date list covers
 *    every day). Otherwise, the first later date within PROJECTION_HORIZON_DAYS (30) on which one of
 *    its numbers starts a service of at least MIN_REGULAR_RUN_DAYS (7) consecutive covered days —
 *    e.g. `G77 240616-0910`, a regular train that starts the day after the snapshot. Codes with
 *    neither (one-day specials, services starting more than 30 days later) are dropped.
 * 2. The numbers of the code covering the representative date are kept (several when the code has
 *    odd/even-day or weekday variants); every other number (other dates, other stop lists) is dropped.
 * 3. A kept number runs EVERY day of the projected calendar, except that its recurrence rule is kept:
 *    单/双 by the day-of-month parity, `w…` by the ISO weekday, and a `b…` cycle continued day by day
 *    from its anchor. So an even-day (双) train is kept although 2024-06-15 is odd.
 * 4. The rule is evaluated on the train's ORIGIN date (the date it leaves its first station). For a
 *    passenger boarding on the first day of the run this is the travel date; boarding after midnight
 *    on a later day of the run, it is the travel date minus that day offset.
 */
export const CALENDAR_PROJECTION = `Each train code is projected from one date: ${REFERENCE_DATE} when one of its internal numbers covers it
(date lists and exclusions), else the first later date within 30 days that starts a service of at least 7 consecutive days
(codes with neither are dropped). The numbers covering that date run every day of today's calendar, keeping their
recurrence: 单/双 by the day-of-month parity, w… weekdays by ISO weekday, b… cycles continued from their anchor. The rule is
evaluated on the train's origin date (the travel date minus the boarding station's day offset).`;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (UTC arithmetic, no time zone involved). */
export function dayNumber(iso: string): number {
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  if (Number.isNaN(t)) throw new RangeError(`not a date: ${iso}`);
  return Math.round(t / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export const addDays = (iso: string, n: number): string => isoOfDay(dayNumber(iso) + n);

/** ISO weekday 1 (Monday) … 7 (Sunday). */
export function isoWeekday(iso: string): number {
  const d = new Date(dayNumber(iso) * DAY_MS).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Inclusive day-number ranges. */
export type DateSet = readonly (readonly [number, number])[];

export interface Recurrence {
  parity: 'odd' | 'even' | null;
  /** ISO weekdays, or null for any. */
  weekdays: readonly number[] | null;
  /** Run/no-run bits repeating from `anchorDay` (a day number), or null. */
  cycle: { bits: string; anchorDay: number } | null;
}

export interface RunningDates {
  raw: string;
  /** Date lists the day must be in (all of them), and exclusion lists it must not be in. */
  include: readonly DateSet[];
  exclude: readonly DateSet[];
  recurrence: Recurrence;
}

/** Parses a `|`-separated date list; years and months are inherited left to right. */
export function parseDateList(list: string): DateSet {
  let year = 2024;
  let month = 1;
  const date = (tok: string): number => {
    let day: number;
    if (tok.length === 6) {
      year = 2000 + Number(tok.slice(0, 2));
      month = Number(tok.slice(2, 4));
      day = Number(tok.slice(4, 6));
    } else if (tok.length === 4) {
      month = Number(tok.slice(0, 2));
      day = Number(tok.slice(2, 4));
    } else if (tok.length >= 1 && tok.length <= 2) {
      day = Number(tok);
    } else throw new RangeError(`bad date token "${tok}" in "${list}"`);
    if (!/^\d+$/.test(tok) || month < 1 || month > 12 || day < 1 || day > 31)
      throw new RangeError(`bad date token "${tok}" in "${list}"`);
    return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
  };
  const out: [number, number][] = [];
  for (const seg of list.split('|')) {
    if (!seg) continue;
    const [a = '', b] = seg.split('-');
    const start = date(a);
    let end = b === undefined ? start : date(b);
    if (end < start) {
      // e.g. 241215-0110: the end is in the next year.
      year += 1;
      end = Math.round(Date.UTC(year, month - 1, new Date(end * DAY_MS).getUTCDate()) / DAY_MS);
    }
    out.push([start, end]);
  }
  return out;
}

const inSet = (set: DateSet, day: number) => set.some(([a, b]) => a <= day && day <= b);

const parsedMemo = new Map<string, RunningDates>();

/** Parses a running-dates pattern (memoised: the timetable repeats a few thousand patterns). */
export function parseRunningDates(raw: string): RunningDates {
  let hit = parsedMemo.get(raw);
  if (!hit) parsedMemo.set(raw, (hit = parsePattern(raw)));
  return hit;
}

function parsePattern(raw: string): RunningDates {
  const include: DateSet[] = [];
  const exclude: DateSet[] = [];
  let parity: Recurrence['parity'] = null;
  let weekdays: number[] | null = null;
  let bits: string | null = null;
  for (const part of raw.trim().split('&')) {
    if (!part) continue;
    if (part === '单') parity = 'odd';
    else if (part === '双') parity = 'even';
    else if (/^w[1-7]+$/.test(part)) weekdays = [...new Set([...part.slice(1)].map(Number))].sort();
    else if (/^b[01]+$/.test(part)) bits = part.slice(1);
    else if (part.startsWith('!')) exclude.push(parseDateList(part.slice(1)));
    else include.push(parseDateList(part));
  }
  const firstListed = include.length ? Math.min(...include.flatMap((s) => s.map(([a]) => a))) : null;
  return {
    raw,
    include,
    exclude,
    recurrence: {
      parity,
      weekdays,
      cycle: bits ? { bits, anchorDay: firstListed ?? dayNumber(REFERENCE_DATE) } : null,
    },
  };
}

/** Whether the date lists (not the recurrence) cover a day. */
export function periodCovers(rd: RunningDates, iso: string): boolean {
  return periodCoversDay(rd, dayNumber(iso));
}

/** Whether a recurrence rule holds on a date. */
export function recurs(rec: Recurrence, iso: string): boolean {
  if (!rec.parity && !rec.weekdays && !rec.cycle) return true;
  if (rec.parity) {
    const odd = Number(iso.slice(8, 10)) % 2 === 1;
    if (odd !== (rec.parity === 'odd')) return false;
  }
  if (rec.weekdays && !rec.weekdays.includes(isoWeekday(iso))) return false;
  if (rec.cycle) {
    const n = rec.cycle.bits.length;
    const k = (((dayNumber(iso) - rec.cycle.anchorDay) % n) + n) % n;
    if (rec.cycle.bits[k] !== '1') return false;
  }
  return true;
}

/** The literal 2024 meaning of a pattern: does the train run on this date of the original calendar? */
export function runsOn(pattern: string | RunningDates, iso: string): boolean {
  const rd = typeof pattern === 'string' ? parseRunningDates(pattern) : pattern;
  return periodCovers(rd, iso) && recurs(rd.recurrence, iso);
}

/** Whether the date lists cover a day number. */
export function periodCoversDay(rd: RunningDates, day: number): boolean {
  return rd.include.every((s) => inSet(s, day)) && !rd.exclude.some((s) => inSet(s, day));
}

/** Does the pattern's period cover the reference date? */
export const inServiceOnReference = (rd: RunningDates): boolean => periodCovers(rd, REFERENCE_DATE);

/** Consecutive covered days starting at `day`, counted up to `cap`. */
export function coveredRun(rd: RunningDates, day: number, cap = MIN_REGULAR_RUN_DAYS): number {
  let n = 0;
  while (n < cap && periodCoversDay(rd, day + n)) n++;
  return n;
}

/**
 * Rule 1 for one number: the reference day when covered, else the first later day within the
 * horizon that starts a regular service (≥ MIN_REGULAR_RUN_DAYS covered days); null when neither.
 * Candidates are the reference day, include-range starts and the days after exclusion ranges: a
 * covered stretch can only begin at one of those.
 */
export function representativeDay(rd: RunningDates): number | null {
  const ref = dayNumber(REFERENCE_DATE);
  if (periodCoversDay(rd, ref)) return ref;
  const last = ref + PROJECTION_HORIZON_DAYS;
  const candidates = new Set<number>();
  for (const set of rd.include) for (const [a] of set) if (a > ref && a <= last) candidates.add(a);
  for (const set of rd.exclude) for (const [, b] of set) if (b + 1 > ref && b + 1 <= last) candidates.add(b + 1);
  for (const d of [...candidates].sort((x, y) => x - y))
    if (periodCoversDay(rd, d) && coveredRun(rd, d) >= MIN_REGULAR_RUN_DAYS) return d;
  return null;
}

/** Rule 3: does a kept train leave its origin on `originDate` (any year)? */
export const projectedRunsOn = (rec: Recurrence, originDate: string): boolean => recurs(rec, originDate);
