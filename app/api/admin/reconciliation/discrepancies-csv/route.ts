import { AREA_ROLES } from '@/lib/auth/roles';
import { route } from '@/lib/http';
import { requestLocale } from '@/lib/i18n/request-locale';
import { discrepancyCsvRows } from '@/lib/reconcile';
import { csvResponse, rangeSchema, toDayRange } from '@/lib/reconcile/pages';
import { localizedRows } from '../localized-rows';

/** Discrepancies first seen in a Beijing date range (?from=&to=, default the last 14 days), all states. */
export const GET = route({ roles: AREA_ROLES.admin, input: rangeSchema }, async (_req, { input }) => {
  const r = toDayRange(input);
  return csvResponse(
    localizedRows(discrepancyCsvRows({ from: r.from, to: r.to }), await requestLocale(), [1, 2, 11]),
    `discrepancies-${r.fromDay}-${r.toDay}.csv`,
  );
});
