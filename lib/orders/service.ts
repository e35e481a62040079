/**
 * The order service: the one writer of orders, tickets, refund requests, change orders and traveller
 * payments. Every change runs in `withOrder`, which in one transaction locks the order row, lets the
 * caller move machines only along the transition tables of lib/domain/states.ts (forward, never back,
 * skipping lost intermediate states), writes an event per move (from → to, source, actor) and enqueues
 * the follow-up jobs in the same transaction. Nothing else updates these tables.
 */
import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import {
  changeOrders,
  orderEvents,
  orders,
  orderTickets,
  ledgerTransactions,
  paymentRefunds,
  payments,
  ticketRefunds,
  type ChangeOrder,
  type Order,
  type OrderTicket,
  type TicketRefund,
} from '@/db/schema';
import { canTransition, statesLeadingTo, ORDER_STATUS, REFUND_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { maskPii } from '@/lib/domain/mask';
import { lockedStep, StepJobs, type Source, type Tx } from '@/lib/aggregate';
import { QUEUES } from '@/lib/jobs';
import type { OrderDetail, Ticket } from '@/lib/provider';
import { post, transfer } from '@/lib/ledger';
import { isNotLoggedIn, REBIND_MESSAGE } from '@/lib/train-account/store';
import { carriedDocuments } from './documents';
import { retryCustomerOrderNo } from './numbers';
import { insertPaymentRefund, paidPaymentsWithRoom } from './refund-rows';
import { matchTickets } from './match';
import { splitRefund } from '@/lib/domain/money';
import { changeDepartures, notifyOrderEvents } from '@/lib/notify/events';

import { observeOrderMove, observeRefund, orderSpan } from '@/lib/obs/hooks';

/** payments.gateway of an agency order paid from its prepaid balance (no gateway round trip). */
export const BALANCE_GATEWAY = 'balance';

export type { Source };

/** Ticket states after which a grab's result order may have become 已退票 (21, 23) or 已改签 (34). */
const GRAB_AFTER_SALES_TICKET: number[] = [
  TICKET_STATUS.REFUNDED,
  TICKET_STATUS.REFUNDED_UNPAID,
  TICKET_STATUS.CHANGE_ISSUED,
];

/** Orders the worker keeps an eye on until they settle. */
export const LIVE_ORDER_STATUSES: number[] = [ORDER_STATUS.HOLDING, ORDER_STATUS.HELD, ORDER_STATUS.ISSUING];

export class OrderTx extends StepJobs {
  constructor(
    readonly tx: Tx,
    public order: Order,
    readonly source: Source,
    readonly actor: string,
  ) {
    super();
  }

  /** Events of this step, written together when it finishes (same transaction, same order, same `at`). */
  private readonly events: (typeof orderEvents.$inferInsert)[] = [];

  event(kind: string, refId: string | null, from: number | null, to: number, note?: string | null): void {
    this.events.push({
      orderId: this.order.id,
      kind,
      refId,
      ticketId: kind === 'ticket' ? refId : null,
      fromStatus: from,
      toStatus: to,
      source: this.source,
      actor: this.actor,
      note: note ?? null,
    });
  }

  /** Whether this step recorded an event of `kind` not written yet. */
  hasPendingEvent(kind: string): boolean {
    return this.events.some((e) => e.kind === kind);
  }

  /**
   * The step's events in one INSERT (a booking's steps write 1–3 each: 9 single-row inserts per
   * booking before). Their ids keep the order they were recorded in; `at` is the transaction's time.
   */
  override async finish(): Promise<void> {
    const events = this.events.splice(0);
    if (events.length) await this.tx.insert(orderEvents).values(events);
    // The notifications these events imply: jobs in this transaction (lib/notify; never fails the step).
    notifyOrderEvents(this, this.order, events, new Date(), await changeDepartures(this.tx, events));
    await super.finish();
  }

  /** Updates order columns that are not its state (and records that something changed). */
  async patchOrder(patch: Partial<typeof orders.$inferInsert>): Promise<void> {
    const [row] = await this.tx
      .update(orders)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(orders.id, this.order.id))
      .returning();
    if (row) this.order = row;
  }

  /**
   * Moves the order to `to` if the machine allows it from where it is (directly or by skipping lost
   * intermediate states). Returns false, changing nothing, otherwise.
   */
  async moveOrder(to: number, note?: string | null, patch: Partial<typeof orders.$inferInsert> = {}): Promise<boolean> {
    const from = this.order.status;
    if (from === to || !statesLeadingTo('order', to).includes(from)) return false;
    const [row] = await this.tx
      .update(orders)
      .set({ ...patch, status: to, updatedAt: sql`now()` })
      .where(and(eq(orders.id, this.order.id), eq(orders.status, from)))
      .returning();
    if (!row) return false;
    this.order = row;
    this.changed = true;
    this.event('order', this.order.id, from, to, note);
    observeOrderMove(from, to);
    // An order a grab placed: the grab engine (lib/grab) follows it (pay from the prepayment, success, retry).
    if (row.grabOrderId)
      this.enqueue(QUEUES.grabOrder, { grabId: row.grabOrderId, orderId: row.id }, { singletonKey: `${row.id}:${to}` });
    // A leg of a two-leg trip: the trip follows its legs (lib/trips/service.ts syncTrip).
    if (row.tripId) this.enqueue(QUEUES.tripSync, { tripId: row.tripId }, { singletonKey: `${row.id}:${to}` });
    return true;
  }

  moveTicket(
    ticket: OrderTicket,
    to: number,
    patch: Partial<typeof orderTickets.$inferInsert> = {},
    note?: string | null,
  ) {
    return this.moveRow('ticket', orderTickets, ticket, to, patch, note);
  }

  moveRefund(
    refund: TicketRefund,
    to: number,
    patch: Partial<typeof ticketRefunds.$inferInsert> = {},
    note?: string | null,
  ) {
    return this.moveRow('refund', ticketRefunds, refund, to, patch, note);
  }

  moveChange(
    change: ChangeOrder,
    to: number,
    patch: Partial<typeof changeOrders.$inferInsert> = {},
    note?: string | null,
  ) {
    return this.moveRow('change', changeOrders, change, to, patch, note);
  }

  /**
   * The one guarded move of a ticket, refund request or change order: only along its machine's table,
   * only from the state it is read in (`UPDATE … WHERE status = <from>`), with its event. The caller's
   * copy of the row is updated too.
   */
  private async moveRow(
    machine: 'ticket' | 'refund' | 'change',
    table: typeof orderTickets | typeof ticketRefunds | typeof changeOrders,
    row: { id: string; status: number },
    to: number,
    patch: object,
    note?: string | null,
  ): Promise<boolean> {
    const from = row.status;
    if (from === to || !statesLeadingTo(machine, to).includes(from)) return false;
    // The three tables share id, status and updated_at; the patch was typed by the public mover.
    const t = table as typeof orderTickets;
    const [moved] = await this.tx
      .update(t)
      .set({ ...(patch as Partial<typeof orderTickets.$inferInsert>), status: to, updatedAt: sql`now()` })
      .where(and(eq(t.id, row.id), eq(t.status, from)))
      .returning({ id: t.id });
    if (!moved) return false;
    Object.assign(row, patch, { status: to });
    this.changed = true;
    this.event(machine, row.id, from, to, note);
    // A grab's result order: a ticket refunded or changed may make the grab 已退票 / 已改签 (lib/grab).
    if (this.order.grabOrderId && machine === 'ticket' && GRAB_AFTER_SALES_TICKET.includes(to))
      this.enqueue(
        QUEUES.grabOrder,
        { grabId: this.order.grabOrderId, orderId: this.order.id },
        { singletonKey: `${row.id}:${to}` },
      );
    return true;
  }

  async tickets(): Promise<OrderTicket[]> {
    return this.tx
      .select()
      .from(orderTickets)
      .where(eq(orderTickets.orderId, this.order.id))
      .orderBy(asc(orderTickets.position));
  }

  /** Pays back what is left of every paid payment (the order failed or was cancelled after paying). */
  async refundAllPayments(cause: string, reason: string): Promise<void> {
    for (const p of await paidPaymentsWithRoom(this.tx, eq(payments.orderId, this.order.id)))
      await this.refundTraveller(cause, p.id, p.roomFen, reason, p.id);
  }

  /**
   * Money back to the traveller for one cause (issue failure, cancellation after payment, a ticket
   * refund, a cheaper change, a payment that was not needed). Once per (cause, causeRef): a repeated
   * callback, sync or job pays back once (the order row is locked, so the look and the insert cannot
   * race). The gateway call happens in the refund job.
   *
   * An order's money in is a list of payments (the fare, then the difference of each dearer 改签), and
   * a refund can be larger than any one of them (a changed ticket refunded: its fare was paid in two
   * parts). The amount is split over the payments with room left, newest first, each part going back
   * through its own payment (a gateway refunds only what was paid through it, and the newest payment
   * is the furthest from the gateway's refund deadline); all parts share the cause key. `paymentId`
   * limits the refund to that one payment (a payment the order did not need, or the retry of a part
   * whose gateway refund failed: its row was renamed, the cause's other parts stand).
   */
  async refundTraveller(
    cause: string,
    causeRef: string,
    amountFen: number,
    reason: string,
    paymentId?: string,
  ): Promise<void> {
    if (amountFen <= 0) return;
    const [done] = await this.tx
      .select({ id: paymentRefunds.id })
      .from(paymentRefunds)
      .where(
        and(
          eq(paymentRefunds.cause, cause),
          eq(paymentRefunds.causeRef, causeRef),
          paymentId ? eq(paymentRefunds.paymentId, paymentId) : undefined,
        ),
      )
      .limit(1);
    if (done) return;
    const paid = await paidPaymentsWithRoom(
      this.tx,
      and(eq(payments.orderId, this.order.id), paymentId ? eq(payments.id, paymentId) : undefined),
    );
    const parts = splitRefund(amountFen, paid);
    if (!parts) {
      this.event('payment', null, null, this.order.status, `无法退款 ${amountFen} 分（${reason}）：没有足够的已付款项`);
      return;
    }
    for (const { payment, amountFen: part } of parts) {
      const id = await insertPaymentRefund(this.tx, {
        orderId: this.order.id,
        paymentId: payment.id,
        cause,
        causeRef,
        amountFen: part,
        reason,
      });
      if (!id) continue;
      this.changed = true;
      this.event('payment', id, null, this.order.status, `退款 ${part} 分给旅客：${reason}`);
      if (payment.gateway === BALANCE_GATEWAY) await this.creditAgency(id, part, reason, !!payment.changeOrderId);
      else this.enqueue(QUEUES.refund, { paymentRefundId: id });
    }
  }

  /**
   * An agency order's money goes back to the agency's prepaid balance at once, in the ledger: from
   * the money held for the order while it was never issued (a release), from the provider once it was
   * (a refund credit; a change difference was paid to the provider directly).
   */
  private async creditAgency(paymentRefundId: string, amountFen: number, reason: string, fromProvider: boolean) {
    const agencyId = this.order.agencyId!;
    const [debited] = await this.tx
      .select({ id: ledgerTransactions.id })
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.ref, `debit:${this.order.id}`));
    const source = fromProvider || debited ? 'provider' : 'agency_held';
    await post(this.tx, {
      kind: source === 'provider' ? 'refund' : 'release',
      ref: `credit:${paymentRefundId}`,
      agencyId,
      orderId: this.order.id,
      memo: reason,
      createdBy: this.actor,
      legs: transfer(
        { kind: source, agencyId: source === 'provider' ? null : agencyId },
        { kind: 'agency_balance', agencyId },
        amountFen,
      ),
    });
    await this.tx
      .update(paymentRefunds)
      .set({ status: 'succeeded', settledAt: new Date(), updatedAt: new Date() })
      .where(eq(paymentRefunds.id, paymentRefundId));
    const refunded = this.order.refundedFen + amountFen;
    await this.patchOrder({
      refundedFen: refunded,
      ...(refunded === this.order.paidFen ? { paymentStatus: 'refunded' as const } : {}),
    });
    this.event('payment', paymentRefundId, null, this.order.status, `已退回预存款 ${amountFen} 分：${reason}`);
  }

  /** Issued: the money held for an agency order goes to the provider (debit on issue). */
  async debitAgencyOnIssue(): Promise<void> {
    if (!this.order.agencyId) return;
    const held = await this.tx
      .select({ amountFen: payments.amountFen })
      .from(payments)
      .where(
        and(
          eq(payments.orderId, this.order.id),
          eq(payments.status, 'paid'),
          eq(payments.gateway, BALANCE_GATEWAY),
          isNull(payments.changeOrderId),
        ),
      );
    const amount = held.reduce((a, p) => a + p.amountFen, 0);
    if (amount <= 0) return;
    await post(this.tx, {
      kind: 'debit',
      ref: `debit:${this.order.id}`,
      agencyId: this.order.agencyId,
      orderId: this.order.id,
      memo: `出票扣款 ${this.order.trainCode}`,
      createdBy: this.actor,
      legs: transfer(
        { kind: 'agency_held', agencyId: this.order.agencyId },
        { kind: 'provider', agencyId: null },
        amount,
      ),
    });
  }
}

