/**
 * The 送票 pages' guarded definitions (lib/actions.ts: session → role → zod → body). Every one
 * re-checks ownership: a traveller's own addresses and orders, an agency member's customers and agency
 * orders (lib/agency/access.ts), admins see everything through the admin list only. Other people's
 * deliveries answer 404 with no hint they exist.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { customers, deliveries, type Delivery } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { membershipOf } from '@/lib/agency/access';
import { AREA_ROLES, type SessionUser } from '@/lib/auth/roles';
import type { CancelQuote } from '@/lib/domain/delivery';
import { AppError } from '@/lib/errors';
import { ownOrder } from '@/lib/orders/views';
import { addAddress, addressInput, listAddresses, removeAddress, type MaskedAddress } from './addresses';
import {
  cancelDelivery,
  cancelQuoteOf,
  interceptDelivery,
  payFeeFromBalance,
  requestDelivery,
  startFeePayment,
  syncShipment,
  type CancelOutcome,
} from './service';
import { deliveriesOfOrder, deliveryView, type DeliveryView } from './views';
import { startCancelChargePayment } from './charge';

const uuid = (what: string) => z.string().uuid(`${what}无效。`);

/** A delivery the caller may act on: of an order they may see (own, or their agency's). */
export async function ownDelivery(user: SessionUser, deliveryId: string): Promise<Delivery> {
  const parsed = z.string().uuid().safeParse(deliveryId);
  if (!parsed.success) throw new AppError('not_found', '送票单不存在。');
  const [d] = await db().select().from(deliveries).where(eq(deliveries.id, parsed.data));
  if (!d) throw new AppError('not_found', '送票单不存在。');
  await ownOrder(user, d.orderId).catch(() => {
    throw new AppError('not_found', '送票单不存在。');
  });
  return d;
}

/** An agency customer of the caller's agency. */
async function ownCustomer(user: SessionUser, customerId: string): Promise<{ customerId: string; agencyId: string }> {
  const m = await membershipOf(user.id);
  if (!m) throw new AppError('forbidden', '只有机构成员可以管理客户的地址。');
  const [c] = await db()
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.agencyId, m.agencyId)));
  if (!c) throw new AppError('not_found', '客户不存在。');
  return { customerId: c.id, agencyId: m.agencyId };
}

// ---- address book -----------------------------------------------------------------------------------

const empty = z.object({});
export const listMyAddressesDef = {
  roles: AREA_ROLES.traveller,
  schema: empty,
  body: async (_i, user) => listAddresses({ userId: user!.id }),
} satisfies GuardedDef<typeof empty, MaskedAddress[]>;

export const addMyAddressDef = {
  roles: AREA_ROLES.traveller,
  schema: addressInput,
  body: async (input, user) => addAddress({ userId: user!.id }, input),
} satisfies GuardedDef<typeof addressInput, MaskedAddress>;

const addressIdSchema = z.object({ addressId: uuid('地址') });
export const removeMyAddressDef = {
  roles: AREA_ROLES.traveller,
  schema: addressIdSchema,
  body: async ({ addressId }, user) => removeAddress({ userId: user!.id }, addressId),
} satisfies GuardedDef<typeof addressIdSchema, void>;

const customerSchema = z.object({ customerId: uuid('客户') });
export const listCustomerAddressesDef = {
  roles: AREA_ROLES.agent,
  schema: customerSchema,
  body: async ({ customerId }, user) => listAddresses(await ownCustomer(user!, customerId)),
} satisfies GuardedDef<typeof customerSchema, MaskedAddress[]>;

const customerAddressSchema = addressInput.extend({ customerId: uuid('客户') });
export const addCustomerAddressDef = {
  roles: AREA_ROLES.agent,
  schema: customerAddressSchema,
  body: async ({ customerId, ...input }, user) => addAddress(await ownCustomer(user!, customerId), input),
} satisfies GuardedDef<typeof customerAddressSchema, MaskedAddress>;

const customerAddressIdSchema = z.object({ customerId: uuid('客户'), addressId: uuid('地址') });
export const removeCustomerAddressDef = {
  roles: AREA_ROLES.agent,
  schema: customerAddressIdSchema,
  body: async ({ customerId, addressId }, user) => removeAddress(await ownCustomer(user!, customerId), addressId),
} satisfies GuardedDef<typeof customerAddressIdSchema, void>;

// ---- delivery ---------------------------------------------------------------------------------------

