'use server';
/** The 送票 pages' server actions: the guarded definitions of lib/delivery/defs.ts, each made an action. */

import { action } from '@/lib/actions';
import {
  addCustomerAddressDef,
  addMyAddressDef,
  cancelDeliveryDef,
  cancelQuoteDef,
  interceptDeliveryDef,
  listCustomerAddressesDef,
  listMyAddressesDef,
  orderDeliveriesDef,
  payCancelChargeDef,
  payDeliveryFeeDef,
  refreshDeliveryDef,
  removeCustomerAddressDef,
  removeMyAddressDef,
  requestDeliveryDef,
} from './defs';

export const listMyAddressesAction = action(listMyAddressesDef);
export const addMyAddressAction = action(addMyAddressDef);
export const removeMyAddressAction = action(removeMyAddressDef);
export const listCustomerAddressesAction = action(listCustomerAddressesDef);
export const addCustomerAddressAction = action(addCustomerAddressDef);
export const removeCustomerAddressAction = action(removeCustomerAddressDef);
export const orderDeliveriesAction = action(orderDeliveriesDef);
export const requestDeliveryAction = action(requestDeliveryDef);
export const payDeliveryFeeAction = action(payDeliveryFeeDef);
export const refreshDeliveryAction = action(refreshDeliveryDef);
export const cancelQuoteAction = action(cancelQuoteDef);
export const cancelDeliveryAction = action(cancelDeliveryDef);
export const interceptDeliveryAction = action(interceptDeliveryDef);
export const payCancelChargeAction = action(payCancelChargeDef);
