/**
 * Grab orders as the traveller sees them: create (rules of lib/domain/grab checked again here), pay
 * the prepayment, cancel, and the views. State changes go through withGrab (service.ts).
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { grabAlternates, grabAttempts, grabEvents, grabOrders } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { AREA_ROLES, type SessionUser } from '@/lib/auth/roles';
import { fromDateTimeLocal, isValidDate, isValidLocalDateTime } from '@/lib/time';
import { checkGrab, dearestFareFen, GRAB_MESSAGES, prepaidFen } from '@/lib/domain/grab';
import { GRAB_MAX_OPEN_PER_USER, GRAB_MAX_PASSENGERS } from '@/lib/domain/rules';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { GRAB_STATUS, grabStatusLabel } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { enqueue, QUEUES } from '@/lib/jobs';
import { SearchError } from '@/lib/search/search';
import { cancelByUser } from '@/lib/orders/operations';
import { logError } from '@/lib/log';
import { passengersForBooking } from '@/lib/passengers/service';
import { strictestPassengerLimit } from '@/lib/orders/capabilities';
import { requireBookableDocuments } from '@/lib/orders/documents';
import { sealedContactMobile } from '@/lib/orders/contact-mobile';
import { configuredProviders } from '@/lib/provider/registry';
import { grabMoney, startGrabPayment } from './money';
import { grabOffers, notOnSale, saleOpensOn } from './offers';
import { withGrab } from './service';
import type { RefusalPath } from '@/lib/domain/refusals';
import { failureOf } from '@/lib/orders/failure-words';

export function newGrabRequestNo(): string {
  return `G${Date.now().toString(36)}${randomBytes(6).toString('hex')}`.toUpperCase();
}

/**
 * A grab's passenger limit: the grab rule's (五名) and every configured provider's. A grab is booked
 * with whichever provider's search finds the seats, possibly days later and after rotation moved, so a
 * traveller who set one up must never learn only then that the provider that found seats cannot take
 * all of them: the strictest provider decides, up front.
 */
export function grabPassengerLimit(): { max: number; message: string } {
  const { max, by } = strictestPassengerLimit(configuredProviders(), GRAB_MAX_PASSENGERS);
  return {
    max,
    message: by ? `抢票单最多 ${max} 位乘客（经${by}出票每单最多 ${max} 位）。` : `抢票单最多 ${max} 位乘客。`,
  };
}

export const grabSchema = z.object({
  requestNo: z.string().regex(/^[A-Za-z0-9]{8,40}$/, '抢票单号无效，请刷新页面。'),
  alternates: z
    .array(
      z.object({
        trainCode: z.string().regex(/^[A-Z]?\d{1,5}$/, '车次无效。'),
        fromStation: z.string().trim().min(1).max(40),
        toStation: z.string().trim().min(1).max(40),
        date: z.string().refine(isValidDate, '日期无效。'),
        seatType: z.coerce.number().int().min(1).max(99),
      }),
    )
    .min(1, '请至少选择一个车次和席别。')
    .max(15, GRAB_MESSAGES[220]),
  passengers: z
    .array(z.object({ passengerId: z.string().uuid(), ticketType: z.coerce.number().int().min(1).max(4) }))
    .min(1, '请至少选择一位乘客。')
    .max(9, `抢票单最多 ${GRAB_MAX_PASSENGERS} 位乘客。`),
  /** Beijing wall-clock "YYYY-MM-DDTHH:mm" (datetime-local). */
  deadline: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, '请选择截止时间。')
    .refine(isValidLocalDateTime, '截止时间不是有效的日期和时间。'),
  contactMobile: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, '请输入 11 位手机号。'),
});
export type GrabInput = z.output<typeof grabSchema>;

export const createGrabDef = {
  roles: AREA_ROLES.traveller,
  schema: grabSchema,
  body: async (input: GrabInput, user: SessionUser | null) => createGrab(user!, input),
} satisfies GuardedDef<typeof grabSchema, { grabId: string }>;

