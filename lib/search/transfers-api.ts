/**
 * What GET /api/trains/transfers does (app/api/trains/transfers/route.ts only wires it to the route
 * wrapper): the query's schema, the per-address limit, then the transfer search.
 */
import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { secondsText, sharedLimiter, take } from '@/lib/rate-limit';
import { isValidDate } from '@/lib/time';
import { searchTransfers, type TransferAnswer } from './transfers';

export const transferQuery = z.object({
  from: z.string().trim().min(1, '请填写出发地。').max(40, '出发地过长。'),
  to: z.string().trim().min(1, '请填写到达地。').max(40, '到达地过长。'),
  date: z.string().refine(isValidDate, '日期无效。'),
});

/**
 * Each transfer search may make up to MAX_LEG_SEARCHES cached searches: 20 a minute per address is
 * plenty for a person and bounds what one client can make the portal ask the providers.
 */
export const TRANSFER_SEARCHES_PER_MINUTE = 20;

const limiter = () =>
  sharedLimiter('transfers', () => ({ points: TRANSFER_SEARCHES_PER_MINUTE, duration: 60, blockInMemory: true }));

/** The journeys for a checked query from `address`; a 429 AppError past the limit, a 400 for from = to. */
export async function transfersFor(input: z.output<typeof transferQuery>, address: string): Promise<TransferAnswer> {
  const wait = await take(limiter(), address);
  if (wait !== null) throw new AppError('rate_limited', `中转查询过于频繁，请 ${secondsText(wait)}后再试。`);
  if (input.from === input.to) throw new AppError('validation', '出发地和到达地不能相同。');
  return searchTransfers(input.from, input.to, input.date);
}