const requestSchema = z.object({
  orderId: uuid('订单号'),
  addressId: uuid('地址'),
  speed: z.enum(['standard', 'express'], { error: '请选择配送方式' }),
});
/** 申请送票 on an issued order the caller may see (own, or the agency's for its customer). */
export const requestDeliveryDef = {
  roles: AREA_ROLES.traveller,
  schema: requestSchema,
  body: async (input, user) => {
    const order = await ownOrder(user!, input.orderId);
    return requestDelivery({ ...input, orderId: order.id, actor: user!.id });
  },
} satisfies GuardedDef<typeof requestSchema, { deliveryId: string; created: boolean }>;

const deliverySchema = z.object({ deliveryId: uuid('送票单号') });

/** Pay the fee: the gateway's cashier (a traveller) or the agency's balance. */
export const payDeliveryFeeDef = {
  roles: AREA_ROLES.traveller,
  schema: deliverySchema,
  body: async ({ deliveryId }, user) => {
    const d = await ownDelivery(user!, deliveryId);
    if (d.payWith === 'balance') {
      await payFeeFromBalance(d.id, user!.id);
      return { cashierUrl: null };
    }
    return startFeePayment(d.id, user!.id);
  },
} satisfies GuardedDef<typeof deliverySchema, { cashierUrl: string | null }>;

export const deliveryViewDef = {
  roles: AREA_ROLES.traveller,
  schema: deliverySchema,
  body: async ({ deliveryId }, user) => deliveryView(await ownDelivery(user!, deliveryId)),
} satisfies GuardedDef<typeof deliverySchema, DeliveryView>;

export const refreshDeliveryDef = {
  roles: AREA_ROLES.traveller,
  schema: deliverySchema,
  body: async ({ deliveryId }, user) => {
    const d = await ownDelivery(user!, deliveryId);
    await syncShipment(d.id).catch(() => false);
    return deliveryView(await ownDelivery(user!, deliveryId));
  },
} satisfies GuardedDef<typeof deliverySchema, DeliveryView>;

/** The exact charge of 取消送票 now (shown before confirming). */
export const cancelQuoteDef = {
  roles: AREA_ROLES.traveller,
  schema: deliverySchema,
  body: async ({ deliveryId }, user) => cancelQuoteOf(await ownDelivery(user!, deliveryId)),
} satisfies GuardedDef<typeof deliverySchema, CancelQuote>;

const cancelSchema = deliverySchema.extend({
  confirmedChargeFen: z.coerce.number({ error: '费用无效' }).int('费用无效').min(0, '费用无效'),
});
/** 取消送票 with the charge the caller saw: a changed charge is refused, a repeat answers 已处理. */
export const cancelDeliveryDef = {
  roles: AREA_ROLES.traveller,
  schema: cancelSchema,
  body: async ({ deliveryId, confirmedChargeFen }, user) => {
    const d = await ownDelivery(user!, deliveryId);
    return cancelDelivery(d.id, confirmedChargeFen, user!.id);
  },
} satisfies GuardedDef<typeof cancelSchema, CancelOutcome>;

/** 支付取消费用: reopens the gateway cashier for a cancel's fare charge (travellers; agencies pay from the balance). */
export const payCancelChargeDef = {
  roles: AREA_ROLES.traveller,
  schema: deliverySchema,
  body: async ({ deliveryId }, user) => startCancelChargePayment((await ownDelivery(user!, deliveryId)).id),
} satisfies GuardedDef<typeof deliverySchema, { cashierUrl: string }>;

/** 拦截物流 (配送中 only; may fail). */
export const interceptDeliveryDef = {
  roles: AREA_ROLES.traveller,
  schema: deliverySchema,
  body: async ({ deliveryId }, user) => interceptDelivery((await ownDelivery(user!, deliveryId)).id, user!.id),
} satisfies GuardedDef<typeof deliverySchema, { message: string }>;

const orderSchema = z.object({ orderId: uuid('订单号') });

export interface OrderDeliveries {
  deliveries: DeliveryView[];
  /** The addresses a new delivery may go to: the traveller's own, or the agency customer's. */
  addresses: MaskedAddress[];
  /** An agency order: the fee comes from the agency's balance. */
  agencyOrder: boolean;
}

/** The order page's 送票 panel: its deliveries and the addresses to choose from. */
export const orderDeliveriesDef = {
  roles: AREA_ROLES.traveller,
  schema: orderSchema,
  body: async ({ orderId }, user) => {
    const order = await ownOrder(user!, orderId);
    const addresses =
      order.customerId && order.agencyId
        ? await listAddresses({ customerId: order.customerId, agencyId: order.agencyId })
        : await listAddresses({ userId: order.userId });
    return { deliveries: await deliveriesOfOrder(order.id), addresses, agencyOrder: !!order.agencyId };
  },
} satisfies GuardedDef<typeof orderSchema, OrderDeliveries>;
