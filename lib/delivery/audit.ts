/**
 * The 送票 money auditor (issue 27), part of the whole auditor (lib/root/audit.ts): for every delivery
 * of the orders in scope, the fee paid at the gateway is what the delivery recorded, and once the
 * delivery is settled paid = refunded + kept, the refund the gateway holds is exactly the refunded
 * part, and a delivery never kept money it was not entitled to (kept only on a confirmed cancel or an interception).
 */
import 'server-only';
import { inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { deliveries } from '@/db/schema';
import { isDeliveryFinal, type DeliveryState } from '@/lib/domain/delivery';
import { invariant, violate, type InvariantResult } from '@/lib/invariants';
import { paymentGateway } from '@/lib/orders/cashier';

export async function auditDeliveries(
  orderIds?: string[],
  o: { withGateway?: boolean } = {},
): Promise<InvariantResult[]> {
  const rows = await db()
    .select()
    .from(deliveries)
    .where(
      orderIds
        ? inArray(deliveries.orderId, orderIds.length ? orderIds : ['00000000-0000-0000-0000-000000000000'])
        : undefined,
    );
  const split = invariant(
    '送票 fee: paid = refunded + kept once settled (kept only on a confirmed cancel or an interception)',
  );
  const gateway = invariant('送票 fee: the gateway holds what the delivery recorded (paid, refunded)');
  for (const d of rows) {
    const final = isDeliveryFinal(d.status as DeliveryState);
    if (d.feePaidFen > 0 || d.feeRefundFen > 0 || d.feeKeptFen > 0) {
      split.checked++;
      if (d.feeRefundFen + d.feeKeptFen > d.feePaidFen)
        violate(split, `${d.id}: refunded ${d.feeRefundFen} + kept ${d.feeKeptFen} > paid ${d.feePaidFen}`);
      else if (final && d.status !== 'signed' && d.feeRefundFen + d.feeKeptFen !== d.feePaidFen)
        violate(split, `${d.id} ${d.status}: paid ${d.feePaidFen} ≠ refunded ${d.feeRefundFen} + kept ${d.feeKeptFen}`);
      else if (d.status === 'signed' && d.feeRefundFen + d.feeKeptFen !== 0)
        violate(
          split,
          `${d.id} signed: fee split ${d.feeRefundFen}/${d.feeKeptFen} (a signed delivery keeps its whole fee)`,
        );
      else if (d.feeKeptFen > 0 && !d.cancelQuote && d.status !== 'intercepted')
        violate(split, `${d.id}: kept ${d.feeKeptFen} without a confirmed cancel`);
    }
    if ((o.withGateway ?? true) && d.feePaymentNo) {
      gateway.checked++;
      const q = await paymentGateway().queryPayment(d.feePaymentNo);
      const paidThere = q?.status === 'paid' ? q.amountFen : 0;
      if (paidThere !== d.feePaidFen) violate(gateway, `${d.id}: gateway paid ${paidThere}, recorded ${d.feePaidFen}`);
      else if (q && d.feeRefundStatus !== 'pending' && q.refundedFen !== d.feeRefundFen)
        violate(gateway, `${d.id}: gateway refunded ${q.refundedFen}, recorded ${d.feeRefundFen}`);
    }
  }
  return [split, gateway];
}
