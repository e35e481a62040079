/**
 * The one module for time. Instants are stored as timestamptz and always read and shown on the
 * Asia/Shanghai wall clock, through @date-fns/tz (no hand-written +8 offsets anywhere else). Every page
 * shows dates as 'yyyy-MM-dd' and date-times as 'yyyy-MM-dd HH:mm' (24-hour). Calendar dates
 * ('yyyy-MM-dd' strings: travel dates, filter days) are Shanghai days. No server imports: client
 * components use it too. Instants are a Date or an ISO string (what client views get from JSON).
 */
import { TZDate, tz } from '@date-fns/tz';
import { addDays as addDaysIn, format, parse } from 'date-fns';

export const SHANGHAI = 'Asia/Shanghai';
const inShanghai = tz(SHANGHAI);
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^\d{2}:\d{2}(:\d{2})?$/;

type Instant = Date | string;
const onShanghaiClock = (at: Instant): TZDate =>
  new TZDate(typeof at === 'string' ? Date.parse(at) : at.getTime(), SHANGHAI);

/** 'yyyy-MM-dd HH:mm' on the Shanghai clock; `seconds` adds ':ss' for logs where the order matters. */
export function formatShanghai(at: Instant, { seconds = false }: { seconds?: boolean } = {}): string {
  return format(onShanghaiClock(at), seconds ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm');
}

/** The Shanghai calendar date 'yyyy-MM-dd' of an instant (default: today in Shanghai). */
export function shanghaiDate(at: Instant = new Date()): string {
  return format(onShanghaiClock(at), 'yyyy-MM-dd');
}

/** The Shanghai wall-clock time 'HH:mm' of an instant. */
export function shanghaiTime(at: Instant): string {
  return format(onShanghaiClock(at), 'HH:mm');
}

/**
 * The instant of a Shanghai wall-clock time: ('2026-11-25', '07:00') or with ':ss'; the date alone
 * is its midnight. Anything that is not a real date and time (2026-02-30, 24:00) is an Invalid Date.
 */
export function shanghaiInstant(date: string, time = '00:00'): Date {
  if (!DATE_RE.test(date) || !TIME_RE.exec(time)) return new Date(Number.NaN);
  const pattern = time.length > 5 ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm';
  return new Date(parse(`${date} ${time}`, pattern, 0, { in: inShanghai }).getTime());
}

/** The Shanghai midnight that starts the day of an instant. */
export function startOfShanghaiDay(at: Instant): Date {
  return shanghaiInstant(shanghaiDate(at));
}

/** A calendar date moved by whole days ('2026-12-30' + 3 → '2027-01-02'). */
export function addDays(date: string, days: number): string {
  return shanghaiDate(addDaysIn(shanghaiInstant(date), days, { in: inShanghai }));
}

/** Pre-sale: `days` calendar days including today in Shanghai (12306 sells 15). */
export function presaleWindow(now: Date, days: number): { first: string; last: string } {
  const first = shanghaiDate(now);
  return { first, last: addDays(first, days - 1) };
}

/** A real calendar date 'yyyy-MM-dd' (2026-02-29 and 2026-1-1 are not). */
export function isValidDate(date: string): boolean {
  return !Number.isNaN(shanghaiInstant(date).getTime());
}

/** An instant as the value of an <input type="datetime-local"> on the Shanghai clock: 'yyyy-MM-ddTHH:mm'. */
export function toDateTimeLocal(at: Instant): string {
  return format(onShanghaiClock(at), "yyyy-MM-dd'T'HH:mm");
}

/** The instant of an <input type="datetime-local"> value read on the Shanghai clock (Invalid Date if not one). */
export function fromDateTimeLocal(value: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  return m ? shanghaiInstant(m[1]!, m[2]) : new Date(Number.NaN);
}

/** A real wall-clock 'yyyy-MM-ddTHH:mm' (an <input type="datetime-local">): month 13 or 24:00 is not. */
export function isValidLocalDateTime(value: string): boolean {
  return !Number.isNaN(fromDateTimeLocal(value).getTime());
}
