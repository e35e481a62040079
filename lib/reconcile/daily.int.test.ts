/**
 * The dashboard's per-day money summary (recon_daily, kept by triggers in migration 0014) on a real
 * database: every insert, status change, day move and delete of ticket_refunds, change_orders and
 * payment_refunds leaves it equal to summing the rows live, and dashboardStats gives the same days
 * whether the range is whole Beijing days (summary) or starts/ends inside a day (live edges).
 * The rows are in 2001 so no other test's money lands on these days.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { dashboardStats } from '.';

let orderId = '';
let ticketId = '';
let paymentId = '';
const at = (s: string) => `2001-03-${s}+08:00`; // Beijing time

/** Summed live from the rows, per Beijing day of March 2001. */
async function live() {
  const rows = await db().execute<Record<string, unknown>>(sql`
    select day, sum(n)::int as n, sum(refund)::bigint as refund, sum(fee)::bigint as fee, sum(change)::bigint as change,
           sum(paid)::bigint as paid from (
      select (updated_at at time zone 'Asia/Shanghai')::date as day, count(*) as n, coalesce(sum(provider_refund_fen), 0) as refund,
             coalesce(sum(fee_fen), 0) as fee, 0 as change, 0 as paid from ticket_refunds where status = 21 group by 1
      union all
      select (updated_at at time zone 'Asia/Shanghai')::date, 0, 0, 0, sum(provider_refund_fen), 0
      from change_orders where status = 34 and provider_refund_fen > 0 group by 1
      union all
      select (settled_at at time zone 'Asia/Shanghai')::date, 0, 0, 0, 0, sum(amount_fen)
      from payment_refunds where status = 'succeeded' group by 1) s
    where day >= '2001-03-01' and day < '2001-04-01' group by day
    having sum(n) <> 0 or sum(refund) <> 0 or sum(fee) <> 0 or sum(change) <> 0 or sum(paid) <> 0 order by day`);
  return rows.map((r) => [
    String(r.day),
    Number(r.n),
    Number(r.refund),
    Number(r.fee),
    Number(r.change),
    Number(r.paid),
  ]);
}
async function summary() {
  const rows = await db().execute<Record<string, unknown>>(sql`
    select to_char(day, 'YYYY-MM-DD') as day, refunds, refund_fen, fee_fen, change_refund_fen, paid_back_fen from recon_daily
    where day >= '2001-03-01' and day < '2001-04-01'
      and (refunds <> 0 or refund_fen <> 0 or fee_fen <> 0 or change_refund_fen <> 0 or paid_back_fen <> 0)
    order by day`);
  return rows.map((r) => [
    String(r.day),
    Number(r.refunds),
    Number(r.refund_fen),
    Number(r.fee_fen),
    Number(r.change_refund_fen),
    Number(r.paid_back_fen),
  ]);
}
const same = async () => expect(await summary()).toEqual(await live());

beforeAll(async () => {
  const [u] = await db().execute<{ id: string }>(sql`insert into users (email, password_hash, display_name, role)
    values (${`recon-daily-${Date.now()}@example.test`}, 'x', '对账日汇总', 'traveller') returning id`);
  const [o] = await db().execute<{
    id: string;
  }>(sql`insert into orders (user_id, customer_order_no, provider_order_no, status,
      train_code, from_station, to_station, departure_at, seat_type, total_fen, paid_fen, refunded_fen, payment_status)
    values (${u!.id}, ${`RD${Date.now()}`}, ${`RDP${Date.now()}`}, 8, 'G1', '北京南', '上海', ${at('20 08:00')}, 4, 55300, 55300, 0, 'paid')
    returning id`);
  orderId = o!.id;
  const [t] = await db().execute<{
    id: string;
  }>(sql`insert into order_tickets (order_id, position, passenger_name, id_type,
      id_no, ticket_type, status, ticket_no, price_fen)
    values (${orderId}, 0, '乘客', '1', 'sealed', 1, 8, 'E1', 55300) returning id`);
  ticketId = t!.id;
  const [p] = await db().execute<{
    id: string;
  }>(sql`insert into payments (order_id, payment_no, gateway, amount_fen, status,
      expires_at, paid_at) values (${orderId}, ${`RDPAY${Date.now()}`}, 'sandbox', 55300, 'paid', now(), now()) returning id`);
  paymentId = p!.id;
});

