/**
 * The grab orders' invariants, next to the order auditor's (lib/orders/audit.ts), with the money
 * attribution of service.ts: a grab's paid = refunded (its own refunds) + handed over + still held.
 * Part of `audit()` in lib/root/audit.ts, so the order tests and `npm run chaos` check them too.
 */
import { inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { grabAttempts, grabOrders, orders, paymentRefunds, payments } from '@/db/schema';
import { GRAB_STATUS, ORDER_STATUS } from '@/lib/domain/states';
import { invariant, violate, type InvariantResult } from '@/lib/invariants';

const none = ['00000000-0000-0000-0000-000000000000'];
/** 抢票成功 and what may follow it: the result order's tickets refunded (T) or changed (E). */
const SUCCEEDED: string[] = [GRAB_STATUS.SUCCEEDED, GRAB_STATUS.REFUNDED, GRAB_STATUS.CHANGED];

export async function auditGrabs(grabIds?: string[]): Promise<InvariantResult[]> {
  const rows = await db()
    .select()
    .from(grabOrders)
    .where(grabIds ? inArray(grabOrders.id, grabIds.length ? grabIds : none) : undefined);
  const ids = rows.length ? rows.map((g) => g.id) : none;
  const pays = await db().select().from(payments).where(inArray(payments.grabOrderId, ids));
  const refunds = await db().select().from(paymentRefunds).where(inArray(paymentRefunds.grabOrderId, ids));
  const attempts = await db().select().from(grabAttempts).where(inArray(grabAttempts.grabOrderId, ids));
  const orderIds = attempts.map((a) => a.orderId).filter((x): x is string => !!x);
  const placed = await db()
    .select({ id: orders.id, status: orders.status, paidFen: orders.paidFen, totalFen: orders.totalFen })
    .from(orders)
    .where(inArray(orders.id, orderIds.length ? orderIds : none));

  const columns = invariant('grab money columns: paid = Σ paid prepayments, refunded = Σ its own succeeded refunds');
  const conserved = invariant('grab money conserved: paid = refunded + handed over + held; ended grabs hold nothing');
  const single = invariant('one success per grab, never a double charge (one prepayment kept, one issued order)');

  for (const g of rows) {
    const paid = pays.filter((p) => p.grabOrderId === g.id && p.status === 'paid');
    const paidFen = paid.reduce((a, p) => a + p.amountFen, 0);
    const own = refunds.filter((r) => r.grabOrderId === g.id && r.orderId === null);
    const back = own.filter((r) => r.status === 'succeeded').reduce((a, r) => a + r.amountFen, 0);
    const handed = paid.filter((p) => p.orderId !== null).reduce((a, p) => a + p.amountFen, 0);
    columns.checked++;
    if (g.paidFen !== paidFen || g.refundedFen !== back || g.handedOverFen !== handed)
      violate(
        columns,
        `${g.id}: paid ${g.paidFen}/${paidFen} refunded ${g.refundedFen}/${back} handed ${g.handedOverFen}/${handed}`,
      );

    conserved.checked++;
    const held = paidFen - back - handed;
    const settled = !own.some((r) => r.status === 'pending');
    const ended = [GRAB_STATUS.EXPIRED, GRAB_STATUS.CANCELLED].includes(g.status as 'O');
    if (held < 0 || (ended && settled && held !== 0) || (SUCCEEDED.includes(g.status) && handed !== g.prepaidFen))
      violate(conserved, `${g.id}: status ${g.status}, paid ${paidFen}, refunded ${back}, handed ${handed}`);

    single.checked++;
    const mine = placed.filter((o) => attempts.some((a) => a.grabOrderId === g.id && a.orderId === o.id));
    const issued = mine.filter((o) => o.status === ORDER_STATUS.ISSUED);
    const charged = mine.filter((o) => o.paidFen > 0);
    const kept = paid.filter((p) => !refunds.some((r) => r.paymentId === p.id && r.cause === 'unneeded_payment'));
    if (
      issued.length > 1 ||
      charged.length > 1 ||
      kept.length > 1 ||
      (issued.length === 1) !== SUCCEEDED.includes(g.status)
    )
      violate(
        single,
        `${g.id}: ${issued.length} issued, ${charged.length} charged orders, ${kept.length} payments kept`,
      );
  }
  return [columns, conserved, single];
}
