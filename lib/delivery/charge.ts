/**
 * The fare charge of 取消送票 (ticket-delivery-cancellation.md §三 l.24 "配送中 | 需支付配送费+票款10%",
 * and §二's time shares): real money, collected before the cancel goes to the courier.
 *   - an agency order: debited from the agency's prepaid balance in the cancel's own transaction
 *     (agency_balance → bank, like the fee); a short balance refuses the cancel (4xx, nothing changes);
 *   - a traveller: a gateway payment under its own number (`DC…`, routed here by
 *     lib/root/payments.ts through applyDeliveryFeeNotification). The delivery carries the flag
 *     "awaiting the charge" (charge_payment_no set, nothing paid, no cancel requested; an event marks it);
 *     only a verified notification (or the gateway's answer to a query) lets the cancel proceed, and only
 *     while the transition table still allows → cancelled. Never paid: the delivery simply goes on.
 * A charge collected for a cancel that does not end in 已取消送票 (the courier refused, signed meanwhile)
 * goes back (balance at once, gateway by the refund job). The auditor (audit.ts) checks the split.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { deliveries, type Delivery } from '@/db/schema';
import { canDeliveryTransition, type CancelQuote } from '@/lib/domain/delivery';
import { AppError } from '@/lib/errors';
import { QUEUES } from '@/lib/jobs';
import { InsufficientBalance, post, transfer } from '@/lib/ledger';
import { NOTIFY_PATH, paymentGateway } from '@/lib/orders/cashier';
import { portalPublicUrl } from '@/lib/orders/provider';
import { openDeliveryCashier } from './cashier';
import { withDelivery, type DeliveryTx } from './writer';

export type AllowedQuote = Extract<CancelQuote, { allowed: true }>;

export const chargePaymentNoOf = (d: Pick<Delivery, 'shipmentNo'>) => `DC${d.shipmentNo.slice(2)}`;
const chargeRefundNoOf = (d: Pick<Delivery, 'shipmentNo'>) => `CR${d.shipmentNo.slice(2)}`;

/** The traveller confirmed a cancel with a fare charge and has not paid it yet. */
export const awaitingCancelCharge = (d: Delivery): boolean =>
  !!d.chargePaymentNo && d.chargePaidFen === 0 && !d.cancelRequestedAt && !!d.cancelQuote;

/**
 * Inside the cancel's withDelivery: an agency's charge is debited now ('collected'); a traveller's
 * becomes a payment to make ('awaiting_charge', the confirmed quote recorded with an event).
 */
export async function collectCancelCharge(
  t: DeliveryTx,
  q: AllowedQuote,
): Promise<{ kind: 'collected' } | { kind: 'awaiting_charge'; chargeFen: number; message: string }> {
  const d = t.delivery;
  if (d.chargePaidFen > 0) return { kind: 'collected' };
  if (d.payWith === 'balance' && d.agencyId) {
    try {
      await post(t.tx, {
        kind: 'delivery_fare_charge',
        ref: `delivery-fare-charge:${d.id}`,
        agencyId: d.agencyId,
        orderId: d.orderId,
        memo: `取消送票票款比例费用(${q.farePercent}%)`,
        createdBy: t.actor,
        legs: transfer(
          { kind: 'agency_balance', agencyId: d.agencyId },
          { kind: 'bank', agencyId: null },
          q.fareChargeFen,
        ),
      });
    } catch (e) {
      if (e instanceof InsufficientBalance)
        throw new AppError(
          'conflict',
          `预存款余额不足,无法支付取消费用 ${(q.fareChargeFen / 100).toFixed(2)} 元,请充值后再取消送票。`,
        );
      throw e;
    }
    await t.patch({ chargePaidFen: q.fareChargeFen });
    await t.event('payment', t.state, t.state, `取消费用 ${q.fareChargeFen} 分已从机构预存款扣除`);
    return { kind: 'collected' };
  }
  await t.patch({ cancelQuote: q, chargePaymentNo: chargePaymentNoOf(d), chargeCashierUrl: null });
  await t.event('cancel_charge', t.state, t.state, `取消送票待支付取消费用 ${q.fareChargeFen} 分(未支付则继续配送)`);
  return {
    kind: 'awaiting_charge',
    chargeFen: q.fareChargeFen,
    message: '请先支付取消费用,支付成功后取消送票才会提交。',
  };
}

