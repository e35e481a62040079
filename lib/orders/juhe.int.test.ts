/**
 * The order core on the second provider (Juhe, juhe-train-api.md) against the sandbox's Juhe front over
 * real HTTP: hold → pay → issue → refund one ticket with pushes duplicated and reordered, an issue
 * failure that gives everything back, a pay answered 10014 after the debit (looked at, never paid
 * twice), forged and tampered pushes, and a 改签 refused in the provider's plain words. The auditor
 * ends every scenario.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { changeOrders, orderTickets, providerCallbacks, providerCalls, ticketRefunds } from '@/db/schema';
import { TICKET_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { providerFor } from '@/lib/provider/registry';
import { flushProviderStats } from '@/lib/provider/resilience';
import { DEFAULT_JUHE_KEY } from '@/protocol/defaults';
import { receiveCallback } from './callbacks';
import { applyForChange } from './changes';
import {
  book,
  control,
  daysAhead,
  expectClean,
  harnessForFile,
  orderRow,
  payAtGateway,
  refundsUnderWay,
  until,
  waitStatus,
} from './harness.int';
import { requestRefunds } from './refunds';

const h = harnessForFile();

/** A Juhe order of G1 `days` ahead for these passengers (二等座). */
const bookJuhe = (names: string[], days = 6) => book(h, names, { days, provider: 'juhe' });

const changeRows = (orderId: string) => db().select().from(changeOrders).where(eq(changeOrders.orderId, orderId));
const ticketsOf = (orderId: string) => db().select().from(orderTickets).where(eq(orderTickets.orderId, orderId));
const moveSandboxClock = (minutes: number) => control(h.sandbox, 'POST', 'clock', { advanceMinutes: minutes });
const juheFaults = (patch: Record<string, unknown>) =>
  control(h.sandbox, 'POST', 'faults', { front: 'juhe', ...patch });