/**
 * Runs `fn` in one transaction holding the order's row lock; jobs it enqueued are inserted in the
 * same transaction. Throws not_found for an unknown id.
 */
export function withOrder<T>(
  orderId: string,
  source: Source,
  actor: string,
  fn: (o: OrderTx) => T | Promise<T>,
): Promise<T> {
  return orderSpan(orderId, source, () =>
    lockedStep(
      async (tx) => (await tx.select().from(orders).where(eq(orders.id, orderId)).for('update'))[0],
      '订单不存在。',
      (tx, order) => new OrderTx(tx, order, source, actor),
      fn,
    ),
  );
}

/** Whether the one "log in again and retry" of a hold refused for "not logged in" was used. */
export async function reloginTried(orderId: string, o?: OrderTx): Promise<boolean> {
  if (o?.hasPendingEvent('relogin')) return true;
  const [e] = await (o?.tx ?? db())
    .select({ id: orderEvents.id })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.kind, 'relogin')))
    .limit(1);
  return !!e;
}

/** Backoff for re-reading an order without news: 5 s, 10 s, 20 s … at most 5 minutes. */
export function syncDelaySeconds(attempt: number): number {
  return Math.min(300, 5 * 2 ** Math.min(attempt, 6));
}

/**
 * Applies what the provider says (订单详情) to the order, its tickets, refund requests and change
 * orders. Only forward moves happen; amounts the traveller paid are never taken from the provider;
 * the order's price is taken from the provider only until it is paid.
 */
