import type { z } from 'zod';
import { AREA_ROLES } from '@/lib/auth/guard';
import { grabView } from '@/lib/grab/orders';
import { route } from '@/lib/http';

/** The live grab order view's JSON (its owner only; 404 otherwise). It only reads: the engine runs on jobs. */
export const GET = route<z.ZodUndefined, { id: string }>(
  { roles: AREA_ROLES.traveller },
  async (_req, { user, params }) => grabView(user!, params.id),
);
