/**
 * Booking a trip of two legs as one (中转 transfer or 往返 round trip): the same booking checks as a
 * single order (lib/orders/create.ts createBooking, per leg), the passengers chosen once for both
 * legs, a seat class per leg. Both orders are created first (nothing sent yet), then both are
 * submitted (创单) together; the trip follows them (service.ts syncTrip).
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { trips, tripEvents } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { AREA_ROLES, type SessionUser } from '@/lib/auth/roles';
import { legsProblem, TRIP_STATUS, type TripKind } from '@/lib/domain/trips';
import { ORDER_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { enqueue, QUEUES } from '@/lib/jobs';
import { logError } from '@/lib/log';
import { bookingSchema, createBooking, MAX_PASSENGERS, newCustomerOrderNo } from '@/lib/orders/create';
import { submitOrder } from '@/lib/orders/operations';
import { passengersForBooking } from '@/lib/passengers/service';
import { bookingProvider } from '@/lib/orders/provider-choice';
import { withOrder } from '@/lib/orders/service';
import { findOffer, SearchError, UNAVAILABLE } from '@/lib/search/search';
import { cityOfStation } from '@/lib/stations';
import { isValidDate } from '@/lib/time';
import { withTrip } from './service';

export const newTripRequestNo = (): string => newCustomerOrderNo().replace(/^P/, 'T');

const legSchema = z.object({
  provider: z
    .string()
    .refine((id) => (env().PROVIDERS as readonly string[]).includes(id), '所选出票渠道不可用，请重新查询车次。')
    .optional(),
  trainCode: z.string().regex(/^[A-Z]?\d{1,5}$/, '车次无效。'),
  fromStation: z.string().trim().min(1).max(40),
  toStation: z.string().trim().min(1).max(40),
  date: z.string().refine(isValidDate, '日期无效。'),
  seatType: z.coerce.number().int().min(1).max(99),
});
export type TripLegInput = z.output<typeof legSchema>;

export const tripBookingSchema = z.object({
  requestNo: z.string().regex(/^[A-Za-z0-9]{8,36}$/, '请求号无效，请刷新页面。'),
  kind: z.enum(['transfer', 'round'], { message: '行程类型无效。' }),
  legs: z.array(legSchema).length(2, '联程/往返行程须有两程。'),
  passengers: z
    .array(
      z.object({
        passengerId: z.string().uuid(),
        ticketType: z.coerce.number().int().min(1).max(4),
        onAdultId: z.string().uuid().optional(),
      }),
    )
    .min(1, '请至少选择一位乘客。')
    .max(MAX_PASSENGERS, `一个订单最多 ${MAX_PASSENGERS} 位乘客。`),
  contactMobile: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, '请输入 11 位手机号。'),
});
export type TripBookingInput = z.output<typeof tripBookingSchema>;

export const createTripDef = {
  roles: AREA_ROLES.traveller,
  schema: tripBookingSchema,
  body: async (input: TripBookingInput, user: SessionUser | null) => createTrip(user!, input),
} satisfies GuardedDef<typeof tripBookingSchema, { tripId: string }>;

/** A leg's offer (from the search cache), with the provider's refusal of the date as a 4xx. */
async function legOffer(leg: TripLegInput, n: number) {
  const provider = await bookingProvider(leg.provider);
  const offer = await findOffer(leg.fromStation, leg.toStation, leg.date, leg.trainCode, provider).catch(
    (e: unknown) => {
      if (e instanceof SearchError)
        throw new AppError(e.message === UNAVAILABLE ? 'upstream' : 'validation', e.message);
      throw e;
    },
  );
  if (!offer) throw new AppError('not_found', `第${n}程 ${leg.trainCode} 在所选日期不可预订，请重新查询。`);
  if (!offer.seats.some((s) => s.seatType === leg.seatType))
    throw new AppError('validation', `第${n}程 ${leg.trainCode} 没有所选席别。`, {
      [`legs.${n - 1}.seatType`]: ['该车次没有所选席别。'],
    });
  return offer;
}

