/**
 * Paying an agency order from the agency's prepaid balance: the payment boundary's second way to pay,
 * without a gateway round trip. In the order's transaction the ledger holds the amount
 * (agency_balance → agency_held, refused when the balance is short, guarded in SQL), a `balance`
 * payment is recorded as paid and the confirm job is enqueued — the same path a verified gateway
 * notification takes. Money back goes to the balance (OrderTx.refundTraveller → creditAgency).
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { changeOrders, payments } from '@/db/schema';
import { CHANGE_ORDER_STATUS, ORDER_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { QUEUES } from '@/lib/jobs';
import { post, transfer } from '@/lib/ledger';
import { travellerDue } from './change-due';
import { newPaymentNo } from './numbers';
import { BALANCE_GATEWAY, withOrder } from './service';

export async function payFromBalance(orderId: string, actor: string): Promise<{ paidFen: number }> {
  return withOrder(orderId, 'payment', actor, async (o) => {
    const order = o.order;
    if (!order.agencyId) throw new AppError('conflict', '只有旅行社订单可以用预存款支付。');
    if (order.status !== ORDER_STATUS.HELD || order.paymentStatus !== 'unpaid' || order.cancelRequestedAt)
      throw new AppError('conflict', '该订单当前不能支付。');
    if (!order.payLimitAt || order.payLimitAt.getTime() <= Date.now())
      throw new AppError('conflict', '已超过支付时限，订单将自动取消。');
    const amount = order.totalFen;
    await post(o.tx, {
      kind: 'hold',
      ref: `hold:${order.id}`,
      agencyId: order.agencyId,
      orderId: order.id,
      memo: `订单占款 ${order.trainCode} ${order.fromStation}→${order.toStation}`,
      createdBy: actor,
      legs: transfer(
        { kind: 'agency_balance', agencyId: order.agencyId },
        { kind: 'agency_held', agencyId: order.agencyId },
        amount,
      ),
    });
    const now = new Date();
    const [p] = await o.tx
      .insert(payments)
      .values({
        orderId: order.id,
        paymentNo: newPaymentNo(),
        gateway: BALANCE_GATEWAY,
        amountFen: amount,
        status: 'paid',
        expiresAt: order.payLimitAt,
        paidAt: now,
      })
      .returning({ id: payments.id });
    await o.patchOrder({
      paidFen: order.paidFen + amount,
      paymentStatus: 'paid',
      paidAt: now,
      paymentRef: `BAL:${p!.id}`,
    });
    o.changed = true;
    o.event('payment', p!.id, null, order.status, `预存款支付 ${amount} 分`);
    o.enqueue(QUEUES.confirm, { orderId: order.id }, { singletonKey: order.id });
    return { paidFen: amount };
  });
}

/** A dearer 改签 of an agency order: the traveller's part is paid to the provider from the balance. */
export async function payChangeFromBalance(orderId: string, changeId: string, actor: string): Promise<void> {
  await withOrder(orderId, 'payment', actor, async (o) => {
    const [change] = await o.tx.select().from(changeOrders).where(eq(changeOrders.id, changeId)).for('update');
    if (!change || change.orderId !== o.order.id || !o.order.agencyId)
      throw new AppError('not_found', '改签单不存在。');
    if (change.status !== CHANGE_ORDER_STATUS.HELD) throw new AppError('conflict', '该改签单当前不能确认。');
    const due = await travellerDue(change);
    if (due > 0) {
      await post(o.tx, {
        kind: 'change',
        ref: `change:${change.id}`,
        agencyId: o.order.agencyId,
        orderId: o.order.id,
        memo: `改签补差 ${change.trainCode}`,
        createdBy: actor,
        legs: transfer(
          { kind: 'agency_balance', agencyId: o.order.agencyId },
          { kind: 'provider', agencyId: null },
          due,
        ),
      });
      const now = new Date();
      const [p] = await o.tx
        .insert(payments)
        .values({
          orderId: o.order.id,
          changeOrderId: change.id,
          paymentNo: newPaymentNo(),
          gateway: BALANCE_GATEWAY,
          amountFen: due,
          status: 'paid',
          expiresAt: change.confirmDeadlineAt ?? now,
          paidAt: now,
        })
        .returning({ id: payments.id });
      await o.tx
        .update(changeOrders)
        .set({ paidFen: change.paidFen + due })
        .where(eq(changeOrders.id, change.id));
      await o.patchOrder({ paidFen: o.order.paidFen + due });
      o.event('payment', p!.id, null, o.order.status, `预存款支付改签差价 ${due} 分`);
    }
    o.changed = true;
    o.enqueue(QUEUES.changeConfirm, { changeId: change.id }, { singletonKey: change.id });
  });
}
