/**
 * The trip service: the one writer of trips (a 中转 journey or a round trip booked as one, issue 30).
 * `withTrip` locks the trip row in one transaction (lib/aggregate.ts lockedStep, the shape of withOrder
 * and withGrab), moves it only along TRIP_TRANSITIONS (lib/domain/trips.ts) with an event per move,
 * and sends its jobs with the transaction. A step that touches a leg locks the leg's order second
 * (trip, then order: the only lock order; the order service never locks a trip, it only queues
 * trip-sync when a leg moves), through the order service's OrderTx.
 *
 * Money attribution: the trip's one gateway payment (payments.trip_id, order_id null) is split, when
 * the gateway's verified notification arrives, into one share per leg (payments.order_id set,
 * share_of_payment_id = the trip payment); from there on each share is its order's money like any
 * other payment: 确认出票, a refused confirm, a ticket refund or a cancellation pay it back through the
 * order's own refund paths, to the gateway under the trip payment's number (lib/root/payments.ts).
 */
import 'server-only';
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import { db } from '@/db/client';
import { orders, tripEvents, trips, type Trip } from '@/db/schema';
import { RowStep, withRow, type RowTables, type Source, type Tx } from '@/lib/aggregate';
import { canTripTransition, nextTripStatus, TRIP_STATUS, tripPayLimit, type TripStatus } from '@/lib/domain/trips';
import { ORDER_STATUS } from '@/lib/domain/states';
import { enqueue, QUEUES } from '@/lib/jobs';
import { OrderTx } from '@/lib/orders/service';

const TRIP_TABLES: RowTables = { table: trips, events: tripEvents, owner: 'tripId', kind: 'trip' };

export class TripTx extends RowStep<Trip, typeof trips.$inferInsert, TripStatus> {
  constructor(tx: Tx, trip: Trip, source: Source, actor: string) {
    super(tx, trip, source, actor, TRIP_TABLES);
  }

  get trip(): Trip {
    return this.row;
  }

  protected canMove(from: string, to: TripStatus): boolean {
    return canTripTransition(from, to);
  }

  /** The trip's legs, each locked after the trip as an order-service step (leg 1 first). */
  async lockLegs(): Promise<OrderTx[]> {
    const rows = await this.tx
      .select()
      .from(orders)
      .where(eq(orders.tripId, this.trip.id))
      .orderBy(asc(orders.tripLeg))
      .for('update');
    return rows.map((order) => {
      const o = new OrderTx(this.tx, order, this.source, this.actor);
      this.inner.push(o); // its events and jobs are written when this step finishes
      return o;
    });
  }
}

/** The trip's one writer (the same shape as withOrder / withGrab). */
export function withTrip<T>(tripId: string, source: Source, actor: string, fn: (t: TripTx) => Promise<T>): Promise<T> {
  return withRow(TRIP_TABLES, tripId, '行程不存在。', (tx, trip: Trip) => new TripTx(tx, trip, source, actor), fn);
}

const legName = (o: OrderTx) => `第${o.order.tripLeg ?? '?'}程 ${o.order.trainCode}`;

/**
 * A leg the trip no longer wants (the other leg failed, the trip was cancelled): nothing was paid for
 * it; its hold is cancelled at the provider (the expire job, at once; a hold still 占位中 is cancelled
 * once it is held, by the trip-sync its move queues). A payment arriving meanwhile is paid back as
 * unneeded (the order's cancel request makes it so).
 */
async function giveUp(o: OrderTx, why: string): Promise<void> {
  const live = o.order.status === ORDER_STATUS.HOLDING || o.order.status === ORDER_STATUS.HELD;
  if (!live || o.order.paymentStatus !== 'unpaid') return;
  if (!o.order.cancelRequestedAt) {
    await o.patchOrder({ cancelRequestedAt: new Date(), failureReason: why });
    o.changed = true;
    o.event('order', o.order.id, o.order.status, o.order.status, `${why}，取消占座（未扣款）`);
  }
  if (o.order.status === ORDER_STATUS.HELD)
    o.enqueue(QUEUES.expire, { orderId: o.order.id }, { singletonKey: `trip-giveup:${o.order.id}` });
}

/** Why the trip ended, in plain words, from its legs. */
function endReason(legs: OrderTx[], status: TripStatus): string {
  const bad =
    legs.find((o) => o.order.status === ORDER_STATUS.HOLD_FAILED) ??
    legs.find((o) => o.order.status === ORDER_STATUS.CANCELLED);
  const others = legs.filter((o) => o !== bad).map(legName);
  const what = status === TRIP_STATUS.FAILED ? '占座失败' : '已取消';
  const reason = bad?.order.failureReason ? `：${bad.order.failureReason}` : '';
  const tail = others.length ? `；${others.join('、')} 已一并取消，未扣款` : '';
  return `${bad ? legName(bad) : '行程'} ${what}${reason}${tail}。`;
}

/**
 * The trip follows its legs (the trip-sync job, queued whenever a leg moves; idempotent): both held →
 * 待支付 with the earlier pay-by time; a leg's hold failed or the leg was cancelled before payment →
 * the trip fails (or is cancelled) and the other leg is given up; after payment, the legs' outcomes.
 */
export async function syncTrip(tripId: string, source: Source = 'job'): Promise<string> {
  return withTrip(tripId, source, 'worker', async (t) => {
    const legs = await t.lockLegs();
    if (!legs.length) return t.trip.status;
    const next = nextTripStatus(
      t.trip.status,
      legs.map((o) => o.order),
    );
    if (next === TRIP_STATUS.HELD) {
      const totalFen = legs.reduce((a, o) => a + o.order.totalFen, 0);
      const payLimitAt = tripPayLimit(legs.map((o) => o.order.payLimitAt));
      await t.move(next, '两程均已占座，请在支付时限前统一支付', { totalFen, payLimitAt });
    } else if (next === TRIP_STATUS.FAILED || next === TRIP_STATUS.CANCELLED) {
      const why = endReason(legs, next);
      await t.move(next, why, { failureReason: why });
    } else if (next) {
      const note =
        next === TRIP_STATUS.ISSUED
          ? '两程均已出票'
          : next === TRIP_STATUS.PARTIAL
            ? `${legs
                .filter((o) => o.order.status !== ORDER_STATUS.ISSUED)
                .map(legName)
                .join('、')} 未能出票，票款原路退回`
            : '两程均未能出票，票款原路退回';
      await t.move(next, note);
    }
    // A trip that ended before payment gives up every leg still holding a seat (again after a crash,
    // or when a leg that was 占位中 has since been held).
    if (t.trip.status === TRIP_STATUS.FAILED || t.trip.status === TRIP_STATUS.CANCELLED)
      for (const o of legs) await giveUp(o, t.trip.status === TRIP_STATUS.FAILED ? '联程另一程占座失败' : '行程已取消');
    return t.trip.status;
  });
}

/** Trips still moving with no news for a while: a trip-sync each (the minute's safety net). */
export async function sweepTrips(now = new Date()): Promise<number> {
  const stale = await db()
    .select({ id: trips.id })
    .from(trips)
    .where(
      and(
        inArray(trips.status, [TRIP_STATUS.HOLDING, TRIP_STATUS.HELD, TRIP_STATUS.PAID]),
        lt(trips.updatedAt, new Date(now.getTime() - 60_000)),
      ),
    )
    .limit(500);
  for (const t of stale) await enqueue(QUEUES.tripSync, { tripId: t.id }, { singletonKey: `sweep:${t.id}` });
  return stale.length;
}
