'use server';
/** The booking form's and the order page's server actions: two-line wrappers around the guarded definitions. */

import { guarded } from '@/lib/actions';
import { createBookingDef } from '@/lib/orders/create';
import { cancelOrderDef, payFromBalanceDef, startPaymentDef } from '@/lib/orders/defs';
import { decideWindowClaimDef, recordWindowRefundDef } from '@/lib/orders/window-claims';
import {
  applyChangeDef,
  cancelChangeDef,
  changeQuoteDef,
  changeSearchDef,
  confirmChangeDef,
  refundQuoteDef,
  requestRefundsDef,
} from '@/lib/orders/aftersales-actions';

export async function createBookingAction(input: unknown) {
  return guarded(createBookingDef, input);
}

export async function startPaymentAction(input: unknown) {
  return guarded(startPaymentDef, input);
}

export async function cancelOrderAction(input: unknown) {
  return guarded(cancelOrderDef, input);
}

export async function refundQuoteAction(input: unknown) {
  return guarded(refundQuoteDef, input);
}
export async function requestRefundsAction(input: unknown) {
  return guarded(requestRefundsDef, input);
}
export async function changeSearchAction(input: unknown) {
  return guarded(changeSearchDef, input);
}
export async function changeQuoteAction(input: unknown) {
  return guarded(changeQuoteDef, input);
}
export async function applyChangeAction(input: unknown) {
  return guarded(applyChangeDef, input);
}
export async function confirmChangeAction(input: unknown) {
  return guarded(confirmChangeDef, input);
}
export async function cancelChangeAction(input: unknown) {
  return guarded(cancelChangeDef, input);
}

export async function payFromBalanceAction(input: unknown) {
  return guarded(payFromBalanceDef, input);
}

export async function recordWindowRefundAction(input: unknown) {
  return guarded(recordWindowRefundDef, input);
}

export async function decideWindowClaimAction(input: unknown) {
  return guarded(decideWindowClaimDef, input);
}
