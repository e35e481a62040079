import { clientAddress } from '@/lib/auth/throttle';
import { route } from '@/lib/http';
import { calendarDay, calendarDays } from '@/lib/search/calendar';
import { assertCalendarAllowed } from '@/lib/search/calendar-limit';
import { parseCalendarQuery } from '@/lib/search/calendar-query';

/**
 * The 15-day availability and price calendar (lib/search/calendar.ts): `?from&to&date[&seat]` answers
 * one day (the strip asks each day on its own, so a slow day does not hold up the others); without
 * `date`, every day of the pre-sale window. Public, like the search; limited per address.
 */
export const GET = route({ roles: 'public' }, async (req) => {
  await assertCalendarAllowed(clientAddress(req.headers));
  const q = parseCalendarQuery(Object.fromEntries(req.nextUrl.searchParams.entries()));
  const query = { from: q.from, to: q.to, seatType: q.seat };
  return { days: q.date ? [await calendarDay(query, q.date)] : await calendarDays(query) };
});