export async function createTrip(user: SessionUser, input: TripBookingInput): Promise<{ tripId: string }> {
  // Idempotency: one trip per booking form.
  const [existing] = await db()
    .select({ id: trips.id, userId: trips.userId })
    .from(trips)
    .where(eq(trips.requestNo, input.requestNo));
  if (existing) {
    if (existing.userId !== user.id) throw new AppError('conflict', '请求号冲突，请刷新页面后重试。');
    return { tripId: existing.id };
  }
  const kind: TripKind = input.kind;
  const [l1, l2] = [input.legs[0]!, input.legs[1]!];
  const o1 = await legOffer(l1, 1);
  const o2 = await legOffer(l2, 2);
  const sameCity = (() => {
    const a = cityOfStation(o1.toStation);
    return !!a && a === cityOfStation(o2.fromStation);
  })();
  const problem = legsProblem(
    kind,
    { trainCode: o1.trainCode, toStation: o1.toStation, arrivalAt: o1.arriveAt },
    { trainCode: o2.trainCode, fromStation: o2.fromStation, departureAt: o2.departAt },
    sameCity,
  );
  if (problem) throw new AppError('validation', problem, { legs: [problem] });
  // The traveller's own saved passengers (404 for anyone else's), before anything is written.
  await passengersForBooking(user.id, [
    ...new Set(input.passengers.flatMap((p) => (p.onAdultId ? [p.passengerId, p.onAdultId] : [p.passengerId]))),
  ]);

  const [trip] = await db()
    .insert(trips)
    .values({ userId: user.id, requestNo: input.requestNo, kind, status: TRIP_STATUS.HOLDING })
    .onConflictDoNothing({ target: trips.requestNo })
    .returning();
  if (!trip) {
    const [winner] = await db().select({ id: trips.id }).from(trips).where(eq(trips.requestNo, input.requestNo));
    return { tripId: winner!.id };
  }
  await db().insert(tripEvents).values({
    tripId: trip.id,
    kind: 'trip',
    toStatus: TRIP_STATUS.HOLDING,
    source: 'user',
    actor: user.id,
    note: '提交行程',
  });

  // Both orders first (each with every check of a single booking), nothing sent to the provider yet.
  const legInput = (leg: TripLegInput, n: number) =>
    bookingSchema.parse({
      customerOrderNo: `${input.requestNo}L${n}`,
      trainCode: leg.trainCode,
      fromStation: leg.fromStation,
      toStation: leg.toStation,
      date: leg.date,
      seatType: leg.seatType,
      passengers: input.passengers,
      contactMobile: input.contactMobile,
      acceptStanding: false,
      ...(leg.provider ? { provider: leg.provider } : {}),
    });
  const made: string[] = [];
  try {
    for (const [i, leg] of [l1, l2].entries()) {
      const { orderId } = await createBooking(user, legInput(leg, i + 1), {
        trip: { id: trip.id, leg: i + 1 },
        submit: false,
      });
      made.push(orderId);
    }
  } catch (e) {
    // A leg refused before anything went to the provider: the trip ends here, the other leg unsent.
    const why = e instanceof AppError || e instanceof z.ZodError ? errorText(e, made.length + 1) : '行程创建失败';
    for (const orderId of made)
      await withOrder(orderId, 'user', user.id, async (o) => {
        await o.moveOrder(ORDER_STATUS.CANCELLED, '联程另一程未能下单，本程未提交', { failureReason: why });
        for (const t of await o.tickets()) await o.moveTicket(t, TICKET_STATUS.CANCELLED);
      });
    await withTrip(trip.id, 'user', user.id, (t) => t.move(TRIP_STATUS.CANCELLED, why, { failureReason: why }));
    if (e instanceof AppError) throw new AppError(e.code, why, e.fieldErrors);
    if (e instanceof z.ZodError) throw new AppError('validation', why);
    throw e;
  }
  // Both held together: 创单 for both now; the job sends either again should its answer be lost.
  for (const orderId of made) await enqueue(QUEUES.submit, { orderId }, { startAfter: 20 });
  await Promise.all(
    made.map((orderId) =>
      submitOrder(orderId, 'user').catch((e: unknown) =>
        logError('provider create failed; the worker retries', e, { orderId, tripId: trip.id }),
      ),
    ),
  );
  return { tripId: trip.id };
}

function errorText(e: AppError | z.ZodError, leg: number): string {
  const msg = e instanceof AppError ? e.message : (e.issues[0]?.message ?? '填写有误');
  return `第${leg}程：${msg}`;
}
