/**
 * The distributor balance at the provider, line by line. The panhe protocol has no balance or 流水
 * query: the money side of the FAQ is "钱从哪里来的,就回到哪里去" (juhe FAQ §17) and "线上退票 ... 退款会及时
 * 退还到您的聚合账户" (§16) — every debit (确认出票, 确认改签) and every credit (出票失败, 退票, 线下退票,
 * 改签退差价) moves the distributor's balance, and the provider's back office gives the statement of
 * those movements. The sandbox serves that statement at GET /sandbox/statement (x-app-key), which is
 * what `sandboxStatementSource` reads; a real provider's statement file would be another source.
 * Import is idempotent by the provider's line id.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { env, type Env } from '@/lib/env';
import { juheConfigFromEnv } from '@/lib/provider/adapters/juhe/config';
import { providerConfigFromEnv } from '@/lib/provider/adapters/panhe/config';
import type { ProviderId } from '@/lib/provider';

export const statementLine = z.object({
  id: z.union([z.number().int(), z.string().min(1)]).transform(String),
  kind: z.string().min(1),
  orderNo: z.string().nullable(),
  ticketNo: z.string().nullable(),
  chaNo: z.string().nullable(),
  amountFen: z.number().int(),
  balanceAfterFen: z.number().int().nullable(),
  transactionNo: z.string().nullable(),
  at: z.string().datetime({ offset: true }),
});
export type StatementLine = z.output<typeof statementLine>;

export interface StatementPage {
  lines: StatementLine[];
  /** The balance now, when the source knows it. */
  balanceFen: number | null;
}

export interface StatementSource {
  /** Whose statement (lib/provider id; default panhe). */
  provider?: string;
  /** Lines after the given line id (numeric ids ascending), up to `limit`. */
  fetch(afterId: number, limit: number): Promise<StatementPage>;
}

const statementAnswer = z.object({
  lines: z.array(statementLine),
  balanceFen: z.number().int().nullable().optional(),
});

/**
 * Where each provider's sandbox statement is: the sandbox root and the distributor key it is kept under
 * (the sandbox's control API; a real provider's statement file would be another source).
 */
const SANDBOX_STATEMENT: Record<ProviderId, (e: Env) => { root: string; key: string }> = {
  panhe: (e) => {
    const c = providerConfigFromEnv(e);
    return { root: c.baseUrl, key: c.appKey };
  },
  // The Juhe front is served under /trainTickets of the same sandbox.
  juhe: (e) => {
    const c = juheConfigFromEnv(e);
    return { root: c.baseUrl.replace(/\/trainTickets$/, ''), key: c.key };
  },
};

/** A provider's sandbox statement endpoint (GET /sandbox/statement with its key). */
export function sandboxStatementSource(e: Env = env(), provider: ProviderId = 'panhe'): StatementSource {
  const { root, key } = SANDBOX_STATEMENT[provider](e);
  return {
    provider,
    async fetch(afterId, limit) {
      const url = `${root.replace(/\/$/, '')}/sandbox/statement?afterId=${afterId}&limit=${limit}`;
      const res = await fetch(url, { headers: { 'x-app-key': key }, signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new Error(`${provider} statement: HTTP ${res.status}`);
      const parsed = statementAnswer.parse(await res.json());
      return { lines: parsed.lines, balanceFen: parsed.balanceFen ?? null };
    },
  };
}

/** One statement source per configured provider (reconciliation imports each). */
export function sandboxStatementSources(e: Env = env()): StatementSource[] {
  return e.PROVIDERS.map((p) => sandboxStatementSource(e, p));
}

/** Imports every new statement line; returns how many were new and the balance the source reported. */
export async function importStatement(
  source: StatementSource,
): Promise<{ imported: number; balanceFen: number | null }> {
  const provider = source.provider ?? 'panhe';
  const [cursor] = await db().execute<{ after: string | null }>(sql`
    select max(provider_ref::bigint)::text as after from provider_balance_movements
    where provider = ${provider} and provider_ref ~ '^[0-9]{1,18}$'`);
  let after = Number(cursor?.after ?? 0);
  let imported = 0;
  let balanceFen: number | null = null;
  for (;;) {
    const page = await source.fetch(after, 5000);
    balanceFen = page.balanceFen ?? balanceFen;
    if (!page.lines.length) break;
    const values = page.lines.map(
      (l) =>
        sql`(${l.id}, ${l.kind}, ${l.orderNo}, ${l.ticketNo}, ${l.chaNo}, ${l.amountFen}, ${l.balanceAfterFen}, ${l.transactionNo}, ${l.at}::timestamptz)`,
    );
    const inserted = await db().execute(sql`
      insert into provider_balance_movements
        (provider, provider_ref, kind, provider_order_no, ticket_no, change_no, amount_fen, balance_after_fen, transaction_no, occurred_at, order_id)
      select ${provider}, v.ref, v.kind, v.order_no, v.ticket_no, v.change_no, v.amount_fen::bigint, v.balance_after_fen::bigint,
             v.transaction_no, v.occurred_at, o.id
      from (values ${sql.join(values, sql`, `)})
        as v(ref, kind, order_no, ticket_no, change_no, amount_fen, balance_after_fen, transaction_no, occurred_at)
      left join orders o on o.provider = ${provider} and o.provider_order_no = v.order_no
      on conflict (provider, provider_ref) do nothing
      returning id`);
    imported += inserted.length;
    const ids = page.lines.map((l) => Number(l.id)).filter(Number.isFinite);
    const next = ids.length ? Math.max(...ids) : after;
    if (next <= after || page.lines.length < 5000) break;
    after = next;
  }
  // Lines imported before their order's number was known (a 创单 answer lost, then re-read) get it now.
  await db().execute(sql`
    update provider_balance_movements m set order_id = o.id
    from orders o where m.order_id is null and m.provider_order_no is not null
      and o.provider = m.provider and o.provider_order_no = m.provider_order_no`);
  return { imported, balanceFen };
}
