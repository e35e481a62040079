/**
 * The traveller's money, through the payment boundary (lib/payments). An order is paid only by a
 * verified gateway notification (or the gateway's own answer to a query) for the right payment
 * number and amount, applied under the order's row lock; a payment that arrives when it is no longer
 * needed (cancelled, expired, paid twice) is paid back. Refunds go back to the original payment, each
 * with its own refund number, and count in orders.refunded_fen only once the gateway says succeeded.
 */
import 'server-only';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { changeOrders, payments } from '@/db/schema';
import { CHANGE_ORDER_STATUS, ORDER_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { QUEUES } from '@/lib/jobs';
import { type PaymentNotification } from '@/lib/payments';
import { newPaymentNo } from './numbers';
import { settleRefundRow } from './refund-rows';
import { openCashier, paymentGateway, type NotifyVerdict } from './cashier';
import { withOrder, type OrderTx } from './service';

/**
 * Starts (or resumes) paying for a held order: answers the gateway's cashier URL. One pending payment
 * per order and amount is reused, so a double click or a reload does not create a second one.
 */
export async function startPayment(orderId: string, actor: string): Promise<{ cashierUrl: string }> {
  const created = await withOrder(orderId, 'user', actor, async (o) => {
    const order = o.order;
    if (order.status !== ORDER_STATUS.HELD || order.paymentStatus !== 'unpaid' || order.cancelRequestedAt)
      throw new AppError('conflict', '该订单当前不能支付。');
    // A grab's attempt is paid from the grab's prepayment or given up by the grab (lib/grab/engine.ts).
    if (order.grabOrderId) throw new AppError('conflict', '此订单由抢票单下单，使用抢票预付款支付，无需单独支付。');
    // A leg of a trip is paid with the trip's one payment (lib/trips/money.ts), on the trip page.
    if (order.tripId) throw new AppError('conflict', '此订单属于联程/往返行程，请在行程页统一支付。');
    if (!order.payLimitAt || order.payLimitAt.getTime() <= Date.now())
      throw new AppError('conflict', '已超过支付时限，订单将自动取消。');
    const [existing] = await o.tx
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.orderId, order.id),
          isNull(payments.changeOrderId),
          eq(payments.status, 'pending'),
          eq(payments.amountFen, order.totalFen),
          gt(payments.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(payments.createdAt))
      .limit(1);
    if (existing?.cashierUrl) return { payment: existing, order };
    if (existing) return { payment: existing, order };
    const [payment] = await o.tx
      .insert(payments)
      .values({
        orderId: order.id,
        paymentNo: newPaymentNo(),
        gateway: paymentGateway().name,
        amountFen: order.totalFen,
        expiresAt: order.payLimitAt,
      })
      .returning();
    o.event('payment', payment!.id, null, order.status, `发起支付 ${order.totalFen} 分`);
    return { payment: payment!, order };
  });
  const { order, payment } = created;
  return openCashier(payment, `${order.trainCode} ${order.fromStation}→${order.toStation}`, `/trips/${order.id}`);
}

/**
 * A verified gateway notification for one of an order's payments (the composition root,
 * lib/root/payments.ts, routes a grab's prepayment elsewhere): applied under the order's row lock.
 */
export async function applyOrderNotification(
  payment: { id: string; orderId: string },
  n: PaymentNotification,
  source: 'payment' | 'job',
): Promise<NotifyVerdict> {
  return withOrder(payment.orderId, source, 'gateway', async (o) => {
    const [p] = await o.tx.select().from(payments).where(eq(payments.id, payment.id)).for('update');
    if (!p) return 'unknown';
    if (n.kind === 'refund') return settleRefund(o, n.refundNo, n.status, n.amountFen);
    if (n.amountFen !== p.amountFen) {
      o.event('payment', p.id, null, o.order.status, `支付通知金额不符（${n.amountFen} ≠ ${p.amountFen} 分），已忽略`);
      return 'amount_mismatch';
    }
    if (p.status !== 'pending') return 'no_change';
    if (n.status !== 'paid') {
      await o.tx.update(payments).set({ status: n.status, updatedAt: new Date() }).where(eq(payments.id, p.id));
      o.changed = true;
      o.event('payment', p.id, null, o.order.status, n.status === 'closed' ? '支付已关闭' : '支付未成功，未扣款');
      return 'applied';
    }
    if (p.changeOrderId) await markChangePaid(o, p.id, p.changeOrderId, p.amountFen, n.gatewayTradeNo, n.at);
    else await markPaid(o, p.id, p.amountFen, n.gatewayTradeNo, n.at);
    return 'applied';
  });
}