export async function applyDetail(o: OrderTx, d: OrderDetail): Promise<void> {
  if (o.order.providerOrderNo && o.order.providerOrderNo !== d.orderNo) {
    throw new Error(`订单详情 ${d.orderNo} does not belong to order ${o.order.id}`);
  }
  // Without a provider order number the order is between attempts (its first 创单 answer lost, or
  // detached from a hold refused for "not logged in"): only news of the current attempt applies; a
  // late 订单详情 of the detached first attempt (read by a sync that started before) is stale.
  if (!o.order.providerOrderNo && d.customerOrderNo) {
    const current = (await reloginTried(o.order.id, o))
      ? retryCustomerOrderNo(o.order.customerOrderNo)
      : o.order.customerOrderNo;
    if (d.customerOrderNo !== current) return;
  }
  const before = o.order.status;
  const patch: Partial<typeof orders.$inferInsert> = {
    providerDetail: maskPii(d),
    lastSyncedAt: new Date(),
  };
  if (!o.order.providerOrderNo) patch.providerOrderNo = d.orderNo;
  if (o.order.paymentStatus === 'unpaid' && d.orderFen !== null && d.status === ORDER_STATUS.HELD) {
    patch.totalFen = d.orderFen;
  }
  if (d.payDeadline && o.order.status <= ORDER_STATUS.HELD) patch.payLimitAt = d.payDeadline;
  if (
    d.unfinishedReason &&
    [ORDER_STATUS.HOLD_FAILED, ORDER_STATUS.ISSUE_FAILED, ORDER_STATUS.CANCELLED].includes(d.status as 3)
  )
    patch.failureReason = d.unfinishedReason;
  // A hold refused because the bound 12306 account is not logged in: log in again and 创单 once more
  // (issue 10); the order stays 占位中 meanwhile, detached from the failed provider order.
  if (
    d.status === ORDER_STATUS.HOLD_FAILED &&
    o.order.status === ORDER_STATUS.HOLDING &&
    o.order.trainAccountId &&
    isNotLoggedIn(d.unfinishedReason ?? '')
  ) {
    if (!(await reloginTried(o.order.id, o))) {
      o.event(
        'relogin',
        o.order.id,
        ORDER_STATUS.HOLDING,
        ORDER_STATUS.HOLDING,
        '12306 账号登录已失效：重新登录后再占位一次',
      );
      await o.patchOrder({ providerOrderNo: null, providerDetail: maskPii(d), lastSyncedAt: new Date() });
      o.changed = true;
      o.enqueue(QUEUES.submit, { orderId: o.order.id, relogin: true }, { singletonKey: o.order.id });
      return;
    }
    patch.failureReason = REBIND_MESSAGE;
  }
  const changedColumns =
    (patch.totalFen !== undefined && patch.totalFen !== o.order.totalFen) ||
    (patch.payLimitAt !== undefined && patch.payLimitAt?.getTime() !== o.order.payLimitAt?.getTime()) ||
    patch.providerOrderNo !== undefined;
  if (d.status !== o.order.status && (await o.moveOrder(d.status, d.unfinishedReason, patch))) {
    // moved, patch written with it
  } else {
    await o.patchOrder(patch);
    if (changedColumns) o.changed = true;
  }

  // Issued: an agency's held money goes to the provider before any refund of it is credited back.
  if (o.order.status === ORDER_STATUS.ISSUED && before !== ORDER_STATUS.ISSUED) await o.debitAgencyOnIssue();

  // Held: an unpaid hold is cancelled at its pay-by time whether or not anyone looks at it.
  if (before !== ORDER_STATUS.HELD && o.order.status === ORDER_STATUS.HELD && o.order.payLimitAt) {
    o.enqueue(
      QUEUES.expire,
      { orderId: o.order.id },
      { startAfter: new Date(o.order.payLimitAt.getTime() + 2000), singletonKey: o.order.id },
    );
  }

  const ours = await o.tickets();
  const originals = ours.filter((t) => t.changeOrderId === null);
  const pairs = matchTickets(originals, d.tickets);
  for (const { mine, theirs } of pairs) await applyTicket(o, ours, mine, theirs, d);

  for (const c of d.changes) await applyChange(o, ours, c);

  // Money that goes back to the traveller because of an order-level outcome.
  if (o.order.status !== before && o.order.paidFen > 0) {
    if (o.order.status === ORDER_STATUS.ISSUE_FAILED)
      await o.refundAllPayments('issue_failed', '出票失败，票款原路退回');
    if (o.order.status === ORDER_STATUS.CANCELLED) await o.refundAllPayments('cancelled', '订单已取消，票款原路退回');
  }
  if (o.order.status === ORDER_STATUS.ISSUED && before !== ORDER_STATUS.ISSUED) {
    const seat = d.ticketEntrance;
    if (seat) await o.tx.update(orderTickets).set({ ticketEntrance: seat }).where(eq(orderTickets.orderId, o.order.id));
  }
}

