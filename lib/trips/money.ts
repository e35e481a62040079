/**
 * A trip's one payment through the payment boundary (lib/payments, the gateway's cashier): started when
 * both legs are held, for their total, due by the earlier pay-by time; only the gateway's verified
 * notification (lib/root/payments.ts routes it here) marks it paid. Then, under the trip's lock and
 * each leg's, it is split (lib/domain/trips.ts splitTripPayment) into one share per leg — a payments
 * row of the leg's order — and each order is paid with exactly its share by the order service's own
 * step (lib/orders/payments.ts markPaid: 确认出票 follows, or the share goes back as unneeded). A
 * replayed notification finds the payment no longer pending and changes nothing.
 */
import 'server-only';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { paymentRefunds, payments } from '@/db/schema';
import { splitTripPayment, TRIP_KIND_LABELS, TRIP_STATUS, tripPayLimit, type TripKind } from '@/lib/domain/trips';
import { ORDER_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { QUEUES } from '@/lib/jobs';
import type { PaymentNotification } from '@/lib/payments';
import { openCashier, paymentGateway, type NotifyVerdict } from '@/lib/orders/cashier';
import { newPaymentNo } from '@/lib/orders/numbers';
import { markPaid, settleOrderRefund } from '@/lib/orders/payments';
import type { OrderTx } from '@/lib/orders/service';
import { withTrip } from './service';

/** Whether a leg can take its share of the trip's payment now. */
const legPayable = (o: OrderTx) =>
  o.order.status === ORDER_STATUS.HELD && o.order.paymentStatus === 'unpaid' && !o.order.cancelRequestedAt;

/** The trip page's 去支付: answers the gateway cashier's URL for the trip's one payment (reused on reload). */
export async function startTripPayment(tripId: string, actor: string): Promise<{ cashierUrl: string }> {
  const { payment, subject } = await withTrip(tripId, 'user', actor, async (t) => {
    if (t.trip.status !== TRIP_STATUS.HELD) throw new AppError('conflict', '该行程当前不能支付。');
    const legs = await t.lockLegs();
    if (legs.length < 2 || !legs.every(legPayable))
      throw new AppError('conflict', '该行程当前不能支付：两程须均已占座且未支付。');
    const limit = tripPayLimit(legs.map((o) => o.order.payLimitAt));
    if (!limit || limit.getTime() <= Date.now()) throw new AppError('conflict', '已超过支付时限，行程将自动取消。');
    const totalFen = legs.reduce((a, o) => a + o.order.totalFen, 0);
    const subject = `${TRIP_KIND_LABELS[t.trip.kind as TripKind] ?? '行程'} ${legs
      .map((o) => `${o.order.trainCode} ${o.order.fromStation}→${o.order.toStation}`)
      .join(' + ')}`;
    const [existing] = await t.tx
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.tripId, tripId),
          isNull(payments.orderId),
          eq(payments.status, 'pending'),
          eq(payments.amountFen, totalFen),
          gt(payments.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(payments.createdAt))
      .limit(1);
    if (existing) return { payment: existing, subject };
    const [row] = await t.tx
      .insert(payments)
      .values({
        orderId: null,
        tripId,
        paymentNo: newPaymentNo(),
        gateway: paymentGateway().name,
        amountFen: totalFen,
        expiresAt: limit,
      })
      .returning();
    await t.patch({ totalFen });
    await t.event('payment', t.trip.status, t.trip.status, `发起支付 ${totalFen} 分（两程合计）`);
    return { payment: row!, subject };
  });
  return openCashier(payment, subject, `/trips/t/${tripId}`);
}

/**
 * A verified gateway notification for a trip's payment (payments.trip_id set, order_id null), or a
 * refund notification of one of its shares (the gateway knows only the trip payment's number).
 */
