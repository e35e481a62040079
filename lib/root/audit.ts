/**
 * The whole auditor: the orders' invariants and the agencies' ledger (lib/orders/audit.ts), then the
 * grab orders' own money and single success (lib/grab/audit.ts). Composed here so that orders and
 * grabs need not import each other; the order tests, `npm run chaos` and the bench call this one.
 */
import 'server-only';
import { inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { orders } from '@/db/schema';
import { auditGrabs } from '@/lib/grab/audit';
import type { InvariantResult } from '@/lib/invariants';
import { auditOrders, type AuditOptions } from '@/lib/orders/audit';
import { auditSealedMobiles } from '@/lib/orders/audit-sealed';
import { auditTrips } from '@/lib/trips/audit';
import { auditDeliveries } from '@/lib/delivery/audit';

export { formatAudit } from '@/lib/invariants';
export { unsettledCount } from '@/lib/orders/audit';

export async function audit(
  opts: AuditOptions & {
    /** Only these grab orders; default the grabs of the orders in scope (all grabs when all orders). */
    grabIds?: string[];
  } = {},
): Promise<InvariantResult[]> {
  const results = await auditOrders(opts);
  let grabIds = opts.grabIds;
  if (!grabIds && opts.orderIds) {
    const rows = opts.orderIds.length
      ? await db().select({ grabOrderId: orders.grabOrderId }).from(orders).where(inArray(orders.id, opts.orderIds))
      : [];
    grabIds = [...new Set(rows.flatMap((o) => (o.grabOrderId ? [o.grabOrderId] : [])))];
  }
  // The trips of the orders in scope (all trips when all orders): their one payment and its shares.
  let tripIds: string[] | undefined;
  if (opts.orderIds) {
    const legs = opts.orderIds.length
      ? await db().select({ tripId: orders.tripId }).from(orders).where(inArray(orders.id, opts.orderIds))
      : [];
    tripIds = [...new Set(legs.flatMap((o) => (o.tripId ? [o.tripId] : [])))];
  }
  return [
    ...results,
    ...(await auditGrabs(grabIds)),
    ...(await auditSealedMobiles(opts.orderIds, grabIds)),
    ...(await auditTrips(tripIds)),
    ...(await auditDeliveries(opts.orderIds)),
  ];
}
