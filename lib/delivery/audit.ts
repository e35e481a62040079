/**
 * The 送票 money auditor (issue 27), part of the whole auditor (lib/root/audit.ts): for every delivery
 * of the orders in scope, the fee paid at the gateway is what the delivery recorded, and once the
 * delivery is settled paid = refunded + kept (fee, and the cancel charge), the refund the gateway holds is exactly the refunded
 * part, and a delivery never kept money it was not entitled to (kept only on a confirmed cancel or an interception), and an agency's balance postings equal its delivery rows.
 */
import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { deliveries, ledgerAccounts, ledgerEntries, ledgerTransactions } from '@/db/schema';
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
    '送票 money: every fen in (fee + cancel charge) = refunded + kept once settled (kept only on a confirmed cancel or an interception)',
  );
  const gateway = invariant(
    '送票 money: the gateway holds what the delivery recorded (fee and cancel charge, paid, refunded)',
  );
  const ledger = invariant(
    '送票 agency: the balance postings equal the delivery rows (fee and cancel charge, net of refunds)',
  );
  for (const d of rows) {
    const final = isDeliveryFinal(d.status as DeliveryState);
    if (d.chargePaidFen > 0 || d.chargeRefundFen > 0 || d.fareChargeFen > 0) {
      split.checked++;
      const keptCharge = d.chargePaidFen - d.chargeRefundFen;
      const confirmedCancel = d.status === 'cancelled' && !!d.cancelQuote;
      if (keptCharge < 0) violate(split, `${d.id}: charge refunded ${d.chargeRefundFen} > paid ${d.chargePaidFen}`);
      else if (d.fareChargeFen > 0 && keptCharge !== d.fareChargeFen)
        violate(split, `${d.id}: fare charge recorded ${d.fareChargeFen}, collected and kept ${keptCharge}`);
      else if (confirmedCancel && d.fareChargeFen !== (d.cancelQuote as { fareChargeFen?: number }).fareChargeFen)
        violate(split, `${d.id}: fare charge ${d.fareChargeFen} ≠ the confirmed quote's`);
      else if (final && !confirmedCancel && keptCharge !== 0)
        violate(split, `${d.id} ${d.status}: kept ${keptCharge} of a cancel charge without a confirmed cancel`);
    }
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
    if ((o.withGateway ?? true) && d.chargePaymentNo) {
      gateway.checked++;
      const q = await paymentGateway().queryPayment(d.chargePaymentNo);
      const paidThere = q?.status === 'paid' ? q.amountFen : 0;
      if (paidThere !== d.chargePaidFen)
        violate(gateway, `${d.id}: gateway charge paid ${paidThere}, recorded ${d.chargePaidFen}`);
      else if (q && d.chargeRefundStatus !== 'pending' && q.refundedFen !== d.chargeRefundFen)
        violate(gateway, `${d.id}: gateway charge refunded ${q.refundedFen}, recorded ${d.chargeRefundFen}`);
    }
    if (d.payWith === 'balance' && d.agencyId) {
      ledger.checked++;
      const refs = ['fee', 'fee-refund', 'fare-charge', 'fare-charge-refund'].map((k) => `delivery-${k}:${d.id}`);
      const [sum] = await db()
        .select({ net: sql<string>`coalesce(sum(${ledgerEntries.amountFen}), 0)` })
        .from(ledgerEntries)
        .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
        .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
        .where(and(inArray(ledgerTransactions.ref, refs), eq(ledgerAccounts.kind, 'agency_balance')));
      const posted = -Number(sum?.net ?? 0);
      const rows = d.feePaidFen - d.feeRefundFen + d.chargePaidFen - d.chargeRefundFen;
      if (posted !== rows) violate(ledger, `${d.id}: agency balance debited ${posted}, delivery rows say ${rows}`);
    }
  }
  return [split, gateway, ledger];
}