export async function applyTripNotification(n: PaymentNotification, source: 'payment' | 'job'): Promise<NotifyVerdict> {
  const [payment] = await db()
    .select({ id: payments.id, tripId: payments.tripId, orderId: payments.orderId })
    .from(payments)
    .where(eq(payments.paymentNo, n.paymentNo));
  if (!payment?.tripId || payment.orderId) return 'unknown';
  if (n.kind === 'refund') {
    // A refund of a share belongs to the share's order: settled under that order's lock.
    const [r] = await db()
      .select({ orderId: paymentRefunds.orderId, status: paymentRefunds.status })
      .from(paymentRefunds)
      .where(eq(paymentRefunds.refundNo, n.refundNo));
    if (!r?.orderId) return 'unknown';
    if (r.status !== 'pending') return 'no_change';
    await settleOrderRefund(r.orderId, n.refundNo, n.status, n.amountFen);
    return 'applied';
  }
  return withTrip(payment.tripId, source, 'gateway', async (t) => {
    const [p] = await t.tx.select().from(payments).where(eq(payments.id, payment.id)).for('update');
    if (!p) return 'unknown';
    if (n.amountFen !== p.amountFen) {
      await t.event(
        'payment',
        t.trip.status,
        t.trip.status,
        `支付通知金额不符（${n.amountFen} ≠ ${p.amountFen} 分），已忽略`,
      );
      return 'amount_mismatch';
    }
    if (p.status !== 'pending') return 'no_change';
    if (n.status !== 'paid') {
      await t.tx.update(payments).set({ status: n.status, updatedAt: new Date() }).where(eq(payments.id, p.id));
      await t.event(
        'payment',
        t.trip.status,
        t.trip.status,
        n.status === 'closed' ? '支付已关闭' : '支付未成功，未扣款',
      );
      t.changed = true;
      return 'applied';
    }
    await t.tx
      .update(payments)
      .set({ status: 'paid', paidAt: n.at, gatewayTradeNo: n.gatewayTradeNo, updatedAt: new Date() })
      .where(eq(payments.id, p.id));
    await t.patch({ paidFen: t.trip.paidFen + p.amountFen });
    const legs = await t.lockLegs();
    const shares = splitTripPayment(
      p.amountFen,
      legs.map((o) => o.order.totalFen),
    );
    // Both legs or neither: a trip whose legs cannot both take their share (one was cancelled or
    // expired meanwhile, or it was paid already) gives up the others, so every share goes back.
    const wanted =
      t.trip.status === TRIP_STATUS.HELD &&
      legs.length >= 2 &&
      legs.every((o, i) => legPayable(o) && shares[i] === o.order.totalFen);
    if (wanted) {
      await t.move(TRIP_STATUS.PAID, `已支付 ${p.amountFen} 分，两程确认出票中`);
    } else {
      await t.event('payment', t.trip.status, t.trip.status, `行程已不需要此笔付款（${p.amountFen} 分），各程原路退回`);
      for (const o of legs)
        if (legPayable(o)) {
          await o.patchOrder({ cancelRequestedAt: new Date(), failureReason: '行程未能整体支付，占座已取消' });
          o.event('order', o.order.id, o.order.status, o.order.status, '行程未能整体支付，取消占座');
          o.enqueue(QUEUES.expire, { orderId: o.order.id }, { singletonKey: `trip-giveup:${o.order.id}` });
        }
    }
    for (const [i, o] of legs.entries()) {
      const amountFen = shares[i]!;
      if (amountFen <= 0) continue;
      const [share] = await t.tx
        .insert(payments)
        .values({
          orderId: o.order.id,
          tripId: t.trip.id,
          shareOfPaymentId: p.id,
          paymentNo: `${p.paymentNo}S${o.order.tripLeg ?? i + 1}`,
          gateway: p.gateway,
          amountFen,
          expiresAt: p.expiresAt,
          cashierUrl: null,
        })
        .returning({ id: payments.id });
      // The order's own step: paid with exactly its share, 确认出票 queued — or the share paid back.
      await markPaid(o, share!.id, amountFen, n.gatewayTradeNo, n.at);
    }
    return 'applied';
  });
}
