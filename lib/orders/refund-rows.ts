/**
 * The payment_refunds rows both money holders write: an order (OrderTx.refundTraveller) and a grab's
 * own prepayment (GrabTx.refund). One row per cause (and payment); the unique key (cause, cause_ref,
 * payment_id) makes a repeated callback, sync or job a no-op. The gateway call happens in the refund job;
 * its final answer settles the row here (settleRefundRow), for either holder.
 */
import 'server-only';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import { paymentRefunds, payments, type PaymentRefund } from '@/db/schema';
import type { Tx } from '@/lib/aggregate';
import { newRefundNo } from './numbers';

/** Refunds that hold a payment's money: gone back already or on their way. */
const HOLDING = inArray(paymentRefunds.status, ['pending', 'succeeded']);

/** What has gone back of one payment or is on its way. */
export async function refundedFen(tx: Tx, paymentId: string): Promise<number> {
  const [{ fen } = { fen: 0 }] = await tx
    .select({ fen: sql<number>`coalesce(sum(${paymentRefunds.amountFen}), 0)::int` })
    .from(paymentRefunds)
    .where(and(eq(paymentRefunds.paymentId, paymentId), HOLDING));
  return Number(fen);
}

/** The paid payments `where` picks, newest first, each with what is left of it to give back. */
export async function paidPaymentsWithRoom(tx: Tx, where: SQL | undefined) {
  const paid = await tx
    .select({
      id: payments.id,
      amountFen: payments.amountFen,
      gateway: payments.gateway,
      changeOrderId: payments.changeOrderId,
    })
    .from(payments)
    .where(and(where, eq(payments.status, 'paid')))
    .orderBy(desc(payments.paidAt), desc(payments.id));
  const refunded = paid.length
    ? await tx
        .select({ paymentId: paymentRefunds.paymentId, amountFen: paymentRefunds.amountFen })
        .from(paymentRefunds)
        .where(
          and(
            inArray(
              paymentRefunds.paymentId,
              paid.map((p) => p.id),
            ),
            HOLDING,
          ),
        )
    : [];
  return paid.map((p) => ({
    ...p,
    roomFen: p.amountFen - refunded.filter((r) => r.paymentId === p.id).reduce((a, r) => a + r.amountFen, 0),
  }));
}

/** The refunds a page lists (amount, state, reason), oldest first: an order's or a grab's own. */
export const refundLines = (where: SQL) =>
  db()
    .select({ amountFen: paymentRefunds.amountFen, status: paymentRefunds.status, reason: paymentRefunds.reason })
    .from(paymentRefunds)
    .where(where)
    .orderBy(asc(paymentRefunds.createdAt));

/** Inserts one refund row under a new refund number; null when the cause already has its row. */
export async function insertPaymentRefund(
  tx: Tx,
  row: {
    orderId: string | null;
    grabOrderId?: string | null;
    paymentId: string;
    cause: string;
    causeRef: string;
    amountFen: number;
    reason: string;
  },
): Promise<string | null> {
  const [inserted] = await tx
    .insert(paymentRefunds)
    .values({ ...row, refundNo: newRefundNo() })
    .onConflictDoNothing({ target: [paymentRefunds.cause, paymentRefunds.causeRef, paymentRefunds.paymentId] })
    .returning({ id: paymentRefunds.id });
  return inserted?.id ?? null;
}

/**
 * A gateway's final answer on one refund row, taken under the row's lock by the holder of its money
 * (an order's or a grab's row lock held too). 'no_change': no such row, settled already, or not the
 * caller's (`holds`). 'amount_mismatch': a success for another amount, ignored (the row stays pending).
 * 'applied': the row is settled; a failed one is re-keyed (cause + ':failed:' + its refund number) so the
 * holder inserts the money still owed again, under a new refund number. The holder counts a success.
 */
export async function settleRefundRow(
  tx: Tx,
  refundNo: string,
  status: 'succeeded' | 'failed',
  amountFen: number,
  holds: (r: PaymentRefund) => boolean = () => true,
): Promise<{ outcome: 'no_change' } | { outcome: 'amount_mismatch' | 'applied'; refund: PaymentRefund }> {
  const [r] = await tx.select().from(paymentRefunds).where(eq(paymentRefunds.refundNo, refundNo)).for('update');
  if (!r || r.status !== 'pending' || !holds(r)) return { outcome: 'no_change' };
  if (status === 'succeeded' && amountFen !== r.amountFen) return { outcome: 'amount_mismatch', refund: r };
  await tx
    .update(paymentRefunds)
    .set({
      status,
      settledAt: new Date(),
      updatedAt: new Date(),
      ...(status === 'failed' ? { cause: `${r.cause}:failed:${r.refundNo}` } : {}),
    })
    .where(eq(paymentRefunds.id, r.id));
  return { outcome: 'applied', refund: r };
}
