import type { z } from 'zod';
import { AREA_ROLES } from '@/lib/auth/guard';
import { LIVE_ORDER_STATUSES as LIVE_STATUSES } from '@/lib/orders/service';
import { orderView, ownOrder } from '@/lib/orders/views';
import { route } from '@/lib/http';
import { enqueue, QUEUES } from '@/lib/jobs';
import { logError } from '@/lib/log';

/** Seconds without any provider news after which a look at the order nudges the worker. */
const NUDGE_AFTER_MS = 30_000;

/**
 * The live order view's JSON. It only reads: the worker settles orders whether or not a page is
 * open; a long-quiet live order gets a sync job queued (deduplicated per order).
 */
export const GET = route<z.ZodUndefined, { id: string }>(
  { roles: AREA_ROLES.traveller },
  async (_req, { user, params }) => {
    const order = await ownOrder(user!, params.id);
    const quietFor = Date.now() - (order.lastSyncedAt ?? order.updatedAt).getTime();
    if (LIVE_STATUSES.includes(order.status) && quietFor > NUDGE_AFTER_MS) {
      await enqueue(QUEUES.sync, { orderId: order.id, attempt: 2 }, { singletonKey: order.id }).catch((e: unknown) =>
        logError('sync nudge failed', e, { orderId: order.id }),
      );
    }
    return orderView(order);
  },
);
