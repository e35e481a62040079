import { randomBytes } from 'node:crypto';

/** Our numbers at the payment gateway: unique, unguessable, ≤ 32 characters of [A-Z0-9]. */
function stamp(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(6).toString('hex')}`.toUpperCase();
}

export const newPaymentNo = () => stamp('PAY');
export const newRefundNo = () => stamp('RFD');

/**
 * The customerOrderNo of the one 创单 retry after a hold failed for "not logged in": the provider
 * refuses a number it has seen ("单号值必须唯一,否则会被系统判定为重复下单进行拦截").
 */
export const retryCustomerOrderNo = (customerOrderNo: string) => `${customerOrderNo}R1`;
