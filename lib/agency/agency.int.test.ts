/**
 * Agencies against the real sandbox (harness.int.ts): the prepaid balance under concurrency, the
 * ledger's invariants, scoping between agencies.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { ledgerEntries, orders, orderTickets, windowRefundClaims } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { createBookingDef } from '@/lib/orders/create';
import { ownOrder } from '@/lib/orders/views';
import { passengerFormSchema } from '@/lib/domain/passenger';
import { agencyBalance, ledgerChecks, statement } from '@/lib/ledger';
import { payFromBalance } from '@/lib/orders/balance';
import { decideWindowClaimDef, recordWindowRefundDef } from '@/lib/orders/window-claims';
import {
  control,
  newTraveller,
  orderRow,
  harnessForFile,
  uniqueIdCard,
  until,
  waitStatus,
  bookingInput,
} from '@/lib/orders/harness.int';
import { membershipOf, type Membership } from './access';
import { addCustomerPassenger, createAgency, createCustomer, listCustomers, topUp } from './service';

const h = harnessForFile();

let seq = 0;
async function agencyWithCustomer(tag: string): Promise<{ m: Membership; staff: SessionUser; customerId: string }> {
  const staff = await newTraveller(tag);
  await createAgency(`${tag}旅行社${Date.now()}`, staff.email);
  const m = (await membershipOf(staff.id))!;
  const agent = { ...staff, role: 'agent' as const };
  const { id } = await createCustomer(m, agent, { name: `${tag}客户`, mobile: `139${String(Date.now()).slice(-8)}` });
  return { m, staff: agent, customerId: id };
}

async function heldAgencyOrder(m: Membership, staff: SessionUser, customerId: string, days: number): Promise<string> {
  seq++;
  const p = await addCustomerPassenger(
    m,
    staff,
    customerId,
    passengerFormSchema.parse({
      name: `客乘${String.fromCharCode(65 + (seq % 26))}`,
      idType: '1',
      idNo: uniqueIdCard(),
    }),
  );
  const r = await runGuarded(
    createBookingDef,
    staff,
    bookingInput(days, {
      passengers: [{ passengerId: p.id, ticketType: 1 }],
      contactMobile: '13900139000',
      customerId,
    }),
  );
  if (!r.ok) throw new Error(r.message);
  return r.data.orderId;
}

describe('prepaid balance', () => {
  it('50 concurrent payments against a balance that covers 20: exactly 20 succeed, never below zero, the ledger balances', async () => {
    const { m, staff, customerId } = await agencyWithCustomer('并发');
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await heldAgencyOrder(m, staff, customerId, 3 + (i % 5)));
    for (const id of ids) await waitStatus(id, 2);
    const prices = await Promise.all(ids.map(async (id) => (await orderRow(id)).totalFen));
    expect(new Set(prices).size).toBe(1); // one fare: "covers 20" is exact
    await topUp('admin-test', m.agencyId, prices[0]! * 20, `BANK-${Date.now()}`);

    const results = await Promise.allSettled(ids.map((id) => payFromBalance(id, staff.id)));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBe(20);
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as Error).message).toContain('预存款余额不足');
    expect(await agencyBalance(m.agencyId)).toBe(0);
    const paid = await db().select({ id: orders.id }).from(orders).where(eq(orders.paymentStatus, 'paid'));
    expect(paid.filter((p) => ids.includes(p.id))).toHaveLength(20);

    const checks = await ledgerChecks();
    expect(checks.total).toBe(0);
    expect(checks.mismatched).toEqual([]);
    expect(checks.negative).toEqual([]);
    // The statement is the balance's history: its last line is the balance, each line the sum so far.
    const lines = await statement(m.agencyId);
    expect(lines.reduce((a, l) => a + l.amountFen, 0)).toBe(0);
    expect(lines.at(-1)!.balanceAfterFen).toBe(0);
  });

  it('an issued agency order is debited to the provider; entries are append-only', async () => {
    const { m, staff, customerId } = await agencyWithCustomer('出票');
    const id = await heldAgencyOrder(m, staff, customerId, 6);
    await waitStatus(id, 2);
    const price = (await orderRow(id)).totalFen;
    await topUp('admin-test', m.agencyId, price + 10_000, `BANK-${Date.now()}`);
    await payFromBalance(id, staff.id);
    await waitStatus(id, 8);
    await until(async () => (await statement(m.agencyId)).length === 2);
    expect((await statement(m.agencyId)).map((l) => [l.kind, l.amountFen])).toEqual([
      ['topup', price + 10_000],
      ['hold', -price],
    ]);
    const refusal = async (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: unknown) => String((e as { cause?: { message?: string } }).cause?.message),
      );
    expect(await refusal(db().update(ledgerEntries).set({ amountFen: 1 }))).toMatch(/append-only/);
    expect(await refusal(db().delete(ledgerEntries))).toMatch(/append-only/);
    expect((await ledgerChecks()).total).toBe(0);
  });
});

describe('scoping', () => {
  it("another agency's staff cannot see the customers or open the orders; a traveller neither", async () => {
    const a = await agencyWithCustomer('甲社');
    const b = await agencyWithCustomer('乙社');
    const id = await heldAgencyOrder(a.m, a.staff, a.customerId, 7);
    expect((await listCustomers(a.m)).map((c) => c.id)).toContain(a.customerId);
    expect((await listCustomers(b.m)).map((c) => c.id)).not.toContain(a.customerId);
    await expect(ownOrder(b.staff, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(ownOrder(await newTraveller('旅客'), id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await ownOrder(a.staff, id)).id).toBe(id);
    // Booking for another agency's customer is refused.
    const r = await runGuarded(
      createBookingDef,
      b.staff,
      bookingInput(7, {
        passengers: [{ passengerId: a.customerId, ticketType: 1 }],
        contactMobile: '13900139000',
        customerId: a.customerId,
      }),
    );
    expect(r).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('station-window refunds', () => {
  it('staff record one; an admin can verify it only once 12306 reports the ticket refunded; the agency is credited', async () => {
    const { m, staff, customerId } = await agencyWithCustomer('窗口');
    const id = await heldAgencyOrder(m, staff, customerId, 6);
    await waitStatus(id, 2);
    const price = (await orderRow(id)).totalFen;
    await topUp('admin-test', m.agencyId, price, `BANK-${Date.now()}`);
    await payFromBalance(id, staff.id);
    await waitStatus(id, 8);
    const [t] = await db().select().from(orderTickets).where(eq(orderTickets.orderId, id));
    const claim = await runGuarded(recordWindowRefundDef, staff, { orderId: id, ticketId: t!.id });
    if (!claim.ok) throw new Error(claim.message);
    expect(await runGuarded(recordWindowRefundDef, staff, { orderId: id, ticketId: t!.id })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    const admin = { ...(await newTraveller('admin')), role: 'admin' as const };
    const early = await runGuarded(decideWindowClaimDef, admin, { claimId: claim.data.claimId, decision: 'verified' });
    expect(early).toMatchObject({ ok: false, code: 'conflict' });
    // The customer refunds at the window; the provider reports it, the money comes back to the balance.
    await control(h.sandbox, 'POST', `tickets/${t!.ticketNo}/offline-refund`, {});
    const verified = await until(async () => {
      const r = await runGuarded(decideWindowClaimDef, admin, { claimId: claim.data.claimId, decision: 'verified' });
      return r.ok && r;
    }, 30_000);
    expect(verified).toMatchObject({ ok: true });
    const [row] = await db().select().from(windowRefundClaims).where(eq(windowRefundClaims.id, claim.data.claimId));
    expect(row).toMatchObject({ state: 'verified', decidedBy: admin.id });
    await until(async () => (await agencyBalance(m.agencyId)) > 0, 30_000);
    expect((await ledgerChecks()).total).toBe(0);
  });
});
