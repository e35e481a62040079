/**
 * Orders as the traveller sees them: the booking form, the order views and the actions on an order.
 * Every state change goes through the order service (lib/orders/service.ts); the provider is reached
 * only through lib/orders/provider.ts and the worker's jobs.
 */
import { randomBytes } from 'node:crypto';
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
import type { GuardedDef } from '@/lib/actions';
import { agencyCustomer, canAccessOrder, requireMember } from '@/lib/agency/access';
import { audit, customerPassengersForBooking } from '@/lib/agency/service';
import { AREA_ROLES, type SessionUser } from '@/lib/auth/roles';
import { openPii, sealPii } from '@/lib/crypto/pii';
import { isValidDate } from '@/lib/domain/calendar';
import { maskIdNumber, maskPhone } from '@/lib/domain/mask';
import { lowestSeatedClass, parseChooseSeats, parseChooseSleeper, SEAT_TYPE } from '@/lib/domain/seats';
import {
  CHANGE_ORDER_STATUS,
  changeOrderStatusLabel,
  ORDER_STATUS,
  TICKET_STATUS,
  orderStatusLabel,
  ticketStatusLabel,
} from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { enqueue, QUEUES } from '@/lib/jobs';
import { logError } from '@/lib/log';
import { cancelByUser, submitOrder } from '@/lib/orders/operations';
import { travellerDue } from '@/lib/orders/changes';
import { payFromBalance } from '@/lib/orders/balance';
import { startPayment } from '@/lib/orders/payments';
import { LIVE_ORDER_STATUSES } from '@/lib/orders/service';
import { passengersForBooking } from '@/lib/passengers/service';
import { boundAccountOf } from '@/lib/train-account/store';
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
    /** Agency staff booking for their customer: the passengers are the customer's. */
    customerId: z.string().uuid().optional(),
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

  // juhe-train-booking-faq.md §7: "无座票存在的唯一意义是:当最低座次票卖完时,用户若选择了该最低座次,
  // 出无座票…所以无法指定购买无座票". 无座 is never booked directly, and accepting it only means
  // something for the train's lowest seated class.
  if (input.seatType === SEAT_TYPE.STANDING)
    throw new AppError('validation', '无座不能直接预订：请选择最低座次并勾选“接受无座”。', {
      seatType: ['无座不能直接预订。'],
    });
  const lowest = lowestSeatedClass(offer.seats);
  const acceptStanding = input.acceptStanding && lowest === input.seatType;

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
  // Agency staff book for a customer of their own agency (lib/agency/access), from the customer's
  // passengers; everyone else from their own saved passengers.
  const agency = input.customerId ? await requireMember(user) : null;
  const customer = agency && input.customerId ? await agencyCustomer(agency, input.customerId) : null;
  const saved =
    agency && customer
      ? await customerPassengersForBooking(agency, customer.id, ids)
      : await passengersForBooking(user.id, ids);
  const byId = new Map(saved.map((p) => [p.id, p]));
  const tickets = input.passengers.map((p, position) => {
    const self = byId.get(p.passengerId)!;
    const idHolder = p.ticketType === 2 && p.onAdultId ? byId.get(p.onAdultId)! : self;
    return {
      position,
      // FAQ §10: a child on an adult's ID is booked with the adult's name, card type and number.
      idName: idHolder.name,
      displayName: self.name,
      idType: idHolder.idType,
      idNo: idHolder.idNo,
      mobile: self.mobile ?? input.contactMobile,
      ticketType: p.ticketType,
    };
  });
  const totalFen = seat.priceFen * count;
  // The traveller's own 12306 account when one is bound, the platform's otherwise; fixed per order.
  const trainAccount = agency ? null : await boundAccountOf(user.id);

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
        acceptStanding,
        trainAccountId: trainAccount?.id ?? null,
        trainAccountMasked: trainAccount?.accountMasked ?? null,
        agencyId: agency?.agencyId ?? null,
        customerId: customer?.id ?? null,
      })
      .onConflictDoNothing({ target: orders.customerOrderNo })
      .returning({ id: orders.id });
    if (!row) return null; // a concurrent identical submit won the race
    await tx.insert(orderTickets).values(
      tickets.map((t) => ({
        orderId: row.id,
        position: t.position,
        passengerName: t.displayName,
        idName: t.idName,
        idType: t.idType,
        idNo: sealPii(t.idNo),
        ticketType: t.ticketType,
        status: TICKET_STATUS.HOLDING,
        priceFen: seat.priceFen,
      })),
    );
    await tx.insert(orderEvents).values({
      orderId: row.id,
      kind: 'order',
      refId: row.id,
      toStatus: ORDER_STATUS.HOLDING,
      source: 'user',
      actor: user.id,
      note: '提交订单',
    });
    return row.id;
  });
  if (!orderId) {
    const [winner] = await db()
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.customerOrderNo, input.customerOrderNo));
    return { orderId: winner!.id };
  }
  if (agency && customer) await audit(agency, user.id, 'order.book', orderId, `${offer.trainCode} ${customer.name}`);
  // 创单 now; should the answer be lost (or this process die), the job sends it again.
  await enqueue(QUEUES.submit, { orderId }, { startAfter: 20 });
  try {
    await submitOrder(orderId, 'user');
  } catch (e) {
    logError('provider create failed; the worker retries', e, { orderId });
  }
  return { orderId };
}

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

