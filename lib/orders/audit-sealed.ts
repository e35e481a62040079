/**
 * The auditor's check that no contact mobile is at rest in clear (issue 26 item 10): every order's and
 * grab order's contact_mobile is a sealed value (lib/crypto/pii, prefix `pii1.`) with its masked copy.
 * Part of `audit()` in lib/root/audit.ts.
 */
import { and, inArray, isNotNull, ne } from 'drizzle-orm';
import { db } from '@/db/client';
import { grabOrders, orders } from '@/db/schema';
import { invariant, violate, type InvariantResult } from '@/lib/invariants';

const none = ['00000000-0000-0000-0000-000000000000'];
const SEALED = /^pii1\.[^.]+\.[^.]+\.[^.]+$/;

export async function auditSealedMobiles(orderIds?: string[], grabIds?: string[]): Promise<InvariantResult[]> {
  const r = invariant('contact mobiles sealed at rest (orders, grab orders), each with its masked copy');
  const scope = <T>(col: T, ids?: string[]) => (ids ? inArray(col as never, ids.length ? ids : none) : undefined);
  const rows = [
    ...(await db()
      .select({ id: orders.id, value: orders.contactMobile, masked: orders.contactMobileMasked })
      .from(orders)
      .where(and(isNotNull(orders.contactMobile), ne(orders.contactMobile, ''), scope(orders.id, orderIds)))),
    ...(await db()
      .select({ id: grabOrders.id, value: grabOrders.contactMobile, masked: grabOrders.contactMobileMasked })
      .from(grabOrders)
      .where(scope(grabOrders.id, grabIds))),
  ];
  for (const row of rows) {
    r.checked++;
    // The example names the row, never the value.
    if (!SEALED.test(row.value ?? '')) violate(r, `${row.id}: contact mobile stored in clear`);
    else if (!row.masked) violate(r, `${row.id}: contact mobile has no masked copy`);
  }
  return [r];
}
