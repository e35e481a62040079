/**
 * The delivery aggregate's one writer (issue 27): `withDelivery` locks the delivery row in one
 * transaction (lib/aggregate.ts lockedStep), `DeliveryTx.move` moves it only along DELIVERY_TRANSITIONS
 * with an event per move. Its own module so that service.ts and charge.ts both use it without a cycle.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { deliveries, deliveryEvents, type Delivery } from '@/db/schema';
import { lockedStep, StepJobs, type Source, type Tx } from '@/lib/aggregate';
import { canDeliveryTransition, type DeliveryState } from '@/lib/domain/delivery';

export const DELIVERY_PAY_RETURN = (orderId: string) => `/trips/${orderId}`;

export class DeliveryTx extends StepJobs {
  constructor(
    readonly tx: Tx,
    public delivery: Delivery,
    readonly source: Source,
    readonly actor: string,
  ) {
    super();
  }

  async event(kind: string, from: string | null, to: string | null, note?: string | null): Promise<void> {
    await this.tx.insert(deliveryEvents).values({
      deliveryId: this.delivery.id,
      kind,
      fromStatus: from,
      toStatus: to,
      source: this.source,
      actor: this.actor,
      note: note ?? null,
    });
  }

  async patch(patch: Partial<typeof deliveries.$inferInsert>): Promise<void> {
    const [row] = await this.tx
      .update(deliveries)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(deliveries.id, this.delivery.id))
      .returning();
    if (row) this.delivery = row;
    this.changed = true;
  }

  get state(): DeliveryState {
    return this.delivery.status as DeliveryState;
  }

  /** Moves to `to` when the table allows it from here; false (nothing changed) otherwise. */
  async move(to: DeliveryState, note?: string | null, patch: Partial<typeof deliveries.$inferInsert> = {}) {
    const from = this.state;
    if (!canDeliveryTransition(from, to)) return false;
    const [row] = await this.tx
      .update(deliveries)
      .set({ ...patch, status: to, updatedAt: sql`now()` })
      .where(and(eq(deliveries.id, this.delivery.id), eq(deliveries.status, from)))
      .returning();
    if (!row) return false;
    this.delivery = row;
    this.changed = true;
    await this.event('delivery', from, to, note);
    return true;
  }
}

/** The delivery's one writer. */
export function withDelivery<T>(
  deliveryId: string,
  source: Source,
  actor: string,
  fn: (d: DeliveryTx) => Promise<T>,
): Promise<T> {
  return lockedStep(
    async (tx) => (await tx.select().from(deliveries).where(eq(deliveries.id, deliveryId)).for('update'))[0],
    '送票单不存在。',
    (tx, row) => new DeliveryTx(tx, row, source, actor),
    fn,
  );
}
