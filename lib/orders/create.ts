/**
 * Creating an order from the booking form (traveller or agency clerk): validation, the offer re-read,
 * the order row and its tickets, then 创单 through the order service (lib/orders/operations.ts).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { orderEvents, orders, orderTickets } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { agencyCustomer, requireMember } from '@/lib/agency/access';
import { audit, customerPassengersForBooking } from '@/lib/agency/service';
import { AREA_ROLES, type SessionUser } from '@/lib/auth/roles';
import { sealPii } from '@/lib/crypto/pii';
import { ticketFares } from '@/lib/domain/ticket-types';
import { isValidDate, shanghaiDate } from '@/lib/time';
import { lowestSeatedClass, parseChooseSeats, parseChooseSleeper, SEAT_TYPE } from '@/lib/domain/seats';
import { ORDER_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { enqueue, QUEUES } from '@/lib/jobs';
import { logError } from '@/lib/log';
import { submitOrder } from '@/lib/orders/operations';
import { passengersForBooking } from '@/lib/passengers/service';
import { boundAccountOf } from '@/lib/train-account/store';
import { findOffer, SearchError, UNAVAILABLE as SEARCH_UNAVAILABLE } from '@/lib/search/search';
import type { TrainOffer } from '@/lib/search/types';
import { providerFor } from '@/lib/provider/registry';
import { bookingCapabilityIssues } from './capabilities';
import { checkStudentTickets, checkStudentWindow, checkVerification, enforceStudentTrips } from './passenger-checks';
import { requireBookableDocuments, ticketDocuments } from './documents';
import { sealedContactMobile } from './contact-mobile';
import { bookingProvider, defaultProviderId } from './provider-choice';

/** The portal's own ceiling; each provider's capabilities.maxPassengers may be lower (checked below). */
export const MAX_PASSENGERS = 9;

/** One idempotency key per booking form (sent as customerOrderNo). */
export function newCustomerOrderNo(): string {
  return `P${Date.now().toString(36)}${randomBytes(6).toString('hex')}`.toUpperCase();
}

