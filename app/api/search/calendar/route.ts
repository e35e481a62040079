import { NextResponse, type NextRequest } from 'next/server';
import { clientAddress } from '@/lib/auth/throttle';
import { requestLocale } from '@/lib/i18n/request-locale';
import { errorResponse } from '@/lib/http';
import { calendarDay, calendarDays } from '@/lib/search/calendar';
import { assertCalendarAllowed } from '@/lib/search/calendar-limit';
import { parseCalendarQuery } from '@/lib/search/calendar-query';

/**
 * The 15-day availability and price calendar (lib/search/calendar.ts): `?from&to&date[&seat]` answers
 * one day (the strip asks each day on its own, so a slow day does not hold up the others); without
 * `date`, every day of the pre-sale window. Public and the same for everyone, like the search page:
 * no session is read (fifteen requests a strip), the address is limited (calendar-limit.ts), bad
 * input is a 422 with its reason (calendar-query.ts), errors go through lib/http's mapping.
 */
export async function GET(req: NextRequest): Promise<Response> {
  try {
    await assertCalendarAllowed(clientAddress(req.headers));
    const q = parseCalendarQuery(Object.fromEntries(req.nextUrl.searchParams.entries()));
    const query = { from: q.from, to: q.to, seatType: q.seat };
    return NextResponse.json({ days: q.date ? [await calendarDay(query, q.date)] : await calendarDays(query) });
  } catch (e) {
    return errorResponse(e, await requestLocale());
  }
}
