import { z } from 'zod';
import { trainStops } from '@/lib/search/search';
import { isValidDate } from '@/lib/time';
import { route } from '@/lib/http';
import { MESSAGES } from '@/lib/i18n/messages';

// Zod's messages are Chinese (messages/zh/api.json); lib/http answers them in the request's language.
const TEXT = MESSAGES.zh.api.stops;

const query = z.object({
  trainCode: z.string().regex(/^[A-Z]?\d{1,5}$/, TEXT.trainCodeInvalid),
  trainNo: z.string().regex(/^[0-9A-Za-z]{6,16}$/, TEXT.trainNoInvalid),
  date: z.string().refine(isValidDate, TEXT.dateInvalid),
  from: z.string().trim().min(1).max(40),
  to: z.string().trim().min(1).max(40),
});

export const GET = route({ roles: 'public', input: query }, async (_req, { input }) => ({
  stops: await trainStops(input),
}));
