/**
 * The comparisons of a reconciliation run, each a set-based query over the run's scope (the temp table
 * recon_scope of order ids). Four sides, integer fen:
 *   expected  what the provider should have refunded: the 12306 fee schedule (lib/domain/fees, the fee
 *             the refund dialog showed), the window's fee for a station refund, all of a failed issue;
 *   reported  what the provider says it refunded (订单详情 as applied to ticket_refunds / change_orders);
 *   moved     what the distributor balance at the provider moved by (provider_balance_movements);
 *   paid back what we paid the traveller (payment_refunds) or credited the agency (ledger).
 * A finding is one (reason, order, subject) — the ticket, the change order, '' for the order itself or
 * 'ledger' for an agency order's ledger — so a re-run finds the same key again.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import type { ReconReasonCode } from '@/lib/domain/recon';
import { changeSettlement, refundFee, sumChangeSettlements } from '@/lib/domain/fees';
import { formatYuan } from '@/lib/domain/money';
import { env } from '@/lib/env';
import type { Tx } from './state';
import { logInfo } from '@/lib/log';

export interface Finding {
  reason: ReconReasonCode;
  orderId: string;
  ticketId: string | null;
  changeOrderId: string | null;
  subjectKey: string;
  expectedFen: number | null;
  reportedFen: number | null;
  providerMovedFen: number | null;
  paidBackFen: number | null;
  detail: string;
}

export interface CheckContext {
  /** Findings about lateness count only for things older than this (asOf − N hours). */
  cutoff: Date;
  missingAfterHours: number;
}

const REFUND_KINDS = sql`('ticket_refund', 'offline_refund')`;
/**
 * `pb`: what went back to the traveller for one cause of the row `alias` (an order_id and an id
 * column), its failed-and-renamed attempts included: all that holds money, and what succeeded.
 */
const paidBack = (alias: 'r' | 'co', cause: 'ticket_refund' | 'change_refund') => sql`left join lateral (
      select sum(pr.amount_fen) filter (where pr.status in ('pending', 'succeeded')) as all_fen,
             sum(pr.amount_fen) filter (where pr.status = 'succeeded') as ok_fen
      from payment_refunds pr
      where pr.order_id = ${sql.raw(`${alias}.order_id`)} and pr.cause_ref = ${sql.raw(`${alias}.id::text`)}
        and (pr.cause = ${cause} or pr.cause like ${`${cause}:%`})
    ) pb on true`;
const n = (v: unknown): number => Number(v ?? 0);
const nn = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const y = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));

/**
 * Creates the run's scope: orders with money coming back since `since` (refunds, changes, credits,
 * orders that ended without tickets), and orders with live discrepancies. Each branch has its index
 * (migration 0011), so a day's run reads the day's activity, not the 1M orders.
 */