export async function createGrab(user: SessionUser, input: GrabInput, now = new Date()): Promise<{ grabId: string }> {
  const [existing] = await db()
    .select({ id: grabOrders.id, userId: grabOrders.userId })
    .from(grabOrders)
    .where(eq(grabOrders.requestNo, input.requestNo));
  if (existing) {
    if (existing.userId !== user.id) throw new AppError('conflict', '抢票单号冲突，请刷新页面后重试。');
    return { grabId: existing.id };
  }
  // "抢票单已达预约上限" (219): open grabs per traveller.
  const [open] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(grabOrders)
    .where(and(eq(grabOrders.userId, user.id), inArray(grabOrders.status, ['N', 'B', 'D'])));
  if ((open?.n ?? 0) >= GRAB_MAX_OPEN_PER_USER) throw new AppError('conflict', GRAB_MESSAGES[219]);

  const alternates: (GrabInput['alternates'][number] & {
    departAt: Date;
    arriveAt: Date;
    priceFen: number;
    beforeSale: boolean;
    saleTime: string | null;
  })[] = [];
  for (const a of input.alternates) {
    let offers, beforeSale;
    try {
      ({ offers, beforeSale } = await grabOffers(a.fromStation, a.toStation, a.date, now));
    } catch (e) {
      const msg = e instanceof SearchError ? e.message : '余票查询暂时不可用，请稍后再试。';
      throw new AppError('validation', msg, { alternates: [msg] });
    }
    const offer = offers.find(
      (t) => t.trainCode === a.trainCode && t.fromStation === a.fromStation && t.toStation === a.toStation,
    );
    const seat = offer?.seats.find((s) => s.seatType === a.seatType);
    if (!offer || !seat || a.seatType === SEAT_TYPE.STANDING) {
      const msg = `${a.date} ${a.trainCode} 没有所选席别。`;
      throw new AppError('validation', msg, { alternates: [msg] });
    }
    alternates.push({
      ...a,
      departAt: offer.departAt,
      arriveAt: offer.arriveAt,
      // The dearest fare this class can cost (berths included): the prepayment must cover any hold.
      priceFen: dearestFareFen(seat),
      beforeSale: notOnSale({ beforeSale }, offer),
      saleTime: offer.saleTime,
    });
  }
  const saved = await passengersForBooking(
    user.id,
    input.passengers.map((p) => p.passengerId),
  );
  // A grab may be booked by any configured provider: every one must take these IDs, with the details
  // 创单 needs (lib/orders/documents), or the traveller would learn it only when seats are found.
  requireBookableDocuments(configuredProviders(), saved);
  const deadline = fromDateTimeLocal(input.deadline);
  const check = checkGrab({ alternates, passengers: input.passengers, deadline }, now);
  if (!check.ok) throw new AppError('validation', check.message, { [check.field]: [check.message] });
  const limit = grabPassengerLimit();
  if (input.passengers.length > limit.max)
    throw new AppError('validation', limit.message, { passengers: [limit.message] });
  // 12306 候补: "the traveller prepays the highest fare of the chosen options".
  const prepaid = prepaidFen(alternates, input.passengers.length);
  // "B 未到开抢时间": no alternate is on sale yet; the grab waits until the first date opens at its
  // station's sale time (when the 余票 note told it; else from the start of that day).
  const saleOpensAt = alternates.every((a) => a.beforeSale)
    ? new Date(Math.min(...alternates.map((a) => saleOpensOn(a.date, a.saleTime).getTime())))
    : null;

  const grabId = await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(grabOrders)
      .values({
        userId: user.id,
        requestNo: input.requestNo,
        status: GRAB_STATUS.CREATED,
        passengers: input.passengers.map((p, i) => ({ ...p, name: saved[i]!.name })),
        ...sealedContactMobile(input.contactMobile), // issue 26 item 10: sealed + masked copy
        deadlineAt: deadline,
        prepaidFen: prepaid,
        saleOpensAt,
      })
      .onConflictDoNothing({ target: grabOrders.requestNo })
      .returning({ id: grabOrders.id });
    if (!row) return null;
    await tx.insert(grabAlternates).values(
      alternates.map((a, position) => ({
        grabOrderId: row.id,
        position,
        trainCode: a.trainCode,
        fromStation: a.fromStation,
        toStation: a.toStation,
        travelDate: a.date,
        departureAt: a.departAt,
        arrivalAt: a.arriveAt,
        seatType: a.seatType,
        priceFen: a.priceFen,
      })),
    );
    await tx.insert(grabEvents).values({
      grabOrderId: row.id,
      toStatus: GRAB_STATUS.CREATED,
      source: 'user',
      actor: user.id,
      note: '创建抢票单',
    });
    return row.id;
  });
  if (!grabId) {
    const [w] = await db()
      .select({ id: grabOrders.id })
      .from(grabOrders)
      .where(eq(grabOrders.requestNo, input.requestNo));
    return { grabId: w!.id };
  }
  // The deadline holds whether or not anyone looks: expiry is a job at that time.
  await enqueue(QUEUES.grabExpire, { grabId }, { startAfter: new Date(deadline.getTime() + 1000) });
  return { grabId };
}

