/**
 * Read side of reconciliation for the admin pages: the discrepancy list, one discrepancy with the four
 * sides and the order's timeline, the dashboard figures and the CSV rows. Callers authorize (admin).
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { db, sqlClient } from '@/db/client';
import type { ReconReason, ReconState } from '@/db/schema';
import { RECON_REASONS, reconReasonLabel, reconStateLabel } from '@/lib/domain/recon';
import { orderStatusLabel, ticketStatusLabel } from '@/lib/domain/states';
import { addDays, formatShanghai, shanghaiDate, shanghaiInstant, startOfShanghaiDay } from '@/lib/time';

const n = (v: unknown): number => Number(v ?? 0);
const nn = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const d = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dn = (v: unknown): Date | null => (v === null || v === undefined ? null : d(v));

// ---- list ---------------------------------------------------------------------------------------------

export interface DiscrepancyFilters {
  state?: ReconState | 'unresolved' | 'all';
  reason?: ReconReason;
  /** First seen on or after / before (exclusive). */
  from?: Date;
  to?: Date;
  /** Provider order number, our order number (customerOrderNo) or an order id, exact. */
  q?: string;
}

export interface PageRequest {
  /** 1-based. */
  page?: number;
  /** At most 200; default 50. */
  pageSize?: number;
}

export interface DiscrepancyRow {
  id: string;
  reason: ReconReason;
  reasonLabel: string;
  state: ReconState;
  stateLabel: string;
  orderId: string;
  providerOrderNo: string | null;
  customerOrderNo: string;
  trainCode: string;
  agencyId: string | null;
  ticketId: string | null;
  passengerName: string | null;
  changeOrderId: string | null;
  expectedFen: number | null;
  reportedFen: number | null;
  providerMovedFen: number | null;
  paidBackFen: number | null;
  detail: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  stateBy: string | null;
  stateAt: Date | null;
  stateNote: string | null;
}

/** The row's columns over `source` (the table, or a page of it chosen first: joins for 50 rows, not all). */
const rowsFrom = (source: SQL) => sql`
  select d.id, d.reason, d.state, d.order_id, o.provider_order_no, o.customer_order_no, o.train_code, o.agency_id,
         d.ticket_id, t.passenger_name, d.change_order_id, d.expected_fen, d.reported_fen, d.provider_moved_fen,
         d.paid_back_fen, d.detail, d.first_seen_at, d.last_seen_at, d.state_by, d.state_at, d.state_note
  from ${source} d
  join orders o on o.id = d.order_id
  left join order_tickets t on t.id = d.ticket_id`;
const ROW_SELECT = rowsFrom(sql`recon_discrepancies`);

/** A discrepancy row as selected by `rowsFrom` (also used by the admin list's keyset page, pages.ts). */
export function toRow(r: Record<string, unknown>): DiscrepancyRow {
  return {
    id: String(r.id),
    reason: r.reason as ReconReason,
    reasonLabel: reconReasonLabel(String(r.reason)),
    state: r.state as ReconState,
    stateLabel: reconStateLabel(String(r.state)),
    orderId: String(r.order_id),
    providerOrderNo: (r.provider_order_no as string | null) ?? null,
    customerOrderNo: String(r.customer_order_no),
    trainCode: String(r.train_code),
    agencyId: (r.agency_id as string | null) ?? null,
    ticketId: (r.ticket_id as string | null) ?? null,
    passengerName: (r.passenger_name as string | null) ?? null,
    changeOrderId: (r.change_order_id as string | null) ?? null,
    expectedFen: nn(r.expected_fen),
    reportedFen: nn(r.reported_fen),
    providerMovedFen: nn(r.provider_moved_fen),
    paidBackFen: nn(r.paid_back_fen),
    detail: String(r.detail),
    firstSeenAt: d(r.first_seen_at),
    lastSeenAt: d(r.last_seen_at),
    stateBy: (r.state_by as string | null) ?? null,
    stateAt: dn(r.state_at),
    stateNote: (r.state_note as string | null) ?? null,
  };
}

