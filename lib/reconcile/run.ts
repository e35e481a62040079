/**
 * A reconciliation run: import the provider's statement, compare the four sides over the orders with
 * money activity (checks.ts), record each finding once per (reason, order, subject) — a re-run updates
 * it, never duplicates it — and resolve what a later run no longer finds (through the one writer,
 * state.ts). Runs are serialized by an advisory lock (the daily job and an admin's hand start).
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { reconDiscrepancyEvents, reconRuns, type ReconRun } from '@/db/schema';
import { env } from '@/lib/env';
import { buildScope, runChecks } from './checks';
import { reconConfig } from './config';
import { moveDiscrepancy } from './state';
import { importStatement, sandboxStatementSources, type StatementSource } from './statement';
import { logInfo } from '@/lib/log';

export interface RunOptions {
  /** The run's clock (default now): "missing after N hours" counts back from it. */
  now?: Date;
  /** Who started it: a user id, or 'worker' for the daily job. */
  actor: string;
  trigger?: 'schedule' | 'manual' | 'test';
  /** Where the provider's statement comes from (one source or one per provider); null: do not import (use what is stored). */
  statement?: StatementSource | StatementSource[] | null;
  /** Overrides of RECON_REFUND_MISSING_HOURS / RECON_LOOKBACK_DAYS. */
  missingAfterHours?: number;
  lookbackDays?: number;
}

export interface RunResult {
  run: ReconRun;
  /** Keys of this run's findings (reason, order, subject), for harnesses and tests. */
  findings: { id: string; reason: string; orderId: string; subjectKey: string; opened: boolean }[];
}

const AUTO_ACTOR = 'reconciliation';

export async function runReconciliation(opts: RunOptions): Promise<RunResult> {
  const cfg = reconConfig();
  const asOf = opts.now ?? new Date();
  const missingAfterHours = opts.missingAfterHours ?? cfg.missingAfterHours;
  const lookbackDays = opts.lookbackDays ?? cfg.lookbackDays;
  const [started] = await db()
    .insert(reconRuns)
    .values({ trigger: opts.trigger ?? 'manual', actor: opts.actor, asOf, missingAfterHours })
    .returning();
  const runId = started!.id;
  let importError: string | null = null;
  let imported = 0;
  let balanceFen: number | null = null;
  // RECON_STATEMENT=off: a provider without a statement source (the other three sides still compare).
  const given =
    opts.statement !== undefined ? opts.statement : env().RECON_STATEMENT === 'off' ? null : sandboxStatementSources();
  const sources = given === null ? [] : Array.isArray(given) ? given : [given];
  // Per provider: each statement is imported on its own; one unreadable statement is this run's error,
  // and the balance recorded is the sum of the balances the providers reported.
  for (const source of sources) {
    try {
      const r = await importStatement(source);
      imported += r.imported;
      if (r.balanceFen !== null) balanceFen = (balanceFen ?? 0) + r.balanceFen;
    } catch (e) {
      const why = `${source.provider ?? 'panhe'} 供应商账户流水读取失败：${e instanceof Error ? e.message : String(e)}`;
      importError = importError ? `${importError}；${why}` : why;
    }
  }
  try {
    const findings = await db().transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('recon-run'))`);
      const t0 = performance.now();
      const orders = await buildScope(tx, new Date(asOf.getTime() - lookbackDays * 86_400_000));
      if (env().RECON_PROFILE) logInfo('recon profile', { step: 'scope', ms: Math.round(performance.now() - t0) });
      const cutoff = new Date(asOf.getTime() - missingAfterHours * 3_600_000);
      const { findings, tickets } = await runChecks(tx, { cutoff, missingAfterHours });
      const recorded: RunResult['findings'] = [];
      for (const f of findings) {
        const [row] = await tx.execute<{ id: string; inserted: boolean }>(sql`
          insert into recon_discrepancies
            (reason, order_id, ticket_id, change_order_id, subject_key, expected_fen, reported_fen, provider_moved_fen,
             paid_back_fen, detail, first_seen_run, last_seen_run)
          values (${f.reason}, ${f.orderId}, ${f.ticketId}, ${f.changeOrderId}, ${f.subjectKey}, ${f.expectedFen},
                  ${f.reportedFen}, ${f.providerMovedFen}, ${f.paidBackFen}, ${f.detail}, ${runId}, ${runId})
          on conflict (reason, order_id, subject_key) do update set
            expected_fen = excluded.expected_fen, reported_fen = excluded.reported_fen,
            provider_moved_fen = excluded.provider_moved_fen, paid_back_fen = excluded.paid_back_fen,
            detail = excluded.detail, last_seen_run = excluded.last_seen_run, last_seen_at = now()
          returning id, (xmax = 0) as inserted`);
        if (!row) continue;
        if (row.inserted)
          await tx.insert(reconDiscrepancyEvents).values({
            discrepancyId: row.id,
            fromState: null,
            toState: 'open',
            actor: AUTO_ACTOR,
            note: f.detail,
            runId,
          });
        recorded.push({
          id: row.id,
          reason: f.reason,
          orderId: f.orderId,
          subjectKey: f.subjectKey,
          opened: row.inserted,
        });
      }
      // Open or explained, in this run's scope, and not found again: the money has been settled. Not
      // when the statement could not be read (what it would have shown is unknown).
      const gone = importError
        ? []
        : await tx.execute<{ id: string }>(sql`
        select d.id from recon_discrepancies d join recon_scope s on s.order_id = d.order_id
        where d.state <> 'resolved' and d.last_seen_run <> ${runId}`);
      for (const g of gone)
        await moveDiscrepancy(tx, g.id, 'resolved', '对账复核：差异已不存在（款项已到账或已更正）', AUTO_ACTOR, runId);
      await tx
        .update(reconRuns)
        .set({
          ordersChecked: orders,
          ticketsChecked: tickets,
          found: recorded.length,
          opened: recorded.filter((r) => r.opened).length,
          autoResolved: gone.length,
        })
        .where(eq(reconRuns.id, runId));
      return recorded;
    });
    const [run] = await db()
      .update(reconRuns)
      .set({
        status: 'done',
        finishedAt: new Date(),
        movementsImported: imported,
        providerBalanceFen: balanceFen,
        error: importError,
      })
      .where(eq(reconRuns.id, runId))
      .returning();
    return { run: run!, findings };
  } catch (e) {
    await db()
      .update(reconRuns)
      .set({
        status: 'failed',
        finishedAt: new Date(),
        movementsImported: imported,
        error: [importError, e instanceof Error ? e.message : String(e)].filter(Boolean).join('；'),
      })
      .where(eq(reconRuns.id, runId));
    throw e;
  }
}
