/**
 * What the trip pages show: the trip, both legs (each linking to its order page) and the connection
 * between them; and, for an order page, the trip its order belongs to (the refund and 改签 dialogs warn
 * about the other leg). Owner only: anyone else's trip id is 404, with no hint that it exists.
 */
import 'server-only';
import { and, asc, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { orders, orderTickets, payments, tripEvents, trips, type Trip } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/roles';
import { connectionOf, tripStatusLabel, TRIP_KIND_LABELS, TRIP_STATUS, type TripKind } from '@/lib/domain/trips';
import { orderStatusLabel, ticketStatusLabel } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';

/** The caller's own trip, or 404 for anyone else's (and for a malformed id). */
export async function ownTrip(user: SessionUser, tripId: string): Promise<Trip> {
  const parsed = z.string().uuid().safeParse(tripId);
  if (!parsed.success) throw new AppError('not_found', '行程不存在。');
  const [t] = await db().select().from(trips).where(eq(trips.id, parsed.data));
  if (!t || t.userId !== user.id) throw new AppError('not_found', '行程不存在。');
  return t;
}

export interface TripLegView {
  orderId: string;
  leg: number;
  trainCode: string;
  fromStation: string;
  toStation: string;
  departureAt: string;
  arrivalAt: string;
  status: number;
  statusLabel: string;
  paymentStatus: string;
  totalFen: number;
  paidFen: number;
  refundedFen: number;
  failureReason: string | null;
  passengers: { name: string; seatNo: string | null; statusLabel: string }[];
}

export interface TripView {
  id: string;
  kind: TripKind;
  kindLabel: string;
  status: string;
  statusLabel: string;
  failureReason: string | null;
  payLimitAt: string | null;
  totalFen: number;
  paidFen: number;
  /** 去支付 shows: both legs held, unpaid, before the earlier pay-by time. */
  canPay: boolean;
  legs: TripLegView[];
  connection: { minutes: number; sameStation: boolean; text: string } | null;
  events: { at: string; note: string | null; toStatus: string | null }[];
  serverNow: string;
}

export async function tripView(t: Trip): Promise<TripView> {
  const legRows = await db().select().from(orders).where(eq(orders.tripId, t.id)).orderBy(asc(orders.tripLeg));
  const legs: TripLegView[] = [];
  for (const o of legRows) {
    const tickets = await db()
      .select()
      .from(orderTickets)
      .where(and(eq(orderTickets.orderId, o.id), isNull(orderTickets.changeOrderId)))
      .orderBy(asc(orderTickets.position));
    legs.push({
      orderId: o.id,
      leg: o.tripLeg ?? legs.length + 1,
      trainCode: o.trainCode,
      fromStation: o.fromStation,
      toStation: o.toStation,
      departureAt: o.departureAt.toISOString(),
      arrivalAt: (o.arrivalAt ?? o.departureAt).toISOString(),
      status: o.status,
      statusLabel: orderStatusLabel(o.status),
      paymentStatus: o.paymentStatus,
      totalFen: o.totalFen,
      paidFen: o.paidFen,
      refundedFen: o.refundedFen,
      failureReason: o.failureReason,
      passengers: tickets.map((k) => ({
        name: k.passengerName,
        seatNo: k.seatNo,
        statusLabel: ticketStatusLabel(k.status),
      })),
    });
  }
  const [a, b] = legRows;
  const connection =
    t.kind === 'transfer' && a && b
      ? connectionOf(
          { toStation: a.toStation, arrivalAt: a.arrivalAt ?? a.departureAt },
          { fromStation: b.fromStation, departureAt: b.departureAt },
        )
      : null;
  const events = await db().select().from(tripEvents).where(eq(tripEvents.tripId, t.id)).orderBy(asc(tripEvents.id));
  const canPay =
    t.status === TRIP_STATUS.HELD &&
    legRows.length === 2 &&
    legRows.every((o) => o.status === 2 && o.paymentStatus === 'unpaid' && !o.cancelRequestedAt) &&
    !!t.payLimitAt &&
    t.payLimitAt.getTime() > Date.now();
  return {
    id: t.id,
    kind: t.kind as TripKind,
    kindLabel: TRIP_KIND_LABELS[t.kind as TripKind] ?? t.kind,
    status: t.status,
    statusLabel: tripStatusLabel(t.status),
    failureReason: t.failureReason,
    payLimitAt: t.payLimitAt?.toISOString() ?? null,
    totalFen: t.status === TRIP_STATUS.HOLDING ? legRows.reduce((s, o) => s + o.totalFen, 0) : t.totalFen,
    paidFen: t.paidFen,
    canPay,
    legs,
    connection,
    events: events.map((e) => ({ at: e.at.toISOString(), note: e.note, toStatus: e.toStatus })),
    serverNow: new Date().toISOString(),
  };
}

export async function ownTripViewOrNull(user: SessionUser, tripId: string): Promise<TripView | null> {
  try {
    return await tripView(await ownTrip(user, tripId));
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return null;
    throw e;
  }
}

/** For an order page: the trip the order is a leg of, and the other leg (the dialogs warn about it). */
export interface OrderTripNote {
  tripId: string;
  kindLabel: string;
  leg: number;
  other: {
    orderId: string;
    leg: number;
    trainCode: string;
    fromStation: string;
    toStation: string;
    departureAt: string;
    statusLabel: string;
  } | null;
  /** What the refund and 改签 dialogs say before anything is asked of the provider. */
  warning: string;
}

export async function orderTripNote(order: {
  id: string;
  tripId: string | null;
  tripLeg: number | null;
}): Promise<OrderTripNote | null> {
  if (!order.tripId) return null;
  const [t] = await db().select().from(trips).where(eq(trips.id, order.tripId));
  if (!t) return null;
  const [other] = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.tripId, t.id), ne(orders.id, order.id)));
  const kindLabel = TRIP_KIND_LABELS[t.kind as TripKind] ?? '行程';
  const otherText = other
    ? `第${other.tripLeg}程 ${other.trainCode} ${other.fromStation}→${other.toStation}`
    : '另一程';
  const warning =
    t.kind === 'transfer'
      ? `本程属于${kindLabel}行程：退票或改签本程不会自动处理${otherText}，请确认另一程是否仍需要（必要时一并退票或改签），以免误车。`
      : `本程属于${kindLabel}行程：退票或改签本程不会自动处理${otherText}，请按需另行办理。`;
  return {
    tripId: t.id,
    kindLabel,
    leg: order.tripLeg ?? 1,
    other: other
      ? {
          orderId: other.id,
          leg: other.tripLeg ?? 2,
          trainCode: other.trainCode,
          fromStation: other.fromStation,
          toStation: other.toStation,
          departureAt: other.departureAt.toISOString(),
          statusLabel: orderStatusLabel(other.status),
        }
      : null,
    warning,
  };
}

