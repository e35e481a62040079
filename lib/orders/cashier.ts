/**
 * The payment gateway as the portal uses it (lib/payments is its protocol client): the one gateway
 * instance, the notification path, and the cashier opened for a recorded payment — shared by orders,
 * 改签 differences and grab prepayments.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { payments } from '@/db/schema';
import { paymentGatewayFromEnv, type PaymentGateway } from '@/lib/payments';
import { portalPublicUrl } from './provider';

let gateway: PaymentGateway | undefined;
export function paymentGateway(): PaymentGateway {
  gateway ??= paymentGatewayFromEnv();
  return gateway;
}

export const NOTIFY_PATH = '/api/payments/notify';

/**
 * The gateway's cashier for a recorded payment (outside any row lock: an HTTP call), reused when it
 * was opened before. Idempotent at the gateway by the payment number.
 */
export async function openCashier(
  payment: { id: string; paymentNo: string; amountFen: number; expiresAt: Date; cashierUrl: string | null },
  subject: string,
  returnPath: string,
): Promise<{ cashierUrl: string }> {
  if (payment.cashierUrl) return { cashierUrl: payment.cashierUrl };
  const base = portalPublicUrl();
  const started = await paymentGateway().startPayment({
    paymentNo: payment.paymentNo,
    amountFen: payment.amountFen,
    subject,
    notifyUrl: `${base}${NOTIFY_PATH}`,
    returnUrl: `${base}${returnPath}`,
    expiresAt: payment.expiresAt,
  });
  await db()
    .update(payments)
    .set({ cashierUrl: started.cashierUrl, gatewayTradeNo: started.gatewayTradeNo })
    .where(eq(payments.id, payment.id));
  return { cashierUrl: started.cashierUrl };
}

export type NotifyVerdict =
  | 'applied'
  | 'no_change'
  | 'bad_sign'
  | 'invalid'
  | 'unknown'
  | 'amount_mismatch'
  /** Signed, but its payment's notifications are over their limit (lib/signed-notify-limit.ts): 429. */
  | 'throttled';
