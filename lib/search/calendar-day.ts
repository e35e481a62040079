/**
 * One day of the 15-day availability and price calendar (issue 30 "Calendar"): computed from that day's
 * 余票 answer, and the words a day is shown and announced with. Pure and without server imports: the
 * server (lib/search/calendar.ts) computes the days, the strip (components/search/date-strip.tsx) labels
 * them, and the unit tests read both.
 */
import { formatFen } from '@/lib/format';
import { PRESALE_DAYS, salesOpen } from '@/lib/domain/rules';
import { bookableSeats } from '@/lib/domain/seats';
import { addDays, presaleWindow, shanghaiInstant } from '@/lib/time';

/**
 * - seats: some train still sells tickets in the class (or in any bookable class);
 * - soldout: trains run and sell, none has a ticket left in it;
 * - presale: trains run, none on sale yet (the window's last day before the boarding station's 起售 time);
 * - none: no train that day (or none with the class asked for);
 * - error: the provider refused the day or did not answer (`message` says which).
 */
export type CalendarStatus = 'seats' | 'soldout' | 'presale' | 'none' | 'error';

export interface CalendarDay {
  date: string;
  status: CalendarStatus;
  /**
   * The lowest fare in fen: over the classes with tickets left on trains on sale when there are such
   * (status seats), else over every listed fare of the class(es) (what a ticket would cost). null
   * when no train lists one.
   */
  lowestFen: number | null;
  /** status presale: when the day goes on sale (ISO instant), the earliest of its boarding stations. */
  saleOpensAt: string | null;
  /** status presale: each boarding station's daily 起售 time ("HH:mm", Beijing), earliest first. */
  saleStarts: { station: string; time: string }[];
  /** status error: why (the provider's refusal, or that the search is unavailable). */
  message: string | null;
}

/** What the computation reads of a train (a TrainOffer, or its JSON). */
export interface CalendarOffer {
  fromStation: string;
  departAt: Date | string;
  saleTime: string | null;
  seats: { seatType: number; priceFen: number; left: number; berths: { priceFen: number }[] }[];
}

/**
 * The dates of the calendar: the pre-sale window, PRESALE_DAYS days from today (Shanghai) inclusive,
 * as the search form's date field allows them (lib/time presaleWindow).
 */
export function calendarDates(now: Date = new Date(), days: number = PRESALE_DAYS): string[] {
  const { first } = presaleWindow(now, days);
  return Array.from({ length: days }, (_, i) => addDays(first, i));
}

/**
 * When a date of the window goes on sale: on the day it enters the PRESALE_DAYS window, at the boarding
 * station's daily 起售 time as the provider's 余票 note gives it ("12:45起售", TrainOffer.saleTime; the
 * station's column of 12306's station list, DOMAIN_NOTES "Selling").
 */
export function saleOpensAt(date: string, saleTime: string): Date {
  return shanghaiInstant(addDays(date, -(PRESALE_DAYS - 1)), saleTime);
}

/** A class's lowest fare: its price, or its cheapest berth's when lower. */
const fareOf = (s: { priceFen: number; berths: { priceFen: number }[] }): number =>
  Math.min(s.priceFen, ...s.berths.map((b) => b.priceFen));

const minOf = (xs: number[]): number | null => (xs.length ? Math.min(...xs) : null);

/**
 * The day from its trains. `seatType`: the class asked for; without it, any bookable class (无座 is
 * never bookable on its own, FAQ §7). A train whose online sales have closed (25 min before departure)
 * or whose boarding station does not sell the date yet counts for the fares only, never for "有票".
 */
export function calendarDayOf(
  date: string,
  offers: readonly CalendarOffer[],
  { seatType, now = new Date() }: { seatType?: number | undefined; now?: Date } = {},
): CalendarDay {
  const day: CalendarDay = { date, status: 'none', lowestFen: null, saleOpensAt: null, saleStarts: [], message: null };
  const trains = offers
    .map((o) => ({
      o,
      classes: bookableSeats(o.seats).filter((s) => seatType === undefined || s.seatType === seatType),
    }))
    .filter((t) => t.classes.length > 0);
  if (!trains.length) return day;

  const pending = trains.filter((t) => t.o.saleTime !== null);
  const selling = trains.filter((t) => t.o.saleTime === null && salesOpen(new Date(t.o.departAt), now));
  const withSeats = selling.flatMap((t) => t.classes.filter((s) => s.left > 0));
  if (withSeats.length) {
    return { ...day, status: 'seats', lowestFen: minOf(withSeats.map(fareOf)) };
  }
  const lowestFen = minOf(trains.flatMap((t) => t.classes.map(fareOf)));
  if (!selling.length && pending.length) {
    const starts = new Map<string, string>();
    for (const { o } of pending) {
      const known = starts.get(o.fromStation);
      if (!known || o.saleTime! < known) starts.set(o.fromStation, o.saleTime!);
    }
    const saleStarts = [...starts]
      .map(([station, time]) => ({ station, time }))
      .sort((a, b) => a.time.localeCompare(b.time) || a.station.localeCompare(b.station));
    return {
      ...day,
      status: 'presale',
      lowestFen,
      saleOpensAt: saleOpensAt(date, saleStarts[0]!.time).toISOString(),
      saleStarts,
    };
  }
  return { ...day, status: 'soldout', lowestFen };
}

