/**
 * The distributor's balance moves only here: every change of sandbox.distributors.balance_fen writes a
 * statement line (sandbox.balance_movements) in the same transaction, so the statement served at
 * GET /sandbox/statement sums to the balance's movements. "钱从哪里来的,就回到哪里去" (juhe FAQ §17): a
 * debit at 确认出票 / 确认改签, a credit at 出票失败, 退票, 线下退票, 改签退差价.
 *
 * Money faults (POST /sandbox/money-faults) make the money go wrong on purpose, for one order or at a
 * rate, and record every time one took effect (money_fault_hits):
 *   refund_never_arrives       a refund (online or window) is never completed: 20/23 forever, no credit;
 *   refund_wrong_amount        the refund completes ¥1 short (fee unchanged), credited and reported so;
 *   offline_refund_unreported  a window refund credits the balance but 订单详情 never shows it;
 *   refund_reported_twice      the refund is credited twice (two statement lines) and notified twice;
 *   debit_without_ticket       确认出票 debits, the issue fails, the debit never comes back.
 *   change_refund_never_arrives  a cheaper 改签 is issued but its 退差价 never comes: no credit, no refundAmount;
 *   change_refund_wrong_amount   the 退差价 comes ¥1 short (the pricing unchanged), credited and reported so.
 */
import { z } from 'zod';
import { num, type Ctx, type Q, type Tx } from './context';

export const MONEY_FAULT_KINDS = [
  'refund_never_arrives',
  'refund_wrong_amount',
  'offline_refund_unreported',
  'refund_reported_twice',
  'debit_without_ticket',
  'change_refund_never_arrives',
  'change_refund_wrong_amount',
] as const;
export type MoneyFaultKind = (typeof MONEY_FAULT_KINDS)[number];

export const moneyFaultRequest = z
  .object({
    kind: z.enum(MONEY_FAULT_KINDS),
    orderNo: z.string().min(1).optional(),
    rate: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((x) => (x.orderNo === undefined) !== (x.rate === undefined), {
    message: '应为 {kind, orderNo} 或 {kind, rate}',
  });

export interface Movement {
  kind: string;
  orderNo?: string | null;
  ticketNo?: string | null;
  chaNo?: string | null;
  /** Signed fen: + back to the balance, − debited. */
  amountFen: number;
}

/**
 * Moves the balance by `amountFen` and writes the statement line, in one statement. With `guard` a
 * debit that would take the balance below zero moves nothing and returns null.
 *
 * The distributor's row is every order's hot row (each 确认出票 debits it), so the update holds its row
 * lock for as short as possible: one round trip here, and callers move the balance as the last
 * statement of their transaction (the lock is held from this statement to the commit).
 */
export async function moveBalance(
  ctx: Ctx,
  tx: Tx,
  appKey: string,
  m: Movement,
  guard = false,
): Promise<number | null> {
  const at = await ctx.now();
  const transactionNo =
    'SBXT' +
    at.getTime().toString(36).toUpperCase() +
    Math.floor(ctx.random() * 1e6)
      .toString(36)
      .toUpperCase();
  const rows = await tx<{ balance_after_fen: string }[]>`
    with moved as (
      update sandbox.distributors set balance_fen = balance_fen + ${m.amountFen}
      where app_key = ${appKey} ${guard ? tx`and balance_fen + ${m.amountFen} >= 0` : tx``}
      returning balance_fen)
    insert into sandbox.balance_movements
      (app_key, kind, order_no, ticket_no, cha_no, amount_fen, balance_after_fen, transaction_no, at)
    select ${appKey}, ${m.kind}, ${m.orderNo ?? null}, ${m.ticketNo ?? null}, ${m.chaNo ?? null}, ${m.amountFen},
      balance_fen, ${transactionNo}, ${at}
    from moved
    returning balance_after_fen`;
  return rows.length ? num(rows[0]!.balance_after_fen) : null;
}

/** Whether a money fault applies to this order now; a hit is recorded (once per order and ticket). */
export async function moneyFault(
  ctx: Ctx,
  tx: Tx,
  kind: MoneyFaultKind,
  orderNo: string,
  ticketNo = '',
): Promise<boolean> {
  const faults = await tx<{ order_no: string | null; rate: number | null }[]>`
    select order_no, rate from sandbox.money_faults where kind = ${kind} and (order_no = ${orderNo} or order_no is null)`;
  if (!faults.length) return false;
  // A hit already recorded for this order and ticket stays a hit (a retried job decides the same way).
  const [prior] = await tx`select 1 from sandbox.money_fault_hits
    where kind = ${kind} and order_no = ${orderNo} and ticket_no = ${ticketNo}`;
  const hit =
    !!prior || faults.some((f) => f.order_no === orderNo || (f.rate !== null && f.rate > 0 && ctx.random() < f.rate));
  if (hit)
    await tx`insert into sandbox.money_fault_hits (kind, order_no, ticket_no) values (${kind}, ${orderNo}, ${ticketNo})
      on conflict do nothing`;
  return hit;
}

export async function addMoneyFault(ctx: Ctx, req: z.output<typeof moneyFaultRequest>) {
  const [row] = await ctx.sql<{ id: number }[]>`insert into sandbox.money_faults (kind, order_no, rate)
    values (${req.kind}, ${req.orderNo ?? null}, ${req.rate ?? null}) returning id`;
  return { id: row!.id, ...req };
}

export async function moneyFaults(ctx: Ctx) {
  const faults = await ctx.sql<{ id: number; kind: string; order_no: string | null; rate: number | null }[]>`
    select id, kind, order_no, rate from sandbox.money_faults order by id`;
  const hits = await ctx.sql<{ kind: string; order_no: string; ticket_no: string; at: Date }[]>`
    select kind, order_no, ticket_no, at from sandbox.money_fault_hits order by id`;
  return {
    faults: faults.map((f) => ({ id: f.id, kind: f.kind, orderNo: f.order_no, rate: f.rate })),
    hits: hits.map((h) => ({
      kind: h.kind,
      orderNo: h.order_no,
      ticketNo: h.ticket_no || null,
      at: h.at.toISOString(),
    })),
  };
}

export async function clearMoneyFaults(ctx: Ctx) {
  await ctx.sql`delete from sandbox.money_faults`;
  await ctx.sql`delete from sandbox.money_fault_hits`;
}

/** The statement after a line id (ascending), with the balance now. */
export async function statement(ctx: Ctx, afterId: number, limit: number, q: Q = ctx.sql) {
  const lines = await q<
    {
      id: number;
      kind: string;
      order_no: string | null;
      ticket_no: string | null;
      cha_no: string | null;
      amount_fen: string;
      balance_after_fen: string;
      transaction_no: string;
      at: Date;
    }[]
  >`select * from sandbox.balance_movements where app_key = ${ctx.opts.appKey} and id > ${afterId}
    order by id limit ${limit}`;
  const [bal] = await q<{ balance_fen: string }[]>`select balance_fen from sandbox.distributors
    where app_key = ${ctx.opts.appKey}`;
  return {
    lines: lines.map((l) => ({
      id: l.id,
      kind: l.kind,
      orderNo: l.order_no,
      ticketNo: l.ticket_no,
      chaNo: l.cha_no,
      amountFen: num(l.amount_fen),
      balanceAfterFen: num(l.balance_after_fen),
      transactionNo: l.transaction_no,
      at: l.at.toISOString(),
    })),
    balanceFen: bal ? num(bal.balance_fen) : null,
  };
}
