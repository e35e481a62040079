/**
 * Integration-test harness for the order service (*.int.test.ts only; the .int.ts name lets it start
 * the sandbox, which portal code may not import): the real sandbox on a free
 * port, the portal's own callback and payment-notification handlers served over real HTTP for it to
 * call, the worker's handlers on pg-boss in this process, and helpers to book, pay and audit.
 */
import { randomInt } from 'node:crypto';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { db } from '@/db/client';
import {
  changeOrders,
  orderEvents,
  orders,
  paymentRefunds,
  payments,
  savedPassengers,
  ticketRefunds,
  users,
} from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { createBookingDef, newCustomerOrderNo, type BookingInput } from '@/lib/orders/create';
import { makeIdCard } from '@/lib/domain/idcard';
import { boss, stopJobs } from '@/lib/jobs';
import { control, daysAhead, startTestSandbox, until } from '@/sandbox/testing.int';
import type { RunningSandbox } from '@/sandbox/server';
import { audit, formatAudit } from '@/lib/root/audit';
import { startPayment } from './payments';
import { applyForChange, changeableTickets, changeSearch } from './changes';
import { serveInbound } from '@/lib/root/serve-inbound';
import { registerWorkers } from '@/lib/root/jobs';
import { resetProviders } from '@/lib/provider/registry';
import { setupProviders } from '@/lib/provider/setup';
import { startMailCatcher, type MailCatcher } from '@/sandbox/mail-catcher';

export interface Harness {
  sandbox: RunningSandbox;
  /** The local mail catcher every notification email goes to (SMTP_URL points at it; lib/notify). */
  mail: MailCatcher;
  user: SessionUser;
  /** Orders this file made (the auditor's scope). */
  mine: string[];
  stop(): Promise<void>;
}

export async function newTraveller(tag = 'orders'): Promise<SessionUser> {
  const [u] = await db()
    .insert(users)
    .values({
      email: `${tag}${Date.now()}${Math.floor(Math.random() * 1e6)}@example.test`,
      passwordHash: 'x',
      displayName: '订单测试',
      role: 'traveller',
    })
    .returning({ id: users.id, email: users.email, role: users.role, name: users.displayName });
  return u!;
}

export interface HarnessOptions {
  holdDelayMs?: number;
  issueDelayMs?: number;
  /** The sandbox plays 12306's night closure (sandbox/night.ts; off by default: tests run at any hour). */
  nightClosure?: boolean;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  // The portal keeps holds over the closure exactly when its sandbox does (lib/orders/night.ts).
  process.env.PROVIDER_NIGHT_CLOSURE = o.nightClosure ? 'on' : 'off';
  const portal = await serveInbound();
  const { sandbox } = await startTestSandbox({
    holdDelayMs: o.holdDelayMs ?? 50,
    issueDelayMs: o.issueDelayMs ?? 50,
    nightClosure: o.nightClosure ?? false,
  });
  // Test files share one database, so the sandbox's clock, fault settings and inventory too: start
  // from the real clock, no faults (money faults neither), and G1 (the train these tests book) with
  // no seat blocked by another file's sold-out scenario.
  await control(sandbox, 'POST', 'clock', { reset: true });
  await control(sandbox, 'DELETE', 'faults');
  await control(sandbox, 'DELETE', 'money-faults');
  for (let day = 1; day <= 14; day++)
    for (const seatType of [1, 3, 4])
      await control(sandbox, 'POST', 'release', { trainCode: 'G1', date: daysAhead(day), seatType, count: 1000 });
  process.env.PROVIDER_BASE_URL = sandbox.url;
  process.env.PAYMENT_GATEWAY_URL = sandbox.url;
  process.env.PROVIDER_TIMEOUT_MS = '1500';
  process.env.PORTAL_PUBLIC_URL = `http://127.0.0.1:${portal.port}`;
  // The same sandbox speaks Juhe under /trainTickets; its account-wide callback URLs point here.
  process.env.JUHE_BASE_URL = `${sandbox.url}/trainTickets`;
  process.env.JUHE_TIMEOUT_MS = '1500';
  resetProviders();
  const setUp = await setupProviders(process.env.PORTAL_PUBLIC_URL);
  expect(setUp.failed).toEqual([]);
  const user = await newTraveller();
  const mail = await startMailCatcher();
  process.env.SMTP_URL = `smtp://127.0.0.1:${mail.smtpPort}`;
  await registerWorkers(await boss({ worker: true }), { concurrency: 4 });
  return {
    sandbox,
    mail,
    user,
    mine: [],
    async stop() {
      // Leave the shared sandbox as every file expects to find it: the real clock, no faults.
      await control(sandbox, 'POST', 'clock', { reset: true }).catch(() => undefined);
      await control(sandbox, 'DELETE', 'faults').catch(() => undefined);
      await control(sandbox, 'DELETE', 'money-faults').catch(() => undefined);
      await stopJobs();
      await mail.stop();
      delete process.env.SMTP_URL;
      await sandbox.stop();
      await new Promise((r) => portal.close(r));
    },
  };
}

