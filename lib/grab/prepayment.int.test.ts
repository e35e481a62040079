/**
 * A grab's prepayment against the real sandbox (lib/orders/harness.int.ts), for the defects of issue 23:
 * a sleeper grab prepaid the headline (upper-berth) fare while the provider may hold a dearer berth; a
 * hold the grab would not pay stayed in the traveller's trips with a 去支付 link; and an order the
 * grab had given up, once paid by hand, made the grab 抢票成功 while the prepayment stayed with it.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { grabAttempts, grabOrders, orders, payments } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/roles';
import { searchOffers } from '@/lib/search/search';
import { dearestFareFen } from '@/lib/domain/grab';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { GRAB_STATUS, ORDER_STATUS } from '@/lib/domain/states';
import { startPayment } from '@/lib/orders/payments';
import {
  daysAhead,
  expectClean,
  issuedOrder,
  newTraveller,
  orderRow,
  savedAdult,
  harnessForFile,
  until,
} from '@/lib/orders/harness.int';
import { onGrabOrder } from './engine';
import { grabRow, newGrab, payGrab, waitGrab, type GrabAlternate } from './harness.int';
import { cancelGrab } from './orders';

vi.hoisted(() => {
  process.env.SEARCH_CACHE_TTL_MS = '1000';
  process.env.GRAB_SEARCH_INTERVAL_MS = '1000';
  process.env.GRAB_RETRY_SKIP_SECONDS = '600';
});

const h = harnessForFile();
const date = daysAhead(10);

const createGrab = (user: SessionUser, names: string[], alt: Omit<GrabAlternate, 'date'>) =>
  newGrab(user, names, [{ ...alt, date }], `${daysAhead(9)}T12:00`);

/** A new traveller's grab for one passenger, G1 北京南 → 上海 一等座. */
async function firstClassGrab(tag: string, name: string) {
  const user = await newTraveller(tag);
  const grabId = await createGrab(user, [name], {
    trainCode: 'G1',
    fromStation: '北京南',
    toStation: '上海',
    seatType: SEAT_TYPE.FIRST,
  });
  return { user, grabId };
}

describe('a grab prepays what it can end up paying, and keeps nothing it does not use', () => {
  it('a sleeper grab prepays the dearest berth for every passenger, succeeds, and pays the difference back', async () => {
    const sleeper = (await searchOffers('北京', '上海', date)).find((t) =>
      t.seats.some((s) => s.seatType === SEAT_TYPE.HARD_SLEEPER && s.left >= 2 && s.berths.length === 3),
    )!;
    const seat = sleeper.seats.find((s) => s.seatType === SEAT_TYPE.HARD_SLEEPER)!;
    expect(dearestFareFen(seat)).toBeGreaterThan(seat.priceFen); // the headline is the upper berth
    const user = await newTraveller('grabberth');
    const grabId = await createGrab(user, ['铺甲', '铺乙'], {
      trainCode: sleeper.trainCode,
      fromStation: sleeper.fromStation,
      toStation: sleeper.toStation,
      seatType: SEAT_TYPE.HARD_SLEEPER,
    });
    expect((await grabRow(grabId)).prepaidFen).toBe(dearestFareFen(seat) * 2);
    await payGrab(h, user, grabId);
    await waitGrab(grabId, GRAB_STATUS.SUCCEEDED, '抢票成功');
    const g = await grabRow(grabId);
    const o = await until(async () => {
      const row = await orderRow(g.resultOrderId!);
      return row.refundedFen === g.prepaidFen - row.totalFen && row;
    }, 30_000);
    expect(o.paidFen - o.refundedFen).toBe(o.totalFen);
    await expectClean([o.id]);
  }, 90_000);

  it('a hold dearer than the prepayment is given back at once, cannot be paid by hand, and the grab goes on', async () => {
    const { user, grabId } = await firstClassGrab('grabdear', '贵甲');
    // The fare rose after the grab was created (浮动票价): its prepayment no longer covers the hold.
    await db().update(grabOrders).set({ prepaidFen: 100 }).where(eq(grabOrders.id, grabId));
    await payGrab(h, user, grabId);
    const attempt = await until(
      async () => {
        const [a] = await db().select().from(grabAttempts).where(eq(grabAttempts.grabOrderId, grabId));
        return a?.outcome === 'failed' && a;
      },
      30_000,
      'attempt given up',
    );
    // Cancelled at the provider now, not left HELD until its pay-by time (10 minutes on).
    const given = await until(
      async () => {
        const o = await orderRow(attempt.orderId!);
        return o.status === ORDER_STATUS.CANCELLED && o;
      },
      30_000,
      'hold cancelled',
    );
    expect(given.paidFen).toBe(0);
    await expect(startPayment(given.id, user.id)).rejects.toThrow();
    expect((await grabRow(grabId)).status).toBe(GRAB_STATUS.GRABBING);
    expect((await grabRow(grabId)).currentOrderId).toBeNull();
    // Every path out returns what the grab holds.
    await cancelGrab(grabId, user.id);
    await until(async () => (await grabRow(grabId)).refundedFen === 100, 30_000, 'prepayment back');
    await expectClean([given.id]);
  }, 90_000);

  it('an issued order the grab did not pay for is not the grab’s success and takes none of its money', async () => {
    const { user, grabId } = await firstClassGrab('grabforeign', '外甲');
    // Before the grab is paid (so its engine does not run), an order of the same traveller, paid by
    // hand and issued, arrives linked to it (as a given-up hold paid through the cashier once could).
    const foreign = await issuedOrder(h, [], {
      user,
      days: 10,
      passengers: [{ passengerId: await savedAdult(user, '外乙'), ticketType: 1 }],
    });
    await db().update(orders).set({ grabOrderId: grabId }).where(eq(orders.id, foreign));
    await db()
      .update(grabOrders)
      .set({ status: GRAB_STATUS.GRABBING, currentOrderId: foreign })
      .where(eq(grabOrders.id, grabId));
    await onGrabOrder(grabId, foreign);
    const g = await grabRow(grabId);
    expect(g.status).toBe(GRAB_STATUS.GRABBING);
    expect(g.resultOrderId).toBeNull();
    expect(g.currentOrderId).toBeNull();
    expect(
      await db()
        .select()
        .from(payments)
        .where(and(eq(payments.grabOrderId, grabId), eq(payments.orderId, foreign))),
    ).toEqual([]);
  }, 90_000);
});
