/**
 * The 15-day availability and price calendar (issue 30 "Calendar"), built only on the cached 余票
 * search (search.ts `searchTrains`): a day is that date's cached answer read by calendar-day.ts, so
 * opening the calendar costs at most one provider call per day per cache window (SEARCH_CACHE_TTL_MS),
 * shared with the results pages and across instances (lib/shared-cache.ts single-flight).
 */
import 'server-only';
import { calendarDates, calendarDayOf, calendarErrorDay, type CalendarDay } from './calendar-day';
import { searchTrains, SearchError } from './search';

export type { CalendarDay } from './calendar-day';

export interface CalendarQuery {
  from: string;
  to: string;
  /** A 席别 code (二等座 4, 硬卧 3, …); without it, any bookable class. */
  seatType?: number | undefined;
}

/** One day of the calendar (a date of the pre-sale window: the caller checks). */
export async function calendarDay(q: CalendarQuery, date: string, now: Date = new Date()): Promise<CalendarDay> {
  try {
    const answer = await searchTrains(q.from, q.to, date);
    return calendarDayOf(date, answer.offers, { seatType: q.seatType, now });
  } catch (e) {
    if (e instanceof SearchError) return calendarErrorDay(date, e.message);
    throw e;
  }
}

/**
 * Every day of the pre-sale window, `concurrency` searches at a time (the days the cache holds cost
 * nothing; the others one provider call each, not a burst of fifteen against the provider's bulkhead).
 */
export async function calendarDays(
  q: CalendarQuery,
  { now = new Date(), concurrency = 3 }: { now?: Date; concurrency?: number } = {},
): Promise<CalendarDay[]> {
  const dates = calendarDates(now);
  const days: CalendarDay[] = new Array<CalendarDay>(dates.length);
  let next = 0;
  const worker = async () => {
    while (next < dates.length) {
      const i = next++;
      days[i] = await calendarDay(q, dates[i]!, now);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, dates.length)) }, worker));
  return days;
}
