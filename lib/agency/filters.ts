/** The agency orders list's filters: one zod schema for the page, the CSV export and the tests. */
import { z } from 'zod';
import { isValidDate } from '@/lib/time';
import type { AgencyOrderFilter } from './service';

const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

export const orderFilterSchema = z.object({
  status: opt(z.coerce.number().int().min(1).max(9)),
  from: opt(z.string().refine(isValidDate)),
  to: opt(z.string().refine(isValidDate)),
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