/** The Juhe front's own answer for an order (raw form POST, as Juhe documents it). */
async function juheOrderStatus(orderid: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${h.sandbox.url}/trainTickets/orderStatus`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key: DEFAULT_JUHE_KEY, orderid }).toString(),
  });
  const body = (await res.json()) as { error_code: number; result: Record<string, unknown> };
  expect(body.error_code).toBe(0);
  return body.result;
}

const juheSign = (orderid: string, userOrderid: string) =>
  createHash('md5').update(`juhe${DEFAULT_JUHE_KEY}${orderid}${userOrderid}`).digest('hex');
const push = (data: Record<string, unknown>) => `data=${encodeURIComponent(JSON.stringify(data))}`;

async function settledRefunds(orderId: string) {
  return until(async () => !(await refundsUnderWay([orderId])) && (await orderRow(orderId)), 30_000, 'refunds settled');
}

describe('the order core on Juhe', () => {
  it('hold → pay → issue → refund one of two tickets, pushes duplicated and reordered; exactly the provider refund goes back', async () => {
    await juheFaults({ callbackDuplicate: true, callbackOutOfOrder: true, callbackJitterMs: 300 });
    try {
      const id = await bookJuhe(['聚一', '聚二']);
      const booked = await orderRow(id);
      expect(booked.provider).toBe('juhe');
      await waitStatus(id, 2);
      const held = await orderRow(id);
      expect(held.providerOrderNo).toBeTruthy();
      expect(held.totalFen).toBeGreaterThan(0);
      // Juhe answers no deadline: the configured window from the hold (juhe-train-api.md §20.9).
      expect(held.payLimitAt).not.toBeNull();
      await payAtGateway(h, id);
      await waitStatus(id, 8);
      const issued = await orderRow(id);
      expect(issued.paidFen).toBe(held.totalFen);
      const tickets = await ticketsOf(id);
      expect(tickets.map((t) => t.status)).toEqual([8, 8]);
      expect(tickets.every((t) => /车厢/.test(t.seatNo ?? '') && !!t.ticketNo)).toBe(true);

      // 12306 refuses a refund within minutes of issue; the sandbox clock moves past that.
      await moveSandboxClock(6);
      const [first] = tickets;
      const accepted = await requestRefunds(issued, [first!.id], h.user.id);
      expect(accepted).toEqual([expect.objectContaining({ ok: true })]);
      const o = await settledRefunds(id);
      const after = await ticketsOf(id);
      expect(after.find((t) => t.id === first!.id)!.status).toBe(TICKET_STATUS.REFUNDED);
      expect(after.find((t) => t.id !== first!.id)!.status).toBe(TICKET_STATUS.ISSUED);
      const [done] = await db()
        .select()
        .from(ticketRefunds)
        .where(and(eq(ticketRefunds.orderId, id), eq(ticketRefunds.status, 21)));
      // What Juhe refunded for that ticket (its returnmoney), and nothing else, went back.
      const wire = await juheOrderStatus(issued.providerOrderNo!);
      const wireTicket = (wire.passengers as Record<string, unknown>[]).find((p) => p.ticket_no === first!.ticketNo)!;
      const returned = (wireTicket.returntickets as { returnmoney: string }).returnmoney;
      expect(done!.providerRefundFen).toBe(Math.round(Number(returned) * 100));
      expect(o.refundedFen).toBe(done!.providerRefundFen);
      // refund_money is cumulative over the order: with one ticket refunded it is that ticket's money.
      expect(Math.round(Number(wire.refund_money) * 100)).toBe(done!.providerRefundFen);

      // Every push was answered `success` and at least one arrived twice: duplicates changed nothing.
      const logged = await db()
        .select({ verdict: providerCallbacks.verdict, provider: providerCallbacks.provider })
        .from(providerCallbacks)
        .where(eq(providerCallbacks.providerOrderNo, issued.providerOrderNo!));
      expect(logged.length).toBeGreaterThanOrEqual(6); // submit, pay, refund — each twice
      expect(logged.every((l) => l.provider === 'juhe')).toBe(true);
      expect(logged.map((l) => l.verdict)).toContain('no_change');
      await expectClean([id]);
    } finally {
      await control(h.sandbox, 'DELETE', 'faults');
      await control(h.sandbox, 'POST', 'clock', { reset: true });
    }
  });

  it('an issue failure (status 5) gives the traveller everything back', async () => {
    await juheFaults({ issueFailRate: 1 });
    try {
      const id = await bookJuhe(['聚败']);
      await waitStatus(id, 2);
      await payAtGateway(h, id);
      await waitStatus(id, 9);
      const o = await until(async () => {
        const r = await orderRow(id);
        return r.refundedFen === r.paidFen && r.paidFen > 0 && r;
      });
      expect(o.paymentStatus).toBe('refunded');
      expect((await ticketsOf(id)).every((t) => t.status === TICKET_STATUS.ISSUE_FAILED)).toBe(true);
      await expectClean([id]);
    } finally {
      await control(h.sandbox, 'DELETE', 'faults');
    }
  });

  it('pay answered 10014 after the debit: the order is looked at, not paid twice, and issues once', async () => {
    await juheFaults({ payInternalErrorRate: 1 });
    try {
      const id = await bookJuhe(['聚查']);
      await waitStatus(id, 2);
      await payAtGateway(h, id);
      await waitStatus(id, 8);
      const o = await orderRow(id);
      // The pay did answer 10014 (recorded as an outcome-unknown call, not a refusal).
      await flushProviderStats();
      const pays = await db()
        .select({ outcome: providerCalls.outcome })
        .from(providerCalls)
        .where(and(eq(providerCalls.provider, 'juhe'), eq(providerCalls.method, 'confirm')));
      expect(pays.map((p) => p.outcome)).toContain('http');
      const balance = await providerFor('juhe').balance();
      expect(balance).not.toBeNull();
      const statement = await control<{ lines: { orderNo: string | null; kind: string; amountFen: number }[] }>(
        h.sandbox,
        'GET',
        `statement?key=${DEFAULT_JUHE_KEY}&limit=5000`,
      );
      const debits = statement.lines.filter((l) => l.orderNo === o.providerOrderNo && l.amountFen < 0);
      expect(debits).toHaveLength(1);
      expect(-debits[0]!.amountFen).toBe(o.totalFen);
      await expectClean([id]);
    } finally {
      await control(h.sandbox, 'DELETE', 'faults');
    }
  });

  it('a push with a forged sign is refused; a signed push with lies, or naming another user_orderid, changes nothing', async () => {
    const id = await bookJuhe(['聚伪']);
    await waitStatus(id, 2);
    const held = await orderRow(id);
    const orderid = held.providerOrderNo!;
    const wire = await juheOrderStatus(orderid);
    const userOrderid = String(wire.user_orderid);
    expect(userOrderid).toBe(held.customerOrderNo);
    const lie = { ...wire, status: '4', msg: '出票成功', sign: juheSign(orderid, userOrderid) };
    const tampered = await receiveCallback('pay', push(lie), undefined, { provider: 'juhe' });
    expect(tampered).toMatchObject({ status: 200, body: 'success', verdict: 'no_change' });
    const forged = await receiveCallback('pay', push({ ...lie, sign: 'f'.repeat(32) }), undefined, {
      provider: 'juhe',
    });
    expect(forged).toMatchObject({ status: 401, verdict: 'bad_sign' });
    const other = { ...lie, user_orderid: 'SOMEONE-ELSE', sign: juheSign(orderid, 'SOMEONE-ELSE') };
    const mismatch = await receiveCallback('pay', push(other), undefined, { provider: 'juhe' });
    expect(mismatch).toMatchObject({ verdict: 'invalid' });
    const after = await orderRow(id);
    expect(after.status).toBe(2);
    expect(after.paidFen).toBe(0);
    await expectClean([id]);
  });

  it('a change request on a Juhe order is refused in plain words; no change order is made', async () => {
    const id = await bookJuhe(['聚改'], 7);
    await waitStatus(id, 2);
    await payAtGateway(h, id);
    await waitStatus(id, 8);
    const order = await orderRow(id);
    const words = providerFor('juhe').capabilities.changeElsewhere!;
    expect(words).toMatch(/车站|窗口/);
    const [t] = await ticketsOf(id);
    const err = await applyForChange(
      order,
      { ticketIds: [t!.id], date: daysAhead(8), trainCode: 'G1', toStation: '上海', seatType: 4 },
      h.user.id,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain(words);
    expect(await changeRows(id)).toEqual([]);
    await expectClean([id]);
  });
});
