/**
 * The order auditor: checks the invariants the order core promises, over the database and what the
 * provider says (订单详情, re-read). Used by the integration tests after every scenario and by
 * `npm run chaos` after its settle period. Each invariant reports how many records it checked and
 * how many violated it, with a few examples.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { changeOrders, orders, orderTickets, paymentRefunds, payments, ticketRefunds } from '@/db/schema';
import { ORDER_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { isProviderId, type OrderDetail } from '@/lib/provider';
import { invariant, violate, type InvariantResult } from '@/lib/invariants';
import { ledgerChecks } from '@/lib/ledger';
import { holdGivenUpAt } from './night';
import { readDetail } from './provider';

const FINAL_ORDER = [ORDER_STATUS.HOLD_FAILED, ORDER_STATUS.CANCELLED, ORDER_STATUS.ISSUED, ORDER_STATUS.ISSUE_FAILED];
/** Ticket states in which a seat is sold to the traveller (before any refund). */
const SOLD = new Set<number>([8, 20, 21, 22, 23, 30, 31, 32, 33, 34, 35, 37]);

export interface AuditOptions {
  /** Only these orders (a test's or a chaos run's); default all. */
  orderIds?: string[];
  /** Re-read 订单详情 for final orders to compare money and seats with the provider (default true). */
  withProvider?: boolean;
  now?: Date;
}

