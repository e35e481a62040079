/**
 * What the traveller owes for a held 改签 (read by the change flow, the agency balance payer and the
 * order view): its own module so that lib/orders/changes.ts and lib/orders/balance.ts need not import
 * each other.
 */
import 'server-only';
import { inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { orderTickets, type ChangeOrder } from '@/db/schema';

/** The part of the provider's later refund already counted in what the traveller pays (dearer only). */
export function travellerCredit(priceChangeType: number | null, originalFen: number): number {
  return priceChangeType === 1 ? originalFen : 0;
}

async function coveredOriginalFen(change: ChangeOrder): Promise<number> {
  const rows = await db()
    .select({ priceFen: orderTickets.priceFen })
    .from(orderTickets)
    .where(inArray(orderTickets.id, change.ticketIds));
  return rows.reduce((a, r) => a + r.priceFen, 0);
}

/** What the traveller owes us for a held change before it may be confirmed. */
export async function travellerDue(change: ChangeOrder): Promise<number> {
  const credit = travellerCredit(change.priceChangeType, await coveredOriginalFen(change));
  return Math.max(0, (change.needPayFen ?? 0) - credit - change.paidFen);
}