export async function buildScope(tx: Tx, since: Date): Promise<number> {
  await tx.execute(sql`drop table if exists recon_scope`);
  await tx.execute(sql`
    create temp table recon_scope on commit drop as
    select order_id from (
      select order_id from ticket_refunds where updated_at >= ${since.toISOString()}
      union select order_id from change_orders where updated_at >= ${since.toISOString()} and status in (32, 34, 35, 37)
      union select order_id from payment_refunds where order_id is not null and updated_at >= ${since.toISOString()}
      union select order_id from provider_balance_movements
        where order_id is not null and amount_fen > 0 and occurred_at >= ${since.toISOString()}
      union select order_id from window_refund_claims where claimed_at >= ${since.toISOString()}
      union select id from orders where status in (3, 5, 9) and updated_at >= ${since.toISOString()}
      union select order_id from ledger_transactions
        where order_id is not null and kind in ('refund', 'release') and created_at >= ${since.toISOString()}
      union select order_id from recon_discrepancies where state <> 'resolved'
    ) s where order_id is not null`);
  await tx.execute(sql`alter table recon_scope add primary key (order_id)`);
  await tx.execute(sql`analyze recon_scope`);
  const [r] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from recon_scope`);
  return r?.n ?? 0;
}

interface RefundRow extends Record<string, unknown> {
  id: string;
  order_id: string;
  ticket_id: string;
  status: number;
  origin: string;
  fee_fen: string | null;
  expected_fee_fen: string | null;
  provider_refund_fen: string | null;
  created_at: Date;
  updated_at: Date;
  price_fen: string;
  departure_at: Date;
  paid_fen: string;
  moved_fen: string;
  moved_count: number;
  covered: boolean;
  paid_back_fen: string;
  paid_back_succeeded_fen: string;
  passenger_name: string;
}

/** Ticket refunds: missing, wrong amount, and what the traveller got for them. */
async function ticketRefundChecks(tx: Tx, c: CheckContext): Promise<{ findings: Finding[]; tickets: number }> {
  const rows = await tx.execute<RefundRow>(sql`
    select r.id, r.order_id, r.ticket_id, r.status, r.origin, r.fee_fen, r.expected_fee_fen, r.provider_refund_fen,
           r.created_at, r.updated_at, t.price_fen, t.passenger_name,
           coalesce(co.departure_at, o.departure_at) as departure_at, o.paid_fen,
           coalesce(mv.moved, 0) as moved_fen, coalesce(mv.cnt, 0)::int as moved_count,
           exists (select 1 from provider_balance_movements m2 where m2.order_id = r.order_id) as covered,
           coalesce(pb.all_fen, 0) as paid_back_fen, coalesce(pb.ok_fen, 0) as paid_back_succeeded_fen
    from ticket_refunds r
    join recon_scope s on s.order_id = r.order_id
    join orders o on o.id = r.order_id
    join order_tickets t on t.id = r.ticket_id
    left join change_orders co on co.id = t.change_order_id
    left join lateral (
      select sum(m.amount_fen) as moved, count(*) as cnt from provider_balance_movements m
      where m.order_id = r.order_id and m.ticket_no = t.ticket_no and m.kind in ${REFUND_KINDS}
    ) mv on true
    ${paidBack('r', 'ticket_refund')}
    where r.status in (20, 21, 23)`);
  const out: Finding[] = [];
  for (const r of rows) {
    const price = n(r.price_fen);
    const reported = nn(r.provider_refund_fen);
    // The fee: what the dialog showed for a refund we asked for (the 12306 schedule at that moment);
    // the fee the window kept for a station refund ("退票的手续费由12306规定和收取", FAQ §17).
    let fee: number | null;
    if (r.origin === 'user')
      fee = nn(r.expected_fee_fen) ?? refundFee(price, new Date(r.departure_at), new Date(r.created_at)).feeFen;
    else fee = nn(r.fee_fen);
    const expected = fee === null ? null : price - fee;
    const moved = r.moved_count > 0 ? n(r.moved_fen) : null;
    const base = {
      orderId: r.order_id,
      ticketId: r.ticket_id,
      changeOrderId: null,
      subjectKey: r.ticket_id,
      expectedFen: expected,
      reportedFen: reported,
      providerMovedFen: moved,
      paidBackFen: n(r.paid_back_fen),
    };
    const old = new Date(r.updated_at) < c.cutoff;
    if (r.status === 20 || r.status === 23) {
      if (new Date(r.created_at) < c.cutoff)
        out.push({
          ...base,
          reason: 'refund_missing',
          detail: `${r.passenger_name} 的退票${r.status === 23 ? '已退票未退款' : '仍在退票中'}，超过 ${c.missingAfterHours} 小时供应商未报告退款（应退 ${y(expected)}）`,
        });
      continue;
    }
    // 21 退票成功.
    if (reported !== null && expected !== null && reported !== expected) {
      out.push({
        ...base,
        reason: 'amount_differs',
        detail: `${r.passenger_name} 的退票：按退票费规则应退 ${y(expected)}，供应商报告退款 ${y(reported)}`,
      });
    } else if (reported !== null && r.moved_count === 1 && moved !== reported) {
      out.push({
        ...base,
        reason: 'amount_differs',
        detail: `${r.passenger_name} 的退票：供应商报告退款 ${y(reported)}，账户余额实际变动 ${y(moved)}`,
      });
    } else if (reported !== null && reported > 0 && r.moved_count === 0 && r.covered && old) {
      out.push({
        ...base,
        reason: 'refund_missing',
        detail: `${r.passenger_name} 的退票：供应商报告已退款 ${y(reported)}，超过 ${c.missingAfterHours} 小时账户余额仍未收到`,
      });
    }
    if (n(r.paid_fen) > 0 && reported !== null && reported > 0) {
      const all = n(r.paid_back_fen);
      const ok = n(r.paid_back_succeeded_fen);
      if (all > reported)
        out.push({
          ...base,
          reason: 'credited_twice',
          detail: `${r.passenger_name} 的退票：供应商退款 ${y(reported)}，我们退给旅客 ${y(all)}`,
        });
      else if (ok < reported && old)
        out.push({
          ...base,
          reason: 'traveller_not_credited',
          detail: `${r.passenger_name} 的退票：供应商退款 ${y(reported)}，超过 ${c.missingAfterHours} 小时只退给旅客 ${y(ok)}`,
        });
    }
  }
  return { findings: out, tickets: rows.length };
}

/** Statement lines for refunds that the provider never reported, or reported twice. */
/** A ticket refunded at the station (seen in the account's movements, or claimed by an agency) that 订单详情 never reported. */
const unreportedRefund = (
  r: { order_id: string; ticket_id: string },
  providerMovedFen: number | null,
  detail: string,
): Finding => ({
  reason: 'offline_refund_unreported',
  orderId: r.order_id,
  ticketId: r.ticket_id,
  changeOrderId: null,
  subjectKey: r.ticket_id,
  expectedFen: null,
  reportedFen: null,
  providerMovedFen,
  paidBackFen: 0,
  detail,
});

async function statementChecks(tx: Tx, c: CheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  const unreported = await tx.execute<{
    order_id: string;
    ticket_id: string;
    passenger_name: string;
    moved: string;
    kinds: string;
  }>(sql`
    select m.order_id, t.id as ticket_id, t.passenger_name, sum(m.amount_fen) as moved, string_agg(distinct m.kind, ',') as kinds
    from provider_balance_movements m
    join recon_scope s on s.order_id = m.order_id
    join order_tickets t on t.order_id = m.order_id and t.ticket_no = m.ticket_no
    where m.kind in ${REFUND_KINDS}
      and not exists (select 1 from ticket_refunds r where r.ticket_id = t.id and r.status in (20, 21, 23))
    group by m.order_id, t.id, t.passenger_name
    having max(m.occurred_at) < ${c.cutoff.toISOString()}`);
  for (const r of unreported)
    out.push(
      unreportedRefund(
        r,
        n(r.moved),
        `${r.passenger_name} 的车票：账户余额收到退款 ${y(n(r.moved))}（${r.kinds}），超过 ${c.missingAfterHours} 小时订单详情仍未报告退票`,
      ),
    );
  const claims = await tx.execute<{
    order_id: string;
    ticket_id: string;
    passenger_name: string;
    claimed_at: Date;
  }>(sql`
    select w.order_id, w.ticket_id, t.passenger_name, w.claimed_at
    from window_refund_claims w
    join recon_scope s on s.order_id = w.order_id
    join order_tickets t on t.id = w.ticket_id
    where w.state = 'claimed' and w.claimed_at < ${c.cutoff.toISOString()}
      and not exists (select 1 from ticket_refunds r where r.ticket_id = w.ticket_id and r.status in (21, 23))`);
  for (const r of claims)
    if (!out.some((f) => f.subjectKey === r.ticket_id))
      out.push(
        unreportedRefund(
          r,
          null,
          `${r.passenger_name} 的车票：旅行社登记了车站窗口退票，超过 ${c.missingAfterHours} 小时供应商仍未报告`,
        ),
      );
  const twice = await tx.execute<{
    order_id: string;
    ticket_id: string | null;
    change_id: string | null;
    key: string;
    label: string;
    moved: string;
    cnt: number;
  }>(sql`
    select m.order_id, t.id as ticket_id, null::uuid as change_id, coalesce(t.id::text, 'ticket:' || m.ticket_no) as key,
           coalesce(t.passenger_name, m.ticket_no) as label, sum(m.amount_fen) as moved, count(*)::int as cnt
    from provider_balance_movements m
    join recon_scope s on s.order_id = m.order_id
    left join order_tickets t on t.order_id = m.order_id and t.ticket_no = m.ticket_no
    where m.kind in ${REFUND_KINDS} and m.ticket_no is not null
    group by m.order_id, t.id, t.passenger_name, m.ticket_no having count(*) > 1
    union all
    select m.order_id, null, co.id, coalesce(co.id::text, 'change:' || m.change_no), '改签单 ' || m.change_no,
           sum(m.amount_fen), count(*)::int
    from provider_balance_movements m
    join recon_scope s on s.order_id = m.order_id
    left join change_orders co on co.provider_change_no = m.change_no
    where m.kind = 'change_refund'
    group by m.order_id, co.id, m.change_no having count(*) > 1
    union all
    select m.order_id, null, null, '', '出票失败退款', sum(m.amount_fen), count(*)::int
    from provider_balance_movements m
    join recon_scope s on s.order_id = m.order_id
    where m.kind = 'issue_fail_refund'
    group by m.order_id having count(*) > 1`);
  for (const r of twice)
    out.push({
      reason: 'refund_reported_twice',
      orderId: r.order_id,
      ticketId: r.ticket_id,
      changeOrderId: r.change_id,
      subjectKey: r.key,
      expectedFen: null,
      reportedFen: null,
      providerMovedFen: n(r.moved),
      paidBackFen: null,
      detail: `${r.label}：供应商账户流水记了 ${r.cnt} 笔退款，共 ${y(n(r.moved))}`,
    });
  return out;
}

/** Orders that ended without tickets: the provider's debit must have come back, and the traveller's money. */
async function failedOrderChecks(tx: Tx, c: CheckContext): Promise<{ findings: Finding[]; orders: number }> {
  const rows = await tx.execute<{
    id: string;
    status: number;
    updated_at: Date;
    paid_in: string;
    back_all: string;
    back_ok: string;
    net: string | null;
    debits: string | null;
    last_move: Date | null;
  }>(sql`
    select o.id, o.status, o.updated_at,
           (select coalesce(sum(p.amount_fen), 0) from payments p where p.order_id = o.id and p.status = 'paid') as paid_in,
           (select coalesce(sum(pr.amount_fen), 0) from payment_refunds pr
              where pr.order_id = o.id and pr.status in ('pending', 'succeeded')) as back_all,
           (select coalesce(sum(pr.amount_fen), 0) from payment_refunds pr
              where pr.order_id = o.id and pr.status = 'succeeded') as back_ok,
           mv.net, mv.debits, mv.last_move
    from orders o
    join recon_scope s on s.order_id = o.id
    left join lateral (
      select sum(m.amount_fen) as net, -sum(m.amount_fen) filter (where m.amount_fen < 0) as debits,
             max(m.occurred_at) as last_move
      from provider_balance_movements m where m.order_id = o.id
    ) mv on true
    where o.status in (3, 5, 9)`);
  const out: Finding[] = [];
  for (const r of rows) {
    const net = nn(r.net);
    const base = { orderId: r.id, ticketId: null, changeOrderId: null, subjectKey: '' };
    if (net !== null && net < 0 && r.last_move && new Date(r.last_move) < c.cutoff)
      out.push({
        ...base,
        reason: 'debit_without_ticket',
        expectedFen: n(r.debits),
        reportedFen: null,
        providerMovedFen: net,
        paidBackFen: n(r.back_all),
        detail: `订单未出票，供应商扣款 ${y(n(r.debits))}，超过 ${c.missingAfterHours} 小时仍有 ${y(-net)} 未退回账户余额`,
      });
    const paidIn = n(r.paid_in);
    if (paidIn <= 0) continue;
    const all = n(r.back_all);
    const ok = n(r.back_ok);
    const money = { expectedFen: paidIn, reportedFen: null, providerMovedFen: net, paidBackFen: all };
    if (all > paidIn)
      out.push({
        ...base,
        ...money,
        reason: 'credited_twice',
        detail: `订单未出票，旅客付款 ${y(paidIn)}，我们退回 ${y(all)}`,
      });
    else if (ok < paidIn && new Date(r.updated_at) < c.cutoff)
      out.push({
        ...base,
        ...money,
        reason: 'traveller_not_credited',
        detail: `订单未出票，旅客付款 ${y(paidIn)}，超过 ${c.missingAfterHours} 小时只退回 ${y(ok)}`,
      });
  }
  return { findings: out, orders: rows.length };
}

/**
 * Issued orders whose payment went back in full as if they had not been (issue failed, cancelled, a
 * refused 确认出票): the traveller has the ticket and the money.
 */
async function issuedButReturnedChecks(tx: Tx): Promise<Finding[]> {
  const rows = await tx.execute<{ id: string; back: string; paid_in: string; causes: string }>(sql`
    select o.id, sum(pr.amount_fen) as back, string_agg(distinct pr.cause, ',') as causes,
           (select coalesce(sum(p.amount_fen), 0) from payments p where p.order_id = o.id and p.status = 'paid') as paid_in
    from orders o
    join recon_scope s on s.order_id = o.id
    join payment_refunds pr on pr.order_id = o.id
    where o.status = 8 and pr.status in ('pending', 'succeeded')
      and pr.cause in ('issue_failed', 'cancelled', 'confirm_refused')
    group by o.id`);
  return rows.map((r) => ({
    reason: 'credited_twice' as const,
    orderId: r.id,
    ticketId: null,
    changeOrderId: null,
    subjectKey: '',
    expectedFen: 0,
    reportedFen: null,
    providerMovedFen: null,
    paidBackFen: n(r.back),
    detail: `订单已出票，旅客付款 ${y(n(r.paid_in))} 却按未出票退回 ${y(n(r.back))}（${r.causes}）`,
  }));
}

/**
 * The 退差价 a cheaper 改签 should bring back, from the fee rules (lib/domain/fees changeSettlement,
 * per ticket, summed), the same rules the provider states in its 订单详情 example (panhe-train-api.md
 * trainChaOrder, priceChangeType 3): "退票手续费:4.0元,退票费率:10%,实际退还票款:3.0元,改签费用:1.0元,
 * 改签费率:5%" — the difference (old fare − new fare) less the refund fee on the difference at the time
 * before the ORIGINAL departure, less the change fee (changRate of the original fare), per ticket.
 * The provider prices the change when the seats are held, which we know only to lie between our
 * application (change_orders.created_at) and the order event showing it held (status 31): when a
 * fee band boundary falls in between, either price is right. Null when the new fares are not known.
 */
export function expectedChangeRefund(
  pairs: readonly { oldFen: number; newFen: number | null }[],
  originalDepartureAt: Date,
  pricedBetween: readonly Date[],
  reportedFen: number | null,
): number | null {
  if (!pairs.length || pairs.some((p) => p.newFen === null)) return null;
  const at = (now: Date) =>
    sumChangeSettlements(
      pairs.map((p) => changeSettlement({ originalFen: p.oldFen, newFen: p.newFen!, originalDepartureAt, now })),
    );
  const candidates = pricedBetween.map(at).filter((s) => s.priceChangeType === 3);
  if (!candidates.length) return null;
  return (candidates.find((s) => s.refundFen === reportedFen) ?? candidates[candidates.length - 1]!).refundFen;
}

/**
 * Cheaper 改签: the difference the rules say should come back (expected), what the provider reported,
 * what its balance moved by, what the traveller got.
 */
async function changeChecks(tx: Tx, c: CheckContext): Promise<Finding[]> {
  const rows = await tx.execute<{
    id: string;
    order_id: string;
    provider_change_no: string;
    provider_refund_fen: string | null;
    created_at: Date;
    held_at: Date | null;
    updated_at: Date;
    departure_at: Date;
    pairs: { oldFen: number; newFen: number | null }[] | null;
    paid_fen: string;
    moved: string | null;
    moved_count: number;
    back_all: string;
    back_ok: string;
  }>(sql`
    select co.id, co.order_id, co.provider_change_no, co.provider_refund_fen, co.created_at, co.updated_at,
           o.departure_at, o.paid_fen, tp.pairs, ev.held_at,
           mv.moved, coalesce(mv.cnt, 0)::int as moved_count,
           coalesce(pb.all_fen, 0) as back_all, coalesce(pb.ok_fen, 0) as back_ok
    from change_orders co
    join recon_scope s on s.order_id = co.order_id
    join orders o on o.id = co.order_id
    left join lateral (
      select json_agg(json_build_object('oldFen', old.price_fen, 'newFen', nt.price_fen)) as pairs
      from order_tickets old
      left join order_tickets nt on nt.replaces_ticket_id = old.id and nt.change_order_id = co.id
      where old.id = any(co.ticket_ids)
    ) tp on true
    left join lateral (
      select min(e.at) as held_at from order_events e
      where e.order_id = co.order_id and e.kind = 'change' and e.ref_id = co.id::text and e.to_status = 31
    ) ev on true
    left join lateral (
      select sum(m.amount_fen) as moved, count(*) as cnt from provider_balance_movements m
      where m.order_id = co.order_id and m.change_no = co.provider_change_no and m.kind = 'change_refund'
    ) mv on true
    ${paidBack('co', 'change_refund')}
    where co.status = 34 and co.price_change_type = 3`);
  const out: Finding[] = [];
  for (const r of rows) {
    const reported = nn(r.provider_refund_fen);
    const moved = r.moved_count > 0 ? n(r.moved) : null;
    const expected = expectedChangeRefund(
      r.pairs ?? [],
      new Date(r.departure_at),
      [new Date(r.created_at), ...(r.held_at ? [new Date(r.held_at)] : [])],
      reported,
    );
    const base = {
      orderId: r.order_id,
      ticketId: null,
      changeOrderId: r.id,
      subjectKey: r.id,
      expectedFen: expected,
      reportedFen: reported,
      providerMovedFen: moved,
      paidBackFen: n(r.back_all),
    };
    if (!reported) {
      // 改签成功 and cheaper, but no 低改退差价 (chaRefundType 2) reported after N hours.
      if (expected && new Date(r.updated_at) < c.cutoff)
        out.push({
          ...base,
          reason: 'refund_missing',
          detail: `改签单 ${r.provider_change_no}：按规则应退差价 ${y(expected)}，超过 ${c.missingAfterHours} 小时供应商仍未退`,
        });
      continue;
    }
    const differs: string[] = [];
    if (expected !== null && expected !== reported)
      differs.push(`按规则应退差价 ${y(expected)}，供应商报告退差价 ${y(reported)}`);
    if (r.moved_count === 1 && moved !== reported)
      differs.push(`供应商报告退差价 ${y(reported)}，账户余额实际变动 ${y(moved)}`);
    if (differs.length)
      out.push({ ...base, reason: 'amount_differs', detail: `改签单 ${r.provider_change_no}：${differs.join('；')}` });
    if (n(r.paid_fen) <= 0) continue;
    if (n(r.back_all) > reported)
      out.push({
        ...base,
        reason: 'credited_twice',
        detail: `改签单 ${r.provider_change_no}：供应商退差价 ${y(reported)}，我们退给旅客 ${y(n(r.back_all))}`,
      });
    else if (n(r.back_ok) < reported && new Date(r.updated_at) < c.cutoff)
      out.push({
        ...base,
        reason: 'traveller_not_credited',
        detail: `改签单 ${r.provider_change_no}：供应商退差价 ${y(reported)}，超过 ${c.missingAfterHours} 小时只退给旅客 ${y(n(r.back_ok))}`,
      });
  }
  return out;
}

/** Agency orders: every agency credit in the ledger matches one settled refund of the order, once. */
async function ledgerChecks(tx: Tx, c: CheckContext): Promise<Finding[]> {
  const rows = await tx.execute<{ id: string; ledger: string; refunds: string; last_at: Date | null }>(sql`
    select o.id,
           (select coalesce(sum(e.amount_fen), 0)
              from ledger_transactions lt
              join ledger_entries e on e.transaction_id = lt.id
              join ledger_accounts a on a.id = e.account_id and a.kind = 'agency_balance'
              where lt.order_id = o.id and lt.kind in ('refund', 'release')) as ledger,
           (select coalesce(sum(pr.amount_fen), 0) from payment_refunds pr join payments p on p.id = pr.payment_id
              where pr.order_id = o.id and pr.status = 'succeeded' and p.gateway = 'balance') as refunds,
           (select max(pr.updated_at) from payment_refunds pr where pr.order_id = o.id) as last_at
    from orders o
    join recon_scope s on s.order_id = o.id
    where o.agency_id is not null`);
  const out: Finding[] = [];
  for (const r of rows) {
    const ledger = n(r.ledger);
    const refunds = n(r.refunds);
    if (ledger === refunds) continue;
    const base = {
      orderId: r.id,
      ticketId: null,
      changeOrderId: null,
      subjectKey: 'ledger',
      expectedFen: refunds,
      reportedFen: null,
      providerMovedFen: null,
      paidBackFen: ledger,
    };
    if (ledger > refunds)
      out.push({
        ...base,
        reason: 'credited_twice',
        detail: `旅行社订单：应退回预存款 ${y(refunds)}，账本记入 ${y(ledger)}`,
      });
    else if (!r.last_at || new Date(r.last_at) < c.cutoff)
      out.push({
        ...base,
        reason: 'traveller_not_credited',
        detail: `旅行社订单：应退回预存款 ${y(refunds)}，账本只记入 ${y(ledger)}`,
      });
  }
  return out;
}

export async function runChecks(tx: Tx, c: CheckContext): Promise<{ findings: Finding[]; tickets: number }> {
  // RECON_PROFILE=1 logs each comparison's time at info (bench/recon.ts).
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    if (env().RECON_PROFILE) logInfo('recon profile', { step: name, ms: Math.round(performance.now() - t0) });
    return r;
  };
  const refunds = await timed('ticket refunds', () => ticketRefundChecks(tx, c));
  const statement = await timed('statement', () => statementChecks(tx, c));
  const failed = await timed('orders without tickets', () => failedOrderChecks(tx, c));
  const changes = await timed('changes', () => changeChecks(tx, c));
  const returned = await timed('issued but returned', () => issuedButReturnedChecks(tx));
  const ledger = await timed('agency ledger', () => ledgerChecks(tx, c));
  const all = [...refunds.findings, ...statement, ...failed.findings, ...changes, ...returned, ...ledger];
  // One finding per key (two comparisons may name the same thing): the first wins.
  const seen = new Set<string>();
  const findings = all.filter((f) => {
    const k = `${f.reason}|${f.orderId}|${f.subjectKey}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { findings, tickets: refunds.tickets };
}
