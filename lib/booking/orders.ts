/**
 * Orders: booking, live hold, payment, issue, cancel. The provider is reached only through
 * lib/booking/provider.ts (which wraps lib/provider). Every status change is a guarded UPDATE
 * (`... WHERE status = ANY(<states allowed to move to the new one>)`), so a duplicate or late
 * callback, a poll racing a callback, or a double click changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { orderEvents, orders, orderTickets, type Order, type OrderTicket } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { AREA_ROLES, type SessionUser } from '@/lib/auth/guard';
import { isValidDate } from '@/lib/domain/calendar';
import { maskIdNumber, maskPhone, maskPii } from '@/lib/domain/mask';
import { parseChooseSeats, parseChooseSleeper } from '@/lib/domain/seats';
import { ORDER_STATUS, TICKET_STATUS, orderStatusLabel, statesLeadingTo, ticketStatusLabel } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { passengersForBooking } from '@/lib/passengers/service';
import {
  providerCancel,
  providerConfirm,
  providerCreateOrder,
  providerOrderDetail,
  ProviderBusinessError,
  type ProviderOrderSnapshot,
} from './provider';
import { findOffer } from './search';

export const MAX_PASSENGERS = 9;

/** One idempotency key per booking form (sent as customerOrderNo). */
export function newCustomerOrderNo(): string {
  return `P${Date.now().toString(36)}${randomBytes(6).toString('hex')}`.toUpperCase();
}

export const bookingSchema = z
  .object({
    customerOrderNo: z.string().regex(/^[A-Za-z0-9]{8,40}$/, '订单号无效，请刷新页面。'),
    trainCode: z.string().regex(/^[A-Z]?\d{1,5}$/, '车次无效。'),
    fromStation: z.string().trim().min(1).max(40),
    toStation: z.string().trim().min(1).max(40),
    date: z.string().refine(isValidDate, '日期无效。'),
    seatType: z.coerce.number().int().min(1).max(99),
    passengers: z
      .array(
        z.object({
          passengerId: z.string().uuid(),
          ticketType: z.coerce.number().int().min(1).max(4),
          /** A child without an ID travels on this accompanying adult's ID (FAQ §10). */
          onAdultId: z.string().uuid().optional(),
        }),
      )
      .min(1, '请至少选择一位乘客。')
      .max(MAX_PASSENGERS, `一个订单最多 ${MAX_PASSENGERS} 位乘客。`),
    chooseSeats: z.string().trim().max(40).optional(),
    chooseSleeper: z.string().trim().max(3).optional(),
    acceptStanding: z.coerce.boolean().default(false),
    contactMobile: z
      .string()
      .trim()
      .regex(/^1\d{10}$/, '请输入 11 位手机号。'),
  })
  .superRefine((v, ctx) => {
    const children = v.passengers.filter((p) => p.ticketType === 2);
    if (children.length && !v.passengers.some((p) => p.ticketType !== 2)) {
      ctx.addIssue({ code: 'custom', path: ['passengers'], message: '儿童不能单独乘车，请同时选择一位成人乘客。' });
    }
    for (const c of children) {
      if (c.onAdultId && !v.passengers.some((p) => p.passengerId === c.onAdultId && p.ticketType !== 2)) {
        ctx.addIssue({ code: 'custom', path: ['passengers'], message: '儿童使用的成人证件必须属于同行的成人乘客。' });
      }
    }
  });

export type BookingInput = z.output<typeof bookingSchema>;

async function recordEvent(
  orderId: string,
  from: number | null,
  to: number,
  source: string,
  note?: string,
  ticketId?: string,
) {
  await db()
    .insert(orderEvents)
    .values({ orderId, fromStatus: from, toStatus: to, source, note: note ?? null, ticketId: ticketId ?? null });
}

/** States from which `to` may be reached (directly or by skipping lost events), for the guarded UPDATE. */
const predecessors = statesLeadingTo;

/**
 * Moves an order to `to` only from a state allowed to reach it. Returns 'applied', 'duplicate'
 * (already there) or 'stale' (the order has moved past it).
 */
