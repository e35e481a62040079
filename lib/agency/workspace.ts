/**
 * The clerk's workspace (app/agent/page.tsx): what needs doing today in the agency, in compact lists —
 * orders waiting for payment with their pay-by time, today's departures and today's issued tickets
 * (Shanghai day), and failures that need action (a failed hold or issue, a failed refund, anything
 * stuck past its deadline by the same clocks as the auditor's, lib/orders/audit.ts). Every query is
 * scoped by the membership that lib/agency/access established: another agency's orders never appear.
 */
import 'server-only';
import { and, asc, desc, eq, exists, gt, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { changeOrders, customers, orderEvents, orders, orderTickets, ticketRefunds } from '@/db/schema';
import { holdGivenUpAt } from '@/lib/orders/night';
import { CHANGE_ORDER_STATUS, ORDER_STATUS, orderStatusLabel, TICKET_STATUS } from '@/lib/domain/states';
import { failureOf } from '@/lib/orders/failure-words';
import { ORDER_LEG } from '@/lib/orders/views';
import { addDays, shanghaiDate, shanghaiInstant } from '@/lib/time';
import type { Membership } from './access';

/** Rows per list: the workspace is a glance; the orders page has the rest. */
export const WORKSPACE_ROWS = 20;
/** Failed holds, issues and refunds stay on the list this many days (they are final: the clerk rebooks or tells the customer). */
export const FAILURE_DAYS = 3;

const MINUTE = 60_000;

/** An order as every workspace list shows it: the leg, the customer, a link target. */
export interface WorkspaceOrder {
  orderId: string;
  trainCode: string;
  fromStation: string;
  toStation: string;
  departureAt: string;
  customer: string | null;
}

export interface WaitingOrder extends WorkspaceOrder {
  payLimitAt: string;
  totalFen: number;
}
export interface DepartureRow extends WorkspaceOrder {
  statusLabel: string;
  /** A 改签's new train (the order's own leg is the original one). */
  changed: boolean;
}
export interface IssuedRow extends WorkspaceOrder {
  issuedAt: string;
  tickets: number;
}
export type FailureKind = 'hold_failed' | 'issue_failed' | 'refund_failed' | 'stuck';
export interface FailureRow extends WorkspaceOrder {
  kind: FailureKind;
  /** What went wrong, in plain words. */
  label: string;
  /** The reason in plain words, where there is one. */
  detail: string | null;
  at: string;
}

export interface Workspace {
  serverNow: string;
  today: string;
  waiting: WaitingOrder[];
  departures: DepartureRow[];
  issued: IssuedRow[];
  failures: FailureRow[];
}

const LEG_WITH_CUSTOMER = { id: orders.id, ...ORDER_LEG, customer: customers.name };

function base(r: {
  id: string;
  trainCode: string;
  fromStation: string;
  toStation: string;
  departureAt: Date;
  customer: string | null;
}): WorkspaceOrder {
  return {
    orderId: r.id,
    trainCode: r.trainCode,
    fromStation: r.fromStation,
    toStation: r.toStation,
    departureAt: r.departureAt.toISOString(),
    customer: r.customer,
  };
}

/** The workspace's lists for the member's agency, as of `now`. */
export async function agencyWorkspace(m: Membership, now: Date = new Date()): Promise<Workspace> {
  const today = shanghaiDate(now);
  const dayStart = shanghaiInstant(today);
  const dayEnd = shanghaiInstant(addDays(today, 1));
  const ours = eq(orders.agencyId, m.agencyId);
  const withCustomer = eq(customers.id, orders.customerId);

  // 占位成功, unpaid, before its pay-by time (after it the order is cancelled; late ones are "stuck").
  const waiting = await db()
    .select({ ...LEG_WITH_CUSTOMER, payLimitAt: orders.payLimitAt, totalFen: orders.totalFen })
    .from(orders)
    .leftJoin(customers, withCustomer)
    .where(
      and(
        ours,
        eq(orders.status, ORDER_STATUS.HELD),
        eq(orders.paymentStatus, 'unpaid'),
        isNull(orders.cancelRequestedAt),
        gt(orders.payLimitAt, now),
      ),
    )
    .orderBy(asc(orders.payLimitAt))
    .limit(WORKSPACE_ROWS);

  // Today's departures: orders on their way (held, issuing) or issued with a ticket still on the
  // original train, and 改签 issued onto a train of today.
  const departing = await db()
    .select({ ...LEG_WITH_CUSTOMER, status: orders.status })
    .from(orders)
    .leftJoin(customers, withCustomer)
    .where(
      and(
        ours,
        gte(orders.departureAt, dayStart),
        lt(orders.departureAt, dayEnd),
        or(
          inArray(orders.status, [ORDER_STATUS.HELD, ORDER_STATUS.ISSUING]),
          and(
            eq(orders.status, ORDER_STATUS.ISSUED),
            exists(
              db()
                .select({ one: sql`1` })
                .from(orderTickets)
                .where(
                  and(
                    eq(orderTickets.orderId, orders.id),
                    eq(orderTickets.status, TICKET_STATUS.ISSUED),
                    isNull(orderTickets.changeOrderId),
                  ),
                ),
            ),
          ),
        ),
      ),
    )
    .orderBy(asc(orders.departureAt))
    .limit(WORKSPACE_ROWS);
  const changedToday = await db()
    .select({
      id: orders.id,
      trainCode: changeOrders.trainCode,
      fromStation: changeOrders.fromStation,
      toStation: changeOrders.toStation,
      departureAt: changeOrders.departureAt,
      customer: customers.name,
    })
    .from(changeOrders)
    .innerJoin(orders, eq(orders.id, changeOrders.orderId))
    .leftJoin(customers, withCustomer)
    .where(
      and(
        ours,
        eq(changeOrders.status, CHANGE_ORDER_STATUS.ISSUED),
        gte(changeOrders.departureAt, dayStart),
        lt(changeOrders.departureAt, dayEnd),
      ),
    )
    .orderBy(asc(changeOrders.departureAt))
    .limit(WORKSPACE_ROWS);
  const departures: DepartureRow[] = [
    ...departing.map((r) => ({ ...base(r), statusLabel: orderStatusLabel(r.status), changed: false })),
    ...changedToday.map((r) => ({ ...base(r), statusLabel: '改签出票成功', changed: true })),
  ]
    .sort((a, b) => a.departureAt.localeCompare(b.departureAt))
    .slice(0, WORKSPACE_ROWS);

  // Issued today: the order's move to 出票成功 happened on today's Shanghai day.
  const issuedRows = await db()
    .select({
      ...LEG_WITH_CUSTOMER,
      issuedAt: orderEvents.at,
      tickets: sql<number>`(select count(*) from order_tickets t where t.order_id = ${orders.id} and t.change_order_id is null)::int`,
    })
    .from(orderEvents)
    .innerJoin(orders, eq(orders.id, orderEvents.orderId))
    .leftJoin(customers, withCustomer)
    .where(
      and(
        ours,
        eq(orderEvents.kind, 'order'),
        eq(orderEvents.toStatus, ORDER_STATUS.ISSUED),
        gte(orderEvents.at, dayStart),
        lt(orderEvents.at, dayEnd),
      ),
    )
    .orderBy(desc(orderEvents.at))
    .limit(WORKSPACE_ROWS);
  const seen = new Set<string>();
  const issued = issuedRows
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((r) => ({ ...base(r), issuedAt: r.issuedAt.toISOString(), tickets: r.tickets }));

  return {
    serverNow: now.toISOString(),
    today,
    waiting: waiting.map((r) => ({ ...base(r), payLimitAt: r.payLimitAt!.toISOString(), totalFen: r.totalFen })),
    departures,
    issued,
    failures: await failures(m, now),
  };
}

/** What needs the clerk: failed holds, issues and refunds of the last days, and anything stuck. */
async function failures(m: Membership, now: Date): Promise<FailureRow[]> {
  const ours = eq(orders.agencyId, m.agencyId);
  const withCustomer = eq(customers.id, orders.customerId);
  const since = new Date(now.getTime() - FAILURE_DAYS * 24 * 60 * MINUTE);
  const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);
  const out: FailureRow[] = [];

  const failed = await db()
    .select({ ...LEG_WITH_CUSTOMER, status: orders.status, failureReason: orders.failureReason, at: orders.updatedAt })
    .from(orders)
    .leftJoin(customers, withCustomer)
    .where(
      and(
        ours,
        inArray(orders.status, [ORDER_STATUS.HOLD_FAILED, ORDER_STATUS.ISSUE_FAILED]),
        gte(orders.updatedAt, since),
      ),
    )
    .orderBy(desc(orders.updatedAt))
    .limit(WORKSPACE_ROWS);
  for (const r of failed) {
    const issue = r.status === ORDER_STATUS.ISSUE_FAILED;
    out.push({
      ...base(r),
      kind: issue ? 'issue_failed' : 'hold_failed',
      label: issue ? '出票失败' : '占位失败',
      detail: failureOf(issue ? 'issue' : 'hold', r.failureReason)?.text ?? null,
      at: r.at.toISOString(),
    });
  }

  // A failed refund request, unless the ticket was refunded or asked for again since.
  const refundFailed = await db()
    .select({ ...LEG_WITH_CUSTOMER, failureReason: ticketRefunds.failureReason, at: ticketRefunds.updatedAt })
    .from(ticketRefunds)
    .innerJoin(orders, eq(orders.id, ticketRefunds.orderId))
    .leftJoin(customers, withCustomer)
    .where(
      and(
        ours,
        eq(ticketRefunds.status, 22),
        gte(ticketRefunds.updatedAt, since),
        sql`not exists (select 1 from ticket_refunds later where later.ticket_id = ${ticketRefunds.ticketId} and later.created_at > ${ticketRefunds.createdAt})`,
      ),
    )
    .orderBy(desc(ticketRefunds.updatedAt))
    .limit(WORKSPACE_ROWS);
  for (const r of refundFailed)
    out.push({
      ...base(r),
      kind: 'refund_failed',
      label: '退票失败',
      detail: failureOf('refund', r.failureReason)?.text ?? null,
      at: r.at.toISOString(),
    });

  // Stuck past its deadline (the auditor's clocks): a hold with no answer, a held order past its pay-by
  // time, paid but not sent to issue, issuing too long, a refund or a 改签 with no answer.
  const late = await db()
    .select({
      ...LEG_WITH_CUSTOMER,
      status: orders.status,
      paymentStatus: orders.paymentStatus,
      createdAt: orders.createdAt,
      updatedAt: orders.updatedAt,
    })
    .from(orders)
    .leftJoin(customers, withCustomer)
    .where(
      and(
        ours,
        or(
          and(eq(orders.status, ORDER_STATUS.HOLDING), lt(orders.createdAt, ago(15))),
          and(eq(orders.status, ORDER_STATUS.HELD), eq(orders.paymentStatus, 'unpaid'), lt(orders.payLimitAt, ago(3))),
          and(eq(orders.status, ORDER_STATUS.HELD), eq(orders.paymentStatus, 'paid'), lt(orders.paidAt, ago(10))),
          and(eq(orders.status, ORDER_STATUS.ISSUING), lt(orders.updatedAt, ago(15))),
          exists(
            db()
              .select({ one: sql`1` })
              .from(ticketRefunds)
              .where(
                and(
                  eq(ticketRefunds.orderId, orders.id),
                  inArray(ticketRefunds.status, [20, 23]),
                  lt(ticketRefunds.updatedAt, ago(30)),
                ),
              ),
          ),
          exists(
            db()
              .select({ one: sql`1` })
              .from(changeOrders)
              .where(
                and(
                  eq(changeOrders.orderId, orders.id),
                  or(
                    and(
                      inArray(changeOrders.status, [CHANGE_ORDER_STATUS.HOLDING, CHANGE_ORDER_STATUS.ISSUING]),
                      lt(changeOrders.updatedAt, ago(15)),
                    ),
                    and(eq(changeOrders.status, CHANGE_ORDER_STATUS.HELD), lte(changeOrders.confirmDeadlineAt, ago(3))),
                  ),
                ),
              ),
          ),
        ),
      ),
    )
    .orderBy(asc(orders.updatedAt))
    .limit(WORKSPACE_ROWS);
  for (const r of late) {
    // A hold over 12306's night closure waits for the morning (FAQ §3): stuck only past its give-up time.
    if (r.status === ORDER_STATUS.HOLDING && now.getTime() - holdGivenUpAt(r.createdAt).getTime() <= 5 * MINUTE)
      continue;
    out.push({
      ...base(r),
      kind: 'stuck',
      label: `处理超时（${orderStatusLabel(r.status)}${r.paymentStatus === 'paid' ? '，已付款' : ''}）`,
      detail: '超过预计时间仍无结果，请打开订单查看，必要时联系客服。',
      at: r.updatedAt.toISOString(),
    });
  }
  return out.sort((a, b) => b.at.localeCompare(a.at)).slice(0, WORKSPACE_ROWS);
}