async function ownGrab(user: SessionUser, grabId: string) {
  if (!z.string().uuid().safeParse(grabId).success) throw new AppError('not_found', '抢票单不存在。');
  const [g] = await db().select().from(grabOrders).where(eq(grabOrders.id, grabId));
  if (!g || g.userId !== user.id) throw new AppError('not_found', '抢票单不存在。');
  return g;
}

const grabIdSchema = z.object({ grabId: z.string().uuid('抢票单号无效。') });

export const startGrabPaymentDef = {
  roles: AREA_ROLES.traveller,
  schema: grabIdSchema,
  body: async ({ grabId }, user) => {
    const g = await ownGrab(user!, grabId);
    return startGrabPayment(g.id, user!.id);
  },
} satisfies GuardedDef<typeof grabIdSchema, { cashierUrl: string }>;

/**
 * "正在抢票中的订单可以取消,取消后不可再次开启": C is final. Refused (221) once an attempt's hold has
 * been paid from the prepayment and is issuing.
 */
export async function cancelGrab(grabId: string, actor: string): Promise<string> {
  const { status, pendingOrder } = await withGrab(grabId, 'user', actor, async (g) => {
    if (g.grab.status === GRAB_STATUS.CANCELLED) return { status: g.grab.status, pendingOrder: null };
    if (![GRAB_STATUS.CREATED, GRAB_STATUS.BEFORE_SALE, GRAB_STATUS.GRABBING].includes(g.grab.status as 'N'))
      throw new AppError('conflict', `抢票单${grabStatusLabel(g.grab.status)}，不能取消。`);
    if (g.grab.currentOrderId && g.grab.handedOverFen > 0) throw new AppError('conflict', GRAB_MESSAGES[221]);
    const pendingOrder = g.grab.currentOrderId;
    await g.move(GRAB_STATUS.CANCELLED, '旅客取消抢票', { cancelledAt: new Date(), currentOrderId: null });
    await g.refundHeld('grab_cancelled', '抢票单已取消，预付款原路退回');
    return { status: g.grab.status, pendingOrder };
  });
  // An attempt still holding or held unpaid: give the seat back now rather than at its pay-by time.
  if (pendingOrder) {
    try {
      await cancelByUser(pendingOrder, actor);
    } catch (e) {
      logError('cancel of a cancelled grab attempt failed; it expires unpaid', e, { grabId, pendingOrder });
    }
  }
  return status;
}

export const cancelGrabDef = {
  roles: AREA_ROLES.traveller,
  schema: grabIdSchema,
  body: async ({ grabId }, user) => {
    const g = await ownGrab(user!, grabId);
    return { status: await cancelGrab(g.id, user!.id) };
  },
} satisfies GuardedDef<typeof grabIdSchema, { status: string }>;

