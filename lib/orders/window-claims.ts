/**
 * "Refunded at the station window", recorded by agency staff for their customer's ticket, verified or
 * rejected by an admin against what the provider says (订单详情: the ticket at 23 已退票未退款 or 21
 * 退票成功). The claim moves no money: the provider's own report of the window refund does
 * (applyDetail → refund request → the agency's balance is credited). It is the trail reconciliation
 * reads.
 */
import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { orders, orderTickets, windowRefundClaims } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { requireMember } from '@/lib/agency/access';
import { audit } from '@/lib/agency/service';
import { AREA_ROLES } from '@/lib/auth/roles';
import { ownOrder } from '@/lib/orders/views';
import { TICKET_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { matchTickets } from './match';
import { readDetail } from './provider';
import { providerLabel } from './provider-choice';

const claimSchema = z.object({
  orderId: z.string().uuid(),
  ticketId: z.string().uuid(),
  note: z.string().trim().max(200).optional(),
});

export const recordWindowRefundDef = {
  roles: AREA_ROLES.agent,
  schema: claimSchema,
  body: async (input, user) => {
    const order = await ownOrder(user!, input.orderId);
    const m = await requireMember(user);
    if (order.agencyId !== m.agencyId) throw new AppError('not_found', '订单不存在。');
    const [t] = await db()
      .select({ id: orderTickets.id, status: orderTickets.status })
      .from(orderTickets)
      .where(and(eq(orderTickets.id, input.ticketId), eq(orderTickets.orderId, order.id)));
    if (!t) throw new AppError('not_found', '车票不存在。');
    if (t.status !== TICKET_STATUS.ISSUED && t.status !== TICKET_STATUS.REFUNDED_UNPAID)
      throw new AppError('conflict', '只有已出票的车票可以登记车站退票。');
    const [row] = await db()
      .insert(windowRefundClaims)
      .values({ orderId: order.id, ticketId: t.id, claimedBy: user!.id, note: input.note ?? null })
      .onConflictDoNothing()
      .returning({ id: windowRefundClaims.id });
    if (!row) throw new AppError('conflict', '该车票已登记车站退票，等待管理员核实。');
    await audit(m, user!.id, 'window-refund.claim', t.id, input.note);
    return { claimId: row.id };
  },
} satisfies GuardedDef<typeof claimSchema, { claimId: string }>;

/** Open claims with what the provider says about each ticket now. */
export async function openWindowClaims() {
  const claims = await db()
    .select({
      id: windowRefundClaims.id,
      orderId: windowRefundClaims.orderId,
      ticketId: windowRefundClaims.ticketId,
      claimedAt: windowRefundClaims.claimedAt,
      note: windowRefundClaims.note,
      passengerName: orderTickets.passengerName,
      ticketNo: orderTickets.ticketNo,
      providerOrderNo: orders.providerOrderNo,
      trainCode: orders.trainCode,
      provider: orders.provider,
    })
    .from(windowRefundClaims)
    .innerJoin(orderTickets, eq(orderTickets.id, windowRefundClaims.ticketId))
    .innerJoin(orders, eq(orders.id, windowRefundClaims.orderId))
    .where(eq(windowRefundClaims.state, 'claimed'))
    .orderBy(desc(windowRefundClaims.claimedAt))
    .limit(200);
  return Promise.all(
    claims.map(async (c) => ({
      ...c,
      providerLabel: providerLabel(c.provider),
      providerStatus: await providerTicketStatus(c.orderId, c.ticketId).catch(() => null),
    })),
  );
}

/** The provider's status of our ticket (null when it cannot be matched). */
async function providerTicketStatus(orderId: string, ticketId: string): Promise<number | null> {
  const [order] = await db().select().from(orders).where(eq(orders.id, orderId));
  if (!order?.providerOrderNo) return null;
  const tickets = await db().select().from(orderTickets).where(eq(orderTickets.orderId, orderId));
  const d = await readDetail({ provider: order.provider, providerOrderNo: order.providerOrderNo });
  const mine = tickets.find((t) => t.id === ticketId);
  if (!mine) return null;
  // A ticket issued by a change reports through the passenger it replaced.
  const original = mine.replacesTicketId ? tickets.find((t) => t.id === mine.replacesTicketId) : mine;
  const pair = matchTickets(original ? [original] : [], d.tickets)[0];
  return pair ? pair.theirs.status : null;
}

const decideSchema = z.object({
  claimId: z.string().uuid(),
  decision: z.enum(['verified', 'rejected']),
  reason: z.string().trim().max(200).optional(),
});

export const decideWindowClaimDef = {
  roles: AREA_ROLES.admin,
  schema: decideSchema,
  body: async (input, user) => {
    const [c] = await db().select().from(windowRefundClaims).where(eq(windowRefundClaims.id, input.claimId));
    if (!c) throw new AppError('not_found', '登记不存在。');
    if (c.state !== 'claimed') throw new AppError('conflict', '该登记已处理。');
    let decision = input.reason ?? '';
    if (input.decision === 'verified') {
      const status = await providerTicketStatus(c.orderId, c.ticketId);
      if (status !== TICKET_STATUS.REFUNDED && status !== TICKET_STATUS.REFUNDED_UNPAID)
        throw new AppError('conflict', '12306 尚未显示该车票已在车站退票，暂不能核实；可稍后再试或驳回。');
      decision = decision || `12306 显示 ${status === 21 ? '退票成功' : '已退票未退款'}`;
    }
    const [row] = await db()
      .update(windowRefundClaims)
      .set({ state: input.decision, decidedBy: user!.id, decidedAt: new Date(), decision })
      .where(and(eq(windowRefundClaims.id, c.id), eq(windowRefundClaims.state, 'claimed')))
      .returning({ id: windowRefundClaims.id });
    if (!row) throw new AppError('conflict', '该登记已处理。');
    return { ok: true as const };
  },
} satisfies GuardedDef<typeof decideSchema, { ok: true }>;