/**
 * The test file's harness: started before its tests and stopped after them (vitest's beforeAll and
 * afterAll, registered where this is called). The object is filled in when the harness has started.
 */
export function harnessForFile(o: HarnessOptions = {}): Harness {
  const h = { mine: [] } as unknown as Harness;
  beforeAll(async () => {
    Object.assign(h, await startHarness(o));
  }, 120_000);
  afterAll(async () => {
    await h.stop?.();
  });
  return h;
}

/**
 * A random valid ID number: test files share one database and the provider allows one ticket per
 * person per train and date, so numbers must not repeat across files (a fixed sequence did).
 */
export function uniqueIdCard(child = false): string {
  const day = new Date(Date.UTC(child ? 2014 : 1960, 0, 1) + randomInt(0, child ? 3 * 365 : 39 * 365) * 86_400_000);
  return makeIdCard('110101', day.toISOString().slice(0, 10), randomInt(0, 1000));
}

/** A saved adult passenger of `user` with a unique ID number. */
export async function savedAdult(user: SessionUser, name: string): Promise<string> {
  const [p] = await db()
    .insert(savedPassengers)
    .values({ userId: user.id, name, idType: '1', idNo: uniqueIdCard(), ticketType: 1 })
    .returning({ id: savedPassengers.id });
  return p!.id;
}

export async function passenger(h: Harness, name: string, ticketType = 1): Promise<string> {
  const [p] = await db()
    .insert(savedPassengers)
    .values({
      userId: h.user.id,
      name,
      idType: '1',
      idNo: uniqueIdCard(ticketType === 2),
      ticketType,
    })
    .returning({ id: savedPassengers.id });
  return p!.id;
}

export interface BookOptions {
  train?: string;
  days?: number;
  seatType?: number;
  /** Passenger ids with their ticket types (default: one adult per name). */
  passengers?: { passengerId: string; ticketType: number; onAdultId?: string }[];
  /** Who books (default: the harness's traveller). */
  user?: SessionUser;
  /** The provider the booking goes to (default: the first configured). */
  provider?: string;
}

/**
 * The booking form's input for the train these tests book, G1 北京南 → 上海 二等座 `days` ahead, under a
 * new customerOrderNo; `o` gives the passengers and overrides any other field.
 */
export function bookingInput(days: number, o: Partial<BookingInput> & Pick<BookingInput, 'passengers'>) {
  return {
    customerOrderNo: newCustomerOrderNo(),
    trainCode: 'G1',
    fromStation: '北京南',
    toStation: '上海',
    date: daysAhead(days),
    seatType: 4,
    contactMobile: '13800138000',
    ...o,
  };
}

export async function book(h: Harness, names: string[], o: BookOptions = {}): Promise<string> {
  const list =
    o.passengers ??
    (await Promise.all(names.map(async (n) => ({ passengerId: await passenger(h, n), ticketType: 1 }))));
  const r = await runGuarded(
    createBookingDef,
    o.user ?? h.user,
    bookingInput(o.days ?? 4, {
      trainCode: o.train ?? 'G1',
      seatType: o.seatType ?? 4,
      passengers: list,
      ...(o.provider ? { provider: o.provider } : {}),
    }),
  );
  if (!r.ok) throw new Error(r.message);
  h.mine.push(r.data.orderId);
  return r.data.orderId;
}