export async function grabView(user: SessionUser, grabId: string) {
  const g = await ownGrab(user, grabId);
  const alternates = await db()
    .select()
    .from(grabAlternates)
    .where(eq(grabAlternates.grabOrderId, g.id))
    .orderBy(asc(grabAlternates.position));
  const attempts = await db()
    .select({
      id: grabAttempts.id,
      alternateId: grabAttempts.alternateId,
      orderId: grabAttempts.orderId,
      outcome: grabAttempts.outcome,
      note: grabAttempts.note,
      startedAt: grabAttempts.startedAt,
      endedAt: grabAttempts.endedAt,
    })
    .from(grabAttempts)
    .where(eq(grabAttempts.grabOrderId, g.id))
    .orderBy(desc(grabAttempts.startedAt));
  const events = await db()
    .select({
      at: grabEvents.at,
      fromStatus: grabEvents.fromStatus,
      toStatus: grabEvents.toStatus,
      note: grabEvents.note,
    })
    .from(grabEvents)
    .where(eq(grabEvents.grabOrderId, g.id))
    .orderBy(asc(grabEvents.at));
  return {
    id: g.id,
    status: g.status,
    statusLabel: grabStatusLabel(g.status),
    deadlineAt: g.deadlineAt,
    saleOpensAt: g.saleOpensAt,
    createdAt: g.createdAt,
    prepaidFen: g.prepaidFen,
    passengers: (g.passengers as { name: string; ticketType: number }[]).map((p) => ({
      name: p.name,
      ticketType: p.ticketType,
    })),
    resultOrderId: g.resultOrderId,
    alternates: alternates.map((a) => ({
      id: a.id,
      trainCode: a.trainCode,
      fromStation: a.fromStation,
      toStation: a.toStation,
      date: a.travelDate,
      departureAt: a.departureAt,
      seatType: a.seatType,
      priceFen: a.priceFen,
      restingUntil: a.skipUntil,
    })),
    // A failed attempt's note and a failure event keep the provider's text; the page shows the plain
    // words (lib/domain/refusals via failureOf) with that text in a details line, as the order page does.
    attempts: attempts.map((t) => ({ ...t, ...plainNote(ATTEMPT_PATH[t.outcome], t.note) })),
    events: events.map((e) => ({
      ...e,
      ...plainNote(e.toStatus === GRAB_STATUS.ISSUE_FAILED ? 'issue' : undefined, e.note),
    })),
    money: await grabMoney(g.id),
  };
}
/** Which refusal path a failed attempt's note is on (lib/domain/refusals); other outcomes keep their note. */
const ATTEMPT_PATH: Readonly<Record<string, RefusalPath | undefined>> = { failed: 'hold', issue_failed: 'issue' };

function plainNote(
  path: RefusalPath | undefined,
  note: string | null,
): { note: string | null; noteRaw: string | null } {
  if (!path || !note) return { note, noteRaw: null };
  const f = failureOf(path, note);
  return { note: f?.text ?? note, noteRaw: f?.raw ?? null };
}

export type GrabView = Awaited<ReturnType<typeof grabView>>;

export async function listGrabs(userId: string) {
  return db()
    .select({
      id: grabOrders.id,
      status: grabOrders.status,
      deadlineAt: grabOrders.deadlineAt,
      prepaidFen: grabOrders.prepaidFen,
      createdAt: grabOrders.createdAt,
      resultOrderId: grabOrders.resultOrderId,
      firstTrain: sql<string>`(select train_code || ' ' || from_station || '→' || to_station || ' ' || travel_date
        from grab_alternates a where a.grab_order_id = ${grabOrders.id} order by position limit 1)`,
    })
    .from(grabOrders)
    .where(eq(grabOrders.userId, userId))
    .orderBy(desc(grabOrders.createdAt));
}
