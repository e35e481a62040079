/**
 * The clerk's workspace lists (lib/agency/workspace.ts) against the real database: what waits for
 * payment, departs and was issued today (Shanghai day), and what failed or is stuck — each scoped to
 * the member's agency. Two agencies get the same orders; neither ever sees the other's. Orders are
 * written as rows (no sandbox) at fixed times around noon of today, and deleted afterwards so other
 * files' reconciliation never meets them.
 */
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { changeOrders, orderEvents, orders, orderTickets, ticketRefunds, users } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/roles';
import { sealPii } from '@/lib/crypto/pii';
import { addDays, shanghaiDate, shanghaiInstant } from '@/lib/time';
import { membershipOf } from './access';
import { createAgency, createCustomer } from './service';
import { agencyWorkspace, type Workspace } from './workspace';

const today = shanghaiDate();
const now = shanghaiInstant(today, '12:00');
const at = (day: string, time: string) => shanghaiInstant(day, time);
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const made: string[] = [];

let n = 0;
async function agencyWithCustomer(tag: string) {
  const [u] = await db()
    .insert(users)
    .values({
      email: `${tag}${Date.now()}${++n}${Math.floor(Math.random() * 1e6)}@example.test`,
      passwordHash: 'x',
      displayName: '工作台测试',
      role: 'traveller',
    })
    .returning({ id: users.id, email: users.email, role: users.role, name: users.displayName });
  await createAgency(`${tag}旅行社${Date.now()}${n}`, u!.email);
  const m = (await membershipOf(u!.id))!;
  const staff: SessionUser = { ...u!, role: 'agent' };
  const { id } = await createCustomer(m, staff, {
    name: `${tag}客户`,
    mobile: `136${String(Date.now() + n).slice(-8)}`,
  });
  return { m, staff, customerId: id };
}

type Agency = Awaited<ReturnType<typeof agencyWithCustomer>>;

async function order(
  a: Agency,
  o: Partial<typeof orders.$inferInsert> & { status: number; departureAt: Date },
): Promise<string> {
  const [row] = await db()
    .insert(orders)
    .values({
      userId: a.staff.id,
      agencyId: a.m.agencyId,
      customerId: a.customerId,
      customerOrderNo: `WS${randomUUID()}`,
      trainCode: 'G1',
      fromStation: '北京南',
      toStation: '上海',
      seatType: 4,
      totalFen: 55_300,
      createdAt: minutes(-60),
      updatedAt: minutes(-60),
      ...o,
    })
    .returning({ id: orders.id });
  made.push(row!.id);
  return row!.id;
}

async function ticket(orderId: string, status: number): Promise<string> {
  const [t] = await db()
    .insert(orderTickets)
    .values({
      orderId,
      position: 0,
      passengerName: '乘客',
      idType: '1',
      idNo: sealPii('110101198001011234'),
      ticketType: 1,
      status,
    })
    .returning({ id: orderTickets.id });
  return t!.id;
}

async function issuedAt(orderId: string, when: Date) {
  await db()
    .insert(orderEvents)
    .values({ orderId, kind: 'order', fromStatus: 7, toStatus: 8, source: 'test', at: when });
}

