/**
 * Benchmark (not a test): reconciliation with 1M orders. `npm run bench:recon` seeds a throwaway
 * embedded Postgres with 1,000,000 orders over the last year (one ticket and one payment each; 10 %
 * refunded with the traveller paid back; failed issues refunded in full; the provider's statement: a
 * debit per order, a credit per refund and per failed issue) and 1 % of the refunds wrong by ¥1. It
 * times the daily run (scope: the last RECON_LOOKBACK_DAYS of money activity) and the admin pages'
 * reads — discrepancy list pages and filters, one discrepancy with its timeline, the dashboard for
 * 14 and 90 days — RECON_BENCH_ROUNDS times each (default 1,000, so p99 is the tenth slowest call
 * and one stall of the shared machine is the max, reported beside it) with p50/p99/max and the first
 * call's time, and the EXPLAIN of the underlying queries, into bench/results/recon.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { throwawayDatabase } from '../tests/support/database';
import { pct, timeCalls } from './timing';

const ROOT = path.resolve(import.meta.dirname, '..');
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const ROUNDS = Number(process.env.RECON_BENCH_ROUNDS ?? 1000);
const log = (s: string) => console.log(`[bench:recon] ${s}`);

const pg = await throwawayDatabase('bench-recon');
process.env.DATABASE_URL = pg.url;
const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
const t0 = Date.now();
const [u] = await sql<{ id: string }[]>`insert into users (email, password_hash, display_name, role)
  values ('bench-traveller@example.test', 'x', '旅客', 'traveller') returning id`;
// Statuses: mostly issued, some failed issues (9), cancelled (5) and failed holds (3); over a year.
await sql`
  insert into orders (user_id, customer_order_no, provider_order_no, status, train_code, from_station, to_station,
    departure_at, seat_type, total_fen, paid_fen, refunded_fen, payment_status, created_at, updated_at)
  select ${u!.id}, 'B' || g, 'T' || g, (array[8,8,8,8,8,8,8,9,5,3])[1 + g % 10], 'G' || (1 + g % 300), '北京南', '上海',
    now() - (g % 525600) * interval '1 minute' + interval '5 days', 4, 55300,
    case when g % 10 = 9 then 0 else 55300 end, 0, 'paid',
    now() - (g % 525600) * interval '1 minute', now() - (g % 525600) * interval '1 minute' + interval '10 minutes'
  from generate_series(1, ${ORDERS}) g`;
await sql`insert into order_tickets (order_id, position, passenger_name, id_type, id_no, ticket_type, status, ticket_no, price_fen)
  select id, 0, '乘客', '1', 'sealed', 1, status, 'E' || customer_order_no, 55300 from orders`;
await sql`insert into payments (order_id, payment_no, gateway, amount_fen, status, expires_at, paid_at, created_at)
  select id, 'P' || customer_order_no, 'sandbox', 55300, 'paid', created_at + interval '10 minutes', created_at, created_at
  from orders where paid_fen > 0`;
// 10 % of issued orders refunded a day later (fee ¥28, back ¥525), the traveller paid back.
await sql`insert into ticket_refunds (order_id, ticket_id, status, origin, fee_fen, expected_fee_fen, provider_refund_fen,
    provider_transaction_no, created_at, updated_at)
  select o.id, t.id, 21, 'user', 2800, 2800, 52500, 'R' || o.customer_order_no,
    o.created_at + interval '1 day', o.created_at + interval '1 day 5 minutes'
  from orders o join order_tickets t on t.order_id = o.id
  where o.status = 8 and substr(o.customer_order_no, 2)::int % 100 < 14`;
await sql`update order_tickets t set status = 21, refund_fee_fen = 2800, refund_amount_fen = 52500
  from ticket_refunds r where r.ticket_id = t.id`;
await sql`insert into payment_refunds (order_id, payment_id, refund_no, cause, cause_ref, amount_fen, status, reason, settled_at, created_at, updated_at)
  select r.order_id, p.id, 'RF' || r.id, 'ticket_refund', r.id::text, r.provider_refund_fen, 'succeeded', '退票',
    r.updated_at + interval '1 minute', r.updated_at, r.updated_at + interval '1 minute'
  from ticket_refunds r join payments p on p.order_id = r.order_id`;
await sql`insert into payment_refunds (order_id, payment_id, refund_no, cause, cause_ref, amount_fen, status, reason, settled_at, created_at, updated_at)
  select o.id, p.id, 'RI' || o.id, 'issue_failed', p.id::text, p.amount_fen, 'succeeded', '出票失败',
    o.updated_at + interval '1 minute', o.updated_at, o.updated_at + interval '1 minute'
  from orders o join payments p on p.order_id = o.id where o.status in (5, 9)`;
// The provider's statement: a debit per issued or failed order, credits for failed issues and refunds.
await sql`insert into provider_balance_movements (provider_ref, kind, provider_order_no, order_id, amount_fen, occurred_at)
  select 'D' || customer_order_no, 'debit', provider_order_no, id, -55300, created_at + interval '1 minute'
  from orders where status in (8, 9)`;
await sql`insert into provider_balance_movements (provider_ref, kind, provider_order_no, order_id, amount_fen, occurred_at)
  select 'F' || customer_order_no, 'issue_fail_refund', provider_order_no, id, 55300, updated_at
  from orders where status = 9`;
// 1 % of the refunds: the provider's balance moved ¥1 less than it reported (amount_differs).
await sql`insert into provider_balance_movements (provider_ref, kind, provider_order_no, order_id, ticket_no, amount_fen, occurred_at)
  select 'R' || o.customer_order_no, 'ticket_refund', o.provider_order_no, o.id, t.ticket_no,
    case when substr(o.customer_order_no, 2)::int % 1000 = 11 then 52400 else 52500 end, r.updated_at
  from ticket_refunds r join orders o on o.id = r.order_id join order_tickets t on t.id = r.ticket_id`;
// VACUUM as well as ANALYZE after the bulk load (as the Postgres docs advise): otherwise autovacuum
// works through six fresh tables of up to 1M rows on one of the two cores while the reads are timed.
await sql`vacuum analyze`;
const seeded = Math.round((Date.now() - t0) / 1000);
const [counts] = await sql<{ refunds: number; movements: number }[]>`
  select (select count(*) from ticket_refunds)::int as refunds, (select count(*) from provider_balance_movements)::int as movements`;
log(`seeded ${ORDERS} orders, ${counts!.refunds} refunds, ${counts!.movements} statement lines in ${seeded} s`);

const recon = await import('../lib/reconcile');
const runs: Record<string, { ms: number; ordersChecked: number; found: number }> = {};
for (const [name, lookbackDays] of [
  ['firstRunWholeYear', 400],
  ['dailyRun45Days', 45],
  ['dailyRunAgain', 45],
] as const) {
  const s = performance.now();
  const { run } = await recon.runReconciliation({ actor: 'bench', trigger: 'test', statement: null, lookbackDays });
  runs[name] = { ms: Math.round(performance.now() - s), ordersChecked: run.ordersChecked, found: run.found };
  log(`${name}: ${runs[name].ms} ms, ${run.ordersChecked} orders in scope, ${run.found} discrepancies`);
}

const some = (await recon.listDiscrepancies({}, { pageSize: 1 })).rows[0]!;
const day = 86_400_000;
const CALLS: Record<string, () => Promise<unknown>> = {
  listFirstPage: () => recon.listDiscrepancies({}, { pageSize: 50 }),
  listPage5ByReason: () => recon.listDiscrepancies({ reason: 'amount_differs' }, { page: 5, pageSize: 50 }),
  listByOrderNo: () => recon.listDiscrepancies({ q: some.providerOrderNo!, state: 'all' }),
  detailWithTimeline: () => recon.discrepancyDetail(some.id),
  dashboard14Days: () => recon.dashboardStats({ from: new Date(Date.now() - 14 * day), to: new Date() }),
  dashboard90Days: () => recon.dashboardStats({ from: new Date(Date.now() - 90 * day), to: new Date() }),
};
const results: Record<string, { p50: number; p99: number; max: number; first: number }> = {};
for (const [name, call] of Object.entries(CALLS)) {
  const times = await timeCalls(ROUNDS, call);
  results[name] = {
    p50: pct(times, 50),
    p99: pct(times, 99),
    max: pct(times, 100),
    first: Math.round(times[0]! * 100) / 100,
  };
  log(
    `${name}: p50 ${results[name].p50} ms, p99 ${results[name].p99} ms, max ${results[name].max} ms (first call ${results[name].first} ms)`,
  );
}

// The plans of the queries behind them (the same SQL as lib/reconcile issues).
const since = new Date(Date.now() - 45 * day).toISOString();
const PLANS: Record<string, postgres.PendingQuery<postgres.Row[]>> = {
  scope45Days: sql`select order_id from (
      select order_id from ticket_refunds where updated_at >= ${since}
      union select order_id from change_orders where updated_at >= ${since} and status in (32, 34, 35, 37)
      union select order_id from payment_refunds where order_id is not null and updated_at >= ${since}
      union select order_id from provider_balance_movements where order_id is not null and amount_fen > 0 and occurred_at >= ${since}
      union select order_id from window_refund_claims where claimed_at >= ${since}
      union select id from orders where status in (3, 5, 9) and updated_at >= ${since}
      union select order_id from ledger_transactions where order_id is not null and kind in ('refund', 'release') and created_at >= ${since}
      union select order_id from recon_discrepancies where state <> 'resolved'
    ) s where order_id is not null`,
  listFirstPage: sql`select d.id from recon_discrepancies d join orders o on o.id = d.order_id
    left join order_tickets t on t.id = d.ticket_id where d.state in ('open', 'explained')
    order by d.first_seen_at desc, d.id desc limit 50`,
  listByOrderNo: sql`select d.id from recon_discrepancies d
    where d.order_id in (select id from orders where provider_order_no = ${some.providerOrderNo} or customer_order_no = ${some.providerOrderNo})`,
  listPage5ByReason: sql`select d.id from recon_discrepancies d where d.state in ('open', 'explained') and d.reason = 'amount_differs'
    order by d.first_seen_at desc, d.id desc limit 50 offset 200`,
  listCount: sql`select count(*) from recon_discrepancies d where d.state in ('open', 'explained')`,
  timelineStatement: sql`select * from provider_balance_movements m where m.order_id = ${some.orderId}`,
  timelineLedger: sql`select * from ledger_transactions lt where lt.order_id = ${some.orderId}`,
};
const plans: Record<string, string[]> = {};
for (const [name, q] of Object.entries(PLANS)) {
  plans[name] = (await sql<{ 'QUERY PLAN': string }[]>`explain (analyze, buffers) ${q}`).map((r) => r['QUERY PLAN']);
}
// The dashboard is one statement (lib/reconcile/queries.ts dashboardQuery), run as a prepared statement:
// its generic plan, the one the app runs once Postgres has settled on it. Each InitPlan is a part of the
// page: days (recon_daily and the live ends), open by reason, money in flight; the join: the last run.
{
  const { sql: text, params } = new PgDialect().sqlToQuery(
    (await import('../lib/reconcile/queries')).dashboardQuery({
      from: new Date(Date.now() - 14 * day),
      to: new Date(),
    }),
  );
  const conn = await sql.reserve();
  await conn.unsafe(`prepare dashboard as ${text}`);
  await conn.unsafe(`set plan_cache_mode = force_generic_plan`);
  const args = params.map((p) => `'${String(p).replaceAll("'", "''")}'`).join(', ');
  const rows = await conn.unsafe(`explain (analyze, buffers) execute dashboard(${args})`);
  plans.dashboard14DaysGeneric = rows.map((r) => r['QUERY PLAN'] as string);
  await conn.unsafe(`deallocate dashboard`);
  await conn.unsafe(`reset plan_cache_mode`);
  conn.release();
}
const out = {
  at: new Date().toISOString(),
  orders: ORDERS,
  refunds: counts!.refunds,
  statementLines: counts!.movements,
  seededSeconds: seeded,
  runs,
  rounds: ROUNDS,
  calls: results,
  plans,
};
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'recon.json'), `${JSON.stringify(out, null, 2)}\n`);
await sql.end();
const { sqlClient } = await import('../db/client');
await sqlClient().end();
await pg.dispose();
