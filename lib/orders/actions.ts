'use server';
/** The booking form's and the order page's server actions: the guarded definitions, each made an action by `action`. */

import { action } from '@/lib/actions';
import { createBookingDef } from '@/lib/orders/create';
import { cancelOrderDef, payFromBalanceDef, startPaymentDef } from '@/lib/orders/defs';
import { decideWindowClaimDef, recordWindowRefundDef } from '@/lib/orders/window-claims';
import {
  applyChangeDef,
  cancelChangeDef,
  changeQuoteDef,
  changeSearchDef,
  changeStationsDef,
  confirmChangeDef,
  refundQuoteDef,
  requestRefundsDef,
} from '@/lib/orders/aftersales-actions';

export const createBookingAction = action(createBookingDef);
export const startPaymentAction = action(startPaymentDef);
export const cancelOrderAction = action(cancelOrderDef);
export const refundQuoteAction = action(refundQuoteDef);
export const requestRefundsAction = action(requestRefundsDef);
export const changeSearchAction = action(changeSearchDef);
export const changeStationsAction = action(changeStationsDef);
export const changeQuoteAction = action(changeQuoteDef);
export const applyChangeAction = action(applyChangeDef);
export const confirmChangeAction = action(confirmChangeDef);
export const cancelChangeAction = action(cancelChangeDef);
export const payFromBalanceAction = action(payFromBalanceDef);
export const recordWindowRefundAction = action(recordWindowRefundDef);
export const decideWindowClaimAction = action(decideWindowClaimDef);
