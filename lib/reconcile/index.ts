/**
 * Refund reconciliation (issue 12): did every refund, change difference and failed issue come back
 * from the provider, for the right amount, and did every traveller or agency get theirs?
 *
 * API (server only; callers authorize — pages with requirePageRole(['admin']), actions in actions.ts):
 *   runReconciliation({ now?, actor, trigger?, statement?, missingAfterHours?, lookbackDays? })
 *       → { run, findings }  import the provider statement, compare, record, auto-resolve. Daily job
 *       QUEUES.reconcile (lib/jobs) and the admin action startReconciliation (actions.ts).
 *   listDiscrepancies({ state?: 'unresolved'(default)|'all'|ReconState, reason?, from?, to?, q? },
 *                     { page?, pageSize? }) → { rows: DiscrepancyRow[], total, page, pageSize }
 *   discrepancyDetail(id) → DiscrepancyDetail | null: the row, order, ticket, the sides
 *       { expectedFen, reportedFen, providerMovedFen, paidBackFen }, state events (who/when/why) and the
 *       order's money timeline (callbacks with their ids for replay, order events/syncs, ticket refunds,
 *       changes, payments, payment_refunds, ledger, provider statement lines).
 *   setDiscrepancyState(id, 'explained'|'resolved', note, actor) — the one writer (RECON_TRANSITIONS
 *       in lib/domain/recon: open → explained → resolved, open → resolved); AppError on a refused move.
 *   dashboardStats({ from, to }) → per Beijing day refunds/amounts/fees/change refunds/paid back,
 *       unresolved discrepancies by reason, money in flight, last run. Whole days come from recon_daily
 *       (kept by triggers in the writers' transactions, migration 0014), the ends of the range live.
 *   listRuns(limit?) → the latest runs.
 *   discrepancyCsvRows({ from, to }), refundLedgerCsvRows({ from, to }) → AsyncGenerator<string[]>
 *       (header row first; yuan with 2 decimals, Beijing times) for csv-stringify.
 * Cheaper 改签: the 退差价 expected from the fee rules (checks.ts expectedChangeRefund) vs reported vs moved.
 * Money is integer fen; reasons and labels in lib/domain/recon (RECON_REASONS, reconReasonLabel).
 * "Missing after N hours": RECON_REFUND_MISSING_HOURS (default 24); scope RECON_LOOKBACK_DAYS (45).
 * The provider statement is read from the sandbox's GET /sandbox/statement unless RECON_STATEMENT=off;
 * RECON_PROFILE=1 logs the time of each comparison (at info).
 */
export { runReconciliation, type RunOptions, type RunResult } from './run';
export {
  listDiscrepancies,
  discrepancyDetail,
  orderTimeline,
  dashboardStats,
  listRuns,
  discrepancyCsvRows,
  refundLedgerCsvRows,
  type DiscrepancyFilters,
  type DiscrepancyRow,
  type DiscrepancyDetail,
  type DashboardStats,
  type DateRange,
  type PageRequest,
  type TimelineItem,
  type TimelineKind,
} from './queries';
export { setDiscrepancyState, type StateChange } from './state';
export {
  importStatement,
  sandboxStatementSource,
  sandboxStatementSources,
  type StatementSource,
  type StatementLine,
} from './statement';
export { reconConfig, type ReconConfig } from './config';
