/**
 * Refunds and 改签 through the order service against the real sandbox over HTTP (harness.int.ts).
 * Every scenario ends with the auditor: money and seats agree with what the provider says.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { changeOrders, orderEvents, orderTickets, paymentRefunds, payments, ticketRefunds } from '@/db/schema';
import { TICKET_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { applyForChange, cancelChangeByUser, changeableTickets, confirmChangeByUser } from './changes';
import {
  control,
  daysAhead,
  expectClean,
  issuedOrder,
  newTraveller,
  orderRow,
  passenger,
  refundsUnderWay,
  changeRow,
  harnessForFile,
  heldChange,
  until,
} from './harness.int';
import { refundQuote, requestRefunds } from './refunds';
import {
  applyChangeDef,
  cancelChangeDef,
  confirmChangeDef,
  refundQuoteDef,
  requestRefundsDef,
} from './aftersales-actions';
import { runGuarded } from '@/lib/actions';

const h = harnessForFile();

const ticketsOf = (orderId: string) => db().select().from(orderTickets).where(eq(orderTickets.orderId, orderId));
const moveSandboxClock = (minutes: number) => control(h.sandbox, 'POST', 'clock', { advanceMinutes: minutes });

async function settledRefunds(orderId: string) {
  return until(
    async () => {
      // The order is read last: read first, it could predate a refund that settled between the reads.
      return !(await refundsUnderWay([orderId])) && (await orderRow(orderId));
    },
    30_000,
    'refunds settled',
  );
}

describe('退票', () => {
  it('within 5 minutes the provider refuses (309, in plain words); later the refund succeeds with the fee previewed, and exactly the provider refund goes back', async () => {
    const id = await issuedOrder(h, ['退一'], { days: 3 });
    const order = await orderRow(id);
    const [quote] = await refundQuote(order);
    expect(quote!.blocked).toBeNull();
    expect(quote!.warning).toContain('5 分钟');
    // The dialog waits until exactly 5 minutes after the ticket's issue, as the server records it.
    const [issue] = await db()
      .select({ at: orderEvents.at })
      .from(orderEvents)
      .where(
        and(
          eq(orderEvents.orderId, id),
          eq(orderEvents.kind, 'ticket'),
          eq(orderEvents.refId, quote!.ticketId),
          eq(orderEvents.toStatus, TICKET_STATUS.ISSUED),
        ),
      );
    expect(quote!.availableAt).toBe(new Date(issue!.at.getTime() + 5 * 60_000).toISOString());
    const [then] = await refundQuote(order, new Date(quote!.availableAt!));
    expect(then!.availableAt).toBeNull();
    expect(then!.warning).toBeNull();
    const refused = await requestRefunds(order, [quote!.ticketId], h.user.id);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ ok: false });
    expect(refused[0]!.message).toContain('5 分钟');
    const [failed] = await db().select().from(ticketRefunds).where(eq(ticketRefunds.orderId, id));
    expect(failed?.status).toBe(22);

    await moveSandboxClock(6);
    try {
      const accepted = await requestRefunds(order, [quote!.ticketId], h.user.id);
      expect(accepted).toEqual([expect.objectContaining({ ok: true })]);
      const o = await settledRefunds(id);
      const [t] = await ticketsOf(id);
      expect(t!.status).toBe(TICKET_STATUS.REFUNDED);
      const [done] = await db()
        .select()
        .from(ticketRefunds)
        .where(and(eq(ticketRefunds.orderId, id), eq(ticketRefunds.status, 21)));
      expect(done!.feeFen).toBe(quote!.feeFen); // the preview is what the provider charged
      expect(done!.providerRefundFen).toBe(quote!.refundFen);
      expect(o.refundedFen).toBe(done!.providerRefundFen);
    } finally {
      await control(h.sandbox, 'POST', 'clock', { reset: true });
    }
    await expectClean([id]);
  });

  it('311: the adult cannot be refunded before the child travelling with them; the provider is not even asked', async () => {
    const adult = await passenger(h, '退大人');
    const child = await passenger(h, '退小孩', 2);
    const id = await issuedOrder(h, [], {
      days: 5,
      passengers: [
        { passengerId: adult, ticketType: 1 },
        { passengerId: child, ticketType: 2, onAdultId: adult },
      ],
    });
    const order = await orderRow(id);
    const lines = await refundQuote(order);
    const adultLine = lines.find((l) => l.ticketType === 1)!;
    await expect(requestRefunds(order, [adultLine.ticketId], h.user.id)).rejects.toThrow(/先退儿童票（退小孩）/);
    expect(await db().select().from(ticketRefunds).where(eq(ticketRefunds.orderId, id))).toEqual([]);
  });
});

describe('改签', () => {
  /** A dearer change (二等座 → 一等座 `toDays` out), confirmed, its difference paid at the gateway (the payment as read before). */
  async function paidDearerChange(name: string, toDays: number) {
    const held = await heldChange(h, name, { days: 6, seatType: 4, toDays, toSeatType: 3 });
    const { cashierUrl } = await confirmChangeByUser(held.order, held.changeId, h.user.id);
    const [payment] = await db().select().from(payments).where(eq(payments.changeOrderId, held.changeId));
    await control(h.sandbox, 'POST', `payments/${payment!.paymentNo}/pay`, {});
    return { ...held, cashierUrl, payment: payment! };
  }

  it('a cheaper change: held, confirmed without payment, the new ticket issued, the difference back; never changed again', async () => {
    const { id, order, original, toStation, changeId, held } = await heldChange(h, '改一', {
      days: 6,
      seatType: 3,
      toDays: 7,
      toSeatType: 4,
      chooseSeats: '1F', // the seat map's pick, as in booking
    });
    expect(held.priceChangeType).toBe(3);
    expect(await confirmChangeByUser(order, changeId, h.user.id)).toEqual({ cashierUrl: null });
    await until(async () => (await changeRow(changeId))?.status === 34, 30_000);
    const tickets = await ticketsOf(id);
    const fresh = tickets.find((t) => t.replacesTicketId === original.id)!;
    expect(tickets.find((t) => t.id === original.id)!.status).toBe(TICKET_STATUS.CHANGE_ISSUED);
    expect(fresh).toMatchObject({ status: TICKET_STATUS.ISSUED, changeOrderId: changeId });
    expect(fresh.seatNo).toMatch(/F座$/);
    // The provider reports the difference it refunded; exactly that goes back to the traveller.
    const c = await until(async () => {
      const row = await changeRow(changeId);
      return row?.providerRefundFen !== null && row;
    }, 30_000);
    expect(c.providerRefundFen).toBeGreaterThan(0);
    const o = await until(async () => {
      const row = await settledRefunds(id);
      return row.refundedFen === c.providerRefundFen && row;
    }, 30_000);
    expect(await changeableTickets(o)).toEqual([]);
    await expect(
      applyForChange(
        o,
        { ticketIds: [fresh.id], date: daysAhead(8), trainCode: 'G1', toStation, seatType: 4 },
        h.user.id,
      ),
    ).rejects.toBeInstanceOf(AppError);
    await expectClean([id]);
  });

  it('a dearer change: the traveller pays their part through the gateway, then it is confirmed', async () => {
    const { id, order, original, changeId, cashierUrl, payment } = await paidDearerChange('改二', 8);
    expect(cashierUrl).toMatch(/\/pay\/cashier\//);
    const c0 = await changeRow(changeId);
    expect(payment.amountFen).toBe(c0!.needPayFen! - original.priceFen); // the difference plus the fee
    await until(async () => (await changeRow(changeId))?.status === 34, 30_000);
    const o = await settledRefunds(id);
    expect(o.paidFen).toBe(order.paidFen + payment.amountFen);
    await expectClean([id]);
  });

  it('a dearer change then a refund of the new ticket: the provider refund goes back over both payments, newest first (issue 23)', async () => {
    const { id, order, original, payment: difference } = await paidDearerChange('改退', 9);
    const fresh = await until(async () => {
      const t = (await ticketsOf(id)).find((x) => x.replacesTicketId === original.id);
      return t?.status === TICKET_STATUS.ISSUED && t;
    }, 30_000);
    await moveSandboxClock(6); // past the provider's 5 minutes after issue
    try {
      const [line] = (await refundQuote(await orderRow(id))).filter((l) => l.ticketId === fresh.id);
      expect(line!.refundFen).toBeGreaterThan(difference.amountFen); // more than any one payment holds
      expect(await requestRefunds(await orderRow(id), [fresh.id], h.user.id)).toEqual([
        expect.objectContaining({ ok: true }),
      ]);
      const [done] = await until(async () => {
        const rows = await db()
          .select()
          .from(ticketRefunds)
          .where(and(eq(ticketRefunds.orderId, id), eq(ticketRefunds.status, 21)));
        return rows.length === 1 && rows;
      }, 30_000);
      const o = await until(async () => {
        const row = await settledRefunds(id);
        return row.refundedFen === done!.providerRefundFen && row;
      }, 30_000);
      expect(o.paidFen).toBe(order.paidFen + difference.amountFen);
      const parts = await db()
        .select()
        .from(paymentRefunds)
        .where(and(eq(paymentRefunds.orderId, id), eq(paymentRefunds.cause, 'ticket_refund')));
      // The difference payment in full first, the rest from the fare.
      expect(parts.map((p) => [p.paymentId, p.amountFen, p.status]).sort()).toEqual(
        [
          [difference.id, difference.amountFen, 'succeeded'],
          [
            (await db().select().from(payments).where(eq(payments.orderId, id))).find((p) => !p.changeOrderId)!.id,
            done!.providerRefundFen! - difference.amountFen,
            'succeeded',
          ],
        ].sort(),
      );
    } finally {
      await control(h.sandbox, 'POST', 'clock', { reset: true });
    }
    await expectClean([id]);
  });

  it('a change cancelled while held leaves the original ticket valid and changeable', async () => {
    const { id, order, original, changeId } = await heldChange(h, '改三', { days: 6, toDays: 9, toSeatType: 4 });
    await cancelChangeByUser(order, changeId, h.user.id);
    expect((await changeRow(changeId))!.status).toBe(37);
    expect((await ticketsOf(id)).map((t) => t.status)).toEqual([TICKET_STATUS.ISSUED]);
    expect((await changeableTickets(await orderRow(id))).map((t) => t.id)).toEqual([original.id]);
    await expectClean([id]);
  });
});

