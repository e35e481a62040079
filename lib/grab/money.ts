/**
 * A grab order's prepayment through the payment boundary, the way change payments plug into the
 * order's notification path: a payments row with grab_order_id set (order_id null while the money is
 * the grab's). lib/orders/payments.ts hands notifications and refund settlements of such rows here.
 */
import 'server-only';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { db } from '@/db/client';
import { grabOrders, paymentRefunds, payments } from '@/db/schema';
import { GRAB_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { QUEUES } from '@/lib/jobs';
import type { PaymentNotification } from '@/lib/payments';
import { newPaymentNo } from '@/lib/orders/numbers';
import { refundLines, settleRefundRow } from '@/lib/orders/refund-rows';
import { openCashier, paymentGateway, type NotifyVerdict } from '@/lib/orders/cashier';
import { withGrab, type GrabTx } from './service';

/** How long a cashier session for a grab's prepayment stays open. */
const PAY_WINDOW_MS = 15 * 60_000;

/** Starts (or resumes) the prepayment of a new grab order; answers the cashier URL. */
export async function startGrabPayment(grabId: string, actor: string): Promise<{ cashierUrl: string }> {
  const { payment, grab } = await withGrab(grabId, 'user', actor, async (g) => {
    if (g.grab.status !== GRAB_STATUS.CREATED || g.grab.paidFen > 0)
      throw new AppError('conflict', '该抢票单当前不需要支付。');
    const expiresAt = new Date(Math.min(g.grab.deadlineAt.getTime(), Date.now() + PAY_WINDOW_MS));
    if (expiresAt.getTime() <= Date.now()) throw new AppError('conflict', '抢票单已到截止时间。');
    const [existing] = await g.tx
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.grabOrderId, grabId),
          isNull(payments.orderId),
          eq(payments.status, 'pending'),
          gt(payments.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(payments.createdAt))
      .limit(1);
    if (existing) return { payment: existing, grab: g.grab };
    const [row] = await g.tx
      .insert(payments)
      .values({
        orderId: null,
        grabOrderId: grabId,
        paymentNo: newPaymentNo(),
        gateway: paymentGateway().name,
        amountFen: g.grab.prepaidFen,
        expiresAt,
      })
      .returning();
    await g.event('payment', g.grab.status, g.grab.status, `发起抢票预付款 ${g.grab.prepaidFen} 分`);
    return { payment: row!, grab: g.grab };
  });
  return openCashier(payment, `抢票预付款 ${grab.id.slice(0, 8)}`, `/trips/grabs/${grab.id}`);
}

/** A verified gateway notification for a payment that is still the grab's (payments.order_id null). */
export async function applyGrabNotification(n: PaymentNotification, source: 'payment' | 'job'): Promise<NotifyVerdict> {
  const [payment] = await db()
    .select({ id: payments.id, grabOrderId: payments.grabOrderId })
    .from(payments)
    .where(eq(payments.paymentNo, n.paymentNo));
  if (!payment?.grabOrderId) return 'unknown';
  return withGrab(payment.grabOrderId, source, 'gateway', async (g) => {
    const [p] = await g.tx.select().from(payments).where(eq(payments.id, payment.id)).for('update');
    if (!p) return 'unknown';
    if (n.kind === 'refund') return settleGrabRefundIn(g, n.refundNo, n.status, n.amountFen);
    if (n.amountFen !== p.amountFen) {
      await g.event(
        'payment',
        g.grab.status,
        g.grab.status,
        `支付通知金额不符（${n.amountFen} ≠ ${p.amountFen} 分），已忽略`,
      );
      return 'amount_mismatch';
    }
    if (p.status !== 'pending') return 'no_change';
    if (n.status !== 'paid') {
      await g.tx.update(payments).set({ status: n.status, updatedAt: new Date() }).where(eq(payments.id, p.id));
      await g.event(
        'payment',
        g.grab.status,
        g.grab.status,
        n.status === 'closed' ? '支付已关闭' : '支付未成功，未扣款',
      );
      return 'applied';
    }
    await g.tx
      .update(payments)
      .set({ status: 'paid', paidAt: n.at, gatewayTradeNo: n.gatewayTradeNo, updatedAt: new Date() })
      .where(eq(payments.id, p.id));
    const first = g.grab.status === GRAB_STATUS.CREATED && g.grab.paidFen === 0;
    await g.patch({ paidFen: g.grab.paidFen + p.amountFen });
    await g.event('payment', g.grab.status, g.grab.status, `已支付抢票预付款 ${p.amountFen} 分`);
    if (first && new Date() < g.grab.deadlineAt) {
      // Paid: the engine starts. Before the pre-sale opens it waits in B ("未到开抢时间").
      const before = g.grab.saleOpensAt && g.grab.saleOpensAt > new Date();
      await g.move(before ? GRAB_STATUS.BEFORE_SALE : GRAB_STATUS.GRABBING, before ? '未到开抢时间' : '开始抢票');
      g.enqueue(QUEUES.grabTick, { grabId: g.grab.id }, { singletonKey: g.grab.id });
    } else {
      // Cancelled, expired or paid twice: this payment is not needed, all of it goes back.
      await g.refund('unneeded_payment', p.id, p.id, p.amountFen, '抢票单已不需要此笔付款，原路退回');
    }
    return 'applied';
  });
}

async function settleGrabRefundIn(g: GrabTx, refundNo: string, status: 'succeeded' | 'failed', amountFen: number) {
  // Only the grab's own money: a refund row of an order (order_id set) is the order's to settle.
  const settled = await settleRefundRow(g.tx, refundNo, status, amountFen, (r) => r.orderId === null);
  if (settled.outcome === 'no_change') return settled.outcome;
  const r = settled.refund;
  if (settled.outcome === 'amount_mismatch') {
    await g.event(
      'payment',
      g.grab.status,
      g.grab.status,
      `退款通知金额不符（${amountFen} ≠ ${r.amountFen} 分），已忽略`,
    );
    return settled.outcome;
  }
  if (status === 'succeeded') {
    await g.patch({ refundedFen: g.grab.refundedFen + r.amountFen });
    await g.event('payment', g.grab.status, g.grab.status, `已退款 ${r.amountFen} 分：${r.reason}`);
  } else {
    // Still owed: retried with a new refund number, as the order service does.
    await g.refund(r.cause, r.causeRef, r.paymentId, r.amountFen, r.reason);
  }
  return settled.outcome;
}

/** The refund job's answer for a refund of the grab's own money (payment_refunds.order_id null). */
export async function settleGrabRefund(refundNo: string, status: 'succeeded' | 'failed', amountFen: number) {
  const [r] = await db()
    .select({ grabOrderId: paymentRefunds.grabOrderId })
    .from(paymentRefunds)
    .where(eq(paymentRefunds.refundNo, refundNo));
  if (!r?.grabOrderId) return 'no_change' as const;
  return withGrab(r.grabOrderId, 'job', 'gateway', (g) => settleGrabRefundIn(g, refundNo, status, amountFen));
}

/** The grab's money for its page. */
export async function grabMoney(grabId: string) {
  const [g] = await db()
    .select({
      paidFen: grabOrders.paidFen,
      refundedFen: grabOrders.refundedFen,
      handedOverFen: grabOrders.handedOverFen,
    })
    .from(grabOrders)
    .where(eq(grabOrders.id, grabId));
  const refunds = await refundLines(eq(paymentRefunds.grabOrderId, grabId));
  return { ...(g ?? { paidFen: 0, refundedFen: 0, handedOverFen: 0 }), refunds };
}
