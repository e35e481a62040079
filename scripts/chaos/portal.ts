/**
 * The chaos run's portal process: serves the portal's own callback and payment-notification handlers
 * over HTTP and books through the portal's service layer (createBookingDef, startPayment,
 * cancelByUser), like the web portal does for a traveller. `kill -9`-able at any moment: every booking
 * it made is in the database, and the driver starts it again with the bookings still to make.
 * Every CHAOS_GRAB_EVERY-th booking (default 10) is a 抢票 grab order instead (createGrab, the prepayment
 * on the cashier; the worker's engine grabs it), so the grab auditor has grabs under faults to check.
 * Every CHAOS_AGENCY_EVERY-th booking (default 5, set by the driver) is made by agency staff
 * (CHAOS_AGENT_ID) for the agency's customer (CHAOS_CUSTOMER_ID) and paid from the agency's prepaid
 * balance (payFromBalance), or cancelled like every 7th booking.
 * Providers: half the bookings (travellers' and agency ones) go to panhe and half to juhe (pairs of
 * numbers alternate, the seed says which pair starts; `providerOfBooking`), as a traveller who picked
 * that provider's offer on the results. When the chosen provider cannot take it (its searches fail, its
 * sandbox process is down) the traveller searches again and books the other provider's offer: the
 * line `[chaos-portal] failover <i> <from>→<to>` says so. Grabs book with the provider whose routed
 * search found the seats (lib/grab/engine.ts), so they cannot be split here.
 * Env: CHAOS_PORTAL_PORT, CHAOS_USER_ID, CHAOS_FROM (first index), CHAOS_TO (exclusive), CHAOS_SEED.
 */
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { grabOrders, orders, payments, users } from '@/db/schema';
import { membershipOf } from '@/lib/agency/access';
import { bookingSchema, createBooking } from '@/lib/orders/create';
import { payFromBalance } from '@/lib/orders/balance';
import { makeIdCard } from '@/lib/domain/idcard';
import { createGrab } from '@/lib/grab/orders';
import { startGrabPayment } from '@/lib/grab/money';
import { cancelByUser } from '@/lib/orders/operations';
import { startPayment } from '@/lib/orders/payments';
import { serveInbound } from '@/lib/root/serve-inbound';
import { until } from '../lib/poll';
import { upsertPassenger } from '../lib/passengers';
import { addDays, shanghaiDate, toDateTimeLocal } from '@/lib/time';
import { CHAOS_PROVIDERS, providerOfBooking } from './providers';

const env = (k: string) => process.env[k] ?? '';
const port = Number(env('CHAOS_PORTAL_PORT'));
const userId = env('CHAOS_USER_ID');
const from = Number(env('CHAOS_FROM'));
const to = Number(env('CHAOS_TO'));
const sandboxUrl = env('PROVIDER_BASE_URL');
const appKey = env('PROVIDER_APP_KEY') || 'sandbox-app-key';

await serveInbound(port);
console.log(`[chaos-portal] handlers on ${port}, bookings ${from}..${to - 1}`);

const TRAINS = env('CHAOS_TRAINS').split(',').filter(Boolean);
const dateOf = (days: number) => addDays(shanghaiDate(), days);
const user = { id: userId, email: 'chaos@example.test', name: 'chaos', role: 'traveller' as const };

const GRAB_EVERY = Number(process.env.CHAOS_GRAB_EVERY ?? 10);