describe('ownership', () => {
  it("another traveller can neither quote, refund, change, confirm nor cancel someone else's order", async () => {
    const id = await issuedOrder(h, ['他人甲'], { days: 6 });
    const [t] = await ticketsOf(id);
    const other = await newTraveller('other');
    const change = {
      orderId: id,
      ticketIds: [t!.id],
      date: daysAhead(7),
      trainCode: 'G1',
      toStation: '上海',
      seatType: 4,
    };
    const calls = [
      runGuarded(refundQuoteDef, other, { orderId: id }),
      runGuarded(requestRefundsDef, other, { orderId: id, ticketIds: [t!.id] }),
      runGuarded(applyChangeDef, other, change),
      runGuarded(confirmChangeDef, other, { orderId: id, changeId: t!.id }),
      runGuarded(cancelChangeDef, other, { orderId: id, changeId: t!.id }),
    ];
    for (const r of await Promise.all(calls)) expect(r).toMatchObject({ ok: false, code: 'not_found' });
    expect(await db().select().from(ticketRefunds).where(eq(ticketRefunds.orderId, id))).toEqual([]);
    expect(await db().select().from(changeOrders).where(eq(changeOrders.orderId, id))).toEqual([]);
    // Signed out: refused before anything is read.
    expect(await runGuarded(requestRefundsDef, null, { orderId: id, ticketIds: [t!.id] })).toMatchObject({
      ok: false,
      code: 'unauthenticated',
    });
  });
});