describe('recon_daily', () => {
  it('follows every write to refunds, change refunds and payment refunds', async () => {
    const [r] = await db().execute<{ id: string }>(sql`insert into ticket_refunds (order_id, ticket_id, status, origin,
        expected_fee_fen, updated_at) values (${orderId}, ${ticketId}, 20, 'user', 2800, ${at('02 10:00')}) returning id`);
    await same();
    // Refunded late in the Beijing evening of the 2nd (UTC still the 2nd) …
    await db().execute(sql`update ticket_refunds set status = 21, fee_fen = 2800, provider_refund_fen = 52500,
        updated_at = ${at('02 23:30')} where id = ${r!.id}`);
    await same();
    expect((await summary())[0]).toEqual(['2001-03-02', 1, 52500, 2800, 0, 0]);
    // … then touched again after Beijing midnight: it moves to the 3rd, with a corrected fee.
    await db().execute(sql`update ticket_refunds set fee_fen = 2700, provider_refund_fen = 52600,
        updated_at = ${at('03 00:10')} where id = ${r!.id}`);
    await same();
    expect(await summary()).toEqual([['2001-03-03', 1, 52600, 2700, 0, 0]]);

    const [c] = await db().execute<{ id: string }>(sql`insert into change_orders (order_id, provider_change_no, status,
        train_code, from_station, to_station, departure_at, ticket_ids, provider_refund_fen, updated_at)
      values (${orderId}, ${`RDC${Date.now()}`}, 34, 'G3', '北京南', '上海', ${at('21 08:00')}, ${`{${ticketId}}`}, 1500,
        ${at('03 09:00')}) returning id`);
    await same();
    const [pr] = await db().execute<{
      id: string;
    }>(sql`insert into payment_refunds (order_id, payment_id, refund_no, cause,
        cause_ref, amount_fen, status, reason) values (${orderId}, ${paymentId}, ${`RDR${Date.now()}`}, 'ticket_refund',
        ${r!.id}, 52600, 'pending', '退票') returning id`);
    await same();
    await db().execute(
      sql`update payment_refunds set status = 'succeeded', settled_at = ${at('04 01:00')} where id = ${pr!.id}`,
    );
    await same();
    expect(await summary()).toEqual([
      ['2001-03-03', 1, 52600, 2700, 1500, 0],
      ['2001-03-04', 0, 0, 0, 0, 52600],
    ]);

    // Whole days (summary) and a range starting and ending inside a day (live edges) agree.
    const whole = await dashboardStats({ from: new Date(at('01 00:00')), to: new Date(at('06 00:00')) });
    const ragged = await dashboardStats({ from: new Date(at('01 13:00')), to: new Date(at('05 13:00')) });
    expect(whole.days.map((d) => d.day)).toEqual([
      '2001-03-01',
      '2001-03-02',
      '2001-03-03',
      '2001-03-04',
      '2001-03-05',
    ]);
    // (the ragged range's chart days are those its start steps through: the 1st to the 4th)
    expect(ragged.days).toEqual(whole.days.slice(0, 4));
    expect(whole.days[2]).toEqual({
      day: '2001-03-03',
      refunds: 1,
      refundFen: 52600,
      feeFen: 2700,
      changeRefundFen: 1500,
      paidBackFen: 0,
    });
    const edge = await dashboardStats({ from: new Date(at('03 08:00')), to: new Date(at('03 10:00')) });
    expect(edge.days).toEqual([
      { day: '2001-03-03', refunds: 0, refundFen: 0, feeFen: 0, changeRefundFen: 1500, paidBackFen: 0 },
    ]);
    // Not a whole day but across one midnight: summed live on each side of it.
    const across = await dashboardStats({ from: new Date(at('02 20:00')), to: new Date(at('03 09:30')) });
    expect(across.days).toEqual([
      { day: '2001-03-02', refunds: 0, refundFen: 0, feeFen: 0, changeRefundFen: 0, paidBackFen: 0 },
      { day: '2001-03-03', refunds: 1, refundFen: 52600, feeFen: 2700, changeRefundFen: 1500, paidBackFen: 0 },
    ]);

    // Back out of a state, and deletes.
    await db().execute(sql`update change_orders set status = 33 where id = ${c!.id}`);
    await same();
    await db().execute(sql`delete from payment_refunds where id = ${pr!.id}`);
    await db().execute(sql`delete from ticket_refunds where id = ${r!.id}`);
    await same();
    expect(await summary()).toEqual([]);
  });
});
