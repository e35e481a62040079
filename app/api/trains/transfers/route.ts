import { z } from 'zod';
import { clientAddress } from '@/lib/auth/throttle';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http';
import { pgLimiter, take } from '@/lib/rate-limit';
import { searchTransfers } from '@/lib/search/transfers';
import { isValidDate } from '@/lib/time';

const query = z.object({
  from: z.string().trim().min(1, '请填写出发地。').max(40, '出发地过长。'),
  to: z.string().trim().min(1, '请填写到达地。').max(40, '到达地过长。'),
  date: z.string().refine(isValidDate, '日期无效。'),
});

/**
 * Each transfer search may make up to MAX_LEG_SEARCHES cached searches: 20 a minute per address is
 * plenty for a person and bounds what one client can make the portal ask the providers.
 */
const globalLimiter = globalThis as unknown as { transferLimiter?: ReturnType<typeof pgLimiter> };
const limiter = () =>
  (globalLimiter.transferLimiter ??= pgLimiter({
    keyPrefix: 'transfers',
    points: 20,
    duration: 60,
    blockInMemory: true,
  }));

// 中转方案 for the results page (lib/search/transfers.ts).
export const GET = route({ roles: 'public', input: query }, async (req, { input }) => {
  const wait = await take(limiter(), clientAddress(req.headers));
  if (wait !== null) throw new AppError('rate_limited', `中转查询过于频繁，请 ${Math.ceil(wait / 1000)} 秒后再试。`);
  if (input.from === input.to) throw new AppError('validation', '出发地和到达地不能相同。');
  return searchTransfers(input.from, input.to, input.date);
});
