/** The order page's guarded definitions: pay at the gateway, pay from the agency balance, cancel. */
import { z } from 'zod';
import type { GuardedDef } from '@/lib/actions';
import { requireMember } from '@/lib/agency/access';
import { audit } from '@/lib/agency/service';
import { AREA_ROLES } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { cancelForTraveller } from '@/lib/orders/operations';
import { payFromBalance } from '@/lib/orders/balance';
import { startPayment } from '@/lib/orders/payments';
import { ownOrder } from './views';

const orderIdSchema = z.object({ orderId: z.string().uuid('订单号无效。') });

/** Starts paying at the gateway: answers the cashier URL to send the browser to. */
export const startPaymentDef = {
  roles: AREA_ROLES.traveller,
  schema: orderIdSchema,
  body: async ({ orderId }, user) => {
    const order = await ownOrder(user!, orderId);
    return startPayment(order.id, user!.id);
  },
} satisfies GuardedDef<typeof orderIdSchema, { cashierUrl: string }>;

/** Agency staff: pay a held agency order from the agency's prepaid balance. */
export const payFromBalanceDef = {
  roles: AREA_ROLES.agent,
  schema: orderIdSchema,
  body: async ({ orderId }, user) => {
    const order = await ownOrder(user!, orderId);
    const m = await requireMember(user);
    if (order.agencyId !== m.agencyId) throw new AppError('not_found', '订单不存在。');
    const out = await payFromBalance(order.id, user!.id);
    await audit(m, user!.id, 'order.pay', order.id, `${out.paidFen}`);
    return out;
  },
} satisfies GuardedDef<typeof orderIdSchema, { paidFen: number }>;

export const cancelOrderDef = {
  roles: AREA_ROLES.traveller,
  schema: orderIdSchema,
  body: async ({ orderId }, user) => {
    const order = await ownOrder(user!, orderId);
    // A repeated cancel answers as done ('已处理'); the day's last allowed cancel carries its warning.
    return cancelForTraveller(order.id, user!.id);
  },
} satisfies GuardedDef<typeof orderIdSchema, { status: number; note: string | null }>;