/**
 * One payment (an order's own, or its share of a trip's payment: lib/trips/money.ts) marked paid under
 * the order's lock: 确认出票 follows when the order still wants exactly this amount, otherwise all of it
 * goes back (unneeded_payment).
 */
export async function markPaid(o: OrderTx, paymentId: string, amountFen: number, tradeNo: string | null, at: Date) {
  await o.tx
    .update(payments)
    .set({ status: 'paid', paidAt: at, gatewayTradeNo: tradeNo, updatedAt: new Date() })
    .where(eq(payments.id, paymentId));
  const wanted =
    o.order.status === ORDER_STATUS.HELD &&
    o.order.paymentStatus === 'unpaid' &&
    !o.order.cancelRequestedAt &&
    amountFen === o.order.totalFen;
  await o.patchOrder({
    paidFen: o.order.paidFen + amountFen,
    ...(wanted ? { paymentStatus: 'paid' as const, paidAt: at, paymentRef: tradeNo } : {}),
  });
  o.changed = true;
  o.event('payment', paymentId, null, o.order.status, `已支付 ${amountFen} 分`);
  if (wanted) {
    o.enqueue(QUEUES.confirm, { orderId: o.order.id }, { singletonKey: o.order.id });
  } else {
    // Not needed any more (cancelled, expired, or already paid by another payment): all of it back.
    await o.refundTraveller('unneeded_payment', paymentId, amountFen, '订单已不需要此笔付款，原路退回', paymentId);
  }
}

/** A dearer 改签's difference paid: confirm it, or pay it back when the change is no longer held. */
async function markChangePaid(
  o: OrderTx,
  paymentId: string,
  changeId: string,
  amountFen: number,
  tradeNo: string | null,
  at: Date,
) {
  await o.tx
    .update(payments)
    .set({ status: 'paid', paidAt: at, gatewayTradeNo: tradeNo, updatedAt: new Date() })
    .where(eq(payments.id, paymentId));
  await o.patchOrder({ paidFen: o.order.paidFen + amountFen });
  o.changed = true;
  const [change] = await o.tx.select().from(changeOrders).where(eq(changeOrders.id, changeId)).for('update');
  o.event('payment', paymentId, null, o.order.status, `已支付改签差价 ${amountFen} 分`);
  if (change && change.status === CHANGE_ORDER_STATUS.HELD && change.paidFen === 0) {
    await o.tx
      .update(changeOrders)
      .set({ paidFen: amountFen, updatedAt: new Date() })
      .where(eq(changeOrders.id, changeId));
    o.enqueue(QUEUES.changeConfirm, { changeId }, { singletonKey: changeId });
  } else {
    await o.refundTraveller('unneeded_payment', paymentId, amountFen, '改签已不需要此笔付款，原路退回', paymentId);
  }
}

async function settleRefund(o: OrderTx, refundNo: string, status: 'succeeded' | 'failed', amountFen: number) {
  const settled = await settleRefundRow(o.tx, refundNo, status, amountFen);
  if (settled.outcome === 'no_change') return settled.outcome;
  const r = settled.refund;
  if (settled.outcome === 'amount_mismatch') {
    o.event('payment', r.id, null, o.order.status, `退款通知金额不符（${amountFen} ≠ ${r.amountFen} 分），已忽略`);
    return settled.outcome;
  }
  o.changed = true;
  if (status === 'succeeded') {
    const refunded = o.order.refundedFen + r.amountFen;
    await o.patchOrder({
      refundedFen: refunded,
      ...(refunded === o.order.paidFen ? { paymentStatus: 'refunded' as const } : {}),
    });
    o.event('payment', r.id, null, o.order.status, `已退款 ${r.amountFen} 分：${r.reason}`);
  } else {
    o.event('payment', r.id, null, o.order.status, `退款失败，将重试：${r.reason}`);
    // A failed refund is retried with a new refund number: the money is still owed.
    await o.refundTraveller(r.cause, r.causeRef, r.amountFen, r.reason, r.paymentId);
  }
  return settled.outcome;
}

/** A gateway's final answer on one of an order's refunds, under the order's row lock. */
export async function settleOrderRefund(
  orderId: string,
  refundNo: string,
  status: 'succeeded' | 'failed',
  amountFen: number,
): Promise<void> {
  await withOrder(orderId, 'job', 'gateway', (o) => settleRefund(o, refundNo, status, amountFen));
}
