/**
 * Issue 30: two legs booked as one trip, against the real sandbox over HTTP (provider and payment
 * gateway), the worker's handlers on pg-boss in this process. A round trip G1 北京南→上海 then G2
 * 上海→北京南 the next day: the second hold failing cancels the first with nothing charged; both held
 * are paid with ONE gateway payment and both issued; a replayed notification changes nothing; a
 * refund of one leg goes back against that one payment; another traveller's trip id is refused.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orders, orderTickets, paymentRefunds, payments, trips } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { TRIP_STATUS } from '@/lib/domain/trips';
import { ORDER_STATUS } from '@/lib/domain/states';
import { DEFAULT_PAYMENT_MERCHANT_ID, DEFAULT_PAYMENT_SECRET_KEY, signFields } from '@/lib/payments';
import { receivePaymentNotification } from '@/lib/root/payments';
import { startPaymentDef } from '@/lib/orders/defs';
import { requestRefunds } from '@/lib/orders/refunds';
import {
  control,
  daysAhead,
  expectClean,
  harnessForFile,
  newTraveller,
  orderRow,
  passenger,
  refundsUnderWay,
  until,
  waitStatus,
} from '@/lib/orders/harness.int';
import { createTripDef, newTripRequestNo } from './create';
import { startTripPaymentDef, tripViewDef } from './defs';
import { tripNoteOfOrder } from './views';
import { searchTrains } from '@/lib/search/search';
import { cityOfStation } from '@/lib/stations';

const h = harnessForFile();

const tripRow = async (id: string) => (await db().select().from(trips).where(eq(trips.id, id)))[0]!;
const legsOf = async (id: string) =>
  (await db().select().from(orders).where(eq(orders.tripId, id))).sort((a, b) => (a.tripLeg ?? 0) - (b.tripLeg ?? 0));

async function waitTrip(id: string, status: string, ms = 30_000) {
  try {
    await until(async () => (await tripRow(id)).status === status, ms, `trip ${id} ${status}`);
  } catch (e) {
    const t = await tripRow(id);
    const legs = await legsOf(id);
    throw new Error(
      `${(e as Error).message}: it is ${t.status} (${t.failureReason ?? '-'}); legs ${legs.map((o) => `${o.status}/${o.paymentStatus}/${o.failureReason ?? '-'}`).join(', ')}`,
    );
  }
}

/** A round trip: G1 北京南→上海 `days` ahead, G2 上海→北京南 the day after, 二等座, for these passengers. */
async function bookRound(days: number, names: string[]) {
  for (const [train, d] of [
    ['G1', days],
    ['G2', days + 1],
  ] as const)
    await control(h.sandbox, 'POST', 'release', { trainCode: train, date: daysAhead(d), seatType: 4, count: 1000 });
  const passengers = await Promise.all(names.map(async (n) => ({ passengerId: await passenger(h, n), ticketType: 1 })));
  const r = await runGuarded(createTripDef, h.user, {
    requestNo: newTripRequestNo(),
    kind: 'round',
    legs: [
      { trainCode: 'G1', fromStation: '北京南', toStation: '上海', date: daysAhead(days), seatType: 4 },
      { trainCode: 'G2', fromStation: '上海', toStation: '北京南', date: daysAhead(days + 1), seatType: 4 },
    ],
    passengers,
    contactMobile: '13800138000',
  });
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  const legs = await legsOf(r.data.tripId);
  h.mine.push(...legs.map((o) => o.id));
  return { tripId: r.data.tripId, legs };
}

async function payTrip(tripId: string): Promise<string> {
  const r = await runGuarded(startTripPaymentDef, h.user, { tripId });
  if (!r.ok) throw new Error(r.message);
  const [p] = await db().select().from(payments).where(eq(payments.tripId, tripId));
  await control(h.sandbox, 'POST', `payments/${p!.paymentNo}/pay`, {});
  return p!.paymentNo;
}