export async function transitionOrder(
  orderId: string,
  to: number,
  source: string,
  patch: Partial<typeof orders.$inferInsert> = {},
  note?: string,
): Promise<'applied' | 'duplicate' | 'stale'> {
  const from = predecessors('order', to);
  const [row] = await db()
    .update(orders)
    .set({ ...patch, status: to, updatedAt: sql`now()` })
    .where(and(eq(orders.id, orderId), inArray(orders.status, from.length ? from : [-1])))
    .returning({ id: orders.id });
  const [current] = await db().select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  if (row) {
    await recordEvent(orderId, null, to, source, note);
    return 'applied';
  }
  return current?.status === to ? 'duplicate' : 'stale';
}

export const createBookingDef = {
  roles: AREA_ROLES.traveller,
  schema: bookingSchema,
  body: async (input: BookingInput, user: SessionUser | null) => createBooking(user!, input),
} satisfies GuardedDef<typeof bookingSchema, { orderId: string }>;

export async function createBooking(user: SessionUser, input: BookingInput): Promise<{ orderId: string }> {
  // Idempotency: the same customerOrderNo (one per booking form) always means the same order.
  const [existing] = await db()
    .select({ id: orders.id, userId: orders.userId })
    .from(orders)
    .where(eq(orders.customerOrderNo, input.customerOrderNo));
  if (existing) {
    if (existing.userId !== user.id) throw new AppError('conflict', '订单号冲突，请刷新页面后重试。');
    return { orderId: existing.id };
  }

  const offer = await findOffer(input.fromStation, input.toStation, input.date, input.trainCode);
  if (!offer) throw new AppError('not_found', '该车次在所选日期不可预订，请重新查询。');
  const seat = offer.seats.find((s) => s.seatType === input.seatType);
  if (!seat) throw new AppError('validation', '该车次没有所选席别。', { seatType: ['该车次没有所选席别。'] });

  const count = input.passengers.length;
  let chooseSeats: string | null = null;
  if (input.chooseSeats) {
    if (!offer.canChooseSeats) throw new AppError('validation', '该车次不支持选座。');
    const parsed = parseChooseSeats(input.chooseSeats, input.seatType, count);
    if (!parsed.ok) throw new AppError('validation', parsed.error, { chooseSeats: [parsed.error] });
    chooseSeats = input.chooseSeats;
  }
  let chooseSleeper: string | null = null;
  if (input.chooseSleeper && input.chooseSleeper !== '000') {
    const parsed = parseChooseSleeper(input.chooseSleeper, input.seatType, count);
    if (!parsed.ok) throw new AppError('validation', parsed.error, { chooseSleeper: [parsed.error] });
    chooseSleeper = input.chooseSleeper;
  }

  const ids = [
    ...new Set(input.passengers.flatMap((p) => (p.onAdultId ? [p.passengerId, p.onAdultId] : [p.passengerId]))),
  ];
  const saved = await passengersForBooking(user.id, ids);
  const byId = new Map(saved.map((p) => [p.id, p]));
  const tickets = input.passengers.map((p, position) => {
    const self = byId.get(p.passengerId)!;
    const idHolder = p.ticketType === 2 && p.onAdultId ? byId.get(p.onAdultId)! : self;
    return {
      position,
      passengerName: idHolder.name,
      displayName: self.name,
      idType: idHolder.idType,
      idNo: idHolder.idNo,
      mobile: self.mobile ?? input.contactMobile,
      ticketType: p.ticketType,
    };
  });
  const totalFen = seat.priceFen * count;

  const orderId = await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(orders)
      .values({
        userId: user.id,
        customerOrderNo: input.customerOrderNo,
        status: ORDER_STATUS.HOLDING,
        trainCode: offer.trainCode,
        trainNo: offer.trainNo,
        fromStation: offer.fromStation,
        toStation: offer.toStation,
        departureAt: offer.departAt,
        arrivalAt: offer.arriveAt,
        seatType: input.seatType,
        totalFen,
        contactMobile: input.contactMobile,
        chooseSeats,
        chooseSleeper,
        acceptStanding: input.acceptStanding,
      })
      .onConflictDoNothing({ target: orders.customerOrderNo })
      .returning({ id: orders.id });
    if (!row) return null; // a concurrent identical submit won the race
    await tx.insert(orderTickets).values(
      tickets.map((t) => ({
        orderId: row.id,
        position: t.position,
        passengerName: t.displayName,
        idType: t.idType,
        idNo: t.idNo,
        ticketType: t.ticketType,
        status: TICKET_STATUS.HOLDING,
        priceFen: seat.priceFen,
      })),
    );
    await tx
      .insert(orderEvents)
      .values({ orderId: row.id, toStatus: ORDER_STATUS.HOLDING, source: 'user', note: '提交订单' });
    return row.id;
  });
  if (!orderId) {
    const [winner] = await db()
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.customerOrderNo, input.customerOrderNo));
    return { orderId: winner!.id };
  }

  await submitToProvider(orderId);
  return { orderId };
}