/** Opens (or reopens) the gateway cashier for the charge (idempotent by its payment number). */
export async function startCancelChargePayment(deliveryId: string): Promise<{ cashierUrl: string }> {
  const [d] = await db().select().from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!d || !awaitingCancelCharge(d)) throw new AppError('conflict', '没有待支付的取消费用。');
  return openDeliveryCashier(d, 'charge', (d.cancelQuote as AllowedQuote).fareChargeFen, '取消送票费用');
}

/** The charge is paid: the cancel goes to the courier (the cancel job) if the table still allows it. */
export async function chargePaid(t: DeliveryTx, amountFen: number, at: Date, note: string): Promise<boolean> {
  const d = t.delivery;
  if (d.chargePaidFen > 0) return false;
  const q = d.cancelQuote as AllowedQuote | null;
  if (!q || amountFen !== q.fareChargeFen)
    throw new AppError('conflict', `取消费用金额不符:${amountFen} ≠ ${q?.fareChargeFen ?? 0}`);
  await t.patch({ chargePaidFen: amountFen });
  await t.event('payment', t.state, t.state, note);
  if (!d.cancelRequestedAt && canDeliveryTransition(t.state, 'cancelled')) {
    await t.patch({ cancelRequestedAt: at });
    await t.event('cancel', t.state, t.state, `取消送票已提交,费用 ${q.totalChargeFen} 分`);
    t.enqueue(QUEUES.deliveryCancel, { deliveryId: d.id }, { singletonKey: `delivery-cancel:${d.id}` });
  } else {
    // Signed (or otherwise ended) while the money was on its way: it goes straight back.
    await t.patch({ cancelQuote: null });
    await refundCancelCharge(t, '送票已无法取消,退回取消费用');
  }
  return true;
}

/** The whole collected charge goes back (balance now; gateway through the refund job). Idempotent. */
export async function refundCancelCharge(t: DeliveryTx, reason: string): Promise<void> {
  const d = t.delivery;
  if (d.chargePaidFen === 0 || d.chargeRefundStatus !== 'none') return;
  await t.event('refund', t.state, t.state, `${reason}:退回 ${d.chargePaidFen} 分`);
  if (d.payWith === 'balance' && d.agencyId) {
    await post(t.tx, {
      kind: 'delivery_fare_charge_refund',
      ref: `delivery-fare-charge-refund:${d.id}`,
      agencyId: d.agencyId,
      orderId: d.orderId,
      memo: reason,
      createdBy: t.actor,
      legs: transfer(
        { kind: 'bank', agencyId: null },
        { kind: 'agency_balance', agencyId: d.agencyId },
        d.chargePaidFen,
      ),
    });
    await t.patch({ chargeRefundFen: d.chargePaidFen, chargeRefundStatus: 'succeeded' });
  } else {
    await t.patch({ chargeRefundFen: d.chargePaidFen, chargeRefundStatus: 'pending' });
    t.enqueue(QUEUES.deliveryRefund, { deliveryId: d.id });
  }
}

/** The refund job's part for the charge (idempotent by its refund number at the gateway). */
export async function runCancelChargeRefund(deliveryId: string): Promise<void> {
  const [d] = await db().select().from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!d || d.chargeRefundStatus !== 'pending' || !d.chargePaymentNo) return;
  const r = await paymentGateway().refund({
    paymentNo: d.chargePaymentNo,
    refundNo: chargeRefundNoOf(d),
    amountFen: d.chargeRefundFen,
    reason: '取消送票未完成,退回取消费用',
    notifyUrl: `${portalPublicUrl()}${NOTIFY_PATH}`,
  });
  if (r.status === 'succeeded')
    await withDelivery(deliveryId, 'job', 'worker', async (t) => {
      if (t.delivery.chargeRefundStatus === 'pending') await t.patch({ chargeRefundStatus: 'succeeded' });
    });
  else if (r.status === 'pending') throw new Error(`charge refund of ${d.id} pending at the gateway`);
}
