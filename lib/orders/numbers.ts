import { randomBytes } from 'node:crypto';

/** Our numbers at the payment gateway: unique, unguessable, ≤ 32 characters of [A-Z0-9]. */
function stamp(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(6).toString('hex')}`.toUpperCase();
}

export const newPaymentNo = () => stamp('PAY');
export const newRefundNo = () => stamp('RFD');
