/**
 * Orders as the traveller sees them: who may see an order, the order view with its tickets,
 * changes and timeline, and the trips list.
 */
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import {
  changeOrders,
  orderEvents,
  orders,
  orderTickets,
  paymentRefunds,
  ticketRefunds,
  type Order,
} from '@/db/schema';
import { canAccessOrder } from '@/lib/agency/access';
import { type SessionUser } from '@/lib/auth/roles';
import { openPii } from '@/lib/crypto/pii';
import { cancelWarning } from './operations';
import { maskIdNumber } from '@/lib/domain/mask';
import { holdNightNotice } from './night';
import {
  CHANGE_ORDER_STATUS,
  changeOrderStatusLabel,
  ORDER_STATUS,
  orderStatusLabel,
  ticketStatusLabel,
} from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { travellerDue } from '@/lib/orders/change-due';
import { refundLines } from '@/lib/orders/refund-rows';
import { providerFor } from '@/lib/provider/registry';
import { changeUnavailable } from './capabilities';
import { contactMobileForDisplay } from './contact-mobile';
import { providerLabel } from './provider-choice';

import { failureOf, timelineNote } from './failure-words';

async function loadTickets(orderId: string) {
  return db().select().from(orderTickets).where(eq(orderTickets.orderId, orderId)).orderBy(asc(orderTickets.position));
}

/** The owner's order view for a page, or null (the page answers 404). */
export async function ownOrderViewOrNull(user: SessionUser, orderId: string): Promise<OrderView | null> {
  try {
    return await orderView(await ownOrder(user, orderId));
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return null;
    throw e;
  }
}

/** An order the caller may see (their own, or their agency's), or 404 for anyone else (no hint it exists). */
export async function ownOrder(user: SessionUser, orderId: string): Promise<Order> {
  const parsed = z.string().uuid().safeParse(orderId);
  if (!parsed.success) throw new AppError('not_found', '订单不存在。');
  const [o] = await db().select().from(orders).where(eq(orders.id, parsed.data));
  // The traveller's own order, or an order of the caller's agency (lib/agency/access decides).
  if (!o || !(await canAccessOrder(user, o))) throw new AppError('not_found', '订单不存在。');
  return o;
}

/** A train leg as the pages show it: the order's own, or a 改签's new one. */
interface LegView {
  id: string;
  status: number;
  statusLabel: string;
  trainCode: string;
  fromStation: string;
  toStation: string;
  departureAt: string;
}

export interface OrderView extends LegView {
  /**
   * The provider the order was placed with, as travellers see it (e.g. 盘河, 聚合数据), and whether it
   * books with a traveller's or the platform's 12306 account at all (else with its own).
   */
  provider: { id: string; label: string; trainAccount: boolean };
  /**
   * Why 改签 cannot be asked for online (the provider lacks it), in its plain words; null when it can.
   * The page shows it where the 改签 button would be.
   */
  changeUnavailable: string | null;
  providerOrderNo: string | null;
  arrivalAt: string | null;
  seatType: number;
  totalFen: number;
  payLimitAt: string | null;
  /** A held unpaid order whose cancel would be the last of the day allowed: what the traveller is told first. */
  cancelWarning: string | null;
  /** A hold 12306 keeps over its night closure (FAQ §3): when the answer comes, while 占位中; else null. */
  nightWait: string | null;
  serverNow: string;
  paymentStatus: 'unpaid' | 'paid' | 'refunded';
  /** Booked by agency staff for a customer: paid from the agency's prepaid balance. */
  agencyOrder: boolean;
  /** Placed by a 抢票 grab: paid from the grab's prepayment or cancelled by it, never by the traveller. */
  grabOrder: boolean;
  paidFen: number;
  refundedFen: number;
  refunds: { amountFen: number; status: 'pending' | 'succeeded' | 'failed'; reason: string }[];
  failureReason: string | null;
  /** failureReason in plain words (what happened, what to do) and the provider's text beside it. */
  failure: { text: string; raw: string | null } | null;
  contactMobileMasked: string | null;
  /** The 12306 account the order was placed with (masked), or null for the platform's account. */
  trainAccountMasked: string | null;
  tickets: {
    id: string;
    passengerName: string;
    idNoMasked: string;
    ticketType: number;
    status: number;
    statusLabel: string;
    seatNo: string | null;
    ticketNo: string | null;
    ticketEntrance: string | null;
    priceFen: number;
    /** Set on a ticket a 改签 issued. */
    fromChange: string | null;
    /** 退票 requests and money back for this ticket (FAQ §18/§36), oldest first. */
    timeline: { at: string; text: string }[];
  }[];
  changes: (LegView & {
    chaNo: string;
    passengerNames: string[];
    priceChangeType: number | null;
    needPayFen: number | null;
    /** What the traveller still has to pay before the change can be confirmed. */
    dueFen: number;
    paidFen: number;
    providerRefundFen: number | null;
    confirmDeadlineAt: string | null;
    failureReason: string | null;
    failure: { text: string; raw: string | null } | null;
  })[];
  events: { at: string; toStatus: number; label: string; source: string; note: string | null }[];
}

