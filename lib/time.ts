/**
 * The one module for time. Instants are stored as timestamptz and always read and shown on the
 * Asia/Shanghai wall clock: through Intl (reading a clock) and @date-fns/tz (building an instant from
 * one), never a hand-written +8 offset. Every page shows dates as 'yyyy-MM-dd' and date-times as
 * 'yyyy-MM-dd HH:mm' (24-hour). Calendar dates ('yyyy-MM-dd' strings: travel dates, filter days) are
 * Shanghai days. No server imports: client components use it too. Instants are a Date or an ISO
 * string (what client views get from JSON).
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import { addDays as addDaysIn } from 'date-fns';

export const SHANGHAI = 'Asia/Shanghai';
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

type Instant = Date | string;
// One formatter, read by parts (a search maps hundreds of times; date-fns' format and parse cost
// tens of microseconds a call, this a few).
const clock = new Intl.DateTimeFormat('en-CA', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
/** The Shanghai wall clock of an instant: 'yyyy-MM-dd', 'HH:mm', 'ss'. Throws RangeError on an invalid one. */
function onShanghaiClock(at: Instant): { date: string; time: string; seconds: string } {
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of clock.formatToParts(typeof at === 'string' ? Date.parse(at) : at)) p[type] = value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, seconds: p.second! };
}

/** 'yyyy-MM-dd HH:mm' on the Shanghai clock; `seconds` adds ':ss' for logs where the order matters. */
export function formatShanghai(at: Instant, { seconds = false }: { seconds?: boolean } = {}): string {
  const c = onShanghaiClock(at);
  return seconds ? `${c.date} ${c.time}:${c.seconds}` : `${c.date} ${c.time}`;
}

/** The Shanghai calendar date 'yyyy-MM-dd' of an instant (default: today in Shanghai). */
export function shanghaiDate(at: Instant = new Date()): string {
  return onShanghaiClock(at).date;
}

/** The Shanghai wall-clock time 'HH:mm' of an instant. */
export function shanghaiTime(at: Instant): string {
  return onShanghaiClock(at).time;
}

/**
 * The instant of a Shanghai wall-clock time: ('2026-11-25', '07:00') or with ':ss'; the date alone
 * is its midnight. Anything that is not a real date and time (2026-02-30, 24:00) is an Invalid Date.
 */
export function shanghaiInstant(date: string, time = '00:00'): Date {
  const t = TIME_RE.exec(time);
  if (!DATE_RE.test(date) || !t) return new Date(Number.NaN);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  // Date.UTC rolls 02-30 over to 03-02: a calendar date is real when it reads back the same.
  const asUtc = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (asUtc.getUTCMonth() !== mo - 1 || asUtc.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return new Date(Number.NaN);
  // The zone's offset at that moment (no DST in Shanghai since 1991: the same on either side of it).
  return new Date(asUtc.getTime() - tzOffset(SHANGHAI, asUtc) * 60_000);
}

/** The Shanghai midnight that starts the day of an instant. */
export function startOfShanghaiDay(at: Instant): Date {
  return shanghaiInstant(shanghaiDate(at));
}

/** A calendar date moved by whole days ('2026-12-30' + 3 → '2027-01-02'). */
export function addDays(date: string, days: number): string {
  return shanghaiDate(addDaysIn(new TZDate(shanghaiInstant(date), SHANGHAI), days));
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
  const c = onShanghaiClock(at);
  return `${c.date}T${c.time}`;
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
