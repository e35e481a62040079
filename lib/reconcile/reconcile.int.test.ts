/**
 * Reconciliation against the real sandbox (lib/orders/harness.int.ts): each money fault the sandbox
 * makes on purpose, and each mistake on our side, is found once with its reason; a clean order yields
 * nothing; a re-run never duplicates; state changes go open → explained → resolved with who/when/why.
 * Test files share one database, so every assertion is about this file's orders.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orderTickets, paymentRefunds, payments, reconDiscrepancies, ticketRefunds } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { AppError } from '@/lib/errors';
import {
  book,
  control,
  uniqueIdCard,
  issuedOrder,
  newTraveller,
  orderRow,
  payAtGateway,
  harnessForFile,
  until,
  waitStatus,
  bookingInput,
} from '@/lib/orders/harness.int';
import { requestRefunds } from '@/lib/orders/refunds';
import { membershipOf } from '@/lib/agency/access';
import { addCustomerPassenger, createAgency, createCustomer, topUp } from '@/lib/agency/service';
import { createBookingDef } from '@/lib/orders/create';
import { passengerFormSchema } from '@/lib/domain/passenger';
import { agencyBalance, post, transfer } from '@/lib/ledger';
import { payFromBalance } from '@/lib/orders/balance';
import { recordWindowRefundDef } from '@/lib/orders/window-claims';
import { setDiscrepancyStateDef, startReconciliationDef } from './defs';
import { discrepancyCsvRows, discrepancyDetail, listDiscrepancies, runReconciliation, setDiscrepancyState } from '.';

const h = harnessForFile();
const HOUR = 3_600_000;

const providerNo = async (id: string) => (await orderRow(id)).providerOrderNo!;
const fault = async (kind: string, orderId: string) =>
  control(h.sandbox, 'POST', 'money-faults', { kind, orderNo: await providerNo(orderId) });
const ticketsOf = (orderId: string) => db().select().from(orderTickets).where(eq(orderTickets.orderId, orderId));

async function refundAll(orderId: string) {
  const ts = await ticketsOf(orderId);
  const r = await requestRefunds(await orderRow(orderId), [ts[0]!.id], h.user.id);
  expect(r[0]).toMatchObject({ ok: true });
}

/** The refund reached 20 and no longer moves (the fault) or reached 21 and the traveller's refund settled. */
async function refundSettled(orderId: string, final: 20 | 21) {
  await until(
    async () => {
      const rs = await db().select().from(ticketRefunds).where(eq(ticketRefunds.orderId, orderId));
      const pending = await db()
        .select()
        .from(paymentRefunds)
        .where(and(eq(paymentRefunds.orderId, orderId), eq(paymentRefunds.status, 'pending')));
      return rs.some((r) => r.status === final) && !pending.length;
    },
    30_000,
    `refund of ${orderId} at ${final}`,
  );
}

const mineOf = async (ids: string[]) =>
  db().select().from(reconDiscrepancies).where(inArray(reconDiscrepancies.orderId, ids));