/** The orders' invariants and the agencies' ledger (the whole auditor, grabs included, is lib/root/audit.ts). */
export async function auditOrders(opts: AuditOptions = {}): Promise<InvariantResult[]> {
  const now = opts.now ?? new Date();
  const scope = opts.orderIds
    ? inArray(orders.id, opts.orderIds.length ? opts.orderIds : ['00000000-0000-0000-0000-000000000000'])
    : undefined;
  const rows = await db().select().from(orders).where(scope);
  const ids = rows.map((o) => o.id);
  const none = ['00000000-0000-0000-0000-000000000000'];
  const inIds = (col: AnyPgColumn) => inArray(col, ids.length ? ids : none);
  const pays = await db().select().from(payments).where(inIds(payments.orderId));
  const refunds = await db().select().from(paymentRefunds).where(inIds(paymentRefunds.orderId));
  const tickets = await db().select().from(orderTickets).where(inIds(orderTickets.orderId));
  const openRefundReqs = await db()
    .select({ orderId: ticketRefunds.orderId, updatedAt: ticketRefunds.updatedAt })
    .from(ticketRefunds)
    .where(and(inIds(ticketRefunds.orderId), inArray(ticketRefunds.status, [20, 23])));

  const columns = invariant('money columns: paid = Σ paid payments, refunded = Σ succeeded refunds ≤ paid');
  const conservation = invariant('money conservation: charged = refunded + kept, kept = what the provider kept');
  const inventory = invariant('inventory conservation: tickets the provider issued = tickets issued here');
  const twice = invariant('no seat sold twice');
  const stuck = invariant('no order, payment, refund or change stuck past its deadline');
  const once = invariant('one effect per idempotent request (one paid payment kept, one refund per cause)');
  const losers = invariant('losers of a race left clean (cancelled/failed: no ticket, all money back)');
  const byProvider = new Map<string, number>();
  for (const o of rows) byProvider.set(o.provider, (byProvider.get(o.provider) ?? 0) + 1);
  const ofRecord = invariant(
    `provider of record: a known provider per order, its 订单详情 names the same order (${
      [...byProvider].map(([p, n]) => `${p} ${n}`).join(', ') || 'no orders'
    })`,
  );
  for (const o of rows) {
    ofRecord.checked++;
    if (!isProviderId(o.provider)) violate(ofRecord, `${o.id}: unknown provider ${o.provider}`);
  }

  // 改签 still under way (holding, held, issuing): the traveller's part may be paid while the provider
  // has not taken it yet, so the order's money is in flight like a pending refund's.
  const openChanges = await db()
    .select({
      orderId: changeOrders.orderId,
      status: changeOrders.status,
      paidFen: changeOrders.paidFen,
      confirmDeadlineAt: changeOrders.confirmDeadlineAt,
      createdAt: changeOrders.createdAt,
      updatedAt: changeOrders.updatedAt,
    })
    .from(changeOrders)
    .where(and(inIds(changeOrders.orderId), inArray(changeOrders.status, [30, 31, 33])));

  const settled = (orderId: string) =>
    !refunds.some((r) => r.orderId === orderId && r.status === 'pending') &&
    !openRefundReqs.some((r) => r.orderId === orderId) &&
    !openChanges.some((c) => c.orderId === orderId);

  for (const o of rows) {
    const paid = pays.filter((p) => p.orderId === o.id && p.status === 'paid').reduce((a, p) => a + p.amountFen, 0);
    const back = refunds
      .filter((r) => r.orderId === o.id && r.status === 'succeeded')
      .reduce((a, r) => a + r.amountFen, 0);
    columns.checked++;
    if (o.paidFen !== paid || o.refundedFen !== back || back > paid)
      violate(columns, `${o.id}: paid_fen ${o.paidFen} vs ${paid}, refunded_fen ${o.refundedFen} vs ${back}`);

    // Stuck: every non-final state has a deadline.
    stuck.checked++;
    const age = (d: Date | null) => (d ? now.getTime() - d.getTime() : 0);
    const late =
      // A hold: 5 minutes past its give-up time (15 minutes by day; over 12306's night closure, after the
      // morning opening: FAQ §3, lib/domain/night-closure.ts).
      (o.status === ORDER_STATUS.HOLDING && now.getTime() - holdGivenUpAt(o.createdAt).getTime() > 5 * 60_000) ||
      (o.status === ORDER_STATUS.HELD &&
        o.paymentStatus === 'unpaid' &&
        o.payLimitAt !== null &&
        now.getTime() - o.payLimitAt.getTime() > 3 * 60_000) ||
      (o.status === ORDER_STATUS.HELD && o.paymentStatus === 'paid' && age(o.paidAt) > 10 * 60_000) ||
      (o.status === ORDER_STATUS.ISSUING && age(o.updatedAt) > 15 * 60_000) ||
      refunds.some((r) => r.orderId === o.id && r.status === 'pending' && age(r.createdAt) > 15 * 60_000) ||
      openRefundReqs.some((r) => r.orderId === o.id && age(r.updatedAt) > 30 * 60_000) ||
      // A change: holding or issuing for 15 minutes, held 3 minutes past its confirm deadline (45
      // minutes when the provider gave none).
      openChanges.some(
        (c) =>
          c.orderId === o.id &&
          (c.status === 31
            ? c.confirmDeadlineAt
              ? age(c.confirmDeadlineAt) > 3 * 60_000
              : age(c.createdAt) > 45 * 60_000
            : age(c.updatedAt) > 15 * 60_000),
      );
    if (late) violate(stuck, `${o.id}: status ${o.status}, payment ${o.paymentStatus}`);

    // One effect: at most one payment is kept (others were paid back in full), one refund per cause and
    // payment (a refund larger than one payment is split over several, each part once).
    once.checked++;
    const paidPays = pays.filter((p) => p.orderId === o.id && p.status === 'paid' && p.changeOrderId === null);
    const kept = paidPays.filter(
      (p) => !refunds.some((r) => r.paymentId === p.id && r.cause === 'unneeded_payment' && r.status !== 'failed'),
    );
    const causes = refunds
      .filter((r) => r.orderId === o.id && r.status !== 'failed')
      .map((r) => `${r.cause}/${r.causeRef}/${r.paymentId}`);
    if (kept.length > 1 || new Set(causes).size !== causes.length)
      violate(once, `${o.id}: ${kept.length} payments kept, refund causes ${causes.join(',')}`);

    const ours = tickets.filter((t) => t.orderId === o.id);
    if (
      o.status === ORDER_STATUS.CANCELLED ||
      o.status === ORDER_STATUS.HOLD_FAILED ||
      o.status === ORDER_STATUS.ISSUE_FAILED
    ) {
      losers.checked++;
      const issued = ours.filter((t) => t.status === TICKET_STATUS.ISSUED);
      if (issued.length || (settled(o.id) && o.paidFen !== o.refundedFen))
        violate(
          losers,
          `${o.id}: status ${o.status}, ${issued.length} issued tickets, paid ${o.paidFen} refunded ${o.refundedFen}`,
        );
    }
  }

  // No seat sold twice: the same seat of the same train on the same departure and segment.
  const seats = new Map<string, string>();
  for (const t of tickets) {
    if (t.status !== TICKET_STATUS.ISSUED || !t.seatNo || t.seatNo.includes('无座')) continue;
    const o = rows.find((r) => r.id === t.orderId)!;
    const key = `${o.trainCode}|${o.departureAt.toISOString()}|${o.fromStation}|${o.toStation}|${t.seatNo}`;
    twice.checked++;
    const other = seats.get(key);
    if (other) violate(twice, `${key}: tickets ${other} and ${t.id}`);
    else seats.set(key, t.id);
  }

  if (opts.withProvider !== false) {
    for (const o of rows) {
      if (!FINAL_ORDER.includes(o.status as 3) || !o.providerOrderNo || !settled(o.id)) continue;
      let d: OrderDetail;
      try {
        d = await readDetail({ provider: o.provider, providerOrderNo: o.providerOrderNo });
      } catch {
        continue; // the provider is not answering right now: not an invariant of ours
      }
      const ours = tickets.filter((t) => t.orderId === o.id && t.changeOrderId === null);
      if (
        d.orderNo !== o.providerOrderNo ||
        (d.customerOrderNo && d.customerOrderNo.replace(/R1$/, '') !== o.customerOrderNo)
      )
        violate(
          ofRecord,
          `${o.id}: ${o.provider} 订单详情 is ${d.orderNo}/${d.customerOrderNo}, ours ${o.providerOrderNo}/${o.customerOrderNo}`,
        );
      inventory.checked++;
      const theirSold = d.tickets.filter((t) => SOLD.has(t.status)).length;
      const ourSold = ours.filter(
        (t) => t.status >= TICKET_STATUS.ISSUED && t.status !== TICKET_STATUS.ISSUE_FAILED,
      ).length;
      if (theirSold !== ourSold || d.status !== o.status)
        violate(inventory, `${o.id}: provider ${d.status}/${theirSold} sold, ours ${o.status}/${ourSold}`);

      conservation.checked++;
      const debited =
        (d.status === ORDER_STATUS.ISSUED && d.paid ? (d.orderFen ?? 0) : 0) +
        d.changes.reduce((a, c) => a + (c.status === 34 ? (c.realPayFen ?? c.needPayFen ?? 0) : 0), 0);
      const providerRefunds =
        d.tickets.reduce((a, t) => a + (t.status === 21 ? (t.refundFen ?? 0) : 0), 0) +
        d.changes.reduce((a, c) => a + (c.status === 34 ? (c.refundFen ?? 0) : 0), 0);
      const providerKept = debited - providerRefunds;
      const keptHere = o.paidFen - o.refundedFen;
      if (keptHere !== providerKept)
        violate(conservation, `${o.id}: kept ${keptHere} fen, provider kept ${providerKept} fen (status ${o.status})`);
    }
  }
  // The agencies' double-entry ledger (lib/ledger): every transaction balances, so all entries sum to
  // zero; each account's cached balance is the sum of its entries; no guarded balance below zero.
  const ledger = invariant('ledger: entries sum to zero, balances = Σ entries, none below zero');
  const l = await ledgerChecks();
  ledger.checked = l.accounts;
  if (l.total !== 0) violate(ledger, `entries sum to ${l.total} fen`);
  for (const a of l.mismatched) violate(ledger, `${a}: cached balance differs from its entries`);
  for (const a of l.negative) violate(ledger, `${a}: below zero`);
  return [columns, conservation, inventory, twice, stuck, once, losers, ofRecord, ledger];
}

/** Orders whose money is still moving (for a settle loop). */
export async function unsettledCount(orderIds: string[]): Promise<number> {
  if (!orderIds.length) return 0;
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(inArray(orders.id, orderIds), inArray(orders.status, [1, 2, 7])));
  const [pend] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(paymentRefunds)
    .where(and(inArray(paymentRefunds.orderId, orderIds), eq(paymentRefunds.status, 'pending')));
  // Changes the portal is still driving: holding, issuing, or held with the traveller's part paid.
  const [changing] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(changeOrders)
    .where(
      and(
        inArray(changeOrders.orderId, orderIds),
        sql`(${changeOrders.status} in (30, 33) or (${changeOrders.status} = 31 and ${changeOrders.paidFen} > 0))`,
      ),
    );
  return (row?.n ?? 0) + (pend?.n ?? 0) + (changing?.n ?? 0);
}