/** The trip note of an order the caller may already see (the order page checked ownership). */
export async function tripNoteOfOrder(orderId: string): Promise<OrderTripNote | null> {
  const [o] = await db()
    .select({ id: orders.id, tripId: orders.tripId, tripLeg: orders.tripLeg })
    .from(orders)
    .where(eq(orders.id, orderId));
  return o ? orderTripNote(o) : null;
}

/** Whether a trip's payment is known (for tests and the page's polling). */
export const tripPayments = (tripId: string) =>
  db().select().from(payments).where(eq(payments.tripId, tripId)).orderBy(asc(payments.createdAt));

/** The traveller's trips, newest first, with their legs' trains (the 我的行程 page lists them). */
export async function listTrips(userId: string) {
  const rows = await db().select().from(trips).where(eq(trips.userId, userId)).orderBy(desc(trips.createdAt)).limit(50);
  const legs = rows.length
    ? await db()
        .select({
          tripId: orders.tripId,
          leg: orders.tripLeg,
          trainCode: orders.trainCode,
          fromStation: orders.fromStation,
          toStation: orders.toStation,
          departureAt: orders.departureAt,
        })
        .from(orders)
        .where(
          inArray(
            orders.tripId,
            rows.map((t) => t.id),
          ),
        )
        .orderBy(asc(orders.tripLeg))
    : [];
  return rows.map((t) => ({
    id: t.id,
    kindLabel: TRIP_KIND_LABELS[t.kind as TripKind] ?? t.kind,
    statusLabel: tripStatusLabel(t.status),
    legs: legs.filter((l) => l.tripId === t.id),
  }));
}