/** 创单 with the provider (idempotent by customerOrderNo, so safe to repeat after a lost answer). */
async function submitToProvider(orderId: string): Promise<void> {
  const order = await loadOrder(orderId);
  const tickets = await loadTickets(orderId);
  try {
    const { orderNo } = await providerCreateOrder(order, tickets);
    await db()
      .update(orders)
      .set({ providerOrderNo: orderNo, updatedAt: sql`now()` })
      .where(and(eq(orders.id, orderId), sql`${orders.providerOrderNo} is null`));
  } catch (e) {
    if (e instanceof ProviderBusinessError) {
      await transitionOrder(orderId, ORDER_STATUS.HOLD_FAILED, 'provider', { failureReason: e.message }, e.message);
      await db()
        .update(orderTickets)
        .set({ status: TICKET_STATUS.HOLD_FAILED })
        .where(eq(orderTickets.orderId, orderId));
      return;
    }
    // Network trouble: the order stays 占座中 and the next sync repeats the (idempotent) 创单.
    logError('provider create failed; will retry on sync', e, { orderId });
  }
}

async function loadOrder(orderId: string): Promise<Order> {
  const [o] = await db().select().from(orders).where(eq(orders.id, orderId));
  if (!o) throw new AppError('not_found', '订单不存在。');
  return o;
}

async function loadTickets(orderId: string): Promise<OrderTicket[]> {
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

/** The owner's order, or 404 for anyone else (no hint that it exists). */
export async function ownOrder(user: SessionUser, orderId: string): Promise<Order> {
  const parsed = z.string().uuid().safeParse(orderId);
  if (!parsed.success) throw new AppError('not_found', '订单不存在。');
  const [o] = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.id, parsed.data), eq(orders.userId, user.id)));
  if (!o) throw new AppError('not_found', '订单不存在。');
  return o;
}

/**
 * Applies a provider snapshot (from a callback or a detail poll) to the order and its tickets.
 * Returns the order-level verdict.
 */
