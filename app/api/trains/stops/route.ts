import { z } from 'zod';
import { trainStops } from '@/lib/search/search';
import { isValidDate } from '@/lib/time';
import { route } from '@/lib/http';

const query = z.object({
  trainCode: z.string().regex(/^[A-Z]?\d{1,5}$/, '车次无效。'),
  trainNo: z.string().regex(/^[0-9A-Za-z]{6,16}$/, '车次编号无效。'),
  date: z.string().refine(isValidDate, '日期无效。'),
  from: z.string().trim().min(1).max(40),
  to: z.string().trim().min(1).max(40),
});

export const GET = route({ roles: 'public', input: query }, async (_req, { input }) => ({
  stops: await trainStops(input),
}));
