'use server';
/** The trip booking form's and the trip page's server actions (guarded definitions made actions). */

import { action } from '@/lib/actions';
import { createTripDef } from './create';
import { startTripPaymentDef, tripViewDef } from './defs';

export const createTripAction = action(createTripDef);
export const startTripPaymentAction = action(startTripPaymentDef);
export const tripViewAction = action(tripViewDef);