/** The same set of orders for an agency; what each list must show, by order id. */
async function scenario(a: Agency) {
  const tomorrow = addDays(today, 1);
  const waiting = await order(a, {
    status: 2,
    departureAt: at(addDays(today, 3), '09:00'),
    payLimitAt: minutes(10),
  });
  // Past its pay-by time by more than the auditor's 3 minutes: stuck, no longer waiting.
  const lateUnpaid = await order(a, {
    status: 2,
    departureAt: at(addDays(today, 3), '10:00'),
    payLimitAt: minutes(-10),
  });
  // Departs today at 18:00, issued this morning; its refund failed an hour ago.
  const departsToday = await order(a, { status: 8, departureAt: at(today, '18:00'), paymentStatus: 'paid' });
  const t1 = await ticket(departsToday, 8);
  await issuedAt(departsToday, at(today, '10:00'));
  await db()
    .insert(ticketRefunds)
    .values({
      orderId: departsToday,
      ticketId: t1,
      status: 22,
      origin: 'user',
      failureReason: '已过退票时间',
      createdAt: minutes(-70),
      updatedAt: minutes(-60),
    });
  // Departs today but its only ticket was refunded: nobody travels.
  const refundedToday = await order(a, { status: 8, departureAt: at(today, '15:00'), paymentStatus: 'paid' });
  const t2 = await ticket(refundedToday, 21);
  // A failed refund retried with success since: nothing to do.
  await db()
    .insert(ticketRefunds)
    .values([
      {
        orderId: refundedToday,
        ticketId: t2,
        status: 22,
        origin: 'user',
        createdAt: minutes(-90),
        updatedAt: minutes(-85),
      },
      {
        orderId: refundedToday,
        ticketId: t2,
        status: 21,
        origin: 'user',
        createdAt: minutes(-80),
        updatedAt: minutes(-75),
      },
    ]);
  // Issued yesterday, departs tomorrow; a 改签 moved it to a train of today.
  const changed = await order(a, { status: 8, departureAt: at(tomorrow, '08:00'), paymentStatus: 'paid' });
  await ticket(changed, 34);
  await issuedAt(changed, at(addDays(today, -1), '20:00'));
  await db()
    .insert(changeOrders)
    .values({
      orderId: changed,
      providerChangeNo: `WSC${randomUUID()}`,
      status: 34,
      trainCode: 'G7',
      fromStation: '北京南',
      toStation: '上海',
      departureAt: at(today, '19:00'),
      ticketIds: [],
    });
  // Issued today, departs tomorrow.
  const issuedTomorrow = await order(a, { status: 8, departureAt: at(tomorrow, '07:00'), paymentStatus: 'paid' });
  await ticket(issuedTomorrow, 8);
  await issuedAt(issuedTomorrow, at(today, '11:30'));
  // Cancelled, departing today: not a departure.
  await order(a, { status: 5, departureAt: at(today, '16:00') });
  // Hold failed an hour ago (listed), and five days ago (gone from the list).
  const holdFailed = await order(a, {
    status: 3,
    departureAt: at(addDays(today, 2), '09:00'),
    failureReason: '没有足够的票',
  });
  await order(a, {
    status: 3,
    departureAt: at(addDays(today, -3), '09:00'),
    createdAt: minutes(-5 * 24 * 60),
    updatedAt: minutes(-5 * 24 * 60),
  });
  // Issuing for 20 minutes: stuck.
  const issuing = await order(a, {
    status: 7,
    departureAt: at(addDays(today, 2), '11:00'),
    paymentStatus: 'paid',
    updatedAt: minutes(-20),
  });
  return { waiting, lateUnpaid, departsToday, refundedToday, changed, issuedTomorrow, holdFailed, issuing };
}

const ids = (rows: { orderId: string }[]) => rows.map((r) => r.orderId).sort();
const sorted = (...xs: string[]) => [...xs].sort();

describe('the clerk workspace', () => {
  let a: Agency;
  let b: Agency;
  let sa: Awaited<ReturnType<typeof scenario>>;
  let sb: Awaited<ReturnType<typeof scenario>>;
  let wa: Workspace;
  let wb: Workspace;

  beforeAll(async () => {
    a = await agencyWithCustomer('工作台甲');
    b = await agencyWithCustomer('工作台乙');
    sa = await scenario(a);
    sb = await scenario(b);
    wa = await agencyWorkspace(a.m, now);
    wb = await agencyWorkspace(b.m, now);
  });

  afterAll(async () => {
    if (made.length) await db().delete(orders).where(inArray(orders.id, made));
  });

  it('lists the orders waiting for payment with their pay-by time, soonest first', () => {
    expect(ids(wa.waiting)).toEqual([sa.waiting]);
    expect(wa.waiting[0]).toMatchObject({ payLimitAt: minutes(10).toISOString(), customer: '工作台甲客户' });
    expect(wa.serverNow).toBe(now.toISOString());
  });

  it("lists today's departures (a 改签's new train included, nobody-travels and cancelled ones not) and today's issues", () => {
    expect(wa.today).toBe(today);
    expect(wa.departures.map((d) => [d.orderId, d.trainCode, d.changed])).toEqual([
      [sa.departsToday, 'G1', false],
      [sa.changed, 'G7', true],
    ]);
    expect(ids(wa.issued)).toEqual(sorted(sa.departsToday, sa.issuedTomorrow));
    expect(wa.issued.find((r) => r.orderId === sa.departsToday)?.tickets).toBe(1);
  });

  it('lists the failures that need action: a recent failed hold, a failed refund not retried, stuck orders', () => {
    const kinds = wa.failures.map((f) => [f.orderId, f.kind]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        [sa.holdFailed, 'hold_failed'],
        [sa.departsToday, 'refund_failed'],
        [sa.lateUnpaid, 'stuck'],
        [sa.issuing, 'stuck'],
      ]),
    );
    expect(kinds).toHaveLength(4);
    expect(wa.failures.find((f) => f.kind === 'hold_failed')?.detail).toBeTruthy();
  });

  it("never shows another agency's orders", () => {
    const mine = Object.values(sa);
    const theirs = Object.values(sb);
    for (const w of [wa, wb]) {
      const shown = [...w.waiting, ...w.departures, ...w.issued, ...w.failures].map((r) => r.orderId);
      const other = w === wa ? theirs : mine;
      expect(shown.filter((id) => other.includes(id))).toEqual([]);
      expect(shown.length).toBeGreaterThan(0);
    }
    expect(ids(wb.waiting)).toEqual([sb.waiting]);
    expect(ids(wb.issued)).toEqual(sorted(sb.departsToday, sb.issuedTomorrow));
  });
});
