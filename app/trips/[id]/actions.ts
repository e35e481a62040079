'use server';

import { guarded } from '@/lib/actions';
import { cancelOrderDef, startPaymentDef } from '@/lib/booking/orders';

export async function startPaymentAction(input: unknown) {
  return guarded(startPaymentDef, input);
}

export async function cancelOrderAction(input: unknown) {
  return guarded(cancelOrderDef, input);
}
