/** The agency orders list's filters: one zod schema for the page, the CSV export and the tests. */
import { z } from 'zod';
import { isValidDate } from '@/lib/time';
import type { AgencyOrderFilter } from './service';

const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());
/**
 * A calendar day the list can filter by. A real date far out (9999-12-31) passes isValidDate, but the
 * day after it (the exclusive end of `to`) has five year digits, which `new Date` cannot read: the
 * query's bound became Invalid Date and the CSV and the page answered 500 (found by reading for the
 * signed-in fuzz run). The same bounds as the reconciliation's ranges (lib/reconcile/pages.ts).
 */
const day = z.string().refine((d) => isValidDate(d) && d >= '2000-01-01' && d <= '2099-12-31');

export const orderFilterSchema = z.object({
  status: opt(z.coerce.number().int().min(1).max(9)),
  from: opt(day),
  to: opt(day),
  staffId: opt(z.string().uuid()),
  customerId: opt(z.string().uuid()),
  train: opt(z.string().regex(/^[A-Za-z]?\d{1,5}$/)),
  orderNo: opt(z.string().regex(/^[A-Za-z0-9]{4,40}$/)),
  beforeAt: opt(z.string().datetime()),
  beforeId: opt(z.string().uuid()),
});

/** Bad filter values are dropped (the list shows everything else) rather than failing the page. */
export function parseOrderFilter(raw: Record<string, string | undefined>): AgencyOrderFilter {
  const out: AgencyOrderFilter = {};
  for (const [k, v] of Object.entries(raw)) {
    // Own keys only: `?constructor=1` or `?toString=x` would otherwise find Object.prototype's members.
    if (!Object.hasOwn(orderFilterSchema.shape, k) || v === undefined) continue;
    const one = orderFilterSchema.shape[k as keyof typeof orderFilterSchema.shape];
    const r = one.safeParse(v);
    if (r.success && r.data !== undefined) (out as Record<string, unknown>)[k] = r.data;
  }
  const o = out as AgencyOrderFilter & { beforeAt?: string; beforeId?: string };
  if (o.beforeAt && o.beforeId) o.before = { at: o.beforeAt, id: o.beforeId };
  delete o.beforeAt;
  delete o.beforeId;
  return o;
}
