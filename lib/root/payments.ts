/**
 * The gateway's notifications and refund answers, routed to the money they belong to: an order's
 * payment (lib/orders/payments.ts) or a grab's prepayment not yet handed to an order
 * (lib/grab/money.ts). Routing here, in the composition root, is what lets orders and grabs not import
 * each other.
 */
import { observeRefund } from '@/lib/obs/hooks';
import 'server-only';
import { and, eq, lt } from 'drizzle-orm';
import { db } from '@/db/client';
import { paymentRefunds, payments } from '@/db/schema';
import { failpoint } from '@/lib/failpoint';
import { applyDeliveryFeeNotification } from '@/lib/delivery/service';
import { applyGrabNotification, settleGrabRefund } from '@/lib/grab/money';
import { applyTripNotification } from '@/lib/trips/money';
import { logError } from '@/lib/log';
import { NOTIFY_PATH, paymentGateway, type NotifyVerdict } from '@/lib/orders/cashier';
import { admitSignedNotification } from '@/lib/signed-notify-limit';
import { applyOrderNotification, settleOrderRefund } from '@/lib/orders/payments';
import { portalPublicUrl } from '@/lib/orders/provider';
import type { PaymentNotification } from '@/lib/payments';

/** The gateway's asynchronous notification: verify, then apply through the order's row lock. */
export async function receivePaymentNotification(
  raw: string,
  contentType: string | null,
  /** The sender's address (the HTTP route passes it): a signed one is then limited per payment. */
  address?: string,
): Promise<{ status: number; body: string; verdict: NotifyVerdict }> {
  const g = paymentGateway();
  const verified = g.verifyNotification(raw, contentType);
  if (!verified.ok)
    return verified.reason === 'bad_sign'
      ? { status: 401, body: 'fail: bad sign', verdict: 'bad_sign' }
      : { status: 400, body: `fail: ${verified.message}`, verdict: 'invalid' };
  if (address !== undefined) {
    const refusal = await admitSignedNotification('payment', verified.notification.paymentNo);
    if (refusal) return { status: 429, body: refusal, verdict: 'throttled' };
  }
  const verdict = await applyNotification(verified.notification, 'payment');
  // The chaos run may kill every process here: the payment applied, the gateway not answered.
  await failpoint('payment-notify');
  return { status: 200, body: g.ackBody, verdict };
}

export async function applyNotification(n: PaymentNotification, source: 'payment' | 'job'): Promise<NotifyVerdict> {
  const [payment] = await db()
    .select({ id: payments.id, orderId: payments.orderId, tripId: payments.tripId })
    .from(payments)
    .where(eq(payments.paymentNo, n.paymentNo));
  if (!payment) return (await applyDeliveryFeeNotification(n)) ?? 'unknown'; // a 送票 fee (lib/delivery)
  // A trip's one payment (both legs; its shares are the legs' orders' money): lib/trips/money.ts.
  if (!payment.orderId && payment.tripId) return applyTripNotification(n, source);
  // A grab order's prepayment not yet handed to an order belongs to the grab (lib/grab).
  if (!payment.orderId) return applyGrabNotification(n, source);
  return applyOrderNotification({ id: payment.id, orderId: payment.orderId }, n, source);
}

/** The refund job: asks the gateway (idempotent by refund number), settles when it answers. */
export async function runTravellerRefund(paymentRefundId: string): Promise<void> {
  const [r] = await db()
    .select({
      id: paymentRefunds.id,
      orderId: paymentRefunds.orderId,
      refundNo: paymentRefunds.refundNo,
      amountFen: paymentRefunds.amountFen,
      reason: paymentRefunds.reason,
      status: paymentRefunds.status,
      paymentNo: payments.paymentNo,
      shareOf: payments.shareOfPaymentId,
    })
    .from(paymentRefunds)
    .innerJoin(payments, eq(payments.id, paymentRefunds.paymentId))
    .where(eq(paymentRefunds.id, paymentRefundId));
  if (!r || r.status !== 'pending') return;
  // A leg's share of a trip's payment goes back under the trip payment's number (the gateway's).
  if (r.shareOf) {
    const [whole] = await db()
      .select({ paymentNo: payments.paymentNo })
      .from(payments)
      .where(eq(payments.id, r.shareOf));
    if (!whole) throw new Error(`share ${paymentRefundId}: trip payment ${r.shareOf} missing`);
    r.paymentNo = whole.paymentNo;
  }
  const g = paymentGateway();
  const answer = await g.refund({
    paymentNo: r.paymentNo,
    refundNo: r.refundNo,
    amountFen: r.amountFen,
    reason: r.reason,
    notifyUrl: `${portalPublicUrl()}${NOTIFY_PATH}`,
  });
  const settled = answer.status === 'pending' ? await g.queryRefund(r.refundNo) : { status: answer.status };
  const final = settled?.status;
  if (final === 'succeeded') observeRefund('out', r.amountFen);
  if ((final === 'succeeded' || final === 'failed') && r.orderId) {
    await settleOrderRefund(r.orderId, r.refundNo, final, r.amountFen);
  } else if (final === 'succeeded' || final === 'failed') {
    await settleGrabRefund(r.refundNo, final, r.amountFen); // the grab's own money (lib/grab/money.ts)
  }
  // Still pending: the gateway's notification (or the sweep's next look) settles it.
}

/** A payment with no notification for a while: ask the gateway and apply its answer. */
export async function reconcilePayment(paymentId: string): Promise<void> {
  const [p] = await db()
    .select({ paymentNo: payments.paymentNo, status: payments.status, orderId: payments.orderId })
    .from(payments)
    .where(eq(payments.id, paymentId));
  if (!p || p.status !== 'pending') return;
  const answer = await paymentGateway().queryPayment(p.paymentNo);
  if (!answer) {
    await db().update(payments).set({ updatedAt: new Date() }).where(eq(payments.id, paymentId));
    return;
  }
  if (answer.status === 'pending') {
    await db().update(payments).set({ updatedAt: new Date() }).where(eq(payments.id, paymentId));
    return;
  }
  await applyNotification(
    {
      kind: 'payment',
      paymentNo: p.paymentNo,
      gatewayTradeNo: answer.gatewayTradeNo ?? '',
      amountFen: answer.amountFen,
      status: answer.status,
      at: answer.paidAt ?? new Date(),
      notifyId: `query:${p.paymentNo}`,
    },
    'job',
  );
}

/** Payments still pending a minute after their last look: ask the gateway (a lost notification). */
export async function reconcileStalePayments(now = new Date()): Promise<number> {
  const stale = await db()
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.status, 'pending'), lt(payments.updatedAt, new Date(now.getTime() - 60_000))))
    .limit(500);
  for (const p of stale) {
    try {
      await reconcilePayment(p.id);
    } catch (e) {
      logError('payment reconcile failed', e, { paymentId: p.id });
    }
  }
  return stale.length;
}
