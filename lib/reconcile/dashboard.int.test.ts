/**
 * The dashboard's figures besides the days (those are in daily.int.test.ts): unresolved discrepancies
 * by reason with the money at stake, money in flight and the last run, on a real database. Other test
 * files share the database, so it checks what its own rows add to the figures.
 */
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { reconDiscrepancies, reconRuns } from '@/db/schema';
import { dashboardStats, type DashboardStats } from '.';

const range = { from: new Date('2001-04-01T00:00:00+08:00'), to: new Date('2001-04-03T00:00:00+08:00') };
let orderId = '';
const ticketIds: string[] = [];
let paymentId = '';
let runId = '';

beforeAll(async () => {
  const stamp = Date.now();
  const [u] = await db().execute<{ id: string }>(sql`insert into users (email, password_hash, display_name, role)
    values (${`recon-dashboard-${stamp}@example.test`}, 'x', '对账看板', 'traveller') returning id`);
  const [o] = await db().execute<{ id: string }>(sql`insert into orders (user_id, customer_order_no, provider_order_no,
      status, train_code, from_station, to_station, departure_at, seat_type, total_fen, paid_fen, refunded_fen, payment_status)
    values (${u!.id}, ${`RK${stamp}`}, ${`RKP${stamp}`}, 8, 'G1', '北京南', '上海', '2001-04-20T08:00:00+08:00', 4,
      110600, 110600, 0, 'paid') returning id`);
  orderId = o!.id;
  for (const position of [0, 1]) {
    const [t] = await db().execute<{ id: string }>(sql`insert into order_tickets (order_id, position, passenger_name,
        id_type, id_no, ticket_type, status, ticket_no, price_fen)
      values (${orderId}, ${position}, '乘客', '1', 'sealed', 1, 8, ${`EK${position}`}, 55300) returning id`);
    ticketIds.push(t!.id);
  }
  const [p] = await db().execute<{ id: string }>(sql`insert into payments (order_id, payment_no, gateway, amount_fen,
      status, expires_at, paid_at) values (${orderId}, ${`RKPAY${stamp}`}, 'sandbox', 110600, 'paid', now(), now())
    returning id`);
  paymentId = p!.id;
});

afterAll(async () => {
  await db()
    .delete(reconDiscrepancies)
    .where(sql`${reconDiscrepancies.orderId} = ${orderId}`);
  if (runId)
    await db()
      .delete(reconRuns)
      .where(inArray(reconRuns.id, [runId]));
});

const byReason = (s: DashboardStats) => new Map(s.openByReason.map((r) => [r.reason, r]));

describe('dashboardStats', () => {
  it('adds up unresolved discrepancies by reason, money in flight and shows the last run', async () => {
    const before = await dashboardStats(range);
    // Refunds the provider still owes: one asked for (fee not known yet: the expected one), one done
    // at 12306 without the money (its fee); a refund to the traveller the gateway has not confirmed.
    await db().execute(sql`insert into ticket_refunds (order_id, ticket_id, status, origin, expected_fee_fen)
      values (${orderId}, ${ticketIds[0]}, 20, 'user', 2800)`);
    await db().execute(sql`insert into ticket_refunds (order_id, ticket_id, status, origin, fee_fen, expected_fee_fen)
      values (${orderId}, ${ticketIds[1]}, 23, 'provider', 3000, 2800)`);
    await db().execute(sql`insert into payment_refunds (order_id, payment_id, refund_no, cause, cause_ref, amount_fen,
        status, reason) values (${orderId}, ${paymentId}, ${`RKR${Date.now()}`}, 'ticket_refund', 'x', 52500, 'pending', '退票')`);
    const [run] = await db()
      .insert(reconRuns)
      .values({
        trigger: 'test',
        actor: 'test',
        asOf: new Date(),
        missingAfterHours: 24,
        status: 'done',
        found: 4,
        opened: 3,
      })
      .returning({ id: reconRuns.id });
    runId = run!.id;
    const row = (reason: 'amount_differs' | 'debit_without_ticket', key: string, extra: Record<string, unknown>) => ({
      reason,
      orderId,
      subjectKey: `dashboard-test-${key}`,
      detail: '看板测试',
      firstSeenRun: runId,
      lastSeenRun: runId,
      ...extra,
    });
    await db()
      .insert(reconDiscrepancies)
      .values([
        row('amount_differs', 'a', { expectedFen: 52500, reportedFen: 52400 }),
        row('amount_differs', 'b', { expectedFen: 1000, reportedFen: 0, state: 'explained' }),
        row('amount_differs', 'c', { expectedFen: 9000, reportedFen: 0, state: 'resolved' }),
        row('debit_without_ticket', 'd', { providerMovedFen: -55300 }),
      ]);

    const after = await dashboardStats(range);
    const [b, a] = [byReason(before), byReason(after)];
    expect(a.get('amount_differs')!.open - b.get('amount_differs')!.open).toBe(1);
    expect(a.get('amount_differs')!.explained - b.get('amount_differs')!.explained).toBe(1);
    expect(a.get('amount_differs')!.fen - b.get('amount_differs')!.fen).toBe(100 + 1000);
    expect(a.get('debit_without_ticket')!.open - b.get('debit_without_ticket')!.open).toBe(1);
    expect(a.get('debit_without_ticket')!.fen - b.get('debit_without_ticket')!.fen).toBe(55300);
    for (const reason of a.keys())
      if (reason !== 'amount_differs' && reason !== 'debit_without_ticket')
        expect(a.get(reason)).toEqual(b.get(reason));

    const [f, g] = [before.moneyInFlight, after.moneyInFlight];
    expect(g.providerRefunds.count - f.providerRefunds.count).toBe(2);
    expect(g.providerRefunds.fen - f.providerRefunds.fen).toBe(55300 - 2800 + (55300 - 3000));
    expect(g.travellerRefunds.count - f.travellerRefunds.count).toBe(1);
    expect(g.travellerRefunds.fen - f.travellerRefunds.fen).toBe(52500);
    expect(g.debitsNotReturned.count - f.debitsNotReturned.count).toBe(1);
    expect(g.debitsNotReturned.fen - f.debitsNotReturned.fen).toBe(55300);

    expect(after.lastRun).toMatchObject({ id: runId, status: 'done', found: 4, opened: 3, finishedAt: null });
    expect(after.lastRun!.startedAt).toBeInstanceOf(Date);
    // The range's days (nothing in April 2001): every chart day, zero.
    expect(after.days.map((d) => [d.day, d.refunds, d.paidBackFen])).toEqual([
      ['2001-04-01', 0, 0],
      ['2001-04-02', 0, 0],
    ]);
  });
});
