/**
 * Per-address rate limit of the calendar route (CALENDAR_IP_LIMIT requests a minute): a strip asks one
 * day per request, fifteen a strip. The provider is protected by the search cache whatever the
 * address does (one call per route and day per window); this keeps one address from keeping the
 * portal and its database busy. Counted in the shared `rate_limits` table (lib/rate-limit.ts); an
 * address over its limit is refused from memory until the minute ends.
 */
import 'server-only';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { secondsText, sharedLimiter, take } from '@/lib/rate-limit';

export const CALENDAR_WINDOW_SECONDS = 60;

const limiter = () =>
  sharedLimiter('calendar', () => ({
    points: env().CALENDAR_IP_LIMIT,
    duration: CALENDAR_WINDOW_SECONDS,
    blockInMemory: true,
  }));

/** Takes a point for the address, or refuses (429) with how long to wait. */
export async function assertCalendarAllowed(address: string): Promise<void> {
  const wait = await take(limiter(), address);
  if (wait !== null)
    throw new AppError('rate_limited', `来自您网络地址的日历查询过多，请 ${secondsText(wait)}后再试。`);
}
