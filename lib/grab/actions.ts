'use server';
/** Grab-order server actions: two-line wrappers around the guarded definitions (lib/grab/orders.ts). */

import { guarded } from '@/lib/actions';
import { cancelGrabDef, createGrabDef, startGrabPaymentDef } from './orders';

export async function createGrabAction(input: unknown) {
  return guarded(createGrabDef, input);
}

export async function startGrabPaymentAction(input: unknown) {
  return guarded(startGrabPaymentDef, input);
}

export async function cancelGrabAction(input: unknown) {
  return guarded(cancelGrabDef, input);
}