export async function applySnapshot(
  orderId: string,
  snap: ProviderOrderSnapshot,
  source: string,
): Promise<'applied' | 'duplicate' | 'stale'> {
  const order = await loadOrder(orderId);
  const patch: Partial<typeof orders.$inferInsert> = {
    providerDetail: maskPii(snap.raw),
    lastSyncedAt: new Date(),
  };
  if (snap.payLimitAt) patch.payLimitAt = snap.payLimitAt;
  if (snap.totalFen !== null) patch.totalFen = snap.totalFen;
  if (snap.failureReason) patch.failureReason = snap.failureReason;

  let verdict: 'applied' | 'duplicate' | 'stale';
  if (snap.status === order.status) {
    verdict = 'duplicate';
    await db().update(orders).set(patch).where(eq(orders.id, orderId));
  } else {
    verdict = await transitionOrder(orderId, snap.status, source, patch, snap.failureReason ?? undefined);
  }
  if (verdict === 'stale') return verdict;

  const tickets = await loadTickets(orderId);
  for (const [i, t] of snap.tickets.entries()) {
    const mine = tickets[i];
    if (!mine) continue;
    const from = predecessors('ticket', t.status);
    await db()
      .update(orderTickets)
      .set({
        status: t.status,
        ticketNo: t.ticketNo,
        seatNo: t.seatNo,
        ticketEntrance: snap.ticketEntrance,
        priceFen: t.priceFen ?? mine.priceFen,
        refundFeeFen: t.refundFeeFen,
        refundAmountFen: t.refundAmountFen,
        updatedAt: sql`now()`,
      })
      .where(and(eq(orderTickets.id, mine.id), inArray(orderTickets.status, [...from, t.status])));
  }
  if (verdict === 'applied' && snap.status === ORDER_STATUS.ISSUE_FAILED) {
    await refundTraveller(orderId, '出票失败，票款已原路退回。');
  }
  if (verdict === 'applied' && snap.status === ORDER_STATUS.CANCELLED && order.paymentStatus === 'paid') {
    await refundTraveller(orderId, '订单已取消，票款已原路退回。');
  }
  return verdict;
}

async function refundTraveller(orderId: string, note: string) {
  const [row] = await db()
    .update(orders)
    .set({ paymentStatus: 'refunded', updatedAt: sql`now()` })
    .where(and(eq(orders.id, orderId), eq(orders.paymentStatus, 'paid')))
    .returning({ id: orders.id, status: orders.status });
  if (row) await recordEvent(orderId, null, row.status, 'portal', note);
}

/** Re-reads the order from the provider (fallback when no callback came), or re-sends 创单. */
export async function syncOrder(orderId: string): Promise<void> {
  const order = await loadOrder(orderId);
  if (!order.providerOrderNo) {
    if (order.status === ORDER_STATUS.HOLDING) await submitToProvider(orderId);
    return;
  }
  const snap = await providerOrderDetail(order.providerOrderNo);
  await applySnapshot(orderId, snap, 'poll');
}

/** Statuses during which the page keeps polling. */
export const LIVE_STATUSES: number[] = [ORDER_STATUS.HOLDING, ORDER_STATUS.ISSUING];

const orderIdSchema = z.object({ orderId: z.string().uuid('订单号无效。') });

/** Payment succeeded on the (sandbox) payment page: record it, then ask the provider to issue. */
export const payOrderDef = {
  roles: AREA_ROLES.traveller,
  schema: orderIdSchema.extend({ outcome: z.enum(['success', 'failure']) }),
  body: async ({ orderId, outcome }, user) => {
    const order = await ownOrder(user!, orderId);
    if (order.status !== ORDER_STATUS.HELD) throw new AppError('conflict', '该订单当前不能支付。');
    if (order.payLimitAt && order.payLimitAt.getTime() <= Date.now()) {
      throw new AppError('conflict', '已超过支付时限，订单将自动取消。');
    }
    if (outcome === 'failure') {
      await recordEvent(orderId, order.status, order.status, 'payment', '支付未成功，未扣款。');
      return { status: order.status, message: '支付未成功，您的账户未被扣款，可在支付时限内重新支付。' };
    }
    const [paid] = await db()
      .update(orders)
      .set({ paymentStatus: 'paid', paidAt: new Date(), paymentRef: `SBX${Date.now()}` })
      .where(and(eq(orders.id, orderId), eq(orders.paymentStatus, 'unpaid')))
      .returning({ id: orders.id });
    if (!paid) throw new AppError('conflict', '该订单已支付。');
    await recordEvent(orderId, order.status, order.status, 'payment', `已支付 ${order.totalFen} 分`);
    try {
      await providerConfirm(order.providerOrderNo!, order.totalFen);
      await transitionOrder(orderId, ORDER_STATUS.ISSUING, 'portal', {}, '已向供应商确认出票');
      await db()
        .update(orderTickets)
        .set({ status: TICKET_STATUS.ISSUING })
        .where(and(eq(orderTickets.orderId, orderId), eq(orderTickets.status, TICKET_STATUS.HELD)));
      return { status: ORDER_STATUS.ISSUING, message: '支付成功，正在出票。' };
    } catch (e) {
      if (!(e instanceof ProviderBusinessError)) throw e;
      await refundTraveller(orderId, `出票请求被拒绝（${e.message}），票款已原路退回。`);
      throw new AppError('conflict', `出票请求被拒绝：${e.message}。票款已原路退回。`);
    }
  },
} satisfies GuardedDef<
  z.ZodType<{ orderId: string; outcome: 'success' | 'failure' }>,
  { status: number; message: string }
