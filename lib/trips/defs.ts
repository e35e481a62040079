/** The trip pages' guarded definitions: pay the trip's one payment at the gateway, read the trip. */
import { z } from 'zod';
import type { GuardedDef } from '@/lib/actions';
import { AREA_ROLES } from '@/lib/auth/roles';
import { startTripPayment } from './money';
import { ownTrip, tripView, type TripView } from './views';

const tripIdSchema = z.object({ tripId: z.string().uuid('行程号无效。') });

/** 去支付: the cashier URL for the trip's one payment (both legs). Other people's trips are 404. */
export const startTripPaymentDef = {
  roles: AREA_ROLES.traveller,
  schema: tripIdSchema,
  body: async ({ tripId }, user) => {
    const trip = await ownTrip(user!, tripId);
    return startTripPayment(trip.id, user!.id);
  },
} satisfies GuardedDef<typeof tripIdSchema, { cashierUrl: string }>;

/** The trip page's live view (polled while the trip is moving). */
export const tripViewDef = {
  roles: AREA_ROLES.traveller,
  schema: tripIdSchema,
  body: async ({ tripId }, user) => tripView(await ownTrip(user!, tripId)),
} satisfies GuardedDef<typeof tripIdSchema, TripView>;