function filterWhere(f: DiscrepancyFilters): SQL {
  const parts: SQL[] = [];
  if (!f.state || f.state === 'unresolved') parts.push(sql`d.state in ('open', 'explained')`);
  else if (f.state !== 'all') parts.push(sql`d.state = ${f.state}`);
  if (f.reason) parts.push(sql`d.reason = ${f.reason}`);
  if (f.from) parts.push(sql`d.first_seen_at >= ${f.from.toISOString()}`);
  if (f.to) parts.push(sql`d.first_seen_at < ${f.to.toISOString()}`);
  const q = f.q?.trim();
  if (q) {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(q);
    parts.push(
      isUuid
        ? sql`d.order_id = ${q}::uuid`
        : sql`d.order_id in (select id from orders where provider_order_no = ${q} or customer_order_no = ${q})`,
    );
  }
  return parts.length ? sql`where ${sql.join(parts, sql` and `)}` : sql``;
}

/** Newest first. `state` defaults to unresolved (open + explained). */
export async function listDiscrepancies(
  filters: DiscrepancyFilters = {},
  page: PageRequest = {},
): Promise<{ rows: DiscrepancyRow[]; total: number; page: number; pageSize: number }> {
  const pageSize = Math.min(200, Math.max(1, Math.floor(page.pageSize ?? 50)));
  const p = Math.max(1, Math.floor(page.page ?? 1));
  const where = filterWhere(filters);
  const chosen = sql`(select * from recon_discrepancies d ${where}
    order by d.first_seen_at desc, d.id desc limit ${pageSize} offset ${(p - 1) * pageSize})`;
  const rows = await db().execute<Record<string, unknown>>(
    sql`${rowsFrom(chosen)} order by d.first_seen_at desc, d.id desc`,
  );
  const [c] = await db().execute<{ n: number }>(sql`select count(*)::int as n from recon_discrepancies d ${where}`);
  return { rows: rows.map(toRow), total: c?.n ?? 0, page: p, pageSize };
}

// ---- detail -------------------------------------------------------------------------------------------

export type TimelineKind =
  | 'callback'
  | 'order_event'
  | 'ticket_refund'
  | 'change'
  | 'payment'
  | 'payment_refund'
  | 'ledger'
  | 'statement'
  | 'discrepancy';

export interface TimelineItem {
  at: Date;
  kind: TimelineKind;
  title: string;
  detail: string | null;
  /** Signed where it is a movement (statement, ledger: + into the account). */
  fen: number | null;
  /** The record: callback id (for replay), event id, refund id … */
  ref: string;
  ticketId: string | null;
}

export interface DiscrepancyDetail {
  discrepancy: DiscrepancyRow;
  order: {
    id: string;
    providerOrderNo: string | null;
    customerOrderNo: string;
    status: number;
    statusLabel: string;
    trainCode: string;
    fromStation: string;
    toStation: string;
    departureAt: Date;
    totalFen: number;
    paidFen: number;
    refundedFen: number;
    agencyId: string | null;
    lastSyncedAt: Date | null;
  };
  ticket: {
    id: string;
    passengerName: string;
    ticketNo: string | null;
    status: number;
    statusLabel: string;
    priceFen: number;
    refundFeeFen: number | null;
    refundAmountFen: number | null;
  } | null;
  /** The three sides (expected by our rules, the provider's report and balance, what we paid back). */
  sides: {
    expectedFen: number | null;
    reportedFen: number | null;
    providerMovedFen: number | null;
    paidBackFen: number | null;
  };
  /** State changes of the discrepancy: who, when, why. */
  events: { at: Date; fromState: ReconState | null; toState: ReconState; actor: string; note: string | null }[];
  /** Everything that happened to the order's money, oldest first. */
  timeline: TimelineItem[];
}

