/**
 * The grab-order service: the one writer of grab_orders, their alternates, attempts and the grab's own
 * money. `withGrab` locks the grab row in one transaction, moves it only along GRAB_TRANSITIONS
 * (forward, never back), writes a grab event per move and enqueues follow-up jobs in the same
 * transaction. When a step also touches the grab's order it locks that order second (grab, then
 * order: the only lock order used, so the two never deadlock) through the order service's OrderTx.
 *
 * Money attribution: the prepayment is the grab's (payments.grab_order_id, order_id null) until an
 * attempt's hold is paid from it; then the payment row is handed to that order (order_id set,
 * grab.handed_over_fen) and from there on it is the order's money like any other: the difference,
 * a ticket refund or an issue failure are refunds of the order. Refunds made while the money is the
 * grab's (expiry, cancellation, a payment not needed) are payment_refunds with order_id null.
 */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { grabEvents, grabOrders, orders, payments, type GrabOrder } from '@/db/schema';
import { statesLeadingTo } from '@/lib/domain/states';
import { RowStep, withRow, type RowTables, type Source, type Tx } from '@/lib/aggregate';
import { QUEUES } from '@/lib/jobs';
import { insertPaymentRefund, paidPaymentsWithRoom } from '@/lib/orders/refund-rows';
import { OrderTx } from '@/lib/orders/service';
import { notifyGrabMove } from '@/lib/notify/events';

const GRAB_TABLES: RowTables = { table: grabOrders, events: grabEvents, owner: 'grabOrderId', kind: 'grab' };

export class GrabTx extends RowStep<GrabOrder, typeof grabOrders.$inferInsert, string> {
  constructor(tx: Tx, grab: GrabOrder, source: Source, actor: string) {
    super(tx, grab, source, actor, GRAB_TABLES);
  }

  get grab(): GrabOrder {
    return this.row;
  }

  /** Forward along GRAB_TRANSITIONS, never back. */
  protected canMove(from: string, to: string): boolean {
    return from !== to && statesLeadingTo('grab', to).includes(from);
  }

  protected override afterMove(row: GrabOrder, to: string): void {
    notifyGrabMove(this, row, to); // started, succeeded, expired, cancelled (lib/notify)
  }

  /** The grab's order, locked after the grab (the one lock order), as an order-service transaction. */
  async lockOrder(orderId: string): Promise<OrderTx | null> {
    const [order] = await this.tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    if (!order) return null;
    const o = new OrderTx(this.tx, order, this.source, this.actor);
    this.inner.push(o); // its events and jobs are written when this step finishes
    return o;
  }

  /**
   * Pays back everything the grab still holds (its paid payments not handed to an order, less what
   * was already refunded from them): once per payment and cause.
   */
  async refundHeld(cause: string, reason: string): Promise<void> {
    const held = and(eq(payments.grabOrderId, this.grab.id), isNull(payments.orderId));
    for (const p of await paidPaymentsWithRoom(this.tx, held)) await this.refund(cause, p.id, p.id, p.roomFen, reason);
  }

  /** One refund of the grab's own money back to the original payment (the refund job asks the gateway). */
  async refund(cause: string, causeRef: string, paymentId: string, amountFen: number, reason: string) {
    if (amountFen <= 0) return;
    const id = await insertPaymentRefund(this.tx, {
      orderId: null,
      grabOrderId: this.grab.id,
      paymentId,
      cause,
      causeRef,
      amountFen,
      reason,
    });
    if (!id) return;
    this.changed = true;
    await this.event('payment', this.grab.status, this.grab.status, `退款 ${amountFen} 分给旅客：${reason}`);
    this.enqueue(QUEUES.refund, { paymentRefundId: id });
  }
}

/** The grab's one writer: lib/aggregate.ts lockedStep on the grab row (the same shape as withOrder). */
export function withGrab<T>(grabId: string, source: Source, actor: string, fn: (g: GrabTx) => Promise<T>): Promise<T> {
  return withRow(
    GRAB_TABLES,
    grabId,
    '抢票单不存在。',
    (tx, grab: GrabOrder) => new GrabTx(tx, grab, source, actor),
    fn,
  );
}
