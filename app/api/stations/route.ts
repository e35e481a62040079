import { z } from 'zod';
import { route } from '@/lib/http';
import { MESSAGES } from '@/lib/i18n/messages';
import { searchStationDirectory } from '@/lib/stations/provider-list';

const query = z.object({ q: z.string().trim().max(40, MESSAGES.zh.api.stations.queryTooLong).default('') });

// Zod's messages are Chinese (messages/zh/api.json); lib/http answers them in the request's language.
// The bundled list merged with the providers' synced lists (issue 26 item 11).
export const GET = route({ roles: 'public', input: query }, async (_req, { input }) => ({
  options: await searchStationDirectory(input.q, 12),
}));
