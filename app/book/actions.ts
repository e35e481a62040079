'use server';

import { guarded } from '@/lib/actions';
import { createBookingDef } from '@/lib/booking/orders';
import { addPassengerDef } from '@/lib/passengers/service';

export async function createBookingAction(input: unknown) {
  return guarded(createBookingDef, input);
}

export async function addPassengerAction(input: unknown) {
  return guarded(addPassengerDef, input);
}