/** An order row's train columns from the offer it is booked on (here and in the grab engine). */
export function trainOfOffer(offer: TrainOffer) {
  return {
    trainCode: offer.trainCode,
    trainNo: offer.trainNo,
    fromStation: offer.fromStation,
    toStation: offer.toStation,
    departureAt: offer.departAt,
    arrivalAt: offer.arriveAt,
  };
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
    /**
     * The provider the traveller chose (the booking link's `provider`), one of the configured ones;
     * absent means the first configured. Rotation is checked when the order is made (bookingProvider).
     */
    provider: z
      .string()
      .refine((id) => (env().PROVIDERS as readonly string[]).includes(id), '所选出票渠道不可用，请重新查询车次。')
      .optional(),
  })
  .superRefine((v, ctx) => {
    // What this provider can do: its passenger limit, 选座, 选铺 (lib/orders/capabilities).
    const id = v.provider ?? defaultProviderId();
    if (Array.isArray(v.passengers) && (env().PROVIDERS as readonly string[]).includes(id)) {
      const issues = bookingCapabilityIssues(providerFor(id), {
        passengers: v.passengers.length,
        chooseSeats: v.chooseSeats,
        chooseSleeper: v.chooseSleeper,
        ticketTypes: Array.isArray(v.passengers) ? v.passengers.map((p) => p.ticketType) : [],
      });
      for (const i of issues) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
    }
    if (!Array.isArray(v.passengers)) return;
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
  name: 'booking.create',
} satisfies GuardedDef<typeof bookingSchema, { orderId: string }>;

/**
 * trip: the order is a leg of a two-leg trip (lib/trips/create.ts), created first for both legs and
 * submitted by the trip (submit false) once both exist.
 */
export async function createBooking(
  user: SessionUser,
  input: BookingInput,
  opts: { trip?: { id: string; leg: number }; submit?: boolean } = {},
): Promise<{ orderId: string }> {
  // Idempotency: the same customerOrderNo (one per booking form) always means the same order.
  const [existing] = await db()
    .select({ id: orders.id, userId: orders.userId })
    .from(orders)
    .where(eq(orders.customerOrderNo, input.customerOrderNo));
  if (existing) {
    if (existing.userId !== user.id) throw new AppError('conflict', '订单号冲突，请刷新页面后重试。');
    return { orderId: existing.id };
  }

  // The provider the traveller chose, still configured and in rotation (4xx otherwise), and what it can do.
  const provider = await bookingProvider(input.provider);
  const [refused] = bookingCapabilityIssues(provider, {
    passengers: input.passengers.length,
    chooseSeats: input.chooseSeats,
    chooseSleeper: input.chooseSleeper,
    ticketTypes: input.passengers.map((p) => p.ticketType),
  });
  if (refused) throw new AppError('validation', refused.message, { [refused.path]: [refused.message] });
  checkStudentWindow(input.passengers, input.date);

  const offer = await findOffer(input.fromStation, input.toStation, input.date, input.trainCode, provider).catch(
    (e: unknown) => {
      // The provider refusing the date or stations (e.g. outside the presale window) is a 4xx, not a 500.
      if (e instanceof SearchError)
        throw new AppError(e.message === SEARCH_UNAVAILABLE ? 'upstream' : 'validation', e.message);
      throw e;
    },
  );
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
  // FAQ §8: "当硬座(最低座次)卖完了,您还选硬座(最低座次),且接受自动抢无座票,就出无座票": accepting 无座 on any
  // other class would promise something the provider never does, so it is refused, not dropped.
  const lowest = lowestSeatedClass(offer.seats);
  if (input.acceptStanding && lowest !== input.seatType) {
    const name = offer.seats.find((s) => s.seatType === lowest)?.name;
    const why = name
      ? `只有本车最低座次（${name}）售完时才会出无座票：请取消“接受无座”，或改选${name}。`
      : '这趟车没有可随之出售无座的座席：请取消“接受无座”。';
    throw new AppError('validation', why, { acceptStanding: [why] });
  }
  const acceptStanding = input.acceptStanding;

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
      ticketType: p.ticketType,
      documents: ticketDocuments(idHolder, self),
      holder: idHolder,
    };
  });
  // The IDs' card types this provider takes and the details 创单 needs of them (lib/orders/documents).
  requireBookableDocuments(
    [provider],
    tickets.map((t) => t.holder),
  );
  // The traveller's own 12306 account when one is bound, the platform's otherwise; fixed per order. A
  // provider that books with its own 12306 accounts (capabilities.trainAccount false) takes none.
  const trainAccount = agency || !provider.capabilities.trainAccount ? null : await boundAccountOf(user.id);
  // 身份核验 / 手机核验 and 学生票 rules (./passenger-checks): refused here, before anything is written.
  const travelDate = shanghaiDate(offer.departAt);
  await checkVerification(user.id, agency ? [] : saved, input.passengers, !!trainAccount);
  checkStudentTickets(saved, input.passengers, travelDate);
  // Child, student and 残军 fares from the start (lib/domain/fees fareForTicketType, 0.5-yuan rounding);
  // the provider's own amounts replace them when the hold answers (lib/orders/service.ts sync).
  const { fares, totalFen } = ticketFares(
    seat.priceFen,
    tickets.map((t) => t.ticketType),
    input.seatType,
  );

  const orderId = await db().transaction(async (tx) => {
    await enforceStudentTrips(tx, tickets, travelDate);
    const [row] = await tx
      .insert(orders)
      .values({
        userId: user.id,
        customerOrderNo: input.customerOrderNo,
        provider: provider.id,
        status: ORDER_STATUS.HOLDING,
        ...trainOfOffer(offer),
        seatType: input.seatType,
        totalFen,
        ...sealedContactMobile(input.contactMobile), // issue 26 item 10: sealed + masked copy
        chooseSeats,
        chooseSleeper,
        acceptStanding,
        trainAccountId: trainAccount?.id ?? null,
        trainAccountMasked: trainAccount?.accountMasked ?? null,
        agencyId: agency?.agencyId ?? null,
        customerId: customer?.id ?? null,
        tripId: opts.trip?.id ?? null,
        tripLeg: opts.trip?.leg ?? null,
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
        ...t.documents,
        ticketType: t.ticketType,
        status: TICKET_STATUS.HOLDING,
        priceFen: fares[t.position]!,
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
  if (opts.submit === false) return { orderId };
  // 创单 now; should the answer be lost (or this process die), the job sends it again.
  await enqueue(QUEUES.submit, { orderId }, { startAfter: 20 });
  try {
    await submitOrder(orderId, 'user');
  } catch (e) {
    logError('provider create failed; the worker retries', e, { orderId });
  }
  return { orderId };
}