/** Statuses during which the page keeps polling. */
export const LIVE_STATUSES: number[] = LIVE_ORDER_STATUSES;

const orderIdSchema = z.object({ orderId: z.string().uuid('订单号无效。') });

/** Starts paying at the gateway: answers the cashier URL to send the browser to. */
export const startPaymentDef = {
  roles: AREA_ROLES.traveller,
  schema: orderIdSchema,
  body: async ({ orderId }, user) => {
    const order = await ownOrder(user!, orderId);
    return startPayment(order.id, user!.id);
  },
} satisfies GuardedDef<typeof orderIdSchema, { cashierUrl: string }>;

/** Agency staff: pay a held agency order from the agency's prepaid balance. */
export const payFromBalanceDef = {
  roles: AREA_ROLES.agent,
  schema: orderIdSchema,
  body: async ({ orderId }, user) => {
    const order = await ownOrder(user!, orderId);
    const m = await requireMember(user);
    if (order.agencyId !== m.agencyId) throw new AppError('not_found', '订单不存在。');
    const out = await payFromBalance(order.id, user!.id);
    await audit(m, user!.id, 'order.pay', order.id, `${out.paidFen}`);
    return out;
  },
} satisfies GuardedDef<typeof orderIdSchema, { paidFen: number }>;

export const cancelOrderDef = {
  roles: AREA_ROLES.traveller,
  schema: orderIdSchema,
  body: async ({ orderId }, user) => {
    const order = await ownOrder(user!, orderId);
    return { status: await cancelByUser(order.id, user!.id) };
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
  /** Booked by agency staff for a customer: paid from the agency's prepaid balance. */
  agencyOrder: boolean;
  /** Placed by a 抢票 grab: paid from the grab's prepayment or cancelled by it, never by the traveller. */
  grabOrder: boolean;
  paidFen: number;
  refundedFen: number;
  refunds: { amountFen: number; status: 'pending' | 'succeeded' | 'failed'; reason: string }[];
  failureReason: string | null;
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
  changes: {
    id: string;
    chaNo: string;
    status: number;
    statusLabel: string;
    trainCode: string;
    fromStation: string;
    toStation: string;
    departureAt: string;
    passengerNames: string[];
    priceChangeType: number | null;
    needPayFen: number | null;
    /** What the traveller still has to pay before the change can be confirmed. */
    dueFen: number;
    paidFen: number;
    providerRefundFen: number | null;
    confirmDeadlineAt: string | null;
    failureReason: string | null;
  }[];
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
    })),
  );
  const refunds = await db()
    .select({ amountFen: paymentRefunds.amountFen, status: paymentRefunds.status, reason: paymentRefunds.reason })
    .from(paymentRefunds)
    .where(eq(paymentRefunds.orderId, order.id))
    .orderBy(asc(paymentRefunds.createdAt));
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
    agencyOrder: !!order.agencyId,
    grabOrder: !!order.grabOrderId,
    paidFen: order.paidFen,
    refundedFen: order.refundedFen,
    refunds,
    failureReason: order.failureReason,
    contactMobileMasked: order.contactMobile ? maskPhone(order.contactMobile) : null,
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
      note: e.note,
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
    if (m.toStatus === 22 && r.failureReason) text += `：${r.failureReason}`;
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
    .where(and(eq(orders.userId, userId), isNull(orders.agencyId)))
    .orderBy(desc(orders.departureAt))
    .limit(100);
}
