/**
 * The double-entry ledger of agencies' prepaid balances (DOMAIN_NOTES "Double-entry ledger"): every
 * movement is one transaction whose entries sum to zero; entries are never updated or deleted (a
 * trigger refuses it); an account's balance is the sum of its entries, cached in ledger_accounts and
 * moved in the same statement that guards it (`… WHERE balance_fen + delta >= 0` for an agency's
 * balance), so concurrent debits can never take it below zero. A transaction's `ref` names its cause
 * (top-up, hold, debit, release, refund …) and is unique: repeating a cause posts nothing.
 *
 * Accounts and the money flow of an agency order:
 *   top-up            bank → agency_balance
 *   hold at payment   agency_balance → agency_held      (refused when the balance is short)
 *   debit on issue    agency_held → provider
 *   release           agency_held → agency_balance     (issue failed, cancelled before issue)
 *   refund credit     provider → agency_balance        (exactly what the provider refunded)
 *   change difference agency_balance → provider (dearer), provider → agency_balance (cheaper)
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { ledgerAccounts, ledgerEntries, ledgerTransactions, type LedgerAccount } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { notifyLowBalance } from '@/lib/notify/agency';

type Db = ReturnType<typeof db>;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type LedgerKind = LedgerAccount['kind'];

export class InsufficientBalance extends AppError {
  constructor() {
    super('conflict', '预存款余额不足，请联系管理员充值。');
  }
}

/** The account of a kind (per agency, or the global provider/bank account), created on first use. */
export async function ledgerAccount(tx: Tx | Db, kind: LedgerKind, agencyId: string | null): Promise<LedgerAccount> {
  const where = and(
    eq(ledgerAccounts.kind, kind),
    agencyId ? eq(ledgerAccounts.agencyId, agencyId) : isNull(ledgerAccounts.agencyId),
  );
  const [found] = await tx.select().from(ledgerAccounts).where(where);
  if (found) return found;
  await tx
    .insert(ledgerAccounts)
    .values({ kind, agencyId, nonNegative: kind === 'agency_balance' || kind === 'agency_held' })
    .onConflictDoNothing();
  const [row] = await tx.select().from(ledgerAccounts).where(where);
  return row!;
}

export interface Leg {
  kind: LedgerKind;
  agencyId: string | null;
  amountFen: number;
}

export interface Posting {
  kind: string;
  ref: string;
  agencyId: string | null;
  orderId?: string | null;
  memo?: string | null;
  createdBy: string;
  legs: Leg[];
}

/** A transfer of `amountFen` from one account to another: the common two-leg transaction. */
export function transfer(from: Omit<Leg, 'amountFen'>, to: Omit<Leg, 'amountFen'>, amountFen: number): Leg[] {
  return [
    { ...from, amountFen: -amountFen },
    { ...to, amountFen },
  ];
}

/**
 * Posts a balanced transaction inside the caller's transaction. 'duplicate' when its ref was posted
 * already (nothing changes); throws InsufficientBalance (rolling the caller back) when a guarded
 * account would go below zero.
 */