/** Pays a payment on the sandbox cashier (the control endpoint does what its 确认支付 button does). */
const payAtCashier = (paymentNo: string) =>
  fetch(`${sandboxUrl}/sandbox/payments/${paymentNo}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-app-key': appKey },
    body: '{}',
  });

/**
 * A grab order by its own traveller (open grabs per traveller are limited, msgCode 219): one
 * passenger, 二等座 of a train with seats, then 一等座 as the alternate; prepaid on the cashier.
 * Repeated after a restart: the same request number finds the same grab.
 */
async function grab(i: number): Promise<void> {
  const [u] = await db()
    .insert(users)
    .values({ email: `chaos-grab-${i}@example.test`, passwordHash: 'x', displayName: '混沌抢票', role: 'traveller' })
    .onConflictDoUpdate({ target: users.email, set: { displayName: '混沌抢票' } })
    .returning({ id: users.id });
  const traveller = { id: u!.id, email: `chaos-grab-${i}@example.test`, name: 'chaos', role: 'traveller' as const };
  const idNo = makeIdCard('120101', `19${60 + (i % 39)}-0${1 + (i % 9)}-2${i % 8}`, (i * 7) % 997);
  const passengerId = (await upsertPassenger({ userId: u!.id }, `抢票${i}`, idNo))!;
  const date = dateOf(3 + (i % 7));
  const trainCode = TRAINS[i % TRAINS.length]!;
  const deadline = toDateTimeLocal(new Date(Date.now() + 86_400_000));
  let grabId = '';
  for (let attempt = 1; !grabId; attempt++) {
    try {
      ({ grabId } = await createGrab(traveller, {
        requestNo: `CHAOSGRAB${env('CHAOS_SEED')}N${i}`,
        alternates: [
          { trainCode, fromStation: '北京南', toStation: '上海', date, seatType: 4 },
          { trainCode, fromStation: '北京南', toStation: '上海', date, seatType: 3 },
        ],
        passengers: [{ passengerId, ticketType: 1 }],
        deadline,
        contactMobile: '13800138000',
      }));
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
  const [g] = await db().select({ status: grabOrders.status }).from(grabOrders).where(eq(grabOrders.id, grabId));
  if (g?.status !== 'N') return; // paid before the restart
  await startGrabPayment(grabId, u!.id).catch(() => undefined);
  const [pay] = await db()
    .select({ paymentNo: payments.paymentNo })
    .from(payments)
    .where(eq(payments.grabOrderId, grabId));
  if (pay) await payAtCashier(pay.paymentNo);
}

const AGENCY_EVERY = Number(process.env.CHAOS_AGENCY_EVERY ?? 0);
const agentId = env('CHAOS_AGENT_ID');
const customerId = env('CHAOS_CUSTOMER_ID');
const agent = { id: agentId, email: 'chaos-agent@example.test', name: '混沌旅行社员工', role: 'agent' as const };

/**
 * Submits booking `i` to its provider (the same customerOrderNo on every try and after a restart, so a
 * repeat finds the same order), again up to 4 times on a provider hiccup, then — the provider still not
 * taking it — up to 2 times to the other provider (a traveller who searched again and chose what the
 * results offered), and waits for the hold's answer. Answers the order when it is held (占位成功), else
 * null.
 */
async function bookAndWaitHeld(
  i: number,
  who: typeof user | typeof agent,
  passengerIds: string[],
  extra: { contactMobile: string; customerId?: string },
): Promise<{ orderId: string; paymentStatus: string } | null> {
  const chosen = providerOfBooking(i, Number(env('CHAOS_SEED')));
  const other = CHAOS_PROVIDERS.find((p) => p !== chosen)!;
  const inputFor = (provider: string) => {
    const input = bookingSchema.safeParse({
      customerOrderNo: `CHAOS${env('CHAOS_SEED')}N${i}`,
      trainCode: TRAINS[i % TRAINS.length],
      fromStation: '北京南',
      toStation: '上海',
      date: dateOf(3 + (i % 7)),
      seatType: 4,
      passengers: passengerIds.map((passengerId) => ({ passengerId, ticketType: 1 })),
      provider,
      ...extra,
    });
    if (!input.success) throw new Error(input.error.issues[0]?.message ?? 'invalid booking');
    return input.data;
  };
  let orderId = '';
  for (let attempt = 1; !orderId; attempt++) {
    const provider = attempt <= 4 ? chosen : other;
    try {
      ({ orderId } = await createBooking(who, inputFor(provider)));
    } catch (e) {
      if (attempt === 4)
        console.log(`[chaos-portal] refused ${i} ${chosen}: ${e instanceof Error ? e.message : String(e)}`);
      if (attempt >= 6) throw e;
    }
  }
  const held = await until(async () => {
    const [o] = await db().select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
    return !!o && o.status !== 1;
  }, 30_000);
  const [o] = await db()
    .select({ status: orders.status, paymentStatus: orders.paymentStatus, provider: orders.provider })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (o && o.provider !== chosen) console.log(`[chaos-portal] failover ${i} ${chosen}→${o.provider}`);
  return held && o?.status === 2 ? { orderId, paymentStatus: o.paymentStatus } : null;
}

/**
 * An agency booking: staff book one or two of the agency customer's passengers, then pay from the
 * prepaid balance (or cancel, every 7th). Repeated after a restart: the same customerOrderNo finds
 * the same order, and a paid order is not paid twice.
 */
async function agencyBooking(i: number): Promise<void> {
  const m = await membershipOf(agentId);
  if (!m) throw new Error('chaos agency membership missing');
  const ids: string[] = [];
  for (let k = 0; k < 1 + (i % 2); k++) {
    const idNo = makeIdCard('310101', `19${60 + (i % 39)}-0${1 + (k % 9)}-1${i % 9}`, (i * 5 + k) % 997);
    const id = await upsertPassenger({ customerId, agencyId: m.agencyId }, `客户${i}-${k}`, idNo);
    if (id) ids.push(id);
  }
  const held = await bookAndWaitHeld(i, agent, ids, { contactMobile: '13900139000', customerId });
  if (!held || held.paymentStatus !== 'unpaid') return;
  const orderId = held.orderId;
  if (i % 7 === 0) {
    await cancelByUser(orderId, agentId).catch(() => undefined);
    return;
  }
  await payFromBalance(orderId, agentId);
}

async function one(i: number): Promise<void> {
  if (GRAB_EVERY > 0 && i % GRAB_EVERY === GRAB_EVERY - 1) return grab(i);
  if (AGENCY_EVERY > 0 && agentId && i % AGENCY_EVERY === 2) return agencyBooking(i);
  const n = 1 + (i % 2);
  const ids: string[] = [];
  for (let k = 0; k < n; k++) {
    const idNo = makeIdCard('110101', `19${60 + (i % 39)}-0${1 + (k % 9)}-1${i % 9}`, (i * 3 + k) % 997);
    const id = await upsertPassenger({ userId }, `混沌${i}-${k}`, idNo);
    if (id) ids.push(id);
  }
  if (!ids.length) return;
  // A traveller whose submit failed on a provider hiccup submits the same form again (same number).
  const held = await bookAndWaitHeld(i, user, ids, { contactMobile: '13800138000' });
  if (!held) return;
  const orderId = held.orderId;
  if (i % 7 === 0) {
    await cancelByUser(orderId, userId).catch(() => undefined);
    return;
  }
  await startPayment(orderId, userId);
  const [p] = await db().select({ paymentNo: payments.paymentNo }).from(payments).where(eq(payments.orderId, orderId));
  await payAtCashier(p!.paymentNo);
  // Every 11th traveller also cancels while the payment is on its way (a race the service must settle).
  if (i % 11 === 0) await cancelByUser(orderId, userId).catch(() => undefined);
}

let next = from;
const CONCURRENCY = Number(process.env.CHAOS_CONCURRENCY ?? 12);
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < to) {
      const i = next++;
      try {
        await one(i);
      } catch (e) {
        console.log(`[chaos-portal] booking ${i}: ${e instanceof Error ? e.message : String(e)}`);
      }
      console.log(`[chaos-portal] done ${i}`);
    }
  }),
);
console.log('[chaos-portal] all bookings made');