/** Order-level ticket states a provider ticket status maps to directly. */
const LIFECYCLE: number[] = [1, 2, 3, 5, 7, 8, 9];

async function applyTicket(o: OrderTx, all: OrderTicket[], mine: OrderTicket, theirs: Ticket, d: OrderDetail) {
  const s = theirs.status as number;
  const seatPatch = {
    ...(theirs.ticketNo ? { ticketNo: theirs.ticketNo } : {}),
    ...(theirs.seatNo ? { seatNo: theirs.seatNo } : {}),
    ...(theirs.priceFen !== null && mine.status < TICKET_STATUS.ISSUED ? { priceFen: theirs.priceFen } : {}),
  };
  if (LIFECYCLE.includes(s)) {
    if (s !== mine.status) await o.moveTicket(mine, s, seatPatch);
    else if (seatPatch.seatNo && seatPatch.seatNo !== mine.seatNo && mine.status < TICKET_STATUS.ISSUED) {
      await o.tx.update(orderTickets).set(seatPatch).where(eq(orderTickets.id, mine.id));
      o.changed = true;
    }
    if (s === TICKET_STATUS.ISSUED) await closeUnheardRefund(o, mine);
    return;
  }
  // After-sales states: the ticket must have been issued, even if we missed that news.
  if (mine.status < TICKET_STATUS.ISSUED) await o.moveTicket(mine, TICKET_STATUS.ISSUED, seatPatch);
  if (s >= 30) return; // 改签 states live on the change orders (applyChange)
  // 退票 states (20-23) concern the passenger's current ticket: the change's new one once changed.
  const current = all.find((t) => t.replacesTicketId === mine.id) ?? mine;
  await applyRefundState(o, current, theirs, d);
}

