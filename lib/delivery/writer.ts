/**
 * The delivery aggregate's one writer (issue 27): `withDelivery` locks the delivery row in one
 * transaction (lib/aggregate.ts lockedStep), `DeliveryTx.move` moves it only along DELIVERY_TRANSITIONS
 * with an event per move. Its own module so that service.ts and charge.ts both use it without a cycle.
 */
import 'server-only';
import { deliveries, deliveryEvents, type Delivery } from '@/db/schema';
import { RowStep, withRow, type RowTables, type Source, type Tx } from '@/lib/aggregate';
import { canDeliveryTransition, type DeliveryState } from '@/lib/domain/delivery';

export const DELIVERY_PAY_RETURN = (orderId: string) => `/trips/${orderId}`;

const DELIVERY_TABLES: RowTables = { table: deliveries, events: deliveryEvents, owner: 'deliveryId', kind: 'delivery' };

export class DeliveryTx extends RowStep<Delivery, typeof deliveries.$inferInsert, DeliveryState> {
  constructor(tx: Tx, delivery: Delivery, source: Source, actor: string) {
    super(tx, delivery, source, actor, DELIVERY_TABLES);
  }

  get delivery(): Delivery {
    return this.row;
  }

  get state(): DeliveryState {
    return this.row.status as DeliveryState;
  }

  protected canMove(from: string, to: DeliveryState): boolean {
    return canDeliveryTransition(from as DeliveryState, to);
  }
}

/** The delivery's one writer. */
export function withDelivery<T>(
  deliveryId: string,
  source: Source,
  actor: string,
  fn: (d: DeliveryTx) => Promise<T>,
): Promise<T> {
  return withRow(
    DELIVERY_TABLES,
    deliveryId,
    '送票单不存在。',
    (tx, row: Delivery) => new DeliveryTx(tx, row, source, actor),
    fn,
  );
}
