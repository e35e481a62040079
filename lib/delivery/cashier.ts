/**
 * The gateway cashier for one of a delivery's two payments (its fee, a cancellation's fare charge). The
 * delivery row keeps one payment number per payment: while that payment is open at the gateway its
 * cashier is reused; once the gateway closed it (the cashier's 15 minutes passed) or failed it, that
 * number can never be paid, so a new one is minted (`…-2`, `…-3`: deterministic, so two clicks at once
 * open the same payment, the gateway being idempotent by number) and stored compare-and-set on the old.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { deliveries, type Delivery } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { NOTIFY_PATH, paymentGateway } from '@/lib/orders/cashier';
import { portalPublicUrl } from '@/lib/orders/provider';
import { DELIVERY_PAY_RETURN } from './writer';

/** How long a delivery payment's cashier stays open at the gateway. */
export const DELIVERY_PAY_TTL_MS = 15 * 60_000;

const COLUMNS = {
  fee: { no: 'feePaymentNo', url: 'feeCashierUrl' },
  charge: { no: 'chargePaymentNo', url: 'chargeCashierUrl' },
} as const;

/** The next payment number after a dead one: DF123 → DF123-2 → DF123-3. */
export function nextDeliveryPaymentNo(no: string): string {
  const m = /^(.*)-(\d+)$/.exec(no);
  return m ? `${m[1]}-${Number(m[2]) + 1}` : `${no}-2`;
}

export async function openDeliveryCashier(
  d: Delivery,
  kind: keyof typeof COLUMNS,
  amountFen: number,
  subject: string,
): Promise<{ cashierUrl: string }> {
  const c = COLUMNS[kind];
  const current = d[c.no];
  if (!current) throw new AppError('conflict', '没有待支付的款项。');
  const url = d[c.url];
  let paymentNo = current;
  if (url) {
    const q = await paymentGateway().queryPayment(current);
    if (!q || q.status === 'pending' || q.status === 'paid') return { cashierUrl: url };
    paymentNo = nextDeliveryPaymentNo(current);
  }
  const base = portalPublicUrl();
  const started = await paymentGateway().startPayment({
    paymentNo,
    amountFen,
    subject,
    notifyUrl: `${base}${NOTIFY_PATH}`,
    returnUrl: `${base}${DELIVERY_PAY_RETURN(d.orderId)}`,
    expiresAt: new Date(Date.now() + DELIVERY_PAY_TTL_MS),
  });
  const set =
    kind === 'fee'
      ? { feePaymentNo: paymentNo, feeCashierUrl: started.cashierUrl }
      : { chargePaymentNo: paymentNo, chargeCashierUrl: started.cashierUrl };
  const [stored] = await db()
    .update(deliveries)
    .set(set)
    .where(and(eq(deliveries.id, d.id), eq(deliveries[c.no], current)))
    .returning({ url: deliveries[c.url] });
  if (stored?.url) return { cashierUrl: stored.url };
  // Another click rotated the number first: its cashier (the same payment, by the deterministic number).
  const [now] = await db().select({ url: deliveries[c.url] }).from(deliveries).where(eq(deliveries.id, d.id));
  return { cashierUrl: now?.url ?? started.cashierUrl };
}