/** How long the provider may show a ticket as plain 出票成功 after we asked to refund it. */
const REFUND_UNHEARD_MS = 2 * 60_000;

/**
 * We asked for a refund (the answer was lost), but minutes later the provider still shows the ticket
 * as 出票成功 with no refund under way: the request never arrived. It fails, and may be asked again.
 */
async function closeUnheardRefund(o: OrderTx, ticket: OrderTicket) {
  const [open] = await o.tx
    .select()
    .from(ticketRefunds)
    .where(and(eq(ticketRefunds.ticketId, ticket.id), eq(ticketRefunds.status, REFUND_STATUS.REFUNDING)))
    .for('update');
  if (!open || Date.now() - open.createdAt.getTime() < REFUND_UNHEARD_MS) return;
  const why = '退票请求未被 12306 受理，可重新申请。';
  await o.moveRefund(open, REFUND_STATUS.FAILED, { failureReason: why }, why);
}

async function applyRefundState(o: OrderTx, ticket: OrderTicket, theirs: Ticket, _d: OrderDetail) {
  const s = theirs.status as number;
  if (ticket.status === TICKET_STATUS.REFUNDED) return;
  const [open] = await o.tx
    .select()
    .from(ticketRefunds)
    .where(and(eq(ticketRefunds.ticketId, ticket.id), inArray(ticketRefunds.status, [20, 23])))
    .for('update');
  let refund = open;
  if (!refund) {
    if (s === REFUND_STATUS.FAILED) return; // a failure we already recorded (or never asked for)
    [refund] = await o.tx
      .insert(ticketRefunds)
      .values({ orderId: o.order.id, ticketId: ticket.id, status: REFUND_STATUS.REFUNDING, origin: 'provider' })
      .returning();
    o.changed = true;
    o.event('refund', refund!.id, null, REFUND_STATUS.REFUNDING, '12306 报告已退票（含车站窗口退票）');
  }
  if (!refund) return;
  const money = {
    feeFen: theirs.refundFeeFen,
    providerRefundFen: theirs.refundFen,
    providerTransactionNo: theirs.refundTransactionNo,
  };
  if (s === REFUND_STATUS.FAILED) {
    await o.moveRefund(refund, s, { failureReason: theirs.refundFailReason ?? '退票失败' }, theirs.refundFailReason);
    return;
  }
  if (s === REFUND_STATUS.REFUNDED_UNPAID) {
    await o.moveRefund(refund, s, money);
    await o.moveTicket(ticket, TICKET_STATUS.REFUNDED_UNPAID);
    return;
  }
  if (s === REFUND_STATUS.REFUNDED) {
    await o.moveRefund(refund, s, money);
    await o.moveTicket(ticket, TICKET_STATUS.REFUNDED, {
      refundFeeFen: theirs.refundFeeFen,
      refundAmountFen: theirs.refundFen,
    });
    observeRefund('in', theirs.refundFen ?? 0);
    // Exactly what the provider refunded goes back to the traveller.
    if (theirs.refundFen !== null)
      await o.refundTraveller('ticket_refund', refund.id, theirs.refundFen, `退票 ${ticket.passengerName}`);
  }
}

