import { AREA_ROLES } from '@/lib/auth/roles';
import { route } from '@/lib/http';
import { requestLocale } from '@/lib/i18n/request-locale';
import { refundLedgerCsvRows } from '@/lib/reconcile';
import { csvResponse, rangeSchema, toDayRange } from '@/lib/reconcile/pages';
import { localizedRows } from '../localized-rows';

/** The refund ledger (every money-back of the provider and what we paid back) for a Beijing date range. */
export const GET = route({ roles: AREA_ROLES.admin, input: rangeSchema }, async (_req, { input }) => {
  const r = toDayRange(input);
  return csvResponse(
    localizedRows(refundLedgerCsvRows({ from: r.from, to: r.to }), await requestLocale(), [1]),
    `refund-ledger-${r.fromDay}-${r.toDay}.csv`,
  );
});
