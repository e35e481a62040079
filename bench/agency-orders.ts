/**
 * Benchmark (not a test): the agency orders list with 1M orders. `npm run bench:agency` seeds a
 * throwaway embedded Postgres with 1,000,000 orders spread over 20 agencies (and some travellers'
 * own), then times the list's queries as lib/agency/service.ts issues them — first page, a keyset
 * page deep in the list, a status + date-range filter, a customer filter, the totals — 200 times each,
 * and records p50/p99 with each query's EXPLAIN (to show index scans) in bench/results/agency-orders.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { throwawayDatabase } from '../tests/support/database';
import { pct, timeCalls } from './timing';

const ROOT = path.resolve(import.meta.dirname, '..');
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const ROUNDS = 200;

const pg = await throwawayDatabase('bench-agency');
const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
const t0 = Date.now();
const [staff] = await sql<{ id: string }[]>`insert into users (email, password_hash, display_name, role)
  values ('bench-staff@example.test', 'x', '员工', 'agent') returning id`;
await sql`insert into agencies (name) select '旅行社' || g from generate_series(1, 20) g`;
const agencyIds = (await sql<{ id: string }[]>`select id from agencies order by name`).map((a) => a.id);
await sql`insert into customers (agency_id, name, mobile, mobile_masked, mobile_hash, created_by)
  select a.id, '客户' || g, 'sealed', '139****' || lpad(g::text, 4, '0'), md5(a.id::text || g), ${staff!.id}
  from agencies a, generate_series(1, 200) g`;
// 95 % agency orders (round-robin over agencies), 5 % travellers' own; created over the last year.
await sql`
  insert into orders (user_id, agency_id, customer_id, customer_order_no, status, train_code, from_station,
    to_station, departure_at, seat_type, total_fen, paid_fen, created_at, updated_at)
  select ${staff!.id},
    case when g % 20 = 0 then null else (${agencyIds} :: uuid[])[1 + g % 20] end,
    null,
    'B' || g, (array[2,3,5,7,8,8,8,9])[1 + g % 8], 'G' || (1 + g % 300), '北京南', '上海',
    now() + (g % 15) * interval '1 day', 4, 55300, 55300,
    now() - (g % 525600) * interval '1 minute', now()
  from generate_series(1, ${ORDERS}) g`;
await sql`update orders o set customer_id = c.id from (
    select id, agency_id, row_number() over (partition by agency_id order by id) as n from customers) c
  where o.agency_id = c.agency_id and c.n = 1 + (abs(hashtext(o.id::text)) % 200)`;
await sql`analyze`;
const seeded = Math.round((Date.now() - t0) / 1000);

const agency = agencyIds[3]!;
const [customer] = await sql<{ id: string }[]>`select id from customers where agency_id = ${agency} limit 1`;
const [deep] = await sql<{ created_at: Date; id: string }[]>`select created_at, id from orders
  where agency_id = ${agency} order by created_at desc, id desc offset ${Math.floor(ORDERS / 40)} limit 1`;

const QUERIES: Record<string, () => postgres.PendingQuery<postgres.Row[]>> = {
  firstPage: () => sql`select o.id from orders o join users u on u.id = o.user_id
    left join customers c on c.id = o.customer_id where o.agency_id = ${agency}
    order by o.created_at desc, o.id desc limit 50`,
  deepKeysetPage: () => sql`select o.id from orders o where o.agency_id = ${agency}
    and (o.created_at, o.id) < (${deep!.created_at}, ${deep!.id}) order by o.created_at desc, o.id desc limit 50`,
  statusAndDates: () => sql`select o.id from orders o where o.agency_id = ${agency} and o.status = 8
    and o.created_at >= now() - interval '30 days' order by o.created_at desc, o.id desc limit 50`,
  customer: () => sql`select o.id from orders o where o.agency_id = ${agency} and o.customer_id = ${customer!.id}
    order by o.created_at desc, o.id desc limit 50`,
  totalsThisMonth: () => sql`select count(*), sum(paid_fen) from orders where agency_id = ${agency}
    and created_at >= now() - interval '30 days'`,
};

const results: Record<string, { p50: number; p99: number; plan: string[] }> = {};
for (const [name, q] of Object.entries(QUERIES)) {
  const times = await timeCalls(ROUNDS, q);
  const plan = await sql<{ 'QUERY PLAN': string }[]>`explain ${q()}`;
  results[name] = { p50: pct(times, 50), p99: pct(times, 99), plan: plan.map((r) => r['QUERY PLAN']) };
  console.log(`${name}: p50 ${results[name].p50} ms, p99 ${results[name].p99} ms`);
}
const out = {
  at: new Date().toISOString(),
  orders: ORDERS,
  agencies: 20,
  seededSeconds: seeded,
  rounds: ROUNDS,
  queries: results,
};
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'agency-orders.json'), `${JSON.stringify(out, null, 2)}\n`);
await sql.end();
await pg.dispose();