export async function orderView(order: Order): Promise<OrderView> {
  const tickets = await loadTickets(order.id);
  const events = await db()
    .select()
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.kind, 'order')))
    .orderBy(asc(orderEvents.at), asc(orderEvents.id));
  const timelines = await ticketTimelines(order.id);
  const changes = await db()
    .select()
    .from(changeOrders)
    .where(eq(changeOrders.orderId, order.id))
    .orderBy(asc(changeOrders.createdAt));
  const names = new Map(tickets.map((t) => [t.id, t.passengerName]));
  const changeViews = await Promise.all(
    changes.map(async (c) => ({
      id: c.id,
      chaNo: c.providerChangeNo,
      status: c.status,
      statusLabel: changeOrderStatusLabel(c.status),
      trainCode: c.trainCode,
      fromStation: c.fromStation,
      toStation: c.toStation,
      departureAt: c.departureAt.toISOString(),
      passengerNames: c.ticketIds.map((id) => names.get(id) ?? ''),
      priceChangeType: c.priceChangeType,
      needPayFen: c.needPayFen,
      dueFen: c.status === CHANGE_ORDER_STATUS.HELD ? await travellerDue(c) : 0,
      paidFen: c.paidFen,
      providerRefundFen: c.providerRefundFen,
      confirmDeadlineAt: c.confirmDeadlineAt?.toISOString() ?? null,
      failureReason: c.failureReason,
      failure: failureOf('change', c.failureReason),
    })),
  );
  const refunds = await refundLines(eq(paymentRefunds.orderId, order.id));
  const provider = providerFor(order.provider);
  return {
    id: order.id,
    provider: { id: provider.id, label: provider.label, trainAccount: provider.capabilities.trainAccount },
    changeUnavailable: changeUnavailable(provider.capabilities),
    providerOrderNo: order.providerOrderNo,
    status: order.status,
    statusLabel: orderStatusLabel(order.status),
    trainCode: order.trainCode,
    fromStation: order.fromStation,
    toStation: order.toStation,
    departureAt: order.departureAt.toISOString(),
    arrivalAt: order.arrivalAt?.toISOString() ?? null,
    seatType: order.seatType,
    totalFen: order.totalFen,
    payLimitAt: order.payLimitAt?.toISOString() ?? null,
    cancelWarning:
      order.status === ORDER_STATUS.HELD && order.paymentStatus === 'unpaid' ? await cancelWarning(order.id) : null,
    nightWait: order.status === ORDER_STATUS.HOLDING ? holdNightNotice(order.createdAt) : null,
    serverNow: new Date().toISOString(),
    paymentStatus: order.paymentStatus,
    agencyOrder: !!order.agencyId,
    grabOrder: !!order.grabOrderId,
    paidFen: order.paidFen,
    refundedFen: order.refundedFen,
    refunds,
    failureReason: order.failureReason,
    failure: failureOf(order.status === ORDER_STATUS.ISSUE_FAILED ? 'issue' : 'hold', order.failureReason),
    contactMobileMasked: contactMobileForDisplay(order),
    trainAccountMasked: order.trainAccountMasked,
    tickets: tickets.map((t) => ({
      id: t.id,
      passengerName: t.passengerName,
      idNoMasked: maskIdNumber(openPii(t.idNo)),
      ticketType: t.ticketType,
      status: t.status,
      statusLabel: ticketStatusLabel(t.status),
      seatNo: t.seatNo,
      ticketNo: t.ticketNo,
      ticketEntrance: t.ticketEntrance,
      priceFen: t.priceFen,
      fromChange: t.changeOrderId ? (changes.find((c) => c.id === t.changeOrderId)?.providerChangeNo ?? null) : null,
      timeline: timelines.get(t.id) ?? [],
    })),
    changes: changeViews,
    events: events.map((e) => ({
      at: e.at.toISOString(),
      toStatus: e.toStatus,
      label: orderStatusLabel(e.toStatus),
      source: e.source,
      note: timelineNote(e.note),
    })),
  };
}

const REFUND_LABEL: Record<number, string> = {
  20: '申请退票',
  21: '退票成功',
  22: '退票失败',
  23: '已在车站退票，票款待退回',
};

