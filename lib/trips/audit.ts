/**
 * The trips' invariants, beside the orders' (lib/orders/audit.ts checks each leg's own money: paid =
 * Σ its paid payments, shares included; refunded + kept = paid). Here, for the trip's one payment:
 * every fen of it is in exactly one leg's share (Σ shares = the payment, once paid), nothing is
 * refunded from the trip payment itself (refunds go through the legs' shares, so Σ refunds of its
 * shares ≤ the payment), trip.paid_fen = Σ its paid payments; and the trip's state agrees with its
 * legs: a trip that failed or was cancelled before payment has no leg issued and no money kept, a
 * held-or-later trip has both legs, an issued trip both legs issued.
 */
import { inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { orders, paymentRefunds, payments, trips } from '@/db/schema';
import { TRIP_STATUS } from '@/lib/domain/trips';
import { ORDER_STATUS } from '@/lib/domain/states';
import { invariant, violate, type InvariantResult } from '@/lib/invariants';

const none = ['00000000-0000-0000-0000-000000000000'];

export async function auditTrips(tripIds?: string[]): Promise<InvariantResult[]> {
  const rows = await db()
    .select()
    .from(trips)
    .where(tripIds ? inArray(trips.id, tripIds.length ? tripIds : none) : undefined);
  const ids = rows.length ? rows.map((t) => t.id) : none;
  const pays = await db().select().from(payments).where(inArray(payments.tripId, ids));
  const legs = await db().select().from(orders).where(inArray(orders.tripId, ids));
  const payIds = pays.map((p) => p.id);
  const refunds = await db()
    .select()
    .from(paymentRefunds)
    .where(inArray(paymentRefunds.paymentId, payIds.length ? payIds : none));

  const money = invariant(
    'trip payment: Σ leg shares = the one payment, refunds only via shares ≤ it, paid_fen = Σ paid',
  );
  const state = invariant('trip state agrees with its legs (failed/cancelled: nothing issued or kept; issued: both)');
  for (const t of rows) {
    money.checked++;
    const whole = pays.filter((p) => p.tripId === t.id && p.orderId === null);
    const paidWhole = whole.filter((p) => p.status === 'paid');
    if (t.paidFen !== paidWhole.reduce((a, p) => a + p.amountFen, 0))
      violate(
        money,
        `${t.id}: paid_fen ${t.paidFen}, paid trip payments ${paidWhole.map((p) => p.amountFen).join('+')}`,
      );
    for (const p of whole) {
      const shares = pays.filter((s) => s.shareOfPaymentId === p.id);
      const sum = shares.reduce((a, s) => a + s.amountFen, 0);
      const back = refunds
        .filter((r) => shares.some((s) => s.id === r.paymentId) && r.status !== 'failed')
        .reduce((a, r) => a + r.amountFen, 0);
      const direct = refunds.filter((r) => r.paymentId === p.id);
      const sharesOk =
        p.status === 'paid'
          ? sum === p.amountFen &&
            shares.every((s) => s.status === 'paid' && legs.some((o) => o.id === s.orderId && o.tripId === t.id))
          : shares.length === 0;
      if (!sharesOk || back > p.amountFen || direct.length)
        violate(
          money,
          `${t.id}: payment ${p.paymentNo} ${p.status} ${p.amountFen}, shares ${sum}, refunded ${back}, direct refunds ${direct.length}`,
        );
    }
    state.checked++;
    const mine = legs.filter((o) => o.tripId === t.id);
    const issued = mine.filter((o) => o.status === ORDER_STATUS.ISSUED).length;
    const kept = mine.reduce((a, o) => a + o.paidFen - o.refundedFen, 0);
    const moneyMoving = refunds.some((r) => r.status === 'pending' && mine.some((o) => o.id === r.orderId));
    const bad =
      ((t.status === TRIP_STATUS.FAILED || t.status === TRIP_STATUS.CANCELLED) &&
        (issued > 0 || (!moneyMoving && kept !== 0))) ||
      (t.status !== TRIP_STATUS.HOLDING && t.status !== TRIP_STATUS.CANCELLED && mine.length !== 2) ||
      (t.status === TRIP_STATUS.ISSUED && issued !== 2) ||
      (t.status === TRIP_STATUS.PARTIAL && issued !== 1) ||
      (t.status === TRIP_STATUS.ISSUE_FAILED && issued !== 0);
    if (bad) violate(state, `${t.id}: ${t.status}, ${mine.length} legs, ${issued} issued, kept ${kept}`);
  }
  return [money, state];
}