async function applyChange(o: OrderTx, ours: OrderTicket[], c: OrderDetail['changes'][number]) {
  const originals = ours.filter((t) => t.changeOrderId === null);
  const covered = matchTickets(originals, c.tickets);
  let [change] = await o.tx.select().from(changeOrders).where(eq(changeOrders.providerChangeNo, c.chaNo)).for('update');
  if (change && change.orderId !== o.order.id) throw new Error(`change ${c.chaNo} belongs to another order`);
  if (!change) {
    [change] = await o.tx
      .insert(changeOrders)
      .values({
        orderId: o.order.id,
        providerChangeNo: c.chaNo,
        status: 30,
        trainCode: c.trainCode,
        fromStation: c.fromStation,
        toStation: c.toStation,
        departureAt: c.departAt,
        arrivalAt: c.arriveAt,
        priceChangeType: c.priceChangeType,
        needPayFen: c.needPayFen,
        changeFeeFen: c.changeFeeFen,
        ticketIds: covered.map((p) => p.mine.id),
      })
      .onConflictDoNothing()
      .returning();
    if (!change) return;
    o.changed = true;
    o.event('change', change.id, null, 30, `改签单 ${c.chaNo}`);
  }
  const status = c.status as number;
  const patch = {
    priceChangeType: c.priceChangeType,
    needPayFen: c.needPayFen,
    changeFeeFen: c.changeFeeFen,
    providerRefundFen: c.refundFen,
    failureReason: c.unfinishedReason,
    confirmDeadlineAt: c.confirmDeadline,
  };
  if (status !== change.status && canReachChange(change.status, status)) {
    await o.moveChange(change, status, patch, c.unfinishedReason);
    if ([32, 35, 37].includes(status) && change.paidFen > 0) {
      // The traveller paid their part of a change that did not happen: all of it back.
      const paid = await o.tx
        .select({ id: payments.id, amountFen: payments.amountFen })
        .from(payments)
        .where(and(eq(payments.changeOrderId, change.id), eq(payments.status, 'paid')));
      for (const p of paid)
        await o.refundTraveller(
          'change_failed',
          p.id,
          p.amountFen,
          `改签未成功（${c.unfinishedReason ?? '已取消'}），差价原路退回`,
          p.id,
        );
    }
  } else if (
    change.status === status &&
    (change.needPayFen !== c.needPayFen ||
      change.providerRefundFen !== c.refundFen ||
      change.confirmDeadlineAt?.getTime() !== c.confirmDeadline?.getTime())
  ) {
    await o.tx.update(changeOrders).set(patch).where(eq(changeOrders.id, change.id));
    Object.assign(change, patch);
    o.changed = true;
  }
  if (change.status !== 34) return;
  // Issued: each covered original ticket is replaced by the change's new ticket (once).
  for (const { mine, theirs } of covered) {
    if (mine.status !== TICKET_STATUS.ISSUED && mine.status !== TICKET_STATUS.CHANGE_ISSUED) continue;
    const [fresh] = await o.tx
      .insert(orderTickets)
      .values({
        orderId: o.order.id,
        position: 100 + mine.position + 100 * ours.filter((t) => t.changeOrderId !== null).length,
        passengerName: mine.passengerName,
        idName: mine.idName,
        idType: mine.idType,
        idNo: mine.idNo,
        ...carriedDocuments(mine),
        ticketType: mine.ticketType,
        status: TICKET_STATUS.ISSUED,
        ticketNo: theirs.ticketNo,
        seatNo: theirs.seatNo,
        priceFen: theirs.priceFen ?? 0,
        changeOrderId: change.id,
        replacesTicketId: mine.id,
      })
      .onConflictDoNothing({ target: orderTickets.replacesTicketId })
      .returning();
    if (fresh) {
      ours.push(fresh);
      o.event('ticket', fresh.id, null, TICKET_STATUS.ISSUED, `改签新票 ${c.trainCode}`);
    }
    await o.moveTicket(mine, TICKET_STATUS.CHANGE_ISSUED, {}, `已改签至 ${c.trainCode}`);
  }
  // What the provider gave back after the change, less what the traveller was already spared paying
  // (a dearer change's original fare, counted when they paid their part): exactly once per change.
  const originalFen = covered.reduce((a, p) => a + p.mine.priceFen, 0);
  const credit = c.priceChangeType === 1 && change.paidFen > 0 ? originalFen : 0;
  const back = (c.refundFen ?? 0) - credit;
  if (back > 0) await o.refundTraveller('change_refund', change.id, back, `改签差价退款 ${c.chaNo}`);
}

function canReachChange(from: number, to: number): boolean {
  return canTransition('change', from, to) || statesLeadingTo('change', to).includes(from);
}