/** Per ticket: its refund requests' moves and the money paid back for them, oldest first. */
async function ticketTimelines(orderId: string): Promise<Map<string, { at: string; text: string }[]>> {
  const reqs = await db()
    .select({
      id: ticketRefunds.id,
      ticketId: ticketRefunds.ticketId,
      origin: ticketRefunds.origin,
      feeFen: ticketRefunds.feeFen,
      providerRefundFen: ticketRefunds.providerRefundFen,
      failureReason: ticketRefunds.failureReason,
    })
    .from(ticketRefunds)
    .where(eq(ticketRefunds.orderId, orderId));
  const byRefund = new Map(reqs.map((r) => [r.id, r]));
  const moves = await db()
    .select({ refId: orderEvents.refId, toStatus: orderEvents.toStatus, at: orderEvents.at })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.kind, 'refund')))
    .orderBy(asc(orderEvents.at), asc(orderEvents.id));
  const paidBack = await db()
    .select({
      causeRef: paymentRefunds.causeRef,
      amountFen: paymentRefunds.amountFen,
      status: paymentRefunds.status,
      settledAt: paymentRefunds.settledAt,
    })
    .from(paymentRefunds)
    .where(and(eq(paymentRefunds.orderId, orderId), eq(paymentRefunds.cause, 'ticket_refund')));
  const out = new Map<string, { at: string; text: string }[]>();
  const push = (ticketId: string, at: Date, text: string) => {
    const list = out.get(ticketId) ?? [];
    list.push({ at: at.toISOString(), text });
    out.set(ticketId, list);
  };
  for (const m of moves) {
    const r = m.refId ? byRefund.get(m.refId) : undefined;
    if (!r) continue;
    let text = REFUND_LABEL[m.toStatus] ?? `状态 ${m.toStatus}`;
    if (m.toStatus === 20 && r.origin === 'provider') text = '12306 报告退票（含车站窗口退票）';
    if (m.toStatus === 21 && r.providerRefundFen !== null)
      text += `：退回 ${(r.providerRefundFen / 100).toFixed(2)} 元，手续费 ${((r.feeFen ?? 0) / 100).toFixed(2)} 元`;
    if (m.toStatus === 22 && r.failureReason) text += `：${failureOf('refund', r.failureReason)!.text}`;
    push(r.ticketId, m.at, text);
  }
  // A refund may go back in parts (one per payment: the fare and a dearer 改签's difference); the
  // traveller is told once, when the last part has settled.
  for (const [causeRef, r] of byRefund) {
    const parts = paidBack.filter((p) => p.causeRef === causeRef);
    if (!parts.length || parts.some((p) => p.status !== 'succeeded' || !p.settledAt)) continue;
    const fen = parts.reduce((a, p) => a + p.amountFen, 0);
    const at = new Date(Math.max(...parts.map((p) => p.settledAt!.getTime())));
    push(
      r.ticketId,
      at,
      `票款 ${(fen / 100).toFixed(2)} 元已原路退回${parts.length > 1 ? `（分 ${parts.length} 笔付款退回）` : ''}`,
    );
  }
  for (const list of out.values()) list.sort((a, b) => a.at.localeCompare(b.at));
  return out;
}

/** The order's train leg as a select list (the trips list, the agency orders list). */
export const ORDER_LEG = {
  trainCode: orders.trainCode,
  fromStation: orders.fromStation,
  toStation: orders.toStation,
  departureAt: orders.departureAt,
};

/** The traveller's own orders, newest departure first, each with its provider's short label. */
export async function listOrders(userId: string) {
  const rows = await db()
    .select({
      id: orders.id,
      status: orders.status,
      ...ORDER_LEG,
      totalFen: orders.totalFen,
      provider: orders.provider,
      failureReason: orders.failureReason,
      createdAt: orders.createdAt,
      payLimitAt: orders.payLimitAt,
      paymentStatus: orders.paymentStatus,
      cancelRequestedAt: orders.cancelRequestedAt,
      grabOrderId: orders.grabOrderId,
    })
    .from(orders)
    .where(and(eq(orders.userId, userId), isNull(orders.agencyId)))
    .orderBy(desc(orders.departureAt))
    .limit(100);
  const now = Date.now();
  return rows.map(({ failureReason, createdAt, paymentStatus, cancelRequestedAt, grabOrderId, payLimitAt, ...r }) => ({
    ...r,
    // 占位成功 and unpaid within its time limit: the list offers 去支付 (a grab's attempt is paid by the grab).
    payBy:
      r.status === ORDER_STATUS.HELD &&
      paymentStatus === 'unpaid' &&
      !cancelRequestedAt &&
      !grabOrderId &&
      payLimitAt &&
      payLimitAt.getTime() > now
        ? payLimitAt
        : null,
    providerLabel: providerLabel(r.provider),
    // 占位中 over 12306's night closure: when the answer comes (FAQ §3).
    nightWait: r.status === ORDER_STATUS.HOLDING ? holdNightNotice(createdAt) : null,
    // A failed hold or issue says why in plain words (the order page has the provider's text too).
    failure:
      r.status === ORDER_STATUS.HOLD_FAILED || r.status === ORDER_STATUS.ISSUE_FAILED
        ? failureOf(r.status === ORDER_STATUS.ISSUE_FAILED ? 'issue' : 'hold', failureReason)
        : null,
  }));
}