export async function discrepancyDetail(id: string): Promise<DiscrepancyDetail | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [r] = await db().execute<Record<string, unknown>>(sql`${ROW_SELECT} where d.id = ${id}::uuid`);
  if (!r) return null;
  const row = toRow(r);
  const [o] = await db().execute<Record<string, unknown>>(sql`select * from orders where id = ${row.orderId}::uuid`);
  const [t] = row.ticketId
    ? await db().execute<Record<string, unknown>>(sql`select * from order_tickets where id = ${row.ticketId}::uuid`)
    : [];
  const events = await db().execute<Record<string, unknown>>(sql`
    select at, from_state, to_state, actor, note from recon_discrepancy_events where discrepancy_id = ${id}::uuid order by at, id`);
  return {
    discrepancy: row,
    order: {
      id: String(o!.id),
      providerOrderNo: (o!.provider_order_no as string | null) ?? null,
      customerOrderNo: String(o!.customer_order_no),
      status: n(o!.status),
      statusLabel: orderStatusLabel(n(o!.status)),
      trainCode: String(o!.train_code),
      fromStation: String(o!.from_station),
      toStation: String(o!.to_station),
      departureAt: d(o!.departure_at),
      totalFen: n(o!.total_fen),
      paidFen: n(o!.paid_fen),
      refundedFen: n(o!.refunded_fen),
      agencyId: (o!.agency_id as string | null) ?? null,
      lastSyncedAt: dn(o!.last_synced_at),
    },
    ticket: t
      ? {
          id: String(t.id),
          passengerName: String(t.passenger_name),
          ticketNo: (t.ticket_no as string | null) ?? null,
          status: n(t.status),
          statusLabel: ticketStatusLabel(n(t.status)),
          priceFen: n(t.price_fen),
          refundFeeFen: nn(t.refund_fee_fen),
          refundAmountFen: nn(t.refund_amount_fen),
        }
      : null,
    sides: {
      expectedFen: row.expectedFen,
      reportedFen: row.reportedFen,
      providerMovedFen: row.providerMovedFen,
      paidBackFen: row.paidBackFen,
    },
    events: events.map((e) => ({
      at: d(e.at),
      fromState: (e.from_state as ReconState | null) ?? null,
      toState: e.to_state as ReconState,
      actor: String(e.actor),
      note: (e.note as string | null) ?? null,
    })),
    timeline: await orderTimeline(row.orderId),
  };
}

/** The order's money timeline: callbacks, order events (syncs), refunds, payments, ledger, statement. */
export async function orderTimeline(orderId: string): Promise<TimelineItem[]> {
  const rows = await db().execute<Record<string, unknown>>(sql`
    select c.received_at as at, 'callback' as kind, 'callback:' || c.kind || coalesce(' ' || c.event_type, '') as title,
           c.verdict::text || coalesce(' · ' || c.detail, '') as detail, null::bigint as fen, c.id::text as ref, null::uuid as ticket_id
      from provider_callbacks c
      where c.provider_order_no = (select provider_order_no from orders where id = ${orderId}::uuid)
    union all
    select e.at, 'order_event', e.kind || ' ' || coalesce(e.from_status::text, '—') || '→' || e.to_status::text,
           e.source || coalesce(' · ' || e.actor, '') || coalesce(' · ' || e.note, ''), null, e.id::text, e.ticket_id
      from order_events e where e.order_id = ${orderId}::uuid
    union all
    select r.updated_at, 'ticket_refund', 'ticket_refund ' || r.status::text || ' (' || r.origin || ')',
           coalesce('fee ' || r.fee_fen::text, '') || coalesce(' · expected fee ' || r.expected_fee_fen::text, '')
             || coalesce(' · ' || r.provider_transaction_no, '') || coalesce(' · ' || r.failure_reason, ''),
           r.provider_refund_fen, r.id::text, r.ticket_id
      from ticket_refunds r where r.order_id = ${orderId}::uuid
    union all
    select co.updated_at, 'change', 'change ' || co.provider_change_no || ' ' || co.status::text,
           'priceChangeType ' || coalesce(co.price_change_type::text, '—') || coalesce(' · fee ' || co.change_fee_fen::text, ''),
           co.provider_refund_fen, co.id::text, null
      from change_orders co where co.order_id = ${orderId}::uuid
    union all
    select coalesce(p.paid_at, p.created_at), 'payment', 'payment ' || p.status::text || ' (' || p.gateway || ')',
           p.payment_no, p.amount_fen, p.id::text, null
      from payments p where p.order_id = ${orderId}::uuid
    union all
    select coalesce(pr.settled_at, pr.created_at), 'payment_refund', 'payment_refund ' || pr.status::text || ' ' || pr.cause,
           pr.reason, pr.amount_fen, pr.id::text, null
      from payment_refunds pr where pr.order_id = ${orderId}::uuid
    union all
    select lt.created_at, 'ledger', 'ledger ' || lt.kind, coalesce(lt.memo, lt.ref),
           (select sum(e.amount_fen) from ledger_entries e join ledger_accounts a on a.id = e.account_id
             where e.transaction_id = lt.id and a.kind = 'agency_balance'), lt.id::text, null
      from ledger_transactions lt where lt.order_id = ${orderId}::uuid
    union all
    select m.occurred_at, 'statement', 'statement ' || m.kind,
           coalesce(m.ticket_no, m.change_no, '') || coalesce(' · ' || m.transaction_no, ''), m.amount_fen, m.id::text, null
      from provider_balance_movements m where m.order_id = ${orderId}::uuid
    order by 1, 2`);
  return rows.map((r) => ({
    at: d(r.at),
    kind: r.kind as TimelineKind,
    title: String(r.title),
    detail: (r.detail as string | null) ?? null,
    fen: nn(r.fen),
    ref: String(r.ref),
    ticketId: (r.ticket_id as string | null) ?? null,
  }));
}

