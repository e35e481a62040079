import { z } from 'zod';
import { route } from '@/lib/http';
import { searchStations } from '@/lib/stations';

const query = z.object({ q: z.string().trim().max(40, '查询过长。').default('') });

export const GET = route({ roles: 'public', input: query }, (_req, { input }) =>
  Promise.resolve({ options: searchStations(input.q, 12) }),
);