describe('a trip of two legs', () => {
  it('the second hold fails: the first is cancelled at the provider, nothing is paid or charged', async () => {
    const days = 9;
    await control(h.sandbox, 'POST', 'release', {
      trainCode: 'G2',
      date: daysAhead(days + 1),
      seatType: 4,
      count: 1000,
    });
    // G2 sold out in 二等座 the day of the return: its hold fails at the provider.
    const passengers = [{ passengerId: await passenger(h, '赵联一'), ticketType: 1 }];
    await control(h.sandbox, 'POST', 'soldout', { trainCode: 'G2', date: daysAhead(days + 1), seatType: 4 });
    let tripId: string;
    try {
      const r = await runGuarded(createTripDef, h.user, {
        requestNo: newTripRequestNo(),
        kind: 'round',
        legs: [
          { trainCode: 'G1', fromStation: '北京南', toStation: '上海', date: daysAhead(days), seatType: 4 },
          { trainCode: 'G2', fromStation: '上海', toStation: '北京南', date: daysAhead(days + 1), seatType: 4 },
        ],
        passengers,
        contactMobile: '13800138000',
      });
      if (!r.ok) throw new Error(r.message);
      tripId = r.data.tripId;
      h.mine.push(...(await legsOf(tripId)).map((o) => o.id));
      await waitTrip(tripId, TRIP_STATUS.FAILED);
    } finally {
      await control(h.sandbox, 'POST', 'release', {
        trainCode: 'G2',
        date: daysAhead(days + 1),
        seatType: 4,
        count: 1000,
      });
    }
    const [leg1, leg2] = await legsOf(tripId);
    expect(leg2!.status).toBe(ORDER_STATUS.HOLD_FAILED);
    // The first leg: cancelled at the provider (it had been held), never paid.
    await waitStatus(leg1!.id, ORDER_STATUS.CANCELLED, 30_000);
    const trip = await tripRow(tripId);
    expect(trip.failureReason).toContain('第2程 G2 占座失败');
    expect(trip.failureReason).toContain('未扣款');
    const l1 = await orderRow(leg1!.id);
    expect([l1.paidFen, l1.refundedFen, trip.paidFen]).toEqual([0, 0, 0]);
    expect(await db().select().from(payments).where(eq(payments.tripId, tripId))).toEqual([]);
    // Nothing to pay: 去支付 is refused in words, a 4xx.
    const pay = await runGuarded(startTripPaymentDef, h.user, { tripId });
    expect(pay).toMatchObject({ ok: false, code: 'conflict' });
    await expectClean(h.mine);
  });

  it('both held: ONE gateway payment pays both legs their share, both are issued; a replay changes nothing', async () => {
    const { tripId, legs } = await bookRound(6, ['钱联一', '钱联二']);
    await waitTrip(tripId, TRIP_STATUS.HELD);
    // A leg is never paid on its own.
    const alone = await runGuarded(startPaymentDef, h.user, { orderId: legs[0]!.id });
    expect(alone).toMatchObject({ ok: false, code: 'conflict' });
    expect(!alone.ok && alone.message).toContain('行程页统一支付');
    const [a, b] = await legsOf(tripId);
    const total = a!.totalFen + b!.totalFen;
    const paymentNo = await payTrip(tripId);
    await waitTrip(tripId, TRIP_STATUS.ISSUED);
    const whole = await db().select().from(payments).where(eq(payments.paymentNo, paymentNo));
    expect(whole).toHaveLength(1);
    expect(whole[0]).toMatchObject({ amountFen: total, status: 'paid', orderId: null, tripId });
    // The only payments: the one at the gateway and its two shares, each exactly its leg's total.
    const all = await db().select().from(payments).where(eq(payments.tripId, tripId));
    expect(all).toHaveLength(3);
    for (const leg of [a!, b!]) {
      const o = await orderRow(leg.id);
      expect(o.status).toBe(ORDER_STATUS.ISSUED);
      expect(o.paidFen).toBe(leg.totalFen);
      const share = all.filter((p) => p.orderId === leg.id);
      expect(share).toHaveLength(1);
      expect(share[0]).toMatchObject({ shareOfPaymentId: whole[0]!.id, amountFen: leg.totalFen, status: 'paid' });
    }
    const gw = await control<{ payment: { amountFen: number } }>(h.sandbox, 'GET', `payments/${paymentNo}`);
    expect(gw.payment.amountFen).toBe(total);

    // The same verified notification again: nothing changes twice.
    const fields = {
      merchantId: DEFAULT_PAYMENT_MERCHANT_ID,
      notifyType: 'payment',
      notifyId: 'N-TRIP-REPLAY',
      paymentNo,
      gatewayTradeNo: whole[0]!.gatewayTradeNo ?? 'T-REPLAY',
      amountFen: String(total),
      eventAt: new Date().toISOString(),
      status: 'paid',
    };
    const body = new URLSearchParams({ ...fields, sign: signFields(DEFAULT_PAYMENT_SECRET_KEY, fields) }).toString();
    const out = await receivePaymentNotification(body, 'application/x-www-form-urlencoded');
    expect(out.verdict).toBe('no_change');
    expect(await db().select().from(payments).where(eq(payments.tripId, tripId))).toHaveLength(3);
    expect((await tripRow(tripId)).paidFen).toBe(total);
    expect((await orderRow(a!.id)).paidFen).toBe(a!.totalFen);

    // The page's view: both legs, one paid total, nothing left to pay.
    const view = await runGuarded(tripViewDef, h.user, { tripId });
    expect(view.ok && view.data.legs.map((l) => l.statusLabel)).toEqual(['出票成功', '出票成功']);
    expect(view.ok && view.data.canPay).toBe(false);
    await expectClean(h.mine);

    // Refunding one leg: its money goes back against the trip's one gateway payment.
    const tickets = await db().select().from(orderTickets).where(eq(orderTickets.orderId, b!.id));
    // (12306 takes no refund in the first minutes after issue: the sandbox's clock moves on.)
    await control(h.sandbox, 'POST', 'clock', { advanceMinutes: 6 });
    try {
      const asked = await requestRefunds(
        await orderRow(b!.id),
        tickets.slice(0, 1).map((t) => t.id),
        h.user.id,
      );
      expect(asked).toEqual([expect.objectContaining({ ok: true })]);
      await until(
        async () => (await orderRow(b!.id)).refundedFen > 0 && !(await refundsUnderWay([b!.id])),
        30_000,
        'leg 2 refund',
      );
    } finally {
      await control(h.sandbox, 'POST', 'clock', { reset: true });
    }
    const back = await db().select().from(paymentRefunds).where(eq(paymentRefunds.orderId, b!.id));
    expect(back.length).toBeGreaterThan(0);
    const gw2 = await control<{ refundedFen: number }>(h.sandbox, 'GET', `payments/${paymentNo}`);
    expect(gw2.refundedFen).toBe((await orderRow(b!.id)).refundedFen);
    await expectClean(h.mine);
  });

  it('one leg refused at 确认出票: it is paid back through its own refund path, the trip shows 部分出票', async () => {
    const { tripId } = await bookRound(10, ['周联一']);
    await waitTrip(tripId, TRIP_STATUS.HELD);
    const [a, b] = await legsOf(tripId);
    // The distributor's balance covers either leg but not both: whichever 确认出票 comes second is
    // refused (212 余额不足).
    const { balanceFen: before } = await control<{ balanceFen: number }>(h.sandbox, 'GET', 'balance');
    await control(h.sandbox, 'POST', 'balance', { balanceFen: a!.totalFen + b!.totalFen - 1 });
    try {
      await payTrip(tripId);
      await waitTrip(tripId, TRIP_STATUS.PARTIAL);
    } finally {
      await control(h.sandbox, 'POST', 'balance', { balanceFen: before });
    }
    const legs = await Promise.all([a!, b!].map((o) => orderRow(o.id)));
    expect(legs.filter((o) => o.status === ORDER_STATUS.ISSUED)).toHaveLength(1);
    const refused = legs.find((o) => o.status !== ORDER_STATUS.ISSUED)!;
    expect(refused.paidFen).toBe(refused.totalFen);
    await until(async () => !(await refundsUnderWay([refused.id])), 30_000, 'refused leg paid back');
    expect((await orderRow(refused.id)).refundedFen).toBe(refused.paidFen);
    const view = await runGuarded(tripViewDef, h.user, { tripId });
    expect(view.ok && view.data.statusLabel).toBe('部分出票');
    await expectClean(h.mine);
  });

  it('a 中转 journey: G1 to 上海, then on from the same station (or city), held together, the connection stated', async () => {
    const date = daysAhead(8);
    await control(h.sandbox, 'POST', 'release', { trainCode: 'G1', date, seatType: 4, count: 1000 });
    const [g1] = (await searchTrains('北京南', '上海', date)).offers.filter((o) => o.trainCode === 'G1');
    expect(g1).toBeDefined();
    // A train on from 上海 (or another 上海 station, with more time) to 杭州东 after G1 arrives.
    const onward = (await searchTrains('上海', '杭州东', date)).offers
      .filter((o) => o.seats.some((s) => s.seatType === 4 && s.left > 0))
      .filter((o) => {
        const gap = (o.departAt.getTime() - g1!.arriveAt.getTime()) / 60_000;
        return o.fromStation === g1!.toStation
          ? gap >= 25
          : cityOfStation(o.fromStation) === cityOfStation(g1!.toStation) && gap >= 70;
      })
      .sort((a, b) => a.departAt.getTime() - b.departAt.getTime())[0];
    expect(onward, 'a train on from 上海 to 杭州东 that day').toBeDefined();
    const passengers = [{ passengerId: await passenger(h, '吴中转'), ticketType: 1 }];
    const r = await runGuarded(createTripDef, h.user, {
      requestNo: newTripRequestNo(),
      kind: 'transfer',
      legs: [
        { trainCode: 'G1', fromStation: '北京南', toStation: g1!.toStation, date, seatType: 4 },
        {
          trainCode: onward!.trainCode,
          fromStation: onward!.fromStation,
          toStation: onward!.toStation,
          date,
          seatType: 4,
        },
      ],
      passengers,
      contactMobile: '13800138000',
    });
    if (!r.ok) throw new Error(r.message);
    h.mine.push(...(await legsOf(r.data.tripId)).map((o) => o.id));
    await waitTrip(r.data.tripId, TRIP_STATUS.HELD);
    const view = await runGuarded(tripViewDef, h.user, { tripId: r.data.tripId });
    if (!view.ok) throw new Error(view.message);
    const minutes = Math.round((onward!.departAt.getTime() - g1!.arriveAt.getTime()) / 60_000);
    expect(view.data.connection).toMatchObject({ minutes, sameStation: onward!.fromStation === g1!.toStation });
    expect(view.data.canPay).toBe(true);
    const t = await tripRow(r.data.tripId);
    const legs = await legsOf(r.data.tripId);
    expect(t.totalFen).toBe(legs[0]!.totalFen + legs[1]!.totalFen);
    expect(t.payLimitAt!.getTime()).toBe(Math.min(...legs.map((o) => o.payLimitAt!.getTime())));
    await payTrip(r.data.tripId);
    await waitTrip(r.data.tripId, TRIP_STATUS.ISSUED);
    await expectClean(h.mine);
  });

  it("another traveller's trip id is refused (404), and so is a malformed one", async () => {
    const { tripId, legs } = await bookRound(7, ['孙联一']);
    // Each leg's order page knows its trip: the refund and 改签 dialogs warn about the other leg.
    const note = await tripNoteOfOrder(legs[0]!.id);
    expect(note).toMatchObject({ tripId, leg: 1, other: { leg: 2, trainCode: 'G2' } });
    expect(note!.warning).toContain('第2程 G2 上海→北京南');
    const other = await newTraveller('trip-other');
    expect(await runGuarded(tripViewDef, other, { tripId })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await runGuarded(startTripPaymentDef, other, { tripId })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await runGuarded(tripViewDef, other, { tripId: 'nope' })).toMatchObject({ ok: false, code: 'validation' });
    // The owner sees it.
    expect(await runGuarded(tripViewDef, h.user, { tripId })).toMatchObject({ ok: true });
  });

  it('refuses legs that cannot make one trip, in plain words (4xx)', async () => {
    const passengers = [{ passengerId: await passenger(h, '李联一'), ticketType: 1 }];
    const r = await runGuarded(createTripDef, h.user, {
      requestNo: newTripRequestNo(),
      kind: 'transfer',
      legs: [
        { trainCode: 'G1', fromStation: '北京南', toStation: '上海', date: daysAhead(8), seatType: 4 },
        { trainCode: 'G1', fromStation: '北京南', toStation: '上海', date: daysAhead(8), seatType: 4 },
      ],
      passengers,
      contactMobile: '13800138000',
    });
    expect(r).toMatchObject({ ok: false, code: 'validation' });
    expect(!r.ok && r.message).toContain('第二程应从 上海');
    const bad = await runGuarded(createTripDef, h.user, { kind: 'weird', legs: [] });
    expect(bad).toMatchObject({ ok: false, code: 'validation' });
  });
});