// ---- dashboard ----------------------------------------------------------------------------------------

export interface DateRange {
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface DashboardStats {
  /** Per Beijing day: ticket refunds the provider completed (退票成功), their amounts and fees. */
  days: {
    day: string;
    refunds: number;
    refundFen: number;
    feeFen: number;
    changeRefundFen: number;
    paidBackFen: number;
  }[];
  /** Unresolved discrepancies by reason; `fen`: the money they are about (see AT_STAKE). */
  openByReason: { reason: ReconReason; label: string; open: number; explained: number; fen: number }[];
  moneyInFlight: {
    /** Refunds asked for (20) or done at 12306 without the money (23): what the provider should still pay. */
    providerRefunds: { count: number; fen: number };
    /** Refunds to travellers not yet confirmed by the gateway. */
    travellerRefunds: { count: number; fen: number };
    /** Debits for orders without tickets still not returned (open debit_without_ticket). */
    debitsNotReturned: { count: number; fen: number };
  };
  lastRun: {
    id: string;
    startedAt: Date;
    finishedAt: Date | null;
    status: string;
    found: number;
    opened: number;
  } | null;
}

/** The money a discrepancy is about, by reason (always ≥ 0). */
const AT_STAKE = sql.raw(`abs(case reason
    when 'refund_missing' then coalesce(expected_fen, reported_fen, 0)
    when 'amount_differs' then coalesce(expected_fen, provider_moved_fen, 0) - coalesce(reported_fen, 0)
    when 'offline_refund_unreported' then coalesce(provider_moved_fen, 0)
    when 'refund_reported_twice' then coalesce(provider_moved_fen, 0) / 2
    when 'debit_without_ticket' then coalesce(provider_moved_fen, 0)
    else coalesce(paid_back_fen, 0) - coalesce(reported_fen, expected_fen, 0) end)`);

const DAY_MS = 86_400_000;

const dialect = new PgDialect({ casing: 'snake_case' });
/**
 * `query` as a named prepared statement of its pool connection (postgres.js keeps it per connection).
 * db().execute sends an unnamed statement: a describe round trip first and a fresh plan on every call
 * (~1 ms warm for the dashboard's statement, 12–28 ms on a connection's first call). A prepared one is
 * one round trip, and once Postgres settles on the generic plan it is not planned again. Only for
 * statements whose text is the same on every call (values as parameters).
 */
async function executePrepared(query: SQL): Promise<Record<string, unknown>[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return sqlClient().unsafe<Record<string, unknown>[]>(text, params as never[], { prepare: true });
}

/** The dashboard's one statement for a range (exported for bench/recon.ts, which EXPLAINs it). */
export function dashboardQuery(range: DateRange): SQL {
  // Whole Beijing days inside the range come from recon_daily (kept by triggers in the writers'
  // transactions, migration 0014: a primary-key range read); the parts of a day at either end
  // (usually "today so far") are summed live from the rows. Same figures as summing it all live.
  const floorDay = startOfShanghaiDay;
  const ceilDay = (at: Date) => {
    const start = floorDay(at);
    return start < at ? shanghaiInstant(addDays(shanghaiDate(at), 1)) : start;
  };
  const [from, to] = [range.from, range.to];
  const [wholeFrom, wholeTo] = [ceilDay(from), floorDay(to)];
  const whole = wholeFrom < wholeTo;
  // The live parts, each inside one Beijing day: [from, the first midnight or to) and [the last midnight,
  // to). Around whole days these are the two ends; a range within a day or across one midnight is
  // split at it; an empty part sums nothing.
  const firstEnd = new Date(Math.min(wholeFrom.getTime(), to.getTime()));
  const secondFrom = new Date(Math.max(floorDay(to).getTime(), firstEnd.getTime()));
  const parts = [
    [from, firstEnd],
    [secondFrom, to],
  ].map(([a, b]) => ({ a: a!.toISOString(), b: b!.toISOString(), day: shanghaiDate(a) }));
  const dailyFrom = shanghaiDate(wholeFrom);
  const dailyTo = whole ? shanghaiDate(wholeTo) : dailyFrom;
  // One statement, one round trip and one snapshot (it used to be six queries, nine round trips). A
  // named prepared statement with the same text on every call: the live parts are joined as rows so
  // the generic plan is the custom one, and Postgres stops planning it after the first executions.
  return sql`
    with part (day, a, b) as (
      values (${parts[0]!.day}, ${parts[0]!.a}::timestamptz, ${parts[0]!.b}::timestamptz),
             (${parts[1]!.day}, ${parts[1]!.a}::timestamptz, ${parts[1]!.b}::timestamptz))
    select
      (select coalesce(json_agg(s), '[]') from (
        select to_char(day, 'YYYY-MM-DD') as day, refunds, refund_fen, fee_fen, change_refund_fen as change_fen,
               paid_back_fen as paid_fen
        from recon_daily where day >= ${dailyFrom}::date and day < ${dailyTo}::date
        union all
        select p.day, x.n, x.refund_fen, x.fee_fen, 0, 0 from part p cross join lateral (
          select count(*) as n, coalesce(sum(r.provider_refund_fen), 0) as refund_fen, coalesce(sum(r.fee_fen), 0) as fee_fen
          from ticket_refunds r where r.status = 21 and r.updated_at >= p.a and r.updated_at < p.b) x
        where x.n > 0
        union all
        select p.day, 0, 0, 0, x.fen, 0 from part p cross join lateral (
          select count(*) as n, coalesce(sum(co.provider_refund_fen), 0) as fen from change_orders co
          where co.status = 34 and co.provider_refund_fen > 0 and co.updated_at >= p.a and co.updated_at < p.b) x
        where x.n > 0
        union all
        select p.day, 0, 0, 0, 0, x.fen from part p cross join lateral (
          select count(*) as n, coalesce(sum(pr.amount_fen), 0) as fen from payment_refunds pr
          where pr.status = 'succeeded' and pr.settled_at >= p.a and pr.settled_at < p.b) x
        where x.n > 0
      ) s) as days,
      (select coalesce(json_agg(s), '[]') from (
        select reason, count(*) filter (where state = 'open') as open, count(*) filter (where state = 'explained') as explained,
               coalesce(sum(${AT_STAKE}), 0) as fen
        from recon_discrepancies where state in ('open', 'explained') group by reason
      ) s) as by_reason,
      (select count(*) from ticket_refunds r where r.status in (20, 23))::int as p_count,
      (select coalesce(sum(t.price_fen - coalesce(r.fee_fen, r.expected_fee_fen, 0)), 0)
         from ticket_refunds r join order_tickets t on t.id = r.ticket_id where r.status in (20, 23)) as p_fen,
      (select count(*) from payment_refunds where status = 'pending')::int as t_count,
      (select coalesce(sum(amount_fen), 0) from payment_refunds where status = 'pending') as t_fen,
      (select count(*) from recon_discrepancies where reason = 'debit_without_ticket' and state in ('open', 'explained'))::int as d_count,
      (select coalesce(sum(-provider_moved_fen), 0) from recon_discrepancies
         where reason = 'debit_without_ticket' and state in ('open', 'explained')) as d_fen,
      last.id as last_id, last.started_at as last_started_at, last.finished_at as last_finished_at,
      last.status as last_status, last.found as last_found, last.opened as last_opened
    from (select 1) one
    left join (select id, started_at, finished_at, status, found, opened from recon_runs order by started_at desc limit 1) last
      on true`;
}

export async function dashboardStats(range: DateRange): Promise<DashboardStats> {
  // One row, always (a select without from-filter; no run yet: last_id null).
  const [r = {}] = await executePrepared(dashboardQuery(range));
  const lastId = (r.last_id as string | null | undefined) ?? null;
  const days = new Map<string, DashboardStats['days'][number]>();
  // Every day of the range, so a chart has no gaps.
  for (let t = range.from.getTime(); t < range.to.getTime(); t += DAY_MS) {
    const day = shanghaiDate(new Date(t));
    days.set(day, { day, refunds: 0, refundFen: 0, feeFen: 0, changeRefundFen: 0, paidBackFen: 0 });
  }
  const at = (day: string) => {
    if (!days.has(day)) days.set(day, { day, refunds: 0, refundFen: 0, feeFen: 0, changeRefundFen: 0, paidBackFen: 0 });
    return days.get(day)!;
  };
  for (const part of r.days as Record<string, unknown>[]) {
    const row = at(String(part.day));
    row.refunds += n(part.refunds);
    row.refundFen += n(part.refund_fen);
    row.feeFen += n(part.fee_fen);
    row.changeRefundFen += n(part.change_fen);
    row.paidBackFen += n(part.paid_fen);
  }
  const reasonMap = new Map((r.by_reason as Record<string, unknown>[]).map((x) => [String(x.reason), x]));
  return {
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    openByReason: RECON_REASONS.map((reason) => {
      const x = reasonMap.get(reason);
      return {
        reason,
        label: reconReasonLabel(reason),
        open: n(x?.open),
        explained: n(x?.explained),
        fen: n(x?.fen),
      };
    }),
    moneyInFlight: {
      providerRefunds: { count: n(r.p_count), fen: n(r.p_fen) },
      travellerRefunds: { count: n(r.t_count), fen: n(r.t_fen) },
      debitsNotReturned: { count: n(r.d_count), fen: n(r.d_fen) },
    },
    lastRun: lastId
      ? {
          id: lastId,
          startedAt: d(r.last_started_at),
          finishedAt: dn(r.last_finished_at),
          status: String(r.last_status),
          found: n(r.last_found),
          opened: n(r.last_opened),
        }
      : null,
  };
}

/** The latest runs, newest first. */
export async function listRuns(limit = 20) {
  const rows = await db().execute<Record<string, unknown>>(sql`
    select * from recon_runs order by started_at desc limit ${Math.min(100, Math.max(1, limit))}`);
  return rows.map((r) => ({
    id: String(r.id),
    trigger: String(r.trigger),
    actor: String(r.actor),
    status: String(r.status),
    startedAt: d(r.started_at),
    finishedAt: dn(r.finished_at),
    asOf: d(r.as_of),
    missingAfterHours: n(r.missing_after_hours),
    ordersChecked: n(r.orders_checked),
    ticketsChecked: n(r.tickets_checked),
    found: n(r.found),
    opened: n(r.opened),
    autoResolved: n(r.auto_resolved),
    movementsImported: n(r.movements_imported),
    providerBalanceFen: nn(r.provider_balance_fen),
    error: (r.error as string | null) ?? null,
  }));
}

// ---- CSV ----------------------------------------------------------------------------------------------

const yuan = (fen: number | null): string => (fen === null ? '' : (fen / 100).toFixed(2));
const bj = (at: Date | null): string => (at ? formatShanghai(at, { seconds: true }) : '');

/** Discrepancies first seen in the range (all states), header first; money in yuan, times Beijing. */
export async function* discrepancyCsvRows(range: DateRange): AsyncGenerator<string[]> {
  yield [
    '编号',
    '原因',
    '状态',
    '供应商订单号',
    '我方订单号',
    '车次',
    '乘客',
    '应退(元)',
    '供应商报告(元)',
    '账户变动(元)',
    '已退旅客(元)',
    '说明',
    '首次发现',
    '最近发现',
    '处理人',
    '处理时间',
    '处理说明',
  ];
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const cursor: SQL = after
      ? sql`and (d.first_seen_at, d.id) > (${after.at.toISOString()}, ${after.id}::uuid)`
      : sql``;
    const rows = (
      await db().execute<Record<string, unknown>>(sql`
      ${ROW_SELECT}
      where d.first_seen_at >= ${range.from.toISOString()} and d.first_seen_at < ${range.to.toISOString()} ${cursor}
      order by d.first_seen_at, d.id limit 1000`)
    ).map(toRow);
    for (const r of rows)
      yield [
        r.id,
        r.reasonLabel,
        r.stateLabel,
        r.providerOrderNo ?? '',
        r.customerOrderNo,
        r.trainCode,
        r.passengerName ?? '',
        yuan(r.expectedFen),
        yuan(r.reportedFen),
        yuan(r.providerMovedFen),
        yuan(r.paidBackFen),
        r.detail,
        bj(r.firstSeenAt),
        bj(r.lastSeenAt),
        r.stateBy ?? '',
        bj(r.stateAt),
        r.stateNote ?? '',
      ];
    if (rows.length < 1000) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.firstSeenAt, id: last.id };
  }
}

