/**
 * 退票 from the traveller: a quote per ticket before asking (fee from lib/domain/fees with the 12306
 * schedule, the moment the fee next steps up, and the refusals we can foresee), then one provider
 * request per ticket, each its own refund request (ticket_refunds 20 → 21/22/23) moved only by the
 * order service. The money back is exactly what the provider refunded (applyDetail → refundTraveller).
 */
import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { openPii } from '@/lib/crypto/pii';
import { changeOrders, orderEvents, orderTickets, ticketRefunds, type Order, type OrderTicket } from '@/db/schema';
import { nextRefundFeeStep, onlineRefundBlock, refundFee, TICKET_TYPE } from '@/lib/domain/fees';
import { refusalText } from '@/lib/domain/refusals';
import { REFUND_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { ProviderError } from '@/lib/provider';
import { QUEUES } from '@/lib/jobs';
import { providerOf, ProviderRefusal } from './provider';
import { withOrder } from './service';

export interface RefundQuoteLine {
  ticketId: string;
  passengerName: string;
  ticketType: number;
  seatNo: string | null;
  priceFen: number;
  percent: number;
  feeFen: number;
  refundFen: number;
  /** When the fee steps up next (ISO), and to what percent. */
  nextStep: { at: string; percent: number } | null;
  /** Cannot be refunded online at all (already refunded, changed, in progress, child first). */
  blocked: string | null;
  /** The provider will likely refuse now (time rules); shown, but the traveller may still ask. */
  warning: string | null;
  /**
   * Within the minutes after issue in which 12306 takes no refund (309): the instant (ISO) it will,
   * issue + refundLockAfterIssueMinutes on the server's clock. The dialog waits for it; null otherwise.
   */
  availableAt: string | null;
}

/** When each ticket was issued (its move to 出票成功, or its creation by a 改签). */
async function issuedAt(orderId: string): Promise<Map<string, Date>> {
  const rows = await db()
    .select({ refId: orderEvents.refId, at: orderEvents.at })
    .from(orderEvents)
    .where(
      and(
        eq(orderEvents.orderId, orderId),
        eq(orderEvents.kind, 'ticket'),
        eq(orderEvents.toStatus, TICKET_STATUS.ISSUED),
      ),
    )
    .orderBy(asc(orderEvents.at));
  const out = new Map<string, Date>();
  for (const r of rows) if (r.refId && !out.has(r.refId)) out.set(r.refId, r.at);
  return out;
}

/** The passenger's current ticket: the 改签's new one once a change was issued, else the original. */
export function currentTickets(all: OrderTicket[]): OrderTicket[] {
  return all.filter((t) => t.status !== TICKET_STATUS.CHANGE_ISSUED);
}

export async function refundQuote(order: Order, now = new Date()): Promise<RefundQuoteLine[]> {
  const all = await db()
    .select()
    .from(orderTickets)
    .where(eq(orderTickets.orderId, order.id))
    .orderBy(asc(orderTickets.position));
  const open = await db()
    .select({ ticketId: ticketRefunds.ticketId })
    .from(ticketRefunds)
    .where(and(eq(ticketRefunds.orderId, order.id), inArray(ticketRefunds.status, [20, 23])));
  const changes = await db()
    .select({
      id: changeOrders.id,
      status: changeOrders.status,
      ticketIds: changeOrders.ticketIds,
      departureAt: changeOrders.departureAt,
    })
    .from(changeOrders)
    .where(eq(changeOrders.orderId, order.id));
  const changing = changes.filter((c) => [30, 31, 33].includes(c.status));
  const changeDeparture = new Map(changes.map((c) => [c.id, c.departureAt]));
  const busy = new Set([...open.map((r) => r.ticketId), ...changing.flatMap((c) => c.ticketIds)]);
  const issued = await issuedAt(order.id);
  const byId = new Map(all.map((t) => [t.id, t]));
  const tickets = currentTickets(all);
  return tickets.map((t) => {
    // A changed ticket leaves at its change's time; the 8-day rule looks at the original purchase.
    const original = t.replacesTicketId ? byId.get(t.replacesTicketId) : undefined;
    const departure = t.changeOrderId ? (changeDeparture.get(t.changeOrderId) ?? order.departureAt) : order.departureAt;
    const opts = original
      ? {
          changedFrom: { issuedAt: issued.get(original.id) ?? order.createdAt, originalDepartureAt: order.departureAt },
        }
      : {};
    const q = refundFee(t.priceFen, departure, now, opts);
    const step = nextRefundFeeStep(departure, now, opts);
    let blocked: string | null = null;
    if (t.status === TICKET_STATUS.REFUNDED || t.status === TICKET_STATUS.REFUNDED_UNPAID) blocked = '已退票。';
    else if (t.status !== TICKET_STATUS.ISSUED) blocked = '该车票当前不能退票。';
    else if (busy.has(t.id)) blocked = '该车票正在退票或改签中。';
    const time = onlineRefundBlock(issued.get(t.id) ?? order.updatedAt, departure, now);
    return {
      ticketId: t.id,
      passengerName: t.passengerName,
      ticketType: t.ticketType,
      seatNo: t.seatNo,
      priceFen: t.priceFen,
      percent: q.percent,
      feeFen: q.feeFen,
      refundFen: q.refundFen,
      nextStep: step ? { at: step.at.toISOString(), percent: step.percent } : null,
      blocked,
      warning: time ? refusalText('refund', time.msgCode, time.reason) : null,
      availableAt: time && 'until' in time ? time.until.toISOString() : null,
    };
  });
}

/**
 * juhe 311 "订单中包含儿童票,如需退票请先退儿童票": refunding every adult ticket still valid while a
 * child ticket stays would leave the child alone. Answers the children to refund first, or null.
 */
export function childFirstBlock(
  valid: { id: string; ticketType: number; passengerName: string }[],
  selected: Set<string>,
): string[] | null {
  const children = valid.filter((t) => t.ticketType === TICKET_TYPE.CHILD);
  const childrenLeft = children.filter((t) => !selected.has(t.id));
  if (!childrenLeft.length) return null;
  const adultsLeft = valid.filter((t) => t.ticketType !== TICKET_TYPE.CHILD && !selected.has(t.id));
  return adultsLeft.length ? null : childrenLeft.map((t) => t.passengerName);
}

export interface RefundResult {
  ticketId: string;
  passengerName: string;
  ok: boolean;
  message: string;
}

/**
 * Asks the provider to refund each selected ticket: one request per ticket, each with its own
 * result. The outcome (退票成功 / 退票失败) arrives by callback or the sync job.
 */
export async function requestRefunds(order: Order, ticketIds: string[], actor: string): Promise<RefundResult[]> {
  const quote = await refundQuote(order);
  const selected = new Set(ticketIds);
  const lines = quote.filter((q) => selected.has(q.ticketId));
  if (lines.length !== selected.size) throw new AppError('validation', '所选车票不属于该订单。');
  const valid = quote.filter((q) => !q.blocked);
  const children = childFirstBlock(
    valid.map((q) => ({ id: q.ticketId, ticketType: q.ticketType, passengerName: q.passengerName })),
    selected,
  );
  if (children)
    throw new AppError('conflict', `订单中有儿童票，请先退儿童票（${children.join('、')}），或与成人票一起退。`);
  if (!order.providerOrderNo) throw new AppError('conflict', '订单尚未出票。');
  const results: RefundResult[] = [];
  for (const line of lines) {
    if (line.blocked) {
      results.push({ ticketId: line.ticketId, passengerName: line.passengerName, ok: false, message: line.blocked });
      continue;
    }
    const started = await withOrder(order.id, 'user', actor, async (o) => {
      const [t] = await o.tx.select().from(orderTickets).where(eq(orderTickets.id, line.ticketId));
      if (!t || t.status !== TICKET_STATUS.ISSUED) return null;
      const [row] = await o.tx
        .insert(ticketRefunds)
        .values({
          orderId: o.order.id,
          ticketId: t.id,
          status: REFUND_STATUS.REFUNDING,
          origin: 'user',
          expectedFeeFen: line.feeFen,
          requestedBy: actor,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) return null;
      o.changed = true;
      o.event(
        'refund',
        row.id,
        null,
        REFUND_STATUS.REFUNDING,
        `申请退票 ${t.passengerName}，预计手续费 ${line.feeFen} 分`,
      );
      o.enqueue(QUEUES.sync, { orderId: o.order.id, attempt: 0 }, { startAfter: 5, singletonKey: o.order.id });
      return { refund: row, ticket: t };
    });
    if (!started) {
      results.push({
        ticketId: line.ticketId,
        passengerName: line.passengerName,
        ok: false,
        message: '该车票正在退票或已不能退票。',
      });
      continue;
    }
    try {
      await providerOf(order).refundTicket({
        orderNo: order.providerOrderNo,
        name: started.ticket.idName ?? started.ticket.passengerName,
        ticketNo: started.ticket.ticketNo ?? '',
        cardType: Number(started.ticket.idType),
        cardNo: openPii(started.ticket.idNo),
        remark: '旅客申请退票',
      });
      results.push({
        ticketId: line.ticketId,
        passengerName: line.passengerName,
        ok: true,
        message: '已提交退票，等待 12306 处理。',
      });
    } catch (e) {
      const refusal =
        e instanceof ProviderRefusal
          ? e
          : e instanceof ProviderError && e.kind === 'business'
            ? new ProviderRefusal(e.message, e.catalogueCode ?? e.msgCode ?? null)
            : null;
      if (!refusal) {
        // Outcome unknown: the refund request stays 退票中 and the sync job asks the provider.
        results.push({
          ticketId: line.ticketId,
          passengerName: line.passengerName,
          ok: true,
          message: '退票请求已发出，正在确认结果。',
        });
        continue;
      }
      const text = refusalText('refund', refusal.msgCode, refusal.message);
      await withOrder(order.id, 'user', 'provider', async (o) => {
        await o.moveRefund(started.refund, REFUND_STATUS.FAILED, { failureReason: text }, text);
      });
      results.push({ ticketId: line.ticketId, passengerName: line.passengerName, ok: false, message: text });
    }
  }
  return results;
}
