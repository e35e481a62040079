/**
 * The order service against the real sandbox over HTTP (harness: ./testing.ts). After every scenario
 * the auditor checks the invariants.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orderTickets, paymentRefunds, payments, providerCallbacks } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { createBookingDef } from '@/lib/orders/create';
import { boss, stopJobs } from '@/lib/jobs';
import { DEFAULT_PAYMENT_MERCHANT_ID, DEFAULT_PAYMENT_SECRET_KEY, signFields } from '@/lib/payments';
import { callbackSign } from '@/protocol/panhe/sign';
import { SECRET_KEY } from '@/sandbox/testing.int';
import type { RunningSandbox } from '@/sandbox/server';
import { receiveCallback } from './callbacks';
import { cancelByUser } from './operations';
import { startPayment } from './payments';
import { receivePaymentNotification } from '@/lib/root/payments';
import { providerClientFromEnv } from '@/lib/provider/adapters/panhe/client';

const orderProviderClient = () => providerClientFromEnv();
import {
  book as bookOrder,
  control,
  expectClean as auditClean,
  orderRow,
  passenger as addPassenger,
  payAtGateway as pay,
  harnessForFile,
  until,
  waitStatus,
  bookingInput,
} from './harness.int';
import { registerWorkers } from '@/lib/root/jobs';

const h = harnessForFile();
let sandbox: RunningSandbox;
let user: SessionUser;
let mine: string[];

const book = (names: string[], train = 'G1', days = 4) => bookOrder(h, names, { train, days });
const passenger = (name: string) => addPassenger(h, name);
const payAtGateway = (orderId: string) => pay(h, orderId);
const expectClean = (ids = mine) => auditClean(ids);

beforeAll(() => {
  ({ sandbox, user, mine } = h);
});

describe('order service over the real sandbox', () => {
  it('books, holds by callback, pays only through a verified gateway notification, issues; audit clean', async () => {
    const id = await book(['王一', '王二']);
    await waitStatus(id, 2);
    const held = await orderRow(id);
    expect(held.paymentStatus).toBe('unpaid');
    expect(held.paidFen).toBe(0);
    await payAtGateway(id);
    await waitStatus(id, 8);
    const done = await orderRow(id);
    expect(done.paidFen).toBe(held.totalFen);
    expect(done.refundedFen).toBe(0);
    const tickets = await db().select().from(orderTickets).where(eq(orderTickets.orderId, id));
    expect(tickets.map((t) => t.status)).toEqual([8, 8]);
    expect(tickets.every((t) => /车厢/.test(t.seatNo ?? ''))).toBe(true);
    await expectClean([id]);
  });

  it("a child on an adult's ID is booked with the adult's name and ID (FAQ §10); 无座 is never booked directly, 接受无座 only with the lowest class", async () => {
    const adult = await passenger('陈大');
    const child = await passenger('陈小');
    const r = await runGuarded(
      createBookingDef,
      user,
      bookingInput(5, {
        passengers: [
          { passengerId: adult, ticketType: 1 },
          { passengerId: child, ticketType: 2, onAdultId: adult },
        ],
      }),
    );
    if (!r.ok) throw new Error(r.message);
    mine.push(r.data.orderId);
    await waitStatus(r.data.orderId, 2);
    const o = await orderRow(r.data.orderId);
    const d = await orderProviderClient().orderDetail(o.providerOrderNo!);
    expect(d.trainTickets.map((t) => [t.name, t.ticketType]).sort()).toEqual([
      ['陈大', 1],
      ['陈大', 2],
    ]);
    expect(new Set(d.trainTickets.map((t) => t.cardNo)).size).toBe(1);
    const ours = await db().select().from(orderTickets).where(eq(orderTickets.orderId, o.id));
    expect(ours.map((t) => [t.passengerName, t.idName, t.status]).sort()).toEqual([
      ['陈大', '陈大', 2],
      ['陈小', '陈大', 2],
    ]);

    const standing = await runGuarded(
      createBookingDef,
      user,
      bookingInput(5, {
        seatType: 98,
        passengers: [{ passengerId: await passenger('陈无座'), ticketType: 1 }],
      }),
    );
    expect(standing).toMatchObject({ ok: false, fieldErrors: { seatType: ['无座不能直接预订。'] } });

    // FAQ §8: 接受无座 applies to the lowest seated class only (二等座 on G1); on 一等座 it is refused.
    const firstClass = await runGuarded(
      createBookingDef,
      user,
      bookingInput(5, {
        seatType: 3,
        acceptStanding: true,
        passengers: [{ passengerId: await passenger('陈一等'), ticketType: 1 }],
      }),
    );
    expect(firstClass).toMatchObject({
      ok: false,
      fieldErrors: { acceptStanding: [expect.stringMatching(/最低座次（二等座）/)] },
    });
  });

  it('a replayed or tampered-but-signed callback changes nothing; a forged sign is refused', async () => {
    const id = await book(['赵一']);
    await waitStatus(id, 2);
    await payAtGateway(id);
    await waitStatus(id, 8);
    const before = await orderRow(id);
    const ticketsBefore = await db().select().from(orderTickets).where(eq(orderTickets.orderId, id));
    const orderNo = before.providerOrderNo!;
    const sign = callbackSign(SECRET_KEY, orderNo);
    // A real 订单详情 as the provider sends it, then tampered: the sign still verifies (it covers only
    // the order number), the statuses and amounts are lies.
    const wireDetail = (await orderProviderClient().orderDetail(orderNo)) as unknown as Record<string, unknown>;
    const tickets = wireDetail.trainTickets as Record<string, unknown>[];
    const tampered = {
      ...wireDetail,
      customerOrderNo: 'SOMEONE-ELSE',
      orderAmount: (before.totalFen + 10_000) / 100,
      trainTickets: tickets.map((t) => ({ ...t, ticketStatus: 21, refundTicketAmount: 999, seatNo: '01车厢,01A座' })),
      eventType: 'refund',
      sign,
    };
    const out = await receiveCallback('refund', JSON.stringify(tampered));
    expect(out).toMatchObject({ status: 200, verdict: 'no_change' });
    const replay = await receiveCallback(
      'order',
      JSON.stringify({ ...wireDetail, orderStatus: 2, eventType: 'order.hold', sign }),
    );
    expect(replay).toMatchObject({ status: 200, verdict: 'no_change' });
    const forged = await receiveCallback('order', JSON.stringify({ ...tampered, sign: 'f'.repeat(32) }));
    expect(forged).toMatchObject({ status: 401, verdict: 'bad_sign' });
    const after = await orderRow(id);
    expect(after.totalFen).toBe(before.totalFen);
    expect(after.status).toBe(8);
    expect(after.refundedFen).toBe(0);
    expect(after.providerOrderNo).toBe(orderNo);
    expect(await db().select().from(orderTickets).where(eq(orderTickets.orderId, id))).toEqual(ticketsBefore);
    const logged = await db()
      .select({ raw: providerCallbacks.raw, verdict: providerCallbacks.verdict })
      .from(providerCallbacks)
      .where(eq(providerCallbacks.providerOrderNo, orderNo));
    expect(logged.map((l) => l.verdict)).toEqual(expect.arrayContaining(['no_change', 'bad_sign']));
    for (const l of logged) {
      expect(l.raw).not.toContain(sign);
      expect(l.raw).not.toContain('f'.repeat(32));
    }
    await expectClean([id]);
  });

  it('pay racing cancel: either issued and paid, or cancelled with every fen back', async () => {
    const ids = [await book(['钱一']), await book(['钱二']), await book(['钱三'])];
    for (const id of ids) await waitStatus(id, 2);
    await Promise.all(
      ids.map(async (id) => {
        await startPayment(id, user.id);
        const [p] = await db().select().from(payments).where(eq(payments.orderId, id));
        await Promise.allSettled([
          control(sandbox, 'POST', `payments/${p!.paymentNo}/pay`, {}),
          cancelByUser(id, user.id),
        ]);
      }),
    );
    for (const id of ids) {
      // Settled: the order is final, the gateway's payment has been heard of, and every refund is done.
      await until(async () => {
        const o = await orderRow(id);
        const pays = await db().select({ status: payments.status }).from(payments).where(eq(payments.orderId, id));
        const refunds = await db()
          .select({ status: paymentRefunds.status })
          .from(paymentRefunds)
          .where(eq(paymentRefunds.orderId, id));
        return (
          (o.status === 8 || o.status === 5) &&
          pays.every((p) => p.status !== 'pending') &&
          refunds.every((r) => r.status === 'succeeded')
        );
      }, 30_000);
      const o = await orderRow(id);
      if (o.status === 8) expect(o.paidFen).toBe(o.totalFen);
      else expect(o.refundedFen).toBe(o.paidFen);
    }
    await expectClean(ids);
  });

  it('a confirm whose answer was lost is resolved by reading 订单详情, never confirmed twice', async () => {
    const id = await book(['孙一']);
    await waitStatus(id, 2);
    const { balanceFen: before } = await control<{ balanceFen: number }>(sandbox, 'GET', 'balance');
    await stopJobs(); // the worker dies right after sending 确认出票, before it hears the answer:
    await payAtGateway(id);
    await until(async () => (await orderRow(id)).paymentStatus === 'paid', 15_000, 'payment applied');
    const o = await orderRow(id);
    await orderProviderClient().confirmOrder(o.providerOrderNo!, o.totalFen / 100);
    await registerWorkers(await boss({ worker: true }), { concurrency: 4 });
    await waitStatus(id, 8, 30_000);
    const { balanceFen: after } = await control<{ balanceFen: number }>(sandbox, 'GET', 'balance');
    expect(before - after).toBe(o.totalFen); // debited once
    await expectClean([id]);
  });

  it('a payment applied while no worker runs is confirmed when one starts (crash after payment)', async () => {
    await stopJobs();
    const id = await book(['周一']);
    await waitStatus(id, 2);
    await payAtGateway(id);
    await until(async () => (await orderRow(id)).paymentStatus === 'paid', 15_000, 'payment applied');
    expect((await orderRow(id)).status).toBe(2);
    await registerWorkers(await boss({ worker: true }), { concurrency: 4 });
    await waitStatus(id, 8, 30_000);
    await expectClean([id]);
  });

  it('duplicate notifications count once; a signed notification with another amount changes nothing', async () => {
    const id = await book(['吴一']);
    await waitStatus(id, 2);
    await control(sandbox, 'POST', 'faults', { paymentNotifyDuplicate: true });
    let paymentNo: string;
    try {
      paymentNo = await payAtGateway(id);
      await waitStatus(id, 8);
    } finally {
      await control(sandbox, 'DELETE', 'faults');
    }
    const o = await orderRow(id);
    expect(o.paidFen).toBe(o.totalFen);
    // Signed with the right key, for the right payment, but another amount.
    const fields = {
      merchantId: DEFAULT_PAYMENT_MERCHANT_ID,
      notifyType: 'payment',
      notifyId: 'N-FAKE',
      paymentNo,
      gatewayTradeNo: 'T-FAKE',
      amountFen: String(o.totalFen + 100),
      eventAt: new Date().toISOString(),
      status: 'paid',
    };
    const body = new URLSearchParams({ ...fields, sign: signFields(DEFAULT_PAYMENT_SECRET_KEY, fields) }).toString();
    const out = await receivePaymentNotification(body, 'application/x-www-form-urlencoded');
    expect(['amount_mismatch', 'no_change', 'invalid']).toContain(out.verdict);
    expect((await orderRow(id)).paidFen).toBe(o.totalFen);
    await expectClean([id]);
  });
});
