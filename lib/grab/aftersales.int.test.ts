/**
 * After 抢票成功 the grab's tickets behave like any other order's (refund, change) and the grab follows
 * them with the dictionary's T 已退票 and E 已改签 (lib/domain/grab.ts grabAfterSalesStatus), over the
 * real sandbox (lib/orders/harness.int.ts): the order service wakes the grab when a ticket of its
 * result order is refunded or changed; the grab moves only forward, with an event; both auditors
 * (audit() includes the grabs' invariants) stay green.
 */
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { changeOrders, grabEvents, orderTickets, ticketRefunds, type GrabOrder } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/roles';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { GRAB_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { applyForChange, changeSearch, confirmChangeByUser } from '@/lib/orders/changes';
import {
  control,
  daysAhead,
  expectClean,
  newTraveller,
  orderRow,
  harnessForFile,
  until,
} from '@/lib/orders/harness.int';
import { requestRefunds } from '@/lib/orders/refunds';
import { onGrabOrder } from './engine';
import { grabRow, newGrab, payGrab, waitGrab } from './harness.int';

vi.hoisted(() => {
  process.env.SEARCH_CACHE_TTL_MS = '1000';
  process.env.GRAB_SEARCH_INTERVAL_MS = '1000';
});

const h = harnessForFile();
const date = daysAhead(9);

const ticketsOf = (orderId: string) =>
  db().select().from(orderTickets).where(eq(orderTickets.orderId, orderId)).orderBy(asc(orderTickets.position));

/** A grab on G1 一等座 (seats left): created, paid, 抢票成功 with its order issued. */
async function succeededGrab(names: string[]): Promise<{ user: SessionUser; grab: GrabOrder }> {
  const user = await newTraveller('grabafter');
  const grabId = await newGrab(
    user,
    names,
    [{ trainCode: 'G1', fromStation: '北京南', toStation: '上海', date, seatType: SEAT_TYPE.FIRST }],
    `${daysAhead(8)}T12:00`,
  );
  await payGrab(h, user, grabId);
  await waitGrab(grabId, GRAB_STATUS.SUCCEEDED, '抢票成功');
  return { user, grab: await grabRow(grabId) };
}

async function refund(user: SessionUser, orderId: string, ticketId: string) {
  const results = await requestRefunds(await orderRow(orderId), [ticketId], user.id);
  expect(results, JSON.stringify(results)).toEqual([expect.objectContaining({ ok: true })]);
  await until(
    async () => {
      const [r] = await db().select().from(ticketRefunds).where(eq(ticketRefunds.ticketId, ticketId));
      return r?.status === 21;
    },
    30_000,
    'refund 21',
  );
}

const grabMoves = async (id: string) =>
  (await db().select().from(grabEvents).where(eq(grabEvents.grabOrderId, id)).orderBy(asc(grabEvents.id)))
    .filter((e) => e.kind === 'grab' && e.fromStatus !== null && e.fromStatus !== e.toStatus)
    .map((e) => `${e.fromStatus}>${e.toStatus}`);

describe('a grab after 抢票成功', () => {
  it('all its tickets refunded: F → T 已退票; the refund is the order’s money like any other', async () => {
    const { user, grab } = await succeededGrab(['退抢甲']);
    // Refunds are refused within 5 minutes of issue (309): past that on the sandbox clock.
    await control(h.sandbox, 'POST', 'clock', { advanceMinutes: 6 });
    const [t] = await ticketsOf(grab.resultOrderId!);
    await refund(user, grab.resultOrderId!, t!.id);
    await waitGrab(grab.id, GRAB_STATUS.REFUNDED, '已退票');
    expect(await grabMoves(grab.id)).toEqual(['N>D', 'D>F', 'F>T']);
    await until(async () => (await orderRow(grab.resultOrderId!)).refundedFen > 0, 30_000, 'ticket refund paid back');
    await expectClean([grab.resultOrderId!]);
  }, 90_000);

  it('mixed: one passenger refunded keeps F, the other changed makes E, their new ticket refunded makes T', async () => {
    const { user, grab } = await succeededGrab(['混抢甲', '混抢乙']);
    await control(h.sandbox, 'POST', 'clock', { advanceMinutes: 6 });
    const orderId = grab.resultOrderId!;
    const [first, second] = await ticketsOf(orderId);

    // A partial refund: the grab is woken and stays 抢票成功 (the other passenger still travels on it).
    await refund(user, orderId, first!.id);
    await onGrabOrder(grab.id, orderId);
    expect((await grabRow(grab.id)).status).toBe(GRAB_STATUS.SUCCEEDED);

    // The other passenger changes to 二等座 on the next day (cheaper: confirmed without payment).
    const order = await orderRow(orderId);
    const g1 = (await changeSearch(order, daysAhead(10))).find((x) => x.trainCode === 'G1')!;
    const { changeId } = await applyForChange(
      order,
      { ticketIds: [second!.id], date: daysAhead(10), trainCode: 'G1', toStation: g1.toStation, seatType: 4 },
      user.id,
    );
    await until(
      async () => (await db().select().from(changeOrders).where(eq(changeOrders.id, changeId)))[0]?.status === 31,
      30_000,
      'change held',
    );
    await confirmChangeByUser(await orderRow(orderId), changeId, user.id);
    await waitGrab(grab.id, GRAB_STATUS.CHANGED, '已改签');
    const fresh = (await ticketsOf(orderId)).find((x) => x.replacesTicketId === second!.id)!;
    expect(fresh.status).toBe(TICKET_STATUS.ISSUED);

    // The changed ticket refunded too (again past the 5 minutes after its issue): nobody travels any more.
    await control(h.sandbox, 'POST', 'clock', { advanceMinutes: 6 });
    await refund(user, orderId, fresh.id);
    await waitGrab(grab.id, GRAB_STATUS.REFUNDED, '已退票 after 已改签');
    expect(await grabMoves(grab.id)).toEqual(['N>D', 'D>F', 'F>E', 'E>T']);
    // Nothing moves it back: T is final.
    await onGrabOrder(grab.id, orderId);
    expect((await grabRow(grab.id)).status).toBe(GRAB_STATUS.REFUNDED);
    await until(
      async () => {
        const o = await orderRow(orderId);
        const pending = await db().select().from(ticketRefunds).where(eq(ticketRefunds.orderId, orderId));
        return pending.every((r) => r.status === 21) && o.refundedFen > 0;
      },
      30_000,
      'refunds settled',
    );
    await expectClean([orderId]);
  }, 150_000);
});
