/**
 * Generated sequences for the order core (fast-check model-based testing), used by
 * sequences.int.test.ts: random sequences of bookings (traveller and agency), payments, cancels,
 * refunds, cheaper and dearer 改签, 抢票 grabs (seats and sleeper berths, with alternates), sandbox
 * faults (duplicated and reordered callbacks and notifications, failed issues and refunds) and
 * deliberate replays of every callback and payment notification an order received, reversed and
 * twice, over real HTTP. Every command drives the real services against the real sandbox, waits for
 * the order core to settle and then runs the auditor (lib/orders/audit.ts) over everything the
 * sequence made: the auditor is the oracle, never this file's own idea of the outcome.
 *
 * A command that does not apply to the state it finds (paying an order already issued, refunding
 * a cancelled one) does nothing: the real state, not the model, decides, so every sequence is valid
 * and a shrunk sequence stays meaningful. `describe()` of a command is the code that recreates it,
 * so a failing sequence is copied into `REGRESSIONS` (sequences.int.test.ts) as it is printed.
 */
import fc from 'fast-check';
import { and, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import { db } from '@/db/client';
import { changeOrders, grabAttempts, grabOrders, orders, orderTickets, payments, providerCallbacks } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { createBookingDef } from '@/lib/orders/create';
import { searchOffers } from '@/lib/search/search';
import { passengerFormSchema } from '@/lib/domain/passenger';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { GRAB_STATUS, ORDER_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { membershipOf, type Membership } from '@/lib/agency/access';
import { addCustomerPassenger, createAgency, createCustomer, topUp } from '@/lib/agency/service';
import { startGrabPayment } from '@/lib/grab/money';
import { createGrabDef, newGrabRequestNo } from '@/lib/grab/orders';
import { audit, formatAudit } from '@/lib/root/audit';
import { addDays, shanghaiDate } from '@/lib/time';
import { payFromBalance } from './balance';
import { BALANCE_GATEWAY } from './service';
import { applyForChange, changeableTickets, changeSearch, confirmChangeByUser } from './changes';
import {
  control,
  daysAhead,
  newTraveller,
  orderRow,
  savedAdult,
  uniqueIdCard,
  refundsUnderWay,
  until,
  type Harness,
  bookingInput,
} from './harness.int';
import { cancelByUser } from './operations';
import { NOTIFY_PATH } from './cashier';
import { startPayment } from './payments';
import { requestRefunds } from './refunds';
import { createTripDef, newTripRequestNo } from '@/lib/trips/create';
import { startTripPayment } from '@/lib/trips/money';

export interface World {
  h: Harness;
  traveller: SessionUser;
  agency: { m: Membership; staff: SessionUser; customerId: string };
  /** A sleeper train on 北京 → 上海 (K/T/Z with 硬卧 berths) for the travel dates used here. */
  sleeper: { trainCode: string; fromStation: string; toStation: string };
}

export interface Model {
  orders: string[];
  grabs: string[];
  /** Each step's audit, for the failure message. */
  log: string[];
}

export const TRAVEL_DAYS = [3, 4, 5, 6] as const;

/** One traveller, one agency with a customer and a large prepaid balance, a sleeper train found. */
export async function makeWorld(h: Harness): Promise<World> {
  const traveller = await newTraveller('seq');
  const owner = await newTraveller('seqagency');
  const { agencyId } = await createAgency(`序列旅行社${Date.now()}`, owner.email);
  const m = (await membershipOf(owner.id))!;
  const staff = { ...owner, role: 'agent' as const };
  const { id: customerId } = await createCustomer(m, staff, {
    name: '序列客户',
    mobile: `139${String(Date.now()).slice(-8)}`,
  });
  await topUp('sequence-test', agencyId, 50_000_000, `SEQ-${Date.now()}`);
  const offers = await searchOffers('北京', '上海', daysAhead(TRAVEL_DAYS[0]));
  const t = offers.find((o) =>
    o.seats.some((s) => s.seatType === SEAT_TYPE.HARD_SLEEPER && s.berths.length === 3 && s.left >= 20),
  );
  if (!t) throw new Error('no sleeper train 北京 → 上海 in the sandbox');
  gatewayOf = async (paymentNo) =>
    (
      await control<{ payment?: { status: string } }>(h.sandbox, 'GET', `payments/${paymentNo}`).catch(
        (): { payment?: { status: string } } => ({}),
      )
    ).payment?.status;
  return {
    h,
    traveller,
    agency: { m, staff, customerId },
    sleeper: { trainCode: t.trainCode, fromStation: t.fromStation, toStation: t.toStation },
  };
}

const LIVE_ORDER = [ORDER_STATUS.HOLDING, ORDER_STATUS.ISSUING] as number[];

/**
 * Waits until nothing the sequence made is still moving (orders, payments, refunds, changes, grabs
 * following their attempts), seen so twice half a second apart: a job may be between two steps.
 */
export async function settle(m: Model, ms = 90_000): Promise<void> {
  for (let quiet = 0; quiet < 2;) {
    await until(() => isSettled(m), ms, 'the order core settled');
    await adoptGrabOrders(m);
    await new Promise((r) => setTimeout(r, 500));
    quiet = (await isSettled(m)) ? quiet + 1 : 0;
  }
}

async function isSettled(m: Model): Promise<boolean> {
  const ids = m.orders.length ? m.orders : ['00000000-0000-0000-0000-000000000000'];
  const moving = await db()
    .select({ id: orders.id })
    .from(orders)
    .where(and(inArray(orders.id, ids), inArray(orders.status, LIVE_ORDER)));
  const held = await db()
    .select({ id: orders.id })
    .from(orders)
    .where(and(inArray(orders.id, ids), eq(orders.status, ORDER_STATUS.HELD), eq(orders.paymentStatus, 'paid')));
  const openChanges = await db()
    .select({ id: changeOrders.id })
    .from(changeOrders)
    .where(and(inArray(changeOrders.orderId, ids), inArray(changeOrders.status, [30, 33])));
  const grabIds = m.grabs.length ? m.grabs : ['00000000-0000-0000-0000-000000000000'];
  const refunding = await refundsUnderWay(m.orders, m.grabs);
  // A payment the gateway has taken but whose notification has not been applied yet.
  const paying = await db()
    .select({ id: payments.id })
    .from(payments)
    .where(and(inArray(payments.orderId, ids), eq(payments.status, 'pending')));
  // A grab whose attempt has ended at the provider but which has not followed it yet.
  const following = await db()
    .select({ id: grabOrders.id })
    .from(grabOrders)
    .innerJoin(orders, eq(orders.id, grabOrders.currentOrderId))
    .where(
      and(
        inArray(grabOrders.id, grabIds),
        inArray(orders.status, [ORDER_STATUS.ISSUED, ORDER_STATUS.ISSUE_FAILED, ORDER_STATUS.CANCELLED, 3]),
      ),
    );
  // A trip's one payment (order_id null) for the sequence's trip legs (issue 30), taken but not applied.
  const legTrips = await db()
    .select({ tripId: orders.tripId })
    .from(orders)
    .where(and(inArray(orders.id, ids), isNotNull(orders.tripId)));
  const tripPaying = legTrips.length
    ? await db()
        .select({ id: payments.id })
        .from(payments)
        .where(
          and(
            inArray(payments.tripId, [...new Set(legTrips.map((t) => t.tripId!))]),
            isNull(payments.orderId),
            eq(payments.status, 'pending'),
          ),
        )
    : [];
  paying.push(...tripPaying);
  const gatewayTook = paying.length ? await takenAtGateway(paying.map((p) => p.id)) : false;
  return !moving.length && !held.length && !refunding && !openChanges.length && !following.length && !gatewayTook;
}

/** Whether the gateway already settled any of these payments (its notification is on the way). */
let gatewayOf: ((paymentNo: string) => Promise<string | undefined>) | undefined;
async function takenAtGateway(paymentIds: string[]): Promise<boolean> {
  if (!gatewayOf) return false;
  const rows = await db()
    .select({ paymentNo: payments.paymentNo, gateway: payments.gateway })
    .from(payments)
    .where(inArray(payments.id, paymentIds));
  for (const r of rows) {
    if (r.gateway === BALANCE_GATEWAY) continue;
    const status = await gatewayOf(r.paymentNo);
    if (status && status !== 'pending') return true;
  }
  return false;
}

/** The orders a grab placed belong to the sequence too (they can be paid, refunded, replayed …). */
async function adoptGrabOrders(m: Model) {
  if (!m.grabs.length) return;
  const placed = await db()
    .select({ orderId: grabAttempts.orderId })
    .from(grabAttempts)
    .where(inArray(grabAttempts.grabOrderId, m.grabs));
  for (const p of placed) if (p.orderId && !m.orders.includes(p.orderId)) m.orders.push(p.orderId);
}

/** The auditor over everything the sequence made; throws with its report on any violation. */
export async function auditStep(m: Model, step: string): Promise<void> {
  const results = await audit({ orderIds: m.orders, grabIds: m.grabs });
  const rows = m.orders.length
    ? await db()
        .select({ id: orders.id, status: orders.status, paid: orders.paidFen, back: orders.refundedFen })
        .from(orders)
        .where(inArray(orders.id, m.orders))
    : [];
  const state = m.orders
    .map((id) => rows.find((r) => r.id === id))
    .map((r) => (r ? `${r.status}:${r.paid}/${r.back}` : '?'))
    .join(' ');
  m.log.push(
    `${step} → orders ${state || '-'}; checked/violated ${results.map((r) => `${r.checked}/${r.violated}`).join(' ')}`,
  );
  if (results.some((r) => r.violated))
    throw new Error(`auditor after ${step}:\n${formatAudit(results)}\nsteps:\n${m.log.join('\n')}`);
}

type Cmd = fc.AsyncCommand<Model, World>;

/** Runs a command's action, then settles and audits (what every command shares). */
async function step(w: World, m: Model, name: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (e) {
    // A refusal in words is a valid outcome of a valid request (nothing to pay, too late …).
    if (!(e instanceof AppError)) throw e;
  }
  await settle(m);
  await auditStep(m, name);
}

const pick = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

type Order = Awaited<ReturnType<typeof orderRow>>;

/** A command on one of the model's orders (`i`, modulo how many there are), run as a step. */
abstract class OrderCmd implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.orders.length > 0;
  async run(m: Model, w: World) {
    await step(w, m, this.toString(), async () => this.onOrder(await orderRow(pick(m.orders, this.i)!), w));
  }
  abstract onOrder(o: Order, w: World): Promise<void>;
  abstract toString: () => string;
}

let seq = 0;
async function newPassenger(w: World, agency: boolean): Promise<string> {
  seq++;
  const name = `序${String.fromCharCode(0x4e00 + ((Date.now() + seq) % 2000))}`;
  if (agency) {
    const { m, staff, customerId } = w.agency;
    const p = await addCustomerPassenger(
      m,
      staff,
      customerId,
      passengerFormSchema.parse({ name, idType: '1', idNo: uniqueIdCard() }),
    );
    return p.id;
  }
  return savedAdult(w.traveller, name);
}

export class Book implements Cmd {
  constructor(readonly o: { agency: boolean; seatType: 3 | 4; passengers: 1 | 2; day: number }) {}
  check = () => true;
  async run(m: Model, w: World) {
    await step(w, m, this.toString(), async () => {
      const agency = this.o.agency;
      const list = [];
      for (let i = 0; i < this.o.passengers; i++)
        list.push({ passengerId: await newPassenger(w, agency), ticketType: 1 });
      const r = await runGuarded(
        createBookingDef,
        agency ? w.agency.staff : w.traveller,
        bookingInput(this.o.day, {
          seatType: this.o.seatType,
          passengers: list,
          ...(agency ? { customerId: w.agency.customerId } : {}),
        }),
      );
      if (!r.ok) throw new Error(`booking refused: ${r.message}`);
      m.orders.push(r.data.orderId);
    });
  }
  toString = () => `new Book(${JSON.stringify(this.o)})`;
}

/**
 * A round trip booked as one (issue 30): G1 北京南→上海 on `day`, G2 上海→北京南 the day after, both legs
 * the model's orders (paid together by Pay on either, refunded, changed, cancelled, replayed one by one).
 */
export class BookTrip implements Cmd {
  constructor(readonly o: { passengers: 1 | 2; day: number }) {}
  check = () => true;
  async run(m: Model, w: World) {
    await step(w, m, this.toString(), async () => {
      const list = [];
      for (let i = 0; i < this.o.passengers; i++)
        list.push({ passengerId: await newPassenger(w, false), ticketType: 1 });
      const r = await runGuarded(createTripDef, w.traveller, {
        requestNo: newTripRequestNo(),
        kind: 'round',
        legs: [
          { trainCode: 'G1', fromStation: '北京南', toStation: '上海', date: daysAhead(this.o.day), seatType: 4 },
          { trainCode: 'G2', fromStation: '上海', toStation: '北京南', date: daysAhead(this.o.day + 1), seatType: 4 },
        ],
        passengers: list,
        contactMobile: '13800138000',
      });
      if (!r.ok) throw new Error(`trip refused: ${r.message}`);
      const legs = await db()
        .select({ id: orders.id, leg: orders.tripLeg })
        .from(orders)
        .where(eq(orders.tripId, r.data.tripId));
      m.orders.push(...legs.sort((a, b) => (a.leg ?? 0) - (b.leg ?? 0)).map((l) => l.id));
    });
  }
  toString = () => `new BookTrip(${JSON.stringify(this.o)})`;
}

/** Pays a held order: the traveller through the gateway's cashier, agency staff from the balance. */
export class Pay extends OrderCmd {
  async onOrder(o: Order, w: World) {
    if (o.status !== ORDER_STATUS.HELD || o.paymentStatus !== 'unpaid') return;
    if (o.tripId) {
      // A leg of a trip (issue 30): the trip's one payment for both legs.
      await startTripPayment(o.tripId, o.userId);
      const [tp] = await db()
        .select()
        .from(payments)
        .where(and(eq(payments.tripId, o.tripId), isNull(payments.orderId), eq(payments.status, 'pending')));
      if (tp) await control(w.h.sandbox, 'POST', `payments/${tp.paymentNo}/pay`, {});
      return;
    }
    if (o.agencyId) {
      await payFromBalance(o.id, w.agency.staff.id);
      return;
    }
    await startPayment(o.id, o.userId);
    const [p] = await db()
      .select()
      .from(payments)
      .where(and(eq(payments.orderId, o.id), eq(payments.status, 'pending')));
    if (p) await control(w.h.sandbox, 'POST', `payments/${p.paymentNo}/pay`, {});
  }
  toString = () => `new Pay(${this.i})`;
}

export class Cancel extends OrderCmd {
  async onOrder(o: Order, w: World) {
    if (o.status !== ORDER_STATUS.HELD || o.paymentStatus !== 'unpaid' || o.grabOrderId) return;
    await cancelByUser(o.id, o.agencyId ? w.agency.staff.id : o.userId);
  }
  toString = () => `new Cancel(${this.i})`;
}

/** Refunds one issued ticket, past the provider's 5 minutes after issue on the sandbox clock. */
export class Refund implements Cmd {
  constructor(
    readonly i: number,
    readonly ticket: number,
  ) {}
  check = (m: Readonly<Model>) => m.orders.length > 0;
  async run(m: Model, w: World) {
    const o = await orderRow(pick(m.orders, this.i)!);
    // Any ticket in force, a changed one's replacement included.
    const tickets = await db()
      .select()
      .from(orderTickets)
      .where(and(eq(orderTickets.orderId, o.id), eq(orderTickets.status, TICKET_STATUS.ISSUED)))
      .orderBy(orderTickets.position, orderTickets.id);
    const t = pick(tickets, this.ticket);
    await control(w.h.sandbox, 'POST', 'clock', { advanceMinutes: 6 });
    try {
      await step(w, m, this.toString(), async () => {
        if (o.status !== ORDER_STATUS.ISSUED || !t) return;
        await requestRefunds(o, [t.id], o.agencyId ? w.agency.staff.id : o.userId);
      });
    } finally {
      await control(w.h.sandbox, 'POST', 'clock', { reset: true });
    }
  }
  toString = () => `new Refund(${this.i}, ${this.ticket})`;
}

/**
 * 改签 one issued ticket to G1 two days later in the other class: 二等座 → 一等座 is dearer (the
 * traveller pays the difference, the agency from its balance), 一等座 → 二等座 cheaper (money back).
 */
export class Change extends OrderCmd {
  constructor(
    i: number,
    readonly ticket: number,
  ) {
    super(i);
  }
  async onOrder(o: Order, w: World) {
    if (o.status !== ORDER_STATUS.ISSUED || o.trainCode !== 'G1') return;
    const t = pick(await changeableTickets(o), this.ticket);
    if (!t) return;
    const actor = o.agencyId ? w.agency.staff.id : o.userId;
    const date = addDays(shanghaiDate(o.departureAt), 2);
    const g = (await changeSearch(o, date)).find((x) => x.trainCode === 'G1');
    if (!g) return;
    const seatType = o.seatType === SEAT_TYPE.SECOND ? SEAT_TYPE.FIRST : SEAT_TYPE.SECOND;
    const { changeId } = await applyForChange(
      o,
      { ticketIds: [t.id], date, trainCode: 'G1', toStation: g.toStation, seatType },
      actor,
    );
    const held = await until(async () => {
      const [c] = await db().select().from(changeOrders).where(eq(changeOrders.id, changeId));
      return c && c.status !== 30 && c;
    }, 30_000);
    if (held.status !== 31) return;
    const { cashierUrl } = await confirmChangeByUser(await orderRow(o.id), changeId, actor);
    if (!cashierUrl) return;
    const [p] = await db().select().from(payments).where(eq(payments.changeOrderId, changeId));
    if (p) await control(w.h.sandbox, 'POST', `payments/${p.paymentNo}/pay`, {});
  }
  toString = () => `new Change(${this.i}, ${this.ticket})`;
}

/** A 抢票 grab, prepaid through the gateway: seats (G1 一等座 then 二等座) or a sleeper's 硬卧. */
export class Grab implements Cmd {
  constructor(readonly o: { sleeper: boolean; passengers: 1 | 2; day: number }) {}
  check = () => true;
  async run(m: Model, w: World) {
    await step(w, m, this.toString(), async () => {
      const date = daysAhead(this.o.day);
      const alternates = this.o.sleeper
        ? [{ ...w.sleeper, date, seatType: SEAT_TYPE.HARD_SLEEPER }]
        : [SEAT_TYPE.FIRST, SEAT_TYPE.SECOND].map((seatType) => ({
            trainCode: 'G1',
            fromStation: '北京南',
            toStation: '上海',
            date,
            seatType,
          }));
      const passengers = [];
      for (let i = 0; i < this.o.passengers; i++)
        passengers.push({ passengerId: await newPassenger(w, false), ticketType: 1 });
      const r = await runGuarded(createGrabDef, w.traveller, {
        requestNo: newGrabRequestNo(),
        alternates,
        passengers,
        deadline: `${daysAhead(this.o.day - 1)}T12:00`,
        contactMobile: '13800138000',
      });
      if (!r.ok) throw new Error(`grab refused: ${r.message}`);
      m.grabs.push(r.data.grabId);
      await startGrabPayment(r.data.grabId, w.traveller.id);
      const [p] = await db().select().from(payments).where(eq(payments.grabOrderId, r.data.grabId));
      await control(w.h.sandbox, 'POST', `payments/${p!.paymentNo}/pay`, {});
      // The engine's first attempt: held and paid from the prepayment, or given up, or still looking.
      await until(
        async () => {
          const [g] = await db().select().from(grabOrders).where(eq(grabOrders.id, r.data.grabId));
          const [a] = await db().select().from(grabAttempts).where(eq(grabAttempts.grabOrderId, r.data.grabId));
          return g?.status !== GRAB_STATUS.CREATED && !!a && a.outcome !== 'trying';
        },
        30_000,
        'the grab tried',
      );
    });
  }
  toString = () => `new Grab(${JSON.stringify(this.o)})`;
}

/** Sandbox faults from now on: duplicated and reordered callbacks and notifications, failures. */
export class Faults implements Cmd {
  constructor(
    readonly o: {
      callbackDuplicate: boolean;
      callbackOutOfOrder: boolean;
      paymentNotifyDuplicate: boolean;
      issueFailRate: number;
      paymentRefundFailRate: number;
    },
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    await control(w.h.sandbox, 'POST', 'faults', { ...this.o, callbackJitterMs: 300 });
    await auditStep(m, this.toString());
  }
  toString = () => `new Faults(${JSON.stringify(this.o)})`;
}

/**
 * Every callback the order received and every notification of its payments, sent again over HTTP:
 * reversed, twice. Each is a notification only (the portal re-reads 订单详情 / checks the payment), so
 * nothing may move twice.
 */
export class Replay extends OrderCmd {
  async onOrder(o: Order, w: World) {
    const base = process.env.PORTAL_PUBLIC_URL!;
    const calls = o.providerOrderNo
      ? await db()
          .select({ kind: providerCallbacks.kind, raw: providerCallbacks.raw })
          .from(providerCallbacks)
          .where(
            and(eq(providerCallbacks.providerOrderNo, o.providerOrderNo), eq(providerCallbacks.verdict, 'applied')),
          )
      : [];
    const notes: Record<string, string>[] = [];
    // An order's own payments, and for a trip leg the trip's one payment (the gateway's number).
    const gatewayPaid = (
      await db()
        .select()
        .from(payments)
        .where(
          o.tripId
            ? or(eq(payments.orderId, o.id), and(eq(payments.tripId, o.tripId), isNull(payments.orderId)))
            : eq(payments.orderId, o.id),
        )
    ).filter((p) => p.gateway !== BALANCE_GATEWAY && p.shareOfPaymentId === null);
    for (const p of gatewayPaid) {
      const r = await control<{ notifications?: { body: Record<string, string | number> }[] }>(
        w.h.sandbox,
        'GET',
        `payments/${p.paymentNo}`,
      );
      for (const n of r.notifications ?? [])
        notes.push(Object.fromEntries(Object.entries(n.body).map(([k, v]) => [k, String(v)])));
    }
    for (let round = 0; round < 2; round++) {
      for (const c of [...calls].reverse())
        await fetch(`${base}/api/provider/callbacks/${c.kind}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: c.raw,
        });
      for (const n of [...notes].reverse())
        await fetch(`${base}${NOTIFY_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(n).toString(),
        });
    }
  }
  toString = () => `new Replay(${this.i})`;
}

/** Small indexes: later steps come back to the same orders (a change, then a refund of it …). */
const index = fc.nat({ max: 3 });
const day = fc.constantFrom(...TRAVEL_DAYS);
/** One passenger more often than two: a refund is then larger than the fare's payment alone. */
const people = fc.constantFrom(1 as const, 1 as const, 2 as const);

/**
 * The generator: every command, the money paths weighted up (an entry listed twice is drawn twice as
 * often; fc.commands picks among the entries evenly).
 */
export function commandsArb(maxCommands: number) {
  const book = fc
    .record({ agency: fc.boolean(), seatType: fc.constantFrom(3 as const, 4 as const), passengers: people, day })
    .map((o) => new Book(o));
  const pay = index.map((i) => new Pay(i));
  const refund = fc.tuple(index, fc.nat({ max: 1 })).map(([i, t]) => new Refund(i, t));
  const change = fc.tuple(index, fc.nat({ max: 1 })).map(([i, t]) => new Change(i, t));
  const arbs: fc.Arbitrary<fc.AsyncCommand<Model, World>>[] = [
    book,
    book,
    pay,
    pay,
    pay,
    index.map((i) => new Cancel(i)),
    refund,
    refund,
    change,
    change,
    fc.record({ sleeper: fc.boolean(), passengers: people, day }).map((o) => new Grab(o)),
    fc.record({ passengers: people, day }).map((o) => new BookTrip(o)),
    fc
      .record({
        callbackDuplicate: fc.boolean(),
        callbackOutOfOrder: fc.boolean(),
        paymentNotifyDuplicate: fc.boolean(),
        issueFailRate: fc.constantFrom(0, 0.3),
        paymentRefundFailRate: fc.constantFrom(0, 0.3),
      })
      .map((o) => new Faults(o)),
    index.map((i) => new Replay(i)),
  ];
  // size 'max': sequences of any length up to maxCommands, not mostly short ones.
  return fc.commands(arbs, { maxCommands, size: 'max' });
}
