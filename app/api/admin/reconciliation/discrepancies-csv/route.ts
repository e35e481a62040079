import { AREA_ROLES } from '@/lib/auth/roles';
import { route } from '@/lib/http';
import { discrepancyCsvRows } from '@/lib/reconcile';
import { csvResponse, rangeSchema, toDayRange } from '@/lib/reconcile/pages';

/** Discrepancies first seen in a Beijing date range (?from=&to=, default the last 14 days), all states. */
export const GET = route({ roles: AREA_ROLES.admin, input: rangeSchema }, (_req, { input }) => {
  const r = toDayRange(input);
  return csvResponse(discrepancyCsvRows({ from: r.from, to: r.to }), `discrepancies-${r.fromDay}-${r.toDay}.csv`);
});