/** A day the provider refused or could not answer. */
export function calendarErrorDay(date: string, message: string): CalendarDay {
  return { date, status: 'error', lowestFen: null, saleOpensAt: null, saleStarts: [], message };
}

// ---- labels ---------------------------------------------------------------------------------------
// In Chinese ("12月8日 周二 有票 ¥553起") and in English ("Dec 8 Tue available from ¥553"); the
// strip passes its locale, and for English the class and station names already in English.

export type LabelLocale = 'zh' | 'en';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** '2026-12-08' → { date: '12月8日', short: '12/8', weekday: '周二' } (English: 'Dec 8', '12/8', 'Tue'). */
export function dateParts(date: string, locale: LabelLocale = 'zh'): { date: string; short: string; weekday: string } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (locale === 'en') return { date: `${MONTHS_EN[m - 1]} ${d}`, short: `${m}/${d}`, weekday: WEEKDAYS_EN[day]! };
  return { date: `${m}月${d}日`, short: `${m}/${d}`, weekday: WEEKDAYS[day]! };
}

/** The state word of a day as the strip shows it: 有票, 无票, 12:45起售, 无车次, 查询失败. */
export function statusText(
  day: Pick<CalendarDay, 'status' | 'saleStarts'>,
  seatName?: string,
  locale: LabelLocale = 'zh',
): string {
  const en = locale === 'en';
  switch (day.status) {
    case 'seats':
      return en ? 'available' : '有票';
    case 'soldout':
      return en ? 'sold out' : '无票';
    case 'presale':
      return en ? `on sale ${day.saleStarts[0]?.time ?? ''}` : `${day.saleStarts[0]?.time ?? ''}起售`;
    case 'none':
      if (en) return seatName ? `no ${seatName}` : 'no trains';
      return seatName ? `无${seatName}` : '无车次';
    case 'error':
      return en ? 'failed' : '查询失败';
  }
}

/** "¥553起" (the lowest fare; English "from ¥553"), or '' when there is none to show. */
export function priceText(day: Pick<CalendarDay, 'lowestFen' | 'status'>, locale: LabelLocale = 'zh'): string {
  if (day.lowestFen === null || day.status === 'none' || day.status === 'error') return '';
  return locale === 'en' ? `from ${formatFen(day.lowestFen)}` : `${formatFen(day.lowestFen)}起`;
}

/**
 * When a presale day opens, in words: "12月6日 12:45起售（北京南）" (English "on sale Dec 6 12:45
 * (Beijing South 12:45)", `station` giving the English of a station name).
 */
export function saleOpensText(
  day: Pick<CalendarDay, 'date' | 'saleStarts'>,
  locale: LabelLocale = 'zh',
  station: (name: string) => string = (n) => n,
): string {
  const first = day.saleStarts[0];
  if (!first) return '';
  const opensOn = dateParts(addDays(day.date, -(PRESALE_DAYS - 1)), locale).date;
  if (locale === 'en') {
    const stations = day.saleStarts.map((s) => `${station(s.station)} ${s.time}`).join(', ');
    return `on sale ${opensOn} ${first.time} (${stations})`;
  }
  const stations = day.saleStarts.map((s) => `${s.station} ${s.time}`).join('、');
  return `${opensOn} ${first.time}起售（${stations}）`;
}

/**
 * The accessible name of a day's link: what it shows, in its order ("12月8日 周二 有票 ¥553起"; the name
 * must contain the visible text, axe label-content-name-mismatch), and for a presale day its sale date
 * after it ("12月20日 周日 12:45起售 ¥553起，12月6日 12:45起售（北京南 12:45）"). English in the same
 * order: "Dec 8 Tue available from ¥553".
 */
export function dayLabel(
  day: CalendarDay,
  seatName?: string,
  locale: LabelLocale = 'zh',
  station?: (name: string) => string,
): string {
  const { date, weekday } = dateParts(day.date, locale);
  if (locale === 'en') {
    const shown = [date, weekday, statusText(day, seatName, 'en'), priceText(day, 'en')].filter(Boolean).join(' ');
    return day.status === 'presale' && day.saleStarts.length ? `${shown}; ${saleOpensText(day, 'en', station)}` : shown;
  }
  const shown = [date, weekday, statusText(day, seatName), priceText(day)].filter(Boolean).join(' ');
  return day.status === 'presale' && day.saleStarts.length ? `${shown}，${saleOpensText(day)}` : shown;
}
