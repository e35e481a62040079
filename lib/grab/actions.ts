'use server';
/** Grab-order server actions: the guarded definitions of lib/grab/orders.ts, made actions by `action`. */

import { action } from '@/lib/actions';
import { cancelGrabDef, createGrabDef, startGrabPaymentDef } from './orders';

export const createGrabAction = action(createGrabDef);
export const startGrabPaymentAction = action(startGrabPaymentDef);
export const cancelGrabAction = action(cancelGrabDef);
