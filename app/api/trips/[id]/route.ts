import type { z } from 'zod';
import { AREA_ROLES } from '@/lib/auth/guard';
import { route } from '@/lib/http';
import { ownTrip, tripView } from '@/lib/trips/views';

/** The live trip view's JSON (its owner only; 404 otherwise). It only reads: the trip moves on jobs. */
export const GET = route<z.ZodUndefined, { id: string }>(
  { roles: AREA_ROLES.traveller },
  async (_req, { user, params }) => tripView(await ownTrip(user!, params.id)),
);
