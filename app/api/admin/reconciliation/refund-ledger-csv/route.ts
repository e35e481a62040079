import { AREA_ROLES } from '@/lib/auth/roles';
import { route } from '@/lib/http';
import { refundLedgerCsvRows } from '@/lib/reconcile';
import { csvResponse, rangeSchema, toDayRange } from '@/lib/reconcile/pages';

/** The refund ledger (every money-back of the provider and what we paid back) for a Beijing date range. */
export const GET = route({ roles: AREA_ROLES.admin, input: rangeSchema }, (_req, { input }) => {
  const r = toDayRange(input);
  return csvResponse(refundLedgerCsvRows({ from: r.from, to: r.to }), `refund-ledger-${r.fromDay}-${r.toDay}.csv`);
});