describe('reconciliation', () => {
  const o: Record<string, string> = {};

  it('finds each reason once, nothing on a clean order, and never duplicates on a re-run', async () => {
    // Issued orders first; refunds need 5 minutes after issue (309): one clock move for all.
    for (const k of ['clean', 'missing', 'wrong', 'offline', 'twice', 'notCredited', 'creditedTwice'])
      o[k] = await issuedOrder(h, [`对账${k}`], { days: 5 });
    // A debit kept for an order that fails to issue: the fault is set while it is held.
    o.debit = await book(h, ['对账扣款'], { days: 5 });
    await waitStatus(o.debit, 2);
    await fault('debit_without_ticket', o.debit);
    await payAtGateway(h, o.debit);
    await waitStatus(o.debit, 9);

    await fault('refund_never_arrives', o.missing!);
    await fault('refund_wrong_amount', o.wrong!);
    await fault('offline_refund_unreported', o.offline!);
    await fault('refund_reported_twice', o.twice!);
    await control(h.sandbox, 'POST', 'clock', { advanceMinutes: 6 });
    try {
      for (const k of ['clean', 'missing', 'wrong', 'twice', 'notCredited', 'creditedTwice']) await refundAll(o[k]!);
      const [offTicket] = await ticketsOf(o.offline!);
      await control(h.sandbox, 'POST', `tickets/${offTicket!.ticketNo}/offline-refund`, {});
      await refundSettled(o.missing!, 20);
      for (const k of ['clean', 'wrong', 'twice', 'notCredited', 'creditedTwice']) await refundSettled(o[k]!, 21);
    } finally {
      await control(h.sandbox, 'POST', 'clock', { reset: true });
    }
    // Our side's mistakes: a refund to the traveller lost, one paid twice.
    const [lost] = await db()
      .select()
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.orderId, o.notCredited!), eq(paymentRefunds.cause, 'ticket_refund')));
    await db().delete(paymentRefunds).where(eq(paymentRefunds.id, lost!.id));
    const [paidOnce] = await db()
      .select()
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.orderId, o.creditedTwice!), eq(paymentRefunds.cause, 'ticket_refund')));
    await db()
      .insert(paymentRefunds)
      .values({
        ...paidOnce!,
        id: undefined,
        refundNo: `${paidOnce!.refundNo}D`,
        cause: 'ticket_refund:again',
        status: 'succeeded',
      });

    const ids = Object.values(o);
    // As of now, nothing late is reported yet (a refund under way is not missing).
    const early = await runReconciliation({ actor: 'test', trigger: 'test' });
    expect(early.run.status).toBe('done');
    const lateOnes = [o.missing, o.offline, o.debit, o.notCredited];
    expect(early.findings.filter((f) => lateOnes.includes(f.orderId))).toEqual([]);

    const later = new Date(Date.now() + 25 * HOUR);
    const first = await runReconciliation({ actor: 'test', trigger: 'test', now: later });
    expect(first.run.status).toBe('done');
    expect(first.run.error).toBeNull();
    const found = await mineOf(ids);
    const byOrder = (k: string) =>
      found
        .filter((d) => d.orderId === o[k])
        .map((d) => d.reason)
        .sort();
    expect(byOrder('clean')).toEqual([]);
    expect(byOrder('missing')).toEqual(['refund_missing']);
    expect(byOrder('wrong')).toEqual(['amount_differs']);
    expect(byOrder('offline')).toEqual(['offline_refund_unreported']);
    expect(byOrder('twice')).toEqual(['refund_reported_twice']);
    expect(byOrder('debit')).toEqual(['debit_without_ticket']);
    expect(byOrder('notCredited')).toEqual(['traveller_not_credited']);
    expect(byOrder('creditedTwice')).toEqual(['credited_twice']);
    const wrong = found.find((d) => d.orderId === o.wrong)!;
    expect(wrong.reportedFen! - wrong.expectedFen!).toBe(-100);
    expect(found.every((d) => d.state === 'open')).toBe(true);

    // A re-run updates, never duplicates.
    const again = await runReconciliation({ actor: 'test', trigger: 'test', now: later });
    const after = await mineOf(ids);
    expect(after.map((d) => d.id).sort()).toEqual(found.map((d) => d.id).sort());
    expect(again.findings.filter((f) => ids.includes(f.orderId) && f.opened)).toEqual([]);
    const missing = after.find((d) => d.orderId === o.missing)!;
    expect(missing.firstSeenRun).toBe(first.run.id);
    expect(missing.lastSeenRun).toBe(again.run.id);

    // The lost refund to the traveller is made good: the next run resolves it by itself.
    await db().insert(paymentRefunds).values(lost!);
    await runReconciliation({ actor: 'test', trigger: 'test', now: later });
    const [settled] = await db()
      .select()
      .from(reconDiscrepancies)
      .where(eq(reconDiscrepancies.orderId, o.notCredited!));
    expect(settled).toMatchObject({ state: 'resolved', stateBy: 'reconciliation' });
  }, 240_000);

  it('an admin explains then resolves a discrepancy (who, when, why); other roles are refused; list, detail, CSV', async () => {
    const [d] = await db().select().from(reconDiscrepancies).where(eq(reconDiscrepancies.orderId, o.missing!));
    expect(d).toBeDefined();
    const traveller = await newTraveller('recon');
    const refused = await runGuarded(setDiscrepancyStateDef, traveller, { id: d!.id, state: 'explained', note: 'x' });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await runGuarded(startReconciliationDef, traveller, {})).toMatchObject({ ok: false, code: 'forbidden' });
    const admin = { ...(await newTraveller('reconadmin')), role: 'admin' as const };
    const noNote = await runGuarded(setDiscrepancyStateDef, admin, { id: d!.id, state: 'explained', note: ' ' });
    expect(noNote).toMatchObject({ ok: false, code: 'validation' });
    const explained = await runGuarded(setDiscrepancyStateDef, admin, {
      id: d!.id,
      state: 'explained',
      note: '供应商称退款排队中',
    });
    expect(explained).toMatchObject({ ok: true, data: { from: 'open', to: 'explained' } });
    await setDiscrepancyState(d!.id, 'resolved', '已到账（人工核实）', admin.id);
    await expect(setDiscrepancyState(d!.id, 'explained', '再看看', admin.id)).rejects.toBeInstanceOf(AppError);

    const detail = (await discrepancyDetail(d!.id))!;
    expect(detail.discrepancy.state).toBe('resolved');
    expect(detail.discrepancy.stateBy).toBe(admin.id);
    expect(detail.events.map((e) => [e.fromState, e.toState, e.actor])).toEqual([
      [null, 'open', 'reconciliation'],
      ['open', 'explained', admin.id],
      ['explained', 'resolved', admin.id],
    ]);
    expect(detail.events[1]!.note).toBe('供应商称退款排队中');
    expect(detail.ticket?.id).toBe(d!.ticketId);
    const kinds = new Set(detail.timeline.map((t) => t.kind));
    for (const k of ['callback', 'order_event', 'ticket_refund', 'payment', 'statement'] as const)
      expect(kinds).toContain(k);

    const pno = await providerNo(o.missing!);
    expect((await listDiscrepancies({ q: pno })).rows).toEqual([]); // resolved: not in the default list
    const all = await listDiscrepancies({ q: pno, state: 'all' });
    expect(all.rows.map((r) => r.id)).toEqual([d!.id]);
    const twice = await listDiscrepancies({ reason: 'refund_reported_twice', q: await providerNo(o.twice!) });
    expect(twice.total).toBe(1);

    const rows: string[][] = [];
    for await (const r of discrepancyCsvRows({
      from: new Date(Date.now() - HOUR),
      to: new Date(Date.now() + 30 * HOUR),
    }))
      rows.push(r);
    expect(rows[0]![1]).toBe('原因');
    expect(rows.some((r) => r[0] === d!.id && r[2] === '已解决')).toBe(true);
    // The clean order was paid once, and nothing about it was recorded.
    expect((await db().select().from(payments).where(eq(payments.orderId, o.clean!))).length).toBe(1);
  }, 60_000);

  it('agency order: a window refund staff recorded but 12306 never reported, then reported (resolved by itself); a second ledger credit', async () => {
    const staff0 = await newTraveller('reconagency');
    await createAgency(`对账旅行社${Date.now()}`, staff0.email);
    const m = (await membershipOf(staff0.id))!;
    const staff = { ...staff0, role: 'agent' as const };
    const { id: customerId } = await createCustomer(m, staff, {
      name: '对账客户',
      mobile: `139${String(Date.now()).slice(-8)}`,
    });
    const p = await addCustomerPassenger(
      m,
      staff,
      customerId,
      passengerFormSchema.parse({ name: '对账客乘', idType: '1', idNo: uniqueIdCard() }),
    );
    const booked = await runGuarded(
      createBookingDef,
      staff,
      bookingInput(6, {
        passengers: [{ passengerId: p.id, ticketType: 1 }],
        contactMobile: '13900139000',
        customerId,
      }),
    );
    if (!booked.ok) throw new Error(booked.message);
    const id = booked.data.orderId;
    await waitStatus(id, 2);
    await topUp('admin-test', m.agencyId, (await orderRow(id)).totalFen, `BANK-${Date.now()}`);
    await payFromBalance(id, staff.id);
    await waitStatus(id, 8);
    const [t] = await ticketsOf(id);
    const claim = await runGuarded(recordWindowRefundDef, staff, { orderId: id, ticketId: t!.id });
    expect(claim).toMatchObject({ ok: true });

    const later = () => new Date(Date.now() + 25 * HOUR);
    await runReconciliation({ actor: 'test', trigger: 'test', now: later() });
    const first = await mineOf([id]);
    expect(first.map((d) => [d.reason, d.subjectKey])).toEqual([['offline_refund_unreported', t!.id]]);

    // 12306 reports the window refund; the agency is credited. A bug credits it a second time.
    await control(h.sandbox, 'POST', `tickets/${t!.ticketNo}/offline-refund`, {});
    await until(async () => (await agencyBalance(m.agencyId)) > 0, 30_000, 'agency credited');
    await db().transaction((tx) =>
      post(tx, {
        kind: 'refund',
        ref: `credit:again:${id}`,
        agencyId: m.agencyId,
        orderId: id,
        memo: '重复入账（测试）',
        createdBy: 'test',
        legs: transfer({ kind: 'provider', agencyId: null }, { kind: 'agency_balance', agencyId: m.agencyId }, 100),
      }),
    );
    await runReconciliation({ actor: 'test', trigger: 'test', now: later() });
    const second = await mineOf([id]);
    expect(second.map((d) => [d.reason, d.subjectKey, d.state]).sort()).toEqual([
      ['credited_twice', 'ledger', 'open'],
      ['offline_refund_unreported', t!.id, 'resolved'],
    ]);
    const twice = second.find((d) => d.reason === 'credited_twice')!;
    expect(twice.paidBackFen! - twice.expectedFen!).toBe(100);
  }, 120_000);
});