export async function post(tx: Tx, p: Posting): Promise<'posted' | 'duplicate'> {
  if (p.legs.some((l) => !Number.isSafeInteger(l.amountFen))) throw new RangeError('ledger amounts are integer fen');
  if (p.legs.reduce((a, l) => a + l.amountFen, 0) !== 0) throw new RangeError(`unbalanced transaction ${p.ref}`);
  const legs = p.legs.filter((l) => l.amountFen !== 0);
  const [t] = await tx
    .insert(ledgerTransactions)
    .values({
      kind: p.kind,
      ref: p.ref,
      agencyId: p.agencyId,
      orderId: p.orderId ?? null,
      memo: p.memo ?? null,
      createdBy: p.createdBy,
    })
    .onConflictDoNothing({ target: ledgerTransactions.ref })
    .returning({ id: ledgerTransactions.id });
  if (!t) return 'duplicate';
  const accounts = await Promise.all(legs.map((l) => ledgerAccount(tx, l.kind, l.agencyId)));
  // Lock accounts in one order so two transactions over the same accounts never deadlock.
  const order = legs.map((l, i) => ({ l, a: accounts[i]! })).sort((x, y) => x.a.id.localeCompare(y.a.id));
  for (const { l, a } of order) {
    const [moved] = await tx
      .update(ledgerAccounts)
      .set({ balanceFen: sql`${ledgerAccounts.balanceFen} + ${l.amountFen}` })
      .where(
        and(
          eq(ledgerAccounts.id, a.id),
          sql`(not ${ledgerAccounts.nonNegative} or ${ledgerAccounts.balanceFen} + ${l.amountFen} >= 0)`,
        ),
      )
      .returning({ balanceFen: ledgerAccounts.balanceFen });
    if (!moved) throw new InsufficientBalance();
    const [entry] = await tx
      .insert(ledgerEntries)
      .values({ transactionId: t.id, accountId: a.id, amountFen: l.amountFen, balanceAfterFen: moved.balanceFen })
      .returning({ id: ledgerEntries.id });
    // A debit of an agency's balance that crosses an owner's threshold: the notice, in this transaction.
    if (a.kind === 'agency_balance' && a.agencyId && l.amountFen < 0)
      await notifyLowBalance(tx, {
        agencyId: a.agencyId,
        entryId: entry!.id,
        beforeFen: moved.balanceFen - l.amountFen,
        afterFen: moved.balanceFen,
      });
  }
  return 'posted';
}

/** An agency's prepaid balance (the cached sum of its entries). */
export async function agencyBalance(agencyId: string): Promise<number> {
  const [a] = await db()
    .select({ balanceFen: ledgerAccounts.balanceFen })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.kind, 'agency_balance'), eq(ledgerAccounts.agencyId, agencyId)));
  return a?.balanceFen ?? 0;
}

export interface StatementLine {
  at: Date;
  kind: string;
  memo: string | null;
  orderId: string | null;
  amountFen: number;
  balanceAfterFen: number;
}

/** An agency's statement: every movement of its balance, oldest first. */
export async function statement(agencyId: string, limit = 1000): Promise<StatementLine[]> {
  const account = await ledgerAccount(db(), 'agency_balance', agencyId);
  return db()
    .select({
      at: ledgerEntries.createdAt,
      kind: ledgerTransactions.kind,
      memo: ledgerTransactions.memo,
      orderId: ledgerTransactions.orderId,
      amountFen: ledgerEntries.amountFen,
      balanceAfterFen: ledgerEntries.balanceAfterFen,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .where(eq(ledgerEntries.accountId, account.id))
    .orderBy(ledgerEntries.id)
    .limit(limit);
}

/** Ledger invariants for the auditor: all entries sum to zero; cached balances equal their sums. */
export async function ledgerChecks(): Promise<{
  total: number;
  accounts: number;
  mismatched: string[];
  negative: string[];
}> {
  const [sum] = await db()
    .select({ total: sql<number>`coalesce(sum(${ledgerEntries.amountFen}), 0)::bigint` })
    .from(ledgerEntries);
  const rows = await db()
    .select({
      id: ledgerAccounts.id,
      kind: ledgerAccounts.kind,
      cached: ledgerAccounts.balanceFen,
      nonNegative: ledgerAccounts.nonNegative,
      summed: sql<number>`(select coalesce(sum(e.amount_fen), 0) from ledger_entries e where e.account_id = ledger_accounts.id)::bigint`,
    })
    .from(ledgerAccounts);
  return {
    total: Number(sum?.total ?? 0),
    accounts: rows.length,
    mismatched: rows.filter((r) => Number(r.summed) !== Number(r.cached)).map((r) => `${r.kind}:${r.id}`),
    negative: rows.filter((r) => r.nonNegative && Number(r.cached) < 0).map((r) => `${r.kind}:${r.id}`),
  };
}