export const orderRow = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
export async function waitStatus(id: string, status: number, ms = 20_000): Promise<true> {
  try {
    return await until(async () => (await orderRow(id)).status === status, ms, `order ${id} status ${status}`);
  } catch (e) {
    const o = await orderRow(id);
    // The order's history makes a failure here diagnosable from a CI log alone.
    const events = await db()
      .select()
      .from(orderEvents)
      .where(eq(orderEvents.orderId, id))
      .orderBy(asc(orderEvents.id));
    const history = events
      .map(
        (ev) => `  ${ev.kind} ${ev.fromStatus ?? '-'}→${ev.toStatus} ${ev.source}/${ev.actor ?? '-'} ${ev.note ?? ''}`,
      )
      .join('\n');
    throw new Error(
      `${(e as Error).message}: it is ${o.status} (${o.failureReason ?? 'no reason'}), provider order ${o.providerOrderNo ?? '-'}\n${history}`,
    );
  }
}

export async function payAtGateway(h: Harness, orderId: string): Promise<string> {
  await startPayment(orderId, h.user.id);
  const [p] = await db().select().from(payments).where(eq(payments.orderId, orderId));
  await control(h.sandbox, 'POST', `payments/${p!.paymentNo}/pay`, {});
  return p!.paymentNo;
}

/** Books, pays and waits for 出票成功. */
export async function issuedOrder(h: Harness, names: string[], o: BookOptions = {}): Promise<string> {
  const id = await book(h, names, o);
  await waitStatus(id, 2);
  await payAtGateway(h, id);
  await waitStatus(id, 8);
  return id;
}

export const changeRow = async (id: string) =>
  (await db().select().from(changeOrders).where(eq(changeOrders.id, id)))[0];

export interface HeldChangeOptions {
  /** The issued order's departure (days ahead) and class. */
  days: number;
  seatType?: number;
  /** The change: G1 `toDays` ahead in `toSeatType`, with an optional seat-map pick. */
  toDays: number;
  toSeatType: number;
  chooseSeats?: string;
  /** A sandbox money fault for this order, set before the change is applied. */
  fault?: string;
}

/**
 * Issues an order for one passenger, applies to change its ticket to G1 and waits until the provider
 * holds the change (31, awaiting the traveller's confirmation).
 */
export async function heldChange(h: Harness, name: string, o: HeldChangeOptions) {
  const id = await issuedOrder(h, [name], { days: o.days, seatType: o.seatType });
  const order = await orderRow(id);
  if (o.fault) await control(h.sandbox, 'POST', 'money-faults', { kind: o.fault, orderNo: order.providerOrderNo });
  const [original] = await changeableTickets(order);
  const g = (await changeSearch(order, daysAhead(o.toDays))).find((t) => t.trainCode === 'G1')!;
  const { changeId } = await applyForChange(
    order,
    {
      ticketIds: [original!.id],
      date: daysAhead(o.toDays),
      trainCode: 'G1',
      toStation: g.toStation,
      seatType: o.toSeatType,
      chooseSeats: o.chooseSeats,
    },
    h.user.id,
  );
  const held = await until(async () => {
    const c = await changeRow(changeId);
    return c?.status === 31 && c;
  });
  return { id, order, original: original!, toStation: g.toStation, changeId, held };
}

/**
 * Whether a refund is still under way: a ticket refund of these orders at the provider (20), or a
 * payment refund of these orders or grabs at the gateway (pending).
 */
export async function refundsUnderWay(orderIds: string[], grabIds: string[] = []): Promise<boolean> {
  const none = ['00000000-0000-0000-0000-000000000000'];
  const orderIn = orderIds.length ? orderIds : none;
  const open = await db()
    .select({ id: ticketRefunds.id })
    .from(ticketRefunds)
    .where(and(inArray(ticketRefunds.orderId, orderIn), eq(ticketRefunds.status, 20)));
  const pending = await db()
    .select({ id: paymentRefunds.id })
    .from(paymentRefunds)
    .where(
      and(
        or(
          inArray(paymentRefunds.orderId, orderIn),
          inArray(paymentRefunds.grabOrderId, grabIds.length ? grabIds : none),
        ),
        eq(paymentRefunds.status, 'pending'),
      ),
    );
  return open.length > 0 || pending.length > 0;
}

export async function expectClean(ids: string[]) {
  const results = await audit({ orderIds: ids });
  const bad = results.filter((r) => r.violated);
  expect(bad, formatAudit(results)).toEqual([]);
}

export { control, daysAhead, until };
