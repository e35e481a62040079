'use server';

import { guarded } from '@/lib/actions';
import { cancelOrderDef, payOrderDef } from '@/lib/booking/orders';

export async function payOrderAction(input: unknown) {
  return guarded(payOrderDef, input);
}

export async function cancelOrderAction(input: unknown) {
  return guarded(cancelOrderDef, input);
}