/**
 * The refund ledger for the range: every money-back of the provider (ticket refunds 21/23, cheaper
 * change differences, failed issues) with what its balance moved by and what we paid back.
 */
export async function* refundLedgerCsvRows(range: DateRange): AsyncGenerator<string[]> {
  yield [
    '时间',
    '类型',
    '供应商订单号',
    '我方订单号',
    '乘客/改签单',
    '票号',
    '票价(元)',
    '手续费(元)',
    '供应商退款(元)',
    '交易流水号',
    '账户变动(元)',
    '已退旅客(元)',
    '状态',
  ];
  let offset = 0;
  for (;;) {
    const rows = await db().execute<Record<string, unknown>>(sql`
      select * from (
        select r.updated_at as at, case when r.origin = 'user' then '线上退票' else '车站退票' end as kind,
               o.provider_order_no, o.customer_order_no, t.passenger_name as who, t.ticket_no, t.price_fen, r.fee_fen,
               r.provider_refund_fen as refund_fen, r.provider_transaction_no as tx_no,
               (select sum(m.amount_fen) from provider_balance_movements m
                 where m.order_id = r.order_id and m.ticket_no = t.ticket_no and m.kind in ('ticket_refund', 'offline_refund')) as moved,
               (select sum(pr.amount_fen) from payment_refunds pr where pr.order_id = r.order_id and pr.cause_ref = r.id::text
                 and pr.status = 'succeeded') as paid_back,
               r.status::text as status, r.id::text as id
        from ticket_refunds r join orders o on o.id = r.order_id join order_tickets t on t.id = r.ticket_id
        where r.status in (21, 23) and r.updated_at >= ${range.from.toISOString()} and r.updated_at < ${range.to.toISOString()}
        union all
        select co.updated_at, '改签退差价', o.provider_order_no, o.customer_order_no, co.provider_change_no, null, null,
               co.change_fee_fen, co.provider_refund_fen, null,
               (select sum(m.amount_fen) from provider_balance_movements m where m.change_no = co.provider_change_no and m.kind = 'change_refund'),
               (select sum(pr.amount_fen) from payment_refunds pr where pr.order_id = co.order_id and pr.cause_ref = co.id::text
                 and pr.status = 'succeeded'),
               co.status::text, co.id::text
        from change_orders co join orders o on o.id = co.order_id
        where co.status = 34 and co.provider_refund_fen > 0 and co.updated_at >= ${range.from.toISOString()} and co.updated_at < ${range.to.toISOString()}
        union all
        select o.updated_at, '出票失败退款', o.provider_order_no, o.customer_order_no, null, null, null, null,
               (select -sum(m.amount_fen) filter (where m.amount_fen < 0) from provider_balance_movements m where m.order_id = o.id),
               null,
               (select sum(m.amount_fen) filter (where m.amount_fen > 0) from provider_balance_movements m where m.order_id = o.id),
               (select sum(pr.amount_fen) from payment_refunds pr where pr.order_id = o.id and pr.status = 'succeeded'),
               o.status::text, o.id::text
        from orders o
        where o.status = 9 and o.updated_at >= ${range.from.toISOString()} and o.updated_at < ${range.to.toISOString()}
      ) x order by at, id limit 1000 offset ${offset}`);
    for (const r of rows)
      yield [
        bj(d(r.at)),
        String(r.kind),
        (r.provider_order_no as string | null) ?? '',
        String(r.customer_order_no),
        (r.who as string | null) ?? '',
        (r.ticket_no as string | null) ?? '',
        yuan(nn(r.price_fen)),
        yuan(nn(r.fee_fen)),
        yuan(nn(r.refund_fen)),
        (r.tx_no as string | null) ?? '',
        yuan(nn(r.moved)),
        yuan(nn(r.paid_back)),
        String(r.status),
      ];
    if (rows.length < 1000) return;
    offset += rows.length;
  }
}