>;

export const cancelOrderDef = {
  roles: AREA_ROLES.traveller,
  schema: orderIdSchema,
  body: async ({ orderId }, user) => {
    const order = await ownOrder(user!, orderId);
    if (order.status !== ORDER_STATUS.HELD && order.status !== ORDER_STATUS.HOLDING) {
      throw new AppError('conflict', '只有占座中或占座成功的订单可以取消。');
    }
    if (order.paymentStatus === 'paid') throw new AppError('conflict', '订单已支付，请等待出票后办理退票。');
    if (order.providerOrderNo) {
      try {
        await providerCancel(order.providerOrderNo);
      } catch (e) {
        if (e instanceof ProviderBusinessError) throw new AppError('conflict', e.message);
        throw e;
      }
    }
    await transitionOrder(orderId, ORDER_STATUS.CANCELLED, 'user', {}, '用户取消');
    await db()
      .update(orderTickets)
      .set({ status: TICKET_STATUS.CANCELLED })
      .where(
        and(
          eq(orderTickets.orderId, orderId),
          inArray(orderTickets.status, [TICKET_STATUS.HOLDING, TICKET_STATUS.HELD]),
        ),
      );
    return { status: ORDER_STATUS.CANCELLED };
  },
} satisfies GuardedDef<typeof orderIdSchema, { status: number }>;

export interface OrderView {
  id: string;
  providerOrderNo: string | null;
  status: number;
  statusLabel: string;
  trainCode: string;
  fromStation: string;
  toStation: string;
  departureAt: string;
  arrivalAt: string | null;
  seatType: number;
  totalFen: number;
  payLimitAt: string | null;
  serverNow: string;
  paymentStatus: 'unpaid' | 'paid' | 'refunded';
  failureReason: string | null;
  contactMobileMasked: string | null;
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
  }[];
  events: { at: string; toStatus: number; label: string; source: string; note: string | null }[];
}

export async function orderView(order: Order): Promise<OrderView> {
  const tickets = await loadTickets(order.id);
  const events = await db()
    .select()
    .from(orderEvents)
    .where(eq(orderEvents.orderId, order.id))
    .orderBy(asc(orderEvents.at), asc(orderEvents.id));
  return {
    id: order.id,
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
    serverNow: new Date().toISOString(),
    paymentStatus: order.paymentStatus,
    failureReason: order.failureReason,
    contactMobileMasked: order.contactMobile ? maskPhone(order.contactMobile) : null,
    tickets: tickets.map((t) => ({
      id: t.id,
      passengerName: t.passengerName,
      idNoMasked: maskIdNumber(t.idNo),
      ticketType: t.ticketType,
      status: t.status,
      statusLabel: ticketStatusLabel(t.status),
      seatNo: t.seatNo,
      ticketNo: t.ticketNo,
      ticketEntrance: t.ticketEntrance,
      priceFen: t.priceFen,
    })),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      toStatus: e.toStatus,
      label: orderStatusLabel(e.toStatus),
      source: e.source,
      note: e.note,
    })),
  };
}

export async function listOrders(userId: string) {
  return db()
    .select({
      id: orders.id,
      status: orders.status,
      trainCode: orders.trainCode,
      fromStation: orders.fromStation,
      toStation: orders.toStation,
      departureAt: orders.departureAt,
      totalFen: orders.totalFen,
    })
    .from(orders)
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.departureAt))
    .limit(100);
}
