import type { z } from 'zod';
import { AREA_ROLES } from '@/lib/auth/guard';
import { LIVE_STATUSES, orderView, ownOrder, syncOrder } from '@/lib/booking/orders';
import { route } from '@/lib/http';
import { logError } from '@/lib/log';

/** Seconds without any provider news after which the live view re-reads the order from the provider. */
const SYNC_AFTER_MS = Number(process.env.ORDER_SYNC_AFTER_MS ?? 8000);

export const GET = route<z.ZodUndefined, { id: string }>(
  { roles: AREA_ROLES.traveller },
  async (_req, { user, params }) => {
    let order = await ownOrder(user!, params.id);
    const quietFor = Date.now() - (order.lastSyncedAt ?? order.updatedAt).getTime();
    const overdue = order.payLimitAt !== null && order.payLimitAt.getTime() <= Date.now() && order.status === 2;
    if ((LIVE_STATUSES.includes(order.status) && quietFor > SYNC_AFTER_MS) || overdue) {
      // Fallback when no callback has come: ask the provider directly.
      try {
        await syncOrder(order.id);
        order = await ownOrder(user!, params.id);
      } catch (e) {
        logError('order sync failed', e, { orderId: order.id });
      }
    }
    return orderView(order);
  },
);
